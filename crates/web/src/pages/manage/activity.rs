//! An organisation's activities: create (`/min-side/organisasjoner/{id}/aktiviteter/ny`),
//! edit with the schedule editor (`/min-side/aktiviteter/{id}`), preview as residents will
//! see it, publish, unpublish, copy to the next season and delete. Fields carry the API's
//! names (`title`, `venue.name`, `price.amount_nok`, `schedule[0].weekdays`, …), and the
//! API's use cases do the work, so a refused field gets the same check as through the API.

use std::collections::BTreeSet;

use actix_web::web::{self, Bytes, Path};
use askama::Template;
use fritid_app::AppError;
use fritid_domain::ValidationErrors;
use fritid_domain::activity::{Activity, ActivityInput, ActivityStatus, TargetGroup};
use uuid::Uuid;

use super::listing::{self, ListingForm, ListingPage, TextFields};
use super::organisation::organisation_path;
use super::{FormState, Posted, SignedIn};
use crate::layout::{Layout, PageResult, Section, ok};
use crate::pages::account::{no_store, see_other};
use crate::pages::{AppData, Choice, district_choices, offered};
use crate::schedule_form::{self, RuleFields};
use crate::text::{NB, Text};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/min-side/organisasjoner/{id}/aktiviteter/ny").get(new_form).post(create),
    );
    cfg.service(web::resource("/min-side/aktiviteter/{id}").get(edit_form).post(update));
    cfg.route("/min-side/aktiviteter/{id}/forhandsvisning", web::get().to(preview));
    cfg.route("/min-side/aktiviteter/{id}/{change}", web::post().to(change_status));
}

/// The fields with a text box, as the API names them.
const TEXT_FIELDS: [&str; 17] = [
    "title",
    "summary",
    "description",
    "venue.name",
    "venue.address",
    "venue.latitude",
    "venue.longitude",
    "age_min",
    "age_max",
    "price.amount_nok",
    "registration.url",
    "registration.deadline",
    "capacity",
    "languages",
    "accessibility.description",
    "contact.name",
    "contact.email",
];
/// The single checkboxes.
const FLAGS: [&str; 6] = [
    "price.free",
    "price.reduced_price_available",
    "registration.required",
    "accessibility.wheelchair",
    "accessibility.hearing_loop",
    "accessibility.adapted",
];
fn activity_path(id: Uuid) -> String {
    format!("/min-side/aktiviteter/{id}")
}

// ---------------------------------------------------------------------------------------
// The form: from an activity, from a POST, to the API's input

/// The form's values as typed (or as stored), by field name.
#[derive(Debug, Clone, Default)]
struct Typed {
    text: TextFields,
    flags: BTreeSet<&'static str>,
    categories: Vec<String>,
    district: String,
    target_groups: Vec<String>,
    contact_phone: String,
    rules: Vec<RuleFields>,
}

impl Typed {
    fn of(input: &ActivityInput) -> Self {
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        let float = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
        let text = [
            ("title", input.title.clone()),
            ("summary", input.summary.clone()),
            ("description", input.description.clone()),
            ("venue.name", input.venue.name.clone()),
            ("venue.address", input.venue.address.clone()),
            ("venue.latitude", float(input.venue.latitude)),
            ("venue.longitude", float(input.venue.longitude)),
            ("age_min", number(input.age_min)),
            ("age_max", number(input.age_max)),
            ("price.amount_nok", input.price.amount_nok.to_string()),
            ("registration.url", input.registration.url.clone().unwrap_or_default()),
            ("registration.deadline", input.registration.deadline.clone().unwrap_or_default()),
            ("capacity", number(input.capacity)),
            ("languages", input.languages.join(", ")),
            (
                "accessibility.description",
                input.accessibility.description.clone().unwrap_or_default(),
            ),
            ("contact.name", input.contact.name.clone().unwrap_or_default()),
            ("contact.email", input.contact.email.clone().unwrap_or_default()),
        ]
        .into_iter()
        .collect();
        let flags = [
            ("price.free", input.price.free),
            ("price.reduced_price_available", input.price.reduced_price_available),
            ("registration.required", input.registration.required),
            ("accessibility.wheelchair", input.accessibility.wheelchair),
            ("accessibility.hearing_loop", input.accessibility.hearing_loop),
            ("accessibility.adapted", input.accessibility.adapted),
        ]
        .into_iter()
        .filter_map(|(name, on)| on.then_some(name))
        .collect();
        Self {
            text,
            flags,
            categories: input.categories.clone(),
            district: input.district.clone(),
            target_groups: input.target_groups.clone(),
            contact_phone: input.contact.phone.clone().unwrap_or_default(),
            rules: schedule_form::rules_of(&input.schedule),
        }
    }

    fn ticked(&self, field: &str) -> bool {
        self.flags.contains(field)
    }
}

