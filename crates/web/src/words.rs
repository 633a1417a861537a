//! Dates, times, schedules and amounts in Norwegian words: "tirsdager 17:30–19:00,
//! 17. august–18. juni". The words and patterns are the catalog's (`common.ftl`); this
//! module picks and fills them in.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Oslo;
use fritid_domain::schedule::ScheduleRule;

use crate::text::{NB, Text};

/// A weekday's code in the catalog: `mon`, `tue`, ….
fn day_code(day: Weekday) -> String {
    day.to_string().to_lowercase()
}

/// "mandag".
fn weekday(day: Weekday) -> String {
    let t: &'static Text = &NB;
    t.attr("weekday", &day_code(day)).into_owned()
}

/// "mandager", "tirsdager", …: what happens every such day.
fn weekday_every(day: Weekday) -> String {
    let t: &'static Text = &NB;
    t.attr("weekday-every", &day_code(day)).into_owned()
}

/// "a", "a og b", "a, b og c".
pub fn and_list(items: &[String]) -> String {
    joined("list-and", items)
}

/// "a", "a eller b", "a, b eller c".
pub fn or_list(items: &[String]) -> String {
    joined("list-or", items)
}

fn joined(id: &str, items: &[String]) -> String {
    let t: &'static Text = &NB;
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => t
            .with(id, &[("rest", rest.join(", ").into()), ("last", last.as_str().into())])
            .into_owned(),
    }
}

/// "17. august".
pub fn day_month(date: NaiveDate) -> String {
    let t: &'static Text = &NB;
    let month = t.attr("month", &format!("m{}", date.month()));
    t.with("date-day-month", &[("day", date.day().to_string().into()), ("month", month.into())])
        .into_owned()
}

/// "17. august 2026".
pub fn full_date(date: NaiveDate) -> String {
    let t: &'static Text = &NB;
    let year = date.year().to_string();
    t.with("date-full", &[("day-month", day_month(date).into()), ("year", year.into())])
        .into_owned()
}

/// "5. september 2026 kl. 10:00", in Oslo time.
pub fn date_time(at: DateTime<Utc>) -> String {
    let t: &'static Text = &NB;
    let at = at.with_timezone(&Oslo);
    let time = at.format("%H:%M").to_string();
    t.with("date-time", &[("date", full_date(at.date_naive()).into()), ("time", time.into())])
        .into_owned()
}

/// "17:30–19:00".
pub fn time_span(start: NaiveTime, end: NaiveTime) -> String {
    let t: &'static Text = &NB;
    let (start, end) = (start.format("%H:%M").to_string(), end.format("%H:%M").to_string());
    t.with("time-span", &[("start", start.into()), ("end", end.into())]).into_owned()
}

/// A rule in words: "tirsdager og torsdager 17:30–19:00, 17. august–18. juni (ikke
/// 13. oktober)" or "lørdag 5. september 2026, 10:00–14:00".
pub fn rule(rule: &ScheduleRule) -> String {
    let t: &'static Text = &NB;
    let (start_time, end_time) = rule.times();
    let times = time_span(start_time, end_time);
    match rule {
        ScheduleRule::Weekly { weekdays, valid_from, valid_to, except_dates, .. } => {
            let days: Vec<String> = weekdays.iter().copied().map(weekday_every).collect();
            let period = match valid_to {
                Some(to) => t.with(
                    "rule-period",
                    &[("from", day_month(*valid_from).into()), ("to", day_month(*to).into())],
                ),
                None => t.with("rule-period-open", &[("from", full_date(*valid_from).into())]),
            };
            let text = t.with(
                "rule-weekly",
                &[
                    ("days", and_list(&days).into()),
                    ("times", times.into()),
                    ("period", period.into()),
                ],
            );
            if except_dates.is_empty() {
                return text.into_owned();
            }
            let dates: Vec<String> = except_dates.iter().copied().map(day_month).collect();
            t.with("rule-except", &[("rule", text.into()), ("dates", and_list(&dates).into())])
                .into_owned()
        }
        ScheduleRule::Single { date, .. } => t
            .with(
                "rule-single",
                &[
                    ("weekday", weekday(date.weekday()).into()),
                    ("date", full_date(*date).into()),
                    ("times", times.into()),
                ],
            )
            .into_owned(),
    }
}

