//! Norwegian free-text search: how text becomes index terms, and a query becomes the term
//! prefixes it must match.
//!
//! One normalisation, in Rust, feeds both databases: each activity's title, summary,
//! description and organisation name are turned into weighted terms that the store keeps in
//! an ordinary table with a byte-ordered index; a query word matches every term it is a
//! prefix of. SQLite and PostgreSQL then behave identically (neither backend's own full-text
//! engine is involved, so there is no second dialect of stemming to keep in step).
//!
//! The steps: [`fold`] (lowercase; é → e; æ, ø, å kept), split on anything that is not a
//! letter or digit, drop Norwegian stop words, stem with the Snowball Norwegian stemmer
//! (`rust-stemmers`), then strip a verbal-noun `-ing` that Snowball leaves alone, so that
//! "svømming" becomes `svømm` and finds "Svømmekurs" (`svømmekur`) by prefix, and "fotball"
//! finds "Fotballtrening".

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::fold;

/// Where a term came from; title words weigh most in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Description = 1,
    Summary = 2,
    Organisation = 3,
    Title = 4,
}

/// Longest term kept; longer words are cut (prefix matching still finds them).
pub const MAX_TERM_CHARS: usize = 40;

/// Most query words considered; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 8;

const STOP_WORDS: &[&str] = &[
    "alle",
    "at",
    "av",
    "bare",
    "begge",
    "ble",
    "blei",
    "bli",
    "blir",
    "blitt",
    "både",
    "båe",
    "da",
    "de",
    "deg",
    "dei",
    "deim",
    "deira",
    "deires",
    "dem",
    "den",
    "denne",
    "der",
    "dere",
    "deres",
    "det",
    "dette",
    "di",
    "din",
    "disse",
    "ditt",
    "du",
    "dykk",
    "dykkar",
    "då",
    "eg",
    "ein",
    "eit",
    "eitt",
    "eller",
    "elles",
    "en",
    "enn",
    "er",
    "et",
    "ett",
    "etter",
    "for",
    "fordi",
    "fra",
    "før",
    "ha",
    "hadde",
    "han",
    "hans",
    "har",
    "hennar",
    "henne",
    "hennes",
    "her",
    "hjå",
    "ho",
    "hoe",
    "honom",
    "hoss",
    "hossen",
    "hun",
    "hva",
    "hvem",
    "hver",
    "hvilke",
    "hvilken",
    "hvis",
    "hvor",
    "hvordan",
    "hvorfor",
    "i",
    "ikke",
    "ikkje",
    "ingen",
    "ingi",
    "inkje",
    "inn",
    "inni",
    "ja",
    "jeg",
    "kan",
    "kom",
    "korleis",
    "korso",
    "kun",
    "kunne",
    "kva",
    "kvar",
    "kvarhelst",
    "kven",
    "kvi",
    "kvifor",
    "man",
    "mange",
    "me",
    "med",
    "medan",
    "meg",
    "meget",
    "mellom",
    "men",
    "mi",
    "min",
    "mine",
    "mitt",
    "mot",
    "mykje",
    "ned",
    "no",
    "noe",
    "noen",
    "noka",
    "noko",
    "nokon",
    "nokor",
    "nokre",
    "nå",
    "når",
    "og",
    "også",
    "om",
    "opp",
    "oss",
    "over",
    "på",
    "samme",
    "seg",
    "selv",
    "si",
    "sia",
    "sidan",
    "siden",
    "sin",
    "sine",
    "sitt",
    "sjøl",
    "skal",
    "skulle",
    "slik",
    "so",
    "som",
    "somme",
    "somt",
    "så",
    "sånn",
    "til",
    "um",
    "upp",
    "ut",
    "uten",
    "var",
    "vart",
    "varte",
    "ved",
    "vere",
    "verte",
    "vi",
    "vil",
    "ville",
    "vore",
    "vors",
    "vort",
    "vår",
    "være",
    "vært",
    "å",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Norwegian))
}

/// The stem of one folded word.
fn stem(word: &str) -> String {
    let stemmed = stemmer().stem(word).into_owned();
    // "svømming", "dansing", "løping": Snowball keeps the -ing; cut it so the verb stem
    // matches compounds ("svømmekurs", "danseskole", "løpegruppe").
    let stemmed = match stemmed.strip_suffix("ing") {
        Some(root) if root.chars().count() >= 3 => root.to_owned(),
        _ => stemmed,
    };
    stemmed.chars().take(MAX_TERM_CHARS).collect()
}

