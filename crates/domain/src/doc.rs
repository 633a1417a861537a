//! Values the OpenAPI document lists for string fields and parameters (documentation only).
#![allow(dead_code, reason = "documentation only: these enums are never built")]

use crate::activity::TargetGroup;
use crate::volunteering::{Commitment, OpportunityStatus};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// Declares a documentation-only string type whose values are a domain enum's codes, so
/// the document lists exactly what the API accepts.
macro_rules! domain_codes {
    ($($name:ident = $domain:ty, $description:literal;)+) => {$(
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let codes = <$domain>::ALL.map(<$domain>::as_str);
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .description(Some($description))
                    .enum_values(Some(codes))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}

domain_codes! {
    TargetGroupDto = TargetGroup, "Target groups (documentation only).";
    CommitmentDto = Commitment, "Commitment kinds (documentation only).";
    OpportunityStatusDto = OpportunityStatus, "Opportunity states (documentation only).";
}

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

/// Search orders (documentation only).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum SortDto {
    Relevance,
    Title,
    Updated,
    Distance,
}

/// Kinds of organisation (documentation only; the field is validated with the others).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum OrganisationKindDto {
    Association,
    VolunteerCentre,
    MunicipalService,
    SocialEnterprise,
    Other,
}

/// Sign-up states (documentation only).
#[derive(utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum SignupStatusDto {
    New,
    Contacted,
    Accepted,
    Declined,
    Withdrawn,
}
