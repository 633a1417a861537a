//! Search results' items as JSON, rendered once per version of an activity and kept while
//! their sessions stay the same: a page of twenty activities was a quarter of a search's
//! CPU to build and serialize again for every request.
//!
//! An item's JSON depends on the activity (its id and change time name a version: every
//! change, an organisation's rename included, moves `updated_at`), on the time (the next
//! sessions) and on the search (the distance from `near`, added as the last member). An
//! item is kept until the first listed session starts or a session enters the window of
//! upcoming ones, whichever comes first.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use fritid_domain::activity::Activity;
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

use super::dto::{ActivityDto, shown_km};

/// How many bytes of items are kept (about 1.5 KiB each); the least used give way when full.
const KEPT_BYTES: u64 = 64 << 20;

/// One activity of a page as JSON.
#[derive(Debug, Clone)]
pub struct RenderedItem(Arc<RawValue>);

impl Serialize for RenderedItem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// An activity's id and change time (microseconds): one version of it.
type Version = (Uuid, i64);

/// The JSON of a version and until when it reads the same.
type Kept = (Arc<RawValue>, DateTime<Utc>);

/// Weighs an item by the length of its JSON.
#[derive(Debug, Clone, Copy)]
struct ByLength;

impl quick_cache::Weighter<Version, Kept> for ByLength {
    fn weight(&self, _: &Version, (json, _): &Kept) -> u64 {
        json.get().len().max(1) as u64
    }
}

#[derive(Debug)]
pub struct RenderedItems {
    kept: quick_cache::sync::Cache<Version, Kept, ByLength>,
}

impl Default for RenderedItems {
    fn default() -> Self {
        Self {
            kept: quick_cache::sync::Cache::with_weighter(
                (KEPT_BYTES / 1536) as usize,
                KEPT_BYTES,
                ByLength,
            ),
        }
    }
}

impl RenderedItems {
    /// `activity` as a search result at `now`, `distance_km` from `near` when given.
    pub(crate) fn item(
        &self, activity: &Activity, distance_km: Option<f64>, now: DateTime<Utc>,
    ) -> Result<RenderedItem, serde_json::Error> {
        let plain = self.plain(activity, now)?;
        match distance_km {
            None => Ok(RenderedItem(plain)),
            Some(km) => {
                // The item with its distance as the last member.
                let json = plain.get();
                let distance = serde_json::to_string(&shown_km(km))?;
                let with = format!("{},\"distance_km\":{distance}}}", &json[..json.len() - 1]);
                Ok(RenderedItem(RawValue::from_string(with)?.into()))
            }
        }
    }

    /// The item without a distance: kept, or rendered and kept.
    fn plain(
        &self, activity: &Activity, now: DateTime<Utc>,
    ) -> Result<Arc<RawValue>, serde_json::Error> {
        let key = (activity.id, activity.updated_at.timestamp_micros());
        if let Some((json, until)) = self.kept.get(&key)
            && now < until
        {
            return Ok(json);
        }
        let (dto, until) = ActivityDto::with_validity(activity, now);
        let json: Arc<RawValue> = serde_json::value::to_raw_value(&dto)?.into();
        self.kept.insert(key, (json.clone(), until));
        Ok(json)
    }
}
