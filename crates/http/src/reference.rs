//! Reference data: kommunedeler (districts) and activity categories. Public, rarely changed,
//! so every answer carries an ETag and honours `If-None-Match`.

use actix_web::{HttpRequest, HttpResponse, get, web};
use fritid_domain::reference::{Category, District, Slug};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::etag::respond_cached;
use crate::extract::Query;
use crate::problem::{ApiError, Problem};

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
        Self {
            code: d.code,
            slug: d.slug.to_string(),
            name: d.name,
            short_name: d.short_name,
        }
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
        Self {
            slug: c.slug.to_string(),
            name: c.name,
            parent: c.parent.map(|p| p.to_string()),
        }
    }
}

/// A list of districts.
#[derive(Debug, Serialize, ToSchema)]
pub struct DistrictList {
    pub items: Vec<DistrictDto>,
}

/// A list of categories.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    pub items: Vec<CategoryDto>,
}

/// List the kommunedeler, in the municipality's order.
#[utoipa::path(
    tag = "reference data",
    responses(
        (status = 200, description = "All districts.", body = DistrictList,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
    )
)]
#[get("/districts")]
pub async fn list_districts(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let items = state.app.districts().await?;
    respond_cached(
        &req,
        &DistrictList {
            items: items.into_iter().map(DistrictDto::from).collect(),
        },
    )
}

/// One kommunedel by slug.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The district's slug, e.g. `konnerud`.")),
    responses(
        (status = 200, description = "The district.", body = DistrictDto,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 404, description = "No such district.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/districts/{slug}")]
pub async fn get_district(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    // A malformed slug cannot name a district: that is "not found", not a validation error.
    let slug = Slug::parse("slug", &slug).map_err(|_| ApiError::NotFound)?;
    let district = state.app.district(&slug).await?;
    respond_cached(&req, &DistrictDto::from(district))
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
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 422, description = "`parent` is not a known category.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories")]
pub async fn list_categories(
    req: HttpRequest,
    state: web::Data<AppState>,
    Query(filter): Query<CategoryFilter>,
) -> Result<HttpResponse, ApiError> {
    let mut items = state.app.categories().await?;
    if let Some(parent) = filter.parent {
        let parent = Slug::parse("parent", &parent)?;
        if !items.iter().any(|c| c.slug == parent) {
            return Err(ApiError::validation("parent", "is not a known category"));
        }
        items.retain(|c| c.parent.as_ref() == Some(&parent));
    }
    respond_cached(
        &req,
        &CategoryList {
            items: items.into_iter().map(CategoryDto::from).collect(),
        },
    )
}

/// One category by slug.
#[utoipa::path(
    tag = "reference data",
    params(("slug" = String, Path, description = "The category's slug, e.g. `fotball`.")),
    responses(
        (status = 200, description = "The category.", body = CategoryDto,
            headers(("ETag" = String, description = "Version of the representation"))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 404, description = "No such category.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/categories/{slug}")]
pub async fn get_category(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let slug = Slug::parse("slug", &slug).map_err(|_| ApiError::NotFound)?;
    let category = state.app.category(&slug).await?;
    respond_cached(&req, &CategoryDto::from(category))
}
