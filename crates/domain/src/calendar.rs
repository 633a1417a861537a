//! An activity's timetable as an RFC 5545 iCalendar document (`calendar.ics`), so that people
//! can subscribe to it in their calendar app.
//!
//! Why a small writer of our own instead of a crate: what we emit is a fixed handful of
//! properties, and the parts that are easy to get wrong are exactly the ones we need to
//! control. The best-known crate, `icalendar`, has no VTIMEZONE support (its own docs say
//! so), which we need because sessions are wall-clock times in Europe/Oslo (`DTSTART;TZID=`),
//! and it brings a parser we have no use for. The writer below does the three things RFC 5545
//! asks of a producer: TEXT escaping (§3.3.11), CRLF line ends and folding at 75 octets
//! without splitting a UTF-8 character (§3.1).
//!
//! One VEVENT per schedule rule: a weekly rule becomes a recurring event (RRULE, EXDATE), a
//! single date a plain event. Times are local with `TZID=Europe/Oslo`, so the calendar app
//! keeps "17:30" at 17:30 across the DST changes just as [`crate::schedule::expand`] does.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

use crate::schedule::{ScheduleRule, first_on_or_after, oslo_instant};

/// The product identifier of documents we write.
pub const PRODID: &str = "-//Fritid//Drammen kommune//NO";

/// Norway's time zone as RFC 5545 wants it spelled out: CET (+01:00) in winter, CEST (+02:00)
/// from the last Sunday of March 02:00 to the last Sunday of October 03:00 — the EU rule,
/// which Norway has followed since 1996.
const VTIMEZONE_OSLO: [&str; 18] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Oslo",
    "X-LIC-LOCATION:Europe/Oslo",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19960331T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// The calendar of one activity: one VEVENT per rule, with UIDs `<activity id>-<rule index>@fritid`
/// (stable as long as the rule keeps its place in the schedule). `updated_at` becomes every
/// event's DTSTAMP and LAST-MODIFIED, so the document is the same bytes for the same version
/// of the activity (good for ETags). Empty description or location are left out.
pub fn activity_calendar(
    activity_id: Uuid, title: &str, description: &str, location: &str, url: Option<&str>,
    updated_at: DateTime<Utc>, rules: &[ScheduleRule],
) -> String {
    let mut w = Writer::default();
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line(&format!("PRODID:{PRODID}"));
    w.line("CALSCALE:GREGORIAN");
    w.line(&format!("X-WR-CALNAME:{}", escape_text(title)));
    w.line("X-WR-TIMEZONE:Europe/Oslo");
    for line in VTIMEZONE_OSLO {
        w.line(line);
    }
    let stamp = utc_stamp(updated_at);
    for (index, rule) in rules.iter().enumerate() {
        let Some(timing) = event_timing(rule) else {
            continue;
        };
        w.line("BEGIN:VEVENT");
        w.line(&format!("UID:{activity_id}-{index}@fritid"));
        w.line(&format!("DTSTAMP:{stamp}"));
        w.line(&format!("LAST-MODIFIED:{stamp}"));
        w.line(&format!("DTSTART;TZID=Europe/Oslo:{}", timing.start));
        w.line(&format!("DTEND;TZID=Europe/Oslo:{}", timing.end));
        if let Some(rrule) = &timing.rrule {
            w.line(&format!("RRULE:{rrule}"));
        }
        if !timing.exdates.is_empty() {
            w.line(&format!("EXDATE;TZID=Europe/Oslo:{}", timing.exdates.join(",")));
        }
        w.line(&format!("SUMMARY:{}", escape_text(title)));
        if !description.trim().is_empty() {
            w.line(&format!("DESCRIPTION:{}", escape_text(description)));
        }
        if !location.trim().is_empty() {
            w.line(&format!("LOCATION:{}", escape_text(location)));
        }
        if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
            // A URI value, not TEXT: no escaping, but nothing that could end the line.
            let url: String = url.chars().filter(|c| !c.is_control()).collect();
            w.line(&format!("URL:{url}"));
        }
        w.line("END:VEVENT");
    }
    w.line("END:VCALENDAR");
    w.out
}

