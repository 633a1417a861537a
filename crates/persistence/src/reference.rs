//! Districts (kommunedeler) and categories: read by everyone, changed by the
//! municipality's admins. A retired one stays (listings that use it keep showing it); one
//! that nothing uses can be deleted.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::audit::Audit;
use fritid_domain::reference::{Category, District, NewCategory, NewDistrict, Slug, check_parent};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::clock::now_micros;
use crate::entity::{
    activity, activity_category, category, district, organisation_district, volunteer_opportunity,
};
use crate::error::corrupt;
use crate::query::{IfCurrent, insert, row_where};
use crate::tracked::{Versioned, VersionedUpdate};
use crate::write::Write;
use crate::{Store, StoreError};

/// The slug `found` for the `what` (district, category) with `id` that a stored row names:
/// none, or one that is not a slug, is corrupt data.
pub(crate) fn referenced_slug(
    what: &str, found: Option<&str>, id: Uuid,
) -> Result<Slug, StoreError> {
    let slug = found.ok_or_else(|| corrupt(&format!("{what} id"), &id.to_string()))?;
    Slug::parse(what, slug).map_err(|_| corrupt(what, slug))
}

impl TryFrom<district::Model> for District {
    type Error = StoreError;

    fn try_from(m: district::Model) -> Result<Self, StoreError> {
        Ok(District {
            id: m.id,
            slug: stored_slug(&m.slug)?,
            code: m.code,
            name: m.name,
            short_name: m.short_name,
            retired: m.retired,
            version: m.version,
        })
    }
}

/// A slug read back from the database was valid when written; a bad one means the data was
/// changed behind the application's back, which is worth an error rather than a guess.
fn stored_slug(value: &str) -> Result<Slug, StoreError> {
    Slug::parse("slug", value).map_err(|_| crate::error::corrupt("slug", value))
}

/// Category rows as categories, parents resolved to slugs, in the rows' order.
fn categories_of(rows: Vec<category::Model>) -> Result<Vec<Category>, StoreError> {
    let slugs: HashMap<_, _> = rows.iter().map(|r| (r.id, r.slug.clone())).collect();
    rows.into_iter()
        .map(|m| {
            let parent = m
                .parent_id
                .map(|id| referenced_slug("parent", slugs.get(&id).map(String::as_str), id))
                .transpose()?;
            Ok(Category {
                id: m.id,
                slug: stored_slug(&m.slug)?,
                name: m.name,
                parent,
                retired: m.retired,
                version: m.version,
            })
        })
        .collect()
}

async fn all_categories<C: ConnectionTrait>(db: &C) -> Result<Vec<Category>, StoreError> {
    categories_of(category::Entity::find().order_by_asc(category::Column::Slug).all(db).await?)
}

impl Store {
    /// All districts, in the municipality's order (by code).
    pub async fn list_districts(&self) -> Result<Vec<District>, StoreError> {
        district::Entity::find()
            .order_by_asc(district::Column::Code)
            .all(&self.db)
            .await?
            .into_iter()
            .map(District::try_from)
            .collect()
    }

    pub async fn get_district(&self, slug: &Slug) -> Result<District, StoreError> {
        district::Entity::find()
            .filter(district::Column::Slug.eq(slug.as_str()))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?
            .try_into()
    }

    /// All categories, parents resolved to slugs, ordered by slug.
    pub async fn list_categories(&self) -> Result<Vec<Category>, StoreError> {
        all_categories(&self.db).await
    }

    pub async fn get_category(&self, slug: &Slug) -> Result<Category, StoreError> {
        self.list_categories()
            .await?
            .into_iter()
            .find(|c| &c.slug == slug)
            .ok_or(StoreError::NotFound)
    }
}

/// Reference data as lookups, loaded once per operation (ten districts, a few dozen
/// categories).
#[derive(Debug, Clone, Default)]
pub struct References {
    district_ids: HashMap<String, Uuid>,
    district_slugs: HashMap<Uuid, String>,
    category_ids: HashMap<String, Uuid>,
    category_slugs: HashMap<Uuid, String>,
    /// Parent slug → child slugs.
    children: HashMap<String, Vec<String>>,
    /// Slugs of the retired ones.
    retired_districts: HashSet<String>,
    retired_categories: HashSet<String>,
}

