//! Access tokens end at once at logout and at a password change: each account carries a
//! token version that those move on, and an access token names the version it was issued
//! under. A token of an older version is refused, instead of living on for its 15 minutes.

use sea_orm_migration::prelude::*;

use crate::ddl::{NewColumn, additions};
use crate::idens::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    TokenVersion,
}

additions! {
    columns [NewColumn::new(
        Users::Table,
        ColumnDef::new(Account::TokenVersion).integer().not_null().default(0).to_owned(),
    )]
}
