//! The black-box test harness: [`TestApp::spawn`] starts the real application on port 0
//! against a database of its own and talks HTTP to it, a request and its expected answer
//! in a line ([`Call`]: `app.post(path).by(&owner).json(&body).expect(201).await`). A
//! [`World`] and the helpers of `fixtures` make what many tests start from.
//!
//! The database is a fresh SQLite file in a temporary folder, or, when
//! `FRITID_TEST_DATABASE_URL` names a PostgreSQL server, a fresh database created on it
//! (the URL's role needs `CREATEDB`) and dropped when the test ends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use actix_web::dev::ServerHandle;
use fritid_persistence::Store;
use fritid_server::Config;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};
use uuid::Uuid;

mod call;
mod fixtures;
pub mod html;

pub use call::Call;
pub use fixtures::{Limit, World, error_fields, id, limited, pluck, retry_after};
pub use fritid_server::Config as AppConfig;

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// The app's JWT secret, for tests that forge tokens.
    pub jwt_secret: String,
    pub client: reqwest::Client,
    pub store: Store,
    /// The app's use cases, for tests that run its scheduled jobs at a time they choose.
    pub app: fritid_app::App,
    /// The URL the app's database is reachable at, for tests that need to look underneath.
    pub database_url: String,
    /// The app's data folder (`FRITID_DATA_DIR`): e-mail lands in `outbox/` under it.
    pub data_dir: PathBuf,
    handle: ServerHandle,
    db: TestDatabase,
}

/// A message in the app's outbox, as the tests read it underneath the app.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    pub status: String,
}

impl OutboxRow {
    /// The token of the link to `path` the message carries, after checking that it leads to
    /// the app at `address` and that the text and the HTML part carry the same link.
    pub fn link_token(&self, address: &str, path: &str) -> String {
        let link = format!("{address}{path}?token=");
        assert!(self.body_text.contains(&link), "{}", self.body_text);
        assert!(self.body_html.contains(&format!("<a href=\"{link}")), "{}", self.body_html);
        let token = link_token(&self.body_text, path);
        assert_eq!(link_token(&self.body_html, path), token);
        token
    }
}

/// A registered, signed-in user.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: Uuid,
    pub email: String,
    pub password: String,
    pub token: String,
    pub refresh_token: String,
}

