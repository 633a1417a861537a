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
    #[error("database configuration: {0}")]
    Config(String),
    #[error("database error: {0}")]
    Database(#[source] DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match &err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => StoreError::Unavailable(err),
            DbErr::RecordNotFound(_) => StoreError::NotFound,
            _ => match err.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(detail))
                | Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(detail)) => {
                    StoreError::Conflict {
                        constraint: Some(detail),
                    }
                }
                _ => StoreError::Database(err),
            },
        }
    }
}
