//! The municipality's pages (`/admin…`): the verification queue (verify, reject with a
//! reason), every organisation, the audit log, and the kommunedeler and categories — through
//! the same use cases as the API, which sees every change; and the coverage table, which
//! counts what the API counts. For anyone but an admin none of
//! them exist (404); a form without the session's token is 403 and changes nothing.

use fritid_tests::html::{h1, hidden, links, location, table_rows};
use fritid_tests::{TestApp, TestUser};
use serde_json::{Value, json};
use uuid::Uuid;

fn org_body(name: &str) -> Value {
    json!({
        "name": name,
        "kind": "association",
        "description": "Korps for barn og unge.",
        "email": "post@korps.example.no",
        "districts": ["konnerud"],
    })
}

async fn status_of(app: &TestApp, admin: &TestUser, org: Uuid) -> Value {
    app.get(&format!("/api/v1/organisations/{org}")).by(admin).expect(200).await
}

/// The version the page's item form for `slug` carries.
fn item_version(html: &str, action: &str) -> String {
    let action = format!("action=\"{action}\"");
    let start = html.find(&action).unwrap_or_else(|| panic!("no form for {action}"));
    hidden(&html[start..], "version").unwrap()
}

/// What the refused requests of these tests tried, not done: the organisation still
/// pending, Konnerud neither renamed nor retired, no district `lier`, no category `klatring`.
async fn assert_nothing_changed(app: &TestApp, admin: &TestUser, org: Uuid) {
    assert_eq!(status_of(app, admin, org).await["status"], "pending");
    let konnerud = app.get("/api/v1/districts/konnerud").expect(200).await;
    assert_ne!(konnerud["name"], "Overtatt");
    assert_eq!(konnerud["retired"], false);
    app.get("/api/v1/districts/lier").problem(404).await;
    app.get("/api/v1/categories/klatring").problem(404).await;
}

/// An admin, and one organisation of Kari's waiting for verification.
struct Scene {
    app: TestApp,
    owner: TestUser,
    admin: TestUser,
    org: Uuid,
}

async fn scene() -> Scene {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let admin = app.signed_in_admin().await;
    let org = app.organisation(&owner, &org_body("Konnerud skolekorps")).await;
    Scene { app, owner, admin, org }
}

#[tokio::test]
async fn nobody_but_an_admin_finds_any_admin_page() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let org = app.organisation(&owner, &org_body("Konnerud skolekorps")).await;
    let web = app.web_session(&owner).await;
    let (_, _, not_found) = web.get("/finnes-ikke").await;
    for path in [
        "/admin",
        "/admin/organisasjoner",
        "/admin/logg",
        "/admin/bydeler",
        "/admin/kategorier",
        "/admin/dekning",
    ] {
        let (status, _, html) = web.get(path).await;
        assert_eq!(status, 404, "GET {path}");
        assert_eq!(h1(&html), h1(&not_found), "GET {path}: the same 404 page");
    }
    let token = web.token().await;
    let posts = [
        (format!("/admin/organisasjoner/{org}/godkjenn"), vec![]),
        (format!("/admin/organisasjoner/{org}/avvis"), vec![("reason", "Nei")]),
        ("/admin/bydeler".to_owned(), vec![("slug", "lier"), ("code", "11"), ("name", "Lier")]),
        ("/admin/bydeler/konnerud".to_owned(), vec![("name", "Overtatt"), ("retired", "on")]),
        ("/admin/kategorier".to_owned(), vec![("slug", "klatring"), ("name", "Klatring")]),
        ("/admin/kategorier/musikk".to_owned(), vec![("name", "Overtatt")]),
    ];
    for (path, fields) in posts {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend(fields);
        let (status, _, _) = web.post_raw(&path, &all).await;
        assert_eq!(status, 404, "POST {path}");
    }
    // Nothing changed.
    let admin = app.signed_in_admin().await;
    assert_nothing_changed(&app, &admin, org).await;
}

