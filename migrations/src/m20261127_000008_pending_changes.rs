//! Changes to the identity (name, kind, organisasjonsnummer, website) of a verified
//! organisation wait for an admin: they are kept beside the verified values, as JSON, with
//! the time the first of them was made (the verification queue is ordered by it).

use sea_orm_migration::prelude::*;

use crate::ddl::{NewColumn, additions};
use crate::idens::Organisations;

#[derive(DeriveMigrationName)]
pub struct Migration;

additions! {
    columns [
        NewColumn::new(
            Organisations::Table,
            ColumnDef::new(Organisations::PendingChanges).text().null(),
        ),
        NewColumn::new(
            Organisations::Table,
            ColumnDef::new(Organisations::PendingSince).timestamp_with_time_zone().null(),
        ),
    ]
}
