//! Change feeds for third parties (OpenActive RPDE 1.0, "modified timestamp and ID"
//! ordering).
//!
//! Every write to a public resource takes the next number from the feed clock
//! (`clock::tick`) inside its own transaction, so numbers increase in commit order.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::ExprTrait;
use uuid::Uuid;

use crate::activities::load as load_activities;
use crate::entity::{activity, organisation, volunteer_opportunity};
use crate::reference::References;
use crate::{Store, StoreError};
use fritid_domain::activity::Activity;
use fritid_domain::organisation::Organisation;
use fritid_domain::volunteering::Opportunity;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// One entry of a feed: the resource when public, a tombstone (`None`) otherwise.
#[derive(Debug, Clone)]
pub struct FeedEntry<T> {
    pub id: Uuid,
    pub modified: i64,
    pub item: Option<T>,
}

impl Store {
    /// Activities changed after (`after_modified`, `after_id`), in feed order.
    pub async fn activity_feed(
        &self,
        after: (i64, Uuid),
        limit: u64,
    ) -> Result<Vec<FeedEntry<Activity>>, StoreError> {
        let rows: Vec<(Uuid, i64, bool)> = activity::Entity::find()
            .select_only()
            .column(activity::Column::Id)
            .column(activity::Column::FeedModified)
            .column(activity::Column::IsPublic)
            .filter(activity::Column::EverPublic.eq(true))
            .filter(
                activity::Column::FeedModified
                    .gt(after.0)
                    .or(activity::Column::FeedModified
                        .eq(after.0)
                        .and(activity::Column::Id.gt(after.1))),
            )
            .order_by_asc(activity::Column::FeedModified)
            .order_by_asc(activity::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let refs = References::load(&self.db).await?;
        let public: Vec<Uuid> = rows.iter().filter(|r| r.2).map(|r| r.0).collect();
        let mut loaded: std::collections::HashMap<Uuid, Activity> =
            load_activities(&self.db, &refs, &public)
                .await?
                .into_iter()
                .map(|a| (a.id, a))
                .collect();
        Ok(rows
            .into_iter()
            .map(|(id, modified, _)| FeedEntry {
                id,
                modified,
                item: loaded.remove(&id),
            })
            .collect())
    }

    pub async fn organisation_feed(
        &self,
        after: (i64, Uuid),
        limit: u64,
    ) -> Result<Vec<FeedEntry<Organisation>>, StoreError> {
        let rows: Vec<(Uuid, i64, String)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::FeedModified)
            .column(organisation::Column::Status)
            .filter(organisation::Column::EverPublic.eq(true))
            .filter(
                organisation::Column::FeedModified.gt(after.0).or(
                    organisation::Column::FeedModified
                        .eq(after.0)
                        .and(organisation::Column::Id.gt(after.1)),
                ),
            )
            .order_by_asc(organisation::Column::FeedModified)
            .order_by_asc(organisation::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, modified, status) in rows {
            let item = if status == "verified" {
                Some(self.get_organisation(id).await?)
            } else {
                None
            };
            out.push(FeedEntry { id, modified, item });
        }
        Ok(out)
    }

    pub async fn opportunity_feed(
        &self,
        after: (i64, Uuid),
        limit: u64,
    ) -> Result<Vec<FeedEntry<Opportunity>>, StoreError> {
        let rows: Vec<(Uuid, i64, bool)> = volunteer_opportunity::Entity::find()
            .select_only()
            .column(volunteer_opportunity::Column::Id)
            .column(volunteer_opportunity::Column::FeedModified)
            .column(volunteer_opportunity::Column::IsPublic)
            .filter(volunteer_opportunity::Column::EverPublic.eq(true))
            .filter(
                volunteer_opportunity::Column::FeedModified.gt(after.0).or(
                    volunteer_opportunity::Column::FeedModified
                        .eq(after.0)
                        .and(volunteer_opportunity::Column::Id.gt(after.1)),
                ),
            )
            .order_by_asc(volunteer_opportunity::Column::FeedModified)
            .order_by_asc(volunteer_opportunity::Column::Id)
            .limit(limit)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, modified, public) in rows {
            let item = if public {
                Some(self.get_opportunity(id).await?)
            } else {
                None
            };
            out.push(FeedEntry { id, modified, item });
        }
        Ok(out)
    }
}

/// For display: a feed number as the instant it was taken (microseconds since 1970).
pub fn modified_instant(modified: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(modified)
}
