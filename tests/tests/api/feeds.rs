use fritid_tests::{TestApp, World, pluck};
use serde_json::{Value, json};
use uuid::Uuid;

async fn world() -> World {
    World::new(&json!({"name": "Konnerud IL", "kind": "association", "districts": ["konnerud"]}))
        .await
}

/// An activity of the world's organisation, published or a draft.
async fn activity(w: &World, title: &str, publish: bool) -> Uuid {
    let body = json!({"title": title, "categories": ["fotball"], "district": "konnerud",
                      "venue": {"name": "Bane"}});
    let id = w.app.activity(&w.owner, w.org, &body).await;
    if publish {
        w.app.publish(&w.owner, id).await;
    }
    id
}

/// Follows `next` from `url` until an empty page; returns every item and the final URL.
async fn drain(app: &TestApp, url: &str) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut url = url.to_owned();
    for _ in 0..100 {
        let page = app.get(&url).expect(200).await;
        assert_eq!(page["license"], "https://data.norge.no/nlod/no/2.0");
        let next = page["next"].as_str().unwrap().to_owned();
        let batch = page["items"].as_array().unwrap().clone();
        if batch.is_empty() {
            // Caught up: the empty page links to itself.
            assert_eq!(next, url);
            return (items, url);
        }
        items.extend(batch);
        url = next;
    }
    panic!("the feed never ended");
}

/// Each item's id and state.
fn ids(items: &[Value]) -> Vec<(String, String)> {
    let text = |item: &Value, field: &str| item[field].as_str().unwrap().to_owned();
    items.iter().map(|i| (text(i, "id"), text(i, "state"))).collect()
}

fn updated(id: impl ToString) -> (String, String) {
    (id.to_string(), "updated".to_owned())
}

fn deleted(id: impl ToString) -> (String, String) {
    (id.to_string(), "deleted".to_owned())
}

