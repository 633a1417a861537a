//! Throttling of failed logins, per account and per client address.
//!
//! Failures are counted in a sliding window; when either count reaches its limit, further
//! attempts (even with the right password) get 429 with `Retry-After` until the oldest
//! failure leaves the window. A successful login clears the account's count.
//!
//! The counts live behind [`FailureLog`] so that a deployment with several API nodes can
//! keep them in PostgreSQL instead of process memory without touching the login handler.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Where failure times are kept.
pub trait FailureLog: Send + Sync + std::fmt::Debug {
    /// Failures of `key` newer than `since`: how many, and when the oldest of them was.
    fn recent(&self, key: &str, since: Instant) -> (usize, Option<Instant>);
    fn push(&self, key: &str, at: Instant);
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
    fn recent(&self, key: &str, since: Instant) -> (usize, Option<Instant>) {
        let Ok(mut map) = self.entries.lock() else {
            return (0, None);
        };
        match map.get_mut(key) {
            Some(times) => {
                while times.front().is_some_and(|t| *t <= since) {
                    times.pop_front();
                }
                (times.len(), times.front().copied())
            }
            None => (0, None),
        }
    }

    fn push(&self, key: &str, at: Instant) {
        let Ok(mut map) = self.entries.lock() else {
            return;
        };
        if map.len() > PRUNE_ABOVE {
            // Anything older than a day is certainly outside any sane window.
            let horizon = at.checked_sub(Duration::from_secs(86_400));
            map.retain(|_, times| match (times.back(), horizon) {
                (Some(last), Some(h)) => *last > h,
                _ => true,
            });
        }
        map.entry(key.to_owned()).or_default().push_back(at);
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

#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    log: Box<dyn FailureLog>,
}

impl LoginThrottle {
    pub fn new(config: ThrottleConfig, log: Box<dyn FailureLog>) -> Self {
        Self { config, log }
    }

    fn keys(account: &str, client: &str) -> (String, String) {
        (format!("account:{account}"), format!("client:{client}"))
    }

    /// `Err(retry_after)` when either the account or the client is over its limit.
    pub fn check(&self, account: &str, client: &str) -> Result<(), Duration> {
        if !self.config.enabled {
            return Ok(());
        }
        let now = Instant::now();
        let Some(since) = now.checked_sub(self.config.window) else {
            return Ok(());
        };
        let (account_key, client_key) = Self::keys(account, client);
        let mut wait = Duration::ZERO;
        for (key, limit) in [
            (account_key, self.config.max_failures_per_account),
            (client_key, self.config.max_failures_per_client),
        ] {
            let (count, oldest) = self.log.recent(&key, since);
            if count >= limit
                && let Some(oldest) = oldest
            {
                let until = oldest + self.config.window;
                wait = wait.max(until.saturating_duration_since(now));
            }
        }
        if wait.is_zero() {
            Ok(())
        } else {
            // Round up: "retry after 0 seconds" would invite an immediate retry.
            Err(Duration::from_secs(wait.as_secs() + 1))
        }
    }

    pub fn record_failure(&self, account: &str, client: &str) {
        if !self.config.enabled {
            return;
        }
        let now = Instant::now();
        let (account_key, client_key) = Self::keys(account, client);
        self.log.push(&account_key, now);
        self.log.push(&client_key, now);
    }

    pub fn record_success(&self, account: &str) {
        self.log.clear(&format!("account:{account}"));
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
            assert!(t.check("kari@example.no", "10.0.0.1").is_ok());
            t.record_failure("kari@example.no", "10.0.0.1");
        }
        let wait = t.check("kari@example.no", "10.0.0.2").unwrap_err();
        assert!(wait.as_secs() >= 1 && wait.as_secs() <= 61, "{wait:?}");
        assert!(t.check("ola@example.no", "10.0.0.1").is_ok());
    }

    #[test]
    fn client_limit_blocks_every_account_from_that_client() {
        let t = throttle(100, 2);
        t.record_failure("a@example.no", "10.0.0.1");
        t.record_failure("b@example.no", "10.0.0.1");
        assert!(t.check("c@example.no", "10.0.0.1").is_err());
        assert!(t.check("c@example.no", "10.0.0.9").is_ok());
    }

    #[test]
    fn success_clears_the_account_but_not_the_client() {
        let t = throttle(2, 3);
        t.record_failure("a@example.no", "10.0.0.1");
        t.record_success("a@example.no");
        t.record_failure("a@example.no", "10.0.0.1");
        assert!(t.check("a@example.no", "10.0.0.5").is_ok());
        t.record_failure("a@example.no", "10.0.0.1");
        assert!(t.check("z@example.no", "10.0.0.1").is_err());
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
        t.record_failure("a@example.no", "x");
        t.record_failure("a@example.no", "x");
        assert!(t.check("a@example.no", "x").is_ok());
    }
}
