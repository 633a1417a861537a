//! Acknowledged writes survive `kill -9`: the real binary takes a stream of creates, is
//! killed without warning mid-stream, restarts on the same database, and every create it
//! answered 201 to is there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

mod common;

use common::{Server, fresh_dir};

const OWNER: &str = "owner@example.no";
const PASSWORD: &str = "korrekt hest batteri stift";

fn start(dir: &std::path::Path) -> Server {
    Server::start(dir, &[("FRITID_RATE_LIMITS", "off")])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_creates_survive_kill_9() {
    let dir = fresh_dir("durability");
    let mut server = start(&dir);
    let (client, base) = (server.client.clone(), server.base.clone());

    server.register(OWNER, PASSWORD, "Owner").await;
    server.confirm(&dir, OWNER).await;
    let token = server.login(OWNER, PASSWORD).await;
    let body = json!({"name": "Konnerud IL", "kind": "association"});
    let org = server.post("/api/v1/organisations", Some(&token), &body);
    let org: Value = org.await.json().await.unwrap();
    let org = org["id"].as_str().unwrap().to_owned();

    // Four writers create activities as fast as they can, recording every 201.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (client, base, token, org, acknowledged) =
            (client.clone(), base.clone(), token.clone(), org.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            for i in 0.. {
                let res = client
                    .post(format!("{base}/api/v1/organisations/{org}/activities"))
                    .bearer_auth(&token)
                    .json(&json!({"title": format!("Aktivitet {w}-{i}"), "categories": ["fotball"],
                                  "district": "konnerud", "venue": {"name": "Bane"}}))
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
    assert!(acknowledged.len() >= 10, "only {} creates before the kill", acknowledged.len());

    let server = start(&dir);
    let token = server.login(OWNER, PASSWORD).await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        let res = client
            .get(server.url(&format!("/api/v1/activities/{id}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        if res.status() != 200 {
            missing.push(id.clone());
        }
    }
    server.stop();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged creates were lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
}