impl References {
    pub(crate) async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, StoreError> {
        let mut refs = References::default();
        for d in district::Entity::find().all(db).await? {
            if d.retired {
                refs.retired_districts.insert(d.slug.clone());
            }
            refs.district_ids.insert(d.slug.clone(), d.id);
            refs.district_slugs.insert(d.id, d.slug);
        }
        let categories = category::Entity::find().all(db).await?;
        let slugs: HashMap<Uuid, String> =
            categories.iter().map(|c| (c.id, c.slug.clone())).collect();
        for c in categories {
            if let Some(parent) = c.parent_id.and_then(|p| slugs.get(&p)) {
                refs.children.entry(parent.clone()).or_default().push(c.slug.clone());
            }
            if c.retired {
                refs.retired_categories.insert(c.slug.clone());
            }
            refs.category_ids.insert(c.slug.clone(), c.id);
            refs.category_slugs.insert(c.id, c.slug);
        }
        Ok(refs)
    }

    pub fn district_id(&self, slug: &Slug) -> Option<Uuid> {
        self.district_ids.get(slug.as_str()).copied()
    }

    /// Whether the district is retired (no longer offered for new listings).
    pub fn district_retired(&self, slug: &Slug) -> bool {
        self.retired_districts.contains(slug.as_str())
    }

    /// Whether the category is retired (no longer offered for new listings).
    pub fn category_retired(&self, slug: &Slug) -> bool {
        self.retired_categories.contains(slug.as_str())
    }

    pub fn district_slug(&self, id: Uuid) -> Option<&str> {
        self.district_slugs.get(&id).map(String::as_str)
    }

    /// The district a stored row names by id; an unknown one is corrupt data.
    pub(crate) fn stored_district(&self, id: Uuid) -> Result<Slug, StoreError> {
        referenced_slug("district", self.district_slug(id), id)
    }

    /// The category a stored row names by id; an unknown one is corrupt data.
    pub(crate) fn stored_category(&self, id: Uuid) -> Result<Slug, StoreError> {
        referenced_slug("category", self.category_slug(id), id)
    }

    /// The ids of a search's district filters; an unknown one is recorded in `errors`.
    pub(crate) fn district_filter(
        &self, slugs: &[Slug], errors: &mut fritid_domain::ValidationErrors,
    ) -> Vec<Uuid> {
        let mut ids = Vec::new();
        for d in slugs {
            match self.district_id(d) {
                Some(id) => ids.push(id),
                None => errors.push("district", format!("{d} is not a known district")),
            }
        }
        ids
    }

    pub fn category_id(&self, slug: &Slug) -> Option<Uuid> {
        self.category_ids.get(slug.as_str()).copied()
    }

    pub fn category_slug(&self, id: Uuid) -> Option<&str> {
        self.category_slugs.get(&id).map(String::as_str)
    }

    /// The category and all its descendants ("idrett" → idrett, fotball, håndball, …).
    pub fn with_descendants(&self, slug: &str) -> Vec<Uuid> {
        let mut out = Vec::new();
        let mut stack = vec![slug.to_owned()];
        while let Some(s) = stack.pop() {
            if let Some(id) = self.category_ids.get(&s)
                && !out.contains(id)
            {
                out.push(*id);
                if let Some(kids) = self.children.get(&s) {
                    stack.extend(kids.iter().cloned());
                }
            }
        }
        out
    }
}

// ---- changes by the municipality's admins ---------------------------------------------

/// What still uses a district or a category: it cannot be deleted while anything does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Activities of any status (a deleted activity's row remains, and with it the link).
    pub activities: u64,
    /// Organisations that name it among their districts.
    pub organisations: u64,
    /// Volunteer opportunities of any status.
    pub opportunities: u64,
    /// Categories whose parent it is.
    pub subcategories: u64,
}

impl Usage {
    pub fn is_unused(&self) -> bool {
        *self == Usage::default()
    }
}

/// A slug or code taken already, named by the unique index it would break.
fn taken(index: &str) -> StoreError {
    StoreError::Conflict { constraint: Some(index.to_owned()) }
}

/// The rows of `column`'s table that point at `id`.
async fn uses<Col: crate::query::TableColumn>(
    db: &impl ConnectionTrait, column: Col, id: Uuid,
) -> Result<u64, StoreError>
where
    <Col::EntityName as EntityTrait>::Model: Send + Sync,
{
    Ok(Col::EntityName::find().filter(column.eq(id)).count(db).await?)
}

/// `expected`, when given, must be the stored version.
fn check_version(stored: i32, expected: Option<i32>) -> Result<(), StoreError> {
    match expected {
        Some(v) if v != stored => Err(StoreError::VersionMismatch),
        _ => Ok(()),
    }
}

/// The id of the category `parent` among `tree`, after [`check_parent`] approved it.
fn parent_id(tree: &[Category], parent: Option<&Slug>) -> Option<Uuid> {
    parent.and_then(|p| tree.iter().find(|c| &c.slug == p)).map(|c| c.id)
}

