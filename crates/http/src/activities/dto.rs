//! The activity as the API shows and takes it.

use chrono::{DateTime, Utc};
use fritid_domain::activity::{
    AccessibilityInput, Activity, ActivityInput, ContactInput, PriceInput, RegistrationInput,
    VenueInput,
};
use fritid_domain::schedule::{MAX_WINDOW_DAYS, ScheduleRule, ScheduleRuleInput, expand};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::numbers::{opt_whole, patch_whole, whole};
pub use fritid_app::query::doc::{SortDto, TargetGroupDto, WeekdayDto};

// ---------------------------------------------------------------------------------------
// DTOs

/// Where it happens.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VenueDto {
    #[schema(example = "Konnerud kunstgress")]
    pub name: String,
    #[serde(default)]
    #[schema(example = "Konnerudgata 40, 3045 Drammen")]
    pub address: String,
    /// WGS 84; give both or neither.
    #[schema(example = 59.7301)]
    pub latitude: Option<f64>,
    #[schema(example = 10.1556)]
    pub longitude: Option<f64>,
}

/// Price in whole kroner.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PriceDto {
    #[serde(default, deserialize_with = "whole")]
    #[schema(value_type = i64, example = 0)]
    pub amount_nok: i64,
    #[serde(default)]
    pub free: bool,
    #[serde(default)]
    pub reduced_price_available: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegistrationDto {
    #[serde(default)]
    pub required: bool,
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccessibilityDto {
    #[serde(default)]
    pub wheelchair: bool,
    #[serde(default)]
    pub hearing_loop: bool,
    /// Adapted for people with disabilities (tilrettelagt).
    #[serde(default)]
    pub adapted: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContactDto {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A schedule rule: weekly (`weekdays`, `valid_from`, optional `valid_to` and
/// `except_dates`) or a single date (`date`). Times are local (Europe/Oslo) `HH:MM`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScheduleRuleDto {
    /// `mon` … `sun` (weekly rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["tue"]))]
    pub weekdays: Option<Vec<String>>,
    #[schema(example = "17:30")]
    pub start_time: Option<String>,
    #[schema(example = "19:00")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026-08-18")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2027-06-15")]
    pub valid_to: Option<String>,
    /// Dates without a session (holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except_dates: Option<Vec<String>>,
    /// The date of a single session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl From<ScheduleRuleDto> for ScheduleRuleInput {
    fn from(d: ScheduleRuleDto) -> Self {
        ScheduleRuleInput {
            weekdays: d.weekdays,
            start_time: d.start_time,
            end_time: d.end_time,
            valid_from: d.valid_from,
            valid_to: d.valid_to,
            except_dates: d.except_dates,
            date: d.date,
        }
    }
}

impl From<&ScheduleRule> for ScheduleRuleDto {
    fn from(r: &ScheduleRule) -> Self {
        let i = r.to_input();
        ScheduleRuleDto {
            weekdays: i.weekdays,
            start_time: i.start_time,
            end_time: i.end_time,
            valid_from: i.valid_from,
            valid_to: i.valid_to,
            except_dates: i.except_dates,
            date: i.date,
        }
    }
}

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

/// A new activity. It starts as a `draft`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateListingRequest {
    #[schema(example = "Fotballtrening for 9-åringer")]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    /// Category slugs (1–5).
    #[schema(example = json!(["fotball"]))]
    pub categories: Vec<String>,
    /// Kommunedel slug.
    #[schema(example = "konnerud")]
    pub district: String,
    pub venue: VenueDto,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>, example = 8)]
    pub age_min: Option<i64>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>, example = 10)]
    pub age_max: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Vec<TargetGroupDto>)]
    pub target_groups: Vec<String>,
    pub price: Option<PriceDto>,
    pub registration: Option<RegistrationDto>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<i64>,
    /// BCP 47 tags, e.g. `nb`, `en`.
    #[serde(default)]
    pub languages: Vec<String>,
    pub accessibility: Option<AccessibilityDto>,
    pub contact: Option<ContactDto>,
    #[serde(default)]
    pub schedule: Vec<ScheduleRuleDto>,
}

/// Fields to change; absent ones keep their value. Nested objects (`venue`, `price`, …) and
/// `schedule` are replaced whole. `null` clears `age_min`, `age_max` and `capacity`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateActivityRequest {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub categories: Option<Vec<String>>,
    pub district: Option<String>,
    pub venue: Option<VenueDto>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub age_min: Option<Option<i64>>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub age_max: Option<Option<i64>>,
    #[schema(value_type = Option<Vec<TargetGroupDto>>)]
    pub target_groups: Option<Vec<String>>,
    pub price: Option<PriceDto>,
    pub registration: Option<RegistrationDto>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<Option<i64>>,
    pub languages: Option<Vec<String>>,
    pub accessibility: Option<AccessibilityDto>,
    pub contact: Option<ContactDto>,
    pub schedule: Option<Vec<ScheduleRuleDto>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub name: String,
}

