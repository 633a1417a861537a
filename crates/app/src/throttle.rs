//! Throttling of password guesses, per account and per client address.
//!
//! Every attempt is *reserved* before the password is checked: the check and the reservation
//! happen atomically, so N attempts sent in parallel count as N, not as zero until the
//! first hash finishes. A wrong password leaves its reservation in place (it is the
//! failure); a right one releases it and clears the account's count. When either count
//! reaches its limit within the window, further attempts (even with the right password) get
//! 429 with `Retry-After` until the oldest failure leaves the window.
//!
//! The counts live behind [`FailureLog`]: in process memory for one node (SQLite), in the
//! database when several nodes share PostgreSQL ([`StoreFailureLog`]), so that guesses
//! spread over N nodes are throttled at the same count as on one. Times are wall-clock
//! microseconds, the same on every node.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

use fritid_persistence::Store;

use crate::AppError;

/// What a [`FailureLog`] answers, later.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = Result<T, AppError>> + Send + 'a>>;

/// Where failure times are kept.
pub trait FailureLog: Send + Sync + std::fmt::Debug {
    /// Atomically: when every key has fewer than its limit of entries newer than `since`,
    /// adds `at` to each and answers `Ok`; otherwise adds nothing and answers the oldest
    /// entry of a key that is full (the time it frees a place is that plus the window).
    fn try_push<'a>(
        &'a self, keys: &'a [(&'a str, usize)], since: i64, at: i64,
    ) -> Pending<'a, Result<(), i64>>;
    /// Removes one entry `at` of `key` (a reservation given back).
    fn remove<'a>(&'a self, key: &'a str, at: i64) -> Pending<'a, ()>;
    fn clear<'a>(&'a self, key: &'a str) -> Pending<'a, ()>;
}

/// Process-local log: right for a single node.
#[derive(Debug, Default)]
pub struct InMemoryFailureLog {
    entries: Mutex<HashMap<String, VecDeque<i64>>>,
}

/// Beyond this many tracked keys, expired ones are pruned on insert so memory stays bounded
/// under a spray of addresses.
const PRUNE_ABOVE: usize = 10_000;

impl InMemoryFailureLog {
    fn push_now(&self, keys: &[(&str, usize)], since: i64, at: i64) -> Result<(), i64> {
        let Ok(mut map) = self.entries.lock() else {
            // A poisoned lock means a panic elsewhere; refuse rather than let guesses through.
            return Err(at);
        };
        let mut full: Option<i64> = None;
        for (key, limit) in keys {
            if let Some(times) = map.get_mut(*key) {
                while times.front().is_some_and(|t| *t <= since) {
                    times.pop_front();
                }
                if times.len() >= *limit
                    && let Some(oldest) = times.front()
                {
                    full = Some(full.map_or(*oldest, |f| f.max(*oldest)));
                }
            } else if *limit == 0 {
                full = Some(at);
            }
        }
        if let Some(oldest) = full {
            return Err(oldest);
        }
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, times| times.back().is_some_and(|last| *last > since));
        }
        for (key, _) in keys {
            map.entry((*key).to_owned()).or_default().push_back(at);
        }
        Ok(())
    }
}

impl FailureLog for InMemoryFailureLog {
    fn try_push<'a>(
        &'a self, keys: &'a [(&'a str, usize)], since: i64, at: i64,
    ) -> Pending<'a, Result<(), i64>> {
        let answer = self.push_now(keys, since, at);
        Box::pin(async move { Ok(answer) })
    }

    fn remove<'a>(&'a self, key: &'a str, at: i64) -> Pending<'a, ()> {
        if let Ok(mut map) = self.entries.lock()
            && let Some(times) = map.get_mut(key)
            && let Some(i) = times.iter().rposition(|t| *t == at)
        {
            times.remove(i);
        }
        Box::pin(async { Ok(()) })
    }

    fn clear<'a>(&'a self, key: &'a str) -> Pending<'a, ()> {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(key);
        }
        Box::pin(async { Ok(()) })
    }
}

/// The log in the database (`login_failures`): shared by every node on it.
#[derive(Debug)]
pub struct StoreFailureLog(pub Store);

impl FailureLog for StoreFailureLog {
    fn try_push<'a>(
        &'a self, keys: &'a [(&'a str, usize)], since: i64, at: i64,
    ) -> Pending<'a, Result<(), i64>> {
        Box::pin(async move { Ok(self.0.try_push_failures(keys, since, at).await?) })
    }

    fn remove<'a>(&'a self, key: &'a str, at: i64) -> Pending<'a, ()> {
        Box::pin(async move { Ok(self.0.remove_failure(key, at).await?) })
    }

    fn clear<'a>(&'a self, key: &'a str) -> Pending<'a, ()> {
        Box::pin(async move { Ok(self.0.clear_failures(key).await?) })
    }
}

#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    pub enabled: bool,
    pub max_failures_per_account: usize,
    pub max_failures_per_client: usize,
    pub window: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            max_failures_per_account: 5,
            max_failures_per_client: 50,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// A reserved attempt: counted as a failure unless [`LoginThrottle::succeeded`] or
/// [`LoginThrottle::release`] gives it back.
#[derive(Debug)]
#[must_use = "an attempt stays counted as a failure unless it is resolved"]
pub struct Attempt {
    account_key: String,
    client_key: String,
    at: i64,
}

#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    log: Box<dyn FailureLog>,
}

