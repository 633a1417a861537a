//! Dated sessions (occurrences), iCalendar feeds and coverage statistics: the views derived
//! from activity schedules.

use crate::context::{Cx, Reply};
use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{HttpResponse, get};
use chrono::{DateTime, NaiveTime, Utc};
use fritid_app::decode_cursor as decode;
use fritid_domain::calendar::activity_calendar;
use fritid_domain::schedule::{check_window, expand, oslo_instant};
use fritid_domain::text::comma_items;
use fritid_domain::{ValidationErrors, dates};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::MaybeAuthenticated;
use crate::etag::{if_none_match, version_tag};
use crate::extract::Query;
use crate::responses::{
    InvalidOrTooMany, InvalidParameters, InvalidWindow, NoVisibleActivity, NotModified,
};
use fritid_app::query::SearchParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WindowParams {
    /// Start of the window: RFC 3339, or a date (midnight in Oslo). Default: now.
    #[param(example = "2026-12-01")]
    pub from: Option<String>,
    /// End of the window (exclusive), at most 93 days after `from`. Default: `from` + 31 days.
    #[param(example = "2027-01-01")]
    pub to: Option<String>,
}

/// One dated session of an activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct OccurrenceDto {
    pub activity_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Kommunedel slug.
    pub district: String,
}

crate::pagination::page_type!(OccurrencePage(OccurrenceDto));

fn parse_instant(field: &str, value: &str, e: &mut ValidationErrors) -> Option<DateTime<Utc>> {
    let parsed = if value.len() == 10 {
        dates::parse_date(field, value).map(|d| oslo_instant(d, NaiveTime::MIN))
    } else {
        dates::parse_instant(field, value)
    };
    match parsed {
        Ok(t) => Some(t),
        Err(err) if err.message.contains("years") => {
            e.push(field, err.message);
            None
        }
        Err(_) => {
            e.push(field, "must be an RFC 3339 timestamp or a date as YYYY-MM-DD");
            None
        }
    }
}

fn parse_window(p: &WindowParams, e: &mut ValidationErrors) -> (DateTime<Utc>, DateTime<Utc>) {
    let from = match p.from.as_deref() {
        Some(v) => parse_instant("from", v, e),
        None => Some(Utc::now()),
    };
    let to = match p.to.as_deref() {
        Some(v) => parse_instant("to", v, e),
        None => from.map(|f| f + chrono::Duration::days(31)),
    };
    match (from, to) {
        (Some(from), Some(to)) => {
            e.check(check_window(from, to));
            (from, to)
        }
        _ => (Utc::now(), Utc::now()),
    }
}

/// The sessions of one activity in a window, in start order.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path), WindowParams),
    responses(
        (status = 200, description = "Sessions, expanded in Europe/Oslo.", body = OccurrencePage),
        InvalidWindow, NoVisibleActivity,
    )
)]
#[get("/activities/{id}/occurrences")]
pub async fn activity_occurrences(
    cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>, Query(window): Query<WindowParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let (from, to) = parse_window(&window, &mut errors);
    errors.finish()?;
    let activity = cx.app.activity(&auth.actor(), *id).await?;
    let items = expand(&activity.details.schedule, from, to)
        .into_iter()
        .map(|o| OccurrenceDto {
            activity_id: activity.id,
            title: activity.details.title.clone(),
            starts_at: o.starts_at,
            ends_at: o.ends_at,
            district: activity.details.district.to_string(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(OccurrencePage { items, next_cursor: None }))
}

/// Sessions of every published activity matching the search filters (the same filters as
/// `GET /api/v1/activities`; `sort` and `facets` do not apply), in start order.
#[utoipa::path(
    tag = "activities",
    params(WindowParams, SearchParams),
    responses(
        (status = 200, description = "Sessions, expanded in Europe/Oslo.", body = OccurrencePage),
        InvalidOrTooMany,
    )
)]
#[get("/occurrences")]
pub async fn search_occurrences(cx: Cx) -> Reply {
    // The two parameter sets share one query string.
    let window: WindowParams = crate::extract::parse_query(cx.req.query_string())?;
    let params: SearchParams = crate::extract::parse_query(cx.req.query_string())?;
    let mut errors = ValidationErrors::new();
    let (from, to) = parse_window(&window, &mut errors);
    let parsed = params.parse(&mut errors);
    let after: Option<(DateTime<Utc>, Uuid)> = match params.cursor.as_deref() {
        Some(c) => match decode(c) {
            Some(k) => Some(k),
            None => {
                errors.push("cursor", "is not a cursor from this collection");
                None
            }
        },
        None => None,
    };
    errors.finish()?;
    let (sessions, next_cursor) =
        cx.app.sessions(&parsed.search, from, to, after, parsed.limit).await?;
    let all = sessions
        .into_iter()
        .map(|s| OccurrenceDto {
            activity_id: s.activity_id,
            title: s.title,
            starts_at: s.occurrence.starts_at,
            ends_at: s.occurrence.ends_at,
            district: s.district,
        })
        .collect();
    Ok(HttpResponse::Ok().json(OccurrencePage { items: all, next_cursor }))
}

