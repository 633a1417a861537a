//! Starting the real `fritid` binary for tests that need a process of its own (kill -9,
//! memory measured from `/proc`).
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

/// A fresh folder for one test, `fritid-<test>-<uuid>` in the temporary folder.
pub fn fresh_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fritid-{test}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub client: reqwest::Client,
}

impl Server {
    /// Starts `fritid serve` on a free port with its SQLite database in `dir`, the given
    /// extra environment, and waits until it says where it listens.
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fritid"));
        command
            .arg("serve")
            .current_dir(dir)
            .env("DATABASE_URL", format!("sqlite://{}/fritid.db", dir.display()))
            .env("FRITID_BIND", "127.0.0.1:0")
            .env("FRITID_DATA_DIR", dir)
            .env("FRITID_JWT_SECRET", "a-test-secret-that-is-long-enough-0123456789")
            .env("FRITID_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent
                    && let Ok(v) = serde_json::from_str::<Value>(&line)
                    && let Some(addr) = v.get("address").and_then(Value::as_str)
                {
                    tx.send(addr.to_owned()).ok();
                    sent = true;
                }
            }
        });
        let addr =
            rx.recv_timeout(Duration::from_secs(60)).expect("the server reported its address");
        Server { child, base: format!("http://{addr}"), client: reqwest::Client::new() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// POSTs `body` to `path`, signed in with `token` when there is one.
    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> reqwest::Response {
        let mut request = self.client.post(self.url(path)).json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// Registers an account: `201 Created`.
    pub async fn register(&self, email: &str, password: &str, name: &str) {
        let body = json!({"email": email, "password": password, "name": name});
        let res = self.post("/api/v1/auth/register", None, &body).await;
        assert_eq!(res.status(), 201);
    }

    /// Confirms `email` with the link of the confirmation the server wrote as a `.eml` file
    /// under `dir/outbox` (its file transport), waiting up to 10 s for the worker.
    pub async fn confirm(&self, dir: &Path, email: &str) {
        let marker = "/bekreft-epost?token=";
        for _ in 0..100 {
            for entry in std::fs::read_dir(dir.join("outbox")).into_iter().flatten().flatten() {
                let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
                // Quoted-printable: soft line breaks and `=` written as `=3D`.
                let text = raw.replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
                let (Some(at), true) = (text.find(marker), text.contains(email)) else {
                    continue;
                };
                let token: String = text[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                let body = json!({"token": token});
                let res = self.post("/api/v1/auth/verify-email", None, &body).await;
                assert_eq!(res.status(), 204);
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no confirmation for {email} under {}", dir.display());
    }

    /// Logs in: the access token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let body = json!({"email": email, "password": password});
        let res = self.post("/api/v1/auth/login", None, &body).await;
        let tokens: Value = res.json().await.unwrap();
        tokens["access_token"].as_str().unwrap().to_owned()
    }

    /// A line of `/proc/<pid>/status` in kibibytes, e.g. `VmHWM` (peak resident memory).
    pub fn status_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    pub fn stop(mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
