//! When an activity happens: schedule rules as organisers enter them, and their expansion
//! into dated sessions.
//!
//! Every time of day here is wall-clock time in Europe/Oslo, because that is what an
//! organiser means by "Tuesdays at 17:30": the session is at 17:30 on the clock on the wall
//! both in winter (UTC+1) and in summer (UTC+2). Instants (`DateTime<Utc>`) only appear when
//! a rule is expanded into [`Occurrence`]s.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};
use chrono_tz::Europe::Oslo;

use crate::{FieldError, ValidationErrors};

/// At most this many rules per activity. Enough for any real timetable (one rule per group
/// and weekday pattern), and it bounds the work of expanding a search result.
pub const MAX_RULES: usize = 20;

/// At most this many `except_dates` per rule: a year of daily exceptions.
pub const MAX_EXCEPT_DATES: usize = 366;

/// The longest window `expand` is meant to be asked for (`to - from`), per the API contract.
/// The HTTP layer enforces it with [`check_window`]; `expand` itself does not truncate.
pub const MAX_WINDOW_DAYS: i64 = 93;

/// Dates are accepted in these years only. chrono-tz's compiled time-zone table has Oslo's
/// transitions up to 2099 (after that it would silently stay on winter time), and nothing in
/// a leisure registry lies before 2000.
const FIRST_YEAR: i32 = 2000;
const LAST_YEAR: i32 = 2099;

/// One line of an activity's timetable.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScheduleRule {
    /// Every listed weekday from `valid_from` (until `valid_to`, if set), except the listed
    /// dates. `weekdays` is non-empty, distinct and Monday-first; `except_dates` is distinct,
    /// sorted and inside the validity period.
    Weekly {
        weekdays: Vec<Weekday>,
        start_time: NaiveTime,
        end_time: NaiveTime,
        valid_from: NaiveDate,
        valid_to: Option<NaiveDate>,
        except_dates: Vec<NaiveDate>,
    },
    /// One session on one date.
    Single { date: NaiveDate, start_time: NaiveTime, end_time: NaiveTime },
}

/// A rule as a request body or a form gives it: every value still a string, so that each bad
/// field can be reported with its own path instead of failing the whole body on the first
/// one. The store keeps schedules in this shape (JSON), so reading one back goes through the
/// same validation. In the API: a weekly rule (`weekdays`, `valid_from`, optional `valid_to`
/// and `except_dates`) or a single date (`date`). Times are local (Europe/Oslo) `HH:MM`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ScheduleRuleDto,
    description = "A schedule rule: weekly (`weekdays`, `valid_from`, optional `valid_to` and\n`except_dates`) or a single date (`date`). Times are local (Europe/Oslo) `HH:MM`."))]
pub struct ScheduleRuleInput {
    /// `mon` … `sun` (weekly rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = json!(["tue"])))]
    pub weekdays: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "17:30"))]
    pub start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "19:00"))]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2026-08-18"))]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2027-06-15"))]
    pub valid_to: Option<String>,
    /// Dates without a session (holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except_dates: Option<Vec<String>>,
    /// The date of a single session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The API's name for a weekday: `mon` … `sun`.
pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The inverse of [`weekday_code`]. Exact lowercase codes only, so that a value stored or
/// echoed back is always spelled the one way.
pub fn parse_weekday(value: &str) -> Option<Weekday> {
    WEEKDAYS.into_iter().find(|d| weekday_code(*d) == value)
}

/// A time of day as `HH:MM`, 24-hour, two digits each. Seconds are refused rather than
/// dropped: the API speaks in minutes, and silently cutting `17:30:45` would change a value.
pub fn parse_time(field: &str, value: &str) -> Result<NaiveTime, FieldError> {
    let bad = || FieldError::new(field, "must be a time of day as HH:MM (24-hour clock)");
    let b = value.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return Err(bad());
    }
    let hour = two_digits(b[0], b[1]).ok_or_else(bad)?;
    let minute = two_digits(b[3], b[4]).ok_or_else(bad)?;
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(bad)
}

/// A calendar date as `YYYY-MM-DD`, in the years 2000–2099.
pub fn parse_date(field: &str, value: &str) -> Result<NaiveDate, FieldError> {
    let bad = || FieldError::new(field, "must be a date as YYYY-MM-DD");
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let year = two_digits(b[0], b[1])
        .zip(two_digits(b[2], b[3]))
        .map(|(hi, lo)| hi * 100 + lo)
        .ok_or_else(bad)?;
    let month = two_digits(b[5], b[6]).ok_or_else(bad)?;
    let day = two_digits(b[8], b[9]).ok_or_else(bad)?;
    let year = i32::try_from(year).map_err(|_| bad())?;
    let date = NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| FieldError::new(field, "is not a date in the calendar"))?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(FieldError::new(
            field,
            format!("must be between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31"),
        ));
    }
    Ok(date)
}

fn two_digits(hi: u8, lo: u8) -> Option<u32> {
    (hi.is_ascii_digit() && lo.is_ascii_digit())
        .then(|| u32::from(hi - b'0') * 10 + u32::from(lo - b'0'))
}

fn format_time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

pub(crate) fn format_date(d: NaiveDate) -> String {
    // What `%Y-%m-%d` writes, without parsing the format for every date of a result page.
    match d.year() {
        0..=9999 => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// Validates a whole schedule. Every bad field is reported, with paths like
/// `schedule[1].start_time`, `schedule[0].weekdays[2]` and `schedule[0].except_dates[3]`.
/// An empty schedule is valid (a draft may not have one yet).
pub fn parse_schedule(inputs: &[ScheduleRuleInput]) -> Result<Vec<ScheduleRule>, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if inputs.len() > MAX_RULES {
        errors.push("schedule", format!("must have at most {MAX_RULES} rules"));
        return Err(errors);
    }
    let rules: Vec<Option<ScheduleRule>> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| parse_rule(&format!("schedule[{i}]"), input, &mut errors))
        .collect();
    errors.finish()?;
    // No error was recorded, so every rule parsed.
    Ok(rules.into_iter().flatten().collect())
}

