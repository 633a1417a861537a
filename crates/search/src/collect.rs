//! A search as a tantivy query and collector: the inverted index narrows the documents by
//! the text, a place or one keyword filter; the collector checks the other keyword filters
//! by each segment's bits (see [`rows`]) and what needs several values of a document at once
//! (age bounds, target groups, a slot, the planar distance), counts the facets, scores the
//! text and keeps the best `k` after the cursor.
//!
//! Within a segment documents are compared by a key of three numbers (smaller first) built
//! from the segment's table — a title by its ordinal in the segment's dictionary, which
//! orders as the strings do. Only when several segments have hits are the `k` kept per
//! segment given their title strings for the merge; the cursor takes its title from the
//! stored activity.

use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::ops::Bound;
use std::sync::Arc;

use chrono::Weekday;
use fritid_domain::activity::TargetGroup;
use fritid_domain::activity_search::{
    ActivitySearch, ActivitySort, CursorKey, FacetRequest, Facets, bounding_box, distance_key,
    facet_order, lon_scale, max_distance_key,
};
use fritid_domain::search::prefix_upper_bound;
use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::index::SegmentId;
use tantivy::postings::Postings;
use tantivy::query::{AllQuery, BooleanQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{BitSet, DocAddress, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, Term};
use uuid::Uuid;

use crate::fields::{Fields, cell_bounds, cells_of, epoch_days, fine_cells, is_fine, unpack_slot};
use crate::{IndexError, Resolved};

mod impacts;
mod rows;

pub(crate) use rows::{KeywordFields, Keywords};

/// The query of the inverted index: every keyword filter and every text prefix required,
/// and with `near`, a venue in one of `cells` (see [`near_cells`]).
pub(crate) fn build_query(f: &Fields, r: Resolved<'_>, cells: &[u64]) -> Box<dyn Query> {
    build_filters(f, r, cells).unwrap_or_else(|| Box::new(AllQuery))
}

/// The query of [`build_query`], `None` when it has nothing to require.
pub(crate) fn build_filters(f: &Fields, r: Resolved<'_>, cells: &[u64]) -> Option<Box<dyn Query>> {
    let s = r.search;
    let mut must: Vec<Box<dyn Query>> = Vec::new();
    let any_of =
        |field, values: &[String]| any_term(values.iter().map(|v| Term::from_field_text(field, v)));
    let one = |term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    if !r.districts.is_empty() {
        must.push(any_of(f.district, r.districts));
    }
    if !r.categories.is_empty() {
        must.push(any_of(f.category, r.categories));
    }
    if let Some(org) = s.organisation {
        must.push(one(Term::from_field_text(f.organisation, &org.to_string())));
    }
    if let Some(free) = s.free {
        must.push(one(Term::from_field_bool(f.free, free)));
    }
    if let Some(wheelchair) = s.wheelchair {
        must.push(one(Term::from_field_bool(f.wheelchair, wheelchair)));
    }
    if !s.weekdays.is_empty() {
        let days = s
            .weekdays
            .iter()
            .map(|d| Term::from_field_u64(f.weekday, u64::from(d.num_days_from_monday())));
        must.push(any_term(days));
    }
    for prefix in &s.text {
        must.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_text(f.terms, prefix)),
            Bound::Excluded(Term::from_field_text(f.terms, &prefix_upper_bound(prefix))),
        )));
    }
    if s.near.is_some() {
        // The collector cuts to the box and the radius.
        must.push(any_term(cells.iter().map(|c| Term::from_field_u64(f.cell, *c))));
    }
    if let Some(since) = s.updated_since {
        must.push(Box::new(RangeQuery::new(
            Bound::Included(Term::from_field_i64(f.updated, since.timestamp_micros())),
            Bound::Unbounded,
        )));
    }
    match must.len() {
        0 => None,
        1 => Some(must.remove(0)),
        _ => Some(Box::new(BooleanQuery::intersection(must))),
    }
}

/// The grid cells that the box around `near` touches, nearest first, each with the smallest
/// planar key a venue in it can have. Empty without `near`.
pub(crate) fn near_cells(s: &ActivitySearch) -> Vec<(u64, f64)> {
    let Some((lat, lon, radius)) = s.near else {
        return Vec::new();
    };
    let (dlat, dlon) = bounding_box(lat, radius);
    let k = lon_scale(lat);
    let mut cells: Vec<(u64, f64)> = cells_of((lat - dlat, lon - dlon), (lat + dlat, lon + dlon))
        .into_iter()
        .map(|c| (c, nearest_key((lat, lon), k, c)))
        .collect();
    cells.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    cells
}

/// The smallest planar key from `centre` (whose longitude scale is `k`) that a venue in
/// `cell` can have.
fn nearest_key(centre: (f64, f64), k: f64, cell: u64) -> f64 {
    let ((lat_low, lon_low), (lat_high, lon_high)) = cell_bounds(cell);
    let nearest = (centre.0.clamp(lat_low, lat_high), centre.1.clamp(lon_low, lon_high));
    distance_key(centre, k, nearest.0, nearest.1)
}

/// Documents with any of the terms: one term query, or their union.
fn any_term(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    let mut queries: Vec<Box<dyn Query>> = terms
        .map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
        .collect();
    match queries.len() {
        1 => queries.remove(0),
        _ => Box::new(BooleanQuery::union(queries)),
    }
}

