//! Organisations, their districts, members and invitations.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, OrgRole};
use fritid_domain::audit::Audit;
use fritid_domain::mail::Mail;
use fritid_domain::organisation::{
    OrgNumber, Organisation, OrganisationKind, OrganisationProfile, OrganisationStatus,
    PendingChanges,
};
use fritid_domain::reference::Slug;
use fritid_domain::text::{fold, sort_key};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, UpdateMany,
};
use uuid::Uuid;

use crate::accounts::stored_role;
use crate::entity::{
    activity, activity_category, district, invitation, membership, organisation,
    organisation_district, user,
};
use crate::error::corrupt;
use crate::page::{Page, cursor_key, cut_ids};
use crate::query::{
    Existing, IfCurrent, Walk, after, delete_where, in_order, insert, linked_slugs, mark_once,
    row_where, rows_in, single,
};
use crate::reference::referenced_slug;
use crate::tracked::{FeedUpdate, VersionedUpdate};
use crate::write::Write;
use crate::{Store, StoreError};

/// Filters of the public organisation list.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Case-insensitive substring of the name.
    pub q: Option<String>,
    /// Any of these districts.
    pub districts: Vec<Slug>,
    pub kind: Option<OrganisationKind>,
    /// Organisations with a public activity in this category (or one of its subcategories).
    pub category: Option<Slug>,
}

/// A member as the organisation's members see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub role: OrgRole,
    pub since: DateTime<Utc>,
}

/// An invitation to be stored.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub organisation_id: Uuid,
    pub email: Email,
    pub role: OrgRole,
    /// Only the hash of the token is kept.
    pub token_hash: String,
    pub invited_by: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// An invitation not yet accepted nor expired, as its recipient sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenInvitation {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub role: OrgRole,
    pub expires_at: DateTime<Utc>,
}

/// Why an invitation could not be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationError {
    /// Unknown, expired or already accepted.
    NotFound,
    /// It was issued to another e-mail address.
    WrongRecipient,
}

/// Organisation ids and sort names in Norwegian alphabetical order (then by id), one more
/// than a page of `limit`: the start of every alphabetical listing, which adds its filters.
fn by_name(limit: u64) -> sea_orm::Select<organisation::Entity> {
    organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::NameSort)
        .order_by_asc(organisation::Column::NameSort)
        .order_by_asc(organisation::Column::Id)
        .limit(limit + 1)
}

impl Store {
    /// The page of a [`by_name`] query after `cursor`: the organisations and the next cursor.
    async fn page_by_name(
        &self, mut query: sea_orm::Select<organisation::Entity>, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Organisation>, StoreError> {
        if let Some(key) = cursor_key::<(String, Uuid)>(cursor)? {
            let (name, id) = (organisation::Column::NameSort, organisation::Column::Id);
            query = query.filter(after(name, id, key, Walk::Ascending));
        }
        let keys: Vec<(Uuid, String)> = query.into_tuple().all(&self.db).await?;
        let (ids, next_cursor) = cut_ids(keys, limit, |(id, name)| (name.clone(), *id))?;
        Ok(Page { items: load(&self.db, &ids).await?, next_cursor })
    }
}

fn slug_values(slugs: &[Slug]) -> impl Iterator<Item = String> {
    slugs.iter().map(|s| s.as_str().to_owned())
}

/// District slugs to ids; unknown ones are a validation error naming `districts[i]`.
async fn district_ids<C: ConnectionTrait>(db: &C, slugs: &[Slug]) -> Result<Vec<Uuid>, StoreError> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows = rows_in(db, district::Column::Slug, slug_values(slugs)).await?;
    let by_slug: HashMap<&str, Uuid> = rows.iter().map(|r| (r.slug.as_str(), r.id)).collect();
    let mut errors = ValidationErrors::new();
    let mut ids = Vec::new();
    for (i, slug) in slugs.iter().enumerate() {
        match by_slug.get(slug.as_str()) {
            Some(id) => ids.push(*id),
            None => errors.push(format!("districts[{i}]"), "is not a known district"),
        }
    }
    errors.finish().map_err(StoreError::Invalid)?;
    Ok(ids)
}

