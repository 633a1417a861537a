//! Accounts: register, log in, refresh, log out, and the signed-in user's own profile.

use crate::context::{Cx, Reply};
use actix_web::{HttpResponse, delete, get, patch, post};
use fritid_app::accounts::{ProfileChange, Registration};
use fritid_domain::account::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Authenticated;
use crate::etag::respond_cached;
use crate::extract::Json;
use crate::problem::Problem;
use crate::responses::{
    BadEmailToken, BadRefreshToken, BadResetTokenOrPassword, BodyTooLarge, InvalidEmail,
    InvalidFields, InvalidProfileChange, LastOwnerOfAny, MalformedJson, NotJson, NotModified,
    WrongCredentials,
};

/// The same answer whether or not the address was registered before, so the endpoint cannot
/// be used to find out who has an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    #[schema(
        example = "If the address was not registered before, the account now exists: log in to continue, and confirm the address with the link e-mailed to it."
    )]
    pub message: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "kari@example.no")]
    pub email: String,
    #[schema(example = "korrekt hest batteri stift")]
    pub password: String,
}

/// A new access token and its refresh token.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: u64,
    /// Single use: each refresh returns a new one, and presenting a used one revokes the
    /// whole chain.
    pub refresh_token: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

const REGISTERED: &str = "If the address was not registered before, the account now exists: \
    log in to continue, and confirm the address with the link e-mailed to it.";

/// The token of the link e-mailed to confirm an address.
#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyEmailRequest {
    /// The `token` parameter of the link (`/bekreft-epost?token=…`).
    pub token: String,
}

/// The address to send a password-reset link to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[schema(example = "kari@example.no")]
    pub email: String,
}

/// A new password, with the token of the link e-mailed to reset it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordResetConfirmRequest {
    /// The `token` parameter of the link (`/nytt-passord?token=…`).
    pub token: String,
    /// 10–128 characters, not among the most common passwords.
    #[schema(example = "korrekt hest batteri stift")]
    pub password: String,
}

/// Register an account.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 201, description = "Registered (or already registered: the answer is the same).", body = RegisterResponse),
        MalformedJson, BodyTooLarge, NotJson, InvalidFields,
    )
)]
#[post("/auth/register")]
pub async fn register(cx: Cx, Json(registration): Json<Registration>) -> Reply {
    cx.app.register(cx.client_ip(), registration).await?;
    Ok(HttpResponse::Created().json(RegisterResponse { message: REGISTERED.to_owned() }))
}

impl From<fritid_app::accounts::TokenPair> for TokenPair {
    fn from(p: fritid_app::accounts::TokenPair) -> Self {
        Self {
            access_token: p.access_token,
            token_type: "Bearer",
            expires_in: p.expires_in,
            refresh_token: p.refresh_token,
        }
    }
}

fn no_store(pair: TokenPair) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(pair)
}

/// Log in with e-mail and password.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 200, description = "Logged in.", body = TokenPair),
        WrongCredentials,
        (status = 429, description = "Too many failed attempts; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        InvalidFields,
    )
)]
#[post("/auth/login")]
pub async fn login(cx: Cx, Json(body): Json<LoginRequest>) -> Reply {
    let pair = cx.app.log_in(cx.client_ip(), &body.email, body.password).await?;
    Ok(no_store(pair.into()))
}

/// Exchange a refresh token for a new pair. The presented token stops working; presenting
/// it again revokes every token descended from the same login.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 200, description = "A new pair.", body = TokenPair),
        BadRefreshToken,
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(cx: Cx, Json(body): Json<RefreshRequest>) -> Reply {
    let pair = cx.app.refresh(&body.refresh_token).await?;
    Ok(no_store(pair.into()))
}

/// Log out: the refresh token and every token of the same login stop working.
#[utoipa::path(
    tag = "accounts",
    responses((status = 204, description = "Logged out (also when the token was unknown)."))
)]
#[post("/auth/logout")]
pub async fn logout(cx: Cx, Json(body): Json<RefreshRequest>) -> Reply {
    cx.app.log_out(&body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Confirm an e-mail address with the token of the link sent at registration. The token
/// works once, for 24 hours; an unknown, used or expired token is a 422 naming `token`.
#[utoipa::path(
    tag = "accounts",
    responses(
        (status = 204, description = "The address is confirmed."),
        BadEmailToken,
    )
)]
#[post("/auth/verify-email")]
pub async fn verify_email(cx: Cx, Json(body): Json<VerifyEmailRequest>) -> Reply {
    cx.app.confirm_email(&body.token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Send the signed-in user a new link to confirm the address (nothing is sent when it is
/// confirmed already). Earlier links keep working until they expire.
///
/// Links to one address (confirmation and password reset together) are limited: three at
/// once, then one every 30 minutes; more is a 429 with `Retry-After`.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses((status = 202, description = "A new link is on its way (unless the address is confirmed)."))
)]
#[post("/auth/verify-email/resend")]
pub async fn resend_verification(cx: Cx, auth: Authenticated) -> Reply {
    cx.app.resend_confirmation(&auth.user).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Ask for a link to set a new password.
///
/// The answer is the same whether or not the address has an account (a link is e-mailed
/// when it has): the link works once, for 30 minutes. Limited per client, like
/// registration, and per address, whether or not it has an account: three links at once,
/// then one every 30 minutes (429 with `Retry-After`).
#[utoipa::path(tag = "accounts", responses(
    (status = 202, description = "If the address has an account, a link is on its way."),
    InvalidEmail,
))]
#[post("/auth/password-reset")]
pub async fn request_password_reset(cx: Cx, Json(body): Json<PasswordResetRequest>) -> Reply {
    cx.app.request_password_reset(cx.client_ip(), &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the token of an e-mailed reset link.
///
/// The token (of the link e-mailed by `POST /auth/password-reset`) is used up; every
/// session and token of the account ends (sign in again with the new password), and the
/// address counts as confirmed. An unknown, used or expired token is a 422 naming `token`;
/// a password that breaks the rules of registration is a 422 naming `password`, and the
/// token still works.
#[utoipa::path(tag = "accounts", responses(
    (status = 204, description = "The password is changed."),
    BadResetTokenOrPassword,
))]
#[post("/auth/password-reset/confirm")]
pub async fn reset_password(cx: Cx, Json(body): Json<PasswordResetConfirmRequest>) -> Reply {
    cx.app.reset_password(&body.token, body.password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user, with their memberships. The ETag is a digest of the answer:
/// `If-None-Match` with it gives 304 while nothing in it changed.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user.", body = User, headers(("ETag" = String))),
        NotModified,
    )
)]
#[get("/me")]
pub async fn get_me(cx: Cx, auth: Authenticated) -> Reply {
    respond_cached(&cx.req, &auth.user)
}

/// Change the name and/or the password.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The updated user.", body = User),
        InvalidProfileChange,
    )
)]
#[patch("/me")]
pub async fn update_me(cx: Cx, auth: Authenticated, Json(change): Json<ProfileChange>) -> Reply {
    let user = cx.app.update_profile(&auth.user, cx.client_ip(), change).await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Delete the account and its personal data. Refused (409) while the user is the last
/// owner of an organisation: transfer or archive it first.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted."),
        LastOwnerOfAny,
    )
)]
#[delete("/me")]
pub async fn delete_me(cx: Cx, auth: Authenticated) -> Reply {
    cx.app.delete_account(&auth.user).await?;
    Ok(HttpResponse::NoContent().finish())
}
