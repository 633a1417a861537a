//! The resident side: search with every filter, facets and sorts.

use actix_web::{HttpResponse, get, web};
use chrono::{NaiveTime, Timelike, Utc};
use fritid_app::{ActivitySearch, ActivitySort, FacetRequest, SearchPage};
use fritid_domain::ValidationErrors;
use fritid_domain::activity::TargetGroup;
use fritid_domain::reference::Slug;
use fritid_domain::schedule::parse_weekday;
use fritid_domain::search::query_prefixes;
use fritid_domain::text::clean_text;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::extract::{Query, parse_bool};
use crate::problem::{ApiError, Problem};

use super::*;

// ---------------------------------------------------------------------------------------
// Resident search

/// Search filters. All are combined with AND; repeatable ones match any of their values.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Norwegian free text over title, summary, description and organisation name: case-
    /// and accent-insensitive (æ, ø, å are letters of their own), stemmed, prefix-matching
    /// ("fotball" finds "Fotballtrening"), every word required.
    #[param(example = "fotball")]
    pub q: Option<String>,
    /// Kommunedel slug (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub district: Vec<String>,
    /// Category slug (repeatable); a parent matches its subcategories.
    #[serde(default)]
    #[param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub category: Vec<String>,
    /// An age the activity's age range must contain.
    #[param(value_type = Option<u8>, minimum = 0, maximum = 120)]
    pub age: Option<String>,
    /// Target group (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<TargetGroupDto>)]
    pub target_group: Vec<String>,
    /// A session on one of these days (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<WeekdayDto>)]
    pub weekday: Vec<String>,
    /// `HH:MM`: a session must end after this time.
    #[param(example = "15:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time_from: Option<String>,
    /// `HH:MM`: a session must start before this time.
    #[param(example = "18:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time_to: Option<String>,
    /// Only free (or only paid) activities.
    #[param(value_type = Option<bool>)]
    pub free: Option<String>,
    /// Only wheelchair-accessible ones (or only not).
    #[param(value_type = Option<bool>)]
    pub wheelchair: Option<String>,
    /// Only this organisation's activities.
    #[param(value_type = Option<Uuid>)]
    pub organisation: Option<String>,
    /// `lat,lon` in degrees: only activities within `radius_km` of this point.
    #[param(
        example = "59.7440,10.2045",
        pattern = "^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$"
    )]
    pub near: Option<String>,
    /// Radius for `near`, 0.1–100 km (default 10).
    #[param(value_type = Option<f64>, minimum = 0.1, maximum = 100)]
    pub radius_km: Option<String>,
    /// Only activities changed since.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub updated_since: Option<String>,
    /// `relevance` (default with `q`), `title` (default otherwise), `updated`, `distance`
    /// (with `near`).
    #[param(value_type = Option<SortDto>)]
    pub sort: Option<String>,
    /// Comma-separated `district`, `category`: counts over the whole result.
    #[param(pattern = "^(district|category)(,(district|category))*$")]
    pub facets: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u8>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn parse_time(field: &str, v: &str, e: &mut ValidationErrors) -> Option<u16> {
    match NaiveTime::parse_from_str(v, "%H:%M") {
        Ok(t) if v.len() == 5 => Some((t.hour() * 60 + t.minute()) as u16),
        _ => {
            e.push(field, "must be a time as HH:MM");
            None
        }
    }
}

/// Parsed search parameters.
pub(crate) struct ParsedSearch {
    pub search: ActivitySearch,
    pub sort: ActivitySort,
    pub facets: FacetRequest,
    pub limit: u64,
    pub cursor: Option<String>,
}

