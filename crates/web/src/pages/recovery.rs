//! Where the e-mailed links lead, and the way to get one: `/bekreft-epost` (confirm the
//! address an account was registered with), `/glemt-passord` (ask for a link to a new
//! password) and `/nytt-passord` (choose it).
//!
//! Opening a link changes nothing — mail programs and virus scanners open links on their own
//! — the page's button does. The forms carry a signed token like the other anonymous forms
//! (403 without it). Asking for a new password answers the same whether or not the address
//! has an account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use askama::Template;
use fritid_app::AppError;
use fritid_domain::FieldError;
use serde::Deserialize;

use crate::layout::{Layout, PageError, PageResult, Section, html, ok, too_many, wait_message};
use crate::pages::AppData;
use crate::pages::account::{AccountForm, Visitor, client, no_store, see_other};
use crate::text::{NB, Text};

const CONFIRM_PURPOSE: &str = "confirm-email";
const FORGOT_PURPOSE: &str = "forgot-password";
const RESET_PURPOSE: &str = "new-password";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/bekreft-epost").get(confirm_form).post(confirm));
    cfg.route("/min-side/bekreft-epost", web::post().to(resend));
    cfg.service(web::resource("/glemt-passord").get(forgot_form).post(forgot));
    cfg.service(web::resource("/nytt-passord").get(reset_form).post(reset));
}

/// The link's token, as the query string or the form gives it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenQuery {
    token: String,
}

/// A posted form of these pages: its signed token and what the person typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Posted {
    csrf_token: String,
    token: String,
    email: String,
    password: String,
}

impl Posted {
    /// The form, if it carries a valid token for `purpose`; otherwise 403.
    fn read(app: &fritid_app::App, purpose: &str, body: &[u8]) -> Result<Self, PageError> {
        let posted: Self = serde_html_form::from_bytes(body).map_err(|_| PageError::BadRequest)?;
        if app.check_form_token(purpose, &posted.csrf_token) {
            Ok(posted)
        } else {
            Err(PageError::Forbidden)
        }
    }
}

/// How far a link's page got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The form, to be sent.
    Asking,
    /// Done: the address confirmed, the link sent, the password changed.
    Done,
    /// The link is unknown, used or too old.
    Invalid,
}

// ---------------------------------------------------------------------------------------
// `/bekreft-epost`

#[derive(Template)]
#[template(path = "confirm_email.html")]
struct ConfirmPage {
    layout: Layout,
    t: &'static Text,
    form: AccountForm,
    token: String,
    stage: Stage,
}

impl ConfirmPage {
    fn new(app: &fritid_app::App, token: String, stage: Stage) -> Self {
        let form = AccountForm::new(app, CONFIRM_PURPOSE, Vec::new());
        Self { layout: form.layout("account-confirm-title"), t: &NB, form, token, stage }
    }
}

async fn confirm_form(app: AppData, query: web::Query<TokenQuery>) -> PageResult {
    ok(&ConfirmPage::new(&app, query.into_inner().token, Stage::Asking)).map(no_store)
}

