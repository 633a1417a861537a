//! The signed-in pages where organisations keep their listings (`/min-side/…`) and the
//! municipality moderates (`/admin`). Every change goes through the same `fritid-app` use
//! case as the API, so the audit log, the feeds and the caches see it.
//!
//! What these pages share: [`SignedIn`] (no session: 303 to the sign-in page), the check of
//! the session's CSRF token on every POST (403 and nothing changed without it), forms read as
//! `(name, value)` pairs, and refused fields shown in Norwegian. Pages of an organisation are
//! for its members (and the admins): to anyone else such a page does not exist (404), so they
//! learn nothing, not even that the organisation is there.

mod activity;
mod admin;
mod coverage;
mod listing;
mod members;
mod organisation;
mod volunteering;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use fritid_app::sessions::Session;
use fritid_domain::account::{OrgRole, User};
use fritid_domain::policy::Actor;
use fritid_domain::{FieldError, ValidationErrors};
use uuid::Uuid;

use crate::layout::PageError;
use crate::pages::account::Visitor;
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    organisation::routes(cfg);
    activity::routes(cfg);
    members::routes(cfg);
    volunteering::routes(cfg);
    admin::routes(cfg);
}

/// A signed-in person; a page that takes one answers 303 to `/logg-inn` without a session.
pub struct SignedIn(pub Session);

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let visitor = Visitor::from_request(req, payload);
        // A page asked for (not a form sent) is where to come back to after signing in.
        let next = (req.method() == actix_web::http::Method::GET).then(|| {
            let uri = req.uri();
            uri.path_and_query().map_or_else(|| uri.path().to_owned(), |p| p.as_str().to_owned())
        });
        Box::pin(async move {
            match visitor.await?.0 {
                Some((_, session)) => Ok(Self(session)),
                None => Err(PageError::SignIn { next }),
            }
        })
    }
}

impl SignedIn {
    pub fn user(&self) -> &User {
        &self.0.user
    }

    pub fn actor(&self) -> Actor {
        Actor::from(&self.0.user)
    }

    /// The token the session's forms carry.
    pub fn csrf_token(&self) -> String {
        self.0.csrf_token.clone()
    }

    /// The person's role in `organisation`; an admin without one acts as an owner would. Not
    /// a member (nor an admin): the organisation's pages do not exist for them.
    pub fn role_in(&self, organisation: Uuid) -> Result<OrgRole, PageError> {
        let user = self.user();
        match user.memberships.iter().find(|m| m.organisation_id == organisation) {
            Some(m) => Ok(m.role),
            None if self.actor().is_admin() => Ok(OrgRole::Owner),
            None => Err(PageError::NotFound),
        }
    }
}

