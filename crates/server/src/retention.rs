//! The retention job: sign-ups are erased a configured time after their opportunity closed
//! (or ended), the web sessions that have ended are deleted, and so are the per-client
//! allowances that are whole again. Runs at start and then hourly, once per hour across all
//! nodes on one database: a node runs a pass only when it is the one that records the hour
//! in `job_runs` (whose key lets one node record it).

use std::time::Duration;

use chrono::{DateTime, Utc};
use fritid_persistence::Store;

/// One pass, as of `now`: erases sign-ups whose opportunity closed more than `retention`
/// before it. Returns how many were erased.
pub async fn run_once(
    store: &Store, retention: chrono::Duration, now: DateTime<Utc>,
) -> Result<u64, fritid_persistence::StoreError> {
    store.erase_expired_signups(now - retention, now).await
}

/// Deletes the web sessions that have ended by `now` (see `fritid_app::sessions`).
pub async fn sweep_sessions(
    store: &Store, now: DateTime<Utc>,
) -> Result<u64, fritid_persistence::StoreError> {
    store.delete_ended_web_sessions(now, now - fritid_app::sessions::SESSION_IDLE).await
}

/// Deletes the per-client allowances (`fritid_app::limits`) that are whole again by `now`,
/// and the record of retention passes older than a day (an hour that has passed is never
/// claimed again). Returns how many allowances.
pub async fn sweep_allowances(
    store: &Store, now: DateTime<Utc>,
) -> Result<u64, fritid_persistence::StoreError> {
    store.forget_job_runs("retention", now - chrono::Duration::days(1)).await?;
    store.prune_client_allowances(now.timestamp_micros()).await
}

/// The period of `every` that `now` falls in, as `job_runs` records it: the same on every
/// node (`3600:493182` is one hour).
pub fn period(now: DateTime<Utc>, every: Duration) -> String {
    let seconds = every.as_secs().max(1);
    format!("{seconds}:{}", now.timestamp().div_euclid(seconds as i64))
}

/// Runs [`run_once`], [`sweep_sessions`] and [`sweep_allowances`] once per `every` across
/// all nodes, for as long as the process lives.
pub fn spawn(store: Store, retention_days: u32, every: Duration) {
    let retention = chrono::Duration::days(i64::from(retention_days));
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            let now = Utc::now();
            let period = period(now, every);
            match store.record_job_run("retention", &period, &[], now).await {
                Ok(true) => tracing::info!(%period, "retention: this node runs the period's pass"),
                Ok(false) => {
                    tracing::debug!("retention: this period's pass ran on another node");
                    continue;
                }
                Err(e) => {
                    tracing::warn!(error = %e, "retention: could not claim the pass; will retry");
                    continue;
                }
            }
            match run_once(&store, retention, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(erased = n, "retention: erased expired sign-ups"),
                Err(e) => tracing::warn!(error = %e, "retention pass failed; will retry"),
            }
            match sweep_sessions(&store, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "retention: deleted ended web sessions"),
                Err(e) => tracing::warn!(error = %e, "session sweep failed; will retry"),
            }
            match sweep_allowances(&store, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(deleted = n, "retention: deleted whole client allowances"),
                Err(e) => tracing::warn!(error = %e, "allowance sweep failed; will retry"),
            }
        }
    });
}
