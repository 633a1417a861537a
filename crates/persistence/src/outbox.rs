//! The outbox: e-mail is written here in the same transaction as the event that causes it
//! ([`Write::enqueue`]), and a worker delivers it. A worker claims due messages with a lease
//! (`lease_until`): on PostgreSQL with `FOR UPDATE SKIP LOCKED`, so workers of several nodes
//! never take the same message; on SQLite inside the write lock. A message whose worker
//! died is claimed again once its lease has run out, and keeps its `Message-ID`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use fritid_domain::account::Email;
use fritid_domain::mail::{Mail, MailKind, MailStatus, OutboxEntry, mask, next_attempt};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::outbox;
use crate::error::corrupt;
use crate::page::{Page, cursor_key, cut};
use crate::query::{Existing, count_by, insert};
use crate::write::Write;
use crate::{Backend, Store, StoreError};

/// A message a worker has claimed: no other worker takes it until its lease runs out.
#[derive(Debug, Clone)]
pub struct ClaimedMail {
    pub id: Uuid,
    pub mail: Mail,
    /// Attempts made before this one.
    pub attempts: i32,
}

/// The longest `last_error` kept.
const ERROR_CHARS: usize = 500;

fn stored_kind(value: &str) -> Result<MailKind, StoreError> {
    MailKind::parse(value).ok_or_else(|| corrupt("mail kind", value))
}

fn stored_status(value: &str) -> Result<MailStatus, StoreError> {
    MailStatus::parse("status", value).map_err(|_| corrupt("mail status", value))
}

fn claimed(row: outbox::Model) -> Result<ClaimedMail, StoreError> {
    let to = Email::parse("recipient", &row.recipient)
        .map_err(|_| corrupt("recipient of message", &row.id.to_string()))?;
    Ok(ClaimedMail {
        id: row.id,
        attempts: row.attempts,
        mail: Mail {
            kind: stored_kind(&row.kind)?,
            to,
            subject: row.subject,
            text: row.body_text,
            html: row.body_html,
            message_id: row.message_id,
        },
    })
}

fn entry(row: outbox::Model) -> Result<OutboxEntry, StoreError> {
    Ok(OutboxEntry {
        id: row.id,
        kind: stored_kind(&row.kind)?,
        recipient: mask(&row.recipient),
        subject: row.subject,
        status: stored_status(&row.status)?,
        attempts: row.attempts,
        next_attempt_at: row.next_attempt_at,
        last_error: row.last_error,
        created_at: row.created_at,
        sent_at: row.sent_at,
    })
}

impl Write<'_> {
    /// Writes `mail` to the outbox in this transaction, due at `now`: it is delivered if,
    /// and only if, the transaction commits (which wakes the worker). Returns its id.
    pub(crate) async fn enqueue(
        &mut self, mail: &Mail, now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::now_v7();
        let row = outbox::ActiveModel {
            id: Set(id),
            kind: Set(mail.kind.as_str().to_owned()),
            recipient: Set(mail.to.as_str().to_owned()),
            subject: Set(mail.subject.clone()),
            body_text: Set(mail.text.clone()),
            body_html: Set(mail.html.clone()),
            message_id: Set(mail.message_id.clone()),
            status: Set(MailStatus::Queued.as_str().to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            lease_until: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
        };
        insert(&**self, row).await?;
        self.enqueued = true;
        Ok(id)
    }
}

impl Store {
    /// Notified whenever a message commits to the outbox through this process: the worker
    /// waits on it (and looks anyway every few seconds, for other nodes' messages).
    pub fn mail_wake(&self) -> Arc<tokio::sync::Notify> {
        self.mail_wake.clone()
    }

