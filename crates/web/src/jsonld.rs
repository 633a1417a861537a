//! schema.org JSON-LD for the activity and opportunity pages: the pieces both build.

use fritid_domain::schedule::ScheduleRule;
use serde_json::{Value, json};

/// A rule as a schema.org `Schedule`, in Oslo time.
pub fn schedule(rule: &ScheduleRule) -> Value {
    let (start, end) = rule.times();
    let (start_time, end_time) =
        (start.format("%H:%M").to_string(), end.format("%H:%M").to_string());
    match rule {
        ScheduleRule::Weekly { weekdays, valid_from, valid_to, except_dates, .. } => {
            let mut s = json!({
                "@type": "Schedule",
                "repeatFrequency": "P1W",
                "byDay": weekdays.iter().map(|w| format!("https://schema.org/{}", day_name(*w))).collect::<Vec<_>>(),
                "startTime": start_time,
                "endTime": end_time,
                "startDate": valid_from.to_string(),
                "scheduleTimezone": "Europe/Oslo",
            });
            if let Some(to) = valid_to {
                s["endDate"] = json!(to.to_string());
            }
            if !except_dates.is_empty() {
                s["exceptDate"] =
                    json!(except_dates.iter().map(ToString::to_string).collect::<Vec<_>>());
            }
            s
        }
        ScheduleRule::Single { date, .. } => json!({
            "@type": "Schedule",
            "startDate": date.to_string(),
            "endDate": date.to_string(),
            "startTime": start_time,
            "endTime": end_time,
            "scheduleTimezone": "Europe/Oslo",
        }),
    }
}

fn day_name(day: chrono::Weekday) -> &'static str {
    use chrono::Weekday as W;
    match day {
        W::Mon => "Monday",
        W::Tue => "Tuesday",
        W::Wed => "Wednesday",
        W::Thu => "Thursday",
        W::Fri => "Friday",
        W::Sat => "Saturday",
        W::Sun => "Sunday",
    }
}

/// JSON that can sit inside `<script>`: every `<` is written `\u003c`, so no `</script>` or
/// `<!--` can appear; JSON readers read the same text.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let text = "</script><script>alert(1)</script><!--";
        let safe = script_safe(&serde_json::json!({ "name": text }).to_string());
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], text);
    }
}
