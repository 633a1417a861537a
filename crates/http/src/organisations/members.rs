//! Members, roles and invitations.

use crate::context::{Cx, Reply};
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use fritid_app::Member;
use fritid_app::organisations::NewInvitationToken;
use fritid_domain::ValidationErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::extract::{Json, Query};
use crate::pagination::{PageParams, page_of_list};
use crate::responses::{
    InvalidFields, InvalidParameters, InvitationForAnother, LastOwner, LeavesNoOwner, MemberOnly,
    NoSuchMember, NoSuchOrganisation, OwnerOnly, UnknownRole, UsedInvitation,
};

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

crate::pagination::page_type!(
    /// A page of members.
    MemberList(MemberDto)
);

/// The organisation's members (members and admins only).
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), PageParams),
    responses(
        (status = 200, description = "Members, oldest first.", body = MemberList),
        MemberOnly, NoSuchOrganisation, InvalidParameters,
    )
)]
#[get("/organisations/{id}/members")]
pub async fn list_members(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Query(page): Query<PageParams>,
) -> Reply {
    let members = cx.app.members(&auth.user, *id).await?;
    let mut errors = ValidationErrors::new();
    let page = page_of_list(members, |m| (m.since, m.user_id), &page, &mut errors)?;
    errors.finish()?;
    Ok(HttpResponse::Ok().json(MemberList::of(page, MemberDto::from)))
}

impl From<Member> for MemberDto {
    fn from(m: Member) -> Self {
        Self {
            user_id: m.user_id,
            name: m.name,
            email: m.email,
            role: m.role.as_str().to_owned(),
            since: m.since,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// Only the account with this e-mail address can accept the invitation.
    #[schema(example = "ola@example.no")]
    pub email: String,
    #[schema(example = "editor")]
    pub role: String,
}

/// Invite someone by e-mail address (owners).
///
/// Each invitation is e-mailed: one person may send `FRITID_INVITATION_BURST` (30) at once,
/// then `FRITID_INVITATIONS_PER_HOUR` (30) an hour, and one address receives at most as
/// many; more is a 429 with `Retry-After`.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Invited.", body = NewInvitationToken),
        OwnerOnly, NoSuchOrganisation, InvalidFields,
    )
)]
#[post("/organisations/{id}/invitations")]
pub async fn invite_member(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(body): Json<InvitationRequest>,
) -> Reply {
    let invitation = cx.app.invite_member(&auth.user, *id, &body.email, &body.role).await?;
    Ok(HttpResponse::Created().json(invitation))
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
    responses(
        (status = 200, description = "Accepted: the caller is now a member.", body = AcceptedInvitation),
        InvitationForAnother, UsedInvitation,
    )
)]
#[post("/invitations/{token}/accept")]
pub async fn accept_invitation(cx: Cx, auth: Authenticated, token: Path<String>) -> Reply {
    let (organisation_id, role) = cx.app.accept_invitation(&auth.user, &token).await?;
    Ok(HttpResponse::Ok()
        .json(AcceptedInvitation { organisation_id, role: role.as_str().to_owned() }))
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
    responses(
        (status = 204, description = "Changed."),
        NoSuchMember, LeavesNoOwner, UnknownRole, OwnerOnly,
    )
)]
#[patch("/organisations/{id}/members/{user_id}")]
pub async fn change_member_role(
    cx: Cx, auth: Authenticated, path: Path<(Uuid, Uuid)>, Json(body): Json<MemberRoleRequest>,
) -> Reply {
    let (org, user_id) = path.into_inner();
    cx.app.set_member_role(&auth.user, org, user_id, Some(&body.role)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a member (owners), or leave (any member, for themselves). The last owner cannot
/// be removed.
#[utoipa::path(
    tag = "organisations",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed."),
        NoSuchMember, LastOwner, OwnerOnly,
    )
)]
#[delete("/organisations/{id}/members/{user_id}")]
pub async fn remove_member(cx: Cx, auth: Authenticated, path: Path<(Uuid, Uuid)>) -> Reply {
    let (org, user_id) = path.into_inner();
    cx.app.set_member_role(&auth.user, org, user_id, None).await?;
    Ok(HttpResponse::NoContent().finish())
}