#[derive(Template)]
#[template(path = "manage/activity_form.html")]
struct ActivityFormPage {
    layout: Layout,
    t: &'static Text,
    form: FormState,
    typed: Typed,
    /// Where the form is sent.
    action: String,
    /// The organisation's page.
    back_url: String,
    categories: Vec<Choice>,
    districts: Vec<Choice>,
    target_groups: Vec<Choice>,
    rules: Vec<super::RuleView>,
    /// An activity being edited: its state and the version the form was made from.
    existing: Option<Existing>,
    /// What the last step did (after a redirect): the message and its alert colour.
    notice: Option<(std::borrow::Cow<'static, str>, &'static str)>,
}

struct Existing {
    status: std::borrow::Cow<'static, str>,
    version: i32,
    preview_url: String,
    public_url: Option<String>,
    base_url: String,
    published: bool,
}

impl ListingPage for ActivityFormPage {
    type Typed = Typed;
    type Existing = Existing;

    async fn new(
        app: &fritid_app::App, form: FormState, typed: Typed, action: String, back_url: String,
        existing: Option<Existing>,
    ) -> Result<Self, AppError> {
        let t: &'static Text = &NB;
        let title = form.title(match &existing {
            Some(_) => "manage-activity-edit-title",
            None => "manage-activity-new-title",
        });
        // Retired ones leave the choosers, except where this activity has them.
        let categories = app
            .categories()
            .await?
            .into_iter()
            .filter(|c| offered(c.retired, &c.slug, &typed.categories))
            .map(|c| Choice::new(c.slug.to_string(), c.name, &typed.categories))
            .collect();
        let districts =
            district_choices(&app.districts().await?, std::slice::from_ref(&typed.district));
        let target_groups = Choice::coded(
            t,
            "activities-target-groups",
            TargetGroup::ALL.map(TargetGroup::as_str),
            &typed.target_groups,
        );
        let rules = super::rule_views(t, &typed.rules);
        Ok(Self {
            layout: Layout::new(title, Section::MyPage),
            t,
            form,
            typed,
            action,
            back_url,
            categories,
            districts,
            target_groups,
            rules,
            existing,
            notice: None,
        })
    }
}

