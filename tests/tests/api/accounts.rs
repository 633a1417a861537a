use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fritid_tests::{Call, TestApp, assert_problem, error_fields, logs, retry_after};
use serde_json::{Value, json};

const PASSWORD: &str = "korrekt hest batteri stift";

#[tokio::test]
async fn register_then_login_then_me() {
    let app = TestApp::spawn().await;
    let body = app.register("Kari@Example.no", PASSWORD, "Kari Nordmann").expect(201).await;
    assert!(body.get("access_token").is_none(), "no token on registration");

    // E-mail is case-insensitive.
    let res = app.login("kari@example.NO", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let tokens: Value = res.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["expires_in"].as_u64().unwrap() > 0);
    let access = tokens["access_token"].as_str().unwrap();

    let me = app.get("/api/v1/me").token(access).expect(200).await;
    assert_eq!(me["email"], "kari@example.no");
    assert_eq!(me["name"], "Kari Nordmann");
    assert_eq!(me["role"], "user");
    assert_eq!(me["memberships"], json!([]));
    // What the account is, and nothing of its bookkeeping (versions of the row and tokens).
    let mut keys: Vec<&str> = me.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let shown = ["created_at", "email", "email_verified", "id", "memberships", "name", "role"];
    assert_eq!(keys, shown);
}

/// Like every single resource, `/me` has an ETag, and `If-None-Match` with it is a 304 until
/// something in it changes.
#[tokio::test]
async fn me_has_an_etag_that_moves_when_it_changes() {
    let app = TestApp::spawn().await;
    let kari = app.signed_in_user("Kari").await;
    let me = || app.client.get(app.url("/api/v1/me")).bearer_auth(&kari.token);
    let first = me().send().await.unwrap();
    assert_eq!(first.status(), 200);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    let again = me().header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], tag.as_str());

    let rename = json!({"name": "Kari Nordmann"});
    app.patch("/api/v1/me").token(&kari.token).json(&rename).expect(200).await;
    let changed = me().header("if-none-match", &tag).send().await.unwrap();
    assert_eq!(changed.status(), 200);
    assert_ne!(changed.headers()["etag"], tag.as_str());
    assert_eq!(changed.json::<Value>().await.unwrap()["name"], "Kari Nordmann");
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same() {
    let app = TestApp::spawn().await;
    let first = app.register("ola@example.no", PASSWORD, "Ola").expect(201).await;
    let second = app.register("OLA@example.no", "et helt annet passord", "Ola 2").expect(201);
    assert_eq!(second.await, first);
    // The original password still works; the second registration changed nothing.
    assert_eq!(app.login("ola@example.no", PASSWORD).await.status(), 200);
    assert_eq!(app.login("ola@example.no", "et helt annet passord").await.status(), 401);
}

#[tokio::test]
async fn registration_lists_every_bad_field() {
    let app = TestApp::spawn().await;
    let body = app.register("not-an-email", "short", "").problem(422).await;
    assert_eq!(error_fields(&body), ["email", "password", "name"]);

    let body = app.register("kari@example.no", "password123", "Kari").problem(422).await;
    assert_eq!(body["errors"][0]["field"], "password");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("common"));
}

