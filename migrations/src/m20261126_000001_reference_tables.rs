//! Reference data: kommunedeler (districts) and activity categories (a tree, one level of
//! parent per row).

use sea_orm_migration::prelude::ForeignKeyAction::Restrict;
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions};
use crate::idens::{Categories, Districts};

#[derive(DeriveMigrationName)]
pub struct Migration;

additions! {
    tables(_backend) [
        NewTable::new(Districts::Table)
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
            .unique_index("uq_districts_code", [Districts::Code])
            .unique_index("uq_districts_slug", [Districts::Slug]),
        NewTable::new(Categories::Table)
            .col(pk_uuid(Categories::Id))
            .col(string_len(Categories::Slug, 64))
            .col(string_len(Categories::Name, 200))
            .references(uuid_null(Categories::ParentId), Categories::Table, Restrict)
            .version_and_timestamps(
                Categories::Version,
                Categories::CreatedAt,
                Categories::UpdatedAt,
            )
            .unique_index("uq_categories_slug", [Categories::Slug])
            .index("ix_categories_parent", [Categories::ParentId]),
    ]
}
