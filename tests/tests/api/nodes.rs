//! Several nodes on one database (issue 16): what must happen once happens once. (The
//! two-process checks are `.ci/search/two_nodes.py`, run by `.ci/run` on PostgreSQL.)

use std::time::Duration;

use chrono::Utc;
use fritid_server::retention::period;
use fritid_tests::TestApp;

#[tokio::test]
async fn the_retention_pass_is_claimed_once_per_period() {
    let app = TestApp::spawn().await;
    let hour = Duration::from_secs(3600);
    let now = Utc::now();
    // The started server claimed this hour's pass (its first tick is at start).
    let mut claimed = false;
    for _ in 0..100 {
        if app.store.job_ran("retention", &period(now, hour)).await.unwrap() {
            claimed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(claimed, "the server ran no pass this hour");
    // Another node now finds it taken; the next hour is free once.
    let store = &app.store;
    let next = now + chrono::Duration::hours(1);
    assert!(!store.record_job_run("retention", &period(now, hour), &[], now).await.unwrap());
    assert!(store.record_job_run("retention", &period(next, hour), &[], next).await.unwrap());
    assert!(!store.record_job_run("retention", &period(next, hour), &[], next).await.unwrap());
    // Records older than a day are forgotten by the sweep; younger ones kept.
    let old = now - chrono::Duration::days(2);
    assert!(store.record_job_run("retention", &period(old, hour), &[], old).await.unwrap());
    fritid_server::retention::sweep_allowances(store, now).await.unwrap();
    assert!(!store.job_ran("retention", &period(old, hour)).await.unwrap());
    assert!(store.job_ran("retention", &period(next, hour)).await.unwrap());
    // A period is a clock hour, the same on every node.
    let top = chrono::DateTime::from_timestamp(now.timestamp() / 3600 * 3600, 0).unwrap();
    assert_eq!(period(top, hour), period(top + chrono::Duration::seconds(3599), hour));
    assert_ne!(period(top, hour), period(top + chrono::Duration::seconds(3600), hour));
}

/// Two nodes' login throttles over one database (as `fritid serve` builds them on
/// PostgreSQL; here on both databases): guesses spread over both are throttled at the
/// count of one, even when sent at once.
#[tokio::test]
async fn failed_logins_in_the_database_count_for_every_node() {
    use fritid_app::AppError;
    use fritid_app::throttle::{LoginThrottle, StoreFailureLog, ThrottleConfig};
    use std::sync::Arc;

    let test = TestApp::spawn().await;
    let config = ThrottleConfig {
        enabled: true,
        max_failures_per_account: 3,
        max_failures_per_client: 100,
        window: Duration::from_secs(60),
    };
    let node = || {
        Arc::new(LoginThrottle::new(config.clone(), Box::new(StoreFailureLog(test.store.clone()))))
    };
    let (a, b) = (node(), node());
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..12 {
        let throttle = if i % 2 == 0 { a.clone() } else { b.clone() };
        guesses.spawn(async move { throttle.begin("kari@example.no", "203.0.113.7").await });
    }
    let (mut granted, mut refused) = (Vec::new(), 0);
    while let Some(answer) = guesses.join_next().await {
        match answer.unwrap() {
            Ok(attempt) => granted.push(attempt),
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=61).contains(&retry_after_secs), "{retry_after_secs}");
                refused += 1;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!((granted.len(), refused), (3, 9));
    // A right password on node B gives the account a fresh start on node A too.
    b.succeeded(granted.pop().unwrap()).await;
    let again = a.begin("kari@example.no", "203.0.113.7").await.unwrap();
    assert!(again.is_some());
    assert!(b.begin("kari@example.no", "203.0.113.8").await.unwrap().is_some());
    assert!(a.begin("kari@example.no", "203.0.113.9").await.unwrap().is_some());
    assert!(b.begin("kari@example.no", "203.0.113.9").await.is_err(), "three again");
}

/// Two nodes' sign-up limits over the database (as `fritid serve` builds them on
/// PostgreSQL; here on both databases): one client spreading requests over both, at once,
/// gets the burst of one node, other clients and other limits keep their own, and the
/// allowance comes back at the configured rate.
#[tokio::test]
async fn client_limits_in_the_database_count_for_every_node() {
    use fritid_app::AppError;
    use fritid_app::limits::ClientLimit;
    use std::net::IpAddr;
    use std::sync::Arc;

    let test = TestApp::spawn().await;
    // 3 600 per hour: one request's cost is one second; bursts of 4.
    let node = |name| Arc::new(ClientLimit::shared(test.store.clone(), name, true, 3600, 4));
    let (a, b) = (node("signup"), node("signup"));
    let client: IpAddr = "203.0.113.7".parse().unwrap();
    let mut requests = tokio::task::JoinSet::new();
    for i in 0..10 {
        let limit = if i % 2 == 0 { a.clone() } else { b.clone() };
        requests.spawn(async move { limit.check(Some(client)).await });
    }
    let (mut granted, mut refused) = (0, 0);
    while let Some(answer) = requests.join_next().await {
        match answer.unwrap() {
            Ok(()) => granted += 1,
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=2).contains(&retry_after_secs), "{retry_after_secs}");
                refused += 1;
            }
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!((granted, refused), (4, 6));
    // Another client, another limit, and a request without an address are not affected.
    assert!(a.check(Some("203.0.113.8".parse().unwrap())).await.is_ok());
    assert!(node("register").check(Some(client)).await.is_ok());
    assert!(b.check(None).await.is_ok());
    // One second later one more request is allowed, on either node, and only one.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(b.check(Some(client)).await.is_ok());
    assert!(a.check(Some(client)).await.is_err());
    // Allowances whole again are deleted by the retention pass; running ones are kept.
    // (The client's is whole about four seconds from now, the other two in a second.)
    let later = Utc::now() + chrono::Duration::seconds(2);
    let swept = fritid_server::retention::sweep_allowances(&test.store, later).await.unwrap();
    assert_eq!(swept, 2, "the other client of `signup` and the client of `register`");
    assert!(a.check(Some(client)).await.is_err(), "the running allowance was kept");
}
