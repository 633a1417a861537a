//! An organisation's volunteer opportunities and the sign-ups they get: create
//! (`/min-side/organisasjoner/{id}/frivillig/ny`), edit and delete (`/min-side/frivillig/{id}`,
//! with the schedule editor of the activity form), and below the form the sign-up inbox,
//! where each sign-up is moved on (`contacted`, `accepted`, `declined`) and the date a
//! politiattest was seen is recorded (`/min-side/frivillig/{id}/pameldinger/{signup}`).
//! Fields carry the API's names, and the API's use cases do the work.
//!
//! The organisation's own page lists its opportunities with their unanswered sign-ups
//! ([`summary`]); a verified frivilligsentral also sees how many sign-ups wait without an
//! answer at the organisations in its districts (counts only).

use fritid_domain::text::comma_items;
use std::borrow::Cow;
use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes, Path};
use askama::Template;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::Oslo;
use fritid_app::volunteering::SignupChange;
use fritid_app::{AppError, OpportunitySearch, Signup, StaleCount};
use fritid_domain::organisation::Organisation;
use fritid_domain::volunteering::{
    Commitment, Opportunity, OpportunityDetails, OpportunityInput, OpportunityStatus, SignupStatus,
    sees_district_counts,
};
use fritid_domain::{FieldError, ValidationErrors};
use uuid::Uuid;

use super::listing::{self, ListingForm, ListingPage, TextFields};
use super::organisation::organisation_path;
use super::{FormState, Posted, SignedIn};
use crate::layout::{Layout, PageError, PageResult, Section, html, ok};
use crate::pages::account::{no_store, see_other};
use crate::pages::{AppData, Choice, district_choices};
use crate::schedule_form::{self, RuleFields};
use crate::text::{NB, Text};
use crate::words;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/min-side/organisasjoner/{id}/frivillig/ny").get(new_form).post(create),
    );
    cfg.service(web::resource("/min-side/frivillig/{id}").get(edit_form).post(update));
    cfg.route("/min-side/frivillig/{id}/slett", web::post().to(delete));
    cfg.route("/min-side/frivillig/{id}/pameldinger/{signup}", web::post().to(change_signup));
}

/// The fields with a text box, as the API names them.
const TEXT_FIELDS: [&str; 7] =
    ["title", "description", "starts_at", "ends_at", "skills", "min_age", "spots"];
/// What an organisation may move a sign-up to.
const TARGETS: [SignupStatus; 3] =
    [SignupStatus::Contacted, SignupStatus::Accepted, SignupStatus::Declined];
/// The sign-ups read at most for one page (pages of 100).
const MOST_SIGNUPS: usize = 2000;

fn opportunity_path(id: Uuid) -> String {
    format!("/min-side/frivillig/{id}")
}

// ---------------------------------------------------------------------------------------
// Times: `datetime-local` fields in Oslo time, RFC 3339 for the API

/// What a `datetime-local` field shows for an instant: Oslo time, to the minute.
fn local_value(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.with_timezone(&Oslo).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
}

/// A typed time as the API takes it: `2026-09-05T10:00` (a `datetime-local` field, Oslo
/// time) becomes `2026-09-05T10:00:00+02:00`; an RFC 3339 timestamp is taken as it is.
/// `None` when blank, `Err` when it is not a time (or one the clocks skip in spring).
fn instant(value: &str) -> Option<Result<String, ()>> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if DateTime::parse_from_rfc3339(v).is_ok() {
        return Some(Ok(v.to_owned()));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(v, f).ok());
    Some(
        local
            .and_then(|l| Oslo.from_local_datetime(&l).earliest())
            .map(|at| at.to_rfc3339())
            .ok_or(()),
    )
}

// ---------------------------------------------------------------------------------------
// The form: from an opportunity, from a POST, to the API's input

/// The form's values as typed (or as stored).
#[derive(Debug, Clone, Default)]
struct Typed {
    text: TextFields,
    district: String,
    commitment: String,
    status: String,
    police_certificate: bool,
    rules: Vec<RuleFields>,
}

