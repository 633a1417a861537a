//! Volunteer opportunities and sign-ups.
//!
//! Sign-ups are personal data. They are read only through functions that take the
//! organisation they belong to, and erasure (withdrawal, retention, an admin's request)
//! blanks every personal column in place, leaving an anonymous row that still counts.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::reference::Slug;
use fritid_domain::search::Field;
use fritid_domain::text::sort_key;
use fritid_domain::volunteering::{
    Commitment, Opportunity, OpportunityDetails, OpportunityStatus, SignupStatus,
};
pub use fritid_domain::volunteering::{OpportunitySearch, Signup};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

use crate::StoreError;
use crate::clock::now_micros;
use crate::entity::{
    opportunity_skill, opportunity_term, volunteer_opportunity as opp, volunteer_signup as signup,
};
use crate::error::corrupt;
use crate::query::{
    DERIVED_CHUNK, column_by_key, delete_where, in_order, insert_chunked, rows_with_owner_names,
};
use crate::reference::References;
use crate::terms::write_terms;
use crate::tracked::{FeedUpdate, follow_organisation};
use crate::write::Write;

mod opportunities;
mod personal_data;
mod signups;

/// Why a sign-up could not be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupRefusal {
    /// Not public (unknown, deleted, organisation not verified).
    NotFound,
    /// Closed or filled.
    NotOpen,
}

/// Stale sign-ups per organisation, for a volunteer centre: counts only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleCount {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub stale: u64,
}

/// Everything held about one e-mail address, for an admin's export.
#[derive(Debug, Clone)]
pub struct PersonalData {
    pub account: Option<fritid_domain::account::User>,
    pub signups: Vec<Signup>,
    pub invitations: u64,
}

pub(super) fn resolve_district(refs: &References, slug: &Slug) -> Result<Uuid, StoreError> {
    refs.district_id(slug).ok_or_else(|| {
        StoreError::Invalid(ValidationErrors::single("district", "is not a known district"))
    })
}

pub(super) fn apply(
    am: &mut opp::ActiveModel, d: &OpportunityDetails, district: Uuid,
) -> Result<(), StoreError> {
    am.title = Set(d.title.clone());
    am.title_sort = Set(sort_key(&d.title));
    am.description = Set(d.description.clone());
    am.district_id = Set(district);
    am.commitment = Set(d.commitment.as_str().to_owned());
    am.starts_at = Set(d.starts_at);
    am.ends_at = Set(d.ends_at);
    am.schedule = Set(crate::schedule_codec::schedule_json(&d.schedule)?);
    am.skills = Set(d.skills.join(","));
    am.min_age = Set(d.min_age);
    am.spots = Set(d.spots);
    am.requires_police_certificate = Set(d.requires_police_certificate);
    am.status = Set(d.status.as_str().to_owned());
    Ok(())
}

pub(super) async fn write_index<C: ConnectionTrait>(
    db: &C, id: Uuid, d: &OpportunityDetails, organisation_name: &str,
) -> Result<(), StoreError> {
    delete_where(db, opportunity_skill::Column::OpportunityId, id).await?;
    let skill_rows: Vec<opportunity_skill::ActiveModel> = d
        .skills
        .iter()
        .map(|s| opportunity_skill::ActiveModel { skill: Set(s.clone()), opportunity_id: Set(id) })
        .collect();
    insert_chunked(db, &skill_rows, DERIVED_CHUNK).await?;
    let skills = d.skills.join(" ");
    let texts = [
        (Field::Title, d.title.as_str()),
        (Field::Description, &d.description),
        (Field::Summary, &skills),
        (Field::Organisation, organisation_name),
    ];
    write_terms::<opportunity_term::Entity>(db, id, &texts).await
}

