//! The pages e-mail leads to: `/bekreft-epost` confirms an address only when its button is
//! pressed (a mail scanner opening the link changes nothing), a used link says so, and an
//! unconfirmed account is sent to `/min-side`, which explains and sends the link again.

use fritid_tests::html::{hidden, location, page, post};
use fritid_tests::{TestApp, link_token};
use serde_json::Value;

async fn email_verified(app: &TestApp, user: &fritid_tests::TestUser) -> bool {
    let me: Value = app.get("/api/v1/me").by(user).expect(200).await;
    me["email_verified"].as_bool().unwrap()
}

#[tokio::test]
async fn the_link_confirms_only_when_its_button_is_pressed_and_only_once() {
    let app = TestApp::spawn().await;
    let user = app.unconfirmed_user("Kari").await;
    let token = app.confirmation_token(&user.email).await;
    let path = format!("/bekreft-epost?token={token}");

    let (status, _, html) = page(&app, &path).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(hidden(&html, "token").as_deref(), Some(token.as_str()));
    assert!(!email_verified(&app, &user).await, "opening the link changes nothing");

    let csrf = hidden(&html, "csrf_token").unwrap();
    let (status, _, _) = post(&app, "/bekreft-epost", &[("token", &token)]).await;
    assert_eq!(status, 403, "without the form's token nothing happens");
    assert!(!email_verified(&app, &user).await);

    let fields = [("csrf_token", csrf.as_str()), ("token", token.as_str())];
    let (status, _, html) = post(&app, "/bekreft-epost", &fields).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("E-postadressen er bekreftet"), "{html}");
    assert!(email_verified(&app, &user).await);

    let (status, _, html) = post(&app, "/bekreft-epost", &fields).await;
    assert_eq!(status, 404, "a used link");
    assert!(html.contains("Lenken er brukt eller for gammel"), "{html}");
}

#[tokio::test]
async fn an_unconfirmed_account_is_sent_to_its_page_which_sends_the_link_again() {
    let app = TestApp::spawn().await;
    let user = app.unconfirmed_user("Kari").await;
    let web = app.web_session(&user).await;

    for (status, headers) in [
        web.get("/min-side/organisasjoner/ny").await,
        web.post("/min-side/organisasjoner/ny", &[("name", "Konnerud IL")]).await,
    ]
    .map(|(status, headers, _)| (status, headers))
    {
        assert_eq!(status, 303);
        assert_eq!(location(&headers), "/min-side#bekreft-epost");
    }
    let mine = web.page("/min-side").await;
    assert!(mine.contains("id=\"bekreft-epost\""), "the page explains");

    let before = app.outbox_to(&user.email).await.len();
    let (status, headers, _) = web.post("/min-side/bekreft-epost", &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/min-side?sendt=ja#bekreft-epost");
    assert_eq!(app.outbox_to(&user.email).await.len(), before + 1, "one new link");
    let (status, _, _) = web.post_raw("/min-side/bekreft-epost", &[("csrf_token", "feil")]).await;
    assert_eq!(status, 403);
    assert_eq!(app.outbox_to(&user.email).await.len(), before + 1, "nothing more sent");

    app.confirm_email(&user.email).await;
    let mine = web.page("/min-side").await;
    assert!(!mine.contains("id=\"bekreft-epost\""), "confirmed: nothing to say");
    let (status, _, _) = web.get("/min-side/organisasjoner/ny").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn when_an_address_has_had_its_links_both_pages_say_to_use_the_newest() {
    let app = TestApp::spawn().await;
    let user = app.unconfirmed_user("Kari").await;
    let web = app.web_session(&user).await;
    for _ in 0..3 {
        let (_, headers, _) = web.post("/min-side/bekreft-epost", &[]).await;
        assert_eq!(location(&headers), "/min-side?sendt=ja#bekreft-epost");
    }
    let (status, headers, _) = web.post("/min-side/bekreft-epost", &[]).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/min-side?sendt=vent#bekreft-epost");
    let mine = web.page("/min-side?sendt=vent").await;
    assert!(mine.contains("Bruk den nyeste"), "{mine}");
    assert!(mine.contains("action=\"/min-side/bekreft-epost\""), "the button is still there");
    assert!(!web.page("/min-side").await.contains("Bruk den nyeste"), "only when it happened");

    let (_, _, html) = page(&app, "/glemt-passord").await;
    let csrf = hidden(&html, "csrf_token").unwrap();
    let fields = [("csrf_token", csrf.as_str()), ("email", user.email.as_str())];
    let (status, headers, html) = post(&app, "/glemt-passord", &fields).await;
    assert_eq!(status, 429, "{html}");
    assert!(headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() > 0);
    assert!(html.contains("id=\"email-feil\"") && html.contains("Bruk den nyeste"), "{html}");
    assert!(html.contains(&format!("value=\"{}\"", user.email)), "the address is kept");
    let resets =
        app.outbox_to(&user.email).await.into_iter().filter(|m| m.kind == "password_reset");
    assert_eq!(resets.count(), 0);
}

#[tokio::test]
async fn a_new_password_is_chosen_through_the_emailed_link_once() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;

    let (status, _, html) = page(&app, "/glemt-passord").await;
    assert_eq!(status, 200, "{html}");
    let csrf = hidden(&html, "csrf_token").unwrap();
    let (status, _, _) = post(&app, "/glemt-passord", &[("email", &user.email)]).await;
    assert_eq!(status, 403, "without the form's token nothing is sent");
    // Known and unknown addresses get the same page.
    let nobody = [("csrf_token", csrf.as_str()), ("email", "finnes.ikke@example.no")];
    let (status, _, unknown) = post(&app, "/glemt-passord", &nobody).await;
    assert_eq!(status, 200);
    let known = [("csrf_token", csrf.as_str()), ("email", user.email.as_str())];
    let (status, _, sent) = post(&app, "/glemt-passord", &known).await;
    assert_eq!(status, 200);
    assert_eq!(unknown, sent, "the same answer whether or not the address has an account");
    assert!(sent.contains("Hvis adressen har en konto"), "{sent}");

    let message =
        app.outbox_to(&user.email).await.into_iter().rev().find(|m| m.kind == "password_reset");
    let token = link_token(&message.expect("a reset message").body_text, "/nytt-passord");
    let (status, _, html) = page(&app, &format!("/nytt-passord?token={token}")).await;
    assert_eq!(status, 200, "{html}");
    let csrf = hidden(&html, "csrf_token").unwrap();

    let weak = [("csrf_token", csrf.as_str()), ("token", token.as_str()), ("password", "kort")];
    let (status, _, html) = post(&app, "/nytt-passord", &weak).await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("id=\"password-feil\""), "the password field says why");

    let new_password = "et nytt og langt passord";
    let good =
        [("csrf_token", csrf.as_str()), ("token", token.as_str()), ("password", new_password)];
    let (status, headers, _) = post(&app, "/nytt-passord", &good).await;
    assert_eq!(status, 303);
    assert_eq!(location(&headers), "/logg-inn?nytt-passord=ja");
    assert_eq!(app.login(&user.email, new_password).await.status(), 200);
    assert_eq!(app.login(&user.email, &user.password).await.status(), 401);

    let (status, _, html) = post(&app, "/nytt-passord", &good).await;
    assert_eq!(status, 404, "a used link");
    assert!(html.contains("Lenken er brukt eller for gammel"), "{html}");
}
