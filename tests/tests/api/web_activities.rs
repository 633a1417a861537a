//! The resident pages for activities: the front page, the search and one activity.

use fritid_tests::TestApp;
use fritid_tests::html::{html_page, links, next_link, page};
use serde_json::Value;

/// The activity links of a results page, in order.
fn activity_links(html: &str) -> Vec<String> {
    links(html, "/aktiviteter/")
}

#[tokio::test]
async fn front_search_and_activity_pages_answer_with_their_heading() {
    let app = TestApp::with_demo_data().await;
    let ids = app.ids("/api/v1/activities?q=fotball&district=konnerud").await;
    let activity_path = format!("/aktiviteter/{}", ids[0]);
    for (path, heading) in [
        ("/", "Finn noe å gjøre i fritiden"),
        ("/aktiviteter", "Aktiviteter"),
        ("/aktiviteter?q=fotball&district=konnerud", "Aktiviteter"),
        (activity_path.as_str(), "Fotballtrening for 9-åringer"),
    ] {
        let html = html_page(&app, path, 200, heading).await;
        assert!(html.contains("<html lang=\"nb\""), "{path}");
    }
}

#[tokio::test]
async fn the_search_page_finds_what_the_api_finds_for_the_same_parameters() {
    let app = TestApp::with_demo_data().await;
    for query in [
        "",
        "q=fotball",
        "district=konnerud&district=bragernes",
        "category=idrett",
        "age=9",
        "target_group=children&target_group=seniors",
        "weekday=tue&weekday=thu",
        "time_from=17:00&time_to=19:00",
        "free=true",
        "wheelchair=1",
        "q=kor&sort=title",
        "district=konnerud&age=9&free=true&sort=updated",
    ] {
        let mut expected = app.ids(&format!("/api/v1/activities?{query}&limit=20")).await;
        let (status, _, html) = page(&app, &format!("/aktiviteter?{query}")).await;
        assert_eq!(status, 200, "{query}");
        let mut shown = activity_links(&html);
        assert!(
            !expected.is_empty() || query.contains("wheelchair") || query.contains("kor"),
            "demo data should match {query}"
        );
        // Same activities in the same order.
        assert_eq!(shown, expected, "{query}");
        shown.sort();
        expected.sort();
        assert_eq!(shown, expected);
    }
}

#[tokio::test]
async fn the_search_page_pages_with_the_api_cursor_and_counts_facets() {
    let app = TestApp::with_demo_data().await;
    let (_, _, html) = page(&app, "/aktiviteter?limit=5").await;
    assert_eq!(activity_links(&html).len(), 5);
    let href = next_link(&html).expect("a next page");
    assert!(href.starts_with("/aktiviteter?") && href.contains("cursor="), "{href}");
    let (status, _, second) = page(&app, &href).await;
    assert_eq!(status, 200);
    let second_links = activity_links(&second);
    assert!(!second_links.is_empty());
    assert!(second_links.iter().all(|id| !activity_links(&html).contains(id)), "pages overlap");
    // Counts beside the district filters come from the search's facets.
    let facets: Value = app
        .client
        .get(app.url("/api/v1/activities?facets=district"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let konnerud = facets["facets"]["district"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "konnerud")
        .unwrap()["count"]
        .as_u64()
        .unwrap();
    assert!(
        html.contains(&format!(
            "Konnerud og Skoger vest <span class=\"count\">({konnerud})</span>"
        )),
        "facet count shown"
    );
}

#[tokio::test]
async fn bad_filters_show_an_error_summary_and_keep_what_was_typed() {
    let app = TestApp::with_demo_data().await;
    let (status, _, html) = page(&app, "/aktiviteter?q=fotball&age=abc&time_from=25:00").await;
    assert_eq!(status, 422);
    assert!(html.contains("class=\"ds-error-summary\""));
    assert!(html.contains("href=\"#age\"") && html.contains("href=\"#time_from\""));
    assert!(
        html.contains("value=\"fotball\"")
            && html.contains("value=\"abc\"")
            && html.contains("value=\"25:00\"")
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(activity_links(&html).is_empty(), "no results for a query with errors");
}

#[tokio::test]
async fn unknown_pages_and_activities_are_html_404s_while_the_api_keeps_problems() {
    let app = TestApp::with_demo_data().await;
    for path in [
        "/finnes-ikke",
        "/aktiviteter/00000000-0000-0000-0000-000000000000",
        "/aktiviteter/ikke-en-id",
    ] {
        let html = html_page(&app, path, 404, "Fant ikke siden").await;
        assert!(html.contains("Referanse for feilmelding"), "request id shown");
    }
    let (status, content_type, _) = page(&app, "/api/v1/finnes-ikke").await;
    assert_eq!(status, 404);
    assert_eq!(content_type, "application/problem+json");
}

#[tokio::test]
async fn pages_carry_the_security_headers_and_only_our_own_assets() {
    let app = TestApp::with_demo_data().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    let header = |name: &str| {
        res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    };
    let csp = header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
            && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert_eq!(header("referrer-policy"), "same-origin");
    assert_eq!(header("x-content-type-options"), "nosniff");
    let html = res.text().await.unwrap();
    let css = html.split("rel=\"stylesheet\" href=\"").nth(1).unwrap();
    let css = &css[..css.find('"').unwrap()];
    assert!(css.starts_with("/static/fritid.") && css.ends_with(".css"), "{css}");
    let asset = app.client.get(app.url(css)).send().await.unwrap();
    assert_eq!(asset.status(), 200);
    assert!(asset.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from other hosts on the front page"
    );
}

#[tokio::test]
async fn an_activity_page_has_schedule_in_words_a_calendar_link_and_json_ld() {
    let app = TestApp::with_demo_data().await;
    let ids = app.ids("/api/v1/activities?q=fotball&district=konnerud").await;
    let (_, _, html) = page(&app, &format!("/aktiviteter/{}", ids[0])).await;
    assert!(html.contains(&format!("href=\"/api/v1/activities/{}/calendar.ics\"", ids[0])));
    assert!(
        html.contains("tirsdager")
            || html.contains("mandager")
            || html.contains("onsdager")
            || html.contains("torsdager"),
        "a weekly rule in words"
    );
    let json = html.split("<script type=\"application/ld+json\">").nth(1).unwrap();
    let json: Value = serde_json::from_str(&json[..json.find("</script>").unwrap()]).unwrap();
    assert_eq!(json["@context"], "https://schema.org");
    assert_eq!(json["@type"], "EventSeries");
    assert_eq!(json["name"], "Fotballtrening for 9-åringer");
    assert_eq!(json["eventSchedule"][0]["repeatFrequency"], "P1W");
    assert_eq!(json["organizer"]["name"], "Konnerud IL");
    assert_eq!(json["audience"]["suggestedMinAge"], 8);
}