/// A table of reference data the admins keep: its rows are named by a slug, and one can be
/// renamed, retired, and deleted while nothing uses it.
trait ReferenceTable: Versioned {
    /// The resource type of its audit entries.
    const KIND: &'static str;
    const SLUG: Self::Column;
    const NAME: Self::Column;
    const RETIRED: Self::Column;

    /// What uses the row `id`.
    async fn usage(db: &impl ConnectionTrait, id: Uuid) -> Result<Usage, StoreError>;
}

/// The columns every reference table has, by the same names.
macro_rules! reference_columns {
    ($entity:ident, $kind:literal) => {
        const KIND: &'static str = $kind;
        const SLUG: $entity::Column = $entity::Column::Slug;
        const NAME: $entity::Column = $entity::Column::Name;
        const RETIRED: $entity::Column = $entity::Column::Retired;
    };
}

impl ReferenceTable for district::Entity {
    reference_columns!(district, "district");

    /// Activities, organisations and volunteer opportunities in the district.
    async fn usage(db: &impl ConnectionTrait, id: Uuid) -> Result<Usage, StoreError> {
        Ok(Usage {
            activities: uses(db, activity::Column::DistrictId, id).await?,
            organisations: uses(db, organisation_district::Column::DistrictId, id).await?,
            opportunities: uses(db, volunteer_opportunity::Column::DistrictId, id).await?,
            subcategories: 0,
        })
    }
}

impl ReferenceTable for category::Entity {
    reference_columns!(category, "category");

    /// Activities that have the category, and the categories it is the parent of.
    async fn usage(db: &impl ConnectionTrait, id: Uuid) -> Result<Usage, StoreError> {
        Ok(Usage {
            activities: uses(db, activity_category::Column::CategoryId, id).await?,
            subcategories: uses(db, category::Column::ParentId, id).await?,
            ..Usage::default()
        })
    }
}

