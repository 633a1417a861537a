//! What the e-mailed notices and the scheduled messages need from the store: who "the
//! organisation" is by e-mail, the sign-ups its reminder is about (each reminded once, by a
//! conditional update in the reminder's own transaction), the counts a volunteer centre's
//! weekly summary gives, and the record that a once-a-period job has run for a period,
//! written with its messages.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::account::{Email, OrgRole};
use fritid_domain::mail::Mail;
use fritid_domain::organisation::{OrganisationKind, OrganisationStatus};
use fritid_domain::volunteering::SignupStatus;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TryInsertResult,
};
use uuid::Uuid;

use crate::entity::{
    district, job_run, membership, organisation, organisation_district as link, user,
    volunteer_opportunity as opp, volunteer_signup as signup,
};
use crate::error::corrupt;
use crate::query::{Existing, column_by_key, count_by, select_where};
use crate::{Store, StoreError};

/// A sign-up still waiting for its organisation's answer, and not yet reminded of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredSignup {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub opportunity_id: Uuid,
    pub opportunity_title: String,
}

/// A verified volunteer centre and the unanswered sign-ups in each of its districts: counts
/// only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CentreSummary {
    pub centre_id: Uuid,
    pub centre_name: String,
    /// District names in alphabetical order, each with its count.
    pub districts: Vec<(String, u64)>,
}

/// The addresses that reach organisation `org`: its own address, or, when it has none, its
/// owners'.
pub(crate) async fn contacts(
    db: &impl ConnectionTrait, org: Uuid,
) -> Result<Vec<Email>, StoreError> {
    let row = organisation::Entity::find_by_id(org).existing(db).await?;
    let addresses = match row.email {
        Some(email) => vec![email],
        None => {
            let owners: Vec<Uuid> = select_where(
                db,
                [membership::Column::UserId],
                membership::Column::OrganisationId
                    .eq(org)
                    .and(membership::Column::Role.eq(OrgRole::Owner.as_str())),
            )
            .await?;
            let mut emails: Vec<String> =
                select_where(db, [user::Column::Email], user::Column::Id.is_in(owners)).await?;
            emails.sort();
            emails
        }
    };
    addresses
        .iter()
        .map(|a| {
            Email::parse("email", a).map_err(|_| corrupt("contact address of", &org.to_string()))
        })
        .collect()
}

/// Sign-ups still `new`, made before `before`, not erased: unanswered.
fn unanswered(before: DateTime<Utc>) -> sea_orm::Select<signup::Entity> {
    signup::Entity::find()
        .filter(signup::Column::Status.eq(SignupStatus::New.as_str()))
        .filter(signup::Column::CreatedAt.lt(before))
        .filter(signup::Column::ErasedAt.is_null())
}

impl Store {
    /// The addresses "the organisation" is e-mailed at: its own, or its owners' when it has
    /// none.
    pub async fn organisation_contacts(&self, org: Uuid) -> Result<Vec<Email>, StoreError> {
        contacts(&self.db, org).await
    }

    /// Unanswered sign-ups made before `before` whose organisation has not been reminded of
    /// them, by organisation and age.
    pub async fn unreminded_signups(
        &self, before: DateTime<Utc>,
    ) -> Result<Vec<UnansweredSignup>, StoreError> {
        let rows: Vec<(Uuid, Uuid, Uuid)> = unanswered(before)
            .filter(signup::Column::RemindedAt.is_null())
            .select_only()
            .columns([
                signup::Column::Id,
                signup::Column::OrganisationId,
                signup::Column::OpportunityId,
            ])
            .order_by_asc(signup::Column::OrganisationId)
            .order_by_asc(signup::Column::CreatedAt)
            .into_tuple()
            .all(&self.db)
            .await?;
        let ids = rows.iter().map(|r| r.2).collect();
        let titles: HashMap<Uuid, String> =
            column_by_key(&self.db, (opp::Column::Id, opp::Column::Title), ids).await?;
        rows.into_iter()
            .map(|(id, organisation_id, opportunity_id)| {
                let title = titles.get(&opportunity_id).cloned();
                Ok(UnansweredSignup {
                    id,
                    organisation_id,
                    opportunity_id,
                    opportunity_title: title
                        .ok_or_else(|| corrupt("opportunity of sign-up", &id.to_string()))?,
                })
            })
            .collect()
    }