#[expect(
    clippy::too_many_lines,
    reason = "one rule's fields are checked in one pass so that all errors are reported together"
)]
fn parse_rule(
    prefix: &str, input: &ScheduleRuleInput, errors: &mut ValidationErrors,
) -> Option<ScheduleRule> {
    let field = |name: &str| format!("{prefix}.{name}");
    let required_time =
        |name: &str, value: &Option<String>, errors: &mut ValidationErrors| match value {
            Some(v) => errors.check(parse_time(&field(name), v)),
            None => {
                errors.push(field(name), "is required");
                None
            }
        };
    let start_time = required_time("start_time", &input.start_time, errors);
    let end_time = required_time("end_time", &input.end_time, errors);
    if let (Some(start), Some(end)) = (start_time, end_time)
        && start >= end
    {
        errors.push(
            field("end_time"),
            "must be after start_time; a session cannot run past midnight (split it into two rules)",
        );
    }

    if let Some(date) = &input.date {
        // A single session. Empty lists are tolerated (a form may send every field), values
        // are not: a date together with weekly fields is ambiguous, so it is refused.
        let weekly_only = [
            ("weekdays", input.weekdays.as_ref().is_some_and(|w| !w.is_empty())),
            ("valid_from", input.valid_from.is_some()),
            ("valid_to", input.valid_to.is_some()),
            ("except_dates", input.except_dates.as_ref().is_some_and(|d| !d.is_empty())),
        ];
        for (name, present) in weekly_only {
            if present {
                errors.push(
                    field(name),
                    "must not be given together with date: a rule is either weekly or a single date",
                );
            }
        }
        let date = errors.check(parse_date(&field("date"), date));
        return Some(ScheduleRule::Single {
            date: date?,
            start_time: start_time?,
            end_time: end_time?,
        });
    }

    let weekdays = match &input.weekdays {
        None => {
            errors.push(
                field("weekdays"),
                "is required for a weekly rule (give date instead for a single session)",
            );
            None
        }
        Some(codes) if codes.is_empty() => {
            errors.push(field("weekdays"), "must list at least one weekday");
            None
        }
        Some(codes) => {
            let mut seen = [false; 7];
            let mut ok = true;
            for (j, code) in codes.iter().enumerate() {
                match parse_weekday(code) {
                    Some(day) => seen[day.num_days_from_monday() as usize] = true,
                    None => {
                        ok = false;
                        errors.push(
                            format!("{prefix}.weekdays[{j}]"),
                            "must be one of: mon, tue, wed, thu, fri, sat, sun",
                        );
                    }
                }
            }
            ok.then(|| {
                WEEKDAYS
                    .into_iter()
                    .filter(|d| seen[d.num_days_from_monday() as usize])
                    .collect::<Vec<_>>()
            })
        }
    };

    let valid_from = match &input.valid_from {
        Some(v) => errors.check(parse_date(&field("valid_from"), v)),
        None => {
            errors.push(field("valid_from"), "is required for a weekly rule");
            None
        }
    };
    let valid_to = match &input.valid_to {
        Some(v) => errors.check(parse_date(&field("valid_to"), v)).map(Some),
        None => Some(None),
    };
    if let (Some(from), Some(Some(to))) = (valid_from, valid_to)
        && to < from
    {
        errors.push(field("valid_to"), "must be on or after valid_from");
    }

    // A rule whose weekdays never fall inside its validity period has no sessions at all; it
    // is certainly a mistake, and it could not be written as an iCalendar event either.
    if let (Some(days), Some(from), Some(Some(to))) = (&weekdays, valid_from, valid_to)
        && to >= from
        && first_on_or_after(from, days).is_none_or(|first| first > to)
    {
        errors.push(
            field("weekdays"),
            "none of these weekdays falls between valid_from and valid_to",
        );
    }

    let except_dates = match &input.except_dates {
        None => Some(Vec::new()),
        Some(values) if values.len() > MAX_EXCEPT_DATES => {
            errors
                .push(field("except_dates"), format!("must list at most {MAX_EXCEPT_DATES} dates"));
            None
        }
        Some(values) => {
            let mut dates = Vec::with_capacity(values.len());
            let mut ok = true;
            for (j, value) in values.iter().enumerate() {
                let name = format!("{prefix}.except_dates[{j}]");
                match parse_date(&name, value) {
                    Ok(date) => {
                        if valid_from.is_some_and(|from| date < from) {
                            ok = false;
                            errors.push(name, "must not be before valid_from");
                        } else if valid_to.flatten().is_some_and(|to| date > to) {
                            ok = false;
                            errors.push(name, "must not be after valid_to");
                        } else {
                            dates.push(date);
                        }
                    }
                    Err(e) => {
                        ok = false;
                        errors.0.push(e);
                    }
                }
            }
            dates.sort_unstable();
            dates.dedup();
            ok.then_some(dates)
        }
    };

    Some(ScheduleRule::Weekly {
        weekdays: weekdays?,
        start_time: start_time?,
        end_time: end_time?,
        valid_from: valid_from?,
        valid_to: valid_to?,
        except_dates: except_dates?,
    })
}

/// The first date on or after `from` that falls on one of `days` (None only when `days` is
/// empty).
pub(crate) fn first_on_or_after(from: NaiveDate, days: &[Weekday]) -> Option<NaiveDate> {
    (0..7u64)
        .filter_map(|n| from.checked_add_days(Days::new(n)))
        .find(|d| days.contains(&d.weekday()))
}

