//! Reference data can be retired by an admin: a retired kommunedel or category stays
//! readable (old listings keep showing it) but is no longer offered for new ones. Both
//! tables already carry the `version` that backs `If-Match`.

use sea_orm_migration::prelude::*;

use crate::ddl::{NewColumn, additions};
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

additions! {
    columns [
        NewColumn::new(Districts::Table, retired()),
        NewColumn::new(Categories::Table, retired()),
    ]
}