/// The filters the collector checks on each document the query found.
#[derive(Debug, Clone)]
struct Checks {
    age: Option<i64>,
    targets: u64,
    /// Weekdays (0 = Monday) a slot must be on; empty for any.
    weekdays: Vec<u64>,
    time_from: Option<u64>,
    time_to: Option<u64>,
    /// Days since 1970: slots that ended before do not count.
    today: Option<i64>,
    /// The centre, its longitude scale, the box around it and the largest planar key.
    near: Option<Near>,
}

impl Checks {
    fn new(s: &ActivitySearch) -> Self {
        Checks {
            age: s.age.map(i64::from),
            targets: TargetGroup::mask(&s.target_groups) as u64,
            weekdays: s
                .weekdays
                .iter()
                .map(|d: &Weekday| u64::from(d.num_days_from_monday()))
                .collect(),
            time_from: s.time_from.map(u64::from),
            time_to: s.time_to.map(u64::from),
            today: s.today.map(epoch_days),
            near: s.near.map(|(lat, lon, radius)| Near {
                centre: (lat, lon),
                k: lon_scale(lat),
                half: bounding_box(lat, radius),
                max: max_distance_key(radius),
            }),
        }
    }

    fn slots_matter(&self) -> bool {
        !self.weekdays.is_empty() || self.time_from.is_some() || self.time_to.is_some()
    }

    /// One slot satisfies the weekday, both times and the date.
    fn slot_fits(&self, slot: u64) -> bool {
        let (last, day, start, end) = unpack_slot(slot);
        (self.weekdays.is_empty() || self.weekdays.contains(&day))
            && self.time_to.is_none_or(|to| start < to)
            && self.time_from.is_none_or(|from| end > from)
            && self.today.is_none_or(|today| i64::try_from(last).is_ok_and(|l| l >= today))
    }
}

#[derive(Debug, Clone, Copy)]
struct Near {
    centre: (f64, f64),
    k: f64,
    /// Half the box's height and width in degrees.
    half: (f64, f64),
    max: f64,
}

impl Near {
    /// The planar key of a venue inside the box and the radius, as the SQL's `BETWEEN`s and
    /// its key cut.
    fn key(&self, lat: f64, lon: f64) -> Option<f64> {
        let (c, (dlat, dlon)) = (self.centre, self.half);
        let inside =
            lat >= c.0 - dlat && lat <= c.0 + dlat && lon >= c.1 - dlon && lon <= c.1 + dlon;
        let d = distance_key(c, self.k, lat, lon);
        (inside && d <= self.max).then_some(d)
    }
}

/// A document's place in a segment: smaller comes first.
type SegmentKey = (u64, u64, u128);

/// The text scores of a segment's documents: by document in a vector when many documents
/// have one (no hashing per posting), else in a map.
pub(crate) enum Scores {
    Sparse(FxHashMap<DocId, i64>),
    Dense(Vec<i64>),
}

impl Scores {
    fn get(&self, doc: DocId) -> i64 {
        match self {
            Scores::Sparse(map) => map.get(&doc).copied().unwrap_or(0),
            Scores::Dense(all) => all.get(doc as usize).copied().unwrap_or(0),
        }
    }

    /// Gives `doc` its score (a walk in relevance order knows it without scoring).
    fn set(&mut self, doc: DocId, score: i64) {
        match self {
            Scores::Sparse(map) => {
                map.insert(doc, score);
            }
            Scores::Dense(all) => {
                if let Some(slot) = all.get_mut(doc as usize) {
                    *slot = score;
                }
            }
        }
    }
}

/// One of the best documents, with what the merge and the cursor need.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) address: DocAddress,
    pub(crate) id: Uuid,
    /// The segment key's first number (the score, time or distance, ordered).
    primary: u64,
    /// The title's ordinal in its segment's dictionary.
    title_ord: u64,
    /// The title's sort key, read only when hits of several segments are merged.
    title: Option<String>,
    score: i64,
    pub(crate) updated: i64,
    distance: f64,
}

impl Hit {
    /// The order across segments: the same as the segment keys', with titles as strings.
    fn global_key(&self, sort: ActivitySort) -> (u64, &str, u128) {
        let id = self.id.as_u128();
        match sort {
            ActivitySort::Updated => (self.primary, "", !id),
            ActivitySort::Title | ActivitySort::Relevance => {
                (self.primary, self.title.as_deref().unwrap_or(""), id)
            }
            ActivitySort::Distance => (self.primary, "", id),
        }
    }

    /// The cursor after this hit; `title` is the sort key of its activity's title.
    pub(crate) fn cursor_key(&self, sort: ActivitySort, title: String) -> CursorKey {
        match sort {
            ActivitySort::Relevance => CursorKey::Score(self.score, title, self.id),
            ActivitySort::Title => CursorKey::Text(title, self.id),
            ActivitySort::Updated => CursorKey::Time(
                chrono::DateTime::from_timestamp_micros(self.updated).unwrap_or_default(),
                self.id,
            ),
            ActivitySort::Distance => CursorKey::Distance(self.distance, self.id),
        }
    }
}

pub(crate) struct Found {
    pub(crate) hits: Vec<Hit>,
    pub(crate) facets: Facets,
}

