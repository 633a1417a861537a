//! The organisation side: create, change, publish, delete.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::Utc;
use fritid_app::activities::ActivityPatch;
use fritid_domain::ValidationErrors;
use fritid_domain::activity::{Activity, ActivityStatus};
use fritid_domain::schedule::ScheduleRuleInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{if_match, if_none_match, version_tag, with_version};
use crate::extract::{Json, Query};
use crate::pagination::PageParams;
use crate::problem::{ApiError, Problem};

use super::dto::{
    accessibility_input, contact_input, price_input, registration_input, to_input, venue_input,
};
use super::*;

// ---------------------------------------------------------------------------------------
// Organisation-side handlers

/// Create an activity (members of the organisation). It starts as a draft.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation")),
    request_body = CreateListingRequest,
    responses(
        (status = 201, description = "Created as a draft.", body = ActivityDto,
            headers(("ETag" = String), ("Location" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (all of them listed).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/activities")]
pub async fn create_activity(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<CreateListingRequest>,
) -> Result<HttpResponse, ApiError> {
    let activity = state
        .app
        .create_activity(&auth.user, *id, to_input(body))
        .await?;
    let res = HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/activities/{}", activity.id),
        ))
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

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityPage {
    pub items: Vec<ActivityDto>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The organisation's activities, newest change first: the public ones for everyone, every
/// status for its members.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), OwnListParams),
    responses(
        (status = 200, description = "A page of activities.", body = ActivityPage),
        (status = 404, description = "No such organisation (or not visible).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/activities")]
pub async fn list_organisation_activities(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
    Query(params): Query<OwnListParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let limit = PageParams {
        limit: params.limit,
        cursor: None,
    }
    .limit(&mut errors);
    let mut statuses = Vec::new();
    for (i, s) in params.status.iter().enumerate() {
        match ActivityStatus::parse(s).filter(|s| *s != ActivityStatus::Deleted) {
            Some(s) => statuses.push(s),
            None => errors.push(
                format!("status[{i}]"),
                "must be one of: draft, published, unpublished",
            ),
        }
    }
    errors.finish()?;
    let page = state
        .app
        .organisation_activities(
            &auth.actor(),
            *id,
            statuses,
            params.cursor.as_deref(),
            limit,
        )
        .await?;
    let now = Utc::now();
    Ok(HttpResponse::Ok().json(ActivityPage {
        items: page
            .items
            .iter()
            .map(|a| ActivityDto::new(a, None, now))
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One activity: public once published by a verified organisation; members see drafts.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The activity.", body = ActivityDto, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 404, description = "No such activity (or not visible).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}")]
pub async fn get_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let activity = state.app.activity(&auth.actor(), *id).await?;
    if if_none_match(&req, &version_tag(activity.version)) {
        return Ok(with_version(
            HttpResponse::NotModified().finish(),
            activity.version,
        ));
    }
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&activity, None, Utc::now())),
        activity.version,
    ))
}

/// Change an activity (members). Requires `If-Match` (412 when stale, 428 when missing).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag you read")),
    request_body = UpdateActivityRequest,
    responses(
        (status = 200, description = "Updated.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<UpdateActivityRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req, true)?;
    let patch = ActivityPatch {
        title: body.title,
        summary: body.summary,
        description: body.description,
        categories: body.categories,
        district: body.district,
        venue: body.venue.map(venue_input),
        age_min: body.age_min,
        age_max: body.age_max,
        target_groups: body.target_groups,
        price: body.price.map(price_input),
        registration: body.registration.map(registration_input),
        capacity: body.capacity,
        languages: body.languages,
        accessibility: body.accessibility.map(accessibility_input),
        contact: body.contact.map(contact_input),
        schedule: body
            .schedule
            .map(|v| v.into_iter().map(ScheduleRuleInput::from).collect()),
    };
    let updated = state
        .app
        .update_activity(&auth.user, *id, expected, patch)
        .await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&updated, None, Utc::now())),
        updated.version,
    ))
}

/// Moves the activity to `status` and answers with it.
async fn change_status(
    req: &HttpRequest,
    state: &AppState,
    auth: &Authenticated,
    id: Uuid,
    status: ActivityStatus,
) -> Result<Activity, ApiError> {
    let expected = if_match(req, false)?;
    Ok(state
        .app
        .set_activity_status(&auth.user, id, status, expected)
        .await?)
}

/// Publish (members): public at once if the organisation is verified, otherwise as soon as
/// it is. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Published.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived or rejected.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/publish")]
pub async fn publish_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let a = change_status(&req, &state, &auth, *id, ActivityStatus::Published).await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&a, None, Utc::now())),
        a.version,
    ))
}

/// Unpublish (members): it stops being public. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Unpublished.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/unpublish")]
pub async fn unpublish_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let a = change_status(&req, &state, &auth, *id, ActivityStatus::Unpublished).await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&a, None, Utc::now())),
        a.version,
    ))
}

/// Delete (members): a soft delete; the activity disappears from the API. `If-Match`
/// optional (412 when stale).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    change_status(&req, &state, &auth, *id, ActivityStatus::Deleted).await?;
    Ok(HttpResponse::NoContent().finish())
}
