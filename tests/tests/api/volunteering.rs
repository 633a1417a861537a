use fritid_tests::{
    AppConfig, Call, Limit, TestApp, TestUser, World, assert_problem, error_fields, limited, logs,
    retry_after,
};
use serde_json::{Value, json};
use uuid::Uuid;

const EMAIL: &str = "frivillig.kari.7731@example.no";
const PHONE: &str = "+47 912 77 31 00";

/// A verified volunteer centre in Svelvik with one opportunity: drivers. The pages' tests
/// (`web_volunteering`) start from it too, with an opportunity of their own.
pub(crate) struct Centre {
    pub(crate) app: TestApp,
    pub(crate) owner: TestUser,
    pub(crate) admin: TestUser,
    pub(crate) org: Uuid,
    pub(crate) opportunity: Uuid,
}

fn org_body(name: &str, kind: &str, district: &str) -> Value {
    json!({"name": name, "kind": kind, "districts": [district]})
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

/// Kari, with `field` set to `value`.
fn kari_with(field: &str, value: Value) -> Value {
    let mut body = kari();
    body[field] = value;
    body
}

impl Centre {
    async fn build() -> Centre {
        Self::build_with(|_| {}).await
    }

    async fn build_with(adjust: impl FnOnce(&mut AppConfig)) -> Centre {
        Self::with_opportunity(adjust, &drivers()).await
    }

    /// The centre, in an app whose configuration `adjust` changes, with `opportunity`.
    pub(crate) async fn with_opportunity(
        adjust: impl FnOnce(&mut AppConfig), opportunity: &Value,
    ) -> Centre {
        let centre = org_body("Svelvik frivilligsentral", "volunteer_centre", "svelvik");
        let World { app, owner, admin, org } = World::spawn_with(adjust, &centre).await;
        let opportunity = app.opportunity(&owner, org, opportunity).await;
        Centre { app, owner, admin, org, opportunity }
    }

    fn sign_up(&self, body: &Value) -> Call {
        self.app.sign_up(self.opportunity, body)
    }

    /// The sign-ups of the centre, as its owner sees them.
    async fn signups(&self) -> Value {
        let path = format!("/api/v1/organisations/{}/signups", self.org);
        self.app.get(&path).by(&self.owner).await.json().await.unwrap()
    }

    /// The drivers opportunity, as anyone sees it.
    async fn listing(&self) -> Value {
        let path = format!("/api/v1/volunteer-opportunities/{}", self.opportunity);
        self.app.get(&path).await.json().await.unwrap()
    }
}

#[tokio::test]
async fn consent_and_a_valid_email_are_required() {
    let c = Centre::build().await;
    for (field, value) in [("consent", json!(false)), ("email", json!("kari at example"))] {
        let problem = c.sign_up(&kari_with(field, value)).problem(422).await;
        assert_eq!(problem["errors"][0]["field"], field);
    }

    // Under the consent age: a guardian must consent.
    let mut body = kari_with("age_confirmed", json!(false));
    let problem = c.sign_up(&body).problem(422).await;
    assert_eq!(error_fields(&problem), ["age_confirmed", "guardian_consent"]);
    body["guardian_name"] = json!("Ola Forelder");
    body["guardian_consent"] = json!(true);
    c.sign_up(&body).expect(201).await;

    // Consent is a boolean, not "yes".
    let yes = kari_with("consent", json!("yes"));
    c.sign_up(&yes).problem(422).await;
}

#[tokio::test]
async fn the_consent_age_is_configurable() {
    let c = Centre::build_with(|cfg| cfg.consent_age = 15).await;
    let body = kari_with("age_confirmed", json!(false));
    let problem = c.sign_up(&body).problem(422).await;
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("15"), "{problem}");
}