impl LoginThrottle {
    pub fn new(config: ThrottleConfig, log: Box<dyn FailureLog>) -> Self {
        Self { config, log }
    }

    /// Reserves one attempt for `account` from `client`. `Ok(None)` when throttling is off;
    /// `TooManyRequests` when either is over its limit.
    pub async fn begin(&self, account: &str, client: &str) -> Result<Option<Attempt>, AppError> {
        if !self.config.enabled {
            return Ok(None);
        }
        let now = chrono::Utc::now().timestamp_micros();
        let window = i64::try_from(self.config.window.as_micros()).unwrap_or(i64::MAX);
        let since = now.saturating_sub(window);
        let attempt = Attempt {
            account_key: format!("account:{account}"),
            client_key: format!("client:{client}"),
            at: now,
        };
        let keys = [
            (attempt.account_key.as_str(), self.config.max_failures_per_account),
            (attempt.client_key.as_str(), self.config.max_failures_per_client),
        ];
        match self.log.try_push(&keys, since, now).await? {
            Ok(()) => Ok(Some(attempt)),
            Err(oldest) => {
                let wait = oldest.saturating_add(window).saturating_sub(now).max(0);
                // Round up: "retry after 0 seconds" would invite an immediate retry.
                let secs = u64::try_from(wait / 1_000_000).unwrap_or(0) + 1;
                Err(AppError::TooManyRequests { retry_after_secs: secs })
            }
        }
    }

    /// The password was right: the attempt is not a failure, and the account starts afresh.
    pub async fn succeeded(&self, attempt: Option<Attempt>) {
        if let Some(a) = attempt {
            let given_back = self.log.remove(&a.client_key, a.at).await;
            let cleared = self.log.clear(&a.account_key).await;
            if let Err(e) = given_back.and(cleared) {
                tracing::warn!(error = %e, "login throttle: a successful attempt stays counted");
            }
        }
    }

    /// The attempt never reached the password check (the server was busy): give it back.
    pub async fn release(&self, attempt: Option<Attempt>) {
        if let Some(a) = attempt {
            let client = self.log.remove(&a.client_key, a.at).await;
            let account = self.log.remove(&a.account_key, a.at).await;
            if let Err(e) = client.and(account) {
                tracing::warn!(error = %e, "login throttle: a released attempt stays counted");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(per_account: usize, per_client: usize) -> LoginThrottle {
        LoginThrottle::new(
            ThrottleConfig {
                enabled: true,
                max_failures_per_account: per_account,
                max_failures_per_client: per_client,
                window: Duration::from_secs(60),
            },
            Box::<InMemoryFailureLog>::default(),
        )
    }

    #[tokio::test]
    async fn account_limit_blocks_with_a_retry_time() {
        let t = throttle(3, 100);
        for _ in 0..3 {
            let _failed = t.begin("kari@example.no", "10.0.0.1").await.unwrap();
        }
        let refused = t.begin("kari@example.no", "10.0.0.2").await.unwrap_err();
        let AppError::TooManyRequests { retry_after_secs } = refused else {
            panic!("{refused:?}");
        };
        assert!((1..=61).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(t.begin("ola@example.no", "10.0.0.1").await.is_ok());
    }

    #[tokio::test]
    async fn parallel_attempts_count_before_any_finishes() {
        let t = throttle(5, 100);
        // Thirty reservations without any of them being resolved: only five get through.
        let mut granted = Vec::new();
        for _ in 0..30 {
            if let Ok(attempt) = t.begin("kari@example.no", "10.0.0.1").await {
                granted.push(attempt);
            }
        }
        assert_eq!(granted.len(), 5);
    }

    #[tokio::test]
    async fn client_limit_blocks_every_account_from_that_client() {
        let t = throttle(100, 2);
        let _a = t.begin("a@example.no", "10.0.0.1").await.unwrap();
        let _b = t.begin("b@example.no", "10.0.0.1").await.unwrap();
        assert!(t.begin("c@example.no", "10.0.0.1").await.is_err());
        assert!(t.begin("c@example.no", "10.0.0.9").await.is_ok());
    }

    #[tokio::test]
    async fn success_clears_the_account_and_gives_back_the_client_place() {
        let t = throttle(2, 2);
        let _failed = t.begin("a@example.no", "10.0.0.1").await.unwrap();
        let ok = t.begin("a@example.no", "10.0.0.1").await.unwrap();
        t.succeeded(ok).await;
        // The account starts afresh; the client has one failure and one free place.
        let _again = t.begin("a@example.no", "10.0.0.1").await.unwrap();
        assert!(t.begin("z@example.no", "10.0.0.1").await.is_err());
    }

    #[tokio::test]
    async fn released_attempts_do_not_count() {
        let t = throttle(1, 1);
        let a = t.begin("a@example.no", "10.0.0.1").await.unwrap();
        t.release(a).await;
        assert!(t.begin("a@example.no", "10.0.0.1").await.is_ok());
    }

    #[tokio::test]
    async fn disabled_throttle_never_blocks() {
        let t = LoginThrottle::new(
            ThrottleConfig {
                enabled: false,
                max_failures_per_account: 1,
                ..ThrottleConfig::default()
            },
            Box::<InMemoryFailureLog>::default(),
        );
        for _ in 0..3 {
            assert!(t.begin("a@example.no", "x").await.unwrap().is_none());
        }
    }
}
