//! The municipality's pages (`/admin…`): the verification queue, every organisation, the
//! audit log, the kommunedeler and categories (and, in `coverage.rs`, the coverage table).
//! For anyone but an admin none of these exist (404, the same page as for an unknown
//! address), so nobody learns what is there.
//! Every change goes through the API's use case, so the audit log and the feeds see it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Path};
use actix_web::{FromRequest, HttpRequest};
use askama::Template;
use fritid_app::reference::{CategoryChange, CategoryInput, Change, DistrictChange, DistrictInput};
use fritid_app::{AppError, AuditFilter};
use fritid_domain::organisation::{Organisation, OrganisationStatus};
use fritid_domain::reference::Slug;
use uuid::Uuid;

use super::{FormState, Posted, SignedIn, field_message};
use crate::layout::{Layout, PageError, PageResult, Section, html, ok};
use crate::pages::account::{no_store, see_other};
use crate::text::{NB, Text};
use crate::words;

pub fn routes(cfg: &mut web::ServiceConfig) {
    super::coverage::routes(cfg);
    cfg.route("/admin", web::get().to(queue));
    cfg.route("/admin/organisasjoner", web::get().to(organisations));
    cfg.route("/admin/organisasjoner/{id}/{decision}", web::post().to(moderate));
    cfg.route("/admin/logg", web::get().to(audit_log));
    cfg.service(web::resource("/admin/bydeler").get(districts).post(add_district));
    cfg.route("/admin/bydeler/{slug}", web::post().to(change_district));
    cfg.service(web::resource("/admin/kategorier").get(categories).post(add_category));
    cfg.route("/admin/kategorier/{slug}", web::post().to(change_category));
}

/// The most the queue shows at once; more waiting is unlikely in one municipality.
const QUEUE_LIMIT: u64 = 200;
/// Rows on a page of the organisation list and of the log.
const PAGE_SIZE: u64 = 50;

/// A signed-in admin. Anyone else signed in gets 404; no session, the sign-in page.
pub(super) struct Admin(SignedIn);

impl FromRequest for Admin {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        Box::pin(async move {
            let signed_in = signed_in.await?;
            if signed_in.actor().is_admin() {
                Ok(Self(signed_in))
            } else {
                Err(PageError::NotFound)
            }
        })
    }
}

/// The admin pages, for their shared navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminPage {
    Queue,
    Organisations,
    Log,
    Districts,
    Categories,
    Coverage,
}

impl AdminPage {
    /// `aria-current` of the navigation link to `page`.
    pub fn current(self, page: &str) -> &'static str {
        let name = match self {
            Self::Queue => "queue",
            Self::Organisations => "organisations",
            Self::Log => "log",
            Self::Districts => "districts",
            Self::Categories => "categories",
            Self::Coverage => "coverage",
        };
        if name == page { "page" } else { "false" }
    }
}

/// The title of a page, marked when its form was refused.
fn title(t: &'static Text, id: &str, refused: bool) -> String {
    let title = t.get(id);
    if refused {
        t.with("form-error-title", &[("title", title.into())]).into_owned()
    } else {
        title.into_owned()
    }
}

/// A message left behind by a redirect (`?melding=…`): its text and its alert colour.
type Notice = Option<(Cow<'static, str>, &'static str)>;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct NoticeQuery {
    melding: Option<String>,
}

impl NoticeQuery {
    fn shown(&self, t: &'static Text) -> Notice {
        match self.melding.as_deref()? {
            "godkjent" => Some((t.get("admin-approved"), "success")),
            "avvist" => Some((t.get("admin-rejected"), "success")),
            "arkivert" => Some((t.get("admin-moderation-archived"), "warning")),
            "lagret" => Some((t.get("admin-saved"), "success")),
            "lagt-til" => Some((t.get("admin-added"), "success")),
            _ => None,
        }
    }
}

fn or_none(t: &'static Text, value: Option<&str>) -> String {
    value.map_or_else(|| t.get("admin-none").into_owned(), str::to_owned)
}

// ---------------------------------------------------------------------------------------
// `/admin`: the verification queue

/// A changed field of a verified organisation: what it is, what residents see, what the
/// organisation asks for.
struct ChangeRow {
    label: Cow<'static, str>,
    now: String,
    proposed: String,
}

