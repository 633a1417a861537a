//! A burst of password guesses from one client against the real binary (a process of its
//! own, so its memory is its own): the account's limit holds under parallelism, memory stays
//! bounded, and residents' searches still answer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

mod common;

use common::{Server, fresh_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_login_burst_is_throttled_and_bounded() {
    let dir = fresh_dir("abuse");
    // Rate limits stay on (the default); only the general per-request budget is widened so
    // that what answers is the login throttle and the hashing queue, not the request limit.
    let server = Server::start(&dir, &[("FRITID_REQUEST_BURST", "100000")]);
    let base = server.base.clone();
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();
    server.register("kari@example.no", "korrekt hest batteri stift", "Kari").await;
    let before_kib = server.status_kib("VmHWM");

    // 170 unknown addresses and 30 wrong passwords for Kari, all at once, with a resident's
    // search in the middle of them.
    let mut logins = Vec::new();
    for i in 0..200 {
        let (client, base) = (client.clone(), base.clone());
        let email = if i % 20 < 3 {
            "kari@example.no".to_owned()
        } else {
            format!("ukjent-{i}@example.no")
        };
        logins.push(tokio::spawn(async move {
            let res = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": email, "password": format!("feil passord {i}")}))
                .send()
                .await
                .unwrap();
            (email, res.status().as_u16())
        }));
    }
    let search = {
        let (client, base) = (client.clone(), base.clone());
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            let started = std::time::Instant::now();
            let res = client
                .get(format!("{base}/api/v1/activities?q=fotball&district=konnerud"))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), started.elapsed())
        })
    };
    let mut kari = Vec::new();
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for login in logins {
        let (email, status) = login.await.unwrap();
        *statuses.entry(status).or_default() += 1;
        if email == "kari@example.no" {
            kari.push(status);
        }
    }
    let (search_status, search_took) = search.await.unwrap();
    let peak_kib = server.status_kib("VmHWM");
    server.stop();
    std::fs::remove_dir_all(&dir).ok();

    println!(
        "answers {statuses:?}; Kari's {kari:?}; search {search_status} in {search_took:?}; \
         peak memory {} MiB (before the burst {} MiB)",
        peak_kib / 1024,
        before_kib / 1024
    );
    assert_eq!(kari.len(), 30);
    let kari_401 = kari.iter().filter(|s| **s == 401).count();
    assert!(kari_401 <= 5, "{kari_401} of Kari's wrong passwords were checked");
    assert!(kari.iter().all(|s| matches!(s, 401 | 429 | 503)), "{kari:?}");
    assert!(statuses.keys().all(|s| matches!(s, 401 | 429 | 503)), "{statuses:?}");
    // Per-client limit of 50 failures: the rest were refused without a hash.
    assert!(statuses.get(&401).copied().unwrap_or(0) <= 50, "{statuses:?}");
    assert_eq!(search_status, 200);
    assert!(peak_kib < 300 * 1024, "peak resident memory {} MiB", peak_kib / 1024);
}