/// A posted form: its fields as `(name, value)` pairs in the order sent, once its
/// `csrf_token` is the session's (otherwise 403: nothing is done).
pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn read(session: &SignedIn, body: &[u8]) -> Result<Self, PageError> {
        let pairs: Vec<(String, String)> =
            serde_html_form::from_bytes(body).map_err(|_| PageError::BadRequest)?;
        let token = pairs.iter().find(|(n, _)| n == "csrf_token").map(|(_, v)| v.as_str());
        if !token.is_some_and(|t| session.0.csrf_matches(t)) {
            return Err(PageError::Forbidden);
        }
        Ok(Self(pairs))
    }

    /// The first value of `name`, or empty.
    pub fn text(&self, name: &str) -> String {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// The value of `name` when it is not blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|v| !v.trim().is_empty())
    }

    /// Every value of `name` (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(n, _)| n == name).map(|(_, v)| v.clone()).collect()
    }

    /// Whether the checkbox `name` was ticked.
    pub fn ticked(&self, name: &str) -> bool {
        self.0.iter().any(|(n, v)| n == name && !v.is_empty())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// A form's state on its page: the token it carries and the fields refused (in Norwegian),
/// which the error summary lists and each field shows beside itself.
pub struct FormState {
    pub csrf_token: String,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn new(session: &SignedIn) -> Self {
        Self { csrf_token: session.csrf_token(), errors: Vec::new() }
    }

    /// With the refused fields of `errors`, in Norwegian from the message `id`'s attributes
    /// (see [`field_message`]), each field once, in the order given.
    pub fn refused(mut self, id: &str, errors: &ValidationErrors) -> Self {
        for e in &errors.0 {
            if !self.errors.iter().any(|f| f.field == e.field) {
                self.errors.push(FieldError::new(&e.field, field_message(&NB, id, &e.field)));
            }
        }
        self
    }

    /// The page title of the message `id`, marked when the form has errors.
    pub fn title(&self, id: &str) -> std::borrow::Cow<'static, str> {
        let title = NB.get(id);
        if self.errors.is_empty() {
            title
        } else {
            NB.with("form-error-title", &[("title", title.into())])
        }
    }

    /// With one refused field and its message.
    pub fn with_error(mut self, field: &str, message: String) -> Self {
        self.errors.push(FieldError::new(field, message));
        self
    }

    /// The message for `field`, if it was refused (or for any of its parts: `weekdays[1]`).
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field || e.field.strip_prefix(field).is_some_and(is_part))
            .map(|e| e.message.as_str())
    }

    /// `aria-describedby` of a field: its help text's id (when it has one) and its
    /// message's (when it was refused).
    pub fn describe(&self, field: &str, help: bool) -> Option<String> {
        let help = help.then(|| format!("{field}-hjelp"));
        let error = self.error_for(field).map(|_| format!("{field}-feil"));
        let ids: Vec<String> = help.into_iter().chain(error).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// `[1]` after a field's name: a part of it.
fn is_part(rest: &str) -> bool {
    rest.starts_with('[') && rest.ends_with(']')
}

/// The Norwegian message for a refused `field` of the form whose messages are `id`: its
/// attribute `.error-<field>`, where a field of a schedule rule (`schedule[2].start_time`,
/// `schedule[0].weekdays[1]`) is looked up by its own name (`error-start_time`); a field
/// without one gets the message's `.error`.
pub fn field_message(t: &'static Text, id: &str, field: &str) -> String {
    let own = field.rsplit('.').next().unwrap_or(field);
    let own = own.split('[').next().unwrap_or(own);
    t.attr_opt(id, &format!("error-{own}"), &[]).unwrap_or_else(|| t.attr(id, "error")).into_owned()
}

/// One rule of a schedule editor on a page (activity and opportunity forms alike): its
/// number, what was typed, and the weekday boxes.
pub struct RuleView {
    pub index: usize,
    pub fields: crate::schedule_form::RuleFields,
    pub weekdays: Vec<crate::pages::Choice>,
}

/// The weekdays of a rule, Monday first.
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The schedule editor's groups for `rules`.
pub fn rule_views(t: &'static Text, rules: &[crate::schedule_form::RuleFields]) -> Vec<RuleView> {
    rules
        .iter()
        .enumerate()
        .map(|(index, fields)| RuleView {
            index,
            weekdays: crate::pages::Choice::coded(t, "weekday", WEEKDAYS, &fields.weekdays),
            fields: fields.clone(),
        })
        .collect()
}

/// The refused fields of a form with a schedule editor, in Norwegian from the message `id`,
/// each named as on the page (a schedule rule's field by its group there).
pub fn refused_with_rules(
    session: &SignedIn, id: &str, rules: &[crate::schedule_form::RuleFields],
    errors: &ValidationErrors,
) -> FormState {
    let on_page = ValidationErrors(
        errors
            .0
            .iter()
            .map(|e| FieldError::new(crate::schedule_form::page_field(&e.field, rules), &e.message))
            .collect(),
    );
    FormState::new(session).refused(id, &on_page)
}