#[tokio::test]
async fn the_queue_lists_waiting_organisations_oldest_first_with_what_they_entered() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let admin = app.signed_in_admin().await;
    let first = app.organisation(&owner, &org_body("Først registrert")).await;
    let second = app.organisation(&owner, &org_body("Sist registrert")).await;
    let verified = app.verified_organisation(&owner, &admin, &org_body("Allerede godkjent")).await;

    let web = app.web_session(&admin).await;
    let html = web.page("/admin").await;
    assert_eq!(h1(&html), "Organisasjoner til godkjenning");
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} in {html}"));
    assert!(at("Først registrert") < at("Sist registrert"), "oldest first");
    assert!(!html.contains("Allerede godkjent"), "a verified one without changes does not wait");
    assert!(html.contains("post@korps.example.no") && html.contains("Korps for barn og unge."));
    assert!(html.contains("Konnerud"), "its districts by name");
    for org in [first, second] {
        assert!(html.contains(&format!("action=\"/admin/organisasjoner/{org}/godkjenn\"")));
        assert!(html.contains(&format!("action=\"/admin/organisasjoner/{org}/avvis\"")));
    }
    assert!(links(&web.page("/min-side").await, "/admin").contains(&String::new()));
    let owner_web = app.web_session(&owner).await;
    assert!(links(&owner_web.page("/min-side").await, "/admin").is_empty());
    for path in [
        "/admin/organisasjoner",
        "/admin/logg",
        "/admin/bydeler",
        "/admin/kategorier",
        "/admin/dekning",
    ] {
        assert!(links(&html, path).contains(&String::new()), "a link to {path}");
    }

    // A verified organisation that changes its name waits again, with the change shown.
    let path = format!("/api/v1/organisations/{verified}");
    let etag = app.etag(&owner, &path).await;
    let renamed = json!({"name": "Nytt navn på laget"});
    app.patch(&path).by(&owner).if_match(&etag).json(&renamed).expect(200).await;
    let html = web.page("/admin").await;
    assert!(html.contains("Allerede godkjent") && html.contains("Nytt navn på laget"), "{html}");
    assert!(html.contains("Godkjenn endringene"));
    let (status, headers, _) =
        web.post(&format!("/admin/organisasjoner/{verified}/godkjenn"), &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/admin?melding=godkjent");
    let org = status_of(&app, &admin, verified).await;
    assert_eq!(
        (org["status"].as_str(), org["name"].as_str()),
        (Some("verified"), Some("Nytt navn på laget"))
    );
}

#[tokio::test]
async fn verifying_on_the_page_makes_the_organisation_public() {
    let Scene { app, admin, org, .. } = scene().await;
    let web = app.web_session(&admin).await;

    let (status, headers, body) =
        web.post(&format!("/admin/organisasjoner/{org}/godkjenn"), &[]).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location(&headers), "/admin?melding=godkjent");
    let html = web.page(&location(&headers)).await;
    assert!(html.contains("Godkjent."), "the notice");
    assert!(!html.contains("Konnerud skolekorps"), "no longer waiting");

    // Public now, in the API without a token, and listed as verified with its public page.
    let public = app.get(&format!("/api/v1/organisations/{org}")).expect(200).await;
    assert_eq!(public["status"], "verified");
    let list = web.page("/admin/organisasjoner?status=verified").await;
    assert!(list.contains("Konnerud skolekorps"));
    assert!(links(&list, "/organisasjoner/").contains(&org.to_string()));
    let pending = web.page("/admin/organisasjoner?status=pending").await;
    assert!(!pending.contains("Konnerud skolekorps"));
    assert!(pending.contains("Ingen organisasjoner har denne statusen."));

    // The audit log has it, newest first, with who did it.
    let log = web.page("/admin/logg").await;
    let verify = log.find("organisation.verify").expect("the verification is logged");
    let create = log.find("organisation.create").expect("the registration is logged");
    assert!(verify < create, "newest first");
    assert!(log.contains(&format!("Admin ({})", admin.email)), "the admin by name");
}

