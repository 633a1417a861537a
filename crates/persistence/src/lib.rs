//! Fritid's store: the only crate that talks to the database. It turns domain values into
//! rows and back; sea-orm models never leave it. It works on SQLite (the zero-setup default)
//! and PostgreSQL; backend-specific SQL lives in this crate only.

mod accounts;
mod activities;
mod audit;
mod client_limits;
mod clock;
mod connect;
mod email_links;
mod entity;
mod error;
mod feeds;
mod login_failures;
mod notices;
mod organisations;
mod outbox;
mod ownership;
mod page;
mod query;
pub mod reference;
mod schedule_codec;
mod search;
mod seed;
mod sessions;
mod sql;
mod terms;
mod tracked;
mod volunteering;
mod write;

pub use accounts::{Credentials, Rotation};
pub use activities::OwnActivitiesFilter;
pub use audit::AuditFilter;
pub use email_links::EmailLink;
pub use feeds::{FeedEntry, modified_instant};
pub use notices::{CentreSummary, UnansweredSignup};
pub use organisations::{
    InvitationError, Member, NewInvitation, OpenInvitation, OrganisationFilter,
};
pub use outbox::ClaimedMail;
pub use page::{Page, cut as cut_page, decode_cursor, encode_cursor};
pub use reference::{References, Usage};
pub use search::{
    ActivitySearch, ActivitySort, CoverageRow, FacetRequest, Facets, ScheduleRow, SearchHit,
    SearchPage, SearchSlugs,
};
pub use sessions::{NewWebSession, WebSessionRow};
pub use volunteering::{OpportunitySearch, PersonalData, Signup, SignupRefusal, StaleCount};

pub use connect::{Backend, ConnectOptions, DEFAULT_SQLITE_URL};
pub use error::StoreError;

use fritid_migrations::Migrator;
use sea_orm::{DatabaseConnection, TransactionTrait};
use sea_orm_migration::MigratorTrait;

/// Reference data as loaded, and when.
type CachedReferences = (std::time::Instant, std::sync::Arc<reference::References>);

/// A handle on the database, cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// Counts committed writes made through this process, so caches of public reads can
    /// tell that they are stale (see [`Store::generation`]).
    generation: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Reference data changes rarely: a short-lived copy saves two queries per request.
    references: std::sync::Arc<std::sync::RwLock<Option<CachedReferences>>>,
    /// Notified when a message is committed to the outbox (see [`Store::mail_wake`]).
    mail_wake: std::sync::Arc<tokio::sync::Notify>,
    /// The feed clock at the last [`Store::notice_other_writers`] (`i64::MIN` before it).
    seen_clock: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

/// The generation a new store starts at: far from every other store's in this process, so
/// that a process-wide cache keyed by it (the web pages' reference data) never mistakes one
/// database for another when one process opens several (the tests do).
fn first_generation() -> std::sync::Arc<std::sync::atomic::AtomicU64> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STORES: AtomicU64 = AtomicU64::new(0);
    std::sync::Arc::new(AtomicU64::new(STORES.fetch_add(1, Ordering::Relaxed) << 40))
}

/// What `/readyz` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Reachable, but this many migrations are not applied yet.
    PendingMigrations(usize),
}

impl Store {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies every pending migration (reference data included). Safe to run on every start.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.backend == Backend::Sqlite {
            // On SQLite the migrator runs each statement without a transaction, on whichever
            // pooled connection is free. Once in CI a fresh database failed to migrate with
            // "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint": most
            // likely an insert prepared on a connection that did not yet see the unique index
            // created just before (not reproduced). In one transaction every statement runs
            // on one connection, and a failed start leaves no half-migrated database.
            // (PostgreSQL: one transaction a migration.)
            let txn = self.db.begin().await?;
            Migrator::up(&txn, None).await?;
            txn.commit().await?;
        } else {
            Migrator::up(&self.db, None).await?;
        }
        Ok(())
    }

    /// Reachable and fully migrated? Uses the read-only status query, so a check never
    /// creates tables.
    pub async fn readiness(&self) -> Result<Readiness, StoreError> {
        self.db.ping().await?;
        let pending = Migrator::get_pending_migrations_read_only(&self.db).await?;
        Ok(if pending.is_empty() {
            Readiness::Ready
        } else {
            Readiness::PendingMigrations(pending.len())
        })
    }

    /// Increases after every write this process commits. Other nodes' writes are not seen
    /// here, which is why caches built on it also expire by time.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }

    /// Whether data changed since the last look, through any process on this database: the
    /// feed clock, which every write of public data ticks, moved. Then the generation moves
    /// too, so this process's caches of public reads and its search index learn of writes
    /// made by other nodes. The first look only remembers the clock.
    pub async fn notice_other_writers(&self) -> Result<bool, StoreError> {
        let clock = crate::clock::read(&self.db).await?;
        let last = self.seen_clock.swap(clock, std::sync::atomic::Ordering::AcqRel);
        let moved = last != i64::MIN && last != clock;
        if moved {
            self.changed();
        }
        Ok(moved)
    }

    /// Connections open in the pool, of which idle, and the pool's maximum.
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        match self.backend {
            Backend::Sqlite => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
            Backend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle(), pool.options().get_max_connections())
            }
        }
    }

    /// Closes the pool; used on shutdown so SQLite checkpoints its WAL cleanly.
    pub async fn close(self) -> Result<(), StoreError> {
        self.db.close().await?;
        Ok(())
    }
}
