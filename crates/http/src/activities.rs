//! Activities (fritidstilbud): organisations publish them, residents find them.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveTime, Timelike, Utc};
use fritid_app::activities::ActivityPatch;
use fritid_app::{ActivitySearch, ActivitySort, FacetRequest, SearchPage};
use fritid_domain::ValidationErrors;
use fritid_domain::activity::{
    AccessibilityInput, Activity, ActivityInput, ActivityStatus, ContactInput, PriceInput,
    RegistrationInput, TargetGroup, VenueInput,
};
use fritid_domain::reference::Slug;
use fritid_domain::schedule::{
    MAX_WINDOW_DAYS, ScheduleRule, ScheduleRuleInput, expand, parse_weekday,
};
use fritid_domain::search::query_prefixes;
use fritid_domain::text::clean_text;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{if_match, if_none_match, version_tag, with_version};
use crate::extract::{Json, Query, parse_bool};
use crate::numbers::{opt_whole, patch_whole, whole};
use crate::pagination::PageParams;
use crate::problem::{ApiError, Problem};

// ---------------------------------------------------------------------------------------
// DTOs

/// Where it happens.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VenueDto {
    #[schema(example = "Konnerud kunstgress")]
    pub name: String,
    #[serde(default)]
    #[schema(example = "Konnerudgata 40, 3045 Drammen")]
    pub address: String,
    /// WGS 84; give both or neither.
    #[schema(example = 59.7301)]
    pub latitude: Option<f64>,
    #[schema(example = 10.1556)]
    pub longitude: Option<f64>,
}

/// Price in whole kroner.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PriceDto {
    #[serde(default, deserialize_with = "whole")]
    #[schema(value_type = i64, example = 0)]
    pub amount_nok: i64,
    #[serde(default)]
    pub free: bool,
    #[serde(default)]
    pub reduced_price_available: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegistrationDto {
    #[serde(default)]
    pub required: bool,
    pub url: Option<String>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AccessibilityDto {
    #[serde(default)]
    pub wheelchair: bool,
    #[serde(default)]
    pub hearing_loop: bool,
    /// Adapted for people with disabilities (tilrettelagt).
    #[serde(default)]
    pub adapted: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ContactDto {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A schedule rule: weekly (`weekdays`, `valid_from`, optional `valid_to` and
/// `except_dates`) or a single date (`date`). Times are local (Europe/Oslo) `HH:MM`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScheduleRuleDto {
    /// `mon` … `sun` (weekly rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["tue"]))]
    pub weekdays: Option<Vec<String>>,
    #[schema(example = "17:30")]
    pub start_time: Option<String>,
    #[schema(example = "19:00")]
    pub end_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2026-08-18")]
    pub valid_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2027-06-15")]
    pub valid_to: Option<String>,
    /// Dates without a session (holidays).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub except_dates: Option<Vec<String>>,
    /// The date of a single session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl From<ScheduleRuleDto> for ScheduleRuleInput {
    fn from(d: ScheduleRuleDto) -> Self {
        ScheduleRuleInput {
            weekdays: d.weekdays,
            start_time: d.start_time,
            end_time: d.end_time,
            valid_from: d.valid_from,
            valid_to: d.valid_to,
            except_dates: d.except_dates,
            date: d.date,
        }
    }
}

impl From<&ScheduleRule> for ScheduleRuleDto {
    fn from(r: &ScheduleRule) -> Self {
        let i = r.to_input();
        ScheduleRuleDto {
            weekdays: i.weekdays,
            start_time: i.start_time,
            end_time: i.end_time,
            valid_from: i.valid_from,
            valid_to: i.valid_to,
            except_dates: i.except_dates,
            date: i.date,
        }
    }
}

/// Target groups (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum TargetGroupDto {
    Children,
    Youth,
    Adults,
    Seniors,
    Families,
    Disabilities,
}

/// Weekdays (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum WeekdayDto {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// Search orders (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SortDto {
    Relevance,
    Title,
    Updated,
    Distance,
}

/// Lifecycle states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ActivityStatusDto {
    Draft,
    Published,
    Unpublished,
    Deleted,
}

