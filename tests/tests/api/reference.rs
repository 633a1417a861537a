use fritid_tests::TestApp;
use serde_json::Value;

/// Every kind of reference data: a list and one item of each.
const REFERENCE_DATA: [&str; 4] = [
    "/api/v1/districts",
    "/api/v1/districts/konnerud",
    "/api/v1/categories",
    "/api/v1/categories/fotball",
];

#[tokio::test]
async fn lists_the_ten_kommunedeler_in_order() {
    let app = TestApp::spawn().await;
    let body = app.get("/api/v1/districts").expect(200).await;
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let codes: Vec<&str> = items.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]);
    let konnerud = &items[4];
    assert_eq!(konnerud["slug"], "konnerud");
    assert_eq!(konnerud["name"], "Konnerud og Skoger vest");
    assert_eq!(items[0]["name"], "Mjøndalen, Åsen, Steinberg og Ytterkollen");
}

#[tokio::test]
async fn one_district_by_slug_and_unknown_ones_are_404() {
    let app = TestApp::spawn().await;
    let svelvik = app.get("/api/v1/districts/svelvik").expect(200).await;
    assert_eq!(svelvik["code"], "10");
    assert_eq!(svelvik["short_name"], "Svelvik");

    app.get("/api/v1/districts/atlantis").problem(404).await;
    // Not even a slug: still just "not found".
    let not_a_slug = "/api/v1/districts/Not%20A%20Slug";
    app.get(not_a_slug).problem(404).await;
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

    let kor: Value = app.get("/api/v1/categories/kor").await.json().await.unwrap();
    assert_eq!(kor["parent"], "musikk");
}

#[tokio::test]
async fn categories_filter_by_parent_and_refuse_unknown_parents() {
    let app = TestApp::spawn().await;
    let music = app.get("/api/v1/categories?parent=musikk").await;
    let music: Value = music.json().await.unwrap();
    assert_eq!(fritid_tests::pluck(&music["items"], "slug"), ["kor", "korps"]);

    for parent in ["atlantis", "Ikke%20gyldig"] {
        let path = format!("/api/v1/categories?parent={parent}");
        let body = app.get(&path).problem(422).await;
        assert_eq!(body["errors"][0]["field"], "parent", "{parent}");
    }
}

#[tokio::test]
async fn reference_data_supports_conditional_get() {
    let app = TestApp::spawn().await;
    for path in REFERENCE_DATA {
        let etag = app.etag(None, path).await;
        let res = app.get(path).header("if-none-match", &etag).await;
        assert_eq!(res.status(), 304, "{path}");
        assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
        let other = app.get(path).header("if-none-match", "\"something-else\"");
        assert_eq!(other.await.status(), 200, "{path}");
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

/// The short lists are collections like any other: `limit` and `cursor` page through them
/// in the same order as one whole page, and every bad paging parameter is named at once.
#[tokio::test]
async fn the_short_lists_page_like_every_collection() {
    let app = TestApp::spawn().await;
    for (list, key) in [("/api/v1/categories", "slug"), ("/api/v1/districts", "code")] {
        let whole = app.get(list).expect(200).await;
        assert_eq!(whole["next_cursor"], Value::Null, "{list}: one page holds it");
        let whole: Vec<Value> = whole["items"].as_array().unwrap().clone();
        assert!(whole.len() > 4, "{list}");
        let mut paged: Vec<Value> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("{list}?limit=4&cursor={c}"),
                None => format!("{list}?limit=4"),
            };
            let page = app.get(&path).expect(200).await;
            let items = page["items"].as_array().unwrap();
            assert!(items.len() <= 4, "{path}");
            paged.extend(items.iter().cloned());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => break,
            }
        }
        assert_eq!(paged, whole, "{list}: the pages are the whole list, in order");
        let keys: Vec<&str> = whole.iter().map(|i| i[key].as_str().unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{list} by {key}: {keys:?}");

        let refused = app.get(&format!("{list}?limit=0&cursor=gjettet")).problem(422).await;
        let fields: Vec<&str> = refused["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["limit", "cursor"], "{list}");
    }
    // A filter and the paging parameters together.
    let page = app.get("/api/v1/categories?parent=idrett&limit=100").expect(200).await;
    assert!(page["items"].as_array().unwrap().iter().all(|c| c["parent"] == "idrett"), "{page}");
}
