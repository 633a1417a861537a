//! The schedule editor of the activity form, without JavaScript: each rule is a group of
//! fields named as the API names them in its errors (`schedule[0].weekdays` — one checkbox per
//! day —, `schedule[0].start_time`, `schedule[0].end_time`, `schedule[0].valid_from`,
//! `schedule[0].valid_to`, `schedule[0].except_dates` with the dates separated by commas,
//! spaces or new lines, and `schedule[0].date` for a single session). "Add a rule" and "remove
//! this rule" are submit buttons (`action=add_rule`, `action=remove_rule:N`): the form comes
//! back with everything typed kept and one rule more or less.
//!
//! A rule left wholly empty is not a rule: it is dropped before validation, so an unused
//! blank group never stands in the way of saving.

use fritid_domain::schedule::ScheduleRuleInput;

/// At most this many rules in one form (the API takes more; a page with more groups would
/// not be usable).
pub const MAX_RULES: usize = 20;

/// What the person pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save (the default, also for Enter in a field).
    Save,
    /// Show the form again with one more (empty) rule.
    AddRule,
    /// Show the form again without rule `n`.
    RemoveRule(usize),
}

impl Action {
    /// The `action` field's value; anything else is [`Action::Save`].
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("add_rule") => Self::AddRule,
            Some(v) => v
                .strip_prefix("remove_rule:")
                .and_then(|n| n.parse().ok())
                .map_or(Self::Save, Self::RemoveRule),
            None => Self::Save,
        }
    }
}

/// One rule as typed: every value a string, as the form sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFields {
    pub weekdays: Vec<String>,
    pub start_time: String,
    pub end_time: String,
    pub valid_from: String,
    pub valid_to: String,
    pub except_dates: String,
    pub date: String,
}

impl RuleFields {
    fn is_blank(&self) -> bool {
        self.weekdays.is_empty()
            && [
                &self.start_time,
                &self.end_time,
                &self.valid_from,
                &self.valid_to,
                &self.except_dates,
                &self.date,
            ]
            .iter()
            .all(|v| v.trim().is_empty())
    }

    /// The API's shape of the rule: a weekly rule, or a single date when only `date` (and
    /// the times) are given.
    pub fn to_input(&self) -> ScheduleRuleInput {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let dates: Vec<String> = self
            .except_dates
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
            .collect();
        let single = given(&self.date).is_some() && self.weekdays.is_empty();
        ScheduleRuleInput {
            weekdays: (!single).then(|| self.weekdays.clone()),
            start_time: given(&self.start_time),
            end_time: given(&self.end_time),
            valid_from: if single { None } else { given(&self.valid_from) },
            valid_to: if single { None } else { given(&self.valid_to) },
            except_dates: (!single && !dates.is_empty()).then_some(dates),
            date: if single { given(&self.date) } else { None },
        }
    }

    /// The fields of a stored rule, to edit it.
    pub fn from_input(rule: &ScheduleRuleInput) -> Self {
        Self {
            weekdays: rule.weekdays.clone().unwrap_or_default(),
            start_time: rule.start_time.clone().unwrap_or_default(),
            end_time: rule.end_time.clone().unwrap_or_default(),
            valid_from: rule.valid_from.clone().unwrap_or_default(),
            valid_to: rule.valid_to.clone().unwrap_or_default(),
            except_dates: rule.except_dates.clone().unwrap_or_default().join(", "),
            date: rule.date.clone().unwrap_or_default(),
        }
    }
}

/// The groups of the editor for a stored schedule: one per rule, and always at least one (a
/// blank group to fill in).
pub fn rules_of(schedule: &[ScheduleRuleInput]) -> Vec<RuleFields> {
    let mut rules: Vec<RuleFields> = schedule.iter().map(RuleFields::from_input).collect();
    if rules.is_empty() {
        rules.push(RuleFields::default());
    }
    rules
}

/// The rules of a posted form, in the order of their numbers, from its `(name, value)`
/// pairs; fields of other names are ignored, and so are rule numbers past [`MAX_RULES`].
pub fn rules_from_pairs(pairs: &[(String, String)]) -> Vec<RuleFields> {
    let mut rules: Vec<RuleFields> = Vec::new();
    for (name, value) in pairs {
        let Some((index, field)) = rule_field(name) else { continue };
        if index >= MAX_RULES {
            continue;
        }
        if rules.len() <= index {
            rules.resize_with(index + 1, RuleFields::default);
        }
        let rule = &mut rules[index];
        match field {
            "weekdays" => rule.weekdays.push(value.clone()),
            "start_time" => rule.start_time.clone_from(value),
            "end_time" => rule.end_time.clone_from(value),
            "valid_from" => rule.valid_from.clone_from(value),
            "valid_to" => rule.valid_to.clone_from(value),
            "except_dates" => rule.except_dates.clone_from(value),
            "date" => rule.date.clone_from(value),
            _ => {}
        }
    }
    rules
}

/// `schedule[3].start_time` → `(3, "start_time")`.
fn rule_field(name: &str) -> Option<(usize, &str)> {
    let rest = name.strip_prefix("schedule[")?;
    let (index, field) = rest.split_once("].")?;
    Some((index.parse().ok()?, field))
}

/// The rules to validate: the non-blank ones, in order.
pub fn to_inputs(rules: &[RuleFields]) -> Vec<ScheduleRuleInput> {
    rules.iter().filter(|r| !r.is_blank()).map(RuleFields::to_input).collect()
}