/// A text score as the first number of a segment key: higher scores first.
fn relevance_primary(score: i64) -> u64 {
    !(u64::try_from(score).unwrap_or(0))
}

/// Microseconds as a number that orders the same way.
fn ordered_micros(micros: i64) -> u64 {
    tantivy::i64_to_u64(micros)
}

pub(crate) struct PageCollector {
    text: Vec<String>,
    checks: Checks,
    sort: ActivitySort,
    after: Option<CursorKey>,
    k: usize,
    facets: FacetRequest,
    terms: tantivy::schema::Field,
    cell: tantivy::schema::Field,
    keyword_fields: rows::KeywordFields,
    tables: Arc<SegmentTables>,
    /// A search by distance takes a coarse cell's fine cells instead when a segment has
    /// more venues than this in it.
    pub(crate) dense_cell: u32,
    /// Keyword filters the collector checks itself from the segments' rows, left out of
    /// the query.
    keyword_check: Option<Keywords>,
    /// Whether each segment lists its documents with a text score (for [`Self::collect_scored`]).
    list_scored: bool,
}

/// Above this many venues of a segment in a coarse cell, a search by distance takes its fine
/// cells one by one instead: a cell costs a few microseconds, a venue a few nanoseconds.
pub(crate) const DENSE_CELL: u32 = 1024;

impl PageCollector {
    pub(crate) fn new(
        fields: &Fields, search: &ActivitySearch, sort: ActivitySort, after: Option<CursorKey>,
        k: usize, facets: FacetRequest, tables: Arc<SegmentTables>,
    ) -> Result<Self, IndexError> {
        let fits = matches!(
            (&after, sort),
            (None, _)
                | (Some(CursorKey::Score(..)), ActivitySort::Relevance)
                | (Some(CursorKey::Text(..)), ActivitySort::Title)
                | (Some(CursorKey::Time(..)), ActivitySort::Updated)
                | (Some(CursorKey::Distance(..)), ActivitySort::Distance)
        );
        if !fits {
            return Err(IndexError::InvalidCursor);
        }
        Ok(PageCollector {
            text: search.text.clone(),
            checks: Checks::new(search),
            sort,
            after,
            k,
            facets,
            terms: fields.terms,
            cell: fields.cell,
            keyword_fields: rows::KeywordFields::of(fields),
            tables,
            dense_cell: DENSE_CELL,
            keyword_check: None,
            list_scored: false,
        })
    }

    /// Has the collector check `keywords` from each segment's rows, for a query that
    /// leaves them out: reading one filter's postings and looking the others up for each of
    /// its documents costs less than intersecting several posting lists.
    pub(crate) fn check_keywords(&mut self, keywords: Keywords) {
        self.keyword_check = Some(keywords);
    }

    /// The text score of every document of the segment that matches some prefix: the sum of
    /// the weights of its distinct terms that start with one (nested prefixes count a term
    /// once, as the SQL's `OR` does); and, when [`Self::list_scored`], those documents in no
    /// particular order.
    fn scores(&self, segment: &SegmentReader) -> tantivy::Result<(Scores, Vec<DocId>)> {
        let mut prefixes: Vec<&String> = self.text.iter().collect();
        prefixes.sort();
        prefixes.dedup_by(|longer, shorter| longer.starts_with(shorter.as_str()));
        let inverted = segment.inverted_index(self.terms)?;
        let mut postings = 0;
        for prefix in &prefixes {
            let upper = prefix_upper_bound(prefix);
            let mut terms = inverted.terms().range().ge(prefix).lt(&upper).into_stream()?;
            while terms.advance() {
                postings += terms.value().doc_freq as usize;
            }
        }
        let max_doc = segment.max_doc() as usize;
        // A vector of every document costs less than hashing once postings are more than
        // about one in sixteen documents.
        let mut scores = if postings.saturating_mul(16) >= max_doc {
            Scores::Dense(vec![0; max_doc])
        } else {
            // Room for every posting up front: no growing while counting.
            let mut map = FxHashMap::default();
            map.reserve(postings.min(max_doc));
            Scores::Sparse(map)
        };
        let mut scored = Vec::new();
        for prefix in prefixes {
            let upper = prefix_upper_bound(prefix);
            let mut terms = inverted.terms().range().ge(prefix).lt(&upper).into_stream()?;
            while terms.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(terms.value(), IndexRecordOption::WithFreqs)?;
                let mut doc = postings.doc();
                while doc != tantivy::TERMINATED {
                    let freq = i64::from(postings.term_freq());
                    match &mut scores {
                        Scores::Sparse(map) => *map.entry(doc).or_default() += freq,
                        Scores::Dense(all) => {
                            if let Some(score) = all.get_mut(doc as usize) {
                                if *score == 0 && self.list_scored {
                                    scored.push(doc);
                                }
                                *score += freq;
                            }
                        }
                    }
                    doc = postings.advance();
                }
            }
        }
        if let (Scores::Sparse(map), true) = (&scores, self.list_scored) {
            scored = map.keys().copied().collect();
        }
        Ok((scores, scored))
    }

    /// For a relevance search of one word without facets ([`Self::collect_scored`]) whose
    /// prefix matches one frequent term of `segment` (and perhaps a few rare ones): that
    /// term's documents in key order, so that a page reads `k` passing documents instead
    /// of scoring all of them.
    fn impact_list(
        &self, segment: &SegmentReader, table: &SegmentTable,
    ) -> tantivy::Result<Option<impacts::PrefixOrder>> {
        let [prefix] = self.text.as_slice() else {
            return Ok(None);
        };
        if !self.list_scored
            || self.sort != ActivitySort::Relevance
            || self.facets.district
            || self.facets.category
        {
            return Ok(None);
        }
        let upper = prefix_upper_bound(prefix);
        table.impacts.of_prefix(segment, self.terms, prefix, &upper, |doc| {
            let i = doc as usize;
            (
                table.title_ords.get(i).copied().unwrap_or(u32::MAX),
                table.ids.get(i).copied().unwrap_or(0),
            )
        })
    }
}

