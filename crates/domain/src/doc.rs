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

// The code lists of the domain's enums, declared with each enum (`codes!`), so the document
// lists exactly the codes the API takes.
pub use crate::activity::{ActivityStatusDto, TargetGroupDto};
pub use crate::activity_search::SortDto;
pub use crate::mail::{MailKindDto, MailStatusDto};
pub use crate::organisation::OrganisationKindDto;
pub use crate::volunteering::{CommitmentDto, OpportunityStatusDto, SignupStatusDto};
