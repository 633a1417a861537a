use fritid_tests::{TestApp, TestUser, assert_problem};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

async fn verified_org(app: &TestApp, owner: &TestUser, admin: &TestUser, name: &str) -> Uuid {
    app.verified_organisation(
        owner,
        admin,
        &json!({"name": name, "kind": "association", "districts": ["konnerud"]}),
    )
    .await
}

async fn new_org(app: &TestApp, owner: &TestUser, name: &str) -> Uuid {
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&json!({"name": name, "kind": "association", "districts": ["konnerud"]})),
        )
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn create(app: &TestApp, user: &TestUser, org: Uuid, body: &Value) -> Uuid {
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/activities"),
            Some(&user.token),
            Some(body),
        )
        .await;
    let status = res.status();
    let created: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["status"], "draft");
    created["id"].as_str().unwrap().parse().unwrap()
}

async fn publish(app: &TestApp, user: &TestUser, id: Uuid) {
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/activities/{id}/publish"),
            Some(&user.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
}

fn weekly(day: &str, start: &str, end: &str) -> Value {
    json!([{"weekdays": [day], "start_time": start, "end_time": end, "valid_from": "2026-08-17"}])
}

/// A small, hand-made Drammen: two verified organisations, one unverified, six published
/// activities, a draft and an unverified organisation's activity that must never show.
struct Town {
    app: TestApp,
    owner: TestUser,
    konnerud_il: Uuid,
    kultur: Uuid,
    ids: std::collections::HashMap<&'static str, Uuid>,
}

impl Town {
    #[expect(
        clippy::too_many_lines,
        reason = "the fixture town, one activity per filter case"
    )]
    async fn build() -> Town {
        let app = TestApp::spawn().await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let konnerud_il = verified_org(&app, &owner, &admin, "Konnerud IL").await;
        let kultur = verified_org(&app, &owner, &admin, "Drammen kulturforening").await;
        let unverified = new_org(&app, &owner, "Nytt lag").await;
        let mut ids = std::collections::HashMap::new();
        let specs: Vec<(&'static str, Uuid, Value, bool)> = vec![
            (
                "fotball",
                konnerud_il,
                json!({
                "title": "Fotballtrening for 9-åringer", "summary": "Trening på kunstgress",
                "categories": ["fotball"], "district": "konnerud",
                "venue": {"name": "Konnerud kunstgress", "latitude": 59.7301, "longitude": 10.1556},
                "age_min": 8, "age_max": 10, "target_groups": ["children"],
                "price": {"amount_nok": 0, "free": true},
                "accessibility": {"wheelchair": true},
                "schedule": weekly("tue", "17:30", "19:00")}),
                true,
            ),
            (
                "svomming",
                kultur,
                json!({
                "title": "Svømmekurs for nybegynnere", "categories": ["svomming"], "district": "stromso-nedre",
                "venue": {"name": "Drammensbadet", "latitude": 59.7380, "longitude": 10.2070},
                "age_min": 6, "age_max": 12, "target_groups": ["children"],
                "price": {"amount_nok": 500, "free": false},
                "schedule": weekly("sat", "10:00", "11:00")}),
                true,
            ),
            (
                "handball",
                konnerud_il,
                json!({
                "title": "Håndball for ungdom", "categories": ["handball"], "district": "konnerud",
                "venue": {"name": "Konnerudhallen", "latitude": 59.7320, "longitude": 10.1600},
                "age_min": 13, "age_max": 16, "target_groups": ["youth"],
                "price": {"amount_nok": 0, "free": true},
                "schedule": weekly("thu", "18:00", "19:30")}),
                true,
            ),
            (
                "dans",
                kultur,
                json!({
                "title": "Seniordans på Bragernes", "categories": ["dans"], "district": "bragernes",
                "venue": {"name": "Bragernes menighetshus"},
                "age_min": 65, "target_groups": ["seniors"],
                "price": {"amount_nok": 50, "free": false},
                "accessibility": {"hearing_loop": true},
                "schedule": weekly("wed", "11:00", "12:30")}),
                true,
            ),
            (
                "korps",
                kultur,
                json!({
                "title": "Korps for barn", "description": "Vi spiller musikk sammen og øver til 17. mai.",
                "categories": ["korps"], "district": "svelvik",
                "venue": {"name": "Svelvik skole"},
                "age_min": 8, "age_max": 13, "target_groups": ["children"],
                "price": {"amount_nok": 0, "free": true},
                "schedule": weekly("mon", "17:00", "18:00")}),
                true,
            ),
            (
                "kafe",
                kultur,
                json!({
                "title": "Kafé for alle", "categories": ["motested"], "district": "mjondalen",
                "venue": {"name": "Mjøndalen bibliotek"},
                "target_groups": ["families", "adults"],
                "price": {"amount_nok": 0, "free": true},
                "accessibility": {"wheelchair": true},
                "schedule": weekly("fri", "12:00", "14:00")}),
                true,
            ),
            (
                "draft",
                konnerud_il,
                json!({
                "title": "Fotball for voksne", "categories": ["fotball"], "district": "konnerud",
                "venue": {"name": "Konnerud kunstgress"}, "price": {"amount_nok": 0, "free": true},
                "schedule": weekly("tue", "20:00", "21:00")}),
                false,
            ),
            (
                "unverified",
                unverified,
                json!({
                "title": "Fotballskole", "categories": ["fotball"], "district": "konnerud",
                "venue": {"name": "Konnerud kunstgress"}, "price": {"amount_nok": 0, "free": true},
                "schedule": weekly("tue", "17:00", "18:00")}),
                true,
            ),
        ];
        for (key, org, body, published) in specs {
            let id = create(&app, &owner, org, &body).await;
            if published {
                publish(&app, &owner, id).await;
            }
            ids.insert(key, id);
        }
        Town {
            app,
            owner,
            konnerud_il,
            kultur,
            ids,
        }
    }

    /// The keys of the activities a search returns, in order.
    async fn search(&self, query: &str) -> Vec<&'static str> {
        let res = self.app.get(&format!("/api/v1/activities?{query}")).await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{query}: {body}");
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let id: Uuid = a["id"].as_str().unwrap().parse().unwrap();
                *self
                    .ids
                    .iter()
                    .find(|(_, v)| **v == id)
                    .map(|(k, _)| k)
                    .unwrap()
            })
            .collect()
    }
}

