//! `GET /metrics`: Prometheus text format (the `prometheus` crate, Apache-2.0): requests by
//! route, method and status; latency histograms by route and method; database pool usage;
//! the e-mail outbox's messages by status (read from the database, so every node reports the
//! whole outbox).
//!
//! Access: with `FRITID_METRICS_TOKEN` set, only requests bearing that token; without it, only
//! requests from the loopback interface (a scraper on the same host or a sidecar).

use crate::context::{Cx, Reply};
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

use fritid_domain::mail::MailStatus;

use crate::problem::ApiError;

#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_open: IntGauge,
    pool_idle: IntGauge,
    pool_max: IntGauge,
    mail: IntGaugeVec,
    token: Option<String>,
}

impl Metrics {
    pub fn new(token: Option<String>) -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("fritid".to_owned()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered"),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, in seconds")
                .buckets(vec![
                    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                ]),
            &["route", "method"],
        )?;
        let pool_open = IntGauge::new("db_pool_connections", "Open database connections")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Idle database connections")?;
        let pool_max = IntGauge::new("db_pool_max_connections", "Pool size limit")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_open.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        registry.register(Box::new(pool_max.clone()))?;
        let mail = IntGaugeVec::new(
            Opts::new(
                "mail_messages",
                "E-mail messages in the outbox by status (queued, sent, failed)",
            ),
            &["status"],
        )?;
        registry.register(Box::new(mail.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            pool_open,
            pool_idle,
            pool_max,
            mail,
            token: token.filter(|t| !t.is_empty()),
        })
    }

    /// Records one answered request. `route` is the matched pattern, so ids do not explode
    /// the label set; unmatched paths share one label.
    pub fn observe(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        self.requests.with_label_values(&[route, method, &status.to_string()]).inc();
        self.latency.with_label_values(&[route, method]).observe(elapsed.as_secs_f64());
    }

    fn allowed(&self, req: &HttpRequest) -> bool {
        match &self.token {
            Some(token) => req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|given| constant_time_eq(given.as_bytes(), token.as_bytes())),
            // The client, not the peer: through a trusted proxy on this machine, a remote
            // client is not loopback.
            None => crate::client_ip(req).is_some_and(|ip| ip.is_loopback()),
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Metrics for Prometheus.
#[get("/metrics")]
pub async fn metrics(cx: Cx) -> Reply {
    let m = &cx.metrics;
    if !m.allowed(&cx.req) {
        // Not found rather than forbidden: the endpoint is not part of the public surface.
        return Err(ApiError::NOT_FOUND);
    }
    let (open, idle, max) = cx.app.pool_stats();
    m.pool_open.set(i64::from(open));
    m.pool_idle.set(i64::try_from(idle).unwrap_or(i64::MAX));
    m.pool_max.set(i64::from(max));
    // The outbox is counted in the database; while it cannot be read, the last figures stay.
    match cx.app.outbox_counts().await {
        Ok(counts) => {
            for status in MailStatus::ALL {
                let n = counts.iter().find(|(s, _)| *s == status).map_or(0, |(_, n)| *n);
                m.mail
                    .with_label_values(&[status.as_str()])
                    .set(i64::try_from(n).unwrap_or(i64::MAX));
            }
        }
        Err(e) => tracing::warn!(error = %e, "metrics: the outbox could not be counted"),
    }
    let mut out = Vec::new();
    TextEncoder::new().encode(&m.registry.gather(), &mut out).map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(out))
}
