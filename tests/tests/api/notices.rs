//! The notices of issue 14 and the scheduled messages: an invitation e-mailed with the link
//! that accepts it; a new sign-up noticed to the organisation (its address, else its
//! owners) with a receipt to the volunteer whose link withdraws it; accepted and declined
//! told to the volunteer; the reminder of unanswered sign-ups after the configured days,
//! once; the weekly summary for verified volunteer centres, counts only, once a week from
//! Monday 07:00 Europe/Oslo. Each message is written once for its event; the jobs run at a
//! time the test chooses.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Europe::Oslo;
use fritid_tests::{OutboxRow, TestApp, TestUser, World, link_token, logs};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::volunteering::Centre;

const PASSWORD: &str = "korrekt hest batteri stift";

/// An address of this test's own (the captured log is the whole binary's).
fn address(who: &str) -> String {
    format!("{who}-{}@example.no", Uuid::new_v4().simple())
}

fn opportunity() -> Value {
    json!({"title": "Leksehjelp på biblioteket", "description": "Hjelp elever med lekser.",
           "district": "svelvik", "commitment": "recurring", "skills": ["matte"]})
}

/// A volunteer's sign-up with a name, address and phone of its own.
fn volunteer(name: &str, email: &str) -> Value {
    json!({"name": name, "email": email, "phone": "+47 915 55 01 23",
           "message": "Jeg er lærer.", "consent": true, "age_confirmed": true})
}

/// The messages of `kind` to `email`.
async fn messages(app: &TestApp, email: &str, kind: &str) -> Vec<OutboxRow> {
    app.outbox_to(email).await.into_iter().filter(|m| m.kind == kind).collect()
}

/// The one message of `kind` to `email`.
async fn only(app: &TestApp, email: &str, kind: &str) -> OutboxRow {
    let mut found = messages(app, email, kind).await;
    assert_eq!(found.len(), 1, "{kind} to {email}: {found:#?}");
    found.remove(0)
}

/// Every message of `kind`, to anyone.
async fn all_of(app: &TestApp, kind: &str) -> usize {
    let sql = format!("SELECT id FROM outbox WHERE kind = '{kind}'");
    app.query_sql(&sql).await.len()
}

/// A confirmed, signed-in account at `email`.
async fn account(app: &TestApp, email: &str, name: &str) -> TestUser {
    assert_eq!(app.register(email, PASSWORD, name).await.status(), 201);
    app.confirm_email(email).await;
    let tokens: Value = app.login(email, PASSWORD).await.json().await.unwrap();
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    let me = app.get("/api/v1/me").token(&token).expect(200).await;
    TestUser {
        id: fritid_tests::id(&me),
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        token,
        refresh_token: tokens["refresh_token"].as_str().unwrap().to_owned(),
    }
}

/// `by` invites `email` to `org` as `role`: the token the API gives back.
async fn invite(app: &TestApp, org: Uuid, by: &TestUser, email: &str, role: &str) -> String {
    let path = format!("/api/v1/organisations/{org}/invitations");
    let body = json!({"email": email, "role": role});
    let created = app.post(&path).by(by).json(&body).expect(201).await;
    created["token"].as_str().unwrap().to_owned()
}

/// A message's body has `link` in both parts, as an anchor in the HTML.
fn carries(message: &OutboxRow, link: &str) {
    assert!(message.body_text.contains(link), "{link} in {}", message.body_text);
    let anchor = format!("<a href=\"{link}");
    assert!(message.body_html.contains(&anchor), "{link} in {}", message.body_html);
}

#[tokio::test]
async fn an_invitation_is_emailed_once_and_its_link_accepts_it() {
    let w = World::new(&json!({"name": "Konnerud IL", "kind": "association",
                               "districts": ["konnerud"]}))
    .await;
    let email = address("invitert");
    let token = invite(&w.app, w.org, &w.owner, &email, "editor").await;

    let message = only(&w.app, &email, "invitation").await;
    assert!(message.subject.contains("Konnerud IL"), "{}", message.subject);
    assert!(message.body_text.contains("redaktør"), "{}", message.body_text);
    carries(&message, &format!("{}/invitasjon?token=", w.app.address));
    let linked = link_token(&message.body_text, "/invitasjon");
    assert_eq!(linked, token, "the e-mailed link is the invitation the API returned");
    assert_eq!(link_token(&message.body_html, "/invitasjon"), token);
    // The page the link opens exists.
    let page = w.app.get(&format!("/invitasjon?token={linked}")).send().await;
    assert_ne!(page.status(), 404);

    let invited = account(&w.app, &email, "Invitert Person").await;
    let accept = format!("/api/v1/invitations/{linked}/accept");
    w.app.post(&accept).by(&invited).expect(200).await;
    let members = w.app.get(&w.org_path("members")).by(&w.owner).expect(200).await;
    assert!(members.to_string().contains(&invited.id.to_string()), "{members}");
    // Still one invitation message.
    assert_eq!(messages(&w.app, &email, "invitation").await.len(), 1);
}