#[tokio::test]
async fn malformed_bodies_get_400_413_415_and_422() {
    let app = TestApp::spawn().await;
    let register = || app.post("/api/v1/auth/register");
    let declared_json = || register().header("content-type", "application/json");

    // Not JSON at all.
    let body = declared_json().body("{\"email\": ").problem(400).await;
    assert_eq!(body["type"], "urn:fritid:problem:malformed-request");

    // Wrong content type.
    register()
        .header("content-type", "text/plain")
        .body(r#"{"email":"a@b.no","password":"x","name":"y"}"#)
        .problem(415)
        .await;

    // No content type at all.
    register().body("{}").problem(415).await;

    // Too large: 5 MiB, far above the 256 KiB limit.
    let huge = format!(r#"{{"email":"a@b.no","password":"{}","name":"y"}}"#, "x".repeat(5 << 20));
    let body = declared_json().body(huge).problem(413).await;
    assert!(body["detail"].as_str().unwrap().contains("262144"));

    // Well-formed JSON of the wrong shape.
    for (body, field) in
        [(json!({"email": 5, "name": "x"}), "email"), (json!({"email": "a@b.no"}), "password")]
    {
        let problem = register().json(&body).problem(422).await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
    }
}

#[tokio::test]
async fn unknown_user_and_wrong_password_answer_identically() {
    let app = TestApp::spawn().await;
    app.register("kari@example.no", PASSWORD, "Kari").await;
    let wrong = app.login("kari@example.no", "feil passord her").await;
    let unknown = app.login("nobody@example.no", "feil passord her").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    let mut a: Value = wrong.json().await.unwrap();
    let mut b: Value = unknown.json().await.unwrap();
    // Only the request id may differ.
    a.as_object_mut().unwrap().remove("request_id");
    b.as_object_mut().unwrap().remove("request_id");
    assert_eq!(a, b);
    assert_eq!(a["type"], "urn:fritid:problem:invalid-credentials");
    // Both paths run one argon2 verification, so their timing is alike; wall-clock time is
    // not asserted here (tests never assert on it).
}

#[tokio::test]
async fn repeated_failures_reach_429_with_retry_after() {
    let app = TestApp::spawn_with(|c| c.login_max_failures = 3).await;
    app.register("kari@example.no", PASSWORD, "Kari").await;
    for _ in 0..3 {
        assert_eq!(app.login("kari@example.no", "feil passord her").await.status(), 401);
    }
    // Now even the right password is refused until the window passes.
    let res = app.login("kari@example.no", PASSWORD).await;
    assert!(retry_after(&res) >= 1);
    assert_problem(res, 429).await;
}

/// `POST /api/v1/auth/{action}` with a refresh token: `refresh` or `logout`.
fn with_refresh_token(app: &TestApp, action: &str, token: &str) -> Call {
    let body = json!({"refresh_token": token});
    app.post(&format!("/api/v1/auth/{action}")).json(&body)
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_chain() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let refresh = |token: &str| with_refresh_token(&app, "refresh", token);

    let second = refresh(&user.refresh_token).expect(200).await;
    let second_refresh = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, user.refresh_token);
    let second_access = second["access_token"].as_str().unwrap();
    app.get("/api/v1/me").token(second_access).expect(200).await;

    // The first token is used: presenting it again is theft or a bug, and revokes the chain.
    refresh(&user.refresh_token).problem(401).await;
    // ... including the second token, which was still unused.
    refresh(&second_refresh).problem(401).await;

    // Another login is a separate chain and still works.
    let fresh = app.login(&user.email, &user.password).expect(200).await;
    refresh(fresh["refresh_token"].as_str().unwrap()).expect(200).await;
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let logout = |token: &str| with_refresh_token(&app, "logout", token);
    app.get("/api/v1/me").by(&user).expect(200).await;
    logout(&user.refresh_token).expect(204).await;
    with_refresh_token(&app, "refresh", &user.refresh_token).problem(401).await;
    // The access token ends at once, not after its 15 minutes.
    app.get("/api/v1/me").by(&user).problem(401).await;
    // Unknown tokens log out quietly.
    logout("nonsense").expect(204).await;
}

fn forge(secret: &str, claims: Value, alg: jsonwebtoken::Algorithm) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn claims(sub: &str, exp_offset: i64) -> Value {
    let now = chrono::Utc::now().timestamp();
    json!({"iss": "fritid", "aud": "fritid-api", "sub": sub, "iat": now, "exp": now + exp_offset, "jti": "t"})
}

#[tokio::test]
async fn expired_tampered_foreign_and_unsigned_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let sub = user.id.to_string();
    let hs256 = jsonwebtoken::Algorithm::HS256;

    // A correct forged token works: the checks below fail for the reason they name.
    let good = forge(&app.jwt_secret, claims(&sub, 600), hs256);
    app.get("/api/v1/me").token(&good).expect(200).await;

    let expired = forge(&app.jwt_secret, claims(&sub, -600), hs256);
    let other_key = forge("another secret that is long enough!!", claims(&sub, 600), hs256);
    let hs512 = forge(&app.jwt_secret, claims(&sub, 600), jsonwebtoken::Algorithm::HS512);
    let mut wrong_aud = claims(&sub, 600);
    wrong_aud["aud"] = json!("someone-else");
    let wrong_aud = forge(&app.jwt_secret, wrong_aud, hs256);
    let mut no_jti = claims(&sub, 600);
    no_jti.as_object_mut().unwrap().remove("jti");
    let no_jti = forge(&app.jwt_secret, no_jti, hs256);

    // Same claims, different payload bytes, original signature.
    let parts: Vec<&str> = good.split('.').collect();
    let mut payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["sub"] = json!(uuid::Uuid::new_v4().to_string());
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap()),
        parts[2]
    );
    let none =
        format!("{}.{}.", URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#), parts[1]);

    for (name, token) in [
        ("expired", expired),
        ("other key", other_key),
        ("HS512", hs512),
        ("wrong audience", wrong_aud),
        ("missing jti", no_jti),
        ("tampered", tampered),
        ("alg none", none),
        ("garbage", "not.a.token".to_owned()),
    ] {
        let res = app.get("/api/v1/me").token(&token).await;
        assert_eq!(res.status(), 401, "{name}");
        assert!(res.headers().contains_key("www-authenticate"), "{name}");
        assert_problem(res, 401).await;
    }
    assert_problem(app.get("/api/v1/me").await, 401).await;
}