/// The activity as an iCalendar file (RFC 5545): one event per schedule rule, weekly rules as
/// RRULE with EXDATE for exceptions, times in Europe/Oslo with its VTIMEZONE.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The calendar.", content_type = "text/calendar", body = String,
            headers(("ETag" = String))),
        NotModified, NoVisibleActivity,
    )
)]
#[get("/activities/{id}/calendar.ics")]
pub async fn activity_calendar_ics(cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>) -> Reply {
    let activity = cx.app.activity(&auth.actor(), *id).await?;
    let tag = version_tag(activity.version);
    if if_none_match(&cx.req, &tag) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish());
    }
    let d = &activity.details;
    let location = if d.venue.address.is_empty() {
        d.venue.name.clone()
    } else {
        format!("{}, {}", d.venue.name, d.venue.address)
    };
    let body = activity_calendar(
        activity.id,
        &d.title,
        &d.description,
        &location,
        d.registration.url.as_deref(),
        activity.updated_at,
        &d.schedule,
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.ics\"", activity.id),
        ))
        .content_type("text/calendar; charset=utf-8")
        .body(body))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageParams {
    /// Comma-separated: `district`, `target_group` (default both).
    #[param(example = "district,target_group")]
    pub group_by: Option<String>,
    /// Count only free (`true`) or only paid (`false`) activities.
    pub free: Option<String>,
}

/// One group's count. An activity for several target groups counts in each of them;
/// `target_group` is `null` for activities that name none.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageItem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group: Option<Option<String>>,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    pub items: Vec<CoverageItem>,
    /// Published activities counted (each once).
    pub total: u64,
}

/// Published activities per kommunedel and target group (public, aggregated). Every district
/// and group appears, with 0 where nothing is offered: the gaps are the point.
#[utoipa::path(
    tag = "statistics",
    params(CoverageParams),
    responses(
        (status = 200, description = "Counts.", body = Coverage),
        InvalidParameters,
    )
)]
#[get("/stats/coverage")]
pub async fn coverage(cx: Cx, Query(params): Query<CoverageParams>) -> Reply {
    let mut errors = ValidationErrors::new();
    let (mut by_district, mut by_group) = (false, false);
    for g in comma_items(params.group_by.as_deref().unwrap_or("district,target_group")) {
        match g {
            "district" => by_district = true,
            "target_group" => by_group = true,
            _ => errors.push("group_by", "must list district and/or target_group"),
        }
    }
    let free =
        params.free.as_deref().and_then(|v| crate::extract::parse_bool("free", v, &mut errors));
    errors.finish()?;
    let (cells, total) = cx.app.coverage(free, by_district, by_group).await?;
    let items = cells
        .into_iter()
        .map(|c| CoverageItem {
            district: c.district,
            target_group: c.target_group.map(|g| g.map(|g| g.as_str().to_owned())),
            count: c.count,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Coverage { items, total }))
}
