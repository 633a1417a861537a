//! Accounts: register, log in, refresh, log out, and the signed-in user's own profile.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, Password, User, parse_person_name};
use fritid_persistence::{Rotation, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authenticated, hash_token, issue_access_token, new_opaque_token};
use crate::extract::Json;
use crate::problem::{ApiError, Problem};

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(example = "kari@example.no")]
    pub email: String,
    /// 10–128 characters, not among the most common passwords.
    #[schema(example = "korrekt hest batteri stift")]
    pub password: String,
    #[schema(example = "Kari Nordmann")]
    pub name: String,
}

/// The same answer whether or not the address was registered before, so the endpoint cannot
/// be used to find out who has an account.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisterResponse {
    #[schema(
        example = "If the address was not registered before, the account now exists: log in to continue."
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

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipDto {
    pub organisation_id: Uuid,
    #[schema(example = "owner")]
    pub role: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// `user` or `admin` (municipality).
    #[schema(example = "user")]
    pub role: String,
    pub memberships: Vec<MembershipDto>,
    pub created_at: DateTime<Utc>,
}

impl From<&User> for MeDto {
    fn from(u: &User) -> Self {
        Self {
            id: u.id,
            email: u.email.to_string(),
            name: u.name.clone(),
            role: u.role.as_str().to_owned(),
            memberships: u
                .memberships
                .iter()
                .map(|m| MembershipDto {
                    organisation_id: m.organisation_id,
                    role: m.role.as_str().to_owned(),
                })
                .collect(),
            created_at: u.created_at,
        }
    }
}

/// Change the name, the password, or both.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    pub name: Option<String>,
    /// The new password; requires `current_password`. Every session (refresh token) is
    /// revoked when it changes.
    pub password: Option<String>,
    pub current_password: Option<String>,
}

const REGISTERED: &str =
    "If the address was not registered before, the account now exists: log in to continue.";

/// Register an account.
#[utoipa::path(
    tag = "accounts",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered (or already registered: the answer is the same).", body = RegisterResponse),
        (status = 400, description = "Malformed JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/register")]
