//! Per-client limits on actions that cost the service or others something (registrations,
//! reset links, anonymous sign-ups), keyed by client address; and the limit on links e-mailed
//! to one address, keyed by a hash of the address ([`address_key`]). GCRA in both places
//! they can live: in process memory through the `governor` crate (MIT/Apache, well kept;
//! the actix wrapper `actix-governor` is GPL and not used) for one node on SQLite, and in the
//! database's `client_limits` table when several nodes share PostgreSQL, so that a client
//! spreading requests over N nodes gets the allowance of one, not N.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use fritid_domain::account::Email;
use fritid_persistence::Store;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::AppError;

const HOUR_MICROS: i64 = 3_600_000_000;

/// One limit: `per_hour` requests per client (or other key) per hour, in bursts of up to
/// `burst`.
#[derive(Debug)]
pub struct ClientLimit {
    counter: Counter,
}

#[derive(Debug)]
enum Counter {
    Off,
    Local(DefaultKeyedRateLimiter<String>),
    Shared {
        store: Store,
        /// Names the limit in the keys of `client_limits`.
        name: &'static str,
        /// What one request costs, in microseconds.
        interval: i64,
        burst: u32,
    },
}

impl ClientLimit {
    /// Counted in this process. Zero for either number, or `enabled: false`, disables it.
    pub fn local(enabled: bool, per_hour: u32, burst: u32) -> Self {
        let counter = match (enabled, NonZeroU32::new(per_hour), NonZeroU32::new(burst)) {
            (true, Some(rate), Some(burst)) => {
                Counter::Local(RateLimiter::keyed(Quota::per_hour(rate).allow_burst(burst)))
            }
            _ => Counter::Off,
        };
        Self { counter }
    }

    /// Counted in the database under `name`, shared by every node on it.
    pub fn shared(
        store: Store, name: &'static str, enabled: bool, per_hour: u32, burst: u32,
    ) -> Self {
        let counter = if enabled && per_hour > 0 && burst > 0 {
            let interval = (HOUR_MICROS / i64::from(per_hour)).max(1);
            Counter::Shared { store, name, interval, burst }
        } else {
            Counter::Off
        };
        Self { counter }
    }

    /// Counted where the store's nodes can share it: in the database on PostgreSQL, in this
    /// process on SQLite (one node by nature).
    pub fn for_store(
        store: &Store, name: &'static str, enabled: bool, per_hour: u32, burst: u32,
    ) -> Self {
        match store.backend() {
            fritid_persistence::Backend::Postgres => {
                Self::shared(store.clone(), name, enabled, per_hour, burst)
            }
            fritid_persistence::Backend::Sqlite => Self::local(enabled, per_hour, burst),
        }
    }

    /// Counts one request of `client`: `Err(TooManyRequests)` when it is over the limit
    /// (`None`: no address known, not limited).
    pub async fn check(&self, client: Option<IpAddr>) -> Result<(), AppError> {
        match client {
            Some(ip) => self.check_key(ip.to_string()).await,
            None => Ok(()),
        }
    }

    /// Counts one request under `key` (a client address, or [`address_key`]).
    pub async fn check_key(&self, key: String) -> Result<(), AppError> {
        let wait = match &self.counter {
            Counter::Off => return Ok(()),
            Counter::Local(limiter) => {
                let answer = limiter
                    .check_key(&key)
                    .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()));
                // Forget idle clients now and then so memory stays bounded.
                if limiter.len() > 10_000 {
                    limiter.retain_recent();
                }
                answer
            }
            Counter::Shared { store, name, interval, burst } => {
                let now = chrono::Utc::now().timestamp_micros();
                let key = format!("{name}:{key}");
                store
                    .take_client_allowance(&key, *interval, *burst, now)
                    .await?
                    .map_err(|micros| Duration::from_micros(micros.unsigned_abs()))
            }
        };
        wait.map_err(|wait| AppError::TooManyRequests { retry_after_secs: wait.as_secs() + 1 })
    }
}

/// The key of an e-mail address in a limit: a hash of it (parsed, so in lower case: however
/// it was typed, it counts as one), so that the `client_limits` table holds no address.
pub fn address_key(address: &Email) -> String {
    crate::auth::hash_token(address.as_str())
}
