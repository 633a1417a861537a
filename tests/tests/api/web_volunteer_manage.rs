//! The signed-in pages where an organisation keeps its volunteer opportunities and answers
//! the sign-ups: an opportunity made and edited on the page is the API's, a sign-up made
//! through the API appears in the inbox and is moved on there (the API sees the change), and
//! who may open what: members of another organisation get 404, a form without the session's
//! token gets 403 and changes nothing.

use fritid_tests::html::{h1, hidden, location};
use fritid_tests::{TestApp, TestUser, World};
use serde_json::{Value, json};

const EMAIL: &str = "frivillig.kari.4412@example.no";

fn association(name: &str) -> Value {
    json!({"name": name, "kind": "association", "districts": ["svelvik"]})
}

/// The form of an opportunity with a weekly rule and a start time.
const DRIVERS: [(&str, &str); 14] = [
    ("title", "Sjåfør til handletur"),
    ("description", "Kjør eldre til butikken på torsdager."),
    ("district", "svelvik"),
    ("commitment", "recurring"),
    ("starts_at", "2026-09-03T10:00"),
    ("skills", "sjåfør, Førerkort"),
    ("min_age", "18"),
    ("spots", "2"),
    ("requires_police_certificate", "on"),
    ("status", "open"),
    ("schedule[0].weekdays", "thu"),
    ("schedule[0].start_time", "10:00"),
    ("schedule[0].end_time", "13:00"),
    ("schedule[0].valid_from", "2026-09-03"),
];

/// Makes the drivers opportunity through the page: its page's path and its id.
async fn make_opportunity(app: &TestApp, owner: &TestUser, org: uuid::Uuid) -> (String, String) {
    let web = app.web_session(owner).await;
    let (status, headers, body) =
        web.post(&format!("/min-side/organisasjoner/{org}/frivillig/ny"), &DRIVERS).await;
    assert_eq!(status, 303, "{body}");
    let path = location(&headers);
    assert!(path.starts_with("/min-side/frivillig/"), "{path}");
    let id = path.rsplit('/').next().unwrap().to_owned();
    (path, id)
}

fn kari() -> Value {
    json!({"name": "Kari Frivillig", "email": EMAIL, "phone": "+47 912 44 12 00",
           "message": "Jeg har bil og kan kjøre.", "consent": true, "age_confirmed": true})
}

/// A resident signs up for `opportunity` through the API: the sign-up's id and withdraw token.
async fn sign_up(app: &TestApp, opportunity: &str) -> (String, String) {
    let path = format!("/api/v1/volunteer-opportunities/{opportunity}/signups");
    let created = app.post(&path).json(&kari()).expect(201).await;
    let id = created["id"].as_str().unwrap().to_owned();
    (id, created["withdraw_token"].as_str().unwrap().to_owned())
}

/// Svelvik Røde Kors, an opportunity its owner made through the form (its page and id), and
/// Kari's sign-up to it (the sign-up's id).
async fn opportunity_with_a_signup() -> (World, (String, String), String) {
    let world = World::new(&association("Svelvik Røde Kors")).await;
    let (path, id) = make_opportunity(&world.app, &world.owner, world.org).await;
    let (signup, _) = sign_up(&world.app, &id).await;
    (world, (path, id), signup)
}

/// The organisation's sign-ups as its owner reads them in the API.
async fn signups(app: &TestApp, owner: &TestUser, org: uuid::Uuid) -> Value {
    app.get(&format!("/api/v1/organisations/{org}/signups")).by(owner).expect(200).await
}

