//! Credentials: password hashing, access tokens (JWT), opaque tokens (refresh, invitation,
//! withdraw) and how they are stored.
//!
//! - Passwords: argon2id with m = 19 MiB, t = 2, p = 1 (OWASP's minimum), on threads of
//!   their own behind a bounded queue ([`HashQueue`]), never on the async executor.
//! - Access tokens: HS256 only (the algorithm is pinned: tokens claiming `none` or any other
//!   algorithm are refused), with `iss`, `aud`, `sub`, `exp`, `iat` and `jti` all required.
//!   Short-lived; the user is loaded on every request, so a deleted account stops working at
//!   once.
//! - Opaque tokens: 256 random bits, base64url; only their SHA-256 is stored.

use std::sync::Arc;
use std::time::Duration;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::AppError;

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
    /// The account's token version when issued (see `User::token_version`); tokens from
    /// before this claim existed read as 0.
    #[serde(default)]
    pub ver: i32,
}

/// An access token for `user_id` under the account's current `token_version`.
pub fn issue_access_token(
    config: &AuthConfig, user_id: Uuid, token_version: i32,
) -> Result<String, AppError> {
    let now = Utc::now().timestamp();
    let claims = Claims {
        iss: ISSUER.to_owned(),
        aud: AUDIENCE.to_owned(),
        sub: user_id.to_string(),
        iat: now,
        exp: now + config.access_ttl.as_secs() as i64,
        jti: Uuid::new_v4().to_string(),
        ver: token_version,
    };
    jsonwebtoken::encode(
        &Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(config.jwt_secret.expose()),
    )
    .map_err(AppError::internal)
}

/// The user id and token version of a valid access token, or `None` for anything else (bad
/// signature, wrong algorithm, expired, wrong issuer or audience, missing claims).
pub fn verify_access_token(config: &AuthConfig, token: &str) -> Option<(Uuid, i32)> {
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
    Some((Uuid::parse_str(&data.claims.sub).ok()?, data.claims.ver))
}

/// A new opaque token (refresh, invitation): 256 random bits, base64url.
pub fn new_opaque_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// How opaque tokens are stored: SHA-256, hex. They carry 256 bits of entropy, so a fast hash
/// is enough; the database never holds a usable token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn argon2_error(e: impl std::fmt::Display) -> AppError {
    AppError::internal(std::io::Error::other(e.to_string()))
}

/// argon2id, m = 19 MiB, t = 2, p = 1.
fn params() -> Result<Params, AppError> {
    Params::new(19 * 1024, 2, 1, Some(32)).map_err(argon2_error)
}

/// Stored hashes asking for more memory than this are refused rather than computed.
const MAX_M_COST_KIB: u32 = 64 * 1024;

thread_local! {
    /// Each hashing thread's argon2 working memory, allocated once and reused, so that
    /// hashing never asks the allocator for 19 MiB again (which, freed and asked again,
    /// made the resident size of the process grow with every hash).
    static MEMORY: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The raw argon2 output of `password` with `salt`, computed in this thread's memory.
fn argon2_raw(
    algorithm: Algorithm, version: Version, params: Params, password: &[u8], salt: &[u8],
    out: &mut [u8],
) -> Result<(), AppError> {
    if params.m_cost() > MAX_M_COST_KIB {
        return Err(argon2_error("stored hash asks for too much memory"));
    }
    let blocks = params.block_count();
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, argon2::Block::default());
        }
        Argon2::new(algorithm, version, params)
            .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
            .map_err(argon2_error)
    })
}

/// Hashes on the calling thread into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`):
/// for start-up and the command line, and for the hashing threads of [`HashQueue`].
pub fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    use argon2::password_hash::phc::{Output, ParamsString, Salt};
    let params = params()?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(argon2_error)?;
    let mut out = [0u8; 32];
    argon2_raw(
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
        password.as_bytes(),
        &salt,
        &mut out,
    )?;
    let hash = argon2::PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(argon2_error)?,
        salt: Some(Salt::new(&salt).map_err(argon2_error)?),
        hash: Some(Output::new(&out).map_err(argon2_error)?),
    };
    Ok(hash.to_string())
}

/// What logins for unknown addresses are verified against, so they cost the same work as
/// real ones (same algorithm and parameters, checked by a test). No password is meant to
/// match it, and a match would not sign anyone in: there is no account behind it.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$OGpCuYt9j88AK5+3Y+Adjg$LpOHE7Huwk6sqbsCrJLprcp7L1JHBqpKZJj/YqpFyy4";

