use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fritid_tests::{TestApp, assert_problem, logs};
use reqwest::Method;
use serde_json::{Value, json};

const PASSWORD: &str = "korrekt hest batteri stift";

#[tokio::test]
async fn register_then_login_then_me() {
    let app = TestApp::spawn().await;
    let res = app
        .register("Kari@Example.no", PASSWORD, "Kari Nordmann")
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.get("access_token").is_none(),
        "no token on registration"
    );

    // E-mail is case-insensitive.
    let res = app.login("kari@example.NO", PASSWORD).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let tokens: Value = res.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert!(tokens["expires_in"].as_u64().unwrap() > 0);
    let access = tokens["access_token"].as_str().unwrap();

    let me: Value = app.get_as(access, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["email"], "kari@example.no");
    assert_eq!(me["name"], "Kari Nordmann");
    assert_eq!(me["role"], "user");
    assert_eq!(me["memberships"], json!([]));
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same() {
    let app = TestApp::spawn().await;
    let first = app.register("ola@example.no", PASSWORD, "Ola").await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let second = app
        .register("OLA@example.no", "et helt annet passord", "Ola 2")
        .await;
    assert_eq!(second.status(), 201);
    assert_eq!(second.json::<Value>().await.unwrap(), first);
    // The original password still works; the second registration changed nothing.
    assert_eq!(app.login("ola@example.no", PASSWORD).await.status(), 200);
    assert_eq!(
        app.login("ola@example.no", "et helt annet passord")
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn registration_lists_every_bad_field() {
    let app = TestApp::spawn().await;
    let res = app.register("not-an-email", "short", "").await;
    let body = assert_problem(res, 422).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "password", "name"]);

    let res = app.register("kari@example.no", "password123", "Kari").await;
    let body = assert_problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "password");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("common")
    );
}

#[tokio::test]
async fn malformed_bodies_get_400_413_415_and_422() {
    let app = TestApp::spawn().await;
    let url = app.url("/api/v1/auth/register");

    // Not JSON at all.
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 400).await;
    assert_eq!(body["type"], "urn:fritid:problem:malformed-request");

    // Wrong content type.
    let res = app
        .client
        .post(&url)
        .header("content-type", "text/plain")
        .body(r#"{"email":"a@b.no","password":"x","name":"y"}"#)
        .send()
        .await
        .unwrap();
    assert_problem(res, 415).await;

    // No content type at all.
    let res = app.client.post(&url).body("{}").send().await.unwrap();
    assert_problem(res, 415).await;

    // Too large: 5 MiB, far above the 256 KiB limit.
    let huge = format!(
        r#"{{"email":"a@b.no","password":"{}","name":"y"}}"#,
        "x".repeat(5 << 20)
    );
    let res = app
        .client
        .post(&url)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 413).await;
    assert!(body["detail"].as_str().unwrap().contains("262144"));

    // Well-formed JSON of the wrong shape.
    let res = app
        .post_json("/api/v1/auth/register", &json!({"email": 5, "name": "x"}))
        .await;
    let body = assert_problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "email");
    let res = app
        .post_json("/api/v1/auth/register", &json!({"email": "a@b.no"}))
        .await;
    let body = assert_problem(res, 422).await;
    assert_eq!(body["errors"][0]["field"], "password");
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
        assert_eq!(
            app.login("kari@example.no", "feil passord her")
                .await
                .status(),
            401
        );
    }
    // Now even the right password is refused until the window passes.
    let res = app.login("kari@example.no", PASSWORD).await;
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    assert_problem(res, 429).await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_chain() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;

    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let second: Value = res.json().await.unwrap();
    let second_refresh = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second_refresh, user.refresh_token);
    assert_eq!(
        app.get_as(second["access_token"].as_str().unwrap(), "/api/v1/me")
            .await
            .status(),
        200
    );

    // The first token is used: presenting it again is theft or a bug, and revokes the chain.
    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_problem(res, 401).await;
    // ... including the second token, which was still unused.
    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": second_refresh}),
        )
        .await;
    assert_problem(res, 401).await;

    // Another login is a separate chain and still works.
    let fresh: Value = app
        .login(&user.email, &user.password)
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": fresh["refresh_token"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn logout_revokes_the_refresh_token() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let res = app
        .post_json(
            "/api/v1/auth/logout",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_problem(res, 401).await;
    // Unknown tokens log out quietly.
    let res = app
        .post_json("/api/v1/auth/logout", &json!({"refresh_token": "nonsense"}))
        .await;
    assert_eq!(res.status(), 204);
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
    assert_eq!(app.get_as(&good, "/api/v1/me").await.status(), 200);

    let expired = forge(&app.jwt_secret, claims(&sub, -600), hs256);
    let other_key = forge(
        "another secret that is long enough!!",
        claims(&sub, 600),
        hs256,
    );
    let hs512 = forge(
        &app.jwt_secret,
        claims(&sub, 600),
        jsonwebtoken::Algorithm::HS512,
    );
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
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );

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
        let res = app.get_as(&token, "/api/v1/me").await;
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

    let body = assert_problem(
        app.send(
            Method::PATCH,
            "/api/v1/me",
            Some(&user.token),
            Some(&json!({"password": new_password})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "current_password");

    let body = assert_problem(
        app.send(
            Method::PATCH,
            "/api/v1/me",
            Some(&user.token),
            Some(&json!({"password": new_password, "current_password": "feil passord her"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "current_password");

    let res = app
        .send(
            Method::PATCH,
            "/api/v1/me",
            Some(&user.token),
            Some(&json!({"password": new_password, "current_password": user.password, "name": "Kari N."})),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["name"], "Kari N.");

    let res = app
        .post_json(
            "/api/v1/auth/refresh",
            &json!({"refresh_token": user.refresh_token}),
        )
        .await;
    assert_problem(res, 401).await;
    assert_eq!(app.login(&user.email, &user.password).await.status(), 401);
    assert_eq!(app.login(&user.email, new_password).await.status(), 200);
}

#[tokio::test]
async fn deleting_the_account_ends_its_tokens() {
    let app = TestApp::spawn().await;
    let user = app.signed_in_user("Kari").await;
    let res = app
        .send(Method::DELETE, "/api/v1/me", Some(&user.token), None)
        .await;
    assert_eq!(res.status(), 204);
    assert_problem(app.get_as(&user.token, "/api/v1/me").await, 401).await;
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
    for (method, path, body) in [
        (Method::GET, "/api/v1/me", None),
        (
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"name": "Kari N."})),
        ),
        (
            Method::PATCH,
            "/api/v1/me",
            Some(json!({"password": "et nytt og langt passord", "current_password": PASSWORD})),
        ),
    ] {
        let res = app.send(method, path, Some(access), body.as_ref()).await;
        bodies += &res.text().await.unwrap();
    }
    // The hash is really there, so the absence below means something.
    let db = app.raw_db().await;
    let row = sea_orm::ConnectionTrait::query_one_raw(
        &db,
        sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT password_hash FROM users",
        ),
    )
    .await
    .unwrap()
    .unwrap();
    let hash: String = row.try_get("", "password_hash").unwrap();
    assert!(
        hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{hash}"
    );

    assert!(!bodies.contains("$argon2"), "a response contained a hash");
    let logged = logs::captured();
    assert!(logged.contains("login failed"), "the log capture works");
    assert!(!logged.contains("$argon2"), "a log line contained a hash");
    assert!(
        !logged.contains(PASSWORD),
        "a log line contained a password"
    );
}
