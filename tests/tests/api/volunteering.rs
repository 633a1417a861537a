use fritid_tests::{TestApp, TestUser, assert_problem, logs};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

const EMAIL: &str = "frivillig.kari.7731@example.no";
const PHONE: &str = "+47 912 77 31 00";

struct Centre {
    app: TestApp,
    owner: TestUser,
    admin: TestUser,
    org: Uuid,
    opportunity: Uuid,
}

async fn org(
    app: &TestApp,
    owner: &TestUser,
    admin: &TestUser,
    name: &str,
    kind: &str,
    district: &str,
) -> Uuid {
    app.verified_organisation(
        owner,
        admin,
        &json!({"name": name, "kind": kind, "districts": [district]}),
    )
    .await
}

async fn opportunity(app: &TestApp, owner: &TestUser, org: Uuid, body: Value) -> Uuid {
    let created = app
        .create(
            &format!("/api/v1/organisations/{org}/volunteer-opportunities"),
            Some(&owner.token),
            &body,
        )
        .await;
    created["id"].as_str().unwrap().parse().unwrap()
}

fn drivers() -> Value {
    json!({"title": "Sjåfør til handletur for eldre", "description": "Kjør eldre til butikken på torsdager.",
           "district": "svelvik", "commitment": "recurring", "skills": ["sjåfør", "Førerkort"],
           "spots": 2, "requires_police_certificate": true,
           "schedule": [{"weekdays": ["thu"], "start_time": "10:00", "end_time": "13:00", "valid_from": "2026-09-01"}]})
}

fn kari() -> Value {
    json!({"name": "Kari Frivillig", "email": EMAIL, "phone": PHONE,
           "message": "Jeg har bil og kan kjøre.", "consent": true, "age_confirmed": true})
}

impl Centre {
    async fn build() -> Centre {
        Self::build_with(|_| {}).await
    }

    async fn build_with(adjust: impl FnOnce(&mut fritid_tests::AppConfig)) -> Centre {
        let app = TestApp::spawn_with(adjust).await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let org = org(
            &app,
            &owner,
            &admin,
            "Svelvik frivilligsentral",
            "volunteer_centre",
            "svelvik",
        )
        .await;
        let opportunity = opportunity(&app, &owner, org, drivers()).await;
        Centre {
            app,
            owner,
            admin,
            org,
            opportunity,
        }
    }

    async fn sign_up(&self, body: &Value) -> reqwest::Response {
        self.app
            .post_json(
                &format!(
                    "/api/v1/volunteer-opportunities/{}/signups",
                    self.opportunity
                ),
                body,
            )
            .await
    }
}

#[tokio::test]
async fn consent_and_a_valid_email_are_required() {
    let c = Centre::build().await;
    let mut body = kari();
    body["consent"] = json!(false);
    let problem = assert_problem(c.sign_up(&body).await, 422).await;
    assert_eq!(problem["errors"][0]["field"], "consent");

    let mut body = kari();
    body["email"] = json!("kari at example");
    let problem = assert_problem(c.sign_up(&body).await, 422).await;
    assert_eq!(problem["errors"][0]["field"], "email");

    // Under the consent age: a guardian must consent.
    let mut body = kari();
    body["age_confirmed"] = json!(false);
    let problem = assert_problem(c.sign_up(&body).await, 422).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["age_confirmed", "guardian_consent"]);
    body["guardian_name"] = json!("Ola Forelder");
    body["guardian_consent"] = json!(true);
    assert_eq!(c.sign_up(&body).await.status(), 201);

    // Consent is a boolean, not "yes".
    let mut body = kari();
    body["consent"] = json!("yes");
    assert_problem(c.sign_up(&body).await, 422).await;
}