#[tokio::test]
async fn activity_feed_reports_every_change_after_the_caught_up_point_in_order() {
    let w = world().await;
    let a = activity(&w, "Fotball", true).await;
    let b = activity(&w, "Håndball", true).await;
    let c = activity(&w, "Ski", true).await;
    let d = activity(&w, "Svømming", true).await;
    let draft = activity(&w, "Utkast", false).await;
    let World { app, owner, org, .. } = w;

    let start = app.url("/api/v1/feeds/activities");
    let (items, caught_up) = drain(&app, &start).await;
    let seen = ids(&items);
    for id in [a, b, c, d] {
        assert!(seen.contains(&updated(id)), "{id} missing");
    }
    assert!(!seen.iter().any(|(id, _)| *id == draft.to_string()), "a never-public draft leaked");
    let first = items.iter().find(|i| i["id"] == a.to_string()).unwrap();
    assert_eq!(first["kind"], "Activity");
    assert_eq!(first["data"]["title"], "Fotball");
    assert!(first["data"].get("next_occurrences").is_none());
    let modified: Vec<i64> = items.iter().map(|i| i["modified"].as_i64().unwrap()).collect();
    assert!(modified.windows(2).all(|m| m[0] <= m[1]), "{modified:?}");

    // Changes after the caught-up point: update a, delete b, unpublish c ...
    let rename = json!({"title": "Fotball for alle"});
    let activity = |id: Uuid| format!("/api/v1/activities/{id}");
    let patch = app.patch_current(&owner, &activity(a), &rename);
    patch.expect(200).await;
    app.delete(&activity(b)).by(&owner).expect(204).await;
    let unpublish = format!("{}/unpublish", activity(c));
    app.post(&unpublish).by(&owner).expect(200).await;
    let (changes, caught_up) = drain(&app, &caught_up).await;
    assert_eq!(ids(&changes), [updated(a), deleted(b), deleted(c)]);
    assert_eq!(changes[0]["data"]["title"], "Fotball for alle");
    for tombstone in &changes[1..] {
        assert!(tombstone.get("data").is_none(), "{tombstone}");
    }

    // ... then archive the organisation: its two still-published activities become tombstones.
    let archive = format!("/api/v1/organisations/{org}");
    app.delete(&archive).by(&owner).expect(204).await;
    let (changes, _) = drain(&app, &caught_up).await;
    let mut got = ids(&changes);
    got.sort();
    let mut want = vec![deleted(a), deleted(d)];
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn renaming_the_organisation_changes_its_activities_in_the_feed() {
    let w = world().await;
    let a = activity(&w, "Fotball", true).await;
    let World { app, owner, admin, org } = w;
    let (_, caught_up) = drain(&app, &app.url("/api/v1/feeds/activities")).await;
    let rename = json!({"name": "Konnerud Idrettslag"});
    let path = format!("/api/v1/organisations/{org}");
    app.patch_current(&owner, &path, &rename).expect(200).await;
    // A verified organisation's new name waits for the municipality: nothing moves yet.
    let (changes, caught_up) = drain(&app, &caught_up).await;
    assert!(
        changes.iter().all(|c| c["data"]["organisation"]["name"] != "Konnerud Idrettslag"),
        "{changes:?}"
    );
    app.verify(&admin, org).await;
    let (changes, _) = drain(&app, &caught_up).await;
    assert_eq!(ids(&changes), [updated(a)]);
    assert_eq!(changes[0]["data"]["organisation"]["name"], "Konnerud Idrettslag");
}

#[tokio::test]
async fn organisation_and_opportunity_feeds_carry_tombstones_and_no_personal_data() {
    let World { app, owner, admin, org } = world().await;
    let opportunity = json!({"title": "Trenerhjelp", "district": "konnerud",
                             "commitment": "recurring", "spots": 1});
    let opp = app.opportunity(&owner, org, &opportunity).await;
    let (orgs, orgs_caught_up) = drain(&app, &app.url("/api/v1/feeds/organisations")).await;
    assert_eq!(ids(&orgs), [updated(org)]);
    assert_eq!(orgs[0]["kind"], "Organisation");
    let opps_feed = app.url("/api/v1/feeds/volunteer-opportunities");
    let (opps, opps_caught_up) = drain(&app, &opps_feed).await;
    assert_eq!(ids(&opps), [updated(opp)]);
    assert_eq!(opps[0]["data"]["spots_left"], 1);

    // A sign-up accepted: spots_left changes, so the opportunity changes in the feed, without
    // anything about the person.
    let email = "feed.volunteer.4411@example.no";
    let volunteer = json!({"name": "Feed Frivillig", "email": email, "phone": "+47 400 44 110",
                           "consent": true, "age_confirmed": true});
    let created = app.sign_up(opp, &volunteer).expect(201).await;
    let signup = created["id"].as_str().unwrap();
    app.move_signup(&owner, signup, "accepted").expect(200).await;
    let text = app.get(&opps_caught_up).await.text().await.unwrap();
    assert!(
        !text.contains(email) && !text.contains("400 44 110") && !text.contains("Feed Frivillig")
    );
    let page: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(page["items"][0]["data"]["spots_left"], 0);
    assert_eq!(page["items"][0]["data"]["status"], "filled");

    // Rejected (after being verified): a tombstone in both feeds.
    let reject = format!("/api/v1/organisations/{org}/reject");
    let reason = json!({"reason": "Ikke lenger aktiv"});
    app.post(&reject).by(&admin).json(&reason).expect(200).await;
    let (orgs, _) = drain(&app, &orgs_caught_up).await;
    assert_eq!(ids(&orgs), [deleted(org)]);
    let page = app.get(&opps_caught_up).expect(200).await;
    let states = pluck(&page["items"], "state");
    assert_eq!(states.last().map(String::as_str), Some("deleted"));
}

#[tokio::test]
async fn feed_parameters_come_in_pairs() {
    let w = world().await;
    for query in [
        "afterTimestamp=5".to_owned(),
        format!("afterId={}", Uuid::nil()),
        "afterTimestamp=x&afterId=y".to_owned(),
    ] {
        let path = format!("/api/v1/feeds/activities?{query}");
        w.app.get(&path).problem(422).await;
    }
}
