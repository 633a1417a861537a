//! Districts (kommunedeler) and categories.

use std::collections::HashMap;

use fritid_domain::reference::{Category, District, Slug};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entity::{category, district};
use crate::{Store, StoreError};

impl TryFrom<district::Model> for District {
    type Error = StoreError;

    fn try_from(m: district::Model) -> Result<Self, StoreError> {
        Ok(District {
            id: m.id,
            slug: stored_slug(&m.slug)?,
            code: m.code,
            name: m.name,
            short_name: m.short_name,
            version: m.version,
        })
    }
}

/// A slug read back from the database was valid when written; a bad one means the data was
/// changed behind the application's back, which is worth an error rather than a guess.
fn stored_slug(value: &str) -> Result<Slug, StoreError> {
    Slug::parse("slug", value)
        .map_err(|_| StoreError::Config(format!("stored slug {value:?} is not valid")))
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
        let rows = category::Entity::find()
            .order_by_asc(category::Column::Slug)
            .all(&self.db)
            .await?;
        let slugs: HashMap<_, _> = rows.iter().map(|r| (r.id, r.slug.clone())).collect();
        rows.into_iter()
            .map(|m| {
                let parent = match m.parent_id {
                    Some(pid) => Some(stored_slug(slugs.get(&pid).ok_or_else(|| {
                        StoreError::Config(format!("category {} has a missing parent", m.slug))
                    })?)?),
                    None => None,
                };
                Ok(Category {
                    id: m.id,
                    slug: stored_slug(&m.slug)?,
                    name: m.name,
                    parent,
                    version: m.version,
                })
            })
            .collect()
    }

    pub async fn get_category(&self, slug: &Slug) -> Result<Category, StoreError> {
        self.list_categories()
            .await?
            .into_iter()
            .find(|c| &c.slug == slug)
            .ok_or(StoreError::NotFound)
    }
}
