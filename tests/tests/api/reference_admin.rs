//! The municipality's admins keep the reference data: kommunedeler and categories are
//! created, renamed, retired and (while unused) deleted under `/api/v1/admin/…`.

use fritid_tests::html::page;
use fritid_tests::{TestApp, TestUser, World, error_fields, pluck};
use serde_json::{Value, json};

const DISTRICTS: &str = "/api/v1/admin/districts";
const CATEGORIES: &str = "/api/v1/admin/categories";

fn org_body(name: &str) -> Value {
    json!({"name": name, "kind": "association", "districts": ["konnerud"]})
}

fn activity_body(title: &str, district: &str, category: &str) -> Value {
    json!({"title": title, "categories": [category], "district": district,
           "venue": {"name": "Bane"},
           "schedule": [{"weekdays": ["tue"], "start_time": "17:00", "end_time": "18:00",
                         "valid_from": "2026-08-17"}]})
}

fn opportunity_body(district: &str) -> Value {
    json!({"title": "Trener", "description": "Hjelp til på treningene.", "district": district,
           "commitment": "flexible"})
}

/// The slugs a public reference list answers `path` with.
async fn slugs(app: &TestApp, path: &str) -> Vec<String> {
    app.get(path).pluck("slug").await
}

/// Creates a district as `admin` and returns the answer.
async fn new_district(app: &TestApp, admin: &TestUser, slug: &str, code: &str) -> Value {
    let body = json!({"slug": slug, "code": code, "name": format!("Kommunedel {code}")});
    app.post(DISTRICTS).by(admin).json(&body).expect(201).await
}

/// Changes the reference data at `path` as `admin`, over whatever version is current.
async fn change(app: &TestApp, admin: &TestUser, path: &str, body: Value) -> Value {
    app.patch_current(admin, path, &body).expect(200).await
}

#[tokio::test]
async fn admins_create_districts_and_categories_which_are_listed_and_audited() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    // Read once, so that a stale cached list would show.
    assert!(!slugs(&app, "/api/v1/districts").await.contains(&"lier".to_owned()));

    let body =
        json!({"slug": "lier", "code": "11", "name": "Lier og Sylling", "short_name": "Lier"});
    let res = app.post(DISTRICTS).by(&admin).json(&body).await;
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let created: Value = res.json().await.unwrap();
    assert_eq!(location, "/api/v1/districts/lier");
    assert_eq!(
        created,
        json!({"slug": "lier", "code": "11", "name": "Lier og Sylling", "short_name": "Lier",
               "retired": false})
    );
    assert_eq!(app.get(&location).expect(200).await, created);
    assert_eq!(app.etag(None, &location).await, etag);
    let listed = slugs(&app, "/api/v1/districts").await;
    assert_eq!(listed.last().map(String::as_str), Some("lier"), "ordered by code: {listed:?}");

    let body = json!({"slug": "klatring", "name": "Klatring", "parent": "idrett"});
    let res = app.post(CATEGORIES).by(&admin).json(&body).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["location"], "/api/v1/categories/klatring");
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["parent"], "idrett");
    assert!(slugs(&app, "/api/v1/categories?parent=idrett").await.contains(&"klatring".into()));
    // A new top-level category, usable at once for a new activity.
    let body = json!({"slug": "e-sport", "name": "E-sport"});
    let created = app.post(CATEGORIES).by(&admin).json(&body).expect(201).await;
    assert_eq!(created["parent"], Value::Null);

    let owner = app.signed_in_user("Owner").await;
    let org = app.verified_organisation(&owner, &admin, &org_body("Lier IL")).await;
    app.activity(&owner, org, &activity_body("Klatrekurs", "lier", "klatring")).await;
    // A parent category finds its new subcategory's activities.
    app.publish(
        &owner,
        app.activity(&owner, org, &activity_body("Buldring", "lier", "klatring")).await,
    )
    .await;
    let found = app.get("/api/v1/activities?category=idrett").pluck("title").await;
    assert_eq!(found, ["Buldring"]);

    let log = app.get("/api/v1/admin/audit-log?limit=100").by(&admin).expect(200).await;
    let actions = pluck(&log["items"], "action");
    for action in ["district.create", "category.create"] {
        assert!(actions.contains(&action.to_owned()), "{action}: {actions:?}");
    }
    let entry = log["items"].as_array().unwrap().iter().find(|e| e["action"] == "district.create");
    let entry = entry.unwrap();
    assert_eq!(entry["actor_id"], admin.id.to_string());
    assert_eq!(entry["resource_type"], "district");
}