/// The refused fields, in Norwegian, named as on the page (a schedule rule by its group).
impl ListingForm for Typed {
    type Input = ActivityInput;
    type Page = ActivityFormPage;
    const MESSAGES: [&'static str; 2] =
        ["manage-activity-field", "manage-activity-changed-meanwhile"];

    fn posted(posted: &Posted) -> Self {
        Self {
            text: TextFields::posted(posted, &TEXT_FIELDS),
            flags: FLAGS.iter().copied().filter(|f| posted.ticked(f)).collect(),
            categories: posted.all("categories"),
            district: posted.text("district"),
            target_groups: posted.all("target_groups"),
            contact_phone: posted.text("contact.phone"),
            rules: schedule_form::rules_from_pairs(posted.pairs()),
        }
    }

    /// The API's input, and the fields that are not even numbers (the use case cannot
    /// see those: it would get no value).
    fn input(&self) -> (ActivityInput, ValidationErrors) {
        let mut errors = ValidationErrors::new();
        let text = |f: &str| self.text.trimmed(f);
        let optional = |f: &str| Some(text(f)).filter(|v| !v.is_empty());
        let mut whole = |f: &str| self.text.whole(f, &mut errors);
        let (age_min, age_max, capacity) = (whole("age_min"), whole("age_max"), whole("capacity"));
        let amount = whole("price.amount_nok").unwrap_or(0);
        let mut float = |f: &str| -> Option<f64> {
            let v = text(f);
            if v.is_empty() {
                return None;
            }
            v.replace(',', ".").parse().map_err(|_| errors.push(f.to_owned(), "not a number")).ok()
        };
        let (latitude, longitude) = (float("venue.latitude"), float("venue.longitude"));
        let input = ActivityInput {
            title: text("title"),
            summary: text("summary"),
            description: self.text.value("description").to_owned(),
            categories: self.categories.clone(),
            district: self.district.clone(),
            venue: fritid_domain::activity::VenueInput {
                name: text("venue.name"),
                address: text("venue.address"),
                latitude,
                longitude,
            },
            age_min,
            age_max,
            target_groups: self.target_groups.clone(),
            price: fritid_domain::activity::PriceInput {
                amount_nok: amount,
                free: self.ticked("price.free"),
                reduced_price_available: self.ticked("price.reduced_price_available"),
            },
            registration: fritid_domain::activity::RegistrationInput {
                required: self.ticked("registration.required"),
                url: optional("registration.url"),
                deadline: optional("registration.deadline"),
            },
            capacity,
            languages: text("languages")
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            accessibility: fritid_domain::activity::AccessibilityInput {
                wheelchair: self.ticked("accessibility.wheelchair"),
                hearing_loop: self.ticked("accessibility.hearing_loop"),
                adapted: self.ticked("accessibility.adapted"),
                description: optional("accessibility.description"),
            },
            contact: fritid_domain::activity::ContactInput {
                name: optional("contact.name"),
                email: optional("contact.email"),
                phone: Some(self.contact_phone.trim().to_owned()).filter(|v| !v.is_empty()),
            },
            schedule: schedule_form::to_inputs(&self.rules),
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
    listing::new_form(&app, &signed_in, *id, "aktiviteter/ny", Typed::of(&ActivityInput::default()))
        .await
}

async fn create(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    let create = async |input| {
        let activity = app.create_activity(signed_in.user(), *id, input).await?;
        Ok(activity_path(activity.id))
    };
    listing::create::<Typed>(&app, &signed_in, *id, "aktiviteter/ny", &body, create).await
}

// ---------------------------------------------------------------------------------------
// Edit

/// The activity `id` if the person is a member of its organisation (otherwise it does not
/// exist for them).
async fn own_activity(
    app: &fritid_app::App, signed_in: &SignedIn, id: Uuid,
) -> Result<Activity, crate::layout::PageError> {
    let activity = app.activity(&signed_in.actor(), id).await?;
    signed_in.role_in(activity.organisation_id)?;
    Ok(activity)
}

fn existing(a: &Activity, t: &'static Text) -> Existing {
    Existing {
        status: t.attr("manage-activity-status", a.status.as_str()),
        version: a.version,
        preview_url: format!("{}/forhandsvisning", activity_path(a.id)),
        public_url: a.is_public.then(|| format!("/aktiviteter/{}", a.id)),
        base_url: activity_path(a.id),
        published: a.status == ActivityStatus::Published,
    }
}

/// The notices of the edit page, by the query parameter a step left behind.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Notices {
    lagret: Option<String>,
    publisert: Option<String>,
    kopi: Option<String>,
}

impl Notices {
    fn shown(&self, t: &'static Text) -> Option<(std::borrow::Cow<'static, str>, &'static str)> {
        match (&self.lagret, self.publisert.as_deref(), &self.kopi) {
            (Some(_), _, _) => Some((t.get("manage-activity-saved"), "success")),
            (_, Some("ja"), _) => Some((t.get("manage-activity-published"), "success")),
            (_, Some(_), _) => Some((t.get("manage-activity-not-published"), "warning")),
            (_, _, Some(_)) => Some((t.get("manage-activity-copied"), "info")),
            _ => None,
        }
    }
}

async fn edit_form(
    app: AppData, signed_in: SignedIn, id: Path<Uuid>, notices: web::Query<Notices>,
) -> PageResult {
    let activity = own_activity(&app, &signed_in, *id).await?;
    let typed = Typed::of(&activity.details.to_input());
    let mut page = ActivityFormPage::new(
        &app,
        FormState::new(&signed_in),
        typed,
        activity_path(activity.id),
        organisation_path(activity.organisation_id),
        Some(existing(&activity, &NB)),
    )
    .await?;
    page.notice = notices.shown(&NB);
    ok(&page).map(no_store)
}

async fn update(app: AppData, signed_in: SignedIn, id: Path<Uuid>, body: Bytes) -> PageResult {
    let activity = own_activity(&app, &signed_in, *id).await?;
    let pages = (activity_path(*id), organisation_path(activity.organisation_id));
    let shown = async || Ok(Some(existing(&activity, &NB)));
    let save = async |input, version| {
        app.replace_activity(signed_in.user(), *id, version, input).await?;
        Ok(format!("{}?lagret=ja", activity_path(*id)))
    };
    listing::post::<Typed>(&app, &signed_in, &body, pages, shown, save).await
}

// ---------------------------------------------------------------------------------------
// Preview, publish, unpublish, copy, delete

async fn preview(
    app: AppData, config: web::Data<crate::WebConfig>, signed_in: SignedIn, id: Path<Uuid>,
) -> PageResult {
    let activity = own_activity(&app, &signed_in, *id).await?;
    crate::pages::activity::preview(&app, &config, &activity).await.map(no_store)
}

async fn change_status(
    app: AppData, signed_in: SignedIn, path: Path<(Uuid, String)>, body: Bytes,
) -> PageResult {
    let (id, change) = path.into_inner();
    let activity = own_activity(&app, &signed_in, id).await?;
    Posted::read(&signed_in, &body)?;
    let user = signed_in.user();
    let org = organisation_path(activity.organisation_id);
    let to = |status| app.set_activity_status(user, id, status, None);
    let location = match change.as_str() {
        "publiser" => match to(ActivityStatus::Published).await {
            Ok(_) => format!("{}?publisert=ja", activity_path(id)),
            // The organisation is rejected or archived: the page says so.
            Err(AppError::Conflict(_)) => format!("{}?publisert=nei", activity_path(id)),
            Err(e) => return Err(e.into()),
        },
        "avpubliser" => {
            to(ActivityStatus::Unpublished).await?;
            activity_path(id)
        }
        "slett" => {
            to(ActivityStatus::Deleted).await?;
            org
        }
        "kopier" => {
            let copy = app.copy_activity_to_next_season(user, id).await?;
            format!("{}?kopi=ja", activity_path(copy.id))
        }
        _ => return Err(crate::layout::PageError::NotFound),
    };
    Ok(see_other(&location).finish())
}