/// Whether `password` matches the PHC string `hash`; a malformed hash does not match.
fn verify_password_blocking(password: &str, hash: &str) -> Result<bool, AppError> {
    let Ok(parsed) = argon2::PasswordHash::new(hash) else {
        return Ok(false);
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Ok(false);
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return Ok(false);
    };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return Ok(false),
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return Ok(false);
    };
    let mut out = vec![0u8; expected.len()];
    argon2_raw(algorithm, version, params, password.as_bytes(), salt, &mut out)?;
    // `Output`'s comparison is constant-time.
    let computed = argon2::password_hash::phc::Output::new(&out).map_err(argon2_error)?;
    Ok(computed == *expected)
}

/// Password hashing behind a bounded queue. Each argon2 run holds 19 MiB for tens of
/// milliseconds, so without a bound a burst of logins turns into gigabytes of memory and a
/// starved database pool. The hashes run on `parallel` threads of their own (not the
/// blocking pool, whose many threads would each keep a 19 MiB arena of the allocator after
/// their first hash); at most `queue` more wait, each for at most `wait`; anything beyond
/// gets a fast 503 with `Retry-After` instead of more memory.
#[derive(Debug)]
pub struct HashQueue {
    jobs: std::sync::mpsc::SyncSender<HashJob>,
    wait: Duration,
}

type HashJob = Box<dyn FnOnce() + Send>;

/// Seconds a client is asked to wait when the queue is full or the wait ran out.
pub const BUSY_RETRY_AFTER_SECS: u64 = 2;

impl HashQueue {
    pub fn new(parallel: usize, queue: usize, wait: Duration) -> Self {
        let (jobs, receiver) = std::sync::mpsc::sync_channel::<HashJob>(queue);
        let receiver = Arc::new(std::sync::Mutex::new(receiver));
        for i in 0..parallel.max(1) {
            let receiver = receiver.clone();
            let spawned =
                std::thread::Builder::new().name(format!("fritid-hash-{i}")).spawn(move || {
                    loop {
                        // The lock is held only while waiting for the next job; when the queue
                        // is dropped the channel closes and the thread ends.
                        let job = match receiver.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password-hashing thread");
            }
        }
        Self { jobs, wait }
    }

    /// One hashing thread per core, a queue of four per core, a one-second wait.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Self::new(cores, cores * 4, Duration::from_secs(1))
    }

    async fn run<T: Send + 'static>(
        &self, work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let busy = || AppError::Busy { retry_after_secs: BUSY_RETRY_AFTER_SECS };
        let (done, result) = tokio::sync::oneshot::channel();
        let job: HashJob = Box::new(move || {
            // Nobody waits any more (the request timed out or went away): skip the work.
            if !done.is_closed() {
                done.send(work()).ok();
            }
        });
        self.jobs.try_send(job).map_err(|_| busy())?;
        match tokio::time::timeout(self.wait, result).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => {
                Err(AppError::internal(std::io::Error::other("a password-hashing thread stopped")))
            }
            Err(_) => Err(busy()),
        }
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.run(move || hash_password_blocking(&password)).await
    }

    /// Verifies a password; any malformed hash simply fails to verify.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, AppError> {
        self.run(move || verify_password_blocking(&password, &hash)).await
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
        let token = issue_access_token(&c, id, 3).unwrap();
        assert_eq!(verify_access_token(&c, &token), Some((id, 3)));
    }

    #[test]
    fn other_secrets_and_tampering_are_refused() {
        let c = config();
        let token = issue_access_token(&c, Uuid::new_v4(), 0).unwrap();
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
        assert_eq!(verify_access_token(&c, &format!("{header}.{claims}.")), None);
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
    fn password_hashes_verify_and_are_argon2id_phc_strings() {
        let hash = hash_password_blocking("korrekt hest batteri stift").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(verify_password_blocking("korrekt hest batteri stift", &hash).unwrap());
        assert!(!verify_password_blocking("korrekt hest batteri", &hash).unwrap());
        assert!(!verify_password_blocking("x", "not a hash").unwrap());
        // Hashes made by the argon2 crate's own API (as stored before) still verify.
        use argon2::password_hash::PasswordHasher;
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, params().unwrap())
            .hash_password(b"gammelt passord")
            .unwrap()
            .to_string();
        assert!(verify_password_blocking("gammelt passord", &theirs).unwrap());
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash_password_blocking("x").unwrap();
        let prefix = |h: &str| h.rsplitn(3, '$').nth(2).unwrap().to_owned();
        assert_eq!(prefix(DUMMY_HASH), prefix(&real));
        assert!(!verify_password_blocking("", DUMMY_HASH).unwrap());
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", config().jwt_secret), "Secret(***)");
    }
}
