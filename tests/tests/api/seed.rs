use fritid_tests::TestApp;
use serde_json::Value;

#[tokio::test]
async fn demo_data_covers_all_ten_districts_and_loads_once() {
    let app = TestApp::spawn().await;
    let n = fritid_server::seed::demo_data(&app.store).await.unwrap();
    assert!(n >= 20, "{n}");
    assert_eq!(fritid_server::seed::demo_data(&app.store).await.unwrap(), 0);

    let coverage: Value = app
        .get("/api/v1/stats/coverage?group_by=district")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(coverage["total"], n as u64);
    for item in coverage["items"].as_array().unwrap() {
        assert!(
            item["count"].as_u64().unwrap() > 0,
            "nothing in {}",
            item["district"]
        );
    }
    // Realistic enough to search in Norwegian.
    let res: Value = app
        .get("/api/v1/activities?q=fotball&district=konnerud&age=9")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(res["items"][0]["title"], "Fotballtrening for 9-åringer");
    let orgs: Value = app
        .get("/api/v1/organisations?kind=volunteer_centre")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orgs["items"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn synthetic_data_spreads_over_districts_categories_and_weekdays() {
    let app = TestApp::spawn().await;
    fritid_server::seed::synthetic(&app.store, 350)
        .await
        .unwrap();
    let res: Value = app
        .get("/api/v1/activities?facets=district,category&limit=1")
        .await
        .json()
        .await
        .unwrap();
    let districts = res["facets"]["district"].as_array().unwrap();
    assert_eq!(districts.len(), 10);
    assert_eq!(
        districts
            .iter()
            .map(|d| d["count"].as_u64().unwrap())
            .sum::<u64>(),
        350
    );
    assert!(res["facets"]["category"].as_array().unwrap().len() >= 10);
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        let page: Value = app
            .get(&format!("/api/v1/activities?weekday={day}&limit=1"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["items"].as_array().unwrap().len(), 1, "{day}");
    }
}
