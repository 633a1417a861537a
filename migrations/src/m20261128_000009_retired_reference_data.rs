//! Reference data can be retired by an admin: a retired kommunedel or category stays
//! readable (old listings keep showing it) but is no longer offered for new ones. Both
//! tables already carry the `version` that backs `If-Match`.

use sea_orm_migration::prelude::*;

use crate::ddl::{ExecuteAll, add_column, drop_column};
use crate::idens::{Categories, Districts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reference {
    Retired,
}

fn retired() -> ColumnDef {
    ColumnDef::new(Reference::Retired).boolean().not_null().default(false).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &add_column(Districts::Table, retired()),
                &add_column(Categories::Table, retired()),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &drop_column(Categories::Table, Reference::Retired),
                &drop_column(Districts::Table, Reference::Retired),
            ])
            .await
    }
}
