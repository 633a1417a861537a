use fritid_tests::{TestApp, TestUser, assert_problem};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

struct World {
    app: TestApp,
    owner: TestUser,
    admin: TestUser,
    org: Uuid,
}

impl World {
    async fn new() -> World {
        let app = TestApp::spawn().await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let org = app
            .verified_organisation(
                &owner,
                &admin,
                &json!({"name": "Konnerud IL", "kind": "association", "districts": ["konnerud"]}),
            )
            .await;
        World {
            app,
            owner,
            admin,
            org,
        }
    }

    async fn activity(&self, title: &str, publish: bool) -> Uuid {
        let res = self.app
            .send(Method::POST, &format!("/api/v1/organisations/{}/activities", self.org), Some(&self.owner.token),
                  Some(&json!({"title": title, "categories": ["fotball"], "district": "konnerud", "venue": {"name": "Bane"}})))
            .await;
        let id: Uuid = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        if publish {
            let res = self
                .app
                .send(
                    Method::POST,
                    &format!("/api/v1/activities/{id}/publish"),
                    Some(&self.owner.token),
                    None,
                )
                .await;
            assert_eq!(res.status(), 200);
        }
        id
    }

    /// Follows `next` from `url` until an empty page; returns every item and the final URL.
    async fn drain(&self, url: &str) -> (Vec<Value>, String) {
        let mut items = Vec::new();
        let mut url = url.to_owned();
        for _ in 0..100 {
            let page: Value = self
                .app
                .client
                .get(&url)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
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
}

fn ids(items: &[Value]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap().to_owned(),
                i["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one feed followed through every kind of change"
)]
async fn activity_feed_reports_every_change_after_the_caught_up_point_in_order() {
    let w = World::new().await;
    let a = w.activity("Fotball", true).await;
    let b = w.activity("Håndball", true).await;
    let c = w.activity("Ski", true).await;
    let d = w.activity("Svømming", true).await;
    let draft = w.activity("Utkast", false).await;

    let start = w.app.url("/api/v1/feeds/activities");
    let (items, caught_up) = w.drain(&start).await;
    let seen = ids(&items);
    for id in [a, b, c, d] {
        assert!(
            seen.contains(&(id.to_string(), "updated".to_owned())),
            "{id} missing"
        );
    }
    assert!(
        !seen.iter().any(|(id, _)| *id == draft.to_string()),
        "a never-public draft leaked"
    );
    let first = items.iter().find(|i| i["id"] == a.to_string()).unwrap();
    assert_eq!(first["kind"], "Activity");
    assert_eq!(first["data"]["title"], "Fotball");
    assert!(first["data"].get("next_occurrences").is_none());
    let modified: Vec<i64> = items
        .iter()
        .map(|i| i["modified"].as_i64().unwrap())
        .collect();
    assert!(modified.windows(2).all(|m| m[0] <= m[1]), "{modified:?}");

    // Changes after the caught-up point: update a, delete b, unpublish c ...
    let res = w
        .app
        .client
        .patch(w.app.url(&format!("/api/v1/activities/{a}")))
        .bearer_auth(&w.owner.token)
        .header("if-match", "*")
        .json(&json!({"title": "Fotball for alle"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        w.app
            .send(
                Method::DELETE,
                &format!("/api/v1/activities/{b}"),
                Some(&w.owner.token),
                None
            )
            .await
            .status(),
        204
    );
    assert_eq!(
        w.app
            .send(
                Method::POST,
                &format!("/api/v1/activities/{c}/unpublish"),
                Some(&w.owner.token),
                None
            )
            .await
            .status(),
        200
    );
    let (changes, caught_up) = w.drain(&caught_up).await;
    assert_eq!(
        ids(&changes),
        [
            (a.to_string(), "updated".to_owned()),
            (b.to_string(), "deleted".to_owned()),
            (c.to_string(), "deleted".to_owned()),
        ]
    );
    assert_eq!(changes[0]["data"]["title"], "Fotball for alle");
    for tombstone in &changes[1..] {
        assert!(tombstone.get("data").is_none(), "{tombstone}");
    }

    // ... then archive the organisation: its two still-published activities become tombstones.
    assert_eq!(
        w.app
            .send(
                Method::DELETE,
                &format!("/api/v1/organisations/{}", w.org),
                Some(&w.owner.token),
                None
            )
            .await
            .status(),
        204
    );
    let (changes, _) = w.drain(&caught_up).await;
    let mut got = ids(&changes);
    got.sort();
    let mut want = vec![
        (a.to_string(), "deleted".to_owned()),
        (d.to_string(), "deleted".to_owned()),
    ];
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn renaming_the_organisation_changes_its_activities_in_the_feed() {
    let w = World::new().await;
    let a = w.activity("Fotball", true).await;
    let (_, caught_up) = w.drain(&w.app.url("/api/v1/feeds/activities")).await;
    let res = w
        .app
        .client
        .patch(w.app.url(&format!("/api/v1/organisations/{}", w.org)))
        .bearer_auth(&w.owner.token)
        .header("if-match", "*")
        .json(&json!({"name": "Konnerud Idrettslag"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A verified organisation's new name waits for the municipality: nothing moves yet.
    let (changes, caught_up) = w.drain(&caught_up).await;
    assert!(
        changes
            .iter()
            .all(|c| c["data"]["organisation"]["name"] != "Konnerud Idrettslag"),
        "{changes:?}"
    );
    let res = w
        .app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{}/verify", w.org),
            Some(&w.admin.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let (changes, _) = w.drain(&caught_up).await;
    assert_eq!(ids(&changes), [(a.to_string(), "updated".to_owned())]);
    assert_eq!(
        changes[0]["data"]["organisation"]["name"],
        "Konnerud Idrettslag"
    );
}

#[tokio::test]
async fn organisation_and_opportunity_feeds_carry_tombstones_and_no_personal_data() {
    let w = World::new().await;
    let res = w.app
        .send(Method::POST, &format!("/api/v1/organisations/{}/volunteer-opportunities", w.org), Some(&w.owner.token),
              Some(&json!({"title": "Trenerhjelp", "district": "konnerud", "commitment": "recurring", "spots": 1})))
        .await;
    let opp: Uuid = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let (orgs, orgs_caught_up) = w.drain(&w.app.url("/api/v1/feeds/organisations")).await;
    assert_eq!(ids(&orgs), [(w.org.to_string(), "updated".to_owned())]);
    assert_eq!(orgs[0]["kind"], "Organisation");
    let (opps, opps_caught_up) = w
        .drain(&w.app.url("/api/v1/feeds/volunteer-opportunities"))
        .await;
    assert_eq!(ids(&opps), [(opp.to_string(), "updated".to_owned())]);
    assert_eq!(opps[0]["data"]["spots_left"], 1);

    // A sign-up accepted: spots_left changes, so the opportunity changes in the feed, without
    // anything about the person.
    let email = "feed.volunteer.4411@example.no";
    let created: Value = w.app
        .post_json(&format!("/api/v1/volunteer-opportunities/{opp}/signups"),
                   &json!({"name": "Feed Frivillig", "email": email, "phone": "+47 400 44 110", "consent": true, "age_confirmed": true}))
        .await.json().await.unwrap();
    let res = w
        .app
        .send(
            Method::PATCH,
            &format!("/api/v1/signups/{}", created["id"].as_str().unwrap()),
            Some(&w.owner.token),
            Some(&json!({"status": "accepted"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = w.app.client.get(&opps_caught_up).send().await.unwrap();
    let text = res.text().await.unwrap();
    assert!(
        !text.contains(email) && !text.contains("400 44 110") && !text.contains("Feed Frivillig")
    );
    let page: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(page["items"][0]["data"]["spots_left"], 0);
    assert_eq!(page["items"][0]["data"]["status"], "filled");

    // Rejected (after being verified): a tombstone in both feeds.
    let res = w
        .app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{}/reject", w.org),
            Some(&w.admin.token),
            Some(&json!({"reason": "Ikke lenger aktiv"})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (orgs, _) = w.drain(&orgs_caught_up).await;
    assert_eq!(ids(&orgs), [(w.org.to_string(), "deleted".to_owned())]);
    let page: Value = w
        .app
        .client
        .get(&opps_caught_up)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let states: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["state"].as_str().unwrap())
        .collect();
    assert_eq!(states.last(), Some(&"deleted"));
}

#[tokio::test]
async fn feed_parameters_come_in_pairs() {
    let w = World::new().await;
    assert_problem(
        w.app.get("/api/v1/feeds/activities?afterTimestamp=5").await,
        422,
    )
    .await;
    assert_problem(
        w.app
            .get(&format!("/api/v1/feeds/activities?afterId={}", Uuid::nil()))
            .await,
        422,
    )
    .await;
    assert_problem(
        w.app
            .get("/api/v1/feeds/activities?afterTimestamp=x&afterId=y")
            .await,
        422,
    )
    .await;
}
