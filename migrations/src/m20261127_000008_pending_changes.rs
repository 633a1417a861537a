//! Changes to the identity (name, kind, organisasjonsnummer, website) of a verified
//! organisation wait for an admin: they are kept beside the verified values, as JSON, with
//! the time the first of them was made (the verification queue is ordered by it).

use sea_orm_migration::prelude::*;

use crate::ddl::{ExecuteAll, add_column, drop_column};
use crate::idens::Organisations;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &add_column(
                    Organisations::Table,
                    ColumnDef::new(Organisations::PendingChanges).text().null(),
                ),
                &add_column(
                    Organisations::Table,
                    ColumnDef::new(Organisations::PendingSince).timestamp_with_time_zone().null(),
                ),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &drop_column(Organisations::Table, Organisations::PendingSince),
                &drop_column(Organisations::Table, Organisations::PendingChanges),
            ])
            .await
    }
}
