//! Impact-ordered postings: a frequent term's documents sorted by the key of a relevance
//! search for it (weight descending, then title, then id), so that a one-word search whose
//! prefix matches that term — alone, or with rare terms beside it, as "fotball" matches
//! "fotball" and a few "fotballskole" — reads its page off the front of the list instead of
//! scoring every document that has the term.
//!
//! A segment makes the list of a term the first time a search needs it and keeps it while
//! the segment lives, as it does its keyword bits. Only terms that at least one document
//! in [`FREQUENT`] has get one: scoring a rarer term's postings costs little, and the lists
//! of a segment together hold at most one entry per posting of its frequent terms.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use tantivy::index::InvertedIndexReader;
use tantivy::postings::Postings;
use tantivy::postings::TermInfo;
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

/// A prefix's documents in a segment as a frequent term's list and the rare terms beside it.
pub(crate) struct PrefixOrder {
    /// The frequent term's documents in key order.
    pub(crate) list: ImpactList,
    frequent: TermInfo,
    rare: Vec<TermInfo>,
}

impl PrefixOrder {
    /// The text score of every document that has one of the rare terms: its rare terms'
    /// weights and the frequent term's weight if it has that too (the list's weight alone
    /// is the score of every other document of the list).
    pub(crate) fn rare_scores(
        &self, segment: &SegmentReader, field: Field,
    ) -> tantivy::Result<FxHashMap<DocId, i64>> {
        let mut scores: FxHashMap<DocId, i64> = FxHashMap::default();
        if self.rare.is_empty() {
            return Ok(scores);
        }
        let inverted = segment.inverted_index(field)?;
        for info in &self.rare {
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                *scores.entry(doc).or_default() += i64::from(postings.term_freq());
                doc = postings.advance();
            }
        }
        let mut docs: Vec<DocId> = scores.keys().copied().collect();
        docs.sort_unstable();
        let mut frequent =
            inverted.read_postings_from_terminfo(&self.frequent, IndexRecordOption::WithFreqs)?;
        for doc in docs {
            // Ascending targets: each seek goes forward from the last.
            if frequent.doc() <= doc
                && frequent.seek(doc) == doc
                && let Some(score) = scores.get_mut(&doc)
            {
                *score += i64::from(frequent.term_freq());
            }
        }
        Ok(scores)
    }
}

/// The postings the rare terms beside a frequent one may have together: beyond this,
/// scoring every document of the prefix is the cheaper way.
fn rare_budget(max_doc: u32) -> u64 {
    (u64::from(max_doc) / FREQUENT).max(1024)
}

impl Impacts {
    /// How to read the documents of `prefix` (the terms of `field` in `prefix..upper`) in
    /// relevance order: the list of its one frequent term and the rare terms beside it;
    /// `None` when no term or several are frequent, or the rare ones have too many
    /// postings. `order` gives the title ordinal and id of a document.
    pub(crate) fn of_prefix(
        &self, segment: &SegmentReader, field: Field, prefix: &str, upper: &str,
        order: impl Fn(DocId) -> (u32, u128),
    ) -> tantivy::Result<Option<PrefixOrder>> {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted.terms().range().ge(prefix).lt(upper).into_stream()?;
        let (mut frequent, mut rare, mut rare_postings) = (None, Vec::new(), 0);
        while terms.advance() {
            let info = terms.value();
            let df = u64::from(info.doc_freq);
            if df.saturating_mul(FREQUENT) >= u64::from(segment.max_doc()) {
                if frequent.is_some() {
                    return Ok(None);
                }
                frequent = Some((terms.key().to_vec().into_boxed_slice(), info.clone()));
            } else {
                rare_postings += df;
                if rare_postings > rare_budget(segment.max_doc()) {
                    return Ok(None);
                }
                rare.push(info.clone());
            }
        }
        let Some((term, info)) = frequent else {
            return Ok(None);
        };
        let list = match self.by_term.lock().ok().and_then(|kept| kept.get(&term).cloned()) {
            Some(list) => list,
            None => {
                // Made outside the lock, as the segment tables are: searches of other terms
                // go on.
                let list = sorted(&inverted, &info, order)?;
                if let Ok(mut kept) = self.by_term.lock() {
                    kept.insert(term, list.clone());
                }
                list
            }
        };
        Ok(Some(PrefixOrder { list, frequent: info, rare }))
    }
}