/// The segment's bound for a title that comes after `title`: its ordinal when the segment
/// has it (`Ok`), or the ordinal of the first title after it (`Err`).
fn title_ord(column: &StrColumn, title: &str) -> tantivy::Result<Result<u64, u64>> {
    let dictionary = column.dictionary();
    if let Some(ord) = dictionary.term_ord(title)? {
        return Ok(Ok(ord));
    }
    let mut next = dictionary.range().gt(title).into_stream()?;
    Ok(Err(if next.advance() { next.term_ord() } else { u64::MAX }))
}

/// The cursor as a bound in the segment's key space: documents whose key is greater come
/// after it.
fn segment_bound(
    after: &CursorKey, title: Option<&StrColumn>,
) -> tantivy::Result<Option<SegmentKey>> {
    let title_part = |t: &str| -> tantivy::Result<Result<u64, u64>> {
        match title {
            Some(column) => title_ord(column, t),
            None => Ok(Err(0)),
        }
    };
    Ok(match after {
        CursorKey::Text(t, id) => match title_part(t)? {
            Ok(ord) => Some((0, ord, id.as_u128())),
            Err(0) => None,
            Err(next) => Some((0, next - 1, u128::MAX)),
        },
        CursorKey::Score(score, t, id) => {
            let primary = relevance_primary(*score);
            match title_part(t)? {
                Ok(ord) => Some((primary, ord, id.as_u128())),
                Err(0) => Some((primary - 1, u64::MAX, u128::MAX)),
                Err(next) => Some((primary, next - 1, u128::MAX)),
            }
        }
        CursorKey::Time(at, id) => Some((!ordered_micros(at.timestamp_micros()), 0, !id.as_u128())),
        CursorKey::Distance(d, id) => Some((d.to_bits(), 0, id.as_u128())),
    })
}

impl Collector for PageCollector {
    type Fruit = Found;
    type Child = PageSegment;

