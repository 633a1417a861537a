use fritid_tests::TestApp;

#[tokio::test]
async fn metrics_count_requests_by_route_and_report_the_pool() {
    let app = TestApp::spawn().await;
    for _ in 0..3 {
        app.get("/api/v1/districts/konnerud").await;
    }
    app.get("/api/v1/districts/atlantis").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = res.text().await.unwrap();
    assert!(
        text.contains(r#"fritid_http_requests_total{method="GET",route="/api/v1/districts/{slug}",status="200"} 3"#),
        "{text}"
    );
    assert!(text.contains(r#"fritid_http_requests_total{method="GET",route="/api/v1/districts/{slug}",status="404"} 1"#));
    assert!(text.contains("fritid_http_request_duration_seconds_bucket"));
    assert!(text.contains("fritid_db_pool_max_connections 5"));
    assert!(text.contains("fritid_db_pool_connections"));
}

#[tokio::test]
async fn metrics_can_require_a_token() {
    let app = TestApp::spawn_with(|c| c.metrics_token = Some("scrape-secret".to_owned())).await;
    app.get("/metrics").problem(404).await;
    app.get("/metrics").token("wrong").problem(404).await;
    let res = app.get("/metrics").token("scrape-secret").await;
    assert_eq!(res.status(), 200);
}
