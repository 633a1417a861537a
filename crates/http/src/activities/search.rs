//! The resident side: search with every filter, facets and sorts.

use super::rendered::{RenderedItem, RenderedItems};
use crate::context::{Cx, Reply};
use crate::problem::ApiError;
use crate::responses::InvalidParametersListed;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get};
use chrono::Utc;
use fritid_app::SearchPage;
use fritid_app::search_index::Reader;
use fritid_domain::ValidationErrors;
use serde::Serialize;
use utoipa::ToSchema;

use crate::extract::Query;
use fritid_app::query::SearchParams;

use super::*;

// ---------------------------------------------------------------------------------------
// Resident search

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
    #[schema(value_type = Vec<ActivityDto>)]
    pub items: Vec<RenderedItem>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Present when `facets` was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetsDto>,
}

fn facet_counts(v: Option<Vec<(String, u64)>>) -> Option<Vec<FacetCount>> {
    v.map(|v| v.into_iter().map(|(value, count)| FacetCount { value, count }).collect())
}

fn results(
    page: SearchPage, with_facets: bool, rendered: &RenderedItems,
) -> Result<SearchResults, serde_json::Error> {
    let now = Utc::now();
    Ok(SearchResults {
        items: page
            .items
            .iter()
            .map(|h| rendered.item(&h.activity, h.distance_km, now))
            .collect::<Result<_, _>>()?,
        next_cursor: page.next_cursor,
        facets: with_facets.then(|| FacetsDto {
            district: facet_counts(page.facets.district),
            category: facet_counts(page.facets.category),
        }),
    })
}

/// Search published activities.
#[utoipa::path(
    tag = "activities",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of matching activities.", body = SearchResults),
        InvalidParametersListed,
    )
)]
#[get("/activities")]
pub async fn search_activities(
    cx: Cx, req: HttpRequest, Query(params): Query<SearchParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let parsed = params.parse(&mut errors);
    errors.finish()?;
    let with_facets = parsed.facets.district || parsed.facets.category;
    let reader = if req.headers().contains_key(header::AUTHORIZATION) {
        Reader::Identified
    } else {
        Reader::Anonymous
    };
    let page = cx.app.search_activities(&parsed, reader).await?;
    let results = results(page, with_facets, &cx.rendered).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(results))
}
