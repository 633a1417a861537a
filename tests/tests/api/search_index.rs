//! The search index answers exactly as the database's search does: for a few hundred
//! generated activities and the demo data's, and many combinations of every filter and sort,
//! the same items in the same order, the same cursors (followed to the last page) and the
//! same facets.

use chrono::{NaiveDate, Utc, Weekday};
use fritid_app::query::ParsedSearch;
use fritid_app::search_index::{Reader, SearchIndex};
use fritid_app::{ActivitySearch, ActivitySort, FacetRequest, SearchPage};
use fritid_domain::activity::TargetGroup;
use fritid_domain::reference::Slug;
use fritid_domain::search::query_prefixes;
use fritid_search::ActivityIndex;
use fritid_tests::TestApp;

fn slug(s: &str) -> Slug {
    Slug::parse("slug", s).unwrap()
}

/// Text searches alone. "s" matches several words, so its documents score differently;
/// "barn", "senior" and "korps" match a frequent synthetic word and rare words of the demo
/// data beside it (see the first test).
const WORDS: [&str; 11] = [
    "fotball",
    "svøm",
    "fotball barn",
    "lag",
    "hyggelig trygg",
    "for",
    "x",
    "s",
    "barn",
    "senior",
    "korps",
];

/// Searches that together use every filter, alone and combined.
fn searches() -> Vec<ActivitySearch> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 28);
    let base = ActivitySearch { today, ..Default::default() };
    let mut out = vec![base.clone()];
    for q in WORDS {
        out.push(ActivitySearch { text: query_prefixes(q), ..base.clone() });
    }
    out.push(ActivitySearch {
        text: query_prefixes("s"),
        districts: vec![slug("konnerud")],
        age: Some(30),
        ..base.clone()
    });
    out.push(ActivitySearch { districts: vec![slug("konnerud")], age: Some(10), ..base.clone() });
    out.push(ActivitySearch {
        districts: vec![slug("bragernes")],
        age: Some(9),
        weekdays: vec![Weekday::Wed],
        ..base.clone()
    });
    out.push(ActivitySearch {
        weekdays: vec![Weekday::Sun],
        wheelchair: Some(false),
        ..base.clone()
    });
    out.push(ActivitySearch {
        districts: vec![slug("bragernes"), slug("svelvik")],
        weekdays: vec![Weekday::Tue, Weekday::Sat],
        ..base.clone()
    });
    out.push(ActivitySearch { categories: vec![slug("idrett")], free: Some(true), ..base.clone() });
    // Districts with categories that have fewer activities are checked by the collector,
    // not intersected as postings (the first two); broad categories keep the intersection.
    let five = ["konnerud", "mjondalen", "bragernes", "svelvik", "solbergelva"];
    out.push(ActivitySearch {
        categories: vec![slug("fotball")],
        districts: five.iter().map(|d| slug(d)).collect(),
        free: Some(true),
        ..base.clone()
    });
    out.push(ActivitySearch {
        categories: vec![slug("musikk")],
        districts: five.iter().map(|d| slug(d)).collect(),
        age: Some(30),
        ..base.clone()
    });
    out.push(ActivitySearch {
        categories: vec![slug("idrett"), slug("musikk")],
        districts: vec![slug("konnerud"), slug("mjondalen")],
        free: Some(true),
        ..base.clone()
    });
    out.push(ActivitySearch {
        text: query_prefixes("for"),
        categories: vec![slug("idrett")],
        districts: vec![slug("bragernes")],
        age: Some(12),
        ..base.clone()
    });
    out.push(ActivitySearch {
        categories: vec![slug("musikk"), slug("dans")],
        wheelchair: Some(true),
        ..base.clone()
    });
    out.push(ActivitySearch {
        target_groups: vec![TargetGroup::Children, TargetGroup::Seniors],
        time_from: Some(17 * 60),
        time_to: Some(19 * 60),
        ..base.clone()
    });
    out.push(ActivitySearch { age: Some(40), free: Some(false), ..base.clone() });
    out.push(ActivitySearch { near: Some((59.745, 10.204, 2.0)), ..base.clone() });
    out.push(ActivitySearch {
        near: Some((59.752, 10.015, 1.0)),
        text: query_prefixes("mjondalen"),
        ..base.clone()
    });
    out.push(ActivitySearch {
        updated_since: Some(Utc::now() - chrono::Duration::days(1)),
        weekdays: vec![Weekday::Mon],
        ..base.clone()
    });
    out
}

