//! The pages, one module per part of the site; each registers its own routes.

mod about;
mod account;
mod activities;
mod activity;
mod front;
mod manage;
mod organisations;
mod recovery;
mod volunteering;

use std::borrow::Cow;
use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use fritid_app::AppError;
use fritid_domain::{FieldError, ValidationErrors};

use crate::layout::PageError;
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    front::routes(cfg);
    activities::routes(cfg);
    organisations::routes(cfg);
    volunteering::routes(cfg);
    about::routes(cfg);
    account::routes(cfg);
    recovery::routes(cfg);
    manage::routes(cfg);
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

    /// The options of a domain code: one per code, labelled by the attribute of the
    /// message `id` named by the code (`activities-target-groups.children`).
    pub fn coded<'a>(
        t: &'static Text, id: &str, codes: impl IntoIterator<Item = &'a str>, chosen: &[String],
    ) -> Vec<Self> {
        codes
            .into_iter()
            .map(|c| Self::new(c.to_owned(), t.attr(id, c).into_owned(), chosen))
            .collect()
    }

    /// With its count from a facet (0 when the facet does not name it).
    pub fn count(mut self, counts: &std::collections::HashMap<String, u64>) -> Self {
        self.count = Some(counts.get(&self.value).copied().unwrap_or(0));
        self
    }
}

/// A list page's filter form: where it is sent (also the address without filters), the id
/// of its message (the title, with the frame's strings as attributes), and the fields it has
/// a control for (the error summary links to those).
pub struct ListForm {
    pub action: &'static str,
    pub id: &'static str,
    pub controls: &'static [&'static str],
}

/// What every list page shows around its own filters and results (`_list.html` prints it):
/// the title and intro, the refused values, the free-text field `q`, the way back to no
/// filters, the results' heading and the link to the next page.
pub struct ListPage {
    t: &'static Text,
    /// The page's message.
    id: &'static str,
    pub action: &'static str,
    controls: &'static [&'static str],
    /// `q` as typed.
    pub q: String,
    /// Whether any filter is set (the "no results" help differs).
    pub filtered: bool,
    pub errors: Vec<FieldError>,
    pub next_url: Option<String>,
}

/// A page of results, which may have a next one.
pub trait Paged {
    fn next_cursor(&self) -> Option<&str>;
}

impl<T> Paged for fritid_app::Page<T> {
    fn next_cursor(&self) -> Option<&str> {
        self.next_cursor.as_deref()
    }
}

impl Paged for fritid_app::SearchPage {
    fn next_cursor(&self) -> Option<&str> {
        self.next_cursor.as_deref()
    }
}

impl ListPage {
    pub fn new(form: &ListForm, q: Option<&str>, filtered: bool) -> Self {
        Self {
            t: &NB,
            id: form.id,
            action: form.action,
            controls: form.controls,
            q: q.unwrap_or_default().to_owned(),
            filtered,
            errors: Vec::new(),
            next_url: None,
        }
    }

    /// Runs `search` when the filter was valid (no `errors`) and returns its results; else
    /// none, and the refused values under the page's own messages.
    pub async fn search<P: Paged>(
        mut self, req: &HttpRequest, errors: ValidationErrors,
        search: impl Future<Output = Result<P, AppError>>,
    ) -> Result<(Self, Option<P>), PageError> {
        if !errors.is_empty() {
            let (t, id) = (self.t, self.id);
            self.errors = errors
                .0
                .into_iter()
                .map(|e| {
                    let message = t.attr_opt(id, &format!("error-{}", e.field), &[]);
                    FieldError::new(&e.field, message.as_deref().unwrap_or(&e.message))
                })
                .collect();
            return Ok((self, None));
        }
        // A cursor that is not one of ours is refused as a bad address.
        let page = search.await?;
        self.next_url = page.next_cursor().map(|c| next_page_url(req, c));
        Ok((self, Some(page)))
    }

    /// 200 with results, 422 with refused values.
    pub fn status(&self) -> StatusCode {
        if self.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY }
    }

    /// The page's title.
    pub fn title(&self) -> Cow<'static, str> {
        self.t.get(self.id)
    }

    /// One of the frame's strings (an attribute of the page's message).
    pub fn text(&self, attr: &str) -> Cow<'static, str> {
        self.t.attr(self.id, attr)
    }

    /// One of the frame's strings that a page may do without (`intro`, `q-help`).
    pub fn optional(&self, attr: &str) -> Option<Cow<'static, str>> {
        self.t.attr_opt(self.id, attr, &[])
    }

    /// Whether the form has a control for `field`.
    pub fn has_control(&self, field: &str) -> bool {
        self.controls.contains(&field)
    }

    /// The message for `field`, if it was refused.
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `aria-describedby` of `q`: its help (if any) and its message (if refused).
    pub fn q_described_by(&self) -> String {
        let help = self.optional("q-help").map(|_| "q-hjelp");
        let error = self.error_for("q").map(|_| "q-feil");
        help.into_iter().chain(error).collect::<Vec<_>>().join(" ")
    }
}

/// Whether a filter or a form offers a kommunedel or a category: while it is active, and once
/// retired only while chosen (a listing keeps the one it has).
pub fn offered(retired: bool, slug: &fritid_domain::reference::Slug, chosen: &[String]) -> bool {
    !retired || chosen.iter().any(|c| c == slug.as_str())
}

/// The `districts` a filter or a form offers (see [`offered`]), as options with `chosen`
/// ticked.
pub fn district_choices(
    districts: &[fritid_domain::reference::District], chosen: &[String],
) -> Vec<Choice> {
    districts
        .iter()
        .filter(|d| offered(d.retired, &d.slug, chosen))
        .map(|d| Choice::new(d.slug.to_string(), d.name.clone(), chosen))
        .collect()
}

/// Kommunedeler and categories, for names instead of slugs: the retired ones too, which old
/// listings still show; the filters offer only [`References::district_choices`] and
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

    /// The districts a filter offers, as checkboxes with `chosen` ticked.
    pub fn district_choices(&self, chosen: &[String]) -> Vec<Choice> {
        district_choices(&self.districts, chosen)
    }

    /// The categories a filter offers (see [`offered`]).
    pub fn offered_categories<'a>(
        &'a self, chosen: &'a [String],
    ) -> impl Iterator<Item = &'a fritid_domain::reference::Category> {
        self.categories.iter().filter(|c| offered(c.retired, &c.slug, chosen))
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
fn next_page_url(req: &HttpRequest, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_html_form::from_str::<Vec<(String, String)>>(req.query_string()).unwrap_or_default();
    pairs.retain(|(name, _)| name != "cursor");
    pairs.push(("cursor".to_owned(), cursor.to_owned()));
    let query = serde_html_form::to_string(&pairs).unwrap_or_default();
    format!("{}?{query}", req.path())
}
