//! Server-side sessions of the web pages: the cookie carries a random id, the table only its
//! SHA-256 (hex), so a copy of the database opens no session. A session belongs to a user
//! and goes with the account (cascade); it carries the CSRF token of the signed-in forms.

use sea_orm_migration::prelude::ForeignKeyAction::Cascade;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions};
use crate::idens::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WebSessions {
    Table,
    IdHash,
    UserId,
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
}

additions! {
    tables(_backend) [
        NewTable::new(WebSessions::Table)
            .col(string_len(WebSessions::IdHash, 64).primary_key())
            .references(uuid(WebSessions::UserId), Users::Table, Cascade)
            .col(string_len(WebSessions::CsrfToken, 64))
            .col(timestamp_with_time_zone(WebSessions::CreatedAt))
            .col(timestamp_with_time_zone(WebSessions::LastSeenAt))
            .col(timestamp_with_time_zone(WebSessions::ExpiresAt))
            .index("ix_web_sessions_user", [WebSessions::UserId]),
    ]
}
