//! Cross-cutting behaviour of every response: a request id, one log line per request, and
//! problem+json for every error, including the ones actix produces on its own (unknown
//! routes, wrong methods, payload errors).

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse, web};
use tracing::Instrument;
use uuid::Uuid;

use crate::problem::{PROBLEM_JSON, Problem};
use crate::routes::RouteTable;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The id of the current request; also in the `X-Request-Id` response header and every log
/// line of the request.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A caller's own id is kept when it is short and harmless (so ids can follow a request
/// across services); anything else is replaced.
fn incoming_request_id(req: &ServiceRequest) -> Option<String> {
    let value = req.headers().get(&X_REQUEST_ID)?.to_str().ok()?;
    let ok = (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    ok.then(|| value.to_owned())
}

/// The method as a metric label and log field: one of the standard methods, or `OTHER`.
/// Invented methods are unlimited in number and length, so they never become labels.
pub fn method_label(method: &Method) -> &'static str {
    const KNOWN: [&str; 9] =
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];
    KNOWN.into_iter().find(|m| *m == method.as_str()).unwrap_or("OTHER")
}

/// Longest path written to a log line; the rest is cut.
const MAX_LOGGED_PATH: usize = 200;

/// The path as logged: segments that could be secrets (long and not a UUID, such as a
/// withdraw or invitation token, even on a path that matched no route) are replaced by
/// `{redacted}`, and the whole is cut to [`MAX_LOGGED_PATH`] characters.
pub fn loggable_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len().min(MAX_LOGGED_PATH));
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if segment.len() >= 20 && Uuid::parse_str(segment).is_err() {
            out.push_str("{redacted}");
        } else {
            out.push_str(segment);
        }
        if out.len() > MAX_LOGGED_PATH {
            break;
        }
    }
    if out.len() > MAX_LOGGED_PATH {
        let mut cut = MAX_LOGGED_PATH;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}

/// Headers every answer carries: no MIME sniffing, no framing by other sites, no referrer
/// leaks; and nothing personal stored by shared caches or browsers — an answer to a signed-in
/// request or to a write is `no-store` unless the handler said otherwise.
fn security_headers(res: &mut HttpResponse, personal: bool) {
    let headers = res.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages set their own (stricter) policy and a same-origin referrer policy; the API's
    // answers get these.
    for (name, value) in [
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if personal && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}

/// Outermost middleware: assigns the request id, opens the request's tracing span, logs the
/// outcome, sets `X-Request-Id` and the security headers on the response. `HEAD` is answered
/// as `GET` (the server sends the headers without the body).
pub async fn request_context(
    mut req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = incoming_request_id(&req).unwrap_or_else(|| Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = method_label(req.method());
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let personal = req.headers().contains_key(header::AUTHORIZATION)
        || !matches!(method, "GET" | "HEAD" | "OPTIONS");
    // Paths that carry a secret (withdraw and invitation tokens) are logged as their route
    // pattern; everything else with its ids, which help when following a request.
    let pattern = req.match_pattern();
    let path = match &pattern {
        Some(p) if p.contains("token}") => p.clone(),
        _ => loggable_path(req.path()),
    };
    let client = crate::client_ip(req.request()).map(|ip| ip.to_string()).unwrap_or_default();
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        client = %client,
        method = %method,
        path = %path,
    );
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let _entered = span.enter();
    if let Ok(res) = &result
        && let Some(state) = res.request().app_data::<web::Data<crate::AppState>>()
    {
        let route = pattern.as_deref().unwrap_or("unmatched");
        state.metrics.observe(route, method, res.status().as_u16(), started.elapsed());
    }
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        // Only middleware errors arrive here (handlers and the fallback answer with
        // responses); `problem_responses` has already given them a problem body and the id.
        Err(e) => {
            let status = e.as_response_error().status_code().as_u16();
            tracing::error!(status, elapsed_ms = started.elapsed().as_secs_f64() * 1000.0, error = %e, "request failed in middleware");
            return Err(e);
        }
    };
    let status = res.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::error!(status, elapsed_ms, "request failed");
    } else {
        tracing::info!(status, elapsed_ms, "request");
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(X_REQUEST_ID.clone(), value);
    }
    security_headers(res.response_mut(), personal);
    Ok(res)
}

/// Turns every 4xx/5xx into problem+json carrying the request id. Bodies that already are
/// problems are kept (only the id is added); anything else actix or a library wrote is
/// replaced by a problem for its status, keeping headers such as `Allow` and `Retry-After`.
pub async fn problem_responses(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Read before the call: routing needs the request uniquely owned, so it cannot be cloned
    // and kept across `next.call`.
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    let pages = front_door_of(&req);
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            // The error would be rendered by actix as plain text; render it as a problem.
            let status = e.as_response_error().status_code();
            let mut res = match &pages {
                Some(pages) => (pages.error_page)(status, request_id.as_deref()),
                None => {
                    let mut problem = Problem::for_status(status, default_detail(status));
                    problem.request_id = request_id.clone();
                    problem.to_response()
                }
            };
            if let Some(value) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                res.headers_mut().insert(X_REQUEST_ID.clone(), value);
            }
            return Err(actix_web::error::InternalError::from_response(e, res).into());
        }
    };
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(res);
    }
    if let Some(pages) = pages {
        return Ok(page_error(res, &pages, request_id.as_deref()));
    }
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    let (req, res) = res.into_parts();
    let head_headers = res.headers().clone();
    let mut problem = if is_problem {
        let bytes = actix_web::body::to_bytes(res.into_body()).await.unwrap_or_default();
        serde_json::from_slice::<Problem>(&bytes)
            .unwrap_or_else(|_| Problem::for_status(status, default_detail(status)))
    } else {
        Problem::for_status(status, default_detail(status))
    };
    problem.request_id = request_id;
    let mut new = problem.to_response();
    for (name, value) in head_headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, new))
}

