//! The signed-in pages where organisations keep their listings: registering an
//! organisation, creating and editing an activity with the schedule editor (no JavaScript),
//! publishing, copying to the next season — through the same use cases as the API, which
//! sees every change — and who may open what: members of another organisation get 404, a
//! form without the session's token gets 403 and changes nothing.

use fritid_tests::html::{h1, location};
use fritid_tests::{TestApp, TestUser};
use serde_json::Value;

/// Registers an organisation through `/min-side/organisasjoner/ny`: its page's path.
async fn register_organisation(app: &TestApp, owner: &TestUser, name: &str) -> String {
    let web = app.web_session(owner).await;
    let (status, headers, body) = web
        .post(
            "/min-side/organisasjoner/ny",
            &[
                ("name", name),
                ("kind", "association"),
                ("description", "Korps for barn og unge."),
                ("email", "post@korps.example.no"),
                ("districts", "konnerud"),
            ],
        )
        .await;
    assert_eq!(status, 303, "{body}");
    let path = location(&headers);
    assert!(path.starts_with("/min-side/organisasjoner/"), "{path}");
    path
}

/// A fresh app where Kari has registered Konnerud skolekorps: the app, Kari and the path of
/// her organisation's page.
async fn karis_organisation() -> (TestApp, TestUser, String) {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let path = register_organisation(&app, &owner, "Konnerud skolekorps").await;
    (app, owner, path)
}

fn organisation_id(path: &str) -> &str {
    path.rsplit('/').next().unwrap()
}

/// The fields of an activity with two weekly rules, the first with a holiday.
const ACTIVITY: [(&str, &str); 16] = [
    ("title", "Korpsøvelse for nybegynnere"),
    ("summary", "Lær å spille et instrument."),
    ("categories", "musikk"),
    ("district", "konnerud"),
    ("venue.name", "Konnerud skole"),
    ("age_min", "8"),
    ("age_max", "12"),
    ("price.amount_nok", "0"),
    ("price.free", "on"),
    ("schedule[0].weekdays", "tue"),
    ("schedule[0].start_time", "17:30"),
    ("schedule[0].end_time", "19:00"),
    ("schedule[0].valid_from", "2026-08-18"),
    ("schedule[0].except_dates", "2026-10-06"),
    ("schedule[1].weekdays", "thu"),
    ("schedule[1].start_time", "18:00"),
];

#[tokio::test]
async fn an_organisation_registered_on_the_page_waits_for_the_municipality() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let path = register_organisation(&app, &owner, "Konnerud skolekorps").await;
    let web = app.web_session(&owner).await;
    let html = web.page(&path).await;
    assert_eq!(h1(&html), "Konnerud skolekorps");
    assert!(html.contains("Venter på godkjenning"), "{html}");
    assert!(web.page("/min-side").await.contains("Konnerud skolekorps"));

    // The API sees the same organisation, pending, owned by Kari.
    let org = app
        .get(&format!("/api/v1/organisations/{}", organisation_id(&path)))
        .token(&owner.token)
        .expect(200)
        .await;
    assert_eq!(org["status"], "pending");
    assert_eq!(org["districts"], serde_json::json!(["konnerud"]));
}

#[tokio::test]
async fn a_refused_organisation_form_shows_every_error_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Kari").await;
    let web = app.web_session(&owner).await;
    let (status, _, html) = web
        .post(
            "/min-side/organisasjoner/ny",
            &[("name", "K"), ("kind", "association"), ("org_number", "123"), ("email", "nei")],
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(h1(&html).contains("Registrer en organisasjon"));
    for field in ["name", "org_number", "email"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "{field} in the summary");
        assert!(html.contains(&format!("id=\"{field}-feil\"")), "{field} has its message");
    }
    assert!(html.contains("value=\"123\""), "the typed number is kept");
    let mine = app.get("/api/v1/me").token(&owner.token).expect(200).await;
    assert_eq!(mine["memberships"], serde_json::json!([]), "nothing was registered");
}