/// A new activity. It starts as a `draft`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateListingRequest {
    #[schema(example = "Fotballtrening for 9-åringer")]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    /// Category slugs (1–5).
    #[schema(example = json!(["fotball"]))]
    pub categories: Vec<String>,
    /// Kommunedel slug.
    #[schema(example = "konnerud")]
    pub district: String,
    pub venue: VenueDto,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>, example = 8)]
    pub age_min: Option<i64>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>, example = 10)]
    pub age_max: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Vec<TargetGroupDto>)]
    pub target_groups: Vec<String>,
    pub price: Option<PriceDto>,
    pub registration: Option<RegistrationDto>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<i64>,
    /// BCP 47 tags, e.g. `nb`, `en`.
    #[serde(default)]
    pub languages: Vec<String>,
    pub accessibility: Option<AccessibilityDto>,
    pub contact: Option<ContactDto>,
    #[serde(default)]
    pub schedule: Vec<ScheduleRuleDto>,
}

/// Fields to change; absent ones keep their value. Nested objects (`venue`, `price`, …) and
/// `schedule` are replaced whole. `null` clears `age_min`, `age_max` and `capacity`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateActivityRequest {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub categories: Option<Vec<String>>,
    pub district: Option<String>,
    pub venue: Option<VenueDto>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub age_min: Option<Option<i64>>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub age_max: Option<Option<i64>>,
    #[schema(value_type = Option<Vec<TargetGroupDto>>)]
    pub target_groups: Option<Vec<String>>,
    pub price: Option<PriceDto>,
    pub registration: Option<RegistrationDto>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub capacity: Option<Option<i64>>,
    pub languages: Option<Vec<String>>,
    pub accessibility: Option<AccessibilityDto>,
    pub contact: Option<ContactDto>,
    pub schedule: Option<Vec<ScheduleRuleDto>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationRef {
    pub id: Uuid,
    pub name: String,
}

/// One dated session.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

/// An activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: Uuid,
    pub organisation: OrganisationRef,
    #[schema(value_type = ActivityStatusDto)]
    pub status: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
    pub district: String,
    pub venue: VenueDto,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    #[schema(value_type = Vec<TargetGroupDto>)]
    pub target_groups: Vec<String>,
    pub price: PriceDto,
    pub registration: RegistrationDto,
    pub capacity: Option<i32>,
    pub languages: Vec<String>,
    pub accessibility: AccessibilityDto,
    pub contact: ContactDto,
    pub schedule: Vec<ScheduleRuleDto>,
    /// The next sessions (up to three, within 93 days).
    pub next_occurrences: Vec<SessionDto>,
    /// Great-circle distance from `near`, in search results that asked for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
}

fn next_sessions(rules: &[ScheduleRule], now: DateTime<Utc>) -> Vec<SessionDto> {
    expand(rules, now, now + chrono::Duration::days(MAX_WINDOW_DAYS))
        .into_iter()
        .take(3)
        .map(|o| SessionDto {
            starts_at: o.starts_at,
            ends_at: o.ends_at,
        })
        .collect()
}

