//! E-mail: the confirmation written at registration in the account's own transaction, its
//! single-use link, the rule that an unconfirmed account may not register an organisation,
//! the worker delivering to the outbox folder, retries with backoff until `failed`, and the
//! operators' view of the outbox (recipients masked, admins only).

use std::time::Duration;

use chrono::{DateTime, Utc};
use fritid_domain::mail::{MailStatus, OutboxEntry};
use fritid_server::mail::{Deliver, Failure, deliver_due};
use fritid_tests::{TestApp, link_token, logs};
use lettre::message::Mailbox;
use serde_json::{Value, json};

const PASSWORD: &str = "korrekt hest batteri stift";

fn organisation() -> Value {
    json!({"name": "Konnerud IL", "kind": "association", "districts": ["konnerud"]})
}

/// Registers `email` and signs in without confirming: the access token.
async fn unconfirmed(app: &TestApp, email: &str) -> String {
    app.register(email, PASSWORD, "Kari Nordmann").expect(201).await;
    let tokens = app.login(email, PASSWORD).expect(200).await;
    tokens["access_token"].as_str().unwrap().to_owned()
}

async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    app.post("/api/v1/auth/verify-email").json(&json!({"token": token})).await
}

#[tokio::test]
async fn registration_writes_one_confirmation_whose_link_confirms_the_address() {
    let app = TestApp::spawn().await;
    let access = unconfirmed(&app, "Kari@Example.no").await;
    // A second registration of the address sends nothing.
    assert_eq!(app.register("kari@example.no", "et annet langt passord", "X").await.status(), 201);

    let messages = app.outbox_to("kari@example.no").await;
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert_eq!(message.kind, "verify_email");
    assert_eq!(message.subject, "Bekreft e-postadressen din hos Fritid");
    assert!(message.body_text.contains("Hei, Kari Nordmann!"), "{}", message.body_text);
    let token = message.link_token(&app.address, "/bekreft-epost");

    let me = app.get("/api/v1/me").token(&access).expect(200).await;
    assert_eq!(me["email_verified"], false);
    assert_eq!(verify(&app, &token).await.status(), 204);
    let me = app.get("/api/v1/me").token(&access).expect(200).await;
    assert_eq!(me["email_verified"], true);

    // Only the token's hash is kept.
    let stored = app.query_sql("SELECT token_hash FROM email_tokens").await;
    let hash: String = stored[0].try_get("", "token_hash").unwrap();
    assert_eq!(hash.len(), 64);
    assert_ne!(hash, token);
}

#[tokio::test]
async fn a_used_unknown_or_expired_token_is_refused() {
    let app = TestApp::spawn().await;
    unconfirmed(&app, "ola@example.no").await;
    let token = app.confirmation_token("ola@example.no").await;
    assert_eq!(verify(&app, &token).await.status(), 204);
    let used = app.post("/api/v1/auth/verify-email").json(&json!({"token": token}));
    let problem = used.problem(422).await;
    assert_eq!(problem["errors"][0]["field"], "token", "{problem}");
    let unknown = app.post("/api/v1/auth/verify-email").json(&json!({"token": "nope"}));
    unknown.problem(422).await;

    unconfirmed(&app, "eva@example.no").await;
    let token = app.confirmation_token("eva@example.no").await;
    // A day later, as far as the token knows.
    app.execute_sql(
        "UPDATE email_tokens SET expires_at = '2000-01-01T00:00:00+00:00' WHERE used_at IS NULL",
    )
    .await;
    let expired = app.post("/api/v1/auth/verify-email").json(&json!({"token": token}));
    expired.problem(422).await;
}

#[tokio::test]
async fn an_unconfirmed_account_may_sign_in_but_not_register_an_organisation() {
    let app = TestApp::spawn().await;
    let access = unconfirmed(&app, "kari@example.no").await;
    let refused = app.post("/api/v1/organisations").token(&access).json(&organisation());
    let problem = refused.problem(403).await;
    assert_eq!(problem["type"], "urn:fritid:problem:email-not-verified");

    // A new link, and it works.
    app.post("/api/v1/auth/verify-email/resend").token(&access).expect(202).await;
    app.post("/api/v1/auth/verify-email/resend").problem(401).await;
    assert_eq!(app.outbox_to("kari@example.no").await.len(), 2);
    app.confirm_email("kari@example.no").await;
    app.post("/api/v1/organisations").token(&access).json(&organisation()).expect(201).await;
    // Confirmed: nothing more is sent.
    app.post("/api/v1/auth/verify-email/resend").token(&access).expect(202).await;
    assert_eq!(app.outbox_to("kari@example.no").await.len(), 2);
}

