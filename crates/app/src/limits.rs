//! Per-client limits on actions that cost the service or others something (registrations,
//! anonymous sign-ups): GCRA via the `governor` crate (MIT/Apache, well kept; the actix
//! wrapper `actix-governor` is GPL and not used). Keys are client IP addresses; state is
//! process-local, which is right for one node.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::AppError;

/// One limit: `per_hour` requests per client per hour, in bursts of up to `burst`.
#[derive(Debug)]
pub struct ClientLimit {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl ClientLimit {
    /// `None` for either number, or `enabled: false`, disables the limit.
    pub fn new(enabled: bool, per_hour: u32, burst: u32) -> Self {
        let limiter = match (enabled, NonZeroU32::new(per_hour), NonZeroU32::new(burst)) {
            (true, Some(rate), Some(burst)) => {
                Some(RateLimiter::keyed(Quota::per_hour(rate).allow_burst(burst)))
            }
            _ => None,
        };
        Self { limiter }
    }

    /// `Err(TooManyRequests)` when the client is over the limit (`None`: no address known).
    pub fn check(&self, client: Option<IpAddr>) -> Result<(), AppError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let Some(ip) = client else {
            return Ok(());
        };
        limiter.check_key(&ip).map_err(|not_until| {
            let wait: Duration = not_until.wait_time_from(DefaultClock::default().now());
            AppError::TooManyRequests { retry_after_secs: wait.as_secs() + 1 }
        })?;
        // Forget idle clients now and then so memory stays bounded.
        if limiter.len() > 10_000 {
            limiter.retain_recent();
        }
        Ok(())
    }
}