#[expect(
    clippy::too_many_lines,
    reason = "one parser for every search filter, so that a 422 names every bad parameter"
)]
pub(crate) fn parse_search(p: &SearchParams, e: &mut ValidationErrors) -> ParsedSearch {
    let mut s = ActivitySearch::default();
    if let Some(q) = p.q.as_deref()
        && let Some(q) = e.check(clean_text("q", q, 0, 200))
    {
        s.text = query_prefixes(&q);
    }
    s.districts = p
        .district
        .iter()
        .filter_map(|d| e.check(Slug::parse("district", d)))
        .collect();
    s.categories = p
        .category
        .iter()
        .filter_map(|c| e.check(Slug::parse("category", c)))
        .collect();
    if let Some(age) = p.age.as_deref() {
        match age.parse::<i16>() {
            Ok(a) if (0..=120).contains(&a) => s.age = Some(a),
            _ => e.push("age", "must be a whole number from 0 to 120"),
        }
    }
    s.target_groups = p
        .target_group
        .iter()
        .filter_map(|t| e.check(TargetGroup::parse("target_group", t)))
        .collect();
    for w in &p.weekday {
        match parse_weekday(w) {
            Some(day) => s.weekdays.push(day),
            None => e.push(
                "weekday",
                "must be one of: mon, tue, wed, thu, fri, sat, sun",
            ),
        }
    }
    s.time_from = p
        .time_from
        .as_deref()
        .and_then(|v| parse_time("time_from", v, e));
    s.time_to = p
        .time_to
        .as_deref()
        .and_then(|v| parse_time("time_to", v, e));
    if let (Some(from), Some(to)) = (s.time_from, s.time_to)
        && from >= to
    {
        e.push("time_to", "must be after time_from");
    }
    s.free = p.free.as_deref().and_then(|v| parse_bool("free", v, e));
    s.wheelchair = p
        .wheelchair
        .as_deref()
        .and_then(|v| parse_bool("wheelchair", v, e));
    if let Some(org) = p.organisation.as_deref() {
        match Uuid::parse_str(org) {
            Ok(id) => s.organisation = Some(id),
            Err(_) => e.push("organisation", "must be an organisation id (UUID)"),
        }
    }
    let radius = match p.radius_km.as_deref() {
        Some(r) => match r.parse::<f64>() {
            Ok(r) if (0.1..=100.0).contains(&r) => Some(r),
            _ => {
                e.push("radius_km", "must be a number from 0.1 to 100");
                None
            }
        },
        None => Some(10.0),
    };
    if let Some(near) = p.near.as_deref() {
        let parsed = near
            .split_once(',')
            .and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)))
            .filter(|(lat, lon)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon));
        match (parsed, radius) {
            (Some((lat, lon)), Some(r)) => s.near = Some((lat, lon, r)),
            (None, _) => e.push("near", "must be latitude,longitude in degrees"),
            _ => {}
        }
    } else if p.radius_km.is_some() {
        e.push("radius_km", "needs near");
    }
    if let Some(since) = p.updated_since.as_deref() {
        s.updated_since = e.check(fritid_domain::dates::parse_instant("updated_since", since));
    }
    s.today = Some(Utc::now().date_naive() - chrono::Duration::days(1));
    let sort = match p.sort.as_deref() {
        None if !s.text.is_empty() => ActivitySort::Relevance,
        None => ActivitySort::Title,
        Some("relevance") => ActivitySort::Relevance,
        Some("title") => ActivitySort::Title,
        Some("updated") => ActivitySort::Updated,
        Some("distance") => {
            if s.near.is_none() && p.near.is_none() {
                e.push("sort", "distance needs near");
            }
            ActivitySort::Distance
        }
        Some(_) => {
            e.push(
                "sort",
                "must be one of: relevance, title, updated, distance",
            );
            ActivitySort::Title
        }
    };
    let mut facets = FacetRequest::default();
    if let Some(list) = p.facets.as_deref() {
        for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match f {
                "district" => facets.district = true,
                "category" => facets.category = true,
                _ => e.push("facets", "must list district and/or category"),
            }
        }
    }
    let limit = match p.limit.as_deref() {
        None => crate::pagination::DEFAULT_LIMIT,
        Some(l) => match l.parse::<u64>() {
            Ok(n) if (1..=crate::pagination::MAX_LIMIT).contains(&n) => n,
            _ => {
                e.push("limit", "must be between 1 and 100");
                crate::pagination::DEFAULT_LIMIT
            }
        },
    };
    ParsedSearch {
        search: s,
        sort,
        facets,
        limit,
        cursor: p.cursor.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<Vec<FacetCount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<FacetCount>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<ActivityDto>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Present when `facets` was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetsDto>,
}

fn facet_counts(v: Option<Vec<(String, u64)>>) -> Option<Vec<FacetCount>> {
    v.map(|v| {
        v.into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect()
    })
}

fn results(page: SearchPage, with_facets: bool) -> SearchResults {
    let now = Utc::now();
    SearchResults {
        items: page
            .items
            .iter()
            .map(|h| ActivityDto::new(&h.activity, h.distance_km, now))
            .collect(),
        next_cursor: page.next_cursor,
        facets: with_facets.then(|| FacetsDto {
            district: facet_counts(page.facets.district),
            category: facet_counts(page.facets.category),
        }),
    }
}

/// Search published activities.
#[utoipa::path(
    tag = "activities",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of matching activities.", body = SearchResults),
        (status = 422, description = "Invalid parameters (all of them listed).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities")]
pub async fn search_activities(
    state: web::Data<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let parsed = parse_search(&params, &mut errors);
    errors.finish()?;
    let with_facets = parsed.facets.district || parsed.facets.category;
    let page = state
        .app
        .search_activities(
            &parsed.search,
            parsed.sort,
            parsed.cursor.as_deref(),
            parsed.limit,
            parsed.facets,
        )
        .await?;
    Ok(HttpResponse::Ok().json(results(page, with_facets)))
}
