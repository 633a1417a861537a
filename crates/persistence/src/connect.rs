//! Opening the database: SQLite with the settings a server needs, or PostgreSQL.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{Database, DbBackend};

use crate::{Store, StoreError};

/// Used when `DATABASE_URL` is not set: a file under `./data/`, created on first start.
pub const DEFAULT_SQLITE_URL: &str = "sqlite://./data/fritid.db";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Pool settings; the defaults suit this service on a small machine.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a pooled connection (or a new one) before the store
    /// reports the database unavailable. Kept short so an outage answers 503 quickly instead
    /// of hanging requests.
    pub acquire_timeout: Duration,
}

impl ConnectOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), max_connections: 16, acquire_timeout: Duration::from_secs(3) }
    }
}

/// The database holds password hashes and volunteers' contact details: its file is created
/// readable by its owner only (SQLite gives its `-wal` and `-shm` files the same mode), and
/// an existing file loses any group or other permissions.
#[cfg(unix)]
fn owner_only(path: &std::path::Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if path.as_os_str().is_empty() || path.to_str() == Some(":memory:") {
        return Ok(());
    }
    let fail =
        |e: std::io::Error| StoreError::Config(format!("cannot open {}: {e}", path.display()));
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let mode = std::fs::metadata(path).map_err(fail)?.permissions().mode();
            if mode & 0o077 != 0 {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode & 0o700))
                    .map_err(fail)?;
            }
            Ok(())
        }
        Err(e) => Err(fail(e)),
    }
}

#[cfg(not(unix))]
fn owner_only(_: &std::path::Path) -> Result<(), StoreError> {
    Ok(())
}

impl Store {
    /// Opens a pool. For SQLite the file (and its folder) is created when missing, WAL is on,
    /// foreign keys are enforced, and `synchronous=FULL` makes every acknowledged commit
    /// durable across a crash of the process or the machine.
    pub async fn connect(options: &ConnectOptions) -> Result<Store, StoreError> {
        let backend = if options.url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if options.url.starts_with("postgres://") || options.url.starts_with("postgresql://")
        {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(
                "DATABASE_URL must start with sqlite: or postgres://".to_owned(),
            ));
        };

        let mut opts = sea_orm::ConnectOptions::new(options.url.clone());
        opts.max_connections(options.max_connections)
            .min_connections(1)
            .acquire_timeout(options.acquire_timeout)
            .connect_timeout(options.acquire_timeout)
            .sqlx_logging(false);

        if backend == Backend::Sqlite {
            let parsed: SqliteConnectOptions = options
                .url
                .parse()
                .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?;
            if let Some(dir) = parsed.get_filename().parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
            owner_only(parsed.get_filename())?;
            opts.map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5))
                    // Sorts and GROUP BYs of searches use temporary B-trees: keep them in memory.
                    .pragma("temp_store", "memory")
            });
        }

        let db = Database::connect(opts).await?;
        debug_assert_eq!(
            db.get_database_backend() == DbBackend::Sqlite,
            backend == Backend::Sqlite
        );
        Ok(Store {
            db,
            backend,
            generation: crate::first_generation(),
            references: Default::default(),
            mail_wake: Default::default(),
            seen_clock: std::sync::Arc::new(std::sync::atomic::AtomicI64::new(i64::MIN)),
        })
    }
}