enum TestDatabase {
    Sqlite { dir: PathBuf },
    Postgres { admin_url: String, name: String },
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app with a configuration adjusted by `adjust`.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let server = std::env::var("FRITID_TEST_DATABASE_URL").ok();
        Self::spawn_on(server.as_deref(), adjust).await
    }

    /// Starts the app on a fresh database of the PostgreSQL server at `server_url` (the
    /// URL's role needs CREATEDB), or on a fresh SQLite file when it is `None`.
    pub async fn spawn_on(server_url: Option<&str>, adjust: impl FnOnce(&mut Config)) -> TestApp {
        logs::init();
        let db = TestDatabase::create(server_url).await;
        let database_url = db.url();
        let mut config = Config::with_database(database_url.clone());
        let data_dir = std::env::temp_dir().join(format!("fritid-data-{}", Uuid::new_v4()));
        config.data_dir = data_dir.clone();
        config.bind = "127.0.0.1:0".to_owned();
        config.workers = Some(1);
        config.max_connections = Some(5);
        let jwt_secret = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
        config.jwt_secret = Some(jwt_secret.clone());
        // Tests send many requests from one address; the limit has its own test.
        config.requests_per_minute = 1_000_000;
        config.request_burst = 1_000_000;
        config.registrations_per_hour = 1_000_000;
        config.registration_burst = 1_000_000;
        config.invitations_per_hour = 1_000_000;
        config.invitation_burst = 1_000_000;
        adjust(&mut config);
        let running = fritid_server::start(&config, false).await.expect("the app starts");
        let handle = running.server.handle();
        tokio::spawn(running.server);
        TestApp {
            address: format!("http://{}", running.addr),
            jwt_secret,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            store: running.store,
            app: running.app,
            database_url,
            data_dir,
            handle,
            db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// `POST /auth/register`; await it for the answer, or `.expect(201)` its body.
    pub fn register(&self, email: &str, password: &str, name: &str) -> Call {
        let body = json!({"email": email, "password": password, "name": name});
        self.post("/api/v1/auth/register").json(&body)
    }

    /// `POST /auth/login`, likewise.
    pub fn login(&self, email: &str, password: &str) -> Call {
        let body = json!({"email": email, "password": password});
        self.post("/api/v1/auth/login").json(&body)
    }

    /// Registers a fresh user, confirms the address with the e-mailed link, and logs in.
    pub async fn signed_in_user(&self, name: &str) -> TestUser {
        let user = self.unconfirmed_user(name).await;
        self.confirm_email(&user.email).await;
        user
    }

    /// Registers a fresh user and logs in, leaving the address unconfirmed.
    pub async fn unconfirmed_user(&self, name: &str) -> TestUser {
        let email = format!(
            "{}-{}@example.no",
            name.to_lowercase().replace(' ', "."),
            Uuid::new_v4().simple()
        );
        let password = "korrekt hest batteri stift";
        self.register(&email, password, name).expect(201).await;
        let body = self.login(&email, password).expect(200).await;
        let token = body["access_token"].as_str().unwrap();
        let me = self.get("/api/v1/me").token(token).await;
        TestUser {
            id: id(&me.json().await.unwrap()),
            email,
            password: password.to_owned(),
            token: token.to_owned(),
            refresh_token: body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    /// The messages to `email` in the app's outbox, oldest first (read underneath the app,
    /// as a person reads their inbox).
    pub async fn outbox_to(&self, email: &str) -> Vec<OutboxRow> {
        // Every row, filtered here: a statement naming the address would put it in the log.
        let sql = "SELECT kind, recipient, subject, body_text, body_html, message_id, status \
                   FROM outbox ORDER BY created_at, id";
        let email = email.to_lowercase();
        let text = |row: &sea_orm::QueryResult, column: &str| -> String {
            row.try_get("", column).unwrap()
        };
        self.query_sql(sql)
            .await
            .iter()
            .filter(|row| text(row, "recipient") == email)
            .map(|row| OutboxRow {
                kind: text(row, "kind"),
                recipient: text(row, "recipient"),
                subject: text(row, "subject"),
                body_text: text(row, "body_text"),
                body_html: text(row, "body_html"),
                message_id: text(row, "message_id"),
                status: text(row, "status"),
            })
            .collect()
    }

    /// The token of the newest confirmation link e-mailed to `email`.
    pub async fn confirmation_token(&self, email: &str) -> String {
        let messages = self.outbox_to(email).await;
        let message = messages
            .iter()
            .rev()
            .find(|m| m.kind == "verify_email")
            .unwrap_or_else(|| panic!("no confirmation was e-mailed to {email}"));
        link_token(&message.body_text, "/bekreft-epost")
    }

    /// Confirms `email` the way its owner does: with the link in the confirmation message.
    pub async fn confirm_email(&self, email: &str) {
        let token = self.confirmation_token(email).await;
        let body = json!({"token": token});
        self.post("/api/v1/auth/verify-email").json(&body).expect(204).await;
    }

    /// A signed-in municipality admin.
    pub async fn signed_in_admin(&self) -> TestUser {
        let user = self.signed_in_user("Admin").await;
        let db = self.raw_db().await;
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            match db.get_database_backend() {
                sea_orm::DbBackend::Postgres => "UPDATE users SET role = 'admin' WHERE email = $1",
                _ => "UPDATE users SET role = 'admin' WHERE email = ?",
            },
            [user.email.clone().into()],
        ))
        .await
        .unwrap();
        user
    }

    /// A raw connection to the app's database, bypassing the store.
    pub async fn raw_db(&self) -> DatabaseConnection {
        Database::connect(&self.database_url).await.unwrap()
    }

    /// Runs `sql` on the app's database, behind the app's back.
    pub async fn execute_sql(&self, sql: &str) {
        self.raw_db().await.execute_unprepared(sql).await.unwrap();
    }

    /// The rows `sql` selects from the app's database, read behind the app's back.
    pub async fn query_sql(&self, sql: &str) -> Vec<sea_orm::QueryResult> {
        let db = self.raw_db().await;
        let statement = sea_orm::Statement::from_string(db.get_database_backend(), sql);
        db.query_all_raw(statement).await.unwrap()
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.db, TestDatabase::Postgres { .. })
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // Stop accepting and close connections; the database is removed afterwards.
        let handle = self.handle.clone();
        drop(handle.stop(false));
        std::fs::remove_dir_all(&self.data_dir).ok();
    }
}

/// The `token` of the first link to `path` in `text` (an e-mail's body).
pub fn link_token(text: &str, path: &str) -> String {
    let marker = format!("{path}?token=");
    let start =
        text.find(&marker).unwrap_or_else(|| panic!("no link to {path} in {text}")) + marker.len();
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_owned()
}

