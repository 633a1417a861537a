//! Reference data: kommunedeler (districts) and activity categories (a tree, one level of
//! parent per row).

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{ExecuteAll, TableColumns, drop_table, index, unique_index};
use crate::idens::{Categories, Districts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &Table::create()
                    .table(Districts::Table)
                    .col(pk_uuid(Districts::Id))
                    .col(string_len(Districts::Code, 8))
                    .col(string_len(Districts::Slug, 64))
                    .col(string_len(Districts::Name, 200))
                    .col(string_len_null(Districts::ShortName, 100))
                    .version_and_timestamps(
                        Districts::Version,
                        Districts::CreatedAt,
                        Districts::UpdatedAt,
                    )
                    .to_owned(),
                &unique_index("uq_districts_code", Districts::Table, [Districts::Code]),
                &unique_index("uq_districts_slug", Districts::Table, [Districts::Slug]),
                &Table::create()
                    .table(Categories::Table)
                    .col(pk_uuid(Categories::Id))
                    .col(string_len(Categories::Slug, 64))
                    .col(string_len(Categories::Name, 200))
                    .col_references(
                        uuid_null(Categories::ParentId),
                        "fk_categories_parent",
                        (Categories::Table, Categories::Id),
                        ForeignKeyAction::Restrict,
                    )
                    .version_and_timestamps(
                        Categories::Version,
                        Categories::CreatedAt,
                        Categories::UpdatedAt,
                    )
                    .to_owned(),
                &unique_index("uq_categories_slug", Categories::Table, [Categories::Slug]),
                &index("ix_categories_parent", Categories::Table, [Categories::ParentId]),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.execute_all(&[&drop_table(Categories::Table), &drop_table(Districts::Table)]).await
    }
}
