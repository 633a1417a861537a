//! Volunteer opportunities: posted by organisations, searched by residents.

use crate::context::{Cx, Reply};
use actix_web::http::header;
use actix_web::web::Path;
use actix_web::{HttpResponse, delete, get, patch, post};
use chrono::{DateTime, Utc};
use fritid_app::volunteering::OpportunityPatch;
use fritid_domain::ValidationErrors;
use fritid_domain::schedule::{ScheduleRule, ScheduleRuleInput};
use fritid_domain::volunteering::{Opportunity, OpportunityInput, OpportunityStatus};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::activities::OrganisationRef;
use crate::auth::{Authenticated, MaybeAuthenticated};
use crate::etag::{
    OptionalIfMatch, RequiredIfMatch, if_match, tagged, tagged_read, version_tag, with_version,
};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::responses::{
    IfMatchOptional, IfMatchRequired, InvalidFields, InvalidFieldsAllListed, InvalidParameters,
    MemberOnly, NoSuchOpportunity, NoSuchOrganisation, NoVisibleOpportunity, NoVisibleOrganisation,
    NotModified, OrganisationArchived,
};
use actix_web::http::StatusCode;
pub use fritid_app::query::OpportunitySearchParams;
pub use fritid_domain::doc::{CommitmentDto, OpportunityStatusDto};

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
    pub schedule: Vec<ScheduleRuleInput>,
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
            schedule: d.schedule.iter().map(ScheduleRule::to_input).collect(),
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

crate::pagination::page_type!(OpportunityPage(OpportunityDto));

/// Post a volunteer opportunity (members of the organisation).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation")),
    responses(
        (status = 201, description = "Created.", body = OpportunityDto, headers(("ETag" = String), ("Location" = String))),
        InvalidFieldsAllListed, MemberOnly, NoSuchOrganisation, OrganisationArchived,
    )
)]
#[post("/organisations/{id}/volunteer-opportunities")]
pub async fn create_opportunity(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(input): Json<OpportunityInput>,
) -> Reply {
    let o = cx.app.create_opportunity(&auth.user, *id, input).await?;
    let res = HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/volunteer-opportunities/{}", o.id)))
        .json(OpportunityDto::from(&o));
    Ok(with_version(res, o.version))
}

/// Search public volunteer opportunities.
#[utoipa::path(
    tag = "volunteering",
    params(OpportunitySearchParams),
    responses(
        (status = 200, description = "A page of opportunities, by title.", body = OpportunityPage),
        InvalidParameters,
    )
)]
#[get("/volunteer-opportunities")]
pub async fn search_opportunities(cx: Cx, Query(params): Query<OpportunitySearchParams>) -> Reply {
    let mut errors = ValidationErrors::new();
    let search = params.parse(Some(OpportunityStatus::Open), &mut errors);
    let limit = pagination::limit(params.limit, &mut errors);
    errors.finish()?;
    let page = cx.app.search_opportunities(&search, params.cursor.as_deref(), limit).await?;
    Ok(HttpResponse::Ok().json(OpportunityPage::of(page, |o| OpportunityDto::from(&o))))
}

/// The organisation's opportunities: public ones for everyone, all (any status) for members.
#[utoipa::path(
    tag = "volunteering",
    security((), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "The organisation"), OpportunitySearchParams),
    responses(
        (status = 200, description = "A page of opportunities, by title.", body = OpportunityPage),
        NoVisibleOrganisation, InvalidParameters,
    )
)]
#[get("/organisations/{id}/volunteer-opportunities")]
pub async fn list_organisation_opportunities(
    cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>, Query(params): Query<OpportunitySearchParams>,
) -> Reply {
    let mut errors = ValidationErrors::new();
    let search = params.parse(None, &mut errors);
    let limit = pagination::limit(params.limit, &mut errors);
    errors.finish()?;
    let page = cx
        .app
        .organisation_opportunities(&auth.actor(), *id, search, params.cursor.as_deref(), limit)
        .await?;
    Ok(HttpResponse::Ok().json(OpportunityPage::of(page, |o| OpportunityDto::from(&o))))
}

/// One opportunity: public when its organisation is verified; members always.
#[utoipa::path(
    tag = "volunteering",
    security((), ("bearer" = [])),
    responses(
        (status = 200, description = "The opportunity.", body = OpportunityDto, headers(("ETag" = String))),
        NoVisibleOpportunity, NotModified,
    )
)]
#[get("/volunteer-opportunities/{id}")]
pub async fn get_opportunity(cx: Cx, auth: MaybeAuthenticated, id: Path<Uuid>) -> Reply {
    let o = cx.app.opportunity(&auth.actor(), *id).await?;
    Ok(tagged_read(&cx.req, &version_tag(o.version), || OpportunityDto::from(&o)))
}

/// Change an opportunity (members). Requires `If-Match` (412 stale, 428 missing).
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), RequiredIfMatch),
    responses(
        (status = 200, description = "Updated.", body = OpportunityDto, headers(("ETag" = String))),
        NoSuchOpportunity, MemberOnly, IfMatchRequired, InvalidFields,
    )
)]
#[patch("/volunteer-opportunities/{id}")]
pub async fn update_opportunity(
    cx: Cx, auth: Authenticated, id: Path<Uuid>, Json(patch): Json<OpportunityPatch>,
) -> Reply {
    let expected = if_match(&cx.req, true)?;
    let updated = cx.app.update_opportunity(&auth.user, *id, expected, patch).await?;
    let tag = version_tag(updated.version);
    Ok(tagged(StatusCode::OK, &tag, &OpportunityDto::from(&updated)))
}

/// Delete an opportunity (members; soft). `If-Match` optional.
#[utoipa::path(
    tag = "volunteering",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), OptionalIfMatch),
    responses(
        (status = 204, description = "Deleted."),
        NoSuchOpportunity, MemberOnly, IfMatchOptional,
    )
)]
#[delete("/volunteer-opportunities/{id}")]
pub async fn delete_opportunity(cx: Cx, auth: Authenticated, id: Path<Uuid>) -> Reply {
    let expected = if_match(&cx.req, false)?;
    cx.app.delete_opportunity(&auth.user, *id, expected).await?;
    Ok(HttpResponse::NoContent().finish())
}
