use fritid_tests::TestApp;

#[tokio::test]
async fn demo_data_covers_all_ten_districts_and_loads_once() {
    let app = TestApp::spawn().await;
    let n = fritid_server::seed::demo_data(&app.store).await.unwrap();
    assert!(n >= 20, "{n}");
    assert_eq!(fritid_server::seed::demo_data(&app.store).await.unwrap(), 0);

    let coverage = app.get("/api/v1/stats/coverage?group_by=district");
    let coverage = coverage.expect(200).await;
    assert_eq!(coverage["total"], n as u64);
    for item in coverage["items"].as_array().unwrap() {
        assert!(item["count"].as_u64().unwrap() > 0, "nothing in {}", item["district"]);
    }
    // Realistic enough to search in Norwegian.
    let search = app.get("/api/v1/activities?q=fotball&district=konnerud&age=9");
    let titles = search.pluck("title").await;
    assert_eq!(titles[0], "Fotballtrening for 9-åringer");
    let centres = app.get("/api/v1/organisations?kind=volunteer_centre");
    assert_eq!(centres.pluck("name").await.len(), 3);
}

#[tokio::test]
async fn synthetic_data_spreads_over_districts_categories_and_weekdays() {
    let app = TestApp::spawn().await;
    fritid_server::seed::synthetic(&app.store, 350).await.unwrap();
    let res = app.get("/api/v1/activities?facets=district,category&limit=1");
    let facets = &res.expect(200).await["facets"];
    let districts = facets["district"].as_array().unwrap();
    assert_eq!(districts.len(), 10);
    let total: u64 = districts.iter().map(|d| d["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 350);
    assert!(facets["category"].as_array().unwrap().len() >= 10);
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        let page = app.get(&format!("/api/v1/activities?weekday={day}&limit=1"));
        assert_eq!(page.pluck("id").await.len(), 1, "{day}");
    }
}
