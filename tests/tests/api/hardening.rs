//! What an attacker tried (issue "Hold under abuse"), each checked on both databases:
//! bounded metric labels, limits on every path, the occurrence cap, verification that an
//! editor cannot undo, counts only for verified centres, feed links that ignore request
//! headers, and the smaller holes.

use fritid_tests::{Call, Limit, TestApp, TestUser, World, limited, logs};
use reqwest::Method;
use serde_json::{Value, json};

/// What anyone may read, of every kind.
const READABLE: [&str; 4] =
    ["/healthz", "/api/v1/activities", "/api/v1/districts", "/openapi.json"];

async fn town() -> World {
    let organisation = json!({"name": "Konnerud IL", "kind": "association",
                              "districts": ["konnerud"], "website": "https://konnerud-il.no",
                              "description": "Idrett for alle."});
    World::new(&organisation).await
}

/// A change of the organisation by `user`, whatever its version.
fn patch_org(t: &World, user: &TestUser, body: &Value) -> Call {
    let path = format!("/api/v1/organisations/{}", t.org);
    t.app.patch_current(user, &path, body)
}

/// The organisation as `user` (or anyone) sees it.
async fn org_as(t: &World, user: Option<&TestUser>) -> Value {
    let path = format!("/api/v1/organisations/{}", t.org);
    t.app.get(&path).by(user).expect(200).await
}

