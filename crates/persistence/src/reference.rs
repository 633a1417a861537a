//! Districts (kommunedeler) and categories.

use std::collections::HashMap;

use fritid_domain::reference::{Category, District, Slug};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use sea_orm::ConnectionTrait;
use uuid::Uuid;

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
    Slug::parse("slug", value).map_err(|_| crate::error::corrupt("slug", value))
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
        let rows =
            category::Entity::find().order_by_asc(category::Column::Slug).all(&self.db).await?;
        let slugs: HashMap<_, _> = rows.iter().map(|r| (r.id, r.slug.clone())).collect();
        rows.into_iter()
            .map(|m| {
                let parent = match m.parent_id {
                    Some(pid) => Some(stored_slug(slugs.get(&pid).ok_or_else(|| {
                        StoreError::Corrupt(format!("category {} has a missing parent", m.slug))
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
}

impl References {
    pub(crate) async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, StoreError> {
        let mut refs = References::default();
        for d in district::Entity::find().all(db).await? {
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
            refs.category_ids.insert(c.slug.clone(), c.id);
            refs.category_slugs.insert(c.id, c.slug);
        }
        Ok(refs)
    }

    pub fn district_id(&self, slug: &Slug) -> Option<Uuid> {
        self.district_ids.get(slug.as_str()).copied()
    }

    pub fn district_slug(&self, id: Uuid) -> Option<&str> {
        self.district_slugs.get(&id).map(String::as_str)
    }

    /// The ids of a search's district filters; an unknown one is recorded in `errors`.
    pub(crate) fn district_filter(
        &self,
        slugs: &[Slug],
        errors: &mut fritid_domain::ValidationErrors,
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
