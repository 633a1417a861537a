//! Configuration from the environment (names fixed by the API contract), with defaults that
//! need nothing installed: a SQLite file under `./data/`, listening on 127.0.0.1:8080.

use clap::Args;
use fritid_http::DEFAULT_MAX_BODY_BYTES;
use fritid_persistence::DEFAULT_SQLITE_URL;

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// `sqlite://path/to/file.db` or `postgres://user:password@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_SQLITE_URL, value_parser = non_empty, hide_env_values = true)]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "FRITID_BIND", default_value = "127.0.0.1:8080", value_parser = non_empty)]
    pub bind: String,

    /// Largest accepted request body in bytes; larger ones are answered 413.
    #[arg(long, env = "FRITID_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,

    /// Size of the database connection pool (default 16).
    #[arg(long, env = "FRITID_DB_MAX_CONNECTIONS")]
    pub max_connections: Option<u32>,

    /// HTTP worker threads (default: one per CPU core).
    #[arg(long, env = "FRITID_WORKERS")]
    pub workers: Option<usize>,

    /// Where the server keeps its own files (the generated JWT secret; the default SQLite
    /// database is also under `./data/`).
    #[arg(long, env = "FRITID_DATA_DIR", default_value = "./data")]
    pub data_dir: std::path::PathBuf,

    /// Secret for signing access tokens, at least 32 bytes. When unset, one is generated and
    /// kept in `<data dir>/jwt-secret` (owner-only permissions). Never logged.
    #[arg(long, env = "FRITID_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// `on` (default) or `off`: `off` disables every rate limit and login throttle, for load
    /// tests and benchmarks.
    #[arg(long, env = "FRITID_RATE_LIMITS", default_value = "on", value_parser = ["on", "off"])]
    pub rate_limits: String,

    /// Failed logins per account within the window before 429.
    #[arg(long, env = "FRITID_LOGIN_MAX_FAILURES", default_value_t = 5)]
    pub login_max_failures: usize,

    /// Failed logins per client address within the window before 429.
    #[arg(long, env = "FRITID_LOGIN_MAX_FAILURES_PER_CLIENT", default_value_t = 50)]
    pub login_max_failures_per_client: usize,

    /// The login-throttle window in seconds.
    #[arg(long, env = "FRITID_LOGIN_WINDOW_SECS", default_value_t = 900)]
    pub login_window_secs: u64,

    /// Lifetime of access tokens in seconds.
    #[arg(long, env = "FRITID_ACCESS_TOKEN_TTL_SECS", default_value_t = 900)]
    pub access_token_ttl_secs: u64,

    /// Age from which a volunteer consents alone; younger ones need a guardian.
    #[arg(long, env = "FRITID_CONSENT_AGE", default_value_t = 13)]
    pub consent_age: u8,

    /// Days after which a sign-up still `new` counts as unanswered.
    #[arg(long, env = "FRITID_STALE_SIGNUP_DAYS", default_value_t = 7)]
    pub stale_signup_days: u32,

    /// Days after an opportunity closes before its sign-ups are erased.
    #[arg(long, env = "FRITID_SIGNUP_RETENTION_DAYS", default_value_t = 365)]
    pub signup_retention_days: u32,

    /// Anonymous sign-ups allowed per client address per hour (after the burst).
    #[arg(long, env = "FRITID_SIGNUPS_PER_HOUR", default_value_t = 20)]
    pub signups_per_hour: u32,

    /// Anonymous sign-ups a client may make at once.
    #[arg(long, env = "FRITID_SIGNUP_BURST", default_value_t = 5)]
    pub signup_burst: u32,

    /// API requests per client address per minute (sustained).
    #[arg(long, env = "FRITID_REQUESTS_PER_MINUTE", default_value_t = 600)]
    pub requests_per_minute: u32,

    /// API requests a client may make at once before the per-minute rate applies.
    #[arg(long, env = "FRITID_REQUEST_BURST", default_value_t = 200)]
    pub request_burst: u32,

    /// Account registrations allowed per client address per hour (after the burst).
    #[arg(long, env = "FRITID_REGISTRATIONS_PER_HOUR", default_value_t = 60)]
    pub registrations_per_hour: u32,

    /// Account registrations a client may make at once.
    #[arg(long, env = "FRITID_REGISTRATION_BURST", default_value_t = 20)]
    pub registration_burst: u32,

    /// Invitations (each e-mailed) one person may send per hour (after the burst).
    #[arg(long, env = "FRITID_INVITATIONS_PER_HOUR", default_value_t = 30)]
    pub invitations_per_hour: u32,

    /// Invitations one person may send at once.
    #[arg(long, env = "FRITID_INVITATION_BURST", default_value_t = 30)]
    pub invitation_burst: u32,

    /// The address people reach the service at, used for every link it hands out (feed
    /// pages, e-mailed links). Default: `http://<FRITID_BIND>`.
    #[arg(long, env = "FRITID_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// How e-mail leaves: lettre's connection URL, e.g. `smtps://user:pass@host:465` (TLS)
    /// or `smtp://user:pass@host:587?tls=required` (STARTTLS); plain `smtp://` only to a
    /// loopback address (a test server). When unset, each message is written as an `.eml`
    /// file under `<data dir>/outbox/`. Never logged.
    #[arg(long, env = "FRITID_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every message.
    #[arg(long, env = "FRITID_MAIL_FROM", default_value = "Fritid <noreply@localhost>")]
    pub mail_from: String,

    /// Comma-separated origins allowed to call authenticated endpoints from browsers, e.g.
    /// `https://www.drammen.kommune.no`. Public GETs are open to every origin.
    #[arg(long, env = "FRITID_CORS_ORIGINS", default_value = "")]
    pub cors_origins: String,

    /// Comma-separated addresses or CIDR ranges of the reverse proxies in front, e.g.
    /// `10.0.0.0/8,127.0.0.1`. Only for requests from these is the client's address taken
    /// from `X-Forwarded-For` (or `Forwarded`); otherwise those headers are ignored.
    #[arg(long, env = "FRITID_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,

    /// When set, `GET /metrics` requires `Authorization: Bearer <this>`; when unset, it
    /// answers only requests from the loopback interface.
    #[arg(long, env = "FRITID_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// How long an anonymous public read may be answered from memory (0 turns the cache
    /// off). Writes through this process invalidate it at once.
    #[arg(long, env = "FRITID_CACHE_TTL_MS", default_value_t = 2000)]
    pub cache_ttl_ms: u64,

    /// `on` (default): public activity searches are answered by a search index kept under
    /// `<data dir>/search/`, built from the database at the first start and then followed;
    /// `off`: by the database alone (for comparison in benchmarks).
    #[arg(long, env = "FRITID_SEARCH_INDEX", default_value = "on", value_parser = ["on", "off"])]
    pub search_index: String,

    /// How often this node looks for other nodes' writes (invalidating its micro-cache and
    /// catching its search index up), in milliseconds; its own writes show at once.
    #[arg(long, env = "FRITID_SEARCH_FOLLOW_MS", default_value_t = 250)]
    pub search_follow_ms: u64,
}

