use fritid_tests::{Call, Limit, TestApp, limited, retry_after};
use reqwest::Method;
use serde_json::json;

const FOREIGN: &str = "https://fritid-app.example.org";

/// A CORS preflight from `origin` for a `method` request to `path`.
fn preflight(app: &TestApp, path: &str, origin: &str, method: &str) -> Call {
    app.call(Method::OPTIONS, path)
        .header("origin", origin)
        .header("access-control-request-method", method)
}

#[tokio::test]
async fn public_gets_are_open_to_any_origin_without_credentials() {
    let app = TestApp::spawn().await;
    let res = preflight(&app, "/api/v1/activities", FOREIGN, "GET").await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()["access-control-allow-origin"], FOREIGN);
    assert!(res.headers().get("access-control-allow-credentials").is_none());

    let res = app.get("/api/v1/districts").header("origin", FOREIGN).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], FOREIGN);
    let exposed =
        res.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("etag") && exposed.contains("x-request-id"), "{exposed}");
}

#[tokio::test]
async fn authenticated_calls_need_an_allowed_origin() {
    let own = "https://www.drammen.kommune.no";
    let app = TestApp::spawn_with(|c| c.cors_origins = own.to_owned()).await;
    let organisations = "/api/v1/organisations";
    // A foreign page may not write, nor send a token.
    for (method, headers) in [("POST", "content-type"), ("GET", "authorization")] {
        let res = preflight(&app, organisations, FOREIGN, method)
            .header("access-control-request-headers", headers)
            .await;
        assert!(res.headers().get("access-control-allow-origin").is_none(), "{method} {headers}");
    }
    // The municipality's own site may.
    let res = preflight(&app, organisations, own, "POST")
        .header("access-control-request-headers", "authorization, content-type")
        .await;
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], own);
}

#[tokio::test]
async fn a_five_mebibyte_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Owner").await;
    let huge = json!({"name": "x".repeat(5 << 20), "kind": "association"});
    let register = app.post("/api/v1/organisations").by(&user).json(&huge);
    register.problem(413).await;
}

#[tokio::test]
async fn clients_over_the_api_limit_get_429_with_ratelimit_headers() {
    let app = TestApp::spawn_with(limited(Limit::Requests, 60, 5)).await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let res = app.get("/api/v1/districts").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["ratelimit-limit"], "5");
        remaining
            .push(res.headers()["ratelimit-remaining"].to_str().unwrap().parse::<u32>().unwrap());
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0]);
    let res = app.get("/api/v1/activities").await;
    assert_eq!(res.headers()["ratelimit-remaining"], "0");
    let retry = retry_after(&res);
    assert!((1..=2).contains(&retry), "{retry}");
    fritid_tests::assert_problem(res, 429).await;
    // Health checks are not API calls and stay available.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn rate_limits_off_means_off() {
    let app = TestApp::spawn_with(|c| {
        c.requests_per_minute = 60;
        c.request_burst = 1;
        c.rate_limits = "off".to_owned();
    })
    .await;
    for _ in 0..5 {
        let res = app.get("/api/v1/districts").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers().get("ratelimit-limit").is_none());
    }
}