impl Typed {
    /// An empty form: open, one blank rule.
    fn blank() -> Self {
        Self {
            status: OpportunityStatus::Open.as_str().to_owned(),
            rules: vec![RuleFields::default()],
            ..Self::default()
        }
    }

    fn of(d: &OpportunityDetails) -> Self {
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        let text = [
            ("title", d.title.clone()),
            ("description", d.description.clone()),
            ("starts_at", local_value(d.starts_at)),
            ("ends_at", local_value(d.ends_at)),
            ("skills", d.skills.join(", ")),
            ("min_age", number(d.min_age.map(i64::from))),
            ("spots", number(d.spots.map(i64::from))),
        ]
        .into_iter()
        .collect();
        let input = d.to_input();
        Self {
            text,
            district: input.district,
            commitment: input.commitment,
            status: d.status.as_str().to_owned(),
            police_certificate: d.requires_police_certificate,
            rules: schedule_form::rules_of(&input.schedule),
        }
    }
}

/// An opportunity being edited: its state, the version the form was made from, and its
/// sign-ups.
struct Existing {
    status: Cow<'static, str>,
    version: i32,
    public_url: Option<String>,
    base_url: String,
    /// Whether the stored opportunity asks for a politiattest (the sign-ups' date field).
    police_certificate: bool,
    /// `None` for an admin who is not a member: sign-ups are the organisation's alone.
    signups: Option<Vec<SignupView>>,
    /// After how many days an unanswered sign-up is marked.
    stale_days: i64,
}

/// A sign-up in the inbox.
struct SignupView {
    /// The element's id, and the fragment the change comes back to.
    anchor: String,
    action: String,
    /// The volunteer's name, or what became of it.
    heading: Cow<'static, str>,
    /// Withdrawn or erased: why there are no personal data.
    gone: Option<Cow<'static, str>>,
    email: Option<String>,
    phone: Option<String>,
    /// `tel:` and the number without spaces.
    phone_href: String,
    message: Option<String>,
    guardian_name: Option<String>,
    received: String,
    status: Cow<'static, str>,
    stale: bool,
    police_seen: Option<String>,
    police_seen_value: String,
    /// The statuses the form offers.
    targets: Vec<(&'static str, Cow<'static, str>)>,
    /// What the last change did: saved, or the message why not.
    saved: bool,
    error: Option<FieldError>,
}

impl SignupView {
    fn of(s: &Signup, opportunity: Uuid, t: &'static Text) -> Self {
        let anchor = format!("pamelding-{}", s.id);
        let withdrawn = s.status == SignupStatus::Withdrawn;
        let gone = if withdrawn {
            Some(t.get("manage-signup-withdrawn"))
        } else if s.erased {
            Some(t.get("manage-signup-erased"))
        } else {
            None
        };
        let personal = |v: &Option<String>| if gone.is_some() { None } else { v.clone() };
        let heading = match (&gone, &s.name) {
            (None, Some(name)) => Cow::Owned(name.clone()),
            _ => t.get("manage-signup-anonymous"),
        };
        Self {
            action: format!("{}/pameldinger/{}", opportunity_path(opportunity), s.id),
            heading,
            email: personal(&s.email),
            phone: personal(&s.phone),
            phone_href: personal(&s.phone)
                .map(|p| format!("tel:{}", p.replace(char::is_whitespace, "")))
                .unwrap_or_default(),
            message: personal(&s.message),
            guardian_name: personal(&s.guardian_name),
            received: words::full_date(s.created_at.with_timezone(&Oslo).date_naive()),
            status: t.attr("manage-signup-status", s.status.as_str()),
            stale: s.stale,
            police_seen: s.police_certificate_seen_on.map(words::full_date),
            police_seen_value: s
                .police_certificate_seen_on
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            targets: if gone.is_some() {
                Vec::new()
            } else {
                TARGETS
                    .iter()
                    .map(|s| (s.as_str(), t.attr("manage-signup-status", s.as_str())))
                    .collect()
            },
            gone,
            saved: false,
            error: None,
            anchor,
        }
    }

