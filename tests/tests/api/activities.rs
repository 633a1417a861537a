use std::collections::HashMap;

use fritid_tests::{TestApp, TestUser, World, error_fields, pluck};
use serde_json::{Value, json};
use uuid::Uuid;

fn org_body(name: &str) -> Value {
    json!({"name": name, "kind": "association", "districts": ["konnerud"]})
}

async fn verified_org(app: &TestApp, owner: &TestUser, admin: &TestUser, name: &str) -> Uuid {
    app.verified_organisation(owner, admin, &org_body(name)).await
}

fn weekly(day: &str, start: &str, end: &str) -> Value {
    json!([{"weekdays": [day], "start_time": start, "end_time": end, "valid_from": "2026-08-17"}])
}

/// A small, hand-made Drammen (`town.json`): two verified organisations, one unverified, six
/// published activities, a draft and an unverified organisation's activity that must never
/// show.
struct Town {
    app: TestApp,
    owner: TestUser,
    konnerud_il: Uuid,
    kultur: Uuid,
    ids: HashMap<String, Uuid>,
}

impl Town {
    async fn build() -> Town {
        let app = TestApp::spawn().await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let konnerud_il = verified_org(&app, &owner, &admin, "Konnerud IL").await;
        let kultur = verified_org(&app, &owner, &admin, "Drammen kulturforening").await;
        let unverified = app.organisation(&owner, &org_body("Nytt lag")).await;
        let orgs = HashMap::from([
            ("Konnerud IL", konnerud_il),
            ("Drammen kulturforening", kultur),
            ("Nytt lag", unverified),
        ]);
        let specs: Vec<Value> = serde_json::from_str(include_str!("town.json")).unwrap();
        let mut ids = HashMap::new();
        for spec in specs {
            let org = orgs[spec["organisation"].as_str().unwrap()];
            let id = app.activity(&owner, org, &spec["activity"]).await;
            if spec["published"] == true {
                app.publish(&owner, id).await;
            }
            ids.insert(spec["key"].as_str().unwrap().to_owned(), id);
        }
        Town { app, owner, konnerud_il, kultur, ids }
    }

    /// The keys of the activities a search returns, in order.
    async fn search(&self, query: &str) -> Vec<&str> {
        let path = format!("/api/v1/activities?{query}");
        let body = self.app.get(&path).expect(200).await;
        let key = |id: &Uuid| self.ids.iter().find(|(_, v)| *v == id).unwrap().0.as_str();
        pluck(&body["items"], "id").iter().map(|id| key(&id.parse().unwrap())).collect()
    }
}