#[tokio::test]
async fn an_opportunity_made_on_the_page_is_the_apis() {
    let World { app, owner, org, .. } = World::new(&association("Svelvik Røde Kors")).await;
    let web = app.web_session(&owner).await;
    let form = web.page(&format!("/min-side/organisasjoner/{org}/frivillig/ny")).await;
    assert_eq!(h1(&form), "Nytt frivillig oppdrag");
    for name in ["title", "commitment", "starts_at", "schedule[0].start_time", "spots", "status"] {
        assert!(form.contains(&format!("name=\"{name}\"")), "{name}");
    }

    let (path, id) = make_opportunity(&app, &owner, org).await;
    let o = app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(200).await;
    assert_eq!(o["title"], "Sjåfør til handletur");
    assert_eq!(o["commitment"], "recurring");
    // 10:00 in Oslo in September is 08:00 UTC.
    assert_eq!(o["starts_at"], "2026-09-03T08:00:00Z");
    assert_eq!(o["skills"], json!(["sjåfør", "førerkort"]));
    assert_eq!((o["min_age"].as_i64(), o["spots"].as_i64()), (Some(18), Some(2)));
    assert_eq!(o["requires_police_certificate"], true);
    assert_eq!(o["status"], "open");
    assert_eq!(o["schedule"][0]["weekdays"], json!(["thu"]));

    // Its page shows the stored values, in Oslo time; the organisation's page lists it.
    let html = web.page(&path).await;
    assert_eq!(h1(&html), "Rediger oppdraget");
    assert!(html.contains("value=\"2026-09-03T10:00\""), "the start as typed");
    assert!(html.contains("Ingen har meldt seg ennå"));
    let org_page = web.page(&format!("/min-side/organisasjoner/{org}")).await;
    assert!(org_page.contains(&format!("href=\"{path}\"")), "{org_page}");
    assert!(org_page.contains(&format!("/min-side/organisasjoner/{org}/frivillig/ny")));

    // Edited: the change is the API's, and the page says it was saved.
    let version = hidden(&html, "version").unwrap();
    let mut fields = DRIVERS.to_vec();
    fields[0] = ("title", "Sjåfør til handletur for eldre");
    fields[7] = ("spots", "");
    fields.push(("version", &version));
    let (status, headers, body) = web.post(&path, &fields).await;
    assert_eq!(status, 303, "{body}");
    assert!(web.page(&location(&headers)).await.contains("Endringene er lagret"));
    let o = app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(200).await;
    assert_eq!(o["title"], "Sjåfør til handletur for eldre");
    assert_eq!(o["spots"], Value::Null, "a blank field clears it");

    // The version the form was made from is no longer current: nothing is overwritten.
    fields[0] = ("title", "Gammel tittel");
    let (status, _, html) = web.post(&path, &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("Noen andre har endret oppdraget"), "{html}");
    let o = app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(200).await;
    assert_eq!(o["title"], "Sjåfør til handletur for eldre");

    // Deleted: gone from the API.
    let (status, headers, _) = web.post(&format!("{path}/slett"), &[]).await;
    assert_eq!((status, location(&headers)), (303, format!("/min-side/organisasjoner/{org}")));
    app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(404).await;
}

#[tokio::test]
async fn refused_fields_are_shown_in_norwegian_and_nothing_is_stored() {
    let World { app, owner, org, .. } = World::new(&association("Svelvik Røde Kors")).await;
    let web = app.web_session(&owner).await;
    let (status, _, html) = web
        .post(
            &format!("/min-side/organisasjoner/{org}/frivillig/ny"),
            &[
                ("title", "S"),
                ("district", "svelvik"),
                ("starts_at", "neste torsdag"),
                ("spots", "to"),
                ("min_age", "200"),
                ("status", "open"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(h1(&html).contains("Nytt frivillig oppdrag"));
    for field in ["title", "commitment", "starts_at", "spots", "min_age"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field} in the summary");
        assert!(html.contains(&format!("id=\"{field}-feil\"")), "{field} has its message");
    }
    assert!(html.contains("Skriv en tittel, 2–200 tegn."), "in Norwegian");
    assert!(html.contains("value=\"neste torsdag\"") && html.contains("value=\"to\""), "kept");
    let list = app
        .get(&format!("/api/v1/organisations/{org}/volunteer-opportunities"))
        .by(&owner)
        .expect(200)
        .await;
    assert_eq!(list["items"], json!([]), "nothing was made");
}

#[tokio::test]
async fn a_signup_is_answered_in_the_inbox_and_the_api_sees_it() {
    let (World { app, owner, org, .. }, (path, _), signup) = opportunity_with_a_signup().await;

    let web = app.web_session(&owner).await;
    let html = web.page(&path).await;
    assert!(html.contains(&format!("id=\"pamelding-{signup}\"")), "{html}");
    for shown in ["Kari Frivillig", EMAIL, "Jeg har bil og kan kjøre.", "Ny, ikke besvart"] {
        assert!(html.contains(shown), "{shown}");
    }
    assert!(!html.contains("Ubesvart i mer enn"), "not stale yet");
    let org_page = web.page(&format!("/min-side/organisasjoner/{org}")).await;
    assert!(org_page.contains("<td>1</td>"), "one unanswered sign-up: {org_page}");

    // Accepted, with the date the politiattest was seen.
    let action = format!("{path}/pameldinger/{signup}");
    let (status, headers, body) = web
        .post(&action, &[("status", "accepted"), ("police_certificate_seen_on", "2026-01-15")])
        .await;
    assert_eq!(status, 303, "{body}");
    let back = location(&headers);
    assert!(back.ends_with(&format!("#pamelding-{signup}")), "{back}");
    let html = web.page(&back).await;
    assert!(html.contains("Påmeldingen er oppdatert"));
    assert!(html.contains("Sett 15. januar 2026"), "{html}");
    let list = signups(&app, &owner, org).await;
    assert_eq!(list["items"][0]["status"], "accepted");
    assert_eq!(list["items"][0]["police_certificate_seen_on"], "2026-01-15");

    // A date in the future is refused, by the sign-up's form, and nothing changes.
    let (status, _, html) =
        web.post(&action, &[("police_certificate_seen_on", "2999-01-01")]).await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!("href=\"#pamelding-{signup}-attest\"")), "{html}");
    assert!(html.contains("ikke er frem i tid"));
    let list = signups(&app, &owner, org).await;
    assert_eq!(list["items"][0]["police_certificate_seen_on"], "2026-01-15");
    // Neither status nor date: a message, not an error page.
    let (status, _, html) = web.post(&action, &[("status", "")]).await;
    assert_eq!(status, 422);
    assert!(html.contains(&format!("href=\"#pamelding-{signup}-status\"")));
}