#[tokio::test]
async fn a_signup_notifies_the_organisation_and_gives_a_receipt_whose_link_withdraws() {
    let club = address("post");
    let w = World::new(&json!({"name": "Svelvik Røde Kors", "kind": "association",
                               "districts": ["svelvik"], "email": club}))
    .await;
    let opportunity = w.app.opportunity(&w.owner, w.org, &opportunity()).await;
    let kari = address("kari");
    let created = w.app.sign_up(opportunity, &volunteer("Kari Frivillig", &kari)).expect(201).await;
    let withdraw_token = created["withdraw_token"].as_str().unwrap().to_owned();

    // To the organisation's own address (not its owner): the opportunity and the inbox,
    // nothing about the volunteer.
    let notice = only(&w.app, &club, "signup_notice").await;
    assert!(messages(&w.app, &w.owner.email, "signup_notice").await.is_empty());
    assert!(notice.body_text.contains("Leksehjelp på biblioteket"), "{}", notice.body_text);
    let inbox = format!("{}/min-side/frivillig/{opportunity}", w.app.address);
    carries(&notice, &inbox);
    let inbox_page = w.app.get(&format!("/min-side/frivillig/{opportunity}")).send().await;
    assert_ne!(inbox_page.status(), 404);
    for personal in ["Kari Frivillig", kari.as_str(), "915 55 01 23", "Jeg er lærer"] {
        assert!(!notice.body_text.contains(personal), "{personal} in {}", notice.body_text);
        assert!(!notice.body_html.contains(personal), "{personal} in {}", notice.body_html);
    }

    // To the volunteer: a receipt with the withdraw link, which works.
    let receipt = only(&w.app, &kari, "signup_receipt").await;
    assert!(receipt.body_text.contains("Hei, Kari Frivillig!"), "{}", receipt.body_text);
    assert!(receipt.body_text.contains("Svelvik Røde Kors"), "{}", receipt.body_text);
    carries(&receipt, &format!("{}/frivillig/trekk-tilbake?token=", w.app.address));
    let token = link_token(&receipt.body_text, "/frivillig/trekk-tilbake");
    assert_eq!(token, withdraw_token);
    assert_eq!(link_token(&receipt.body_html, "/frivillig/trekk-tilbake"), token);
    let page = w.app.get(&format!("/frivillig/trekk-tilbake?token={token}")).send().await;
    assert_eq!(page.status(), 200);
    w.app.delete(&format!("/api/v1/signups/by-token/{token}")).expect(204).await;
    w.app.delete(&format!("/api/v1/signups/by-token/{token}")).problem(404).await;

    // A refused sign-up (invalid) writes nothing.
    let mut invalid = volunteer("Ola", &address("ola"));
    invalid["consent"] = json!(false);
    w.app.sign_up(opportunity, &invalid).problem(422).await;
    assert_eq!(all_of(&w.app, "signup_notice").await, 1);
    assert_eq!(all_of(&w.app, "signup_receipt").await, 1);

    // The log names kinds and ids, never the addresses or the token.
    let logged = logs::captured();
    for secret in [club.as_str(), kari.as_str(), token.as_str()] {
        let leaks: Vec<&str> = logged.lines().filter(|l| l.contains(secret)).collect();
        assert!(leaks.is_empty(), "{leaks:#?}");
    }
}

#[tokio::test]
async fn an_organisation_without_an_address_is_reached_through_each_owner() {
    let w = World::new(&json!({"name": "Tangen vel", "kind": "association",
                               "districts": ["svelvik"]}))
    .await;
    let (second, editor) = (address("eier2"), address("redaktor"));
    for (email, role) in [(&second, "owner"), (&editor, "editor")] {
        let token = invite(&w.app, w.org, &w.owner, email, role).await;
        let user = account(&w.app, email, "Medlem").await;
        w.app.post(&format!("/api/v1/invitations/{token}/accept")).by(&user).expect(200).await;
    }
    let opportunity = w.app.opportunity(&w.owner, w.org, &opportunity()).await;
    w.app.sign_up(opportunity, &volunteer("Kari", &address("kari"))).expect(201).await;

    let inbox = format!("{}/min-side/frivillig/{opportunity}", w.app.address);
    carries(&only(&w.app, &w.owner.email, "signup_notice").await, &inbox);
    carries(&only(&w.app, &second, "signup_notice").await, &inbox);
    assert!(messages(&w.app, &editor, "signup_notice").await.is_empty());
    assert_eq!(all_of(&w.app, "signup_notice").await, 2);
}

