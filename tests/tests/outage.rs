//! A PostgreSQL outage: while the database is down, requests answer 503 problem+json at
//! once (no hang) and /readyz says 503; when it returns, the service recovers by itself.
//!
//! Needs a PostgreSQL cluster of its own that the test may stop and start (stopping the
//! shared one would break every other test): `.ci/run` creates it and sets
//! FRITID_OUTAGE_DATABASE_URL and FRITID_OUTAGE_PG_CTL (e.g. `pg_ctlcluster 15 outage`).
//! Without them the test says so and checks nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;
use std::time::Duration;

use fritid_tests::{TestApp, assert_problem};
use reqwest::Response;

fn pg_ctl(action: &str) {
    let ctl = std::env::var("FRITID_OUTAGE_PG_CTL").unwrap();
    let mut parts = ctl.split_whitespace();
    let program = parts.next().unwrap();
    let mut cmd = Command::new(program);
    cmd.args(parts).arg(action);
    if action == "stop" {
        cmd.args(["-m", "immediate"]);
    }
    let status = cmd.status().unwrap();
    assert!(status.success(), "{ctl} {action} failed");
}

/// Asks for `path` with `client`.
async fn get(client: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Result<Response> {
    client.get(app.url(path)).send().await
}

#[tokio::test]
async fn requests_fail_fast_during_an_outage_and_recover_after() {
    let (Ok(url), Ok(_)) =
        (std::env::var("FRITID_OUTAGE_DATABASE_URL"), std::env::var("FRITID_OUTAGE_PG_CTL"))
    else {
        eprintln!("skipping: FRITID_OUTAGE_DATABASE_URL and FRITID_OUTAGE_PG_CTL are not set");
        return;
    };
    // Without the micro-cache: the point is what happens when a request needs the database
    // (a cached public answer would still be served during the outage, which is fine but
    // not what this test is about).
    let app = TestApp::spawn_on(Some(&url), |c| c.cache_ttl_ms = 0).await;
    // A client that would give up long before a hung request: the answers must come first.
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    assert_eq!(app.get("/readyz").await.status(), 200);
    assert_eq!(app.get("/api/v1/districts").await.status(), 200);

    pg_ctl("stop");
    let result = std::panic::AssertUnwindSafe(async {
        for path in ["/api/v1/districts", "/api/v1/activities?q=fotball", "/readyz"] {
            let res = get(&client, &app, path).await.expect("an answer, not a hang");
            assert!(res.headers().contains_key("retry-after"), "{path}");
            assert_problem(res, 503).await;
        }
        // Liveness does not depend on the database.
        let health = get(&client, &app, "/healthz").await.unwrap();
        assert_eq!(health.status(), 200);
    });
    let outcome = futures_util::FutureExt::catch_unwind(result).await;
    pg_ctl("start");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }

    // Back by itself: no restart of the service.
    let mut ready = false;
    for _ in 0..60 {
        let answer = get(&client, &app, "/readyz").await;
        if answer.is_ok_and(|r| r.status() == 200) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(ready, "/readyz did not recover");
    let districts = get(&client, &app, "/api/v1/districts").await.unwrap();
    assert_eq!(districts.status(), 200);
}