#[tokio::test]
async fn only_the_organisations_members_see_and_move_signups() {
    let c = Centre::build().await;
    let created = c.sign_up(&kari()).expect(201).await;
    let signup = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["withdraw_token"].as_str().unwrap().len(), 43);

    let other = c.app.signed_in_user("Other").await;
    let club = org_body("Et annet lag", "association", "konnerud");
    c.app.verified_organisation(&other, &c.admin, &club).await;
    let list = format!("/api/v1/organisations/{}/signups", c.org);
    c.app.get(&list).problem(401).await;
    c.app.get(&list).by(&other).problem(403).await;
    // Not even an admin who is not a member: volunteers gave their details to this
    // organisation alone.
    c.app.get(&list).by(&c.admin).problem(403).await;
    let mine = c.signups().await;
    assert_eq!(mine["items"][0]["email"], EMAIL);
    assert_eq!(mine["items"][0]["phone"], PHONE);
    assert_eq!(mine["items"][0]["status"], "new");

    let path = format!("/api/v1/signups/{signup}");
    let contacted = json!({"status": "contacted"});
    c.app.patch(&path).json(&contacted).problem(401).await;
    c.app.patch(&path).by(&other).json(&contacted).problem(404).await;
    c.app.patch(&path).by(&c.admin).json(&contacted).problem(403).await;
    let owner = &c.owner;
    c.app.move_signup(owner, &signup, "contacted").expect(200).await;
    c.app.move_signup(owner, &signup, "new").problem(422).await;
    let accept = json!({"status": "accepted", "police_certificate_seen_on": "2026-11-20"});
    let accepted = c.app.patch(&path).by(owner).json(&accept).await;
    let accepted: Value = accepted.json().await.unwrap();
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(accepted["police_certificate_seen_on"], "2026-11-20");

    // One of two spots taken.
    let o = c.listing().await;
    assert_eq!(o["spots_left"], 1);
    assert_eq!(o["status"], "open");
}

#[tokio::test]
async fn the_last_spot_makes_it_filled() {
    let c = Centre::build().await;
    for i in 0..2 {
        let body = kari_with("email", json!(format!("v{i}@example.no")));
        let created: Value = c.sign_up(&body).await.json().await.unwrap();
        let signup = created["id"].as_str().unwrap();
        c.app.move_signup(&c.owner, signup, "accepted").expect(200).await;
    }
    let o = c.listing().await;
    assert_eq!(o["spots_left"], 0);
    assert_eq!(o["status"], "filled");
    let open = c.app.get("/api/v1/volunteer-opportunities").await;
    assert_eq!(open.json::<Value>().await.unwrap()["items"], json!([]));
    let filled = c.app.get("/api/v1/volunteer-opportunities?status=filled");
    let filled: Value = filled.await.json().await.unwrap();
    assert_eq!(filled["items"].as_array().unwrap().len(), 1);
    c.sign_up(&kari()).problem(409).await;
}

#[tokio::test]
async fn withdrawal_erases_the_person_and_tokens_work_once() {
    let c = Centre::build().await;
    let created: Value = c.sign_up(&kari()).await.json().await.unwrap();
    let token = created["withdraw_token"].as_str().unwrap();
    let path = format!("/api/v1/signups/by-token/{token}");
    assert_eq!(c.app.delete(&path).await.status(), 204);
    c.app.delete(&path).problem(404).await;
    let guessed = "/api/v1/signups/by-token/gjettet-token";
    c.app.delete(guessed).problem(404).await;

    let list = c.signups().await;
    let row = &list["items"][0];
    assert_eq!(row["status"], "withdrawn");
    assert_eq!(row["erased"], true);
    for field in ["name", "email", "phone", "message"] {
        assert_eq!(row[field], Value::Null, "{field}");
    }
    // Nothing left underneath either.
    let sql = "SELECT name, email, phone, message FROM volunteer_signups";
    for r in c.app.query_sql(sql).await {
        for col in ["name", "email", "phone", "message"] {
            assert_eq!(r.try_get::<Option<String>>("", col).unwrap(), None, "{col}");
        }
    }
}

#[tokio::test]
async fn a_burst_of_anonymous_signups_reaches_429() {
    let c = Centre::build_with(limited(Limit::Signups, 3, 3)).await;
    let mut statuses = Vec::new();
    for i in 0..5 {
        let body = kari_with("email", json!(format!("burst{i}@example.no")));
        statuses.push(c.sign_up(&body).await);
    }
    let codes: Vec<u16> = statuses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(codes, [201, 201, 201, 429, 429]);
    let last = statuses.pop().unwrap();
    assert!(retry_after(&last) >= 1);
    assert_problem(last, 429).await;
}

