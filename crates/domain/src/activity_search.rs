//! What a resident asks of the public activity search, and what it answers: the filters, the
//! four sorts, facet counts, and the keyset cursor. Two engines answer it with the same
//! semantics — the search index (`fritid-search`, the normal path) and SQL in the store (while
//! the index is being built, and as the reference the index is tested against) — so the
//! pieces both need are here: the cursor's key, the planar distance key of `near`, and the
//! great-circle cut of a page.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::activity::{Activity, TargetGroup, distance_km};
use crate::reference::Slug;

/// Kilometres per degree of latitude (mean Earth radius 6371.0088 km).
pub const KM_PER_DEGREE: f64 = 111.195;

/// Every filter of `GET /api/v1/activities`. All are ANDed; repeatable ones are ORed within.
#[derive(Debug, Clone, Default)]
pub struct ActivitySearch {
    /// Term prefixes from [`crate::search::query_prefixes`]; all required.
    pub text: Vec<String>,
    pub districts: Vec<Slug>,
    /// A parent category matches its descendants.
    pub categories: Vec<Slug>,
    pub age: Option<i16>,
    pub target_groups: Vec<TargetGroup>,
    pub weekdays: Vec<chrono::Weekday>,
    /// Minutes after local midnight: a session must overlap [time_from, time_to).
    pub time_from: Option<u16>,
    pub time_to: Option<u16>,
    pub free: Option<bool>,
    pub wheelchair: Option<bool>,
    pub organisation: Option<Uuid>,
    /// Latitude, longitude, radius in km.
    pub near: Option<(f64, f64, f64)>,
    pub updated_since: Option<DateTime<Utc>>,
    /// Slots whose rules ended before this date do not count for weekday/time filters.
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivitySort {
    /// Best text match first (needs `text`).
    Relevance,
    /// Norwegian alphabetical order.
    Title,
    /// Most recently changed first.
    Updated,
    /// Nearest first (needs `near`).
    Distance,
}

crate::code::codes!(input ActivitySort, documented as SortDto: "Search orders (documentation only)." {
    Relevance => "relevance",
    Title => "title",
    Updated => "updated",
    Distance => "distance",
});

impl ActivitySearch {
    /// The sort this search can give: relevance needs text, distance a centre; otherwise by
    /// title.
    pub fn effective_sort(&self, sort: ActivitySort) -> ActivitySort {
        match (sort, self.text.is_empty(), self.near.is_some()) {
            (ActivitySort::Relevance, true, _) => ActivitySort::Title,
            (ActivitySort::Distance, _, false) => ActivitySort::Title,
            (s, _, _) => s,
        }
    }
}

/// Which facet counts to compute.
#[derive(Debug, Clone, Copy, Default)]
pub struct FacetRequest {
    pub district: bool,
    pub category: bool,
}

/// Counts per district and category slug over the whole result (not just the page). A
/// category counts the activities assigned to it directly.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    pub district: Option<Vec<(String, u64)>>,
    pub category: Option<Vec<(String, u64)>>,
}

/// Counts by slug, most frequent first, then by slug.
pub fn facet_order(mut counts: Vec<(String, u64)>) -> Vec<(String, u64)> {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts
}

#[derive(Debug, Clone)]
pub struct SearchHit {
    /// Shared: the search index keeps the activities it read.
    pub activity: std::sync::Arc<Activity>,
    /// Great-circle distance from `near`, when given.
    pub distance_km: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct SearchPage {
    pub items: Vec<SearchHit>,
    pub next_cursor: Option<String>,
    pub facets: Facets,
}

/// What a search cursor remembers: the sort key of the last item and its id. `Score` holds
/// the text score, then the title's sort key; `Distance` the planar key of [`distance_key`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CursorKey {
    Score(i64, String, Uuid),
    Distance(f64, Uuid),
    Text(String, Uuid),
    Time(DateTime<Utc>, Uuid),
}

/// `cos(latitude)` of the search centre: longitude degrees shrink by it. Over a municipality
/// the resulting planar distance differs from the great-circle one by far less than 0.1 %.
pub fn lon_scale(lat: f64) -> f64 {
    lat.to_radians().cos()
}

/// The squared planar distance in degrees² between `(lat, lon)` and the centre, `k` being
/// the centre's [`lon_scale`]; computed in the same order of operations as the store's SQL,
/// so both engines order and cut alike.
pub fn distance_key(centre: (f64, f64), k: f64, lat: f64, lon: f64) -> f64 {
    (lat - centre.0) * (lat - centre.0) + ((lon - centre.1) * k) * ((lon - centre.1) * k)
}

/// The planar cut of `near`: a venue is a candidate when its [`distance_key`] is at most this
/// (the radius with a little margin; the exact great-circle cut happens on the page).
pub fn max_distance_key(radius_km: f64) -> f64 {
    let dlat = radius_km * 1.005 / KM_PER_DEGREE;
    dlat * dlat
}

/// The latitude and longitude half-widths of the box around a centre that holds the radius.
pub fn bounding_box(lat: f64, radius_km: f64) -> (f64, f64) {
    let dlat = radius_km * 1.005 / KM_PER_DEGREE;
    (dlat, dlat / lon_scale(lat).max(0.01))
}

/// The activities of a page as hits: with their distance from `near`, and cut exactly to its
/// radius.
pub fn hits(
    activities: Vec<std::sync::Arc<Activity>>, near: Option<(f64, f64, f64)>,
) -> Vec<SearchHit> {
    activities
        .into_iter()
        .filter_map(|activity| {
            let distance_km = match (near, activity.details.venue.coordinates) {
                (Some((lat, lon, radius)), Some(at)) => {
                    let d = distance_km((lat, lon), at);
                    if d > radius {
                        return None;
                    }
                    Some(d)
                }
                _ => None,
            };
            Some(SearchHit { activity, distance_km })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_fall_back_to_title_without_what_they_need() {
        let plain = ActivitySearch::default();
        assert_eq!(plain.effective_sort(ActivitySort::Relevance), ActivitySort::Title);
        assert_eq!(plain.effective_sort(ActivitySort::Distance), ActivitySort::Title);
        assert_eq!(plain.effective_sort(ActivitySort::Updated), ActivitySort::Updated);
        let near = ActivitySearch { near: Some((59.74, 10.2, 2.0)), ..Default::default() };
        assert_eq!(near.effective_sort(ActivitySort::Distance), ActivitySort::Distance);
        let text = ActivitySearch { text: vec!["fotball".into()], ..Default::default() };
        assert_eq!(text.effective_sort(ActivitySort::Relevance), ActivitySort::Relevance);
    }

    #[test]
    fn the_planar_key_orders_like_the_great_circle_over_a_town() {
        let centre = (59.7439, 10.2045);
        let k = lon_scale(centre.0);
        let near = distance_key(centre, k, 59.75, 10.21);
        let far = distance_key(centre, k, 59.76, 10.25);
        assert!(near < far);
        assert!(near <= max_distance_key(distance_km(centre, (59.75, 10.21)) + 0.01));
        assert!(far > max_distance_key(1.0));
    }

    #[test]
    fn facets_are_most_frequent_first_then_by_slug() {
        let counts = vec![("b".into(), 2), ("c".into(), 5), ("a".into(), 2)];
        let ordered: Vec<(String, u64)> = facet_order(counts);
        assert_eq!(ordered, [("c".into(), 5), ("a".into(), 2), ("b".into(), 2)]);
    }
}
