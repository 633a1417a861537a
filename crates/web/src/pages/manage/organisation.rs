//! `/min-side/organisasjoner/ny` (register an organisation) and
//! `/min-side/organisasjoner/{id}` (its state, its activities and what to do next).

use std::borrow::Cow;

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Path};
use askama::Template;
use fritid_app::AppError;
use fritid_app::organisations::OrganisationPatch;
use fritid_domain::activity::{Activity, ActivityStatus};
use fritid_domain::organisation::{
    Organisation, OrganisationInput, OrganisationKind, OrganisationStatus,
};
use uuid::Uuid;

use super::{FormState, Posted, SignedIn};
use crate::layout::{Layout, PageResult, Section, html, ok};
use crate::pages::account::{no_store, see_other};
use crate::pages::{AppData, Choice, district_choices};
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/min-side/organisasjoner/ny").get(new_form).post(create));
    cfg.service(web::resource("/min-side/organisasjoner/{id}/rediger").get(edit_form).post(update));
    cfg.route("/min-side/organisasjoner/{id}", web::get().to(overview));
}

/// Where an organisation's own page is.
pub fn organisation_path(id: Uuid) -> String {
    format!("/min-side/organisasjoner/{id}")
}

// ---------------------------------------------------------------------------------------
// `/min-side/organisasjoner/ny` and `/min-side/organisasjoner/{id}/rediger`

/// An organisation being edited: where the form goes and the version it was made from.
struct Editing {
    action: String,
    version: i32,
    /// Changes to its name, kind, number or website wait for the municipality.
    verified: bool,
}

#[derive(Template)]
#[template(path = "manage/organisation_form.html")]
struct OrganisationFormPage {
    layout: Layout,
    t: &'static Text,
    form: FormState,
    typed: OrganisationInput,
    kinds: Vec<Choice>,
    districts: Vec<Choice>,
    editing: Option<Editing>,
}

impl OrganisationFormPage {
    async fn new(
        app: &fritid_app::App, form: FormState, typed: OrganisationInput, editing: Option<Editing>,
    ) -> Result<Self, AppError> {
        let t: &'static Text = &NB;
        let title = form.title(match editing {
            Some(_) => "manage-org-edit-title",
            None => "manage-org-new-title",
        });
        let kinds = Choice::coded(
            t,
            "org-kind",
            OrganisationKind::ALL.map(OrganisationKind::as_str),
            std::slice::from_ref(&typed.kind),
        );
        // Retired ones leave the chooser, except where the organisation has them.
        let districts = district_choices(&app.districts().await?, &typed.districts);
        let layout = Layout::new(title, Section::MyPage);
        Ok(Self { layout, t, form, typed, kinds, districts, editing })
    }
}

/// The organisation form as posted.
fn typed(posted: &Posted) -> OrganisationInput {
    OrganisationInput {
        name: posted.text("name"),
        kind: posted.text("kind"),
        org_number: posted.optional("org_number"),
        description: posted.text("description"),
        email: posted.optional("email"),
        phone: posted.optional("phone"),
        website: posted.optional("website"),
        districts: posted.all("districts"),
    }
}

/// The form again after `refusal`: 422 with every refused field, 409 when the number is
/// taken, 412 when someone else changed the organisation meanwhile.
async fn refused(
    app: &fritid_app::App, signed_in: &SignedIn, input: OrganisationInput,
    editing: Option<Editing>, refusal: AppError,
) -> PageResult {
    let form = FormState::new(signed_in);
    let (status, form) = match refusal {
        AppError::Invalid(errors) => {
            (StatusCode::UNPROCESSABLE_ENTITY, form.refused("manage-org-field", &errors))
        }
        AppError::Conflict(_) => {
            let taken = NB.get("manage-org-number-taken").into_owned();
            (StatusCode::CONFLICT, form.with_error("org_number", taken))
        }
        AppError::VersionMismatch => {
            let changed = NB.get("manage-org-changed-meanwhile").into_owned();
            (StatusCode::PRECONDITION_FAILED, form.with_error("name", changed))
        }
        e => return Err(e.into()),
    };
    let page = OrganisationFormPage::new(app, form, input, editing).await?;
    html(status, &page).map(no_store)
}

async fn new_form(app: AppData, signed_in: SignedIn) -> PageResult {
    if !signed_in.user().email_verified {
        return Err(crate::layout::PageError::ConfirmEmailFirst);
    }
    let form = FormState::new(&signed_in);
    let typed = OrganisationInput { kind: "association".to_owned(), ..Default::default() };
    ok(&OrganisationFormPage::new(&app, form, typed, None).await?).map(no_store)
}

async fn create(app: AppData, signed_in: SignedIn, body: Bytes) -> PageResult {
    let posted = Posted::read(&signed_in, &body)?;
    let input = typed(&posted);
    match app.create_organisation(signed_in.user(), input.clone()).await {
        Ok(view) => Ok(see_other(&organisation_path(view.organisation.id)).finish()),
        Err(e) => refused(&app, &signed_in, input, None, e).await,
    }
}

fn editing(o: &Organisation) -> Editing {
    Editing {
        action: format!("{}/rediger", organisation_path(o.id)),
        version: o.version,
        verified: o.status == OrganisationStatus::Verified,
    }
}

async fn edit_form(app: AppData, signed_in: SignedIn, id: Path<Uuid>) -> PageResult {
    signed_in.role_in(*id)?;
    let o = app.organisation(&signed_in.actor(), *id).await?.organisation;
    // As its members last wrote it: with any change still waiting for the municipality.
    let input = o.to_input();
    let page =
        OrganisationFormPage::new(&app, FormState::new(&signed_in), input, Some(editing(&o)));
    ok(&page.await?).map(no_store)
}

async fn update(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    signed_in.role_in(*id)?;
    let o = app.organisation(&signed_in.actor(), *id).await?.organisation;
    let posted = Posted::read(&signed_in, &body)?;
    let input = typed(&posted);
    let version = posted.text("version").parse().ok();
    let patch = OrganisationPatch {
        name: Some(input.name.clone()),
        kind: Some(input.kind.clone()),
        org_number: Some(input.org_number.clone()),
        description: Some(input.description.clone()),
        email: Some(input.email.clone()),
        phone: Some(input.phone.clone()),
        website: Some(input.website.clone()),
        districts: Some(input.districts.clone()),
    };
    match app.update_organisation(signed_in.user(), *id, version, patch).await {
        Ok(_) => Ok(see_other(&format!("{}?lagret=ja", organisation_path(*id))).finish()),
        Err(e) => refused(&app, &signed_in, input, Some(editing(&o)), e).await,
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
    members_url: String,
    edit_url: String,
    /// Just saved (after the redirect).
    saved: bool,
    volunteering: super::volunteering::Summary,
}

/// `?lagret=ja` after a change was saved.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Saved {
    lagret: Option<String>,
}

async fn overview(
    app: AppData, signed_in: SignedIn, id: Path<Uuid>, saved: web::Query<Saved>,
) -> PageResult {
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
        members_url: format!("{}/medlemmer", organisation_path(o.id)),
        edit_url: format!("{}/rediger", organisation_path(o.id)),
        saved: saved.lagret.is_some(),
        volunteering,
        organisation: o,
    };
    ok(&page).map(no_store)
}