    /// The message for the form's field `part` (`status`, `attest`), if it was refused.
    fn error_at(&self, part: &str) -> Option<&str> {
        let id = format!("{}-{part}", self.anchor);
        self.error.as_ref().filter(|e| e.field == id).map(|e| e.message.as_str())
    }

    /// The id of the form's field that was refused: the date's, or the status'.
    fn field_id(&self, field: &str) -> String {
        match field {
            "police_certificate_seen_on" => format!("{}-attest", self.anchor),
            _ => format!("{}-status", self.anchor),
        }
    }
}

#[derive(Template)]
#[template(path = "manage/opportunity_form.html")]
struct OpportunityFormPage {
    layout: Layout,
    t: &'static Text,
    form: FormState,
    /// The form's refused fields and a refused sign-up change, for the error summary.
    summary: Vec<FieldError>,
    typed: Typed,
    action: String,
    back_url: String,
    districts: Vec<Choice>,
    commitments: Vec<Choice>,
    statuses: Vec<Choice>,
    rules: Vec<super::RuleView>,
    existing: Option<Existing>,
    notice: Option<(Cow<'static, str>, &'static str)>,
}

impl OpportunityFormPage {
    /// The edit page of `o` as it is stored, with its sign-ups (`shown`).
    async fn of(
        app: &fritid_app::App, signed_in: &SignedIn, o: &Opportunity, shown: Existing,
    ) -> Result<Self, AppError> {
        let (action, back) = (opportunity_path(o.id), organisation_path(o.organisation_id));
        let form = FormState::new(signed_in);
        Self::new(app, form, Typed::of(&o.details), action, back, Some(shown)).await
    }
}

impl ListingPage for OpportunityFormPage {
    type Typed = Typed;
    type Existing = Existing;

    async fn new(
        app: &fritid_app::App, form: FormState, typed: Typed, action: String, back_url: String,
        existing: Option<Existing>,
    ) -> Result<Self, AppError> {
        let t: &'static Text = &NB;
        let title = match &existing {
            Some(_) => t.get("manage-opportunity-edit-title"),
            None => t.get("manage-opportunity-new-title"),
        };
        let mut summary = form.errors.clone();
        if let Some(e) = &existing {
            summary.extend(e.signups.iter().flatten().filter_map(|s| s.error.clone()));
        }
        let title = if summary.is_empty() {
            title
        } else {
            t.with("form-error-title", &[("title", title.into())])
        };
        let districts =
            district_choices(&app.districts().await?, std::slice::from_ref(&typed.district));
        let commitments = Choice::coded(
            t,
            "volunteer-commitment",
            Commitment::ALL.map(Commitment::as_str),
            std::slice::from_ref(&typed.commitment),
        );
        let statuses = Choice::coded(
            t,
            "manage-opportunity-status",
            OpportunityStatus::ALL.map(OpportunityStatus::as_str),
            std::slice::from_ref(&typed.status),
        );
        let rules = super::rule_views(t, &typed.rules);
        Ok(Self {
            layout: Layout::new(title, Section::MyPage),
            t,
            form,
            summary,
            typed,
            action,
            back_url,
            districts,
            commitments,
            statuses,
            rules,
            existing,
            notice: None,
        })
    }
}