/// The date-time properties of one event, already formatted.
struct EventTiming {
    start: String,
    end: String,
    rrule: Option<String>,
    exdates: Vec<String>,
}

/// `None` for a weekly rule that never occurs (validation refuses those; skipping keeps a
/// bad stored rule from producing an event whose DTSTART lies after its UNTIL).
fn event_timing(rule: &ScheduleRule) -> Option<EventTiming> {
    let (start_time, end_time) = (rule.start_time(), rule.end_time());
    match rule {
        ScheduleRule::Single { date, .. } => Some(EventTiming {
            start: local_stamp(*date, start_time),
            end: local_stamp(*date, end_time),
            rrule: None,
            exdates: Vec::new(),
        }),
        ScheduleRule::Weekly { weekdays, valid_from, valid_to, except_dates, .. } => {
            // DTSTART must itself be an instance of the recurrence (RFC 5545 §3.8.5.3).
            let first = first_on_or_after(*valid_from, weekdays)?;
            let byday: Vec<&str> = weekdays.iter().map(|d| ical_weekday(*d)).collect();
            let mut rrule = format!("FREQ=WEEKLY;BYDAY={}", byday.join(","));
            if let Some(valid_to) = valid_to {
                let last = last_on_or_before(*valid_to, weekdays)?;
                if last < first {
                    return None;
                }
                // With a TZID on DTSTART, UNTIL must be in UTC (§3.3.10). The end of the last
                // session includes it (UNTIL is inclusive) and nothing after it.
                rrule.push_str(";UNTIL=");
                rrule.push_str(&utc_stamp(oslo_instant(last, end_time)));
            }
            // EXDATE values must match instance start times exactly; dates the rule would not
            // meet anyway are left out.
            let exdates = except_dates
                .iter()
                .filter(|d| weekdays.contains(&d.weekday()) && **d >= first)
                .map(|d| local_stamp(*d, start_time))
                .collect();
            Some(EventTiming {
                start: local_stamp(first, start_time),
                end: local_stamp(first, end_time),
                rrule: Some(rrule),
                exdates,
            })
        }
    }
}

fn last_on_or_before(to: NaiveDate, days: &[chrono::Weekday]) -> Option<NaiveDate> {
    (0..7u64)
        .filter_map(|n| to.checked_sub_days(Days::new(n)))
        .find(|d| days.contains(&d.weekday()))
}

fn ical_weekday(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    }
}

