//! The municipality verifies or rejects organisations and their identity changes.

use actix_web::{HttpResponse, post, web};
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authenticated;
use crate::extract::Json;
use crate::problem::{ApiError, Problem};

use super::crud::answer;
use super::*;

/// Verify an organisation (municipality admins): it becomes public. On a verified
/// organisation with `pending_changes`, approves them: they become public.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Verified.", body = OrganisationDto),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/verify")]
pub async fn verify_organisation(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let view = state.app.verify_organisation(&auth.user, *id).await?;
    Ok(answer(actix_web::http::StatusCode::OK, &view))
}

/// Reject an organisation (municipality admins), with a reason its members can read. On a
/// verified organisation with `pending_changes`, discards them instead: it stays verified
/// with its verified values, and the reason is shown to its members.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = RejectRequest,
    responses(
        (status = 200, description = "Rejected.", body = OrganisationDto),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing reason.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/reject")]
pub async fn reject_organisation(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<RejectRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = state
        .app
        .reject_organisation(&auth.user, *id, &body.reason)
        .await?;
    Ok(answer(actix_web::http::StatusCode::OK, &view))
}
