//! The store's one error type. Callers decide what the client sees; the database's own text
//! stays in logs.

use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness or foreign-key rule was violated; `constraint` is the schema's name for it
    /// when the backend reports one.
    #[error("conflict on {constraint:?}")]
    Conflict { constraint: Option<String> },
    /// The database could not be reached or no connection was free in time.
    #[error("database unavailable: {0}")]
    Unavailable(#[source] DbErr),
    /// Input the store found invalid against stored data (an unknown district, say).
    #[error("{0}")]
    Invalid(fritid_domain::ValidationErrors),
    /// The row changed since the client read it (its `If-Match` is stale).
    #[error("version mismatch")]
    VersionMismatch,
    /// A pagination cursor this service did not make.
    #[error("invalid cursor")]
    InvalidCursor,
    /// The operation would break a rule the store guards (e.g. removing the last owner).
    #[error("refused: {0}")]
    Refused(&'static str),
    #[error("database configuration: {0}")]
    Config(String),
    /// A stored row does not read back as a valid value: the data was changed behind the
    /// application's back (or a bug wrote it). Never guessed around.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[source] DbErr),
}

/// The error for a stored `what` whose `value` does not parse.
pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match &err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => StoreError::Unavailable(err),
            DbErr::RecordNotFound(_) => StoreError::NotFound,
            _ => match err.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(detail))
                | Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(detail)) => {
                    StoreError::Conflict { constraint: Some(detail) }
                }
                _ => StoreError::Database(err),
            },
        }
    }
}