#[tokio::test]
async fn an_activity_with_two_rules_and_a_holiday_is_made_published_and_found() {
    let (app, owner, org_path) = karis_organisation().await;
    let web = app.web_session(&owner).await;

    // "Add a rule" keeps what was typed and shows one more group.
    let (status, _, html) = web
        .post(
            &format!("{org_path}/aktiviteter/ny"),
            &[
                ("title", "Korpsøvelse"),
                ("schedule[0].start_time", "17:30"),
                ("action", "add_rule"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("value=\"Korpsøvelse\"") && html.contains("value=\"17:30\""));
    assert!(html.contains("name=\"schedule[1].start_time\""), "a second group");

    let mut fields = ACTIVITY.to_vec();
    fields.push(("schedule[1].end_time", "19:30"));
    fields.push(("schedule[1].valid_from", "2026-08-20"));
    let (status, headers, body) = web.post(&format!("{org_path}/aktiviteter/ny"), &fields).await;
    assert_eq!(status, 303, "{body}");
    let edit_path = location(&headers);
    let id = edit_path.rsplit('/').next().unwrap().to_owned();

    let activity =
        app.get(&format!("/api/v1/activities/{id}")).token(&owner.token).expect(200).await;
    assert_eq!(activity["status"], "draft");
    assert_eq!(activity["schedule"].as_array().unwrap().len(), 2);
    assert_eq!(activity["schedule"][0]["except_dates"], serde_json::json!(["2026-10-06"]));
    assert_eq!(activity["price"]["free"], true);
    assert_eq!(activity["age_min"], 8);
    let preview = web.page(&format!("{edit_path}/forhandsvisning")).await;
    assert!(preview.contains("Innbyggerne ser ikke aktiviteten ennå"), "a draft's preview says so");
    assert_eq!(h1(&preview), "Korpsøvelse for nybegynnere");

    // Published, then public once the municipality verifies the organisation.
    let (status, headers, _) = web.post(&format!("{edit_path}/publiser"), &[]).await;
    assert_eq!(status, 303);
    assert!(web.page(&location(&headers)).await.contains("Aktiviteten er publisert"));
    let admin = app.signed_in_admin().await;
    let org = organisation_id(&org_path);
    app.post(&format!("/api/v1/organisations/{org}/verify")).token(&admin.token).expect(200).await;
    let found = app.get("/api/v1/activities?q=korpsøvelse").expect(200).await;
    assert_eq!(found["items"][0]["id"], Value::String(id.clone()));
    let (status, _, html) = fritid_tests::html::page(&app, "/aktiviteter?q=korps%C3%B8velse").await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("/aktiviteter/{id}")), "the resident search finds it");
}

