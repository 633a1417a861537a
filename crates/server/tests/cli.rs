//! The command line, run as a user would: the real binary in a fresh folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use fritid_domain::account::{Email, GlobalRole};
use fritid_persistence::{ConnectOptions, Store};

mod common;

use common::fresh_dir;

fn fritid(dir: &std::path::Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fritid"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("FRITID_JWT_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// `fritid admin create --email <email>`, the password typed on stdin.
fn admin_create(dir: &std::path::Path, email: &str, password: &str) -> std::process::Output {
    fritid(dir, &["admin", "create", "--email", email], &format!("{password}\n"))
}

fn stderr(out: &std::process::Output) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(&out.stderr)
}

#[tokio::test]
async fn admin_create_makes_or_promotes_an_admin_with_the_password_from_stdin() {
    let dir = fresh_dir("cli");

    let out = admin_create(&dir, "Admin@Drammen.no", "korrekt hest batteri stift");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("korrekt hest"), "the password was logged");

    // The default database under ./data/ now holds an admin.
    let store =
        Store::connect(&ConnectOptions::new(format!("sqlite://{}/data/fritid.db", dir.display())))
            .await
            .unwrap();
    let email = Email::parse("email", "admin@drammen.no").unwrap();
    let user = store.find_user_by_email(&email).await.unwrap().unwrap();
    assert_eq!(user.role, GlobalRole::Admin);
    store.close().await.unwrap();

    // A weak password is refused, and nothing is created.
    let out = admin_create(&dir, "other@drammen.no", "short");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("at least 10 characters"));

    // Running it again promotes (and re-keys) the same account rather than failing.
    let out = admin_create(&dir, "admin@drammen.no", "et annet langt passord");
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn openapi_prints_the_committed_document() {
    let out = Command::new(env!("CARGO_BIN_EXE_fritid")).arg("openapi").output().unwrap();
    assert!(out.status.success());
    let committed =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json")).unwrap();
    assert_eq!(out.stdout, committed);
}
