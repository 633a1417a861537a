//! Bulk loading for `fritid seed`: organisations and published activities written in large
//! batches (multi-row inserts, one transaction per batch), with the same derived rows
//! (categories, slots, terms) as the one-at-a-time path.

use chrono::Utc;
use fritid_domain::activity::{ActivityDetails, ActivityStatus};
use fritid_domain::organisation::{OrganisationProfile, OrganisationStatus};
use sea_orm::ActiveValue::Set;
use uuid::Uuid;

use crate::activities::{apply_details_public, category_rows, resolve_refs, slot_rows};
use crate::clock::now_micros;
use crate::entity::{activity, activity_term, organisation, organisation_district};
use crate::query::{DERIVED_CHUNK, insert_chunked, row_where};
use crate::reference::References;
use crate::terms::term_rows;
use crate::{Store, StoreError};

/// Rows per multi-row INSERT: below SQLite's limit of 32766 bound values for the widest
/// table (activities, ~40 columns).
const ACTIVITY_CHUNK: usize = 500;

impl Store {
    /// Whether an organisation with this exact name exists (seeding is idempotent by name).
    pub async fn organisation_named(&self, name: &str) -> Result<Option<Uuid>, StoreError> {
        let row = row_where(&self.db, organisation::Column::Name, name).await?;
        Ok(row.map(|o| o.id))
    }

    /// Inserts verified organisations without members (the municipality manages them until
    /// someone is invited). Returns their ids, in order.
    pub async fn seed_organisations(
        &self, profiles: &[OrganisationProfile],
    ) -> Result<Vec<Uuid>, StoreError> {
        let refs = self.references().await?;
        let now = Utc::now();
        let mut txn = self.write().await?;
        let modified = txn.feed_position().await?;
        let mut ids = Vec::with_capacity(profiles.len());
        let mut orgs = Vec::with_capacity(profiles.len());
        let mut links = Vec::new();
        for p in profiles {
            let id = Uuid::new_v4();
            ids.push(id);
            let verified = OrganisationStatus::Verified;
            orgs.push(crate::organisations::new_row(id, p, verified, now, modified));
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
        insert_chunked(&*txn, &orgs, ACTIVITY_CHUNK).await?;
        insert_chunked(&*txn, &links, DERIVED_CHUNK).await?;
        txn.commit().await?;
        Ok(ids)
    }

    /// Inserts published activities: `(organisation id, organisation name, details)`.
    /// Commits every `batch` activities, so progress survives an interruption.
    pub async fn seed_activities(
        &self, activities: &[(Uuid, String, ActivityDetails)], batch: usize,
    ) -> Result<(), StoreError> {
        let refs = References::load(&self.db).await?;
        for part in activities.chunks(batch.max(1)) {
            let mut txn = self.write().await?;
            let now = now_micros();
            let modified = txn.feed_position().await?;
            let mut rows = Vec::with_capacity(part.len());
            let mut categories = Vec::new();
            let mut slots = Vec::new();
            let mut terms = Vec::new();
            for (org, org_name, details) in part {
                let id = Uuid::new_v4();
                let (district, category_ids) = resolve_refs(&refs, details)?;
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
                categories.extend(category_rows(id, &category_ids));
                slots.extend(slot_rows(id, details));
                let texts = fritid_domain::search::activity_texts(details, org_name);
                terms.extend(term_rows::<activity_term::Entity>(id, &texts));
            }
            insert_chunked(&*txn, &rows, ACTIVITY_CHUNK).await?;
            insert_chunked(&*txn, &categories, DERIVED_CHUNK).await?;
            insert_chunked(&*txn, &slots, DERIVED_CHUNK).await?;
            insert_chunked(&*txn, &terms, DERIVED_CHUNK).await?;
            txn.commit().await?;
        }
        Ok(())
    }
}
