//! Volunteer opportunities and sign-ups.
//!
//! Sign-ups are personal data. They are read only through functions that take the
//! organisation they belong to, and erasure (withdrawal, retention, an admin's request)
//! blanks every personal column in place, leaving an anonymous row that still counts.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::Email;
use fritid_domain::audit::Audit;
use fritid_domain::reference::Slug;
use fritid_domain::search::{Field, index_terms};
use fritid_domain::text::sort_key;
use fritid_domain::volunteering::{
    Commitment, NewSignup, Opportunity, OpportunityDetails, OpportunityStatus, SignupStatus,
};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::audit::record;
use crate::clock::now_micros;
use crate::entity::{
    opportunity_skill, opportunity_term, organisation, organisation_district,
    volunteer_opportunity as opp, volunteer_signup as signup,
};
use crate::error::corrupt;
use crate::page::{Page, cut, decode_cursor};
use crate::reference::References;
use crate::sql::Sql;
use crate::{Store, StoreError};

/// A sign-up as its organisation sees it. Personal fields are `None` once erased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signup {
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub opportunity_title: String,
    pub organisation_id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    pub guardian_name: Option<String>,
    pub age_confirmed: bool,
    pub status: SignupStatus,
    pub police_certificate_seen_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub erased: bool,
}

/// Filters of the public opportunity search.
#[derive(Debug, Clone, Default)]
pub struct OpportunitySearch {
    pub text: Vec<String>,
    pub districts: Vec<Slug>,
    /// Folded skill tags; any of them.
    pub skills: Vec<String>,
    pub commitments: Vec<Commitment>,
    /// Effective status (an open opportunity without spots left counts as filled).
    pub status: Option<OpportunityStatus>,
    pub organisation: Option<Uuid>,
}

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

fn resolve_district(refs: &References, slug: &Slug) -> Result<Uuid, StoreError> {
    refs.district_id(slug).ok_or_else(|| {
        StoreError::Invalid(ValidationErrors::single(
            "district",
            "is not a known district",
        ))
    })
}

