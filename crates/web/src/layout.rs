//! What every page shares: the frame (header, navigation, footer), the answer with its
//! security headers, and the error pages.

use std::borrow::Cow;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::assets;
use crate::text::{NB, Text};

/// The content security policy of every page: our own files only, no inline scripts or
/// styles, no framing, forms posting only here.
const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// The sections of the site, for the navigation's "you are here".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Activities,
    Organisations,
    Volunteering,
    About,
    /// Signing in, registering and the signed-in pages.
    MyPage,
    None,
}

/// The frame of a page: its title and where it sits in the site.
#[derive(Debug, Clone)]
pub struct Layout {
    pub title: String,
    pub section: Section,
    pub t: &'static Text,
    pub css: &'static str,
    pub icon: &'static str,
}

impl Layout {
    pub fn new(title: impl Into<String>, section: Section) -> Self {
        Self { title: title.into(), section, t: &NB, css: assets::css(), icon: assets::icon() }
    }

    /// `aria-current="page"` for the navigation link of `section`.
    pub fn current(&self, section: Section) -> &'static str {
        if self.section == section { "page" } else { "false" }
    }
}

/// Why a page could not be shown. The HTTP layer turns these (body-less) answers into the
/// error page, with the request id.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("the address could not be read")]
    BadRequest,
    #[error("not found")]
    NotFound,
    #[error("the form's token is missing or wrong")]
    Forbidden,
    #[error("too many requests")]
    TooMany { retry_after_secs: u64 },
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error: {0}")]
    Internal(String),
    /// A signed-in page asked for without a session: 303 to the sign-in page, which comes
    /// back to the page (`next`, for a GET) once signed in.
    #[error("not signed in")]
    SignIn { next: Option<String> },
    /// Something only a confirmed address may do (register an organisation): 303 to
    /// `/min-side`, which says so and can send the link again.
    #[error("the e-mail address is not confirmed")]
    ConfirmEmailFirst,
}

impl From<fritid_app::AppError> for PageError {
    fn from(e: fritid_app::AppError) -> Self {
        use fritid_app::AppError as E;
        match e {
            E::NotFound | E::Forbidden | E::Unauthenticated => Self::NotFound,
            // What reaches a page unparsed (a cursor in the address) and is refused.
            E::Invalid(_) => Self::BadRequest,
            E::TooManyRequests { retry_after_secs } | E::Busy { retry_after_secs } => {
                Self::TooMany { retry_after_secs }
            }
            E::Unavailable(_) => Self::Unavailable,
            E::EmailNotVerified => Self::ConfirmEmailFirst,
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(e.to_string())
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::SignIn { .. } | Self::ConfirmEmailFirst => StatusCode::SEE_OTHER,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        match self {
            Self::Internal(cause) => tracing::error!(error = %cause, "page failed"),
            Self::TooMany { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::SignIn { next } => {
                let query = next
                    .as_ref()
                    .and_then(|n| serde_html_form::to_string([("neste", n)]).ok())
                    .map(|q| format!("?{q}"))
                    .unwrap_or_default();
                res.insert_header((header::LOCATION, format!("/logg-inn{query}")))
                    .insert_header((header::CACHE_CONTROL, "no-store"));
            }
            Self::ConfirmEmailFirst => {
                res.insert_header((header::LOCATION, "/min-side#bekreft-epost"))
                    .insert_header((header::CACHE_CONTROL, "no-store"));
            }
            _ => {}
        }
        // No body: the HTTP layer answers with the error page.
        res.finish()
    }
}

/// A page's answer.
pub type PageResult = Result<HttpResponse, PageError>;

/// Renders `page` as an HTML answer with `status` and the pages' security headers.
pub fn html(status: StatusCode, page: &impl Template) -> PageResult {
    let body = page.render()?;
    Ok(with_headers(HttpResponse::build(status)).body(body))
}

/// 200 with `page`.
pub fn ok(page: &impl Template) -> PageResult {
    html(StatusCode::OK, page)
}

/// 429 with `page` (a form shown again, saying how long to wait) and `Retry-After`; never
/// stored.
pub fn too_many(page: &impl Template, retry_after_secs: u64) -> PageResult {
    let body = page.render()?;
    Ok(with_headers(HttpResponse::build(StatusCode::TOO_MANY_REQUESTS))
        .insert_header((header::RETRY_AFTER, retry_after_secs.to_string()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// The message `id`, whose `{ $minutes }` is the wait of a refusal, rounded up.
pub fn wait_message(id: &str, retry_after_secs: u64) -> String {
    let minutes = retry_after_secs.div_ceil(60).to_string();
    NB.with(id, &[("minutes", minutes.into())]).into_owned()
}

fn with_headers(mut res: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    res.content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::REFERRER_POLICY, "same-origin"));
    res
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: Cow<'static, str>,
    explanation: Cow<'static, str>,
    request_id: Option<&'a str>,
}

/// The message of an error page: its heading, with a `.text` that says what to do.
fn error_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        403 => "error-403",
        404 | 405 => "error-404",
        413 => "error-413",
        429 => "error-429",
        503 => "error-503",
        400..=499 => "error-400",
        _ => "error-500",
    }
}

/// The page for an error `status` on a page path; the request id lets people quote it.
pub fn error_page(status: StatusCode, request_id: Option<&str>) -> HttpResponse {
    let t: &'static Text = &NB;
    let id = error_message(status);
    let heading = t.get(id);
    let page = ErrorPage {
        layout: Layout::new(heading.clone(), Section::None),
        explanation: t.attr(id, "text"),
        heading,
        request_id,
    };
    match page.render() {
        Ok(body) => with_headers(HttpResponse::build(status)).body(body),
        Err(e) => {
            tracing::error!(error = %e, "the error page failed");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(page.heading.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_page_has_its_heading_and_explanation() {
        let t: &'static Text = &NB;
        for code in [400, 403, 404, 405, 413, 422, 429, 500, 502, 503] {
            let id = error_message(StatusCode::from_u16(code).unwrap());
            assert_ne!(t.get(id), id, "{code}");
            assert!(t.attr_opt(id, "text", &[]).is_some(), "{code}");
        }
    }
}