/// The front door that answers `req`'s path, if it is not the API's.
fn front_door_of(req: &ServiceRequest) -> Option<crate::FrontDoor> {
    if crate::is_api_path(req.path()) {
        return None;
    }
    req.app_data::<web::Data<Option<crate::FrontDoor>>>()
        .and_then(|pages| pages.as_ref().as_ref().cloned())
}

/// An error on a page: HTML the page wrote itself (a form shown again with its errors) is
/// kept; anything else becomes the front door's error page, keeping headers such as `Allow`
/// and `Retry-After`.
fn page_error(
    res: ServiceResponse<BoxBody>, pages: &crate::FrontDoor, request_id: Option<&str>,
) -> ServiceResponse<BoxBody> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if is_html {
        return res;
    }
    let (req, res) = res.into_parts();
    let mut page = (pages.error_page)(res.status(), request_id);
    for (name, value) in res.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            page.headers_mut().insert(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(req, page)
}

fn default_detail(status: actix_web::http::StatusCode) -> String {
    match status.as_u16() {
        404 => "No resource exists at this address.".to_owned(),
        405 => "This method is not allowed here; the Allow header lists the ones that are.".to_owned(),
        413 => "The request body is too large.".to_owned(),
        500 => "Something went wrong on our side. It has been logged; quote the request id when reporting it.".to_owned(),
        _ => status.canonical_reason().unwrap_or("Error").to_owned() + ".",
    }
}

/// Health checks and metrics scraped from the machine itself are not limited.
fn exempt_from_limit(req: &ServiceRequest, ip: std::net::IpAddr) -> bool {
    ip.is_loopback() && matches!(req.path(), "/healthz" | "/readyz" | "/metrics")
}

/// Applies the per-client limit to every request (loopback health checks aside) and sets
/// `RateLimit-*` headers.
pub async fn api_rate_limit(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let limit = req.app_data::<web::Data<crate::AppState>>().map(|s| s.api_limit.clone());
    let ip = crate::client_ip(req.request());
    let budget = match (limit, ip) {
        (Some(limit), Some(ip)) if !exempt_from_limit(&req, ip) => match limit.check(ip) {
            Ok(budget) => budget,
            Err((retry_after, budget)) => {
                let limited =
                    fritid_app::AppError::TooManyRequests { retry_after_secs: retry_after };
                let mut res = crate::problem::ApiError::from(limited).problem().to_response();
                set_budget(&mut res, budget);
                if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
                return Ok(req.into_response(res));
            }
        },
        _ => None,
    };
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(budget) = budget {
        set_budget(res.response_mut(), budget);
    }
    Ok(res)
}

fn set_budget(res: &mut HttpResponse, budget: crate::ratelimit::Budget) {
    for (name, value) in [
        ("ratelimit-limit", budget.limit.to_string()),
        ("ratelimit-remaining", budget.remaining.to_string()),
        ("ratelimit-reset", budget.reset_secs.to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().insert(HeaderName::from_static(name), v);
        }
    }
}

/// A query parameter the operation does not document is a 422 naming it, on every API
/// endpoint: a typo such as `?distrct=konnerud` must not silently return everything.
pub async fn unknown_query_parameters(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.path().starts_with("/api/") && !req.query_string().is_empty() {
        let known = req
            .app_data::<web::Data<RouteTable>>()
            .and_then(|t| t.query_parameters(req.path(), req.method().as_str()));
        if let Some(known) = known {
            let mut errors = fritid_domain::ValidationErrors::new();
            for name in crate::extract::query_names(req.query_string()) {
                if !known.contains(&name.as_str()) && !errors.0.iter().any(|e| e.field == name) {
                    let message = if known.is_empty() {
                        "is not a parameter of this endpoint (it takes none)".to_owned()
                    } else {
                        format!(
                            "is not a parameter of this endpoint (it takes: {})",
                            known.join(", ")
                        )
                    };
                    errors.push(name, message);
                }
            }
            if !errors.is_empty() {
                let res = crate::problem::ApiError::from(errors).problem().to_response();
                return Ok(req.into_response(res));
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// The default service: a path that exists with another method is 405 with `Allow`
/// (actix registers each handler as its own resource and would otherwise say 404);
/// anything else is 404.
pub async fn fallback(req: HttpRequest, table: web::Data<RouteTable>) -> HttpResponse {
    let methods = table.allowed_methods(req.path());
    // A method the path does accept reached the fallback only because a path parameter was
    // refused by its route (or the path is not quite the route's): that is a 404.
    if methods.is_empty() || methods.iter().any(|m| m == req.method().as_str()) {
        return Problem::for_status(
            actix_web::http::StatusCode::NOT_FOUND,
            default_detail(actix_web::http::StatusCode::NOT_FOUND),
        )
        .to_response();
    }
    let mut res = Problem::for_status(
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        default_detail(actix_web::http::StatusCode::METHOD_NOT_ALLOWED),
    )
    .to_response();
    if let Ok(value) = HeaderValue::from_str(&methods.join(", ")) {
        res.headers_mut().insert(header::ALLOW, value);
    }
    res
}