impl ActivityDto {
    pub(crate) fn new(a: &Activity, distance_km: Option<f64>, now: DateTime<Utc>) -> Self {
        let d = &a.details;
        Self {
            id: a.id,
            organisation: OrganisationRef {
                id: a.organisation_id,
                name: a.organisation_name.clone(),
            },
            status: a.status.as_str().to_owned(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            description: d.description.clone(),
            categories: d.categories.iter().map(|c| c.to_string()).collect(),
            district: d.district.to_string(),
            venue: VenueDto {
                name: d.venue.name.clone(),
                address: d.venue.address.clone(),
                latitude: d.venue.coordinates.map(|c| c.0),
                longitude: d.venue.coordinates.map(|c| c.1),
            },
            age_min: d.age_min,
            age_max: d.age_max,
            target_groups: d
                .target_groups
                .iter()
                .map(|t| t.as_str().to_owned())
                .collect(),
            price: PriceDto {
                amount_nok: i64::from(d.price.amount_nok),
                free: d.price.free,
                reduced_price_available: d.price.reduced_price_available,
            },
            registration: RegistrationDto {
                required: d.registration.required,
                url: d.registration.url.clone(),
                deadline: d
                    .registration
                    .deadline
                    .map(|x| x.format("%Y-%m-%d").to_string()),
            },
            capacity: d.capacity,
            languages: d.languages.clone(),
            accessibility: AccessibilityDto {
                wheelchair: d.accessibility.wheelchair,
                hearing_loop: d.accessibility.hearing_loop,
                adapted: d.accessibility.adapted,
                description: d.accessibility.description.clone(),
            },
            contact: ContactDto {
                name: d.contact.name.clone(),
                email: d.contact.email.as_ref().map(|e| e.to_string()),
                phone: d.contact.phone.clone(),
            },
            schedule: d.schedule.iter().map(ScheduleRuleDto::from).collect(),
            next_occurrences: next_sessions(&d.schedule, now),
            distance_km: distance_km.map(|k| (k * 1000.0).round() / 1000.0),
            version: a.version,
            created_at: a.created_at,
            updated_at: a.updated_at,
            published_at: a.published_at,
        }
    }
}

fn to_input(body: CreateListingRequest) -> ActivityInput {
    ActivityInput {
        title: body.title,
        summary: body.summary,
        description: body.description,
        categories: body.categories,
        district: body.district,
        venue: venue_input(body.venue),
        age_min: body.age_min,
        age_max: body.age_max,
        target_groups: body.target_groups,
        price: body.price.map(price_input).unwrap_or_default(),
        registration: body
            .registration
            .map(registration_input)
            .unwrap_or_default(),
        capacity: body.capacity,
        languages: body.languages,
        accessibility: body
            .accessibility
            .map(accessibility_input)
            .unwrap_or_default(),
        contact: body.contact.map(contact_input).unwrap_or_default(),
        schedule: body
            .schedule
            .into_iter()
            .map(ScheduleRuleInput::from)
            .collect(),
    }
}

fn venue_input(v: VenueDto) -> VenueInput {
    VenueInput {
        name: v.name,
        address: v.address,
        latitude: v.latitude,
        longitude: v.longitude,
    }
}

fn price_input(p: PriceDto) -> PriceInput {
    PriceInput {
        amount_nok: p.amount_nok,
        free: p.free,
        reduced_price_available: p.reduced_price_available,
    }
}

fn registration_input(r: RegistrationDto) -> RegistrationInput {
    RegistrationInput {
        required: r.required,
        url: r.url,
        deadline: r.deadline,
    }
}

fn accessibility_input(a: AccessibilityDto) -> AccessibilityInput {
    AccessibilityInput {
        wheelchair: a.wheelchair,
        hearing_loop: a.hearing_loop,
        adapted: a.adapted,
        description: a.description,
    }
}

fn contact_input(c: ContactDto) -> ContactInput {
    ContactInput {
        name: c.name,
        email: c.email,
        phone: c.phone,
    }
}

// ---------------------------------------------------------------------------------------
// Organisation-side handlers

/// Create an activity (members of the organisation). It starts as a draft.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation")),
    request_body = CreateListingRequest,
    responses(
        (status = 201, description = "Created as a draft.", body = ActivityDto,
            headers(("ETag" = String), ("Location" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (all of them listed).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/activities")]
pub async fn create_activity(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<CreateListingRequest>,
) -> Result<HttpResponse, ApiError> {
    let activity = state
        .app
        .create_activity(&auth.user, *id, to_input(body))
        .await?;
    let res = HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/activities/{}", activity.id),
        ))
        .json(ActivityDto::new(&activity, None, Utc::now()));
    Ok(with_version(res, activity.version))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OwnListParams {
    /// Members only: `draft`, `published`, `unpublished` (repeatable; default all but deleted).
    #[serde(default)]
    #[param(value_type = Vec<ActivityStatusDto>)]
    pub status: Vec<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActivityPage {
    pub items: Vec<ActivityDto>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// The organisation's activities, newest change first: the public ones for everyone, every
/// status for its members.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), OwnListParams),
    responses(
        (status = 200, description = "A page of activities.", body = ActivityPage),
        (status = 404, description = "No such organisation (or not visible).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/activities")]
pub async fn list_organisation_activities(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
    Query(params): Query<OwnListParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let limit = PageParams {
        limit: params.limit,
        cursor: None,
    }
    .limit(&mut errors);
    let mut statuses = Vec::new();
    for (i, s) in params.status.iter().enumerate() {
        match ActivityStatus::parse(s).filter(|s| *s != ActivityStatus::Deleted) {
            Some(s) => statuses.push(s),
            None => errors.push(
                format!("status[{i}]"),
                "must be one of: draft, published, unpublished",
            ),
        }
    }
    errors.finish()?;
    let page = state
        .app
        .organisation_activities(
            &auth.actor(),
            *id,
            statuses,
            params.cursor.as_deref(),
            limit,
        )
        .await?;
    let now = Utc::now();
    Ok(HttpResponse::Ok().json(ActivityPage {
        items: page
            .items
            .iter()
            .map(|a| ActivityDto::new(a, None, now))
            .collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One activity: public once published by a verified organisation; members see drafts.
#[utoipa::path(
    tag = "activities",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The activity.", body = ActivityDto, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 404, description = "No such activity (or not visible).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities/{id}")]
pub async fn get_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let activity = state.app.activity(&auth.actor(), *id).await?;
    if if_none_match(&req, &version_tag(activity.version)) {
        return Ok(with_version(
            HttpResponse::NotModified().finish(),
            activity.version,
        ));
    }
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&activity, None, Utc::now())),
        activity.version,
    ))
}

/// Change an activity (members). Requires `If-Match` (412 when stale, 428 when missing).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag you read")),
    request_body = UpdateActivityRequest,
    responses(
        (status = 200, description = "Updated.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<UpdateActivityRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req, true)?;
    let patch = ActivityPatch {
        title: body.title,
        summary: body.summary,
        description: body.description,
        categories: body.categories,
        district: body.district,
        venue: body.venue.map(venue_input),
        age_min: body.age_min,
        age_max: body.age_max,
        target_groups: body.target_groups,
        price: body.price.map(price_input),
        registration: body.registration.map(registration_input),
        capacity: body.capacity,
        languages: body.languages,
        accessibility: body.accessibility.map(accessibility_input),
        contact: body.contact.map(contact_input),
        schedule: body
            .schedule
            .map(|v| v.into_iter().map(ScheduleRuleInput::from).collect()),
    };
    let updated = state
        .app
        .update_activity(&auth.user, *id, expected, patch)
        .await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&updated, None, Utc::now())),
        updated.version,
    ))
}

/// Moves the activity to `status` and answers with it.
async fn change_status(
    req: &HttpRequest,
    state: &AppState,
    auth: &Authenticated,
    id: Uuid,
    status: ActivityStatus,
) -> Result<Activity, ApiError> {
    let expected = if_match(req, false)?;
    Ok(state
        .app
        .set_activity_status(&auth.user, id, status, expected)
        .await?)
}

/// Publish (members): public at once if the organisation is verified, otherwise as soon as
/// it is. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Published.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived or rejected.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/publish")]
pub async fn publish_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let a = change_status(&req, &state, &auth, *id, ActivityStatus::Published).await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&a, None, Utc::now())),
        a.version,
    ))
}

