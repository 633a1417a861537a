use fritid_tests::TestApp;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let body = app.get("/healthz").expect(200).await;
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_is_ok_when_migrated() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn readyz_is_503_when_a_migration_is_missing() {
    let app = TestApp::spawn().await;
    // Forget the newest migration, as a database migrated by an older binary would look.
    app.execute_sql(
        "DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)",
    )
    .await;
    let body = app.get("/readyz").problem(503).await;
    assert!(body["detail"].as_str().unwrap().contains("1 database migration"), "{body}");
}

#[tokio::test]
async fn readyz_is_503_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.store.clone().close().await.unwrap();
    app.get("/readyz").problem(503).await;
}

#[tokio::test]
async fn request_ids_are_assigned_or_kept() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");

    let with_id = |id: &str| app.get("/healthz").header("x-request-id", id);
    let res = with_id("trace-abc.123").await;
    assert_eq!(res.headers()["x-request-id"], "trace-abc.123");

    // Ids that could corrupt logs are replaced.
    let res = with_id("a b\"c").await;
    assert_ne!(res.headers()["x-request-id"], "a b\"c");
}
