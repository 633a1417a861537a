//! Accounts on the web: `/logg-inn`, `/logg-ut`, `/registrer` and `/min-side`.
//!
//! Signing in starts a server-side session (`App::start_session`, the same credential check,
//! login throttle and hashing queue as the API's login); the browser keeps only its random
//! id, in the `fritid_session` cookie (`HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` when
//! the public address is https). Every sign-in makes a new id and ends the one the browser
//! brought. The anonymous forms (sign in, create an account) carry a signed token; the forms
//! of a signed-in person carry the session's own token. Without the right one the answer is
//! 403 and nothing changes. Pages of a session are never stored (`Cache-Control: no-store`).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use askama::Template;
use fritid_app::AppError;
use fritid_app::accounts::Registration;
use fritid_app::sessions::Session;
use fritid_domain::FieldError;
use fritid_domain::policy::Actor;
use serde::Deserialize;

use crate::WebConfig;
use crate::layout::{Layout, PageError, PageResult, Section, html, ok};
use crate::pages::AppData;
use crate::text::{NB, Text};

/// The session cookie.
const COOKIE: &str = "fritid_session";
const LOGIN_PATH: &str = "/logg-inn";
const MY_PAGE_PATH: &str = "/min-side";
/// The purposes of the anonymous forms' tokens.
const LOGIN_PURPOSE: &str = "login";
const REGISTER_PURPOSE: &str = "register";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(LOGIN_PATH).get(login_form).post(log_in));
    cfg.route("/logg-ut", web::post().to(log_out));
    cfg.service(web::resource("/registrer").get(register_form).post(register));
    cfg.route(MY_PAGE_PATH, web::get().to(my_page));
}

// ---------------------------------------------------------------------------------------
// The session

/// The session id the browser sent, if any.
fn session_cookie(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == COOKIE && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// Who is asking: signed in (the session's id and the session) or not.
pub struct Visitor(pub Option<(String, Session)>);

impl FromRequest for Visitor {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let app = req.app_data::<AppData>().cloned();
        let id = session_cookie(req);
        Box::pin(async move {
            let (Some(app), Some(id)) = (app, id) else {
                return Ok(Self(None));
            };
            Ok(Self(app.session(&id).await?.map(|s| (id, s))))
        })
    }
}

/// `Set-Cookie` for the session `id`; `None` expires the cookie.
fn cookie(config: &WebConfig, id: Option<&str>) -> String {
    let secure = if config.public_url.starts_with("https://") { "; Secure" } else { "" };
    match id {
        Some(id) => format!("{COOKIE}={id}; HttpOnly; SameSite=Lax; Path=/{secure}"),
        None => format!("{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{secure}"),
    }
}

