//! Bulk loading for `fritid seed`: organisations and published activities written in large
//! batches (multi-row inserts, one transaction per batch), with the same derived rows
//! (categories, slots, terms) as the one-at-a-time path.

use chrono::Utc;
use fritid_domain::activity::{ActivityDetails, ActivityStatus};
use fritid_domain::organisation::{OrganisationProfile, OrganisationStatus};
use fritid_domain::schedule::slots;
use fritid_domain::search::{Field, index_terms};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::activities::apply_details_public;
use crate::clock::now_micros;
use crate::entity::{
    activity, activity_category, activity_slot, activity_term, organisation, organisation_district,
};
use crate::reference::References;
use crate::{Store, StoreError};

/// Rows per multi-row INSERT: below SQLite's limit of 32766 bound values for the widest
/// table (activities, ~40 columns).
const ACTIVITY_CHUNK: usize = 500;
const SMALL_CHUNK: usize = 5000;

impl Store {
    /// Whether an organisation with this exact name exists (seeding is idempotent by name).
    pub async fn organisation_named(&self, name: &str) -> Result<Option<Uuid>, StoreError> {
        Ok(organisation::Entity::find()
            .filter(organisation::Column::Name.eq(name))
            .one(&self.db)
            .await?
            .map(|o| o.id))
    }

    /// Inserts verified organisations without members (the municipality manages them until
    /// someone is invited). Returns their ids, in order.
    pub async fn seed_organisations(
        &self,
        profiles: &[OrganisationProfile],
    ) -> Result<Vec<Uuid>, StoreError> {
        let refs = self.references().await?;
        let now = Utc::now();
        let mut txn = self.write().await?;
        let modified = txn.feed_position().await?;
        let mut ids = Vec::with_capacity(profiles.len());
        for chunk in profiles.chunks(ACTIVITY_CHUNK) {
            let mut orgs = Vec::new();
            let mut links = Vec::new();
            for p in chunk {
                let id = Uuid::new_v4();
                ids.push(id);
                orgs.push(crate::organisations::new_row(
                    id,
                    p,
                    OrganisationStatus::Verified,
                    now,
                    modified,
                ));
                for d in &p.districts {
                    let district = refs.district_id(d).ok_or_else(|| {
                        StoreError::Config(format!("seed names unknown district {d}"))
                    })?;
                    links.push(organisation_district::ActiveModel {
                        organisation_id: Set(id),
                        district_id: Set(district),
                    });
                }
            }
            organisation::Entity::insert_many(orgs)
                .exec_without_returning(&*txn)
                .await?;
            if !links.is_empty() {
                organisation_district::Entity::insert_many(links)
                    .exec_without_returning(&*txn)
                    .await?;
            }
        }
        txn.commit().await?;
        Ok(ids)
    }

    /// Inserts published activities: `(organisation id, organisation name, details)`.
    /// Commits every `batch` activities, so progress survives an interruption.
    pub async fn seed_activities(
        &self,
        activities: &[(Uuid, String, ActivityDetails)],
        batch: usize,
    ) -> Result<(), StoreError> {
        let refs = References::load(&self.db).await?;
        for part in activities.chunks(batch.max(1)) {
            let mut txn = self.write().await?;
            let now = now_micros();
            let modified = txn.feed_position().await?;
            let mut rows = Vec::with_capacity(part.len());
            let mut categories = Vec::new();
            let mut slot_rows = Vec::new();
            let mut terms = Vec::new();
            for (org, org_name, details) in part {
                let id = Uuid::new_v4();
                let (district, category_ids) = crate::activities::resolve_refs(&refs, details)?;
                let mut am = activity::ActiveModel {
                    id: Set(id),
                    organisation_id: Set(*org),
                    status: Set(ActivityStatus::Published.as_str().to_owned()),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    published_at: Set(Some(now)),
                    feed_modified: Set(modified),
                    ever_public: Set(true),
                    ..Default::default()
                };
                apply_details_public(&mut am, details, district, true)?;
                rows.push(am);
                for c in category_ids {
                    categories.push(activity_category::ActiveModel {
                        activity_id: Set(id),
                        category_id: Set(c),
                    });
                }
                for (weekday, start, end, valid_to) in slots(&details.schedule) {
                    slot_rows.push(activity_slot::ActiveModel {
                        activity_id: Set(id),
                        weekday: Set(weekday.num_days_from_monday() as i16),
                        start_minute: Set(start as i16),
                        end_minute: Set(end as i16),
                        valid_to: Set(valid_to),
                        ..Default::default()
                    });
                }
                for (term, weight) in index_terms(&[
                    (Field::Title, &details.title),
                    (Field::Summary, &details.summary),
                    (Field::Description, &details.description),
                    (Field::Organisation, org_name),
                ]) {
                    terms.push(activity_term::ActiveModel {
                        term: Set(term),
                        activity_id: Set(id),
                        weight: Set(weight),
                    });
                }
            }
            for chunk in rows.chunks(ACTIVITY_CHUNK) {
                activity::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&*txn)
                    .await?;
            }
            for chunk in categories.chunks(SMALL_CHUNK) {
                activity_category::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&*txn)
                    .await?;
            }
            for chunk in slot_rows.chunks(SMALL_CHUNK) {
                activity_slot::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&*txn)
                    .await?;
            }
            for chunk in terms.chunks(SMALL_CHUNK) {
                activity_term::Entity::insert_many(chunk.to_vec())
                    .exec_without_returning(&*txn)
                    .await?;
            }
            txn.commit().await?;
        }
        Ok(())
    }
}