#[tokio::test]
async fn every_filter_alone_and_in_combination() {
    let town = Town::build().await;
    let cases: &[(&str, &[&str])] = &[
        // Nothing but public ones: no draft, nothing from the unverified organisation.
        ("", &["fotball", "handball", "kafe", "korps", "dans", "svomming"]),
        // Free text: stemming, prefixes, accents, all words, organisation names.
        ("q=fotball", &["fotball"]),
        ("q=Svømming", &["svomming"]),
        ("q=kafe", &["kafe"]),
        ("q=musikk", &["korps"]),
        ("q=fotball%20konnerud", &["fotball"]),
        ("q=konnerud", &["fotball", "handball"]),
        ("q=fotball%20svelvik", &[]),
        // Districts (repeatable).
        ("district=konnerud", &["fotball", "handball"]),
        ("district=konnerud&district=svelvik", &["fotball", "handball", "korps"]),
        // Categories: a parent finds its children and grandchildren.
        ("category=idrett", &["fotball", "handball", "svomming"]),
        ("category=kultur", &["korps", "dans"]),
        ("category=musikk&category=motested", &["kafe", "korps"]),
        // Age: the range contains it; activities without a range are for everyone.
        ("age=9", &["fotball", "kafe", "korps", "svomming"]),
        ("age=70", &["kafe", "dans"]),
        ("target_group=seniors", &["dans"]),
        ("target_group=seniors&target_group=youth", &["handball", "dans"]),
        ("weekday=tue", &["fotball"]),
        ("weekday=tue&weekday=thu", &["fotball", "handball"]),
        // A session overlapping 15:00–18:00.
        ("time_from=15:00&time_to=18:00", &["fotball", "korps"]),
        ("free=true", &["fotball", "handball", "kafe", "korps"]),
        ("free=false", &["dans", "svomming"]),
        ("wheelchair=true", &["fotball", "kafe"]),
        ("updated_since=2200-01-01T00:00:00Z", &[]),
        // Combinations.
        ("q=fotball&district=konnerud&age=9&free=true&weekday=tue", &["fotball"]),
        ("category=idrett&free=true&district=konnerud", &["fotball", "handball"]),
        ("category=idrett&age=14", &["handball"]),
        ("weekday=tue&time_from=19:30", &[]),
    ];
    let mut failures = Vec::new();
    for (query, expected) in cases {
        let got = town.search(query).await;
        if got != *expected {
            failures.push(format!("{query}: expected {expected:?}, got {got:?}"));
        }
    }
    let by_org = town.search(&format!("organisation={}", town.konnerud_il)).await;
    if by_org != ["fotball", "handball"] {
        failures.push(format!("organisation: got {by_org:?}"));
    }
    let by_kultur = town.search(&format!("organisation={}&free=true", town.kultur)).await;
    if by_kultur != ["kafe", "korps"] {
        failures.push(format!("organisation+free: got {by_kultur:?}"));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn near_filters_by_great_circle_distance_and_sorts_by_it() {
    let town = Town::build().await;
    // From Konnerudhallen: the football pitch is ~0.5 km away, the swimming pool ~3 km.
    let near = "/api/v1/activities?near=59.7320,10.1600&radius_km=1&sort=distance";
    let body: Value = town.app.get(near).await.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{body}");
    assert_eq!(items[0]["title"], "Håndball for ungdom");
    assert_eq!(items[0]["distance_km"], 0.0);
    let d = items[1]["distance_km"].as_f64().unwrap();
    assert!((0.2..0.5).contains(&d), "{d}");
    assert_eq!(
        town.search("near=59.7320,10.1600&radius_km=5&sort=distance").await,
        ["handball", "fotball", "svomming"]
    );
}

#[tokio::test]
async fn relevance_puts_title_matches_first() {
    let town = Town::build().await;
    // "konnerud" is in both Konnerud IL activities' organisation name only; "kunstgress" is
    // in the football summary; a title match outranks both.
    let app = &town.app;
    let body = json!({
        "title": "Konnerud-løpet", "categories": ["friidrett"], "district": "konnerud",
        "venue": {"name": "Konnerud"}, "schedule": weekly("sun", "10:00", "12:00")
    });
    app.published_activity(&town.owner, town.kultur, &body).await;
    let res = app.get("/api/v1/activities?q=konnerud").await;
    let titles = pluck(&res.json::<Value>().await.unwrap()["items"], "title");
    assert_eq!(titles[0], "Konnerud-løpet", "{titles:?}");
    assert_eq!(titles.len(), 3);
}

#[tokio::test]
async fn facets_count_the_whole_result() {
    let town = Town::build().await;
    let query = "/api/v1/activities?free=true&facets=district,category&limit=1";
    let res = town.app.get(query).await.json::<Value>().await.unwrap();
    assert_eq!(res["items"].as_array().unwrap().len(), 1);
    let count = |facet: &Value| facet["count"].as_u64().unwrap();
    let districts: Vec<(String, u64)> = res["facets"]["district"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap().to_owned(), count(f)))
        .collect();
    assert_eq!(
        districts,
        [("konnerud".to_owned(), 2), ("mjondalen".to_owned(), 1), ("svelvik".to_owned(), 1)]
    );
    let categories = res["facets"]["category"].as_array().unwrap();
    assert_eq!(categories.len(), 4, "{categories:?}");
}

#[tokio::test]
async fn bad_search_parameters_are_all_listed() {
    let town = Town::build().await;
    let all_bad = "/api/v1/activities?age=200&weekday=tirsdag&time_from=25:00&free=kanskje\
                   &sort=best&near=x&limit=0&category=Idrett%21&target_group=kids";
    let body = town.app.get(all_bad).problem(422).await;
    let mut fields = error_fields(&body);
    fields.sort();
    assert_eq!(
        fields,
        [
            "age",
            "category",
            "free",
            "limit",
            "near",
            "sort",
            "target_group",
            "time_from",
            "weekday"
        ]
    );
    let atlantis = "/api/v1/activities?district=atlantis";
    let body = town.app.get(atlantis).problem(422).await;
    assert_eq!(body["errors"][0]["field"], "district");
    let nonsense = "/api/v1/activities?cursor=nonsense";
    town.app.get(nonsense).problem(422).await;
    let body = town.app.get("/api/v1/activities?sort=best").problem(422).await;
    assert_eq!(body["errors"][0]["message"], "must be one of: relevance, title, updated, distance");
    let body = town.app.get("/api/v1/activities?sort=distance").problem(422).await;
    assert_eq!(body["errors"][0]["message"], "distance needs near");
}

#[tokio::test]
async fn a_cursor_walk_sees_every_item_once_while_others_are_inserted() {
    let World { app, owner, org, .. } = World::new(&org_body("Konnerud IL")).await;
    let publish = |title: String| {
        let body = json!({"title": title, "categories": ["fotball"], "district": "konnerud",
                          "venue": {"name": "Bane"}, "schedule": weekly("tue", "17:00", "18:00")});
        let (app, owner) = (&app, &owner);
        async move { app.published_activity(owner, org, &body).await }
    };
    let mut original = Vec::new();
    for i in 0..13 {
        original.push(publish(format!("Lag {i:02}")).await.to_string());
    }
    for sort in ["title", "updated"] {
        let mut seen: Vec<String> = Vec::new();
        let first = format!("/api/v1/activities?sort={sort}&limit=4");
        let mut path = first.clone();
        for round in 0.. {
            let page: Value = app.get(&path).await.json().await.unwrap();
            seen.extend(pluck(&page["items"], "id"));
            // Meanwhile, others publish: before, between and after the walk's position.
            for title in [
                format!("Aaa {sort} {round}"),
                format!("Lag 05{sort}{round}"),
                format!("Øvre {sort} {round}"),
            ] {
                publish(title).await;
            }
            match page["next_cursor"].as_str() {
                Some(c) => path = format!("{first}&cursor={c}"),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{sort}: an item was seen twice");
        for id in &original {
            assert!(seen.contains(id), "{sort}: {id} was never seen");
        }
    }
}

#[tokio::test]
async fn drafts_are_for_members_and_publishing_follows_the_organisation() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let outsider = app.signed_in_user("Outsider").await;
    let admin = app.signed_in_admin().await;
    let org = app.organisation(&owner, &org_body("Nytt lag")).await;
    let body = json!({"title": "Sjakkurs", "categories": ["spill"], "district": "bragernes",
                      "venue": {"name": "Biblioteket"},
                      "schedule": weekly("wed", "18:00", "20:00")});
    let id = app.activity(&owner, org, &body).await;
    let path = format!("/api/v1/activities/{id}");

    app.get(&path).problem(404).await;
    app.get(&path).by(&outsider).problem(404).await;
    app.get(&path).by(&owner).expect(200).await;

    // Published, but the organisation is not verified yet: still not public.
    app.publish(&owner, id).await;
    app.get(&path).problem(404).await;
    let public = app.get("/api/v1/activities").await.json::<Value>();
    assert_eq!(public.await.unwrap()["items"], json!([]));

    // Verification makes it public at once.
    app.verify(&admin, org).await;
    app.get(&path).expect(200).await;
    let list = format!("/api/v1/organisations/{org}/activities");
    let list: Value = app.get(&list).await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // Outsiders cannot change it.
    let unpublish = format!("{path}/unpublish");
    app.post(&unpublish).by(&outsider).problem(403).await;
    app.post(&unpublish).problem(401).await;

    // Archiving the organisation unpublishes it.
    let archive = format!("/api/v1/organisations/{org}");
    app.delete(&archive).by(&owner).expect(204).await;
    app.get(&path).problem(404).await;
    let mine: Value = app.get(&path).by(&owner).await.json().await.unwrap();
    assert_eq!(mine["status"], "unpublished");
}

#[tokio::test]
async fn members_list_every_status_and_others_only_public_ones() {
    let World { app, owner, org, .. } = World::new(&org_body("Konnerud IL")).await;
    let create = |t: &str| {
        let body = json!({"title": t, "categories": ["fotball"], "district": "konnerud",
                          "venue": {"name": "Bane"}, "schedule": []});
        let (app, owner) = (&app, &owner);
        async move { app.activity(owner, org, &body).await }
    };
    create("Utkast").await;
    let public = create("Publisert").await;
    app.publish(&owner, public).await;
    let gone = format!("/api/v1/activities/{}", create("Slettet").await);
    app.delete(&gone).by(&owner).expect(204).await;
    app.get(&gone).by(&owner).problem(404).await;

    let path = format!("/api/v1/organisations/{org}/activities");
    let mut all = app.get(&path).by(&owner).pluck("title").await;
    all.sort();
    assert_eq!(all, ["Publisert", "Utkast"]);
    let drafts = format!("{path}?status=draft");
    let drafts = app.get(&drafts).by(&owner).pluck("title").await;
    assert_eq!(drafts, ["Utkast"]);
    assert_eq!(app.get(&path).pluck("title").await, ["Publisert"]);
}

#[tokio::test]
async fn activity_updates_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = app.organisation(&owner, &org_body("Konnerud IL")).await;
    let body = json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                      "venue": {"name": "Bane"}, "age_min": 8,
                      "schedule": weekly("tue", "17:00", "18:00")});
    let id = app.activity(&owner, org, &body).await;
    let path = format!("/api/v1/activities/{id}");
    let etag = app.get(&path).by(&owner).await.headers()["etag"].to_str().unwrap().to_owned();
    let patch = |etag: &str, body: Value| app.patch(&path).by(&owner).if_match(etag).json(&body);

    let body = json!({"title": "Fotball for alle", "age_min": null, "capacity": 20.0});
    let updated = patch(&etag, body).expect(200).await;
    assert_eq!(updated["title"], "Fotball for alle");
    assert_eq!(updated["age_min"], Value::Null);
    assert_eq!(updated["capacity"], 20);
    assert_eq!(updated["schedule"][0]["weekdays"], json!(["tue"]));

    patch(&etag, json!({"title": "Overskrevet"})).problem(412).await;
    let stored: Value = app.get(&path).by(&owner).await.json().await.unwrap();
    assert_eq!(stored["title"], "Fotball for alle");

    let without_etag = app.patch(&path).by(&owner).json(&json!({"title": "Uten"}));
    without_etag.problem(428).await;

    let bad = json!({"schedule": [{"weekdays": ["xyz"], "start_time": "19:00",
                                   "end_time": "18:00"}],
                     "district": "atlantis"});
    let fields = error_fields(&patch("*", bad).problem(422).await);
    assert!(fields.contains(&"schedule[0].weekdays[0]".to_owned()), "{fields:?}");
    assert!(
        fields.contains(&"schedule[0].end_time".to_owned())
            || fields.contains(&"schedule[0].start_time".to_owned()),
        "{fields:?}"
    );
    assert!(fields.contains(&"schedule[0].valid_from".to_owned()), "{fields:?}");
}

