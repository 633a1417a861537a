//! Impact-ordered postings: a frequent term's documents sorted by the key of a relevance
//! search for it (weight descending, then title, then id), so that a one-word search whose
//! prefix is that term alone reads its page off the front of the list instead of scoring
//! every document that has the term.
//!
//! A segment makes the list of a term the first time a search needs it and keeps it while
//! the segment lives, as it does its keyword bits. Only terms that at least one document
//! in [`FREQUENT`] has get one: scoring a rarer term's postings costs little, and the lists
//! of a segment together hold at most one entry per posting of its frequent terms.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader};

/// A term is frequent in a segment when at least one document in this many has it.
const FREQUENT: u64 = 64;

/// One document of a term's list: its weight is its text score for a prefix that matches
/// the term alone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Impact {
    pub(crate) doc: DocId,
    pub(crate) weight: u32,
}

/// A term's documents in relevance order.
pub(crate) type ImpactList = Arc<[Impact]>;

/// The lists a segment has made, by term (its bytes in the dictionary).
#[derive(Default)]
pub(crate) struct Impacts {
    by_term: Mutex<FxHashMap<Box<[u8]>, ImpactList>>,
}

impl Impacts {
    /// The list of the one term of `field` that starts with `prefix` in `segment`; `None`
    /// when no term, several terms or a term that is not frequent does. `order` gives the
    /// title ordinal and id of a document.
    pub(crate) fn of_prefix(
        &self, segment: &SegmentReader, field: Field, prefix: &str, upper: &str,
        order: impl Fn(DocId) -> (u32, u128),
    ) -> tantivy::Result<Option<ImpactList>> {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().range().ge(prefix).lt(upper).into_stream()?;
        if !terms.advance() {
            return Ok(None);
        }
        let (term, info) = (terms.key().to_vec().into_boxed_slice(), terms.value().clone());
        if terms.advance()
            || u64::from(info.doc_freq).saturating_mul(FREQUENT) < u64::from(segment.max_doc())
        {
            return Ok(None);
        }
        if let Some(list) = self.by_term.lock().ok().and_then(|kept| kept.get(&term).cloned()) {
            return Ok(Some(list));
        }
        // Made outside the lock, as the segment tables are: searches of other terms go on.
        let mut postings =
            inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
        let mut list = Vec::with_capacity(info.doc_freq as usize);
        let mut doc = postings.doc();
        while doc != tantivy::TERMINATED {
            list.push(Impact { doc, weight: postings.term_freq() });
            doc = postings.advance();
        }
        list.sort_unstable_by_key(|i| {
            let (title, id) = order(i.doc);
            (std::cmp::Reverse(i.weight), title, id)
        });
        let list: ImpactList = list.into();
        if let Ok(mut kept) = self.by_term.lock() {
            kept.insert(term, list.clone());
        }
        Ok(Some(list))
    }
}
