//! Activities: writes keep three derived tables in step with the row in one transaction —
//! categories, weekly slots (for weekday/time filters) and search terms (the Norwegian text
//! index) — so that public reads are plain indexed queries.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::ValidationErrors;
use fritid_domain::account::Email;
use fritid_domain::activity::{
    Accessibility, Activity, ActivityDetails, ActivityStatus, Contact, Price, Registration,
    TargetGroup, Venue,
};
use fritid_domain::audit::Audit;
use fritid_domain::organisation::OrganisationStatus;
use fritid_domain::reference::Slug;
use fritid_domain::schedule::slots;
use fritid_domain::text::sort_key;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::clock::now_micros;
use crate::entity::{activity, activity_category, activity_slot, activity_term, organisation};
use crate::error::corrupt;
use crate::page::{Page, cursor_key, cut_ids};
use crate::query::{
    DERIVED_CHUNK, Existing, IfCurrent, Walk, after, delete_where, in_order, insert,
    insert_chunked, linked_slugs, owner_name, rows_with_owner_names, single,
};
use crate::reference::References;
use crate::schedule_codec::{schedule_from_json, schedule_json};
use crate::terms::write_terms;
use crate::tracked::{FeedUpdate, VersionedUpdate, follow_organisation};
use crate::write::Write;
use crate::{Store, StoreError};

/// Ids for the district and categories; unknown ones are a validation error.
pub(crate) fn resolve_refs(
    refs: &References, details: &ActivityDetails,
) -> Result<(Uuid, Vec<Uuid>), StoreError> {
    let mut errors = ValidationErrors::new();
    let district = refs.district_id(&details.district);
    if district.is_none() {
        errors.push("district", "is not a known district");
    }
    let mut categories = Vec::new();
    for (i, c) in details.categories.iter().enumerate() {
        match refs.category_id(c) {
            Some(id) => categories.push(id),
            None => errors.push(format!("categories[{i}]"), "is not a known category"),
        }
    }
    // An unknown district is among the errors, so `Some` with no errors is the only success.
    match district {
        Some(district) if errors.is_empty() => Ok((district, categories)),
        _ => Err(StoreError::Invalid(errors)),
    }
}

/// The links of an activity to its categories.
pub(crate) fn category_rows(
    activity_id: Uuid, categories: &[Uuid],
) -> Vec<activity_category::ActiveModel> {
    categories
        .iter()
        .map(|c| activity_category::ActiveModel {
            activity_id: Set(activity_id),
            category_id: Set(*c),
        })
        .collect()
}

/// The weekly windows of an activity's schedule, for the weekday and time filters.
pub(crate) fn slot_rows(
    activity_id: Uuid, details: &ActivityDetails,
) -> Vec<activity_slot::ActiveModel> {
    slots(&details.schedule)
        .into_iter()
        .map(|(weekday, start, end, valid_to)| activity_slot::ActiveModel {
            activity_id: Set(activity_id),
            weekday: Set(weekday.num_days_from_monday() as i16),
            start_minute: Set(start as i16),
            end_minute: Set(end as i16),
            valid_to: Set(valid_to),
            ..Default::default()
        })
        .collect()
}

/// Replaces the derived rows of one activity.
async fn write_index<C: ConnectionTrait>(
    db: &C, activity_id: Uuid, details: &ActivityDetails, categories: &[Uuid],
    organisation_name: &str,
) -> Result<(), StoreError> {
    delete_where(db, activity_category::Column::ActivityId, activity_id).await?;
    delete_where(db, activity_slot::Column::ActivityId, activity_id).await?;
    let texts = fritid_domain::search::activity_texts(details, organisation_name);
    write_terms::<activity_term::Entity>(db, activity_id, &texts).await?;
    let categories = category_rows(activity_id, categories);
    insert_chunked(db, &categories, DERIVED_CHUNK).await?;
    insert_chunked(db, &slot_rows(activity_id, details), DERIVED_CHUNK).await
}

/// Sets every details column, and `is_public` (for bulk loads that write published rows).
pub(crate) fn apply_details_public(
    am: &mut activity::ActiveModel, details: &ActivityDetails, district: Uuid, is_public: bool,
) -> Result<(), StoreError> {
    apply_details(am, details, district)?;
    am.is_public = Set(is_public);
    Ok(())
}

