//! Failed password attempts in the database (issue 16): the login throttle counts them per
//! account and per client address across every node on one database, not per process.
//! Each row is one attempt reserved before its password check (given back when the
//! password was right); rows older than the throttle's window are deleted with each new
//! attempt.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    /// `account:<hash>` or `client:<address>`.
    Key,
    /// When the attempt was made, microseconds since 1970.
    At,
}

additions! {
    tables(_backend) [
        NewTable::new(LoginFailures::Table)
            .col(uuid(LoginFailures::Id).primary_key())
            .col(string_len(LoginFailures::Key, 200))
            .col(big_integer(LoginFailures::At))
            .index("ix_login_failures_key_at", [LoginFailures::Key, LoginFailures::At])
            // Attempts that left the window are deleted by time.
            .index("ix_login_failures_at", [LoginFailures::At]),
    ]
}
