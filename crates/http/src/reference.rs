//! Reference data: kommunedeler (districts) and activity categories. Public, rarely changed,
//! so every answer carries an ETag and honours `If-None-Match`.

use crate::context::{Cx, Reply};
use actix_web::get;
use actix_web::web::Path;
use fritid_domain::reference::{Category, District, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::etag::respond_cached;
use crate::extract::Query;
use crate::problem::{ApiError, Problem};
use crate::responses::NotModified;

/// A kommunedel.
#[derive(Debug, Serialize, ToSchema)]
pub struct DistrictDto {
    /// The municipality's number for the kommunedel.
    #[schema(example = "05")]
    pub code: String,
    #[schema(example = "konnerud")]
    pub slug: String,
    #[schema(example = "Konnerud og Skoger vest")]
    pub name: String,
    #[schema(example = "Konnerud")]
    pub short_name: Option<String>,
}

impl From<District> for DistrictDto {
    fn from(d: District) -> Self {
        Self { code: d.code, slug: d.slug.to_string(), name: d.name, short_name: d.short_name }
    }
}

/// An activity category. A search for a parent also finds its subcategories.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryDto {
    #[schema(example = "fotball")]
    pub slug: String,
    #[schema(example = "Fotball")]
    pub name: String,
    /// The slug of the parent category, if any.
    #[schema(example = "idrett")]
    pub parent: Option<String>,
}

impl From<Category> for CategoryDto {
    fn from(c: Category) -> Self {
        Self { slug: c.slug.to_string(), name: c.name, parent: c.parent.map(|p| p.to_string()) }
    }
}

crate::pagination::list_type!(
    /// A list of districts.
    DistrictList(DistrictDto)
);

crate::pagination::list_type!(
    /// A list of categories.
    CategoryList(CategoryDto)
);

/// List the kommunedeler, in the municipality's order.
#[utoipa::path(
    tag = "reference data",
    responses(
        (status = 200, description = "All districts.", body = DistrictList,
            headers(("ETag" = String, description = "Version of the representation"))),
        NotModified,
    )
)]
#[get("/districts")]
pub async fn list_districts(cx: Cx) -> Reply {
    let items = cx.app.districts().await?;
    respond_cached(&cx.req, &items.into_iter().collect::<DistrictList>())
}

/// One kommunedel by slug.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The district's slug, e.g. `konnerud`.")),
    responses(
        (status = 200, description = "The district.", body = DistrictDto,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 404, description = "No such district.", body = Problem, content_type = "application/problem+json"),
        NotModified,
    )
)]
#[get("/districts/{slug}")]
pub async fn get_district(cx: Cx, slug: Path<String>) -> Reply {
    // A malformed slug cannot name a district: that is "not found", not a validation error.
    let slug = Slug::parse("slug", &slug).map_err(|_| ApiError::NOT_FOUND)?;
    let district = cx.app.district(&slug).await?;
    respond_cached(&cx.req, &DistrictDto::from(district))
}

/// Filters for the category list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CategoryFilter {
    /// Only the direct subcategories of this category (slug).
    #[param(example = "idrett")]
    pub parent: Option<String>,
}

/// List the activity categories, each with its parent.
#[utoipa::path(
    tag = "reference data",
    params(CategoryFilter),
    responses(
        (status = 200, description = "All categories.", body = CategoryList,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 422, description = "`parent` is not a known category.", body = Problem, content_type = "application/problem+json"),
        NotModified,
    )
)]
#[get("/categories")]
pub async fn list_categories(cx: Cx, Query(filter): Query<CategoryFilter>) -> Reply {
    let mut items = cx.app.categories().await?;
    if let Some(parent) = filter.parent {
        let parent = Slug::parse("parent", &parent)?;
        if !items.iter().any(|c| c.slug == parent) {
            return Err(ApiError::validation("parent", "is not a known category"));
        }
        items.retain(|c| c.parent.as_ref() == Some(&parent));
    }
    respond_cached(&cx.req, &items.into_iter().collect::<CategoryList>())
}

/// One category by slug.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The category's slug, e.g. `fotball`.")),
    responses(
        (status = 200, description = "The category.", body = CategoryDto,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 404, description = "No such category.", body = Problem, content_type = "application/problem+json"),
        NotModified,
    )
)]
#[get("/categories/{slug}")]
pub async fn get_category(cx: Cx, slug: Path<String>) -> Reply {
    let slug = Slug::parse("slug", &slug).map_err(|_| ApiError::NOT_FOUND)?;
    let category = cx.app.category(&slug).await?;
    respond_cached(&cx.req, &CategoryDto::from(category))
}