/// Compose files pass unset variables as empty strings; treat those as "not set" would be
/// ideal, but clap has already chosen the env value by then, so refuse them with a clear
/// message instead of starting with an empty URL or address.
fn non_empty(value: &str) -> Result<String, String> {
    if value.trim().is_empty() {
        Err("must not be empty (unset the variable to use the default)".to_owned())
    } else {
        Ok(value.to_owned())
    }
}

impl Config {
    /// The defaults, as if no variable were set; for tests and tools.
    pub fn with_database(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: "127.0.0.1:8080".to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_connections: None,
            workers: None,
            data_dir: "./data".into(),
            jwt_secret: None,
            rate_limits: "on".to_owned(),
            login_max_failures: 5,
            login_max_failures_per_client: 50,
            login_window_secs: 900,
            access_token_ttl_secs: 900,
            consent_age: 13,
            stale_signup_days: 7,
            signup_retention_days: 365,
            signups_per_hour: 20,
            signup_burst: 5,
            requests_per_minute: 600,
            request_burst: 200,
            registrations_per_hour: 60,
            registration_burst: 20,
            invitations_per_hour: 30,
            invitation_burst: 30,
            public_url: None,
            smtp_url: None,
            mail_from: "Fritid <noreply@localhost>".to_owned(),
            cors_origins: String::new(),
            trusted_proxies: String::new(),
            metrics_token: None,
            cache_ttl_ms: 2000,
            search_index: "on".to_owned(),
            search_follow_ms: 250,
        }
    }

    /// `FRITID_PUBLIC_URL` without a trailing slash; `None` when unset (then the server
    /// uses `http://<bound address>`).
    pub fn public_url(&self) -> anyhow::Result<Option<String>> {
        match self.public_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                anyhow::ensure!(
                    (url.starts_with("https://") || url.starts_with("http://"))
                        && url.len() > "https://".len()
                        && !url.contains(['?', '#', ' ']),
                    "FRITID_PUBLIC_URL must be an http:// or https:// address without query or fragment"
                );
                Ok(Some(url.trim_end_matches('/').to_owned()))
            }
            None => Ok(None),
        }
    }

    /// `FRITID_SMTP_URL`, when set: refused when it would send in plain text to anything
    /// but a loopback address.
    pub fn smtp_url(&self) -> anyhow::Result<Option<&str>> {
        let Some(url) = self.smtp_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let encrypted = url.starts_with("smtps://")
            || (url.starts_with("smtp://") && url.contains("tls=required"));
        anyhow::ensure!(
            encrypted || (url.starts_with("smtp://") && is_loopback_host(url)),
            "FRITID_SMTP_URL must use TLS (smtps://…, or smtp://…?tls=required for STARTTLS); \
             plain smtp:// is only for a server on a loopback address"
        );
        Ok(Some(url))
    }

    pub fn rate_limits_enabled(&self) -> bool {
        self.rate_limits != "off"
    }

    /// The JWT secret: the configured one, or the one kept in the data folder (created with
    /// owner-only permissions on first use).
    pub fn load_jwt_secret(&self) -> anyhow::Result<Vec<u8>> {
        use anyhow::Context;
        if let Some(secret) = self.jwt_secret.as_deref().filter(|s| !s.is_empty()) {
            anyhow::ensure!(secret.len() >= 32, "FRITID_JWT_SECRET must be at least 32 bytes long");
            return Ok(secret.as_bytes().to_vec());
        }
        let path = self.data_dir.join("jwt-secret");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let existing = existing.trim();
            anyhow::ensure!(existing.len() >= 32, "{} is too short", path.display());
            return Ok(existing.as_bytes().to_vec());
        }
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating {}", self.data_dir.display()))?;
        let mut bytes = [0u8; 48];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_owner_only(&path, secret.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
        tracing::warn!(
            path = %path.display(),
            "FRITID_JWT_SECRET is not set: generated a secret and stored it in the data folder; \
             set FRITID_JWT_SECRET when running more than one node"
        );
        Ok(secret.into_bytes())
    }

    /// The database URL without its password, for logs and error messages.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url)
    }
}

