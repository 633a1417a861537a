//! Change feeds for third parties, following OpenActive RPDE 1.0 with "modified timestamp
//! and ID" ordering: a client pages with `afterTimestamp` and `afterId` until a page comes
//! back empty (its `next` then points to itself), and polls that URL from then on. Anything
//! that stops being public appears as a `deleted` tombstone without `data`; tombstones are
//! never removed.

use crate::context::{Cx, Reply};
use actix_web::{HttpResponse, get};
use chrono::Utc;
use fritid_app::FeedEntry;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::activities::ActivityDto;
use crate::extract::Query;
use crate::organisations::OrganisationDto;
use crate::problem::ApiError;
use crate::responses::FeedPosition;
use crate::volunteering::OpportunityDto;
use std::collections::BTreeMap;
use utoipa::openapi::response::Response;
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};

/// Items per page.
const PAGE: u64 = 100;

/// Norwegian licence for open government data.
const LICENSE: &str = "https://data.norge.no/nlod/no/2.0";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(non_snake_case)]
pub struct FeedParams {
    /// `modified` of the last item seen (with `afterId`).
    pub afterTimestamp: Option<i64>,
    /// `id` of the last item seen (with `afterTimestamp`).
    pub afterId: Option<Uuid>,
}

/// Feed item states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum FeedState {
    Updated,
    Deleted,
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedItem {
    pub id: Uuid,
    #[schema(value_type = FeedState)]
    pub state: &'static str,
    /// `Activity`, `Organisation` or `VolunteerOpportunity`.
    pub kind: &'static str,
    /// Strictly increasing in feed order (microseconds since 1970 when it was taken).
    pub modified: i64,
    /// The public representation; absent on `deleted` items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
}

/// One page of a feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedPage {
    /// The next page; on an empty page, this same page.
    pub next: String,
    pub items: Vec<FeedItem>,
    pub license: &'static str,
}

/// What every feed answers: a page of changes, or 422 for half a position.
struct FeedPages;

impl utoipa::IntoResponses for FeedPages {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        let page = ResponseBuilder::new()
            .description("A page of changes.")
            .content("application/json", Content::new(Some(Ref::from_schema_name("FeedPage"))))
            .build();
        let mut responses = FeedPosition::responses();
        responses.insert("200".to_owned(), RefOr::T(page));
        responses
    }
}

fn after(params: &FeedParams) -> Result<(i64, Uuid), ApiError> {
    match (params.afterTimestamp, params.afterId) {
        (None, None) => Ok((i64::MIN, Uuid::nil())),
        (Some(t), Some(id)) => Ok((t, id)),
        (Some(_), None) => Err(ApiError::validation("afterId", "is required with afterTimestamp")),
        (None, Some(_)) => Err(ApiError::validation("afterTimestamp", "is required with afterId")),
    }
}

/// The answer: one page of `kind` changes, `data` giving each public representation.
fn page<T>(
    cx: &Cx, params: &FeedParams, kind: &'static str, entries: Vec<FeedEntry<T>>,
    data: impl Fn(&T) -> Option<serde_json::Value>,
) -> Reply {
    // From the configured address only: `Host` and `X-Forwarded-*` are the client's to set.
    let base = format!("{}{}", cx.config.public_url, cx.req.path());
    let next = match entries.last() {
        Some(last) => format!("{base}?afterTimestamp={}&afterId={}", last.modified, last.id),
        None => match (params.afterTimestamp, params.afterId) {
            (Some(t), Some(id)) => format!("{base}?afterTimestamp={t}&afterId={id}"),
            _ => base,
        },
    };
    Ok(HttpResponse::Ok().json(FeedPage {
        next,
        items: entries
            .into_iter()
            .map(|e| FeedItem {
                id: e.id,
                state: if e.item.is_some() { "updated" } else { "deleted" },
                kind,
                modified: e.modified,
                data: e.item.as_ref().and_then(&data),
            })
            .collect(),
        license: LICENSE,
    }))
}

/// The public representation of an item as JSON, through its DTO.
fn as_json<T, Dto: for<'a> From<&'a T> + Serialize>(item: &T) -> Option<serde_json::Value> {
    serde_json::to_value(Dto::from(item)).ok()
}

/// Published activities of verified organisations, and tombstones for those that stopped
/// being public. `next_occurrences` is left out of `data`: it changes with the clock, not
/// with the activity.
#[utoipa::path(tag = "feeds", params(FeedParams), responses(FeedPages))]
#[get("/feeds/activities")]
pub async fn activities(cx: Cx, Query(params): Query<FeedParams>) -> Reply {
    let entries = cx.app.activity_feed(after(&params)?, PAGE).await?;
    let now = Utc::now();
    page(&cx, &params, "Activity", entries, |a| {
        let mut v = serde_json::to_value(ActivityDto::new(a, None, now)).ok()?;
        if let Some(o) = v.as_object_mut() {
            o.remove("next_occurrences");
        }
        Some(v)
    })
}

/// Verified organisations, and tombstones for those archived, rejected or unverified.
#[utoipa::path(tag = "feeds", params(FeedParams), responses(FeedPages))]
#[get("/feeds/organisations")]
pub async fn organisations(cx: Cx, Query(params): Query<FeedParams>) -> Reply {
    let entries = cx.app.organisation_feed(after(&params)?, PAGE).await?;
    page(&cx, &params, "Organisation", entries, as_json::<_, OrganisationDto>)
}

/// Public volunteer opportunities (never sign-ups), and tombstones.
#[utoipa::path(tag = "feeds", params(FeedParams), responses(FeedPages))]
#[get("/feeds/volunteer-opportunities")]
pub async fn opportunities(cx: Cx, Query(params): Query<FeedParams>) -> Reply {
    let entries = cx.app.opportunity_feed(after(&params)?, PAGE).await?;
    page(&cx, &params, "VolunteerOpportunity", entries, as_json::<_, OpportunityDto>)
}
