//! The municipality's coverage figures: how many public activities each kommunedel offers to
//! each target group. Every district and every group appears, with 0 where nothing is
//! offered: the gaps are the point.

use crate::activity::TargetGroup;

/// Public activities of one district with one exact set of target groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub district: String,
    pub target_groups: Vec<TargetGroup>,
    pub count: u64,
}

/// One cell of the cross-tab. `target_group` is `Some(None)` for activities that name no
/// target group; a field that is not grouped by is `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageCell {
    pub district: Option<String>,
    pub target_group: Option<Option<TargetGroup>>,
    pub count: u64,
}

/// The counts by district and/or target group (none: only the total). An activity for
/// several target groups counts in each of them; `total` counts each activity once.
pub fn cross_tab(
    rows: &[CoverageRow], districts: &[String], by_district: bool, by_group: bool,
) -> (Vec<CoverageCell>, u64) {
    let total = rows.iter().map(|r| r.count).sum();
    let count = |district: Option<&str>, group: Option<Option<TargetGroup>>| -> u64 {
        rows.iter()
            .filter(|r| district.is_none_or(|d| r.district == d))
            .filter(|r| match group {
                None => true,
                Some(None) => r.target_groups.is_empty(),
                Some(Some(g)) => r.target_groups.contains(&g),
            })
            .map(|r| r.count)
            .sum()
    };
    let groups = group_columns();
    let district_keys: Vec<Option<&str>> =
        if by_district { districts.iter().map(|d| Some(d.as_str())).collect() } else { vec![None] };
    let group_keys: Vec<Option<Option<TargetGroup>>> =
        if by_group { groups.into_iter().map(Some).collect() } else { vec![None] };
    let mut cells = Vec::new();
    if by_district || by_group {
        for d in &district_keys {
            for g in &group_keys {
                cells.push(CoverageCell {
                    district: d.map(str::to_owned),
                    target_group: *g,
                    count: count(*d, *g),
                });
            }
        }
    }
    (cells, total)
}

/// The columns of the overview: every target group, then "names none".
pub fn group_columns() -> Vec<Option<TargetGroup>> {
    TargetGroup::ALL.iter().copied().map(Some).chain(std::iter::once(None)).collect()
}

/// One district's line of the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageLine {
    pub district: String,
    /// Its activities, each once.
    pub count: u64,
    /// Its activities for each of [`group_columns`], in that order.
    pub by_group: Vec<u64>,
}

/// The municipality's overview: a line per district (in the order given) and, for the whole
/// municipality, the count per target group and the total, each activity once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageTable {
    pub lines: Vec<CoverageLine>,
    pub by_group: Vec<u64>,
    pub total: u64,
}

/// The overview of `rows`, with a line for each of `districts`.
pub fn overview(rows: &[CoverageRow], districts: &[String]) -> CoverageTable {
    let (cells, total) = cross_tab(rows, districts, true, true);
    let (own, _) = cross_tab(rows, districts, true, false);
    let (groups, _) = cross_tab(rows, districts, false, true);
    let width = group_columns().len();
    let lines = districts
        .iter()
        .zip(own)
        .zip(cells.chunks(width))
        .map(|((district, own), cells)| CoverageLine {
            district: district.clone(),
            count: own.count,
            by_group: cells.iter().map(|c| c.count).collect(),
        })
        .collect();
    CoverageTable { lines, by_group: groups.iter().map(|c| c.count).collect(), total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TargetGroup::{Children, Seniors, Youth};

    fn rows() -> Vec<CoverageRow> {
        vec![
            CoverageRow {
                district: "konnerud".into(),
                target_groups: vec![Children, Youth],
                count: 3,
            },
            CoverageRow { district: "konnerud".into(), target_groups: vec![], count: 1 },
            CoverageRow { district: "svelvik".into(), target_groups: vec![Seniors], count: 2 },
        ]
    }

    fn districts() -> Vec<String> {
        vec!["konnerud".into(), "svelvik".into(), "fjell".into()]
    }

    fn cell(cells: &[CoverageCell], d: Option<&str>, g: Option<Option<TargetGroup>>) -> u64 {
        cells
            .iter()
            .find(|c| c.district.as_deref() == d && c.target_group == g)
            .map(|c| c.count)
            .unwrap_or_else(|| panic!("no cell {d:?} {g:?}"))
    }

    #[test]
    fn every_district_and_group_appears_and_multi_group_activities_count_in_each() {
        let (cells, total) = cross_tab(&rows(), &districts(), true, true);
        assert_eq!(total, 6);
        assert_eq!(cells.len(), 3 * (TargetGroup::ALL.len() + 1));
        // (district, group, count)
        for (d, g, n) in [
            ("konnerud", Some(Children), 3),
            ("konnerud", Some(Youth), 3),
            ("konnerud", None, 1),
            ("konnerud", Some(Seniors), 0),
            ("svelvik", Some(Seniors), 2),
            ("fjell", Some(Children), 0),
            ("fjell", None, 0),
        ] {
            assert_eq!(cell(&cells, Some(d), Some(g)), n, "{d} {g:?}");
        }
    }

    #[test]
    fn one_dimension_or_none() {
        let (cells, _) = cross_tab(&rows(), &districts(), true, false);
        assert_eq!(cells.len(), 3);
        assert_eq!(cell(&cells, Some("konnerud"), None), 4);
        let (cells, _) = cross_tab(&rows(), &districts(), false, true);
        assert_eq!(cells.len(), TargetGroup::ALL.len() + 1);
        assert_eq!(cell(&cells, None, Some(Some(Children))), 3);
        assert_eq!(cell(&cells, None, Some(None)), 1);
        let (cells, total) = cross_tab(&rows(), &districts(), false, false);
        assert!(cells.is_empty());
        assert_eq!(total, 6);
    }

    #[test]
    fn the_overview_has_a_line_per_district_in_order_and_counts_each_activity_once_per_line() {
        let table = overview(&rows(), &districts());
        let names: Vec<&str> = table.lines.iter().map(|l| l.district.as_str()).collect();
        assert_eq!(names, ["konnerud", "svelvik", "fjell"]);
        let columns = group_columns();
        assert_eq!(columns.last(), Some(&None), "\"names none\" comes last");
        let at = |g: Option<TargetGroup>| columns.iter().position(|c| *c == g).unwrap();
        // (line, own count, children, youth, seniors, none)
        for (i, own, children, youth, seniors, none) in
            [(0, 4, 3, 3, 0, 1), (1, 2, 0, 0, 2, 0), (2, 0, 0, 0, 0, 0)]
        {
            let line = &table.lines[i];
            assert_eq!(line.by_group.len(), columns.len());
            assert_eq!(
                (
                    line.count,
                    line.by_group[at(Some(Children))],
                    line.by_group[at(Some(Youth))],
                    line.by_group[at(Some(Seniors))],
                    line.by_group[at(None)],
                ),
                (own, children, youth, seniors, none),
                "{}",
                line.district
            );
        }
        assert_eq!(table.total, 6);
        assert_eq!(table.by_group[at(Some(Children))], 3);
        assert_eq!(table.by_group[at(Some(Seniors))], 2);
        assert_eq!(table.by_group[at(None)], 1);
        let sum_of_lines: u64 = table.lines.iter().map(|l| l.count).sum();
        assert_eq!(sum_of_lines, table.total, "one district per activity");
    }
}