    fn for_segment(
        &self, segment_ord: SegmentOrdinal, segment: &SegmentReader,
    ) -> tantivy::Result<PageSegment> {
        let fast = segment.fast_fields();
        let table = self.tables.of(segment)?;
        let impact = self.impact_list(segment, &table)?;
        let (scores, scored) = if self.text.is_empty() || impact.is_some() {
            (Scores::Sparse(FxHashMap::default()), Vec::new())
        } else {
            self.scores(segment)?
        };
        let after = match &self.after {
            Some(key) => segment_bound(key, fast.str("title")?.as_ref())?,
            None => None,
        };
        let facet = |wanted: bool, name: &str| -> tantivy::Result<Option<(StrColumn, Vec<u64>)>> {
            Ok(match (wanted, fast.str(name)?) {
                (true, Some(column)) => {
                    let counts = vec![0; column.num_terms()];
                    Some((column, counts))
                }
                _ => None,
            })
        };
        Ok(PageSegment {
            segment_ord,
            sort: self.sort,
            k: self.k,
            checks: self.checks.clone(),
            after,
            scores,
            scored,
            impact,
            keyword_bits: self
                .keyword_check
                .as_ref()
                .map(|keywords| keywords.bits(self.keyword_fields, segment, &table.rows)),
            table,
            targets: fast.u64("targets")?,
            slots: fast.u64("slot")?,
            updated: fast.i64("updated")?,
            districts: facet(self.facets.district, "district")?,
            categories: facet(self.facets.category, "category")?,
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentFruit>) -> tantivy::Result<Found> {
        let mut districts: HashMap<String, u64> = HashMap::new();
        let mut categories: HashMap<String, u64> = HashMap::new();
        let mut queues = Vec::new();
        for fruit in fruits {
            if !fruit.hits.is_empty() {
                queues.push((VecDeque::from(fruit.hits), fruit.table));
            }
            for (slug, n) in fruit.districts {
                *districts.entry(slug).or_default() += n;
            }
            for (slug, n) in fruit.categories {
                *categories.entry(slug).or_default() += n;
            }
        }
        let hits = match queues.len() {
            0 => Vec::new(),
            1 => queues.pop().map(|(hits, _)| Vec::from(hits)).unwrap_or_default(),
            _ => self.merge_hits(queues),
        };
        let counted = |wanted: bool, counts: HashMap<String, u64>| {
            wanted.then(|| facet_order(counts.into_iter().collect()))
        };
        Ok(Found {
            hits: hits.into_iter().take(self.k).collect(),
            facets: Facets {
                district: counted(self.facets.district, districts),
                category: counted(self.facets.category, categories),
            },
        })
    }
}

impl PageCollector {
    /// The first `k` of several segments' hits, each segment's in order: the heads are
    /// compared, so only they need their titles as strings (at most `k` plus one per
    /// segment), not every segment's `k`.
    fn merge_hits(&self, mut queues: Vec<(VecDeque<Hit>, Arc<SegmentTable>)>) -> Vec<Hit> {
        let by_title = matches!(self.sort, ActivitySort::Title | ActivitySort::Relevance);
        let mut hits = Vec::with_capacity(self.k);
        while hits.len() < self.k {
            for (queue, table) in &mut queues {
                if let (true, Some(head)) = (by_title, queue.front_mut())
                    && head.title.is_none()
                {
                    head.title = Some(table.titles.get(head.title_ord).to_owned());
                }
            }
            let first = queues
                .iter()
                .enumerate()
                .filter_map(|(i, (queue, _))| queue.front().map(|head| (i, head)))
                .min_by(|a, b| a.1.global_key(self.sort).cmp(&b.1.global_key(self.sort)))
                .map(|(i, _)| i);
            match first.and_then(|i| queues.get_mut(i)).and_then(|(queue, _)| queue.pop_front()) {
                Some(hit) => hits.push(hit),
                None => break,
            }
        }
        hits
    }
}

pub(crate) struct SegmentFruit {
    /// In the segment's order.
    hits: Vec<Hit>,
    /// The segment's table, for the titles of the hits.
    table: Arc<SegmentTable>,
    districts: Vec<(String, u64)>,
    categories: Vec<(String, u64)>,
}

pub(crate) struct PageSegment {
    segment_ord: SegmentOrdinal,
    sort: ActivitySort,
    k: usize,
    checks: Checks,
    /// Only documents whose key is greater are kept (`None`: every document).
    after: Option<SegmentKey>,
    scores: Scores,
    /// The documents with a text score.
    scored: Vec<DocId>,
    /// The documents of the text's one frequent term in key order and the rare terms beside
    /// it, instead of `scored` (see [`PageCollector::impact_list`]).
    impact: Option<impacts::PrefixOrder>,
    /// The segment's ids, titles, places, rows in title order and keyword bits.
    table: Arc<SegmentTable>,
    /// The keyword filters the collector checks (see [`PageCollector::check_keywords`]).
    keyword_bits: Option<rows::Bits>,
    targets: Column<u64>,
    slots: Column<u64>,
    updated: Column<i64>,
    districts: Option<(StrColumn, Vec<u64>)>,
    categories: Option<(StrColumn, Vec<u64>)>,
    /// The best `k` so far, the worst on top.
    heap: BinaryHeap<(SegmentKey, DocId)>,
}

impl PageSegment {
    /// The checks the query could not make; the planar distance when `near` is given.
    fn passes(&self, doc: DocId) -> Option<f64> {
        let c = &self.checks;
        if let Some(age) = c.age
            && !self
                .table
                .ages
                .get(doc as usize)
                .is_some_and(|(min, max)| i64::from(*min) <= age && i64::from(*max) >= age)
        {
            return None;
        }
        if let Some(bits) = &self.keyword_bits
            && !bits.contains(doc)
        {
            return None;
        }
        if c.targets != 0 && self.targets.first(doc).unwrap_or(0) & c.targets == 0 {
            return None;
        }
        if c.slots_matter() && !self.slots.values_for_doc(doc).any(|s| c.slot_fits(s)) {
            return None;
        }
        match &c.near {
            None => Some(0.0),
            Some(near) => {
                let (lat, lon) = self.table.places.get(doc as usize).copied().flatten()?;
                near.key(lat, lon)
            }
        }
    }

    fn title_ord(&self, doc: DocId) -> u64 {
        self.table.title_ords.get(doc as usize).map_or(0, |ord| u64::from(*ord))
    }

    fn key(&self, doc: DocId, distance: f64) -> SegmentKey {
        let id = self.table.ids.get(doc as usize).copied().unwrap_or(0);
        match self.sort {
            ActivitySort::Title => (0, self.title_ord(doc), id),
            ActivitySort::Relevance => self.relevance_key(doc, self.scores.get(doc)),
            ActivitySort::Updated => {
                (!ordered_micros(self.updated.first(doc).unwrap_or(0)), 0, !id)
            }
            ActivitySort::Distance => (distance.to_bits(), 0, id),
        }
    }

    /// The key of `doc` in a relevance search where it scores `score`.
    fn relevance_key(&self, doc: DocId, score: i64) -> SegmentKey {
        let id = self.table.ids.get(doc as usize).copied().unwrap_or(0);
        (relevance_primary(score), self.title_ord(doc), id)
    }

    /// Whether `doc` comes after `worst` (a full page's last key) by what tells most
    /// documents apart, read first: the score, then the title, or the distance; the id is
    /// left to the whole key.
    fn after_worst(&self, doc: DocId, distance: f64, worst: SegmentKey) -> bool {
        match self.sort {
            ActivitySort::Relevance => {
                let primary = relevance_primary(self.scores.get(doc));
                primary > worst.0 || (primary == worst.0 && self.title_ord(doc) > worst.1)
            }
            ActivitySort::Title => self.title_ord(doc) > worst.1,
            ActivitySort::Distance => distance.to_bits() > worst.0,
            ActivitySort::Updated => false,
        }
    }

    fn count_facets(&mut self, doc: DocId) {
        for facet in [&mut self.districts, &mut self.categories].into_iter().flatten() {
            let (column, counts) = facet;
            for ord in column.term_ords(doc) {
                if let Some(n) = usize::try_from(ord).ok().and_then(|i| counts.get_mut(i)) {
                    *n += 1;
                }
            }
        }
    }

    fn hit(&self, key: SegmentKey, doc: DocId) -> Hit {
        let id = Uuid::from_u128(match self.sort {
            ActivitySort::Updated => !key.2,
            _ => key.2,
        });
        let distance = match self.sort {
            ActivitySort::Distance => f64::from_bits(key.0),
            _ => 0.0,
        };
        Hit {
            address: DocAddress::new(self.segment_ord, doc),
            id,
            primary: key.0,
            title_ord: key.1,
            title: None,
            score: self.scores.get(doc),
            updated: self.updated.first(doc).unwrap_or(0),
            distance,
        }
    }
}

impl PageCollector {
    /// A search sorted by distance without facets, one grid cell at a time, nearest first:
    /// a segment is done once it holds `k` documents nearer than any venue of the next cell
    /// can be, so dense places cost a few cells, not the whole box. A coarse cell with more
    /// than [`Self::dense_cell`] venues in the segment is taken as its fine cells. `query`
    /// builds the query for one cell; the result is what the collector gives for all cells
    /// at once.
    pub(crate) fn collect_by_cells(
        &self, searcher: &tantivy::Searcher, cells: &[(u64, f64)],
        query: impl Fn(u64) -> Box<dyn Query>,
    ) -> tantivy::Result<Found> {
        let Some(near) = self.checks.near else {
            return self.each_segment(searcher, |_, _| Ok(()));
        };
        self.each_segment(searcher, |segment, reader| {
            let alive = reader.alive_bitset();
            let inverted = reader.inverted_index(self.cell)?;
            // Nearest first: (smallest key, cell); the keys are not negative, so their bits
            // order as they do.
            let mut next: BinaryHeap<std::cmp::Reverse<(u64, u64)>> = cells
                .iter()
                .map(|(cell, nearest)| std::cmp::Reverse((nearest.to_bits(), *cell)))
                .collect();
            while let Some(std::cmp::Reverse((nearest, cell))) = next.pop() {
                if segment.heap.len() >= self.k
                    && segment.heap.peek().is_some_and(|(worst, _)| worst.0 < nearest)
                {
                    break;
                }
                if !is_fine(cell)
                    && inverted.doc_freq(&Term::from_field_u64(self.cell, cell))? > self.dense_cell
                {
                    for fine in fine_cells(cell) {
                        let key = nearest_key(near.centre, near.k, fine);
                        if key <= near.max {
                            next.push(std::cmp::Reverse((key.to_bits(), fine)));
                        }
                    }
                    continue;
                }
                let weight = query(cell)
                    .weight(tantivy::query::EnableScoring::disabled_from_searcher(searcher))?;
                weight.for_each_no_score(reader, &mut |docs| {
                    for doc in docs {
                        if alive.is_none_or(|a| a.is_alive(*doc)) {
                            segment.collect(*doc, 0.0);
                        }
                    }
                })?;
            }
            Ok(())
        })
    }

    /// A search with one text prefix: its documents are the ones the prefix scored (see
    /// [`Self::scores`]), so the prefix's postings are read once, not again as a query; or,
    /// in a segment where the prefix matches one frequent term and few rare ones (see
    /// [`Self::impact_list`]), the rare terms' documents and then the frequent term's in key
    /// order until the page is full, its postings not scored. `rest`, the other filters if
    /// there are any, is marked in a bit set first.
    pub(crate) fn collect_scored(
        mut self, searcher: &tantivy::Searcher, rest: Option<&dyn Query>,
    ) -> tantivy::Result<Found> {
        self.list_scored = true;
        let rest = rest
            .map(|q| q.weight(tantivy::query::EnableScoring::disabled_from_searcher(searcher)))
            .transpose()?;
        self.each_segment(searcher, |segment, reader| {
            let alive = reader.alive_bitset();
            let marked = match &rest {
                Some(weight) => {
                    let mut marked = BitSet::with_max_value(reader.max_doc());
                    weight.for_each_no_score(reader, &mut |docs| {
                        for doc in docs {
                            marked.insert(*doc);
                        }
                    })?;
                    Some(marked)
                }
                None => None,
            };
            let admitted = |doc: DocId| {
                alive.is_none_or(|a| a.is_alive(doc))
                    && marked.as_ref().is_none_or(|m| m.contains(doc))
            };
            if let Some(order) = segment.impact.take() {
                // The rare terms' documents, scored in full, first; then the frequent term's
                // in key order until a full page's worst comes before the next.
                let rare = order.rare_scores(reader, self.terms)?;
                for (&doc, &score) in &rare {
                    if admitted(doc) {
                        segment.scores.set(doc, score);
                        segment.collect(doc, 0.0);
                    }
                }
                let list = &order.list;
                let start = match segment.after {
                    Some(bound) => list.partition_point(|i| {
                        segment.relevance_key(i.doc, i64::from(i.weight)) <= bound
                    }),
                    None => 0,
                };
                for i in list.get(start..).unwrap_or_default() {
                    if segment.heap.len() >= self.k
                        && segment.heap.peek().is_some_and(|(worst, _)| {
                            segment.relevance_key(i.doc, i64::from(i.weight)) > *worst
                        })
                    {
                        break;
                    }
                    if !rare.contains_key(&i.doc) && admitted(i.doc) {
                        segment.scores.set(i.doc, i64::from(i.weight));
                        segment.collect(i.doc, 0.0);
                    }
                }
                return Ok(());
            }
            for doc in std::mem::take(&mut segment.scored) {
                if admitted(doc) {
                    segment.collect(doc, 0.0);
                }
            }
            Ok(())
        })
    }

    /// Runs `each` with every segment's collector and merges what they kept.
    fn each_segment(
        &self, searcher: &tantivy::Searcher,
        mut each: impl FnMut(&mut PageSegment, &SegmentReader) -> tantivy::Result<()>,
    ) -> tantivy::Result<Found> {
        let mut fruits = Vec::new();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            let segment_ord = SegmentOrdinal::try_from(ord)
                .map_err(|_| tantivy::TantivyError::InternalError("too many segments".into()))?;
            let mut segment = self.for_segment(segment_ord, reader)?;
            each(&mut segment, reader)?;
            fruits.push(segment.harvest());
        }
        self.merge_fruits(fruits)
    }
}

/// Counts by slug from a facet's counts by ordinal.
fn by_slug(facet: Option<(StrColumn, Vec<u64>)>) -> Vec<(String, u64)> {
    let Some((column, counts)) = facet else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (ord, n) in counts.into_iter().enumerate() {
        let mut slug = String::new();
        if n > 0 && column.ord_to_str(ord as u64, &mut slug).unwrap_or(false) {
            out.push((slug, n));
        }
    }
    out
}

impl SegmentCollector for PageSegment {
    type Fruit = SegmentFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(distance) = self.passes(doc) else {
            return;
        };
        self.count_facets(doc);
        if self.heap.len() >= self.k
            && let Some(&(worst, _)) = self.heap.peek()
            && self.after_worst(doc, distance, worst)
        {
            return;
        }
        let key = self.key(doc, distance);
        if let Some(bound) = self.after
            && key <= bound
        {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push((key, doc));
        } else if self.heap.peek().is_some_and(|(worst, _)| key < *worst) {
            self.heap.pop();
            self.heap.push((key, doc));
        }
    }