    /// Writes a message that comes with no other change to the outbox.
    pub async fn enqueue_mail(&self, mail: &Mail, now: DateTime<Utc>) -> Result<Uuid, StoreError> {
        let mut txn = self.write().await?;
        let id = txn.enqueue(mail, now).await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Claims up to `limit` messages due at `now` for one worker, which holds them until
    /// `now + lease`. Oldest due first.
    pub async fn claim_due_mail(
        &self, now: DateTime<Utc>, lease: chrono::Duration, limit: u64,
    ) -> Result<Vec<ClaimedMail>, StoreError> {
        let txn = self.write().await?;
        let mut due: Select<outbox::Entity> = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(MailStatus::Queued.as_str()))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(outbox::Column::LeaseUntil.is_null().or(outbox::Column::LeaseUntil.lte(now)))
            .order_by_asc(outbox::Column::NextAttemptAt)
            .order_by_asc(outbox::Column::Id)
            .limit(limit);
        if self.backend == Backend::Postgres {
            // Rows another worker is claiming right now are skipped, not waited for.
            due = due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let rows = due.all(&*txn).await?;
        if rows.is_empty() {
            // Nothing to claim: the transaction is dropped (rolled back) unwritten.
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        outbox::Entity::update_many()
            .col_expr(outbox::Column::LeaseUntil, Expr::value(now + lease))
            .filter(outbox::Column::Id.is_in(ids))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        rows.into_iter().map(claimed).collect()
    }

    /// The message `id` was delivered at `now`.
    pub async fn mark_mail_sent(&self, id: Uuid, now: DateTime<Utc>) -> Result<(), StoreError> {
        let txn = self.write().await?;
        outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(MailStatus::Sent.as_str()))
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .col_expr(outbox::Column::Attempts, Expr::col(outbox::Column::Attempts).add(1))
            .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(outbox::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await
    }

    /// An attempt to deliver the message `id` failed at `now` with `error` (words without
    /// personal data): it waits for its next attempt with exponential backoff, or, after the
    /// last allowed attempt or when another attempt cannot go otherwise (`retry` false), is
    /// `failed`. Returns its status now.
    pub async fn mark_mail_failed(
        &self, id: Uuid, error: &str, retry: bool, now: DateTime<Utc>,
    ) -> Result<MailStatus, StoreError> {
        let txn = self.write().await?;
        let row = outbox::Entity::find_by_id(id).existing(&*txn).await?;
        let attempts = row.attempts + 1;
        let (status, next) = match next_attempt(attempts, now).filter(|_| retry) {
            Some(at) => (MailStatus::Queued, at),
            None => (MailStatus::Failed, row.next_attempt_at),
        };
        let error: String = error.chars().take(ERROR_CHARS).collect();
        outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(status.as_str()))
            .col_expr(outbox::Column::Attempts, Expr::value(attempts))
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
            .col_expr(outbox::Column::LeaseUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(outbox::Column::LastError, Expr::value(error))
            .filter(outbox::Column::Id.eq(id))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(status)
    }

    /// The outbox newest first, all of it or the messages with `status`, recipients masked.
    /// `cursor` comes from a previous page of the same filter.
    pub async fn list_outbox(
        &self, status: Option<MailStatus>, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<OutboxEntry>, StoreError> {
        // Ids are UUID v7: their byte order is their time order on both backends.
        let mut query = outbox::Entity::find().order_by_desc(outbox::Column::Id).limit(limit + 1);
        if let Some(id) = cursor_key::<Uuid>(cursor)? {
            query = query.filter(outbox::Column::Id.lt(id));
        }
        if let Some(status) = status {
            query = query.filter(outbox::Column::Status.eq(status.as_str()));
        }
        let (rows, next_cursor) = cut(query.all(&self.db).await?, limit, |r| r.id)?;
        let items = rows.into_iter().map(entry).collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }

    /// How many messages the outbox holds in each status (statuses with none left out).
    pub async fn outbox_counts(&self) -> Result<Vec<(MailStatus, u64)>, StoreError> {
        let counts: Vec<(String, u64)> =
            count_by(&self.db, outbox::Entity::find(), outbox::Column::Status).await?;
        counts.into_iter().map(|(status, n)| Ok((stored_status(&status)?, n))).collect()
    }
}
