//! The few statement builders the migrations share, so that each migration reads as a list
//! of the tables, keys and indexes it declares. Every helper builds exactly the statement
//! the equivalent sea-query chain would: the schema they produce is the deployed one.

use sea_orm::{ConnectionTrait, DbBackend, StatementBuilder};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{integer, timestamp_with_time_zone};

/// Runs a migration's statements: `manager.execute_all(&[&create_table, &index, ...])`.
pub(crate) trait ExecuteAll {
    /// Executes `statements` in order, stopping at the first that fails.
    async fn execute_all(&self, statements: &[&dyn StatementBuilder]) -> Result<(), DbErr>;
}

impl ExecuteAll for SchemaManager<'_> {
    async fn execute_all(&self, statements: &[&dyn StatementBuilder]) -> Result<(), DbErr> {
        let backend = self.get_database_backend();
        for statement in statements {
            self.get_connection().execute_raw(statement.build(&backend)).await?;
        }
        Ok(())
    }
}

/// Column groups that the conventions (see the crate docs) repeat across tables.
pub(crate) trait TableColumns {
    /// The `version` counter of a mutable row (starting at 1; it backs the ETag), then when
    /// the row was created and when it last changed.
    fn version_and_timestamps(
        &mut self,
        version: impl IntoIden,
        created_at: impl IntoIden,
        updated_at: impl IntoIden,
    ) -> &mut Self;

    /// Adds `column` (a uuid, or a nullable one) holding the id of a row of `to` (table,
    /// column), and the foreign key `name` that keeps it so; `on_delete` says what deleting
    /// that row does to this one. The key is listed after the columns, in the order of these
    /// calls, as `.foreign_key` would list it.
    fn col_references(
        &mut self,
        column: ColumnDef,
        name: &str,
        to: (impl IntoTableRef, impl IntoIden),
        on_delete: ForeignKeyAction,
    ) -> &mut Self;
}

impl TableColumns for TableCreateStatement {
    fn version_and_timestamps(
        &mut self,
        version: impl IntoIden,
        created_at: impl IntoIden,
        updated_at: impl IntoIden,
    ) -> &mut Self {
        self.col(integer(version).default(1))
            .col(timestamp_with_time_zone(created_at))
            .col(timestamp_with_time_zone(updated_at))
    }

    fn col_references(
        &mut self,
        column: ColumnDef,
        name: &str,
        to: (impl IntoTableRef, impl IntoIden),
        on_delete: ForeignKeyAction,
    ) -> &mut Self {
        let mut key = ForeignKey::create();
        key.name(name).from_col(Alias::new(column.get_column_name()));
        if let Some(table) = self.get_table_name() {
            key.from_tbl(table.clone());
        }
        key.to(to.0, to.1).on_delete(on_delete);
        self.col(column).foreign_key(&mut key)
    }
}

/// The primary key of a table keyed by more than one column (a join table).
pub(crate) fn composite_key(
    columns: impl IntoIterator<Item = impl IntoIndexColumn>,
) -> IndexCreateStatement {
    let mut key = Index::create();
    for column in columns {
        key.col(column);
    }
    key
}

/// An index `name` on `columns` of `table`, in that order.
pub(crate) fn index(
    name: &str,
    table: impl IntoTableRef,
    columns: impl IntoIterator<Item = impl IntoIndexColumn>,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index
}

/// A unique index `name` on `columns` of `table`. Both backends let many rows hold NULL in
/// a unique column.
pub(crate) fn unique_index(
    name: &str,
    table: impl IntoTableRef,
    columns: impl IntoIterator<Item = impl IntoIndexColumn>,
) -> IndexCreateStatement {
    index(name, table, columns).unique().to_owned()
}

pub(crate) fn drop_index(name: &str, table: impl IntoTableRef) -> IndexDropStatement {
    Index::drop().name(name).table(table).to_owned()
}

/// Adds one column: SQLite's ALTER TABLE takes a single column per statement.
pub(crate) fn add_column(
    table: impl IntoTableRef,
    column: impl IntoColumnDef,
) -> TableAlterStatement {
    Table::alter().table(table).add_column(column).to_owned()
}

pub(crate) fn drop_column(table: impl IntoTableRef, column: impl IntoIden) -> TableAlterStatement {
    Table::alter().table(table).drop_column(column).to_owned()
}

pub(crate) fn drop_table(table: impl IntoTableRef) -> TableDropStatement {
    Table::drop().table(table).to_owned()
}

/// Sort keys compare byte by byte on both backends: SQLite's default collation already does;
/// PostgreSQL needs "C", or the server's locale would reorder them.
pub(crate) fn binary_sorted(mut col: ColumnDef, backend: DbBackend) -> ColumnDef {
    if backend == DbBackend::Postgres {
        col.extra("COLLATE \"C\"");
    }
    col
}