    fn harvest(mut self) -> SegmentFruit {
        let kept = std::mem::take(&mut self.heap).into_sorted_vec();
        let hits = kept.into_iter().map(|(key, doc)| self.hit(key, doc)).collect();
        SegmentFruit {
            hits,
            table: self.table.clone(),
            districts: by_slug(self.districts),
            categories: by_slug(self.categories),
        }
    }
}

/// What searches read of every document of a segment, decoded once from its fast fields
/// into plain arrays by document (a fast field decodes bit-packed blocks on every read, and
/// a search compares thousands of documents by id, title and place).
pub(crate) struct SegmentTable {
    /// The ids (`id_hi`, `id_lo` as one number).
    ids: Box<[u128]>,
    /// Each title's ordinal in the segment's dictionary, which orders as the titles do.
    title_ords: Box<[u32]>,
    /// The titles by ordinal, for merging the hits of several segments (decoding a title
    /// from the dictionary decodes a block of them).
    titles: Titles,
    /// The venue's latitude and longitude; `None` without coordinates.
    places: Box<[Option<(f64, f64)>]>,
    /// The youngest and oldest age (clamped to `i32`, which every age filter fits in).
    ages: Box<[(i32, i32)]>,
    /// The documents in title order (title ordinal, then id: the order of
    /// [`ActivitySort::Title`]'s segment key) with their keyword values, for title walks.
    rows: rows::Rows,
    /// Frequent terms' documents in relevance order, made when first needed.
    impacts: impacts::Impacts,
}