#[tokio::test]
async fn creating_reports_every_bad_field() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = app.organisation(&owner, &org_body("Konnerud IL")).await;
    let path = format!("/api/v1/organisations/{org}/activities");
    let create = |body: Value| app.post(&path).by(&owner).json(&body);
    let body = json!({"title": "x", "categories": [], "district": "Konnerud",
                      "venue": {"name": "", "latitude": 91.0, "longitude": 10.0},
                      "age_min": 10, "age_max": 5, "price": {"amount_nok": 100, "free": true}});
    let problem = create(body).problem(422).await;
    assert_eq!(
        error_fields(&problem),
        [
            "title",
            "categories",
            "district",
            "venue.name",
            "venue.latitude",
            "age_max",
            "price.amount_nok"
        ]
    );
    // Unknown reference data is caught too.
    let body = json!({"title": "Fotball", "categories": ["fotball", "curling"],
                      "district": "atlantis", "venue": {"name": "Bane"}});
    let problem = create(body).problem(422).await;
    assert_eq!(error_fields(&problem), ["district", "categories[1]"]);
}

#[tokio::test]
async fn coverage_counts_published_activities_per_district_and_group() {
    let town = Town::build().await;
    let coverage = |query: &str| town.app.get(&format!("/api/v1/stats/coverage?{query}"));
    let res: Value =
        coverage("group_by=district,target_group&free=true").await.json().await.unwrap();
    assert_eq!(res["total"], 4);
    let items = res["items"].as_array().unwrap();
    assert_eq!(items.len(), 10 * 7);
    let count = |d: &str, g: &str| {
        items.iter().find(|i| i["district"] == d && i["target_group"] == g).unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("konnerud", "children"), 1);
    assert_eq!(count("konnerud", "youth"), 1);
    assert_eq!(count("svelvik", "children"), 1);
    assert_eq!(count("mjondalen", "families"), 1);
    assert_eq!(count("skoger-askollen", "children"), 0);
    let by_district: Value = coverage("group_by=district").await.json().await.unwrap();
    assert_eq!(by_district["items"].as_array().unwrap().len(), 10);
    assert_eq!(by_district["total"], 6);
    coverage("group_by=age").problem(422).await;
}