#[tokio::test]
async fn the_log_is_filtered_to_one_organisation_and_paged() {
    let Scene { app, owner, admin, org } = scene().await;
    app.organisation(&owner, &org_body("Annet lag")).await;
    let web = app.web_session(&admin).await;
    web.post(&format!("/admin/organisasjoner/{org}/godkjenn"), &[]).await;

    // The organisation list links to its log, which has only its entries.
    let list = web.page("/admin/organisasjoner").await;
    let only = format!("/admin/logg?resource_type=organisation&#38;resource_id={org}");
    assert!(list.contains(&format!("href=\"{only}\"")), "{list}");
    let log = web.page(&only.replace("&#38;", "&")).await;
    assert!(log.contains("organisation.verify") && log.contains("Konnerud skolekorps"));
    assert!(!log.contains("Annet lag"), "{log}");
    let all = web.page("/admin/logg?resource_type=organisation").await;
    assert!(all.contains("Annet lag") && all.contains("Konnerud skolekorps"));
    let none = web.page("/admin/logg?resource_type=category").await;
    assert!(none.contains("Ingen endringer å vise."));

    // A malformed id is named in the error summary.
    let (status, _, html) = web.get("/admin/logg?resource_id=nei").await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#resource_id\"") && html.contains("id=\"resource_id-feil\""));

    // The next page continues where the first ended, with the same filter.
    for n in 0..55 {
        let fields =
            [("slug", format!("d{n}")), ("code", format!("D{n}")), ("name", format!("Bydel {n}"))];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(web.post("/admin/bydeler", &fields).await.0, 303);
    }
    let first = web.page("/admin/logg?resource_type=district").await;
    let next = fritid_tests::html::next_link(&first).expect("a next page");
    assert!(next.starts_with("/admin/logg?resource_type=district&cursor="), "{next}");
    let second = web.page(&next).await;
    let entry = |n: u32| format!("created district d{n} ");
    assert!(first.contains(&entry(54)) && first.contains(&entry(5)) && !first.contains(&entry(4)));
    assert!(
        second.contains(&entry(4)) && second.contains(&entry(0)) && !second.contains(&entry(5))
    );
    assert!(fritid_tests::html::next_link(&second).is_none());
}

#[tokio::test]
async fn rejecting_needs_a_reason_which_the_organisation_then_sees() {
    let Scene { app, admin, org, .. } = scene().await;
    let web = app.web_session(&admin).await;
    let path = format!("/admin/organisasjoner/{org}/avvis");

    let (status, _, html) = web.post(&path, &[("reason", "   ")]).await;
    assert_eq!(status, 422, "{html}");
    assert!(h1(&html).contains("Organisasjoner til godkjenning"));
    assert!(html.contains(&format!("href=\"#reason-{org}\"")), "the summary links to the field");
    assert!(html.contains(&format!("id=\"reason-{org}-feil\"")), "the field has its message");
    assert!(html.contains(&format!("aria-describedby=\"reason-{org}-hjelp reason-{org}-feil\"")));
    assert!(html.contains("Skriv en begrunnelse for å avvise Konnerud skolekorps."));
    assert_eq!(status_of(&app, &admin, org).await["status"], "pending", "nothing changed");

    let reason = "Vi fant ikke organisasjonen i Enhetsregisteret.";
    let (status, headers, _) = web.post(&path, &[("reason", reason)]).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/admin?melding=avvist");
    let org = status_of(&app, &admin, org).await;
    assert_eq!(org["status"], "rejected");
    assert_eq!(org["rejection_reason"], reason);
}

