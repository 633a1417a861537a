use fritid_tests::{TestApp, assert_problem};
use sea_orm::ConnectionTrait;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readyz_is_ok_when_migrated() {
    let app = TestApp::spawn().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn readyz_is_503_when_a_migration_is_missing() {
    let app = TestApp::spawn().await;
    // Forget the newest migration, as a database migrated by an older binary would look.
    let db = app.raw_db().await;
    db.execute_unprepared(
        "DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)",
    )
    .await
    .unwrap();
    let body = assert_problem(app.get("/readyz").await, 503).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("1 database migration"),
        "{body}"
    );
}

#[tokio::test]
async fn readyz_is_503_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.store.clone().close().await.unwrap();
    let res = app.get("/readyz").await;
    assert_problem(res, 503).await;
}

#[tokio::test]
async fn request_ids_are_assigned_or_kept() {
    let app = TestApp::spawn().await;
    let res = app.get("/healthz").await;
    let id = res.headers()["x-request-id"].to_str().unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");

    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-abc.123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-abc.123");

    // Ids that could corrupt logs are replaced.
    let res = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "a b\"c")
        .send()
        .await
        .unwrap();
    assert_ne!(res.headers()["x-request-id"], "a b\"c");
}
