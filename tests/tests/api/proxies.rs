//! The client's address behind reverse proxies (issue 16): `X-Forwarded-For` and
//! `Forwarded` count only when the TCP peer is a trusted proxy (`FRITID_TRUSTED_PROXIES`);
//! limits and log lines follow the address found.

use fritid_tests::{Limit, TestApp, limited, logs};

/// `n` API requests as the client `forwarded_for` says; their statuses.
async fn statuses(app: &TestApp, header: &str, value: &str, n: usize) -> Vec<u16> {
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(app.get("/api/v1/districts").header(header, value).send().await.status().as_u16());
    }
    out
}

#[tokio::test]
async fn without_a_trusted_proxy_forwarded_addresses_change_nothing() {
    let app = TestApp::spawn_with(limited(Limit::Requests, 60, 3)).await;
    // Three requests claiming three clients spend the one peer's budget.
    let mut seen = Vec::new();
    for spoofed in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        seen.extend(statuses(&app, "x-forwarded-for", spoofed, 1).await);
    }
    assert_eq!(seen, [200, 200, 200]);
    assert_eq!(statuses(&app, "x-forwarded-for", "198.51.100.4", 1).await, [429]);
    assert_eq!(statuses(&app, "forwarded", "for=198.51.100.5", 1).await, [429]);
    let logged = logs::captured();
    assert!(logged.contains("client=127.0.0.1"), "the peer is logged");
    assert!(!logged.contains("198.51.100."), "a spoofed address is never logged");
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let app = TestApp::spawn_with(|c| {
        limited(Limit::Requests, 60, 3)(c);
        c.trusted_proxies = "127.0.0.0/8, ::1".to_owned();
    })
    .await;
    // The client wrote 198.51.100.9 itself; the proxy appended what it saw: 203.0.113.1.
    let first = "198.51.100.9, 203.0.113.1";
    assert_eq!(statuses(&app, "x-forwarded-for", first, 3).await, [200, 200, 200]);
    assert_eq!(statuses(&app, "x-forwarded-for", first, 1).await, [429]);
    // Another client behind the same proxy has its own budget, through either header.
    assert_eq!(statuses(&app, "x-forwarded-for", "203.0.113.2", 3).await, [200, 200, 200]);
    assert_eq!(
        statuses(&app, "forwarded", "for=\"203.0.113.3:4711\";proto=https", 2).await,
        [200, 200]
    );
    // The proxy itself (no header) is one more client.
    assert_eq!(app.get("/api/v1/districts").send().await.status(), 200);
    let logged = logs::captured();
    assert!(logged.contains("client=203.0.113.1"), "the forwarded client is logged");
    assert!(logged.contains("client=203.0.113.3"));
    assert!(!logged.contains("client=198.51.100.9"), "what the client wrote is not believed");
}

#[tokio::test]
async fn a_bad_trusted_proxies_setting_stops_the_start() {
    // Refused before the database is even opened.
    let mut config = fritid_server::config::Config::with_database("postgres://nowhere.invalid/x");
    config.trusted_proxies = "10.0.0.0/8, proxy.internal".to_owned();
    let error = fritid_server::start(&config, false).await.err().expect("refused");
    assert!(format!("{error:#}").contains("FRITID_TRUSTED_PROXIES"), "{error:#}");
}
