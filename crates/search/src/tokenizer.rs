//! Fritid's Norwegian text analysis as tantivy's tokenizer: the folding, stop words and
//! stemming of `fritid_domain::search`, so the index and the database's term table hold the
//! same terms. An activity's texts are indexed pre-tokenized ([`weighted_tokens`]), because
//! a term's weight comes from the most important field it occurs in, which a tokenizer of one
//! field's text cannot see; the tokenizer serves any other text given to the field.

use std::collections::BTreeMap;

use fritid_domain::search::{Field, index_terms};
use tantivy::tokenizer::{PreTokenizedStream, PreTokenizedString, Token, Tokenizer};

/// The tokenizer's name in the index's tokenizer manager.
pub(crate) const NAME: &str = "fritid_no";

/// Folds, drops stop words and stems, as `fritid_domain::search::index_terms` does; each
/// distinct stem once.
#[derive(Debug, Clone, Copy, Default)]
pub struct NorwegianTokenizer;

impl Tokenizer for NorwegianTokenizer {
    type TokenStream<'a> = PreTokenizedStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PreTokenizedStream {
        let terms = index_terms(&[(Field::Description, text)]);
        PreTokenizedStream::from(weighted_tokens(&terms))
    }
}

/// The weighted terms of a document as tokens: each term repeated `weight` times, so that
/// its term frequency in the index is its weight.
pub(crate) fn weighted_tokens(terms: &BTreeMap<String, i16>) -> PreTokenizedString {
    let mut tokens = Vec::new();
    for (term, weight) in terms {
        for _ in 0..(*weight).max(1) {
            tokens.push(Token {
                offset_from: 0,
                offset_to: 0,
                position: tokens.len(),
                text: term.clone(),
                position_length: 1,
            });
        }
    }
    PreTokenizedString { text: String::new(), tokens }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenStream;

    use super::*;

    #[test]
    fn the_tokenizer_gives_the_domain_terms() {
        let mut tokenizer = NorwegianTokenizer;
        let mut stream = tokenizer.token_stream("Svømmekurs for nybegynnere");
        let mut seen = Vec::new();
        while stream.advance() {
            seen.push(stream.token().text.clone());
        }
        let expected: Vec<String> =
            index_terms(&[(Field::Description, "Svømmekurs for nybegynnere")])
                .into_keys()
                .collect();
        assert_eq!(seen, expected);
        assert!(seen.iter().any(|t| t.starts_with("svømm")));
    }

    #[test]
    fn a_weight_becomes_a_term_frequency() {
        let terms = BTreeMap::from([("fotball".to_owned(), 4), ("lag".to_owned(), 1)]);
        let tokens = weighted_tokens(&terms).tokens;
        assert_eq!(tokens.iter().filter(|t| t.text == "fotball").count(), 4);
        assert_eq!(tokens.iter().filter(|t| t.text == "lag").count(), 1);
    }
}