/// One organisation in the queue, with what it entered.
struct QueueItem {
    id: Uuid,
    name: String,
    /// New (pending), or a verified one with changes.
    is_new: bool,
    waiting: String,
    kind: Cow<'static, str>,
    org_number: String,
    description: String,
    districts: String,
    email: String,
    phone: String,
    website: String,
    registered: String,
    changes: Vec<ChangeRow>,
    approve_url: String,
    reject_url: String,
    /// The reason field's id (`reason-<id>`): unique on the page, the error summary's target.
    reason_field: String,
    reason_typed: String,
}

#[derive(Template)]
#[template(path = "admin/queue.html")]
struct QueuePage {
    layout: Layout,
    t: &'static Text,
    page: AdminPage,
    form: FormState,
    notice: Notice,
    items: Vec<QueueItem>,
}

impl QueuePage {
    async fn new(
        app: &fritid_app::App, admin: &Admin, form: FormState, typed: Option<(Uuid, String)>,
    ) -> Result<Self, PageError> {
        let t: &'static Text = &NB;
        let names: HashMap<String, String> =
            app.districts().await?.into_iter().map(|d| (d.slug.to_string(), d.name)).collect();
        let waiting = app.moderation_queue(admin.0.user(), QUEUE_LIMIT).await?;
        let items = waiting
            .into_iter()
            .map(|o| {
                let reason_typed = typed
                    .as_ref()
                    .filter(|(id, _)| *id == o.id)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default();
                queue_item(t, &names, o, reason_typed)
            })
            .collect();
        let refused = !form.errors.is_empty();
        Ok(Self {
            layout: Layout::new(title(t, "admin-queue-title", refused), Section::MyPage),
            t,
            page: AdminPage::Queue,
            form,
            notice: None,
            items,
        })
    }
}

fn queue_item(
    t: &'static Text, names: &HashMap<String, String>, o: Organisation, reason_typed: String,
) -> QueueItem {
    let p = &o.profile;
    let is_new = o.status == OrganisationStatus::Pending;
    let since = if is_new { o.created_at } else { o.pending_since.unwrap_or(o.updated_at) };
    let date = words::date_time(since);
    let waiting = if is_new {
        t.with("admin-queue-new", &[("date", date.into())])
    } else {
        t.with("admin-queue-changes", &[("date", date.into())])
    };
    let mut changes = Vec::new();
    if let Some(pending) = o.pending.as_ref().filter(|_| !is_new) {
        if let Some(name) = &pending.name {
            changes.push(ChangeRow {
                label: t.get("admin-org-name"),
                now: p.name.clone(),
                proposed: name.clone(),
            });
        }
        if let Some(kind) = pending.kind {
            changes.push(ChangeRow {
                label: t.get("org-kind-label"),
                now: t.attr("org-kind", p.kind.as_str()).into_owned(),
                proposed: t.attr("org-kind", kind.as_str()).into_owned(),
            });
        }
        if let Some(number) = &pending.org_number {
            changes.push(ChangeRow {
                label: t.get("manage-org-number-label"),
                now: or_none(t, p.org_number.as_ref().map(|n| n.as_str())),
                proposed: or_none(t, number.as_ref().map(|n| n.as_str())),
            });
        }
        if let Some(website) = &pending.website {
            changes.push(ChangeRow {
                label: t.get("manage-org-website-label"),
                now: or_none(t, p.website.as_deref()),
                proposed: or_none(t, website.as_deref()),
            });
        }
    }
    let districts: Vec<String> = p
        .districts
        .iter()
        .map(|d| names.get(d.as_str()).cloned().unwrap_or_else(|| d.to_string()))
        .collect();
    QueueItem {
        id: o.id,
        name: p.name.clone(),
        is_new,
        waiting: waiting.into_owned(),
        kind: t.attr("org-kind", p.kind.as_str()),
        org_number: or_none(t, p.org_number.as_ref().map(|n| n.as_str())),
        description: if p.description.trim().is_empty() {
            t.get("admin-none").into_owned()
        } else {
            p.description.clone()
        },
        districts: if districts.is_empty() {
            t.get("admin-none").into_owned()
        } else {
            words::and_list(&districts)
        },
        email: or_none(t, p.email.as_ref().map(|e| e.as_str())),
        phone: or_none(t, p.phone.as_deref()),
        website: or_none(t, p.website.as_deref()),
        registered: words::date_time(o.created_at),
        changes,
        approve_url: format!("/admin/organisasjoner/{}/godkjenn", o.id),
        reject_url: format!("/admin/organisasjoner/{}/avvis", o.id),
        reason_field: format!("reason-{}", o.id),
        reason_typed,
    }
}

