//! Forms are taken only from this service's own pages. The tokens of the forms that need no
//! account (sign in, register, a volunteer's sign-up) are tied to a purpose, not to a
//! browser: another site could copy one from a page of ours and make a visitor's browser post
//! it, e.g. signing them in to the other site's account (login CSRF). So a state-changing
//! request that the browser says comes from another site is refused before any handler runs:
//! `Sec-Fetch-Site` where the browser sends it (every current one does), otherwise `Origin`
//! compared with the address asked for. A request with neither is no browser's cross-site
//! form (programs, old browsers): the tokens and the session cookie's `SameSite=Lax` remain.
//! The same rule as Go's `http.CrossOriginProtection`.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web;

use crate::WebConfig;
use crate::layout::PageError;

/// What a request says of where it comes from.
#[derive(Debug, Default, Clone, Copy)]
struct Provenance<'a> {
    /// `Sec-Fetch-Site`: `same-origin`, `same-site`, `cross-site` or `none` (typed or
    /// bookmarked by the person).
    fetch_site: Option<&'a str>,
    /// `Origin`: `scheme://host[:port]`, or `null` where the browser hides it.
    origin: Option<&'a str>,
    /// `Host`: the address asked for.
    host: Option<&'a str>,
}

/// Whether a request with `method` and `from` is a cross-site write to be refused.
/// `public_url` is the address people reach the service at (behind a proxy that rewrites
/// `Host`, the origin browsers name).
fn refused(method: &Method, from: Provenance<'_>, public_url: &str) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = from.fetch_site {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = from.origin else { return false };
    let ours = |url: &str| url.trim_end_matches('/').eq_ignore_ascii_case(origin);
    let authority = origin.split_once("://").map(|(_, authority)| authority);
    let asked = authority.zip(from.host).is_some_and(|(a, host)| a.eq_ignore_ascii_case(host));
    !(asked || ours(public_url))
}

/// Refuses (403, the error page) a page's state-changing request from another site. The JSON
/// API is left alone: its writes need a bearer token, and browsers reach it across sites on
/// purpose (CORS).
pub async fn same_origin_forms(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if !req.path().starts_with("/api/") {
        let headers = req.headers();
        let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
        let from = Provenance {
            fetch_site: text(header::HeaderName::from_static("sec-fetch-site")),
            origin: text(header::ORIGIN),
            host: text(header::HOST),
        };
        let config = req.app_data::<web::Data<WebConfig>>();
        let public_url = config.map_or("", |c| c.public_url.as_str());
        if refused(req.method(), from, public_url) {
            tracing::warn!(path = req.path(), ?from, "a form posted from another site, refused");
            return Err(PageError::Forbidden.into());
        }
    }
    next.call(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: &str = "https://fritid.drammen.kommune.no";

    fn post(fetch_site: Option<&str>, origin: Option<&str>, host: Option<&str>) -> bool {
        refused(&Method::POST, Provenance { fetch_site, origin, host }, OURS)
    }

    #[test]
    fn the_browsers_word_decides_where_it_gives_one() {
        assert!(!post(Some("same-origin"), Some("https://evil.example"), None));
        assert!(!post(Some("none"), None, None));
        for other in ["cross-site", "same-site", "something-new"] {
            assert!(post(Some(other), Some(OURS), Some("fritid.drammen.kommune.no")), "{other}");
        }
    }

    #[test]
    fn otherwise_the_origin_must_be_the_address_asked_for_or_the_public_one() {
        assert!(!post(None, Some("http://127.0.0.1:8080"), Some("127.0.0.1:8080")));
        assert!(!post(None, Some("HTTP://Localhost:8080"), Some("localhost:8080")));
        assert!(!post(None, Some(OURS), Some("10.0.0.5:8080")), "behind a proxy");
        assert!(post(None, Some("https://evil.example"), Some("fritid.drammen.kommune.no")));
        assert!(post(None, Some("http://127.0.0.1:8081"), Some("127.0.0.1:8080")));
        assert!(post(None, Some("null"), Some("fritid.drammen.kommune.no")), "a hidden origin");
        assert!(post(None, Some("https://evil.example"), None));
    }

    #[test]
    fn requests_that_say_nothing_and_reads_pass() {
        assert!(!post(None, None, Some("fritid.drammen.kommune.no")));
        let cross = Provenance { fetch_site: Some("cross-site"), ..Provenance::default() };
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(!refused(&method, cross, OURS), "{method}");
        }
        assert!(refused(&Method::DELETE, cross, OURS));
    }
}
