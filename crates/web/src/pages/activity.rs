//! `/aktiviteter/{id}`: one activity, with what a resident needs to decide and to turn up:
//! what, for whom, when (in words and the next sessions), where (with a map link), price,
//! accessibility, registration, contact and organiser; a calendar link and schema.org
//! JSON-LD for search engines and calendar tools.

use actix_web::web;
use askama::Template;
use chrono::Utc;
use fritid_domain::activity::Activity;
use fritid_domain::policy::Actor;
use fritid_domain::schedule::{MAX_WINDOW_DAYS, expand};
use serde_json::json;
use uuid::Uuid;

use crate::layout::{Layout, PageError, PageResult, Section, ok};
use crate::pages::activities::price;
use crate::pages::{AppData, References};
use std::borrow::Cow;

use crate::text::{NB, Text};
use crate::words;
use crate::{WebConfig, jsonld};

/// How many coming sessions the page lists.
const NEXT_SESSIONS: usize = 5;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/aktiviteter/{id}", web::get().to(activity));
}

#[derive(Template)]
#[template(path = "activity.html")]
struct ActivityPage {
    layout: Layout,
    t: &'static Text,
    title: String,
    summary: String,
    description: String,
    organisation: String,
    organisation_url: String,
    district: String,
    categories: Vec<String>,
    ages: Option<String>,
    target_groups: Vec<Cow<'static, str>>,
    rules: Vec<String>,
    sessions: Vec<String>,
    venue: String,
    address: String,
    map_url: Option<String>,
    price: String,
    registration_required: bool,
    registration_url: Option<String>,
    registration_deadline: Option<String>,
    capacity: Option<i32>,
    accessibility: Vec<Cow<'static, str>>,
    accessibility_note: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_phone: Option<String>,
    calendar_url: String,
    /// Its organisation's preview of it: where to go back to edit, and whether the public
    /// sees it yet.
    preview: Option<Preview>,
    /// schema.org JSON-LD, escaped for a `<script>` element.
    json_ld: String,
}

async fn activity(app: AppData, config: web::Data<WebConfig>, id: web::Path<String>) -> PageResult {
    let id = Uuid::parse_str(&id).map_err(|_| PageError::NotFound)?;
    let activity = app.activity(&Actor::Anonymous, id).await?;
    let refs = References::load(&app).await?;
    ok(&view(&activity, &refs, &config, &NB))
}

/// The banner over an organisation's preview of its activity.
struct Preview {
    edit_url: String,
    public: bool,
}

/// The page of `activity` as residents see it, as its organisation's preview: with a banner
/// that says whether residents see it yet and leads back to editing.
pub(crate) async fn preview(
    app: &fritid_app::App, config: &WebConfig, activity: &Activity,
) -> PageResult {
    let refs = References::load(app).await?;
    let mut page = view(activity, &refs, config, &NB);
    page.preview = Some(Preview {
        edit_url: format!("/min-side/aktiviteter/{}", activity.id),
        public: activity.is_public,
    });
    ok(&page)
}

fn view(a: &Activity, refs: &References, config: &WebConfig, t: &'static Text) -> ActivityPage {
    let d = &a.details;
    let now = Utc::now();
    let sessions: Vec<_> = expand(&d.schedule, now, now + chrono::Duration::days(MAX_WINDOW_DAYS))
        .into_iter()
        .take(NEXT_SESSIONS)
        .collect();
    let acc = &d.accessibility;
    let accessibility = [
        (acc.wheelchair, "activities-wheelchair"),
        (acc.hearing_loop, "activities-hearing-loop"),
        (acc.adapted, "activities-adapted"),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(|(_, id)| t.get(id))
    .collect();
    ActivityPage {
        layout: Layout::new(d.title.clone(), Section::Activities),
        t,
        title: d.title.clone(),
        summary: d.summary.clone(),
        description: d.description.clone(),
        organisation: a.organisation_name.clone(),
        organisation_url: format!("/organisasjoner/{}", a.organisation_id),
        district: refs.district_name(&d.district),
        categories: d.categories.iter().map(|c| refs.category_name(c)).collect(),
        ages: words::ages(d.age_min, d.age_max),
        target_groups: d
            .target_groups
            .iter()
            .map(|g| t.attr("activities-target-groups", g.as_str()))
            .collect(),
        rules: d.schedule.iter().map(words::rule).collect(),
        sessions: sessions.iter().map(|o| words::session(o.starts_at, o.ends_at)).collect(),
        venue: d.venue.name.clone(),
        address: d.venue.address.clone(),
        map_url: d.venue.coordinates.map(|(lat, lon)| {
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")
        }),
        price: price(&d.price, t),
        registration_required: d.registration.required,
        registration_url: d.registration.url.clone(),
        registration_deadline: d.registration.deadline.map(words::full_date),
        capacity: d.capacity,
        accessibility,
        accessibility_note: acc.description.clone(),
        contact_name: d.contact.name.clone(),
        contact_email: d.contact.email.as_ref().map(ToString::to_string),
        contact_phone: d.contact.phone.clone(),
        calendar_url: format!("/api/v1/activities/{}/calendar.ics", a.id),
        preview: None,
        json_ld: json_ld(a, refs, config, &sessions),
    }
}

/// schema.org `EventSeries` with its `eventSchedule`, the coming sessions as `subEvent`s,
/// `location`, `organizer`, `offers` and `audience`; escaped so that it cannot end the
/// `<script>` element it sits in.
fn json_ld(
    a: &Activity, refs: &References, config: &WebConfig,
    sessions: &[fritid_domain::schedule::Occurrence],
) -> String {
    let d = &a.details;
    let url = format!("{}/aktiviteter/{}", config.public_url, a.id);
    let location = json!({
        "@type": "Place",
        "name": d.venue.name,
        "address": { "@type": "PostalAddress", "streetAddress": d.venue.address, "addressLocality": "Drammen", "addressCountry": "NO" },
        "geo": d.venue.coordinates.map(|(lat, lon)| json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon })),
    });
    let schedules: Vec<_> = d.schedule.iter().map(jsonld::schedule).collect();
    let sub_events: Vec<_> = sessions
        .iter()
        .map(|o| json!({ "@type": "Event", "name": d.title, "startDate": o.starts_at.to_rfc3339(), "endDate": o.ends_at.to_rfc3339(), "location": location }))
        .collect();
    let doc = json!({
        "@context": "https://schema.org",
        "@type": "EventSeries",
        "@id": url,
        "url": url,
        "name": d.title,
        "description": if d.summary.is_empty() { &d.description } else { &d.summary },
        "inLanguage": d.languages,
        "location": location,
        "organizer": { "@type": "Organization", "name": a.organisation_name, "url": format!("{}/organisasjoner/{}", config.public_url, a.organisation_id) },
        "offers": { "@type": "Offer", "price": if d.price.free { 0 } else { d.price.amount_nok }, "priceCurrency": "NOK", "url": d.registration.url.clone().unwrap_or_else(|| url.clone()) },
        "audience": { "@type": "PeopleAudience", "suggestedMinAge": d.age_min, "suggestedMaxAge": d.age_max },
        "eventSchedule": schedules,
        "subEvent": sub_events,
        "keywords": d.categories.iter().map(|c| refs.category_name(c)).collect::<Vec<_>>(),
    });
    jsonld::script_safe(&doc.to_string())
}
