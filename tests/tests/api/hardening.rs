//! What an attacker tried (issue "Hold under abuse"), each checked on both databases:
//! bounded metric labels, limits on every path, the occurrence cap, verification that an
//! editor cannot undo, counts only for verified centres, feed links that ignore request
//! headers, and the smaller holes.

use fritid_tests::{TestApp, TestUser, assert_problem, logs};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

struct Town {
    app: TestApp,
    owner: TestUser,
    admin: TestUser,
    org: Uuid,
}

impl Town {
    async fn new() -> Town {
        let app = TestApp::spawn().await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let org = app
            .verified_organisation(
                &owner,
                &admin,
                &json!({"name": "Konnerud IL", "kind": "association", "districts": ["konnerud"],
                        "website": "https://konnerud-il.no", "description": "Idrett for alle."}),
            )
            .await;
        Town {
            app,
            owner,
            admin,
            org,
        }
    }

    async fn patch_org(&self, token: &str, body: Value) -> reqwest::Response {
        self.app
            .client
            .patch(self.app.url(&format!("/api/v1/organisations/{}", self.org)))
            .bearer_auth(token)
            .header("if-match", "*")
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn org_as(&self, token: Option<&str>) -> Value {
        let res = self
            .app
            .send(
                Method::GET,
                &format!("/api/v1/organisations/{}", self.org),
                token,
                None,
            )
            .await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    async fn moderate(&self, verb: &str, body: Option<&Value>) -> Value {
        let res = self
            .app
            .send(
                Method::POST,
                &format!("/api/v1/organisations/{}/{verb}", self.org),
                Some(&self.admin.token),
                body,
            )
            .await;
        let status = res.status();
        let body: Value = res.json().await.unwrap();
        assert_eq!(status, 200, "{body}");
        body
    }
}

#[tokio::test]
async fn invented_methods_share_one_metric_label_and_are_not_logged() {
    let app = TestApp::spawn().await;
    let invented = format!("X{}", "Y".repeat(3_000));
    for i in 0..20 {
        let method = Method::from_bytes(format!("{invented}{i}").as_bytes()).unwrap();
        let res = app
            .client
            .request(method, app.url("/healthz"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405);
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
    let app = TestApp::spawn_with(|c| {
        c.requests_per_minute = 1;
        c.request_burst = 3;
    })
    .await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(app.get("/openapi.json").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert_problem(app.get("/no/such/page").await, 429).await;
    for _ in 0..5 {
        assert_eq!(app.get("/healthz").await.status(), 200);
    }
}

/// Publishes an activity with 20 rules, each every day of the week.
async fn busy_activity(t: &Town, n: usize) {
    let rules: Vec<Value> = (0..20)
        .map(|i| {
            json!({"weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                   "start_time": format!("{:02}:00", i + 2), "end_time": format!("{:02}:30", i + 2),
                   "valid_from": "2026-01-01"})
        })
        .collect();
    let created = t
        .app
        .create(
            &format!("/api/v1/organisations/{}/activities", t.org),
            Some(&t.owner.token),
            &json!({"title": format!("Trening {n}"), "categories": ["fotball"], "district": "konnerud",
                    "venue": {"name": "Bane"}, "schedule": rules}),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let res = t
        .app
        .send(
            Method::POST,
            &format!("/api/v1/activities/{id}/publish"),
            Some(&t.owner.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_occurrence_listing_builds_a_bounded_number_of_sessions() {
    let t = Town::new().await;
    // Six activities × 20 rules × 7 days × 91 days ≈ 11 000 sessions: more than one request
    // may build.
    for n in 0..6 {
        busy_activity(&t, n).await;
    }
    let window = "from=2027-01-01&to=2027-04-01";
    let body = assert_problem(
        t.app
            .get(&format!(
                "/api/v1/occurrences?organisation={}&{window}",
                t.org
            ))
            .await,
        422,
    )
    .await;
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("10000 sessions") && message.contains("narrow"),
        "{message}"
    );
    // Narrowed, it answers.
    let res = t
        .app
        .get(&format!(
            "/api/v1/occurrences?organisation={}&from=2027-01-01&to=2027-01-15",
            t.org
        ))
        .await;
    assert_eq!(res.status(), 200);
    // And no activity can have more than 20 rules.
    let rules: Vec<Value> = (0..21)
        .map(|_| json!({"weekdays": ["mon"], "start_time": "17:00", "end_time": "18:00", "valid_from": "2026-01-01"}))
        .collect();
    let res = t
        .app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{}/activities", t.org),
            Some(&t.owner.token),
            Some(&json!({"title": "For mange regler", "categories": ["fotball"], "district": "konnerud",
                         "venue": {"name": "Bane"}, "schedule": rules})),
        )
        .await;
    assert_problem(res, 422).await;
}

#[tokio::test]
async fn an_editor_cannot_rename_a_verified_organisation_without_the_municipality() {
    let t = Town::new().await;
    let res = t
        .patch_org(
            &t.owner.token,
            json!({"name": "Drammen kommune", "kind": "municipal_service",
                   "website": "https://drammen-kommune.example", "description": "Ny tekst"}),
        )
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    // The answer shows the verified identity, the new description, and what waits.
    assert_eq!(body["name"], "Konnerud IL");
    assert_eq!(body["kind"], "association");
    assert_eq!(body["website"], "https://konnerud-il.no");
    assert_eq!(body["description"], "Ny tekst");
    assert_eq!(body["status"], "verified");
    assert_eq!(body["pending_changes"]["name"], "Drammen kommune");
    assert_eq!(body["pending_changes"]["kind"], "municipal_service");
    assert_eq!(
        body["pending_changes"]["website"],
        "https://drammen-kommune.example"
    );
    assert!(body["pending_changes"].get("org_number").is_none());
    assert!(body["pending_changes"]["since"].is_string());

    // Residents see the verified values everywhere, and nothing about the request.
    let public = t.org_as(None).await;
    assert_eq!(public["name"], "Konnerud IL");
    assert_eq!(public["description"], "Ny tekst");
    assert!(public.get("pending_changes").is_none(), "{public}");
    let list: Value = t
        .app
        .get("/api/v1/organisations?q=drammen")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0, "{list}");
    // Members and admins see what waits.
    assert_eq!(
        t.org_as(Some(&t.owner.token)).await["pending_changes"]["name"],
        "Drammen kommune"
    );
    assert_eq!(
        t.org_as(Some(&t.admin.token)).await["pending_changes"]["name"],
        "Drammen kommune"
    );

    // A later edit of something else keeps the pending change.
    let res = t
        .patch_org(&t.owner.token, json!({"phone": "+47 32 04 00 00"}))
        .await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["pending_changes"]["name"], "Drammen kommune", "{body}");

    // The admin rejects: discarded, still verified, the reason for members only.
    let rejected = t
        .moderate(
            "reject",
            Some(&json!({"reason": "Navnet tilhører kommunen."})),
        )
        .await;
    assert_eq!(rejected["status"], "verified");
    assert_eq!(rejected["name"], "Konnerud IL");
    assert!(rejected.get("pending_changes").is_none(), "{rejected}");
    assert_eq!(rejected["rejection_reason"], "Navnet tilhører kommunen.");
    assert!(t.org_as(None).await["rejection_reason"].is_null());

    // A real rename, approved, becomes public.
    let res = t
        .patch_org(&t.owner.token, json!({"name": "Konnerud Idrettslag"}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(t.org_as(None).await["name"], "Konnerud IL");
    let approved = t.moderate("verify", None).await;
    assert_eq!(approved["name"], "Konnerud Idrettslag");
    assert!(approved.get("pending_changes").is_none());
    assert_eq!(t.org_as(None).await["name"], "Konnerud Idrettslag");
}

#[tokio::test]
async fn identity_changes_before_verification_apply_at_once_and_taken_numbers_are_409() {
    let t = Town::new().await;
    // Another organisation already has this number.
    t.app
        .create(
            "/api/v1/organisations",
            Some(&t.owner.token),
            &json!({"name": "Drammen kommune", "kind": "municipal_service", "org_number": "942110464"}),
        )
        .await;
    let res = t
        .patch_org(&t.owner.token, json!({"org_number": "942110464"}))
        .await;
    assert_problem(res, 409).await;
    // A pending organisation is not public yet: its changes apply at once.
    let pending = t
        .app
        .create(
            "/api/v1/organisations",
            Some(&t.owner.token),
            &json!({"name": "Nytt lag", "kind": "association"}),
        )
        .await;
    let res = t
        .app
        .client
        .patch(t.app.url(&format!(
            "/api/v1/organisations/{}",
            pending["id"].as_str().unwrap()
        )))
        .bearer_auth(&t.owner.token)
        .header("if-match", "*")
        .json(&json!({"name": "Nytt idrettslag"}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["name"], "Nytt idrettslag");
    assert!(body.get("pending_changes").is_none());
}

#[tokio::test]
async fn only_verified_volunteer_centres_see_counts() {
    let t = Town::new().await;
    let fake = t
        .app
        .create(
            "/api/v1/organisations",
            Some(&t.owner.token),
            &json!({"name": "Konnerud frivilligsentral", "kind": "volunteer_centre", "districts": ["konnerud"]}),
        )
        .await;
    let path = format!(
        "/api/v1/organisations/{}/stale-signup-counts",
        fake["id"].as_str().unwrap()
    );
    assert_problem(t.app.get_as(&t.owner.token, &path).await, 409).await;
    let res = t
        .app
        .send(
            Method::POST,
            &format!(
                "/api/v1/organisations/{}/verify",
                fake["id"].as_str().unwrap()
            ),
            Some(&t.admin.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(t.app.get_as(&t.owner.token, &path).await.status(), 200);
}

#[tokio::test]
async fn feed_links_ignore_forwarded_headers() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/v1/feeds/activities"))
        .header("x-forwarded-host", "evil.example")
        .header("x-forwarded-proto", "javascript")
        .header("forwarded", "host=evil.example;proto=javascript")
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let next = body["next"].as_str().unwrap();
    assert!(
        next.starts_with(&format!("{}/api/v1/feeds/activities", app.address)),
        "{next}"
    );
}

#[tokio::test]
async fn feed_links_use_the_public_url() {
    let app = TestApp::spawn_with(|c| {
        c.public_url = Some("https://fritid.drammen.kommune.no/".to_owned());
    })
    .await;
    let body: Value = app
        .get("/api/v1/feeds/organisations")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["next"],
        "https://fritid.drammen.kommune.no/api/v1/feeds/organisations"
    );
}

#[tokio::test]
async fn no_more_volunteers_are_accepted_than_there_are_spots() {
    let t = Town::new().await;
    let opportunity = t
        .app
        .create(
            &format!("/api/v1/organisations/{}/volunteer-opportunities", t.org),
            Some(&t.owner.token),
            &json!({"title": "Kioskvakt", "description": "Selge vafler på hjemmekamper.",
                    "district": "konnerud", "commitment": "one_off", "spots": 2}),
        )
        .await;
    let mut signups = Vec::new();
    for i in 0..3 {
        let created = t
            .app
            .create(
                &format!(
                    "/api/v1/volunteer-opportunities/{}/signups",
                    opportunity["id"].as_str().unwrap()
                ),
                None,
                &json!({"name": format!("Frivillig {i}"), "email": format!("f{i}@example.no"),
                        "consent": true, "age_confirmed": true}),
            )
            .await;
        signups.push(created["id"].as_str().unwrap().to_owned());
    }
    let accept = |id: String| {
        let t = &t;
        async move {
            t.app
                .send(
                    Method::PATCH,
                    &format!("/api/v1/signups/{id}"),
                    Some(&t.owner.token),
                    Some(&json!({"status": "accepted"})),
                )
                .await
        }
    };
    assert_eq!(accept(signups[0].clone()).await.status(), 200);
    assert_eq!(accept(signups[1].clone()).await.status(), 200);
    let body = assert_problem(accept(signups[2].clone()).await, 409).await;
    assert!(body["detail"].as_str().unwrap().contains("spot"), "{body}");
}

#[tokio::test]
async fn erasure_does_not_leave_an_organisation_without_an_owner() {
    let t = Town::new().await;
    let res = t
        .app
        .send(
            Method::DELETE,
            &format!("/api/v1/admin/personal-data?email={}", t.owner.email),
            Some(&t.admin.token),
            None,
        )
        .await;
    assert_problem(res, 409).await;
    // Nothing was erased: the owner still signs in and still owns it.
    assert_eq!(
        t.app
            .login(&t.owner.email, &t.owner.password)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_withdraw_token_is_never_logged_even_on_a_path_that_matches_no_route() {
    let app = TestApp::spawn().await;
    let token = "QmFkLXRva2VuLXRoYXQtbG9va3MtcmVhbC0xMjM0NTY3ODk";
    let res = app
        .send(
            Method::DELETE,
            &format!("/api/v1/signups/by-token/{token}/"),
            None,
            None,
        )
        .await;
    assert!(res.status().is_client_error());
    assert!(!logs::captured().contains(token));
}

#[tokio::test]
async fn answers_carry_security_headers_and_personal_ones_are_not_stored() {
    let t = Town::new().await;
    let public = t.app.get("/api/v1/activities").await;
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("content-security-policy", "frame-ancestors 'none'"),
    ] {
        assert_eq!(public.headers()[name], value, "{name}");
    }
    assert!(public.headers().get("cache-control").is_none());
    let me = t.app.get_as(&t.owner.token, "/api/v1/me").await;
    assert_eq!(me.headers()["cache-control"], "no-store");
    assert_eq!(me.headers()["x-content-type-options"], "nosniff");
    let opportunity = t
        .app
        .create(
            &format!("/api/v1/organisations/{}/volunteer-opportunities", t.org),
            Some(&t.owner.token),
            &json!({"title": "Kioskvakt", "description": "Vafler.", "district": "konnerud",
                    "commitment": "one_off"}),
        )
        .await;
    let res = t
        .app
        .post_json(
            &format!(
                "/api/v1/volunteer-opportunities/{}/signups",
                opportunity["id"].as_str().unwrap()
            ),
            &json!({"name": "Kari", "email": "kari@example.no", "consent": true, "age_confirmed": true}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn invisible_names_direction_overrides_and_absurd_dates_are_422() {
    let t = Town::new().await;
    for name in ["\u{200B}\u{200B}\u{200B}", "Konnerud \u{202E}LI"] {
        let res = t
            .app
            .send(
                Method::POST,
                "/api/v1/organisations",
                Some(&t.owner.token),
                Some(&json!({"name": name, "kind": "association"})),
            )
            .await;
        let body = assert_problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "name", "{body}");
    }
    for date in ["0000-01-01", "9999-12-31"] {
        let res = t
            .app
            .send(
                Method::POST,
                &format!("/api/v1/organisations/{}/activities", t.org),
                Some(&t.owner.token),
                Some(
                    &json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
                             "venue": {"name": "Bane"},
                             "registration": {"required": true, "deadline": date}}),
                ),
            )
            .await;
        let body = assert_problem(res, 422).await;
        assert_eq!(
            body["errors"][0]["field"], "registration.deadline",
            "{body}"
        );
        let res = t
            .app
            .send(
                Method::POST,
                &format!("/api/v1/organisations/{}/volunteer-opportunities", t.org),
                Some(&t.owner.token),
                Some(
                    &json!({"title": "Kioskvakt", "description": "Vafler.", "district": "konnerud",
                             "commitment": "one_off", "starts_at": format!("{date}T10:00:00Z")}),
                ),
            )
            .await;
        let body = assert_problem(res, 422).await;
        assert_eq!(body["errors"][0]["field"], "starts_at", "{body}");
    }
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let app = TestApp::spawn().await;
    for path in [
        "/healthz",
        "/api/v1/activities",
        "/api/v1/districts",
        "/openapi.json",
    ] {
        let get = app.get(path).await;
        let get_length = get.headers().get("content-length").cloned();
        let res = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "HEAD {path}");
        assert_eq!(
            res.headers().get("content-length").cloned(),
            get_length,
            "{path}"
        );
        assert!(res.bytes().await.unwrap().is_empty(), "{path}");
    }
    assert_eq!(
        app.client
            .head(app.url("/no/such/path"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn a_bad_token_is_401_on_public_endpoints_too() {
    let t = Town::new().await;
    for path in [
        "/api/v1/activities",
        "/api/v1/organisations",
        "/api/v1/districts",
        "/api/v1/feeds/activities",
    ] {
        let res = t.app.get_as("not-a-token", path).await;
        assert_problem(res, 401).await;
        // A valid token is fine there.
        assert_eq!(
            t.app.get_as(&t.owner.token, path).await.status(),
            200,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_query_that_is_not_utf8_is_422() {
    let app = TestApp::spawn().await;
    let body = assert_problem(app.get("/api/v1/activities?q=%FF%FE").await, 422).await;
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
    let app = TestApp::spawn_with(|c| {
        c.registrations_per_hour = 1;
        c.registration_burst = 2;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..3 {
        let res = app
            .register(
                &format!("ny{i}@example.no"),
                "korrekt hest batteri stift",
                "Ny",
            )
            .await;
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
        let res = app
            .send(
                Method::PATCH,
                "/api/v1/me",
                Some(&user.token),
                Some(&json!({"password": "et helt nytt passord", "current_password": format!("feil {i}")})),
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429]);
    // The account's login is throttled as well: the guesses were about the same password.
    assert_eq!(app.login(&user.email, &user.password).await.status(), 429);
}
