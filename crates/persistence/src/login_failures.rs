//! The login throttle's failed attempts (`fritid_app::throttle`), kept in the database so
//! that every node on it counts the same attempts. Times are microseconds since 1970.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Statement,
};
use uuid::Uuid;

use crate::Store;
use crate::entity::login_failure as failure;
use crate::error::StoreError;

impl Store {
    /// Atomically: when every key has fewer than its limit of attempts after `since`, adds
    /// one at `at` to each and answers `Ok(Ok(()))`; otherwise adds nothing and answers the
    /// oldest attempt of a full key (the latest of those when several are full). Attempts
    /// up to `since` are deleted on the way.
    pub async fn try_push_failures(
        &self, keys: &[(&str, usize)], since: i64, at: i64,
    ) -> Result<Result<(), i64>, StoreError> {
        let txn = self.immediate().await?;
        if txn.get_database_backend() == DbBackend::Postgres {
            // One transaction per key at a time across nodes (SQLite's immediate transaction
            // already excludes every other writer); in one order, so two cannot deadlock.
            let mut sorted: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            sorted.sort_unstable();
            sorted.dedup();
            for key in sorted {
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_advisory_xact_lock(hashtextextended($1, 1601))",
                    [key.into()],
                ))
                .await?;
            }
        }
        failure::Entity::delete_many().filter(failure::Column::At.lte(since)).exec(&txn).await?;
        let mut full: Option<i64> = None;
        for (key, limit) in keys {
            let count =
                failure::Entity::find().filter(failure::Column::Key.eq(*key)).count(&txn).await?;
            if count >= *limit as u64 {
                let oldest: Option<i64> = failure::Entity::find()
                    .select_only()
                    .column_as(failure::Column::At.min(), "oldest")
                    .filter(failure::Column::Key.eq(*key))
                    .into_tuple::<Option<i64>>()
                    .one(&txn)
                    .await?
                    .flatten();
                let oldest = oldest.unwrap_or(at);
                full = Some(full.map_or(oldest, |f| f.max(oldest)));
            }
        }
        if let Some(oldest) = full {
            txn.rollback().await?;
            return Ok(Err(oldest));
        }
        let rows = keys.iter().map(|(key, _)| failure::ActiveModel {
            id: Set(Uuid::new_v4()),
            key: Set((*key).to_owned()),
            at: Set(at),
        });
        failure::Entity::insert_many(rows).exec_without_returning(&txn).await?;
        txn.commit().await?;
        Ok(Ok(()))
    }

    /// Gives back one attempt of `key` made `at`.
    pub async fn remove_failure(&self, key: &str, at: i64) -> Result<(), StoreError> {
        let one: Option<Uuid> = failure::Entity::find()
            .select_only()
            .column(failure::Column::Id)
            .filter(failure::Column::Key.eq(key))
            .filter(failure::Column::At.eq(at))
            .into_tuple()
            .one(&self.db)
            .await?;
        if let Some(id) = one {
            failure::Entity::delete_by_id(id).exec(&self.db).await?;
        }
        Ok(())
    }

    /// Forgets every attempt of `key`.
    pub async fn clear_failures(&self, key: &str) -> Result<(), StoreError> {
        failure::Entity::delete_many().filter(failure::Column::Key.eq(key)).exec(&self.db).await?;
        Ok(())
    }
}
