//! The activity as the API shows and takes it.

use chrono::{DateTime, Utc};
use fritid_domain::activity::{
    AccessibilityInput, Activity, ContactInput, PriceInput, RegistrationInput, VenueInput,
};
use fritid_domain::schedule::{MAX_WINDOW_DAYS, ScheduleRule, ScheduleRuleInput, expand};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub use fritid_app::query::doc::{SortDto, WeekdayDto};
pub use fritid_domain::activity::TargetGroupDto;

// ---------------------------------------------------------------------------------------
// DTOs

/// Lifecycle states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ActivityStatusDto {
    Draft,
    Published,
    Unpublished,
    Deleted,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub name: String,
}

/// One dated session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    #[serde(serialize_with = "crate::json_time::utc")]
    pub starts_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::json_time::utc")]
    pub ends_at: DateTime<Utc>,
}

/// An activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: Uuid,
    pub organisation: OrganisationRef,
    #[schema(value_type = ActivityStatusDto)]
    pub status: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
    pub district: String,
    pub venue: VenueInput,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    #[schema(value_type = Vec<TargetGroupDto>)]
    pub target_groups: Vec<String>,
    pub price: PriceInput,
    pub registration: RegistrationInput,
    pub capacity: Option<i32>,
    pub languages: Vec<String>,
    pub accessibility: AccessibilityInput,
    pub contact: ContactInput,
    pub schedule: Vec<ScheduleRuleInput>,
    /// The next sessions (up to three, within 93 days).
    pub next_occurrences: Vec<SessionDto>,
    /// Great-circle distance from `near`, in search results that asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub version: i32,
    #[serde(serialize_with = "crate::json_time::utc")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::json_time::utc")]
    pub updated_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::json_time::opt_utc")]
    pub published_at: Option<DateTime<Utc>>,
}

/// How far ahead [`next_sessions`] looks first.
const SHORT_WINDOW_DAYS: i64 = 22;

fn next_sessions(rules: &[ScheduleRule], now: DateTime<Utc>) -> Vec<SessionDto> {
    // Three weeks hold three sessions of most activities: expanding the whole window for
    // every result was a tenth of a search's CPU. Sessions come in order, so the first three
    // of the short window are the first three of the long one.
    let soon = expand(rules, now, now + chrono::Duration::days(SHORT_WINDOW_DAYS));
    let sessions = if soon.len() >= 3 {
        soon
    } else {
        expand(rules, now, now + chrono::Duration::days(MAX_WINDOW_DAYS))
    };
    sessions
        .into_iter()
        .take(3)
        .map(|o| SessionDto { starts_at: o.starts_at, ends_at: o.ends_at })
        .collect()
}

impl ActivityDto {
    pub(crate) fn new(a: &Activity, distance_km: Option<f64>, now: DateTime<Utc>) -> Self {
        let d = &a.details;
        let i = d.to_input();
        Self {
            id: a.id,
            organisation: OrganisationRef {
                id: a.organisation_id,
                name: a.organisation_name.clone(),
            },
            status: a.status.as_str().to_owned(),
            title: i.title,
            summary: i.summary,
            description: i.description,
            categories: i.categories,
            district: i.district,
            venue: i.venue,
            age_min: d.age_min,
            age_max: d.age_max,
            target_groups: i.target_groups,
            price: i.price,
            registration: i.registration,
            capacity: d.capacity,
            languages: i.languages,
            accessibility: i.accessibility,
            contact: i.contact,
            schedule: i.schedule,
            next_occurrences: next_sessions(&d.schedule, now),
            distance_km: distance_km.map(|k| (k * 1000.0).round() / 1000.0),
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published_at,
        }
    }
}