impl TestDatabase {
    async fn create(server_url: Option<&str>) -> TestDatabase {
        match server_url.map(str::to_owned) {
            Some(url) if url.starts_with("postgres") => {
                let name = format!("fritid_test_{}", Uuid::new_v4().simple());
                let admin = Database::connect(&url).await.expect("connect to the test server");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                TestDatabase::Postgres { admin_url: url, name }
            }
            _ => {
                let dir = std::env::temp_dir().join(format!("fritid-test-{}", Uuid::new_v4()));
                std::fs::create_dir_all(&dir).unwrap();
                TestDatabase::Sqlite { dir }
            }
        }
    }

    fn url(&self) -> String {
        match self {
            TestDatabase::Sqlite { dir } => format!("sqlite://{}/fritid.db", dir.display()),
            TestDatabase::Postgres { admin_url, name } => replace_database(admin_url, name),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self {
            TestDatabase::Sqlite { dir } => {
                std::fs::remove_dir_all(dir).ok();
            }
            TestDatabase::Postgres { admin_url, name } => {
                // Drop runs inside the test's runtime; use a thread with its own. It is waited
                // for only briefly: while this thread blocks, the test's runtime cannot finish
                // a connection the app under test was opening (its pool, the mail worker's
                // poll), and PostgreSQL's DROP DATABASE waits for that half-authenticated
                // backend (`ProcSignalBarrier`) until `authentication_timeout` (60 s). Once
                // the test returns, its runtime closes that connection and the drop goes on.
                let (url, name) = (admin_url.clone(), name.clone());
                let (done, dropped) = std::sync::mpsc::channel::<()>();
                std::thread::spawn(move || {
                    let rt =
                        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(&url).await {
                            admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                                ))
                                .await
                                .ok();
                            admin.close().await.ok();
                        }
                    });
                    done.send(()).ok();
                });
                dropped.recv_timeout(std::time::Duration::from_secs(2)).ok();
            }
        }
    }
}

/// `postgres://u:p@h:5432/db?x=y` with `db` replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Asserts the response is problem+json with `status`, and returns its body.
pub async fn assert_problem(res: reqwest::Response, status: u16) -> Value {
    let url = res.url().clone();
    assert_eq!(res.status().as_u16(), status, "status of {url}");
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert_eq!(content_type, "application/problem+json", "content type of {url}");
    let request_id = res
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_owned())
        .expect("x-request-id header");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status, "{body}");
    assert!(body["type"].is_string(), "{body}");
    assert!(body["title"].is_string(), "{body}");
    assert!(body["detail"].is_string(), "{body}");
    assert_eq!(body["request_id"], request_id.as_str(), "{body}");
    body
}

/// Everything the app logs during the tests, for tests that check what must never appear
/// in a log line. One subscriber for the whole test binary, at `debug`.
pub mod logs {
    use std::io::Write;
    use std::sync::{Arc, Mutex, OnceLock};

    static BUFFER: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

    #[derive(Clone)]
    struct Writer(Arc<Mutex<Vec<u8>>>);

    impl Write for Writer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    pub fn init() {
        BUFFER.get_or_init(|| {
            let buffer = Arc::new(Mutex::new(Vec::new()));
            let writer = Writer(buffer.clone());
            tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .try_init()
                .ok();
            buffer
        });
    }

    /// Everything logged so far by every test in this binary.
    pub fn captured() -> String {
        BUFFER
            .get()
            .map(|b| String::from_utf8_lossy(&b.lock().unwrap()).into_owned())
            .unwrap_or_default()
    }
}

/// A Python interpreter with the `icalendar` and `recurring-ical-events` packages, for tests
/// that check our iCalendar output with an independent parser: `FRITID_TEST_PYTHON`, else
/// `./.venv/bin/python` at the repository root, else `python3`. In CI (`CI` set) a missing
/// one is a failure; elsewhere the test says so and passes without checking.
pub fn python_with_icalendar() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let candidates = [
        std::env::var_os("FRITID_TEST_PYTHON").map(std::path::PathBuf::from),
        Some(root.join(".venv/bin/python")),
        Some("python3".into()),
    ];
    for python in candidates.into_iter().flatten() {
        let ok = std::process::Command::new(&python)
            .args(["-c", "import icalendar, recurring_ical_events"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs Python with icalendar and recurring-ical-events (see .ci/run)"
    );
    eprintln!("skipping the independent iCalendar check: no Python with icalendar found");
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(replace_database("postgres://u:p@h:5432/ci", "t1"), "postgres://u:p@h:5432/t1");
        assert_eq!(
            replace_database("postgres://u:p@h/ci?sslmode=disable", "t1"),
            "postgres://u:p@h/t1?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://h", "t1"), "postgres://h/t1");
    }
}
