//! Accounts: register, log in, tokens, and the signed-in user's own profile.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, Password, User, parse_person_name};
use fritid_domain::mail::LinkPurpose;
use fritid_persistence::{Rotation, StoreError};
use uuid::Uuid;

use crate::auth::{DUMMY_HASH, hash_token, issue_access_token, new_opaque_token};
use crate::limits::address_key;
use crate::{App, AppError};

/// A new access token and its refresh token.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single use: each refresh returns a new one.
    pub refresh_token: String,
}

/// What a registration asks for, as typed.
#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = RegisterRequest, description = "A new account."))]
pub struct Registration {
    #[cfg_attr(feature = "openapi", schema(example = "kari@example.no"))]
    pub email: String,
    /// 10–128 characters, not among the most common passwords.
    #[cfg_attr(feature = "openapi", schema(example = "korrekt hest batteri stift"))]
    pub password: String,
    #[cfg_attr(feature = "openapi", schema(example = "Kari Nordmann"))]
    pub name: String,
}

/// A change of the signed-in user's own profile, as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = UpdateMeRequest,
    description = "Change the name, the password, or both."))]
pub struct ProfileChange {
    pub name: Option<String>,
    /// The new password; requires `current_password`. Every session (refresh token) is
    /// revoked when it changes.
    pub password: Option<String>,
    pub current_password: Option<String>,
}