#[tokio::test]
async fn password_change_needs_the_current_one_and_revokes_sessions() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let new_password = "et nytt og langt passord";
    let change = |body: Value| app.patch("/api/v1/me").by(&user).json(&body);

    for (case, body) in [
        ("no current password", json!({"password": new_password})),
        (
            "a wrong current password",
            json!({"password": new_password, "current_password": "feil passord her"}),
        ),
    ] {
        let problem = change(body).problem(422).await;
        assert_eq!(problem["errors"][0]["field"], "current_password", "{case}");
    }

    let body = json!({"password": new_password, "current_password": user.password,
                      "name": "Kari N."});
    assert_eq!(change(body).expect(200).await["name"], "Kari N.");

    with_refresh_token(&app, "refresh", &user.refresh_token).problem(401).await;
    // The access token the change was made with ends at once too.
    app.get("/api/v1/me").by(&user).problem(401).await;
    assert_eq!(app.login(&user.email, &user.password).await.status(), 401);
    let fresh = app.login(&user.email, new_password).expect(200).await;
    let me = app.get("/api/v1/me").token(fresh["access_token"].as_str().unwrap()).expect(200).await;
    assert_eq!(me["name"], "Kari N.");
}

#[tokio::test]
async fn deleting_the_account_ends_its_tokens() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    app.delete("/api/v1/me").by(&user).expect(204).await;
    app.get("/api/v1/me").by(&user).problem(401).await;
    assert_eq!(app.login(&user.email, &user.password).await.status(), 401);
}

/// No response and no log line may ever contain a password hash.
#[tokio::test]
async fn password_hashes_never_leave_the_database() {
    let app = TestApp::spawn().await;
    let mut bodies = String::new();
    let res = app.register("kari@example.no", PASSWORD, "Kari").await;
    bodies += &res.text().await.unwrap();
    let res = app.register("kari@example.no", PASSWORD, "Kari").await;
    bodies += &res.text().await.unwrap();
    let res = app.login("kari@example.no", "feil passord her").await;
    bodies += &res.text().await.unwrap();
    let res = app.login("kari@example.no", PASSWORD).await;
    let text = res.text().await.unwrap();
    bodies += &text;
    let tokens: Value = serde_json::from_str(&text).unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let change = |body: Value| app.patch("/api/v1/me").token(access).json(&body);
    for call in [
        app.get("/api/v1/me").token(access),
        change(json!({"name": "Kari N."})),
        change(json!({"password": "et nytt og langt passord", "current_password": PASSWORD})),
    ] {
        bodies += &call.await.text().await.unwrap();
    }
    // The hash is really there, so the absence below means something.
    let rows = app.query_sql("SELECT password_hash FROM users").await;
    let hash: String = rows[0].try_get("", "password_hash").unwrap();
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");

    assert!(!bodies.contains("$argon2"), "a response contained a hash");
    let logged = logs::captured();
    assert!(logged.contains("login failed"), "the log capture works");
    assert!(!logged.contains("$argon2"), "a log line contained a hash");
    assert!(!logged.contains(PASSWORD), "a log line contained a password");
}
