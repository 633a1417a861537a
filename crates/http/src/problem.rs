//! Errors as the client sees them: RFC 9457 `application/problem+json`.
//!
//! Policy: every error leaves the service through [`ApiError`] (handlers and extractors) or,
//! for errors actix produces itself, through the response middleware that rewrites them into
//! the same shape. Internal causes are logged with the request id and never sent: a 500 body
//! says only that something went wrong and which request it was. A validation failure is a
//! 422 listing every bad field.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use fritid_app::AppError;
use fritid_domain::{FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 9457 problem detail. `type` is `about:blank` when the status code says it all,
/// otherwise a `urn:fritid:problem:<kind>` naming the kind of problem.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "urn:fritid:problem:validation")]
    pub problem_type: String,
    #[schema(example = "Invalid request")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    #[schema(example = "2 fields are invalid.")]
    pub detail: String,
    /// The fields that failed validation (422 only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
    /// The id of the request, as in the `X-Request-Id` header; quote it when reporting a bug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemField {
    /// Dotted path into the request, e.g. `venue.latitude` or `schedule[0].start_time`;
    /// query parameters are named as they are spelled in the URL.
    #[schema(example = "email")]
    pub field: String,
    #[schema(example = "must be a valid e-mail address")]
    pub message: String,
}

impl From<FieldError> for ProblemField {
    fn from(e: FieldError) -> Self {
        Self { field: e.field, message: e.message }
    }
}

impl Problem {
    /// A problem that only restates the status code.
    pub fn for_status(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            request_id: None,
        }
    }

    fn kind(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("urn:fritid:problem:{kind}"),
            title: title.to_owned(),
            ..Self::for_status(status, detail)
        }
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    pub fn to_response(&self) -> HttpResponse {
        let body = serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec());
        HttpResponse::build(self.status_code())
            .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
            .body(body)
    }
}

/// Every error a handler or extractor can return: what a use case refused ([`AppError`],
/// mapped to a problem once, in [`app_problem`]) and what only HTTP can get wrong.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("precondition required")]
    PreconditionRequired,
    #[error("body larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType { expected: &'static str },
}

impl ApiError {
    pub const NOT_FOUND: Self = Self::App(AppError::NotFound);
    pub const UNAUTHENTICATED: Self = Self::App(AppError::Unauthenticated);
    /// A stale `If-Match`.
    pub const PRECONDITION_FAILED: Self = Self::App(AppError::VersionMismatch);

    pub fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::App(AppError::Internal(Box::new(e)))
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::App(AppError::Invalid(ValidationErrors::single(field, message)))
    }

    pub fn problem(&self) -> Problem {
        match self {
            ApiError::App(e) => app_problem(e),
            ApiError::BadRequest(detail) => Problem::kind(
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                detail.clone(),
            ),
            ApiError::PreconditionRequired => Problem::kind(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                "If-Match required",
                "Send the ETag you read in an If-Match header.",
            ),
            ApiError::PayloadTooLarge { limit } => Problem::kind(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Request body too large",
                format!("The request body must not exceed {limit} bytes."),
            ),
            ApiError::UnsupportedMediaType { expected } => Problem::kind(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                format!("The request body must be sent as {expected}."),
            ),
        }
    }
}

/// The problem a refused use case answers with: one arm per error kind, the whole mapping
/// in one place.
fn app_problem(e: &AppError) -> Problem {
    match e {
        AppError::Invalid(errors) => {
            let n = errors.0.len();
            let mut p = Problem::kind(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid request",
                if n == 1 {
                    "1 field is invalid.".to_owned()
                } else {
                    format!("{n} fields are invalid.")
                },
            );
            p.errors = errors.0.iter().cloned().map(ProblemField::from).collect();
            p
        }
        AppError::Unauthenticated => Problem::kind(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Authentication required",
            "Send a valid access token: Authorization: Bearer <token>.",
        ),
        AppError::InvalidCredentials => Problem::kind(
            StatusCode::UNAUTHORIZED,
            "invalid-credentials",
            "Invalid credentials",
            "The e-mail address or the password is wrong.",
        ),
        AppError::Forbidden => Problem::kind(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed",
            "Your account may not do this.",
        ),
        AppError::EmailNotVerified => Problem::kind(
            StatusCode::FORBIDDEN,
            "email-not-verified",
            "E-mail address not confirmed",
            "Confirm your e-mail address with the link sent at registration first \
             (POST /api/v1/auth/verify-email/resend sends a new one).",
        ),
        AppError::Conflict(detail) => {
            Problem::kind(StatusCode::CONFLICT, "conflict", "Conflict", detail.clone())
        }
        AppError::VersionMismatch => Problem::kind(
            StatusCode::PRECONDITION_FAILED,
            "precondition-failed",
            "Version mismatch",
            "The resource changed since you read it; fetch it again and reapply your change.",
        ),
        AppError::TooManyRequests { retry_after_secs } => Problem::kind(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
            format!("Try again in {retry_after_secs} seconds."),
        ),
        AppError::NotFound => {
            Problem::for_status(StatusCode::NOT_FOUND, "No resource exists at this address.")
        }
        AppError::Unavailable(_) => Problem::kind(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "The database is not reachable right now; try again shortly.",
        ),
        AppError::Busy { retry_after_secs } => Problem::kind(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Server busy",
            format!(
                "Too many requests are waiting for the same work; try again in {retry_after_secs} seconds."
            ),
        ),
        AppError::Internal(_) => Problem::for_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong on our side. It has been logged; quote the request id when reporting it.",
        ),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.problem().status_code()
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = self.problem().to_response();
        let ApiError::App(e) = self else {
            return res;
        };
        let mut set = |name, value| {
            res.headers_mut().insert(name, value);
        };
        match e {
            // The cause goes to the log (inside the request's span), never to the client.
            AppError::Internal(cause) => tracing::error!(error = %cause, "internal error"),
            AppError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                set(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
            }
            AppError::TooManyRequests { retry_after_secs }
            | AppError::Busy { retry_after_secs } => {
                set(header::RETRY_AFTER, header::HeaderValue::from(*retry_after_secs));
            }
            AppError::Unauthenticated => set(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"fritid\""),
            ),
            _ => {}
        }
        res
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e).into()
    }
}

impl From<FieldError> for ApiError {
    fn from(e: FieldError) -> Self {
        ValidationErrors(vec![e]).into()
    }
}
