//! The few statement builders the migrations share, so that each migration reads as a list
//! of the tables, keys and indexes it declares, and the runner of the migrations that only
//! add ([`Additive`]). Every helper builds exactly the statement the equivalent sea-query
//! chain would: the schema they produce is the deployed one.

use sea_orm::{ConnectionTrait, DbBackend, StatementBuilder};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    integer, small_integer, string_len, timestamp_with_time_zone, uuid,
};

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

/// What a migration that only adds to the schema adds: new tables (each with its indexes)
/// and new columns of existing tables. Run it as [`Additive`]: `up` adds them in the order
/// given, `down` removes them in reverse, so the two cannot drift apart.
pub(crate) trait Additions {
    /// The tables to create, in order. `backend` is for columns that differ between backends.
    fn tables(&self, _backend: DbBackend) -> Vec<NewTable> {
        Vec::new()
    }

    /// The columns to add to existing tables (after the tables), in order.
    fn columns(&self) -> Vec<NewColumn> {
        Vec::new()
    }
}

/// Implements [`Additions`] for the module's `Migration` from the lists alone, so that a
/// migration reads as what it adds:
///
/// ```text
/// additions! {
///     tables(backend) [NewTable::new(…).col(…), …]
///     columns [NewColumn::new(…), …]
/// }
/// ```
///
/// Either list may be left out; `backend` names the [`DbBackend`] for the table list.
macro_rules! additions {
    (
        $(tables($backend:ident) [$($table:expr),* $(,)?])?
        $(columns [$($column:expr),* $(,)?])?
    ) => {
        impl $crate::ddl::Additions for Migration {
            $(
                fn tables(&self, $backend: ::sea_orm::DbBackend) -> Vec<$crate::ddl::NewTable> {
                    vec![$($table),*]
                }
            )?
            $(
                fn columns(&self) -> Vec<$crate::ddl::NewColumn> {
                    vec![$($column),*]
                }
            )?
        }
    };
}
pub(crate) use additions;

/// Runs an [`Additions`] migration; its name is the wrapped migration's.
pub(crate) struct Additive<M>(pub(crate) M);

impl<M: MigrationName> MigrationName for Additive<M> {
    fn name(&self) -> &str {
        self.0.name()
    }
}

#[async_trait::async_trait]
impl<M: Additions + MigrationName + Send + Sync> MigrationTrait for Additive<M> {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in self.0.tables(manager.get_database_backend()) {
            manager.execute_all(&[&table.create]).await?;
            for index in &table.indexes {
                manager.execute_all(&[index]).await?;
            }
        }
        for NewColumn { table, column } in self.0.columns() {
            manager.execute_all(&[&add_column(table, column)]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for NewColumn { table, column } in self.0.columns().into_iter().rev() {
            let name = Alias::new(column.get_column_name());
            manager.execute_all(&[&drop_column(table, name)]).await?;
        }
        for table in self.0.tables(manager.get_database_backend()).iter().rev() {
            manager.execute_all(&[&drop_table(table.name.clone())]).await?;
        }
        Ok(())
    }
}

/// A table a migration creates, with the indexes created right after it: `NewTable::new` names
/// it, then its columns, keys and indexes follow in order, as in a `Table::create()` chain.
pub(crate) struct NewTable {
    name: DynIden,
    create: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

impl NewTable {
    pub(crate) fn new(table: impl IntoIden) -> Self {
        let name = table.into_iden();
        let create = Table::create().table(name.clone()).to_owned();
        NewTable { name, create, indexes: Vec::new() }
    }

    /// Then a column.
    pub(crate) fn col(mut self, column: impl IntoColumnDef) -> Self {
        self.create.col(column);
        self
    }

    /// Then the primary key of a table keyed by more than one column (a join table).
    pub(crate) fn primary_key(
        mut self, columns: impl IntoIterator<Item = impl IntoIndexColumn>,
    ) -> Self {
        self.create.primary_key(&mut composite_key(columns));
        self
    }

    /// Then the `version` counter of a mutable row (starting at 1; it backs the ETag), when
    /// the row was created and when it last changed: the columns the conventions (see the
    /// crate docs) give every mutable table.
    pub(crate) fn version_and_timestamps(
        self, version: impl IntoIden, created_at: impl IntoIden, updated_at: impl IntoIden,
    ) -> Self {
        self.col(integer(version).default(1))
            .col(timestamp_with_time_zone(created_at))
            .col(timestamp_with_time_zone(updated_at))
    }

