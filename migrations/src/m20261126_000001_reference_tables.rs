//! Reference data: kommunedeler (districts) and activity categories (a tree, one level of
//! parent per row).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Districts {
    Table,
    Id,
    Code,
    Slug,
    Name,
    ShortName,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Categories {
    Table,
    Id,
    Slug,
    Name,
    ParentId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Districts::Table)
                    .col(pk_uuid(Districts::Id))
                    .col(string_len(Districts::Code, 8))
                    .col(string_len(Districts::Slug, 64))
                    .col(string_len(Districts::Name, 200))
                    .col(string_len_null(Districts::ShortName, 100))
                    .col(integer(Districts::Version).default(1))
                    .col(timestamp_with_time_zone(Districts::CreatedAt))
                    .col(timestamp_with_time_zone(Districts::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_districts_code")
                    .table(Districts::Table)
                    .col(Districts::Code)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_districts_slug")
                    .table(Districts::Table)
                    .col(Districts::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Categories::Table)
                    .col(pk_uuid(Categories::Id))
                    .col(string_len(Categories::Slug, 64))
                    .col(string_len(Categories::Name, 200))
                    .col(uuid_null(Categories::ParentId))
                    .col(integer(Categories::Version).default(1))
                    .col(timestamp_with_time_zone(Categories::CreatedAt))
                    .col(timestamp_with_time_zone(Categories::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_categories_parent")
                            .from(Categories::Table, Categories::ParentId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_categories_slug")
                    .table(Categories::Table)
                    .col(Categories::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_categories_parent")
                    .table(Categories::Table)
                    .col(Categories::ParentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Categories::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Districts::Table).to_owned())
            .await
    }
}