#[tokio::test]
async fn accepted_and_declined_are_told_to_the_volunteer_and_contacted_is_not() {
    let w = World::new(&json!({"name": "Sande IF", "kind": "association",
                               "districts": ["svelvik"], "email": address("post")}))
    .await;
    let opportunity = w.app.opportunity(&w.owner, w.org, &opportunity()).await;
    let (kari, ola) = (address("kari"), address("ola"));
    let a = w.app.sign_up(opportunity, &volunteer("Kari", &kari)).expect(201).await;
    let b = w.app.sign_up(opportunity, &volunteer("Ola", &ola)).expect(201).await;
    let (a, b) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());

    w.app.move_signup(&w.owner, a, "contacted").expect(200).await;
    assert!(messages(&w.app, &kari, "signup_answered").await.is_empty());
    w.app.move_signup(&w.owner, a, "accepted").expect(200).await;
    let accepted = only(&w.app, &kari, "signup_answered").await;
    assert!(accepted.subject.starts_with("Du er tatt imot"), "{}", accepted.subject);
    assert!(accepted.body_text.contains("Sande IF har takket ja"), "{}", accepted.body_text);
    assert!(accepted.body_text.contains("Leksehjelp på biblioteket"));
    // Accepted again is no change: nothing more.
    w.app.move_signup(&w.owner, a, "accepted").expect(200).await;
    assert_eq!(messages(&w.app, &kari, "signup_answered").await.len(), 1);

    w.app.move_signup(&w.owner, b, "declined").expect(200).await;
    let declined = only(&w.app, &ola, "signup_answered").await;
    assert!(declined.body_text.contains("ikke plass"), "{}", declined.body_text);
    carries(&declined, &format!("{}/frivillig", w.app.address));
    assert_eq!(all_of(&w.app, "signup_answered").await, 2);
}

#[tokio::test]
async fn unanswered_signups_are_reminded_once_after_the_configured_days() {
    let club = address("post");
    let w = World::spawn_with(
        |c| c.stale_signup_days = 3,
        &json!({"name": "Berger IL", "kind": "association", "districts": ["svelvik"],
                "email": club}),
    )
    .await;
    let opportunity = w.app.opportunity(&w.owner, w.org, &opportunity()).await;
    let answered = w.app.sign_up(opportunity, &volunteer("Per", &address("per"))).expect(201);
    let answered = answered.await["id"].as_str().unwrap().to_owned();
    for name in ["Kari", "Ola"] {
        w.app.sign_up(opportunity, &volunteer(name, &address(name))).expect(201).await;
    }
    w.app.move_signup(&w.owner, &answered, "contacted").expect(200).await;
    let start = Utc::now();

    // Not before three days.
    assert_eq!(w.app.app.remind_unanswered_signups(start + Duration::days(2)).await.unwrap(), 0);
    assert!(messages(&w.app, &club, "signup_reminder").await.is_empty());

    let due = start + Duration::days(3) + Duration::minutes(1);
    assert_eq!(w.app.app.remind_unanswered_signups(due).await.unwrap(), 1);
    let reminder = only(&w.app, &club, "signup_reminder").await;
    assert!(
        reminder.body_text.contains("«Leksehjelp på biblioteket»: 2 påmeldinger"),
        "{}",
        reminder.body_text
    );
    assert!(reminder.body_text.contains("3 dager"), "{}", reminder.body_text);
    carries(&reminder, &format!("{}/min-side/frivillig/{opportunity}", w.app.address));
    for personal in ["Kari", "Ola", "915 55 01 23"] {
        assert!(!reminder.body_text.contains(personal), "{}", reminder.body_text);
    }

    // Once: later passes, and two at once, send nothing more for them.
    assert_eq!(w.app.app.remind_unanswered_signups(due + Duration::days(1)).await.unwrap(), 0);
    w.app.sign_up(opportunity, &volunteer("Eva", &address("eva"))).expect(201).await;
    let later = Utc::now() + Duration::days(4);
    let (one, two) = tokio::join!(
        w.app.app.remind_unanswered_signups(later),
        w.app.app.remind_unanswered_signups(later)
    );
    assert_eq!(one.unwrap() + two.unwrap(), 1, "two passes at once remind once");
    let reminders = messages(&w.app, &club, "signup_reminder").await;
    assert_eq!(reminders.len(), 2);
    assert!(
        reminders[1].body_text.contains(": 1 påmelding uten svar"),
        "{}",
        reminders[1].body_text
    );
    assert_eq!(w.app.app.remind_unanswered_signups(later).await.unwrap(), 0);
    assert_eq!(all_of(&w.app, "signup_reminder").await, 2);
}

