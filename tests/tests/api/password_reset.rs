//! Password reset: one answer for every address and a link only to an account's, a link
//! that works once for 30 minutes (only its hash kept), a new password under the rules of
//! registration, and a reset that ends every session and token the account had.

use chrono::{DateTime, Utc};
use fritid_tests::html::location;
use fritid_tests::{Limit, TestApp, TestUser, error_fields, limited, link_token, logs};
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "et helt nytt og langt passord";

async fn request(app: &TestApp, email: &str) -> reqwest::Response {
    app.post("/api/v1/auth/password-reset").json(&json!({"email": email})).await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    let body = json!({"token": token, "password": password});
    app.post("/api/v1/auth/password-reset/confirm").json(&body).await
}

/// The fields a refused reset names.
async fn refused(app: &TestApp, token: &str, password: &str) -> Vec<String> {
    let body = json!({"token": token, "password": password});
    let problem = app.post("/api/v1/auth/password-reset/confirm").json(&body).problem(422).await;
    error_fields(&problem)
}

/// The reset messages in `email`'s outbox.
async fn reset_messages(app: &TestApp, email: &str) -> Vec<fritid_tests::OutboxRow> {
    let all = app.outbox_to(email).await;
    all.into_iter().filter(|m| m.kind == "password_reset").collect()
}

/// Asks for a reset of `email`'s password and returns the token of the link e-mailed.
async fn reset_token(app: &TestApp, email: &str) -> String {
    assert_eq!(request(app, email).await.status(), 202);
    let messages = reset_messages(app, email).await;
    let newest = messages.last().expect("a reset link was e-mailed");
    link_token(&newest.body_text, "/nytt-passord")
}

#[tokio::test]
async fn every_address_gets_the_same_answer_and_only_an_account_gets_a_link() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;

    let known = request(&app, &user.email.to_uppercase()).await;
    let unknown = request(&app, "ingen-konto@example.no").await;
    assert_eq!((known.status().as_u16(), unknown.status().as_u16()), (202, 202));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert!(app.outbox_to("ingen-konto@example.no").await.is_empty());

    let messages = reset_messages(&app, &user.email).await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert_eq!(message.subject, "Nytt passord hos Fritid");
    assert!(message.body_text.contains("Hei, Kari!"), "{}", message.body_text);
    assert!(message.body_text.contains("30 minutter"), "{}", message.body_text);
    let token = message.link_token(&app.address, "/nytt-passord");

    // Only the token's hash is kept, and it works for 30 minutes.
    let sql = "SELECT token_hash, created_at, expires_at FROM email_tokens WHERE purpose = 'reset'";
    let stored = app.query_sql(sql).await;
    assert_eq!(stored.len(), 1);
    let hash: String = stored[0].try_get("", "token_hash").unwrap();
    assert_eq!(hash.len(), 64);
    assert_ne!(hash, token);
    let created: DateTime<Utc> = stored[0].try_get("", "created_at").unwrap();
    let expires: DateTime<Utc> = stored[0].try_get("", "expires_at").unwrap();
    assert_eq!((expires - created).num_minutes(), 30);

    let problem = request(&app, "ikke en adresse").await;
    let problem = fritid_tests::assert_problem(problem, 422).await;
    assert_eq!(error_fields(&problem), ["email"]);
}

/// Whether `user`'s access token still opens `/api/v1/me`.
async fn access_works(app: &TestApp, user: &TestUser) -> bool {
    let status = app.get("/api/v1/me").by(user).await.status().as_u16();
    assert!(status == 200 || status == 401, "{status}");
    status == 200
}

#[tokio::test]
async fn a_link_resets_once_and_ends_every_session_and_token() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let browser = app.web_session(&user).await;
    assert_eq!(browser.get("/min-side").await.0, 200);
    let token = reset_token(&app, &user.email).await;
    // Asking is not resetting: everything still works until the link is used.
    assert!(access_works(&app, &user).await);

    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 204);
    assert_eq!(refused(&app, &token, "nok et nytt langt passord").await, ["token"]);

    assert_eq!(app.login(&user.email, &user.password).await.status(), 401);
    assert_eq!(app.login(&user.email, NEW_PASSWORD).await.status(), 200);
    assert!(!access_works(&app, &user).await, "an access token from before the reset");
    let old_refresh = json!({"refresh_token": user.refresh_token});
    app.post("/api/v1/auth/refresh").json(&old_refresh).problem(401).await;
    let (status, headers, _) = browser.get("/min-side").await;
    assert_eq!((status, location(&headers)), (303, "/logg-inn".to_owned()));
}

