//! Organisations, their districts, members and invitations.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::{Email, OrgRole};
use fritid_domain::audit::Audit;
use fritid_domain::organisation::{
    OrgNumber, Organisation, OrganisationKind, OrganisationProfile, OrganisationStatus,
    PendingChanges,
};
use fritid_domain::reference::Slug;
use fritid_domain::text::{fold, sort_key};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::audit::record;
use crate::entity::{
    activity, activity_category, district, invitation, membership, organisation,
    organisation_district, user,
};
use crate::error::corrupt;
use crate::page::{Page, cut, decode_cursor};
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

/// Why an invitation could not be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationError {
    /// Unknown, expired or already accepted.
    NotFound,
    /// It was issued to another e-mail address.
    WrongRecipient,
}

/// District slugs to ids; unknown ones are a validation error naming `districts[i]`.
async fn district_ids<C: ConnectionTrait>(db: &C, slugs: &[Slug]) -> Result<Vec<Uuid>, StoreError> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    let rows = district::Entity::find()
        .filter(district::Column::Slug.is_in(slugs.iter().map(|s| s.as_str().to_owned())))
        .all(db)
        .await?;
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
    let rows = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let links = organisation_district::Entity::find()
        .filter(organisation_district::Column::OrganisationId.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let districts: HashMap<Uuid, String> = district::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.slug))
        .collect();
    let mut by_org: HashMap<Uuid, Vec<Slug>> = HashMap::new();
    for link in links {
        let slug = districts
            .get(&link.district_id)
            .ok_or_else(|| corrupt("district link", &link.district_id.to_string()))?;
        by_org
            .entry(link.organisation_id)
            .or_default()
            .push(Slug::parse("district", slug).map_err(|_| corrupt("slug", slug))?);
    }
    let mut by_id: HashMap<Uuid, Organisation> = HashMap::new();
    for m in rows {
        let mut slugs = by_org.remove(&m.id).unwrap_or_default();
        slugs.sort();
        by_id.insert(m.id, to_domain(m, slugs)?);
    }
    // Keep the caller's order.
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
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
        pending: m
            .pending_changes
            .as_deref()
            .map(decode_pending)
            .transpose()?,
        pending_since: m.pending_since,
        rejection_reason: m.rejection_reason,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// A new organisation row; the seed and self-service registration both make them here.
pub(crate) fn new_row(
    id: Uuid,
    profile: &OrganisationProfile,
    status: OrganisationStatus,
    now: DateTime<Utc>,
    feed_modified: i64,
) -> organisation::ActiveModel {
    organisation::ActiveModel {
        id: Set(id),
        name: Set(profile.name.clone()),
        name_search: Set(fold(&profile.name)),
        name_sort: Set(sort_key(&profile.name)),
        kind: Set(profile.kind.as_str().to_owned()),
        org_number: Set(profile.org_number.as_ref().map(|o| o.as_str().to_owned())),
        description: Set(profile.description.clone()),
        email: Set(profile.email.as_ref().map(|e| e.as_str().to_owned())),
        phone: Set(profile.phone.clone()),
        website: Set(profile.website.clone()),
        status: Set(status.as_str().to_owned()),
        rejection_reason: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        feed_modified: Set(feed_modified),
        ever_public: Set(status.is_public()),
        pending_changes: Set(None),
        pending_since: Set(None),
    }
}

/// The columns that identify an organisation (and their search and sort forms).
fn identity_columns(
    update: sea_orm::UpdateMany<organisation::Entity>,
    profile: &OrganisationProfile,
) -> sea_orm::UpdateMany<organisation::Entity> {
    update
        .col_expr(
            organisation::Column::Name,
            Expr::value(profile.name.clone()),
        )
        .col_expr(
            organisation::Column::NameSearch,
            Expr::value(fold(&profile.name)),
        )
        .col_expr(
            organisation::Column::NameSort,
            Expr::value(sort_key(&profile.name)),
        )
        .col_expr(
            organisation::Column::Kind,
            Expr::value(profile.kind.as_str()),
        )
        .col_expr(
            organisation::Column::OrgNumber,
            Expr::value(profile.org_number.as_ref().map(|o| o.as_str().to_owned())),
        )
        .col_expr(
            organisation::Column::Website,
            Expr::value(profile.website.clone()),
        )
}

