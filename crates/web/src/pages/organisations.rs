//! `/organisasjoner`: the verified organisations, filtered by a GET form with the API's
//! parameter names (`q`, `district`, `kind`, `category`, `cursor`, as `GET
//! /api/v1/organisations`); and `/organisasjoner/{id}`: one organisation with its contact
//! details, its published activities and its open volunteer opportunities.

use std::borrow::Cow;

use actix_web::{HttpRequest, web};
use askama::Template;
use fritid_app::query::{DEFAULT_LIMIT, each, limit, one};
use fritid_app::{OpportunitySearch, OrganisationFilter, Page};
use fritid_domain::ValidationErrors;
use fritid_domain::activity::Activity;
use fritid_domain::organisation::{Organisation, OrganisationKind};
use fritid_domain::policy::Actor;
use fritid_domain::reference::Slug;
use fritid_domain::text::clean_text;
use fritid_domain::volunteering::OpportunityStatus;
use serde::Deserialize;
use uuid::Uuid;

use super::volunteering::OpportunityCard;
use crate::layout::{Layout, PageError, PageResult, Section, html, ok};
use crate::pages::{AppData, Choice, ListForm, ListPage, References};
use crate::text::{NB, Text};

/// How many activities and opportunities one organisation's page lists.
const LISTED: u64 = 50;
/// How much of a description a result shows.
const EXCERPT_CHARS: usize = 240;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/organisasjoner", web::get().to(list));
    cfg.route("/organisasjoner/{id}", web::get().to(organisation));
}

/// The list's query, under the API's names. Values are kept as typed, to show them again.
#[derive(Debug, Default, Deserialize)]
struct ListParams {
    q: Option<String>,
    #[serde(default)]
    district: Vec<String>,
    kind: Option<String>,
    category: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
}

/// A value of a single-valued filter; the form's "all" option sends it empty.
fn chosen(value: Option<&String>) -> Option<&str> {
    value.map(String::as_str).filter(|v| !v.trim().is_empty())
}

impl ListParams {
    /// The filter and page size asked for; every refused value is pushed to `e`.
    fn parse(&self, e: &mut ValidationErrors) -> (OrganisationFilter, u64) {
        let filter = OrganisationFilter {
            q: one(chosen(self.q.as_ref()), e, |v| clean_text("q", v, 0, 200)),
            districts: each(&self.district, e, |v| Slug::parse("district", v)),
            kind: one(chosen(self.kind.as_ref()), e, |v| OrganisationKind::parse("kind", v)),
            category: one(chosen(self.category.as_ref()), e, |v| Slug::parse("category", v)),
        };
        let limit = match self.limit.as_deref() {
            None => DEFAULT_LIMIT,
            Some(l) => limit(Some(l.parse::<u64>().unwrap_or(0)), e),
        };
        (filter, limit)
    }

    fn filtered(&self) -> bool {
        chosen(self.q.as_ref()).is_some()
            || !self.district.is_empty()
            || chosen(self.kind.as_ref()).is_some()
            || chosen(self.category.as_ref()).is_some()
    }
}

/// One organisation in the list.
struct OrganisationCard {
    url: String,
    name: String,
    kind: Cow<'static, str>,
    districts: String,
    excerpt: String,
}

impl OrganisationCard {
    fn new(o: &Organisation, refs: &References, t: &'static Text) -> Self {
        let p = &o.profile;
        Self {
            url: format!("/organisasjoner/{}", o.id),
            name: p.name.clone(),
            kind: kind_name(t, p.kind),
            districts: district_names(&p.districts, refs, t),
            excerpt: excerpt(&p.description, EXCERPT_CHARS),
        }
    }
}

/// The names of `districts`, or "all of Drammen" for none.
fn district_names(districts: &[Slug], refs: &References, t: &'static Text) -> String {
    if districts.is_empty() {
        return t.get("org-all-of-drammen").into_owned();
    }
    districts.iter().map(|d| refs.district_name(d)).collect::<Vec<_>>().join(", ")
}

