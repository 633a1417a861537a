//! The municipality's admins keep the reference data: kommunedeler (districts) and activity
//! categories are created, renamed, retired (left out of the choosers, still shown where
//! they are used) and, while nothing uses them, deleted. A slug never changes.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, patch, post};
use fritid_app::reference::{CategoryChange, CategoryInput, Change, DistrictChange, DistrictInput};
use fritid_domain::reference::{Category, District, Slug};
use serde::de::{Deserializer, IgnoredAny};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::context::{Cx, Reply};
use crate::etag::{OptionalIfMatch, RequiredIfMatch, if_match, tagged};
use crate::extract::Json;
use crate::problem::ApiError;
use crate::reference::{category_answer, district_answer};
use crate::responses::{
    AdminOnly, IfMatchOptional, IfMatchRequired, InUse, InvalidFields, NoSuchCategory,
    NoSuchDistrict, SlugOrCodeTaken, SlugTaken,
};

/// A change of a kommunedel: absent fields keep their value. The slug and the code never
/// change: naming them is refused (422).
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateDistrictRequest {
    pub name: Option<String>,
    /// `null` removes it.
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub short_name: Option<Option<String>>,
    /// `true` retires it: no longer offered for new listings, kept by those that use it.
    /// `false` offers it again.
    pub retired: Option<bool>,
    #[serde(default, deserialize_with = "named")]
    #[schema(ignore)]
    pub slug: bool,
    #[serde(default, deserialize_with = "named")]
    #[schema(ignore)]
    pub code: bool,
}

/// A change of a category: absent fields keep their value. The slug never changes: naming
/// it is refused (422).
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateCategoryRequest {
    pub name: Option<String>,
    /// Another category (not this one, nor one of its subcategories); `null` makes it a
    /// top-level category.
    #[serde(default, deserialize_with = "fritid_domain::wire::present")]
    pub parent: Option<Option<String>>,
    /// `true` retires it: no longer offered for new activities, kept by those that have
    /// it. `false` offers it again.
    pub retired: Option<bool>,
    #[serde(default, deserialize_with = "named")]
    #[schema(ignore)]
    pub slug: bool,
}

/// A field that is refused whatever it holds: `true` when the body names it.
fn named<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    IgnoredAny::deserialize(d).map(|_| true)
}

/// The slug in the path (a malformed one cannot name anything) and the version `If-Match`
/// names, which an update requires and a delete may leave out.
fn target(cx: &Cx, path: &str, required: bool) -> Result<(Slug, Option<i32>), ApiError> {
    Ok((crate::reference::path_slug(path)?, if_match(&cx.req, required)?))
}

/// The part of a change that districts and categories alike have; `fixed` pairs each field
/// that never changes with whether the body named it.
fn common(name: Option<String>, retired: Option<bool>, fixed: &[(&str, bool)]) -> Change {
    let fixed = fixed.iter().filter(|(_, named)| *named).map(|(f, _)| (*f).to_owned()).collect();
    Change { name, retired, fixed }
}

/// `201 Created` with the new resource, its ETag and its address.
fn created<T: Serialize>((dto, tag): (T, String), location: &str) -> HttpResponse {
    let mut res = tagged(StatusCode::CREATED, &tag, &dto);
    if let Ok(location) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, location);
    }
    res
}

/// `200 OK` with the changed resource and its ETag.
fn changed<T: Serialize>((dto, tag): (T, String)) -> HttpResponse {
    tagged(StatusCode::OK, &tag, &dto)
}

/// Add a kommunedel (admins).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created.", body = District,
            headers(("ETag" = String), ("Location" = String))),
        SlugOrCodeTaken, AdminOnly, InvalidFields,
    )
)]
#[post("/admin/districts")]
pub async fn create_district(
    cx: Cx, auth: Authenticated, Json(input): Json<DistrictInput>,
) -> Reply {
    let district = cx.app.create_district(&auth.user, input).await?;
    let location = format!("/api/v1/districts/{}", district.slug);
    Ok(created(district_answer(district)?, &location))
}

