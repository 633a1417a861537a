//! The municipality verifies or rejects organisations and their identity changes.

use crate::context::{Cx, Reply};
use actix_web::post;
use actix_web::web::Path;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::extract::Json;

use super::crud::answer;
use super::*;
use crate::responses::{AdminOnly, MissingReason, NoSuchOrganisation, OrganisationArchived};

/// Verify an organisation (municipality admins): it becomes public. On a verified
/// organisation with `pending_changes`, approves them: they become public.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Verified.", body = OrganisationDto),
        AdminOnly, NoSuchOrganisation, OrganisationArchived,
    )
)]
#[post("/organisations/{id}/verify")]
pub async fn verify_organisation(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let view = cx.app.verify_organisation(&auth.user, *id).await?;
    Ok(answer(actix_web::http::StatusCode::OK, &view))
}

/// Reject an organisation (municipality admins), with a reason its members can read. On a
/// verified organisation with `pending_changes`, discards them instead: it stays verified
/// with its verified values, and the reason is shown to its members.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Rejected.", body = OrganisationDto),
        MissingReason, AdminOnly, NoSuchOrganisation, OrganisationArchived,
    )
)]
#[post("/organisations/{id}/reject")]
pub async fn reject_organisation(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(body): Json<RejectRequest>,
) -> Reply {
    let view = cx.app.reject_organisation(&auth.user, *id, &body.reason).await?;
    Ok(answer(actix_web::http::StatusCode::OK, &view))
}
