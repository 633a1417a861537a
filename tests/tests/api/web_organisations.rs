//! The resident pages for organisations: the list with its filters and pages, and one
//! organisation with its contact details, activities and volunteer opportunities.

use fritid_tests::html::{h1, html_page, links, next_link, page};
use fritid_tests::{TestApp, World};
use serde_json::{Value, json};
use uuid::Uuid;

/// The organisation ids a list page links to.
fn organisation_links(html: &str) -> Vec<String> {
    links(html, "/organisasjoner/")
}

fn centre() -> Value {
    json!({"name": "Strømsø frivilligsentral", "kind": "volunteer_centre",
           "description": "Vi kobler folk som vil hjelpe, med folk som trenger hjelp.\n\nKom innom på kaffe!",
           "email": "post@stromso-frivillig.example.no", "phone": "+47 32 80 00 00",
           "website": "https://stromso-frivillig.example.no", "districts": ["stromso-nedre", "bragernes"]})
}

#[tokio::test]
async fn the_list_and_an_organisation_answer_with_their_heading() {
    let app = TestApp::with_demo_data().await;
    let first = app.ids("/api/v1/organisations?limit=1").await.remove(0);
    let name = app.get(&format!("/api/v1/organisations/{first}")).expect(200).await["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = format!("/organisasjoner/{first}");
    for (path, heading) in [
        ("/organisasjoner", "Lag og foreninger"),
        (
            "/organisasjoner?q=frivillig&kind=volunteer_centre&district=konnerud",
            "Lag og foreninger",
        ),
        ("/organisasjoner?category=idrett&kind=", "Lag og foreninger"),
        (one.as_str(), name.as_str()),
    ] {
        html_page(&app, path, 200, heading).await;
    }
}

#[tokio::test]
async fn the_list_finds_what_the_api_finds_page_by_page() {
    let app = TestApp::with_demo_data().await;
    for query in [
        "",
        "q=frivilligsentral",
        "kind=association",
        "district=konnerud&district=bragernes",
        "category=idrett",
        "category=musikk&district=mjondalen",
    ] {
        let (status, _, html) = page(&app, &format!("/organisasjoner?{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert_eq!(
            organisation_links(&html),
            app.ids(&format!("/api/v1/organisations?{query}")).await,
            "{query}"
        );
    }

    // Pages of three, each "next" link keeping the filter.
    let every = app.ids("/api/v1/organisations?kind=association&limit=100").await;
    assert!(every.len() > 3, "the demo data has enough associations");
    let mut seen = Vec::new();
    let mut next = Some("/organisasjoner?kind=association&limit=3".to_owned());
    while let Some(path) = next {
        let (status, _, html) = page(&app, &path).await;
        assert_eq!(status, 200, "{path}");
        seen.extend(organisation_links(&html));
        next = next_link(&html);
        if let Some(n) = &next {
            assert!(
                n.contains("kind=association") && n.contains("limit=3") && n.contains("cursor="),
                "{n}"
            );
        }
    }
    assert_eq!(seen, every);
}

#[tokio::test]
async fn an_organisation_shows_its_contact_activities_and_open_opportunities() {
    let w = World::new(&centre()).await;
    let activity = json!({"title": "Strikkekafé", "summary": "Vi strikker og prater.", "categories": ["kunst"],
                          "district": "bragernes", "venue": {"name": "Biblioteket"},
                          "schedule": [{"weekdays": ["wed"], "start_time": "18:00", "end_time": "20:00", "valid_from": "2026-08-17"}]});
    let published = w.app.published_activity(&w.owner, w.org, &activity).await;
    let draft_body = json!({"title": "Hemmelig utkast", "categories": ["kunst"], "district": "bragernes",
                            "venue": {"name": "Biblioteket"},
                            "schedule": [{"weekdays": ["thu"], "start_time": "18:00", "end_time": "20:00", "valid_from": "2026-08-17"}]});
    let draft = w.app.activity(&w.owner, w.org, &draft_body).await;
    let open = json!({"title": "Leksehjelp", "description": "Hjelp elever med lekser.", "district": "bragernes",
                      "commitment": "recurring"});
    let open = w.app.opportunity(&w.owner, w.org, &open).await;
    let closed = json!({"title": "Julemarked", "description": "Ferdig for i år.", "district": "bragernes",
                        "commitment": "one_off", "status": "closed"});
    let closed = w.app.opportunity(&w.owner, w.org, &closed).await;

    let (status, _, html) = page(&w.app, &format!("/organisasjoner/{}", w.org)).await;
    assert_eq!(status, 200);
    assert_eq!(h1(&html), "Strømsø frivilligsentral");
    assert!(html.contains("Frivilligsentral"), "the kind in words");
    // Districts by name, not slug.
    assert!(html.contains("Bragernes og Øren"), "{html}");
    assert!(!html.contains(">stromso-nedre<") && !html.contains("bragernes,"), "no slugs");
    assert!(html.contains("href=\"mailto:post@stromso-frivillig.example.no\""));
    assert!(html.contains("+47 32 80 00 00") && html.contains("href=\"tel:+4732800000\""));
    assert!(html.contains("href=\"https://stromso-frivillig.example.no\""));
    assert!(html.contains("<p class=\"ds-paragraph\">Kom innom på kaffe!</p>"), "paragraphs");
    assert_eq!(
        links(&html, "/aktiviteter/"),
        [published.to_string()],
        "published activities only, not {draft}"
    );
    assert_eq!(
        links(&html, "/frivillig/"),
        [open.to_string()],
        "open opportunities only, not {closed}"
    );
}

#[tokio::test]
async fn unknown_hidden_and_malformed_organisations_are_the_html_404_page() {
    let w = World::new(&centre()).await;
    let pending =
        w.app.organisation(&w.owner, &json!({"name": "Nytt lag", "kind": "association"})).await;
    for path in [
        format!("/organisasjoner/{}", Uuid::new_v4()),
        format!("/organisasjoner/{pending}"),
        "/organisasjoner/ikke-en-id".to_owned(),
    ] {
        let html = html_page(&w.app, &path, 404, "Fant ikke siden").await;
        assert!(!html.contains("Nytt lag"), "{path}");
    }
}

#[tokio::test]
async fn refused_filters_show_the_form_again_with_what_was_chosen() {
    let app = TestApp::spawn().await;
    let (status, content_type, html) =
        page(&app, "/organisasjoner?q=kor&kind=klubb&district=konnerud").await;
    assert_eq!(status, 422);
    assert!(content_type.starts_with("text/html"));
    assert!(html.contains("ds-error-summary") && html.contains("href=\"#kind\""), "{html}");
    assert!(html.contains("id=\"kind\"") && html.contains("aria-invalid=\"true\""));
    assert!(html.contains("value=\"kor\""), "the typed text is kept");
    assert!(html.contains("value=\"konnerud\" checked"), "the chosen district is kept");

    // A cursor that is not one of ours is a bad address, not a failure.
    let (status, _, _) = page(&app, "/organisasjoner?cursor=tull").await;
    assert_eq!(status, 400);
}