fn apply(
    am: &mut opp::ActiveModel,
    d: &OpportunityDetails,
    district: Uuid,
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

async fn write_index<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    d: &OpportunityDetails,
    organisation_name: &str,
) -> Result<(), StoreError> {
    opportunity_skill::Entity::delete_many()
        .filter(opportunity_skill::Column::OpportunityId.eq(id))
        .exec(db)
        .await?;
    opportunity_term::Entity::delete_many()
        .filter(opportunity_term::Column::OpportunityId.eq(id))
        .exec(db)
        .await?;
    if !d.skills.is_empty() {
        opportunity_skill::Entity::insert_many(d.skills.iter().map(|s| {
            opportunity_skill::ActiveModel {
                skill: Set(s.clone()),
                opportunity_id: Set(id),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    let skills = d.skills.join(" ");
    let terms = index_terms(&[
        (Field::Title, &d.title),
        (Field::Description, &d.description),
        (Field::Summary, &skills),
        (Field::Organisation, organisation_name),
    ]);
    let rows: Vec<opportunity_term::ActiveModel> = terms
        .into_iter()
        .map(|(term, weight)| opportunity_term::ActiveModel {
            term: Set(term),
            opportunity_id: Set(id),
            weight: Set(weight),
        })
        .collect();
    for chunk in rows.chunks(5000) {
        opportunity_term::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

async fn load<C: ConnectionTrait>(
    db: &C,
    refs: &References,
    ids: &[Uuid],
) -> Result<Vec<Opportunity>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = opp::Entity::find()
        .filter(opp::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Name)
        .filter(
            organisation::Column::Id
                .is_in(rows.iter().map(|r| r.organisation_id).collect::<Vec<_>>()),
        )
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut by_id = HashMap::new();
    for m in rows {
        let district = refs
            .district_slug(m.district_id)
            .ok_or_else(|| corrupt("district", &m.district_id.to_string()))?;
        let details = OpportunityDetails {
            title: m.title,
            description: m.description,
            district: Slug::parse("district", district)
                .map_err(|_| corrupt("district", district))?,
            commitment: Commitment::parse("commitment", &m.commitment)
                .map_err(|_| corrupt("commitment", &m.commitment))?,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            schedule: crate::schedule_codec::schedule_from_json(&m.schedule)?,
            skills: m
                .skills
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
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
                organisation_name: names
                    .get(&m.organisation_id)
                    .cloned()
                    .ok_or_else(|| corrupt("organisation of opportunity", &m.id.to_string()))?,
                details,
                accepted: i64::from(m.accepted_count),
                is_public: m.is_public,
                version: m.version,
                created_at: m.created_at,
                updated_at: m.updated_at,
            },
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

fn to_signup(m: signup::Model, title: String) -> Result<Signup, StoreError> {
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
        erased: m.erased_at.is_some(),
    })
}

async fn titles<C: ConnectionTrait>(
    db: &C,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    Ok(opp::Entity::find()
        .select_only()
        .column(opp::Column::Id)
        .column(opp::Column::Title)
        .filter(opp::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Blanks every personal column of the matching sign-ups.
fn erase_update(now: DateTime<Utc>) -> sea_orm::UpdateMany<signup::Entity> {
    signup::Entity::update_many()
        .col_expr(signup::Column::Name, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Phone, Expr::value(Option::<String>::None))
        .col_expr(signup::Column::Message, Expr::value(Option::<String>::None))
        .col_expr(
            signup::Column::GuardianName,
            Expr::value(Option::<String>::None),
        )
        .col_expr(signup::Column::ErasedAt, Expr::value(Some(now)))
        .col_expr(signup::Column::UpdatedAt, Expr::value(now))
}

/// Keeps `accepted_count` equal to the accepted sign-ups of the opportunity.
async fn recount(txn: &mut crate::write::Write<'_>, opportunity: Uuid) -> Result<(), StoreError> {
    let accepted = signup::Entity::find()
        .filter(signup::Column::OpportunityId.eq(opportunity))
        .filter(signup::Column::Status.eq(SignupStatus::Accepted.as_str()))
        .count(&**txn)
        .await?;
    // spots_left is public: the opportunity changes in the feed.
    opp::Entity::update_many()
        .col_expr(opp::Column::AcceptedCount, Expr::value(accepted as i32))
        .col_expr(
            opp::Column::FeedModified,
            Expr::value(txn.feed_position().await?),
        )
        .col_expr(opp::Column::UpdatedAt, Expr::value(now_micros()))
        .filter(opp::Column::Id.eq(opportunity))
        .exec(&**txn)
        .await?;
    Ok(())
}

/// Opportunities follow their organisation's status, like activities.
pub(crate) async fn follow_organisation_status(
    txn: &mut crate::write::Write<'_>,
    organisation_id: Uuid,
    public: bool,
) -> Result<(), StoreError> {
    opp::Entity::update_many()
        .col_expr(opp::Column::IsPublic, Expr::value(public))
        .col_expr(
            opp::Column::EverPublic,
            Expr::col(opp::Column::EverPublic).or(Expr::value(public)),
        )
        .col_expr(
            opp::Column::FeedModified,
            Expr::value(txn.feed_position().await?),
        )
        .col_expr(opp::Column::UpdatedAt, Expr::value(now_micros()))
        .filter(opp::Column::OrganisationId.eq(organisation_id))
        .filter(opp::Column::IsDeleted.eq(false))
        .filter(opp::Column::IsPublic.ne(public))
        .exec(&**txn)
        .await?;
    Ok(())
}

impl Store {
    pub async fn create_opportunity(
        &self,
        organisation_id: Uuid,
        details: &OpportunityDetails,
        audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let now = now_micros();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let org = organisation::Entity::find_by_id(organisation_id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut am = opp::ActiveModel {
            id: Set(id),
            organisation_id: Set(organisation_id),
            accepted_count: Set(0),
            is_deleted: Set(false),
            is_public: Set(org.status == "verified"),
            ever_public: Set(org.status == "verified"),
            feed_modified: Set(txn.feed_position().await?),
            closed_at: Set((details.status == OpportunityStatus::Closed).then_some(now)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut am, details, district)?;
        opp::Entity::insert(am)
            .exec_without_returning(&*txn)
            .await?;
        write_index(&*txn, id, details, &org.name).await?;
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        self.get_opportunity(id).await
    }

    /// A non-deleted opportunity.
    pub async fn get_opportunity(&self, id: Uuid) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let deleted = opp::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?
            .is_deleted;
        if deleted {
            return Err(StoreError::NotFound);
        }
        load(&self.db, &refs, &[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    pub async fn update_opportunity(
        &self,
        id: Uuid,
        expected_version: i32,
        details: &OpportunityDetails,
        audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let mut txn = self.write().await?;
        let current = opp::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .filter(|o| !o.is_deleted)
            .ok_or(StoreError::NotFound)?;
        let org_name = organisation::Entity::find_by_id(current.organisation_id)
            .one(&*txn)
            .await?
            .map(|o| o.name)
            .ok_or_else(|| corrupt("organisation of opportunity", &id.to_string()))?;
        let now = now_micros();
        let mut am = opp::ActiveModel::default();
        apply(&mut am, details, district)?;
        am.version = Set(expected_version + 1);
        am.updated_at = Set(now);
        am.feed_modified = Set(txn.feed_position().await?);
        am.closed_at = Set(match (details.status, current.closed_at) {
            (OpportunityStatus::Closed, Some(at)) => Some(at),
            (OpportunityStatus::Closed, None) => Some(now),
            _ => None,
        });
        let updated = opp::Entity::update_many()
            .set(am)
            .filter(opp::Column::Id.eq(id))
            .filter(opp::Column::Version.eq(expected_version))
            .exec(&*txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        write_index(&*txn, id, details, &org_name).await?;
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        self.get_opportunity(id).await
    }

    /// Soft delete; it stops being public and its sign-ups' retention clock starts.
    pub async fn delete_opportunity(
        &self,
        id: Uuid,
        expected_version: Option<i32>,
        audit: &Audit,
    ) -> Result<(), StoreError> {
        let now = now_micros();
        let mut txn = self.write().await?;
        let mut update = opp::Entity::update_many()
            .col_expr(
                opp::Column::FeedModified,
                Expr::value(txn.feed_position().await?),
            )
            .col_expr(opp::Column::IsDeleted, Expr::value(true))
            .col_expr(opp::Column::IsPublic, Expr::value(false))
            .col_expr(opp::Column::ClosedAt, Expr::value(Some(now)))
            .col_expr(opp::Column::UpdatedAt, Expr::value(now))
            .col_expr(opp::Column::Version, Expr::col(opp::Column::Version).add(1))
            .filter(opp::Column::Id.eq(id))
            .filter(opp::Column::IsDeleted.eq(false));
        if let Some(v) = expected_version {
            update = update.filter(opp::Column::Version.eq(v));
        }
        if update.exec(&*txn).await?.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Public opportunities (or one organisation's, for its members with `public_only`
    /// false), in Norwegian title order.
    pub async fn search_opportunities(
        &self,
        search: &OpportunitySearch,
        public_only: bool,
        cursor: Option<&str>,
        limit: u64,
    ) -> Result<Page<Opportunity>, StoreError> {
        let refs = self.references().await?;
        let mut districts = Vec::new();
        let mut errors = ValidationErrors::new();
        for d in &search.districts {
            match refs.district_id(d) {
                Some(id) => districts.push(id),
                None => errors.push("district", format!("{d} is not a known district")),
            }
        }
        errors.finish().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT o.id AS id, o.title_sort AS title_sort FROM volunteer_opportunities o");
        if !search.text.is_empty() {
            crate::sql::push_text_match(
                &mut sql,
                "opportunity_terms",
                "opportunity_id",
                &search.text,
            );
            sql.push(" m ON m.opportunity_id = o.id");
        }
        sql.push(" WHERE o.is_deleted = ").bind(false);
        if public_only {
            sql.push(" AND o.is_public = ").bind(true);
        }
        if let Some(org) = search.organisation {
            sql.push(" AND o.organisation_id = ").bind(org);
        }
        if !districts.is_empty() {
            sql.push(" AND o.district_id IN ").bind_list(&districts);
        }
        if !search.commitments.is_empty() {
            let c: Vec<String> = search
                .commitments
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect();
            sql.push(" AND o.commitment IN ").bind_list(&c);
        }
        if !search.skills.is_empty() {
            sql.push(
                " AND o.id IN (SELECT s.opportunity_id FROM opportunity_skills s WHERE s.skill IN ",
            )
            .bind_list(&search.skills)
            .push(")");
        }
        match search.status {
            Some(OpportunityStatus::Open) => {
                sql.push(" AND o.status = ")
                    .bind("open")
                    .push(" AND (o.spots IS NULL OR o.accepted_count < o.spots)");
            }
            Some(OpportunityStatus::Filled) => {
                sql.push(" AND (o.status = ")
                    .bind("filled")
                    .push(" OR (o.status = ")
                    .bind("open")
                    .push(" AND o.spots IS NOT NULL AND o.accepted_count >= o.spots))");
            }
            Some(OpportunityStatus::Closed) => {
                sql.push(" AND o.status = ").bind("closed");
            }
            None => {}
        }
        if let Some(c) = cursor {
            let (title, id): (String, Uuid) = decode_cursor(c).ok_or(StoreError::InvalidCursor)?;
            sql.push(" AND (o.title_sort > ")
                .bind(title.clone())
                .push(" OR (o.title_sort = ")
                .bind(title)
                .push(" AND o.id > ")
                .bind(id)
                .push("))");
        }
        sql.push(" ORDER BY o.title_sort ASC, o.id ASC LIMIT ")
            .bind((limit + 1) as i64);
        let rows = self.db.query_all_raw(sql.statement()).await?;
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let title: String = row.try_get("", "title_sort")?;
            keys.push((id, title));
        }
        let (keys, next_cursor) = cut(keys, limit, |(id, title)| (title.clone(), *id))?;
        let ids: Vec<Uuid> = keys.into_iter().map(|(id, _)| id).collect();
        Ok(Page {
            items: load(&self.db, &refs, &ids).await?,
            next_cursor,
        })
    }

    /// Takes a sign-up for a public, open opportunity. Only the hash of the withdraw token
    /// is stored.
    pub async fn create_signup(
        &self,
        opportunity_id: Uuid,
        new: &NewSignup,
        withdraw_token_hash: &str,
    ) -> Result<Result<Uuid, SignupRefusal>, StoreError> {
        let txn = self.write().await?;
        let Some(o) = opp::Entity::find_by_id(opportunity_id)
            .one(&*txn)
            .await?
            .filter(|o| o.is_public && !o.is_deleted)
        else {
            return Ok(Err(SignupRefusal::NotFound));
        };
        let full = o.spots.is_some_and(|s| o.accepted_count >= s);
        if o.status != OpportunityStatus::Open.as_str() || full {
            return Ok(Err(SignupRefusal::NotOpen));
        }
        let now = now_micros();
        let id = Uuid::new_v4();
        signup::Entity::insert(signup::ActiveModel {
            id: Set(id),
            opportunity_id: Set(opportunity_id),
            organisation_id: Set(o.organisation_id),
            name: Set(Some(new.name.clone())),
            email: Set(Some(new.email.to_string())),
            phone: Set(new.phone.clone()),
            message: Set(new.message.clone()),
            guardian_name: Set(new.guardian_name.clone()),
            age_confirmed: Set(new.age_confirmed),
            status: Set(SignupStatus::New.as_str().to_owned()),
            withdraw_token_hash: Set(withdraw_token_hash.to_owned()),
            police_certificate_seen_on: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            erased_at: Set(None),
        })
        .exec_without_returning(&*txn)
        .await?;
        // The audit entry names the opportunity, never the person.
        record(
            &*txn,
            &Audit::new(None, "signup.create", "a volunteer signed up"),
            "volunteer_opportunity",
            Some(opportunity_id),
        )
        .await?;
        txn.commit().await?;
        Ok(Ok(id))
    }

    /// The organisation's sign-ups, newest first; `created_before` limits them to those
    /// still `new` and older than that instant (the "no answer yet" list).
    pub async fn list_signups(
        &self,
        organisation_id: Uuid,
        stale_before: Option<DateTime<Utc>>,
        cursor: Option<&str>,
        limit: u64,
    ) -> Result<Page<Signup>, StoreError> {
        let mut q = signup::Entity::find()
            .filter(signup::Column::OrganisationId.eq(organisation_id))
            .order_by_desc(signup::Column::CreatedAt)
            .order_by_desc(signup::Column::Id)
            .limit(limit + 1);
        if let Some(before) = stale_before {
            q = q
                .filter(signup::Column::Status.eq(SignupStatus::New.as_str()))
                .filter(signup::Column::CreatedAt.lt(before));
        }
        if let Some(c) = cursor {
            let (at, id): (DateTime<Utc>, Uuid) =
                decode_cursor(c).ok_or(StoreError::InvalidCursor)?;
            q = q.filter(
                signup::Column::CreatedAt
                    .lt(at)
                    .or(signup::Column::CreatedAt
                        .eq(at)
                        .and(signup::Column::Id.lt(id))),
            );
        }
        let (rows, next_cursor) = cut(q.all(&self.db).await?, limit, |r| (r.created_at, r.id))?;
        let titles = titles(&self.db, rows.iter().map(|r| r.opportunity_id).collect()).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let title = titles
                    .get(&r.opportunity_id)
                    .cloned()
                    .ok_or_else(|| corrupt("opportunity of sign-up", &r.id.to_string()))?;
                to_signup(r, title)
            })
            .collect::<Result<_, _>>()?;
        Ok(Page { items, next_cursor })
    }

    pub async fn get_signup(&self, id: Uuid) -> Result<Signup, StoreError> {
        let m = signup::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let title = titles(&self.db, vec![m.opportunity_id])
            .await?
            .remove(&m.opportunity_id)
            .ok_or_else(|| corrupt("opportunity of sign-up", &m.id.to_string()))?;
        to_signup(m, title)
    }

    /// Moves a sign-up to `status` (and/or records the date a politiattest was seen),
    /// keeping the opportunity's accepted count in step.
    pub async fn update_signup(
        &self,
        id: Uuid,
        status: Option<SignupStatus>,
        police_certificate_seen_on: Option<Option<NaiveDate>>,
        audit: &Audit,
    ) -> Result<Signup, StoreError> {
        let mut txn = self.write().await?;
        let current = signup::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let from = SignupStatus::parse(&current.status)
            .ok_or_else(|| corrupt("status", &current.status))?;
        let mut update = signup::Entity::update_many()
            .col_expr(signup::Column::UpdatedAt, Expr::value(now_micros()))
            .filter(signup::Column::Id.eq(id))
            .filter(signup::Column::Status.eq(current.status.clone()));
        if let Some(to) = status {
            if !from.can_move_to(to) && from != to {
                return Err(StoreError::Refused(if from == SignupStatus::Withdrawn {
                    "the volunteer has withdrawn"
                } else {
                    "a sign-up cannot go back to new"
                }));
            }
            if to == SignupStatus::Accepted && from != SignupStatus::Accepted {
                // Locks the opportunity on PostgreSQL (SQLite's write transaction already
                // holds the database), so concurrent acceptances are counted one after the
                // other.
                let spots = opp::Entity::find_by_id(current.opportunity_id)
                    .lock_exclusive()
                    .one(&*txn)
                    .await?
                    .and_then(|o| o.spots);
                let accepted = signup::Entity::find()
                    .filter(signup::Column::OpportunityId.eq(current.opportunity_id))
                    .filter(signup::Column::Status.eq(SignupStatus::Accepted.as_str()))
                    .count(&*txn)
                    .await?;
                if !fritid_domain::volunteering::has_free_spot(spots, accepted) {
                    return Err(StoreError::Refused(
                        "every spot is taken: decline an accepted sign-up or raise `spots` first",
                    ));
                }
            }
            update = update.col_expr(signup::Column::Status, Expr::value(to.as_str()));
        }
        if let Some(seen) = police_certificate_seen_on {
            if from == SignupStatus::Withdrawn {
                return Err(StoreError::Refused("the volunteer has withdrawn"));
            }
            update = update.col_expr(signup::Column::PoliceCertificateSeenOn, Expr::value(seen));
        }
        if update.exec(&*txn).await?.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        recount(&mut txn, current.opportunity_id).await?;
        record(
            &*txn,
            audit,
            "volunteer_opportunity",
            Some(current.opportunity_id),
        )
        .await?;
        txn.commit().await?;
        self.get_signup(id).await
    }

    /// The volunteer withdraws: personal data erased at once; the row stays as `withdrawn`.
    /// Unknown and already-used tokens are `NotFound`.
    pub async fn withdraw_signup(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut txn = self.write().await?;
        let current = signup::Entity::find()
            .filter(signup::Column::WithdrawTokenHash.eq(token_hash))
            .filter(signup::Column::Status.ne(SignupStatus::Withdrawn.as_str()))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        erase_update(now_micros())
            .col_expr(
                signup::Column::Status,
                Expr::value(SignupStatus::Withdrawn.as_str()),
            )
            .filter(signup::Column::Id.eq(current.id))
            .exec(&*txn)
            .await?;
        recount(&mut txn, current.opportunity_id).await?;
        record(
            &*txn,
            &Audit::new(
                None,
                "signup.withdraw",
                "a volunteer withdrew; personal data erased",
            ),
            "volunteer_opportunity",
            Some(current.opportunity_id),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Erases the personal data of sign-ups whose opportunity closed (or ended) before
    /// `closed_before`. Returns how many sign-ups were erased.
    pub async fn erase_expired_signups(
        &self,
        closed_before: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let expired: Vec<Uuid> = opp::Entity::find()
            .select_only()
            .column(opp::Column::Id)
            .filter(
                opp::Column::ClosedAt
                    .lt(closed_before)
                    .or(opp::Column::ClosedAt
                        .is_null()
                        .and(opp::Column::EndsAt.lt(closed_before))),
            )
            .into_tuple()
            .all(&self.db)
            .await?;
        if expired.is_empty() {
            return Ok(0);
        }
        let txn = self.write().await?;
        let mut erased = 0;
        for chunk in expired.chunks(500) {
            erased += erase_update(now)
                .filter(signup::Column::OpportunityId.is_in(chunk.to_vec()))
                .filter(signup::Column::ErasedAt.is_null())
                .exec(&*txn)
                .await?
                .rows_affected;
        }
        if erased > 0 {
            record(
                &*txn,
                &Audit::new(
                    None,
                    "signup.retention",
                    format!("erased {erased} expired sign-ups"),
                ),
                "volunteer_signup",
                None,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(erased)
    }

    /// How many sign-ups of the organisation are still `new` and older than `before`.
    pub async fn stale_signup_count(
        &self,
        organisation_id: Uuid,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        Ok(signup::Entity::find()
            .filter(signup::Column::OrganisationId.eq(organisation_id))
            .filter(signup::Column::Status.eq(SignupStatus::New.as_str()))
            .filter(signup::Column::CreatedAt.lt(before))
            .count(&self.db)
            .await?)
    }

    /// Stale counts for every verified organisation sharing a district with `centre`.
    pub async fn stale_counts_near(
        &self,
        centre: Uuid,
        before: DateTime<Utc>,
    ) -> Result<Vec<StaleCount>, StoreError> {
        let districts: Vec<Uuid> = organisation_district::Entity::find()
            .filter(organisation_district::Column::OrganisationId.eq(centre))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.district_id)
            .collect();
        if districts.is_empty() {
            return Ok(Vec::new());
        }
        let mut orgs: Vec<Uuid> = organisation_district::Entity::find()
            .filter(organisation_district::Column::DistrictId.is_in(districts))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.organisation_id)
            .collect();
        orgs.sort();
        orgs.dedup();
        let names: HashMap<Uuid, String> = organisation::Entity::find()
            .filter(organisation::Column::Id.is_in(orgs.clone()))
            .filter(organisation::Column::Status.eq("verified"))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut out = Vec::new();
        for org in orgs {
            if let Some(name) = names.get(&org) {
                out.push(StaleCount {
                    organisation_id: org,
                    organisation_name: name.clone(),
                    stale: self.stale_signup_count(org, before).await?,
                });
            }
        }
        out.sort_by(|a, b| {
            b.stale
                .cmp(&a.stale)
                .then_with(|| sort_key(&a.organisation_name).cmp(&sort_key(&b.organisation_name)))
        });
        Ok(out)
    }

    /// Everything held about an e-mail address.
    pub async fn personal_data(&self, email: &Email) -> Result<PersonalData, StoreError> {
        let account = self.find_user_by_email(email).await?;
        let rows = signup::Entity::find()
            .filter(signup::Column::Email.eq(email.as_str()))
            .order_by_asc(signup::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let titles = titles(&self.db, rows.iter().map(|r| r.opportunity_id).collect()).await?;
        let signups = rows
            .into_iter()
            .map(|r| {
                let title = titles
                    .get(&r.opportunity_id)
                    .cloned()
                    .ok_or_else(|| corrupt("opportunity of sign-up", &r.id.to_string()))?;
                to_signup(r, title)
            })
            .collect::<Result<_, _>>()?;
        let invitations = crate::entity::invitation::Entity::find()
            .filter(crate::entity::invitation::Column::Email.eq(email.as_str()))
            .count(&self.db)
            .await?;
        Ok(PersonalData {
            account,
            signups,
            invitations,
        })
    }

    /// Erases everything held about an e-mail address: sign-ups blanked, invitations
    /// deleted, the account (if any) deleted with its memberships. Returns how many sign-ups
    /// were erased and whether an account was deleted.
    pub async fn erase_personal_data(
        &self,
        email: &Email,
        audit: &Audit,
    ) -> Result<(u64, bool), StoreError> {
        let mut txn = self.write().await?;
        let now = now_micros();
        let opportunities: Vec<Uuid> = signup::Entity::find()
            .select_only()
            .column(signup::Column::OpportunityId)
            .filter(signup::Column::Email.eq(email.as_str()))
            .into_tuple()
            .all(&*txn)
            .await?;
        let erased = erase_update(now)
            .filter(signup::Column::Email.eq(email.as_str()))
            .exec(&*txn)
            .await?
            .rows_affected;
        // Like an account deleting itself: not while it is the last owner of an organisation
        // (an admin transfers ownership, or archives the organisation, first).
        if let Some(user) = crate::entity::user::Entity::find()
            .filter(crate::entity::user::Column::Email.eq(email.as_str()))
            .one(&*txn)
            .await?
        {
            crate::ownership::refuse_last_owner(&*txn, user.id).await?;
        }
        crate::entity::invitation::Entity::delete_many()
            .filter(crate::entity::invitation::Column::Email.eq(email.as_str()))
            .exec(&*txn)
            .await?;
        let deleted = crate::entity::user::Entity::delete_many()
            .filter(crate::entity::user::Column::Email.eq(email.as_str()))
            .exec(&*txn)
            .await?
            .rows_affected
            > 0;
        let mut seen = opportunities;
        seen.sort();
        seen.dedup();
        for o in seen {
            recount(&mut txn, o).await?;
        }
        record(&*txn, audit, "data_subject", None).await?;
        txn.commit().await?;
        Ok((erased, deleted))
    }
}