/// Every profile column, the update time and the next version.
fn write_profile(
    update: sea_orm::UpdateMany<organisation::Entity>,
    profile: &OrganisationProfile,
) -> sea_orm::UpdateMany<organisation::Entity> {
    identity_columns(update, profile)
        .col_expr(
            organisation::Column::Description,
            Expr::value(profile.description.clone()),
        )
        .col_expr(
            organisation::Column::Email,
            Expr::value(profile.email.as_ref().map(|e| e.as_str().to_owned())),
        )
        .col_expr(
            organisation::Column::Phone,
            Expr::value(profile.phone.clone()),
        )
        .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            organisation::Column::Version,
            Expr::col(organisation::Column::Version).add(1),
        )
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
        map.insert(
            "org_number".into(),
            org_number.as_ref().map(|o| o.as_str().to_owned()).into(),
        );
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
            .map(|k| {
                k.and_then(|k| OrganisationKind::parse("kind", &k).ok())
                    .ok_or_else(bad)
            })
            .transpose()?,
        org_number: text("org_number")?
            .map(|o| {
                o.map(|o| OrgNumber::parse("org_number", &o).map_err(|_| bad()))
                    .transpose()
            })
            .transpose()?,
        website: text("website")?,
    })
}

/// A duplicate organisasjonsnummer is the only unique rule an organisation write can break.
fn org_number_conflict(e: StoreError) -> StoreError {
    match e {
        StoreError::Conflict { .. } => StoreError::Conflict {
            constraint: Some("uq_organisations_org_number".to_owned()),
        },
        other => other,
    }
}

impl Store {
    /// Creates a pending organisation with `owner` as its first owner.
    pub async fn create_organisation(
        &self,
        profile: &OrganisationProfile,
        owner: Uuid,
        audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let now = Utc::now();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let districts = district_ids(&*txn, &profile.districts).await?;
        organisation::Entity::insert(new_row(
            id,
            profile,
            OrganisationStatus::Pending,
            now,
            txn.feed_position().await?,
        ))
        .exec_without_returning(&*txn)
        .await
        .map_err(|e| org_number_conflict(e.into()))?;
        link_districts(&*txn, id, &districts).await?;
        membership::Entity::insert(membership::ActiveModel {
            organisation_id: Set(id),
            user_id: Set(owner),
            role: Set(OrgRole::Owner.as_str().to_owned()),
            created_at: Set(now),
        })
        .exec_without_returning(&*txn)
        .await?;
        record(&*txn, audit, "organisation", Some(id)).await?;
        txn.commit().await?;
        self.get_organisation(id).await
    }