impl SegmentTable {
    fn read(reader: &SegmentReader) -> tantivy::Result<SegmentTable> {
        let fast = reader.fast_fields();
        let (hi, lo) = (fast.u64("id_hi")?, fast.u64("id_lo")?);
        let (lat, lon) = (fast.f64("lat")?, fast.f64("lon")?);
        let title = fast.str("title")?;
        let docs = 0..reader.max_doc();
        let ids: Box<[u128]> = docs
            .clone()
            .map(|d| {
                (u128::from(hi.first(d).unwrap_or(0)) << 64) | u128::from(lo.first(d).unwrap_or(0))
            })
            .collect();
        // A segment has fewer than 2³² documents, so fewer titles.
        let title_ords: Box<[u32]> = docs
            .clone()
            .map(|d| {
                let ord = title.as_ref().and_then(|t| t.term_ords(d).next()).unwrap_or(0);
                u32::try_from(ord).unwrap_or(u32::MAX)
            })
            .collect();
        let places = docs.clone().map(|d| lat.first(d).zip(lon.first(d))).collect();
        let (age_min, age_max) = (fast.i64("age_min")?, fast.i64("age_max")?);
        let clamp =
            |age: i64| i32::try_from(age).unwrap_or(if age < 0 { i32::MIN } else { i32::MAX });
        let ages: Box<[(i32, i32)]> = docs
            .clone()
            .map(|d| {
                let min = age_min.first(d).unwrap_or(i64::MIN);
                (clamp(min), clamp(age_max.first(d).unwrap_or(i64::MAX)))
            })
            .collect();
        let mut order: Vec<DocId> = docs.collect();
        order.sort_unstable_by_key(|d| {
            let i = *d as usize;
            (title_ords.get(i).copied(), ids.get(i).copied())
        });
        let rows = rows::Rows::read(reader, &order, &ages)?;
        Ok(SegmentTable {
            ids,
            title_ords,
            titles: Titles::read(title.as_ref())?,
            places,
            ages,
            rows,
            impacts: impacts::Impacts::default(),
        })
    }
}

