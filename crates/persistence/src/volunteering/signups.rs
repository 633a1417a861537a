//! Sign-ups: made, listed, moved on, withdrawn, erased when their time is up, counted.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use fritid_domain::audit::Audit;
use fritid_domain::mail::Mail;
use fritid_domain::text::sort_key;
use fritid_domain::volunteering::{NewSignup, OpportunityStatus, SignupStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::audit::record;
use crate::clock::now_micros;
use crate::entity::{
    organisation, organisation_district as link, volunteer_opportunity as opp,
    volunteer_signup as signup,
};
use crate::error::corrupt;
use crate::page::{Page, cursor_key, cut};
use crate::query::{Existing, IfCurrent, Walk, after, insert, select_where, single};
use crate::{Store, StoreError};

use super::*;

impl Store {
    /// Takes a sign-up for a public, open opportunity, and writes `mails` (the notice to
    /// the organisation, the receipt to the volunteer) to the outbox in the same
    /// transaction. Only the hash of the withdraw token is stored.
    pub async fn create_signup(
        &self, opportunity_id: Uuid, new: &NewSignup, withdraw_token_hash: &str, mails: &[Mail],
    ) -> Result<Result<Uuid, SignupRefusal>, StoreError> {
        let mut txn = self.write().await?;
        let Some(o) = opp::Entity::find_by_id(opportunity_id)
            .one(&*txn)
            .await?
            .filter(|o| o.is_public && !o.is_deleted)
        else {
            return Ok(Err(SignupRefusal::NotFound));
        };
        let status = OpportunityStatus::parse("status", &o.status)
            .map_err(|_| corrupt("opportunity status", &o.status))?;
        let accepted = u64::try_from(o.accepted_count).unwrap_or(0);
        if !fritid_domain::volunteering::takes_signups(status, o.spots, accepted) {
            return Ok(Err(SignupRefusal::NotOpen));
        }
        let now = now_micros();
        let id = Uuid::new_v4();
        let row = signup::ActiveModel {
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
            reminded_at: Set(None),
        };
        insert(&*txn, row).await?;
        for mail in mails {
            txn.enqueue(mail, now).await?;
        }
        // The audit entry names the opportunity, never the person.
        let audit = Audit::new(None, "signup.create", "a volunteer signed up");
        txn.commit_audited(&audit, "volunteer_opportunity", Some(opportunity_id)).await?;
        Ok(Ok(id))
    }

    /// The organisation's sign-ups, newest first; `created_before` limits them to those
    /// still `new` and older than that instant (the "no answer yet" list).
    pub async fn list_signups(
        &self, organisation_id: Uuid, stale_before: Option<DateTime<Utc>>, cursor: Option<&str>,
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
        if let Some(key) = cursor_key::<(DateTime<Utc>, Uuid)>(cursor)? {
            let (created, id) = (signup::Column::CreatedAt, signup::Column::Id);
            q = q.filter(after(created, id, key, Walk::Descending));
        }
        let (rows, next_cursor) = cut(q.all(&self.db).await?, limit, |r| (r.created_at, r.id))?;
        Ok(Page { items: with_titles(&self.db, rows).await?, next_cursor })
    }

    pub async fn get_signup(&self, id: Uuid) -> Result<Signup, StoreError> {
        let m = signup::Entity::find_by_id(id).existing(&self.db).await?;
        single(with_titles(&self.db, vec![m]).await?)
    }

    /// Moves a sign-up to `status` (and/or records the date a politiattest was seen),
    /// keeping the opportunity's accepted count in step. `notice` (the message telling the
    /// volunteer) is written to the outbox in the same transaction when the status changes
    /// to `status`, not when it already was that.
    pub async fn update_signup(
        &self, id: Uuid, status: Option<SignupStatus>,
        police_certificate_seen_on: Option<Option<NaiveDate>>, notice: Option<&Mail>,
        audit: &Audit,
    ) -> Result<Signup, StoreError> {
        let mut txn = self.write().await?;
        let current = signup::Entity::find_by_id(id).existing(&*txn).await?;
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
        update.exec_if_current(&*txn).await?;
        if let Some(mail) = notice.filter(|_| status.is_some_and(|to| to != from)) {
            txn.enqueue(mail, now_micros()).await?;
        }
        recount(&mut txn, current.opportunity_id).await?;
        let opportunity = Some(current.opportunity_id);
        txn.commit_audited(audit, "volunteer_opportunity", opportunity).await?;
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
            .col_expr(signup::Column::Status, Expr::value(SignupStatus::Withdrawn.as_str()))
            .filter(signup::Column::Id.eq(current.id))
            .exec(&*txn)
            .await?;
        recount(&mut txn, current.opportunity_id).await?;
        let summary = "a volunteer withdrew; personal data erased";
        let audit = Audit::new(None, "signup.withdraw", summary);
        let opportunity = Some(current.opportunity_id);
        txn.commit_audited(&audit, "volunteer_opportunity", opportunity).await
    }

    /// Erases the personal data of sign-ups whose opportunity closed (or ended) before
    /// `closed_before`. Returns how many sign-ups were erased.
    pub async fn erase_expired_signups(
        &self, closed_before: DateTime<Utc>, now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let closed = opp::Column::ClosedAt
            .lt(closed_before)
            .or(opp::Column::ClosedAt.is_null().and(opp::Column::EndsAt.lt(closed_before)));
        let expired: Vec<Uuid> = select_where(&self.db, [opp::Column::Id], closed).await?;
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
                &Audit::new(None, "signup.retention", format!("erased {erased} expired sign-ups")),
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
        &self, organisation_id: Uuid, before: DateTime<Utc>,
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
        &self, centre: Uuid, before: DateTime<Utc>,
    ) -> Result<Vec<StaleCount>, StoreError> {
        let of_centre = link::Column::OrganisationId.eq(centre);
        let districts: Vec<Uuid> =
            select_where(&self.db, [link::Column::DistrictId], of_centre).await?;
        if districts.is_empty() {
            return Ok(Vec::new());
        }
        let in_districts = link::Column::DistrictId.is_in(districts);
        let mut orgs: Vec<Uuid> =
            select_where(&self.db, [link::Column::OrganisationId], in_districts).await?;
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
}
