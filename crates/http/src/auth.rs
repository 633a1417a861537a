//! Authentication: password hashing, access tokens (JWT), refresh tokens, and the extractors
//! that turn an `Authorization` header into an [`Actor`].
//!
//! - Passwords: argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum), hashed and verified
//!   on the blocking pool, never on the async executor.
//! - Access tokens: HS256 only (the algorithm is pinned: tokens claiming `none` or any other
//!   algorithm are refused), with `iss`, `aud`, `sub`, `exp`, `iat` and `jti` all required.
//!   Short-lived; the user is loaded on every request, so a deleted account stops working at
//!   once.
//! - Refresh tokens: 256 random bits, base64url; only their SHA-256 is stored.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use fritid_domain::account::User;
use fritid_domain::policy::{Action, Actor, Decision, Denial, Resource, authorize};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppState;
use crate::problem::ApiError;

pub const ISSUER: &str = "fritid";
pub const AUDIENCE: &str = "fritid-api";

/// A secret that never prints.
#[derive(Clone)]
pub struct Secret(Arc<Vec<u8>>);

impl Secret {
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Arc::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Token settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    pub jwt_secret: Secret,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub invitation_ttl: Duration,
}

impl AuthConfig {
    pub fn new(jwt_secret: Secret) -> Self {
        Self {
            jwt_secret,
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 24 * 3600),
            invitation_ttl: Duration::from_secs(14 * 24 * 3600),
        }
    }
}

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
}

pub fn issue_access_token(config: &AuthConfig, user_id: Uuid) -> Result<String, ApiError> {
    let now = Utc::now().timestamp();
    let claims = Claims {
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: user_id.to_string(),
        iat: now,
        exp: now + config.access_ttl.as_secs() as i64,
        jti: Uuid::new_v4().to_string(),
    };
    jsonwebtoken::encode(
        &Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(config.jwt_secret.expose()),
    )
    .map_err(ApiError::internal)
}

/// The user id of a valid access token, or `None` for anything else (bad signature, wrong
/// algorithm, expired, wrong issuer or audience, missing claims).
pub fn verify_access_token(config: &AuthConfig, token: &str) -> Option<Uuid> {
    let mut validation = Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud", "jti"]);
    validation.leeway = 5;
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(config.jwt_secret.expose()),
        &validation,
    )
    .ok()?;
    Uuid::parse_str(&data.claims.sub).ok()
}

/// A new opaque token (refresh, invitation): 256 random bits, base64url.
pub fn new_opaque_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::internal(std::io::Error::other(e.to_string())))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// How opaque tokens are stored: SHA-256, hex. They carry 256 bits of entropy, so a fast hash
/// is enough; the database never holds a usable token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn argon2() -> Result<Argon2<'static>, ApiError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| ApiError::internal(std::io::Error::other(e.to_string())))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes on the calling thread: for start-up and the command line, never for requests.
pub fn hash_password_blocking(password: &str) -> Result<String, ApiError> {
    let hash = argon2()?
        .hash_password(password.as_bytes())
        .map_err(|e| ApiError::internal(std::io::Error::other(e.to_string())))?;
    Ok(hash.to_string())
}

/// Password hashing behind a bounded queue. Each argon2 run holds 19 MiB for tens of
/// milliseconds, so without a bound a burst of logins turns into gigabytes of memory and a
/// starved database pool. At most `parallel` hashes run at once (on the blocking pool, never
/// on the async executor); at most `queue` more wait, each for at most `wait`; anything
/// beyond gets a fast 503 with `Retry-After` instead of more memory.
#[derive(Debug)]
pub struct HashQueue {
    running: tokio::sync::Semaphore,
    waiting: std::sync::atomic::AtomicUsize,
    queue: usize,
    wait: Duration,
}

/// The queue is full or the wait ran out.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl HashQueue {
    pub fn new(parallel: usize, queue: usize, wait: Duration) -> Self {
        Self {
            running: tokio::sync::Semaphore::new(parallel.max(1)),
            waiting: std::sync::atomic::AtomicUsize::new(0),
            queue,
            wait,
        }
    }

    /// One hash at a time per core, a queue of four per core, a one-second wait.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self::new(cores, cores * 4, Duration::from_secs(1))
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        use std::sync::atomic::Ordering;
        let busy = || ApiError::Busy {
            retry_after_secs: BUSY_RETRY_AFTER_SECS,
        };
        let permit = match self.running.try_acquire() {
            Ok(permit) => permit,
            Err(_) => {
                // Reserve a place in the queue, or refuse at once.
                let before = self.waiting.fetch_add(1, Ordering::AcqRel);
                let acquired = if before < self.queue {
                    tokio::time::timeout(self.wait, self.running.acquire())
                        .await
                        .ok()
                        .and_then(Result::ok)
                } else {
                    None
                };
                self.waiting.fetch_sub(1, Ordering::AcqRel);
                acquired.ok_or_else(busy)?
            }
        };
        let result = web::block(work).await.map_err(ApiError::internal)?;
        drop(permit);
        result
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash_password_blocking(&password)).await
    }

    /// Verifies a password; any malformed hash simply fails to verify.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, ApiError> {
        self.run(move || {
            Ok(argon2()?
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok())
        })
        .await
    }
}