/// Unpublish (members): it stops being public. `If-Match` optional.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Unpublished.", body = ActivityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/activities/{id}/unpublish")]
pub async fn unpublish_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let a = change_status(&req, &state, &auth, *id, ActivityStatus::Unpublished).await?;
    Ok(with_version(
        HttpResponse::Ok().json(ActivityDto::new(&a, None, Utc::now())),
        a.version,
    ))
}

/// Delete (members): a soft delete; the activity disappears from the API. `If-Match`
/// optional (412 when stale).
#[utoipa::path(
    tag = "activities",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such activity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    change_status(&req, &state, &auth, *id, ActivityStatus::Deleted).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------------------------------------------------------------------------------------
// Resident search

/// Search filters. All are combined with AND; repeatable ones match any of their values.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Norwegian free text over title, summary, description and organisation name: case-
    /// and accent-insensitive (æ, ø, å are letters of their own), stemmed, prefix-matching
    /// ("fotball" finds "Fotballtrening"), every word required.
    #[param(example = "fotball")]
    pub q: Option<String>,
    /// Kommunedel slug (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub district: Vec<String>,
    /// Category slug (repeatable); a parent matches its subcategories.
    #[serde(default)]
    #[param(value_type = Vec<String>, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub category: Vec<String>,
    /// An age the activity's age range must contain.
    #[param(value_type = Option<u8>, minimum = 0, maximum = 120)]
    pub age: Option<String>,
    /// Target group (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<TargetGroupDto>)]
    pub target_group: Vec<String>,
    /// A session on one of these days (repeatable).
    #[serde(default)]
    #[param(value_type = Vec<WeekdayDto>)]
    pub weekday: Vec<String>,
    /// `HH:MM`: a session must end after this time.
    #[param(example = "15:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time_from: Option<String>,
    /// `HH:MM`: a session must start before this time.
    #[param(example = "18:00", pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub time_to: Option<String>,
    /// Only free (or only paid) activities.
    #[param(value_type = Option<bool>)]
    pub free: Option<String>,
    /// Only wheelchair-accessible ones (or only not).
    #[param(value_type = Option<bool>)]
    pub wheelchair: Option<String>,
    /// Only this organisation's activities.
    #[param(value_type = Option<Uuid>)]
    pub organisation: Option<String>,
    /// `lat,lon` in degrees: only activities within `radius_km` of this point.
    #[param(
        example = "59.7440,10.2045",
        pattern = "^-?[0-9]{1,2}(\\.[0-9]+)?,-?[0-9]{1,3}(\\.[0-9]+)?$"
    )]
    pub near: Option<String>,
    /// Radius for `near`, 0.1–100 km (default 10).
    #[param(value_type = Option<f64>, minimum = 0.1, maximum = 100)]
    pub radius_km: Option<String>,
    /// Only activities changed since.
    #[param(value_type = Option<DateTime<Utc>>)]
    pub updated_since: Option<String>,
    /// `relevance` (default with `q`), `title` (default otherwise), `updated`, `distance`
    /// (with `near`).
    #[param(value_type = Option<SortDto>)]
    pub sort: Option<String>,
    /// Comma-separated `district`, `category`: counts over the whole result.
    #[param(pattern = "^(district|category)(,(district|category))*$")]
    pub facets: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(value_type = Option<u8>, minimum = 1, maximum = 100)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn parse_time(field: &str, v: &str, e: &mut ValidationErrors) -> Option<u16> {
    match NaiveTime::parse_from_str(v, "%H:%M") {
        Ok(t) if v.len() == 5 => Some((t.hour() * 60 + t.minute()) as u16),
        _ => {
            e.push(field, "must be a time as HH:MM");
            None
        }
    }
}

