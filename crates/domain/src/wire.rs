//! Deserialisers of the raw input types, which are the API's request bodies (and the
//! web forms').
//!
//! Numbers: JSON has one number type, and clients (JavaScript among them) send `9.0` for 9.
//! A whole-number float is accepted where an integer is expected; a fraction is refused with
//! the field's name. PATCH fields: absent, `null` and a value mean three different things.

use serde::de::{self, Deserializer, Visitor};

struct WholeNumber;

impl Visitor<'_> for WholeNumber {
    type Value = i64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom("number too large"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(v as i64)
        } else {
            Err(E::custom("expected a whole number"))
        }
    }
}

pub fn whole<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(WholeNumber)
}

/// An optional whole number: absent or `null` is `None`.
pub fn opt_whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Opt;
    impl<'de> Visitor<'de> for Opt {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a whole number or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            whole(d).map(Some)
        }
    }
    d.deserialize_option(Opt)
}

/// An object that may be absent or `null`: either gives the type's default. Use with
/// `#[serde(default)]`.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Option::unwrap_or_default)
}

/// For PATCH text fields: absent is `None` (keep), `null` is `Some(None)` (clear), a string is
/// `Some(Some(s))` (set). Use with `#[serde(default)]`.
pub fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    <Option<String> as serde::Deserialize>::deserialize(d).map(Some)
}

/// For PATCH: absent is `None`, `null` is `Some(None)`, a number is `Some(Some(n))`.
pub fn patch_whole<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    opt_whole(d).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::opt_whole")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "super::patch_whole")]
        p: Option<Option<i64>>,
    }

    #[test]
    fn whole_floats_are_integers_and_fractions_are_not() {
        let t: T = serde_json::from_str(r#"{"n": 9.0, "p": null}"#).unwrap();
        assert_eq!(t.n, Some(9));
        assert_eq!(t.p, Some(None));
        let t: T = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!((t.n, t.p), (None, None));
        let t: T = serde_json::from_str(r#"{"p": 3}"#).unwrap();
        assert_eq!(t.p, Some(Some(3)));
        assert!(serde_json::from_str::<T>(r#"{"n": 9.5}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"n": "9"}"#).is_err());
    }
}
