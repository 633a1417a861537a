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