#[tokio::test]
async fn only_admins_manage_reference_data() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Someone").await;
    let district = json!({"slug": "lier", "code": "11", "name": "Lier"});
    let category = json!({"slug": "klatring", "name": "Klatring"});
    let rename = json!({"name": "Nytt navn"});
    for who in [None, Some(&user)] {
        let status = if who.is_some() { 403 } else { 401 };
        app.post(DISTRICTS).by(who).json(&district).problem(status).await;
        app.post(CATEGORIES).by(who).json(&category).problem(status).await;
        for path in ["/api/v1/admin/districts/konnerud", "/api/v1/admin/categories/fotball"] {
            app.patch(path).by(who).if_match("*").json(&rename).problem(status).await;
            app.delete(path).by(who).problem(status).await;
        }
    }
    assert!(!slugs(&app, "/api/v1/districts").await.contains(&"lier".to_owned()));
    assert_eq!(
        app.get("/api/v1/districts/konnerud").expect(200).await["name"],
        "Konnerud og Skoger vest"
    );
}

#[tokio::test]
async fn every_bad_field_is_listed_in_one_answer_and_duplicates_conflict() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    let create = |path: &'static str, body: Value| app.post(path).by(&admin).json(&body);

    let bad =
        json!({"slug": "Lier Kommune", "code": "", "name": " ", "short_name": "x".repeat(101)});
    let problem = create(DISTRICTS, bad).problem(422).await;
    assert_eq!(error_fields(&problem), ["slug", "code", "name", "short_name"]);
    let problem = create(DISTRICTS, json!({})).problem(422).await;
    assert_eq!(error_fields(&problem), ["slug", "code", "name"]);
    let long = json!({"slug": "a".repeat(65), "code": "123456789", "name": "x".repeat(201)});
    assert_eq!(error_fields(&create(DISTRICTS, long).problem(422).await), ["slug", "code", "name"]);

    let bad = json!({"slug": "-klatring", "name": "", "parent": "curling"});
    let problem = create(CATEGORIES, bad).problem(422).await;
    assert_eq!(error_fields(&problem), ["slug", "name", "parent"]);
    assert_eq!(problem["errors"][2]["message"], "is not a known category");
    let own_parent = json!({"slug": "klatring", "name": "Klatring", "parent": "klatring"});
    assert_eq!(error_fields(&create(CATEGORIES, own_parent).problem(422).await), ["parent"]);

    // Taken slugs and codes: 409, and nothing changed.
    let taken_slug = json!({"slug": "konnerud", "code": "99", "name": "Ny"});
    create(DISTRICTS, taken_slug).problem(409).await;
    let taken_code = json!({"slug": "ny-del", "code": "05", "name": "Ny"});
    let problem = create(DISTRICTS, taken_code).problem(409).await;
    assert!(problem["detail"].as_str().unwrap().contains("code"), "{problem}");
    create(CATEGORIES, json!({"slug": "fotball", "name": "Fotball 2"})).problem(409).await;
    assert_eq!(slugs(&app, "/api/v1/districts").await.len(), 10);
    assert_eq!(app.get("/api/v1/categories/fotball").expect(200).await["name"], "Fotball");

    // A category cannot be moved under itself or one of its descendants.
    for parent in ["idrett", "fotball"] {
        let body = json!({"parent": parent, "name": ""});
        let res = app.patch_current(&admin, "/api/v1/admin/categories/idrett", &body);
        assert_eq!(error_fields(&res.problem(422).await), ["name", "parent"], "{parent}");
    }
    // Moving elsewhere works, and the search follows the tree.
    let moved =
        change(&app, &admin, "/api/v1/admin/categories/fotball", json!({"parent": null})).await;
    assert_eq!(moved["parent"], Value::Null);
    assert!(!slugs(&app, "/api/v1/categories?parent=idrett").await.contains(&"fotball".into()));

    // Unknown ones are 404, malformed slugs too.
    for path in ["/api/v1/admin/districts/atlantis", "/api/v1/admin/categories/Ikke%20slug"] {
        app.patch_current(&admin, path, &json!({"name": "X"})).problem(404).await;
        app.delete(path).by(&admin).problem(404).await;
    }
}