/// Whether a folded word is a stop word, which no search requires ("for", "på", "og").
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The words of a text, folded, without stop words, in order.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let folded = fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// The texts an activity is found by, with their weight: its own and its organisation's name.
pub fn activity_texts<'a>(
    details: &'a crate::activity::ActivityDetails, organisation_name: &'a str,
) -> [(Field, &'a str); 4] {
    [
        (Field::Title, &details.title),
        (Field::Summary, &details.summary),
        (Field::Description, &details.description),
        (Field::Organisation, organisation_name),
    ]
}

/// Index terms of a document: each distinct stem with the weight of the most important
/// field it occurs in.
pub fn index_terms(fields: &[(Field, &str)]) -> BTreeMap<String, i16> {
    let mut terms: BTreeMap<String, i16> = BTreeMap::new();
    for (field, text) in fields {
        for word in words(text) {
            let term = stem(&word);
            if term.is_empty() {
                continue;
            }
            let weight = *field as i16;
            terms.entry(term).and_modify(|w| *w = (*w).max(weight)).or_insert(weight);
        }
    }
    terms
}

/// The term prefixes a query requires, one per distinct query word (all required), in the
/// order typed. Empty when the query has no searchable words (only stop words, say).
pub fn query_prefixes(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in words(query) {
        let prefix = stem(&word);
        if !prefix.is_empty() && !out.contains(&prefix) {
            out.push(prefix);
        }
        if out.len() == MAX_QUERY_WORDS {
            break;
        }
    }
    out
}

/// The smallest string greater than every string that starts with `prefix`, for a range
/// scan `term >= prefix AND term < upper`. Terms are folded text, so U+10FFFF never occurs.
pub fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, document: &str) -> bool {
        let terms = index_terms(&[(Field::Title, document)]);
        let prefixes = query_prefixes(query);
        !prefixes.is_empty()
            && prefixes.iter().all(|p| terms.keys().any(|t| t.starts_with(p.as_str())))
    }

    #[test]
    fn prefixes_and_stems_find_the_examples_of_the_issue() {
        assert!(matches("fotball", "Fotballtrening for jenter"));
        assert!(matches("svømming", "Svømmekurs for nybegynnere"));
        assert!(matches("Svømming", "Vi svømmer hver tirsdag"));
        assert!(matches("dansing", "Danseskole"));
        assert!(matches("korps", "Korpsøving for barn"));
        assert!(!matches("håndball", "Fotballtrening"));
    }

    #[test]
    fn case_and_accents_do_not_matter_but_norwegian_letters_do() {
        assert!(matches("KAFE", "Kafé for seniorer"));
        assert!(matches("kafé", "KAFE"));
        assert!(matches("BÅT", "Båtbygging"));
        assert!(!matches("bat", "Båtbygging"));
        assert!(!matches("sor", "Sørlandet"));
    }

    #[test]
    fn every_word_is_required_and_stop_words_are_ignored() {
        assert!(matches("fotball på Konnerud", "Fotball Konnerud IL"));
        assert!(!matches("fotball Svelvik", "Fotball Konnerud IL"));
        assert!(query_prefixes("og på i").is_empty());
    }

    #[test]
    fn terms_keep_their_most_important_field() {
        let terms = index_terms(&[
            (Field::Description, "Vi spiller sjakk"),
            (Field::Title, "Sjakkklubb"),
            (Field::Title, "sjakk"),
        ]);
        assert_eq!(terms.get("sjakk"), Some(&(Field::Title as i16)));
        assert_eq!(terms.get("spill"), Some(&(Field::Description as i16)));
    }

    #[test]
    fn query_words_are_distinct_and_bounded() {
        assert_eq!(query_prefixes("fotball Fotball"), ["fotball"]);
        let many = "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10";
        assert_eq!(query_prefixes(many).len(), MAX_QUERY_WORDS);
    }

    #[test]
    fn upper_bound_is_above_every_extension() {
        let upper = prefix_upper_bound("fot");
        assert!("fotballtren" < upper.as_str());
        assert!("fou" > upper.as_str());
    }
}
