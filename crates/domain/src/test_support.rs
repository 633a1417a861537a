//! Helpers the unit tests of several modules share.

use std::fmt::Debug;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// A date written `YYYY-MM-DD`.
pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A time of day written `HH:MM`.
pub(crate) fn t(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, "%H:%M").unwrap()
}

/// An instant written in RFC 3339.
pub(crate) fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Checks a rule over two inputs against its definition for every pair of `firsts` and
/// `seconds`, naming the pair where they differ.
pub(crate) fn assert_for_every_pair<A: Copy + Debug, B: Copy + Debug>(
    firsts: impl IntoIterator<Item = A>, seconds: impl IntoIterator<Item = B> + Clone,
    rule: impl Fn(A, B) -> bool, definition: impl Fn(A, B) -> bool,
) {
    for a in firsts {
        for b in seconds.clone() {
            assert_eq!(rule(a, b), definition(a, b), "{a:?} {b:?}");
        }
    }
}