async fn confirm(app: AppData, body: web::Bytes) -> PageResult {
    let posted = Posted::read(&app, CONFIRM_PURPOSE, &body)?;
    match app.confirm_email(&posted.token).await {
        Ok(()) => ok(&ConfirmPage::new(&app, String::new(), Stage::Done)).map(no_store),
        Err(AppError::NotFound | AppError::Invalid(_)) => {
            let page = ConfirmPage::new(&app, String::new(), Stage::Invalid);
            html(StatusCode::NOT_FOUND, &page).map(no_store)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/glemt-passord`

#[derive(Template)]
#[template(path = "forgot_password.html")]
struct ForgotPage {
    layout: Layout,
    t: &'static Text,
    form: AccountForm,
    /// As typed.
    email: String,
    stage: Stage,
}

impl ForgotPage {
    fn new(app: &fritid_app::App, email: String, errors: Vec<FieldError>, stage: Stage) -> Self {
        let form = AccountForm::new(app, FORGOT_PURPOSE, errors);
        Self { layout: form.layout("account-forgot-title"), t: &NB, form, email, stage }
    }
}

async fn forgot_form(app: AppData) -> PageResult {
    ok(&ForgotPage::new(&app, String::new(), Vec::new(), Stage::Asking)).map(no_store)
}

async fn forgot(req: HttpRequest, app: AppData, body: web::Bytes) -> PageResult {
    let posted = Posted::read(&app, FORGOT_PURPOSE, &body)?;
    match app.request_password_reset(client(&req), &posted.email).await {
        Ok(()) => ok(&ForgotPage::new(&app, String::new(), Vec::new(), Stage::Done)).map(no_store),
        Err(AppError::Invalid(_)) => {
            let errors = vec![FieldError::new("email", NB.get("account-forgot-error"))];
            let page = ForgotPage::new(&app, posted.email, errors, Stage::Asking);
            html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store)
        }
        // Too many links lately (from this client, or to this address): say when to ask again.
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let message = wait_message("account-forgot-wait", retry_after_secs);
            let errors = vec![FieldError::new("email", message)];
            let page = ForgotPage::new(&app, posted.email, errors, Stage::Asking);
            too_many(&page, retry_after_secs)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/nytt-passord`

#[derive(Template)]
#[template(path = "new_password.html")]
struct ResetPage {
    layout: Layout,
    t: &'static Text,
    form: AccountForm,
    token: String,
    stage: Stage,
}

impl ResetPage {
    fn new(app: &fritid_app::App, token: String, errors: Vec<FieldError>, stage: Stage) -> Self {
        let form = AccountForm::new(app, RESET_PURPOSE, errors);
        Self { layout: form.layout("account-reset-title"), t: &NB, form, token, stage }
    }
}

async fn reset_form(app: AppData, query: web::Query<TokenQuery>) -> PageResult {
    let page = ResetPage::new(&app, query.into_inner().token, Vec::new(), Stage::Asking);
    ok(&page).map(no_store)
}

async fn reset(app: AppData, body: web::Bytes) -> PageResult {
    let posted = Posted::read(&app, RESET_PURPOSE, &body)?;
    match app.reset_password(&posted.token, posted.password).await {
        Ok(()) => Ok(see_other("/logg-inn?nytt-passord=ja").finish()),
        Err(AppError::Invalid(errors)) if errors.0.iter().all(|e| e.field == "password") => {
            let message = NB.attr("account-register-error", "password");
            let errors = vec![FieldError::new("password", message)];
            let page = ResetPage::new(&app, posted.token, errors, Stage::Asking);
            html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store)
        }
        Err(AppError::NotFound | AppError::Invalid(_)) => {
            let page = ResetPage::new(&app, String::new(), Vec::new(), Stage::Invalid);
            html(StatusCode::NOT_FOUND, &page).map(no_store)
        }
        Err(e) => Err(e.into()),
    }
}

/// `/min-side`'s "send the link again" (the session's token).
async fn resend(app: AppData, visitor: Visitor, body: web::Bytes) -> PageResult {
    #[derive(Deserialize)]
    struct Form {
        csrf_token: String,
    }
    let Some((_, session)) = visitor.0 else {
        return Ok(see_other("/logg-inn").finish());
    };
    let form: Form = serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if !session.csrf_matches(&form.csrf_token) {
        return Err(PageError::Forbidden);
    }
    match app.resend_confirmation(&session.user).await {
        Ok(()) => Ok(see_other("/min-side?sendt=ja#bekreft-epost").finish()),
        // Links to the address are limited: `/min-side` says to use the newest.
        Err(AppError::TooManyRequests { .. }) => {
            Ok(see_other("/min-side?sendt=vent#bekreft-epost").finish())
        }
        Err(e) => Err(e.into()),
    }
}
