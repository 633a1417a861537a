//! What a title walk and the keyword filters read of a segment, decoded once: each
//! document's age bounds and weekdays in title order, and the documents of each district,
//! category, free and wheelchair value as bits.
//!
//! A search whose filters are keywords and checks the collector makes (age, target groups,
//! slots) reads no postings: the bits of its keywords, and'ed, are its documents. Few of
//! them are collected as they are; many are found by walking the segment in title order
//! until `k` pass, each a bit and two ages to look at. A district of 50 000 activities then
//! costs a few thousand rows, not its 50 000 postings.

use rustc_hash::FxHashMap;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader, Term};

use crate::fields::{Fields, unpack_slot};

/// A document's age bounds and weekdays, one row per document in title order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) doc: DocId,
    /// The youngest and oldest age, as the table's.
    ages: (i32, i32),
    /// Bit `d` for each weekday `d` (0 = Monday) with a slot.
    days: u8,
}

impl Row {
    /// Whether the row may pass the collector's checks: its age bounds hold `age` and it has a slot on
    /// one of `days` (any when 0); the collector checks the slots in full.
    pub(crate) fn may_pass(&self, age: Option<i64>, days: u8) -> bool {
        (days == 0 || self.days & days != 0)
            && age.is_none_or(|a| i64::from(self.ages.0) <= a && i64::from(self.ages.1) >= a)
    }
}

/// The bit of weekday `day` (0 = Monday) in [`Row::days`].
pub(crate) fn day_bit(day: u64) -> u8 {
    1 << day.min(7)
}

/// The rows of a segment in title order, and the documents of each keyword as bits.
pub(crate) struct Rows {
    pub(crate) in_title_order: Box<[Row]>,
    /// The documents of each term of `district`, `category`, `free` and `wheelchair`.
    by_term: FxHashMap<Term, Bits>,
}

impl Rows {
    /// The rows of a segment whose documents in title order are `order`; `ages` by
    /// document, as the table's.
    pub(crate) fn read(
        reader: &SegmentReader, order: &[DocId], ages: &[(i32, i32)],
    ) -> tantivy::Result<Rows> {
        let slots = reader.fast_fields().u64("slot")?;
        let schema = reader.schema();
        let in_title_order = order
            .iter()
            .map(|&doc| Row {
                doc,
                ages: ages.get(doc as usize).copied().unwrap_or((i32::MIN, i32::MAX)),
                days: slots
                    .values_for_doc(doc)
                    .fold(0, |bits, slot| bits | day_bit(unpack_slot(slot).1)),
            })
            .collect();
        let mut by_term = FxHashMap::default();
        let mut keep = |term: Term, info: &tantivy::postings::TermInfo| -> tantivy::Result<()> {
            let inverted = reader.inverted_index(term.field())?;
            let mut bits = Bits::none(reader.max_doc());
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                bits.insert(doc);
                doc = postings.advance();
            }
            by_term.insert(term, bits);
            Ok(())
        };
        for name in ["district", "category"] {
            let field = schema.get_field(name)?;
            let inverted = reader.inverted_index(field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                if let Ok(text) = std::str::from_utf8(terms.key()) {
                    keep(Term::from_field_text(field, text), terms.value())?;
                }
            }
        }
        for name in ["free", "wheelchair"] {
            let field = schema.get_field(name)?;
            for value in [true, false] {
                let term = Term::from_field_bool(field, value);
                if let Some(info) = reader.inverted_index(field)?.get_term_info(&term)? {
                    keep(term, &info)?;
                }
            }
        }
        Ok(Rows { in_title_order, by_term })
    }

    /// The documents with any of `terms` (`None`: no terms, every document).
    fn any_of(&self, terms: &[Term], max_doc: DocId) -> Option<Bits> {
        if terms.is_empty() {
            return None;
        }
        let mut any = Bits::none(max_doc);
        for term in terms {
            if let Some(bits) = self.by_term.get(term) {
                any.or(bits);
            }
        }
        Some(any)
    }
}

/// A set of documents, a bit each.
#[derive(Clone)]
pub(crate) struct Bits(Box<[u64]>);

impl Bits {
    /// No document of a segment of `max_doc`.
    pub(crate) fn none(max_doc: DocId) -> Bits {
        Bits(vec![0; (max_doc as usize).div_ceil(64)].into())
    }

