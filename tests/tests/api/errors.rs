use fritid_tests::{TestApp, assert_problem};

#[tokio::test]
async fn unknown_routes_are_404_problems() {
    let app = TestApp::spawn().await;
    for path in [
        "/nope",
        "/api/v1/nope",
        "/api/v1/districts/konnerud/extra",
        "/api/v1/districts/",
    ] {
        let body = assert_problem(app.get(path).await, 404).await;
        assert_eq!(body["type"], "about:blank", "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_are_405_with_allow() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .delete(app.url("/api/v1/districts/konnerud"))
        .send()
        .await
        .unwrap();
    let allow = res.headers()["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET"), "{allow}");
    assert_problem(res, 405).await;
}

#[tokio::test]
async fn bad_query_parameters_are_422_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let body = assert_problem(app.get("/api/v1/categories?parent=%00").await, 422).await;
    assert_eq!(body["type"], "urn:fritid:problem:validation");
    assert_eq!(body["errors"][0]["field"], "parent");
    assert!(body["errors"][0]["message"].is_string());
}

/// The fields a 422 names, sorted.
async fn fields(res: reqwest::Response) -> Vec<String> {
    let body = assert_problem(res, 422).await;
    let mut fields: Vec<String> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    fields.sort();
    fields
}

#[tokio::test]
async fn an_unknown_query_parameter_is_422_naming_it_on_every_endpoint() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = app
        .create(
            "/api/v1/organisations",
            Some(&owner.token),
            &serde_json::json!({"name": "Konnerud IL", "kind": "association"}),
        )
        .await;
    let org = org["id"].as_str().unwrap();
    for (path, field) in [
        ("/api/v1/activities?distrct=konnerud", "distrct"),
        ("/api/v1/organisations?district=konnerud&typo=1", "typo"),
        ("/api/v1/districts?foo=bar", "foo"),
        ("/api/v1/districts/konnerud?x=1", "x"),
        (
            "/api/v1/stats/coverage?group_by=district&gratis=1",
            "gratis",
        ),
        ("/api/v1/feeds/activities?after=5", "after"),
    ] {
        assert_eq!(fields(app.get(path).await).await, [field], "{path}");
    }
    // The parameter with no name that a fuzzer sent.
    let path = format!("/api/v1/organisations/{org}/activities?=x");
    assert_eq!(fields(app.get_as(&owner.token, &path).await).await, [""]);
    // Both of the occurrence listing's parameter sets are its own.
    let res = app
        .get("/api/v1/occurrences?from=2027-01-01&to=2027-01-10&district=konnerud&limit=5")
        .await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn booleans_read_the_same_on_every_endpoint() {
    let app = TestApp::spawn().await;
    for endpoint in ["/api/v1/stats/coverage?free=", "/api/v1/activities?free="] {
        let by_word: serde_json::Value = app
            .get(&format!("{endpoint}true"))
            .await
            .json()
            .await
            .unwrap();
        let res = app.get(&format!("{endpoint}1")).await;
        assert_eq!(res.status(), 200, "{endpoint}1");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap(), by_word);
        assert_eq!(
            fields(app.get(&format!("{endpoint}ja")).await).await,
            ["free"]
        );
    }
}

#[tokio::test]
async fn a_422_lists_every_bad_field_including_those_the_database_knows() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let res = app
        .send(
            reqwest::Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&serde_json::json!({"name": "Konnerud IL", "kind": "association",
                                     "org_number": "123456789", "districts": ["konnerud", "atlantis"]})),
        )
        .await;
    assert_eq!(fields(res).await, ["districts[1]", "org_number"]);

    let org = app
        .create(
            "/api/v1/organisations",
            Some(&owner.token),
            &serde_json::json!({"name": "Konnerud IL", "kind": "association"}),
        )
        .await;
    let res = app
        .send(
            reqwest::Method::POST,
            &format!(
                "/api/v1/organisations/{}/activities",
                org["id"].as_str().unwrap()
            ),
            Some(&owner.token),
            Some(&serde_json::json!({
                "title": "Fotball", "categories": ["fotball", "quidditch"], "district": "konnerud",
                "venue": {"name": "Bane"}, "age_min": 12, "age_max": 8,
                "schedule": [{"weekdays": ["tue"], "start_time": "19:00", "end_time": "17:30",
                              "valid_from": "2026-08-17"}]})),
        )
        .await;
    let fields = fields(res).await;
    assert!(fields.contains(&"categories[1]".to_owned()), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("age_")), "{fields:?}");
    assert!(
        fields.iter().any(|f| f.starts_with("schedule[0]")),
        "{fields:?}"
    );
    assert_eq!(fields.len(), 3, "{fields:?}");
}
