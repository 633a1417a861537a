//! The search index as the application uses it: built from the change feed, caught up
//! before a search whenever this process has written since (so a resident sees a write at
//! once on the node that took it), and by a follower every fraction of a second for other
//! nodes' writes. Until the first build is done, searches are answered by the database.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use fritid_domain::activity::Activity;
use fritid_search::{ActivityIndex, FeedPosition, IndexError, Resolved};
use uuid::Uuid;

use crate::query::ParsedSearch;
use crate::{App, AppError, SearchPage};

/// Who asks for a public search. Anonymous readers are answered from the index, which
/// other nodes' writes reach within a fraction of a second; a caller that identifies itself
/// reads the database, as it bypasses the micro-cache, so that its own writes through any
/// node show at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Anonymous,
    Identified,
}

/// Feed entries read and applied at a time.
const BATCH: u64 = 1000;

/// Pages of the feed written between two commits while the index is being built (each
/// commit makes a segment; fewer, larger ones build faster).
const COMMIT_EVERY: usize = 50;

/// Waits for a page being written, if any.
async fn finish(
    writing: Option<tokio::task::JoinHandle<Result<(), IndexError>>>,
) -> Result<(), AppError> {
    if let Some(handle) = writing {
        handle.await.map_err(AppError::internal)??;
    }
    Ok(())
}

/// Runs blocking index work off the async runtime's threads.
async fn blocking(
    work: impl FnOnce() -> Result<(), IndexError> + Send + 'static,
) -> Result<(), AppError> {
    tokio::task::spawn_blocking(work).await.map_err(AppError::internal)??;
    Ok(())
}

/// The index with how far it has followed the feed.
pub struct SearchIndex {
    index: ActivityIndex,
    /// The last feed entry applied; the lock also makes one catch-up run at a time.
    position: tokio::sync::Mutex<Option<FeedPosition>>,
    /// Set once the index has caught up with the feed for the first time.
    ready: AtomicBool,
    /// The store's write generation when the index last caught up.
    seen_generation: AtomicU64,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("ready", &self.is_ready())
            .field("documents", &self.len())
            .finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Wraps an opened index; it continues from the position it committed last.
    pub fn new(index: ActivityIndex) -> Result<Self, IndexError> {
        let position = index.position()?;
        Ok(Self {
            index,
            position: tokio::sync::Mutex::new(position),
            ready: AtomicBool::new(false),
            seen_generation: AtomicU64::new(u64::MAX),
        })
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Public activities indexed.
    pub fn len(&self) -> u64 {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// See [`ActivityIndex::take_fine_cells_above`].
    pub fn take_fine_cells_above(&self, venues: u32) {
        self.index.take_fine_cells_above(venues);
    }
}

impl From<IndexError> for AppError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::InvalidCursor => {
                AppError::invalid("cursor", "is not a cursor from this collection")
            }
            other => AppError::internal(other),
        }
    }
}

impl App {
    /// Uses `index` for public searches from its first catch-up on.
    pub fn with_search_index(mut self, index: SearchIndex) -> Self {
        self.search = Some(Arc::new(index));
        self
    }

    pub fn search_index(&self) -> Option<&SearchIndex> {
        self.search.as_deref()
    }

    /// Applies every feed entry after the index's position; returns how many. The first
    /// call builds the index (from the start of the feed, or from where a stored index
    /// stopped) and makes it answer searches.
    pub async fn catch_up_search_index(&self) -> Result<usize, AppError> {
        let Some(search) = &self.search else {
            return Ok(0);
        };
        let generation = self.store.generation();
        let mut position = search.position.lock().await;
        if !search.is_ready() {
            self.forget_a_foreign_index(search, &mut position).await?;
        }
        let applied = match self.apply_feed(search, &mut position).await {
            Ok(applied) => applied,
            Err(e) => {
                // Pages are written while the next is read: after a failure, go on from what
                // the index last committed (applying a change twice does no harm).
                *position = search.index.position().ok().flatten();
                return Err(e);
            }
        };
        search.seen_generation.store(generation, Ordering::Release);
        search.ready.store(true, Ordering::Release);
        Ok(applied)
    }