fn apply_details(
    am: &mut activity::ActiveModel, details: &ActivityDetails, district: Uuid,
) -> Result<(), StoreError> {
    am.title = Set(details.title.clone());
    am.title_sort = Set(sort_key(&details.title));
    am.summary = Set(details.summary.clone());
    am.description = Set(details.description.clone());
    am.district_id = Set(district);
    am.venue_name = Set(details.venue.name.clone());
    am.venue_address = Set(details.venue.address.clone());
    am.latitude = Set(details.venue.coordinates.map(|c| c.0));
    am.longitude = Set(details.venue.coordinates.map(|c| c.1));
    am.age_min = Set(details.age_min);
    am.age_max = Set(details.age_max);
    am.target_groups = Set(TargetGroup::mask(&details.target_groups));
    am.price_amount_nok = Set(details.price.amount_nok);
    am.price_free = Set(details.price.free);
    am.price_reduced = Set(details.price.reduced_price_available);
    am.registration_required = Set(details.registration.required);
    am.registration_url = Set(details.registration.url.clone());
    am.registration_deadline = Set(details.registration.deadline);
    am.capacity = Set(details.capacity);
    am.languages = Set(details.languages.join(","));
    am.wheelchair = Set(details.accessibility.wheelchair);
    am.hearing_loop = Set(details.accessibility.hearing_loop);
    am.adapted = Set(details.accessibility.adapted);
    am.accessibility_description = Set(details.accessibility.description.clone());
    am.contact_name = Set(details.contact.name.clone());
    am.contact_email = Set(details.contact.email.as_ref().map(|e| e.to_string()));
    am.contact_phone = Set(details.contact.phone.clone());
    am.schedule = Set(schedule_json(&details.schedule)?);
    Ok(())
}

/// The status of an organisation row.
pub(crate) fn organisation_status(
    org: &organisation::Model,
) -> Result<OrganisationStatus, StoreError> {
    OrganisationStatus::parse(&org.status)
        .ok_or_else(|| corrupt("organisation status", &org.status))
}

/// The organisation a new activity or opportunity is for, with its status. Asked inside the
/// write, so an organisation archived since the caller looked is refused.
pub(crate) async fn organisation_taking_listings<C: ConnectionTrait>(
    db: &C, organisation_id: Uuid,
) -> Result<(organisation::Model, OrganisationStatus), StoreError> {
    let org = organisation::Entity::find_by_id(organisation_id).existing(db).await?;
    let status = organisation_status(&org)?;
    if !status.accepts_new_listings() {
        return Err(StoreError::Refused("the organisation is archived"));
    }
    Ok((org, status))
}

/// Loads activities by id, keeping the given order: four queries whatever the count.
pub(crate) async fn load<C: ConnectionTrait>(
    db: &C, refs: &References, ids: &[Uuid],
) -> Result<Vec<Activity>, StoreError> {
    let rows = rows_with_owner_names(db, activity::Column::Id, ids, |r| r.organisation_id).await?;
    let links = (activity_category::Column::ActivityId, activity_category::Column::CategoryId);
    let mut categories = linked_slugs(db, links, ids, |id| refs.stored_category(id)).await?;
    let mut by_id: HashMap<Uuid, Activity> = HashMap::new();
    for (m, org_name) in rows {
        let cats = categories.remove(&m.id).unwrap_or_default();
        by_id.insert(m.id, to_domain(m, refs, cats, org_name)?);
    }
    Ok(in_order(ids, by_id))
}

fn to_domain(
    m: activity::Model, refs: &References, categories: Vec<Slug>, organisation_name: String,
) -> Result<Activity, StoreError> {
    let district = refs.stored_district(m.district_id)?;
    let coordinates = match (m.latitude, m.longitude) {
        (Some(lat), Some(lon)) => Some((lat, lon)),
        _ => None,
    };
    Ok(Activity {
        id: m.id,
        organisation_id: m.organisation_id,
        organisation_name,
        status: ActivityStatus::parse(&m.status).ok_or_else(|| corrupt("status", &m.status))?,
        is_public: m.is_public,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        published_at: m.published_at,
        details: ActivityDetails {
            schedule: schedule_from_json(&m.schedule)?,
            title: m.title,
            summary: m.summary,
            description: m.description,
            categories,
            district,
            venue: Venue { name: m.venue_name, address: m.venue_address, coordinates },
            age_min: m.age_min,
            age_max: m.age_max,
            target_groups: TargetGroup::from_mask(m.target_groups),
            price: Price {
                amount_nok: m.price_amount_nok,
                free: m.price_free,
                reduced_price_available: m.price_reduced,
            },
            registration: Registration {
                required: m.registration_required,
                url: m.registration_url,
                deadline: m.registration_deadline,
            },
            capacity: m.capacity,
            languages: m
                .languages
                .split(',')
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            accessibility: Accessibility {
                wheelchair: m.wheelchair,
                hearing_loop: m.hearing_loop,
                adapted: m.adapted,
                description: m.accessibility_description,
            },
            contact: Contact {
                name: m.contact_name,
                email: m
                    .contact_email
                    .as_deref()
                    .map(|e| Email::parse("email", e).map_err(|_| corrupt("email", e)))
                    .transpose()?,
                phone: m.contact_phone,
            },
        },
    })
}

