//! ETags and conditional GETs.
//!
//! For reference data lists the tag is a digest of the representation itself, so it changes
//! exactly when the body does. Mutable resources with `If-Match` use their row version
//! instead; a single district or category has both (`"v3-<digest>"`).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use crate::problem::ApiError;

/// Serialises `body`; answers 304 when the client's `If-None-Match` already names it.
pub fn respond_cached<T: Serialize>(req: &HttpRequest, body: &T) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    let tag = format!("\"{:016x}\"", fnv1a(&bytes));
    if if_none_match(req, &tag) {
        return Ok(HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish());
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, tag))
        .content_type("application/json")
        .body(bytes))
}

/// The ETag of one district or category: its version, which `If-Match` compares, and a
/// digest of the representation, so that the tag changes whenever the body does (a new
/// field included), as the other reference data's tags do.
pub fn reference_tag<T: Serialize>(version: i32, body: &T) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(ApiError::internal)?;
    Ok(format!("\"v{version}-{:016x}\"", fnv1a(&bytes)))
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
        let star =
            TestRequest::default().insert_header((header::IF_NONE_MATCH, "*")).to_http_request();
        assert!(if_none_match(&star, "\"q\""));
    }
}

/// A versioned resource as JSON with `status` and its ETag.
pub fn tagged<T: Serialize>(status: StatusCode, tag: &str, body: &T) -> HttpResponse {
    HttpResponse::build(status).insert_header((header::ETAG, tag)).json(body)
}

/// A read of a versioned resource: 304 without a body when `If-None-Match` names `tag`,
/// otherwise 200 with the body `render` makes.
pub fn tagged_read<T: Serialize>(
    req: &HttpRequest, tag: &str, render: impl FnOnce() -> T,
) -> HttpResponse {
    if if_none_match(req, tag) {
        return HttpResponse::NotModified().insert_header((header::ETAG, tag)).finish();
    }
    tagged(StatusCode::OK, tag, &render())
}

/// Sets the ETag of a versioned resource on a response.
pub fn with_version(mut res: HttpResponse, version: i32) -> HttpResponse {
    if let Ok(v) = header::HeaderValue::from_str(&version_tag(version)) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// The ETag of a versioned resource.
pub fn version_tag(version: i32) -> String {
    format!("\"v{version}\"")
}

/// `If-Match` where an update requires it (documentation: [`if_match`] reads it).
#[derive(utoipa::IntoParams)]
#[into_params(names("If-Match"), parameter_in = Header)]
#[allow(dead_code, reason = "documents a header; never built")]
pub struct RequiredIfMatch(
    /// The ETag you read
    String,
);

/// `If-Match` where a change may leave it out (documentation: [`if_match`] reads it).
#[derive(utoipa::IntoParams)]
#[into_params(names("If-Match"), parameter_in = Header)]
#[allow(dead_code, reason = "documents a header; never built")]
pub struct OptionalIfMatch(
    /// The ETag you read
    Option<String>,
);

/// The version named by `If-Match`. `None` for `*` (any version). A missing header is 428
/// when `required`; a header naming no version of ours (or a weak tag, which never matches
/// under If-Match's strong comparison) is 412.
pub fn if_match(req: &HttpRequest, required: bool) -> Result<Option<i32>, ApiError> {
    let Some(value) = req.headers().get(header::IF_MATCH) else {
        return if required { Err(ApiError::PreconditionRequired) } else { Ok(None) };
    };
    let value = value.to_str().map_err(|_| ApiError::PRECONDITION_FAILED)?.trim();
    if value == "*" {
        return Ok(None);
    }
    value
        .strip_prefix("\"v")
        .and_then(|v| v.strip_suffix('"'))
        .map(|v| v.split('-').next().unwrap_or(v))
        .and_then(|v| v.parse::<i32>().ok())
        .map(Some)
        .ok_or(ApiError::PRECONDITION_FAILED)
}

#[cfg(test)]
mod if_match_tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn with(value: Option<&str>) -> HttpRequest {
        let mut req = TestRequest::default();
        if let Some(v) = value {
            req = req.insert_header((header::IF_MATCH, v));
        }
        req.to_http_request()
    }

    #[test]
    fn parses_our_tags_and_refuses_the_rest() {
        assert_eq!(if_match(&with(Some("\"v7\"")), true).unwrap(), Some(7));
        assert_eq!(if_match(&with(Some("\"v7-3\"")), true).unwrap(), Some(7));
        assert_eq!(if_match(&with(Some("*")), true).unwrap(), None);
        assert_eq!(if_match(&with(None), false).unwrap(), None);
        assert!(matches!(if_match(&with(None), true), Err(ApiError::PreconditionRequired)));
        for bad in ["W/\"v7\"", "\"7\"", "v7", "\"vx\""] {
            assert!(
                matches!(
                    if_match(&with(Some(bad)), true),
                    Err(ApiError::App(fritid_app::AppError::VersionMismatch))
                ),
                "{bad}"
            );
        }
        assert_eq!(version_tag(3), "\"v3\"");
    }
}