pub async fn register(
    req: HttpRequest,
    state: web::Data<AppState>,
    Json(body): Json<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    // Every registration costs a password hash: limited per client like anonymous sign-ups.
    state.register_limit.check(&req)?;
    let mut errors = ValidationErrors::new();
    let email = errors.check(Email::parse("email", &body.email));
    let password = errors.check(Password::parse("password", &body.password));
    let name = errors.check(parse_person_name("name", &body.name));
    let (Some(email), Some(password), Some(name)) = (email, password, name) else {
        return Err(errors.into());
    };
    // Hash before looking the address up, so both outcomes cost the same time.
    let hash = state.hasher.hash(password.expose().to_owned()).await?;
    match state
        .store
        .create_user(
            &email,
            &name,
            &hash,
            fritid_domain::account::GlobalRole::User,
        )
        .await
    {
        Ok(_) | Err(StoreError::Conflict { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(HttpResponse::Created().json(RegisterResponse {
        message: REGISTERED.to_owned(),
    }))
}

/// The client address used for throttling: the TCP peer. (Behind a reverse proxy every
/// client shares the proxy's address; see the README.)
fn client_key(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The throttle key of a typed address: no real address is longer than 254 characters, so
/// a longer value cannot name an account and is cut rather than kept whole in memory.
fn account_key(email: &str) -> String {
    email
        .trim()
        .chars()
        .take(254)
        .collect::<String>()
        .to_lowercase()
}

fn too_many(wait: std::time::Duration) -> ApiError {
    ApiError::TooManyRequests {
        retry_after_secs: wait.as_secs(),
    }
}

/// A fresh pair for a new login; the refresh token starts a new chain.
async fn new_login(state: &AppState, user_id: Uuid) -> Result<TokenPair, ApiError> {
    let refresh_token = new_opaque_token()?;
    state
        .store
        .insert_refresh_token(
            user_id,
            Uuid::new_v4(),
            &hash_token(&refresh_token),
            refresh_expiry(state),
        )
        .await?;
    Ok(TokenPair {
        access_token: issue_access_token(&state.auth, user_id)?,
        token_type: "Bearer",
        expires_in: state.auth.access_ttl.as_secs(),
        refresh_token,
    })
}

fn refresh_expiry(state: &AppState) -> DateTime<Utc> {
    Utc::now()
        + chrono::Duration::from_std(state.auth.refresh_ttl).unwrap_or(chrono::Duration::days(30))
}

/// Log in with e-mail and password.
#[utoipa::path(
    tag = "accounts",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = TokenPair),
        (status = 401, description = "Wrong e-mail or password (one answer for both).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`.", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    )
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    Json(body): Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = client_key(&req);
    // A malformed address cannot match an account: same answer as a wrong password. The
    // attempt is counted before the hash, so parallel guesses cannot all slip through.
    let attempt = state
        .throttle
        .begin(&account_key(&body.email), &client)
        .map_err(too_many)?;
    let credentials = match Email::parse("email", &body.email) {
        Ok(email) => match state.store.credentials(&email).await {
            Ok(c) => c,
            Err(e) => {
                state.throttle.release(attempt);
                return Err(e.into());
            }
        },
        Err(_) => None,
    };
    // Unknown accounts are verified against a dummy hash so they take as long as real ones.
    let (user_id, hash) = match credentials {
        Some(c) => (Some(c.user_id), c.password_hash),
        None => (None, crate::auth::DUMMY_HASH.to_owned()),
    };
    let ok = match state.hasher.verify(body.password, hash).await {
        Ok(ok) => ok,
        Err(e) => {
            state.throttle.release(attempt);
            return Err(e);
        }
    };
    let Some(user_id) = user_id.filter(|_| ok) else {
        tracing::info!("login failed");
        return Err(ApiError::InvalidCredentials);
    };
    state.throttle.succeeded(attempt);
    let pair = new_login(&state, user_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair))
}

/// Exchange a refresh token for a new pair. The presented token stops working; presenting
/// it again revokes every token descended from the same login.
#[utoipa::path(
    tag = "accounts",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new pair.", body = TokenPair),
        (status = 401, description = "Unknown, expired, revoked or reused token.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    Json(body): Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let new_refresh = new_opaque_token()?;
    let outcome = state
        .store
        .rotate_refresh_token(
            &hash_token(body.refresh_token.trim()),
            &hash_token(&new_refresh),
            refresh_expiry(&state),
        )
        .await?;
    match outcome {
        Rotation::Rotated { user_id } => {
            let pair = TokenPair {
                access_token: issue_access_token(&state.auth, user_id)?,
                token_type: "Bearer",
                expires_in: state.auth.access_ttl.as_secs(),
                refresh_token: new_refresh,
            };
            Ok(HttpResponse::Ok()
                .insert_header(("Cache-Control", "no-store"))
                .json(pair))
        }
        Rotation::Reused => {
            tracing::warn!("a used refresh token was presented; its chain was revoked");
            Err(ApiError::Unauthenticated)
        }
        Rotation::Invalid => Err(ApiError::Unauthenticated),
    }
}

/// Log out: the refresh token and every token of the same login stop working.
#[utoipa::path(
    tag = "accounts",
    request_body = RefreshRequest,
    responses((status = 204, description = "Logged out (also when the token was unknown)."))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    Json(body): Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .store
        .revoke_refresh_token(&hash_token(body.refresh_token.trim()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user, with their memberships.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The user.", body = MeDto),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn get_me(auth: Authenticated) -> HttpResponse {
    HttpResponse::Ok().json(MeDto::from(&auth.user))
}

/// Change the name and/or the password.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "The updated user.", body = MeDto),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or `current_password` is wrong.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me")]
pub async fn update_me(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    Json(body): Json<UpdateMeRequest>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let name = body
        .name
        .as_deref()
        .and_then(|n| errors.check(parse_person_name("name", n)));
    let password = body
        .password
        .as_deref()
        .and_then(|p| errors.check(Password::parse("password", p)));
    if body.password.is_some() && body.current_password.is_none() {
        errors.push("current_password", "is required to change the password");
    }
    errors.finish()?;
    if let (Some(password), Some(current)) = (password, body.current_password) {
        // A wrong current password is a password guess like a failed login, and is
        // throttled with them.
        let attempt = state
            .throttle
            .begin(&account_key(auth.user.email.as_str()), &client_key(&req))
            .map_err(too_many)?;
        let stored = match state.store.password_hash(auth.user.id).await {
            Ok(stored) => stored,
            Err(e) => {
                state.throttle.release(attempt);
                return Err(e.into());
            }
        };
        match state.hasher.verify(current, stored).await {
            Ok(true) => state.throttle.succeeded(attempt),
            Ok(false) => {
                return Err(ApiError::validation("current_password", "is not correct"));
            }
            Err(e) => {
                state.throttle.release(attempt);
                return Err(e);
            }
        }
        let hash = state.hasher.hash(password.expose().to_owned()).await?;
        state.store.change_password(auth.user.id, &hash).await?;
    }
    let user = match name {
        Some(name) => state.store.rename_user(auth.user.id, &name).await?,
        None => state.store.get_user(auth.user.id).await?,
    };
    Ok(HttpResponse::Ok().json(MeDto::from(&user)))
}

/// Delete the account and its personal data. Refused (409) while the user is the last
/// owner of an organisation: transfer or archive it first.
#[utoipa::path(
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Last owner of an organisation.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me")]
pub async fn delete_me(
    state: web::Data<AppState>,
    auth: Authenticated,
) -> Result<HttpResponse, ApiError> {
    state.store.delete_user(auth.user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