/// The documents of the term of `info` in relevance order.
fn sorted(
    inverted: &InvertedIndexReader, info: &TermInfo, order: impl Fn(DocId) -> (u32, u128),
) -> tantivy::Result<ImpactList> {
    let mut postings = inverted.read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)?;
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
    Ok(list.into())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use tantivy::schema::{Schema, TextFieldIndexing, TextOptions};
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::tokenizer::weighted_tokens;

    /// 200 documents with "barn" at weights 1 to 4, two also with "barnekor" and two with
    /// "barnehage" instead (rare: fewer than one in 64); "lag" and "lagidrett" in every other one.
    fn documents() -> Vec<BTreeMap<String, i16>> {
        (0..200u16)
            .map(|i| {
                let mut terms = BTreeMap::from([("barn".to_owned(), (i % 4 + 1) as i16)]);
                if i % 100 == 3 {
                    terms.insert("barnekor".to_owned(), 3);
                }
                if i % 100 == 7 {
                    terms.remove("barn");
                    terms.insert("barnehage".to_owned(), 2);
                }
                if i % 2 == 0 {
                    terms.insert("lag".to_owned(), 1);
                    terms.insert("lagidrett".to_owned(), 2);
                }
                terms
            })
            .collect()
    }

    #[test]
    fn a_prefix_reads_its_frequent_term_in_key_order_and_scores_the_rare_ones_in_full() {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default().set_index_option(IndexRecordOption::WithFreqs);
        let field =
            schema.add_text_field("terms", TextOptions::default().set_indexing_options(indexing));
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let docs = documents();
        for terms in &docs {
            let mut doc = TantivyDocument::new();
            doc.add_pre_tokenized_text(field, weighted_tokens(terms));
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let segment = searcher.segment_reader(0);
        // Titles that do not follow the documents' order.
        let order = |doc: DocId| (doc * 37 % 101, u128::from(doc));
        let impacts = Impacts::default();

        let barn = impacts.of_prefix(segment, field, "barn", "baro", order).unwrap().unwrap();
        let key = |i: &Impact| (std::cmp::Reverse(i.weight), order(i.doc));
        assert!(barn.list.windows(2).all(|w| key(&w[0]) < key(&w[1])), "in key order");
        let with_barn: Vec<usize> =
            (0..docs.len()).filter(|d| docs[*d].contains_key("barn")).collect();
        assert_eq!(barn.list.len(), with_barn.len());
        for i in barn.list.iter() {
            assert_eq!(i.weight, docs[i.doc as usize]["barn"] as u32, "the weight of {}", i.doc);
        }
        // Every document with a rare term, scored with all its terms of the prefix.
        let rare = barn.rare_scores(segment, field).unwrap();
        for (doc, terms) in docs.iter().enumerate() {
            let has_rare = terms.contains_key("barnekor") || terms.contains_key("barnehage");
            let sum: i64 = terms
                .iter()
                .filter(|(t, _)| t.starts_with("barn"))
                .map(|(_, w)| i64::from(*w))
                .sum();
            assert_eq!(rare.get(&(doc as DocId)).copied(), has_rare.then_some(sum), "doc {doc}");
        }

        // Two frequent terms ("lag" and "lagidrett"): scored as before.
        assert!(impacts.of_prefix(segment, field, "lag", "lah", order).unwrap().is_none());
        // Only rare terms, or none: scored as before.
        assert!(impacts.of_prefix(segment, field, "barne", "barnf", order).unwrap().is_none());
        assert!(impacts.of_prefix(segment, field, "x", "y", order).unwrap().is_none());
        // The list is kept: a second search gets the same one.
        let again = impacts.of_prefix(segment, field, "barn", "baro", order).unwrap().unwrap();
        assert!(Arc::ptr_eq(&barn.list, &again.list));
    }
}