impl ListingForm for Typed {
    type Input = OpportunityInput;
    type Page = OpportunityFormPage;
    const MESSAGES: [&'static str; 2] =
        ["manage-opportunity-field", "manage-opportunity-changed-meanwhile"];

    fn posted(posted: &Posted) -> Self {
        Self {
            text: TextFields::posted(posted, &TEXT_FIELDS),
            district: posted.text("district"),
            commitment: posted.text("commitment"),
            status: posted.text("status"),
            police_certificate: posted.ticked("requires_police_certificate"),
            rules: schedule_form::rules_from_pairs(posted.pairs()),
        }
    }

    /// The API's input, and the fields the use case cannot see because they are not even
    /// numbers or times (it would get no value).
    fn input(&self) -> (OpportunityInput, ValidationErrors) {
        let mut errors = ValidationErrors::new();
        let text = |f: &str| self.text.trimmed(f);
        let mut whole = |f: &str| self.text.whole(f, &mut errors);
        let (min_age, spots) = (whole("min_age"), whole("spots"));
        let mut time = |f: &str| match instant(self.text.value(f)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(())) => {
                errors.push(f.to_owned(), "not a date and time");
                None
            }
        };
        let (starts_at, ends_at) = (time("starts_at"), time("ends_at"));
        let input = OpportunityInput {
            title: text("title"),
            description: self.text.value("description").to_owned(),
            district: self.district.clone(),
            commitment: self.commitment.clone(),
            starts_at,
            ends_at,
            schedule: schedule_form::to_inputs(&self.rules),
            skills: comma_items(&text("skills")).map(str::to_owned).collect(),
            min_age,
            spots,
            requires_police_certificate: self.police_certificate,
            status: Some(self.status.clone()).filter(|s| !s.is_empty()),
        };
        (input, errors)
    }

    fn rules(&mut self) -> &mut Vec<RuleFields> {
        &mut self.rules
    }
}

// ---------------------------------------------------------------------------------------
// Create

async fn new_form(app: AppData, signed_in: SignedIn, id: Path<Uuid>) -> PageResult {
    listing::new_form(&app, &signed_in, *id, "frivillig/ny", Typed::blank()).await
}

async fn create(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    let create = async |input| {
        let o = app.create_opportunity(signed_in.user(), *id, input).await?;
        Ok(opportunity_path(o.id))
    };
    listing::create::<Typed>(&app, &signed_in, *id, "frivillig/ny", &body, create).await
}

// ---------------------------------------------------------------------------------------
// Edit, delete, and the sign-ups

/// The opportunity, if the person is a member of its organisation (or an admin); else 404.
async fn own_opportunity(
    app: &fritid_app::App, signed_in: &SignedIn, id: Uuid,
) -> Result<Opportunity, PageError> {
    let o = app.opportunity(&signed_in.actor(), id).await?;
    signed_in.role_in(o.organisation_id)?;
    Ok(o)
}

/// Every sign-up of the organisation, newest first, as far as [`MOST_SIGNUPS`]; `None` when
/// the person may not read them (an admin who is not a member).
async fn organisation_signups(
    app: &fritid_app::App, signed_in: &SignedIn, organisation: Uuid,
) -> Result<Option<Vec<Signup>>, AppError> {
    let mut all: Vec<Signup> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = app.signups(signed_in.user(), organisation, false, cursor.as_deref(), 100);
        let page = match page.await {
            Err(AppError::Forbidden) => return Ok(None),
            page => page?,
        };
        all.extend(page.items);
        match page.next_cursor {
            Some(next) if all.len() < MOST_SIGNUPS => cursor = Some(next),
            _ => return Ok(Some(all)),
        }
    }
}

async fn existing(
    app: &fritid_app::App, signed_in: &SignedIn, o: &Opportunity,
) -> Result<Existing, AppError> {
    let t: &'static Text = &NB;
    let signups = organisation_signups(app, signed_in, o.organisation_id).await?.map(|all| {
        all.iter()
            .filter(|s| s.opportunity_id == o.id)
            .map(|s| SignupView::of(s, o.id, t))
            .collect()
    });
    let stale_before = app.stale_before();
    Ok(Existing {
        status: t.attr("manage-opportunity-status", o.effective_status().as_str()),
        version: o.version,
        public_url: o.is_public.then(|| format!("/frivillig/{}", o.id)),
        base_url: opportunity_path(o.id),
        police_certificate: o.details.requires_police_certificate,
        signups,
        stale_days: (Utc::now() - stale_before).num_days(),
    })
}

/// The notices of the edit page, by the query parameter a step left behind.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Notices {
    lagret: Option<String>,
    /// The sign-up just changed.
    oppdatert: Option<Uuid>,
}

