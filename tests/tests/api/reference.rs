use fritid_tests::{TestApp, assert_problem};
use serde_json::Value;

#[tokio::test]
async fn lists_the_ten_kommunedeler_in_order() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/districts").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    );
    let konnerud = &items[4];
    assert_eq!(konnerud["slug"], "konnerud");
    assert_eq!(konnerud["name"], "Konnerud og Skoger vest");
    assert_eq!(
        items[0]["name"],
        "Mjøndalen, Åsen, Steinberg og Ytterkollen"
    );
}

#[tokio::test]
async fn one_district_by_slug_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/v1/districts/svelvik").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "10");
    assert_eq!(body["short_name"], "Svelvik");

    assert_problem(app.get("/api/v1/districts/atlantis").await, 404).await;
    // Not even a slug: still just "not found".
    assert_problem(app.get("/api/v1/districts/Not%20A%20Slug").await, 404).await;
}

#[tokio::test]
async fn categories_carry_their_parents() {
    let app = TestApp::spawn().await;
    let body: Value = app.get("/api/v1/categories").await.json().await.unwrap();
    let items = body["items"].as_array().unwrap();
    let find = |slug: &str| items.iter().find(|c| c["slug"] == slug).unwrap().clone();
    assert_eq!(find("fotball")["parent"], "idrett");
    assert_eq!(find("korps")["parent"], "musikk");
    assert_eq!(find("idrett")["parent"], Value::Null);
    assert_eq!(find("handball")["name"], "Håndball");

    let body: Value = app
        .get("/api/v1/categories/kor")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["parent"], "musikk");
}

#[tokio::test]
async fn categories_filter_by_parent_and_refuse_unknown_parents() {
    let app = TestApp::spawn().await;
    let body: Value = app
        .get("/api/v1/categories?parent=musikk")
        .await
        .json()
        .await
        .unwrap();
    let slugs: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["kor", "korps"]);

    let body = assert_problem(app.get("/api/v1/categories?parent=atlantis").await, 422).await;
    assert_eq!(body["errors"][0]["field"], "parent");
    let body = assert_problem(
        app.get("/api/v1/categories?parent=Ikke%20gyldig").await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "parent");
}

#[tokio::test]
async fn reference_data_supports_conditional_get() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/districts",
        "/api/v1/districts/konnerud",
        "/api/v1/categories",
        "/api/v1/categories/fotball",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        let etag = res.headers()["etag"].to_str().unwrap().to_owned();
        let res = app
            .client
            .get(app.url(path))
            .header("if-none-match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304, "{path}");
        assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
        let res = app
            .client
            .get(app.url(path))
            .header("if-none-match", "\"something-else\"")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
}

#[tokio::test]
async fn reference_data_is_loaded_once_and_survives_restarts() {
    let app = TestApp::spawn().await;
    // Running the migrations again (as every start does) must not duplicate anything.
    app.store.migrate().await.unwrap();
    let body: Value = app.get("/api/v1/districts").await.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 10);
}