#[tokio::test]
async fn a_rename_changes_the_name_and_the_etag_never_the_slug() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    for (admin_path, path, field) in [
        ("/api/v1/admin/districts/konnerud", "/api/v1/districts/konnerud", "code"),
        ("/api/v1/admin/categories/fotball", "/api/v1/categories/fotball", "parent"),
    ] {
        let before = app.get(path).expect(200).await;
        let etag = app.etag(None, path).await;
        let rename =
            |etag: &str, body: Value| app.patch(admin_path).by(&admin).if_match(etag).json(&body);

        rename("\"v1\"", json!({"name": "Først"})).expect(200).await;
        let without = app.patch(admin_path).by(&admin).json(&json!({"name": "Uten"}));
        without.problem(428).await;
        rename("\"v0\"", json!({"name": "Gammel"})).problem(412).await;
        let res = rename(&etag, json!({"name": "Nytt navn"})).send().await;
        // The first rename used "v1", the version both started at.
        assert_eq!(res.status(), 412, "{path}: the ETag read before the first rename is stale");

        let etag = app.etag(None, path).await;
        let res = rename(&etag, json!({"name": "Nytt navn"})).send().await;
        assert_eq!(res.status(), 200, "{path}");
        let new_etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let renamed: Value = res.json().await.unwrap();
        assert_eq!(renamed["name"], "Nytt navn");
        assert_eq!(renamed["slug"], before["slug"]);
        assert_eq!(renamed[field], before[field]);
        assert_ne!(new_etag, etag);
        assert_eq!(app.etag(None, path).await, new_etag, "{path}");
        // A client holding the old ETag gets the new body.
        let res = app.get(path).header("if-none-match", &etag).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["name"], "Nytt navn");

        // The slug never changes: naming it is refused, with any other bad field.
        let body = json!({"slug": "nytt", "name": ""});
        let problem = rename(&new_etag, body).problem(422).await;
        assert_eq!(error_fields(&problem), ["slug", "name"], "{path}");
        let problem = rename(&new_etag, json!({"slug": before["slug"]})).problem(422).await;
        assert_eq!(error_fields(&problem), ["slug"]);
        assert_eq!(app.get(path).expect(200).await["slug"], before["slug"]);
    }
    // A district's code does not change either.
    let problem = app
        .patch_current(&admin, "/api/v1/admin/districts/konnerud", &json!({"code": "99"}))
        .problem(422)
        .await;
    assert_eq!(error_fields(&problem), ["code"]);

    let log = app.get("/api/v1/admin/audit-log?limit=100").by(&admin).expect(200).await;
    let updates: Vec<&Value> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "district.update" || e["action"] == "category.update")
        .collect();
    assert_eq!(updates.len(), 4, "two renames each: {updates:?}");
    assert!(updates[0]["summary"].as_str().unwrap().contains("Nytt navn"), "{:?}", updates[0]);
}

