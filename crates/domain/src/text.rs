//! Rules for free text that every field shares.

use unicode_normalization::UnicodeNormalization;

use crate::FieldError;

/// The form text is compared in: lowercase, accents removed (é → e, ü → u), but the
/// Norwegian letters æ, ø and å kept as the letters they are (`å` is not an accented `a`).
/// Runs of whitespace become one space. Used on both sides of every text match, in Rust,
/// so SQLite and PostgreSQL compare the same strings.
pub fn fold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut last_space = true;
    // Compose first, so a decomposed å (a + ring) is recognised as the letter.
    for c in value.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        if c == 'å' {
            out.push(c);
            continue;
        }
        out.extend(c.nfd().filter(|d| !('\u{0300}'..='\u{036f}').contains(d)));
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Trims the value and checks its length in characters (not bytes: "Bølgen" is six).
/// Control characters other than line breaks and tabs are refused: NUL in particular is
/// accepted by SQLite but makes PostgreSQL fail, and none of them belongs in user text.
pub fn clean_text(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = value.trim();
    if trimmed
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    let len = trimmed.chars().count();
    if len < min {
        return Err(FieldError::new(
            field,
            if min == 1 {
                "must not be empty".to_owned()
            } else {
                format!("must be at least {min} characters")
            },
        ));
    }
    if len > max {
        return Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// A key that sorts in Norwegian alphabetical order under plain byte comparison (SQLite's
/// BINARY, PostgreSQL's "C" collation): the folded text with æ, ø, å moved after z, in that
/// order. Both backends then order lists identically, whatever the server's locale.
pub fn sort_key(value: &str) -> String {
    fold(value)
        .chars()
        .map(|c| match c {
            'æ' => '{',
            'ø' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_lowercases_strips_accents_and_keeps_norwegian_letters() {
        assert_eq!(fold("Åssiden KORPS"), "åssiden korps");
        assert_eq!(fold("Kafé Ærlig Østre"), "kafe ærlig østre");
        assert_eq!(fold("Müller  og   Sønn "), "muller og sønn");
        assert_eq!(fold("ÅÆØ"), "åæø");
        assert_eq!(fold("e\u{301}"), "e");
        assert_eq!(fold("a\u{30a}sgårdstrand"), "åsgårdstrand");
    }

    #[test]
    fn sort_keys_follow_the_norwegian_alphabet() {
        let mut names = vec![
            "Åssiden", "Øvre", "Ærlig", "Zebra", "ankeret", "Bølgen", "Bakken",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            [
                "ankeret", "Bakken", "Bølgen", "Zebra", "Ærlig", "Øvre", "Åssiden"
            ]
        );
    }

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        assert_eq!(clean_text("name", "  Bølgen ", 1, 6).unwrap(), "Bølgen");
        assert!(clean_text("name", "Bølgen!", 1, 6).is_err());
    }

    #[test]
    fn refuses_nul_and_other_controls_but_keeps_line_breaks() {
        let err = clean_text("description", "a\0b", 0, 100).unwrap_err();
        assert_eq!(err.field, "description");
        assert!(clean_text("description", "a\u{7}b", 0, 100).is_err());
        assert_eq!(
            clean_text("description", "a\nb\tc", 0, 100).unwrap(),
            "a\nb\tc"
        );
    }

    #[test]
    fn empty_after_trim_is_empty() {
        let err = clean_text("title", "   ", 1, 10).unwrap_err();
        assert_eq!(err.message, "must not be empty");
    }
}