    /// Before the first catch-up: when the database does not hold the change the index
    /// applied last (the data folder was used with another database, or the database was
    /// restored from an older backup), the index describes something else. It is emptied
    /// and built again from the start of the feed, rather than serving activities this
    /// database does not have.
    async fn forget_a_foreign_index(
        &self, search: &Arc<SearchIndex>, position: &mut Option<FeedPosition>,
    ) -> Result<(), AppError> {
        let Some(last) = *position else {
            return Ok(());
        };
        if self.store.holds_activity_change(last.modified, last.id).await? {
            return Ok(());
        }
        tracing::warn!(
            documents = search.len(),
            "search index: the database does not hold the change the index applied last \
             (another database, or one restored from an older backup); building it again"
        );
        let index = Arc::clone(search);
        blocking(move || index.index.clear()).await?;
        *position = None;
        Ok(())
    }

    /// Writes the feed's entries after `position` to the index, moving `position` on.
    async fn apply_feed(
        &self, search: &Arc<SearchIndex>, position: &mut Option<FeedPosition>,
    ) -> Result<usize, AppError> {
        let mut applied = 0;
        let mut staged: Option<FeedPosition> = None;
        // The page being written while the next one is read from the database.
        let mut writing: Option<tokio::task::JoinHandle<Result<(), IndexError>>> = None;
        loop {
            let after = position.map_or((i64::MIN, Uuid::nil()), |p| (p.modified, p.id));
            let entries = self.store.activity_changes(after, BATCH).await?;
            let Some(last) = entries.last() else {
                break;
            };
            let next = FeedPosition { modified: last.modified, id: last.id };
            let count = entries.len();
            let index = Arc::clone(search);
            // Pages are written as they come and committed together: every COMMIT_EVERY of
            // them while building, and once at the end.
            let commit = (applied + count) % (COMMIT_EVERY * BATCH as usize) < count
                || (count as u64) < BATCH;
            // Changes to activities that neither are nor were in the index (drafts) are
            // passed over; when nothing else changed, nothing is written: the position then
            // moves on in memory and reaches the disk with the next commit.
            let effective = entries
                .iter()
                .any(|e| e.item.is_some() || search.index.may_hold(e.id).unwrap_or(true));
            if effective || staged.is_some() {
                finish(writing.take()).await?;
                writing = Some(tokio::task::spawn_blocking(move || {
                    let changes: Vec<(Uuid, Option<&Activity>)> =
                        entries.iter().map(|e| (e.id, e.item.as_ref())).collect();
                    index.index.stage(&changes)?;
                    if commit { index.index.commit(next) } else { Ok(()) }
                }));
                staged = (!commit).then_some(next);
            }
            *position = Some(next);
            applied += count;
            if (count as u64) < BATCH {
                break;
            }
        }
        finish(writing).await?;
        if let Some(next) = staged {
            let index = Arc::clone(search);
            blocking(move || index.index.commit(next)).await?;
        }
        Ok(applied)
    }

    /// The index when it can answer for this process's writes: caught up first when this
    /// process has written since the last catch-up. `None` before the first build.
    async fn fresh_index(&self) -> Result<Option<&SearchIndex>, AppError> {
        let Some(search) = self.search.as_deref() else {
            return Ok(None);
        };
        if !search.is_ready() {
            return Ok(None);
        }
        if search.seen_generation.load(Ordering::Acquire) != self.store.generation() {
            self.catch_up_search_index().await?;
        }
        Ok(Some(search))
    }

    /// A search answered by the index, or `None` when there is none ready.
    pub(crate) async fn search_in_index(
        &self, q: &ParsedSearch,
    ) -> Result<Option<SearchPage>, AppError> {
        let Some(search) = self.fresh_index().await? else {
            return Ok(None);
        };
        let slugs = self.store.search_slugs(&q.search).await?;
        let resolved = Resolved {
            search: &q.search,
            districts: &slugs.districts,
            categories: &slugs.categories,
        };
        let page = search.index.search(resolved, q.sort, q.cursor.as_deref(), q.limit, q.facets)?;
        Ok(Some(page))
    }

    /// A public activity from the index, or `None` when the index has none ready or does
    /// not hold it (then the database answers).
    /// Not caught up for it: when this process has written since the index last caught up,
    /// the database answers (one read is cheaper than a catch-up).
    pub(crate) async fn public_activity_in_index(
        &self, id: Uuid,
    ) -> Result<Option<Activity>, AppError> {
        match self.search.as_deref() {
            Some(search)
                if search.is_ready()
                    && search.seen_generation.load(Ordering::Acquire)
                        == self.store.generation() =>
            {
                Ok(search.index.get(id)?)
            }
            _ => Ok(None),
        }
    }
}
