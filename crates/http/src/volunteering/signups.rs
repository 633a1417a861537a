//! Sign-ups: offered without an account, handled by the organisation, withdrawn with
//! the token.

use crate::context::{Cx, Reply};
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, get, patch, post};
use fritid_app::Signup;
use fritid_app::volunteering::SignupChange;
use fritid_domain::volunteering::SignupInput;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::Authenticated;
use crate::extract::{Json, Query};
use crate::pagination;
use crate::problem::Problem;

use crate::responses::{
    ClosedOrFilled, InvalidFields, InvalidSignup, MemberOnly, NoPublicOpportunity,
    NoSuchOrganisation, NoSuchSignup, NotAMember, NotAVolunteerCentre, NotAtTheCentre,
    UsedWithdrawToken, WithdrawnOrBackwards,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct SignupCreated {
    pub id: Uuid,
    /// Keep it: `DELETE /api/v1/signups/by-token/{withdraw_token}` withdraws and erases the
    /// sign-up. Shown once; only its hash is stored.
    pub withdraw_token: String,
}

/// Sign up for an opportunity (public, no account; rate-limited per client, and to ten at
/// once, then ten an hour, per e-mail address, which gets a receipt).
#[utoipa::path(
    tag = "volunteering",
    responses(
        (status = 201, description = "Signed up.", body = SignupCreated),
        NoPublicOpportunity, ClosedOrFilled, InvalidSignup,
        (status = 429, description = "Too many sign-ups from this client or with this address; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/volunteer-opportunities/{id}/signups")]
pub async fn create_signup(cx: Cx, id: Path<Uuid>, Json(input): Json<SignupInput>) -> Reply {
    let (signup_id, token) = cx.app.sign_up(cx.client_ip(), *id, input).await?;
    Ok(HttpResponse::Created().json(SignupCreated { id: signup_id, withdraw_token: token }))
}

crate::pagination::page_type!(SignupPage(Signup));

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SignupListParams {
    /// Only sign-ups still `new` after the configured number of days (default 7).
    pub stale: Option<bool>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The organisation's sign-ups, newest first (its members only: not even admins).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), SignupListParams),
    responses(
        (status = 200, description = "A page of sign-ups.", body = SignupPage),
        MemberOnly, NoSuchOrganisation,
    )
)]
#[get("/organisations/{id}/signups")]
pub async fn list_signups(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Query(params): Query<SignupListParams>,
) -> Reply {
    let limit = pagination::checked_limit(params.limit)?;
    let page = cx
        .app
        .signups(&auth.user, *id, params.stale.unwrap_or(false), params.cursor.as_deref(), limit)
        .await?;
    Ok(HttpResponse::Ok().json(SignupPage::of(page, |s| s)))
}

/// Move a sign-up on (`contacted`, `accepted`, `declined`) or record the date a politiattest
/// was seen (members of the organisation).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Updated.", body = Signup),
        NotAMember, NoSuchSignup, WithdrawnOrBackwards, InvalidFields,
    )
)]
#[patch("/signups/{id}")]
pub async fn update_signup(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(change): Json<SignupChange>,
) -> Reply {
    let updated = cx.app.update_signup(&auth.user, *id, change).await?;
    Ok(HttpResponse::Ok().json(updated))
}

/// Withdraw a sign-up with its token: the personal data is erased at once.
#[utoipa::path(
    tag = "volunteering",
    responses(
        (status = 204, description = "Withdrawn and erased."),
        UsedWithdrawToken,
    )
)]
#[delete("/signups/by-token/{withdraw_token}")]
pub async fn withdraw_signup(cx: Cx, token: Path<String>) -> Reply {
    cx.app.withdraw_signup(&token).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaleCountDto {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    /// Sign-ups still `new` after the configured number of days.
    pub stale_signups: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StaleCounts {
    pub items: Vec<StaleCountDto>,
}

/// For a volunteer centre's members: how many sign-ups wait without an answer at each
/// verified organisation in the centre's kommunedeler. Counts only, never personal data.
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The volunteer centre")),
    responses(
        (status = 200, description = "Counts, most waiting first.", body = StaleCounts),
        NotAtTheCentre, NotAVolunteerCentre, NoSuchOrganisation,
    )
)]
#[get("/organisations/{id}/stale-signup-counts")]
pub async fn stale_counts(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let counts = cx.app.stale_counts(&auth.user, *id).await?;
    Ok(HttpResponse::Ok().json(StaleCounts {
        items: counts
            .into_iter()
            .map(|c| StaleCountDto {
                organisation_id: c.organisation_id,
                organisation_name: c.organisation_name,
                stale_signups: c.stale,
            })
            .collect(),
    }))
}
