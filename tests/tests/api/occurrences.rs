use fritid_tests::{Call, TestApp, TestUser, pluck};
use serde_json::{Value, json};
use uuid::Uuid;

/// An app with a signed-in owner and a municipality admin.
async fn owner_and_admin() -> (TestApp, TestUser, TestUser) {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    (app, owner, admin)
}

/// A published activity of a new verified organisation.
async fn published_activity(
    app: &TestApp, owner: &TestUser, admin: &TestUser, body: Value,
) -> Uuid {
    let name = format!("Lag {}", Uuid::new_v4().simple());
    let organisation = json!({"name": name, "kind": "association"});
    let org = app.verified_organisation(owner, admin, &organisation).await;
    app.published_activity(owner, org, &body).await
}

/// One activity's occurrences in the window `query` names.
fn occurrences(app: &TestApp, activity: Uuid, query: &str) -> Call {
    app.get(&format!("/api/v1/activities/{activity}/occurrences?{query}"))
}

fn starts(page: &Value) -> Vec<String> {
    pluck(&page["items"], "starts_at")
}

/// Tuesday 17:30–19:00 local: 15:30Z in summer time, 16:30Z in winter time. The clocks go
/// back on Sunday 25 October 2026 and forward on Sunday 28 March 2027.
#[tokio::test]
async fn sessions_keep_their_local_time_across_both_dst_changes_and_skip_exceptions() {
    let (app, owner, admin) = owner_and_admin().await;
    let body = json!({
        "title": "Fotballtrening", "categories": ["fotball"], "district": "konnerud",
        "venue": {"name": "Konnerud kunstgress"},
        "schedule": [{"weekdays": ["tue"], "start_time": "17:30", "end_time": "19:00",
                      "valid_from": "2026-10-13", "valid_to": "2027-04-06",
                      "except_dates": ["2026-11-03", "2027-03-23"]}]
    });
    let id = published_activity(&app, &owner, &admin, body).await;

    let autumn = occurrences(&app, id, "from=2026-10-12&to=2026-11-12").await;
    let autumn: Value = autumn.json().await.unwrap();
    assert_eq!(
        starts(&autumn),
        [
            "2026-10-13T15:30:00Z",
            "2026-10-20T15:30:00Z",
            "2026-10-27T16:30:00Z",
            "2026-11-10T16:30:00Z"
        ]
    );
    assert_eq!(autumn["items"][0]["ends_at"], "2026-10-13T17:00:00Z");
    assert_eq!(autumn["items"][2]["ends_at"], "2026-10-27T18:00:00Z");
    assert_eq!(autumn["items"][0]["district"], "konnerud");
    assert_eq!(autumn["items"][0]["title"], "Fotballtrening");

    let spring = "from=2027-03-15T00:00:00Z&to=2027-04-15T00:00:00Z";
    let spring: Value = occurrences(&app, id, spring).await.json().await.unwrap();
    assert_eq!(
        starts(&spring),
        ["2027-03-16T16:30:00Z", "2027-03-30T15:30:00Z", "2027-04-06T15:30:00Z"]
    );
}

#[tokio::test]
async fn windows_are_checked() {
    let (app, owner, admin) = owner_and_admin().await;
    let id = published_activity(&app, &owner, &admin, json!({
        "title": "Sjakk", "categories": ["spill"], "district": "bragernes", "venue": {"name": "Bibliotek"},
        "schedule": [{"date": "2026-12-05", "start_time": "12:00", "end_time": "14:00"}]
    })).await;
    let body = occurrences(&app, id, "from=2026-12-01&to=2027-03-15").problem(422).await;
    assert_eq!(body["errors"][0]["field"], "to");
    for window in ["from=2026-12-10&to=2026-12-01", "from=igår"] {
        occurrences(&app, id, window).problem(422).await;
    }
    let ok = occurrences(&app, id, "from=2026-12-01&to=2027-03-03").await;
    assert_eq!(starts(&ok.json().await.unwrap()), ["2026-12-05T11:00:00Z"]);
}