impl ScheduleRule {
    /// When a session of the rule starts and ends, local (Europe/Oslo) time.
    pub fn times(&self) -> (NaiveTime, NaiveTime) {
        match self {
            ScheduleRule::Weekly { start_time, end_time, .. }
            | ScheduleRule::Single { start_time, end_time, .. } => (*start_time, *end_time),
        }
    }

    /// The same rule a year later, for copying an activity to its next season: the dates
    /// move to the same calendar day a year on (29 February to the 28th); the weekdays and
    /// times stay. Holidays fall on other dates next year, so the exceptions are left out
    /// for the organisation to enter anew.
    pub fn next_season(&self) -> ScheduleRule {
        let later = |d: NaiveDate| d.checked_add_months(chrono::Months::new(12)).unwrap_or(d);
        match self {
            ScheduleRule::Weekly {
                weekdays, start_time, end_time, valid_from, valid_to, ..
            } => ScheduleRule::Weekly {
                weekdays: weekdays.clone(),
                start_time: *start_time,
                end_time: *end_time,
                valid_from: later(*valid_from),
                valid_to: valid_to.map(later),
                except_dates: Vec::new(),
            },
            ScheduleRule::Single { date, start_time, end_time } => ScheduleRule::Single {
                date: later(*date),
                start_time: *start_time,
                end_time: *end_time,
            },
        }
    }

    /// The rule back in input form, so that a PATCH can merge changes into the stored
    /// schedule and validate the result through [`parse_schedule`] again.
    pub fn to_input(&self) -> ScheduleRuleInput {
        match self {
            ScheduleRule::Weekly {
                weekdays,
                start_time,
                end_time,
                valid_from,
                valid_to,
                except_dates,
            } => ScheduleRuleInput {
                weekdays: Some(weekdays.iter().map(|d| weekday_code(*d).to_owned()).collect()),
                start_time: Some(format_time(*start_time)),
                end_time: Some(format_time(*end_time)),
                valid_from: Some(format_date(*valid_from)),
                valid_to: valid_to.map(format_date),
                except_dates: Some(except_dates.iter().copied().map(format_date).collect()),
                date: None,
            },
            ScheduleRule::Single { date, start_time, end_time } => ScheduleRuleInput {
                start_time: Some(format_time(*start_time)),
                end_time: Some(format_time(*end_time)),
                date: Some(format_date(*date)),
                ..ScheduleRuleInput::default()
            },
        }
    }

    pub fn start_time(&self) -> NaiveTime {
        match self {
            ScheduleRule::Weekly { start_time, .. } | ScheduleRule::Single { start_time, .. } => {
                *start_time
            }
        }
    }

    pub fn end_time(&self) -> NaiveTime {
        match self {
            ScheduleRule::Weekly { end_time, .. } | ScheduleRule::Single { end_time, .. } => {
                *end_time
            }
        }
    }

    /// Whether the rule has a session on `date` (local calendar date in Oslo).
    pub fn occurs_on(&self, date: NaiveDate) -> bool {
        let (from, to) = self.validity();
        if date < from || to.is_some_and(|to| date > to) {
            return false;
        }
        match self {
            ScheduleRule::Weekly { weekdays, except_dates, .. } => {
                weekdays.contains(&date.weekday()) && except_dates.binary_search(&date).is_err()
            }
            ScheduleRule::Single { .. } => true,
        }
    }

    /// The dates this rule can occur on, as an inclusive range; `None` for no upper bound.
    fn validity(&self) -> (NaiveDate, Option<NaiveDate>) {
        match self {
            ScheduleRule::Weekly { valid_from, valid_to, .. } => (*valid_from, *valid_to),
            ScheduleRule::Single { date, .. } => (*date, Some(*date)),
        }
    }
}

/// One dated session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// The instant at which the Oslo wall clock shows `time` on `date`.
///
/// Two days a year the answer is not simply "the one instant":
/// - In the spring gap (02:00–03:00 on the last Sunday of March does not exist) the time moves
///   forward by the length of the gap: 02:30 becomes 03:30 summer time. This is RFC 5545's
///   rule for non-existent local times, so our occurrences agree with calendar apps reading
///   our `.ics`.
/// - In the autumn overlap (02:00–03:00 on the last Sunday of October happens twice) the
///   first, summer-time instant is taken — again as RFC 5545 says.
pub fn oslo_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match Oslo.from_local_datetime(&local) {
        chrono::LocalResult::Single(dt) => dt.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        chrono::LocalResult::None => {
            // Read the wall-clock time with the offset in force before the gap. Oslo's
            // transitions are months apart, so a day earlier is safely before this one.
            let before = local - chrono::Duration::days(1);
            let offset = Oslo.offset_from_utc_datetime(&before);
            let offset = chrono::Offset::fix(&offset);
            (local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()))).and_utc()
        }
    }
}

/// The local calendar date in Oslo of an instant.
pub fn oslo_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Oslo).date_naive()
}

