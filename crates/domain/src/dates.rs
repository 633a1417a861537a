//! Dates and instants from clients: parsed in one place, and only within a sane range.
//! `0000-01-01` or `9999-12-31` parse as dates, but they are typing errors or probes, and
//! they come back out as invalid RFC 3339 (`-0001-12-31T…`, `+10000-…`) once a time zone
//! moves them across a year boundary.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::FieldError;

/// The first year accepted.
pub const FIRST_YEAR: i32 = 1900;
/// The last year accepted.
pub const LAST_YEAR: i32 = 2200;

fn in_range(field: &str, year: i32) -> Result<(), FieldError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("must be between the years {FIRST_YEAR} and {LAST_YEAR}"),
        ))
    }
}

/// A calendar date as `YYYY-MM-DD` between [`FIRST_YEAR`] and [`LAST_YEAR`].
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "must be a date as YYYY-MM-DD"))?;
    in_range(field, date.year())?;
    Ok(date)
}

/// An RFC 3339 timestamp between [`FIRST_YEAR`] and [`LAST_YEAR`], in UTC.
pub fn parse_instant(field: &str, value: &str) -> Result<DateTime<Utc>, FieldError> {
    let instant = DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| FieldError::new(field, "must be an RFC 3339 timestamp"))?;
    in_range(field, instant.year())?;
    Ok(instant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_range_are_refused() {
        for (value, ok) in [
            ("2026-08-17", true),
            ("1900-01-01", true),
            ("2200-12-31", true),
            ("1899-12-31", false),
            ("2201-01-01", false),
            ("0000-01-01", false),
            ("9999-12-31", false),
            ("2026-02-30", false),
            ("17.08.2026", false),
        ] {
            assert_eq!(parse_date("d", value).is_ok(), ok, "{value}");
        }
    }

    #[test]
    fn instants_outside_the_range_are_refused() {
        for (value, ok) in [
            ("2026-08-17T16:30:00Z", true),
            ("2026-08-17T18:30:00+02:00", true),
            ("0000-01-01T00:00:00Z", false),
            ("9999-12-31T23:59:59Z", false),
            ("2200-12-31T23:30:00-02:00", false),
            ("2026-08-17", false),
        ] {
            assert_eq!(parse_instant("t", value).is_ok(), ok, "{value}");
        }
    }
}