/// One session in Oslo time: "tirsdag 1. september kl. 17:30–19:00".
pub fn session(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
    let t: &'static Text = &NB;
    let (start, end) = (starts_at.with_timezone(&Oslo), ends_at.with_timezone(&Oslo));
    t.with(
        "session",
        &[
            ("weekday", weekday(start.weekday()).into()),
            ("date", day_month(start.date_naive()).into()),
            ("times", time_span(start.time(), end.time()).into()),
        ],
    )
    .into_owned()
}

/// An age range: "8–10 år", "fra 8 år", "til og med 12 år", or `None` for everyone.
pub fn ages(min: Option<i16>, max: Option<i16>) -> Option<String> {
    let t: &'static Text = &NB;
    let id = match (min, max) {
        (Some(a), Some(b)) if a == b => "ages-exact",
        (Some(_), Some(_)) => "ages-range",
        (Some(_), None) => "ages-from",
        (None, Some(_)) => "ages-to",
        (None, None) => return None,
    };
    // As text: the numbers are shown as they are.
    let number = |n: Option<i16>| n.map(|n| n.to_string()).unwrap_or_default();
    Some(t.with(id, &[("min", number(min).into()), ("max", number(max).into())]).into_owned())
}

/// Whole kroner with a no-break space between groups of digits: "1 250 kr".
pub fn kroner(amount: i64) -> String {
    let t: &'static Text = &NB;
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    let sign = if amount < 0 { "−" } else { "" };
    t.with("kroner", &[("amount", format!("{sign}{out}").into())]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn weekly_rules_read_as_the_municipality_writes_them() {
        let weekly = |weekdays: Vec<Weekday>, valid_to, except_dates| ScheduleRule::Weekly {
            weekdays,
            start_time: time(17, 30),
            end_time: time(19, 0),
            valid_from: date(2026, 8, 17),
            valid_to,
            except_dates,
        };
        let cases = [
            (
                weekly(vec![Weekday::Tue], Some(date(2027, 6, 18)), vec![]),
                "tirsdager 17:30–19:00, 17. august–18. juni",
            ),
            (
                weekly(vec![Weekday::Mon, Weekday::Wed, Weekday::Fri], None, vec![]),
                "mandager, onsdager og fredager 17:30–19:00, fra 17. august 2026",
            ),
            (
                weekly(
                    vec![Weekday::Tue, Weekday::Thu],
                    Some(date(2026, 12, 10)),
                    vec![date(2026, 10, 13)],
                ),
                "tirsdager og torsdager 17:30–19:00, 17. august–10. desember (ikke 13. oktober)",
            ),
            (
                ScheduleRule::Single {
                    date: date(2026, 9, 5),
                    start_time: time(10, 0),
                    end_time: time(14, 0),
                },
                "lørdag 5. september 2026, 10:00–14:00",
            ),
        ];
        for (r, words) in cases {
            assert_eq!(rule(&r), words);
        }
    }

    #[test]
    fn sessions_are_in_oslo_time() {
        // 15:30 UTC in September is 17:30 in Oslo (summer time).
        let start = date(2026, 9, 1).and_hms_opt(15, 30, 0).unwrap().and_utc();
        let end = date(2026, 9, 1).and_hms_opt(17, 0, 0).unwrap().and_utc();
        assert_eq!(session(start, end), "tirsdag 1. september kl. 17:30–19:00");
        assert_eq!(date_time(start), "1. september 2026 kl. 17:30");
    }

    #[test]
    fn ages_and_amounts() {
        assert_eq!(ages(Some(8), Some(10)).as_deref(), Some("8–10 år"));
        assert_eq!(ages(Some(8), None).as_deref(), Some("fra 8 år"));
        assert_eq!(ages(None, Some(12)).as_deref(), Some("til og med 12 år"));
        assert_eq!(ages(None, None), None);
        assert_eq!(kroner(1250), "1\u{a0}250\u{a0}kr");
        assert_eq!(kroner(300), "300\u{a0}kr");
    }
}
