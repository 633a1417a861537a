//! Schedules as stored: JSON in the input shape ([`ScheduleRuleInput`]), so reading one back
//! goes through the same validation as writing it.

use fritid_domain::schedule::{ScheduleRule, ScheduleRuleInput, parse_schedule};

use crate::StoreError;

pub(crate) fn schedule_json(rules: &[ScheduleRule]) -> Result<String, StoreError> {
    let stored: Vec<ScheduleRuleInput> = rules.iter().map(ScheduleRule::to_input).collect();
    // Plain strings and lists cannot fail to serialise; if they ever did, writing an empty
    // schedule in their place would silently lose the sessions.
    serde_json::to_string(&stored)
        .map_err(|e| StoreError::Corrupt(format!("schedule could not be written: {e}")))
}

pub(crate) fn schedule_from_json(json: &str) -> Result<Vec<ScheduleRule>, StoreError> {
    let stored: Vec<ScheduleRuleInput> = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("schedule is not valid JSON: {e}")))?;
    parse_schedule(&stored).map_err(|e| StoreError::Corrupt(format!("schedule: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_is_unchanged_json_and_round_trips() {
        // The shape already in databases: absent fields are left out.
        let stored = r#"[{"weekdays":["tue"],"start_time":"17:30","end_time":"19:00","valid_from":"2026-08-17","valid_to":"2027-06-18","except_dates":[]},{"start_time":"10:00","end_time":"12:00","date":"2026-10-03"}]"#;
        let rules = schedule_from_json(stored).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(schedule_json(&rules).unwrap(), stored);
    }
}
