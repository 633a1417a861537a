//! Validation results. A constructor that rejects input names the field, so the HTTP layer
//! can answer one 422 that lists every bad field at once instead of the first one only.

use std::fmt;
use std::ops::RangeInclusive;

/// One rejected field: a dotted path into the request (`venue.latitude`, `schedule[0].start_time`)
/// and a message meant for the person who typed the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// Every problem found in one input. Collect into it, then [`ValidationErrors::finish`].
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = self.0.iter().map(|e| e.field.as_str()).collect();
        write!(f, "invalid fields: {}", fields.join(", "))
    }
}

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self(vec![FieldError::new(field, message)])
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// Keeps the value when it parsed, records the error when it did not.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// An optional text field: absent or blank is `None`, anything else is parsed trimmed
    /// (and recorded when it does not parse).
    pub fn check_optional<T>(
        &mut self, value: Option<&str>, parse: impl FnOnce(&str) -> Result<T, FieldError>,
    ) -> Option<T> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        self.check(parse(value))
    }

    /// An optional whole number that must lie in `range`, as the type it is kept in.
    pub fn check_range<T: TryFrom<i64>>(
        &mut self, field: &str, value: Option<i64>, range: RangeInclusive<i64>,
    ) -> Option<T> {
        let value = value?;
        match T::try_from(value) {
            Ok(n) if range.contains(&value) => Some(n),
            _ => {
                let (min, max) = range.into_inner();
                self.push(field, format!("must be between {min} and {max}"));
                None
            }
        }
    }

    /// Every item of the list `field`, each parsed under its own path (`field[i]`); an item
    /// equal to an earlier one is dropped.
    pub fn check_each<T: PartialEq>(
        &mut self, field: &str, values: &[String],
        parse: impl Fn(&str, &str) -> Result<T, FieldError>,
    ) -> Vec<T> {
        let mut items = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            if let Some(item) = self.check(parse(&format!("{field}[{i}]"), value))
                && !items.contains(&item)
            {
                items.push(item);
            }
        }
        items
    }

    /// Keeps a value validated as a whole when it is valid, records all its errors when not.
    pub fn merge<T>(&mut self, result: Result<T, ValidationErrors>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(errors) => {
                self.0.extend(errors.0);
                None
            }
        }
    }

    /// The fields named, in the order they were recorded.
    pub fn fields(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.field.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded.
    pub fn finish(self) -> Result<(), Self> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_error_and_keeps_good_values() {
        let mut errors = ValidationErrors::new();
        let good: Option<u8> = errors.check(Ok(3));
        let bad: Option<u8> = errors.check(Err(FieldError::new("age_min", "must be 0–120")));
        errors.push("title", "must not be empty");
        assert_eq!(good, Some(3));
        assert_eq!(bad, None);
        let err = errors.finish().unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert_eq!(err.to_string(), "invalid fields: age_min, title");
    }

    #[test]
    fn empty_collection_finishes_ok() {
        assert!(ValidationErrors::new().finish().is_ok());
    }

    #[test]
    fn optional_values_are_absent_when_blank_and_checked_trimmed_otherwise() {
        let mut errors = ValidationErrors::new();
        let parse = |v: &str| -> Result<String, FieldError> {
            if v == "ok" { Ok(v.to_owned()) } else { Err(FieldError::new("x", "bad")) }
        };
        assert_eq!(errors.check_optional(None, parse), None);
        assert_eq!(errors.check_optional(Some("  "), parse), None);
        assert!(errors.is_empty());
        assert_eq!(errors.check_optional(Some(" ok "), parse).as_deref(), Some("ok"));
        assert_eq!(errors.check_optional(Some("no"), parse), None);
        assert_eq!(errors.fields(), ["x"]);
    }

    #[test]
    fn numbers_outside_their_range_name_the_range() {
        let mut errors = ValidationErrors::new();
        assert_eq!(errors.check_range::<i16>("age", Some(7), 0..=120), Some(7));
        assert_eq!(errors.check_range::<i16>("age", None, 0..=120), None);
        assert_eq!(errors.check_range::<i16>("age", Some(121), 0..=120), None);
        assert_eq!(errors.check_range::<i32>("spots", Some(0), 1..=10), None);
        assert_eq!(errors.fields(), ["age", "spots"]);
        assert_eq!(errors.0[0].message, "must be between 0 and 120");
    }

    #[test]
    fn list_items_are_named_by_index_and_kept_once() {
        let mut errors = ValidationErrors::new();
        let values: Vec<String> = ["a", "bad", "a", "b"].map(String::from).to_vec();
        let parse = |field: &str, v: &str| match v {
            "bad" => Err(FieldError::new(field, "bad")),
            v => Ok(v.to_owned()),
        };
        assert_eq!(errors.check_each("tags", &values, parse), ["a", "b"]);
        assert_eq!(errors.fields(), ["tags[1]"]);
    }

    #[test]
    fn merged_errors_keep_their_order() {
        let mut errors = ValidationErrors::single("a", "bad");
        assert_eq!(errors.merge(Ok::<_, ValidationErrors>(1)), Some(1));
        let other = ValidationErrors(vec![FieldError::new("b", "x"), FieldError::new("c", "y")]);
        assert_eq!(errors.merge::<u8>(Err(other)), None);
        assert_eq!(errors.fields(), ["a", "b", "c"]);
    }
}
