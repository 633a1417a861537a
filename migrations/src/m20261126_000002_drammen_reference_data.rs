//! Loads Drammen's kommunedeler and the activity categories, once per database.
//!
//! The data is a copy of the municipality's reference file, compiled into the binary (the
//! server never reads files outside the repository at run time). Ids are UUID v5 of the slug,
//! so every installation agrees on them. Inserts skip rows whose slug already exists, so the
//! migration is safe on a database that was filled by hand; after it has run once, admins
//! own the data and later starts never overwrite their edits.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::{ChronoUtc, Uuid};
use serde::Deserialize;

use crate::ddl::ExecuteAll;

const DRAMMEN: &str = include_str!("../reference/drammen.json");

/// Namespace for the deterministic ids of reference rows.
const REFERENCE_NAMESPACE: Uuid = Uuid::from_u128(0x6f72_6974_6964_2d72_6566_6572_656e_6365);

#[derive(Deserialize)]
struct ReferenceFile {
    districts: Vec<DistrictRow>,
    categories: Vec<CategoryRow>,
}

#[derive(Deserialize)]
struct DistrictRow {
    code: String,
    slug: String,
    name: String,
    short_name: Option<String>,
}

#[derive(Deserialize)]
struct CategoryRow {
    slug: String,
    name: String,
    parent: Option<String>,
}

pub fn district_id(slug: &str) -> Uuid {
    Uuid::new_v5(&REFERENCE_NAMESPACE, format!("district:{slug}").as_bytes())
}

pub fn category_id(slug: &str) -> Uuid {
    Uuid::new_v5(&REFERENCE_NAMESPACE, format!("category:{slug}").as_bytes())
}

/// Inserts `row` (column and value pairs) into `table`, unless a row with the same `key`
/// is there already.
fn insert_unless_exists<C: IntoIden>(
    table: impl IntoTableRef, key: C, row: impl IntoIterator<Item = (C, Expr)>,
) -> Result<InsertStatement, DbErr> {
    let (columns, values): (Vec<C>, Vec<Expr>) = row.into_iter().unzip();
    Ok(Query::insert()
        .into_table(table)
        .columns(columns)
        .values(values)
        .map_err(|e| DbErr::Migration(format!("reference row does not fit its table: {e}")))?
        .on_conflict(OnConflict::column(key).do_nothing().to_owned())
        .to_owned())
}
use crate::idens::{Categories, Districts};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let file: ReferenceFile = serde_json::from_str(DRAMMEN)
            .map_err(|e| DbErr::Migration(format!("reference data is not valid: {e}")))?;
        let now = ChronoUtc::now();

        for d in &file.districts {
            let row = [
                (Districts::Id, district_id(&d.slug).into()),
                (Districts::Code, d.code.clone().into()),
                (Districts::Slug, d.slug.clone().into()),
                (Districts::Name, d.name.clone().into()),
                (Districts::ShortName, d.short_name.clone().into()),
                (Districts::Version, 1.into()),
                (Districts::CreatedAt, now.into()),
                (Districts::UpdatedAt, now.into()),
            ];
            let insert = insert_unless_exists(Districts::Table, Districts::Slug, row)?;
            manager.exec_stmt(insert).await?;
        }

        // Parents come before their children in the file; check it rather than trust it.
        let mut seen = std::collections::HashSet::new();
        for c in &file.categories {
            if let Some(parent) = &c.parent
                && !seen.contains(parent.as_str())
            {
                return Err(DbErr::Migration(format!(
                    "category {} names parent {parent} before it is defined",
                    c.slug
                )));
            }
            seen.insert(c.slug.as_str());
            let row = [
                (Categories::Id, category_id(&c.slug).into()),
                (Categories::Slug, c.slug.clone().into()),
                (Categories::Name, c.name.clone().into()),
                (Categories::ParentId, c.parent.as_deref().map(category_id).into()),
                (Categories::Version, 1.into()),
                (Categories::CreatedAt, now.into()),
                (Categories::UpdatedAt, now.into()),
            ];
            let insert = insert_unless_exists(Categories::Table, Categories::Slug, row)?;
            manager.exec_stmt(insert).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &Query::delete().from_table(Categories::Table).to_owned(),
                &Query::delete().from_table(Districts::Table).to_owned(),
            ])
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_file_parses_with_ten_districts_and_known_parents() {
        let file: ReferenceFile = serde_json::from_str(DRAMMEN).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.districts.len(), 10);
        let slugs: std::collections::HashSet<_> =
            file.categories.iter().map(|c| c.slug.as_str()).collect();
        for c in &file.categories {
            if let Some(p) = &c.parent {
                assert!(slugs.contains(p.as_str()), "{} has unknown parent {p}", c.slug);
            }
        }
    }

    #[test]
    fn ids_are_stable_and_distinct_per_kind() {
        assert_eq!(district_id("konnerud"), district_id("konnerud"));
        assert_ne!(district_id("konnerud"), category_id("konnerud"));
    }
}
