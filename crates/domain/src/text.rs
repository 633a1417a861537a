//! Rules for free text that every field shares.

use unicode_normalization::UnicodeNormalization;

use crate::FieldError;

/// The items of a comma-separated list, trimmed, without empty ones: `"a, b,,c "` holds
/// `a`, `b` and `c`.
pub fn comma_items(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|item| !item.is_empty())
}

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

/// Characters that take no space on screen: zero-width spaces and joiners, word joiner,
/// byte-order mark, soft hyphen. Allowed inside text (emoji sequences use the joiner), but a
/// name made only of them looks empty, so they do not count towards a minimum length and
/// are trimmed from the ends.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{034F}' | '\u{180E}'
    )
}

/// Bidirectional embedding, override and isolate controls: they make text display in
/// another order than it is stored ("gpj.exe" shown as "exe.jpg"), which is how look-alike
/// names and links are made.
fn bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims the value and checks its length in characters (not bytes: "Bølgen" is six).
/// Control characters other than line breaks and tabs are refused: NUL in particular is
/// accepted by SQLite but makes PostgreSQL fail, and none of them belongs in user text.
/// So are bidirectional overrides; invisible characters do not count towards `min`.
pub fn clean_text(field: &str, value: &str, min: usize, max: usize) -> Result<String, FieldError> {
    let trimmed = value.trim_matches(|c: char| c.is_whitespace() || invisible(c));
    if trimmed.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(FieldError::new(field, "must not contain control characters"));
    }
    if trimmed.chars().any(bidi_control) {
        return Err(FieldError::new(
            field,
            "must not contain characters that reverse the direction of text",
        ));
    }
    let visible = trimmed.chars().filter(|c| !invisible(*c)).count();
    if visible < min {
        return Err(FieldError::new(
            field,
            if min == 1 {
                "must not be empty".to_owned()
            } else {
                format!("must be at least {min} characters")
            },
        ));
    }
    let len = trimmed.chars().count();
    if len > max {
        return Err(FieldError::new(field, format!("must be at most {max} characters")));
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
    fn comma_items_are_trimmed_and_empty_ones_dropped() {
        for (list, items) in [
            ("", vec![]),
            (" , ,", vec![]),
            ("district", vec!["district"]),
            ("a, b,,c ", vec!["a", "b", "c"]),
            (" 10.0.0.0/8 ,::1", vec!["10.0.0.0/8", "::1"]),
        ] {
            assert_eq!(comma_items(list).collect::<Vec<_>>(), items, "{list:?}");
        }
    }

    #[test]
    fn invisible_only_text_is_empty_and_direction_overrides_are_refused() {
        for value in ["\u{200B}\u{200B}\u{200B}", " \u{FEFF}\u{2060} ", "\u{200D}\u{00AD}"] {
            let err = clean_text("name", value, 2, 100).unwrap_err();
            assert_eq!(err.field, "name");
        }
        assert_eq!(
            clean_text("name", "\u{200B}Konnerud IL\u{200B}", 2, 100).unwrap(),
            "Konnerud IL"
        );
        for value in ["Drammen \u{202E}enummok", "a\u{2066}b\u{2069}", "\u{202D}x"] {
            let err = clean_text("name", value, 1, 100).unwrap_err();
            assert!(err.message.contains("direction"), "{value:?}: {}", err.message);
        }
        // A family emoji is joined with zero-width joiners, and stays allowed.
        assert!(clean_text("name", "Familietreff 👨\u{200D}👩\u{200D}👧", 2, 100).is_ok());
    }

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
        let mut names = vec!["Åssiden", "Øvre", "Ærlig", "Zebra", "ankeret", "Bølgen", "Bakken"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, ["ankeret", "Bakken", "Bølgen", "Zebra", "Ærlig", "Øvre", "Åssiden"]);
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
        assert_eq!(clean_text("description", "a\nb\tc", 0, 100).unwrap(), "a\nb\tc");
    }

    #[test]
    fn empty_after_trim_is_empty() {
        let err = clean_text("title", "   ", 1, 10).unwrap_err();
        assert_eq!(err.message, "must not be empty");
    }
}