/// Checks an occurrence window from a query: `from` before `to`, at most
/// [`MAX_WINDOW_DAYS`] apart. The error names the field `to`.
pub fn check_window(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<(), FieldError> {
    if to <= from {
        return Err(FieldError::new("to", "must be after from"));
    }
    if to - from > chrono::Duration::days(MAX_WINDOW_DAYS) {
        return Err(FieldError::new(
            "to",
            format!("must be at most {MAX_WINDOW_DAYS} days after from"),
        ));
    }
    Ok(())
}

/// The sessions of `rules` that start in the half-open window `[from, to)`, ordered by
/// start (then end).
///
/// Selecting by start, with `to` excluded, means consecutive windows (`[a, b)`, `[b, c)`)
/// return every session exactly once; a session that began before `from` and is still
/// running is not included. Identical sessions produced by two rules are returned once.
/// The work is one step per day of the window that lies inside a rule's validity, so the
/// caller bounds it by bounding the window (see [`check_window`]). A session whose start
/// falls in the spring gap and whose end does not can come out with `ends_at == starts_at`
/// (02:30–03:15 on that night: 02:30 moves to 03:30); it never ends before it starts.
pub fn expand(rules: &[ScheduleRule], from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let mut out = Vec::new();
    if to <= from {
        return out;
    }
    // A session that starts at an instant in the window starts on a local date between
    // these two: Oslo's clock changes never cross midnight, so a start time on date `d`
    // (even one moved forward out of the gap) is an instant whose local date is `d`.
    let first_day = oslo_date(from);
    let last_day = oslo_date(to);
    for rule in rules {
        let (valid_from, valid_to) = rule.validity();
        let start = first_day.max(valid_from);
        let end = valid_to.map_or(last_day, |v| v.min(last_day));
        let mut day = start;
        while day <= end {
            if rule.occurs_on(day) {
                let starts_at = oslo_instant(day, rule.start_time());
                let ends_at = oslo_instant(day, rule.end_time()).max(starts_at);
                if starts_at >= from && starts_at < to {
                    out.push(Occurrence { starts_at, ends_at });
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One weekly time window of a schedule: weekday, start and end as minutes after local
/// midnight, and the last date it applies (`None`: open-ended).
pub type Slot = (Weekday, u16, u16, Option<NaiveDate>);

/// The distinct weekday/time windows of a schedule, for indexing the `weekday`, `time_from`
/// and `time_to` search filters. A single session contributes its date's weekday, valid to
/// that date. When several rules give the same weekday and times, one slot remains, valid to
/// the latest of their end dates (open-ended if any is). Ordered Monday-first, then by time.
/// A weekly rule shorter than a week contributes only the weekdays it actually reaches.
pub fn slots(rules: &[ScheduleRule]) -> Vec<Slot> {
    let minutes = |t: NaiveTime| -> u16 {
        // At most 23 * 60 + 59, which fits.
        u16::try_from(t.num_seconds_from_midnight() / 60).unwrap_or(u16::MAX)
    };
    let mut all: Vec<Slot> = Vec::new();
    for rule in rules {
        let (start, end) = (minutes(rule.start_time()), minutes(rule.end_time()));
        match rule {
            ScheduleRule::Weekly { weekdays, valid_from, valid_to, .. } => {
                for day in weekdays {
                    let reached = first_on_or_after(*valid_from, &[*day])
                        .is_some_and(|first| valid_to.is_none_or(|to| first <= to));
                    if reached {
                        all.push((*day, start, end, *valid_to));
                    }
                }
            }
            ScheduleRule::Single { date, .. } => {
                all.push((date.weekday(), start, end, Some(*date)));
            }
        }
    }
    // Sort so that equal windows are adjacent, the open-ended or latest one first.
    all.sort_by_key(|&(day, start, end, valid_to)| {
        (day.num_days_from_monday(), start, end, valid_to.is_some(), std::cmp::Reverse(valid_to))
    });
    all.dedup_by(|later, kept| (later.0, later.1, later.2) == (kept.0, kept.1, kept.2));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{d, t, utc};

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|s| (*s).to_owned()).collect()
    }

    fn weekly_input(days: &[&str], start: &str, end: &str, from: &str) -> ScheduleRuleInput {
        ScheduleRuleInput {
            weekdays: Some(strings(days)),
            start_time: Some(start.to_owned()),
            end_time: Some(end.to_owned()),
            valid_from: Some(from.to_owned()),
            ..ScheduleRuleInput::default()
        }
    }

    fn single_input(date: &str, start: &str, end: &str) -> ScheduleRuleInput {
        ScheduleRuleInput {
            date: Some(date.to_owned()),
            start_time: Some(start.to_owned()),
            end_time: Some(end.to_owned()),
            ..ScheduleRuleInput::default()
        }
    }

    fn weekly(
        days: &[Weekday], start: &str, end: &str, from: &str, to: Option<&str>,
    ) -> ScheduleRule {
        ScheduleRule::Weekly {
            weekdays: days.to_vec(),
            start_time: t(start),
            end_time: t(end),
            valid_from: d(from),
            valid_to: to.map(d),
            except_dates: Vec::new(),
        }
    }

    fn single(date: &str, start: &str, end: &str) -> ScheduleRule {
        ScheduleRule::Single { date: d(date), start_time: t(start), end_time: t(end) }
    }

    fn starts(occurrences: &[Occurrence]) -> Vec<DateTime<Utc>> {
        occurrences.iter().map(|o| o.starts_at).collect()
    }

    // ---- parsing -------------------------------------------------------------------------

    #[test]
    fn weekdays_round_trip() {
        for day in WEEKDAYS {
            assert_eq!(parse_weekday(weekday_code(day)), Some(day));
        }
        assert_eq!(parse_weekday("Mon"), None);
        assert_eq!(parse_weekday("monday"), None);
        assert_eq!(parse_weekday(""), None);
    }

    /// Checks a parser of one field: each of `good` gives the value `expected` reads it as,
    /// each of `bad` is an error naming the field.
    fn assert_parses<T: PartialEq + std::fmt::Debug>(
        parse: fn(&str, &str) -> Result<T, FieldError>, expected: fn(&str) -> T, good: &[&str],
        bad: &[&str],
    ) {
        for value in good {
            assert_eq!(parse("x", value), Ok(expected(value)), "{value:?}");
        }
        for value in bad {
            let err = parse("x", value).unwrap_err();
            assert_eq!(err.field, "x", "{value:?}");
        }
    }

    #[test]
    fn times_are_hh_mm_only() {
        let bad = [
            "7:30",
            "17:3",
            "17:30:00",
            "24:00",
            "12:60",
            "1730",
            "17.30",
            " 17:30",
            "",
            "١٧:٣٠",
            "+1:30",
        ];
        assert_parses(parse_time, t, &["17:30", "00:00", "23:59"], &bad);
    }

    #[test]
    fn dates_are_iso_and_real() {
        let bad = ["2026-2-28", "26-02-28", "2026/02/28", "2026-02-28T00:00", "", "2026-13-01"];
        assert_parses(parse_date, d, &["2026-02-28", "2028-02-29"], &bad);
        assert_eq!(
            parse_date("x", "2026-02-29").unwrap_err().message,
            "is not a date in the calendar"
        );
        assert!(parse_date("x", "1999-12-31").unwrap_err().message.contains("2000"));
        assert!(parse_date("x", "2100-01-01").is_err());
    }

    #[test]
    fn a_good_weekly_rule_is_normalised() {
        let mut input = weekly_input(&["thu", "tue", "thu"], "17:30", "19:00", "2026-08-17");
        input.valid_to = Some("2026-12-18".to_owned());
        input.except_dates = Some(strings(&["2026-10-08", "2026-10-06", "2026-10-08"]));
        let rules = parse_schedule(&[input]).unwrap();
        assert_eq!(
            rules,
            [ScheduleRule::Weekly {
                weekdays: vec![Weekday::Tue, Weekday::Thu],
                start_time: t("17:30"),
                end_time: t("19:00"),
                valid_from: d("2026-08-17"),
                valid_to: Some(d("2026-12-18")),
                except_dates: vec![d("2026-10-06"), d("2026-10-08")],
            }]
        );
    }

    #[test]
    fn a_good_single_rule_parses_and_empty_weekly_lists_are_tolerated() {
        let mut input = single_input("2026-12-12", "12:00", "15:00");
        input.weekdays = Some(Vec::new());
        input.except_dates = Some(Vec::new());
        assert_eq!(parse_schedule(&[input]).unwrap(), [single("2026-12-12", "12:00", "15:00")]);
        assert_eq!(parse_schedule(&[]).unwrap(), []);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let rules = [
            ScheduleRuleInput {
                weekdays: Some(strings(&["mon", "funday", "Tue"])),
                start_time: Some("17:30:00".to_owned()),
                end_time: Some("25:00".to_owned()),
                valid_from: Some("2026-02-30".to_owned()),
                valid_to: Some("soon".to_owned()),
                except_dates: Some(strings(&["2026-01-01", "x"])),
                date: None,
            },
            weekly_input(&["mon"], "19:00", "17:00", "2026-09-01"),
            ScheduleRuleInput {
                date: Some("2026-13-01".to_owned()),
                weekdays: Some(strings(&["mon"])),
                valid_from: Some("2026-01-01".to_owned()),
                valid_to: Some("2026-02-01".to_owned()),
                except_dates: Some(strings(&["2026-01-05"])),
                ..ScheduleRuleInput::default()
            },
            ScheduleRuleInput::default(),
        ];
        let err = parse_schedule(&rules).unwrap_err();
        assert_eq!(
            err.fields(),
            [
                "schedule[0].start_time",
                "schedule[0].end_time",
                "schedule[0].weekdays[1]",
                "schedule[0].weekdays[2]",
                "schedule[0].valid_from",
                "schedule[0].valid_to",
                "schedule[0].except_dates[1]",
                "schedule[1].end_time",
                "schedule[2].start_time",
                "schedule[2].end_time",
                "schedule[2].weekdays",
                "schedule[2].valid_from",
                "schedule[2].valid_to",
                "schedule[2].except_dates",
                "schedule[2].date",
                "schedule[3].start_time",
                "schedule[3].end_time",
                "schedule[3].weekdays",
                "schedule[3].valid_from",
            ]
        );
        let midnight = &err.0[7];
        assert!(midnight.message.contains("midnight"), "{}", midnight.message);
    }

    #[test]
    fn start_must_be_before_end() {
        let err = parse_schedule(&[single_input("2026-05-01", "18:00", "18:00")]).unwrap_err();
        assert_eq!(err.fields(), ["schedule[0].end_time"]);
        let err =
            parse_schedule(&[weekly_input(&["fri"], "22:00", "01:00", "2026-05-01")]).unwrap_err();
        assert!(err.0[0].message.contains("past midnight"));
    }

    #[test]
    fn weekdays_are_required_and_non_empty() {
        let mut input = weekly_input(&[], "10:00", "11:00", "2026-05-01");
        let err = parse_schedule(std::slice::from_ref(&input)).unwrap_err();
        assert_eq!(err.0[0].field, "schedule[0].weekdays");
        assert_eq!(err.0[0].message, "must list at least one weekday");
        input.weekdays = None;
        let err = parse_schedule(&[input]).unwrap_err();
        assert!(err.0[0].message.contains("required"));
    }

    #[test]
    fn validity_period_is_checked() {
        let mut input = weekly_input(&["mon"], "10:00", "11:00", "2026-05-01");
        input.valid_to = Some("2026-04-30".to_owned());
        let err = parse_schedule(&[input]).unwrap_err();
        assert_eq!(err.fields(), ["schedule[0].valid_to"]);

        // One day, a Friday: a Monday rule never happens.
        let mut input = weekly_input(&["mon"], "10:00", "11:00", "2026-05-01");
        input.valid_to = Some("2026-05-01".to_owned());
        let err = parse_schedule(std::slice::from_ref(&input)).unwrap_err();
        assert_eq!(err.fields(), ["schedule[0].weekdays"]);
        input.weekdays = Some(strings(&["mon", "fri"]));
        assert!(parse_schedule(&[input]).is_ok());
    }

    #[test]
    fn except_dates_must_lie_in_the_validity_period() {
        let mut input = weekly_input(&["mon"], "10:00", "11:00", "2026-05-01");
        input.valid_to = Some("2026-06-30".to_owned());
        input.except_dates =
            Some(strings(&["2026-04-30", "2026-05-01", "2026-06-30", "2026-07-01", "2026-6-1"]));
        let err = parse_schedule(std::slice::from_ref(&input)).unwrap_err();
        assert_eq!(
            err.fields(),
            [
                "schedule[0].except_dates[0]",
                "schedule[0].except_dates[3]",
                "schedule[0].except_dates[4]"
            ]
        );
        assert_eq!(err.0[0].message, "must not be before valid_from");
        assert_eq!(err.0[1].message, "must not be after valid_to");

        // Open-ended: only the lower bound applies.
        input.valid_to = None;
        input.except_dates = Some(strings(&["2030-01-07"]));
        assert!(parse_schedule(&[input]).is_ok());
    }

    #[test]
    fn limits_on_rules_and_exceptions() {
        let rule = weekly_input(&["mon"], "10:00", "11:00", "2026-01-01");
        assert!(parse_schedule(&vec![rule.clone(); MAX_RULES]).is_ok());
        let err = parse_schedule(&vec![rule.clone(); MAX_RULES + 1]).unwrap_err();
        assert_eq!(err.fields(), ["schedule"]);

        let all_days: Vec<String> =
            d("2026-01-01").iter_days().take(MAX_EXCEPT_DATES + 1).map(format_date).collect();
        let mut input = rule;
        input.except_dates = Some(all_days[..MAX_EXCEPT_DATES].to_vec());
        assert!(parse_schedule(std::slice::from_ref(&input)).is_ok());
        input.except_dates = Some(all_days);
        let err = parse_schedule(&[input]).unwrap_err();
        assert_eq!(err.fields(), ["schedule[0].except_dates"]);
    }

    #[test]
    fn to_input_round_trips() {
        let mut input = weekly_input(&["sun", "wed"], "08:05", "09:00", "2026-01-01");
        input.valid_to = Some("2026-06-30".to_owned());
        input.except_dates = Some(strings(&["2026-04-05", "2026-04-01"]));
        let inputs = [
            input,
            weekly_input(&["sat"], "10:00", "12:00", "2026-01-01"),
            single_input("2026-12-24", "00:00", "23:59"),
        ];
        let rules = parse_schedule(&inputs).unwrap();
        let back: Vec<ScheduleRuleInput> = rules.iter().map(ScheduleRule::to_input).collect();
        assert_eq!(back[0].weekdays, Some(strings(&["wed", "sun"])));
        assert_eq!(back[0].start_time.as_deref(), Some("08:05"));
        assert_eq!(back[0].except_dates, Some(strings(&["2026-04-01", "2026-04-05"])));
        assert_eq!(back[1].valid_to, None);
        assert_eq!(back[2], inputs[2]);
        assert_eq!(parse_schedule(&back).unwrap(), rules);
    }

    // ---- expansion -----------------------------------------------------------------------

    /// The sessions of `rules` that start in the window [`from`, `to`) (RFC 3339 instants).
    fn sessions(rules: &[ScheduleRule], from: &str, to: &str) -> Vec<Occurrence> {
        expand(rules, utc(from), utc(to))
    }

    /// Sessions from (start, end) instants.
    fn occurrences(times: &[(&str, &str)]) -> Vec<Occurrence> {
        times.iter().map(|(s, e)| Occurrence { starts_at: utc(s), ends_at: utc(e) }).collect()
    }

    #[test]
    fn oslo_has_summer_time_until_the_end_of_the_table() {
        // Guards the 2099 limit on dates: chrono-tz's table must still have DST then.
        assert_eq!(oslo_instant(d("2099-07-01"), t("12:00")), utc("2099-07-01T10:00:00Z"));
        assert_eq!(oslo_instant(d("2099-12-31"), t("12:00")), utc("2099-12-31T11:00:00Z"));
    }

    #[test]
    fn weekly_sessions_keep_their_wall_clock_time_across_both_dst_changes() {
        // Tuesdays 17:30–19:00 from September 2026 to June 2027. Oslo leaves summer time on
        // Sunday 25 October 2026 and returns to it on Sunday 28 March 2027.
        let rule = [weekly(&[Weekday::Tue], "17:30", "19:00", "2026-09-01", Some("2027-06-30"))];
        assert_eq!(
            sessions(&rule, "2026-10-13T00:00:00Z", "2026-11-04T00:00:00Z"),
            occurrences(&[
                ("2026-10-13T15:30:00Z", "2026-10-13T17:00:00Z"),
                ("2026-10-20T15:30:00Z", "2026-10-20T17:00:00Z"),
                ("2026-10-27T16:30:00Z", "2026-10-27T18:00:00Z"),
                ("2026-11-03T16:30:00Z", "2026-11-03T18:00:00Z"),
            ])
        );
        let spring = sessions(&rule, "2027-03-16T00:00:00Z", "2027-04-07T00:00:00Z");
        assert_eq!(
            starts(&spring),
            [
                "2027-03-16T16:30:00Z",
                "2027-03-23T16:30:00Z",
                "2027-03-30T15:30:00Z",
                "2027-04-06T15:30:00Z",
            ]
            .map(utc)
        );
        assert!(spring.iter().all(|o| o.ends_at - o.starts_at == chrono::Duration::minutes(90)));
    }

    /// A case of which sessions start in a window.
    struct Starts {
        case: &'static str,
        rules: Vec<ScheduleRule>,
        /// From and to, RFC 3339.
        window: (&'static str, &'static str),
        starts: &'static [&'static str],
    }

    impl Starts {
        fn check(&self) {
            let (from, to) = self.window;
            let expected: Vec<DateTime<Utc>> = self.starts.iter().map(|s| utc(s)).collect();
            assert_eq!(starts(&sessions(&self.rules, from, to)), expected, "{}", self.case);
        }
    }

    #[test]
    fn sessions_start_inside_the_validity_period_only() {
        let mut mondays_and_wednesdays =
            weekly(&[Weekday::Mon, Weekday::Wed], "18:00", "19:00", "2026-01-01", None);
        if let ScheduleRule::Weekly { except_dates, .. } = &mut mondays_and_wednesdays {
            *except_dates = vec![d("2026-01-07"), d("2026-01-12")];
        }
        // Thursdays, 8 January to 29 January 2026 inclusive.
        let thursdays_in_january =
            weekly(&[Weekday::Thu], "10:00", "11:00", "2026-01-08", Some("2026-01-29"));
        let thursdays_from_a_friday = weekly(&[Weekday::Thu], "10:00", "11:00", "2026-01-09", None);
        let cases = [
            Starts {
                case: "exception dates are skipped",
                rules: vec![mondays_and_wednesdays],
                window: ("2026-01-01T00:00:00Z", "2026-01-20T00:00:00Z"),
                starts: &["2026-01-05T17:00:00Z", "2026-01-14T17:00:00Z", "2026-01-19T17:00:00Z"],
            },
            Starts {
                case: "the validity period bounds the sessions",
                rules: vec![thursdays_in_january.clone()],
                window: ("2025-12-01T00:00:00Z", "2026-03-01T00:00:00Z"),
                starts: &[
                    "2026-01-08T09:00:00Z",
                    "2026-01-15T09:00:00Z",
                    "2026-01-22T09:00:00Z",
                    "2026-01-29T09:00:00Z",
                ],
            },
            Starts {
                case: "valid_from on a non-matching day: the first session is the next matching one",
                rules: vec![thursdays_from_a_friday],
                window: ("2026-01-01T00:00:00Z", "2026-01-20T00:00:00Z"),
                starts: &["2026-01-15T09:00:00Z"],
            },
            Starts {
                case: "a window after the validity period is empty",
                rules: vec![thursdays_in_january.clone()],
                window: ("2030-01-01T00:00:00Z", "2030-04-01T00:00:00Z"),
                starts: &[],
            },
            Starts {
                case: "a window before the validity period is empty",
                rules: vec![thursdays_in_january],
                window: ("2020-01-01T00:00:00Z", "2020-04-01T00:00:00Z"),
                starts: &[],
            },
        ];
        cases.iter().for_each(Starts::check);
    }

    #[test]
    fn the_window_is_half_open_on_start() {
        let tuesdays = vec![weekly(&[Weekday::Tue], "17:30", "19:00", "2026-01-01", None)];
        let wednesday_nights = weekly(&[Weekday::Wed], "00:30", "01:00", "2026-01-01", None);
        let tuesday =
            |case, window, starts| Starts { case, rules: tuesdays.clone(), window, starts };
        let cases = [
            tuesday(
                "`from` is included",
                ("2026-01-06T16:30:00Z", "2026-01-06T16:31:00Z"),
                &["2026-01-06T16:30:00Z"],
            ),
            tuesday("`to` is not included", ("2026-01-06T16:29:00Z", "2026-01-06T16:30:00Z"), &[]),
            tuesday(
                "a session already running at `from` is not included",
                ("2026-01-06T16:31:00Z", "2026-01-07T00:00:00Z"),
                &[],
            ),
            tuesday("an empty window", ("2026-01-06T16:30:00Z", "2026-01-06T16:30:00Z"), &[]),
            tuesday("a reversed window", ("2026-01-07T00:00:00Z", "2026-01-01T00:00:00Z"), &[]),
            // Oslo is an hour ahead: a session at 00:30 local on 7 January is 23:30Z on the 6th.
            Starts {
                case: "window edges at UTC midnight",
                rules: vec![wednesday_nights],
                window: ("2026-01-06T00:00:00Z", "2026-01-07T00:00:00Z"),
                starts: &["2026-01-06T23:30:00Z"],
            },
        ];
        cases.iter().for_each(Starts::check);
    }

    #[test]
    fn occurrences_of_several_rules_are_ordered_and_deduplicated() {
        Starts {
            case: "several rules",
            rules: vec![
                weekly(&[Weekday::Wed], "18:00", "19:00", "2026-03-01", None),
                weekly(&[Weekday::Mon, Weekday::Wed], "17:00", "18:00", "2026-03-01", None),
                single("2026-03-03", "12:00", "13:00"),
                // Same session as the Monday of the second rule.
                single("2026-03-09", "17:00", "18:00"),
            ],
            window: ("2026-03-01T00:00:00Z", "2026-03-12T00:00:00Z"),
            starts: &[
                "2026-03-02T16:00:00Z", // Mon 17:00
                "2026-03-03T11:00:00Z", // Tue single 12:00
                "2026-03-04T16:00:00Z", // Wed 17:00
                "2026-03-04T17:00:00Z", // Wed 18:00
                "2026-03-09T16:00:00Z", // Mon 17:00 (and the duplicate single)
                "2026-03-11T16:00:00Z",
                "2026-03-11T17:00:00Z",
            ],
        }
        .check();
    }

    #[test]
    fn single_sessions() {
        let rules =
            [single("2026-07-04", "11:00", "14:30"), single("2026-12-05", "11:00", "14:30")];
        assert_eq!(
            sessions(&rules, "2026-06-01T00:00:00Z", "2026-12-31T00:00:00Z"),
            occurrences(&[
                ("2026-07-04T09:00:00Z", "2026-07-04T12:30:00Z"),
                ("2026-12-05T10:00:00Z", "2026-12-05T13:30:00Z"),
            ])
        );
        assert!(sessions(&rules, "2026-07-05T00:00:00Z", "2026-12-01T00:00:00Z").is_empty());
    }

    #[test]
    fn spring_forward_gap_moves_the_time_forward() {
        // 28 March 2027: clocks jump from 02:00 to 03:00.
        let day = d("2027-03-28");
        assert_eq!(oslo_instant(day, t("02:30")), utc("2027-03-28T01:30:00Z")); // 03:30 CEST
        assert_eq!(oslo_instant(day, t("02:00")), utc("2027-03-28T01:00:00Z")); // 03:00 CEST
        assert_eq!(oslo_instant(day, t("01:59")), utc("2027-03-28T00:59:00Z")); // CET
        assert_eq!(oslo_instant(day, t("03:00")), utc("2027-03-28T01:00:00Z"));
        let (from, to) = ("2027-03-27T00:00:00Z", "2027-03-29T00:00:00Z");
        assert_eq!(
            sessions(&[single("2027-03-28", "02:30", "04:00")], from, to),
            occurrences(&[("2027-03-28T01:30:00Z", "2027-03-28T02:00:00Z")])
        );
        // Start in the gap, end just after it: the moved start passes the end.
        let moved = sessions(&[single("2027-03-28", "02:30", "03:15")], from, to);
        assert_eq!(moved[0].starts_at, moved[0].ends_at);
    }

    #[test]
    fn autumn_overlap_takes_the_first_instant() {
        // 25 October 2026: 02:00–03:00 happens twice, first in CEST (+02), then in CET (+01).
        let day = d("2026-10-25");
        assert_eq!(oslo_instant(day, t("02:30")), utc("2026-10-25T00:30:00Z"));
        assert_eq!(oslo_instant(day, t("01:59")), utc("2026-10-24T23:59:00Z"));
        assert_eq!(oslo_instant(day, t("03:00")), utc("2026-10-25T02:00:00Z"));
        let rule = weekly(&[Weekday::Sun], "02:30", "03:30", "2026-10-01", None);
        assert_eq!(
            sessions(&[rule], "2026-10-24T00:00:00Z", "2026-10-26T00:00:00Z"),
            occurrences(&[("2026-10-25T00:30:00Z", "2026-10-25T02:30:00Z")])
        );
    }

    #[test]
    fn consecutive_windows_partition_the_sessions() {
        let rule = [weekly(&[Weekday::Mon, Weekday::Thu], "18:00", "20:00", "2026-01-01", None)];
        let whole = sessions(&rule, "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z");
        let mut parts = sessions(&rule, "2026-01-01T00:00:00Z", "2026-01-15T17:00:00Z");
        parts.extend(sessions(&rule, "2026-01-15T17:00:00Z", "2026-04-01T00:00:00Z"));
        assert_eq!(whole, parts);
        assert_eq!(whole.len(), 26);
    }

    #[test]
    fn window_check() {
        let from = utc("2026-01-01T00:00:00Z");
        assert!(check_window(from, from + chrono::Duration::days(MAX_WINDOW_DAYS)).is_ok());
        let err = check_window(
            from,
            from + chrono::Duration::days(MAX_WINDOW_DAYS) + chrono::Duration::seconds(1),
        )
        .unwrap_err();
        assert_eq!(err.field, "to");
        assert!(check_window(from, from).is_err());
    }

    #[test]
    fn slots_list_distinct_windows() {
        let rules = [
            weekly(
                &[Weekday::Tue, Weekday::Thu],
                "17:30",
                "19:00",
                "2026-01-01",
                Some("2026-06-30"),
            ),
            weekly(&[Weekday::Thu], "17:30", "19:00", "2026-08-01", None),
            weekly(&[Weekday::Mon], "09:00", "10:15", "2026-01-01", Some("2026-12-31")),
            weekly(&[Weekday::Mon], "09:00", "10:15", "2026-01-01", Some("2026-06-30")),
            single("2026-05-16", "00:00", "23:59"),
            // Friday 2026-05-01 only: its Sunday never comes.
            weekly(
                &[Weekday::Fri, Weekday::Sun],
                "12:00",
                "13:00",
                "2026-05-01",
                Some("2026-05-02"),
            ),
        ];
        assert_eq!(
            slots(&rules),
            [
                (Weekday::Mon, 540, 615, Some(d("2026-12-31"))),
                (Weekday::Tue, 1050, 1140, Some(d("2026-06-30"))),
                (Weekday::Thu, 1050, 1140, None),
                (Weekday::Fri, 720, 780, Some(d("2026-05-02"))),
                (Weekday::Sat, 0, 1439, Some(d("2026-05-16"))),
            ]
        );
        assert!(slots(&[]).is_empty());
    }

    #[test]
    fn next_season_moves_the_dates_a_year_and_drops_the_holidays() {
        let rules = parse_schedule(&[
            ScheduleRuleInput {
                weekdays: Some(vec!["tue".into()]),
                start_time: Some("17:30".into()),
                end_time: Some("19:00".into()),
                valid_from: Some("2026-08-18".into()),
                valid_to: Some("2027-06-15".into()),
                except_dates: Some(vec!["2026-10-06".into()]),
                date: None,
            },
            ScheduleRuleInput {
                start_time: Some("12:00".into()),
                end_time: Some("14:00".into()),
                date: Some("2028-02-29".into()),
                ..ScheduleRuleInput::default()
            },
        ])
        .unwrap();
        let next: Vec<ScheduleRuleInput> =
            rules.iter().map(|r| r.next_season().to_input()).collect();
        assert_eq!(next[0].valid_from.as_deref(), Some("2027-08-18"));
        assert_eq!(next[0].valid_to.as_deref(), Some("2028-06-15"));
        assert_eq!(next[0].weekdays, Some(vec!["tue".to_owned()]));
        assert_eq!(next[0].start_time.as_deref(), Some("17:30"));
        assert_eq!(next[0].except_dates, Some(vec![]));
        assert_eq!(next[1].date.as_deref(), Some("2029-02-28"));
    }
}