#[tokio::test]
async fn a_refused_password_keeps_the_token_and_a_reset_confirms_the_address() {
    let app = TestApp::spawn().await;
    // Registered, never confirmed: the reset link reaches the address all the same.
    let email = "ola@example.no";
    assert_eq!(app.register(email, "korrekt hest batteri stift", "Ola").await.status(), 201);
    let token = reset_token(&app, email).await;

    assert_eq!(refused(&app, &token, "kort").await, ["password"]);
    assert_eq!(refused(&app, &token, "passord123").await, ["password"]);
    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 204);

    let tokens: Value = app.login(email, NEW_PASSWORD).await.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let me = app.get("/api/v1/me").token(access).expect(200).await;
    assert_eq!(me["email_verified"], true);
}

#[tokio::test]
async fn an_expired_unknown_or_other_token_is_refused() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let token = reset_token(&app, &user.email).await;
    // Half an hour later, as far as the token knows.
    app.execute_sql(
        "UPDATE email_tokens SET expires_at = '2000-01-01T00:00:00+00:00' WHERE purpose = 'reset'",
    )
    .await;
    assert_eq!(refused(&app, &token, NEW_PASSWORD).await, ["token"]);
    assert_eq!(refused(&app, "ukjent", NEW_PASSWORD).await, ["token"]);
    assert_eq!(refused(&app, "ukjent", "kort").await, ["token", "password"]);

    // A confirmation link's token sets no password.
    assert_eq!(app.register("eva@example.no", NEW_PASSWORD, "Eva").await.status(), 201);
    let confirmation = app.confirmation_token("eva@example.no").await;
    assert_eq!(refused(&app, &confirmation, "nok et nytt langt passord").await, ["token"]);
    assert_eq!(app.login(&user.email, &user.password).await.status(), 200);
}

#[tokio::test]
async fn requests_for_links_are_limited_per_client() {
    let app = TestApp::spawn_with(limited(Limit::Registrations, 1, 2)).await;
    // Registrations are counted apart.
    assert_eq!(app.register("kari@example.no", NEW_PASSWORD, "Kari").await.status(), 201);
    let mut statuses = Vec::new();
    for i in 0..3 {
        statuses.push(request(&app, &format!("ny{i}@example.no")).await.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 429]);
    let res = request(&app, "kari@example.no").await;
    assert!(fritid_tests::retry_after(&res) > 0);
    fritid_tests::assert_problem(res, 429).await;
    assert!(reset_messages(&app, "kari@example.no").await.is_empty());
}

#[tokio::test]
async fn links_to_one_address_are_limited_whoever_asks_and_whether_or_not_it_has_an_account() {
    // The per-client limit is out of the way (the harness sets it high): this is the
    // address's own allowance, three links at once, then one every 30 minutes.
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let forms = [user.email.clone(), user.email.to_uppercase(), format!(" {} ", user.email)];
    for typed in &forms {
        assert_eq!(request(&app, typed).await.status(), 202, "{typed}");
    }
    let res = request(&app, &user.email).await;
    let wait = fritid_tests::retry_after(&res);
    assert!((1..=30 * 60).contains(&wait), "{wait}");
    fritid_tests::assert_problem(res, 429).await;
    assert_eq!(reset_messages(&app, &user.email).await.len(), 3, "the fourth was not sent");

    // An address without an account answers the same, so the limit tells nobody which
    // addresses have one; other addresses keep their own allowance.
    for _ in 0..3 {
        assert_eq!(request(&app, "ingen-konto@example.no").await.status(), 202);
    }
    fritid_tests::assert_problem(request(&app, "ingen-konto@example.no").await, 429).await;
    assert_eq!(request(&app, "en-annen@example.no").await.status(), 202);

    // The key kept for the limit is a hash: no address is stored with it.
    if app.is_postgres() {
        let rows = app.query_sql("SELECT key FROM client_limits").await;
        let keys: Vec<String> = rows.iter().map(|r| r.try_get("", "key").unwrap()).collect();
        assert!(keys.iter().any(|k| k.starts_with("address:")), "{keys:?}");
        assert!(keys.iter().all(|k| !k.contains('@')), "{keys:?}");
    }
}

#[tokio::test]
async fn the_log_of_a_reset_holds_neither_the_address_nor_the_token() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let token = reset_token(&app, &user.email).await;
    refused(&app, &token, "kort").await;
    assert_eq!(reset(&app, &token, NEW_PASSWORD).await.status(), 204);
    refused(&app, &token, NEW_PASSWORD).await;
    // The worker has delivered (and logged) the message.
    for _ in 0..100 {
        if reset_messages(&app, &user.email).await[0].status == "sent" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(reset_messages(&app, &user.email).await[0].status, "sent");

    let logged = logs::captured();
    assert!(logged.contains("password_reset"), "the log names the kind");
    for secret in [user.email.as_str(), &token, NEW_PASSWORD] {
        let leaks: Vec<&str> = logged.lines().filter(|l| l.contains(secret)).collect();
        assert!(leaks.is_empty(), "{leaks:#?}");
    }
}
