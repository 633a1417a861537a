//! Per-client limits kept in the database (`fritid_app::limits`), so that every node on it
//! counts the same requests. GCRA: each key holds the instant its allowance is whole again
//! (the "theoretical arrival time"); a request costs one interval and is allowed while that
//! instant stays within `burst` intervals of now. One statement checks and records, so
//! requests racing on several nodes are counted one by one. Times are microseconds since 1970.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

use crate::Store;
use crate::error::StoreError;

/// Moves the key's instant one interval on (`$3`; from now when it had passed: `$2` is now
/// plus one interval) when it is at most `$4`, and answers the row; else answers none.
const TAKE: &str = "INSERT INTO client_limits (key, tat) VALUES ($1, $2) \
     ON CONFLICT (key) DO UPDATE SET tat = CASE WHEN client_limits.tat + $3 > excluded.tat \
     THEN client_limits.tat + $3 ELSE excluded.tat END \
     WHERE client_limits.tat <= $4 RETURNING tat";

/// `sql` with its values, for this backend: `$n` as PostgreSQL writes a numbered parameter,
/// SQLite's own form is `?n`.
fn statement(backend: DbBackend, sql: &str, values: impl IntoIterator<Item = Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => sql.to_owned(),
        _ => sql.replace('$', "?"),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

impl Store {
    /// Records one request of `key` at `now`, if its allowance has room: answers `Ok(Ok(()))`,
    /// or, recording nothing, `Ok(Err(wait))` with how many microseconds until it would have.
    /// `interval` is the cost of one request; up to `burst` requests may come at once.
    pub async fn take_client_allowance(
        &self, key: &str, interval: i64, burst: u32, now: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let backend = self.db.get_database_backend();
        // Allowed when the stored instant is at most this: then it moves one interval on
        // (from now, if it had passed).
        let latest = now.saturating_add(interval.saturating_mul(i64::from(burst.max(1)) - 1));
        let values: [Value; 4] =
            [key.into(), now.saturating_add(interval).into(), interval.into(), latest.into()];
        let taken = self.db.query_one_raw(statement(backend, TAKE, values)).await?;
        if taken.is_some() {
            return Ok(Ok(()));
        }
        let held = "SELECT tat FROM client_limits WHERE key = $1";
        let held = self.db.query_one_raw(statement(backend, held, [key.into()])).await?;
        let tat: i64 = match held {
            Some(row) => row.try_get("", "tat")?,
            None => latest,
        };
        Ok(Err(tat.saturating_sub(latest).max(0)))
    }

    /// Deletes the allowances that are whole again by `now` (the same as no row). Returns
    /// how many.
    pub async fn prune_client_allowances(&self, now: i64) -> Result<u64, StoreError> {
        let backend = self.db.get_database_backend();
        let sql = "DELETE FROM client_limits WHERE tat < $1";
        let done = self.db.execute_raw(statement(backend, sql, [now.into()])).await?;
        Ok(done.rows_affected())
    }
}
