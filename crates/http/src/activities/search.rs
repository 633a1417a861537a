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
    /// Present when nothing matched every word of `q`, some of its words name filters (a
    /// kommunedel's name, "9 år", "gratis", "tirsdag", "ettermiddag", "barn", …; a
    /// category's name when the others alone match nothing), and with those as filters
    /// something matches. The results are always those of `q` as free
    /// text; follow the suggestion, or offer it to the person searching, for the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// The same search with the words of `q` that name filters as those filters.
#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestion {
    /// The query string of that search (`q` without the words read, the filters added,
    /// every other parameter as asked), for `GET /api/v1/activities?…`.
    #[schema(
        example = "q=fotball&district=konnerud&age=9&time_from=12%3A00&time_to=18%3A00&free=true"
    )]
    pub query: String,
    /// Each word read, in the order typed.
    pub readings: Vec<WordReading>,
}

/// Words of `q` and the parameters they were read as.
#[derive(Debug, Serialize, ToSchema)]
pub struct WordReading {
    /// The words as typed, e.g. `9-åringer`.
    pub words: String,
    pub parameters: Vec<ParameterValue>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ParameterValue {
    /// A parameter of this search, e.g. `age`.
    pub name: String,
    pub value: String,
}

impl Suggestion {
    fn new(
        read: &SearchParams, readings: Vec<fritid_domain::reading::Reading>,
    ) -> Result<Self, serde_html_form::ser::Error> {
        let readings = readings
            .into_iter()
            .map(|r| WordReading {
                parameters: fritid_app::query_reading::parameters(&r.meaning)
                    .into_iter()
                    .map(|(name, value)| ParameterValue { name: name.to_owned(), value })
                    .collect(),
                words: r.typed,
            })
            .collect();
        Ok(Self { query: serde_html_form::to_string(read)?, readings })
    }
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
        suggestion: None,
    })
}

/// Search published activities.
///
/// When nothing matches every word of `q` and some of its words name filters, with which
/// something matches, the answer carries a `suggestion`: that search's query string and the
/// words read ("fotball for 9-åringer på Konnerud, gratis" → `q=fotball`, `age=9`,
/// `district=konnerud`, `free=true`).
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
    let nothing_found = page.items.is_empty();
    let mut results = results(page, with_facets, &cx.rendered).map_err(ApiError::internal)?;
    if nothing_found
        && let Some((read, readings)) = cx.app.read_search_words(&params, reader).await?
    {
        results.suggestion = Some(Suggestion::new(&read, readings).map_err(ApiError::internal)?);
    }
    Ok(HttpResponse::Ok().json(results))
}
