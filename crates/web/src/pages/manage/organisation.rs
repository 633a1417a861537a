//! `/min-side/organisasjoner/ny` (register an organisation) and
//! `/min-side/organisasjoner/{id}` (its state, its activities and what to do next).

use std::borrow::Cow;

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Path};
use askama::Template;
use fritid_app::AppError;
use fritid_domain::activity::{Activity, ActivityStatus};
use fritid_domain::organisation::{Organisation, OrganisationInput, OrganisationKind};
use uuid::Uuid;

use super::{FormState, Posted, SignedIn};
use crate::layout::{Layout, PageResult, Section, html, ok};
use crate::pages::account::{no_store, see_other};
use crate::pages::{AppData, Choice};
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/min-side/organisasjoner/ny").get(new_form).post(create));
    cfg.route("/min-side/organisasjoner/{id}", web::get().to(overview));
}

/// Where an organisation's own page is.
pub fn organisation_path(id: Uuid) -> String {
    format!("/min-side/organisasjoner/{id}")
}

// ---------------------------------------------------------------------------------------
// `/min-side/organisasjoner/ny`

#[derive(Template)]
#[template(path = "manage/organisation_new.html")]
struct NewOrganisationPage {
    layout: Layout,
    t: &'static Text,
    form: FormState,
    typed: OrganisationInput,
    kinds: Vec<Choice>,
    districts: Vec<Choice>,
}

impl NewOrganisationPage {
    async fn new(
        app: &fritid_app::App, form: FormState, typed: OrganisationInput,
    ) -> Result<Self, AppError> {
        let t: &'static Text = &NB;
        let title = t.get("manage-org-new-title");
        let title = if form.errors.is_empty() {
            title
        } else {
            t.with("form-error-title", &[("title", title.into())])
        };
        let kinds = OrganisationKind::ALL
            .iter()
            .map(|k| {
                let label = t.attr("org-kind", k.as_str()).into_owned();
                Choice::new(k.as_str().to_owned(), label, std::slice::from_ref(&typed.kind))
            })
            .collect();
        let districts = app
            .districts()
            .await?
            .into_iter()
            .filter(|d| !d.retired)
            .map(|d| Choice::new(d.slug.to_string(), d.name, &typed.districts))
            .collect();
        Ok(Self { layout: Layout::new(title, Section::MyPage), t, form, typed, kinds, districts })
    }
}

async fn new_form(app: AppData, signed_in: SignedIn) -> PageResult {
    let form = FormState::new(&signed_in);
    let typed = OrganisationInput { kind: "association".to_owned(), ..Default::default() };
    ok(&NewOrganisationPage::new(&app, form, typed).await?).map(no_store)
}

async fn create(app: AppData, signed_in: SignedIn, body: Bytes) -> PageResult {
    let posted = Posted::read(&signed_in, &body)?;
    let input = OrganisationInput {
        name: posted.text("name"),
        kind: posted.text("kind"),
        org_number: posted.optional("org_number"),
        description: posted.text("description"),
        email: posted.optional("email"),
        phone: posted.optional("phone"),
        website: posted.optional("website"),
        districts: posted.all("districts"),
    };
    match app.create_organisation(signed_in.user(), input.clone()).await {
        Ok(view) => Ok(see_other(&organisation_path(view.organisation.id)).finish()),
        Err(AppError::Invalid(errors)) => {
            let form = FormState::new(&signed_in).refused("manage-org-field", &errors);
            let page = NewOrganisationPage::new(&app, form, input).await?;
            html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store)
        }
        Err(AppError::Conflict(_)) => {
            let taken = NB.get("manage-org-number-taken");
            let form = FormState::new(&signed_in).with_error("org_number", taken.into_owned());
            let page = NewOrganisationPage::new(&app, form, input).await?;
            html(StatusCode::CONFLICT, &page).map(no_store)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/min-side/organisasjoner/{id}`

/// One of the organisation's activities in its list.
struct ActivityRow {
    title: String,
    edit_url: String,
    status: Cow<'static, str>,
    /// Where residents see it, once it is public.
    public_url: Option<String>,
}

#[derive(Template)]
#[template(path = "manage/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    t: &'static Text,
    organisation: Organisation,
    status: Cow<'static, str>,
    kind: Cow<'static, str>,
    activities: Vec<ActivityRow>,
    new_activity_url: String,
    volunteering: super::volunteering::Summary,
}

async fn overview(app: AppData, signed_in: SignedIn, id: Path<Uuid>) -> PageResult {
    let t: &'static Text = &NB;
    signed_in.role_in(*id)?;
    let actor = signed_in.actor();
    let view = app.organisation(&actor, *id).await?;
    let statuses =
        vec![ActivityStatus::Draft, ActivityStatus::Published, ActivityStatus::Unpublished];
    // Every activity of the organisation, a page of the most the form allows at a time.
    let mut activities: Vec<Activity> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = app
            .organisation_activities(&actor, *id, statuses.clone(), cursor.as_deref(), 100)
            .await?;
        activities.extend(page.items);
        match page.next_cursor {
            Some(next) if activities.len() < 1000 => cursor = Some(next),
            _ => break,
        }
    }
    let o = view.organisation;
    let volunteering = super::volunteering::summary(&app, &signed_in, &o).await?;
    let page = OrganisationPage {
        layout: Layout::new(o.profile.name.clone(), Section::MyPage),
        t,
        status: t.attr("account-organisation-status-name", o.status.as_str()),
        kind: t.attr("org-kind", o.profile.kind.as_str()),
        activities: activities
            .iter()
            .map(|a| ActivityRow {
                title: a.details.title.clone(),
                edit_url: format!("/min-side/aktiviteter/{}", a.id),
                status: t.attr("manage-activity-status", a.status.as_str()),
                public_url: a.is_public.then(|| format!("/aktiviteter/{}", a.id)),
            })
            .collect(),
        new_activity_url: format!("{}/aktiviteter/ny", organisation_path(o.id)),
        volunteering,
        organisation: o,
    };
    ok(&page).map(no_store)
}
