//! Values the OpenAPI document lists for string fields and parameters (documentation only).
#![allow(dead_code, reason = "documentation only: these enums are never built")]

/// Weekdays (documentation only).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum WeekdayDto {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

// The codes of the domain's enums, listed from the enums themselves, so the document cannot
// fall behind a new value.
crate::code::domain_codes! {
    ActivityStatusDto = crate::activity::ActivityStatus, "Lifecycle states (documentation only).";
    SortDto = crate::activity_search::ActivitySort, "Search orders (documentation only).";
    TargetGroupDto = crate::activity::TargetGroup, "Target groups (documentation only).";
    OrganisationKindDto = crate::organisation::OrganisationKind,
        "Kinds of organisation (documentation only; the field is validated with the others).";
    CommitmentDto = crate::volunteering::Commitment, "Commitment kinds (documentation only).";
    OpportunityStatusDto = crate::volunteering::OpportunityStatus,
        "Opportunity states (documentation only).";
    SignupStatusDto = crate::volunteering::SignupStatus, "Sign-up states (documentation only).";
    MailKindDto = crate::mail::MailKind, "What a message is about (documentation only).";
    MailStatusDto = crate::mail::MailStatus, "Where a message is (documentation only).";
}