#[tokio::test]
async fn invented_methods_share_one_metric_label_and_are_not_logged() {
    let app = TestApp::spawn().await;
    let invented = format!("X{}", "Y".repeat(3_000));
    for i in 0..20 {
        let method = Method::from_bytes(format!("{invented}{i}").as_bytes()).unwrap();
        assert_eq!(app.call(method, "/healthz").await.status(), 405);
    }
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains(r#"method="OTHER""#), "{metrics}");
    assert!(!metrics.contains("XYYY"));
    // One label set for all twenty, not twenty: the whole document stays small.
    assert!(metrics.len() < 64 * 1024, "{} bytes", metrics.len());
    assert!(!logs::captured().contains("XYYYYYYYYY"));
}

#[tokio::test]
async fn every_path_has_the_per_client_limit_but_loopback_health_checks() {
    let app = TestApp::spawn_with(limited(Limit::Requests, 1, 3)).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(app.get("/openapi.json").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    app.get("/api/no/such/route").problem(429).await;
    // Pages share the limit; their answer is the HTML error page.
    let page = app.get("/no/such/page").await;
    assert_eq!(page.status(), 429);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    for _ in 0..5 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
}

/// Publishes an activity with 20 rules, each every day of the week.
async fn busy_activity(t: &World, n: usize) {
    let rules: Vec<Value> = (0..20)
        .map(|i| {
            json!({"weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                   "start_time": format!("{:02}:00", i + 2), "end_time": format!("{:02}:30", i + 2),
                   "valid_from": "2026-01-01"})
        })
        .collect();
    let body = json!({"title": format!("Trening {n}"), "categories": ["fotball"],
                      "district": "konnerud", "venue": {"name": "Bane"}, "schedule": rules});
    t.app.published_activity(&t.owner, t.org, &body).await;
}

#[tokio::test]
async fn an_occurrence_listing_builds_a_bounded_number_of_sessions() {
    let t = town().await;
    // Six activities × 20 rules × 7 days × 91 days ≈ 11 000 sessions: more than one request
    // may build.
    for n in 0..6 {
        busy_activity(&t, n).await;
    }
    let occurrences = |window: &str| {
        let path = format!("/api/v1/occurrences?organisation={}&{window}", t.org);
        t.app.get(&path)
    };
    let body = occurrences("from=2027-01-01&to=2027-04-01").problem(422).await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("10000 sessions") && message.contains("narrow"), "{message}");
    // Narrowed, it answers.
    occurrences("from=2027-01-01&to=2027-01-15").expect(200).await;
    // And no activity can have more than 20 rules.
    let rules: Vec<Value> = (0..21)
        .map(|_| json!({"weekdays": ["mon"], "start_time": "17:00", "end_time": "18:00", "valid_from": "2026-01-01"}))
        .collect();
    let body = json!({"title": "For mange regler", "categories": ["fotball"],
                      "district": "konnerud", "venue": {"name": "Bane"}, "schedule": rules});
    let path = t.org_path("activities");
    t.app.post(&path).by(&t.owner).json(&body).problem(422).await;
}

#[tokio::test]
async fn an_editor_cannot_rename_a_verified_organisation_without_the_municipality() {
    let t = town().await;
    let rename = json!({"name": "Drammen kommune", "kind": "municipal_service",
                        "website": "https://drammen-kommune.example", "description": "Ny tekst"});
    let body = patch_org(&t, &t.owner, &rename).expect(200).await;
    // The answer shows the verified identity, the new description, and what waits.
    assert_eq!(body["name"], "Konnerud IL");
    assert_eq!(body["kind"], "association");
    assert_eq!(body["website"], "https://konnerud-il.no");
    assert_eq!(body["description"], "Ny tekst");
    assert_eq!(body["status"], "verified");
    assert_eq!(body["pending_changes"]["name"], "Drammen kommune");
    assert_eq!(body["pending_changes"]["kind"], "municipal_service");
    assert_eq!(body["pending_changes"]["website"], "https://drammen-kommune.example");
    assert!(body["pending_changes"].get("org_number").is_none());
    assert!(body["pending_changes"]["since"].is_string());

    // Residents see the verified values everywhere, and nothing about the request.
    let public = org_as(&t, None).await;
    assert_eq!(public["name"], "Konnerud IL");
    assert_eq!(public["description"], "Ny tekst");
    assert!(public.get("pending_changes").is_none(), "{public}");
    let list: Value = t.app.get("/api/v1/organisations?q=drammen").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "{list}");
    // Members and admins see what waits.
    for member in [&t.owner, &t.admin] {
        let seen = org_as(&t, Some(member)).await;
        assert_eq!(seen["pending_changes"]["name"], "Drammen kommune");
    }

    // A later edit of something else keeps the pending change.
    let phone = json!({"phone": "+47 32 04 00 00"});
    let res = patch_org(&t, &t.owner, &phone).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["pending_changes"]["name"], "Drammen kommune", "{body}");

    // The admin rejects: discarded, still verified, the reason for members only.
    let reason = json!({"reason": "Navnet tilhører kommunen."});
    let reject = t.org_path("reject");
    let rejected = t.app.post(&reject).by(&t.admin).json(&reason).expect(200).await;
    assert_eq!(rejected["status"], "verified");
    assert_eq!(rejected["name"], "Konnerud IL");
    assert!(rejected.get("pending_changes").is_none(), "{rejected}");
    assert_eq!(rejected["rejection_reason"], "Navnet tilhører kommunen.");
    assert!(org_as(&t, None).await["rejection_reason"].is_null());

    // A real rename, approved, becomes public.
    let rename = json!({"name": "Konnerud Idrettslag"});
    patch_org(&t, &t.owner, &rename).expect(200).await;
    assert_eq!(org_as(&t, None).await["name"], "Konnerud IL");
    let verify = t.org_path("verify");
    let approved = t.app.post(&verify).by(&t.admin).expect(200).await;
    assert_eq!(approved["name"], "Konnerud Idrettslag");
    assert!(approved.get("pending_changes").is_none());
    assert_eq!(org_as(&t, None).await["name"], "Konnerud Idrettslag");
}

#[tokio::test]
async fn identity_changes_before_verification_apply_at_once_and_taken_numbers_are_409() {
    let t = town().await;
    // Another organisation already has this number.
    let kommune = json!({"name": "Drammen kommune", "kind": "municipal_service",
                         "org_number": "942110464"});
    t.app.organisation(&t.owner, &kommune).await;
    let number = json!({"org_number": "942110464"});
    patch_org(&t, &t.owner, &number).problem(409).await;
    // A pending organisation is not public yet: its changes apply at once.
    let new = json!({"name": "Nytt lag", "kind": "association"});
    let pending = t.app.organisation(&t.owner, &new).await;
    let path = format!("/api/v1/organisations/{pending}");
    let rename = json!({"name": "Nytt idrettslag"});
    let body = t.app.patch_current(&t.owner, &path, &rename).expect(200).await;
    assert_eq!(body["name"], "Nytt idrettslag");
    assert!(body.get("pending_changes").is_none());
}

