//! The scheduled e-mail: a sign-up remembers when its organisation was reminded of it
//! (`reminded_at`, set in the same transaction as the reminder is written to the outbox, by
//! a conditional update, so it is reminded once however many nodes run the job), and
//! `job_runs` records each period a once-per-period job has run for (the weekly summary:
//! the week's Monday), inserted in the same transaction as its messages; its key lets one
//! node only record a period.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewColumn, NewTable, additions};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum VolunteerSignups {
    Table,
    RemindedAt,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    /// `weekly_summary`, …
    Job,
    /// Which period it ran for, e.g. the Monday of a week (`2026-12-07`).
    Period,
    RanAt,
}

additions! {
    tables(_backend) [
        NewTable::new(JobRuns::Table)
            .col(string_len(JobRuns::Job, 40))
            .col(string_len(JobRuns::Period, 20))
            .col(timestamp_with_time_zone(JobRuns::RanAt))
            .primary_key([JobRuns::Job, JobRuns::Period]),
    ]

    columns [NewColumn::new(
        VolunteerSignups::Table,
        timestamp_with_time_zone_null(VolunteerSignups::RemindedAt),
    )]
}
