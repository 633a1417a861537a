//! `/frivillig`: open volunteer opportunities, filtered by a GET form with the API's names
//! (`fritid_app::query::OpportunitySearchParams`); `/frivillig/{id}`: one opportunity with
//! schema.org JSON-LD and the sign-up form, which needs no account; and
//! `/frivillig/trekk-tilbake`: withdrawing a sign-up with the token from its receipt.
//!
//! The sign-up form carries the API's field names and is checked by the same rules
//! (`SignupInput::parse`, through `App::sign_up`), so it demands exactly what the API
//! demands. It is tied to this service by a signed token (`csrf_token`); without a valid one
//! the answer is 403 and nothing is stored. A successful sign-up answers 200 with the
//! receipt, the only page that shows the withdraw link, and never stored by the browser.

use std::borrow::Cow;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Europe::Oslo;
use fluent_bundle::FluentValue;
use fritid_app::AppError;
use fritid_app::query::{OpportunitySearchParams, limit};
use fritid_domain::policy::Actor;
use fritid_domain::volunteering::{Commitment, Opportunity, OpportunityStatus, SignupInput};
use fritid_domain::{FieldError, ValidationErrors};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::layout::{Layout, PageError, PageResult, Section, html, ok, too_many, wait_message};
use crate::pages::{AppData, Choice, ListForm, ListPage, References};
use crate::text::{NB, Text};
use crate::words;
use crate::{WebConfig, jsonld};

const WITHDRAW_PATH: &str = "/frivillig/trekk-tilbake";
const WITHDRAWN_PATH: &str = "/frivillig/trekk-tilbake/ferdig";
/// The purpose of the withdraw form's token.
const WITHDRAW_PURPOSE: &str = "withdraw";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/frivillig", web::get().to(list));
    // Before `/frivillig/{id}`, which would take these paths for ids.
    cfg.service(web::resource(WITHDRAW_PATH).get(withdraw_form).post(withdraw));
    cfg.route(WITHDRAWN_PATH, web::get().to(withdrawn));
    cfg.service(web::resource("/frivillig/{id}").get(opportunity).post(sign_up));
}

/// The purpose of an opportunity's sign-up form token.
fn signup_purpose(id: Uuid) -> String {
    format!("signup:{id}")
}

/// Whether a checkbox was ticked (its value is `true`, as the API's booleans).
fn ticked(value: Option<&str>) -> bool {
    matches!(value, Some("true" | "1"))
}

/// The search for opportunities asking for `skill`.
fn skill_search(skill: &str) -> String {
    format!("/frivillig?{}", serde_html_form::to_string([("skill", skill)]).unwrap_or_default())
}