/// What the organisation's own list may be filtered by.
#[derive(Debug, Clone, Default)]
pub struct OwnActivitiesFilter {
    /// Empty means "every status but deleted".
    pub statuses: Vec<ActivityStatus>,
    /// Only public ones (for callers who are not members).
    pub public_only: bool,
}

impl Store {
    /// Districts and categories, from a copy at most 30 seconds old (reference data is
    /// loaded by migrations and changes rarely).
    pub async fn references(&self) -> Result<std::sync::Arc<References>, StoreError> {
        const FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(30);
        if let Ok(guard) = self.references.read()
            && let Some((at, refs)) = guard.as_ref()
            && at.elapsed() < FRESH_FOR
        {
            return Ok(refs.clone());
        }
        let refs = std::sync::Arc::new(References::load(&self.db).await?);
        if let Ok(mut guard) = self.references.write() {
            *guard = Some((std::time::Instant::now(), refs.clone()));
        }
        Ok(refs)
    }

    /// Creates a draft.
    pub async fn create_activity(
        &self, organisation_id: Uuid, details: &ActivityDetails, audit: &Audit,
    ) -> Result<Activity, StoreError> {
        let refs = self.references().await?;
        let (district, categories) = resolve_refs(&refs, details)?;
        let now = now_micros();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let (org, _) = organisation_taking_listings(&*txn, organisation_id).await?;
        let mut am = activity::ActiveModel {
            id: Set(id),
            organisation_id: Set(organisation_id),
            status: Set(ActivityStatus::Draft.as_str().to_owned()),
            is_public: Set(false),
            ever_public: Set(false),
            feed_modified: Set(txn.feed_position().await?),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(None),
            ..Default::default()
        };
        apply_details(&mut am, details, district)?;
        insert(&*txn, am).await?;
        write_index(&*txn, id, details, &categories, &org.name).await?;
        txn.commit_audited(audit, "activity", Some(id)).await?;
        self.get_activity_with(&refs, id).await
    }

    pub async fn get_activity(&self, id: Uuid) -> Result<Activity, StoreError> {
        let refs = self.references().await?;
        self.get_activity_with(&refs, id).await
    }

    async fn get_activity_with(&self, refs: &References, id: Uuid) -> Result<Activity, StoreError> {
        single(load(&self.db, refs, &[id]).await?)
    }

    /// Replaces the details when the stored version is still `expected_version`.
    pub async fn update_activity(
        &self, id: Uuid, expected_version: i32, details: &ActivityDetails, audit: &Audit,
    ) -> Result<Activity, StoreError> {
        let refs = self.references().await?;
        let (district, categories) = resolve_refs(&refs, details)?;
        let mut txn = self.write().await?;
        let current = activity::Entity::find_by_id(id).existing(&*txn).await?;
        if current.version != expected_version {
            return Err(StoreError::VersionMismatch);
        }
        let org_name = owner_name(&*txn, current.organisation_id, "activity", id).await?;
        let mut am =
            activity::ActiveModel { id: sea_orm::ActiveValue::Unchanged(id), ..Default::default() };
        apply_details(&mut am, details, district)?;
        am.updated_at = Set(now_micros());
        am.version = Set(expected_version + 1);
        am.feed_modified = Set(txn.feed_position().await?);
        // The version check is repeated in the UPDATE itself: of two concurrent writers with
        // the same ETag, exactly one changes a row.
        activity::Entity::update_many()
            .set(am)
            .at_version(id, Some(expected_version))
            .exec_if_current(&*txn)
            .await?;
        write_index(&*txn, id, details, &categories, &org_name).await?;
        txn.commit_audited(audit, "activity", Some(id)).await?;
        self.get_activity_with(&refs, id).await
    }

