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
    // A period is a clock hour, the same on every node.
    let top = chrono::DateTime::from_timestamp(now.timestamp() / 3600 * 3600, 0).unwrap();
    assert_eq!(period(top, hour), period(top + chrono::Duration::seconds(3599), hour));
    assert_ne!(period(top, hour), period(top + chrono::Duration::seconds(3600), hour));
}