#[tokio::test]
async fn occurrences_across_activities_follow_the_search_filters_and_page() {
    let (app, owner, admin) = owner_and_admin().await;
    let rule = |day: &str, time: &str| json!([{"weekdays": [day], "start_time": time, "end_time": "20:00", "valid_from": "2026-11-01"}]);
    for body in [
        json!({"title": "Fotball", "categories": ["fotball"], "district": "konnerud",
               "venue": {"name": "Bane"}, "price": {"amount_nok": 0, "free": true},
               "schedule": rule("mon", "17:00")}),
        json!({"title": "Håndball", "categories": ["handball"], "district": "konnerud",
               "venue": {"name": "Hall"}, "price": {"amount_nok": 100},
               "schedule": rule("wed", "18:00")}),
        json!({"title": "Kor", "categories": ["kor"], "district": "svelvik",
               "venue": {"name": "Kirke"}, "price": {"amount_nok": 0, "free": true},
               "schedule": rule("mon", "19:00")}),
    ] {
        published_activity(&app, &owner, &admin, body).await;
    }

    // One week, all activities: Mon 17:00, Mon 19:00, Wed 18:00 (winter time: UTC+1).
    let all = app.get("/api/v1/occurrences?from=2026-11-02&to=2026-11-09").await;
    let all: Value = all.json().await.unwrap();
    assert_eq!(
        starts(&all),
        ["2026-11-02T16:00:00Z", "2026-11-02T18:00:00Z", "2026-11-04T17:00:00Z"]
    );
    assert_eq!(pluck(&all["items"], "title"), ["Fotball", "Kor", "Håndball"]);

    let filtered = "/api/v1/occurrences?from=2026-11-02&to=2026-11-16&district=konnerud&free=true";
    let filtered: Value = app.get(filtered).await.json().await.unwrap();
    assert_eq!(starts(&filtered), ["2026-11-02T16:00:00Z", "2026-11-09T16:00:00Z"]);

    // Two weeks in pages of two: six sessions, each once.
    let pages = app.pages(None, "/api/v1/occurrences?from=2026-11-02&to=2026-11-16&limit=2").await;
    let seen: Vec<String> = pages.iter().flat_map(starts).collect();
    assert_eq!(seen.len(), 6, "{seen:?}");
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(sorted, seen);
}

/// The calendar file is read by an independent parser (Python's `icalendar` and
/// `recurring-ical-events`), and its expansion must give exactly the sessions the API lists.
#[tokio::test]
async fn calendar_ics_parses_independently_and_agrees_with_the_occurrences() {
    let Some(python) = fritid_tests::python_with_icalendar() else {
        return;
    };
    let (app, owner, admin) = owner_and_admin().await;
    let id = published_activity(&app, &owner, &admin, json!({
        "title": "Svømmekurs for nybegynnere, nivå 1; med instruktør", "categories": ["svomming"],
        "district": "stromso-nedre",
        "description": "Lær å svømme trygt. Ta med badetøy, håndkle og godt humør – vi sees i bassenget på Drammensbadet!",
        "venue": {"name": "Drammensbadet", "address": "Bjørnstjerne Bjørnsons gate 3, 3044 Drammen"},
        "schedule": [
            {"weekdays": ["tue", "thu"], "start_time": "17:30", "end_time": "18:15",
             "valid_from": "2026-10-01", "valid_to": "2026-12-17", "except_dates": ["2026-10-27", "2026-11-19"]},
            {"date": "2026-12-19", "start_time": "10:00", "end_time": "12:00"}
        ]
    })).await;

    let res = app.get(&format!("/api/v1/activities/{id}/calendar.ics")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/calendar; charset=utf-8");
    let ics = res.bytes().await.unwrap();
    let file = std::env::temp_dir().join(format!("fritid-{id}.ics"));
    std::fs::write(&file, &ics).unwrap();

    let (from, to) = ("2026-09-28T00:00:00Z", "2026-12-28T00:00:00Z");
    let out = std::process::Command::new(&python)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/ics/check_ics.py"))
        .args([file.to_str().unwrap(), from, to])
        .output()
        .unwrap();
    std::fs::remove_file(&file).ok();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed["summary"], "Svømmekurs for nybegynnere, nivå 1; med instruktør");

    let window = format!("from={from}&to={to}");
    let api: Value = occurrences(&app, id, &window).await.json().await.unwrap();
    let expected: Vec<Value> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| json!([o["starts_at"], o["ends_at"]]))
        .collect();
    assert_eq!(parsed["sessions"].as_array().unwrap(), &expected);
    // 11 Tuesdays (6 Oct – 15 Dec) and 12 Thursdays (1 Oct – 17 Dec), minus two exceptions,
    // plus the single date.
    assert_eq!(expected.len(), 11 + 12 - 2 + 1, "{expected:?}");
}

#[tokio::test]
async fn thousands_of_matching_activities_are_paged_not_refused() {
    let app = TestApp::spawn().await;
    // Each generated activity meets once a week from August to June.
    fritid_server::seed::synthetic(&app.store, 2100).await.unwrap();
    let path = "/api/v1/occurrences?from=2026-12-07&to=2026-12-14&limit=100";
    let pages = app.pages(None, path).await;
    let sessions: Vec<&Value> = pages.iter().flat_map(|p| p["items"].as_array().unwrap()).collect();
    assert_eq!(sessions.len(), 2100, "one session of each activity, over {} pages", pages.len());
    let starts = sessions.iter().map(|s| s["starts_at"].as_str().unwrap().to_owned());
    assert!(starts.clone().zip(starts.skip(1)).all(|(a, b)| a <= b), "in start order");
}
