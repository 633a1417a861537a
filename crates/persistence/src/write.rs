//! The one way the store writes: a transaction that takes the write lock at once, hands out
//! one feed position for everything it changes, and on commit tells the caches of public
//! reads that the data changed (and the outbox's worker that a message waits). Every write goes through [`Store::write`], so none can commit
//! without the cache generation moving, or give its rows feed positions out of commit order.

use fritid_domain::audit::Audit;
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

use crate::{Store, StoreError};

pub(crate) struct Write<'s> {
    txn: DatabaseTransaction,
    store: &'s Store,
    feed_position: Option<i64>,
    /// A message was written to the outbox: its worker is woken on commit.
    pub(crate) enqueued: bool,
}

impl Store {
    /// A transaction that will write. On SQLite it takes the write lock at BEGIN
    /// (`BEGIN IMMEDIATE`), waiting up to the busy timeout: a deferred transaction that reads
    /// first and writes later would instead fail at once with "database is locked" whenever
    /// another writer got in between.
    pub(crate) async fn write(&self) -> Result<Write<'_>, StoreError> {
        let txn = self.immediate().await?;
        Ok(Write { txn, store: self, feed_position: None, enqueued: false })
    }

    /// The bare transaction of [`Store::write`], for writes outside the data whose commit
    /// must not count as a change (the login throttle's attempts).
    pub(crate) async fn immediate(&self) -> Result<DatabaseTransaction, StoreError> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        Ok(self
            .db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await?)
    }
}

impl Write<'_> {
    /// The change-feed position of this write's rows: taken from the feed clock on first
    /// use (which orders this transaction after every earlier writer), the same for every
    /// row it changes.
    pub(crate) async fn feed_position(&mut self) -> Result<i64, StoreError> {
        match self.feed_position {
            Some(p) => Ok(p),
            None => {
                let p = crate::clock::tick(&self.txn).await?;
                self.feed_position = Some(p);
                Ok(p)
            }
        }
    }

    /// Commits, then moves the cache generation so public reads are fetched afresh, and
    /// wakes the outbox's worker when a message was written.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.txn.commit().await?;
        self.store.changed();
        if self.enqueued {
            self.store.mail_wake.notify_one();
        }
        Ok(())
    }

    /// Records `audit` about a resource in this transaction, then commits: the entry is part
    /// of the change it describes.
    pub(crate) async fn commit_audited(
        self, audit: &Audit, resource_type: &str, resource_id: Option<Uuid>,
    ) -> Result<(), StoreError> {
        crate::audit::record(&self.txn, audit, resource_type, resource_id).await?;
        self.commit().await
    }
}

impl std::ops::Deref for Write<'_> {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