fn ids(page: &SearchPage) -> Vec<(uuid::Uuid, Option<String>)> {
    page.items.iter().map(|h| (h.activity.id, h.distance_km.map(|d| format!("{d:.9}")))).collect()
}

#[tokio::test]
async fn the_index_answers_every_filter_sort_and_cursor_as_the_database_does() {
    // The test catches up itself: the follower would commit whenever it caught a batch
    // half-written, and the segments would differ from run to run.
    let test = TestApp::spawn_with(|c| c.search_follow_ms = 3_600_000).await;
    // In two batches, so that the index has two segments and a search merges their pages;
    // the second with the demo data's real titles, so that in one segment a prefix matches a
    // word most activities have and rare ones beside it ("barn" and "barnekor").
    let (mut applied, mut demo) = (0, 0);
    for batch in 0..2 {
        fritid_server::seed::synthetic(&test.store, 200).await.unwrap();
        if batch == 1 {
            demo = fritid_server::seed::demo_data(&test.store).await.unwrap();
        }
        applied += test.app.catch_up_search_index().await.unwrap();
    }
    assert!(demo > 10, "the demo data has activities ({demo})");
    assert!(
        applied >= 400 + demo,
        "the index took the seeded activities from the feed ({applied})"
    );
    let index = test.app.search_index().expect("the server keeps a search index");
    assert_eq!(index.len(), 400 + demo as u64);

    // Without facets a search by distance takes the grid cells one at a time, and one by
    // title without text walks the segments in title order when the query finds many.
    let sorts = [
        ActivitySort::Relevance,
        ActivitySort::Title,
        ActivitySort::Updated,
        ActivitySort::Distance,
    ];
    let (mut compared, mut items) = compare(&test, &searches(), &sorts).await;
    // Again by distance with every coarse cell taken as its fine cells (in production only
    // where a segment has more than a thousand venues in one).
    index.take_fine_cells_above(2);
    let near: Vec<ActivitySearch> = searches().into_iter().filter(|s| s.near.is_some()).collect();
    let (near_compared, near_items) = compare(&test, &near, &[ActivitySort::Distance]).await;
    assert!(near_compared >= 4 && near_items > 20, "{near_compared} pages by distance");
    compared += near_compared;
    items += near_items;
    eprintln!("{compared} pages with {items} items compared");
    assert!(compared > 100 && items > 2000, "{compared} pages with {items} items compared");
}

#[tokio::test]
async fn writes_reach_the_index_before_the_next_search() {
    let test = TestApp::spawn().await;
    fritid_server::seed::synthetic(&test.store, 30).await.unwrap();
    let search = |text: &str| ParsedSearch {
        search: ActivitySearch { text: query_prefixes(text), ..Default::default() },
        sort: ActivitySort::Relevance,
        facets: FacetRequest::default(),
        limit: 50,
        cursor: None,
    };
    let before = test.app.search_activities(&search("fotball"), Reader::Anonymous).await.unwrap();
    let index = test.app.search_index().expect("the server keeps a search index");
    assert!(index.is_ready());
    // Everything seeded after the start reached the index before that search answered.
    assert_eq!(index.len(), 30);
    let from_sql = test
        .store
        .search_activities(
            &search("fotball").search,
            ActivitySort::Relevance,
            None,
            50,
            Default::default(),
        )
        .await
        .unwrap();
    assert_eq!(ids(&before), ids(&from_sql));
}

