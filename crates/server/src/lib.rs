//! The Fritid server: configuration, wiring and the process lifecycle. Thin by design; the
//! behaviour lives in `fritid-http`, `fritid-persistence` and `fritid-domain`.

pub mod config;
pub mod mail;
pub mod mail_jobs;
pub mod retention;
pub mod search;
pub mod seed;

use fritid_domain::text::comma_items;
use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::HttpServer;
use actix_web::dev::Server;
use anyhow::Context;
use fritid_app::auth::{AuthConfig, Secret};
use fritid_app::mail::MailSettings;
use fritid_app::throttle::ThrottleConfig;
use fritid_app::{App, Settings, VolunteeringConfig};
use fritid_http::{ApiLimits, AppConfig, AppState};
use fritid_persistence::{ConnectOptions, Store};

pub use config::Config;

/// A server that is bound and ready to be awaited.
pub struct Running {
    pub server: Server,
    pub addr: SocketAddr,
    pub store: Store,
    /// Delivers the outbox; stop it after the server, before closing the store.
    pub mail: mail::Worker,
    /// The use cases the server serves (the tests run the scheduled jobs through them).
    pub app: App,
    /// Writes the scheduled messages; stop it after the server, before the mail worker.
    pub jobs: mail_jobs::Jobs,
}

/// Opens the database, applies pending migrations (reference data included), and binds the
/// listener. Awaiting `server` serves until SIGTERM/SIGINT (unless `handle_signals` is false),
/// then finishes in-flight requests before returning.
pub async fn start(config: &Config, handle_signals: bool) -> anyhow::Result<Running> {
    let trusted_proxies: fritid_http::client::TrustedProxies = config
        .trusted_proxies
        .parse()
        .map_err(|e| anyhow::anyhow!("FRITID_TRUSTED_PROXIES: {e}"))?;
    let store = connect(config).await?;
    store.migrate().await.context("applying database migrations")?;

    retention::spawn(
        store.clone(),
        config.signup_retention_days,
        std::time::Duration::from_secs(3600),
    );
    // Bound first, so that the default public address names the real port (port 0 in
    // tests).
    let listener = std::net::TcpListener::bind(&config.bind)
        .with_context(|| format!("binding {}", config.bind))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let public_url = match config.public_url()? {
        Some(url) => url,
        None => format!("http://{addr}"),
    };
    let mut state = app_state(config, store.clone(), &public_url)?;
    state.app = search::attach(config, state.app).await?;
    search::follow(state.app.clone(), std::time::Duration::from_millis(config.search_follow_ms));
    let from = mail_from(config)?;
    let transport = mail::Transport::from_config(config)?;
    tracing::info!(transport = %transport.describe(), "mail: delivering the outbox");
    let mail = mail::Worker::spawn(store.clone(), transport, from);
    let app = state.app.clone();
    let jobs = mail_jobs::Jobs::spawn(app.clone(), mail_jobs::EVERY);
    let app_config = AppConfig {
        max_body_bytes: config.max_body_bytes,
        public_url,
        cors_origins: comma_items(&config.cors_origins).map(str::to_owned).collect(),
        trusted_proxies,
    };
    let spec = Arc::new(fritid_http::openapi_json());
    let pages = fritid_http::FrontDoor {
        routes: fritid_web::routes(fritid_web::WebConfig {
            public_url: app_config.public_url.clone(),
        }),
        error_page: fritid_web::error_page,
    };
    let mut server = HttpServer::new(move || {
        fritid_http::app(state.clone(), app_config.clone(), spec.clone(), Some(pages.clone()))
    })
    .shutdown_timeout(30);
    if let Some(workers) = config.workers {
        server = server.workers(workers);
    }
    if !handle_signals {
        server = server.disable_signals();
    }
    let server = server.listen(listener).with_context(|| format!("listening on {addr}"))?;
    Ok(Running { server: server.run(), addr, store, mail, app, jobs })
}

/// `FRITID_MAIL_FROM` as a mailbox.
fn mail_from(config: &Config) -> anyhow::Result<lettre::message::Mailbox> {
    config.mail_from.parse().with_context(|| {
        format!("FRITID_MAIL_FROM is not an address or a mailbox: {:?}", config.mail_from)
    })
}

/// The handlers' shared state for this configuration; e-mailed links start with
/// `public_url`.
pub fn app_state(config: &Config, store: Store, public_url: &str) -> anyhow::Result<AppState> {
    let mut auth = AuthConfig::new(Secret::new(config.load_jwt_secret()?));
    auth.access_ttl = std::time::Duration::from_secs(config.access_token_ttl_secs);
    let settings = Settings {
        auth,
        throttle: ThrottleConfig {
            enabled: config.rate_limits_enabled(),
            max_failures_per_account: config.login_max_failures,
            max_failures_per_client: config.login_max_failures_per_client,
            window: std::time::Duration::from_secs(config.login_window_secs),
        },
        volunteering: VolunteeringConfig {
            consent_age: config.consent_age,
            stale_after_days: config.stale_signup_days,
            signups_per_hour: config.signups_per_hour,
            signup_burst: config.signup_burst,
            retention_days: config.signup_retention_days,
        },
        registrations_per_hour: config.registrations_per_hour,
        registration_burst: config.registration_burst,
        invitations_per_hour: config.invitations_per_hour,
        invitation_burst: config.invitation_burst,
        mail: MailSettings { public_url: public_url.to_owned(), from: config.mail_from.clone() },
    };
    let limits = ApiLimits {
        enabled: config.rate_limits_enabled(),
        requests_per_minute: config.requests_per_minute,
        burst: config.request_burst,
    };
    AppState::new(
        App::new(store, settings),
        limits,
        config.metrics_token.clone(),
        std::time::Duration::from_millis(config.cache_ttl_ms),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Opens the database named by the configuration.
pub async fn connect(config: &Config) -> anyhow::Result<Store> {
    let mut options = ConnectOptions::new(config.database_url.clone());
    if let Some(n) = config.max_connections {
        options.max_connections = n;
    }
    Store::connect(&options)
        .await
        .with_context(|| format!("opening the database ({})", config.redacted_database_url()))
}
