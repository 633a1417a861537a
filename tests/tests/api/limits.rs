use fritid_tests::{TestApp, assert_problem};
use reqwest::Method;
use serde_json::json;

const FOREIGN: &str = "https://fritid-app.example.org";

#[tokio::test]
async fn public_gets_are_open_to_any_origin_without_credentials() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/activities"))
        .header("origin", FOREIGN)
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()["access-control-allow-origin"], FOREIGN);
    assert!(
        res.headers()
            .get("access-control-allow-credentials")
            .is_none()
    );

    let res = app
        .client
        .get(app.url("/api/v1/districts"))
        .header("origin", FOREIGN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["access-control-allow-origin"], FOREIGN);
    let exposed = res.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("etag") && exposed.contains("x-request-id"),
        "{exposed}"
    );
}

#[tokio::test]
async fn authenticated_calls_need_an_allowed_origin() {
    let app =
        TestApp::spawn_with(|c| c.cors_origins = "https://www.drammen.kommune.no".to_owned()).await;
    // A foreign page may not write, nor send a token.
    for (method, headers) in [("POST", "content-type"), ("GET", "authorization")] {
        let res = app
            .client
            .request(Method::OPTIONS, app.url("/api/v1/organisations"))
            .header("origin", FOREIGN)
            .header("access-control-request-method", method)
            .header("access-control-request-headers", headers)
            .send()
            .await
            .unwrap();
        assert!(
            res.headers().get("access-control-allow-origin").is_none(),
            "{method} {headers}"
        );
    }
    // The municipality's own site may.
    let res = app
        .client
        .request(Method::OPTIONS, app.url("/api/v1/organisations"))
        .header("origin", "https://www.drammen.kommune.no")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "authorization, content-type",
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://www.drammen.kommune.no"
    );
}

#[tokio::test]
async fn a_five_mebibyte_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Owner").await;
    let huge = json!({"name": "x".repeat(5 << 20), "kind": "association"});
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&user.token),
            Some(&huge),
        )
        .await;
    assert_problem(res, 413).await;
}

#[tokio::test]
async fn clients_over_the_api_limit_get_429_with_ratelimit_headers() {
    let app = TestApp::spawn_with(|c| {
        c.requests_per_minute = 60;
        c.request_burst = 5;
    })
    .await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let res = app.get("/api/v1/districts").await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["ratelimit-limit"], "5");
        remaining.push(
            res.headers()["ratelimit-remaining"]
                .to_str()
                .unwrap()
                .parse::<u32>()
                .unwrap(),
        );
    }
    assert_eq!(remaining, [4, 3, 2, 1, 0]);
    let res = app.get("/api/v1/activities").await;
    assert_eq!(res.headers()["ratelimit-remaining"], "0");
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_problem(res, 429).await;
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