    /// Then `column` (a uuid, or a nullable one) holding the `id` of a row of the table `to`,
    /// and the foreign key that keeps it so, named by the convention
    /// `fk_<this table>_<the column without "_id">` (`fk_memberships_user`); `on_delete` says
    /// what deleting that row does to this one.
    pub(crate) fn references(
        self, column: ColumnDef, to: impl IntoTableRef, on_delete: ForeignKeyAction,
    ) -> Self {
        let column_name = column.get_column_name();
        let referred = column_name.strip_suffix("_id").unwrap_or(&column_name);
        let name = format!("fk_{}_{referred}", self.name);
        self.col_references(column, &name, (to, Alias::new("id")), on_delete)
    }

    /// Then `column` (a uuid, or a nullable one) holding the id of a row of `to` (table,
    /// column), and the foreign key `name` that keeps it so; `on_delete` says what deleting
    /// that row does to this one. The key is listed after the columns, in the order of these
    /// calls, as `.foreign_key` would list it.
    pub(crate) fn col_references(
        mut self, column: ColumnDef, name: &str, to: (impl IntoTableRef, impl IntoIden),
        on_delete: ForeignKeyAction,
    ) -> Self {
        let mut key = ForeignKey::create();
        key.name(name)
            .from_col(Alias::new(column.get_column_name()))
            .from_tbl(self.name.clone())
            .to(to.0, to.1)
            .on_delete(on_delete);
        self.create.col(column).foreign_key(&mut key);
        self
    }

    /// Then an index `name` on `columns` of this table, in that order.
    pub(crate) fn index(
        mut self, name: &str, columns: impl IntoIterator<Item = impl IntoIndexColumn>,
    ) -> Self {
        self.indexes.push(index(name, self.name.clone(), columns));
        self
    }

    /// Then a unique index `name` on `columns` of this table. Both backends let many rows
    /// hold NULL in a unique column.
    pub(crate) fn unique_index(
        self, name: &str, columns: impl IntoIterator<Item = impl IntoIndexColumn>,
    ) -> Self {
        let mut new = self.index(name, columns);
        if let Some(index) = new.indexes.last_mut() {
            index.unique();
        }
        new
    }
}

/// A column a migration adds to an existing table.
pub(crate) struct NewColumn {
    table: TableRef,
    column: ColumnDef,
}

impl NewColumn {
    pub(crate) fn new(table: impl IntoTableRef, column: impl IntoColumnDef) -> Self {
        NewColumn { table: table.into_table_ref(), column: column.into_column_def() }
    }
}

/// The search terms of one kind of listing (activities, volunteering opportunities), as the
/// store fills them from one normalisation on both backends: `columns` are the term (byte
/// sorted, up to 64 bytes), the id of the listing's row (`rows`; the terms go with the row,
/// by the foreign key `fk_name`) and the term's weight. Keyed by term then row, for the
/// search; the index `index_name` finds a row's terms to replace them.
pub(crate) fn search_terms_table<C: IntoIden>(
    backend: DbBackend, table: impl IntoIden, columns: [C; 3], fk_name: &str,
    rows: (impl IntoTableRef, impl IntoIden), index_name: &str,
) -> NewTable {
    let [term, row, weight] = columns.map(IntoIden::into_iden);
    NewTable::new(table)
        .col(binary_sorted(string_len(term.clone(), 64), backend))
        .col_references(uuid(row.clone()), fk_name, rows, ForeignKeyAction::Cascade)
        .col(small_integer(weight))
        .primary_key([term, row.clone()])
        .index(index_name, [row])
}

/// The primary key of a table keyed by more than one column (a join table); also the
/// columns of the indexes below.
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
    name: &str, table: impl IntoTableRef, columns: impl IntoIterator<Item = impl IntoIndexColumn>,
) -> IndexCreateStatement {
    composite_key(columns).name(name).table(table).to_owned()
}

pub(crate) fn drop_index(name: &str, table: impl IntoTableRef) -> IndexDropStatement {
    Index::drop().name(name).table(table).to_owned()
}

/// Adds one column: SQLite's ALTER TABLE takes a single column per statement.
pub(crate) fn add_column(
    table: impl IntoTableRef, column: impl IntoColumnDef,
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
