//! The pages, one module per part of the site; each registers its own routes.

mod about;
mod activities;
mod activity;
mod front;
mod organisations;
mod volunteering;

use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    front::routes(cfg);
    activities::routes(cfg);
    organisations::routes(cfg);
    volunteering::routes(cfg);
    about::routes(cfg);
}

/// The application, as the pages reach it.
pub type AppData = web::Data<fritid_app::App>;

/// One option of a filter: its value, its label, whether it is chosen and, where the search
/// counted it, how many results have it.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
    pub count: Option<u64>,
}

impl Choice {
    pub fn new(value: String, label: String, chosen: &[String]) -> Self {
        let checked = chosen.contains(&value);
        Self { value, label, checked, count: None }
    }

    /// With its count from a facet (0 when the facet does not name it).
    pub fn count(mut self, counts: &std::collections::HashMap<String, u64>) -> Self {
        self.count = Some(counts.get(&self.value).copied().unwrap_or(0));
        self
    }
}

/// Kommunedeler and categories, for names instead of slugs: the retired ones too, which old
/// listings still show; the filters offer only [`References::offered_districts`] and
/// [`References::offered_categories`].
pub struct References {
    pub districts: Vec<fritid_domain::reference::District>,
    pub categories: Vec<fritid_domain::reference::Category>,
}

/// The last loaded references, the store generation they were loaded at and when: every
/// page needs them, and they change only with a write (which moves the generation on) — or
/// with an admin's change on another node, which this one sees after [`REFERENCES_TTL`].
static REFERENCES: std::sync::RwLock<Option<LoadedReferences>> = std::sync::RwLock::new(None);

type LoadedReferences = (u64, std::time::Instant, std::sync::Arc<References>);

/// How long loaded references are used while no write is seen.
const REFERENCES_TTL: std::time::Duration = std::time::Duration::from_secs(30);

impl References {
    /// The current references, loaded again after any write to the store.
    pub async fn load(
        app: &fritid_app::App,
    ) -> Result<std::sync::Arc<Self>, crate::layout::PageError> {
        let generation = app.generation();
        if let Ok(cached) = REFERENCES.read()
            && let Some((at, loaded, refs)) = cached.as_ref()
            && *at == generation
            && loaded.elapsed() < REFERENCES_TTL
        {
            return Ok(refs.clone());
        }
        let refs = std::sync::Arc::new(Self {
            districts: app.districts().await?,
            categories: app.categories().await?,
        });
        if let Ok(mut cached) = REFERENCES.write() {
            *cached = Some((generation, std::time::Instant::now(), refs.clone()));
        }
        Ok(refs)
    }

    /// The districts a filter offers: the active ones, and a retired one only while chosen.
    pub fn offered_districts<'a>(
        &'a self,
        chosen: &'a [String],
    ) -> impl Iterator<Item = &'a fritid_domain::reference::District> {
        self.districts.iter().filter(|d| !d.retired || chosen.iter().any(|c| c == d.slug.as_str()))
    }

    /// The categories a filter offers, as for districts.
    pub fn offered_categories<'a>(
        &'a self,
        chosen: &'a [String],
    ) -> impl Iterator<Item = &'a fritid_domain::reference::Category> {
        self.categories.iter().filter(|c| !c.retired || chosen.iter().any(|s| s == c.slug.as_str()))
    }

    /// The name of a district (its slug if it is unknown, which the store does not allow).
    pub fn district_name(&self, slug: &fritid_domain::reference::Slug) -> String {
        self.districts
            .iter()
            .find(|d| &d.slug == slug)
            .map_or_else(|| slug.to_string(), |d| d.name.clone())
    }

    /// The name of a category.
    pub fn category_name(&self, slug: &fritid_domain::reference::Slug) -> String {
        self.categories
            .iter()
            .find(|c| &c.slug == slug)
            .map_or_else(|| slug.to_string(), |c| c.name.clone())
    }
}

/// The address of the next page: this page's query with `cursor` replaced.
pub fn next_page_url(req: &actix_web::HttpRequest, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_html_form::from_str::<Vec<(String, String)>>(req.query_string()).unwrap_or_default();
    pairs.retain(|(name, _)| name != "cursor");
    pairs.push(("cursor".to_owned(), cursor.to_owned()));
    let query = serde_html_form::to_string(&pairs).unwrap_or_default();
    format!("{}?{query}", req.path())
}
