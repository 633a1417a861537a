//! The public activity search as an index: a projection of the database's public activities,
//! built from its change feed and kept current by following it, so that every node on one
//! database converges without talking to the others. The database stays the only source of
//! truth; this crate knows nothing of it: the application layer reads the feed and hands
//! the changes to [`ActivityIndex::apply`].
//!
//! The engine is tantivy: an inverted index for the text and the keyword filters, columnar
//! fast fields for the numeric filters, the sorts and the facets, and its document store for
//! the activities themselves, so a page is answered without the database. The semantics are
//! those of the store's SQL search (`fritid-persistence`), which stays as the reference the
//! tests compare against:
//! - text goes through `fritid_domain::search` (folding, stop words, stemming); each distinct
//!   stem is indexed with its weight as its term frequency, a query word matches every term
//!   it is a prefix of, and the score is the sum of the weights of the matched terms;
//! - a weekday/time filter needs one weekly slot that satisfies all its parts;
//! - `near` cuts by the planar key of `fritid_domain::activity_search`, pages then by the
//!   great circle;
//! - the cursors are the same keys, so a page fetched from either engine continues in the
//!   other.

mod collect;
mod fields;
mod tokenizer;

use std::path::Path;
use std::sync::{Arc, Mutex};

use fritid_domain::activity::Activity;
use fritid_domain::activity_search::{
    ActivitySearch, ActivitySort, CursorKey, FacetRequest, SearchPage, hits,
};
use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Value;
use tantivy::{
    Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyDocument, Term,
};
use uuid::Uuid;

use crate::collect::{
    KeywordFields, Keywords, PageCollector, build_filters, build_query, near_cells,
};
use crate::fields::Fields;

pub use crate::tokenizer::NorwegianTokenizer;

/// Where the index has followed the change feed to: the last entry applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct FeedPosition {
    pub modified: i64,
    pub id: Uuid,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: a stored activity could not be read or written: {0}")]
    Stored(#[from] serde_json::Error),
    #[error("search index: a document without its stored activity")]
    MissingDocument,
    #[error("the cursor was not made by this search")]
    InvalidCursor,
    #[error("search index: a lock was poisoned by a panic")]
    Poisoned,
}

/// The filters of a search with the reference data resolved: the district slugs as given
/// (each known), the category slugs with their descendants.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    pub search: &'a ActivitySearch,
    pub districts: &'a [String],
    pub categories: &'a [String],
}

/// A search as its query reads it (see [`ActivityIndex::narrow`]): whether the query keeps
/// the districts and the categories.
struct Narrowed {
    search: ActivitySearch,
    districts: bool,
    categories: bool,
}

/// One change of the feed as the index takes it: the activity when it is public now,
/// `None` when it is not (or no longer) public.
pub type Change<'a> = (Uuid, Option<&'a Activity>);

/// The search index of the public activities.
pub struct ActivityIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Activities read from the document store, by id and change time: a version is never
    /// changed in place (every change moves `updated_at`), so an entry cannot go stale, only
    /// unused; the least used give way when the cache is full.
    read: ReadCache,
    /// What searches read of each segment's documents, as arrays.
    tables: Arc<collect::SegmentTables>,
    /// See [`ActivityIndex::take_fine_cells_above`].
    dense_cell: std::sync::atomic::AtomicU32,
}

/// The document store's blocks: small, since a page reads a few scattered activities and
/// each read decompresses its whole block; a few hundred recent ones stay decompressed.
const DOCSTORE_BLOCK: usize = 4096;
const DOCSTORE_CACHE: usize = 256;

/// Activities kept deserialised (the pages' common items are read once, not per request),
/// weighed by their stored size: at most this many bytes of it (about 100 000 activities).
const READ_CACHE_BYTES: u64 = 64 << 20;

/// An activity as read, and its weight.
type ReadCache = quick_cache::sync::Cache<(Uuid, i64), (Arc<Activity>, u32), ByStoredSize>;

