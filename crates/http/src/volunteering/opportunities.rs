//! Volunteer opportunities: posted by organisations, searched by residents.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, Utc};
use fritid_app::OpportunitySearch;
use fritid_app::volunteering::OpportunityPatch;
use fritid_domain::ValidationErrors;
use fritid_domain::reference::Slug;
use fritid_domain::schedule::ScheduleRuleInput;
use fritid_domain::search::query_prefixes;
use fritid_domain::text::clean_text;
use fritid_domain::volunteering::{
    Commitment, Opportunity, OpportunityInput, OpportunityStatus, parse_skill,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::AppState;
use crate::activities::{OrganisationRef, ScheduleRuleDto};
use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{if_match, if_none_match, version_tag, with_version};
use crate::extract::{Json, Query};
use crate::numbers::{opt_whole, patch_whole};
use crate::pagination::PageParams;
use crate::problem::{ApiError, Problem};

/// Commitment kinds (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CommitmentDto {
    OneOff,
    Recurring,
    Flexible,
}

/// Opportunity states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum OpportunityStatusDto {
    Open,
    Filled,
    Closed,
}

/// Sign-up states (documentation only).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SignupStatusDto {
    New,
    Contacted,
    Accepted,
    Declined,
    Withdrawn,
}

/// A volunteer opportunity (frivillig oppdrag).
#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityDto {
    pub id: Uuid,
    pub organisation: OrganisationRef,
    pub title: String,
    pub description: String,
    pub district: String,
    #[schema(value_type = CommitmentDto)]
    pub commitment: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub schedule: Vec<ScheduleRuleDto>,
    pub skills: Vec<String>,
    pub min_age: Option<i16>,
    pub spots: Option<i32>,
    /// `spots` minus accepted sign-ups.
    pub spots_left: Option<i64>,
    /// A politiattest is needed before starting.
    pub requires_police_certificate: bool,
    /// As set by the organisation, except that an open opportunity with no spots left reads
    /// `filled`.
    #[schema(value_type = OpportunityStatusDto)]
    pub status: String,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Opportunity> for OpportunityDto {
    fn from(o: &Opportunity) -> Self {
        let d = &o.details;
        Self {
            id: o.id,
            organisation: OrganisationRef {
                id: o.organisation_id,
                name: o.organisation_name.clone(),
            },
            title: d.title.clone(),
            description: d.description.clone(),
            district: d.district.to_string(),
            commitment: d.commitment.as_str().to_owned(),
            starts_at: d.starts_at,
            ends_at: d.ends_at,
            schedule: d.schedule.iter().map(ScheduleRuleDto::from).collect(),
            skills: d.skills.clone(),
            min_age: d.min_age,
            spots: d.spots,
            spots_left: o.spots_left(),
            requires_police_certificate: d.requires_police_certificate,
            status: o.effective_status().as_str().to_owned(),
            version: o.version,
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateOpportunityRequest {
    #[schema(example = "Sjåfør til handletur for eldre")]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[schema(example = "svelvik")]
    pub district: String,
    #[schema(value_type = CommitmentDto)]
    pub commitment: String,
    pub starts_at: Option<String>,
    pub ends_at: Option<String>,
    #[serde(default)]
    pub schedule: Vec<ScheduleRuleDto>,
    #[serde(default)]
    #[schema(example = json!(["sjåfør"]))]
    pub skills: Vec<String>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>)]
    pub min_age: Option<i64>,
    #[serde(default, deserialize_with = "opt_whole")]
    #[schema(value_type = Option<i64>)]
    pub spots: Option<i64>,
    #[serde(default)]
    pub requires_police_certificate: bool,
    /// Default `open`.
    #[schema(value_type = Option<OpportunityStatusDto>)]
    pub status: Option<String>,
}

/// Absent fields keep their value; `null` clears `starts_at`, `ends_at`, `min_age`, `spots`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateOpportunityRequest {
    pub title: Option<String>,
    pub description: Option<String>,
    pub district: Option<String>,
    #[schema(value_type = Option<CommitmentDto>)]
    pub commitment: Option<String>,
    #[serde(default, deserialize_with = "crate::numbers::present")]
    #[schema(value_type = Option<String>)]
    pub starts_at: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::numbers::present")]
    #[schema(value_type = Option<String>)]
    pub ends_at: Option<Option<String>>,
    pub schedule: Option<Vec<ScheduleRuleDto>>,
    pub skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub min_age: Option<Option<i64>>,
    #[serde(default, deserialize_with = "patch_whole")]
    #[schema(value_type = Option<i64>)]
    pub spots: Option<Option<i64>>,
    pub requires_police_certificate: Option<bool>,
    #[schema(value_type = Option<OpportunityStatusDto>)]
    pub status: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityPage {
    pub items: Vec<OpportunityDto>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

fn schedule_input(rules: Vec<ScheduleRuleDto>) -> Vec<ScheduleRuleInput> {
    rules.into_iter().map(ScheduleRuleInput::from).collect()
}

/// Post a volunteer opportunity (members of the organisation).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation")),
    request_body = CreateOpportunityRequest,
    responses(
        (status = 201, description = "Created.", body = OpportunityDto, headers(("ETag" = String), ("Location" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organisation.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organisation is archived.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (all listed).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/volunteer-opportunities")]
pub async fn create_opportunity(
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<CreateOpportunityRequest>,
) -> Result<HttpResponse, ApiError> {
    let input = OpportunityInput {
        title: body.title,
        description: body.description,
        district: body.district,
        commitment: body.commitment,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        schedule: schedule_input(body.schedule),
        skills: body.skills,
        min_age: body.min_age,
        spots: body.spots,
        requires_police_certificate: body.requires_police_certificate,
        status: body.status,
    };
    let o = state.app.create_opportunity(&auth.user, *id, input).await?;
    let res = HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/volunteer-opportunities/{}", o.id),
        ))
        .json(OpportunityDto::from(&o));
    Ok(with_version(res, o.version))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OpportunitySearchParams {
    /// Norwegian free text over title, description, skills and organisation name (as for
    /// activities).
    pub q: Option<String>,
    /// Kommunedel slug (repeatable).
    #[serde(default)]
    pub district: Vec<String>,
    /// Skill tag (repeatable; any of them).
    #[serde(default)]
    pub skill: Vec<String>,
    /// Repeatable.
    #[serde(default)]
    #[param(value_type = Vec<CommitmentDto>)]
    pub commitment: Vec<String>,
    /// Default `open` (which excludes opportunities with no spots left).
    #[param(value_type = Option<OpportunityStatusDto>)]
    pub status: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn parse_opportunity_search(
    p: &OpportunitySearchParams,
    default_status: Option<OpportunityStatus>,
    e: &mut ValidationErrors,
) -> OpportunitySearch {
    let mut s = OpportunitySearch::default();
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
    s.skills = p
        .skill
        .iter()
        .filter_map(|k| e.check(parse_skill("skill", k)))
        .collect();
    s.commitments = p
        .commitment
        .iter()
        .filter_map(|c| e.check(Commitment::parse("commitment", c)))
        .collect();
    s.status = match p.status.as_deref() {
        Some(v) => e.check(OpportunityStatus::parse("status", v)),
        None => default_status,
    };
    s
}

/// Search public volunteer opportunities.
#[utoipa::path(
    tag = "volunteering",
    params(OpportunitySearchParams),
    responses(
        (status = 200, description = "A page of opportunities, by title.", body = OpportunityPage),
        (status = 422, description = "Invalid parameters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/volunteer-opportunities")]
pub async fn search_opportunities(
    state: web::Data<AppState>,
    Query(params): Query<OpportunitySearchParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let search = parse_opportunity_search(&params, Some(OpportunityStatus::Open), &mut errors);
    let limit = PageParams {
        limit: params.limit,
        cursor: None,
    }
    .limit(&mut errors);
    errors.finish()?;
    let page = state
        .app
        .search_opportunities(&search, params.cursor.as_deref(), limit)
        .await?;
    Ok(HttpResponse::Ok().json(OpportunityPage {
        items: page.items.iter().map(OpportunityDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// The organisation's opportunities: public ones for everyone, all (any status) for members.
#[utoipa::path(
    tag = "volunteering",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), OpportunitySearchParams),
    responses(
        (status = 200, description = "A page of opportunities, by title.", body = OpportunityPage),
        (status = 404, description = "No such organisation (or not visible).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations/{id}/volunteer-opportunities")]
pub async fn list_organisation_opportunities(
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
    Query(params): Query<OpportunitySearchParams>,
) -> Result<HttpResponse, ApiError> {
    let mut errors = ValidationErrors::new();
    let search = parse_opportunity_search(&params, None, &mut errors);
    let limit = PageParams {
        limit: params.limit,
        cursor: None,
    }
    .limit(&mut errors);
    errors.finish()?;
    let page = state
        .app
        .organisation_opportunities(&auth.actor(), *id, search, params.cursor.as_deref(), limit)
        .await?;
    Ok(HttpResponse::Ok().json(OpportunityPage {
        items: page.items.iter().map(OpportunityDto::from).collect(),
        next_cursor: page.next_cursor,
    }))
}

/// One opportunity: public when its organisation is verified; members always.
#[utoipa::path(
    tag = "volunteering",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The opportunity.", body = OpportunityDto, headers(("ETag" = String))),
        (status = 304, description = "Unchanged since the ETag in `If-None-Match`."),
        (status = 404, description = "No such opportunity (or not visible).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/volunteer-opportunities/{id}")]
pub async fn get_opportunity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: MaybeAuthenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let o = state.app.opportunity(&auth.actor(), *id).await?;
    if if_none_match(&req, &version_tag(o.version)) {
        return Ok(with_version(
            HttpResponse::NotModified().finish(),
            o.version,
        ));
    }
    Ok(with_version(
        HttpResponse::Ok().json(OpportunityDto::from(&o)),
        o.version,
    ))
}

/// Change an opportunity (members). Requires `If-Match` (412 stale, 428 missing).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = String, Header, description = "The ETag you read")),
    request_body = UpdateOpportunityRequest,
    responses(
        (status = 200, description = "Updated.", body = OpportunityDto, headers(("ETag" = String))),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such opportunity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields.", body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/volunteer-opportunities/{id}")]
pub async fn update_opportunity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
    Json(body): Json<UpdateOpportunityRequest>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req, true)?;
    let patch = OpportunityPatch {
        title: body.title,
        description: body.description,
        district: body.district,
        commitment: body.commitment,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        schedule: body.schedule.map(schedule_input),
        skills: body.skills,
        min_age: body.min_age,
        spots: body.spots,
        requires_police_certificate: body.requires_police_certificate,
        status: body.status,
    };
    let updated = state
        .app
        .update_opportunity(&auth.user, *id, expected, patch)
        .await?;
    Ok(with_version(
        HttpResponse::Ok().json(OpportunityDto::from(&updated)),
        updated.version,
    ))
}

/// Delete an opportunity (members; soft). `If-Match` optional.
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header, description = "The ETag you read")),
    responses(
        (status = 204, description = "Deleted."),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a member.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such opportunity.", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/volunteer-opportunities/{id}")]
pub async fn delete_opportunity(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authenticated,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match(&req, false)?;
    state
        .app
        .delete_opportunity(&auth.user, *id, expected)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
