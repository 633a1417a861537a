//! `/aktiviteter`: the activity search. The filter form is a GET form whose fields carry the
//! API's parameter names, parsed by the same code (`fritid_app::query::SearchParams`), so a
//! page URL and an API URL with the same query find the same activities.
//!
//! One difference, for people who type what they want as a sentence ("fotball for
//! 9-åringer på Konnerud, gratis, ettermiddag"): when the words as typed find nothing, and
//! some of them name filters (see `fritid_domain::reading`) with which something is found,
//! the page sends the browser to that search instead, with `tolket` holding the search as
//! asked, and says which words it read as what. `ordrett=1` searches the words as typed.

use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::{HttpRequest, web};
use askama::Template;
use chrono::Utc;
use fritid_app::query::SearchParams;
use fritid_app::search_index::Reader;
use fritid_app::{SearchHit, SearchPage};
use fritid_domain::activity::TargetGroup;
use fritid_domain::reading::Meaning;
use fritid_domain::schedule::{MAX_WINDOW_DAYS, expand};
use fritid_domain::{FieldError, ValidationErrors};

use crate::layout::{Layout, PageError, PageResult, Section, html};
use crate::pages::account::see_other;
use crate::pages::{AppData, Choice, ListForm, ListPage, References};
use crate::text::{NB, Text};
use crate::words;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/aktiviteter", web::get().to(search));
    super::activity::routes(cfg);
}

/// One result, ready to print.
pub struct Card {
    pub url: String,
    pub title: String,
    pub summary: String,
    pub organisation: String,
    pub district: String,
    pub ages: Option<String>,
    pub price: String,
    pub next_session: Option<String>,
}

impl Card {
    fn new(hit: &SearchHit, refs: &References, t: &'static Text) -> Self {
        let a = &hit.activity;
        let d = &a.details;
        let now = Utc::now();
        let next = expand(&d.schedule, now, now + chrono::Duration::days(MAX_WINDOW_DAYS));
        Self {
            url: format!("/aktiviteter/{}", a.id),
            title: d.title.clone(),
            summary: d.summary.clone(),
            organisation: a.organisation_name.clone(),
            district: refs.district_name(&d.district),
            ages: words::ages(d.age_min, d.age_max),
            price: price(&d.price, t),
            next_session: next.first().map(|o| words::session(o.starts_at, o.ends_at)),
        }
    }
}

/// The price in words.
pub fn price(p: &fritid_domain::activity::Price, t: &'static Text) -> String {
    let amount = words::kroner(i64::from(p.amount_nok));
    if p.free || p.amount_nok == 0 {
        t.get("activities-free-of-charge").into_owned()
    } else if p.reduced_price_available {
        t.with("activities-price-reduced", &[("amount", amount.into())]).into_owned()
    } else {
        amount
    }
}

/// The weekdays' codes, in the filter's order.
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The orders of the results, by code.
const SORTS: [&str; 3] = ["relevance", "title", "updated"];

/// The search's form.
const FORM: ListForm = ListForm {
    action: "/aktiviteter",
    id: "activities-list",
    controls: &[
        "q",
        "district",
        "category",
        "target_group",
        "age",
        "weekday",
        "time_from",
        "time_to",
        "sort",
    ],
};

#[derive(Template)]
#[template(path = "activities.html")]
struct SearchResultsPage {
    layout: Layout,
    t: &'static Text,
    list: ListPage,
    age: String,
    time_from: String,
    time_to: String,
    free: bool,
    wheelchair: bool,
    /// The checkbox filters: kommunedel, category, target group and weekday.
    groups: Vec<Group>,
    sorts: Vec<Choice>,
    cards: Vec<Card>,
    /// Set when this search is what the words typed were read as.
    read: Option<ReadNotice>,
}

/// A filter of checkboxes (a repeatable parameter), folded away unless something in it is
/// chosen or wrong, so the results are not far below the form on a phone.
struct Group {
    /// The parameter name, also the fieldset's id (the error summary links to it).
    name: &'static str,
    legend: Cow<'static, str>,
    choices: Vec<Choice>,
    /// How many are chosen, in words, when any are.
    chosen: Option<Cow<'static, str>>,
    open: bool,
}

impl Group {
    fn new(
        name: &'static str, legend: Cow<'static, str>, choices: Vec<Choice>, errors: &[FieldError],
    ) -> Self {
        let n = choices.iter().filter(|c| c.checked).count();
        let chosen = (n > 0).then(|| NB.with("list-chosen", &[("count", n.into())]));
        let open = n > 0 || errors.iter().any(|e| e.field == name);
        Self { name, legend, choices, chosen, open }
    }
}