/// The throttle key of a client: its address, or one shared key when none is known.
fn client_key(client: Option<IpAddr>) -> String {
    client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The throttle key of a typed address: no real address is longer than 254 characters, so
/// a longer value cannot name an account and is cut rather than kept whole in memory.
fn account_key(email: &str) -> String {
    email.trim().chars().take(254).collect::<String>().to_lowercase()
}

/// Why the token of an e-mailed link is refused (422 on `token`).
const UNUSABLE_LINK: &str = "is unknown, already used or expired";

/// `Ok` when the token of an e-mailed link was used, else its refusal (422 on `token`).
fn link_used(used: bool) -> Result<(), AppError> {
    if used { Ok(()) } else { Err(AppError::invalid("token", UNUSABLE_LINK)) }
}

impl App {
    /// Registers an account. The outcome is the same whether or not the address was taken,
    /// so registration cannot be used to find out who has an account.
    pub async fn register(
        &self, client: Option<IpAddr>, input: Registration,
    ) -> Result<(), AppError> {
        // Every registration costs a password hash: limited per client.
        self.register_limit.check(client).await?;
        let mut errors = ValidationErrors::new();
        let email = errors.check(Email::parse("email", &input.email));
        let password = errors.check(Password::parse("password", &input.password));
        let name = errors.check(parse_person_name("name", &input.name));
        let (Some(email), Some(password), Some(name)) = (email, password, name) else {
            return Err(errors.into());
        };
        // Hash before looking the address up, so both outcomes cost the same time.
        let hash = self.hasher.hash(password.expose().to_owned()).await?;
        // The confirmation is written in the account's own transaction: no account without
        // its message, no message without its account. A taken address gets none.
        let now = Utc::now();
        let link = self.confirmation_link(&email, &name, now)?;
        match self.store.register_user(&email, &name, &hash, &link, now).await {
            Ok(_) | Err(StoreError::Conflict { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Confirms an address with the token of the link sent at registration. The token
    /// works once, for 24 hours; any other is refused (422 on `token`).
    pub async fn confirm_email(&self, token: &str) -> Result<(), AppError> {
        link_used(self.store.confirm_email(&hash_token(token.trim()), Utc::now()).await?)
    }

    /// Sends a link to set a new password to `email` when it is an account's address. The
    /// answer is the same whether or not it is, after much the same work (a link is made
    /// either way), so the request cannot be used to find out who has an account. Limited
    /// per client, and per address whether or not it has an account (links to one address
    /// are limited: nobody can flood an inbox); a malformed address is refused (422 on
    /// `email`).
    pub async fn request_password_reset(
        &self, client: Option<IpAddr>, email: &str,
    ) -> Result<(), AppError> {
        self.reset_limit.check(client).await?;
        let email = Email::parse("email", email)?;
        self.address_limit.check_key(address_key(&email)).await?;
        let now = Utc::now();
        let user = self.store.find_user_by_email(&email).await?;
        let name = user.as_ref().map_or("", |u| u.name.as_str());
        let link = self.account_link(LinkPurpose::Reset, &email, name, now)?;
        if let Some(user) = user {
            // The link and its message in one transaction.
            self.store.send_email_link(user.id, &link, now).await?;
        }
        Ok(())
    }

    /// Sets a new password with the token of a reset link: the token works once, for 30
    /// minutes (else 422 on `token`); the password follows the rules of registration (else
    /// 422 on `password`, and the token still works). The token is used up in the
    /// transaction that changes the password, which ends every session and token of the
    /// account and counts the address as confirmed.
    pub async fn reset_password(&self, token: &str, password: String) -> Result<(), AppError> {
        let token_hash = hash_token(token.trim());
        let mut errors = ValidationErrors::new();
        // Checked before the password is hashed, so a made-up token costs no hash.
        let usable = self.store.email_link_works(&token_hash, LinkPurpose::Reset, Utc::now());
        if !usable.await? {
            errors.push("token", UNUSABLE_LINK);
        }
        let password = errors.check(Password::parse("password", &password));
        let (Some(password), true) = (password, errors.is_empty()) else {
            return Err(errors.into());
        };
        let hash = self.hasher.hash(password.expose().to_owned()).await?;
        link_used(self.store.reset_password(&token_hash, &hash, Utc::now()).await?)
    }

    /// Sends the signed-in user a new confirmation link (earlier ones keep working until
    /// they expire). Nothing is sent when the address is confirmed already. Links to one
    /// address are limited (`TooManyRequests`), so an account cannot flood its inbox.
    pub async fn resend_confirmation(&self, user: &User) -> Result<(), AppError> {
        if user.email_verified {
            return Ok(());
        }
        self.address_limit.check_key(address_key(&user.email)).await?;
        let now = Utc::now();
        let link = self.confirmation_link(&user.email, &user.name, now)?;
        Ok(self.store.send_email_link(user.id, &link, now).await?)
    }

    /// Checks a password for an address, throttled per account and per client: the attempt
    /// is counted before the hash, so parallel guesses cannot all slip through.
    pub async fn verify_credentials(
        &self, client: Option<IpAddr>, email: &str, password: String,
    ) -> Result<Uuid, AppError> {
        let attempt = self.throttle.begin(&account_key(email), &client_key(client)).await?;
        // A malformed address cannot match an account: same answer as a wrong password.
        let credentials = match Email::parse("email", email) {
            Ok(email) => match self.store.credentials(&email).await {
                Ok(c) => c,
                Err(e) => {
                    self.throttle.release(attempt).await;
                    return Err(e.into());
                }
            },
            Err(_) => None,
        };
        // Unknown accounts are verified against a dummy hash so they take as long as real ones.
        let (user_id, hash) = match credentials {
            Some(c) => (Some(c.user_id), c.password_hash),
            None => (None, DUMMY_HASH.to_owned()),
        };
        let ok = match self.hasher.verify(password, hash).await {
            Ok(ok) => ok,
            Err(e) => {
                self.throttle.release(attempt).await;
                return Err(e);
            }
        };
        let Some(user_id) = user_id.filter(|_| ok) else {
            tracing::info!("login failed");
            return Err(AppError::InvalidCredentials);
        };
        self.throttle.succeeded(attempt).await;
        Ok(user_id)
    }

    /// Logs in with e-mail and password: a fresh token pair whose refresh token starts a
    /// new chain.
    pub async fn log_in(
        &self, client: Option<IpAddr>, email: &str, password: String,
    ) -> Result<TokenPair, AppError> {
        let user_id = self.verify_credentials(client, email, password).await?;
        let refresh_token = new_opaque_token()?;
        self.store
            .insert_refresh_token(
                user_id,
                Uuid::new_v4(),
                &hash_token(&refresh_token),
                self.refresh_expiry(),
            )
            .await?;
        self.token_pair(user_id, refresh_token).await
    }

    /// An access token under the account's current token version, with `refresh_token`.
    async fn token_pair(
        &self, user_id: Uuid, refresh_token: String,
    ) -> Result<TokenPair, AppError> {
        let user = self.store.get_user(user_id).await?;
        Ok(TokenPair {
            access_token: issue_access_token(&self.auth, user_id, user.token_version)?,
            expires_in: self.auth.access_ttl.as_secs(),
            refresh_token,
        })
    }

    fn refresh_expiry(&self) -> DateTime<Utc> {
        Utc::now()
            + chrono::Duration::from_std(self.auth.refresh_ttl)
                .unwrap_or(chrono::Duration::days(30))
    }

    /// Exchanges a refresh token for a new pair. The presented token stops working;
    /// presenting it again revokes every token descended from the same login.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenPair, AppError> {
        let new_refresh = new_opaque_token()?;
        let outcome = self
            .store
            .rotate_refresh_token(
                &hash_token(refresh_token.trim()),
                &hash_token(&new_refresh),
                self.refresh_expiry(),
            )
            .await?;
        match outcome {
            Rotation::Rotated { user_id } => self.token_pair(user_id, new_refresh).await,
            Rotation::Reused => {
                tracing::warn!("a used refresh token was presented; its chain was revoked");
                Err(AppError::Unauthenticated)
            }
            Rotation::Invalid => Err(AppError::Unauthenticated),
        }
    }

    /// Logs out: the refresh token and every token of the same login stop working, and so
    /// do the account's access tokens, at once.
    pub async fn log_out(&self, refresh_token: &str) -> Result<(), AppError> {
        Ok(self.store.revoke_refresh_token(&hash_token(refresh_token.trim())).await?)
    }

    /// The user an access token belongs to. Any invalid token, or one of a deleted
    /// account, is `Unauthenticated`.
    pub async fn authenticate(&self, access_token: &str) -> Result<User, AppError> {
        let (user_id, version) = crate::auth::verify_access_token(&self.auth, access_token)
            .ok_or(AppError::Unauthenticated)?;
        match self.store.get_user(user_id).await {
            // Issued before a logout or a password change: no longer valid.
            Ok(user) if user.token_version != version => Err(AppError::Unauthenticated),
            Ok(user) => Ok(user),
            Err(StoreError::NotFound) => Err(AppError::Unauthenticated),
            Err(e) => Err(e.into()),
        }
    }

    /// Changes the signed-in user's name and/or password. A wrong `current_password` is a
    /// password guess like a failed login, and is throttled with them. A new password
    /// revokes every refresh token and ends every web session of the user.
    pub async fn update_profile(
        &self, user: &User, client: Option<IpAddr>, change: ProfileChange,
    ) -> Result<User, AppError> {
        let mut errors = ValidationErrors::new();
        let name = change.name.as_deref().and_then(|n| errors.check(parse_person_name("name", n)));
        let password =
            change.password.as_deref().and_then(|p| errors.check(Password::parse("password", p)));
        if change.password.is_some() && change.current_password.is_none() {
            errors.push("current_password", "is required to change the password");
        }
        errors.finish()?;
        if let (Some(password), Some(current)) = (password, change.current_password) {
            self.verify_current_password(user, client, current).await?;
            let hash = self.hasher.hash(password.expose().to_owned()).await?;
            self.store.change_password(user.id, &hash).await?;
        }
        Ok(match name {
            Some(name) => self.store.rename_user(user.id, &name).await?,
            None => self.store.get_user(user.id).await?,
        })
    }

    async fn verify_current_password(
        &self, user: &User, client: Option<IpAddr>, current: String,
    ) -> Result<(), AppError> {
        let attempt =
            self.throttle.begin(&account_key(user.email.as_str()), &client_key(client)).await?;
        let stored = match self.store.password_hash(user.id).await {
            Ok(stored) => stored,
            Err(e) => {
                self.throttle.release(attempt).await;
                return Err(e.into());
            }
        };
        match self.hasher.verify(current, stored).await {
            Ok(true) => {
                self.throttle.succeeded(attempt).await;
                Ok(())
            }
            Ok(false) => Err(AppError::invalid("current_password", "is not correct")),
            Err(e) => {
                self.throttle.release(attempt).await;
                Err(e)
            }
        }
    }

    /// Deletes the account and its personal data (its web sessions too); refused while the
    /// user is the last owner of an organisation.
    pub async fn delete_account(&self, user: &User) -> Result<(), AppError> {
        Ok(self.store.delete_user(user.id).await?)
    }
}