async fn queue(
    app: web::Data<fritid_app::App>, admin: Admin, q: web::Query<NoticeQuery>,
) -> PageResult {
    let mut page = QueuePage::new(&app, &admin, FormState::new(&admin.0), None).await?;
    page.notice = q.shown(&NB);
    ok(&page).map(no_store)
}

/// `godkjenn` (verify, or approve the changes) or `avvis` (reject, with `reason`).
async fn moderate(
    app: web::Data<fritid_app::App>, admin: Admin, path: Path<(Uuid, String)>, body: Bytes,
) -> PageResult {
    let (id, decision) = path.into_inner();
    let posted = Posted::read(&admin.0, &body)?;
    let user = admin.0.user();
    let outcome = match decision.as_str() {
        "godkjenn" => app.verify_organisation(user, id).await.map(|_| "godkjent"),
        "avvis" => {
            let reason = posted.text("reason");
            if reason.trim().is_empty() {
                let name = app.organisation(&admin.0.actor(), id).await?.organisation.profile.name;
                let message = NB.with("admin-reason-missing", &[("name", name.into())]);
                let form = FormState::new(&admin.0)
                    .with_error(&format!("reason-{id}"), message.into_owned());
                let page = QueuePage::new(&app, &admin, form, Some((id, reason))).await?;
                return html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store);
            }
            app.reject_organisation(user, id, &reason).await.map(|_| "avvist")
        }
        _ => return Err(PageError::NotFound),
    };
    let notice = match outcome {
        Ok(notice) => notice,
        // Archived meanwhile: nothing to decide.
        Err(AppError::Conflict(_)) => "arkivert",
        Err(e) => return Err(e.into()),
    };
    Ok(see_other(&format!("/admin?melding={notice}")).finish())
}

// ---------------------------------------------------------------------------------------
// `/admin/organisasjoner`: every organisation

struct OrganisationRow {
    name: String,
    status: Cow<'static, str>,
    kind: Cow<'static, str>,
    registered: String,
    /// Its public page, when it is public.
    public_url: Option<String>,
    /// Its signed-in page (admins see every organisation's).
    manage_url: String,
    /// The audit log of only this organisation.
    log_url: String,
}

pub(super) struct StatusChoice {
    pub(super) value: &'static str,
    pub(super) label: Cow<'static, str>,
    pub(super) checked: bool,
}