#[tokio::test]
async fn a_form_without_the_sessions_token_changes_nothing() {
    let Scene { app, admin, org, .. } = scene().await;
    let web = app.web_session(&admin).await;
    let html = web.page("/admin/bydeler").await;
    let version = item_version(&html, "/admin/bydeler/konnerud");
    let posts = [
        (format!("/admin/organisasjoner/{org}/godkjenn"), vec![]),
        (format!("/admin/organisasjoner/{org}/avvis"), vec![("reason", "Nei")]),
        ("/admin/bydeler".to_owned(), vec![("slug", "lier"), ("code", "11"), ("name", "Lier")]),
        (
            "/admin/bydeler/konnerud".to_owned(),
            vec![("name", "Overtatt"), ("retired", "on"), ("version", version.as_str())],
        ),
        ("/admin/kategorier".to_owned(), vec![("slug", "klatring"), ("name", "Klatring")]),
    ];
    for (path, fields) in posts {
        let (status, _, _) = web.post_raw(&path, &fields).await;
        assert_eq!(status, 403, "POST {path} without a token");
        let mut wrong = vec![("csrf_token", "feil")];
        wrong.extend(fields.iter().copied());
        let (status, _, _) = web.post_raw(&path, &wrong).await;
        assert_eq!(status, 403, "POST {path} with a wrong token");
    }
    assert_nothing_changed(&app, &admin, org).await;
}

#[tokio::test]
async fn a_district_is_added_renamed_and_retired_on_the_page() {
    let Scene { app, owner, admin, org } = scene().await;
    let web = app.web_session(&admin).await;

    // Refused fields are named in Norwegian, with what was typed kept.
    let (status, _, html) =
        web.post("/admin/bydeler", &[("slug", "Lier Øst"), ("code", ""), ("name", "Lier")]).await;
    assert_eq!(status, 422, "{html}");
    assert_eq!(h1(&html), "Bydeler");
    assert!(html.contains("<title>Rett opp skjemaet: Bydeler"), "the title says so");
    for field in ["slug", "code"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field} in the summary");
        assert!(html.contains(&format!("id=\"{field}-feil\"")), "{field} has its message");
    }
    assert!(html.contains("Koden må være 1–8 bokstaver A–Z eller tall."));
    assert!(html.contains("value=\"Lier Øst\""), "what was typed is kept");
    app.get("/api/v1/districts/lier").problem(404).await;

    let fields = [("slug", "lier"), ("code", "11"), ("name", "Lier"), ("short_name", "")];
    let (status, headers, body) = web.post("/admin/bydeler", &fields).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location(&headers), "/admin/bydeler?melding=lagt-til");
    let lier = app.get("/api/v1/districts/lier").expect(200).await;
    assert_eq!((lier["name"].as_str(), lier["code"].as_str()), (Some("Lier"), Some("11")));
    // A taken slug is refused on its field.
    let (status, _, html) = web.post("/admin/bydeler", &fields).await;
    assert_eq!(status, 409);
    assert!(html.contains("Adressenavnet er allerede i bruk."));

    // Renamed: the slug stays.
    let html = web.page("/admin/bydeler").await;
    let version = item_version(&html, "/admin/bydeler/lier");
    let rename = [("name", "Lier og Sylling"), ("version", version.as_str())];
    let (status, headers, _) = web.post("/admin/bydeler/lier", &rename).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/admin/bydeler?melding=lagret");
    let lier = app.get("/api/v1/districts/lier").expect(200).await;
    assert_eq!(
        (lier["slug"].as_str(), lier["name"].as_str()),
        (Some("lier"), Some("Lier og Sylling"))
    );
    assert_eq!(lier["retired"], false);

    // The same form again, from the old version: refused, nothing overwritten.
    let stale = [("name", "Gammelt navn"), ("version", version.as_str())];
    let (status, _, html) = web.post("/admin/bydeler/lier", &stale).await;
    assert_eq!(status, 409, "{html}");
    assert!(html.contains("href=\"#name-lier\"") && html.contains("Noen andre har endret dette"));
    let lier = app.get("/api/v1/districts/lier").expect(200).await;
    assert_eq!(lier["name"], "Lier og Sylling");

    // An empty name is refused on the item's field.
    let html = web.page("/admin/bydeler").await;
    let version = item_version(&html, "/admin/bydeler/lier");
    let (status, _, html) =
        web.post("/admin/bydeler/lier", &[("name", ""), ("version", version.as_str())]).await;
    assert_eq!(status, 422);
    assert!(html.contains("id=\"name-lier-feil\"") && html.contains("Skriv navnet, 1–200 tegn."));

    // The activity form offers it, until it is retired.
    let form = format!("/min-side/organisasjoner/{org}/aktiviteter/ny");
    let owner_web = app.web_session(&owner).await;
    let offered = "name=\"district\" value=\"lier\"";
    assert!(owner_web.page(&form).await.contains(offered));
    let retire = [("name", "Lier og Sylling"), ("retired", "on"), ("version", version.as_str())];
    let (status, _, _) = web.post("/admin/bydeler/lier", &retire).await;
    assert_eq!(status, 303);
    let lier = app.get("/api/v1/districts/lier").expect(200).await;
    assert_eq!(lier["retired"], true);
    assert!(!owner_web.page(&form).await.contains(offered), "retired: no longer offered");
    assert!(owner_web.page(&form).await.contains("name=\"district\" value=\"konnerud\""));

    // Restored: offered again.
    let html = web.page("/admin/bydeler").await;
    let version = item_version(&html, "/admin/bydeler/lier");
    let restore = [("name", "Lier og Sylling"), ("version", version.as_str())];
    let (status, _, _) = web.post("/admin/bydeler/lier", &restore).await;
    assert_eq!(status, 303);
    assert_eq!(app.get("/api/v1/districts/lier").expect(200).await["retired"], false);
    assert!(owner_web.page(&form).await.contains(offered));
}

