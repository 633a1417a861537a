//! A data subject's rights: export and erasure of everything held about an address.

use fritid_domain::account::Email;
use fritid_domain::audit::Audit;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::clock::now_micros;
use crate::entity::{invitation, user, volunteer_signup as signup};
use crate::query::{delete_where, row_where, select_where};
use crate::{Store, StoreError};

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
        let invitations = invitation::Entity::find()
            .filter(invitation::Column::Email.eq(email.as_str()))
            .count(&self.db)
            .await?;
        Ok(PersonalData { account, signups: with_titles(&self.db, rows).await?, invitations })
    }

    /// Erases everything held about an e-mail address: sign-ups blanked, invitations
    /// deleted, the account (if any) deleted with its memberships. Returns how many sign-ups
    /// were erased and whether an account was deleted.
    pub async fn erase_personal_data(
        &self, email: &Email, audit: &Audit,
    ) -> Result<(u64, bool), StoreError> {
        let mut txn = self.write().await?;
        let now = now_micros();
        let of_email = signup::Column::Email.eq(email.as_str());
        let opportunities: Vec<Uuid> =
            select_where(&*txn, [signup::Column::OpportunityId], of_email).await?;
        let erased = erase_update(now)
            .filter(signup::Column::Email.eq(email.as_str()))
            .exec(&*txn)
            .await?
            .rows_affected;
        // Like an account deleting itself: not while it is the last owner of an organisation
        // (an admin transfers ownership, or archives the organisation, first).
        if let Some(user) = row_where(&*txn, user::Column::Email, email.as_str()).await? {
            crate::ownership::refuse_last_owner(&*txn, user.id).await?;
        }
        delete_where(&*txn, invitation::Column::Email, email.as_str()).await?;
        let deleted = user::Entity::delete_many()
            .filter(user::Column::Email.eq(email.as_str()))
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
        txn.commit_audited(audit, "data_subject", None).await?;
        Ok((erased, deleted))
    }
}