#[tokio::test]
async fn the_consent_age_is_configurable() {
    let c = Centre::build_with(|cfg| cfg.consent_age = 15).await;
    let mut body = kari();
    body["age_confirmed"] = json!(false);
    let problem = assert_problem(c.sign_up(&body).await, 422).await;
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("15"),
        "{problem}"
    );
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one sign-up followed through every role"
)]
async fn only_the_organisations_members_see_and_move_signups() {
    let c = Centre::build().await;
    let res = c.sign_up(&kari()).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let signup = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["withdraw_token"].as_str().unwrap().len(), 43);

    let other = c.app.signed_in_user("Other").await;
    org(
        &c.app,
        &other,
        &c.admin,
        "Et annet lag",
        "association",
        "konnerud",
    )
    .await;
    let list = format!("/api/v1/organisations/{}/signups", c.org);
    assert_problem(c.app.get(&list).await, 401).await;
    assert_problem(c.app.get_as(&other.token, &list).await, 403).await;
    let mine: Value = c
        .app
        .get_as(&c.owner.token, &list)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["items"][0]["email"], EMAIL);
    assert_eq!(mine["items"][0]["phone"], PHONE);
    assert_eq!(mine["items"][0]["status"], "new");

    let path = format!("/api/v1/signups/{signup}");
    let contacted = json!({"status": "contacted"});
    assert_problem(
        c.app
            .send(Method::PATCH, &path, None, Some(&contacted))
            .await,
        401,
    )
    .await;
    assert_problem(
        c.app
            .send(Method::PATCH, &path, Some(&other.token), Some(&contacted))
            .await,
        404,
    )
    .await;
    let res = c
        .app
        .send(Method::PATCH, &path, Some(&c.owner.token), Some(&contacted))
        .await;
    assert_eq!(res.status(), 200);
    let res = c
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&c.owner.token),
            Some(&json!({"status": "new"})),
        )
        .await;
    assert_problem(res, 422).await;
    let res = c
        .app
        .send(
            Method::PATCH,
            &path,
            Some(&c.owner.token),
            Some(&json!({"status": "accepted", "police_certificate_seen_on": "2026-11-20"})),
        )
        .await;
    let accepted: Value = res.json().await.unwrap();
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["police_certificate_seen_on"], "2026-11-20");

    // One of two spots taken.
    let o: Value = c
        .app
        .get(&format!(
            "/api/v1/volunteer-opportunities/{}",
            c.opportunity
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(o["spots_left"], 1);
    assert_eq!(o["status"], "open");
}

#[tokio::test]
async fn the_last_spot_makes_it_filled() {
    let c = Centre::build().await;
    for i in 0..2 {
        let mut body = kari();
        body["email"] = json!(format!("v{i}@example.no"));
        let created: Value = c.sign_up(&body).await.json().await.unwrap();
        let res = c
            .app
            .send(
                Method::PATCH,
                &format!("/api/v1/signups/{}", created["id"].as_str().unwrap()),
                Some(&c.owner.token),
                Some(&json!({"status": "accepted"})),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let o: Value = c
        .app
        .get(&format!(
            "/api/v1/volunteer-opportunities/{}",
            c.opportunity
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(o["spots_left"], 0);
    assert_eq!(o["status"], "filled");
    let open: Value = c
        .app
        .get("/api/v1/volunteer-opportunities")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["items"], json!([]));
    let filled: Value = c
        .app
        .get("/api/v1/volunteer-opportunities?status=filled")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filled["items"].as_array().unwrap().len(), 1);
    assert_problem(c.sign_up(&kari()).await, 409).await;
}

#[tokio::test]
async fn withdrawal_erases_the_person_and_tokens_work_once() {
    let c = Centre::build().await;
    let created: Value = c.sign_up(&kari()).await.json().await.unwrap();
    let token = created["withdraw_token"].as_str().unwrap();
    let path = format!("/api/v1/signups/by-token/{token}");
    assert_eq!(
        c.app.send(Method::DELETE, &path, None, None).await.status(),
        204
    );
    assert_problem(c.app.send(Method::DELETE, &path, None, None).await, 404).await;
    assert_problem(
        c.app
            .send(
                Method::DELETE,
                "/api/v1/signups/by-token/gjettet-token",
                None,
                None,
            )
            .await,
        404,
    )
    .await;

    let list: Value = c
        .app
        .get_as(
            &c.owner.token,
            &format!("/api/v1/organisations/{}/signups", c.org),
        )
        .await
        .json()
        .await
        .unwrap();
    let row = &list["items"][0];
    assert_eq!(row["status"], "withdrawn");
    assert_eq!(row["erased"], true);
    for field in ["name", "email", "phone", "message"] {
        assert_eq!(row[field], Value::Null, "{field}");
    }
    // Nothing left underneath either.
    let db = c.app.raw_db().await;
    let rows = sea_orm::ConnectionTrait::query_all_raw(
        &db,
        sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT name, email, phone, message FROM volunteer_signups",
        ),
    )
    .await
    .unwrap();
    for r in rows {
        for col in ["name", "email", "phone", "message"] {
            assert_eq!(r.try_get::<Option<String>>("", col).unwrap(), None, "{col}");
        }
    }
}

#[tokio::test]
async fn a_burst_of_anonymous_signups_reaches_429() {
    let c = Centre::build_with(|cfg| {
        cfg.signup_burst = 3;
        cfg.signups_per_hour = 3;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let mut body = kari();
        body["email"] = json!(format!("burst{i}@example.no"));
        statuses.push(c.sign_up(&body).await);
    }
    let codes: Vec<u16> = statuses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(codes, [201, 201, 201, 429, 429]);
    let last = statuses.pop().unwrap();
    let retry: u64 = last.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert_problem(last, 429).await;
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one story of stale sign-ups seen by the organisation and its centre"
)]
async fn stale_signups_are_listed_and_counted_but_centres_see_only_counts() {
    let c = Centre::build().await;
    // A neighbouring club in the same district with an unanswered sign-up.
    let club_owner = c.app.signed_in_user("Club").await;
    let club = org(
        &c.app,
        &club_owner,
        &c.admin,
        "Svelvik båtforening",
        "association",
        "svelvik",
    )
    .await;
    let club_opportunity = opportunity(
        &c.app,
        &club_owner,
        club,
        json!({"title": "Dugnad på brygga",
        "district": "svelvik", "commitment": "one_off"}),
    )
    .await;
    let res = c
        .app
        .post_json(
            &format!("/api/v1/volunteer-opportunities/{club_opportunity}/signups"),
            &kari(),
        )
        .await;
    assert_eq!(res.status(), 201);
    c.sign_up(&kari()).await;

    // Make both sign-ups eight days old.
    let db = c.app.raw_db().await;
    let old = (chrono::Utc::now() - chrono::Duration::days(8)).to_rfc3339();
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            format!("UPDATE volunteer_signups SET created_at = '{old}'::timestamptz")
        }
        _ => format!("UPDATE volunteer_signups SET created_at = '{old}'"),
    };
    sea_orm::ConnectionTrait::execute_unprepared(&db, &sql)
        .await
        .unwrap();

    let stale: Value = c
        .app
        .get_as(
            &club_owner.token,
            &format!("/api/v1/organisations/{club}/signups?stale=true"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stale["items"].as_array().unwrap().len(), 1);
    assert_eq!(stale["items"][0]["stale"], true);
    let club_view: Value = c
        .app
        .get_as(&club_owner.token, &format!("/api/v1/organisations/{club}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(club_view["stale_signups"], 1);
    let public_view: Value = c
        .app
        .get(&format!("/api/v1/organisations/{club}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(public_view.get("stale_signups").is_none());

    // The centre sees the counts in its district, never the people.
    let res = c
        .app
        .get_as(
            &c.owner.token,
            &format!("/api/v1/organisations/{}/stale-signup-counts", c.org),
        )
        .await;
    let text = res.text().await.unwrap();
    assert!(!text.contains(EMAIL) && !text.contains("Kari"), "{text}");
    let counts: Value = serde_json::from_str(&text).unwrap();
    let items = counts["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["stale_signups"] == 1), "{counts}");
    // The club is no centre, and others may not ask.
    assert_problem(
        c.app
            .get_as(
                &club_owner.token,
                &format!("/api/v1/organisations/{club}/stale-signup-counts"),
            )
            .await,
        409,
    )
    .await;
    assert_problem(
        c.app
            .get_as(
                &club_owner.token,
                &format!("/api/v1/organisations/{}/stale-signup-counts", c.org),
            )
            .await,
        403,
    )
    .await;
}

/// After a whole flow, no public response and no log line holds the volunteer's e-mail
/// address or phone number.
#[tokio::test]
async fn personal_data_never_leaks_into_public_responses_or_logs() {
    let c = Centre::build().await;
    let created: Value = c.sign_up(&kari()).await.json().await.unwrap();
    let signup = created["id"].as_str().unwrap().to_owned();
    let token = created["withdraw_token"].as_str().unwrap().to_owned();
    // The organisation works with it.
    let res = c
        .app
        .send(
            Method::PATCH,
            &format!("/api/v1/signups/{signup}"),
            Some(&c.owner.token),
            Some(&json!({"status": "accepted"})),
        )
        .await;
    assert_eq!(res.status(), 200);

    let mut public = String::new();
    for path in [
        "/api/v1/volunteer-opportunities".to_owned(),
        "/api/v1/volunteer-opportunities?status=filled".to_owned(),
        format!("/api/v1/volunteer-opportunities/{}", c.opportunity),
        format!("/api/v1/organisations/{}/volunteer-opportunities", c.org),
        format!("/api/v1/organisations/{}", c.org),
        "/api/v1/organisations".to_owned(),
        "/api/v1/activities".to_owned(),
        "/api/v1/stats/coverage".to_owned(),
        "/openapi.json".to_owned(),
    ] {
        let res = c.app.get(&path).await;
        assert!(res.status().is_success(), "{path}");
        public += &res.text().await.unwrap();
    }
    // The audit log is for admins, but its summaries must not name people either.
    let audit = c
        .app
        .get_as(&c.admin.token, "/api/v1/admin/audit-log?limit=100")
        .await
        .text()
        .await
        .unwrap();
    let phone_digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
    for (what, text) in [("public responses", &public), ("audit log", &audit)] {
        assert!(!text.contains(EMAIL), "{what} contain the e-mail");
        assert!(
            !text.contains(PHONE) && !text.contains(&phone_digits),
            "{what} contain the phone"
        );
        assert!(!text.contains(&token), "{what} contain the withdraw token");
    }
    // Withdraw, then check every log line written so far.
    assert_eq!(
        c.app
            .send(
                Method::DELETE,
                &format!("/api/v1/signups/by-token/{token}"),
                None,
                None
            )
            .await
            .status(),
        204
    );
    let logged = logs::captured();
    assert!(logged.contains("signups"), "the log capture works");
    assert!(!logged.contains(EMAIL), "a log line contains the e-mail");
    assert!(
        !logged.contains(PHONE) && !logged.contains(&phone_digits),
        "a log line contains the phone"
    );
    assert!(
        !logged.contains(&token),
        "a log line contains the withdraw token"
    );
}

/// The retention job, run with a clock we choose, erases only sign-ups whose opportunity
/// closed longer ago than the retention period.
#[tokio::test]
async fn retention_erases_only_what_has_expired() {
    let c = Centre::build().await;
    let closing = opportunity(
        &c.app,
        &c.owner,
        c.org,
        json!({"title": "Julemarked", "district": "svelvik",
        "commitment": "one_off"}),
    )
    .await;
    c.app
        .post_json(
            &format!("/api/v1/volunteer-opportunities/{closing}/signups"),
            &kari(),
        )
        .await;
    c.sign_up(&kari()).await; // on the open opportunity
    // Close the first one now.
    let res = c
        .app
        .client
        .patch(
            c.app
                .url(&format!("/api/v1/volunteer-opportunities/{closing}")),
        )
        .bearer_auth(&c.owner.token)
        .header("if-match", "*")
        .json(&json!({"status": "closed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let retention = chrono::Duration::days(365);
    let now = chrono::Utc::now();
    // Eleven months later: nothing has expired.
    let n = fritid_server::retention::run_once(
        &c.app.store,
        retention,
        now + chrono::Duration::days(330),
    )
    .await
    .unwrap();
    assert_eq!(n, 0);
    // A year and a day later: only the closed opportunity's sign-up goes.
    let n = fritid_server::retention::run_once(
        &c.app.store,
        retention,
        now + chrono::Duration::days(366),
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    let list: Value = c
        .app
        .get_as(
            &c.owner.token,
            &format!("/api/v1/organisations/{}/signups", c.org),
        )
        .await
        .json()
        .await
        .unwrap();
    let by_title = |t: &str| {
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["opportunity_title"] == t)
            .unwrap()
            .clone()
    };
    assert_eq!(by_title("Julemarked")["email"], Value::Null);
    assert_eq!(by_title("Julemarked")["erased"], true);
    assert_eq!(by_title("Sjåfør til handletur for eldre")["email"], EMAIL);
    // Running again erases nothing more.
    let n = fritid_server::retention::run_once(
        &c.app.store,
        retention,
        now + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn admins_can_export_and_erase_everything_about_an_address() {
    let c = Centre::build().await;
    c.sign_up(&kari()).await;
    let path = format!("/api/v1/admin/personal-data?email={EMAIL}");
    assert_problem(c.app.get_as(&c.owner.token, &path).await, 403).await;
    let export: Value = c
        .app
        .get_as(&c.admin.token, &path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["signups"].as_array().unwrap().len(), 1);
    assert_eq!(export["signups"][0]["phone"], PHONE);
    assert_eq!(export["account"], Value::Null);

    let report: Value = c
        .app
        .send(Method::DELETE, &path, Some(&c.admin.token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["signups_erased"], 1);
    let export: Value = c
        .app
        .get_as(&c.admin.token, &path)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(export["signups"], json!([]));
}

#[tokio::test]
async fn opportunities_search_and_follow_their_organisation() {
    let c = Centre::build().await;
    opportunity(
        &c.app,
        &c.owner,
        c.org,
        json!({"title": "Leksehjelp i norsk", "district": "svelvik",
        "commitment": "flexible", "skills": ["norsk"]}),
    )
    .await;
    let titles = |v: Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |p: &'static str| {
        let app = &c.app;
        async move { app.get(p).await.json::<Value>().await.unwrap() }
    };
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities?q=sjåfør").await),
        ["Sjåfør til handletur for eldre"]
    );
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities?skill=norsk").await),
        ["Leksehjelp i norsk"]
    );
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities?skill=F%C3%B8rerkort").await),
        ["Sjåfør til handletur for eldre"]
    );
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities?commitment=flexible&district=svelvik").await),
        ["Leksehjelp i norsk"]
    );
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities?district=konnerud").await),
        Vec::<String>::new()
    );
    assert_problem(
        c.app
            .get("/api/v1/volunteer-opportunities?commitment=sometimes&status=full")
            .await,
        422,
    )
    .await;

    // Archiving the centre takes its opportunities out of public view, sign-ups refused.
    let res = c
        .app
        .send(
            Method::DELETE,
            &format!("/api/v1/organisations/{}", c.org),
            Some(&c.owner.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        titles(get("/api/v1/volunteer-opportunities").await),
        Vec::<String>::new()
    );
    assert_problem(
        c.app
            .get(&format!(
                "/api/v1/volunteer-opportunities/{}",
                c.opportunity
            ))
            .await,
        404,
    )
    .await;
    assert_problem(c.sign_up(&kari()).await, 404).await;
}