#[tokio::test]
async fn a_category_is_added_under_a_parent_and_renamed_on_the_page() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    let web = app.web_session(&admin).await;
    let html = web.page("/admin/kategorier").await;
    assert_eq!(h1(&html), "Kategorier");

    let (status, _, html) = web
        .post(
            "/admin/kategorier",
            &[("slug", "klatring"), ("name", "Klatring"), ("parent", "finnes-ikke")],
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("href=\"#parent\"") && html.contains("id=\"parent-feil\""));

    let fields = [("slug", "klatring"), ("name", "Klatring"), ("parent", "idrett")];
    let (status, headers, body) = web.post("/admin/kategorier", &fields).await;
    assert_eq!(status, 303, "{body}");
    assert_eq!(location(&headers), "/admin/kategorier?melding=lagt-til");
    let klatring = app.get("/api/v1/categories/klatring").expect(200).await;
    assert_eq!(
        (klatring["name"].as_str(), klatring["parent"].as_str()),
        (Some("Klatring"), Some("idrett"))
    );

    let html = web.page("/admin/kategorier").await;
    let version = item_version(&html, "/admin/kategorier/klatring");
    let rename = [("name", "Klatring og buldring"), ("version", version.as_str())];
    let (status, _, _) = web.post("/admin/kategorier/klatring", &rename).await;
    assert_eq!(status, 303);
    let klatring = app.get("/api/v1/categories/klatring").expect(200).await;
    assert_eq!(klatring["slug"], "klatring");
    assert_eq!(klatring["name"], "Klatring og buldring");
    assert_eq!(klatring["parent"], "idrett", "the parent is kept");
}

/// The API's count in `cells` (of `GET /api/v1/stats/coverage`) for a district and/or a
/// target group (`Value::Null`: names none).
fn api_count(cells: &Value, district: Option<&str>, group: Option<&Value>) -> String {
    let found = cells["items"].as_array().unwrap().iter().find(|c| {
        district.is_none_or(|d| c["district"] == d) && group.is_none_or(|g| &c["target_group"] == g)
    });
    found.unwrap_or_else(|| panic!("{district:?} {group:?} in {cells}"))["count"].to_string()
}