/// Parsed search parameters.
pub(crate) struct ParsedSearch {
    pub search: ActivitySearch,
    pub sort: ActivitySort,
    pub facets: FacetRequest,
    pub limit: u64,
    pub cursor: Option<String>,
}

pub(crate) fn parse_search(p: &SearchParams, e: &mut ValidationErrors) -> ParsedSearch {
    let mut s = ActivitySearch::default();
    if let Some(q) = p.q.as_deref()
        && let Some(q) = e.check(clean_text("q", q, 0, 200))
    {
        s.text = query_prefixes(&q);
    }
    s.districts = p
        .district
        .iter()
        .filter_map(|d| e.check(Slug::parse("district", d)))
        .collect();
    s.categories = p
        .category
        .iter()
        .filter_map(|c| e.check(Slug::parse("category", c)))
        .collect();
    if let Some(age) = p.age.as_deref() {
        match age.parse::<i16>() {
            Ok(a) if (0..=120).contains(&a) => s.age = Some(a),
            _ => e.push("age", "must be a whole number from 0 to 120"),
        }
    }
    s.target_groups = p
        .target_group
        .iter()
        .filter_map(|t| e.check(TargetGroup::parse("target_group", t)))
        .collect();
    for w in &p.weekday {
        match parse_weekday(w) {
            Some(day) => s.weekdays.push(day),
            None => e.push(
                "weekday",
                "must be one of: mon, tue, wed, thu, fri, sat, sun",
            ),
        }
    }
    s.time_from = p
        .time_from
        .as_deref()
        .and_then(|v| parse_time("time_from", v, e));
    s.time_to = p
        .time_to
        .as_deref()
        .and_then(|v| parse_time("time_to", v, e));
    if let (Some(from), Some(to)) = (s.time_from, s.time_to)
        && from >= to
    {
        e.push("time_to", "must be after time_from");
    }
    s.free = p.free.as_deref().and_then(|v| parse_bool("free", v, e));
    s.wheelchair = p
        .wheelchair
        .as_deref()
        .and_then(|v| parse_bool("wheelchair", v, e));
    if let Some(org) = p.organisation.as_deref() {
        match Uuid::parse_str(org) {
            Ok(id) => s.organisation = Some(id),
            Err(_) => e.push("organisation", "must be an organisation id (UUID)"),
        }
    }
    let radius = match p.radius_km.as_deref() {
        Some(r) => match r.parse::<f64>() {
            Ok(r) if (0.1..=100.0).contains(&r) => Some(r),
            _ => {
                e.push("radius_km", "must be a number from 0.1 to 100");
                None
            }
        },
        None => Some(10.0),
    };
    if let Some(near) = p.near.as_deref() {
        let parsed = near
            .split_once(',')
            .and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)))
            .filter(|(lat, lon)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon));
        match (parsed, radius) {
            (Some((lat, lon)), Some(r)) => s.near = Some((lat, lon, r)),
            (None, _) => e.push("near", "must be latitude,longitude in degrees"),
            _ => {}
        }
    } else if p.radius_km.is_some() {
        e.push("radius_km", "needs near");
    }
    if let Some(since) = p.updated_since.as_deref() {
        s.updated_since = e.check(fritid_domain::dates::parse_instant("updated_since", since));
    }
    s.today = Some(Utc::now().date_naive() - chrono::Duration::days(1));
    let sort = match p.sort.as_deref() {
        None if !s.text.is_empty() => ActivitySort::Relevance,
        None => ActivitySort::Title,
        Some("relevance") => ActivitySort::Relevance,
        Some("title") => ActivitySort::Title,
        Some("updated") => ActivitySort::Updated,
        Some("distance") => {
            if s.near.is_none() && p.near.is_none() {
                e.push("sort", "distance needs near");
            }
            ActivitySort::Distance
        }
        Some(_) => {
            e.push(
                "sort",
                "must be one of: relevance, title, updated, distance",
            );
            ActivitySort::Title
        }
    };
    let mut facets = FacetRequest::default();
    if let Some(list) = p.facets.as_deref() {
        for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            match f {
                "district" => facets.district = true,
                "category" => facets.category = true,
                _ => e.push("facets", "must list district and/or category"),
            }
        }
    }
    let limit = match p.limit.as_deref() {
        None => crate::pagination::DEFAULT_LIMIT,
        Some(l) => match l.parse::<u64>() {
            Ok(n) if (1..=crate::pagination::MAX_LIMIT).contains(&n) => n,
            _ => {
                e.push("limit", "must be between 1 and 100");
                crate::pagination::DEFAULT_LIMIT
            }
        },
    };
    ParsedSearch {
        search: s,
        sort,
        facets,
        limit,
        cursor: p.cursor.clone(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FacetsDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<Vec<FacetCount>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<Vec<FacetCount>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<ActivityDto>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Present when `facets` was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetsDto>,
}

fn facet_counts(v: Option<Vec<(String, u64)>>) -> Option<Vec<FacetCount>> {
    v.map(|v| {
        v.into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect()
    })
}

fn results(page: SearchPage, with_facets: bool) -> SearchResults {
    let now = Utc::now();
    SearchResults {
        items: page
            .items
            .iter()
            .map(|h| ActivityDto::new(&h.activity, h.distance_km, now))
            .collect(),
        next_cursor: page.next_cursor,
        facets: with_facets.then(|| FacetsDto {
            district: facet_counts(page.facets.district),
            category: facet_counts(page.facets.category),
        }),
    }
}

/// Search published activities.
#[utoipa::path(
    tag = "activities",
    params(SearchParams),
    responses(
        (status = 200, description = "A page of matching activities.", body = SearchResults),
        (status = 422, description = "Invalid parameters (all of them listed).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/activities")]
pub async fn search_activities(
    state: web::Data<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let parsed = parse_search(&params, &mut errors);
    errors.finish()?;
    let with_facets = parsed.facets.district || parsed.facets.category;
    let page = state
        .app
        .search_activities(
            &parsed.search,
            parsed.sort,
            parsed.cursor.as_deref(),
            parsed.limit,
            parsed.facets,
        )
        .await?;
    Ok(HttpResponse::Ok().json(results(page, with_facets)))
}
