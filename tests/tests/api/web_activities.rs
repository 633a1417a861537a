//! The resident pages for activities: the front page, the search and one activity.

use fritid_tests::TestApp;
use fritid_tests::html::{html_page, links, location, next_link, page, page_with_headers};
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

/// The product's example of a resident's search, typed as one would say it.
const SAID: &str = "fotball for 9-åringer på Konnerud, gratis, ettermiddag";

/// `/aktiviteter` with `q` (and `more`, already encoded): its status, redirect and body.
async fn search_for(app: &TestApp, q: &str, more: &str) -> (u16, Option<String>, String) {
    let q: String = url_encode(q);
    let (status, headers, html) =
        page_with_headers(app, &format!("/aktiviteter?q={q}{more}")).await;
    let to = (status == 303).then(|| location(&headers));
    (status, to, html)
}

/// Where `/aktiviteter` with `q` (and `more`) sends the browser: it must send it on.
async fn sent_on(app: &TestApp, q: &str, more: &str) -> String {
    let (status, to, html) = search_for(app, q, more).await;
    assert_eq!(status, 303, "{q}{more}: {html}");
    to.expect("a Location")
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn words_typed_as_a_sentence_that_find_nothing_are_searched_again_as_the_filters_they_name() {
    let app = TestApp::with_demo_data().await;
    let api = |q: &str| format!("/api/v1/activities?q={}&limit=20", url_encode(q));
    assert!(app.ids(&api(SAID)).await.is_empty(), "as free text, every word is required");

    let to = sent_on(&app, SAID, "").await;
    let query = to.strip_prefix("/aktiviteter?").expect("to the search");
    let tolket = format!("q={}", url_encode(SAID).replace("%20", "+"));
    let expected = [
        ("age", "9"),
        ("district", "konnerud"),
        ("free", "true"),
        ("q", "fotball"),
        ("time_from", "12:00"),
        ("time_to", "18:00"),
        ("tolket", tolket.as_str()),
    ];
    assert_eq!(query_pairs(&to, &[]), sorted(&expected));

    let html = html_page(&app, &to, 200, "Aktiviteter").await;
    let api_query = query.split("&tolket=").next().unwrap();
    let found = app.ids(&format!("/api/v1/activities?{api_query}&limit=20")).await;
    assert!(!found.is_empty(), "the filters find something");
    assert_eq!(activity_links(&html), found, "what the API finds with those parameters");
    assert!(html.contains("Fotballtrening for 9-åringer"));
    assert!(html.contains("Vi har brukt noen av ordene som filtre"), "it says so");
    for (typed, meaning) in [
        ("9-åringer", "alder 9 år"),
        ("Konnerud", "bydel Konnerud og Skoger vest"),
        ("gratis", "gratis"),
        ("ettermiddag", "mellom kl. 12:00 og 18:00"),
    ] {
        assert!(html.contains(&format!("<li>«{typed}»: {meaning}</li>")), "{typed}: {html}");
    }
    assert!(html.contains("value=\"fotball\""), "the word left is in the search field");
    let as_typed = as_typed_link(&html).expect("a way to the words as typed");
    let (status, _, html) = page_with_headers(&app, &as_typed).await;
    assert_eq!(status, 200, "searched as typed, not sent on again");
    assert!(
        activity_links(&html).is_empty() && html.contains("Ingen aktiviteter passer søket ditt.")
    );
    assert!(!html.contains("Vi har brukt noen av ordene"));
}

#[tokio::test]
async fn words_are_only_read_as_filters_when_as_typed_they_find_nothing_and_as_filters_something() {
    let app = TestApp::with_demo_data().await;
    // Found as typed: shown as typed ("barn" is also a target group).
    let (status, _, html) = search_for(&app, "Korps for barn", "").await;
    assert_eq!(status, 200);
    assert!(!activity_links(&html).is_empty() && !html.contains("Vi har brukt"));
    // Nothing found either way (chess is played in Bragernes only): the words as typed.
    let (status, _, html) = search_for(&app, "sjakk på Konnerud", "").await;
    assert_eq!(status, 200);
    assert!(activity_links(&html).is_empty());
    // No word names a filter.
    let (status, _, _) = search_for(&app, "xyzzy plugh", "").await;
    assert_eq!(status, 200);
    // A filter already chosen is not overridden by a word: "gratis" stays a word, and
    // nothing else is read, so nothing changes.
    let (status, _, _) = search_for(&app, "fotball gratis", "&free=false").await;
    assert_eq!(status, 200);
    // An address that claims a reading its filters do not have says nothing of it.
    let claimed = format!("&tolket={}", url_encode(&format!("q={}", url_encode(SAID))));
    let (status, _, html) = search_for(&app, "fotball", &claimed).await;
    assert_eq!(status, 200);
    assert!(!html.contains("Vi har brukt"), "district, age, price and time not set");
}

/// The `(name, value)` pairs of the query of `path` (a local address), sorted, without
/// those named in `leave_out`.
fn query_pairs(path: &str, leave_out: &[&str]) -> Vec<(String, String)> {
    let url = reqwest::Url::parse(&format!("http://fritid.test{path}")).unwrap();
    let mut pairs: Vec<(String, String)> =
        url.query_pairs().into_owned().filter(|(k, _)| !leave_out.contains(&k.as_str())).collect();
    pairs.sort();
    pairs
}

/// `pairs` as [`query_pairs`] gives them.
fn sorted(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    pairs.sort();
    pairs
}

/// The notice's link to the search as asked, unescaped.
fn as_typed_link(html: &str) -> Option<String> {
    let link = links(html, "/aktiviteter?").into_iter().find(|l| l.contains("ordrett=1"))?;
    Some(format!("/aktiviteter?{}", link.replace("&amp;", "&").replace("&#38;", "&")))
}

#[tokio::test]
async fn with_a_district_chosen_a_word_naming_one_stays_a_word_and_the_notice_says_so() {
    let app = TestApp::with_demo_data().await;
    // Chosen on the front page: Konnerud. Typed: "fotball Konnerud gratis" (the club's name
    // has "Konnerud"; no activity says "gratis").
    let to = sent_on(&app, "fotball Konnerud gratis", "&district=konnerud").await;
    let html = html_page(&app, &to, 200, "Aktiviteter").await;
    assert!(html.contains("<li>«gratis»: gratis</li>"));
    assert!(!html.contains("<li>«Konnerud»"), "Konnerud was searched as a word: {html}");
    assert!(html.contains("value=\"fotball Konnerud\""));
    let as_typed = as_typed_link(&html).expect("a way back");
    let expected = [("district", "konnerud"), ("ordrett", "1"), ("q", "fotball Konnerud gratis")];
    assert_eq!(
        query_pairs(&as_typed, &[]),
        sorted(&expected),
        "the search as asked, the chosen district kept"
    );
}

#[tokio::test]
async fn a_category_named_in_the_words_is_read_when_the_other_readings_find_nothing() {
    let app = TestApp::with_demo_data().await;
    // "idrett" is in no activity's text; read with the other words (children, Konnerud) it
    // still finds nothing, so it is read as the category, which includes football and ski.
    let to = sent_on(&app, "idrett for barn på Konnerud", "").await;
    let expected = [("district", "konnerud"), ("category", "idrett"), ("target_group", "children")];
    assert_eq!(query_pairs(&to, &["tolket"]), sorted(&expected), "no q left");
    let html = html_page(&app, &to, 200, "Aktiviteter").await;
    let api = "/api/v1/activities?district=konnerud&category=idrett&target_group=children";
    let found = app.ids(api).await;
    assert_eq!(found.len(), 2, "football and ski school");
    assert_eq!(activity_links(&html), found);
    assert!(html.contains("<li>«idrett»: kategorien Idrett</li>"), "{html}");
    // "fotball" names a category too, but as a word it finds what the example asks for:
    // the category is not read.
    assert!(!sent_on(&app, SAID, "").await.contains("category="));
}
