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

/// Kommunedeler and categories, for names instead of slugs.
pub struct References {
    pub districts: Vec<fritid_domain::reference::District>,
    pub categories: Vec<fritid_domain::reference::Category>,
}

/// The last loaded references and the store generation they were loaded at: every page
/// needs them, and they change only with a write (which moves the generation on).
static REFERENCES: std::sync::RwLock<Option<(u64, std::sync::Arc<References>)>> =
    std::sync::RwLock::new(None);

impl References {
    /// The current references, loaded again after any write to the store.
    pub async fn load(
        app: &fritid_app::App,
    ) -> Result<std::sync::Arc<Self>, crate::layout::PageError> {
        let generation = app.generation();
        if let Ok(cached) = REFERENCES.read()
            && let Some((at, refs)) = cached.as_ref()
            && *at == generation
        {
            return Ok(refs.clone());
        }
        let refs = std::sync::Arc::new(Self {
            districts: app.districts().await?,
            categories: app.categories().await?,
        });
        if let Ok(mut cached) = REFERENCES.write() {
            *cached = Some((generation, refs.clone()));
        }
        Ok(refs)
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