/// An answer no browser or proxy may keep: it shows a secret once.
fn no_store(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

// ---------------------------------------------------------------------------------------
// What is said about an opportunity

/// When the work happens, in words: the schedule's rules, or the start and end, or "by
/// agreement".
fn when(o: &Opportunity, t: &'static Text) -> Vec<String> {
    let d = &o.details;
    if !d.schedule.is_empty() {
        return d.schedule.iter().map(words::rule).collect();
    }
    let same_day = |s: DateTime<Utc>, e: DateTime<Utc>| {
        s.with_timezone(&Oslo).date_naive() == e.with_timezone(&Oslo).date_naive()
    };
    let from = |s| ("from", FluentValue::from(words::date_time(s)));
    let to = |e| ("to", FluentValue::from(words::date_time(e)));
    vec![match (d.starts_at, d.ends_at) {
        (Some(s), Some(e)) if same_day(s, e) => words::session(s, e),
        (Some(s), Some(e)) => t.with("volunteer-when-from-to", &[from(s), to(e)]).into_owned(),
        (Some(s), None) => t.with("volunteer-when-from", &[from(s)]).into_owned(),
        (None, Some(e)) => t.with("volunteer-when-to", &[to(e)]).into_owned(),
        (None, None) => t.get("volunteer-when-by-agreement").into_owned(),
    }]
}

/// One opportunity in a list.
pub struct OpportunityCard {
    pub url: String,
    pub title: String,
    pub organisation: String,
    pub district: String,
    pub commitment: Cow<'static, str>,
    pub when: String,
    pub spots_left: Option<i64>,
}

/// The name of a commitment.
fn commitment_name(t: &'static Text, commitment: Commitment) -> Cow<'static, str> {
    t.attr("volunteer-commitment", commitment.as_str())
}

impl OpportunityCard {
    pub fn new(o: &Opportunity, refs: &References, t: &'static Text) -> Self {
        let d = &o.details;
        Self {
            url: format!("/frivillig/{}", o.id),
            title: d.title.clone(),
            organisation: o.organisation_name.clone(),
            district: refs.district_name(&d.district),
            commitment: commitment_name(t, d.commitment),
            when: when(o, t).join("; "),
            spots_left: o.spots_left(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// `/frivillig`

/// The list's form.
const FORM: ListForm = ListForm {
    action: "/frivillig",
    id: "volunteer-list",
    controls: &["q", "district", "commitment", "skill"],
};

#[derive(Template)]
#[template(path = "opportunities.html")]
struct OpportunitiesPage {
    layout: Layout,
    t: &'static Text,
    list: ListPage,
    districts: Vec<Choice>,
    commitments: Vec<Choice>,
    /// Skills named in the address (there is no fixed list to choose from).
    skills: Vec<Choice>,
    cards: Vec<OpportunityCard>,
}

async fn list(req: HttpRequest, app: AppData) -> PageResult {
    let t: &'static Text = &NB;
    let p: OpportunitySearchParams =
        serde_html_form::from_str(req.query_string()).map_err(|_| PageError::BadRequest)?;
    let mut errors = ValidationErrors::new();
    let search = p.parse(Some(OpportunityStatus::Open), &mut errors);
    let limit = limit(p.limit, &mut errors);
    let refs = References::load(&app).await?;
    let filtered = p.q.as_deref().is_some_and(|q| !q.trim().is_empty())
        || !p.district.is_empty()
        || !p.skill.is_empty()
        || !p.commitment.is_empty();
    let (list, page) = ListPage::new(&FORM, p.q.as_deref(), filtered)
        .search(&req, errors, app.search_opportunities(&search, p.cursor.as_deref(), limit))
        .await?;
    let commitments = Commitment::ALL
        .iter()
        .map(|c| {
            Choice::new(c.as_str().to_owned(), commitment_name(t, *c).into_owned(), &p.commitment)
        })
        .collect();
    let view = OpportunitiesPage {
        layout: Layout::new(list.title(), Section::Volunteering),
        t,
        districts: refs.district_choices(&p.district),
        commitments,
        skills: p.skill.iter().map(|s| Choice::new(s.clone(), s.clone(), &p.skill)).collect(),
        cards: page
            .map(|p| p.items.iter().map(|o| OpportunityCard::new(o, &refs, t)).collect())
            .unwrap_or_default(),
        list,
    };
    html(view.list.status(), &view)
}

// ---------------------------------------------------------------------------------------
// `/frivillig/{id}`

/// The sign-up form as posted: every field as typed, under the API's names.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SignupForm {
    name: String,
    email: String,
    phone: String,
    message: String,
    consent: Option<String>,
    age_confirmed: Option<String>,
    guardian_name: String,
    guardian_consent: Option<String>,
    csrf_token: String,
}

/// `Some(value)` unless it is blank.
fn typed(value: &str) -> Option<String> {
    (!value.trim().is_empty()).then(|| value.to_owned())
}

impl SignupForm {
    fn input(&self) -> SignupInput {
        SignupInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: typed(&self.phone),
            message: typed(&self.message),
            consent: ticked(self.consent.as_deref()),
            age_confirmed: ticked(self.age_confirmed.as_deref()),
            guardian_name: typed(&self.guardian_name),
            guardian_consent: ticked(self.guardian_consent.as_deref()),
        }
    }
}

/// The form as shown: what was typed, the refused fields, a fresh token.
struct FormView {
    csrf_token: String,
    name: String,
    email: String,
    phone: String,
    message: String,
    consent: bool,
    age_confirmed: bool,
    guardian_name: String,
    guardian_consent: bool,
    errors: Vec<FieldError>,
}

impl FormView {
    fn new(csrf_token: String, typed: &SignupForm, errors: Vec<FieldError>) -> Self {
        Self {
            csrf_token,
            name: typed.name.clone(),
            email: typed.email.clone(),
            phone: typed.phone.clone(),
            message: typed.message.clone(),
            consent: ticked(typed.consent.as_deref()),
            age_confirmed: ticked(typed.age_confirmed.as_deref()),
            guardian_name: typed.guardian_name.clone(),
            guardian_consent: ticked(typed.guardian_consent.as_deref()),
            errors,
        }
    }
}

#[derive(Template)]
#[template(path = "opportunity.html")]
struct OpportunityPage {
    layout: Layout,
    t: &'static Text,
    url: String,
    title: String,
    organisation: String,
    organisation_url: String,
    district: String,
    commitment: Cow<'static, str>,
    when: Vec<String>,
    /// Each skill and the search for it.
    skills: Vec<(String, String)>,
    min_age: Option<String>,
    spots_left: Option<i64>,
    police_certificate: bool,
    description: String,
    /// Why it takes no sign-ups, when it takes none.
    not_open: Option<Cow<'static, str>>,
    /// Whether this answers a sign-up it could not take.
    refused: bool,
    /// The form, when it takes sign-ups.
    form: Option<FormView>,
    /// What the form's text states: the `organisation`'s name and the consent `age`.
    args: Vec<(&'static str, FluentValue<'static>)>,
    /// schema.org JSON-LD, safe inside `<script>`.
    json_ld: String,
}

impl OpportunityPage {
    fn new(
        o: &Opportunity, refs: &References, config: &WebConfig, consent_age: u8,
        form: Option<FormView>,
    ) -> Self {
        let t: &'static Text = &NB;
        let d = &o.details;
        let not_open = match o.effective_status() {
            OpportunityStatus::Open => None,
            OpportunityStatus::Filled => Some(t.get("volunteer-status-filled")),
            OpportunityStatus::Closed => Some(t.get("volunteer-status-closed")),
        };
        let district = refs.district_name(&d.district);
        let has_errors = form.as_ref().is_some_and(|f| !f.errors.is_empty());
        let title = if has_errors {
            t.with("form-error-title", &[("title", d.title.as_str().into())]).into_owned()
        } else {
            d.title.clone()
        };
        Self {
            layout: Layout::new(title, Section::Volunteering),
            t,
            url: format!("/frivillig/{}", o.id),
            title: d.title.clone(),
            organisation: o.organisation_name.clone(),
            organisation_url: format!("/organisasjoner/{}", o.organisation_id),
            commitment: commitment_name(t, d.commitment),
            when: when(o, t),
            skills: d.skills.iter().map(|s| (s.clone(), skill_search(s))).collect(),
            min_age: d.min_age.and_then(|a| words::ages(Some(a), None)),
            spots_left: o.spots_left(),
            police_certificate: d.requires_police_certificate,
            description: d.description.clone(),
            form: if not_open.is_none() { form } else { None },
            not_open,
            refused: false,
            args: vec![
                ("organisation", o.organisation_name.clone().into()),
                ("age", consent_age.into()),
            ],
            json_ld: json_ld(o, &district, config),
            district,
        }
    }

    /// The message for a refused field of the form.
    fn error_for(&self, field: &str) -> Option<&str> {
        let form = self.form.as_ref()?;
        form.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `aria-describedby` of a field: its help text (if any) and its message (if refused).
    fn described_by(&self, field: &str, help: bool) -> String {
        let mut ids = Vec::new();
        if help {
            ids.push(format!("{field}-hjelp"));
        }
        if self.error_for(field).is_some() {
            ids.push(format!("{field}-feil"));
        }
        ids.join(" ")
    }
}

async fn opportunity(
    app: AppData, config: web::Data<WebConfig>, id: web::Path<String>,
) -> PageResult {
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound)?;
    let o = app.opportunity(&Actor::Anonymous, id).await?;
    let refs = References::load(&app).await?;
    let form =
        FormView::new(app.form_token(&signup_purpose(id)), &SignupForm::default(), Vec::new());
    ok(&OpportunityPage::new(&o, &refs, &config, app.volunteering().consent_age, Some(form)))
}

#[derive(Template)]
#[template(path = "signup_receipt.html")]
struct ReceiptPage {
    layout: Layout,
    t: &'static Text,
    intro: String,
    police_certificate: bool,
    withdraw_url: String,
    withdraw_address: String,
}

async fn sign_up(
    req: HttpRequest, app: AppData, config: web::Data<WebConfig>, id: web::Path<String>,
    body: web::Bytes,
) -> PageResult {
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound)?;
    let form: SignupForm = serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if !app.check_form_token(&signup_purpose(id), &form.csrf_token) {
        return Err(PageError::Forbidden);
    }
    let o = app.opportunity(&Actor::Anonymous, id).await?;
    let refs = References::load(&app).await?;
    let consent_age = app.volunteering().consent_age;
    let shown_again = |errors: Vec<FieldError>| {
        let form = FormView::new(app.form_token(&signup_purpose(id)), &form, errors);
        OpportunityPage::new(&o, &refs, &config, consent_age, Some(form))
    };
    if o.effective_status() != OpportunityStatus::Open {
        return html(
            StatusCode::CONFLICT,
            &OpportunityPage { refused: true, ..shown_again(Vec::new()) },
        );
    }
    match app.sign_up(crate::pages::account::client(&req), id, form.input()).await {
        Ok((_, token)) => receipt(&o, &config, &token),
        Err(AppError::Invalid(errors)) => {
            let errors = errors
                .0
                .into_iter()
                .map(|e| {
                    let age = [("age", consent_age.into())];
                    let message = NB.attr_opt("volunteer-field-error", &e.field, &age);
                    FieldError::new(&e.field, message.as_deref().unwrap_or(&e.message))
                })
                .collect();
            html(StatusCode::UNPROCESSABLE_ENTITY, &shown_again(errors))
        }
        // Many sign-ups lately from this client or with this address: when to try again.
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let message = wait_message("volunteer-signup-wait", retry_after_secs);
            too_many(&shown_again(vec![FieldError::new("email", message)]), retry_after_secs)
        }
        // Closed or filled since the page was read.
        Err(AppError::Conflict(_)) => {
            let mut closed = o.clone();
            closed.details.status = OpportunityStatus::Closed;
            let page = OpportunityPage::new(&closed, &refs, &config, consent_age, None);
            html(StatusCode::CONFLICT, &OpportunityPage { refused: true, ..page })
        }
        Err(e) => Err(e.into()),
    }
}

fn receipt(o: &Opportunity, config: &WebConfig, token: &str) -> PageResult {
    let t: &'static Text = &NB;
    let query = serde_html_form::to_string([("token", token)])
        .map_err(|e| PageError::Internal(e.to_string()))?;
    let withdraw_url = format!("{WITHDRAW_PATH}?{query}");
    let page = ReceiptPage {
        layout: Layout::new(t.get("volunteer-receipt-title"), Section::Volunteering),
        t,
        intro: t
            .with(
                "volunteer-receipt-intro",
                &[
                    ("opportunity", o.details.title.as_str().into()),
                    ("organisation", o.organisation_name.as_str().into()),
                ],
            )
            .into_owned(),
        police_certificate: o.details.requires_police_certificate,
        withdraw_address: format!("{}{withdraw_url}", config.public_url),
        withdraw_url,
    };
    ok(&page).map(no_store)
}

// ---------------------------------------------------------------------------------------
// JSON-LD

/// schema.org `EventSeries` (with `eventSchedule`) or `Event` for the opportunity: where,
/// who organises it, the audience's minimum age, the places left; written so that it
/// cannot end the `<script>` element it sits in.
fn json_ld(o: &Opportunity, district: &str, config: &WebConfig) -> String {
    let d = &o.details;
    let url = format!("{}/frivillig/{}", config.public_url, o.id);
    let mut doc = Map::new();
    doc.insert("@context".into(), json!("https://schema.org"));
    doc.insert("@type".into(), json!(if d.schedule.is_empty() { "Event" } else { "EventSeries" }));
    doc.insert("@id".into(), json!(url));
    doc.insert("url".into(), json!(url));
    doc.insert("name".into(), json!(d.title));
    if !d.description.is_empty() {
        doc.insert("description".into(), json!(d.description));
    }
    doc.insert("inLanguage".into(), json!("nb"));
    doc.insert("isAccessibleForFree".into(), json!(true));
    doc.insert(
        "eventAttendanceMode".into(),
        json!("https://schema.org/OfflineEventAttendanceMode"),
    );
    doc.insert("eventStatus".into(), json!("https://schema.org/EventScheduled"));
    doc.insert(
        "location".into(),
        json!({ "@type": "Place", "name": district,
                "address": { "@type": "PostalAddress", "addressLocality": "Drammen", "addressCountry": "NO" } }),
    );
    doc.insert(
        "organizer".into(),
        json!({ "@type": "Organization", "name": o.organisation_name,
                "url": format!("{}/organisasjoner/{}", config.public_url, o.organisation_id) }),
    );
    if let Some(age) = d.min_age {
        doc.insert("audience".into(), json!({ "@type": "PeopleAudience", "suggestedMinAge": age }));
    }
    if let Some(at) = d.starts_at {
        doc.insert("startDate".into(), json!(at.to_rfc3339()));
    }
    if let Some(at) = d.ends_at {
        doc.insert("endDate".into(), json!(at.to_rfc3339()));
    }
    if !d.schedule.is_empty() {
        doc.insert(
            "eventSchedule".into(),
            Value::Array(d.schedule.iter().map(jsonld::schedule).collect()),
        );
    }
    if !d.skills.is_empty() {
        doc.insert("keywords".into(), json!(d.skills));
    }
    if let Some(spots) = d.spots {
        doc.insert("maximumAttendeeCapacity".into(), json!(spots));
    }
    if let Some(left) = o.spots_left() {
        doc.insert("remainingAttendeeCapacity".into(), json!(left));
    }
    jsonld::script_safe(&Value::Object(doc).to_string())
}

// ---------------------------------------------------------------------------------------
// `/frivillig/trekk-tilbake`

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WithdrawForm {
    token: String,
    csrf_token: String,
}

/// The withdraw page: the confirmation form for a sign-up's token, or, when the token names
/// none, why nothing can be withdrawn.
#[derive(Template)]
#[template(path = "withdraw.html")]
struct WithdrawPage {
    layout: Layout,
    t: &'static Text,
    /// The sign-up's token and the form's own, when there is a sign-up to withdraw.
    form: Option<WithdrawForm>,
}

#[derive(Template)]
#[template(path = "withdraw_done.html")]
struct WithdrawnPage {
    layout: Layout,
    t: &'static Text,
}

/// The answer to a withdraw link that names no sign-up (used, erased, or cut short).
fn unknown_token() -> PageResult {
    let t: &'static Text = &NB;
    let layout = Layout::new(t.get("volunteer-unknown-token-title"), Section::Volunteering);
    html(StatusCode::NOT_FOUND, &WithdrawPage { layout, t, form: None }).map(no_store)
}

/// The confirmation: withdrawing erases, so a link alone (which a mail scanner may follow)
/// must not do it.
async fn withdraw_form(req: HttpRequest, app: AppData) -> PageResult {
    let t: &'static Text = &NB;
    let form: WithdrawForm =
        serde_html_form::from_str(req.query_string()).map_err(|_| PageError::BadRequest)?;
    if form.token.trim().is_empty() {
        return unknown_token();
    }
    let page = WithdrawPage {
        layout: Layout::new(t.get("volunteer-withdraw-title"), Section::Volunteering),
        t,
        form: Some(WithdrawForm {
            token: form.token,
            csrf_token: app.form_token(WITHDRAW_PURPOSE),
        }),
    };
    ok(&page).map(no_store)
}

async fn withdraw(app: AppData, body: web::Bytes) -> PageResult {
    let form: WithdrawForm =
        serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if !app.check_form_token(WITHDRAW_PURPOSE, &form.csrf_token) {
        return Err(PageError::Forbidden);
    }
    if form.token.trim().is_empty() {
        return unknown_token();
    }
    match app.withdraw_signup(form.token.trim()).await {
        Ok(()) => {
            Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, WITHDRAWN_PATH)).finish())
        }
        Err(AppError::NotFound) => unknown_token(),
        Err(e) => Err(e.into()),
    }
}

async fn withdrawn() -> PageResult {
    let t: &'static Text = &NB;
    let layout = Layout::new(t.get("volunteer-withdrawn-title"), Section::Volunteering);
    ok(&WithdrawnPage { layout, t })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_true_ticks_a_box() {
        assert!(ticked(Some("true")));
        assert!(ticked(Some("1")));
        for v in [None, Some(""), Some("false"), Some("yes")] {
            assert!(!ticked(v), "{v:?}");
        }
    }

    #[test]
    fn blank_optional_fields_are_absent() {
        let form =
            SignupForm { phone: "  ".into(), message: "Hei".into(), ..SignupForm::default() };
        let input = form.input();
        assert_eq!(input.phone, None);
        assert_eq!(input.message.as_deref(), Some("Hei"));
        assert!(!input.consent);
    }
}