/// A signed-in user.
#[derive(Debug, Clone)]
pub struct Authenticated {
    pub user: User,
}

impl Authenticated {
    pub fn actor(&self) -> Actor {
        Actor::User {
            id: self.user.id,
            role: self.user.role,
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

async fn authenticate(req: HttpRequest) -> Result<Option<Authenticated>, ApiError> {
    // Already done by [`bearer_check`] for this request.
    if let Some(done) = req.extensions().get::<Authenticated>().cloned() {
        return Ok(Some(done));
    }
    let Some(token) = bearer(&req) else {
        return if req.headers().contains_key(header::AUTHORIZATION) {
            Err(ApiError::Unauthenticated)
        } else {
            Ok(None)
        };
    };
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal(std::io::Error::other("app state missing")))?;
    let user_id = verify_access_token(&state.auth, &token).ok_or(ApiError::Unauthenticated)?;
    match state.store.get_user(user_id).await {
        Ok(user) => Ok(Some(Authenticated { user })),
        Err(fritid_persistence::StoreError::NotFound) => Err(ApiError::Unauthenticated),
        Err(e) => Err(e.into()),
    }
}

/// Middleware: an API request that carries an `Authorization` header is authenticated
/// before it reaches its handler, so a missing, expired or forged token is a 401 on every
/// endpoint — also on public ones, where ignoring it would hide a client's broken token
/// behind anonymous results. The user found is kept for the handler's extractor. The token
/// endpoints under `/api/v1/auth/` are left alone: a client refreshing an expired access
/// token may still be sending it.
pub async fn bearer_check(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let path = req.path();
    if req.headers().contains_key(header::AUTHORIZATION)
        && path.starts_with("/api/")
        && !path.starts_with("/api/v1/auth/")
    {
        match authenticate(req.request().clone()).await {
            Ok(Some(user)) => {
                req.extensions_mut().insert(user);
            }
            Ok(None) => {}
            Err(e) => {
                let res = actix_web::ResponseError::error_response(&e);
                return Ok(req.into_response(res));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await?.ok_or(ApiError::Unauthenticated) })
    }
}

/// The caller, signed in or not. A token that is present but invalid is still a 401: a
/// client with a broken token should learn that, not silently see public data.
#[derive(Debug, Clone)]
pub struct MaybeAuthenticated(pub Option<Authenticated>);

impl MaybeAuthenticated {
    pub fn actor(&self) -> Actor {
        self.0
            .as_ref()
            .map_or(Actor::Anonymous, Authenticated::actor)
    }

    pub fn user(&self) -> Option<&User> {
        self.0.as_ref().map(|a| &a.user)
    }
}

impl FromRequest for MaybeAuthenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(MaybeAuthenticated) })
    }
}

/// Runs the policy and turns a denial into the right error.
pub fn require(actor: &Actor, action: Action, resource: &Resource) -> Result<(), ApiError> {
    match authorize(actor, action, resource) {
        Decision::Allow => Ok(()),
        Decision::Deny(Denial::Unauthenticated) => Err(ApiError::Unauthenticated),
        Decision::Deny(Denial::Forbidden) => Err(ApiError::Forbidden),
        Decision::Deny(Denial::Hidden) => Err(ApiError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> AuthConfig {
        AuthConfig::new(Secret::new(b"0123456789abcdef0123456789abcdef".to_vec()))
    }

    #[test]
    fn tokens_round_trip() {
        let c = config();
        let id = Uuid::new_v4();
        let token = issue_access_token(&c, id).unwrap();
        assert_eq!(verify_access_token(&c, &token), Some(id));
    }

    #[test]
    fn other_secrets_and_tampering_are_refused() {
        let c = config();
        let token = issue_access_token(&c, Uuid::new_v4()).unwrap();
        let other = AuthConfig::new(Secret::new(b"another-secret-another-secret!!!".to_vec()));
        assert_eq!(verify_access_token(&other, &token), None);
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(verify_access_token(&c, &tampered), None);
    }

    #[test]
    fn unsigned_tokens_are_refused() {
        let c = config();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let now = Utc::now().timestamp();
        let claims = URL_SAFE_NO_PAD.encode(
            format!(
                r#"{{"iss":"fritid","aud":"fritid-api","sub":"{}","exp":{},"iat":{now},"jti":"x"}}"#,
                Uuid::new_v4(),
                now + 600
            )
            .as_bytes(),
        );
        assert_eq!(
            verify_access_token(&c, &format!("{header}.{claims}.")),
            None
        );
    }

    #[test]
    fn token_hashes_are_hex_sha256() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let a = new_opaque_token().unwrap();
        assert_eq!(a.len(), 43);
        assert_ne!(a, new_opaque_token().unwrap());
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", config().jwt_secret), "Secret(***)");
    }
}
