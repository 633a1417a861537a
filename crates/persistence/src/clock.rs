//! Time as the store writes it: timestamps at the precision both databases keep, and the
//! clock of the change feeds.
//!
//! Every write to a public resource takes the next feed number from one clock row, inside
//! its own transaction ([`tick`]). The row lock orders those transactions, so numbers
//! increase in commit order and a reader who has seen (modified, id) never later meets a
//! smaller pair. The numbers are microseconds since 1970 where the clock allows (they read as
//! time) and otherwise one more than the last.

use chrono::{DateTime, Timelike, Utc};
use sea_orm::{ConnectionTrait, Statement};

use crate::StoreError;

/// Timestamps are kept at microsecond precision (PostgreSQL's), so a value read back equals
/// the value written on both backends and cursors built from them compare exactly.
pub(crate) fn now_micros() -> DateTime<Utc> {
    let now = Utc::now();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000).unwrap_or(now)
}

/// The next feed number; call inside the writing transaction, before its commit.
pub(crate) async fn tick<C: ConnectionTrait>(db: &C) -> Result<i64, StoreError> {
    let backend = db.get_database_backend();
    let now = Utc::now().timestamp_micros();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        match backend {
            sea_orm::DbBackend::Postgres => {
                "UPDATE feed_clock SET value = GREATEST(value + 1, $1) WHERE name = 'feeds'"
                    .to_owned()
            }
            _ => "UPDATE feed_clock SET value = MAX(value + 1, ?) WHERE name = 'feeds'".to_owned(),
        },
        [now.into()],
    ))
    .await?;
    read(db).await
}

/// The feed clock's value: the last feed number handed out, by any process.
pub(crate) async fn read<C: ConnectionTrait>(db: &C) -> Result<i64, StoreError> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT value FROM feed_clock WHERE name = 'feeds'",
        ))
        .await?
        .ok_or_else(|| StoreError::Corrupt("the feed clock row is missing".to_owned()))?;
    Ok(row.try_get("", "value")?)
}