fn district_row(id: Uuid, new: &NewDistrict, now: DateTime<Utc>) -> district::ActiveModel {
    district::ActiveModel {
        id: Set(id),
        code: Set(new.code.clone()),
        slug: Set(new.slug.to_string()),
        name: Set(new.name.clone()),
        short_name: Set(new.short_name.clone()),
        retired: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

fn category_row(id: Uuid, new: &NewCategory, parent_id: Option<Uuid>) -> category::ActiveModel {
    let now = now_micros();
    category::ActiveModel {
        id: Set(id),
        slug: Set(new.slug.to_string()),
        name: Set(new.name.clone()),
        parent_id: Set(parent_id),
        retired: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

impl Store {
    /// Reference data changed: the next operation that needs it loads it afresh.
    fn forget_references(&self) {
        if let Ok(mut cached) = self.references.write() {
            *cached = None;
        }
    }

    /// Records `audit` about the row `id` of `T`, commits, and forgets the loaded reference
    /// data.
    async fn commit_reference<T: ReferenceTable>(
        &self, txn: Write<'_>, id: Uuid, audit: &Audit,
    ) -> Result<(), StoreError> {
        txn.commit_audited(audit, T::KIND, Some(id)).await?;
        self.forget_references();
        Ok(())
    }

    /// Inserts `row`, whose id is `id`, and commits as [`Store::commit_reference`] does.
    async fn insert_reference<T: ReferenceTable>(
        &self, txn: Write<'_>, (id, row): (Uuid, T::ActiveModel), audit: &Audit,
    ) -> Result<(), StoreError> {
        insert(&*txn, row).await?;
        self.commit_reference::<T>(txn, id, audit).await
    }

    /// Stores the name and the retirement of the row `id` of `T`, and its own `column`,
    /// when the stored version is still `expected_version`; then commits as
    /// [`Store::commit_reference`] does.
    async fn update_reference<T: ReferenceTable>(
        &self, txn: Write<'_>, (id, expected_version): (Uuid, i32), (name, retired): (&str, bool),
        (column, value): (T::Column, SimpleExpr), audit: &Audit,
    ) -> Result<(), StoreError> {
        T::update_many()
            .col_expr(T::NAME, Expr::value(name))
            .col_expr(column, value)
            .col_expr(T::RETIRED, Expr::value(retired))
            .next_version(now_micros())
            .at_version(id, Some(expected_version))
            .exec_if_current(&*txn)
            .await?;
        self.commit_reference::<T>(txn, id, audit).await
    }

    /// Deletes the row of `T` with `slug` unless something uses it; then it says what does.
    async fn delete_reference<T: ReferenceTable>(
        &self, slug: &Slug, expected_version: Option<i32>, audit: &Audit,
    ) -> Result<Result<(), Usage>, StoreError> {
        let txn = self.write().await?;
        let (id, version): (Uuid, i32) = T::find()
            .select_only()
            .columns([T::ID, T::VERSION])
            .filter(T::SLUG.eq(slug.as_str()))
            .into_tuple()
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        check_version(version, expected_version)?;
        let usage = T::usage(&*txn, id).await?;
        if !usage.is_unused() {
            return Ok(Err(usage));
        }
        T::delete_many().filter(T::ID.eq(id)).exec(&*txn).await?;
        self.commit_reference::<T>(txn, id, audit).await?;
        Ok(Ok(()))
    }

    /// Adds a kommunedel; a slug or code in use already is a conflict.
    pub async fn create_district(
        &self, new: &NewDistrict, audit: &Audit,
    ) -> Result<District, StoreError> {
        let txn = self.write().await?;
        if row_where(&*txn, district::Column::Slug, new.slug.as_str()).await?.is_some() {
            return Err(taken("uq_districts_slug"));
        }
        if row_where(&*txn, district::Column::Code, new.code.as_str()).await?.is_some() {
            return Err(taken("uq_districts_code"));
        }
        let id = Uuid::new_v4();
        let row = district_row(id, new, now_micros());
        self.insert_reference::<district::Entity>(txn, (id, row), audit).await?;
        self.get_district(&new.slug).await
    }

    /// Stores the name, short name and retirement of `changed` when the stored version is
    /// still `expected_version`.
    pub async fn update_district(
        &self, changed: &District, expected_version: i32, audit: &Audit,
    ) -> Result<District, StoreError> {
        let txn = self.write().await?;
        let short_name = (district::Column::ShortName, Expr::value(changed.short_name.clone()));
        let (key, common) = ((changed.id, expected_version), (&*changed.name, changed.retired));
        self.update_reference::<district::Entity>(txn, key, common, short_name, audit).await?;
        self.get_district(&changed.slug).await
    }

    /// Deletes the kommunedel unless something uses it; then it says what does.
    pub async fn delete_district(
        &self, slug: &Slug, expected_version: Option<i32>, audit: &Audit,
    ) -> Result<Result<(), Usage>, StoreError> {
        self.delete_reference::<district::Entity>(slug, expected_version, audit).await
    }

    /// Adds a category under its parent, which is checked against the tree as it is inside
    /// the transaction; a slug in use already is a conflict.
    pub async fn create_category(
        &self, new: &NewCategory, audit: &Audit,
    ) -> Result<Category, StoreError> {
        let txn = self.write().await?;
        let tree = all_categories(&*txn).await?;
        if tree.iter().any(|c| c.slug == new.slug) {
            return Err(taken("uq_categories_slug"));
        }
        check_parent(None, new.parent.as_ref(), None, &tree).map_err(invalid)?;
        let id = Uuid::new_v4();
        let row = category_row(id, new, parent_id(&tree, new.parent.as_ref()));
        self.insert_reference::<category::Entity>(txn, (id, row), audit).await?;
        self.get_category(&new.slug).await
    }

    /// Stores the name, parent and retirement of `changed` when the stored version is still
    /// `expected_version`; the parent is checked against the tree inside the transaction.
    pub async fn update_category(
        &self, changed: &Category, expected_version: i32, audit: &Audit,
    ) -> Result<Category, StoreError> {
        let txn = self.write().await?;
        let tree = all_categories(&*txn).await?;
        let kept = tree.iter().find(|c| c.id == changed.id).and_then(|c| c.parent.as_ref());
        check_parent(Some(&changed.slug), changed.parent.as_ref(), kept, &tree).map_err(invalid)?;
        let parent =
            (category::Column::ParentId, Expr::value(parent_id(&tree, changed.parent.as_ref())));
        let (key, common) = ((changed.id, expected_version), (&*changed.name, changed.retired));
        self.update_reference::<category::Entity>(txn, key, common, parent, audit).await?;
        self.get_category(&changed.slug).await
    }

    /// Deletes the category unless an activity has it or it is the parent of another; then
    /// it says what uses it.
    pub async fn delete_category(
        &self, slug: &Slug, expected_version: Option<i32>, audit: &Audit,
    ) -> Result<Result<(), Usage>, StoreError> {
        self.delete_reference::<category::Entity>(slug, expected_version, audit).await
    }
}

fn invalid(e: fritid_domain::FieldError) -> StoreError {
    StoreError::Invalid(ValidationErrors(vec![e]))
}