#[tokio::test]
async fn organisations_filter_by_the_categories_of_their_public_activities() {
    let town = Town::build().await;
    let cases: &[(&str, &[&str])] = &[
        ("kultur", &["Drammen kulturforening"]),
        ("idrett", &["Drammen kulturforening", "Konnerud IL"]),
        ("handball", &["Konnerud IL"]),
        // Only public activities count: the unverified organisation's football does not.
        ("spill", &[]),
    ];
    for (category, expected) in cases {
        let path = format!("/api/v1/organisations?category={category}");
        let names = town.app.get(&path).pluck("name").await;
        assert_eq!(names, *expected, "{category}");
    }
    let curling = "/api/v1/organisations?category=curling";
    town.app.get(curling).problem(422).await;
}

#[tokio::test]
async fn when_no_activity_has_every_word_a_suggestion_reads_the_words_that_name_filters() {
    let app = TestApp::with_demo_data().await;
    let user = app.signed_in_user("Kari").await;
    let said = "fotball%20for%209-%C3%A5ringer%20p%C3%A5%20Konnerud%2C%20gratis%2C%20ettermiddag";
    // Anonymous (the search index) and identified (the database) alike.
    for who in [None, Some(&user)] {
        let body =
            app.get(&format!("/api/v1/activities?q={said}&limit=5")).by(who).expect(200).await;
        assert_eq!(body["items"], json!([]), "every word is required");
        let suggestion = &body["suggestion"];
        let query = suggestion["query"].as_str().unwrap();
        assert_eq!(
            query,
            "q=fotball&district=konnerud&age=9&time_from=12%3A00&time_to=18%3A00&free=true&limit=5",
            "the words read become filters; the rest of the query is kept"
        );
        assert_eq!(
            suggestion["readings"],
            json!([
                {"words": "9-åringer", "parameters": [{"name": "age", "value": "9"}]},
                {"words": "Konnerud", "parameters": [{"name": "district", "value": "konnerud"}]},
                {"words": "gratis", "parameters": [{"name": "free", "value": "true"}]},
                {"words": "ettermiddag", "parameters": [
                    {"name": "time_from", "value": "12:00"}, {"name": "time_to", "value": "18:00"}]},
            ])
        );
        let followed = app.get(&format!("/api/v1/activities?{query}")).by(who).expect(200).await;
        assert_eq!(pluck(&followed["items"], "title"), ["Fotballtrening for 9-åringer"]);
        assert!(followed.get("suggestion").is_none(), "found: nothing to suggest");
    }
    // A category's name is read when the other words alone find nothing.
    let body =
        app.get("/api/v1/activities?q=idrett%20for%20barn%20p%C3%A5%20Konnerud").expect(200).await;
    assert_eq!(
        body["suggestion"]["query"],
        "district=konnerud&category=idrett&target_group=children"
    );
    // Found as typed, or found by nothing either way, or no word names a filter: none.
    for q in ["fotball", "sjakk%20p%C3%A5%20Konnerud", "xyzzy", "fotball%20gratis&free=false"] {
        let body = app.get(&format!("/api/v1/activities?q={q}")).expect(200).await;
        assert!(body.get("suggestion").is_none(), "{q}: {body}");
    }
}
