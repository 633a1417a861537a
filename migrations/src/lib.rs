//! The schema of Fritid, defined only here. `fritid serve` and `fritid migrate` apply
//! pending migrations; nothing else creates or alters tables.
//!
//! Conventions: UUID primary keys, `created_at`/`updated_at` as timestamps with time zone
//! (UTC), a `version` counter on every mutable row (it backs the ETag), and constraint names
//! that say what they protect so the store can map violations to 409/422.

#![allow(
    clippy::too_many_lines,
    reason = "a migration creates its tables in one function: split, the schema would be harder to read"
)]

use sea_orm_migration::prelude::*;

mod ddl;
mod idens;

mod m20261126_000001_reference_tables;
mod m20261126_000002_drammen_reference_data;
mod m20261126_000003_accounts_and_organisations;
mod m20261126_000004_activities;
mod m20261126_000005_volunteering;
mod m20261126_000006_feeds;
mod m20261126_000007_search_indexes;
mod m20261127_000008_pending_changes;
mod m20261128_000009_retired_reference_data;
mod m20261201_000010_web_sessions;
mod m20261202_000011_token_version;
mod m20261203_000012_outbox;
mod m20261204_000013_signup_reminders;
mod m20261205_000014_login_failures;
mod m20261206_000015_client_limits;

use crate::ddl::Additive;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(Additive(m20261126_000001_reference_tables::Migration)),
            Box::new(m20261126_000002_drammen_reference_data::Migration),
            Box::new(Additive(m20261126_000003_accounts_and_organisations::Migration)),
            Box::new(Additive(m20261126_000004_activities::Migration)),
            Box::new(Additive(m20261126_000005_volunteering::Migration)),
            Box::new(m20261126_000006_feeds::Migration),
            Box::new(m20261126_000007_search_indexes::Migration),
            Box::new(Additive(m20261127_000008_pending_changes::Migration)),
            Box::new(Additive(m20261128_000009_retired_reference_data::Migration)),
            Box::new(Additive(m20261201_000010_web_sessions::Migration)),
            Box::new(Additive(m20261202_000011_token_version::Migration)),
            Box::new(Additive(m20261203_000012_outbox::Migration)),
            Box::new(Additive(m20261204_000013_signup_reminders::Migration)),
            Box::new(Additive(m20261205_000014_login_failures::Migration)),
            Box::new(Additive(m20261206_000015_client_limits::Migration)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deployed databases record each applied migration by this name: renaming one would
    /// apply it again.
    #[test]
    fn migrations_keep_their_recorded_names() {
        let names: Vec<String> =
            Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        let modules = include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("mod m"))
            .map(|rest| format!("m{}", rest.trim_end_matches(';')))
            .collect::<Vec<_>>();
        assert_eq!(names[0], "m20261126_000001_reference_tables");
        assert_eq!(names, modules);
    }
}
