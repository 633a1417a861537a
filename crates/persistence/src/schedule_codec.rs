//! Schedules as stored: JSON in the input shape, so reading one back goes through the same
//! validation as writing it.

use fritid_domain::schedule::{ScheduleRule, ScheduleRuleInput, parse_schedule};
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// The stored form of a schedule rule: the input shape, so reading it back goes through the
/// same validation as writing it.
#[derive(Debug, Serialize, Deserialize)]
struct StoredRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    weekdays: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    valid_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    except_dates: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

pub(crate) fn schedule_json(rules: &[ScheduleRule]) -> Result<String, StoreError> {
    let stored: Vec<StoredRule> = rules
        .iter()
        .map(|r| {
            let i = r.to_input();
            StoredRule {
                weekdays: i.weekdays,
                start_time: i.start_time,
                end_time: i.end_time,
                valid_from: i.valid_from,
                valid_to: i.valid_to,
                except_dates: i.except_dates,
                date: i.date,
            }
        })
        .collect();
    // Plain strings and lists cannot fail to serialise; if they ever did, writing an empty
    // schedule in their place would silently lose the sessions.
    serde_json::to_string(&stored)
        .map_err(|e| StoreError::Corrupt(format!("schedule could not be written: {e}")))
}

pub(crate) fn schedule_from_json(json: &str) -> Result<Vec<ScheduleRule>, StoreError> {
    let stored: Vec<StoredRule> = serde_json::from_str(json)
        .map_err(|e| StoreError::Corrupt(format!("schedule is not valid JSON: {e}")))?;
    let inputs: Vec<ScheduleRuleInput> = stored
        .into_iter()
        .map(|s| ScheduleRuleInput {
            weekdays: s.weekdays,
            start_time: s.start_time,
            end_time: s.end_time,
            valid_from: s.valid_from,
            valid_to: s.valid_to,
            except_dates: s.except_dates,
            date: s.date,
        })
        .collect();
    parse_schedule(&inputs).map_err(|e| StoreError::Corrupt(format!("schedule: {e}")))
}