    /// Every document of a segment of `max_doc`.
    pub(crate) fn every(max_doc: DocId) -> Bits {
        let mut every = Bits::none(max_doc);
        every.0.fill(u64::MAX);
        if let (Some(last), tail @ 1..) = (every.0.last_mut(), max_doc % 64) {
            *last = (1 << tail) - 1;
        }
        every
    }

    pub(crate) fn insert(&mut self, doc: DocId) {
        if let Some(word) = self.0.get_mut(doc as usize / 64) {
            *word |= 1 << (doc % 64);
        }
    }

    pub(crate) fn contains(&self, doc: DocId) -> bool {
        self.0.get(doc as usize / 64).is_some_and(|word| word & (1 << (doc % 64)) != 0)
    }

    fn or(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(other.0.iter()) {
            *word |= other;
        }
    }

    fn and(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(other.0.iter()) {
            *word &= other;
        }
    }

    /// How many documents are set.
    pub(crate) fn count(&self) -> u64 {
        self.0.iter().map(|word| u64::from(word.count_ones())).sum()
    }

    /// The documents set, in order.
    pub(crate) fn docs(&self) -> impl Iterator<Item = DocId> + '_ {
        self.0.iter().enumerate().flat_map(|(i, word)| {
            let base = (i as u64 * 64) as DocId;
            let mut rest = *word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    base + bit
                })
            })
        })
    }
}

/// The keyword filters of a search (resolved slugs), which the collector can check from a
/// segment's rows instead of reading their postings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Keywords {
    pub(crate) districts: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) free: Option<bool>,
    pub(crate) wheelchair: Option<bool>,
}

impl Keywords {
    /// The terms of each filter, in the order districts, categories, free, wheelchair
    /// (empty where the search has none).
    pub(crate) fn groups(&self, fields: KeywordFields) -> [Vec<Term>; 4] {
        let text = |field, values: &[String]| -> Vec<Term> {
            values.iter().map(|v| Term::from_field_text(field, v)).collect()
        };
        let flag = |field, value: Option<bool>| -> Vec<Term> {
            value.map(|v| Term::from_field_bool(field, v)).into_iter().collect()
        };
        [
            text(fields.district, &self.districts),
            text(fields.category, &self.categories),
            flag(fields.free, self.free),
            flag(fields.wheelchair, self.wheelchair),
        ]
    }

    /// The documents of a segment that pass every keyword filter; `fields` name the terms.
    pub(crate) fn bits(&self, fields: KeywordFields, reader: &SegmentReader, rows: &Rows) -> Bits {
        let groups = self.groups(fields);
        let max_doc = reader.max_doc();
        let mut all: Option<Bits> = None;
        for group in groups.iter().filter_map(|terms| rows.any_of(terms, max_doc)) {
            match &mut all {
                None => all = Some(group),
                Some(all) => all.and(&group),
            }
        }
        all.unwrap_or_else(|| Bits::every(max_doc))
    }
}

/// The fields of the keyword filters.
#[derive(Clone, Copy)]
pub(crate) struct KeywordFields {
    district: Field,
    category: Field,
    free: Field,
    wheelchair: Field,
}

impl KeywordFields {
    pub(crate) fn of(fields: &Fields) -> Self {
        KeywordFields {
            district: fields.district,
            category: fields.category,
            free: fields.free,
            wheelchair: fields.wheelchair,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bits;

    #[test]
    fn bits_count_and_list_their_documents() {
        for max_doc in [0, 1, 63, 64, 65, 200] {
            let every = Bits::every(max_doc);
            assert_eq!(every.count(), u64::from(max_doc), "every of {max_doc}");
            assert_eq!(every.docs().collect::<Vec<_>>(), (0..max_doc).collect::<Vec<_>>());
        }
        let mut some = Bits::none(200);
        for doc in [0, 5, 63, 64, 127, 199] {
            some.insert(doc);
        }
        let mut other = Bits::none(200);
        for doc in [5, 64, 100] {
            other.insert(doc);
        }
        let mut both = some.clone();
        both.and(&other);
        assert_eq!(both.docs().collect::<Vec<_>>(), [5, 64]);
        some.or(&other);
        assert_eq!(some.docs().collect::<Vec<_>>(), [0, 5, 63, 64, 100, 127, 199]);
        assert!(some.contains(100) && !some.contains(101) && !some.contains(5000));
    }
}