/// 07:00 Europe/Oslo on the first Monday more than `days_ahead` days from now.
fn monday_seven(days_ahead: i64) -> DateTime<Utc> {
    let day = (Utc::now() + Duration::days(days_ahead)).with_timezone(&Oslo).date_naive();
    let monday = day + Duration::days(7 - i64::from(day.weekday().num_days_from_monday()));
    monday.and_hms_opt(7, 0, 0).unwrap().and_local_timezone(Oslo).unwrap().to_utc()
}

#[tokio::test]
async fn the_weekly_summary_goes_to_verified_centres_once_a_week_with_counts_only() {
    let c = Centre::with_opportunity(|cfg| cfg.stale_signup_days = 3, &opportunity()).await;
    let app = &c.app;
    // A club in the centre's district, with an opportunity there; a second centre, not yet
    // verified.
    let club_owner = app.signed_in_user("Klubb").await;
    let club = json!({"name": "Svelvik båtforening", "kind": "association",
                      "districts": ["svelvik"]});
    let club = app.verified_organisation(&club_owner, &c.admin, &club).await;
    let boats = app.opportunity(&club_owner, club, &opportunity()).await;
    let pending_owner = app.signed_in_user("Ny sentral").await;
    let pending = json!({"name": "Ny frivilligsentral", "kind": "volunteer_centre",
                         "districts": ["svelvik"]});
    app.organisation(&pending_owner, &pending).await;
    let (kari, ola, per) = (address("kari"), address("ola"), address("per"));
    app.sign_up(c.opportunity, &volunteer("Kari Frivillig", &kari)).expect(201).await;
    app.sign_up(boats, &volunteer("Ola Frivillig", &ola)).expect(201).await;
    let answered = app.sign_up(boats, &volunteer("Per Frivillig", &per)).expect(201).await;
    app.move_signup(&club_owner, answered["id"].as_str().unwrap(), "accepted").expect(200).await;

    let seven = monday_seven(3);
    let summaries = |now| async move { app.app.send_weekly_summaries(now).await.unwrap() };
    assert_eq!(summaries(seven - Duration::seconds(1)).await, 0, "not before Monday 07:00");
    assert_eq!(all_of(app, "weekly_summary").await, 0);
    assert_eq!(summaries(seven).await, 1);
    let summary = only(app, &c.owner.email, "weekly_summary").await;
    assert!(summary.body_text.contains("Hei, Svelvik frivilligsentral!"), "{}", summary.body_text);
    assert!(summary.body_text.contains("Svelvik: 2\n"), "{}", summary.body_text);
    assert!(summary.body_text.contains("Totalt: 2."), "{}", summary.body_text);
    carries(&summary, &format!("{}/min-side", app.address));
    let week = seven.with_timezone(&Oslo).iso_week().week();
    assert!(summary.subject.contains(&format!("uke {week}")), "{}", summary.subject);
    for personal in ["Kari", "Ola", "Per", &kari, &ola, &per, "915 55 01 23", "lærer"] {
        assert!(!summary.body_text.contains(personal), "{personal}: {}", summary.body_text);
        assert!(!summary.body_html.contains(personal), "{personal}: {}", summary.body_html);
    }
    // Only the verified centre.
    assert!(messages(app, &club_owner.email, "weekly_summary").await.is_empty());
    assert!(messages(app, &pending_owner.email, "weekly_summary").await.is_empty());

    // Once a week: later in the week, and two runs at once, send nothing more.
    assert_eq!(summaries(seven + Duration::minutes(5)).await, 0);
    let sunday = seven + Duration::days(6) + Duration::hours(16);
    let (one, two) = tokio::join!(summaries(sunday), summaries(sunday));
    assert_eq!(one + two, 0);
    assert_eq!(all_of(app, "weekly_summary").await, 1);
    // The next week's, once, even when two nodes run it at once.
    let next = seven + Duration::days(7) + Duration::hours(3);
    let (one, two) = tokio::join!(summaries(next), summaries(next));
    assert_eq!(one + two, 1, "two runs at once send the week's summary once");
    assert_eq!(messages(app, &c.owner.email, "weekly_summary").await.len(), 2);
}
