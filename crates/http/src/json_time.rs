//! Instants in JSON as chrono writes them (RFC 3339, `Z`, the fraction in 0, 3, 6 or 9
//! digits as needed), without going through `core::fmt`: result pages hold about ten
//! instants per activity, and chrono's general formatter was a tenth of a search's CPU.

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serializer;

/// Serializes like `DateTime<Utc>`'s own `Serialize`.
pub(crate) fn utc<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    let mut buf = [0u8; 32];
    match write(at, &mut buf) {
        Some(text) => s.serialize_str(text),
        None => serde::Serialize::serialize(at, s),
    }
}

/// [`utc`] for an optional instant (`null` when absent).
pub(crate) fn opt_utc<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => utc(at, s),
        None => s.serialize_none(),
    }
}

/// The text in `buf`, or `None` for what the fast path does not cover (years outside
/// 0–9999, leap seconds): chrono writes those.
fn write<'a>(at: &DateTime<Utc>, buf: &'a mut [u8; 32]) -> Option<&'a str> {
    let year = u32::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = at.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut n = 0;
    put(buf, &mut n, year, 4);
    let parts = [
        (b'-', at.month()),
        (b'-', at.day()),
        (b'T', at.hour()),
        (b':', at.minute()),
        (b':', at.second()),
    ];
    for (separator, value) in parts {
        buf[n] = separator;
        n += 1;
        put(buf, &mut n, value, 2);
    }
    let fraction = match nanos {
        0 => None,
        _ if nanos.is_multiple_of(1_000_000) => Some((nanos / 1_000_000, 3)),
        _ if nanos.is_multiple_of(1_000) => Some((nanos / 1_000, 6)),
        _ => Some((nanos, 9)),
    };
    if let Some((value, width)) = fraction {
        buf[n] = b'.';
        n += 1;
        put(buf, &mut n, value, width);
    }
    buf[n] = b'Z';
    n += 1;
    std::str::from_utf8(&buf[..n]).ok()
}

/// Writes `value` as `width` decimal digits at `buf[*n..]`, zero-padded.
fn put(buf: &mut [u8; 32], n: &mut usize, value: u32, width: u32) {
    for i in (0..width).rev() {
        // A digit: always below 10.
        buf[*n] = b'0' + ((value / 10u32.pow(i)) % 10) as u8;
        *n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_json(at: &DateTime<Utc>) -> String {
        serde_json::to_string(at).unwrap()
    }

    fn ours(at: &DateTime<Utc>) -> String {
        let mut out = Vec::new();
        utc(at, &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn writes_what_chrono_writes() {
        let mut micros: i64 = -62_167_219_200_000_000; // 0000-01-01
        let step = 7_919_876_543_211; // about three months and an odd fraction
        let mut checked = 0;
        while micros < 253_402_300_799_000_000 {
            for at in [
                DateTime::from_timestamp_micros(micros).unwrap(),
                DateTime::from_timestamp(micros.div_euclid(1_000_000), 0).unwrap(),
                DateTime::from_timestamp_millis(micros / 1000).unwrap(),
                DateTime::from_timestamp(micros.div_euclid(1_000_000), 123_456_789).unwrap(),
            ] {
                assert_eq!(ours(&at), chrono_json(&at));
                checked += 1;
            }
            micros += step;
        }
        assert!(checked > 1000, "{checked}");
    }

    #[test]
    fn leaves_the_rare_cases_to_chrono() {
        let far = DateTime::from_timestamp(300_000_000_000, 5).unwrap(); // year 11476
        assert_eq!(ours(&far), chrono_json(&far));
        let none: Option<DateTime<Utc>> = None;
        let mut out = Vec::new();
        opt_utc(&none, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, b"null");
    }
}