    /// Marks the sign-ups `ids` reminded at `now` and writes `mails` (the reminder) to the
    /// outbox, in one transaction — if every one of them is still unanswered and not
    /// reminded. Otherwise (another node reminded them first, or the organisation answered
    /// meanwhile) nothing is written and it returns false. The conditional update decides:
    /// of two nodes at it at once, the second waits for the first and then updates nothing.
    pub async fn remind_of_signups(
        &self, ids: &[Uuid], mails: &[Mail], now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut txn = self.write().await?;
        let marked = signup::Entity::update_many()
            .col_expr(signup::Column::RemindedAt, Expr::value(Some(now)))
            .filter(signup::Column::Id.is_in(ids.to_vec()))
            .filter(signup::Column::RemindedAt.is_null())
            .filter(signup::Column::Status.eq(SignupStatus::New.as_str()))
            .exec(&*txn)
            .await?
            .rows_affected;
        if marked != ids.len() as u64 {
            return Ok(false); // dropped: rolled back
        }
        for mail in mails {
            txn.enqueue(mail, now).await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Has `job` run for `period`?
    pub async fn job_ran(&self, job: &str, period: &str) -> Result<bool, StoreError> {
        Ok(job_run::Entity::find_by_id((job.to_owned(), period.to_owned()))
            .one(&self.db)
            .await?
            .is_some())
    }

    /// Records that `job` ran for `period` at `now` and writes its `mails` to the outbox, in
    /// one transaction; false, writing nothing, when it had already run for that period (on
    /// this node or another: the key of `job_runs` lets one record it).
    pub async fn record_job_run(
        &self, job: &str, period: &str, mails: &[Mail], now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut txn = self.write().await?;
        let row = job_run::ActiveModel {
            job: Set(job.to_owned()),
            period: Set(period.to_owned()),
            ran_at: Set(now),
        };
        let inserted = job_run::Entity::insert(row)
            .on_conflict_do_nothing_on([job_run::Column::Job, job_run::Column::Period])
            .exec_without_returning(&*txn)
            .await?;
        if !matches!(inserted, TryInsertResult::Inserted(n) if n > 0) {
            return Ok(false);
        }
        for mail in mails {
            txn.enqueue(mail, now).await?;
        }
        txn.commit().await?;
        Ok(true)
    }

    /// Forgets the runs of `job` recorded before `before` (for a job whose past periods can
    /// never be claimed again, such as the hourly retention pass). Returns how many.
    pub async fn forget_job_runs(
        &self, job: &str, before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let done = job_run::Entity::delete_many()
            .filter(job_run::Column::Job.eq(job))
            .filter(job_run::Column::RanAt.lt(before))
            .exec(&self.db)
            .await?;
        Ok(done.rows_affected)
    }

    /// Every verified volunteer centre with, for each of its districts, how many sign-ups
    /// for opportunities in that district are unanswered (still `new`, made before
    /// `before`). Counts only.
    pub async fn centre_summaries(
        &self, before: DateTime<Utc>,
    ) -> Result<Vec<CentreSummary>, StoreError> {
        let per_opportunity: Vec<(Uuid, u64)> =
            count_by(&self.db, unanswered(before), signup::Column::OpportunityId).await?;
        let ids = per_opportunity.iter().map(|(o, _)| *o).collect();
        let district_of: HashMap<Uuid, Uuid> =
            column_by_key(&self.db, (opp::Column::Id, opp::Column::DistrictId), ids).await?;
        let mut per_district: HashMap<Uuid, u64> = HashMap::new();
        for (opportunity, n) in per_opportunity {
            if let Some(d) = district_of.get(&opportunity) {
                *per_district.entry(*d).or_default() += n;
            }
        }
        let centres = organisation::Entity::find()
            .filter(organisation::Column::Kind.eq(OrganisationKind::VolunteerCentre.as_str()))
            .filter(organisation::Column::Status.eq(OrganisationStatus::Verified.as_str()))
            .order_by_asc(organisation::Column::NameSort)
            .all(&self.db)
            .await?;
        let links: Vec<(Uuid, Uuid)> = select_where(
            &self.db,
            [link::Column::OrganisationId, link::Column::DistrictId],
            link::Column::OrganisationId.is_in(centres.iter().map(|c| c.id)),
        )
        .await?;
        // A district by its short name where it has one ("Svelvik", not the list of places).
        let districts: Vec<(Uuid, String, Option<String>)> = select_where(
            &self.db,
            [district::Column::Id, district::Column::Name, district::Column::ShortName],
            district::Column::Id.is_in(links.iter().map(|(_, d)| *d)),
        )
        .await?;
        let names: HashMap<Uuid, String> =
            districts.into_iter().map(|(id, name, short)| (id, short.unwrap_or(name))).collect();
        Ok(centres
            .into_iter()
            .map(|c| {
                let mut districts: Vec<(String, u64)> = links
                    .iter()
                    .filter(|(org, _)| *org == c.id)
                    .filter_map(|(_, d)| {
                        let count = per_district.get(d).copied().unwrap_or(0);
                        names.get(d).map(|name| (name.clone(), count))
                    })
                    .collect();
                districts.sort_by_key(|(name, _)| fritid_domain::text::sort_key(name));
                CentreSummary { centre_id: c.id, centre_name: c.name, districts }
            })
            .collect())
    }
}
