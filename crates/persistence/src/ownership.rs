//! Who owns an organisation: the rule that an organisation that is not archived always
//! keeps an owner, shared by every write that removes one (leaving, demotion, deleting an
//! account, an admin's erasure).

use fritid_domain::account::OrgRole;
use fritid_domain::organisation::OrganisationStatus;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::{membership, organisation};

pub(crate) async fn owner_count<C: ConnectionTrait>(db: &C, org: Uuid) -> Result<u64, StoreError> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org))
        .filter(membership::Column::Role.eq(OrgRole::Owner.as_str()))
        .count(db)
        .await?)
}

pub(crate) async fn is_archived<C: ConnectionTrait>(db: &C, org: Uuid) -> Result<bool, StoreError> {
    Ok(organisation::Entity::find_by_id(org)
        .one(db)
        .await?
        .is_some_and(|o| o.status == OrganisationStatus::Archived.as_str()))
}

/// Refuses when `user_id` is the last owner of an organisation that is not archived: deleting
/// the account would leave it with nobody who can manage it.
pub(crate) async fn refuse_last_owner<C: ConnectionTrait>(
    db: &C, user_id: Uuid,
) -> Result<(), StoreError> {
    let owner = membership::Column::UserId
        .eq(user_id)
        .and(membership::Column::Role.eq(OrgRole::Owner.as_str()));
    let owned: Vec<Uuid> =
        crate::query::select_where(db, [membership::Column::OrganisationId], owner).await?;
    for org in owned {
        if owner_count(db, org).await? <= 1 && !is_archived(db, org).await? {
            return Err(StoreError::Refused("last owner of an organisation"));
        }
    }
    Ok(())
}
