//! Registration, the profile, the public list.

use crate::context::{Cx, Reply};
use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use fritid_app::OrganisationFilter;
use fritid_app::organisations::{OrganisationPatch, OrganisationView};
use fritid_domain::ValidationErrors;
use fritid_domain::organisation::{
    Organisation, OrganisationInput, OrganisationKind, OrganisationStatus, PendingChanges,
};
use fritid_domain::reference::Slug;
use fritid_domain::text::clean_text;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{OptionalIfMatch, RequiredIfMatch, if_match, tagged, tagged_read, version_tag};
use crate::extract::{Json, Query, each, one};
use crate::pagination;
use crate::responses::{
    EmailNotVerified, IfMatchOptional, IfMatchRequired, InvalidFields, InvalidFieldsListed,
    InvalidParameters, NoSuchOrganisation, NotModified, NotOwnerOrEditor, NotVisibleToCaller,
    OrgNumberTaken, OrgNumberTakenOrArchived, OwnerOnly,
};
use actix_web::http::StatusCode;

/// Moderation states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum OrganisationStatusDto {
    Pending,
    Verified,
    Rejected,
    Archived,
}

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: Uuid,
    #[schema(example = "Konnerud IL")]
    pub name: String,
    #[schema(value_type = fritid_domain::doc::OrganisationKindDto)]
    pub kind: String,
    /// Organisasjonsnummer (9 digits).
    #[schema(example = "942110464")]
    pub org_number: Option<String>,
    pub description: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// Slugs of the kommunedeler it serves.
    pub districts: Vec<String>,
    /// Only `verified` organisations are public.
    #[schema(value_type = OrganisationStatusDto)]
    pub status: String,
    /// Why a moderator rejected it, or (for members and admins of a verified organisation)
    /// why its latest pending changes were discarded.
    pub rejection_reason: Option<String>,
    /// Changes to the name, kind, organisasjonsnummer or website of a verified
    /// organisation, waiting for a municipality admin; until then everyone else sees the
    /// verified values above. Members and admins only; absent when nothing waits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_changes: Option<PendingChangesDto>,
    /// Sign-ups still unanswered (`new`) after the configured number of days. Members and
    /// admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_signups: Option<u64>,
    /// Increases with every change; the ETag is derived from it.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Organisation> for OrganisationDto {
    fn from(o: &Organisation) -> Self {
        let p = &o.profile;
        Self {
            id: o.id,
            name: p.name.clone(),
            kind: p.kind.as_str().to_owned(),
            org_number: p.org_number.as_ref().map(|n| n.as_str().to_owned()),
            description: p.description.clone(),
            email: p.email.as_ref().map(|e| e.to_string()),
            phone: p.phone.clone(),
            website: p.website.clone(),
            districts: p.districts.iter().map(|d| d.to_string()).collect(),
            status: o.status.as_str().to_owned(),
            // On a verified organisation the reason is about discarded changes: members only.
            rejection_reason: o
                .rejection_reason
                .clone()
                .filter(|_| o.status != OrganisationStatus::Verified),
            pending_changes: None,
            stale_signups: None,
            version: o.version,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

/// Identity changes waiting for approval; a field is present only when it changed (`null`
/// removes an optional value).
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingChangesDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<fritid_domain::doc::OrganisationKindDto>)]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_number: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<Option<String>>,
    /// When the oldest of these changes was made.
    pub since: Option<DateTime<Utc>>,
}

impl PendingChangesDto {
    fn new(p: &PendingChanges, since: Option<DateTime<Utc>>) -> Self {
        Self {
            name: p.name.clone(),
            kind: p.kind.map(|k| k.as_str().to_owned()),
            org_number: p.org_number.as_ref().map(|o| o.as_ref().map(|n| n.as_str().to_owned())),
            website: p.website.clone(),
            since,
        }
    }
}

crate::pagination::page_type!(OrganisationPage(OrganisationDto));

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationSearch {
    /// Words in the name (case-insensitive).
    pub q: Option<String>,
    /// Kommunedel slug; repeat for several (any of them).
    #[serde(default)]
    pub district: Vec<String>,
    #[param(value_type = Option<fritid_domain::doc::OrganisationKindDto>)]
    pub kind: Option<String>,
    /// Organisations with a published activity in this category (slug; a parent category
    /// includes its subcategories).
    #[param(pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub category: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RejectRequest {
    /// Shown to the organisation's members. 1–2000 characters.
    #[schema(example = "Vi fant ikke organisasjonen i Enhetsregisteret.")]
    pub reason: String,
}