/// Rename, retire or restore a kommunedel (admins). Requires `If-Match` with the ETag you
/// read (412 when it is stale, 428 when it is missing).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("slug" = String, Path), RequiredIfMatch),
    responses(
        (status = 200, description = "Changed.", body = District, headers(("ETag" = String))),
        AdminOnly, NoSuchDistrict, IfMatchRequired, InvalidFields,
    )
)]
#[patch("/admin/districts/{slug}")]
pub async fn update_district(
    cx: Cx, auth: Authenticated, slug: Path<String>, Json(body): Json<UpdateDistrictRequest>,
) -> Reply {
    let (slug, expected) = target(&cx, &slug, true)?;
    let fixed = [("slug", body.slug), ("code", body.code)];
    let common = common(body.name, body.retired, &fixed);
    let change = DistrictChange { common, short_name: body.short_name };
    let district = cx.app.update_district(&auth.user, &slug, expected, change).await?;
    Ok(changed(district_answer(district)?))
}

/// Delete a kommunedel (admins) that nothing uses: no activity (of any status), no
/// organisation and no volunteer opportunity. While anything does, 409: retire it instead.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("slug" = String, Path), OptionalIfMatch),
    responses(
        (status = 204, description = "Deleted."),
        InUse, AdminOnly, NoSuchDistrict, IfMatchOptional,
    )
)]
#[delete("/admin/districts/{slug}")]
pub async fn delete_district(cx: Cx, auth: Authenticated, slug: Path<String>) -> Reply {
    let (slug, expected) = target(&cx, &slug, false)?;
    cx.app.delete_district(&auth.user, &slug, expected).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Add a category (admins), optionally under a parent.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created.", body = Category,
            headers(("ETag" = String), ("Location" = String))),
        SlugTaken, AdminOnly, InvalidFields,
    )
)]
#[post("/admin/categories")]
pub async fn create_category(
    cx: Cx, auth: Authenticated, Json(input): Json<CategoryInput>,
) -> Reply {
    let category = cx.app.create_category(&auth.user, input).await?;
    let location = format!("/api/v1/categories/{}", category.slug);
    Ok(created(category_answer(category)?, &location))
}

/// Rename, move, retire or restore a category (admins). Requires `If-Match` with the ETag
/// you read (412 when it is stale, 428 when it is missing).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("slug" = String, Path), RequiredIfMatch),
    responses(
        (status = 200, description = "Changed.", body = Category, headers(("ETag" = String))),
        AdminOnly, NoSuchCategory, IfMatchRequired, InvalidFields,
    )
)]
#[patch("/admin/categories/{slug}")]
pub async fn update_category(
    cx: Cx, auth: Authenticated, slug: Path<String>, Json(body): Json<UpdateCategoryRequest>,
) -> Reply {
    let (slug, expected) = target(&cx, &slug, true)?;
    let common = common(body.name, body.retired, &[("slug", body.slug)]);
    let change = CategoryChange { common, parent: body.parent };
    let category = cx.app.update_category(&auth.user, &slug, expected, change).await?;
    Ok(changed(category_answer(category)?))
}

/// Delete a category (admins) that no activity (of any status) has and that is no other
/// category's parent. While anything uses it, 409: retire it instead.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("slug" = String, Path), OptionalIfMatch),
    responses(
        (status = 204, description = "Deleted."),
        InUse, AdminOnly, NoSuchCategory, IfMatchOptional,
    )
)]
#[delete("/admin/categories/{slug}")]
pub async fn delete_category(cx: Cx, auth: Authenticated, slug: Path<String>) -> Reply {
    let (slug, expected) = target(&cx, &slug, false)?;
    cx.app.delete_category(&auth.user, &slug, expected).await?;
    Ok(HttpResponse::NoContent().finish())
}
