//! The web pages' server-side sessions, stored by the SHA-256 of their id only. What makes
//! a session live (idle and absolute limits) is decided by the caller, which passes the
//! cut-off instants; the store only keeps, finds and deletes rows.

use chrono::{DateTime, Utc};
use fritid_domain::account::User;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{user, web_session};
use crate::query::{delete_where, insert, row_where};
use crate::{Store, StoreError};

/// A new session as stored.
#[derive(Debug, Clone)]
pub struct NewWebSession<'a> {
    pub id_hash: &'a str,
    pub user_id: Uuid,
    pub csrf_token: &'a str,
    pub expires_at: DateTime<Utc>,
}

/// A live session and the user it belongs to.
#[derive(Debug, Clone)]
pub struct WebSessionRow {
    pub user: User,
    pub csrf_token: String,
    pub last_seen_at: DateTime<Utc>,
}

impl Store {
    /// Stores a new session, and drops the user's sessions that have ended (expired, or
    /// not seen since `idle_before`).
    pub async fn create_web_session(
        &self, session: &NewWebSession<'_>, idle_before: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        web_session::Entity::delete_many()
            .filter(web_session::Column::UserId.eq(session.user_id))
            .filter(
                Condition::any()
                    .add(web_session::Column::ExpiresAt.lte(now))
                    .add(web_session::Column::LastSeenAt.lt(idle_before)),
            )
            .exec(&*txn)
            .await?;
        let row = web_session::ActiveModel {
            id_hash: Set(session.id_hash.to_owned()),
            user_id: Set(session.user_id),
            csrf_token: Set(session.csrf_token.to_owned()),
            created_at: Set(now),
            last_seen_at: Set(now),
            expires_at: Set(session.expires_at),
        };
        insert(&*txn, row).await?;
        txn.commit().await
    }

    /// The session `id_hash` with its user, if it has not expired and was seen at or after
    /// `idle_before`. A session found ended is deleted.
    pub async fn find_web_session(
        &self, id_hash: &str, idle_before: DateTime<Utc>,
    ) -> Result<Option<WebSessionRow>, StoreError> {
        let Some(row) = row_where(&self.db, web_session::Column::IdHash, id_hash).await? else {
            return Ok(None);
        };
        if row.expires_at <= Utc::now() || row.last_seen_at < idle_before {
            self.delete_web_session(id_hash).await?;
            return Ok(None);
        }
        let Some(user) = user::Entity::find_by_id(row.user_id).one(&self.db).await? else {
            return Ok(None);
        };
        Ok(Some(WebSessionRow {
            user: crate::accounts::to_user(&self.db, user).await?,
            csrf_token: row.csrf_token,
            last_seen_at: row.last_seen_at,
        }))
    }

    /// Notes that the session `id_hash` was used at `now` (its idle time starts again).
    pub async fn touch_web_session(
        &self, id_hash: &str, now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let txn = self.write().await?;
        web_session::Entity::update_many()
            .col_expr(web_session::Column::LastSeenAt, Expr::value(now))
            .filter(web_session::Column::IdHash.eq(id_hash))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// Ends one session; an unknown one is ignored.
    pub async fn delete_web_session(&self, id_hash: &str) -> Result<(), StoreError> {
        let txn = self.write().await?;
        delete_where(&*txn, web_session::Column::IdHash, id_hash).await?;
        txn.commit().await
    }

    /// Ends every session of a user.
    pub async fn delete_web_sessions_of(&self, user_id: Uuid) -> Result<(), StoreError> {
        let txn = self.write().await?;
        delete_where(&*txn, web_session::Column::UserId, user_id).await?;
        txn.commit().await
    }

    /// Deletes every session that has ended by `now`: expired, or not seen since
    /// `idle_before`. Returns how many went. (Ended sessions are refused when presented
    /// anyway; this keeps the table to the live ones.)
    pub async fn delete_ended_web_sessions(
        &self, now: DateTime<Utc>, idle_before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let txn = self.write().await?;
        let gone = web_session::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(web_session::Column::ExpiresAt.lte(now))
                    .add(web_session::Column::LastSeenAt.lt(idle_before)),
            )
            .exec(&*txn)
            .await?
            .rows_affected;
        txn.commit().await?;
        Ok(gone)
    }
}