async fn edit_form(
    app: AppData, signed_in: SignedIn, id: Path<Uuid>, notices: web::Query<Notices>,
) -> PageResult {
    let o = own_opportunity(&app, &signed_in, *id).await?;
    let mut shown = existing(&app, &signed_in, &o).await?;
    if let Some(changed) = notices.oppdatert {
        let anchor = format!("pamelding-{changed}");
        for s in shown.signups.iter_mut().flatten().filter(|s| s.anchor == anchor) {
            s.saved = true;
        }
    }
    let mut page = OpportunityFormPage::of(&app, &signed_in, &o, shown).await?;
    page.notice = notices.lagret.as_ref().map(|_| (NB.get("manage-opportunity-saved"), "success"));
    ok(&page).map(no_store)
}

async fn update(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    let o = own_opportunity(&app, &signed_in, *id).await?;
    let pages = (opportunity_path(*id), organisation_path(o.organisation_id));
    // The sign-ups are read only when the form comes back, not for a save that succeeds.
    let shown = async || Ok(Some(existing(&app, &signed_in, &o).await?));
    let save = async |input, version| {
        app.replace_opportunity(signed_in.user(), *id, version, input).await?;
        Ok(format!("{}?lagret=ja", opportunity_path(*id)))
    };
    listing::post::<Typed>(&app, &signed_in, &body, pages, shown, save).await
}

async fn delete(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    let o = own_opportunity(&app, &signed_in, *id).await?;
    Posted::read(&signed_in, &body)?;
    app.delete_opportunity(signed_in.user(), o.id, None).await?;
    Ok(see_other(&organisation_path(o.organisation_id)).finish())
}

async fn change_signup(
    app: AppData, signed_in: SignedIn, path: Path<(Uuid, Uuid)>, body: Bytes,
) -> PageResult {
    let (id, signup) = path.into_inner();
    let o = own_opportunity(&app, &signed_in, id).await?;
    let posted = Posted::read(&signed_in, &body)?;
    let date = posted.optional("police_certificate_seen_on");
    let change = SignupChange {
        status: posted.optional("status"),
        police_certificate_seen_on: date.map(|d| Some(d.trim().to_owned())),
    };
    let t: &'static Text = &NB;
    let refusal = match app.update_signup(signed_in.user(), signup, change).await {
        Ok(_) => {
            let back = format!("{}?oppdatert={signup}#pamelding-{signup}", opportunity_path(id));
            return Ok(see_other(&back).finish());
        }
        Err(AppError::Invalid(errors)) => {
            let field = errors.0.first().map_or("status", |e| e.field.as_str()).to_owned();
            let message = field_message_of(t, &field);
            (field, message)
        }
        Err(AppError::Conflict(why)) => {
            let message = if why.contains("spot") {
                t.get("manage-signup-no-spot")
            } else {
                t.get("manage-signup-refused")
            };
            ("status".to_owned(), message.into_owned())
        }
        Err(e) => return Err(e.into()),
    };
    // The page again, with the message by the sign-up's form.
    let mut shown = existing(&app, &signed_in, &o).await?;
    let anchor = format!("pamelding-{signup}");
    for s in shown.signups.iter_mut().flatten().filter(|s| s.anchor == anchor) {
        s.error = Some(FieldError::new(s.field_id(&refusal.0), refusal.1.clone()));
    }
    let page = OpportunityFormPage::of(&app, &signed_in, &o, shown).await?;
    html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store)
}

/// The Norwegian message for a refused field of a sign-up's form.
fn field_message_of(t: &'static Text, field: &str) -> String {
    super::field_message(t, "manage-signup-field", field)
}

// ---------------------------------------------------------------------------------------
// On the organisation's page

/// One of the organisation's opportunities in its list.
pub struct OpportunityRow {
    pub title: String,
    pub edit_url: String,
    pub status: Cow<'static, str>,
    /// Sign-ups still `new`.
    pub unanswered: usize,
}

/// At a verified frivilligsentral: one organisation in its districts with unanswered
/// sign-ups.
pub struct CentreCount {
    pub organisation: String,
    pub stale: u64,
}

/// What the organisation's page shows of its volunteering.
pub struct Summary {
    pub opportunities: Vec<OpportunityRow>,
    pub new_url: String,
    /// Whether the person may read the sign-ups (a member; not an admin who is not one).
    pub signups_shown: bool,
    /// Only for a verified frivilligsentral.
    pub centre_counts: Option<Vec<CentreCount>>,
}

