//! Query shapes the repositories share, written once: reading the row a query is about or
//! `NotFound`, rows and columns by one column, links resolved to slugs, inserts (in chunks
//! for many rows), deletes by one column, updates guarded by a version or by a timestamp not
//! yet set, and the condition of a keyset page.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use fritid_domain::reference::Slug;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select,
    TryGetable, TryGetableMany, UpdateMany, Value,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::organisation;
use crate::error::corrupt;

/// A column whose table the helpers below query: the column names its entity.
pub(crate) trait TableColumn: ColumnTrait<EntityName: EntityTrait> {}

impl<T: ColumnTrait<EntityName: EntityTrait>> TableColumn for T {}

/// The entity a column belongs to.
type Table<Col> = <Col as ColumnTrait>::EntityName;

/// A row of the table a column belongs to.
type Row<Col> = <Table<Col> as EntityTrait>::Model;

// ---- reading ---------------------------------------------------------------------------

/// Reading the one row a query is about.
pub(crate) trait Existing<E: EntityTrait> {
    /// The row, or `NotFound` when there is none.
    async fn existing(self, db: &impl ConnectionTrait) -> Result<E::Model, StoreError>;
}

impl<E: EntityTrait> Existing<E> for Select<E> {
    async fn existing(self, db: &impl ConnectionTrait) -> Result<E::Model, StoreError> {
        self.one(db).await?.ok_or(StoreError::NotFound)
    }
}

/// The one item a load by a single id returns, or `NotFound`.
pub(crate) fn single<T>(mut items: Vec<T>) -> Result<T, StoreError> {
    items.pop().ok_or(StoreError::NotFound)
}

/// The loaded items in the order of `ids` (missing ones left out).
pub(crate) fn in_order<T>(ids: &[Uuid], mut by_id: HashMap<Uuid, T>) -> Vec<T> {
    ids.iter().filter_map(|id| by_id.remove(id)).collect()
}

/// The row whose (unique) `column` holds `value`, if any.
pub(crate) async fn row_where<Col: TableColumn>(
    db: &impl ConnectionTrait, column: Col, value: impl Into<Value>,
) -> Result<Option<Row<Col>>, StoreError> {
    Ok(Table::<Col>::find().filter(column.eq(value)).one(db).await?)
}

/// The rows whose `column` holds one of `values`.
pub(crate) async fn rows_in<Col: TableColumn, V: Into<Value>>(
    db: &impl ConnectionTrait, column: Col, values: impl IntoIterator<Item = V>,
) -> Result<Vec<Row<Col>>, StoreError> {
    Ok(Table::<Col>::find().filter(column.is_in(values)).all(db).await?)
}

/// The `columns` (one value, or a tuple of them) of every row matching `condition`.
pub(crate) async fn select_where<T: TryGetableMany, Col: TableColumn>(
    db: &impl ConnectionTrait, columns: impl IntoIterator<Item = Col>, condition: SimpleExpr,
) -> Result<Vec<T>, StoreError> {
    Ok(Table::<Col>::find()
        .select_only()
        .columns(columns)
        .filter(condition)
        .into_tuple()
        .all(db)
        .await?)
}

/// `key → value` for the rows whose `key` is one of `keys`.
pub(crate) async fn column_by_key<Col, K, V>(
    db: &impl ConnectionTrait, (key, value): (Col, Col), keys: Vec<K>,
) -> Result<HashMap<K, V>, StoreError>
where
    Col: TableColumn,
    K: Into<Value> + TryGetable + Eq + Hash,
    V: TryGetable,
{
    let pairs: Vec<(K, V)> = select_where(db, [key, value], key.is_in(keys)).await?;
    Ok(pairs.into_iter().collect())
}

/// How many rows `select` finds for each value of `column` (values with none left out).
pub(crate) async fn count_by<K: TryGetable, Col: TableColumn>(
    db: &impl ConnectionTrait, select: Select<Table<Col>>, column: Col,
) -> Result<Vec<(K, u64)>, StoreError> {
    let counts: Vec<(K, i64)> = select
        .select_only()
        .column(column)
        .column_as(column.count(), "n")
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|(key, n)| (key, u64::try_from(n).unwrap_or(0))).collect())
}

/// The names of the given organisations.
pub(crate) async fn organisation_names(
    db: &impl ConnectionTrait, ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let columns = (organisation::Column::Id, organisation::Column::Name);
    column_by_key(db, columns, ids).await
}

/// The rows of `ids` (by their `id` column), each with the name of the organisation that
/// `owner` says owns it: how the loaders of listings begin. A missing organisation is
/// corrupt data.
pub(crate) async fn rows_with_owner_names<Col: TableColumn>(
    db: &impl ConnectionTrait, id: Col, ids: &[Uuid], owner: impl Fn(&Row<Col>) -> Uuid,
) -> Result<Vec<(Row<Col>, String)>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = rows_in(db, id, ids.to_vec()).await?;
    let names = organisation_names(db, rows.iter().map(&owner).collect()).await?;
    rows.into_iter()
        .map(|row| {
            let organisation = owner(&row);
            let name = names.get(&organisation).cloned();
            Ok((row, name.ok_or_else(|| corrupt("organisation", &organisation.to_string()))?))
        })
        .collect()
}

