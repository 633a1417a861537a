//! The retention job: sign-ups are erased a configured time after their opportunity closed
//! (or ended), and the web sessions that have ended are deleted. Runs at start and then
//! hourly; the work is idempotent, so several nodes running it at once do no harm.

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

/// Runs [`run_once`] every `every`, for as long as the process lives.
pub fn spawn(store: Store, retention_days: u32, every: Duration) {
    let retention = chrono::Duration::days(i64::from(retention_days));
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            ticker.tick().await;
            match run_once(&store, retention, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(erased = n, "retention: erased expired sign-ups"),
                Err(e) => tracing::warn!(error = %e, "retention pass failed; will retry"),
            }
            match sweep_sessions(&store, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "retention: deleted ended web sessions"),
                Err(e) => tracing::warn!(error = %e, "session sweep failed; will retry"),
            }
        }
    });
}