/// One dated session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub starts_at: DateTime<Utc>,
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
    pub venue: VenueDto,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    #[schema(value_type = Vec<TargetGroupDto>)]
    pub target_groups: Vec<String>,
    pub price: PriceDto,
    pub registration: RegistrationDto,
    pub capacity: Option<i32>,
    pub languages: Vec<String>,
    pub accessibility: AccessibilityDto,
    pub contact: ContactDto,
    pub schedule: Vec<ScheduleRuleDto>,
    /// The next sessions (up to three, within 93 days).
    pub next_occurrences: Vec<SessionDto>,
    /// Great-circle distance from `near`, in search results that asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

fn next_sessions(rules: &[ScheduleRule], now: DateTime<Utc>) -> Vec<SessionDto> {
    expand(rules, now, now + chrono::Duration::days(MAX_WINDOW_DAYS))
        .into_iter()
        .take(3)
        .map(|o| SessionDto { starts_at: o.starts_at, ends_at: o.ends_at })
        .collect()
}

impl ActivityDto {
    pub(crate) fn new(a: &Activity, distance_km: Option<f64>, now: DateTime<Utc>) -> Self {
        let d = &a.details;
        Self {
            id: a.id,
            organisation: OrganisationRef {
                id: a.organisation_id,
                name: a.organisation_name.clone(),
            },
            status: a.status.as_str().to_owned(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            description: d.description.clone(),
            categories: d.categories.iter().map(|c| c.to_string()).collect(),
            district: d.district.to_string(),
            venue: VenueDto {
                name: d.venue.name.clone(),
                address: d.venue.address.clone(),
                latitude: d.venue.coordinates.map(|c| c.0),
                longitude: d.venue.coordinates.map(|c| c.1),
            },
            age_min: d.age_min,
            age_max: d.age_max,
            target_groups: d.target_groups.iter().map(|t| t.as_str().to_owned()).collect(),
            price: PriceDto {
                amount_nok: i64::from(d.price.amount_nok),
                free: d.price.free,
                reduced_price_available: d.price.reduced_price_available,
            },
            registration: RegistrationDto {
                required: d.registration.required,
                url: d.registration.url.clone(),
                deadline: d.registration.deadline.map(|x| x.format("%Y-%m-%d").to_string()),
            },
            capacity: d.capacity,
            languages: d.languages.clone(),
            accessibility: AccessibilityDto {
                wheelchair: d.accessibility.wheelchair,
                hearing_loop: d.accessibility.hearing_loop,
                adapted: d.accessibility.adapted,
                description: d.accessibility.description.clone(),
            },
            contact: ContactDto {
                name: d.contact.name.clone(),
                email: d.contact.email.as_ref().map(|e| e.to_string()),
                phone: d.contact.phone.clone(),
            },
            schedule: d.schedule.iter().map(ScheduleRuleDto::from).collect(),
            next_occurrences: next_sessions(&d.schedule, now),
            distance_km: distance_km.map(|k| (k * 1000.0).round() / 1000.0),
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published_at,
        }
    }
}

pub(super) fn to_input(body: CreateListingRequest) -> ActivityInput {
    ActivityInput {
        title: body.title,
        summary: body.summary,
        description: body.description,
        categories: body.categories,
        district: body.district,
        venue: venue_input(body.venue),
        age_min: body.age_min,
        age_max: body.age_max,
        target_groups: body.target_groups,
        price: body.price.map(price_input).unwrap_or_default(),
        registration: body.registration.map(registration_input).unwrap_or_default(),
        capacity: body.capacity,
        languages: body.languages,
        accessibility: body.accessibility.map(accessibility_input).unwrap_or_default(),
        contact: body.contact.map(contact_input).unwrap_or_default(),
        schedule: body.schedule.into_iter().map(ScheduleRuleInput::from).collect(),
    }
}

pub(super) fn venue_input(v: VenueDto) -> VenueInput {
    VenueInput { name: v.name, address: v.address, latitude: v.latitude, longitude: v.longitude }
}

pub(super) fn price_input(p: PriceDto) -> PriceInput {
    PriceInput {
        amount_nok: p.amount_nok,
        free: p.free,
        reduced_price_available: p.reduced_price_available,
    }
}

pub(super) fn registration_input(r: RegistrationDto) -> RegistrationInput {
    RegistrationInput { required: r.required, url: r.url, deadline: r.deadline }
}

pub(super) fn accessibility_input(a: AccessibilityDto) -> AccessibilityInput {
    AccessibilityInput {
        wheelchair: a.wheelchair,
        hearing_loop: a.hearing_loop,
        adapted: a.adapted,
        description: a.description,
    }
}

pub(super) fn contact_input(c: ContactDto) -> ContactInput {
    ContactInput { name: c.name, email: c.email, phone: c.phone }
}