/// The page's own parameters, beside the API's.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Reading {
    /// The search as asked (a query string), when this search is what its words were read
    /// as.
    tolket: Option<String>,
    /// Search the words as typed; read nothing.
    ordrett: Option<String>,
}

async fn search(req: HttpRequest, app: AppData) -> PageResult {
    let mut params: SearchParams = form_query(req.query_string())?;
    let reading: Reading = form_query(req.query_string())?;
    params.facets = Some("district,category".to_owned());
    let mut errors = ValidationErrors::new();
    let parsed = params.parse(&mut errors);
    let refs = References::load(&app).await?;
    let (list, page) = ListPage::new(&FORM, params.q.as_deref(), filtered(&params))
        .search(&req, errors, app.search_activities(&parsed, Reader::Anonymous))
        .await?;
    let nothing_found = page.as_ref().is_some_and(|p| p.items.is_empty());
    let first_page = params.cursor.is_none();
    if nothing_found
        && reading.tolket.is_none()
        && reading.ordrett.is_none()
        && let Some(url) = read_instead(&app, &params).await?
    {
        return Ok(see_other(&url).finish());
    }
    let mut view = view(list, &params, page.as_ref(), &refs);
    if first_page && let Some(asked) = reading.tolket {
        view.read = ReadNotice::new(&asked, &params, &refs);
    }
    html(view.list.status(), &view)
}

/// The search that the words of `q` name as filters, when it finds something: its address,
/// with the search as asked in `tolket`.
async fn read_instead(app: &AppData, params: &SearchParams) -> Result<Option<String>, PageError> {
    let Some((read, _)) = app.read_search_words(params, Reader::Anonymous).await? else {
        return Ok(None);
    };
    let asked = page_query(params)?;
    let asked = serde_html_form::to_string([("tolket", asked.as_str())])
        .map_err(|_| PageError::BadRequest)?;
    Ok(Some(format!("/aktiviteter?{}&{asked}", page_query(&read)?)))
}

/// The page's query string for the first page of the search `params` asks for (no facets:
/// the page always asks for them).
fn page_query(params: &SearchParams) -> Result<String, PageError> {
    let params = SearchParams { facets: None, cursor: None, ..params.clone() };
    serde_html_form::to_string(&params).map_err(|_| PageError::BadRequest)
}

/// What the page says when it shows the search that the words typed were read as.
pub struct ReadNotice {
    pub typed: String,
    /// Each word read, with what it was read as.
    pub readings: Vec<(String, String)>,
    /// The search as asked, with the words as typed.
    pub as_typed_url: String,
}

impl ReadNotice {
    /// The notice for the search `params`, made from the search `asked` (a query string):
    /// the words of `asked` read as filters. `None` unless reading `asked` gives these very
    /// parameters (an address this page made).
    fn new(asked: &str, params: &SearchParams, refs: &References) -> Option<Self> {
        let t: &'static Text = &NB;
        let asked: SearchParams = form_query(asked).ok()?;
        // Read as `App::read_search_words` reads: without categories, then with them.
        let shown = page_query(params).ok()?;
        let (_, readings) = [&[][..], refs.categories.as_slice()].into_iter().find_map(|c| {
            asked
                .read_q(&refs.districts, c)
                .filter(|(read, _)| page_query(read).ok().as_ref() == Some(&shown))
        })?;
        let readings = readings
            .into_iter()
            .map(|r| (r.typed, meaning_in_words(&r.meaning, refs, t)))
            .collect();
        let as_typed_url = format!("/aktiviteter?{}&ordrett=1", page_query(&asked).ok()?);
        Some(Self { typed: asked.q?, readings, as_typed_url })
    }
}

/// What a word was read as: "bydel Konnerud og Skoger vest", "9 år", "gratis".
fn meaning_in_words(meaning: &Meaning, refs: &References, t: &'static Text) -> String {
    match meaning {
        Meaning::Districts(slugs) => {
            let names: Vec<String> = slugs
                .iter()
                .map(|s| {
                    let district = refs.districts.iter().find(|d| d.slug.as_str() == s);
                    district.map_or_else(|| s.clone(), |d| d.name.clone())
                })
                .collect();
            t.with("activities-read-district", &[("names", words::or_list(&names).into())])
        }
        Meaning::Category(slug) => {
            let category = refs.categories.iter().find(|c| c.slug.as_str() == slug);
            let name = category.map_or_else(|| slug.clone(), |c| c.name.clone());
            t.with("activities-read-category", &[("name", name.into())])
        }
        Meaning::Age(age) => t.with("activities-read-age", &[("age", (*age).into())]),
        Meaning::Free => t.get("activities-read-free"),
        Meaning::Weekdays(days) => {
            let names: Vec<String> =
                days.iter().map(|d| t.attr("weekday", d).into_owned()).collect();
            t.with("activities-read-weekdays", &[("days", words::or_list(&names).into())])
        }
        Meaning::Time(from, to) => {
            t.with("activities-read-time", &[("from", (*from).into()), ("to", (*to).into())])
        }
        Meaning::TargetGroup(group) => {
            let name = t.attr("activities-target-groups", group.as_str()).to_lowercase();
            t.with("activities-read-group", &[("group", name.into())])
        }
        Meaning::Wheelchair => t.get("activities-read-wheelchair"),
    }
    .into_owned()
}

