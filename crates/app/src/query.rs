//! The search languages every front door speaks: the parameters of the API's searches, which
//! the web pages' GET forms use under the same names, so a query means the same in both.
//!
//! Parsing collects every bad parameter before answering, so a 422 (or a form's error
//! summary) names them all. With the `openapi` feature the parameter structs also describe
//! themselves for the API's OpenAPI document.

use chrono::{NaiveTime, Timelike, Utc};
use fritid_domain::activity::TargetGroup;
use fritid_domain::reference::Slug;
use fritid_domain::schedule::parse_weekday;
use fritid_domain::text::{clean_text, comma_items};
use fritid_domain::volunteering::{Commitment, OpportunityStatus, parse_skill};
use fritid_domain::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{ActivitySearch, ActivitySort, FacetRequest, OpportunitySearch};

/// Items per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: u64 = 20;
/// The largest page.
pub const MAX_LIMIT: u64 = 100;

/// Every value of a repeatable parameter parsed by `parse`; the bad ones become field errors.
pub fn each<T>(
    values: &[String], e: &mut ValidationErrors, parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Vec<T> {
    values.iter().filter_map(|v| e.check(parse(v))).collect()
}

/// An optional parameter parsed by `parse`; a bad one becomes a field error.
pub fn one<T>(
    value: Option<&str>, e: &mut ValidationErrors, parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Option<T> {
    value.and_then(|v| e.check(parse(v)))
}

/// The search terms of a free-text parameter `q` (at most 200 characters).
pub fn text_query(q: Option<&str>, e: &mut ValidationErrors) -> Vec<String> {
    one(q, e, |v| clean_text("q", v, 0, 200))
        .map(|q| fritid_domain::search::query_prefixes(&q))
        .unwrap_or_default()
}

/// A boolean parameter: `true`/`1` or `false`/`0`, the same on every endpoint.
pub fn parse_bool(field: &str, v: &str, e: &mut ValidationErrors) -> Option<bool> {
    match v {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => {
            e.push(field, "must be true or false (or 1 or 0)");
            None
        }
    }
}

/// The page size `limit` asks for, or the default; out of range is a field error.
pub fn limit(limit: Option<u64>, errors: &mut ValidationErrors) -> u64 {
    match limit {
        None => DEFAULT_LIMIT,
        Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => {
            errors.push("limit", "must be between 1 and 100");
            DEFAULT_LIMIT
        }
    }
}

#[cfg(feature = "openapi")]
use doc::{CommitmentDto, OpportunityStatusDto, SortDto, TargetGroupDto, WeekdayDto};
#[cfg(feature = "openapi")]
pub use fritid_domain::doc;

/// Search filters. All are combined with AND; repeatable ones match any of their values.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchParams {
    /// Norwegian free text over title, summary, description and organisation name: case-
    /// and accent-insensitive (æ, ø, å are letters of their own), stemmed, prefix-matching
    /// ("fotball" finds "Fotballtrening"), every word required.
    #[cfg_attr(feature = "openapi", param(example = "fotball"))]
    pub q: Option<String>,
    /// Kommunedel slug (repeatable).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub district: Vec<String>,
    /// Category slug (repeatable); a parent matches its subcategories.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub category: Vec<String>,
    /// An age the activity's age range must contain.
    #[cfg_attr(feature = "openapi", param(value_type = Option<u8>, minimum = 0, maximum = 120))]
    pub age: Option<String>,
    /// Target group (repeatable).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Vec<TargetGroupDto>))]
    pub target_group: Vec<String>,
    /// A session on one of these days (repeatable).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Vec<WeekdayDto>))]
    pub weekday: Vec<String>,
    /// `HH:MM`: a session must end after this time.
    #[cfg_attr(
        feature = "openapi",
        param(example = "15:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub time_from: Option<String>,
    /// `HH:MM`: a session must start before this time.
    #[cfg_attr(
        feature = "openapi",
        param(example = "18:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )]
    pub time_to: Option<String>,
    /// Only free (or only paid) activities.
    #[cfg_attr(feature = "openapi", param(value_type = Option<bool>))]
    pub free: Option<String>,
    /// Only wheelchair-accessible ones (or only not).
    #[cfg_attr(feature = "openapi", param(value_type = Option<bool>))]
    pub wheelchair: Option<String>,
    /// Only this organisation's activities.
    #[cfg_attr(feature = "openapi", param(value_type = Option<Uuid>))]
    pub organisation: Option<String>,
    /// `lat,lon` in degrees: only activities within `radius_km` of this point.
    #[cfg_attr(
        feature = "openapi",
        param(
            example = "59.7440,10.2045",
            pattern = "^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$"
        )
    )]
    pub near: Option<String>,
    /// Radius for `near`, 0.1–100 km (default 10).
    #[cfg_attr(feature = "openapi", param(value_type = Option<f64>, minimum = 0.1, maximum = 100))]
    pub radius_km: Option<String>,
    /// Only activities changed since.
    #[cfg_attr(feature = "openapi", param(value_type = Option<DateTime<Utc>>))]
    pub updated_since: Option<String>,
    /// `relevance` (default with `q`), `title` (default otherwise), `updated`, `distance`
    /// (with `near`).
    #[cfg_attr(feature = "openapi", param(value_type = Option<SortDto>))]
    pub sort: Option<String>,
    /// Comma-separated `district`, `category`: counts over the whole result.
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(district|category)(,(district|category))*$")
    )]
    pub facets: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(value_type = Option<u8>, minimum = 1, maximum = 100))]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A parsed activity search.
