//! Dates, times, schedules and amounts in Norwegian words: "tirsdager 17:30–19:00,
//! 17. august–18. juni".

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Europe::Oslo;
use fritid_domain::schedule::ScheduleRule;

const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mandag",
        Weekday::Tue => "tirsdag",
        Weekday::Wed => "onsdag",
        Weekday::Thu => "torsdag",
        Weekday::Fri => "fredag",
        Weekday::Sat => "lørdag",
        Weekday::Sun => "søndag",
    }
}

/// "mandager", "tirsdager", …: what happens every such day.
fn weekday_plural(day: Weekday) -> String {
    format!("{}er", weekday(day))
}

/// "a", "a og b", "a, b og c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} og {last}", rest.join(", ")),
    }
}

/// "17. august".
pub fn day_month(date: NaiveDate) -> String {
    format!("{}. {}", date.day(), MONTHS[date.month0() as usize])
}

/// "17. august 2026".
pub fn full_date(date: NaiveDate) -> String {
    format!("{} {}", day_month(date), date.year())
}

/// "17:30–19:00".
pub fn time_span(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"))
}

/// A rule in words: "tirsdager og torsdager 17:30–19:00, 17. august–18. juni (ikke
/// 13. oktober)" or "lørdag 5. september 2026, 10:00–14:00".
pub fn rule(rule: &ScheduleRule) -> String {
    let (start_time, end_time) = rule.times();
    match rule {
        ScheduleRule::Weekly { weekdays, valid_from, valid_to, except_dates, .. } => {
            let days: Vec<String> = weekdays.iter().copied().map(weekday_plural).collect();
            let period = match valid_to {
                Some(to) => format!("{}–{}", day_month(*valid_from), day_month(*to)),
                None => format!("fra {}", full_date(*valid_from)),
            };
            let mut text =
                format!("{} {}, {period}", and_list(&days), time_span(start_time, end_time));
            if !except_dates.is_empty() {
                let dates: Vec<String> = except_dates.iter().copied().map(day_month).collect();
                text.push_str(&format!(" (ikke {})", and_list(&dates)));
            }
            text
        }
        ScheduleRule::Single { date, .. } => {
            format!(
                "{} {}, {}",
                weekday(date.weekday()),
                full_date(*date),
                time_span(start_time, end_time)
            )
        }
    }
}

/// One session in Oslo time: "tirsdag 1. september kl. 17:30–19:00".
pub fn session(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> String {
    let (start, end) = (starts_at.with_timezone(&Oslo), ends_at.with_timezone(&Oslo));
    format!(
        "{} {} kl. {}",
        weekday(start.weekday()),
        day_month(start.date_naive()),
        time_span(start.time(), end.time())
    )
}

/// An age range: "8–10 år", "fra 8 år", "til og med 12 år", or `None` for everyone.
pub fn ages(min: Option<i16>, max: Option<i16>) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("{a} år")),
        (Some(a), Some(b)) => Some(format!("{a}–{b} år")),
        (Some(a), None) => Some(format!("fra {a} år")),
        (None, Some(b)) => Some(format!("til og med {b} år")),
        (None, None) => None,
    }
}

/// Whole kroner with a thin group separator: "1 250 kr".
pub fn kroner(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    let sign = if amount < 0 { "−" } else { "" };
    format!("{sign}{out}\u{a0}kr")
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