#[tokio::test]
async fn deleting_is_refused_while_anything_uses_it() {
    let World { app, owner, admin, org } = World::new(&org_body("Konnerud IL")).await;
    let delete = |path: String| app.delete(&path).by(&admin);
    let district_path = |slug: &str| format!("{DISTRICTS}/{slug}");

    // Organisations, activities (of any status) and opportunities use districts.
    delete(district_path("konnerud")).problem(409).await;
    new_district(&app, &admin, "lier", "11").await;
    let activity = app.activity(&owner, org, &activity_body("Klatring", "lier", "fotball")).await;
    let problem = delete(district_path("lier")).problem(409).await;
    assert!(problem["detail"].as_str().unwrap().contains("1 activity"), "{problem}");
    app.delete(&format!("/api/v1/activities/{activity}")).by(&owner).expect(204).await;
    delete(district_path("lier")).problem(409).await;

    new_district(&app, &admin, "hurum", "12").await;
    app.opportunity(&owner, org, &opportunity_body("hurum")).await;
    delete(district_path("hurum")).problem(409).await;

    new_district(&app, &admin, "roken", "13").await;
    let districts = json!({"districts": ["konnerud", "roken"]});
    app.patch_current(&owner, &format!("/api/v1/organisations/{org}"), &districts)
        .expect(200)
        .await;
    delete(district_path("roken")).problem(409).await;

    // Unused: gone, with a stale If-Match refused first.
    let created = new_district(&app, &admin, "sande", "14").await;
    assert_eq!(created["slug"], "sande");
    delete(district_path("sande")).if_match("\"v7\"").problem(412).await;
    delete(district_path("sande")).expect(204).await;
    app.get("/api/v1/districts/sande").problem(404).await;
    assert!(!slugs(&app, "/api/v1/districts?include_retired=true").await.contains(&"sande".into()));
    delete(district_path("sande")).problem(404).await;

    // Categories: used by an activity, or the parent of another.
    let category_path = |slug: &str| format!("{CATEGORIES}/{slug}");
    delete(category_path("fotball")).problem(409).await;
    let problem = delete(category_path("musikk")).problem(409).await;
    assert!(problem["detail"].as_str().unwrap().contains("subcategories"), "{problem}");
    app.post(CATEGORIES).by(&admin).json(&json!({"slug": "tom", "name": "Tom"})).expect(201).await;
    let child = json!({"slug": "tom-under", "name": "Under", "parent": "tom"});
    app.post(CATEGORIES).by(&admin).json(&child).expect(201).await;
    delete(category_path("tom")).problem(409).await;
    delete(category_path("tom-under")).expect(204).await;
    delete(category_path("tom")).expect(204).await;
    app.get("/api/v1/categories/tom").problem(404).await;

    let log = app.get("/api/v1/admin/audit-log?limit=100").by(&admin).expect(200).await;
    let actions = pluck(&log["items"], "action");
    assert_eq!(actions.iter().filter(|a| *a == "district.delete").count(), 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| *a == "category.delete").count(), 2, "{actions:?}");
}