#[tokio::test]
async fn only_verified_volunteer_centres_see_counts() {
    let t = town().await;
    let centre = json!({"name": "Konnerud frivilligsentral", "kind": "volunteer_centre",
                        "districts": ["konnerud"]});
    let fake = t.app.organisation(&t.owner, &centre).await;
    let path = format!("/api/v1/organisations/{fake}/stale-signup-counts");
    t.app.get(&path).by(&t.owner).problem(409).await;
    t.app.verify(&t.admin, fake).await;
    t.app.get(&path).by(&t.owner).expect(200).await;
}

#[tokio::test]
async fn feed_links_ignore_forwarded_headers() {
    let app = TestApp::spawn().await;
    let body = app
        .get("/api/v1/feeds/activities")
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "javascript")
        .header("forwarded", "host=evil.example;proto=javascript")
        .header("host", "evil.example")
        .expect(200)
        .await;
    let next = body["next"].as_str().unwrap();
    assert!(next.starts_with(&format!("{}/api/v1/feeds/activities", app.address)), "{next}");
}

#[tokio::test]
async fn feed_links_use_the_public_url() {
    let app = TestApp::spawn_with(|c| {
        c.public_url = Some("https://fritid.drammen.kommune.no/".to_owned());
    })
    .await;
    let feed = app.get("/api/v1/feeds/organisations").await;
    assert_eq!(
        feed.json::<Value>().await.unwrap()["next"],
        "https://fritid.drammen.kommune.no/api/v1/feeds/organisations"
    );
}

#[tokio::test]
async fn no_more_volunteers_are_accepted_than_there_are_spots() {
    let t = town().await;
    let kiosk = json!({"title": "Kioskvakt", "description": "Selge vafler på hjemmekamper.",
                       "district": "konnerud", "commitment": "one_off", "spots": 2});
    let opportunity = t.app.opportunity(&t.owner, t.org, &kiosk).await;
    let mut signups = Vec::new();
    for i in 0..3 {
        let volunteer = json!({"name": format!("Frivillig {i}"),
                               "email": format!("f{i}@example.no"),
                               "consent": true, "age_confirmed": true});
        let created = t.app.sign_up(opportunity, &volunteer).expect(201).await;
        signups.push(created["id"].as_str().unwrap().to_owned());
    }
    let accept = |signup: &str| t.app.move_signup(&t.owner, signup, "accepted");
    accept(&signups[0]).expect(200).await;
    accept(&signups[1]).expect(200).await;
    let body = accept(&signups[2]).problem(409).await;
    assert!(body["detail"].as_str().unwrap().contains("spot"), "{body}");
}

#[tokio::test]
async fn erasure_does_not_leave_an_organisation_without_an_owner() {
    let t = town().await;
    let erase = format!("/api/v1/admin/personal-data?email={}", t.owner.email);
    t.app.delete(&erase).by(&t.admin).problem(409).await;
    // Nothing was erased: the owner still signs in and still owns it.
    let login = t.app.login(&t.owner.email, &t.owner.password).await;
    assert_eq!(login.status(), 200);
}

#[tokio::test]
async fn a_withdraw_token_is_never_logged_even_on_a_path_that_matches_no_route() {
    let app = TestApp::spawn().await;
    let token = "QmFkLXRva2VuLXRoYXQtbG9va3MtcmVhbC0xMjM0NTY3ODk";
    let res = app.delete(&format!("/api/v1/signups/by-token/{token}/")).await;
    assert!(res.status().is_client_error());
    assert!(!logs::captured().contains(token));
}

