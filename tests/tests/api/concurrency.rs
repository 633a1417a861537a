//! Concurrent writers: nothing lost, nothing overwritten silently.

use std::future::IntoFuture;

use fritid_tests::{TestApp, TestUser, id};
use futures_util::future::join_all;
use serde_json::{Value, json};
use uuid::Uuid;

/// An app that takes parallel writers, with a signed-in owner of an organisation.
async fn organisation() -> (TestApp, TestUser, Uuid) {
    let app = TestApp::spawn_with(|c| c.max_connections = Some(8)).await;
    let owner = app.signed_in_user("Owner").await;
    let body = json!({"name": "Konnerud IL", "kind": "association"});
    let org = app.organisation(&owner, &body).await;
    (app, owner, org)
}

fn statuses(answers: &[reqwest::Response]) -> Vec<u16> {
    answers.iter().map(|r| r.status().as_u16()).collect()
}

#[tokio::test]
async fn parallel_creates_all_land() {
    let (app, owner, org) = organisation().await;
    let path = format!("/api/v1/organisations/{org}/activities");
    let n = 24;
    let answers = join_all((0..n).map(|i| {
        let body = json!({"title": format!("Aktivitet {i:02}"), "categories": ["fotball"],
                          "district": "konnerud", "venue": {"name": "Bane"}});
        app.post(&path).by(&owner).json(&body).into_future()
    }))
    .await;
    let results = statuses(&answers);
    assert!(results.iter().all(|s| *s == 201), "{results:?}");
    let list = app.get(&format!("{path}?limit=100")).by(&owner).expect(200).await;
    assert_eq!(list["items"].as_array().unwrap().len(), n);
}

#[tokio::test]
async fn parallel_updates_on_one_etag_let_exactly_one_win() {
    let (app, owner, org) = organisation().await;
    let body = json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                      "venue": {"name": "Bane"}});
    let path = format!("/api/v1/organisations/{org}/activities");
    let res = app.post(&path).by(&owner).json(&body).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let activity = id(&res.json().await.unwrap());

    for (what, path) in [
        ("activity", format!("/api/v1/activities/{activity}")),
        ("organisation", format!("/api/v1/organisations/{org}")),
    ] {
        let etag = if what == "activity" { etag.clone() } else { app.etag(&owner, &path).await };
        let answers = join_all((0..10).map(|i| {
            let body = if what == "activity" {
                json!({"title": format!("Fotball versjon {i}")})
            } else {
                json!({"name": format!("Konnerud IL versjon {i}")})
            };
            app.patch(&path).by(&owner).if_match(&etag).json(&body).into_future()
        }))
        .await;
        let statuses = statuses(&answers);
        let ok = statuses.iter().filter(|s| **s == 200).count();
        let stale = statuses.iter().filter(|s| **s == 412).count();
        assert_eq!((ok, stale), (1, 9), "{what}: {statuses:?}");
        let stored: Value = app.get(&path).by(&owner).await.json().await.unwrap();
        assert_eq!(stored["version"], 2, "{what}: one change, one version");
    }
}
