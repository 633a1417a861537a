//! Sessions of the web pages: signing in through a page gives a random 256-bit session id,
//! kept in a cookie by the browser and in the database only as its SHA-256, so every node
//! shares them and each can be ended at once.
//!
//! Signing in goes through [`App::verify_credentials`], the same check as the API's
//! `log_in`: the same login throttle (failures through either count for both) and the same
//! hashing queue. Each sign-in makes a new id (no fixation).
//!
//! A session ends after [`SESSION_IDLE`] without use, after [`SESSION_MAX`] in any case, at
//! sign-out, by a password change and with the account. Use moves its idle time on, at most
//! once per [`TOUCH_EVERY`] (so pages do not write on every view).

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use fritid_domain::account::User;
use fritid_persistence::NewWebSession;

use crate::auth::{hash_token, new_opaque_token};
use crate::{App, AppError};

/// A session ends after this long without use.
pub const SESSION_IDLE: Duration = Duration::hours(8);
/// A session ends this long after sign-in, however much it is used.
pub const SESSION_MAX: Duration = Duration::days(30);
/// How often the last use of a session is written.
const TOUCH_EVERY: Duration = Duration::minutes(5);

/// A new session: the id for the cookie (shown only now) and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: String,
    pub csrf_token: String,
}

/// A live session: who is signed in, and the token their forms must bring back.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

impl Session {
    /// Whether a form's `token` is this session's, compared in constant time.
    pub fn csrf_matches(&self, token: &str) -> bool {
        let (a, b) = (self.csrf_token.as_bytes(), token.as_bytes());
        !a.is_empty()
            && a.len() == b.len()
            && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

fn idle_before(now: DateTime<Utc>) -> DateTime<Utc> {
    now - SESSION_IDLE
}

impl App {
    /// Signs in with e-mail and password for the web pages: a new session.
    pub async fn start_session(
        &self, client: Option<IpAddr>, email: &str, password: String,
    ) -> Result<NewSession, AppError> {
        let user_id = self.verify_credentials(client, email, password).await?;
        let id = new_opaque_token()?;
        let csrf_token = new_opaque_token()?;
        let now = Utc::now();
        let session = NewWebSession {
            id_hash: &hash_token(&id),
            user_id,
            csrf_token: &csrf_token,
            expires_at: now + SESSION_MAX,
        };
        self.store.create_web_session(&session, idle_before(now)).await?;
        Ok(NewSession { id, csrf_token })
    }

    /// The live session `id`, if there is one; its idle time starts again.
    pub async fn session(&self, id: &str) -> Result<Option<Session>, AppError> {
        let id = id.trim();
        if id.is_empty() || id.len() > 128 {
            return Ok(None);
        }
        let id_hash = hash_token(id);
        let now = Utc::now();
        let Some(row) = self.store.find_web_session(&id_hash, idle_before(now)).await? else {
            return Ok(None);
        };
        if now - row.last_seen_at >= TOUCH_EVERY {
            self.store.touch_web_session(&id_hash, now).await?;
        }
        Ok(Some(Session { user: row.user, csrf_token: row.csrf_token }))
    }

    /// Signs out: the session `id` stops working. An unknown one is ignored.
    pub async fn end_session(&self, id: &str) -> Result<(), AppError> {
        Ok(self.store.delete_web_session(&hash_token(id.trim())).await?)
    }

    /// Ends every web session of `user` (a password change and account deletion do this in
    /// their own transaction).
    pub async fn end_all_sessions(&self, user: &User) -> Result<(), AppError> {
        Ok(self.store.delete_web_sessions_of(user.id).await?)
    }
}
