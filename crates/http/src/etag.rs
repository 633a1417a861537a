//! ETags and conditional GETs.
//!
//! For reference data the tag is a digest of the representation itself, so it changes exactly
//! when the body does. (Mutable resources with `If-Match` use their row version instead.)

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::problem::ApiError;

/// Serialises `body`; answers 304 when the client's `If-None-Match` already names it.
pub fn respond_cached<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let tag = format!("\"{:016x}\"", fnv1a(&bytes));
    if if_none_match(req, &tag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, tag))
            .finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .content_type("application/json")
        .body(bytes))
}

/// Whether `If-None-Match` lists `tag` (or `*`). Weak comparison, as RFC 9110 prescribes for
/// this header.
pub fn if_none_match(req: &HttpRequest, tag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v: &HeaderValue| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == tag)
}

/// FNV-1a, 64 bit: stable across builds and platforms (unlike std's hasher), and an ETag
/// needs no cryptographic strength.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let req = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "\"x\", W/\"abc\""))
            .to_http_request();
        assert!(if_none_match(&req, "\"abc\""));
        assert!(!if_none_match(&req, "\"abd\""));
        let star = TestRequest::default()
            .insert_header((header::IF_NONE_MATCH, "*"))
            .to_http_request();
        assert!(if_none_match(&star, "\"q\""));
    }
}
