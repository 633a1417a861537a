//! What the forms of the two kinds of listing — activities and volunteer opportunities — do
//! alike when they are posted: a rule button ("add a rule", "remove rule N") shows the form
//! again with what was typed; a save checks every field at once and goes on, or shows the
//! form again with each refused field by its place on the page (a schedule rule by its
//! group), or says that someone else changed the listing meanwhile.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use askama::Template;
use fritid_app::AppError;
use fritid_domain::ValidationErrors;
use fritid_domain::activity::ActivityInput;
use fritid_domain::volunteering::OpportunityInput;
use uuid::Uuid;

use super::organisation::organisation_path;
use super::{FormState, Posted, SignedIn};
use crate::layout::{PageError, PageResult, html, ok};
use crate::pages::account::{no_store, see_other};
use crate::schedule_form::{Action, RuleFields, pressed_rule_button};
use crate::text::NB;

/// The input of a listing, as the use cases take it.
pub(super) trait Refusable {
    /// What the domain's rules refuse of it.
    fn refusals(&self) -> Option<ValidationErrors>;
}

macro_rules! refusable {
    ($($input:ty),+) => {$(
        impl Refusable for $input {
            fn refusals(&self) -> Option<ValidationErrors> {
                self.parse().err()
            }
        }
    )+};
}

refusable!(ActivityInput, OpportunityInput);

/// The page of a listing's form.
pub(super) trait ListingPage: Template + Sized {
    /// The form as typed.
    type Typed;
    /// What the edit page shows of the stored listing.
    type Existing;

    /// The page that posts to `action` and leads back to `back_url`.
    async fn new(
        app: &fritid_app::App, form: FormState, typed: Self::Typed, action: String,
        back_url: String, existing: Option<Self::Existing>,
    ) -> Result<Self, AppError>;
}

/// A listing's form as typed.
pub(super) trait ListingForm: Sized {
    /// What a save gives the use case.
    type Input: Refusable;
    type Page: ListingPage<Typed = Self>;
    /// The ids of the form's catalog messages: of a refused field (an attribute by field), and
    /// of a save refused because the listing changed since the form was made.
    const MESSAGES: [&'static str; 2];

    fn posted(posted: &Posted) -> Self;
    fn rules(&mut self) -> &mut Vec<RuleFields>;
    /// The input as typed, and what the form's own checks (numbers, dates) refuse.
    fn input(&self) -> (Self::Input, ValidationErrors);
}

/// The empty form of a new listing of the organisation `id` (its members), posting to
/// `<the organisation's page>/<path>`.
pub(super) async fn new_form<F: ListingForm>(
    app: &fritid_app::App, signed_in: &SignedIn, id: Uuid, path: &str, typed: F,
) -> PageResult {
    signed_in.role_in(id)?;
    app.organisation(&signed_in.actor(), id).await?;
    let back = organisation_path(id);
    let form = FormState::new(signed_in);
    let page = F::Page::new(app, form, typed, format!("{back}/{path}"), back, None).await?;
    ok(&page).map(no_store)
}

/// Answers the posted form of a new listing of the organisation `id` (its members): `create`
/// is the use case, giving where the new listing's page is.
pub(super) async fn create<F: ListingForm>(
    app: &fritid_app::App, signed_in: &SignedIn, id: Uuid, path: &str, body: &[u8],
    create: impl AsyncFnOnce(F::Input) -> Result<String, AppError>,
) -> PageResult {
    signed_in.role_in(id)?;
    let back = organisation_path(id);
    let pages = (format!("{back}/{path}"), back);
    post::<F>(app, signed_in, body, pages, async || Ok(None), async |input, _| create(input).await)
        .await
}

/// Answers a posted listing form whose page posts to `action` and leads back to `back`:
/// `save` is the use case (given the input and the version the form was made from), giving
/// where to go once saved; `existing` is what the page shows of the stored listing, read only
/// when the form is shown again.
pub(super) async fn post<F: ListingForm>(
    app: &fritid_app::App, signed_in: &SignedIn, body: &[u8], (action, back): (String, String),
    existing: impl AsyncFnOnce() -> Result<Option<<F::Page as ListingPage>::Existing>, PageError>,
    save: impl AsyncFnOnce(F::Input, Option<i32>) -> Result<String, AppError>,
) -> PageResult {
    let posted = Posted::read(signed_in, body)?;
    let mut typed = F::posted(&posted);
    if pressed_rule_button(typed.rules(), Action::parse(posted.optional("action").as_deref())) {
        let form = FormState::new(signed_in);
        let page = F::Page::new(app, form, typed, action, back, existing().await?).await?;
        return ok(&page).map(no_store);
    }
    // The version the form was made from: a change since then is not overwritten.
    let version = posted.text("version").parse().ok();
    let saved = match checked(&typed) {
        Ok(input) => save(input, version).await,
        Err(e) => Err(e),
    };
    let form = match saved {
        Ok(location) => return Ok(see_other(&location).finish()),
        Err(AppError::Invalid(errors)) => {
            super::refused_with_rules(signed_in, F::MESSAGES[0], typed.rules(), &errors)
        }
        Err(AppError::VersionMismatch) => {
            FormState::new(signed_in).with_error("title", NB.get(F::MESSAGES[1]).into_owned())
        }
        Err(e) => return Err(e.into()),
    };
    let page = F::Page::new(app, form, typed, action, back, existing().await?).await?;
    html(StatusCode::UNPROCESSABLE_ENTITY, &page).map(no_store)
}

/// The input of the form when nothing is refused; otherwise every refused field at once: the
/// form's own and the domain's.
fn checked<F: ListingForm>(typed: &F) -> Result<F::Input, AppError> {
    let (input, mut errors) = typed.input();
    if errors.is_empty() {
        return Ok(input);
    }
    errors.0.extend(input.refusals().map(|e| e.0).unwrap_or_default());
    Err(AppError::Invalid(errors))
}

/// A listing form's text fields as typed (or as stored), by name.
#[derive(Debug, Clone, Default)]
pub(super) struct TextFields(BTreeMap<&'static str, String>);

impl TextFields {
    /// The posted values of the fields `names`.
    pub(super) fn posted(posted: &Posted, names: &[&'static str]) -> Self {
        names.iter().map(|name| (*name, posted.text(name))).collect()
    }

    /// What `field` holds as typed; empty when nothing.
    pub(super) fn value(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    /// What `field` holds, without the white space around it.
    pub(super) fn trimmed(&self, field: &str) -> String {
        self.value(field).trim().to_owned()
    }

    /// The whole number typed in `field`: `None` when it is empty, and when it is not a
    /// number (then noted in `errors`: the use case would get no value to refuse).
    pub(super) fn whole(&self, field: &str, errors: &mut ValidationErrors) -> Option<i64> {
        let v = self.value(field).trim();
        if v.is_empty() {
            return None;
        }
        v.parse().map_err(|_| errors.push(field.to_owned(), "not a whole number")).ok()
    }
}

impl FromIterator<(&'static str, String)> for TextFields {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(fields: I) -> Self {
        Self(fields.into_iter().collect())
    }
}