#[derive(Template)]
#[template(path = "admin/organisations.html")]
struct OrganisationsPage {
    layout: Layout,
    t: &'static Text,
    page: AdminPage,
    statuses: Vec<StatusChoice>,
    rows: Vec<OrganisationRow>,
    next_url: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct OrganisationQuery {
    status: Option<String>,
    cursor: Option<String>,
}

async fn organisations(
    app: web::Data<fritid_app::App>, admin: Admin, q: web::Query<OrganisationQuery>,
) -> PageResult {
    let t: &'static Text = &NB;
    let chosen = q.status.as_deref().filter(|s| !s.is_empty());
    let status = match chosen {
        Some(s) => Some(OrganisationStatus::parse(s).ok_or(PageError::BadRequest)?),
        None => None,
    };
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    let found = app.all_organisations(admin.0.user(), status, cursor, PAGE_SIZE).await?;
    let mut statuses = vec![StatusChoice {
        value: "",
        label: t.get("admin-orgs-all-statuses"),
        checked: status.is_none(),
    }];
    statuses.extend(OrganisationStatus::ALL.iter().map(|s| StatusChoice {
        value: s.as_str(),
        label: t.attr("account-organisation-status-name", s.as_str()),
        checked: status == Some(*s),
    }));
    let rows = found
        .items
        .into_iter()
        .map(|o| OrganisationRow {
            status: t.attr("account-organisation-status-name", o.status.as_str()),
            kind: t.attr("org-kind", o.profile.kind.as_str()),
            registered: words::date_time(o.created_at),
            public_url: o.status.is_public().then(|| format!("/organisasjoner/{}", o.id)),
            manage_url: super::organisation::organisation_path(o.id),
            log_url: log_url(&[
                ("resource_type", "organisation".to_owned()),
                ("resource_id", o.id.to_string()),
            ]),
            name: o.profile.name,
        })
        .collect();
    let next_url = found.next_cursor.map(|c| {
        let mut pairs = Vec::new();
        if let Some(s) = chosen {
            pairs.push(("status", s.to_owned()));
        }
        pairs.push(("cursor", c));
        format!("/admin/organisasjoner?{}", serde_html_form::to_string(pairs).unwrap_or_default())
    });
    let page = OrganisationsPage {
        layout: Layout::new(t.get("admin-orgs-title"), Section::MyPage),
        t,
        page: AdminPage::Organisations,
        statuses,
        rows,
        next_url,
    };
    ok(&page).map(no_store)
}

// ---------------------------------------------------------------------------------------
// `/admin/logg`: the audit log

/// What entries of the log can be about, as the store records them.
const RESOURCE_TYPES: [&str; 7] = [
    "organisation",
    "activity",
    "volunteer_opportunity",
    "district",
    "category",
    "user",
    "data_subject",
];

struct LogRow {
    at: String,
    /// The user who made the change, or the command line.
    actor: String,
    action: String,
    /// What it is about, in words.
    about: Cow<'static, str>,
    summary: String,
    /// The log of only the thing it is about.
    only_url: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/log.html")]
struct LogPage {
    layout: Layout,
    t: &'static Text,
    page: AdminPage,
    form: FormState,
    resource_types: Vec<StatusChoice>,
    resource_id: String,
    filtered: bool,
    rows: Vec<LogRow>,
    next_url: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct LogQuery {
    resource_type: Option<String>,
    resource_id: Option<String>,
    cursor: Option<String>,
}

/// The log's address with `pairs` as its query.
fn log_url(pairs: &[(&str, String)]) -> String {
    if pairs.is_empty() {
        return "/admin/logg".to_owned();
    }
    format!("/admin/logg?{}", serde_html_form::to_string(pairs).unwrap_or_default())
}

/// The log's filter as asked for, the form with what it refused, and the id as typed.
fn log_filter(
    t: &'static Text, q: &LogQuery, mut form: FormState,
) -> (AuditFilter, FormState, String) {
    let chosen_type = q.resource_type.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let typed_id = q.resource_id.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let mut filter = AuditFilter::default();
    if let Some(kind) = chosen_type {
        match RESOURCE_TYPES.iter().find(|k| **k == kind) {
            Some(k) => filter.resource_type = Some((*k).to_owned()),
            None => {
                form = form.with_error("resource_type", t.get("admin-log-bad-type").into_owned());
            }
        }
    }
    if !typed_id.is_empty() {
        match typed_id.parse::<Uuid>() {
            Ok(id) => filter.resource_id = Some(id),
            Err(_) => form = form.with_error("resource_id", t.get("admin-log-bad-id").into_owned()),
        }
    }
    (filter, form, typed_id)
}

/// The choices of what log entries are about: everything, or one kind.
fn resource_type_choices(t: &'static Text, chosen: Option<&str>) -> Vec<StatusChoice> {
    let mut choices = vec![StatusChoice {
        value: "",
        label: t.get("admin-log-all-types"),
        checked: chosen.is_none(),
    }];
    choices.extend(RESOURCE_TYPES.iter().map(|k| StatusChoice {
        value: k,
        label: t.attr("admin-log-resource", k),
        checked: chosen == Some(*k),
    }));
    choices
}

async fn audit_log(
    app: web::Data<fritid_app::App>, admin: Admin, q: web::Query<LogQuery>,
) -> PageResult {
    let t: &'static Text = &NB;
    let (filter, form, typed_id) = log_filter(t, &q, FormState::new(&admin.0));
    let refused = !form.errors.is_empty();
    let cursor = q.cursor.as_deref().filter(|c| !c.is_empty());
    let found = if refused {
        fritid_app::Page { items: Vec::new(), next_cursor: None }
    } else {
        app.audit_log_filtered(admin.0.user(), &filter, cursor, PAGE_SIZE).await?
    };
    let actors: Vec<Uuid> = found.items.iter().filter_map(|e| e.actor_id).collect();
    let names = app.audit_actor_names(admin.0.user(), &actors).await?;
    let rows = found
        .items
        .into_iter()
        .map(|e| LogRow {
            at: words::date_time(e.at),
            actor: match e.actor_id {
                None => t.get("admin-log-system").into_owned(),
                Some(id) => names
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| t.get("admin-log-deleted-user").into_owned()),
            },
            action: e.action,
            about: t
                .attr_opt("admin-log-resource", &e.resource_type, &[])
                .unwrap_or_else(|| Cow::Owned(e.resource_type.clone())),
            summary: e.summary,
            only_url: e.resource_id.filter(|id| filter.resource_id != Some(*id)).map(|id| {
                log_url(&[
                    ("resource_type", e.resource_type.clone()),
                    ("resource_id", id.to_string()),
                ])
            }),
        })
        .collect();
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(kind) = &filter.resource_type {
        pairs.push(("resource_type", kind.clone()));
    }
    if let Some(id) = filter.resource_id {
        pairs.push(("resource_id", id.to_string()));
    }
    let filtered = !pairs.is_empty() || refused;
    let next_url = found.next_cursor.map(|c| {
        let mut pairs = pairs.clone();
        pairs.push(("cursor", c));
        log_url(&pairs)
    });
    let resource_types = resource_type_choices(t, filter.resource_type.as_deref());
    let page = LogPage {
        layout: Layout::new(title(t, "admin-log-title", refused), Section::MyPage),
        t,
        page: AdminPage::Log,
        form,
        resource_types,
        resource_id: typed_id,
        filtered,
        rows,
        next_url,
    };
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    html(status, &page).map(no_store)
}

// ---------------------------------------------------------------------------------------
// `/admin/bydeler` and `/admin/kategorier`: reference data

/// A kommunedel or a category in its list, with the form that renames, retires or restores
/// it.
struct RefItem {
    slug: String,
    name: String,
    /// What else identifies it: the district's code, the category's parent.
    detail: String,
    retired: bool,
    version: i32,
    /// Where its form is sent.
    action: String,
    /// The ids of its fields: unique on the page (`name-<slug>`, `retired-<slug>`).
    name_field: String,
    retired_field: String,
}

/// The add form of a reference page, as typed.
#[derive(Debug, Clone, Default)]
struct AddTyped {
    slug: String,
    code: String,
    name: String,
    short_name: String,
    parent: String,
}

/// A parent a new category may have.
struct ParentChoice {
    value: String,
    label: String,
    checked: bool,
}

#[derive(Template)]
#[template(path = "admin/reference.html")]
struct ReferencePage {
    layout: Layout,
    t: &'static Text,
    page: AdminPage,
    form: FormState,
    notice: Notice,
    /// Districts (with code and short name) or categories (with parent).
    districts: bool,
    action: &'static str,
    typed: AddTyped,
    parents: Vec<ParentChoice>,
    items: Vec<RefItem>,
}

impl ReferencePage {
    /// The page of `districts` (or of the categories), with `typed` in the add form and, for
    /// an item whose change was refused, the name as typed.
    async fn new(
        app: &fritid_app::App, districts: bool, form: FormState, typed: AddTyped,
        renamed: Option<(&str, &str)>,
    ) -> Result<Self, PageError> {
        let t: &'static Text = &NB;
        let refused = !form.errors.is_empty();
        let item = |slug: &Slug, name: &str, detail: String, retired: bool, version: i32| {
            let slug = slug.to_string();
            let name = renamed
                .filter(|(s, _)| *s == slug)
                .map_or_else(|| name.to_owned(), |(_, n)| n.to_owned());
            let base = if districts { "/admin/bydeler" } else { "/admin/kategorier" };
            RefItem {
                action: format!("{base}/{slug}"),
                name_field: format!("name-{slug}"),
                retired_field: format!("retired-{slug}"),
                slug,
                name,
                detail,
                retired,
                version,
            }
        };
        let (items, parents) = if districts {
            let items = app
                .districts()
                .await?
                .iter()
                .map(|d| {
                    let detail =
                        t.with("admin-district-detail", &[("code", d.code.clone().into())]);
                    item(&d.slug, &d.name, detail.into_owned(), d.retired, d.version)
                })
                .collect();
            (items, Vec::new())
        } else {
            let all = app.categories().await?;
            let names: HashMap<&Slug, &str> =
                all.iter().map(|c| (&c.slug, c.name.as_str())).collect();
            let items = all
                .iter()
                .map(|c| {
                    let detail = c.parent.as_ref().map_or_else(
                        || t.get("admin-category-top"),
                        |p| {
                            let parent = names.get(p).copied().unwrap_or(p.as_str()).to_owned();
                            t.with("admin-category-under", &[("parent", parent.into())])
                        },
                    );
                    item(&c.slug, &c.name, detail.into_owned(), c.retired, c.version)
                })
                .collect();
            let parents = all
                .iter()
                .filter(|c| !c.retired)
                .map(|c| ParentChoice {
                    value: c.slug.to_string(),
                    label: c.name.clone(),
                    checked: c.slug.as_str() == typed.parent,
                })
                .collect();
            (items, parents)
        };
        let id = if districts { "admin-districts-title" } else { "admin-categories-title" };
        Ok(Self {
            layout: Layout::new(title(t, id, refused), Section::MyPage),
            t,
            page: if districts { AdminPage::Districts } else { AdminPage::Categories },
            form,
            notice: None,
            districts,
            action: if districts { "/admin/bydeler" } else { "/admin/kategorier" },
            typed,
            parents,
            items,
        })
    }
}

async fn districts(
    app: web::Data<fritid_app::App>, admin: Admin, q: web::Query<NoticeQuery>,
) -> PageResult {
    reference_list(&app, &admin, &q, true).await
}

async fn categories(
    app: web::Data<fritid_app::App>, admin: Admin, q: web::Query<NoticeQuery>,
) -> PageResult {
    reference_list(&app, &admin, &q, false).await
}

/// The list of districts (`districts`) or categories, with what the last step left to say.
async fn reference_list(
    app: &fritid_app::App, admin: &Admin, q: &NoticeQuery, districts: bool,
) -> PageResult {
    let form = FormState::new(&admin.0);
    let mut page = ReferencePage::new(app, districts, form, AddTyped::default(), None).await?;
    page.notice = q.shown(&NB);
    ok(&page).map(no_store)
}

/// The add form's refusal: the fields the use case named (in Norwegian), or the slug or code
/// that is taken.
fn add_refused(
    admin: &Admin, message_id: &str, e: AppError,
) -> Result<(FormState, StatusCode), PageError> {
    let form = FormState::new(&admin.0);
    match e {
        AppError::Invalid(errors) => {
            Ok((form.refused(message_id, &errors), StatusCode::UNPROCESSABLE_ENTITY))
        }
        AppError::Conflict(message) => {
            let (field, id) = if message.contains(" code ") {
                ("code", "admin-code-taken")
            } else {
                ("slug", "admin-slug-taken")
            };
            Ok((form.with_error(field, NB.get(id).into_owned()), StatusCode::CONFLICT))
        }
        other => Err(other.into()),
    }
}

async fn add_district(app: web::Data<fritid_app::App>, admin: Admin, body: Bytes) -> PageResult {
    add_item(&app, &admin, &body, true).await
}

async fn add_category(app: web::Data<fritid_app::App>, admin: Admin, body: Bytes) -> PageResult {
    add_item(&app, &admin, &body, false).await
}

/// The add form of the district list (`districts`) or the category list.
async fn add_item(
    app: &fritid_app::App, admin: &Admin, body: &[u8], districts: bool,
) -> PageResult {
    let posted = Posted::read(&admin.0, body)?;
    let typed = AddTyped {
        slug: posted.text("slug"),
        code: posted.text("code"),
        name: posted.text("name"),
        short_name: posted.text("short_name"),
        parent: posted.text("parent"),
    };
    let (slug, name, user) = (typed.slug.trim().to_owned(), typed.name.clone(), admin.0.user());
    let (added, list, field) = if districts {
        let code = typed.code.trim().to_owned();
        let input = DistrictInput { slug, code, name, short_name: posted.optional("short_name") };
        (app.create_district(user, input).await.map(drop), "/admin/bydeler", "admin-district-field")
    } else {
        let input = CategoryInput { slug, name, parent: posted.optional("parent") };
        let added = app.create_category(user, input).await.map(drop);
        (added, "/admin/kategorier", "admin-category-field")
    };
    match added {
        Ok(()) => Ok(see_other(&format!("{list}?melding=lagt-til")).finish()),
        Err(e) => {
            let (form, status) = add_refused(admin, field, e)?;
            let page = ReferencePage::new(app, districts, form, typed, None).await?;
            html(status, &page).map(no_store)
        }
    }
}

/// What a posted item form asks for: the new name, retired or not, and the version the form
/// was made from (a change since then is not overwritten).
fn item_change(posted: &Posted) -> (Change, Option<i32>) {
    let change = Change {
        name: Some(posted.text("name")),
        retired: Some(posted.ticked("retired")),
        fixed: Vec::new(),
    };
    (change, posted.text("version").trim().parse().ok())
}

/// The item form's refusal, on its name field.
fn item_refused(
    admin: &Admin, message_id: &str, slug: &str, e: AppError,
) -> Result<(FormState, StatusCode), PageError> {
    let field = format!("name-{slug}");
    let form = FormState::new(&admin.0);
    match e {
        AppError::Invalid(errors) => {
            let form = errors.0.iter().fold(form, |form, e| {
                if form.error_for(&field).is_some() {
                    form
                } else {
                    form.with_error(&field, field_message(&NB, message_id, &e.field))
                }
            });
            Ok((form, StatusCode::UNPROCESSABLE_ENTITY))
        }
        AppError::VersionMismatch => {
            let message = NB.get("admin-changed-meanwhile").into_owned();
            Ok((form.with_error(&field, message), StatusCode::CONFLICT))
        }
        other => Err(other.into()),
    }
}

async fn change_district(
    app: web::Data<fritid_app::App>, admin: Admin, slug: Path<String>, body: Bytes,
) -> PageResult {
    change_item(&app, &admin, &slug, &body, true).await
}

async fn change_category(
    app: web::Data<fritid_app::App>, admin: Admin, slug: Path<String>, body: Bytes,
) -> PageResult {
    change_item(&app, &admin, &slug, &body, false).await
}

/// A posted item form of the district list (`districts`) or the category list: renamed,
/// retired or restored; refused on the item's name field.
async fn change_item(
    app: &fritid_app::App, admin: &Admin, slug: &str, body: &[u8], districts: bool,
) -> PageResult {
    let posted = Posted::read(&admin.0, body)?;
    let slug = Slug::parse("slug", slug).map_err(|_| PageError::NotFound)?;
    let (common, version) = item_change(&posted);
    let user = admin.0.user();
    let (saved, list, field) = if districts {
        let change = DistrictChange { common, short_name: None };
        let saved = app.update_district(user, &slug, version, change).await.map(drop);
        (saved, "/admin/bydeler", "admin-district-field")
    } else {
        let change = CategoryChange { common, parent: None };
        let saved = app.update_category(user, &slug, version, change).await.map(drop);
        (saved, "/admin/kategorier", "admin-category-field")
    };
    match saved {
        Ok(()) => Ok(see_other(&format!("{list}?melding=lagret")).finish()),
        Err(e) => {
            let (form, status) = item_refused(admin, field, slug.as_str(), e)?;
            let typed = posted.text("name");
            let renamed = Some((slug.as_str(), typed.as_str()));
            let page = ReferencePage::new(app, districts, form, AddTyped::default(), renamed);
            html(status, &page.await?).map(no_store)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_navigation_marks_the_page_it_is_on() {
        assert_eq!(AdminPage::Queue.current("queue"), "page");
        assert_eq!(AdminPage::Queue.current("log"), "false");
        assert_eq!(AdminPage::Categories.current("categories"), "page");
    }

    #[test]
    fn every_kind_of_log_entry_has_a_name() {
        for kind in RESOURCE_TYPES {
            assert!(NB.attr_opt("admin-log-resource", kind, &[]).is_some(), "{kind}");
        }
    }

    #[test]
    fn notices_are_known_or_none() {
        let q = NoticeQuery { melding: Some("godkjent".to_owned()) };
        assert!(q.shown(&NB).is_some());
        let q = NoticeQuery { melding: Some("<script>".to_owned()) };
        assert!(q.shown(&NB).is_none());
        assert!(NoticeQuery::default().shown(&NB).is_none());
    }
}
