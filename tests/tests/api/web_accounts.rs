//! Accounts on the web pages: creating an account, signing in and out with a server-side
//! session in a cookie, `/min-side`, and the rules around them — a new session id at every
//! sign-in, a password change ends the sessions, forms without their token change nothing,
//! and the login throttle is the API's. The client keeps no cookies: each test reads
//! `Set-Cookie` and sends `Cookie` itself, so what the browser gets is asserted.

use fritid_tests::TestApp;
use fritid_tests::html::{h1, hidden, page, post};
use serde_json::json;

const NAME: &str = "Kari Nordmann";
const EMAIL: &str = "kari.nordmann@example.no";
const PASSWORD: &str = "korrekt hest batteri stift";

/// The `csrf_token` of the form on `path`.
async fn form_token(app: &TestApp, path: &str) -> String {
    let (status, _, html) = page(app, path).await;
    assert_eq!(status, 200, "{html}");
    hidden(&html, "csrf_token").expect("the form has a csrf_token")
}

/// Creates Kari's account through `/registrer`.
async fn register_kari(app: &TestApp) {
    let token = form_token(app, "/registrer").await;
    let fields =
        [("csrf_token", token.as_str()), ("name", NAME), ("email", EMAIL), ("password", PASSWORD)];
    let (status, headers, body) = post(app, "/registrer", &fields).await;
    assert_eq!(status, 303, "{body}");
    let location = headers["location"].to_str().unwrap();
    assert!(location.starts_with("/logg-inn"), "{location}");
    let (_, _, html) = page(app, location).await;
    assert!(html.contains("ds-alert"), "the login page says the account was made");
}

/// Posts the login form: the status, the `Set-Cookie` header (if any) and the body.
async fn log_in(app: &TestApp, password: &str) -> (u16, Option<String>, String) {
    let token = form_token(app, "/logg-inn").await;
    let fields = [("csrf_token", token.as_str()), ("email", EMAIL), ("password", password)];
    let (status, headers, body) = post(app, "/logg-inn", &fields).await;
    let cookie = headers.get("set-cookie").map(|v| v.to_str().unwrap().to_owned());
    (status, cookie, body)
}

/// Signs Kari in through the page: the `Set-Cookie` header.
async fn sign_in(app: &TestApp) -> String {
    let (status, cookie, body) = log_in(app, PASSWORD).await;
    assert_eq!(status, 303, "{body}");
    cookie.expect("a session cookie")
}

/// `fritid_session=<id>` out of a `Set-Cookie` header.
fn cookie_pair(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap().trim().to_owned();
    assert!(pair.starts_with("fritid_session="), "{set_cookie}");
    pair
}

/// GET `path` with the `Cookie` header `cookie`: status, headers, body.
async fn get_with(
    app: &TestApp, path: &str, cookie: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let res = app.client.get(app.url(path)).header("cookie", cookie).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap())
}

/// POST a form to `path` with the `Cookie` header `cookie`.
async fn post_with(app: &TestApp, path: &str, cookie: &str, fields: &[(&str, &str)]) -> u16 {
    let res =
        app.client.post(app.url(path)).header("cookie", cookie).form(fields).send().await.unwrap();
    res.status().as_u16()
}

/// Whether `cookie` opens `/min-side`.
async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let (status, headers, _) = get_with(app, "/min-side", cookie).await;
    match status {
        200 => true,
        303 => {
            assert_eq!(headers["location"], "/logg-inn");
            false
        }
        other => panic!("unexpected status {other}"),
    }
}

