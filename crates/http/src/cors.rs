//! Cross-origin access (actix-cors, MIT/Apache). Public reads are open to every origin
//! without credentials, so any web page can show Fritid's data; anything that writes or
//! carries a token needs an origin from the configured allow-list.

use actix_cors::Cors;
use actix_web::http::{Method, header};

pub fn cors(allowed: &[String]) -> Cors {
    let allowed: Vec<String> = allowed.iter().map(|o| o.trim_end_matches('/').to_owned()).collect();
    Cors::default()
        .allowed_origin_fn(move |origin, head| {
            if origin.to_str().is_ok_and(|o| allowed.iter().any(|a| a == o)) {
                return true;
            }
            // A preflight asks about the method and headers the real request will use.
            let method = if head.method == Method::OPTIONS {
                head.headers
                    .get(header::ACCESS_CONTROL_REQUEST_METHOD)
                    .and_then(|m| m.to_str().ok())
                    .and_then(|m| m.parse::<Method>().ok())
            } else {
                Some(head.method.clone())
            };
            let wants_token = head.headers.contains_key(header::AUTHORIZATION)
                || head
                    .headers
                    .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                    .and_then(|h| h.to_str().ok())
                    .is_some_and(|h| h.to_ascii_lowercase().contains("authorization"));
            matches!(method, Some(m) if m == Method::GET || m == Method::HEAD) && !wants_token
        })
        .allowed_methods([Method::GET, Method::HEAD, Method::POST, Method::PATCH, Method::DELETE])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("ratelimit-limit"),
            header::HeaderName::from_static("ratelimit-remaining"),
            header::HeaderName::from_static("ratelimit-reset"),
        ])
        .max_age(3600)
}
