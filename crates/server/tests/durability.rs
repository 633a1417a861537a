//! Acknowledged writes survive `kill -9`: the real binary takes a stream of creates, is
//! killed without warning mid-stream, restarts on the same database, and every create it
//! answered 201 to is there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

mod common;

use common::Server;

fn start(dir: &std::path::Path) -> Server {
    Server::start(dir, &[("FRITID_RATE_LIMITS", "off")])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[expect(
    clippy::too_many_lines,
    reason = "one story: write, kill -9, restart, check"
)]
async fn acknowledged_creates_survive_kill_9() {
    let dir = std::env::temp_dir().join(format!("fritid-durability-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut server = start(&dir);
    let client = reqwest::Client::new();
    let base = server.base.clone();

    let password = "korrekt hest batteri stift";
    let res = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": "owner@example.no", "password": password, "name": "Owner"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let login = |base: String| {
        let client = client.clone();
        async move {
            let tokens: Value = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": "owner@example.no", "password": password}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            tokens["access_token"].as_str().unwrap().to_owned()
        }
    };
    let token = login(base.clone()).await;
    let org: Value = client
        .post(format!("{base}/api/v1/organisations"))
        .bearer_auth(&token)
        .json(&json!({"name": "Konnerud IL", "kind": "association"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let org = org["id"].as_str().unwrap().to_owned();

    // Four writers create activities as fast as they can, recording every 201.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, token, org, acknowledged) = (
            client.clone(),
            base.clone(),
            token.clone(),
            org.clone(),
            acknowledged.clone(),
        );
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let res = client
                    .post(format!("{base}/api/v1/organisations/{org}/activities"))
                    .bearer_auth(&token)
                    .json(
                        &json!({"title": format!("Aktivitet {w}-{i}"), "categories": ["fotball"],
                                  "district": "konnerud", "venue": {"name": "Bane"}}),
                    )
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status() == 201 => {
                        if let Ok(body) = r.json::<Value>().await
                            && let Some(id) = body["id"].as_str()
                        {
                            acknowledged.lock().unwrap().push(id.to_owned());
                        }
                    }
                    // The server is gone: stop.
                    _ => break,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.child.kill().unwrap(); // SIGKILL: no shutdown, no flush, no checkpoint.
    server.child.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 10,
        "only {} creates before the kill",
        acknowledged.len()
    );

    let mut server = start(&dir);
    let token = login(server.base.clone()).await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        let res = client
            .get(format!("{}/api/v1/activities/{id}", server.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        if res.status() != 200 {
            missing.push(id.clone());
        }
    }
    server.child.kill().ok();
    server.child.wait().ok();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged creates were lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
}