/// The name of a kind of organisation.
fn kind_name(t: &'static Text, kind: OrganisationKind) -> Cow<'static, str> {
    t.attr("org-kind", kind.as_str())
}

/// The first paragraph of `text`, cut at a word to at most `max` characters.
fn excerpt(text: &str, max: usize) -> String {
    let first = text.split("\n\n").next().unwrap_or_default().trim();
    if first.chars().count() <= max {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// The list's form.
const FORM: ListForm = ListForm {
    action: "/organisasjoner",
    id: "org-list",
    controls: &["q", "district", "kind", "category"],
};

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage {
    layout: Layout,
    t: &'static Text,
    list: ListPage,
    districts: Vec<Choice>,
    kinds: Vec<Choice>,
    categories: Vec<Choice>,
    cards: Vec<OrganisationCard>,
}

async fn list(req: HttpRequest, app: AppData) -> PageResult {
    let p: ListParams =
        serde_html_form::from_str(req.query_string()).map_err(|_| PageError::BadRequest)?;
    let mut errors = ValidationErrors::new();
    let (filter, limit) = p.parse(&mut errors);
    let refs = References::load(&app).await?;
    let search = app.list_organisations(&filter, p.cursor.as_deref(), limit);
    let (list, page) =
        ListPage::new(&FORM, p.q.as_deref(), p.filtered()).search(&req, errors, search).await?;
    html(list.status(), &list_view(list, &p, page.as_ref(), &refs))
}

fn list_view(
    list: ListPage, p: &ListParams, page: Option<&Page<Organisation>>, refs: &References,
) -> OrganisationsPage {
    let t: &'static Text = &NB;
    let kinds = OrganisationKind::ALL
        .iter()
        .map(|k| {
            Choice::new(k.as_str().to_owned(), kind_name(t, *k).into_owned(), p.kind.as_slice())
        })
        .collect();
    OrganisationsPage {
        layout: Layout::new(list.title(), Section::Organisations),
        t,
        list,
        districts: refs.district_choices(&p.district),
        kinds,
        categories: category_tree(refs, p.category.as_slice()),
        cards: page
            .map(|p| p.items.iter().map(|o| OrganisationCard::new(o, refs, t)).collect())
            .unwrap_or_default(),
    }
}

/// The categories in tree order, a subcategory's name indented under its parent's (with
/// no-break spaces, which screen readers skip).
fn category_tree(refs: &References, chosen: &[String]) -> Vec<Choice> {
    fn add(
        refs: &References, parent: Option<&Slug>, depth: usize, chosen: &[String],
        out: &mut Vec<Choice>,
    ) {
        // A tree deeper than the reference data's three levels would be a loop.
        if depth > 4 {
            return;
        }
        for c in refs.categories.iter().filter(|c| c.parent.as_ref() == parent) {
            // A retired category is not offered (unless chosen); its subcategories are,
            // in its place.
            if !super::offered(c.retired, &c.slug, chosen) {
                add(refs, Some(&c.slug), depth, chosen, out);
                continue;
            }
            let label = format!("{}{}", "\u{a0}\u{a0}\u{a0}".repeat(depth), c.name);
            out.push(Choice::new(c.slug.to_string(), label, chosen));
            add(refs, Some(&c.slug), depth + 1, chosen, out);
        }
    }
    let mut out = Vec::new();
    add(refs, None, 0, chosen, &mut out);
    out
}

/// One activity of the organisation.
struct ActivityItem {
    url: String,
    title: String,
    summary: String,
}

impl ActivityItem {
    fn new(a: &Activity) -> Self {
        Self {
            url: format!("/aktiviteter/{}", a.id),
            title: a.details.title.clone(),
            summary: a.details.summary.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    layout: Layout,
    t: &'static Text,
    name: String,
    kind: Cow<'static, str>,
    districts: String,
    description: String,
    org_number: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    phone_href: Option<String>,
    website: Option<String>,
    activities: Vec<ActivityItem>,
    /// Where all its activities are, when there are more than the page lists.
    more_activities: Option<String>,
    opportunities: Vec<OpportunityCard>,
    more_opportunities: bool,
}

async fn organisation(app: AppData, id: web::Path<String>) -> PageResult {
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound)?;
    let actor = Actor::Anonymous;
    let view = app.organisation(&actor, id).await?;
    let activities = app.organisation_activities(&actor, id, vec![], None, LISTED).await?;
    let open =
        OpportunitySearch { status: Some(OpportunityStatus::Open), ..OpportunitySearch::default() };
    let opportunities = app.organisation_opportunities(&actor, id, open, None, LISTED).await?;
    let refs = References::load(&app).await?;
    ok(&organisation_view(&view.organisation, &activities, &opportunities, &refs))
}

fn organisation_view(
    o: &Organisation, activities: &Page<Activity>,
    opportunities: &Page<fritid_domain::volunteering::Opportunity>, refs: &References,
) -> OrganisationPage {
    let t: &'static Text = &NB;
    let p = &o.profile;
    let mut items: Vec<ActivityItem> = activities.items.iter().map(ActivityItem::new).collect();
    items.sort_by_key(|a| a.title.to_lowercase());
    OrganisationPage {
        layout: Layout::new(p.name.clone(), Section::Organisations),
        t,
        name: p.name.clone(),
        kind: kind_name(t, p.kind),
        districts: district_names(&p.districts, refs, t),
        description: p.description.clone(),
        org_number: p.org_number.as_ref().map(|n| n.as_str().to_owned()),
        email: p.email.as_ref().map(ToString::to_string),
        phone: p.phone.clone(),
        phone_href: p.phone.as_ref().map(|n| n.chars().filter(|c| !c.is_whitespace()).collect()),
        website: p.website.clone(),
        activities: items,
        more_activities: activities
            .next_cursor
            .as_ref()
            .map(|_| format!("/aktiviteter?organisation={}", o.id)),
        opportunities: opportunities
            .items
            .iter()
            .map(|op| OpportunityCard::new(op, refs, t))
            .collect(),
        more_opportunities: opportunities.next_cursor.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_end_at_a_word() {
        assert_eq!(excerpt("Kort.", 20), "Kort.");
        assert_eq!(excerpt("Første avsnitt.\n\nAndre avsnitt.", 100), "Første avsnitt.");
        assert_eq!(
            excerpt("Vi spiller fotball hver tirsdag og torsdag", 20),
            "Vi spiller fotball…"
        );
        assert_eq!(excerpt("æøåæøåæøåæøå", 5), "æøåæø…");
    }
}