/// An index folder kept from another database (the data folder reused with another
/// `DATABASE_URL`, or the database restored from an older backup) is emptied and built
/// again at the first catch-up, so that it never serves activities the database does not
/// have; on its own database it goes on from where it stopped.
#[tokio::test]
async fn an_index_kept_from_another_database_is_built_again() {
    let dir = std::env::temp_dir().join(format!("fritid-index-{}", uuid::Uuid::new_v4()));
    let opened = |dir| SearchIndex::new(ActivityIndex::open(Some(dir)).unwrap()).unwrap();
    let first = TestApp::spawn().await;
    fritid_server::seed::synthetic(&first.store, 30).await.unwrap();
    for run in ["built", "opened again"] {
        let app = first.app.clone().with_search_index(opened(&dir));
        let applied = app.catch_up_search_index().await.unwrap();
        assert_eq!(app.search_index().unwrap().len(), 30, "{run}");
        if run == "opened again" {
            assert_eq!(applied, 0, "it goes on from where it stopped");
        }
    }

    let second = TestApp::spawn().await;
    fritid_server::seed::synthetic(&second.store, 5).await.unwrap();
    let app = second.app.clone().with_search_index(opened(&dir));
    app.catch_up_search_index().await.unwrap();
    assert_eq!(app.search_index().unwrap().len(), 5, "only this database's activities");
    drop(app);
    std::fs::remove_dir_all(&dir).ok();
}

/// Result items are rendered once per version and kept: each reads as the activity alone
/// does (with `distance_km` added near a point), the first time and when taken from what
/// was kept.
#[tokio::test]
async fn result_items_read_as_the_activity_itself() {
    let test = TestApp::spawn().await;
    fritid_server::seed::synthetic(&test.store, 60).await.unwrap();
    let client = reqwest::Client::new();
    let get = |path: String| {
        let client = client.clone();
        let url = test.url(&path);
        async move {
            let res = client.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let mut checked = 0;
    for query in ["district=konnerud", "q=barn", "near=59.745,10.204&radius_km=3&sort=distance"] {
        // Different limits: the second search is not the micro-cache's copy of the first.
        for limit in [7, 8] {
            let page = get(format!("/api/v1/activities?{query}&limit={limit}")).await;
            let items = page["items"].as_array().unwrap();
            assert!(!items.is_empty(), "{query}");
            for item in items {
                let mut item = item.clone();
                let distance = item.as_object_mut().unwrap().remove("distance_km");
                assert_eq!(distance.is_some(), query.starts_with("near"), "{query}");
                let alone =
                    get(format!("/api/v1/activities/{}", item["id"].as_str().unwrap())).await;
                assert_eq!(item, alone, "{query}");
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

/// Compares every search in `searches` by each of `sorts`, with and without facets, page by
/// page, from the index and from SQL; returns the pages and items compared.
async fn compare(
    test: &TestApp, searches: &[ActivitySearch], sorts: &[ActivitySort],
) -> (usize, usize) {
    let facet_requests = [FacetRequest { district: true, category: true }, FacetRequest::default()];
    let (mut compared, mut items) = (0, 0);
    for search in searches {
        for (sort, facets) in
            sorts.iter().copied().flat_map(|sort| facet_requests.map(|facets| (sort, facets)))
        {
            let mut cursor: Option<String> = None;
            let mut pages = 0;
            loop {
                let q = ParsedSearch {
                    search: search.clone(),
                    sort,
                    facets,
                    limit: 17,
                    cursor: cursor.clone(),
                };
                let from_index = test.app.search_activities(&q, Reader::Anonymous).await.unwrap();
                let from_sql = test
                    .store
                    .search_activities(search, sort, cursor.as_deref(), 17, facets)
                    .await
                    .unwrap();
                let what = format!("{search:?} by {sort:?} with {facets:?}, page {pages}");

                assert_eq!(ids(&from_index), ids(&from_sql), "items of {what}");
                assert_eq!(from_index.next_cursor, from_sql.next_cursor, "cursor of {what}");
                assert_eq!(from_index.facets, from_sql.facets, "facets of {what}");
                compared += 1;
                items += from_index.items.len();
                pages += 1;
                match from_index.next_cursor {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
        }
    }
    (compared, items)
}