/// Whether any filter is set.
fn filtered(p: &SearchParams) -> bool {
    p.q.is_some()
        || !p.district.is_empty()
        || !p.category.is_empty()
        || p.age.is_some()
        || !p.target_group.is_empty()
        || !p.weekday.is_empty()
        || p.time_from.is_some()
        || p.time_to.is_some()
        || p.free.is_some()
        || p.wheelchair.is_some()
}

fn view(
    list: ListPage, p: &SearchParams, page: Option<&SearchPage>, refs: &References,
) -> SearchResultsPage {
    let t: &'static Text = &NB;
    let counts = |facet: Option<&Vec<(String, u64)>>| -> HashMap<String, u64> {
        facet.map(|v| v.iter().cloned().collect()).unwrap_or_default()
    };
    let district_counts = counts(page.and_then(|p| p.facets.district.as_ref()));
    let category_counts = counts(page.and_then(|p| p.facets.category.as_ref()));
    // Counts only from a search that ran (not beside a form with errors).
    let counted = |choice: Choice, counts: &HashMap<String, u64>| {
        if page.is_some() { choice.count(counts) } else { choice }
    };
    let districts = refs
        .district_choices(&p.district)
        .into_iter()
        .map(|choice| counted(choice, &district_counts))
        .collect();
    // Only the categories that have results (or are chosen): the full tree is long.
    let categories = refs
        .offered_categories(&p.category)
        .map(|c| {
            counted(Choice::new(c.slug.to_string(), c.name.clone(), &p.category), &category_counts)
        })
        .filter(|c| c.checked || c.count.is_some_and(|n| n > 0))
        .collect();
    let target_groups = Choice::coded(
        t,
        "activities-target-groups",
        TargetGroup::ALL.map(TargetGroup::as_str),
        &p.target_group,
    );
    let weekdays = Choice::coded(t, "activities-weekdays", WEEKDAYS, &p.weekday);
    let sorts = Choice::coded(t, "activities-sort", SORTS, p.sort.as_slice());
    let errors = &list.errors;
    let groups = vec![
        Group::new("district", t.get("list-districts-legend"), districts, errors),
        Group::new("category", t.get("activities-categories"), categories, errors),
        Group::new("target_group", t.get("activities-target-groups"), target_groups, errors),
        Group::new("weekday", t.get("activities-weekdays"), weekdays, errors),
    ];
    SearchResultsPage {
        layout: Layout::new(list.title(), Section::Activities),
        t,
        age: p.age.clone().unwrap_or_default(),
        time_from: p.time_from.clone().unwrap_or_default(),
        time_to: p.time_to.clone().unwrap_or_default(),
        free: is_on(p.free.as_deref()),
        wheelchair: is_on(p.wheelchair.as_deref()),
        groups,
        sorts,
        cards: page
            .map(|p| p.items.iter().map(|h| Card::new(h, refs, t)).collect())
            .unwrap_or_default(),
        list,
        read: None,
    }
}

/// A GET form's query as the API would read it, except that empty fields (a form sends
/// every text field, filled in or not) count as not given. Unknown names are ignored (links
/// from elsewhere may carry them); a query that cannot be read at all (a single value given
/// twice) is a 400 page rather than a silent "everything".
pub fn form_query<T: serde::de::DeserializeOwned>(query: &str) -> Result<T, PageError> {
    let mut pairs: Vec<(String, String)> =
        serde_html_form::from_str(query).map_err(|_| PageError::BadRequest)?;
    pairs.retain(|(_, value)| !value.trim().is_empty());
    let query = serde_html_form::to_string(&pairs).map_err(|_| PageError::BadRequest)?;
    serde_html_form::from_str(&query).map_err(|_| PageError::BadRequest)
}

fn is_on(v: Option<&str>) -> bool {
    matches!(v, Some("true" | "1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_weekday_and_order_has_a_name() {
        for (id, codes) in [("activities-weekdays", &WEEKDAYS[..]), ("activities-sort", &SORTS[..])]
        {
            for code in codes {
                assert_ne!(NB.attr(id, code), format!("{id}.{code}"));
            }
        }
    }
}