pub(super) async fn load<C: ConnectionTrait>(
    db: &C, refs: &References, ids: &[Uuid],
) -> Result<Vec<Opportunity>, StoreError> {
    let rows = rows_with_owner_names(db, opp::Column::Id, ids, |r| r.organisation_id).await?;
    let mut by_id = HashMap::new();
    for (m, organisation_name) in rows {
        let details = OpportunityDetails {
            title: m.title,
            description: m.description,
            district: refs.stored_district(m.district_id)?,
            commitment: Commitment::parse("commitment", &m.commitment)
                .map_err(|_| corrupt("commitment", &m.commitment))?,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            schedule: crate::schedule_codec::schedule_from_json(&m.schedule)?,
            skills: m.skills.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
            min_age: m.min_age,
            spots: m.spots,
            requires_police_certificate: m.requires_police_certificate,
            status: OpportunityStatus::parse("status", &m.status)
                .map_err(|_| corrupt("status", &m.status))?,
        };
        by_id.insert(
            m.id,
            Opportunity {
                id: m.id,
                organisation_id: m.organisation_id,
                organisation_name,
                details,
                accepted: i64::from(m.accepted_count),
                is_public: m.is_public,
                version: m.version,
                created_at: m.created_at,
                updated_at: m.updated_at,
            },
        );
    }
    Ok(in_order(ids, by_id))
}

pub(super) fn to_signup(m: signup::Model, title: String) -> Result<Signup, StoreError> {
    Ok(Signup {
        id: m.id,
        opportunity_id: m.opportunity_id,
        opportunity_title: title,
        organisation_id: m.organisation_id,
        status: SignupStatus::parse(&m.status).ok_or_else(|| corrupt("status", &m.status))?,
        name: m.name,
        email: m.email,
        phone: m.phone,
        message: m.message,
        guardian_name: m.guardian_name,
        age_confirmed: m.age_confirmed,
        police_certificate_seen_on: m.police_certificate_seen_on,
        created_at: m.created_at,
        updated_at: m.updated_at,
        stale: false,
        erased: m.erased_at.is_some(),
    })
}

/// Sign-up rows as their organisation sees them, with the titles of their opportunities.
pub(super) async fn with_titles<C: ConnectionTrait>(
    db: &C, rows: Vec<signup::Model>,
) -> Result<Vec<Signup>, StoreError> {
    let ids = rows.iter().map(|r| r.opportunity_id).collect();
    let titles: HashMap<Uuid, String> =
        column_by_key(db, (opp::Column::Id, opp::Column::Title), ids).await?;
    rows.into_iter()
        .map(|r| {
            let title = titles
                .get(&r.opportunity_id)
                .cloned()
                .ok_or_else(|| corrupt("opportunity of sign-up", &r.id.to_string()))?;
            to_signup(r, title)
        })
        .collect()
}

/// Blanks every personal column of the matching sign-ups.
pub(super) fn erase_update(now: DateTime<Utc>) -> sea_orm::UpdateMany<signup::Entity> {
    signup::Entity::update_many()
        .col_expr(signup::Column::Name, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Message, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::GuardianName, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::ErasedAt, Expr::value(Some(now)))
        .col_expr(signup::Column::UpdatedAt, Expr::value(now))
}

/// Keeps `accepted_count` equal to the accepted sign-ups of the opportunity.
pub(super) async fn recount(txn: &mut Write<'_>, opportunity: Uuid) -> Result<(), StoreError> {
    let accepted = signup::Entity::find()
        .filter(signup::Column::OpportunityId.eq(opportunity))
        .filter(signup::Column::Status.eq(SignupStatus::Accepted.as_str()))
        .count(&**txn)
        .await?;
    // spots_left is public: the opportunity changes in the feed.
    opp::Entity::update_many()
        .col_expr(opp::Column::AcceptedCount, Expr::value(accepted as i32))
        .in_feed(txn.feed_position().await?)
        .col_expr(opp::Column::UpdatedAt, Expr::value(now_micros()))
        .filter(opp::Column::Id.eq(opportunity))
        .exec(&**txn)
        .await?;
    Ok(())
}

/// Opportunities follow their organisation's status, like activities.
pub(crate) async fn follow_organisation_status(
    txn: &mut Write<'_>, organisation_id: Uuid, public: bool,
) -> Result<(), StoreError> {
    let live = opp::Column::IsDeleted.eq(false);
    follow_organisation::<opp::Entity>(txn, organisation_id, live, public).await
}
