//! The search index's life in the process: opened (or created) under the data directory,
//! built or caught up before the server answers, then following the change feed.

use std::time::Duration;

use anyhow::Context;
use fritid_app::App;
use fritid_app::search_index::SearchIndex;
use fritid_search::ActivityIndex;

use crate::Config;

/// Where the index of this schema lives; a new schema gets a new folder.
pub fn index_dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("search").join("activities-v2")
}

/// The app with its search index, built up to the feed's end; the app unchanged when the
/// index is turned off.
pub async fn attach(config: &Config, app: App) -> anyhow::Result<App> {
    if config.search_index == "off" {
        return Ok(app);
    }
    let dir = index_dir(config);
    let index = ActivityIndex::open(Some(&dir))
        .with_context(|| format!("opening the search index in {}", dir.display()))?;
    let app = app.with_search_index(SearchIndex::new(index)?);
    let started = std::time::Instant::now();
    let applied = app.catch_up_search_index().await.context("building the search index")?;
    let documents = app.search_index().map_or(0, SearchIndex::len);
    tracing::info!(
        applied,
        documents,
        ms = started.elapsed().as_millis() as u64,
        "search index: caught up with the change feed"
    );
    Ok(app)
}

/// Follows the change feed every `every` for as long as the process lives, so that other
/// nodes' writes reach this node: its micro-cache of public reads is invalidated when the
/// feed clock moved, and its search index catches up.
pub fn follow(app: App, every: Duration) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticker.tick().await;
            if let Err(e) = app.notice_other_writers().await {
                tracing::warn!(error = %e, "following the change feed failed; will retry");
                continue;
            }
            if app.search_index().is_some()
                && let Err(e) = app.catch_up_search_index().await
            {
                tracing::warn!(error = %e, "search index: following the change feed failed; will retry");
            }
        }
    });
}