#[tokio::test]
async fn retired_ones_stay_readable_but_leave_the_lists_and_new_listings() {
    let World { app, owner, admin, org } = World::new(&org_body("Konnerud IL")).await;
    let activity =
        app.published_activity(&owner, org, &activity_body("Fotball", "konnerud", "fotball")).await;
    let opportunity = app.opportunity(&owner, org, &opportunity_body("konnerud")).await;
    let retire = json!({"retired": true});
    let retired = change(&app, &admin, "/api/v1/admin/districts/konnerud", retire.clone()).await;
    assert_eq!(retired["retired"], true);
    change(&app, &admin, "/api/v1/admin/categories/fotball", retire.clone()).await;

    // Readable one by one, left out of the lists unless asked for.
    let one = app.get("/api/v1/districts/konnerud").expect(200).await;
    assert_eq!((&one["retired"], &one["name"]), (&json!(true), &json!("Konnerud og Skoger vest")));
    assert_eq!(app.get("/api/v1/categories/fotball").expect(200).await["retired"], true);
    for (list, slug) in [("/api/v1/districts", "konnerud"), ("/api/v1/categories", "fotball")] {
        for (query, listed) in [
            ("", false),
            ("?include_retired=false", false),
            ("?include_retired=0", false),
            ("?include_retired=true", true),
            ("?include_retired=1", true),
        ] {
            let all = slugs(&app, &format!("{list}{query}")).await;
            assert_eq!(all.contains(&slug.to_owned()), listed, "{list}{query}");
        }
        let problem = app.get(&format!("{list}?include_retired=ja")).problem(422).await;
        assert_eq!(error_fields(&problem), ["include_retired"]);
    }
    assert_eq!(slugs(&app, "/api/v1/districts").await.len(), 9);
    assert!(!slugs(&app, "/api/v1/categories?parent=idrett").await.contains(&"fotball".into()));

    // What uses them keeps them, is still found by them, and can still be changed.
    let path = format!("/api/v1/activities/{activity}");
    let shown = app.get(&path).expect(200).await;
    assert_eq!(
        (&shown["district"], &shown["categories"]),
        (&json!("konnerud"), &json!(["fotball"]))
    );
    let found = app.get("/api/v1/activities?district=konnerud&category=fotball").pluck("id").await;
    assert_eq!(found, [activity.to_string()]);
    change(&app, &owner, &path, json!({"title": "Fotball for alle"})).await;
    let opportunity_path = format!("/api/v1/volunteer-opportunities/{opportunity}");
    change(&app, &owner, &opportunity_path, json!({"title": "Hjelpetrener"})).await;
    let org_path = format!("/api/v1/organisations/{org}");
    change(&app, &owner, &org_path, json!({"description": "Idrettslag."})).await;

    // New uses are refused, naming each field.
    let activities = format!("/api/v1/organisations/{org}/activities");
    let body = activity_body("Ny", "konnerud", "fotball");
    let problem = app.post(&activities).by(&owner).json(&body).problem(422).await;
    assert_eq!(error_fields(&problem), ["district", "categories[0]"]);
    assert_eq!(problem["errors"][0]["message"], "is retired");
    let other =
        app.published_activity(&owner, org, &activity_body("Kor", "bragernes", "kor")).await;
    let moved = json!({"district": "konnerud", "categories": ["kor", "fotball"]});
    let problem = app
        .patch_current(&owner, &format!("/api/v1/activities/{other}"), &moved)
        .problem(422)
        .await;
    assert_eq!(error_fields(&problem), ["district", "categories[1]"]);
    let opportunities = format!("/api/v1/organisations/{org}/volunteer-opportunities");
    let problem =
        app.post(&opportunities).by(&owner).json(&opportunity_body("konnerud")).problem(422).await;
    assert_eq!(error_fields(&problem), ["district"]);
    let problem =
        app.post("/api/v1/organisations").by(&owner).json(&org_body("Nytt lag")).problem(422).await;
    assert_eq!(error_fields(&problem), ["districts[0]"]);
    let other_org = app.organisation(&owner, &json!({"name": "Lag", "kind": "association"})).await;
    let problem = app
        .patch_current(
            &owner,
            &format!("/api/v1/organisations/{other_org}"),
            &json!({"districts": ["konnerud"]}),
        )
        .problem(422)
        .await;
    assert_eq!(error_fields(&problem), ["districts[0]"]);
    let under_retired = json!({"slug": "futsal", "name": "Futsal", "parent": "fotball"});
    let problem = app.post(CATEGORIES).by(&admin).json(&under_retired).problem(422).await;
    assert_eq!(
        (error_fields(&problem), &problem["errors"][0]["message"]),
        (vec!["parent".to_owned()], &json!("is retired"))
    );

    // Offered again once restored.
    change(&app, &admin, "/api/v1/admin/districts/konnerud", json!({"retired": false})).await;
    change(&app, &admin, "/api/v1/admin/categories/fotball", json!({"retired": false})).await;
    app.activity(&owner, org, &activity_body("Ny", "konnerud", "fotball")).await;
    assert_eq!(slugs(&app, "/api/v1/districts").await.len(), 10);
}

#[tokio::test]
async fn the_pages_show_retired_names_but_do_not_offer_them() {
    let World { app, owner, admin, org } = World::new(&org_body("Konnerud IL")).await;
    let activity =
        app.published_activity(&owner, org, &activity_body("Fotball", "konnerud", "fotball")).await;
    let checkbox = |slug: &str| format!("name=\"district\" value=\"{slug}\"");
    let (_, _, before) = page(&app, "/organisasjoner").await;
    assert!(before.contains(&checkbox("svelvik")), "offered before it is retired");

    for slug in ["konnerud", "svelvik"] {
        let path = format!("{DISTRICTS}/{slug}");
        change(&app, &admin, &path, json!({"retired": true, "name": format!("Gamle {slug}")}))
            .await;
    }
    for path in ["/aktiviteter", "/organisasjoner", "/frivillig"] {
        let (status, _, html) = page(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(&checkbox("bragernes")), "{path}");
        for slug in ["konnerud", "svelvik"] {
            assert!(!html.contains(&checkbox(slug)), "{path} offers {slug}");
        }
    }
    // Chosen in the address, it stays (checked) so the search can be changed.
    let (_, _, html) = page(&app, "/aktiviteter?district=konnerud").await;
    assert!(html.contains(&checkbox("konnerud")));
    // Listings that use it still show its (new) name.
    let (status, _, html) = page(&app, &format!("/aktiviteter/{activity}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Gamle konnerud"), "the activity page names its district");
}
