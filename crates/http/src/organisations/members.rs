//! Members, roles and invitations.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authenticated;
use crate::extract::Json;
use crate::problem::{ApiError, Problem};

/// A member of an organisation, as its members see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    #[schema(example = "editor")]
    pub role: String,
    pub since: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberList {
    pub items: Vec<MemberDto>,
}

/// The organisation's members (members and admins only).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Members, oldest first.", body = MemberList),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/members")]
pub async fn list_members(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let members = state.app.members(&auth.user, *id).await?;
    Ok(HttpResponse::Ok().json(MemberList {
        items: members
            .into_iter()
            .map(|m| MemberDto {
                user_id: m.user_id,
                name: m.name,
                email: m.email,
                role: m.role.as_str().to_owned(),
                since: m.since,
            })
            .collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// Only the account with this e-mail address can accept the invitation.
    #[schema(example = "ola@example.no")]
    pub email: String,
    #[schema(example = "editor")]
    pub role: String,
}

/// An invitation. Until e-mail delivery exists, the owner passes the token on.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationDto {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub email: String,
    pub role: String,
    /// Accept with `POST /api/v1/invitations/{token}/accept`. Shown once; only its hash is kept.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Invite someone by e-mail address (owners).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "Invited.", body = InvitationDto),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/invitations")]
pub async fn invite_member(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<InvitationRequest>,
) -> Result<HttpResponse, ApiError> {
    let invitation = state
        .app
        .invite_member(&auth.user, *id, &body.email, &body.role)
        .await?;
    Ok(HttpResponse::Created().json(InvitationDto {
        id: invitation.id,
        organisation_id: invitation.organisation_id,
        email: invitation.email.to_string(),
        role: invitation.role.as_str().to_owned(),
        token: invitation.token,
        expires_at: invitation.expires_at,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AcceptedInvitation {
    pub organisation_id: Uuid,
    pub role: String,
}

/// Accept an invitation. Only the account whose e-mail address it was issued to can.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("token" = String, Path)),
    responses(
        (status = 200, description = "Accepted: the caller is now a member.", body = AcceptedInvitation),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Issued to another address.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown, expired or already used.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    auth: Authenticated,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, role) = state.app.accept_invitation(&auth.user, &token).await?;
    Ok(HttpResponse::Ok().json(AcceptedInvitation {
        organisation_id,
        role: role.as_str().to_owned(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberRoleRequest {
    #[schema(example = "owner")]
    pub role: String,
}

/// Change a member's role (owners). The last owner cannot be demoted.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    request_body = MemberRoleRequest,
    responses(
        (status = 204, description = "Changed."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It would leave the organisation without an owner.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown role.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/organisations/{id}/members/{user_id}")]
pub async fn change_member_role(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
    Json(body): Json<MemberRoleRequest>,
) -> Result<HttpResponse, ApiError> {
    let (org, user_id) = path.into_inner();
    state
        .app
        .set_member_role(&auth.user, org, user_id, Some(&body.role))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member (owners), or leave (any member, for themselves). The last owner cannot
/// be removed.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an owner.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation or member.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last owner cannot be removed.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/organisations/{id}/members/{user_id}")]
pub async fn remove_member(
    state: web::Data<AppState>,
    auth: Authenticated,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (org, user_id) = path.into_inner();
    state
        .app
        .set_member_role(&auth.user, org, user_id, None)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
