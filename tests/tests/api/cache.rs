//! The micro-cache for anonymous public reads: fresh after every write, never shared with
//! signed-in callers.

use fritid_tests::{TestApp, World};
use serde_json::{Value, json};
use uuid::Uuid;

/// A service whose cache keeps answers a minute, with a verified organisation and a draft
/// activity of it.
async fn world_with_an_activity() -> (World, Uuid) {
    let organisation = json!({"name": "Konnerud IL", "kind": "association"});
    let world = World::spawn_with(|c| c.cache_ttl_ms = 60_000, &organisation).await;
    let body = json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                      "venue": {"name": "Bane"}});
    let id = world.app.activity(&world.owner, world.org, &body).await;
    (world, id)
}

#[tokio::test]
async fn anonymous_reads_are_cached_until_a_write() {
    let (World { app, owner, .. }, id) = world_with_an_activity().await;
    let public = || app.get("/api/v1/activities");
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(count(public().expect(200).await), 0);

    // Change the database behind the application's back: a cached answer does not see it ...
    let publish_all = if app.is_postgres() {
        "UPDATE activities SET is_public = true, status = 'published'"
    } else {
        "UPDATE activities SET is_public = 1, status = 'published'"
    };
    app.execute_sql(publish_all).await;
    assert_eq!(count(public().expect(200).await), 0, "served from the cache");
    // ... but a signed-in caller is never served from it,
    assert_eq!(count(public().by(&owner).expect(200).await), 1);

    // and any write through the application makes every cached answer stale at once.
    let rename = json!({"title": "Fotball for alle"});
    let path = format!("/api/v1/activities/{id}");
    app.patch_current(&owner, &path, &rename).expect(200).await;
    let fresh = public().expect(200).await;
    assert_eq!(fresh["items"][0]["title"], "Fotball for alle");
}

/// A hit answers as the miss did: a calendar file stays a download with its name.
#[tokio::test]
async fn a_cached_answer_keeps_every_header_of_the_first() {
    let (World { app, owner, .. }, id) = world_with_an_activity().await;
    app.publish(&owner, id).await;
    let path = format!("/api/v1/activities/{id}/calendar.ics");
    let mut seen = Vec::new();
    for _ in 0..2 {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
        let disposition = header("content-disposition");
        assert_eq!(disposition, Some(format!("attachment; filename=\"{id}.ics\"")));
        seen.push((header("content-type"), header("etag"), res.text().await.unwrap()));
    }
    assert_eq!(seen[0], seen[1], "the second answer is the first one again");
}

#[tokio::test]
async fn the_cache_can_be_turned_off() {
    let app = TestApp::spawn_with(|c| c.cache_ttl_ms = 0).await;
    let owner = app.signed_in_user("Owner").await;
    let organisation = json!({"name": "Konnerud IL", "kind": "association"});
    let org = app.organisation(&owner, &organisation).await;
    let list = || app.get("/api/v1/organisations");
    assert_eq!(list().expect(200).await["items"], json!([]));
    app.execute_sql("UPDATE organisations SET status = 'verified'").await;
    assert_eq!(list().expect(200).await["items"][0]["id"], org.to_string());
}