/// `YYYYMMDDTHHMMSS`, a local ("floating") form used with `TZID=`.
fn local_stamp(date: NaiveDate, time: NaiveTime) -> String {
    date.and_time(time).format("%Y%m%dT%H%M%S").to_string()
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc_stamp(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon and comma get a
/// backslash, every line break (CRLF, LF or CR) becomes `\n`. Other control characters
/// (except tab) are not allowed in TEXT and are dropped.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines are at most this many octets, not counting the CRLF (§3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Collects content lines, each folded and ended with CRLF.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// Appends one content line. A line longer than 75 octets is folded: CRLF and one space
    /// are inserted before the character that would overflow, so a multi-byte character
    /// (æ, ø, å are two octets) is never cut. The leading space counts towards the next
    /// line's 75 octets.
    fn line(&mut self, content: &str) {
        let mut used = 0;
        for c in content.chars() {
            let len = c.len_utf8();
            if used + len > MAX_LINE_OCTETS {
                self.out.push_str("\r\n ");
                used = 1;
            }
            self.out.push(c);
            used += len;
        }
        self.out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{d, t, utc};
    use chrono::Weekday;

    fn id() -> Uuid {
        Uuid::parse_str("0192f0c4-5b7a-7c3e-9a51-3d2f8e6b1a20").unwrap()
    }

    fn updated() -> DateTime<Utc> {
        utc("2026-08-01T10:15:30Z")
    }

    fn rules() -> Vec<ScheduleRule> {
        vec![
            ScheduleRule::Weekly {
                weekdays: vec![Weekday::Tue, Weekday::Thu],
                start_time: t("17:30"),
                end_time: t("19:00"),
                // A Monday: the first session is Tuesday 18 August.
                valid_from: d("2026-08-17"),
                // A Friday: the last session is Thursday 17 December.
                valid_to: Some(d("2026-12-18")),
                // Tuesday, Wednesday (not a session day), Thursday.
                except_dates: vec![d("2026-10-06"), d("2026-10-07"), d("2026-10-08")],
            },
            ScheduleRule::Single {
                date: d("2026-12-12"),
                start_time: t("12:00"),
                end_time: t("15:00"),
            },
            ScheduleRule::Weekly {
                weekdays: vec![Weekday::Sat],
                start_time: t("10:00"),
                end_time: t("11:30"),
                valid_from: d("2026-09-01"),
                valid_to: None,
                except_dates: Vec::new(),
            },
        ]
    }

    const DESCRIPTION: &str = "Åpen trening for barn og unge i Bragernes, Strømsø og Åssiden; \
        ta med innesko, drikkeflaske og godt humør.\r\nForeldre er velkomne.\nSpørsmål? \
        Ring Kåre Ødegård på 12 34 56 78 (backslash: \\).";

    fn calendar() -> String {
        activity_calendar(
            id(),
            "Fotball for alle, 8–12 år",
            DESCRIPTION,
            "Marienlyst stadion, Drammen",
            Some("https://example.no/fotball?a=1,2;b=3"),
            updated(),
            &rules(),
        )
    }

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The unfolded content lines of the VEVENT with the given UID suffix.
    fn event(ics: &str, index: usize) -> Vec<String> {
        let uid = format!("UID:{}-{index}@fritid", id());
        let unfolded = unfold(ics);
        let lines: Vec<&str> = unfolded.split("\r\n").collect();
        let at = lines.iter().position(|l| *l == uid).unwrap();
        let begin = lines[..at].iter().rposition(|l| *l == "BEGIN:VEVENT").unwrap();
        let end = at + lines[at..].iter().position(|l| *l == "END:VEVENT").unwrap();
        lines[begin..=end].iter().map(|l| (*l).to_owned()).collect()
    }

    fn property<'a>(lines: &'a [String], name: &str) -> Option<&'a str> {
        lines.iter().find_map(|l| {
            l.strip_prefix(name).filter(|rest| rest.starts_with(':') || rest.starts_with(';'))
        })
    }

    /// Properties of an event by name: what follows the name, `None` when absent.
    type Properties<'a> = &'a [(&'a str, Option<&'a str>)];

    /// Checks properties of an event (what follows the name; `None`: absent), naming the case
    /// and the property that differs.
    fn assert_properties(case: &str, event: &[String], expected: Properties) {
        for (name, value) in expected {
            assert_eq!(property(event, name), *value, "{case}: {name}");
        }
    }

    #[test]
    fn every_line_ends_with_crlf() {
        let ics = calendar();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert_eq!(bytes[i - 1], b'\r', "bare LF at {i}");
            }
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
    }

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let ics = calendar();
        let mut folded = 0;
        for line in ics.as_bytes().split(|b| *b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(line.len() <= 75, "{} octets", line.len());
            // Each physical line is valid UTF-8 on its own: no character was cut.
            std::str::from_utf8(line).unwrap();
            if line.first() == Some(&b' ') {
                folded += 1;
            }
        }
        assert!(folded > 0, "the long description must have been folded");
    }

    #[test]
    fn folding_all_two_octet_characters() {
        // 100 × "æ" after an 8-octet name: every fold point falls next to a 2-octet char.
        let mut w = Writer::default();
        let content = format!("SUMMARY:{}", "æ".repeat(100));
        w.line(&content);
        let physical: Vec<&str> = w.out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(physical[0].len(), 74); // 8 + 33 × 2; one more would be 76.
        assert!(physical.iter().all(|l| l.len() <= 75));
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&w.out), format!("{content}\r\n"));
        // A line of exactly 75 octets is not folded.
        let mut w = Writer::default();
        w.line(&"x".repeat(75));
        assert_eq!(w.out, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn text_is_escaped_and_survives_a_round_trip() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf\rg\th\u{0}i"), "a\\\\b\\;c\\,d\\ne\\nf\\ng\thi");
        let ics = calendar();
        let event = event(&ics, 0);
        let description = property(&event, "DESCRIPTION").unwrap();
        let value = description.strip_prefix(':').unwrap();
        assert_eq!(unescape(value), DESCRIPTION.replace("\r\n", "\n"));
        assert_properties(
            "escaped text",
            &event,
            &[
                ("SUMMARY", Some(":Fotball for alle\\, 8–12 år")),
                ("LOCATION", Some(":Marienlyst stadion\\, Drammen")),
                ("URL", Some(":https://example.no/fotball?a=1,2;b=3")),
            ],
        );
    }

    #[test]
    fn calendar_header_and_time_zone() {
        let ics = unfold(&calendar());
        for line in ["VERSION:2.0", "PRODID:-//Fritid//Drammen kommune//NO", "CALSCALE:GREGORIAN"] {
            assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line}");
        }
        let vtimezone = VTIMEZONE_OSLO.join("\r\n");
        assert!(ics.contains(&vtimezone));
        // The time zone comes before the events that use it.
        assert!(ics.find("BEGIN:VTIMEZONE") < ics.find("BEGIN:VEVENT"));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
        assert_eq!(ics.matches("END:VEVENT").count(), 3);
    }

    /// The timing of each rule's event: (case, rule index, properties).
    #[test]
    fn each_rule_has_its_timing() {
        let ics = calendar();
        let cases: [(&str, usize, Properties); 3] = [
            (
                "a weekly rule has RRULE with UNTIL, and EXDATE",
                0,
                &[
                    ("DTSTAMP", Some(":20260801T101530Z")),
                    ("DTSTART", Some(";TZID=Europe/Oslo:20260818T173000")),
                    ("DTEND", Some(";TZID=Europe/Oslo:20260818T190000")),
                    // 17 December 2026 19:00 in Oslo (winter time) is 18:00 UTC.
                    ("RRULE", Some(":FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261217T180000Z")),
                    ("EXDATE", Some(";TZID=Europe/Oslo:20261006T173000,20261008T173000")),
                ],
            ),
            (
                "an open-ended weekly rule has no UNTIL",
                2,
                &[
                    // 1 September 2026 is a Tuesday; the first Saturday is the 5th.
                    ("DTSTART", Some(";TZID=Europe/Oslo:20260905T100000")),
                    ("RRULE", Some(":FREQ=WEEKLY;BYDAY=SA")),
                    ("EXDATE", None),
                ],
            ),
            (
                "a single rule has no RRULE",
                1,
                &[
                    ("DTSTART", Some(";TZID=Europe/Oslo:20261212T120000")),
                    ("DTEND", Some(";TZID=Europe/Oslo:20261212T150000")),
                    ("RRULE", None),
                    ("EXDATE", None),
                ],
            ),
        ];
        for (case, index, expected) in cases {
            assert_properties(case, &event(&ics, index), expected);
        }
    }

    /// The calendar of one rule, Mondays 17:30–19:00 from `from` to `to`, and nothing more.
    fn mondays(from: &str, to: &str) -> String {
        let rule = ScheduleRule::Weekly {
            weekdays: vec![Weekday::Mon],
            start_time: t("17:30"),
            end_time: t("19:00"),
            valid_from: d(from),
            valid_to: Some(d(to)),
            except_dates: Vec::new(),
        };
        activity_calendar(id(), "x", "", "", None, updated(), &[rule])
    }

    #[test]
    fn until_uses_summer_time_when_the_last_session_is_in_summer() {
        // 30 June is a Tuesday; the last Monday is 29 June.
        let ics = mondays("2026-04-01", "2026-06-30");
        assert_properties(
            "summer UNTIL",
            &event(&ics, 0),
            &[
                ("RRULE", Some(":FREQ=WEEKLY;BYDAY=MO;UNTIL=20260629T170000Z")),
                // Empty description, location and no URL: the properties are left out.
                ("DESCRIPTION", None),
                ("LOCATION", None),
                ("URL", None),
            ],
        );
    }

    #[test]
    fn a_weekly_rule_that_never_occurs_is_skipped() {
        // From a Friday to the Saturday after.
        let ics = mondays("2026-05-01", "2026-05-02");
        assert!(!ics.contains("BEGIN:VEVENT"));
        assert!(ics.contains("BEGIN:VTIMEZONE"));
    }
}
