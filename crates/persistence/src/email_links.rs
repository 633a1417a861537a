//! Single-use links sent by e-mail (address confirmation, password reset): the store keeps
//! the SHA-256 of the token, what it is for, until when it works and whether it was used.
//! A link is stored and its message written to the outbox in one transaction.

use chrono::{DateTime, Utc};
use fritid_domain::mail::{LinkPurpose, Mail};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::email_token;
use crate::query::{insert, row_where};
use crate::write::Write;
use crate::{Store, StoreError};

/// A link about to be e-mailed: the hash of its token (never the token), what it is for,
/// until when it works, and the message that carries it.
#[derive(Debug, Clone)]
pub struct EmailLink {
    pub token_hash: String,
    pub purpose: LinkPurpose,
    pub expires_at: DateTime<Utc>,
    pub mail: Mail,
}

/// Whether `token` may still be used for `purpose` at `now`: made for it, not used, not
/// expired.
fn usable(token: &email_token::Model, purpose: LinkPurpose, now: DateTime<Utc>) -> bool {
    token.purpose == purpose.as_str() && token.used_at.is_none() && token.expires_at > now
}

impl Write<'_> {
    /// Stores `link` for the account `user_id` and writes its message to the outbox, in
    /// this transaction.
    pub(crate) async fn send_link(
        &mut self, user_id: Uuid, link: &EmailLink, now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let row = email_token::ActiveModel {
            token_hash: Set(link.token_hash.clone()),
            user_id: Set(user_id),
            purpose: Set(link.purpose.as_str().to_owned()),
            created_at: Set(now),
            expires_at: Set(link.expires_at),
            used_at: Set(None),
        };
        insert(&**self, row).await?;
        self.enqueue(&link.mail, now).await?;
        Ok(())
    }

    /// Uses the token whose hash is `token_hash`, once: the account it belongs to, when it
    /// was made for `purpose`, has not been used and has not expired by `now` (it is used
    /// now); `None` otherwise. Of two concurrent uses, one wins.
    pub(crate) async fn use_link(
        &self, token_hash: &str, purpose: LinkPurpose, now: DateTime<Utc>,
    ) -> Result<Option<Uuid>, StoreError> {
        let Some(token) = row_where(&**self, email_token::Column::TokenHash, token_hash).await?
        else {
            return Ok(None);
        };
        if !usable(&token, purpose, now) {
            return Ok(None);
        }
        let marked = email_token::Entity::update_many()
            .col_expr(email_token::Column::UsedAt, Expr::value(now))
            .filter(email_token::Column::TokenHash.eq(token_hash))
            .filter(email_token::Column::UsedAt.is_null())
            .exec(&**self)
            .await?;
        Ok((marked.rows_affected > 0).then_some(token.user_id))
    }
}

impl Store {
    /// Stores `link` for the account `user_id` and writes its message to the outbox, in
    /// one transaction.
    pub async fn send_email_link(
        &self, user_id: Uuid, link: &EmailLink, now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut txn = self.write().await?;
        txn.send_link(user_id, link, now).await?;
        txn.commit().await
    }

    /// Whether the token whose hash is `token_hash` would work for `purpose` at `now`,
    /// without using it: a check before costly work (using it may still lose a race).
    pub async fn email_link_works(
        &self, token_hash: &str, purpose: LinkPurpose, now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let token = row_where(&self.db, email_token::Column::TokenHash, token_hash).await?;
        Ok(token.is_some_and(|t| usable(&t, purpose, now)))
    }
}