/// An answer no browser or proxy may keep: it belongs to a session.
pub(crate) fn no_store(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// 303 to `location`, never stored.
pub(crate) fn see_other(location: &str) -> actix_web::HttpResponseBuilder {
    let mut res = HttpResponse::SeeOther();
    res.insert_header((header::LOCATION, location.to_owned()))
        .insert_header((header::CACHE_CONTROL, "no-store"));
    res
}

/// The client's address as the front door found it (see `fritid_http::client`).
pub(crate) fn client(req: &HttpRequest) -> Option<std::net::IpAddr> {
    use actix_web::HttpMessage;
    req.extensions()
        .get::<fritid_app::ClientAddr>()
        .map(|c| c.0)
        .or_else(|| req.peer_addr().map(|a| a.ip()))
}

/// What the anonymous forms (sign in, create an account) share: their signed token and the
/// refused fields.
pub(crate) struct AccountForm {
    pub(crate) csrf_token: String,
    pub(crate) errors: Vec<FieldError>,
}

impl AccountForm {
    /// A form with a fresh token for `purpose`.
    pub(crate) fn new(app: &fritid_app::App, purpose: &str, errors: Vec<FieldError>) -> Self {
        Self { csrf_token: app.form_token(purpose), errors }
    }

    /// The frame of the form's page: its title (the message `id`), marked when the form has
    /// errors.
    pub(crate) fn layout(&self, id: &str) -> Layout {
        let t: &'static Text = &NB;
        let title = t.get(id);
        let title = if self.errors.is_empty() {
            title
        } else {
            t.with("form-error-title", &[("title", title.into())])
        };
        Layout::new(title, Section::MyPage)
    }

    /// The message for a field, if it was refused.
    pub(crate) fn error_for(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `aria-describedby` of a field: its help text (if any) and its message (if refused).
    pub(crate) fn described_by(&self, field: &str, help: bool) -> String {
        let help = help.then(|| format!("{field}-hjelp"));
        let error = self.error_for(field).map(|_| format!("{field}-feil"));
        help.into_iter().chain(error).collect::<Vec<_>>().join(" ")
    }
}

// ---------------------------------------------------------------------------------------
// `/logg-inn`

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    csrf_token: String,
    /// Where to go once signed in (a signed-in page that sent here).
    neste: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginQuery {
    registrert: Option<String>,
    #[serde(rename = "nytt-passord")]
    new_password: Option<String>,
    neste: Option<String>,
}

/// `next` if it is a path of this site's signed-in pages (or `/invitasjon`), otherwise
/// `/min-side`: never another host (`//evil.example`), so the link cannot send people away.
pub(crate) fn local_next(next: &str) -> &str {
    let ours = next.starts_with("/min-side")
        || next.starts_with("/admin")
        || next.starts_with("/invitasjon");
    let plain = !next.contains("//") && !next.contains('\\') && !next.chars().any(char::is_control);
    if ours && plain { next } else { MY_PAGE_PATH }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    t: &'static Text,
    /// A refused sign-in has one message, tied to the e-mail field.
    form: AccountForm,
    email: String,
    /// What the step before left to say: an account made, a password changed.
    notice: Option<(Cow<'static, str>, &'static str)>,
    /// Where the form sends the person once signed in.
    next: String,
}

impl LoginPage {
    fn new(app: &fritid_app::App, email: &str, errors: Vec<FieldError>) -> Self {
        let form = AccountForm::new(app, LOGIN_PURPOSE, errors);
        let layout = form.layout("account-login-title");
        let next = MY_PAGE_PATH.to_owned();
        Self { layout, t: &NB, form, email: email.to_owned(), notice: None, next }
    }
}

async fn login_form(app: AppData, query: web::Query<LoginQuery>) -> PageResult {
    let next = local_next(query.neste.as_deref().unwrap_or(MY_PAGE_PATH)).to_owned();
    let page = LoginPage {
        notice: match (&query.registrert, &query.new_password) {
            (Some(_), _) => Some((NB.get("account-registered-notice"), "success")),
            (_, Some(_)) => Some((NB.get("account-reset-done"), "success")),
            _ => None,
        },
        next,
        ..LoginPage::new(&app, "", vec![])
    };
    ok(&page).map(no_store)
}

async fn log_in(
    req: HttpRequest, app: AppData, config: web::Data<WebConfig>, visitor: Visitor,
    body: web::Bytes,
) -> PageResult {
    let form: LoginForm = serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if !app.check_form_token(LOGIN_PURPOSE, &form.csrf_token) {
        return Err(PageError::Forbidden);
    }
    match app.start_session(client(&req), &form.email, form.password).await {
        Ok(session) => {
            // A new id at every sign-in; the one the browser brought ends.
            if let Some((old, _)) = visitor.0 {
                app.end_session(&old).await?;
            }
            Ok(see_other(local_next(&form.neste))
                .insert_header((header::SET_COOKIE, cookie(&config, Some(&session.id))))
                .finish())
        }
        Err(AppError::InvalidCredentials) => {
            let errors = vec![FieldError::new("email", NB.get("account-login-failed"))];
            let page = LoginPage {
                next: local_next(&form.neste).to_owned(),
                ..LoginPage::new(&app, &form.email, errors)
            };
            html(StatusCode::UNAUTHORIZED, &page).map(no_store)
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/logg-ut`

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LogoutForm {
    csrf_token: String,
}

async fn log_out(
    app: AppData, config: web::Data<WebConfig>, visitor: Visitor, body: web::Bytes,
) -> PageResult {
    let form: LogoutForm = serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if let Some((id, session)) = visitor.0 {
        if !session.csrf_matches(&form.csrf_token) {
            return Err(PageError::Forbidden);
        }
        app.end_session(&id).await?;
    }
    // Without a session there is nothing to end: the browser only forgets its cookie.
    Ok(see_other("/").insert_header((header::SET_COOKIE, cookie(&config, None))).finish())
}

// ---------------------------------------------------------------------------------------
// `/registrer`

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RegisterForm {
    name: String,
    email: String,
    password: String,
    csrf_token: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    layout: Layout,
    t: &'static Text,
    form: AccountForm,
    /// As typed.
    name: String,
    email: String,
}

impl RegisterPage {
    fn new(app: &fritid_app::App, typed: &RegisterForm, errors: Vec<FieldError>) -> Self {
        let form = AccountForm::new(app, REGISTER_PURPOSE, errors);
        let layout = form.layout("account-register-title");
        let (name, email) = (typed.name.clone(), typed.email.clone());
        Self { layout, t: &NB, form, name, email }
    }
}

async fn register_form(app: AppData) -> PageResult {
    ok(&RegisterPage::new(&app, &RegisterForm::default(), Vec::new()))
}

async fn register(req: HttpRequest, app: AppData, body: web::Bytes) -> PageResult {
    let form: RegisterForm =
        serde_html_form::from_bytes(&body).map_err(|_| PageError::BadRequest)?;
    if !app.check_form_token(REGISTER_PURPOSE, &form.csrf_token) {
        return Err(PageError::Forbidden);
    }
    let input = Registration {
        email: form.email.clone(),
        password: form.password.clone(),
        name: form.name.clone(),
    };
    match app.register(client(&req), input).await {
        Ok(()) => Ok(see_other(&format!("{LOGIN_PATH}?registrert=ja")).finish()),
        Err(AppError::Invalid(errors)) => {
            // In the form's order, one message per field.
            let errors = ["name", "email", "password"]
                .into_iter()
                .filter(|field| errors.0.iter().any(|e| e.field == *field))
                .map(|field| {
                    let message = NB
                        .attr_opt("account-register-error", field, &[])
                        .unwrap_or_else(|| NB.get("account-register-error"));
                    FieldError::new(field, message)
                })
                .collect();
            html(StatusCode::UNPROCESSABLE_ENTITY, &RegisterPage::new(&app, &form, errors))
        }
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// `/min-side`

/// One of the user's organisations.
struct MyOrganisation {
    name: String,
    url: Option<String>,
    status: Cow<'static, str>,
    role: Cow<'static, str>,
}

#[derive(Template)]
#[template(path = "my_page.html")]
struct MyPage {
    layout: Layout,
    t: &'static Text,
    signed_in_as: String,
    organisations: Vec<MyOrganisation>,
    csrf_token: String,
    /// A municipality admin: a link to `/admin`.
    is_admin: bool,
    /// The address is not confirmed yet: say so, with a button that sends the link again.
    unconfirmed: bool,
    /// A new link was just sent.
    resent: bool,
    /// A new link was asked for while the address had had its share of links lately.
    resend_later: bool,
    /// Invitations to the person's address still open: the organisation, the role and until
    /// when.
    invitations: Vec<(String, String, String)>,
}

/// What `/min-side` was sent with: `sendt=ja` after a new confirmation link was sent,
/// `sendt=vent` when none was because the address had had its share of links lately.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MyPageQuery {
    sendt: Option<String>,
}

async fn my_page(app: AppData, visitor: Visitor, query: web::Query<MyPageQuery>) -> PageResult {
    let t: &'static Text = &NB;
    let Some((_, session)) = visitor.0 else {
        return Ok(see_other(LOGIN_PATH).finish());
    };
    let user = &session.user;
    let actor = Actor::from(user);
    let mut organisations = Vec::new();
    for m in &user.memberships {
        let view = match app.organisation(&actor, m.organisation_id).await {
            Ok(view) => view,
            // Gone since the session was read.
            Err(AppError::NotFound | AppError::Forbidden) => continue,
            Err(e) => return Err(e.into()),
        };
        let o = &view.organisation;
        organisations.push(MyOrganisation {
            name: o.profile.name.clone(),
            url: Some(format!("/min-side/organisasjoner/{}", o.id)),
            status: t.attr("account-organisation-status-name", o.status.as_str()),
            role: t.attr("account-role-name", m.role.as_str()),
        });
    }
    let page = MyPage {
        layout: Layout::new(t.get("account-my-page-title"), Section::MyPage),
        t,
        signed_in_as: t
            .with(
                "account-signed-in-as",
                &[("name", user.name.as_str().into()), ("email", user.email.as_str().into())],
            )
            .into_owned(),
        organisations,
        csrf_token: session.csrf_token.clone(),
        is_admin: actor.is_admin(),
        unconfirmed: !user.email_verified,
        resent: query.sendt.as_deref() == Some("ja"),
        resend_later: query.sendt.as_deref() == Some("vent") && !user.email_verified,
        invitations: app
            .open_invitations(user)
            .await?
            .into_iter()
            .map(|i| {
                let until = crate::words::date_time(i.expires_at);
                let role = t.attr("account-role-name", i.role.as_str()).to_lowercase();
                (i.organisation_name, role, until)
            })
            .collect(),
    };
    ok(&page).map(no_store)
}

#[cfg(test)]
mod tests {
    use super::local_next;

    #[test]
    fn only_our_own_signed_in_pages_are_where_sign_in_leads() {
        for ours in ["/min-side/organisasjoner/ny", "/admin/logg?cursor=x", "/invitasjon?token=a"] {
            assert_eq!(local_next(ours), ours);
        }
        for theirs in [
            "//evil.example/min-side",
            "https://evil.example/min-side",
            "/min-side//evil.example",
            "/min-side\\@evil.example",
            "/aktiviteter",
            "",
            "/min-side\nSet-Cookie: x",
        ] {
            assert_eq!(local_next(theirs), "/min-side", "{theirs}");
        }
    }
}