/// The organisation's opportunities with their unanswered sign-ups, and, for a verified
/// frivilligsentral, the counts of the organisations in its districts.
pub async fn summary(
    app: &fritid_app::App, signed_in: &SignedIn, o: &Organisation,
) -> Result<Summary, AppError> {
    let t: &'static Text = &NB;
    let actor = signed_in.actor();
    let mut opportunities: Vec<Opportunity> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let search = OpportunitySearch::default();
        let page =
            app.organisation_opportunities(&actor, o.id, search, cursor.as_deref(), 100).await?;
        opportunities.extend(page.items);
        match page.next_cursor {
            Some(next) if opportunities.len() < 1000 => cursor = Some(next),
            _ => break,
        }
    }
    let signups = if opportunities.is_empty() {
        Some(Vec::new())
    } else {
        organisation_signups(app, signed_in, o.id).await?
    };
    let mut unanswered: HashMap<Uuid, usize> = HashMap::new();
    for s in signups.iter().flatten().filter(|s| s.status == SignupStatus::New) {
        *unanswered.entry(s.opportunity_id).or_default() += 1;
    }
    let centre_counts = if sees_district_counts(o.profile.kind, o.status) {
        match app.stale_counts(signed_in.user(), o.id).await {
            Ok(counts) => Some(counts.into_iter().map(CentreCount::from).collect()),
            Err(AppError::Conflict(_) | AppError::Forbidden) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    Ok(Summary {
        opportunities: opportunities
            .iter()
            .map(|op| OpportunityRow {
                title: op.details.title.clone(),
                edit_url: opportunity_path(op.id),
                status: t.attr("manage-opportunity-status", op.effective_status().as_str()),
                unanswered: unanswered.get(&op.id).copied().unwrap_or(0),
            })
            .collect(),
        new_url: format!("{}/frivillig/ny", organisation_path(o.id)),
        signups_shown: signups.is_some(),
        centre_counts,
    })
}

impl From<StaleCount> for CentreCount {
    fn from(c: StaleCount) -> Self {
        Self { organisation: c.organisation_name, stale: c.stale }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_oslo_instants() {
        assert_eq!(instant("2026-09-05T10:00"), Some(Ok("2026-09-05T10:00:00+02:00".to_owned())));
        assert_eq!(instant("2026-12-05T10:00:30"), Some(Ok("2026-12-05T10:00:30+01:00".into())));
        assert_eq!(instant("2026-09-05T08:00:00Z"), Some(Ok("2026-09-05T08:00:00Z".into())));
        assert_eq!(instant("  "), None);
        assert_eq!(instant("5. september"), Some(Err(())));
        // 02:30 on the last Sunday of March does not happen in Oslo.
        assert_eq!(instant("2026-03-29T02:30"), Some(Err(())));
        let at = DateTime::parse_from_rfc3339("2026-09-05T08:00:00Z").unwrap().to_utc();
        assert_eq!(local_value(Some(at)), "2026-09-05T10:00");
    }

    #[test]
    fn a_posted_form_becomes_the_apis_input() {
        let mut typed = Typed::blank();
        typed.text = [
            ("title", " Leksehjelp "),
            ("skills", "norsk, Matte ,,"),
            ("spots", "tre"),
            ("starts_at", "2026-09-05T10:00"),
        ]
        .map(|(field, value)| (field, value.to_owned()))
        .into_iter()
        .collect();
        let (input, errors) = typed.input();
        assert_eq!(input.title, "Leksehjelp");
        assert_eq!(input.skills, ["norsk", "Matte"]);
        assert_eq!(input.starts_at.as_deref(), Some("2026-09-05T10:00:00+02:00"));
        assert_eq!(input.status.as_deref(), Some("open"));
        assert!(input.schedule.is_empty(), "a blank rule is no rule");
        assert_eq!(errors.0.len(), 1);
        assert_eq!(errors.0[0].field, "spots");
    }
}
