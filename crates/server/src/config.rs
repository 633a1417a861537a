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
        }
    }

    /// The database URL without its password, for logs and error messages.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url)
    }
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
        assert_eq!(
            redact("sqlite://./data/fritid.db"),
            "sqlite://./data/fritid.db"
        );
    }

    #[test]
    fn empty_values_are_refused() {
        assert!(non_empty("  ").is_err());
        assert_eq!(non_empty("x").unwrap(), "x");
    }
}
