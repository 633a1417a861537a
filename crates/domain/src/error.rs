//! Validation results. A constructor that rejects input names the field, so the HTTP layer
//! can answer one 422 that lists every bad field at once instead of the first one only.

use std::fmt;

/// One rejected field: a dotted path into the request (`venue.latitude`, `schedule[0].start_time`)
/// and a message meant for the person who typed the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
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
}
