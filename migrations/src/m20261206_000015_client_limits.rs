//! Per-client limits in the database (issue 16): anonymous sign-ups, registrations and
//! reset-link requests are limited per client address across every node on one database,
//! not per process. One row per limit and client holds the limit's "theoretical arrival
//! time" (GCRA, the algorithm the in-process limiter uses too); a row whose time has passed
//! means the same as no row and is deleted by the hourly retention pass.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClientLimits {
    Table,
    /// `<limit>:<client address>`, e.g. `signup:192.0.2.7`.
    Key,
    /// When the client's allowance is whole again, microseconds since 1970.
    Tat,
}

additions! {
    tables(_backend) [
        NewTable::new(ClientLimits::Table)
            .col(string_len(ClientLimits::Key, 200).primary_key())
            .col(big_integer(ClientLimits::Tat))
            .index("ix_client_limits_tat", [ClientLimits::Tat]),
    ]
}
