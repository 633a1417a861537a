//! Concurrent writers: nothing lost, nothing overwritten silently.

use fritid_tests::TestApp;
use futures_util::future::join_all;
use reqwest::Method;
use serde_json::{Value, json};

async fn organisation(app: &TestApp, token: &str) -> String {
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(token),
            Some(&json!({"name": "Konnerud IL", "kind": "association"})),
        )
        .await;
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn parallel_creates_all_land() {
    let app = TestApp::spawn_with(|c| c.max_connections = Some(8)).await;
    let owner = app.signed_in_user("Owner").await;
    let org = organisation(&app, &owner.token).await;
    let n = 24;
    let results = join_all((0..n).map(|i| {
        let app = &app;
        let token = owner.token.clone();
        let org = org.clone();
        async move {
            app.send(
                Method::POST,
                &format!("/api/v1/organisations/{org}/activities"),
                Some(&token),
                Some(
                    &json!({"title": format!("Aktivitet {i:02}"), "categories": ["fotball"],
                                  "district": "konnerud", "venue": {"name": "Bane"}}),
                ),
            )
            .await
            .status()
            .as_u16()
        }
    }))
    .await;
    assert!(results.iter().all(|s| *s == 201), "{results:?}");
    let list: Value = app
        .get_as(
            &owner.token,
            &format!("/api/v1/organisations/{org}/activities?limit=100"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), n);
}

#[tokio::test]
async fn parallel_updates_on_one_etag_let_exactly_one_win() {
    let app = TestApp::spawn_with(|c| c.max_connections = Some(8)).await;
    let owner = app.signed_in_user("Owner").await;
    let org = organisation(&app, &owner.token).await;
    let res = app
        .send(Method::POST, &format!("/api/v1/organisations/{org}/activities"), Some(&owner.token),
              Some(&json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud", "venue": {"name": "Bane"}})))
        .await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    for (what, path) in [
        ("activity", format!("/api/v1/activities/{id}")),
        ("organisation", format!("/api/v1/organisations/{org}")),
    ] {
        let etag = if what == "activity" {
            etag.clone()
        } else {
            app.get_as(&owner.token, &path).await.headers()["etag"]
                .to_str()
                .unwrap()
                .to_owned()
        };
        let statuses = join_all((0..10).map(|i| {
            let app = &app;
            let token = owner.token.clone();
            let etag = etag.clone();
            let path = path.clone();
            let body = if what == "activity" {
                json!({"title": format!("Fotball versjon {i}")})
            } else {
                json!({"name": format!("Konnerud IL versjon {i}")})
            };
            async move {
                app.client
                    .patch(app.url(&path))
                    .bearer_auth(token)
                    .header("if-match", etag)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        }))
        .await;
        let ok = statuses.iter().filter(|s| **s == 200).count();
        let stale = statuses.iter().filter(|s| **s == 412).count();
        assert_eq!((ok, stale), (1, 9), "{what}: {statuses:?}");
        let stored: Value = app.get_as(&owner.token, &path).await.json().await.unwrap();
        assert_eq!(stored["version"], 2, "{what}: one change, one version");
    }
}
