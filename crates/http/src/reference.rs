//! Reference data: kommunedeler (districts) and activity categories. Public, rarely changed,
//! so every answer carries an ETag and honours `If-None-Match`. Retired ones stay readable
//! one by one (listings that use them show them) but leave the lists unless asked for.

use crate::context::{Cx, Reply};
use actix_web::get;
use actix_web::web::Path;
use fritid_domain::ValidationErrors;
use fritid_domain::reference::{Category, District, Slug};
use serde::Deserialize;
use std::convert::identity;
use utoipa::IntoParams;

use crate::etag::{reference_tag, respond_cached, tagged_read};
use crate::extract::{Query, one, parse_bool};
use crate::pagination::{PageParams, page_of_list};
use crate::problem::ApiError;
use crate::responses::{
    InvalidCategoryFilter, InvalidParameters, NoSuchCategory, NoSuchDistrict, NotModified,
};

/// A district as JSON with its ETag: the version (for `If-Match`) and a digest of the body.
pub(crate) fn district_answer(d: District) -> Result<(District, String), ApiError> {
    let tag = reference_tag(d.version, &d)?;
    Ok((d, tag))
}

/// A category as JSON with its ETag, as for districts.
pub(crate) fn category_answer(c: Category) -> Result<(Category, String), ApiError> {
    let tag = reference_tag(c.version, &c)?;
    Ok((c, tag))
}

/// Whether a list includes retired ones: `include_retired` is a boolean (true/false/1/0).
fn include_retired(value: Option<&str>, errors: &mut ValidationErrors) -> bool {
    value.and_then(|v| parse_bool("include_retired", v, errors)).unwrap_or(false)
}

/// Filters for the district list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DistrictFilter {
    /// Also the retired ones (`true`/`false`, `1`/`0`; default false).
    #[param(value_type = Option<bool>)]
    pub include_retired: Option<String>,
}

crate::pagination::page_type!(
    /// A page of districts.
    DistrictList(District)
);

crate::pagination::page_type!(
    /// A page of categories.
    CategoryList(Category)
);

/// List the kommunedeler, in the municipality's order: the active ones, or with
/// `include_retired=true` all of them.
#[utoipa::path(
    tag = "reference data",
    params(DistrictFilter, PageParams),
    responses(
        (status = 200, description = "The districts.", body = DistrictList,
            headers(("ETag" = String, description = "Version of the representation"))),
        InvalidParameters, NotModified,
    )
)]
#[get("/districts")]
pub async fn list_districts(
    cx: Cx, Query(filter): Query<DistrictFilter>, Query(page): Query<PageParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let include_retired = include_retired(filter.include_retired.as_deref(), &mut errors);
    let mut items = cx.app.districts().await?;
    items.retain(|d| include_retired || !d.retired);
    let page = page_of_list(items, |d| d.code.clone(), &page, &mut errors)?;
    errors.finish()?;
    respond_cached(&cx.req, &DistrictList::of(page, identity))
}

/// The slug in a path: a malformed one cannot name anything, so it is "not found", not a
/// validation error.
pub(crate) fn path_slug(slug: &str) -> Result<Slug, ApiError> {
    Slug::parse("slug", slug).map_err(|_| ApiError::NOT_FOUND)
}

/// One kommunedel by slug, retired or not.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The district's slug, e.g. `konnerud`.")),
    responses(
        (status = 200, description = "The district.", body = District,
            headers(("ETag" = String, description = "Version of the representation"))),
        NoSuchDistrict, NotModified,
    )
)]
#[get("/districts/{slug}")]
pub async fn get_district(cx: Cx, slug: Path<String>) -> Reply {
    let (dto, tag) = district_answer(cx.app.district(&path_slug(&slug)?).await?)?;
    Ok(tagged_read(&cx.req, &tag, || dto))
}

/// Filters for the category list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryFilter {
    /// Only the direct subcategories of this category (slug).
    #[param(example = "idrett")]
    pub parent: Option<String>,
    /// Also the retired ones (`true`/`false`, `1`/`0`; default false).
    #[param(value_type = Option<bool>)]
    pub include_retired: Option<String>,
}

/// List the activity categories, each with its parent: the active ones, or with
/// `include_retired=true` all of them.
#[utoipa::path(
    tag = "reference data",
    params(CategoryFilter, PageParams),
    responses(
        (status = 200, description = "The categories.", body = CategoryList,
            headers(("ETag" = String, description = "Version of the representation"))),
        InvalidCategoryFilter, NotModified,
    )
)]
#[get("/categories")]
pub async fn list_categories(
    cx: Cx, Query(filter): Query<CategoryFilter>, Query(page): Query<PageParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let include_retired = include_retired(filter.include_retired.as_deref(), &mut errors);
    let parent = one(filter.parent.as_deref(), &mut errors, |v| Slug::parse("parent", v));
    let mut items = cx.app.categories().await?;
    if let Some(parent) = parent {
        if !items.iter().any(|c| c.slug == parent) {
            errors.push("parent", "is not a known category");
        }
        items.retain(|c| c.parent.as_ref() == Some(&parent));
    }
    items.retain(|c| include_retired || !c.retired);
    let page = page_of_list(items, |c| c.slug.to_string(), &page, &mut errors)?;
    errors.finish()?;
    respond_cached(&cx.req, &CategoryList::of(page, identity))
}

/// One category by slug, retired or not.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The category's slug, e.g. `fotball`.")),
    responses(
        (status = 200, description = "The category.", body = Category,
            headers(("ETag" = String, description = "Version of the representation"))),
        NoSuchCategory, NotModified,
    )
)]
#[get("/categories/{slug}")]
pub async fn get_category(cx: Cx, slug: Path<String>) -> Reply {
    let (dto, tag) = category_answer(cx.app.category(&path_slug(&slug)?).await?)?;
    Ok(tagged_read(&cx.req, &tag, || dto))
}