async fn load<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<Vec<Organisation>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = rows_in(db, organisation::Column::Id, ids.to_vec()).await?;
    let districts: HashMap<Uuid, String> =
        district::Entity::find().all(db).await?.into_iter().map(|d| (d.id, d.slug)).collect();
    let links =
        (organisation_district::Column::OrganisationId, organisation_district::Column::DistrictId);
    let district = |id| referenced_slug("district", districts.get(&id).map(String::as_str), id);
    let mut by_org = linked_slugs(db, links, ids, district).await?;
    let mut by_id: HashMap<Uuid, Organisation> = HashMap::new();
    for m in rows {
        let slugs = by_org.remove(&m.id).unwrap_or_default();
        by_id.insert(m.id, to_domain(m, slugs)?);
    }
    Ok(in_order(ids, by_id))
}

fn to_domain(m: organisation::Model, districts: Vec<Slug>) -> Result<Organisation, StoreError> {
    let parse_err = |what: &str, v: &str| corrupt(what, v);
    Ok(Organisation {
        id: m.id,
        profile: OrganisationProfile {
            kind: OrganisationKind::parse("kind", &m.kind)
                .map_err(|_| parse_err("kind", &m.kind))?,
            org_number: m
                .org_number
                .as_deref()
                .map(|o| OrgNumber::parse("org_number", o).map_err(|_| parse_err("org_number", o)))
                .transpose()?,
            email: m
                .email
                .as_deref()
                .map(|e| Email::parse("email", e).map_err(|_| parse_err("email", e)))
                .transpose()?,
            name: m.name,
            description: m.description,
            phone: m.phone,
            website: m.website,
            districts,
        },
        status: OrganisationStatus::parse(&m.status)
            .ok_or_else(|| parse_err("status", &m.status))?,
        pending: m.pending_changes.as_deref().map(decode_pending).transpose()?,
        pending_since: m.pending_since,
        rejection_reason: m.rejection_reason,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A new organisation row; the seed and self-service registration both make them here.
pub(crate) fn new_row(
    id: Uuid, profile: &OrganisationProfile, status: OrganisationStatus, now: DateTime<Utc>,
    feed_modified: i64,
) -> organisation::ActiveModel {
    let mut row = organisation::ActiveModel {
        id: Set(id),
        status: Set(status.as_str().to_owned()),
        rejection_reason: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        feed_modified: Set(feed_modified),
        ever_public: Set(status.is_public()),
        pending_changes: Set(None),
        pending_since: Set(None),
        ..Default::default()
    };
    set_profile(&mut row, profile);
    row
}

/// Sets the columns that identify an organisation (and their search and sort forms).
fn set_identity(row: &mut organisation::ActiveModel, profile: &OrganisationProfile) {
    row.name = Set(profile.name.clone());
    row.name_search = Set(fold(&profile.name));
    row.name_sort = Set(sort_key(&profile.name));
    row.kind = Set(profile.kind.as_str().to_owned());
    row.org_number = Set(profile.org_number.as_ref().map(|o| o.as_str().to_owned()));
    row.website = Set(profile.website.clone());
}

/// Sets every profile column.
fn set_profile(row: &mut organisation::ActiveModel, profile: &OrganisationProfile) {
    set_identity(row, profile);
    row.description = Set(profile.description.clone());
    row.email = Set(profile.email.as_ref().map(|e| e.as_str().to_owned()));
    row.phone = Set(profile.phone.clone());
}

/// The update of the organisation `id` (while at `version`, when given) to `changes` and the
/// changes that wait for an admin (as stored by [`encode_pending`], and since when), as a
/// change at `feed_position`.
fn update_with_pending(
    (id, version): (Uuid, Option<i32>), mut changes: organisation::ActiveModel,
    (pending, since): (Option<String>, Option<DateTime<Utc>>), feed_position: i64,
) -> UpdateMany<organisation::Entity> {
    changes.pending_changes = Set(pending);
    changes.pending_since = Set(since);
    changes.feed_modified = Set(feed_position);
    organisation::Entity::update_many()
        .set(changes)
        .next_version(Utc::now())
        .at_version(id, version)
}

/// Pending changes as stored: a JSON object with a key for each changed field.
fn encode_pending(pending: &PendingChanges) -> Option<String> {
    if pending.is_empty() {
        return None;
    }
    let mut map = serde_json::Map::new();
    if let Some(name) = &pending.name {
        map.insert("name".into(), name.clone().into());
    }
    if let Some(kind) = pending.kind {
        map.insert("kind".into(), kind.as_str().into());
    }
    if let Some(org_number) = &pending.org_number {
        map.insert("org_number".into(), org_number.as_ref().map(|o| o.as_str().to_owned()).into());
    }
    if let Some(website) = &pending.website {
        map.insert("website".into(), website.clone().into());
    }
    Some(serde_json::Value::Object(map).to_string())
}

fn decode_pending(stored: &str) -> Result<PendingChanges, StoreError> {
    let bad = || corrupt("pending changes", stored);
    let value: serde_json::Value = serde_json::from_str(stored).map_err(|_| bad())?;
    let text = |key: &str| -> Result<Option<Option<String>>, StoreError> {
        match value.get(key) {
            None => Ok(None),
            Some(serde_json::Value::Null) => Ok(Some(None)),
            Some(serde_json::Value::String(s)) => Ok(Some(Some(s.clone()))),
            Some(_) => Err(bad()),
        }
    };
    Ok(PendingChanges {
        name: text("name")?.map(|n| n.ok_or_else(bad)).transpose()?,
        kind: text("kind")?
            .map(|k| k.and_then(|k| OrganisationKind::parse("kind", &k).ok()).ok_or_else(bad))
            .transpose()?,
        org_number: text("org_number")?
            .map(|o| o.map(|o| OrgNumber::parse("org_number", &o).map_err(|_| bad())).transpose())
            .transpose()?,
        website: text("website")?,
    })
}

/// Makes `user_id` a member of `org` in `role`.
async fn add_member<C: ConnectionTrait>(
    db: &C, (org, user_id): (Uuid, Uuid), role: OrgRole, since: DateTime<Utc>,
) -> Result<(), StoreError> {
    let row = membership::ActiveModel {
        organisation_id: Set(org),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(since),
    };
    insert(db, row).await
}

/// Gives the member `user_id` of `org` another role.
async fn change_role<C: ConnectionTrait>(
    db: &C, (org, user_id): (Uuid, Uuid), role: OrgRole,
) -> Result<(), StoreError> {
    membership::Entity::update_many()
        .col_expr(membership::Column::Role, Expr::value(role.as_str()))
        .filter(membership::Column::OrganisationId.eq(org))
        .filter(membership::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// A duplicate organisasjonsnummer is the only unique rule an organisation write can break.
fn org_number_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict { .. } => {
            StoreError::Conflict { constraint: Some("uq_organisations_org_number".to_owned()) }
        }
        other => other,
    }
}

impl Store {
    /// Creates a pending organisation with `owner` as its first owner.
    pub async fn create_organisation(
        &self, profile: &OrganisationProfile, owner: Uuid, audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let now = Utc::now();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let districts = district_ids(&*txn, &profile.districts).await?;
        let feed_position = txn.feed_position().await?;
        let row = new_row(id, profile, OrganisationStatus::Pending, now, feed_position);
        insert(&*txn, row).await.map_err(org_number_conflict)?;
        link_districts(&*txn, id, &districts).await?;
        add_member(&*txn, (id, owner), OrgRole::Owner, now).await?;
        self.finish_change(txn, id, None, audit).await
    }

    pub async fn get_organisation(&self, id: Uuid) -> Result<Organisation, StoreError> {
        single(load(&self.db, &[id]).await?)
    }

    /// Ends a change of the organisation `id`: when it was renamed, its activities' search
    /// terms follow; the change is audited and committed, and the organisation read back.
    async fn finish_change(
        &self, mut txn: Write<'_>, id: Uuid, renamed_to: Option<&str>, audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        if let Some(name) = renamed_to {
            crate::activities::reindex_organisation(&mut txn, id, name).await?;
        }
        txn.commit_audited(audit, "organisation", Some(id)).await?;
        self.get_organisation(id).await
    }

    /// Replaces the profile when the stored version is still `expected_version`, and sets
    /// the changes that wait for an admin (`pending`, empty for none).
    pub async fn update_organisation(
        &self, id: Uuid, expected_version: i32, profile: &OrganisationProfile,
        pending: &PendingChanges, audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let districts = district_ids(&*txn, &profile.districts).await?;
        let previous = organisation::Entity::find_by_id(id).existing(&*txn).await?;
        if let Some(Some(number)) = &pending.org_number
            && organisation::Entity::find()
                .filter(organisation::Column::OrgNumber.eq(number.as_str()))
                .filter(organisation::Column::Id.ne(id))
                .count(&*txn)
                .await?
                > 0
        {
            return Err(org_number_conflict(StoreError::Conflict { constraint: None }));
        }
        let pending_since = match (pending.is_empty(), previous.pending_since) {
            (true, _) => None,
            (false, Some(since)) => Some(since),
            (false, None) => Some(Utc::now()),
        };
        let mut changes = organisation::ActiveModel::default();
        set_profile(&mut changes, profile);
        let pending = (encode_pending(pending), pending_since);
        update_with_pending(
            (id, Some(expected_version)),
            changes,
            pending,
            txn.feed_position().await?,
        )
        .exec_if_current(&*txn)
        .await
        .map_err(org_number_conflict)?;
        delete_where(&*txn, organisation_district::Column::OrganisationId, id).await?;
        link_districts(&*txn, id, &districts).await?;
        let renamed = (previous.name != profile.name).then_some(profile.name.as_str());
        self.finish_change(txn, id, renamed, audit).await
    }

    /// An admin's answer to the pending changes of a verified organisation: `approve`
    /// makes them public, otherwise they are discarded and `reason` is kept for the
    /// members. The organisation stays verified either way.
    pub async fn resolve_pending_changes(
        &self, id: Uuid, approve: bool, reason: Option<String>, audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let row = organisation::Entity::find_by_id(id).existing(&*txn).await?;
        let previous_name = row.name.clone();
        let districts = Vec::new();
        let current = to_domain(row, districts)?;
        let Some(pending) = &current.pending else {
            return Err(StoreError::Refused("no pending changes"));
        };
        let mut changes = organisation::ActiveModel::default();
        let mut profile = current.profile.clone();
        if approve {
            pending.apply_to(&mut profile);
            set_identity(&mut changes, &profile);
        } else {
            changes.rejection_reason = Set(reason);
        }
        update_with_pending((id, None), changes, (None, None), txn.feed_position().await?)
            .exec(&*txn)
            .await
            .map_err(|e| org_number_conflict(e.into()))?;
        let renamed = (previous_name != profile.name).then_some(profile.name.as_str());
        self.finish_change(txn, id, renamed, audit).await
    }

    /// Moves an organisation to `status` (verify, reject, archive). `expected_version`, when
    /// given, must match.
    pub async fn set_organisation_status(
        &self, id: Uuid, status: OrganisationStatus, rejection_reason: Option<String>,
        expected_version: Option<i32>, audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let public = status == OrganisationStatus::Verified;
        let updated = organisation::Entity::update_many()
            .col_expr(organisation::Column::Status, Expr::value(status.as_str()))
            .ever_public_if(public)
            .in_feed(txn.feed_position().await?)
            .col_expr(organisation::Column::RejectionReason, Expr::value(rejection_reason))
            .next_version(Utc::now())
            .at_version(id, expected_version)
            .exec(&*txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(if organisation::Entity::find_by_id(id).one(&*txn).await?.is_some() {
                StoreError::VersionMismatch
            } else {
                StoreError::NotFound
            });
        }
        crate::activities::follow_organisation_status(&mut txn, id, status).await?;
        crate::volunteering::follow_organisation_status(
            &mut txn,
            id,
            // Deleted opportunities are filtered out of the update.
            fritid_domain::volunteering::is_public(false, status),
        )
        .await?;
        self.finish_change(txn, id, None, audit).await
    }

    /// Verified organisations in Norwegian alphabetical order (then by id).
    pub async fn list_public_organisations(
        &self, filter: &OrganisationFilter, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Organisation>, StoreError> {
        let mut query = by_name(limit)
            .filter(organisation::Column::Status.eq(OrganisationStatus::Verified.as_str()));
        if let Some(q) = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            // Every word must occur in the folded name.
            for word in fold(q).split(' ').filter(|w| !w.is_empty()) {
                let pattern = format!("%{}%", escape_like(word));
                query = query.filter(
                    Expr::col(organisation::Column::NameSearch)
                        .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
                );
            }
        }
        if let Some(kind) = filter.kind {
            query = query.filter(organisation::Column::Kind.eq(kind.as_str()));
        }
        if let Some(category) = &filter.category {
            let refs = self.references().await?;
            let ids = refs.with_descendants(category.as_str());
            if ids.is_empty() {
                return Err(StoreError::Invalid(ValidationErrors::single(
                    "category",
                    format!("{category} is not a known category"),
                )));
            }
            query = query.filter(
                organisation::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column((activity::Entity, activity::Column::OrganisationId))
                        .from(activity::Entity)
                        .inner_join(
                            activity_category::Entity,
                            Expr::col((
                                activity_category::Entity,
                                activity_category::Column::ActivityId,
                            ))
                            .equals((activity::Entity, activity::Column::Id)),
                        )
                        .and_where(
                            Expr::col((activity::Entity, activity::Column::IsPublic)).eq(true),
                        )
                        .and_where(
                            Expr::col((
                                activity_category::Entity,
                                activity_category::Column::CategoryId,
                            ))
                            .is_in(ids),
                        )
                        .to_owned(),
                ),
            );
        }
        if !filter.districts.is_empty() {
            let ids = rows_in(&self.db, district::Column::Slug, slug_values(&filter.districts))
                .await?
                .into_iter()
                .map(|d| d.id)
                .collect::<Vec<_>>();
            query = query.filter(
                organisation::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(organisation_district::Column::OrganisationId)
                        .from(organisation_district::Entity)
                        .and_where(organisation_district::Column::DistrictId.is_in(ids))
                        .to_owned(),
                ),
            );
        }
        self.page_by_name(query, cursor, limit).await
    }

    /// Every organisation, or those with `status`, in Norwegian alphabetical order (then by
    /// id), for the municipality's overview.
    pub async fn list_all_organisations(
        &self, status: Option<OrganisationStatus>, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Organisation>, StoreError> {
        let mut query = by_name(limit);
        if let Some(status) = status {
            query = query.filter(organisation::Column::Status.eq(status.as_str()));
        }
        self.page_by_name(query, cursor, limit).await
    }

    /// What waits for a moderator, oldest first: organisations still `pending` (since they
    /// were registered) and verified ones with identity changes (since the oldest change);
    /// at most `limit`.
    pub async fn organisations_awaiting_moderation(
        &self, limit: u64,
    ) -> Result<Vec<Organisation>, StoreError> {
        use organisation::Column as C;
        let pending = C::Status.eq(OrganisationStatus::Pending.as_str());
        let changed = C::Status
            .eq(OrganisationStatus::Verified.as_str())
            .and(C::PendingChanges.is_not_null());
        let mut waiting = self.oldest_first(C::CreatedAt, pending.into(), limit).await?;
        waiting.extend(self.oldest_first(C::PendingSince, changed.into(), limit).await?);
        waiting.sort();
        waiting.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let ids: Vec<Uuid> = waiting.into_iter().map(|(_, id)| id).collect();
        load(&self.db, &ids).await
    }

    /// The organisations that `waiting` holds for, with the time in `since`, oldest first;
    /// at most `limit`.
    async fn oldest_first(
        &self, since: organisation::Column, waiting: sea_orm::Condition, limit: u64,
    ) -> Result<Vec<(Option<DateTime<Utc>>, Uuid)>, StoreError> {
        Ok(organisation::Entity::find()
            .select_only()
            .column(since)
            .column(organisation::Column::Id)
            .filter(waiting)
            .order_by_asc(since)
            .order_by_asc(organisation::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?)
    }

    /// The actor's role in the organisation, if any.
    pub async fn membership(
        &self, org: Uuid, user_id: Uuid,
    ) -> Result<Option<OrgRole>, StoreError> {
        membership::Entity::find_by_id((org, user_id))
            .one(&self.db)
            .await?
            .map(|m| stored_role(&m.role))
            .transpose()
    }

    pub async fn list_members(&self, org: Uuid) -> Result<Vec<Member>, StoreError> {
        let members = membership::Entity::find()
            .filter(membership::Column::OrganisationId.eq(org))
            .order_by_asc(membership::Column::CreatedAt)
            .all(&self.db)
            .await?;
        let users: HashMap<Uuid, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(members.iter().map(|m| m.user_id).collect::<Vec<_>>()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        members
            .into_iter()
            .filter_map(|m| users.get(&m.user_id).map(|u| (m, u)))
            .map(|(m, u)| {
                Ok(Member {
                    user_id: u.id,
                    name: u.name.clone(),
                    email: u.email.clone(),
                    role: stored_role(&m.role)?,
                    since: m.created_at,
                })
            })
            .collect()
    }

    /// Removes a member (`role: None`) or changes their role. Refused when it would leave
    /// the organisation without an owner.
    pub async fn set_member_role(
        &self, org: Uuid, user_id: Uuid, role: Option<OrgRole>, audit: &Audit,
    ) -> Result<(), StoreError> {
        let txn = self.write().await?;
        let current = membership::Entity::find_by_id((org, user_id)).existing(&*txn).await?;
        let was_owner = current.role == OrgRole::Owner.as_str();
        let stays_owner = role == Some(OrgRole::Owner);
        if was_owner && !stays_owner && crate::ownership::owner_count(&*txn, org).await? <= 1 {
            return Err(StoreError::Refused("an organisation must keep at least one owner"));
        }
        match role {
            Some(role) => change_role(&*txn, (org, user_id), role).await?,
            None => {
                membership::Entity::delete_by_id((org, user_id)).exec(&*txn).await?;
            }
        }
        txn.commit_audited(audit, "organisation", Some(org)).await
    }

    /// Stores an invitation (by token hash only) and writes `mail`, its message to the
    /// invited address, to the outbox in the same transaction.
    pub async fn create_invitation(
        &self, invitation: &NewInvitation, mail: &Mail, audit: &Audit,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let row = invitation::ActiveModel {
            id: Set(id),
            organisation_id: Set(invitation.organisation_id),
            email: Set(invitation.email.as_str().to_owned()),
            role: Set(invitation.role.as_str().to_owned()),
            token_hash: Set(invitation.token_hash.clone()),
            invited_by: Set(Some(invitation.invited_by)),
            created_at: Set(Utc::now()),
            expires_at: Set(invitation.expires_at),
            accepted_at: Set(None),
        };
        insert(&*txn, row).await?;
        txn.enqueue(mail, Utc::now()).await?;
        let org = Some(invitation.organisation_id);
        txn.commit_audited(audit, "organisation", org).await?;
        Ok(id)
    }

    /// The invitations to `email` still open at `now`, soonest to expire first.
    pub async fn open_invitations(
        &self, email: &Email, now: DateTime<Utc>,
    ) -> Result<Vec<OpenInvitation>, StoreError> {
        let rows = invitation::Entity::find()
            .filter(invitation::Column::Email.eq(email.as_str()))
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(now))
            .order_by_asc(invitation::Column::ExpiresAt)
            .all(&self.db)
            .await?;
        let ids = rows.iter().map(|r| r.organisation_id).collect();
        let names = crate::query::organisation_names(&self.db, ids).await?;
        rows.into_iter()
            .map(|r| {
                Ok(OpenInvitation {
                    organisation_name: names
                        .get(&r.organisation_id)
                        .cloned()
                        .ok_or_else(|| corrupt("organisation of invitation", &r.id.to_string()))?,
                    organisation_id: r.organisation_id,
                    role: stored_role(&r.role)?,
                    expires_at: r.expires_at,
                })
            })
            .collect()
    }

    /// Accepts an invitation for `user`: they become a member with the invited role (an
    /// existing membership keeps the higher of the two roles).
    pub async fn accept_invitation(
        &self, token_hash: &str, user_id: Uuid, user_email: &Email,
    ) -> Result<Result<(Uuid, OrgRole), InvitationError>, StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        let Some(inv) = row_where(&*txn, invitation::Column::TokenHash, token_hash).await? else {
            return Ok(Err(InvitationError::NotFound));
        };
        if inv.accepted_at.is_some() || inv.expires_at <= now {
            return Ok(Err(InvitationError::NotFound));
        }
        if inv.email != user_email.as_str() {
            return Ok(Err(InvitationError::WrongRecipient));
        }
        let role = stored_role(&inv.role)?;
        let invitation = (invitation::Column::Id, inv.id);
        if !mark_once(&*txn, invitation, invitation::Column::AcceptedAt, now).await? {
            return Ok(Err(InvitationError::NotFound));
        }
        let member = (inv.organisation_id, user_id);
        let existing = membership::Entity::find_by_id(member).one(&*txn).await?;
        let effective = match existing {
            Some(m) if m.role == OrgRole::Owner.as_str() => OrgRole::Owner,
            Some(_) => {
                change_role(&*txn, member, role).await?;
                role
            }
            None => {
                add_member(&*txn, member, role, now).await?;
                role
            }
        };
        let summary = format!("joined as {}", effective.as_str());
        let audit = Audit::new(Some(user_id), "invitation.accept", summary);
        txn.commit_audited(&audit, "organisation", Some(inv.organisation_id)).await?;
        Ok(Ok((inv.organisation_id, effective)))
    }
}

async fn link_districts<C: ConnectionTrait>(
    db: &C, org: Uuid, districts: &[Uuid],
) -> Result<(), StoreError> {
    for d in districts {
        let link =
            organisation_district::ActiveModel { organisation_id: Set(org), district_id: Set(*d) };
        insert(db, link).await?;
    }
    Ok(())
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `\` as the escape character.
fn escape_like(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