#[tokio::test]
async fn every_filter_alone_and_in_combination() {
    let town = Town::build().await;
    let cases: &[(&str, &[&str])] = &[
        // Nothing but public ones: no draft, nothing from the unverified organisation.
        (
            "",
            &["fotball", "handball", "kafe", "korps", "dans", "svomming"],
        ),
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
        (
            "district=konnerud&district=svelvik",
            &["fotball", "handball", "korps"],
        ),
        // Categories: a parent finds its children and grandchildren.
        ("category=idrett", &["fotball", "handball", "svomming"]),
        ("category=kultur", &["korps", "dans"]),
        ("category=musikk&category=motested", &["kafe", "korps"]),
        // Age: the range contains it; activities without a range are for everyone.
        ("age=9", &["fotball", "kafe", "korps", "svomming"]),
        ("age=70", &["kafe", "dans"]),
        ("target_group=seniors", &["dans"]),
        (
            "target_group=seniors&target_group=youth",
            &["handball", "dans"],
        ),
        ("weekday=tue", &["fotball"]),
        ("weekday=tue&weekday=thu", &["fotball", "handball"]),
        // A session overlapping 15:00–18:00.
        ("time_from=15:00&time_to=18:00", &["fotball", "korps"]),
        ("free=true", &["fotball", "handball", "kafe", "korps"]),
        ("free=false", &["dans", "svomming"]),
        ("wheelchair=true", &["fotball", "kafe"]),
        ("updated_since=2200-01-01T00:00:00Z", &[]),
        // Combinations.
        (
            "q=fotball&district=konnerud&age=9&free=true&weekday=tue",
            &["fotball"],
        ),
        (
            "category=idrett&free=true&district=konnerud",
            &["fotball", "handball"],
        ),
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
    let by_org = town
        .search(&format!("organisation={}", town.konnerud_il))
        .await;
    if by_org != ["fotball", "handball"] {
        failures.push(format!("organisation: got {by_org:?}"));
    }
    let by_kultur = town
        .search(&format!("organisation={}&free=true", town.kultur))
        .await;
    if by_kultur != ["kafe", "korps"] {
        failures.push(format!("organisation+free: got {by_kultur:?}"));
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn near_filters_by_great_circle_distance_and_sorts_by_it() {
    let town = Town::build().await;
    // From Konnerudhallen: the football pitch is ~0.5 km away, the swimming pool ~3 km.
    let res = town
        .app
        .get("/api/v1/activities?near=59.7320,10.1600&radius_km=1&sort=distance")
        .await;
    let body: Value = res.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{body}");
    assert_eq!(items[0]["title"], "Håndball for ungdom");
    assert_eq!(items[0]["distance_km"], 0.0);
    let d = items[1]["distance_km"].as_f64().unwrap();
    assert!((0.2..0.5).contains(&d), "{d}");
    assert_eq!(
        town.search("near=59.7320,10.1600&radius_km=5&sort=distance")
            .await,
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
    let id = create(app, &town.owner, town.kultur, &body).await;
    publish(app, &town.owner, id).await;
    let res: Value = app
        .get("/api/v1/activities?q=konnerud")
        .await
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = res["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles[0], "Konnerud-løpet", "{titles:?}");
    assert_eq!(titles.len(), 3);
}

#[tokio::test]
async fn facets_count_the_whole_result() {
    let town = Town::build().await;
    let res: Value = town
        .app
        .get("/api/v1/activities?free=true&facets=district,category&limit=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["items"].as_array().unwrap().len(), 1);
    let districts: Vec<(String, u64)> = res["facets"]["district"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_owned(),
                f["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        districts,
        [
            ("konnerud".to_owned(), 2),
            ("mjondalen".to_owned(), 1),
            ("svelvik".to_owned(), 1)
        ]
    );
    let categories = res["facets"]["category"].as_array().unwrap();
    assert_eq!(categories.len(), 4, "{categories:?}");
}

#[tokio::test]
async fn bad_search_parameters_are_all_listed() {
    let town = Town::build().await;
    let res = town
        .app
        .get("/api/v1/activities?age=200&weekday=tirsdag&time_from=25:00&free=kanskje&sort=best&near=x&limit=0&category=Idrett%21&target_group=kids")
        .await;
    let body = assert_problem(res, 422).await;
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
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
    let body = assert_problem(
        town.app.get("/api/v1/activities?district=atlantis").await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "district");
    assert_problem(
        town.app.get("/api/v1/activities?cursor=nonsense").await,
        422,
    )
    .await;
}

#[tokio::test]
async fn a_cursor_walk_sees_every_item_once_while_others_are_inserted() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let org = verified_org(&app, &owner, &admin, "Konnerud IL").await;
    let body = |title: String| {
        json!({"title": title, "categories": ["fotball"], "district": "konnerud",
               "venue": {"name": "Bane"}, "schedule": weekly("tue", "17:00", "18:00")})
    };
    let mut original = Vec::new();
    for i in 0..13 {
        let id = create(&app, &owner, org, &body(format!("Lag {i:02}"))).await;
        publish(&app, &owner, id).await;
        original.push(id.to_string());
    }
    for sort in ["title", "updated"] {
        let mut seen: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        let mut round = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/activities?sort={sort}&limit=4&cursor={c}"),
                None => format!("/api/v1/activities?sort={sort}&limit=4"),
            };
            let page: Value = app.get(&path).await.json().await.unwrap();
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["id"].as_str().unwrap().to_owned()),
            );
            // Meanwhile, others publish: before, between and after the walk's position.
            for title in [
                format!("Aaa {sort} {round}"),
                format!("Lag 05{sort}{round}"),
                format!("Øvre {sort} {round}"),
            ] {
                let id = create(&app, &owner, org, &body(title)).await;
                publish(&app, &owner, id).await;
            }
            round += 1;
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
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
    let org = new_org(&app, &owner, "Nytt lag").await;
    let body = json!({"title": "Sjakkurs", "categories": ["spill"], "district": "bragernes",
                      "venue": {"name": "Biblioteket"}, "schedule": weekly("wed", "18:00", "20:00")});
    let id = create(&app, &owner, org, &body).await;
    let path = format!("/api/v1/activities/{id}");

    assert_problem(app.get(&path).await, 404).await;
    assert_problem(app.get_as(&outsider.token, &path).await, 404).await;
    assert_eq!(app.get_as(&owner.token, &path).await.status(), 200);

    // Published, but the organisation is not verified yet: still not public.
    publish(&app, &owner, id).await;
    assert_problem(app.get(&path).await, 404).await;
    assert_eq!(
        app.get("/api/v1/activities")
            .await
            .json::<Value>()
            .await
            .unwrap()["items"],
        json!([])
    );

    // Verification makes it public at once.
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/verify"),
            Some(&admin.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get(&path).await.status(), 200);
    let list: Value = app
        .get(&format!("/api/v1/organisations/{org}/activities"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // Outsiders cannot change it.
    assert_problem(
        app.send(
            Method::POST,
            &format!("{path}/unpublish"),
            Some(&outsider.token),
            None,
        )
        .await,
        403,
    )
    .await;
    assert_problem(
        app.send(Method::POST, &format!("{path}/unpublish"), None, None)
            .await,
        401,
    )
    .await;

    // Archiving the organisation unpublishes it.
    let res = app
        .send(
            Method::DELETE,
            &format!("/api/v1/organisations/{org}"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_problem(app.get(&path).await, 404).await;
    let mine: Value = app.get_as(&owner.token, &path).await.json().await.unwrap();
    assert_eq!(mine["status"], "unpublished");
}

#[tokio::test]
async fn members_list_every_status_and_others_only_public_ones() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let org = verified_org(&app, &owner, &admin, "Konnerud IL").await;
    let body = |t: &str| {
        json!({"title": t, "categories": ["fotball"], "district": "konnerud",
                               "venue": {"name": "Bane"}, "schedule": []})
    };
    let draft = create(&app, &owner, org, &body("Utkast")).await;
    let public = create(&app, &owner, org, &body("Publisert")).await;
    publish(&app, &owner, public).await;
    let gone = create(&app, &owner, org, &body("Slettet")).await;
    let res = app
        .send(
            Method::DELETE,
            &format!("/api/v1/activities/{gone}"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_problem(
        app.get_as(&owner.token, &format!("/api/v1/activities/{gone}"))
            .await,
        404,
    )
    .await;

    let titles = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let path = format!("/api/v1/organisations/{org}/activities");
    let mut all = titles(app.get_as(&owner.token, &path).await.json().await.unwrap());
    all.sort();
    assert_eq!(all, ["Publisert", "Utkast"]);
    assert_eq!(
        titles(
            app.get_as(&owner.token, &format!("{path}?status=draft"))
                .await
                .json()
                .await
                .unwrap()
        ),
        ["Utkast"]
    );
    assert_eq!(
        titles(app.get(&path).await.json().await.unwrap()),
        ["Publisert"]
    );
    let _ = draft;
}

#[tokio::test]
async fn activity_updates_need_the_current_etag() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = new_org(&app, &owner, "Konnerud IL").await;
    let body = json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                      "venue": {"name": "Bane"}, "age_min": 8, "schedule": weekly("tue", "17:00", "18:00")});
    let id = create(&app, &owner, org, &body).await;
    let path = format!("/api/v1/activities/{id}");
    let res = app.get_as(&owner.token, &path).await;
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();

    let patch = |etag: String, body: Value| {
        let app = &app;
        let owner = &owner;
        let path = path.clone();
        async move {
            app.client
                .patch(app.url(&path))
                .bearer_auth(&owner.token)
                .header("if-match", etag)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let res = patch(
        etag.clone(),
        json!({"title": "Fotball for alle", "age_min": null, "capacity": 20.0}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["title"], "Fotball for alle");
    assert_eq!(updated["age_min"], Value::Null);
    assert_eq!(updated["capacity"], 20);
    assert_eq!(updated["schedule"][0]["weekdays"], json!(["tue"]));

    let res = patch(etag, json!({"title": "Overskrevet"})).await;
    assert_problem(res, 412).await;
    let stored: Value = app.get_as(&owner.token, &path).await.json().await.unwrap();
    assert_eq!(stored["title"], "Fotball for alle");

    let res = app
        .send(
            Method::PATCH,
            &path,
            Some(&owner.token),
            Some(&json!({"title": "Uten"})),
        )
        .await;
    assert_problem(res, 428).await;

    let res = patch("*".to_owned(), json!({"schedule": [{"weekdays": ["xyz"], "start_time": "19:00", "end_time": "18:00"}], "district": "atlantis"})).await;
    let problem = assert_problem(res, 422).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"schedule[0].weekdays[0]"), "{fields:?}");
    assert!(
        fields.contains(&"schedule[0].end_time") || fields.contains(&"schedule[0].start_time"),
        "{fields:?}"
    );
    assert!(fields.contains(&"schedule[0].valid_from"), "{fields:?}");
}

#[tokio::test]
async fn creating_reports_every_bad_field() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = new_org(&app, &owner, "Konnerud IL").await;
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/activities"),
            Some(&owner.token),
            Some(
                &json!({"title": "x", "categories": [], "district": "Konnerud",
                         "venue": {"name": "", "latitude": 91.0, "longitude": 10.0},
                         "age_min": 10, "age_max": 5, "price": {"amount_nok": 100, "free": true}}),
            ),
        )
        .await;
    let body = assert_problem(res, 422).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
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
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/activities"),
            Some(&owner.token),
            Some(&json!({"title": "Fotball", "categories": ["fotball", "curling"], "district": "atlantis",
                         "venue": {"name": "Bane"}})),
        )
        .await;
    let body = assert_problem(res, 422).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["district", "categories[1]"]);
}

#[tokio::test]
async fn coverage_counts_published_activities_per_district_and_group() {
    let town = Town::build().await;
    let res: Value = town
        .app
        .get("/api/v1/stats/coverage?group_by=district,target_group&free=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["total"], 4);
    let items = res["items"].as_array().unwrap();
    assert_eq!(items.len(), 10 * 7);
    let count = |d: &str, g: &str| {
        items
            .iter()
            .find(|i| i["district"] == d && i["target_group"] == g)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(count("konnerud", "children"), 1);
    assert_eq!(count("konnerud", "youth"), 1);
    assert_eq!(count("svelvik", "children"), 1);
    assert_eq!(count("mjondalen", "families"), 1);
    assert_eq!(count("skoger-askollen", "children"), 0);
    let by_district: Value = town
        .app
        .get("/api/v1/stats/coverage?group_by=district")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_district["items"].as_array().unwrap().len(), 10);
    assert_eq!(by_district["total"], 6);
    assert_problem(
        town.app.get("/api/v1/stats/coverage?group_by=age").await,
        422,
    )
    .await;
}

#[tokio::test]
async fn organisations_filter_by_the_categories_of_their_public_activities() {
    let town = Town::build().await;
    let names = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |p: &'static str| {
        let app = &town.app;
        async move { app.get(p).await.json::<Value>().await.unwrap() }
    };
    assert_eq!(
        names(get("/api/v1/organisations?category=kultur").await),
        ["Drammen kulturforening"]
    );
    assert_eq!(
        names(get("/api/v1/organisations?category=idrett").await),
        ["Drammen kulturforening", "Konnerud IL"]
    );
    assert_eq!(
        names(get("/api/v1/organisations?category=handball").await),
        ["Konnerud IL"]
    );
    // Only public activities count: the unverified organisation's football does not.
    assert_eq!(
        names(get("/api/v1/organisations?category=spill").await),
        Vec::<String>::new()
    );
    assert_problem(
        town.app.get("/api/v1/organisations?category=curling").await,
        422,
    )
    .await;
}