    /// Moves an activity through its lifecycle. Publishing is public at once only when the
    /// organisation is verified.
    pub async fn set_activity_status(
        &self, id: Uuid, status: ActivityStatus, expected_version: Option<i32>, audit: &Audit,
    ) -> Result<Activity, StoreError> {
        let mut txn = self.write().await?;
        let current = activity::Entity::find_by_id(id).existing(&*txn).await?;
        let org = organisation::Entity::find_by_id(current.organisation_id)
            .one(&*txn)
            .await?
            .ok_or_else(|| corrupt("organisation of activity", &id.to_string()))?;
        let org_status = organisation_status(&org)?;
        if status == ActivityStatus::Published && !org_status.allows_publishing() {
            return Err(StoreError::Refused(
                "the organisation is archived or rejected; its activities cannot be published",
            ));
        }
        let now = now_micros();
        let public = fritid_domain::activity::is_public(status, org_status);
        let mut update = activity::Entity::update_many()
            .col_expr(activity::Column::Status, Expr::value(status.as_str()))
            .col_expr(activity::Column::IsPublic, Expr::value(public))
            .ever_public_if(public)
            .in_feed(txn.feed_position().await?)
            .next_version(now)
            .at_version(id, expected_version);
        if status == ActivityStatus::Published {
            update = update.col_expr(activity::Column::PublishedAt, Expr::value(Some(now)));
        }
        update.exec_if_current(&*txn).await?;
        txn.commit_audited(audit, "activity", Some(id)).await?;
        self.get_activity(id).await
    }

    /// An organisation's activities, newest first, keyset-paginated.
    pub async fn list_organisation_activities(
        &self, organisation_id: Uuid, filter: &OwnActivitiesFilter, cursor: Option<&str>,
        limit: u64,
    ) -> Result<Page<Activity>, StoreError> {
        let refs = self.references().await?;
        let mut query = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .column(activity::Column::UpdatedAt)
            .filter(activity::Column::OrganisationId.eq(organisation_id))
            .order_by_desc(activity::Column::UpdatedAt)
            .order_by_desc(activity::Column::Id)
            .limit(limit + 1);
        if filter.public_only {
            query = query.filter(activity::Column::IsPublic.eq(true));
        }
        if filter.statuses.is_empty() {
            query = query.filter(activity::Column::Status.ne(ActivityStatus::Deleted.as_str()));
        } else {
            query = query
                .filter(activity::Column::Status.is_in(filter.statuses.iter().map(|s| s.as_str())));
        }
        if let Some(key) = cursor_key::<(DateTime<Utc>, Uuid)>(cursor)? {
            let (updated, id) = (activity::Column::UpdatedAt, activity::Column::Id);
            query = query.filter(after(updated, id, key, Walk::Descending));
        }
        let keys: Vec<(Uuid, DateTime<Utc>)> = query.into_tuple().all(&self.db).await?;
        let (ids, next_cursor) = cut_ids(keys, limit, |(id, at)| (*at, *id))?;
        Ok(Page { items: load(&self.db, &refs, &ids).await?, next_cursor })
    }
}

/// Keeps activities in step with their organisation: after a status change, an activity is
/// public exactly when it is published and the organisation verified; archiving also
/// unpublishes. Runs inside the organisation's own transaction.
pub(crate) async fn follow_organisation_status(
    txn: &mut Write<'_>, organisation_id: Uuid, status: OrganisationStatus,
) -> Result<(), StoreError> {
    // Only published activities follow (the updates are filtered to them).
    let published = activity::Column::Status.eq(ActivityStatus::Published.as_str());
    if status == OrganisationStatus::Archived {
        activity::Entity::update_many()
            .in_feed(txn.feed_position().await?)
            .col_expr(activity::Column::Status, Expr::value(ActivityStatus::Unpublished.as_str()))
            .col_expr(activity::Column::IsPublic, Expr::value(false))
            .next_version(now_micros())
            .filter(activity::Column::OrganisationId.eq(organisation_id))
            .filter(published)
            .exec(&**txn)
            .await?;
        return Ok(());
    }
    let public = fritid_domain::activity::is_public(ActivityStatus::Published, status);
    follow_organisation::<activity::Entity>(txn, organisation_id, published, public).await
}

/// After a rename, the organisation's name terms of each of its activities change.
pub(crate) async fn reindex_organisation(
    txn: &mut Write<'_>, organisation_id: Uuid, organisation_name: &str,
) -> Result<(), StoreError> {
    let refs = References::load(&**txn).await?;
    let ids: Vec<Uuid> = activity::Entity::find()
        .select_only()
        .column(activity::Column::Id)
        .filter(activity::Column::OrganisationId.eq(organisation_id))
        .into_tuple()
        .all(&**txn)
        .await?;
    for activity in load(&**txn, &refs, &ids).await? {
        let texts = fritid_domain::search::activity_texts(&activity.details, organisation_name);
        write_terms::<activity_term::Entity>(&**txn, activity.id, &texts).await?;
    }
    // Their public representation shows the organisation's name: they change in the feed.
    activity::Entity::update_many()
        .col_expr(activity::Column::UpdatedAt, Expr::value(now_micros()))
        .in_feed(txn.feed_position().await?)
        .filter(activity::Column::OrganisationId.eq(organisation_id))
        .exec(&**txn)
        .await?;
    Ok(())
}