#[tokio::test]
async fn an_account_cannot_flood_its_address_with_links() {
    // Someone who registers a stranger's address may sign in, but gets three new links to
    // it at once and then one every 30 minutes; a reset link counts against the same
    // allowance of the address.
    let app = TestApp::spawn().await;
    let access = unconfirmed(&app, "offer@example.no").await;
    let resend = || app.post("/api/v1/auth/verify-email/resend").token(&access);
    for _ in 0..2 {
        resend().expect(202).await;
    }
    let reset = json!({"email": "offer@example.no"});
    app.post("/api/v1/auth/password-reset").json(&reset).expect(202).await;
    let res = resend().await;
    assert!(fritid_tests::retry_after(&res) > 0);
    fritid_tests::assert_problem(res, 429).await;
    let res = app.post("/api/v1/auth/password-reset").json(&reset).await;
    fritid_tests::assert_problem(res, 429).await;
    // The registration's link and three more.
    assert_eq!(app.outbox_to("offer@example.no").await.len(), 4);
}

/// Waits up to ten seconds for `done`.
async fn eventually<F: Future<Output = bool>>(what: &str, mut done: impl FnMut() -> F) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn the_worker_delivers_to_the_outbox_folder_with_the_stored_message_id() {
    let app = TestApp::spawn().await;
    // An address of this test's own: the captured log is the whole test binary's.
    let email = format!("worker-{}@example.no", uuid::Uuid::new_v4().simple());
    unconfirmed(&app, &email).await;
    let folder = app.data_dir.join("outbox");
    let eml = || {
        std::fs::read_dir(&folder)
            .map(|files| {
                files
                    .filter_map(Result::ok)
                    .map(|f| f.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    eventually("an .eml file", || async { !eml().is_empty() }).await;
    eventually("the message marked sent", || async {
        app.outbox_to(&email).await[0].status == "sent"
    })
    .await;
    let files = eml();
    assert_eq!(files.len(), 1);
    let message = &app.outbox_to(&email).await[0];
    let written = std::fs::read_to_string(&files[0]).unwrap();
    assert!(written.contains(&format!("Message-ID: {}", message.message_id)), "{written}");
    assert!(written.contains(&format!("To: {email}")), "{written}");
    assert!(written.contains("multipart/alternative"), "{written}");
    assert!(written.contains("text/html"), "{written}");

    // The log names the kind and the id, never the address or the token.
    let token = link_token(&message.body_text, "/bekreft-epost");
    let logged = logs::captured();
    assert!(logged.contains("kind=\"verify_email\"") || logged.contains("kind=verify_email"));
    let leaks: Vec<&str> = logged.lines().filter(|l| l.contains(&email)).collect();
    assert!(leaks.is_empty(), "{leaks:#?}");
    assert!(!logged.contains(&token));
}

/// A transport that always fails, as a mail server that refuses everything would: for a
/// reason that may pass, or one that concerns the address and will not.
struct Refusing(Failure);

const NO_ANSWER: &str = "transient error (451): 4.4.1 <kari@example.no>: no answer from host";

impl Deliver for Refusing {
    async fn deliver(&self, _: uuid::Uuid, _: &lettre::Message) -> Result<(), Failure> {
        Err(self.0.clone())
    }
}

/// An app whose own worker cannot deliver (nothing listens on port 9 of loopback), with
/// one message, to kari@example.no, after its first failed attempt.
async fn one_failed_message() -> TestApp {
    let app = TestApp::spawn_with(|c| c.smtp_url = Some("smtp://127.0.0.1:9".to_owned())).await;
    unconfirmed(&app, "kari@example.no").await;
    eventually("a first failed attempt", || async { newest(&app).await.attempts == 1 }).await;
    app
}

/// The newest message of the outbox.
async fn newest(app: &TestApp) -> OutboxEntry {
    app.store.list_outbox(None, None, 10).await.unwrap().items.remove(0)
}

fn sender() -> Mailbox {
    "Fritid <noreply@localhost>".parse().unwrap()
}

#[tokio::test]
async fn a_failing_delivery_is_retried_with_backoff_then_failed() {
    let app = one_failed_message().await;
    let entry = || newest(&app);
    let from = sender();
    let refusing = Refusing(Failure::passing(NO_ANSWER));
    let mut waits = Vec::new();
    let mut at: DateTime<Utc> = entry().await.next_attempt_at;
    for attempt in 2..=8 {
        // Before the next attempt is due, the message is not claimed.
        let early = deliver_due(&app.store, &refusing, &from, at - chrono::Duration::seconds(1));
        assert_eq!(early.await.unwrap().retrying, 0);
        let pass = deliver_due(&app.store, &refusing, &from, at).await.unwrap();
        let now = entry().await;
        assert_eq!(now.attempts, attempt);
        if attempt < 8 {
            assert_eq!((pass.retrying, now.status), (1, MailStatus::Queued));
            waits.push((now.next_attempt_at - at).num_seconds());
            at = now.next_attempt_at;
        } else {
            assert_eq!((pass.failed, now.status), (1, MailStatus::Failed));
        }
        let error = now.last_error.unwrap();
        assert!(!error.contains("kari@example.no"), "{error}");
    }
    assert_eq!(waits, [60, 120, 240, 480, 960, 1920]);
    // Failed stays failed.
    let later = deliver_due(&app.store, &refusing, &from, at + chrono::Duration::days(1));
    assert_eq!(later.await.unwrap(), Default::default());

    let metrics = app.get("/metrics").send().await.text().await.unwrap();
    assert!(metrics.contains("fritid_mail_messages{status=\"failed\"} 1"), "{metrics}");
    assert!(metrics.contains("fritid_mail_messages{status=\"sent\"} 0"), "{metrics}");
}

#[tokio::test]
async fn a_refused_address_is_given_up_at_once() {
    let app = one_failed_message().await;
    let unknown = "permanent error (550): 5.1.1 <kari@example.no>: Recipient address rejected";
    let refusing = Refusing(Failure::lasting(unknown));
    let due = newest(&app).await.next_attempt_at;
    let pass = deliver_due(&app.store, &refusing, &sender(), due).await.unwrap();
    assert_eq!(pass.failed, 1);
    let now = newest(&app).await;
    assert_eq!((now.status, now.attempts), (MailStatus::Failed, 2), "no attempt after this one");
    let error = now.last_error.unwrap();
    assert!(error.contains("5.1.1") && !error.contains("kari@example.no"), "{error}");
}

#[tokio::test]
async fn the_outbox_is_for_admins_with_recipients_masked() {
    let app = TestApp::spawn().await;
    let admin = app.signed_in_admin().await;
    let user = app.signed_in_user("Kari").await;

    let page = app.get("/api/v1/admin/outbox?limit=1").by(&admin).expect(200).await;
    let item = &page["items"][0];
    assert_eq!(item["kind"], "verify_email");
    assert!(item["recipient"].as_str().unwrap().starts_with("k***@example.no"), "{item}");
    assert!(page["next_cursor"].is_string(), "two messages: {page}");
    let body = page.to_string();
    assert!(!body.contains(&user.email) && !body.contains("token"), "{body}");
    let next =
        format!("/api/v1/admin/outbox?limit=1&cursor={}", page["next_cursor"].as_str().unwrap());
    let older = app.get(&next).by(&admin).expect(200).await;
    assert!(older["items"][0]["recipient"].as_str().unwrap().starts_with("a***@"), "{older}");

    let queued = app.get("/api/v1/admin/outbox?status=failed").by(&admin).expect(200).await;
    assert_eq!(queued["items"], json!([]));
    app.get("/api/v1/admin/outbox?status=lost").by(&admin).problem(422).await;
    app.get("/api/v1/admin/outbox").by(&user).problem(403).await;
    app.get("/api/v1/admin/outbox").problem(401).await;
}