#[tokio::test]
async fn unanswered_and_withdrawn_signups_are_shown_as_such() {
    let World { app, owner, org, .. } =
        World::spawn_with(|c| c.stale_signup_days = 0, &association("Svelvik Røde Kors")).await;
    let (path, id) = make_opportunity(&app, &owner, org).await;
    let (stale, _) = sign_up(&app, &id).await;
    let (gone, token) = sign_up(&app, &id).await;
    app.delete(&format!("/api/v1/signups/by-token/{token}")).expect(204).await;

    let web = app.web_session(&owner).await;
    let html = web.page(&path).await;
    let item = |signup: &str| {
        let at = html.find(&format!("id=\"pamelding-{signup}\"")).unwrap();
        let start = html[..at].rfind("<li").unwrap();
        let end = start + html[start..].find("</li>").unwrap();
        html[start..end].to_owned()
    };
    let stale = item(&stale);
    assert!(stale.contains("signup-stale") && stale.contains("Ubesvart i mer enn 0 dager"));
    let gone = item(&gone);
    assert!(gone.contains("har trukket seg"), "{gone}");
    assert!(!gone.contains("Kari") && !gone.contains(EMAIL), "no personal data: {gone}");
    assert!(!gone.contains("<form"), "nothing to answer");
}

#[tokio::test]
async fn another_organisations_opportunity_does_not_exist_for_a_member() {
    let (World { app, owner, admin, org }, (path, id), signup) = opportunity_with_a_signup().await;
    let ola = app.signed_in_user("Ola").await;
    app.verified_organisation(&ola, &admin, &association("Svelvik båtforening")).await;

    let ola_web = app.web_session(&ola).await;
    for page in [path.clone(), format!("/min-side/organisasjoner/{org}/frivillig/ny")] {
        let (status, _, _) = ola_web.get(&page).await;
        assert_eq!(status, 404, "{page}");
    }
    for (action, fields) in [
        (format!("{path}/pameldinger/{signup}"), vec![("status", "declined")]),
        (path.clone(), vec![("title", "Kapret")]),
        (format!("{path}/slett"), vec![]),
        (format!("/min-side/organisasjoner/{org}/frivillig/ny"), DRIVERS.to_vec()),
    ] {
        let (status, _, _) = ola_web.post(&action, &fields).await;
        assert_eq!(status, 404, "{action}");
    }
    let list = signups(&app, &owner, org).await;
    assert_eq!(list["items"][0]["status"], "new", "Ola could not answer it");
    let o = app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(200).await;
    assert_eq!(o["title"], "Sjåfør til handletur");
}

#[tokio::test]
async fn an_admin_who_is_not_a_member_sees_the_opportunity_but_not_its_volunteers() {
    let (World { app, owner, admin, org }, (path, _), signup) = opportunity_with_a_signup().await;

    let web = app.web_session(&admin).await;
    let html = web.page(&path).await;
    assert!(html.contains("Sjåfør til handletur"), "the admin may edit it: {html}");
    assert!(html.contains("bare organisasjonens medlemmer ser"), "{html}");
    for hidden in ["Kari Frivillig", EMAIL, "Jeg har bil og kan kjøre.", &signup] {
        assert!(!html.contains(hidden), "{hidden} shown to an admin");
    }
    let org_page = web.page(&format!("/min-side/organisasjoner/{org}")).await;
    assert!(org_page.contains("Sjåfør til handletur"), "{org_page}");
    assert!(!org_page.contains("<td>1</td>"), "no count of sign-ups: {org_page}");
    assert!(org_page.contains("bare organisasjonens medlemmer ser"), "{org_page}");

    let (status, _, _) =
        web.post(&format!("{path}/pameldinger/{signup}"), &[("status", "declined")]).await;
    assert_eq!(status, 404, "the sign-up does not exist for them");
    let list = signups(&app, &owner, org).await;
    assert_eq!(list["items"][0]["status"], "new", "the admin could not answer it");
}