#[derive(Debug, Clone)]
pub struct ParsedSearch {
    pub search: ActivitySearch,
    pub sort: ActivitySort,
    pub facets: FacetRequest,
    pub limit: u64,
    pub cursor: Option<String>,
}

fn parse_time(field: &str, v: &str, e: &mut ValidationErrors) -> Option<u16> {
    match NaiveTime::parse_from_str(v, "%H:%M") {
        Ok(t) if v.len() == 5 => u16::try_from(t.hour() * 60 + t.minute()).ok(),
        _ => {
            e.push(field, "must be a time as HH:MM");
            None
        }
    }
}

impl SearchParams {
    /// The search these parameters ask for; every bad one is pushed to `e`.
    pub fn parse(&self, e: &mut ValidationErrors) -> ParsedSearch {
        let p = self;
        // In the order of the parameters' documentation, so errors are listed in that order.
        let mut s = ActivitySearch {
            text: text_query(p.q.as_deref(), e),
            districts: each(&p.district, e, |v| Slug::parse("district", v)),
            categories: each(&p.category, e, |v| Slug::parse("category", v)),
            ..ActivitySearch::default()
        };
        if let Some(age) = p.age.as_deref() {
            match age.parse::<i16>() {
                Ok(a) if (0..=120).contains(&a) => s.age = Some(a),
                _ => e.push("age", "must be a whole number from 0 to 120"),
            }
        }
        s.target_groups = each(&p.target_group, e, |v| TargetGroup::parse("target_group", v));
        for w in &p.weekday {
            match parse_weekday(w) {
                Some(day) => s.weekdays.push(day),
                None => e.push("weekday", "must be one of: mon, tue, wed, thu, fri, sat, sun"),
            }
        }
        s.time_from = p.time_from.as_deref().and_then(|v| parse_time("time_from", v, e));
        s.time_to = p.time_to.as_deref().and_then(|v| parse_time("time_to", v, e));
        if let (Some(from), Some(to)) = (s.time_from, s.time_to)
            && from >= to
        {
            e.push("time_to", "must be after time_from");
        }
        s.free = p.free.as_deref().and_then(|v| parse_bool("free", v, e));
        s.wheelchair = p.wheelchair.as_deref().and_then(|v| parse_bool("wheelchair", v, e));
        if let Some(org) = p.organisation.as_deref() {
            match Uuid::parse_str(org) {
                Ok(id) => s.organisation = Some(id),
                Err(_) => e.push("organisation", "must be an organisation id (UUID)"),
            }
        }
        self.parse_near(&mut s, e);
        if let Some(since) = p.updated_since.as_deref() {
            s.updated_since = e.check(fritid_domain::dates::parse_instant("updated_since", since));
        }
        s.today = Some(Utc::now().date_naive() - chrono::Duration::days(1));
        let sort = self.parse_sort(&s, e);
        let facets = self.parse_facets(e);
        let limit = match p.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(l) => limit(Some(l.parse::<u64>().unwrap_or(0)), e),
        };
        ParsedSearch { search: s, sort, facets, limit, cursor: p.cursor.clone() }
    }

    fn parse_near(&self, s: &mut ActivitySearch, e: &mut ValidationErrors) {
        let radius = match self.radius_km.as_deref() {
            Some(r) => match r.parse::<f64>() {
                Ok(r) if (0.1..=100.0).contains(&r) => Some(r),
                _ => {
                    e.push("radius_km", "must be a number from 0.1 to 100");
                    None
                }
            },
            None => Some(10.0),
        };
        if let Some(near) = self.near.as_deref() {
            let parsed = near
                .split_once(',')
                .and_then(|(a, b)| {
                    Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
                })
                .filter(|(lat, lon)| {
                    (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon)
                });
            match (parsed, radius) {
                (Some((lat, lon)), Some(r)) => s.near = Some((lat, lon, r)),
                (None, _) => e.push("near", "must be latitude,longitude in degrees"),
                _ => {}
            }
        } else if self.radius_km.is_some() {
            e.push("radius_km", "needs near");
        }
    }

    fn parse_sort(&self, s: &ActivitySearch, e: &mut ValidationErrors) -> ActivitySort {
        let sort = match self.sort.as_deref() {
            None if !s.text.is_empty() => ActivitySort::Relevance,
            None => ActivitySort::Title,
            Some(code) => e.check(ActivitySort::parse("sort", code)).unwrap_or(ActivitySort::Title),
        };
        if sort == ActivitySort::Distance && s.near.is_none() && self.near.is_none() {
            e.push("sort", "distance needs near");
        }
        sort
    }

    fn parse_facets(&self, e: &mut ValidationErrors) -> FacetRequest {
        let mut facets = FacetRequest::default();
        for f in self.facets.iter().flat_map(|l| comma_items(l)) {
            match f {
                "district" => facets.district = true,
                "category" => facets.category = true,
                _ => e.push("facets", "must list district and/or category"),
            }
        }
        facets
    }
}