/// The representation of what the actor may see, and its ETag: for members and admins with
/// the pending changes, the reason for discarded ones and the count of unanswered sign-ups,
/// under an ETag that covers the count (`If-Match` compares only the version part).
fn view_dto(view: &OrganisationView) -> (OrganisationDto, String) {
    let o = &view.organisation;
    let mut dto = OrganisationDto::from(o);
    match view.stale_signups {
        Some(n) => {
            dto.rejection_reason.clone_from(&o.rejection_reason);
            dto.pending_changes =
                o.pending.as_ref().map(|p| PendingChangesDto::new(p, o.pending_since));
            dto.stale_signups = Some(n);
            (dto, format!("\"v{}-{n}\"", o.version))
        }
        None => (dto, version_tag(o.version)),
    }
}

pub(super) fn answer(status: StatusCode, view: &OrganisationView) -> HttpResponse {
    let (dto, tag) = view_dto(view);
    tagged(status, &tag, &dto)
}

/// List verified organisations.
#[utoipa::path(
    tag = "organisations",
    params(OrganisationSearch),
    responses(
        (status = 200, description = "A page of verified organisations, by name.", body = OrganisationPage),
        InvalidParameters,
    )
)]
#[get("/organisations")]
pub async fn list_organisations(cx: Cx, Query(search): Query<OrganisationSearch>) -> Reply {
    let mut errors = ValidationErrors::new();
    let limit = pagination::limit(search.limit, &mut errors);
    let districts = each(&search.district, &mut errors, |v| Slug::parse("district", v));
    let kind = one(search.kind.as_deref(), &mut errors, |v| OrganisationKind::parse("kind", v));
    let category = one(search.category.as_deref(), &mut errors, |v| Slug::parse("category", v));
    let q = one(search.q.as_deref(), &mut errors, |v| clean_text("q", v, 0, 200));
    errors.finish()?;
    let page = cx
        .app
        .list_organisations(
            &OrganisationFilter { q, districts, kind, category },
            search.cursor.as_deref(),
            limit,
        )
        .await?;
    Ok(HttpResponse::Ok().json(OrganisationPage::of(page, |o| OrganisationDto::from(&o))))
}

/// Register an organisation. The caller becomes its owner; it waits as `pending` until a
/// municipality moderator verifies it. The caller's e-mail address must be confirmed first
/// (403 `urn:fritid:problem:email-not-verified` until it is).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created.", body = OrganisationDto,
            headers(("ETag" = String), ("Location" = String))),
        EmailNotVerified, OrgNumberTaken, InvalidFieldsListed,
    )
)]
#[post("/organisations")]
pub async fn create_organisation(
    cx: Cx, auth: Authenticated, Json(input): Json<OrganisationInput>,
) -> Reply {
    let view = cx.app.create_organisation(&auth.user, input).await?;
    let mut res = answer(actix_web::http::StatusCode::CREATED, &view);
    if let Ok(location) =
        header::HeaderValue::from_str(&format!("/api/v1/organisations/{}", view.organisation.id))
    {
        res.headers_mut().insert(header::LOCATION, location);
    }
    Ok(res)
}

/// One organisation: public once verified; members and admins see it in any state.
#[utoipa::path(
    tag = "organisations",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The organisation.", body = OrganisationDto, headers(("ETag" = String))),
        NotVisibleToCaller, NotModified,
    )
)]
#[get("/organisations/{id}")]
pub async fn get_organisation(cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>) -> Reply {
    let view = cx.app.organisation(&auth.actor(), *id).await?;
    let (dto, tag) = view_dto(&view);
    Ok(tagged_read(&cx.req, &tag, || dto))
}

/// Change the profile. Requires `If-Match` with the ETag you read (412 when it is stale,
/// 428 when it is missing). On a verified organisation, a new name, kind,
/// organisasjonsnummer or website is not public until a municipality admin approves it: the
/// answer shows the verified values with the change under `pending_changes`.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), RequiredIfMatch),
    responses(
        (status = 200, description = "Updated.", body = OrganisationDto, headers(("ETag" = String))),
        NotOwnerOrEditor, OrgNumberTakenOrArchived,
        NoSuchOrganisation, IfMatchRequired, InvalidFields,
    )
)]
#[patch("/organisations/{id}")]
pub async fn update_organisation(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(patch): Json<OrganisationPatch>,
) -> Reply {
    let expected = if_match(&cx.req, true)?;
    let view = cx.app.update_organisation(&auth.user, *id, expected, patch).await?;
    Ok(answer(actix_web::http::StatusCode::OK, &view))
}

/// Archive the organisation (owners): it stops being public and its activities are
/// unpublished. `If-Match` is optional here.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), OptionalIfMatch),
    responses(
        (status = 204, description = "Archived."),
        OwnerOnly, NoSuchOrganisation, IfMatchOptional,
    )
)]
#[delete("/organisations/{id}")]
pub async fn archive_organisation(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let expected = if_match(&cx.req, false)?;
    cx.app.archive_organisation(&auth.user, *id, expected).await?;
    Ok(HttpResponse::NoContent().finish())
}