#[tokio::test]
async fn answers_carry_security_headers_and_personal_ones_are_not_stored() {
    let t = town().await;
    let public = t.app.get("/api/v1/activities").await;
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", "frame-ancestors 'none'"),
    ] {
        assert_eq!(public.headers()[name], value, "{name}");
    }
    assert!(public.headers().get("cache-control").is_none());
    let me = t.app.get("/api/v1/me").by(&t.owner).await;
    assert_eq!(me.headers()["cache-control"], "no-store");
    assert_eq!(me.headers()["x-content-type-options"], "nosniff");
    let kiosk = json!({"title": "Kioskvakt", "description": "Vafler.", "district": "konnerud",
                       "commitment": "one_off"});
    let opportunity = t.app.opportunity(&t.owner, t.org, &kiosk).await;
    let volunteer = json!({"name": "Kari", "email": "kari@example.no", "consent": true,
                           "age_confirmed": true});
    let res = t.app.sign_up(opportunity, &volunteer).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn invisible_names_direction_overrides_and_absurd_dates_are_422() {
    let t = town().await;
    let refused = |path: String, body: Value| {
        let (app, owner) = (&t.app, &t.owner);
        async move { app.post(&path).by(owner).json(&body).problem(422).await }
    };
    for name in ["\u{200B}\u{200B}\u{200B}", "Konnerud \u{202E}LI"] {
        let body = json!({"name": name, "kind": "association"});
        let problem = refused("/api/v1/organisations".to_owned(), body).await;
        assert_eq!(problem["errors"][0]["field"], "name", "{problem}");
    }
    for date in ["0000-01-01", "9999-12-31"] {
        let activity = json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                              "venue": {"name": "Bane"},
                              "registration": {"required": true, "deadline": date}});
        let problem = refused(t.org_path("activities"), activity).await;
        let field = &problem["errors"][0]["field"];
        assert_eq!(field, "registration.deadline", "{problem}");
        let opportunity = json!({"title": "Kioskvakt", "description": "Vafler.",
                                 "district": "konnerud", "commitment": "one_off",
                                 "starts_at": format!("{date}T10:00:00Z")});
        let problem = refused(t.org_path("volunteer-opportunities"), opportunity).await;
        assert_eq!(problem["errors"][0]["field"], "starts_at", "{problem}");
    }
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let app = TestApp::spawn().await;
    for path in READABLE {
        let get = app.get(path).await;
        let get_length = get.headers().get("content-length").cloned();
        let res = app.call(Method::HEAD, path).await;
        assert_eq!(res.status(), 200, "HEAD {path}");
        assert_eq!(res.headers().get("content-length").cloned(), get_length, "{path}");
        assert!(res.bytes().await.unwrap().is_empty(), "{path}");
    }
    let missing = app.call(Method::HEAD, "/no/such/path").await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_bad_token_is_401_on_public_endpoints_too() {
    let public = [
        "/api/v1/activities",
        "/api/v1/organisations",
        "/api/v1/districts",
        "/api/v1/feeds/activities",
    ];
    let t = town().await;
    for path in public {
        t.app.get(path).token("not-a-token").problem(401).await;
        // A valid token is fine there.
        t.app.get(path).by(&t.owner).expect(200).await;
    }
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_422() {
    let app = TestApp::spawn().await;
    let body = app.get("/api/v1/activities?q=%FF%FE").problem(422).await;
    assert_eq!(body["errors"][0]["field"], "q", "{body}");
}

#[tokio::test]
async fn the_sqlite_file_is_readable_by_its_owner_only() {
    let app = TestApp::spawn().await;
    if app.is_postgres() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let path = app.database_url.trim_start_matches("sqlite://").to_owned();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{path}: {mode:o}");
}

#[tokio::test]
async fn registrations_are_limited_per_client() {
    let app = TestApp::spawn_with(limited(Limit::Registrations, 1, 2)).await;
    let mut statuses = Vec::new();
    for i in 0..3 {
        let email = format!("ny{i}@example.no");
        let res = app.register(&email, "korrekt hest batteri stift", "Ny").await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_logins() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let mut statuses = Vec::new();
    for i in 0..7 {
        let guess =
            json!({"password": "et helt nytt passord", "current_password": format!("feil {i}")});
        let res = app.patch("/api/v1/me").by(&user).json(&guess).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429]);
    // The account's login is throttled as well: the guesses were about the same password.
    assert_eq!(app.login(&user.email, &user.password).await.status(), 429);
}