    pub async fn get_organisation(&self, id: Uuid) -> Result<Organisation, StoreError> {
        load(&self.db, &[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Replaces the profile when the stored version is still `expected_version`, and sets
    /// the changes that wait for an admin (`pending`, empty for none).
    pub async fn update_organisation(
        &self,
        id: Uuid,
        expected_version: i32,
        profile: &OrganisationProfile,
        pending: &PendingChanges,
        audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let districts = district_ids(&*txn, &profile.districts).await?;
        let Some(previous) = organisation::Entity::find_by_id(id).one(&*txn).await? else {
            return Err(StoreError::NotFound);
        };
        if let Some(Some(number)) = &pending.org_number
            && organisation::Entity::find()
                .filter(organisation::Column::OrgNumber.eq(number.as_str()))
                .filter(organisation::Column::Id.ne(id))
                .count(&*txn)
                .await?
                > 0
        {
            return Err(org_number_conflict(StoreError::Conflict {
                constraint: None,
            }));
        }
        let pending_since = match (pending.is_empty(), previous.pending_since) {
            (true, _) => None,
            (false, Some(since)) => Some(since),
            (false, None) => Some(Utc::now()),
        };
        let updated = write_profile(organisation::Entity::update_many(), profile)
            .col_expr(
                organisation::Column::FeedModified,
                Expr::value(txn.feed_position().await?),
            )
            .col_expr(
                organisation::Column::PendingChanges,
                Expr::value(encode_pending(pending)),
            )
            .col_expr(
                organisation::Column::PendingSince,
                Expr::value(pending_since),
            )
            .filter(organisation::Column::Id.eq(id))
            .filter(organisation::Column::Version.eq(expected_version))
            .exec(&*txn)
            .await
            .map_err(|e| org_number_conflict(e.into()))?;
        if updated.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        organisation_district::Entity::delete_many()
            .filter(organisation_district::Column::OrganisationId.eq(id))
            .exec(&*txn)
            .await?;
        link_districts(&*txn, id, &districts).await?;
        if previous.name != profile.name {
            crate::activities::reindex_organisation(&mut txn, id, &profile.name).await?;
        }
        record(&*txn, audit, "organisation", Some(id)).await?;
        txn.commit().await?;
        self.get_organisation(id).await
    }

    /// An admin's answer to the pending changes of a verified organisation: `approve`
    /// makes them public, otherwise they are discarded and `reason` is kept for the
    /// members. The organisation stays verified either way.
    pub async fn resolve_pending_changes(
        &self,
        id: Uuid,
        approve: bool,
        reason: Option<String>,
        audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let Some(row) = organisation::Entity::find_by_id(id).one(&*txn).await? else {
            return Err(StoreError::NotFound);
        };
        let previous_name = row.name.clone();
        let districts = Vec::new();
        let current = to_domain(row, districts)?;
        let Some(pending) = &current.pending else {
            return Err(StoreError::Refused("no pending changes"));
        };
        let mut update = organisation::Entity::update_many();
        let mut profile = current.profile.clone();
        if approve {
            pending.apply_to(&mut profile);
            update = identity_columns(update, &profile);
        } else {
            update = update.col_expr(organisation::Column::RejectionReason, Expr::value(reason));
        }
        update
            .col_expr(
                organisation::Column::FeedModified,
                Expr::value(txn.feed_position().await?),
            )
            .col_expr(
                organisation::Column::PendingChanges,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                organisation::Column::PendingSince,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
            .col_expr(
                organisation::Column::Version,
                Expr::col(organisation::Column::Version).add(1),
            )
            .filter(organisation::Column::Id.eq(id))
            .exec(&*txn)
            .await
            .map_err(|e| org_number_conflict(e.into()))?;
        if previous_name != profile.name {
            crate::activities::reindex_organisation(&mut txn, id, &profile.name).await?;
        }
        record(&*txn, audit, "organisation", Some(id)).await?;
        txn.commit().await?;
        self.get_organisation(id).await
    }

    /// Moves an organisation to `status` (verify, reject, archive). `expected_version`, when
    /// given, must match.
    pub async fn set_organisation_status(
        &self,
        id: Uuid,
        status: OrganisationStatus,
        rejection_reason: Option<String>,
        expected_version: Option<i32>,
        audit: &Audit,
    ) -> Result<Organisation, StoreError> {
        let mut txn = self.write().await?;
        let public = status == OrganisationStatus::Verified;
        let mut update = organisation::Entity::update_many()
            .col_expr(organisation::Column::Status, Expr::value(status.as_str()))
            .col_expr(
                organisation::Column::EverPublic,
                Expr::col(organisation::Column::EverPublic).or(Expr::value(public)),
            )
            .col_expr(
                organisation::Column::FeedModified,
                Expr::value(txn.feed_position().await?),
            )
            .col_expr(
                organisation::Column::RejectionReason,
                Expr::value(rejection_reason),
            )
            .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
            .col_expr(
                organisation::Column::Version,
                Expr::col(organisation::Column::Version).add(1),
            )
            .filter(organisation::Column::Id.eq(id));
        if let Some(v) = expected_version {
            update = update.filter(organisation::Column::Version.eq(v));
        }
        let updated = update.exec(&*txn).await?;
        if updated.rows_affected == 0 {
            return Err(
                if organisation::Entity::find_by_id(id)
                    .one(&*txn)
                    .await?
                    .is_some()
                {
                    StoreError::VersionMismatch
                } else {
                    StoreError::NotFound
                },
            );
        }
        crate::activities::follow_organisation_status(&mut txn, id, status).await?;
        crate::volunteering::follow_organisation_status(
            &mut txn,
            id,
            // Deleted opportunities are filtered out of the update.
            fritid_domain::volunteering::is_public(false, status),
        )
        .await?;
        record(&*txn, audit, "organisation", Some(id)).await?;
        txn.commit().await?;
        self.get_organisation(id).await
    }

    /// Verified organisations in Norwegian alphabetical order (then by id).
    #[expect(
        clippy::too_many_lines,
        reason = "a query built filter by filter; split, the filters would lose their order"
    )]
    pub async fn list_public_organisations(
        &self,
        filter: &OrganisationFilter,
        cursor: Option<&str>,
        limit: u64,
    ) -> Result<Page<Organisation>, StoreError> {
        let mut query = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::NameSort)
            .filter(organisation::Column::Status.eq(OrganisationStatus::Verified.as_str()))
            .order_by_asc(organisation::Column::NameSort)
            .order_by_asc(organisation::Column::Id)
            .limit(limit + 1);
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
            let ids = district::Entity::find()
                .filter(
                    district::Column::Slug
                        .is_in(filter.districts.iter().map(|s| s.as_str().to_owned())),
                )
                .all(&self.db)
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
        if let Some(cursor) = cursor {
            let (name, id): (String, Uuid) =
                decode_cursor(cursor).ok_or(StoreError::InvalidCursor)?;
            query = query.filter(
                organisation::Column::NameSort
                    .gt(name.clone())
                    .or(organisation::Column::NameSort
                        .eq(name)
                        .and(organisation::Column::Id.gt(id))),
            );
        }
        let keys: Vec<(Uuid, String)> = query.into_tuple().all(&self.db).await?;
        let (keys, next_cursor) = cut(keys, limit, |(id, name)| (name.clone(), *id))?;
        let ids: Vec<Uuid> = keys.into_iter().map(|(id, _)| id).collect();
        Ok(Page {
            items: load(&self.db, &ids).await?,
            next_cursor,
        })
    }

    /// The actor's role in the organisation, if any.
    pub async fn membership(
        &self,
        org: Uuid,
        user_id: Uuid,
    ) -> Result<Option<OrgRole>, StoreError> {
        membership::Entity::find_by_id((org, user_id))
            .one(&self.db)
            .await?
            .map(|m| OrgRole::parse("role", &m.role).map_err(|_| corrupt("role", &m.role)))
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
                    role: OrgRole::parse("role", &m.role).map_err(|_| corrupt("role", &m.role))?,
                    since: m.created_at,
                })
            })
            .collect()
    }

    /// Removes a member (`role: None`) or changes their role. Refused when it would leave
    /// the organisation without an owner.
    pub async fn set_member_role(
        &self,
        org: Uuid,
        user_id: Uuid,
        role: Option<OrgRole>,
        audit: &Audit,
    ) -> Result<(), StoreError> {
        let txn = self.write().await?;
        let current = membership::Entity::find_by_id((org, user_id))
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let was_owner = current.role == OrgRole::Owner.as_str();
        let stays_owner = role == Some(OrgRole::Owner);
        if was_owner && !stays_owner && crate::ownership::owner_count(&*txn, org).await? <= 1 {
            return Err(StoreError::Refused(
                "an organisation must keep at least one owner",
            ));
        }
        match role {
            Some(role) => {
                membership::Entity::update_many()
                    .col_expr(membership::Column::Role, Expr::value(role.as_str()))
                    .filter(membership::Column::OrganisationId.eq(org))
                    .filter(membership::Column::UserId.eq(user_id))
                    .exec(&*txn)
                    .await?;
            }
            None => {
                membership::Entity::delete_by_id((org, user_id))
                    .exec(&*txn)
                    .await?;
            }
        }
        record(&*txn, audit, "organisation", Some(org)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Stores an invitation (by token hash only).
    pub async fn create_invitation(
        &self,
        invitation: &NewInvitation,
        audit: &Audit,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        let txn = self.write().await?;
        invitation::Entity::insert(invitation::ActiveModel {
            id: Set(id),
            organisation_id: Set(invitation.organisation_id),
            email: Set(invitation.email.as_str().to_owned()),
            role: Set(invitation.role.as_str().to_owned()),
            token_hash: Set(invitation.token_hash.clone()),
            invited_by: Set(Some(invitation.invited_by)),
            created_at: Set(Utc::now()),
            expires_at: Set(invitation.expires_at),
            accepted_at: Set(None),
        })
        .exec_without_returning(&*txn)
        .await?;
        record(
            &*txn,
            audit,
            "organisation",
            Some(invitation.organisation_id),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Accepts an invitation for `user`: they become a member with the invited role (an
    /// existing membership keeps the higher of the two roles).
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        user_id: Uuid,
        user_email: &Email,
    ) -> Result<Result<(Uuid, OrgRole), InvitationError>, StoreError> {
        let now = Utc::now();
        let txn = self.write().await?;
        let Some(inv) = invitation::Entity::find()
            .filter(invitation::Column::TokenHash.eq(token_hash))
            .one(&*txn)
            .await?
        else {
            return Ok(Err(InvitationError::NotFound));
        };
        if inv.accepted_at.is_some() || inv.expires_at <= now {
            return Ok(Err(InvitationError::NotFound));
        }
        if inv.email != user_email.as_str() {
            return Ok(Err(InvitationError::WrongRecipient));
        }
        let role = OrgRole::parse("role", &inv.role).map_err(|_| corrupt("role", &inv.role))?;
        let marked = invitation::Entity::update_many()
            .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
            .filter(invitation::Column::Id.eq(inv.id))
            .filter(invitation::Column::AcceptedAt.is_null())
            .exec(&*txn)
            .await?;
        if marked.rows_affected == 0 {
            return Ok(Err(InvitationError::NotFound));
        }
        let existing = membership::Entity::find_by_id((inv.organisation_id, user_id))
            .one(&*txn)
            .await?;
        let effective = match existing {
            Some(m) if m.role == OrgRole::Owner.as_str() => OrgRole::Owner,
            Some(_) => {
                membership::Entity::update_many()
                    .col_expr(membership::Column::Role, Expr::value(role.as_str()))
                    .filter(membership::Column::OrganisationId.eq(inv.organisation_id))
                    .filter(membership::Column::UserId.eq(user_id))
                    .exec(&*txn)
                    .await?;
                role
            }
            None => {
                membership::Entity::insert(membership::ActiveModel {
                    organisation_id: Set(inv.organisation_id),
                    user_id: Set(user_id),
                    role: Set(role.as_str().to_owned()),
                    created_at: Set(now),
                })
                .exec_without_returning(&*txn)
                .await?;
                role
            }
        };
        record(
            &*txn,
            &Audit::new(
                Some(user_id),
                "invitation.accept",
                format!("joined as {}", effective.as_str()),
            ),
            "organisation",
            Some(inv.organisation_id),
        )
        .await?;
        txn.commit().await?;
        Ok(Ok((inv.organisation_id, effective)))
    }
}

async fn link_districts<C: ConnectionTrait>(
    db: &C,
    org: Uuid,
    districts: &[Uuid],
) -> Result<(), StoreError> {
    for d in districts {
        organisation_district::Entity::insert(organisation_district::ActiveModel {
            organisation_id: Set(org),
            district_id: Set(*d),
        })
        .exec_without_returning(db)
        .await?;
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
