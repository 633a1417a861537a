//! The one error of every use case. Each front door maps it once: problem+json in the API,
//! an error page or inline form errors on the web.

use fritid_domain::policy::Denial;
use fritid_domain::{FieldError, ValidationErrors};
use fritid_persistence::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Input that breaks a rule; every bad field is listed.
    #[error("validation failed: {0}")]
    Invalid(ValidationErrors),
    #[error("not authenticated")]
    Unauthenticated,
    /// Login failed; the same answer whether the e-mail exists or the password is wrong.
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    /// The account's address is not confirmed yet, and the action needs it confirmed.
    #[error("e-mail address not confirmed")]
    EmailNotVerified,
    /// Unknown, or not visible to the actor.
    #[error("not found")]
    NotFound,
    /// The state of things refuses the action (archived, taken, last owner…).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The resource changed since the actor read it.
    #[error("version mismatch")]
    VersionMismatch,
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// Too much work already waiting (the password-hashing queue); retry shortly.
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    #[error("database unavailable")]
    Unavailable(#[source] StoreError),
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Internal(Box::new(e))
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid(ValidationErrors::single(field, message))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Unavailable(_) => AppError::Unavailable(e),
            StoreError::VersionMismatch => AppError::VersionMismatch,
            StoreError::InvalidCursor => {
                AppError::invalid("cursor", "is not a cursor from this collection")
            }
            StoreError::Invalid(errors) => AppError::Invalid(errors),
            StoreError::Refused(why) => AppError::Conflict(format!("Refused: {why}.")),
            other => AppError::internal(other),
        }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid(ValidationErrors(vec![e]))
    }
}

impl From<Denial> for AppError {
    fn from(d: Denial) -> Self {
        match d {
            Denial::Unauthenticated => AppError::Unauthenticated,
            Denial::Forbidden => AppError::Forbidden,
            Denial::Hidden => AppError::NotFound,
        }
    }
}