#[tokio::test]
async fn one_address_gets_ten_receipts_at_once_then_429() {
    // The per-client limit is out of the way: this is the address's own allowance.
    let c = Centre::build_with(limited(Limit::Signups, 1_000_000, 1_000_000)).await;
    for _ in 0..10 {
        assert_eq!(c.sign_up(&kari()).await.status(), 201);
    }
    let refused = c.sign_up(&kari_with("email", json!(EMAIL.to_uppercase()))).await;
    assert!(retry_after(&refused) >= 1);
    assert_problem(refused, 429).await;
    assert_eq!(c.app.outbox_to(EMAIL).await.len(), 10, "a receipt for each accepted one");
    let ola = kari_with("email", json!("ola.frivillig@example.no"));
    assert_eq!(c.sign_up(&ola).await.status(), 201, "another address has its own");
}

#[tokio::test]
async fn stale_signups_are_listed_and_counted_but_centres_see_only_counts() {
    let c = Centre::build().await;
    // A neighbouring club in the same district with an unanswered sign-up.
    let club_owner = c.app.signed_in_user("Club").await;
    let club = org_body("Svelvik båtforening", "association", "svelvik");
    let club = c.app.verified_organisation(&club_owner, &c.admin, &club).await;
    let dugnad =
        json!({"title": "Dugnad på brygga", "district": "svelvik", "commitment": "one_off"});
    let club_opportunity = c.app.opportunity(&club_owner, club, &dugnad).await;
    c.app.sign_up(club_opportunity, &kari()).expect(201).await;
    c.sign_up(&kari()).await;

    // Make both sign-ups eight days old.
    let old = (chrono::Utc::now() - chrono::Duration::days(8)).to_rfc3339();
    let sql = if c.app.is_postgres() {
        format!("UPDATE volunteer_signups SET created_at = '{old}'::timestamptz")
    } else {
        format!("UPDATE volunteer_signups SET created_at = '{old}'")
    };
    c.app.execute_sql(&sql).await;

    let club_path = format!("/api/v1/organisations/{club}");
    let stale = format!("{club_path}/signups?stale=true");
    let stale: Value = c.app.get(&stale).by(&club_owner).await.json().await.unwrap();
    assert_eq!(stale["items"].as_array().unwrap().len(), 1);
    assert_eq!(stale["items"][0]["stale"], true);
    let club_view = c.app.get(&club_path).by(&club_owner).await;
    assert_eq!(club_view.json::<Value>().await.unwrap()["stale_signups"], 1);
    let public_view: Value = c.app.get(&club_path).await.json().await.unwrap();
    assert!(public_view.get("stale_signups").is_none());

    // The centre sees the counts in its district, never the people.
    let counts = format!("/api/v1/organisations/{}/stale-signup-counts", c.org);
    let text = c.app.get(&counts).by(&c.owner).await.text().await.unwrap();
    assert!(!text.contains(EMAIL) && !text.contains("Kari"), "{text}");
    let counted: Value = serde_json::from_str(&text).unwrap();
    let items = counted["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|i| i["stale_signups"] == 1), "{counted}");
    // The club is no centre, and others may not ask.
    let club_counts = format!("{club_path}/stale-signup-counts");
    c.app.get(&club_counts).by(&club_owner).problem(409).await;
    c.app.get(&counts).by(&club_owner).problem(403).await;
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
    c.app.move_signup(&c.owner, &signup, "accepted").expect(200).await;

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
    let audit = c.app.get("/api/v1/admin/audit-log?limit=100").by(&c.admin);
    let audit = audit.await.text().await.unwrap();
    let phone_digits: String = PHONE.chars().filter(char::is_ascii_digit).collect();
    for (what, text) in [("public responses", &public), ("audit log", &audit)] {
        assert!(!text.contains(EMAIL), "{what} contain the e-mail");
        assert!(!text.contains(PHONE) && !text.contains(&phone_digits), "{what} contain the phone");
        assert!(!text.contains(&token), "{what} contain the withdraw token");
    }
    // Withdraw, then check every log line written so far.
    let withdraw = format!("/api/v1/signups/by-token/{token}");
    assert_eq!(c.app.delete(&withdraw).await.status(), 204);
    let logged = logs::captured();
    assert!(logged.contains("signups"), "the log capture works");
    assert!(!logged.contains(EMAIL), "a log line contains the e-mail");
    assert!(
        !logged.contains(PHONE) && !logged.contains(&phone_digits),
        "a log line contains the phone"
    );
    assert!(!logged.contains(&token), "a log line contains the withdraw token");
}

/// The retention job, run with a clock we choose, erases only sign-ups whose opportunity
/// closed longer ago than the retention period.
#[tokio::test]
async fn retention_erases_only_what_has_expired() {
    let c = Centre::build().await;
    let market = json!({"title": "Julemarked", "district": "svelvik", "commitment": "one_off"});
    let closing = c.app.opportunity(&c.owner, c.org, &market).await;
    c.app.sign_up(closing, &kari()).await;
    c.sign_up(&kari()).await; // on the open opportunity
    // Close the first one now.
    let path = format!("/api/v1/volunteer-opportunities/{closing}");
    let close = json!({"status": "closed"});
    c.app.patch_current(&c.owner, &path, &close).expect(200).await;

    let retention = chrono::Duration::days(365);
    let now = chrono::Utc::now();
    let erased_after = |days: i64| {
        let later = now + chrono::Duration::days(days);
        fritid_server::retention::run_once(&c.app.store, retention, later)
    };
    // Eleven months later: nothing has expired.
    assert_eq!(erased_after(330).await.unwrap(), 0);
    // A year and a day later: only the closed opportunity's sign-up goes.
    assert_eq!(erased_after(366).await.unwrap(), 1);
    let list = c.signups().await;
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
    assert_eq!(erased_after(400).await.unwrap(), 0);
}

#[tokio::test]
async fn admins_can_export_and_erase_everything_about_an_address() {
    let c = Centre::build().await;
    c.sign_up(&kari()).await;
    let path = format!("/api/v1/admin/personal-data?email={EMAIL}");
    c.app.get(&path).by(&c.owner).problem(403).await;
    let export: Value = c.app.get(&path).by(&c.admin).await.json().await.unwrap();
    assert_eq!(export["signups"].as_array().unwrap().len(), 1);
    assert_eq!(export["signups"][0]["phone"], PHONE);
    assert_eq!(export["account"], Value::Null);

    let erase = c.app.delete(&path).by(&c.admin).await;
    let report: Value = erase.json().await.unwrap();
    assert_eq!(report["signups_erased"], 1);
    let export: Value = c.app.get(&path).by(&c.admin).await.json().await.unwrap();
    assert_eq!(export["signups"], json!([]));
}

#[tokio::test]
async fn opportunities_search_and_follow_their_organisation() {
    let c = Centre::build().await;
    let homework = json!({"title": "Leksehjelp i norsk", "district": "svelvik",
                          "commitment": "flexible", "skills": ["norsk"]});
    c.app.opportunity(&c.owner, c.org, &homework).await;
    let titles = |query: &str| {
        let path = format!("/api/v1/volunteer-opportunities{query}");
        c.app.get(&path).pluck("title")
    };
    let searches: &[(&str, &[&str])] = &[
        ("?q=sjåfør", &["Sjåfør til handletur for eldre"]),
        ("?skill=norsk", &["Leksehjelp i norsk"]),
        ("?skill=F%C3%B8rerkort", &["Sjåfør til handletur for eldre"]),
        ("?commitment=flexible&district=svelvik", &["Leksehjelp i norsk"]),
        ("?district=konnerud", &[]),
    ];
    for (query, expected) in searches {
        assert_eq!(titles(query).await, *expected, "{query}");
    }
    c.app
        .get("/api/v1/volunteer-opportunities?commitment=sometimes&status=full")
        .problem(422)
        .await;

    // Archiving the centre takes its opportunities out of public view, sign-ups refused.
    let archive = format!("/api/v1/organisations/{}", c.org);
    c.app.delete(&archive).by(&c.owner).expect(204).await;
    assert_eq!(titles("").await, Vec::<String>::new());
    let listing = format!("/api/v1/volunteer-opportunities/{}", c.opportunity);
    c.app.get(&listing).problem(404).await;
    c.sign_up(&kari()).problem(404).await;
}
