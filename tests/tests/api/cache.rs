//! The micro-cache for anonymous public reads: fresh after every write, never shared with
//! signed-in callers.

use fritid_tests::TestApp;
use reqwest::Method;
use serde_json::{Value, json};

#[tokio::test]
async fn anonymous_reads_are_cached_until_a_write() {
    let app = TestApp::spawn_with(|c| c.cache_ttl_ms = 60_000).await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let org = app
        .verified_organisation(
            &owner,
            &admin,
            &json!({"name": "Konnerud IL", "kind": "association"}),
        )
        .await;

    let res = app.send(Method::POST, &format!("/api/v1/organisations/{org}/activities"), Some(&owner.token),
                       Some(&json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud", "venue": {"name": "Bane"}}))).await;
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(
        count(app.get("/api/v1/activities").await.json().await.unwrap()),
        0
    );

    // Change the database behind the application's back: a cached answer does not see it ...
    let db = app.raw_db().await;
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "UPDATE activities SET is_public = true, status = 'published'"
        }
        _ => "UPDATE activities SET is_public = 1, status = 'published'",
    };
    sea_orm::ConnectionTrait::execute_unprepared(&db, sql)
        .await
        .unwrap();
    assert_eq!(
        count(app.get("/api/v1/activities").await.json().await.unwrap()),
        0,
        "served from the cache"
    );
    // ... but a signed-in caller is never served from it,
    assert_eq!(
        count(
            app.get_as(&owner.token, "/api/v1/activities")
                .await
                .json()
                .await
                .unwrap()
        ),
        1
    );

    // and any write through the application makes every cached answer stale at once.
    let res = app
        .client
        .patch(app.url(&format!("/api/v1/activities/{id}")))
        .bearer_auth(&owner.token)
        .header("if-match", "*")
        .json(&json!({"title": "Fotball for alle"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let fresh: Value = app.get("/api/v1/activities").await.json().await.unwrap();
    assert_eq!(fresh["items"][0]["title"], "Fotball for alle");
}

#[tokio::test]
async fn the_cache_can_be_turned_off() {
    let app = TestApp::spawn_with(|c| c.cache_ttl_ms = 0).await;
    let owner = app.signed_in_user("Owner").await;
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&json!({"name": "Konnerud IL", "kind": "association"})),
        )
        .await;
    let org = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.get("/api/v1/organisations")
            .await
            .json::<Value>()
            .await
            .unwrap()["items"],
        json!([])
    );
    let db = app.raw_db().await;
    let sql = "UPDATE organisations SET status = 'verified'";
    sea_orm::ConnectionTrait::execute_unprepared(&db, sql)
        .await
        .unwrap();
    let list: Value = app.get("/api/v1/organisations").await.json().await.unwrap();
    assert_eq!(list["items"][0]["id"], org.as_str());
}
