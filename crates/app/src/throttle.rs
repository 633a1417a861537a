//! Throttling of password guesses, per account and per client address.
//!
//! Every attempt is *reserved* before the password is checked: the check and the reservation
//! happen under one lock, so N attempts sent in parallel count as N, not as zero until the
//! first hash finishes. A wrong password leaves its reservation in place (it is the
//! failure); a right one releases it and clears the account's count. When either count
//! reaches its limit within the window, further attempts (even with the right password) get
//! 429 with `Retry-After` until the oldest failure leaves the window.
//!
//! The counts live behind [`FailureLog`] so that a deployment with several API nodes can
//! keep them in PostgreSQL instead of process memory without touching the callers.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Where failure times are kept.
pub trait FailureLog: Send + Sync + std::fmt::Debug {
    /// Atomically: when every key has fewer than its limit of entries newer than `since`,
    /// adds `at` to each and answers `Ok`; otherwise adds nothing and answers the oldest
    /// entry of a key that is full (the time it frees a place is that plus the window).
    fn try_push(&self, keys: &[(&str, usize)], since: Instant, at: Instant) -> Result<(), Instant>;
    /// Removes one entry `at` of `key` (a reservation given back).
    fn remove(&self, key: &str, at: Instant);
    fn clear(&self, key: &str);
}

/// Process-local log: right for a single node.
#[derive(Debug, Default)]
pub struct InMemoryFailureLog {
    entries: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Beyond this many tracked keys, expired ones are pruned on insert so memory stays bounded
/// under a spray of addresses.
const PRUNE_ABOVE: usize = 10_000;

impl FailureLog for InMemoryFailureLog {
    fn try_push(&self, keys: &[(&str, usize)], since: Instant, at: Instant) -> Result<(), Instant> {
        let Ok(mut map) = self.entries.lock() else {
            // A poisoned lock means a panic elsewhere; refuse rather than let guesses through.
            return Err(at);
        };
        let mut full: Option<Instant> = None;
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

    fn remove(&self, key: &str, at: Instant) {
        if let Ok(mut map) = self.entries.lock()
            && let Some(times) = map.get_mut(key)
            && let Some(i) = times.iter().rposition(|t| *t == at)
        {
            times.remove(i);
        }
    }

    fn clear(&self, key: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(key);
        }
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
    at: Instant,
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
    /// `Err(retry_after)` when either is over its limit.
    pub fn begin(&self, account: &str, client: &str) -> Result<Option<Attempt>, Duration> {
        if !self.config.enabled {
            return Ok(None);
        }
        let now = Instant::now();
        let Some(since) = now.checked_sub(self.config.window) else {
            return Ok(None);
        };
        let attempt = Attempt {
            account_key: format!("account:{account}"),
            client_key: format!("client:{client}"),
            at: now,
        };
        let keys = [
            (attempt.account_key.as_str(), self.config.max_failures_per_account),
            (attempt.client_key.as_str(), self.config.max_failures_per_client),
        ];
        match self.log.try_push(&keys, since, now) {
            Ok(()) => Ok(Some(attempt)),
            Err(oldest) => {
                let wait = (oldest + self.config.window).saturating_duration_since(now);
                // Round up: "retry after 0 seconds" would invite an immediate retry.
                Err(Duration::from_secs(wait.as_secs() + 1))
            }
        }
    }

    /// The password was right: the attempt is not a failure, and the account starts afresh.
    pub fn succeeded(&self, attempt: Option<Attempt>) {
        if let Some(a) = attempt {
            self.log.remove(&a.client_key, a.at);
            self.log.clear(&a.account_key);
        }
    }

    /// The attempt never reached the password check (the server was busy): give it back.
    pub fn release(&self, attempt: Option<Attempt>) {
        if let Some(a) = attempt {
            self.log.remove(&a.client_key, a.at);
            self.log.remove(&a.account_key, a.at);
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

    #[test]
    fn account_limit_blocks_with_a_retry_time() {
        let t = throttle(3, 100);
        for _ in 0..3 {
            let _failed = t.begin("kari@example.no", "10.0.0.1").unwrap();
        }
        let wait = t.begin("kari@example.no", "10.0.0.2").unwrap_err();
        assert!(wait.as_secs() >= 1 && wait.as_secs() <= 61, "{wait:?}");
        assert!(t.begin("ola@example.no", "10.0.0.1").is_ok());
    }

    #[test]
    fn parallel_attempts_count_before_any_finishes() {
        let t = throttle(5, 100);
        // Thirty reservations without any of them being resolved: only five get through.
        let granted: Vec<_> =
            (0..30).filter_map(|_| t.begin("kari@example.no", "10.0.0.1").ok()).collect();
        assert_eq!(granted.len(), 5);
    }

    #[test]
    fn client_limit_blocks_every_account_from_that_client() {
        let t = throttle(100, 2);
        let _a = t.begin("a@example.no", "10.0.0.1").unwrap();
        let _b = t.begin("b@example.no", "10.0.0.1").unwrap();
        assert!(t.begin("c@example.no", "10.0.0.1").is_err());
        assert!(t.begin("c@example.no", "10.0.0.9").is_ok());
    }

    #[test]
    fn success_clears_the_account_and_gives_back_the_client_place() {
        let t = throttle(2, 2);
        let _failed = t.begin("a@example.no", "10.0.0.1").unwrap();
        let ok = t.begin("a@example.no", "10.0.0.1").unwrap();
        t.succeeded(ok);
        // The account starts afresh; the client has one failure and one free place.
        let _again = t.begin("a@example.no", "10.0.0.1").unwrap();
        assert!(t.begin("z@example.no", "10.0.0.1").is_err());
    }

    #[test]
    fn released_attempts_do_not_count() {
        let t = throttle(1, 1);
        let a = t.begin("a@example.no", "10.0.0.1").unwrap();
        t.release(a);
        assert!(t.begin("a@example.no", "10.0.0.1").is_ok());
    }

    #[test]
    fn disabled_throttle_never_blocks() {
        let t = LoginThrottle::new(
            ThrottleConfig {
                enabled: false,
                max_failures_per_account: 1,
                ..ThrottleConfig::default()
            },
            Box::<InMemoryFailureLog>::default(),
        );
        for _ in 0..3 {
            assert!(t.begin("a@example.no", "x").unwrap().is_none());
        }
    }
}
