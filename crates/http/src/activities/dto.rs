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
pub use fritid_domain::doc::{ActivityStatusDto, TargetGroupDto};

// ---------------------------------------------------------------------------------------
// DTOs

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

/// A distance as results show it: to the metre.
pub(crate) fn shown_km(km: f64) -> f64 {
    (km * 1000.0).round() / 1000.0
}

/// How far ahead [`next_sessions`] looks first.
const SHORT_WINDOW_DAYS: i64 = 22;

/// How many upcoming sessions an activity shows.
const SHOWN: usize = 3;

/// The next sessions from `now`, and until when that list stays the same: the first one's
/// start, or — with fewer than three — when the moving window reaches one more (looked for
/// a day ahead: no later than a day from now).
fn next_sessions(rules: &[ScheduleRule], now: DateTime<Utc>) -> (Vec<SessionDto>, DateTime<Utc>) {
    let day = chrono::Duration::days(1);
    // Three weeks hold three sessions of most activities: expanding the whole window for
    // every result was a tenth of a search's CPU. Sessions come in order, so the first three
    // of the short window are the first three of the long one.
    let window = chrono::Duration::days(MAX_WINDOW_DAYS);
    let soon = expand(rules, now, now + chrono::Duration::days(SHORT_WINDOW_DAYS));
    let mut sessions = if soon.len() >= SHOWN { soon } else { expand(rules, now, now + window) };
    sessions.truncate(SHOWN);
    let mut until = sessions.first().map_or(DateTime::<Utc>::MAX_UTC, |s| s.starts_at);
    if sessions.len() < SHOWN {
        let entering = expand(rules, now + window, now + window + day);
        until = until.min(entering.first().map_or(now + day, |next| next.starts_at - window));
    }
    let shown =
        sessions.into_iter().map(|o| SessionDto { starts_at: o.starts_at, ends_at: o.ends_at });
    (shown.collect(), until)
}

impl ActivityDto {
    /// The activity at `now` without a distance, and until when it reads the same.
    pub(crate) fn with_validity(a: &Activity, now: DateTime<Utc>) -> (Self, DateTime<Utc>) {
        let (sessions, until) = next_sessions(&a.details.schedule, now);
        (Self::new_with(a, None, sessions), until)
    }

    pub(crate) fn new(a: &Activity, distance_km: Option<f64>, now: DateTime<Utc>) -> Self {
        Self::new_with(a, distance_km, next_sessions(&a.details.schedule, now).0)
    }

    fn new_with(a: &Activity, distance_km: Option<f64>, sessions: Vec<SessionDto>) -> Self {
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
            next_occurrences: sessions,
            distance_km: distance_km.map(shown_km),
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fritid_domain::schedule::parse_schedule;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn rules(json: &str) -> Vec<ScheduleRule> {
        parse_schedule(&serde_json::from_str::<Vec<ScheduleRuleInput>>(json).unwrap()).unwrap()
    }

    /// The sessions shown at `now`, as start instants.
    fn shown(rules: &[ScheduleRule], now: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        next_sessions(rules, now).0.iter().map(|s| s.starts_at).collect()
    }

    #[test]
    fn the_list_holds_until_its_first_session_starts() {
        let weekly = rules(
            r#"[{"weekdays":["tue"],"start_time":"17:00","end_time":"18:00","valid_from":"2026-01-01"}]"#,
        );
        let now = at("2026-11-28T10:00:00Z");
        let (sessions, until) = next_sessions(&weekly, now);
        assert_eq!(sessions.len(), 3);
        // Tuesday 1 December, 17:00 in Oslo (UTC+1).
        assert_eq!(until, at("2026-12-01T16:00:00Z"));
        assert_eq!(shown(&weekly, now), shown(&weekly, until - chrono::Duration::seconds(1)));
        assert_ne!(shown(&weekly, now), shown(&weekly, until + chrono::Duration::seconds(1)));
    }

    #[test]
    fn a_short_list_holds_until_the_window_reaches_another_session() {
        // One session now, the next one just past the 93-day window.
        let sparse = rules(
            r#"[{"date":"2026-12-01","start_time":"17:00","end_time":"18:00"},
                {"date":"2027-03-02","start_time":"12:00","end_time":"13:00"}]"#,
        );
        let now = at("2026-11-28T11:30:00Z");
        let (sessions, until) = next_sessions(&sparse, now);
        assert_eq!(sessions.len(), 1);
        let entering = at("2027-03-02T11:00:00Z") - chrono::Duration::days(MAX_WINDOW_DAYS);
        assert_eq!(until, entering);
        assert_eq!(shown(&sparse, now).len(), 1);
        assert_eq!(shown(&sparse, until + chrono::Duration::seconds(1)).len(), 2);
        // Without sessions ahead, a day at most.
        let none = rules("[]");
        assert_eq!(next_sessions(&none, now).1, now + chrono::Duration::days(1));
    }
}
