//! A data subject's rights: export and erasure of everything held about an address.

use fritid_domain::account::Email;
use fritid_domain::audit::Audit;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::audit::record;
use crate::clock::now_micros;
use crate::entity::volunteer_signup as signup;
use crate::error::corrupt;
use crate::{Store, StoreError};

/// A sign-up as its organisation sees it. Personal fields are `None` once erased.
use super::*;

impl Store {
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