/// Answers a press of one of the rule buttons ("add a rule", "remove rule N") on `rules`, and
/// whether it was one: then the form is shown again, nothing saved.
pub fn pressed_rule_button(rules: &mut Vec<RuleFields>, pressed: Action) -> bool {
    if pressed == Action::Save {
        return false;
    }
    *rules = after(std::mem::take(rules), pressed);
    true
}

/// The rules to show after `action`: one more blank group to add, one fewer to remove, and
/// always at least one group.
pub fn after(mut rules: Vec<RuleFields>, action: Action) -> Vec<RuleFields> {
    match action {
        Action::AddRule if rules.len() < MAX_RULES => rules.push(RuleFields::default()),
        Action::RemoveRule(n) if n < rules.len() => {
            rules.remove(n);
        }
        _ => {}
    }
    if rules.is_empty() {
        rules.push(RuleFields::default());
    }
    rules
}

/// Errors of the validated (non-blank) rules carry their numbers among those; this maps
/// `schedule[i]…` back to the number of the group on the page.
pub fn page_field(field: &str, rules: &[RuleFields]) -> String {
    let Some((index, rest)) = rule_field(field).map(|(i, f)| (i, format!(".{f}"))).or_else(|| {
        let rest = field.strip_prefix("schedule[")?;
        let (i, f) = rest.split_once(']')?;
        Some((i.parse().ok()?, f.to_owned()))
    }) else {
        return field.to_owned();
    };
    let shown = rules.iter().enumerate().filter(|(_, r)| !r.is_blank()).nth(index);
    match shown {
        Some((n, _)) => format!("schedule[{n}]{rest}"),
        None => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn a_weekly_rule_and_a_single_date_come_out_in_the_apis_shape() {
        let form = pairs(&[
            ("title", "Korps"),
            ("schedule[0].weekdays", "tue"),
            ("schedule[0].weekdays", "thu"),
            ("schedule[0].start_time", "17:30"),
            ("schedule[0].end_time", "19:00"),
            ("schedule[0].valid_from", "2026-08-18"),
            ("schedule[0].valid_to", "2027-06-15"),
            ("schedule[0].except_dates", "2026-10-06, 2026-10-08\n2026-12-22"),
            ("schedule[1].date", "2026-12-12"),
            ("schedule[1].start_time", "12:00"),
            ("schedule[1].end_time", "14:00"),
        ]);
        let inputs = to_inputs(&rules_from_pairs(&form));
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].weekdays, Some(vec!["tue".to_owned(), "thu".to_owned()]));
        assert_eq!(
            inputs[0].except_dates,
            Some(vec!["2026-10-06".into(), "2026-10-08".into(), "2026-12-22".into()])
        );
        assert_eq!(inputs[0].date, None);
        assert_eq!(inputs[1].weekdays, None);
        assert_eq!(inputs[1].date.as_deref(), Some("2026-12-12"));
        assert_eq!(inputs[1].valid_from, None);
    }

    #[test]
    fn blank_groups_are_dropped_and_errors_point_at_the_group_on_the_page() {
        let form = pairs(&[
            ("schedule[0].start_time", ""),
            ("schedule[1].weekdays", "mon"),
            ("schedule[1].start_time", "25:00"),
        ]);
        let rules = rules_from_pairs(&form);
        assert_eq!(rules.len(), 2);
        assert_eq!(to_inputs(&rules).len(), 1, "the blank first group is not a rule");
        assert_eq!(page_field("schedule[0].start_time", &rules), "schedule[1].start_time");
        assert_eq!(page_field("schedule[0].weekdays[0]", &rules), "schedule[1].weekdays[0]");
        assert_eq!(page_field("title", &rules), "title");
    }

    #[test]
    fn adding_and_removing_rules_keeps_what_was_typed() {
        let form = pairs(&[("schedule[0].weekdays", "wed"), ("schedule[0].start_time", "18:00")]);
        let rules = after(rules_from_pairs(&form), Action::parse(Some("add_rule")));
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].start_time, "18:00");
        assert_eq!(rules[1], RuleFields::default());
        let rules = after(rules, Action::parse(Some("remove_rule:0")));
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0], RuleFields::default());
        let rules = after(rules, Action::RemoveRule(0));
        assert_eq!(rules.len(), 1, "there is always one group to fill");
        assert_eq!(Action::parse(Some("remove_rule:x")), Action::Save);
        assert_eq!(Action::parse(None), Action::Save);
    }

    #[test]
    fn rule_numbers_past_the_limit_are_ignored() {
        let form = pairs(&[("schedule[99999999].start_time", "10:00"), ("schedule[x].date", "")]);
        assert!(rules_from_pairs(&form).is_empty());
    }

    #[test]
    fn a_stored_rule_round_trips_through_the_fields() {
        let rule = ScheduleRuleInput {
            weekdays: Some(vec!["mon".into()]),
            start_time: Some("17:00".into()),
            end_time: Some("18:00".into()),
            valid_from: Some("2026-08-17".into()),
            valid_to: None,
            except_dates: Some(vec!["2026-10-05".into(), "2026-10-12".into()]),
            date: None,
        };
        assert_eq!(RuleFields::from_input(&rule).to_input(), rule);
    }
}