/// A segment's title sort keys by ordinal, end to end in one string.
struct Titles {
    text: String,
    /// Where each title ends in `text`.
    ends: Box<[u32]>,
}

impl Titles {
    fn read(column: Option<&StrColumn>) -> tantivy::Result<Titles> {
        let (mut text, mut ends) = (String::new(), Vec::new());
        if let Some(column) = column {
            let mut titles = column.dictionary().stream()?;
            while titles.advance() {
                text.push_str(std::str::from_utf8(titles.key()).unwrap_or_default());
                ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
            }
        }
        Ok(Titles { text, ends: ends.into() })
    }

    /// The title of `ord` (empty when there is none: the merge then orders it first).
    fn get(&self, ord: u64) -> &str {
        let Ok(i) = usize::try_from(ord) else {
            return "";
        };
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start as usize..end as usize).unwrap_or_default()
    }
}

/// The [`SegmentTable`] of each segment: read when a search first needs it, kept while the
/// segment lives.
#[derive(Default)]
pub(crate) struct SegmentTables {
    by_segment: std::sync::Mutex<FxHashMap<SegmentId, Arc<SegmentTable>>>,
}

impl SegmentTables {
    fn of(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentTable>> {
        let id = reader.segment_id();
        if let Ok(kept) = self.by_segment.lock()
            && let Some(table) = kept.get(&id)
        {
            return Ok(table.clone());
        }
        // Read outside the lock: searches of other segments go on meanwhile (two searches
        // of a new segment may both read it; the second keeps its own).
        let table = Arc::new(SegmentTable::read(reader)?);
        if let Ok(mut kept) = self.by_segment.lock() {
            kept.insert(id, table.clone());
        }
        Ok(table)
    }

    /// Forgets the tables of segments that `searcher` no longer has.
    pub(crate) fn keep_only(&self, searcher: &tantivy::Searcher) {
        let live: Vec<SegmentId> =
            searcher.segment_readers().iter().map(SegmentReader::segment_id).collect();
        if let Ok(mut kept) = self.by_segment.lock() {
            kept.retain(|id, _| live.contains(id));
        }
    }
}

impl PageCollector {
    /// A search sorted by title without text or facets, `k` from each segment.
    ///
    /// Without `query` (a search of keywords and collector checks only), a segment's
    /// documents are its keyword bits: few are collected as they are; many are found by
    /// walking the segment in title order until `k` pass, which passes over about
    /// `k × max_doc / found` rows to find `k` (see [`rows`]).
    ///
    /// With `query`, the documents it finds (and the keyword bits admit) are marked, then
    /// walked the same way; so a query that finds 50 000 costs its postings and a few dozen
    /// checks, not 50 000.
    pub(crate) fn collect_by_title(
        &self, searcher: &tantivy::Searcher, query: Option<&dyn Query>,
    ) -> tantivy::Result<Found> {
        let weight = query
            .map(|q| q.weight(tantivy::query::EnableScoring::disabled_from_searcher(searcher)))
            .transpose()?;
        let days = self.checks.weekdays.iter().fold(0, |bits, d| bits | rows::day_bit(*d));
        self.each_segment(searcher, |segment, reader| {
            let alive = reader.alive_bitset();
            let found = match (&weight, segment.keyword_bits.take()) {
                (None, bits) => bits.unwrap_or_else(|| rows::Bits::every(reader.max_doc())),
                (Some(weight), bits) => {
                    let mut found = rows::Bits::none(reader.max_doc());
                    weight.for_each_no_score(reader, &mut |docs| {
                        for doc in docs {
                            if bits.as_ref().is_none_or(|b| b.contains(*doc)) {
                                found.insert(*doc);
                            }
                        }
                    })?;
                    found
                }
            };
            let n = found.count();
            if n.saturating_mul(n) <= (self.k as u64).saturating_mul(u64::from(reader.max_doc())) {
                for doc in found.docs() {
                    if alive.is_none_or(|a| a.is_alive(doc)) {
                        segment.collect(doc, 0.0);
                    }
                }
                return Ok(());
            }
            let table = segment.table.clone();
            let rows = &table.rows.in_title_order;
            let start = match segment.after {
                Some(bound) => rows.partition_point(|row| segment.key(row.doc, 0.0) <= bound),
                None => 0,
            };
            for row in rows.get(start..).unwrap_or_default() {
                if found.contains(row.doc)
                    && row.may_pass(self.checks.age, days)
                    && alive.is_none_or(|a| a.is_alive(row.doc))
                {
                    segment.collect(row.doc, 0.0);
                    if segment.heap.len() >= self.k {
                        break;
                    }
                }
            }
            Ok(())
        })
    }
}
