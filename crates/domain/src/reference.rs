//! Reference data the municipality keeps: kommunedeler (districts) and activity categories.

use uuid::Uuid;

use crate::FieldError;

/// A kommunedel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub id: Uuid,
    /// The municipality's own numbering, e.g. `"05"`.
    pub code: String,
    pub slug: Slug,
    pub name: String,
    pub short_name: Option<String>,
    pub version: i32,
}

/// An activity category; `parent` makes a tree (`fotball` → `idrett`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: Uuid,
    pub slug: Slug,
    pub name: String,
    pub parent: Option<Slug>,
    pub version: i32,
}

/// A URL-safe identifier: lowercase ASCII letters, digits and single inner hyphens, 1–64
/// characters (`rodskog-gulskogen`). Norwegian letters are spelled out in slugs (`svomming`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let ok = !value.is_empty()
            && value.len() <= Self::MAX_LEN
            && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "must be 1–64 lowercase letters a–z, digits or single hyphens",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_reference_slugs() {
        for s in ["konnerud", "rodskog-gulskogen", "stromso-ovre", "a1"] {
            assert_eq!(Slug::parse("district", s).unwrap().as_str(), s);
        }
    }

    #[test]
    fn refuses_malformed_slugs_naming_the_field() {
        for s in ["", "Konnerud", "strømsø", "-a", "a-", "a--b", "a b", &"a".repeat(65)] {
            let err = Slug::parse("district", s).unwrap_err();
            assert_eq!(err.field, "district", "{s:?}");
        }
    }
}