#[tokio::test]
async fn forms_without_the_sessions_token_change_nothing() {
    let (World { app, owner, org, .. }, (path, id), signup) = opportunity_with_a_signup().await;
    let web = app.web_session(&owner).await;
    for token in [None, Some("feil")] {
        let with = |mut fields: Vec<(&'static str, &'static str)>| {
            if let Some(t) = token {
                fields.push(("csrf_token", t));
            }
            fields
        };
        for (action, fields) in [
            (format!("{path}/pameldinger/{signup}"), with(vec![("status", "accepted")])),
            (path.clone(), with(vec![("title", "Endret uten token")])),
            (format!("{path}/slett"), with(vec![])),
            (format!("/min-side/organisasjoner/{org}/frivillig/ny"), with(DRIVERS.to_vec())),
        ] {
            let (status, _, _) = web.post_raw(&action, &fields).await;
            assert_eq!(status, 403, "{action}");
        }
    }
    let list = signups(&app, &owner, org).await;
    assert_eq!(list["items"][0]["status"], "new");
    let o = app.get(&format!("/api/v1/volunteer-opportunities/{id}")).by(&owner).expect(200).await;
    assert_eq!(o["title"], "Sjåfør til handletur");
    let all = app
        .get(&format!("/api/v1/organisations/{org}/volunteer-opportunities"))
        .by(&owner)
        .expect(200)
        .await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1, "no second one was made");
}

#[tokio::test]
async fn a_volunteer_centre_sees_the_unanswered_counts_of_its_districts() {
    let centre = json!({"name": "Svelvik frivilligsentral", "kind": "volunteer_centre",
                        "districts": ["svelvik"]});
    let World { app, owner, admin, org } =
        World::spawn_with(|c| c.stale_signup_days = 0, &centre).await;
    let club_owner = app.signed_in_user("Club").await;
    let club = association("Svelvik båtforening");
    let club = app.verified_organisation(&club_owner, &admin, &club).await;
    let (_, opportunity) = make_opportunity(&app, &club_owner, club).await;
    sign_up(&app, &opportunity).await;

    let web = app.web_session(&owner).await;
    let html = web.page(&format!("/min-side/organisasjoner/{org}")).await;
    assert!(html.contains("Ubesvarte påmeldinger i bydelene deres"), "{html}");
    let start = html.find("Ubesvarte påmeldinger i bydelene deres").unwrap();
    let counts = &html[start..];
    assert!(counts.contains("<td>Svelvik båtforening</td><td>1</td>"), "{counts}");
    assert!(!html.contains("Kari") && !html.contains(EMAIL), "counts only");

    // An association sees no such counts.
    let club_web = app.web_session(&club_owner).await;
    let html = club_web.page(&format!("/min-side/organisasjoner/{club}")).await;
    assert!(!html.contains("i bydelene deres"));
}

#[tokio::test]
async fn accepting_past_the_last_spot_is_refused_with_a_message() {
    let World { app, owner, org, .. } = World::new(&association("Svelvik Røde Kors")).await;
    let web = app.web_session(&owner).await;
    let mut fields = DRIVERS.to_vec();
    fields[7] = ("spots", "1");
    let (status, headers, _) =
        web.post(&format!("/min-side/organisasjoner/{org}/frivillig/ny"), &fields).await;
    assert_eq!(status, 303);
    let path = location(&headers);
    let id = path.rsplit('/').next().unwrap().to_owned();
    let (first, _) = sign_up(&app, &id).await;
    let (second, _) = sign_up(&app, &id).await;
    let accept = [("status", "accepted")];
    let (status, _, _) = web.post(&format!("{path}/pameldinger/{first}"), &accept).await;
    assert_eq!(status, 303);
    let (status, _, html) = web.post(&format!("{path}/pameldinger/{second}"), &accept).await;
    assert_eq!(status, 422);
    assert!(html.contains("Alle plassene er tatt"), "{html}");
    assert!(html.contains(&format!("id=\"pamelding-{second}-status-feil\"")));
    let list = signups(&app, &owner, org).await;
    let statuses: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&(first.as_str(), "accepted")), "{list}");
    assert!(statuses.contains(&(second.as_str(), "new")), "{list}");
}
