//! The per-client request limit of the API (GCRA, via the `governor` crate: MIT/Apache, well kept; the
//! actix wrapper `actix-governor` is GPL and not used). Keys are client IP addresses; state
//! is process-local, which is right for one node (see the README for several).

use std::net::IpAddr;
use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{Quota, RateLimiter};

/// The general per-client limit on the API, with `RateLimit-*` headers on every answer
/// (draft-ietf-httpapi-ratelimit-headers) so well-behaved clients can pace themselves.
#[derive(Debug)]
pub struct ApiLimit {
    limiter: Option<
        RateLimiter<
            IpAddr,
            governor::state::keyed::DefaultKeyedStateStore<IpAddr>,
            DefaultClock,
            governor::middleware::StateInformationMiddleware,
        >,
    >,
    burst: u32,
}

/// What a request learned about its budget.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the budget is full again.
    pub reset_secs: u64,
}

impl ApiLimit {
    pub fn new(enabled: bool, per_minute: u32, burst: u32) -> Self {
        let limiter = match (enabled, NonZeroU32::new(per_minute), NonZeroU32::new(burst)) {
            (true, Some(rate), Some(b)) => Some(
                RateLimiter::keyed(Quota::per_minute(rate).allow_burst(b))
                    .with_middleware::<governor::middleware::StateInformationMiddleware>(),
            ),
            _ => None,
        };
        Self { limiter, burst }
    }

    /// `Ok(None)` when limits are off; `Err((retry_after, budget))` when over the limit.
    pub fn check(&self, ip: IpAddr) -> Result<Option<Budget>, (u64, Budget)> {
        let Some(limiter) = &self.limiter else {
            return Ok(None);
        };
        if limiter.len() > 100_000 {
            limiter.retain_recent();
        }
        match limiter.check_key(&ip) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let per_cell = snapshot.quota().replenish_interval();
                let reset = per_cell * (self.burst.saturating_sub(remaining));
                Ok(Some(Budget {
                    limit: self.burst,
                    remaining,
                    reset_secs: reset.as_secs() + u64::from(reset.subsec_nanos() > 0),
                }))
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                let secs = wait.as_secs() + 1;
                Err((secs, Budget { limit: self.burst, remaining: 0, reset_secs: secs }))
            }
        }
    }
}