/// Weighs an activity by the size of its stored form (about what it takes in memory).
#[derive(Debug, Clone, Copy)]
struct ByStoredSize;

impl quick_cache::Weighter<(Uuid, i64), (Arc<Activity>, u32)> for ByStoredSize {
    fn weight(&self, _: &(Uuid, i64), value: &(Arc<Activity>, u32)) -> u64 {
        u64::from(value.1).max(1)
    }
}

/// Memory the writer may use before it flushes a segment (tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 50_000_000;

impl ActivityIndex {
    /// Opens the index kept in `dir` (creating it when there is none or it was written by
    /// another schema), or a new one in memory when `dir` is `None`.
    pub fn open(dir: Option<&Path>) -> Result<Self, IndexError> {
        let fields = Fields::new();
        let builder = || {
            Index::builder().schema(fields.schema.clone()).settings(IndexSettings {
                docstore_blocksize: DOCSTORE_BLOCK,
                ..IndexSettings::default()
            })
        };
        let index = match dir {
            None => builder().create_in_ram()?,
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                match builder().open_or_create(MmapDirectory::open(dir)?) {
                    Ok(index) => index,
                    // An index of an earlier schema: this one starts afresh.
                    Err(tantivy::TantivyError::SchemaError(_)) => {
                        std::fs::remove_dir_all(dir)?;
                        std::fs::create_dir_all(dir)?;
                        builder().create_in_dir(dir)?
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        index.tokenizers().register(tokenizer::NAME, NorwegianTokenizer);
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE)
            .try_into()?;
        Ok(Self {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            read: ReadCache::with_weighter(
                (READ_CACHE_BYTES / 1024) as usize,
                READ_CACHE_BYTES,
                ByStoredSize,
            ),
            tables: Arc::default(),
            dense_cell: collect::DENSE_CELL.into(),
        })
    }

    /// The feed position of the last commit, `None` for an index that never followed it.
    pub fn position(&self) -> Result<Option<FeedPosition>, IndexError> {
        let metas = self.index.load_metas()?;
        Ok(match metas.payload {
            Some(payload) => Some(serde_json::from_str(&payload)?),
            None => None,
        })
    }

    /// Public activities in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Applies changes of the feed up to `position`, commits (remembering the position on
    /// disk with the data) and makes them visible to searches. Blocking: call it off the
    /// async runtime's threads.
    pub fn apply(&self, changes: &[Change<'_>], position: FeedPosition) -> Result<(), IndexError> {
        self.stage(changes)?;
        self.commit(position)
    }

    /// Writes changes without committing them: searches do not see them yet, and a restart
    /// before [`ActivityIndex::commit`] loses them (the feed gives them again). For building
    /// from many pages of the feed with one commit. Blocking.
    pub fn stage(&self, changes: &[Change<'_>]) -> Result<(), IndexError> {
        let writer = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        for (id, activity) in changes {
            writer.delete_term(Term::from_field_text(self.fields.id, &id.to_string()));
            if let Some(activity) = activity {
                writer.add_document(self.fields.document(activity)?)?;
            }
        }
        Ok(())
    }

    /// Commits what was staged, remembering `position` with it, and makes it visible to
    /// searches. Blocking.
    pub fn commit(&self, position: FeedPosition) -> Result<(), IndexError> {
        let mut writer = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&position)?);
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.tables.keep_only(&self.reader.searcher());
        Ok(())
    }

    /// Empties the index (to be built again from the start of the feed).
    pub fn clear(&self) -> Result<(), IndexError> {
        let mut writer = self.writer.lock().map_err(|_| IndexError::Poisoned)?;
        writer.delete_all_documents()?;
        writer.commit()?;
        drop(writer);
        self.reader.reload()?;
        self.tables.keep_only(&self.reader.searcher());
        Ok(())
    }

    /// Whether the index may hold `id` (deleted documents may still count until a merge):
    /// a change to an activity it does not hold and that is not public changes nothing.
    pub fn may_hold(&self, id: Uuid) -> Result<bool, IndexError> {
        let term = Term::from_field_text(self.fields.id, &id.to_string());
        Ok(self.reader.searcher().doc_freq(&term)? > 0)
    }

    /// The public activity `id`, if the index has it.
    pub fn get(&self, id: Uuid) -> Result<Option<Activity>, IndexError> {
        let searcher = self.reader.searcher();
        let query = tantivy::query::TermQuery::new(
            Term::from_field_text(self.fields.id, &id.to_string()),
            tantivy::schema::IndexRecordOption::Basic,
        );
        let found = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        match found.into_iter().next() {
            Some(address) => {
                let updated = searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields()
                    .i64("updated")?
                    .first(address.doc_id)
                    .unwrap_or(0);
                let activity = self.stored(&searcher, address, (id, updated))?;
                Ok(Some(Activity::clone(&activity)))
            }
            None => Ok(None),
        }
    }

    /// The stored activity at `address`, whose id and change time are `key`: from the cache
    /// of read activities when it holds that version, else read (and kept there).
    fn stored(
        &self, searcher: &tantivy::Searcher, address: tantivy::DocAddress, key: (Uuid, i64),
    ) -> Result<Arc<Activity>, IndexError> {
        if let Some((activity, _)) = self.read.get(&key) {
            return Ok(activity);
        }
        let doc: TantivyDocument = searcher.doc(address)?;
        let bytes = doc
            .get_first(self.fields.stored)
            .and_then(|v| v.as_bytes())
            .ok_or(IndexError::MissingDocument)?;
        let activity: Arc<Activity> = Arc::new(serde_json::from_slice(bytes)?);
        let weight = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        self.read.insert(key, (activity.clone(), weight));
        Ok(activity)
    }

    /// A search by distance takes a coarse grid cell's fine cells instead when a segment has
    /// more than `venues` in it (1 024 unless changed); the answers are the same either way,
    /// so tests lower it to take the fine cells with few activities.
    pub fn take_fine_cells_above(&self, venues: u32) {
        self.dense_cell.store(venues, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many documents have any of `terms`, over all segments.
    fn postings(
        &self, searcher: &tantivy::Searcher, terms: impl Iterator<Item = Term>,
    ) -> Result<u64, IndexError> {
        let mut n = 0;
        for term in terms {
            n += searcher.doc_freq(&term)?;
        }
        Ok(n)
    }

    /// The search as its query reads it: of the keyword filters (districts, categories,
    /// free, wheelchair) only the one with the fewest documents when `read_one`, and none
    /// when the text or a place finds the documents; `collector` checks the others by the
    /// segments' keyword bits (see [`PageCollector::check_keywords`]).
    fn narrow(
        &self, searcher: &tantivy::Searcher, r: Resolved<'_>, read_one: bool,
        collector: &mut PageCollector,
    ) -> Result<Narrowed, IndexError> {
        let s = r.search;
        let all = Keywords {
            districts: r.districts.to_vec(),
            categories: r.categories.to_vec(),
            free: s.free,
            wheelchair: s.wheelchair,
        };
        let groups = all.groups(KeywordFields::of(&self.fields));
        let driven_elsewhere = !s.text.is_empty()
            || s.near.is_some()
            || s.organisation.is_some()
            || s.updated_since.is_some();
        let mut read = None;
        if read_one && !driven_elsewhere {
            let mut fewest = u64::MAX;
            for (i, terms) in groups.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                let n = self.postings(searcher, terms.iter().cloned())?;
                if n < fewest {
                    (read, fewest) = (Some(i), n);
                }
            }
        }
        let checked = |i: usize| !groups.get(i).is_none_or(Vec::is_empty) && read != Some(i);
        if (0..groups.len()).any(checked) {
            collector.check_keywords(Keywords {
                districts: if checked(0) { all.districts } else { Vec::new() },
                categories: if checked(1) { all.categories } else { Vec::new() },
                free: s.free.filter(|_| checked(2)),
                wheelchair: s.wheelchair.filter(|_| checked(3)),
            });
        }
        Ok(Narrowed {
            search: ActivitySearch {
                free: s.free.filter(|_| !checked(2)),
                wheelchair: s.wheelchair.filter(|_| !checked(3)),
                ..s.clone()
            },
            districts: !checked(0),
            categories: !checked(1),
        })
    }

    /// One page of the search, in `sort` order after `cursor`, with the requested facets
    /// over the whole result.
    pub fn search(
        &self, resolved: Resolved<'_>, sort: ActivitySort, cursor: Option<&str>, limit: u64,
        facets: FacetRequest,
    ) -> Result<SearchPage, IndexError> {
        let search = resolved.search;
        let sort = search.effective_sort(sort);
        let after = cursor
            .map(|c| fritid_domain::cursor::decode::<CursorKey>(c).ok_or(IndexError::InvalidCursor))
            .transpose()?;
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let mut collector = PageCollector::new(
            &self.fields,
            search,
            sort,
            after,
            limit + 1,
            facets,
            self.tables.clone(),
        )?;
        collector.dense_cell = self.dense_cell.load(std::sync::atomic::Ordering::Relaxed);
        let searcher = self.reader.searcher();
        let no_facets = !facets.district && !facets.category;
        let by_title = sort == ActivitySort::Title && no_facets && search.text.is_empty();
        let narrowed = self.narrow(&searcher, resolved, !by_title, &mut collector)?;
        let resolved = Resolved {
            search: &narrowed.search,
            districts: if narrowed.districts { resolved.districts } else { &[] },
            categories: if narrowed.categories { resolved.categories } else { &[] },
        };
        let search = resolved.search;
        let cells = near_cells(search);
        let mut found = if sort == ActivitySort::Distance && no_facets {
            collector.collect_by_cells(&searcher, &cells, |cell| {
                build_query(&self.fields, resolved, &[cell])
            })?
        } else if by_title {
            let cells: Vec<u64> = cells.iter().map(|(cell, _)| *cell).collect();
            // The walk checks each document's slots, weekday included: intersecting the
            // weekday's postings first would cost more than it saves.
            let wide = ActivitySearch { weekdays: Vec::new(), ..search.clone() };
            let query = build_filters(&self.fields, Resolved { search: &wide, ..resolved }, &cells);
            collector.collect_by_title(&searcher, query.as_deref())?
        } else if search.text.len() == 1 {
            let cells: Vec<u64> = cells.iter().map(|(cell, _)| *cell).collect();
            // The text's documents are the ones its scores name: the other filters only mark.
            let rest = ActivitySearch { text: Vec::new(), ..search.clone() };
            let rest = build_filters(&self.fields, Resolved { search: &rest, ..resolved }, &cells);
            collector.collect_scored(&searcher, rest.as_deref())?
        } else {
            let cells: Vec<u64> = cells.iter().map(|(cell, _)| *cell).collect();
            searcher.search(&*build_query(&self.fields, resolved, &cells), &collector)?
        };
        let more = found.hits.len() > limit;
        found.hits.truncate(limit);
        let mut activities = Vec::with_capacity(found.hits.len());
        for hit in &found.hits {
            activities.push(self.stored(&searcher, hit.address, (hit.id, hit.updated))?);
        }
        let next_cursor = match (more, found.hits.last(), activities.last()) {
            (true, Some(hit), Some(activity)) => Some(fritid_domain::cursor::encode(
                &hit.cursor_key(sort, fritid_domain::text::sort_key(&activity.details.title)),
            )?),
            _ => None,
        };
        Ok(SearchPage { items: hits(activities, search.near), next_cursor, facets: found.facets })
    }
}