#[tokio::test]
async fn the_coverage_table_counts_what_the_api_counts_and_marks_every_gap() {
    let app = TestApp::with_demo_data().await;
    let admin = app.signed_in_admin().await;
    let web = app.web_session(&admin).await;
    let districts: Value = app.get("/api/v1/districts").expect(200).await;
    let groups = ["children", "youth", "adults", "seniors", "families", "disabilities"]
        .map(Value::from)
        .into_iter()
        .chain([Value::Null])
        .collect::<Vec<_>>();
    for (free, api_free) in
        [("", ""), ("true", "&free=true"), ("1", "&free=true"), ("false", "&free=false")]
    {
        let html = web.page(&format!("/admin/dekning?free={free}")).await;
        let api = |group_by: &str| {
            app.get(&format!("/api/v1/stats/coverage?group_by={group_by}{api_free}"))
        };
        let both = api("district,target_group").expect(200).await;
        let own = api("district").expect(200).await;
        let whole = api("target_group").expect(200).await;
        let rows = table_rows(&html);
        let header: Vec<&str> = rows[0].iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(header[..3], ["Bydel", "Alle målgrupper", "Barn"], "{free}");
        assert_eq!(header.len(), 2 + groups.len(), "a column per group and one for none");
        let items = districts["items"].as_array().unwrap();
        assert_eq!(rows.len(), 1 + items.len() + 1, "a line per district, and the sum");
        let mut marked = 0;
        for (d, row) in items.iter().zip(&rows[1..]) {
            let slug = d["slug"].as_str().unwrap();
            assert_eq!(row[0].0, d["name"].as_str().unwrap(), "districts in the order of codes");
            let mut expected = vec![api_count(&own, Some(slug), None)];
            expected.extend(groups.iter().map(|g| api_count(&both, Some(slug), Some(g))));
            let shown: Vec<&str> = row[1..].iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(shown, expected, "{slug} free={free}");
            for (n, gap) in &row[1..] {
                assert_eq!(*gap, n == "0", "{slug}: a 0 and only a 0 is marked");
                marked += usize::from(*gap);
            }
        }
        assert!(marked > 0, "the demo data leaves gaps");
        let sum = rows.last().unwrap();
        assert_eq!(sum[0].0, "Hele kommunen");
        let mut expected = vec![whole["total"].to_string()];
        expected.extend(groups.iter().map(|g| api_count(&whole, None, Some(g))));
        let shown: Vec<&str> = sum[1..].iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(shown, expected, "free={free}");
        assert!(sum[1..].iter().all(|(n, gap)| *gap == (n == "0")), "free={free}: the sum's too");
        assert_ne!(expected[0], "0", "free={free}: the demo data has some");
    }
    let (status, _, _) = web.get("/admin/dekning?free=kanskje").await;
    assert_eq!(status, 400, "not a choice the page offers");
}

#[tokio::test]
async fn a_district_taken_out_of_use_leaves_the_coverage_table_once_nothing_is_offered_there() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    let web = app.web_session(&admin).await;
    let lier = json!({"slug": "lier", "code": "11", "name": "Lier"});
    app.post("/api/v1/admin/districts").by(&admin).json(&lier).expect(201).await;
    let line = |html: &str| table_rows(html).into_iter().find(|r| r[0].0 == "Lier");
    let row = line(&web.page("/admin/dekning").await).expect("a new district has its line");
    assert!(row[1..].iter().all(|(n, gap)| n == "0" && *gap), "nothing offered: all marked");

    let retire = json!({"retired": true});
    app.patch("/api/v1/admin/districts/lier")
        .by(&admin)
        .if_match("*")
        .json(&retire)
        .expect(200)
        .await;
    assert!(line(&web.page("/admin/dekning").await).is_none(), "retired with nothing: gone");

    let konnerud = "Konnerud og Skoger vest";
    let owner = app.signed_in_user("Kari").await;
    let org = app.verified_organisation(&owner, &admin, &org_body("Konnerud skolekorps")).await;
    let korps = json!({"title": "Korpsøving", "categories": ["musikk"], "district": "konnerud",
        "venue": {"name": "Konnerud skole"},
        "schedule": [{"weekdays": ["tue"], "start_time": "17:00", "end_time": "18:00",
                      "valid_from": "2026-08-17"}]});
    app.published_activity(&owner, org, &korps).await;
    let retire_path = "/api/v1/admin/districts/konnerud";
    app.patch(retire_path).by(&admin).if_match("*").json(&retire).expect(200).await;
    let rows = table_rows(&web.page("/admin/dekning").await);
    let row = rows.iter().find(|r| r[0].0 == konnerud).expect("still offered there: kept");
    assert_eq!(row[1].0, "1");
}