/// Filters of the volunteer-opportunity search.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OpportunitySearchParams {
    /// Norwegian free text over title, description, skills and organisation name (as for
    /// activities).
    pub q: Option<String>,
    /// Kommunedel slug (repeatable).
    #[serde(default)]
    pub district: Vec<String>,
    /// Skill tag (repeatable; any of them).
    #[serde(default)]
    pub skill: Vec<String>,
    /// Repeatable.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", param(value_type = Vec<CommitmentDto>))]
    pub commitment: Vec<String>,
    /// Default `open` (which excludes opportunities with no spots left).
    #[cfg_attr(feature = "openapi", param(value_type = Option<OpportunityStatusDto>))]
    pub status: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl OpportunitySearchParams {
    /// The search these parameters ask for (`default_status` when none is named); every bad
    /// one is pushed to `e`.
    pub fn parse(
        &self, default_status: Option<OpportunityStatus>, e: &mut ValidationErrors,
    ) -> OpportunitySearch {
        let p = self;
        OpportunitySearch {
            text: text_query(p.q.as_deref(), e),
            districts: each(&p.district, e, |v| Slug::parse("district", v)),
            skills: each(&p.skill, e, |v| parse_skill("skill", v)),
            commitments: each(&p.commitment, e, |v| Commitment::parse("commitment", v)),
            status: match p.status.as_deref() {
                Some(v) => e.check(OpportunityStatus::parse("status", v)),
                None => default_status,
            },
            ..OpportunitySearch::default()
        }
    }
}
