use fritid_tests::{Call, TestApp, error_fields};
use serde_json::json;

/// Paths that no route matches.
/// Unknown API routes; outside `/api/` an unknown path is the web pages' HTML 404
/// (`web_activities::unknown_pages_and_activities_are_html_404s_while_the_api_keeps_problems`).
const UNKNOWN_ROUTES: [&str; 4] =
    ["/api/nope", "/api/v1/nope", "/api/v1/districts/konnerud/extra", "/api/v1/districts/"];

#[tokio::test]
async fn unknown_routes_are_404_problems() {
    let app = TestApp::spawn().await;
    for path in UNKNOWN_ROUTES {
        let body = app.get(path).problem(404).await;
        assert_eq!(body["type"], "about:blank", "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = TestApp::spawn().await;
    let res = app.delete("/api/v1/districts/konnerud").await;
    let allow = res.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "{allow}");
    fritid_tests::assert_problem(res, 405).await;
}

#[tokio::test]
async fn bad_query_parameters_are_422_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let body = app.get("/api/v1/categories?parent=%00").problem(422).await;
    assert_eq!(body["type"], "urn:fritid:problem:validation");
    assert_eq!(body["errors"][0]["field"], "parent");
    assert!(body["errors"][0]["message"].is_string());
}

/// The fields the 422 that `call` answers names, sorted.
async fn fields(call: Call) -> Vec<String> {
    let mut fields = error_fields(&call.problem(422).await);
    fields.sort();
    fields
}

#[tokio::test]
async fn an_unknown_query_parameter_is_422_naming_it_on_every_endpoint() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let body = json!({"name": "Konnerud IL", "kind": "association"});
    let org = app.organisation(&owner, &body).await;
    for (path, field) in [
        ("/api/v1/activities?distrct=konnerud", "distrct"),
        ("/api/v1/organisations?district=konnerud&typo=1", "typo"),
        ("/api/v1/districts?foo=bar", "foo"),
        ("/api/v1/districts/konnerud?x=1", "x"),
        ("/api/v1/stats/coverage?group_by=district&gratis=1", "gratis"),
        ("/api/v1/feeds/activities?after=5", "after"),
    ] {
        assert_eq!(fields(app.get(path)).await, [field], "{path}");
    }
    // The parameter with no name that a fuzzer sent.
    let path = format!("/api/v1/organisations/{org}/activities?=x");
    assert_eq!(fields(app.get(&path).by(&owner)).await, [""]);
    // Both of the occurrence listing's parameter sets are its own.
    let both = "/api/v1/occurrences?from=2027-01-01&to=2027-01-10&district=konnerud&limit=5";
    app.get(both).expect(200).await;
}

#[tokio::test]
async fn booleans_read_the_same_on_every_endpoint() {
    let app = TestApp::spawn().await;
    for endpoint in ["/api/v1/stats/coverage?free=", "/api/v1/activities?free="] {
        let read = |value: &str| app.get(&format!("{endpoint}{value}"));
        let by_word = read("true").await.json::<serde_json::Value>().await.unwrap();
        assert_eq!(read("1").expect(200).await, by_word, "{endpoint}1");
        assert_eq!(fields(read("ja")).await, ["free"]);
    }
}

#[tokio::test]
async fn a_422_lists_every_bad_field_including_those_the_database_knows() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let bad = json!({"name": "Konnerud IL", "kind": "association",
                     "org_number": "123456789", "districts": ["konnerud", "atlantis"]});
    let register = app.post("/api/v1/organisations").by(&owner).json(&bad);
    assert_eq!(fields(register).await, ["districts[1]", "org_number"]);

    let body = json!({"name": "Konnerud IL", "kind": "association"});
    let org = app.organisation(&owner, &body).await;
    let bad = json!({
        "title": "Fotball", "categories": ["fotball", "quidditch"], "district": "konnerud",
        "venue": {"name": "Bane"}, "age_min": 12, "age_max": 8,
        "schedule": [{"weekdays": ["tue"], "start_time": "19:00", "end_time": "17:30",
                      "valid_from": "2026-08-17"}]});
    let path = format!("/api/v1/organisations/{org}/activities");
    let fields = fields(app.post(&path).by(&owner).json(&bad)).await;
    assert!(fields.contains(&"categories[1]".to_owned()), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("age_")), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("schedule[0]")), "{fields:?}");
    assert_eq!(fields.len(), 3, "{fields:?}");
}