#[tokio::test]
async fn refused_activity_fields_are_shown_in_the_group_they_belong_to() {
    let (app, owner, org_path) = karis_organisation().await;
    let web = app.web_session(&owner).await;
    let (status, _, html) = web
        .post(
            &format!("{org_path}/aktiviteter/ny"),
            &[
                ("title", "Korps"),
                ("categories", "musikk"),
                ("district", "konnerud"),
                ("venue.name", "Skolen"),
                ("age_min", "åtte"),
                // An empty first group is no rule; the second has a bad time.
                ("schedule[1].weekdays", "tue"),
                ("schedule[1].start_time", "25:00"),
                ("schedule[1].end_time", "19:00"),
                ("schedule[1].valid_from", "2026-08-18"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("href=\"#age_min\""), "not a number");
    assert!(html.contains("href=\"#schedule[1].start_time\""), "the group on the page");
    assert!(html.contains("value=\"25:00\"") && html.contains("value=\"åtte\""));
    let list = app
        .get(&format!("/api/v1/organisations/{}/activities", organisation_id(&org_path)))
        .token(&owner.token)
        .expect(200)
        .await;
    assert_eq!(list["items"], serde_json::json!([]), "nothing was made");
}

#[tokio::test]
async fn copying_to_the_next_season_makes_a_draft_a_year_later() {
    let (app, owner, org_path) = karis_organisation().await;
    let web = app.web_session(&owner).await;
    let mut fields = ACTIVITY.to_vec();
    fields.truncate(14);
    let (_, headers, _) = web.post(&format!("{org_path}/aktiviteter/ny"), &fields).await;
    let edit_path = location(&headers);
    let (status, headers, _) = web.post(&format!("{edit_path}/kopier"), &[]).await;
    assert_eq!(status, 303);
    let copy_path = location(&headers);
    assert!(web.page(&copy_path).await.contains("kopi for neste sesong"));
    let copy_id = copy_path.split('?').next().unwrap().rsplit('/').next().unwrap();
    let copy =
        app.get(&format!("/api/v1/activities/{copy_id}")).token(&owner.token).expect(200).await;
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["schedule"][0]["valid_from"], "2027-08-18");
    assert_eq!(copy["schedule"][0]["except_dates"], serde_json::json!([]));
}

#[tokio::test]
async fn another_organisations_pages_do_not_exist_for_a_member() {
    let app = TestApp::spawn().await;
    let kari = app.signed_in_user("Kari").await;
    let ola = app.signed_in_user("Ola").await;
    let karis = register_organisation(&app, &kari, "Konnerud skolekorps").await;
    register_organisation(&app, &ola, "Åssiden IF").await;
    let kari_web = app.web_session(&kari).await;
    let (_, headers, _) = kari_web.post(&format!("{karis}/aktiviteter/ny"), &ACTIVITY[..14]).await;
    let activity = location(&headers);

    let ola_web = app.web_session(&ola).await;
    for path in [
        karis.clone(),
        format!("{karis}/rediger"),
        format!("{karis}/medlemmer"),
        format!("{karis}/aktiviteter/ny"),
        activity.clone(),
        format!("{activity}/forhandsvisning"),
    ] {
        let (status, _, _) = ola_web.get(&path).await;
        assert_eq!(status, 404, "{path}");
    }
    for path in [
        format!("{karis}/aktiviteter/ny"),
        format!("{karis}/rediger"),
        format!("{karis}/medlemmer"),
        format!("{activity}/publiser"),
    ] {
        let (status, _, _) = ola_web.post(&path, &[("title", "Kapret")]).await;
        assert_eq!(status, 404, "{path}");
    }
    let a = app
        .get(&format!("/api/v1/activities/{}", activity.rsplit('/').next().unwrap()))
        .token(&kari.token)
        .expect(200)
        .await;
    assert_eq!(a["status"], "draft", "Ola could not publish it");
}

#[tokio::test]
async fn forms_without_the_sessions_token_change_nothing() {
    let app = TestApp::spawn().await;
    let kari = app.signed_in_user("Kari").await;
    let web = app.web_session(&kari).await;
    for token in [None, Some("feil")] {
        let mut fields = vec![("name", "Konnerud skolekorps"), ("kind", "association")];
        if let Some(t) = token {
            fields.push(("csrf_token", t));
        }
        let (status, _, _) = web.post_raw("/min-side/organisasjoner/ny", &fields).await;
        assert_eq!(status, 403);
    }
    let mine = app.get("/api/v1/me").token(&kari.token).expect(200).await;
    assert_eq!(mine["memberships"], serde_json::json!([]));
    // Without a session, the pages send to the sign-in page.
    let (status, headers, _) = fritid_tests::html::post(
        &app,
        "/min-side/organisasjoner/ny",
        &[("name", "Konnerud skolekorps")],
    )
    .await;
    assert_eq!((status, location(&headers).as_str()), (303, "/logg-inn"));
}

/// Anyone can register with an address they do not hold: until it is confirmed, the
/// account must not learn which organisations invited it.
#[tokio::test]
async fn invitations_show_on_my_page_only_once_the_address_is_confirmed() {
    let (app, kari, org_path) = karis_organisation().await;
    let per = app.unconfirmed_user("Per").await;
    let kari_web = app.web_session(&kari).await;
    let members = format!("{org_path}/medlemmer");
    let (status, _, html) =
        kari_web.post(&members, &[("email", &per.email), ("role", "editor")]).await;
    assert_eq!(status, 200, "{html}");

    let per_web = app.web_session(&per).await;
    let mine = per_web.page("/min-side").await;
    assert!(mine.contains("ikke bekreftet"), "{mine}");
    assert!(!mine.contains("Konnerud skolekorps"), "an invitation shown too early: {mine}");
    app.confirm_email(&per.email).await;
    let mine = per_web.page("/min-side").await;
    assert!(mine.contains("Konnerud skolekorps, som redaktør"), "the open invitation: {mine}");
}

#[tokio::test]
async fn an_owner_invites_by_link_and_the_last_owner_cannot_leave() {
    let (app, kari, org_path) = karis_organisation().await;
    let ola = app.signed_in_user("Ola").await;
    let members = format!("{org_path}/medlemmer");
    let kari_web = app.web_session(&kari).await;

    // A refused address is shown again; a good one gives the link once.
    let (status, _, html) =
        kari_web.post(&members, &[("email", "ikke en adresse"), ("role", "editor")]).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#email\""), "{html}");
    let (status, _, html) =
        kari_web.post(&members, &[("email", &ola.email), ("role", "editor")]).await;
    assert_eq!(status, 200, "{html}");
    let start = html.find("/invitasjon?token=").expect("the link is shown");
    let link: String = html[start..].chars().take_while(|c| *c != '"').collect();

    // Someone else cannot use it; Ola can.
    let eva = app.signed_in_user("Eva").await;
    let eva_web = app.web_session(&eva).await;
    let token = link.split("token=").nth(1).unwrap();
    let (status, _, _) = eva_web.post("/invitasjon", &[("token", token)]).await;
    assert_eq!(status, 403);
    let ola_web = app.web_session(&ola).await;
    let mine = ola_web.page("/min-side").await;
    assert!(mine.contains("Konnerud skolekorps, som redaktør"), "the open invitation: {mine}");
    assert!(ola_web.page(&link).await.contains("Godta invitasjonen"));
    let (status, headers, _) = ola_web.post("/invitasjon", &[("token", token)]).await;
    assert_eq!((status, location(&headers)), (303, org_path.clone()));
    let list = kari_web.page(&members).await;
    assert!(list.contains(&ola.email) && list.contains("Redaktør"), "{list}");

    // An editor may not invite.
    let (status, _, _) =
        ola_web.post(&members, &[("email", "x@example.no"), ("role", "owner")]).await;
    assert_eq!(status, 403);

    // Kari is the only owner: leaving is refused and the page says why.
    let kari_id = kari.id.to_string();
    let (status, headers, _) = kari_web.post(&format!("{members}/{kari_id}"), &[]).await;
    assert_eq!(status, 303);
    assert!(kari_web.page(&location(&headers)).await.contains("minst én eier"));
    let me = app.get("/api/v1/me").token(&kari.token).expect(200).await;
    assert_eq!(me["memberships"][0]["role"], "owner", "Kari is still the owner");

    // Made owner, Ola lets Kari go.
    let ola_id = ola.id.to_string();
    kari_web.post(&format!("{members}/{ola_id}"), &[("role", "owner")]).await;
    let (status, headers, _) = kari_web.post(&format!("{members}/{kari_id}"), &[]).await;
    assert_eq!((status, location(&headers).as_str()), (303, "/min-side"));
    let (status, _, _) = kari_web.get(&org_path).await;
    assert_eq!(status, 404, "no longer a member");
}

#[tokio::test]
async fn editing_the_organisation_saves_at_once_until_verified_then_waits_for_the_municipality() {
    let (app, kari, org_path) = karis_organisation().await;
    let id = organisation_id(&org_path).to_owned();
    let web = app.web_session(&kari).await;
    let edit = format!("{org_path}/rediger");
    let form = web.page(&edit).await;
    let version = fritid_tests::html::hidden(&form, "version").unwrap();
    let fields = |name: &'static str, version: &str| {
        vec![
            ("name", name.to_owned()),
            ("kind", "association".to_owned()),
            ("description", "Korps for alle.".to_owned()),
            ("districts", "konnerud".to_owned()),
            ("version", version.to_owned()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let web = &web;
        let edit = edit.clone();
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            web.post(&edit, &f).await
        }
    };
    let (status, headers, _) = post(fields("Konnerud skolekorps og musikklag", &version)).await;
    assert_eq!(status, 303);
    assert!(web.page(&location(&headers)).await.contains("Endringene er lagret"));
    let org = app.get(&format!("/api/v1/organisations/{id}")).token(&kari.token).expect(200).await;
    assert_eq!(org["name"], "Konnerud skolekorps og musikklag");
    assert_eq!(org["description"], "Korps for alle.");

    // The version the form was made from is stale now: nothing is overwritten.
    let (status, _, html) = post(fields("Noe annet", &version)).await;
    assert_eq!(status, 412, "{html}");
    assert!(html.contains("Noen andre har endret"));

    let admin = app.signed_in_admin().await;
    app.post(&format!("/api/v1/organisations/{id}/verify")).token(&admin.token).expect(200).await;
    let version = fritid_tests::html::hidden(&web.page(&edit).await, "version").unwrap();
    let (status, _, _) = post(fields("Nytt navn", &version)).await;
    assert_eq!(status, 303);
    let public = app.get(&format!("/api/v1/organisations/{id}")).expect(200).await;
    assert_eq!(public["name"], "Konnerud skolekorps og musikklag", "a new name waits");
    assert!(web.page(&edit).await.contains("value=\"Nytt navn\""), "the form shows it");
}

#[tokio::test]
async fn signing_in_leads_back_to_the_page_that_asked_and_never_elsewhere() {
    let (app, kari, org_path) = karis_organisation().await;
    let (status, headers, _) = fritid_tests::html::page_with_headers(&app, &org_path).await;
    assert_eq!(status, 303);
    let login = location(&headers);
    assert!(login.starts_with("/logg-inn?neste=%2Fmin-side%2Forganisasjoner%2F"), "{login}");
    let (_, _, html) = fritid_tests::html::page(&app, &login).await;
    assert!(html.contains(&format!("name=\"neste\" value=\"{org_path}\"")), "{html}");

    for (next, lands) in [(org_path.as_str(), org_path.as_str()), ("//evil.example/", "/min-side")]
    {
        let (_, _, html) = fritid_tests::html::page(&app, "/logg-inn").await;
        let token = fritid_tests::html::hidden(&html, "csrf_token").unwrap();
        let fields = [
            ("csrf_token", token.as_str()),
            ("email", kari.email.as_str()),
            ("password", kari.password.as_str()),
            ("neste", next),
        ];
        let (status, headers, _) = fritid_tests::html::post(&app, "/logg-inn", &fields).await;
        assert_eq!((status, location(&headers).as_str()), (303, lands));
    }
}