#[tokio::test]
async fn register_sign_in_see_my_page_and_sign_out() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let set_cookie = sign_in(&app).await;
    let attributes: Vec<&str> = set_cookie.split(';').map(str::trim).collect();
    assert!(attributes.contains(&"HttpOnly"), "{set_cookie}");
    assert!(attributes.contains(&"SameSite=Lax"), "{set_cookie}");
    assert!(attributes.contains(&"Path=/"), "{set_cookie}");
    // The test server's public address is http.
    assert!(!attributes.contains(&"Secure"), "{set_cookie}");
    let cookie = cookie_pair(&set_cookie);

    let (status, headers, html) = get_with(&app, "/min-side", &cookie).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(h1(&html), "Min side");
    assert!(html.contains("Du er logget inn som Kari Nordmann"), "{html}");
    assert_eq!(headers["cache-control"], "no-store");

    // Signed out, the old cookie opens nothing.
    let token = hidden(&html, "csrf_token").unwrap();
    let res = app
        .client
        .post(app.url("/logg-ut"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/");
    let expired = res.headers()["set-cookie"].to_str().unwrap();
    assert!(expired.contains("Max-Age=0"), "{expired}");
    assert!(!signed_in(&app, &cookie).await);
}

#[tokio::test]
async fn my_page_without_a_session_sends_to_the_login_page() {
    let app = TestApp::spawn().await;
    let (status, headers, _) = get_with(&app, "/min-side", "fritid_session=ukjent").await;
    assert_eq!(status, 303);
    assert_eq!(headers["location"], "/logg-inn");
    let (status, _, html) = page(&app, "/logg-inn").await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/glemt-passord\""));
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_id() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let first = cookie_pair(&sign_in(&app).await);
    let second = cookie_pair(&sign_in(&app).await);
    assert_ne!(first, second);
    assert!(signed_in(&app, &second).await);

    // Signing in while holding a session replaces it.
    let token = form_token(&app, "/logg-inn").await;
    let fields = [("csrf_token", token.as_str()), ("email", EMAIL), ("password", PASSWORD)];
    let res = app
        .client
        .post(app.url("/logg-inn"))
        .header("cookie", &second)
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let third = cookie_pair(res.headers()["set-cookie"].to_str().unwrap());
    assert_ne!(third, second);
    assert!(!signed_in(&app, &second).await);
    assert!(signed_in(&app, &third).await);
}

#[tokio::test]
async fn a_password_change_through_the_api_ends_the_web_session() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let cookie = cookie_pair(&sign_in(&app).await);
    assert!(signed_in(&app, &cookie).await);

    let res = app.login(EMAIL, PASSWORD).await;
    let body: serde_json::Value = res.json().await.unwrap();
    let token = body["access_token"].as_str().unwrap();
    let change = json!({"password": "et helt nytt langt passord", "current_password": PASSWORD});
    app.patch("/api/v1/me").token(token).json(&change).expect(200).await;
    assert!(!signed_in(&app, &cookie).await);
}

#[tokio::test]
async fn forms_without_the_right_token_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    // Registration without a token, or with another form's: no account.
    for token in ["", "feil", &form_token(&app, "/logg-inn").await] {
        let fields =
            [("csrf_token", token), ("name", NAME), ("email", EMAIL), ("password", PASSWORD)];
        let (status, _, _) = post(&app, "/registrer", &fields).await;
        assert_eq!(status, 403);
    }
    assert_eq!(app.login(EMAIL, PASSWORD).await.status(), 401);

    register_kari(&app).await;
    // Sign-in without a token: no session.
    for token in ["", "feil"] {
        let fields = [("csrf_token", token), ("email", EMAIL), ("password", PASSWORD)];
        let (status, headers, _) = post(&app, "/logg-inn", &fields).await;
        assert_eq!(status, 403);
        assert!(headers.get("set-cookie").is_none());
    }

    // Sign-out with a wrong token, or the token of another session: still signed in.
    let cookie = cookie_pair(&sign_in(&app).await);
    let other = cookie_pair(&sign_in(&app).await);
    let (_, _, html) = get_with(&app, "/min-side", &other).await;
    let other_token = hidden(&html, "csrf_token").unwrap();
    for token in ["", "feil", other_token.as_str()] {
        assert_eq!(post_with(&app, "/logg-ut", &cookie, &[("csrf_token", token)]).await, 403);
    }
    assert!(signed_in(&app, &cookie).await);
}

