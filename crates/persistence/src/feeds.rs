//! Change feeds for third parties (OpenActive RPDE 1.0, "modified timestamp and ID"
//! ordering).
//!
//! Every write to a public resource takes the next number from the feed clock
//! (`clock::tick`) inside its own transaction, so numbers increase in commit order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use fritid_domain::activity::Activity;
use fritid_domain::organisation::{Organisation, OrganisationStatus};
use fritid_domain::volunteering::Opportunity;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TryGetableMany,
};
use uuid::Uuid;

use crate::entity::{activity, organisation, volunteer_opportunity as opp};
use crate::query::{Walk, after};
use crate::reference::References;
use crate::tracked::{InFeed, Versioned};
use crate::{Store, StoreError};

/// One entry of a feed: the resource when public, a tombstone (`None`) otherwise.
#[derive(Debug, Clone)]
pub struct FeedEntry<T> {
    pub id: Uuid,
    pub modified: i64,
    pub item: Option<T>,
}

/// The feed rows of a table after (`modified`, `id`), in feed order: id, position, and the
/// table's `visible` column, which tells whether the row is public now.
async fn changed_after<Col, V, C>(
    db: &C, visible: Col, after_key: (i64, Uuid), limit: u64, rows: FeedRows,
) -> Result<Vec<(Uuid, i64, V)>, StoreError>
where
    Col: ColumnTrait,
    Col::EntityName: InFeed<Column = Col>,
    (Uuid, i64, V): TryGetableMany,
    C: ConnectionTrait,
{
    let (id, modified) = (Col::EntityName::ID, Col::EntityName::FEED_MODIFIED);
    let mut query = Col::EntityName::find().select_only().columns([id, modified, visible]);
    if rows == FeedRows::EverPublic {
        query = query.filter(Col::EntityName::EVER_PUBLIC.eq(true));
    }
    Ok(query
        .filter(after(modified, id, after_key, Walk::Ascending))
        .order_by_asc(modified)
        .order_by_asc(id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Which rows a feed walks: those that were ever public (the third parties' feeds: a draft
/// never shows, not even as a tombstone), or every changed row (the search index's own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeedRows {
    EverPublic,
    All,
}

/// Feed entries of the rows, with the public ones' resources from `loaded` (by id).
fn entries<T>(rows: Vec<(Uuid, i64, bool)>, mut loaded: HashMap<Uuid, T>) -> Vec<FeedEntry<T>> {
    rows.into_iter()
        .map(|(id, modified, public)| FeedEntry {
            id,
            modified,
            item: if public { loaded.remove(&id) } else { None },
        })
        .collect()
}

/// The ids of the public rows.
fn public_ids(rows: &[(Uuid, i64, bool)]) -> Vec<Uuid> {
    rows.iter().filter(|r| r.2).map(|r| r.0).collect()
}

impl Store {
    /// Activities changed after (`after_modified`, `after_id`), in feed order.
    pub async fn activity_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Activity>>, StoreError> {
        self.activity_rows(after, limit, FeedRows::EverPublic).await
    }

    /// Every activity changed after (`after_modified`, `after_id`), in feed order, public or
    /// not: what the search index follows. A row that was never public comes as a tombstone.
    pub async fn activity_changes(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Activity>>, StoreError> {
        self.activity_rows(after, limit, FeedRows::All).await
    }

    /// Whether this database holds the activity change (`modified`, `id`) or a later change
    /// of the same activity: false when whoever saw that change (the search index) saw
    /// another database, or this one before it was restored from an older backup.
    /// Activities are never deleted from the table, so a change once made stays findable.
    pub async fn holds_activity_change(&self, modified: i64, id: Uuid) -> Result<bool, StoreError> {
        let found = activity::Entity::find_by_id(id)
            .filter(activity::Column::FeedModified.gte(modified))
            .select_only()
            .column(activity::Column::Id)
            .into_tuple::<Uuid>()
            .one(&self.db)
            .await?;
        Ok(found.is_some())
    }

    async fn activity_rows(
        &self, after: (i64, Uuid), limit: u64, which: FeedRows,
    ) -> Result<Vec<FeedEntry<Activity>>, StoreError> {
        let rows = changed_after(&self.db, activity::Column::IsPublic, after, limit, which).await?;
        let refs = References::load(&self.db).await?;
        let loaded = crate::activities::load(&self.db, &refs, &public_ids(&rows)).await?;
        Ok(entries(rows, loaded.into_iter().map(|a| (a.id, a)).collect()))
    }

    pub async fn organisation_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Organisation>>, StoreError> {
        let rows: Vec<(Uuid, i64, String)> = changed_after(
            &self.db,
            organisation::Column::Status,
            after,
            limit,
            FeedRows::EverPublic,
        )
        .await?;
        let verified = OrganisationStatus::Verified.as_str();
        let rows: Vec<(Uuid, i64, bool)> = rows
            .into_iter()
            .map(|(id, modified, status)| (id, modified, status == verified))
            .collect();
        let mut loaded = HashMap::new();
        for id in public_ids(&rows) {
            loaded.insert(id, self.get_organisation(id).await?);
        }
        Ok(entries(rows, loaded))
    }

    pub async fn opportunity_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Opportunity>>, StoreError> {
        let rows =
            changed_after(&self.db, opp::Column::IsPublic, after, limit, FeedRows::EverPublic)
                .await?;
        let mut loaded = HashMap::new();
        for id in public_ids(&rows) {
            loaded.insert(id, self.get_opportunity(id).await?);
        }
        Ok(entries(rows, loaded))
    }
}

/// For display: a feed number as the instant it was taken (microseconds since 1970).
pub fn modified_instant(modified: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(modified)
}
