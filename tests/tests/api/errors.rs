use fritid_tests::{TestApp, assert_problem};

#[tokio::test]
async fn unknown_routes_are_404_problems() {
    let app = TestApp::spawn().await;
    for path in [
        "/nope",
        "/api/v1/nope",
        "/api/v1/districts/konnerud/extra",
        "/api/v1/districts/",
    ] {
        let body = assert_problem(app.get(path).await, 404).await;
        assert_eq!(body["type"], "about:blank", "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .delete(app.url("/api/v1/districts/konnerud"))
        .send()
        .await
        .unwrap();
    let allow = res.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "{allow}");
    assert_problem(res, 405).await;
}

#[tokio::test]
async fn bad_query_parameters_are_422_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let body = assert_problem(app.get("/api/v1/categories?parent=%00").await, 422).await;
    assert_eq!(body["type"], "urn:fritid:problem:validation");
    assert_eq!(body["errors"][0]["field"], "parent");
    assert!(body["errors"][0]["message"].is_string());
}
