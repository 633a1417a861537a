//! The organisation side: create, change, publish, delete.

use crate::context::{Cx, Reply};
use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::Utc;
use fritid_app::activities::ActivityPatch;
use fritid_domain::ValidationErrors;
use fritid_domain::activity::{Activity, ActivityInput, ActivityStatus};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{
    OptionalIfMatch, RequiredIfMatch, if_match, tagged, tagged_read, version_tag, with_version,
};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::problem::ApiError;
use actix_web::http::StatusCode;

use super::*;
use crate::responses::{
    ArchivedOrRejected, IfMatchOptional, IfMatchRequired, InvalidFields, InvalidFieldsListed,
    InvalidParameters, MemberOnly, NoSuchActivity, NoSuchOrganisation, NoVisibleActivity,
    NoVisibleOrganisation, NotModified, OrganisationArchived,
};

// ---------------------------------------------------------------------------------------
// Organisation-side handlers

/// Create an activity (members of the organisation). It starts as a draft.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation")),
    responses(
        (status = 201, description = "Created as a draft.", body = ActivityDto,
            headers(("ETag" = String), ("Location" = String))),
        InvalidFieldsListed, MemberOnly, NoSuchOrganisation, OrganisationArchived,
    )
)]
#[post("/organisations/{id}/activities")]
pub async fn create_activity(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(body): Json<ActivityInput>,
) -> Reply {
    let activity = cx.app.create_activity(&auth.user, *id, body).await?;
    let res = HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/activities/{}", activity.id)))
        .json(ActivityDto::new(&activity, None, Utc::now()));
    Ok(with_version(res, activity.version))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OwnListParams {
    /// Members only: `draft`, `published`, `unpublished` (repeatable; default all but deleted).
    #[serde(default)]
    #[param(value_type = Vec<ActivityStatusDto>)]
    pub status: Vec<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

crate::pagination::page_type!(ActivityPage(ActivityDto));

/// The organisation's activities, newest change first: the public ones for everyone, every
/// status for its members.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), OwnListParams),
    responses(
        (status = 200, description = "A page of activities.", body = ActivityPage),
        NoVisibleOrganisation, InvalidParameters,
    )
)]
#[get("/organisations/{id}/activities")]
pub async fn list_organisation_activities(
    cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>, Query(params): Query<OwnListParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let limit = pagination::limit(params.limit, &mut errors);
    let mut statuses = Vec::new();
    for (i, s) in params.status.iter().enumerate() {
        match ActivityStatus::parse(s).filter(|s| *s != ActivityStatus::Deleted) {
            Some(s) => statuses.push(s),
            None => {
                errors.push(format!("status[{i}]"), "must be one of: draft, published, unpublished")
            }
        }
    }
    errors.finish()?;
    let page = cx
        .app
        .organisation_activities(&auth.actor(), *id, statuses, params.cursor.as_deref(), limit)
        .await?;
    let now = Utc::now();
    Ok(HttpResponse::Ok().json(ActivityPage::of(page, |a| ActivityDto::new(&a, None, now))))
}

/// One activity: public once published by a verified organisation; members see drafts.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The activity.", body = ActivityDto, headers(("ETag" = String))),
        NotModified, NoVisibleActivity,
    )
)]
#[get("/activities/{id}")]
pub async fn get_activity(cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>) -> Reply {
    let activity = cx.app.activity(&auth.actor(), *id).await?;
    Ok(tagged_read(&cx.req, &version_tag(activity.version), || {
        ActivityDto::new(&activity, None, Utc::now())
    }))
}

/// Change an activity (members). Requires `If-Match` (412 when stale, 428 when missing).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), RequiredIfMatch),
    responses(
        (status = 200, description = "Updated.", body = ActivityDto, headers(("ETag" = String))),
        MemberOnly, NoSuchActivity, IfMatchRequired, InvalidFields,
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(patch): Json<ActivityPatch>,
) -> Reply {
    let expected = if_match(&cx.req, true)?;
    let updated = cx.app.update_activity(&auth.user, *id, expected, patch).await?;
    Ok(answer(&updated))
}

/// Moves the activity to `status` (checking `If-Match` when sent).
async fn change_status(
    cx: &Cx, auth: &Authenticated, id: Uuid, status: ActivityStatus,
) -> Result<Activity, ApiError> {
    let expected = if_match(&cx.req, false)?;
    let app = &cx.app;
    Ok(app.set_activity_status(&auth.user, id, status, expected).await?)
}

/// 200 with the activity as its organisation's members see it, and its ETag.
fn answer(activity: &Activity) -> HttpResponse {
    let dto = ActivityDto::new(activity, None, Utc::now());
    tagged(StatusCode::OK, &version_tag(activity.version), &dto)
}

/// Publish (members): public at once if the organisation is verified, otherwise as soon as
/// it is. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), OptionalIfMatch),
    responses(
        (status = 200, description = "Published.", body = ActivityDto, headers(("ETag" = String))),
        ArchivedOrRejected, MemberOnly, NoSuchActivity, IfMatchOptional,
    )
)]
#[post("/activities/{id}/publish")]
pub async fn publish_activity(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let a = change_status(&cx, &auth, *id, ActivityStatus::Published).await?;
    Ok(answer(&a))
}

/// Unpublish (members): it stops being public. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), OptionalIfMatch),
    responses(
        (status = 200, description = "Unpublished.", body = ActivityDto, headers(("ETag" = String))),
        MemberOnly, NoSuchActivity, IfMatchOptional,
    )
)]
#[post("/activities/{id}/unpublish")]
pub async fn unpublish_activity(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let a = change_status(&cx, &auth, *id, ActivityStatus::Unpublished).await?;
    Ok(answer(&a))
}

/// Delete (members): a soft delete; the activity disappears from the API. `If-Match`
/// optional (412 when stale).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), OptionalIfMatch),
    responses(
        (status = 204, description = "Deleted."),
        MemberOnly, NoSuchActivity, IfMatchOptional,
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    change_status(&cx, &auth, *id, ActivityStatus::Deleted).await?;
    Ok(HttpResponse::NoContent().finish())
}
