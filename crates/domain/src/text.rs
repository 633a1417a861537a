//! Rules for free text that every field shares.

use crate::FieldError;

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

#[cfg(test)]
mod tests {
    use super::*;

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
