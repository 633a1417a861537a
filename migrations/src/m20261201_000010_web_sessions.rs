//! Server-side sessions of the web pages: the cookie carries a random id, the table only its
//! SHA-256 (hex), so a copy of the database opens no session. A session belongs to a user
//! and goes with the account (cascade); it carries the CSRF token of the signed-in forms.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{ExecuteAll, TableColumns, drop_table, index};
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &Table::create()
                    .table(WebSessions::Table)
                    .col(string_len(WebSessions::IdHash, 64).primary_key())
                    .col_references(
                        uuid(WebSessions::UserId),
                        "fk_web_sessions_user",
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    )
                    .col(string_len(WebSessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(WebSessions::CreatedAt))
                    .col(timestamp_with_time_zone(WebSessions::LastSeenAt))
                    .col(timestamp_with_time_zone(WebSessions::ExpiresAt))
                    .to_owned(),
                &index("ix_web_sessions_user", WebSessions::Table, [WebSessions::UserId]),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.execute_all(&[&drop_table(WebSessions::Table)]).await
    }
}