/// Whether the host of a `scheme://[userinfo@]host[:port][/…]` URL is a loopback address.
fn is_loopback_host(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(unix)]
pub(crate) fn write_owner_only(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file =
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn write_owner_only(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(
            redact("postgres://fritid:s3cret@db:5432/fritid"),
            "postgres://fritid:***@db:5432/fritid"
        );
        assert_eq!(redact("sqlite://./data/fritid.db"), "sqlite://./data/fritid.db");
    }

    #[test]
    fn jwt_secret_is_generated_once_with_owner_only_permissions() {
        let dir = std::env::temp_dir().join(format!("fritid-secret-{}", std::process::id()));
        let mut config = Config::with_database("sqlite://x.db");
        config.data_dir = dir.clone();
        let first = config.load_jwt_secret().unwrap();
        let second = config.load_jwt_secret().unwrap();
        assert_eq!(first, second);
        assert!(first.len() >= 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("jwt-secret")).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).ok();

        config.jwt_secret = Some("too short".to_owned());
        assert!(config.load_jwt_secret().is_err());
        config.jwt_secret = Some("x".repeat(32));
        assert_eq!(config.load_jwt_secret().unwrap(), b"x".repeat(32));
    }

    #[test]
    fn smtp_is_encrypted_except_to_a_loopback_test_server() {
        let check = |url: &str| {
            let mut config = Config::with_database("sqlite://x.db");
            config.smtp_url = Some(url.to_owned());
            config.smtp_url().map(|u| u.is_some())
        };
        assert!(check("smtps://u:p@mail.example.no:465").unwrap());
        assert!(check("smtp://u:p@mail.example.no:587?tls=required").unwrap());
        assert!(check("smtp://127.0.0.1:2525").unwrap());
        assert!(check("smtp://u:p@[::1]:2525").unwrap());
        assert!(check("smtp://localhost:2525").unwrap());
        assert!(check("smtp://u:p@mail.example.no:25").is_err());
        assert!(check("smtp://127.0.0.1.example.no:25").is_err());
        assert!(!check("  ").unwrap());
    }

    #[test]
    fn empty_values_are_refused() {
        assert!(non_empty("  ").is_err());
        assert_eq!(non_empty("x").unwrap(), "x");
    }
}