/// The name of the organisation that owns the `what` (`activity`, `opportunity`) `id`; a
/// missing one is corrupt data.
pub(crate) async fn owner_name(
    db: &impl ConnectionTrait, organisation_id: Uuid, what: &str, id: Uuid,
) -> Result<String, StoreError> {
    organisation::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .map(|o| o.name)
        .ok_or_else(|| corrupt(&format!("organisation of {what}"), &id.to_string()))
}

/// The sorted slugs of what the `owners` link to through a link table's (`owner`,
/// `reference`) columns: `slug_of` gives a referenced id's slug, or says the row is corrupt.
pub(crate) async fn linked_slugs<Col: TableColumn>(
    db: &impl ConnectionTrait, (owner, reference): (Col, Col), owners: &[Uuid],
    slug_of: impl Fn(Uuid) -> Result<Slug, StoreError>,
) -> Result<HashMap<Uuid, Vec<Slug>>, StoreError> {
    if owners.is_empty() {
        return Ok(HashMap::new());
    }
    let links: Vec<(Uuid, Uuid)> =
        select_where(db, [owner, reference], owner.is_in(owners.to_vec())).await?;
    let mut by_owner: HashMap<Uuid, Vec<Slug>> = HashMap::new();
    for (owner, reference) in links {
        by_owner.entry(owner).or_default().push(slug_of(reference)?);
    }
    for slugs in by_owner.values_mut() {
        slugs.sort();
    }
    Ok(by_owner)
}

// ---- writing ---------------------------------------------------------------------------

/// Inserts one row.
pub(crate) async fn insert(
    db: &impl ConnectionTrait, row: impl ActiveModelTrait,
) -> Result<(), StoreError> {
    insert_chunked(db, &[row], 1).await
}

/// Rows per multi-row INSERT of the narrow derived tables (links, slots, terms).
pub(crate) const DERIVED_CHUNK: usize = 5000;

/// Inserts `rows` with one multi-row INSERT per `chunk` of them, staying below SQLite's limit
/// of 32766 bound values per statement. Nothing is written for no rows.
pub(crate) async fn insert_chunked<A: ActiveModelTrait>(
    db: &impl ConnectionTrait, rows: &[A], chunk: usize,
) -> Result<(), StoreError> {
    for part in rows.chunks(chunk) {
        A::Entity::insert_many(part.to_vec()).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Deletes the rows whose `column` holds `value`.
pub(crate) async fn delete_where<Col: TableColumn>(
    db: &impl ConnectionTrait, column: Col, value: impl Into<Value>,
) -> Result<(), StoreError> {
    Table::<Col>::delete_many().filter(column.eq(value)).exec(db).await?;
    Ok(())
}

/// Running an update that the client's version guards.
pub(crate) trait IfCurrent {
    /// Runs the update; when it changed no row, the version it was guarded by is stale.
    async fn exec_if_current(self, db: &impl ConnectionTrait) -> Result<(), StoreError>;
}

impl<E: EntityTrait> IfCurrent for UpdateMany<E> {
    async fn exec_if_current(self, db: &impl ConnectionTrait) -> Result<(), StoreError> {
        if self.exec(db).await?.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        Ok(())
    }
}

/// Sets the timestamp `column` of the row `id` unless it is set already, and tells whether
/// this call did: the conditional update is the lock, so of two concurrent callers one wins.
pub(crate) async fn mark_once<Col: TableColumn>(
    db: &impl ConnectionTrait, (id_column, id): (Col, Uuid), column: Col, now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let marked = Table::<Col>::update_many()
        .col_expr(column, Expr::value(now))
        .filter(id_column.eq(id))
        .filter(column.is_null())
        .exec(db)
        .await?;
    Ok(marked.rows_affected > 0)
}

// ---- pages -----------------------------------------------------------------------------

/// Which way a keyset page walks its sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    Ascending,
    Descending,
}

/// The rows after (`key`, `id`) in a list ordered by `key_column`, then `id_column`, both
/// walked the same way.
///
/// Written as `key >= k AND (key > k OR id > i)`, not `key > k OR (key = k AND id > i)`:
/// the same rows, but SQLite plans the second form, with bound values, as a scan of the
/// whole index (130 ms at 500 000 activities, on every feed page and follower poll), and
/// the first as a range of it.
pub(crate) fn after<C: ColumnTrait>(
    key_column: C, id_column: C, (key, id): (impl Into<Value> + Clone, Uuid), walk: Walk,
) -> SimpleExpr {
    match walk {
        Walk::Ascending => key_column.gte(key.clone()).and(key_column.gt(key).or(id_column.gt(id))),
        Walk::Descending => {
            key_column.lte(key.clone()).and(key_column.lt(key).or(id_column.lt(id)))
        }
    }
}