/// Login CSRF: another site copies the token of our sign-in form and makes a visitor's
/// browser post it with the other site's account. What the browser says of the form's
/// origin decides; the page, a program or an old browser that says nothing still signs in.
#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_and_signs_no_one_in() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let ours = app.url("");
    let host = ours.trim_start_matches("http://").to_owned();
    let cases: [(&[(&str, &str)], u16); 6] = [
        (&[("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")], 403),
        (&[("sec-fetch-site", "same-site")], 403),
        (&[("origin", "https://evil.example")], 403),
        (&[("origin", "null")], 403),
        (&[("sec-fetch-site", "same-origin"), ("origin", &ours)], 303),
        (&[("origin", &ours), ("host", &host)], 303),
    ];
    for (headers, expected) in cases {
        let token = form_token(&app, "/logg-inn").await;
        let fields = [("csrf_token", token.as_str()), ("email", EMAIL), ("password", PASSWORD)];
        let mut req = app.client.post(app.url("/logg-inn")).form(&fields);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), expected, "{headers:?}");
        let cookie = res.headers().get("set-cookie").map(|c| c.to_str().unwrap().to_owned());
        assert_eq!(cookie.is_some(), expected == 303, "{headers:?}: {cookie:?}");
        if expected == 403 {
            let html = res.text().await.unwrap();
            assert_eq!(h1(&html), "Skjemaet var utløpt", "{html}");
        }
    }
    // The JSON API is no page: browsers reach it across sites on purpose.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://app.example")
        .json(&json!({"email": EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_without_saying_which_part() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let (status, cookie, wrong_password) = log_in(&app, "feil passord her").await;
    assert_eq!(status, 401);
    assert!(cookie.is_none());
    assert!(wrong_password.contains("ds-error-summary"));
    assert_eq!(hidden(&wrong_password, "csrf_token").map(|t| t.is_empty()), Some(false));
    assert!(wrong_password.contains(&format!("value=\"{EMAIL}\"")), "what was typed is kept");

    // An unknown address gets the same message.
    let token = form_token(&app, "/logg-inn").await;
    let fields =
        [("csrf_token", token.as_str()), ("email", "ukjent@example.no"), ("password", PASSWORD)];
    let (status, _, unknown) = post(&app, "/logg-inn", &fields).await;
    assert_eq!(status, 401);
    let message = |html: &str| {
        let start = html.find("id=\"email-feil\">").unwrap();
        html[start..start + html[start..].find("</p>").unwrap()].to_owned()
    };
    assert_eq!(message(&wrong_password), message(&unknown));
    assert!(message(&unknown).contains("E-postadressen eller passordet er feil"));
}

#[tokio::test]
async fn the_login_throttle_is_shared_with_the_api() {
    let app = TestApp::spawn_with(|c| c.login_max_failures = 3).await;
    register_kari(&app).await;
    for _ in 0..3 {
        assert_eq!(log_in(&app, "feil passord her").await.0, 401);
    }
    // The failures through the page count for the API…
    assert_eq!(app.login(EMAIL, PASSWORD).await.status(), 429);
    // …and the page refuses too, even the right password.
    let (status, cookie, _) = log_in(&app, PASSWORD).await;
    assert_eq!(status, 429);
    assert!(cookie.is_none());
}

#[tokio::test]
async fn registration_errors_show_the_form_again_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let token = form_token(&app, "/registrer").await;
    let fields = [
        ("csrf_token", token.as_str()),
        ("name", NAME),
        ("email", "ikke-en-adresse"),
        ("password", "kort"),
    ];
    let (status, _, html) = post(&app, "/registrer", &fields).await;
    assert_eq!(status, 422);
    assert!(html.contains("href=\"#email\""));
    assert!(html.contains("href=\"#password\""));
    assert!(!html.contains("href=\"#name\""));
    assert!(html.contains(&format!("value=\"{NAME}\"")));
}

#[tokio::test]
async fn the_hourly_sweep_deletes_ended_sessions_and_keeps_live_ones() {
    let app = TestApp::spawn().await;
    register_kari(&app).await;
    let cookie = cookie_pair(&sign_in(&app).await);
    let now = chrono::Utc::now();

    let kept = fritid_server::retention::sweep_sessions(&app.store, now).await.unwrap();
    assert_eq!(kept, 0, "a session used just now is live");
    assert!(signed_in(&app, &cookie).await);

    let later = now + fritid_app::sessions::SESSION_IDLE + chrono::Duration::minutes(1);
    let gone = fritid_server::retention::sweep_sessions(&app.store, later).await.unwrap();
    assert_eq!(gone, 1, "idle past the limit: deleted");
    assert!(!signed_in(&app, &cookie).await, "the deleted session no longer opens /min-side");
}
