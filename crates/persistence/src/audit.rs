//! The audit log table.

use chrono::Utc;
use fritid_domain::audit::{Audit, AuditEntry};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::audit_log;
use crate::page::{Page, cut, decode_cursor};
use crate::{Store, StoreError};

/// Records `audit` about a resource, on the connection or transaction of the change itself.
pub(crate) async fn record<C: ConnectionTrait>(
    db: &C, audit: &Audit, resource_type: &str, resource_id: Option<Uuid>,
) -> Result<(), StoreError> {
    let entry = audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(Utc::now()),
        actor_id: Set(audit.actor_id),
        action: Set(audit.action.to_owned()),
        resource_type: Set(resource_type.to_owned()),
        resource_id: Set(resource_id),
        summary: Set(audit.summary.clone()),
    };
    crate::query::insert(db, entry).await
}

/// What part of the audit log to list; empty lists all of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// What the entries are about (`organisation`, `activity`, `district`, …).
    pub resource_type: Option<String>,
    /// The one thing they are about.
    pub resource_id: Option<Uuid>,
}

impl Store {
    /// Newest first. `cursor` comes from a previous page.
    pub async fn list_audit_log(
        &self, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<AuditEntry>, StoreError> {
        self.list_audit_log_filtered(&AuditFilter::default(), cursor, limit).await
    }

    /// The entries `filter` picks, newest first. `cursor` comes from a previous page of the
    /// same filter.
    pub async fn list_audit_log_filtered(
        &self, filter: &AuditFilter, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<AuditEntry>, StoreError> {
        // Ids are UUID v7: their byte order is their time order on both backends, which
        // makes them a stable single-column sort key.
        let mut query =
            audit_log::Entity::find().order_by_desc(audit_log::Column::Id).limit(limit + 1);
        if let Some(cursor) = cursor {
            let id: Uuid = decode_cursor(cursor).ok_or(StoreError::InvalidCursor)?;
            query = query.filter(audit_log::Column::Id.lt(id));
        }
        if let Some(resource_type) = &filter.resource_type {
            query = query.filter(audit_log::Column::ResourceType.eq(resource_type.as_str()));
        }
        if let Some(resource_id) = filter.resource_id {
            query = query.filter(audit_log::Column::ResourceId.eq(resource_id));
        }
        let (rows, next_cursor) = cut(query.all(&self.db).await?, limit, |r| r.id)?;
        Ok(Page {
            items: rows
                .into_iter()
                .map(|r| AuditEntry {
                    id: r.id,
                    at: r.at,
                    actor_id: r.actor_id,
                    action: r.action,
                    resource_type: r.resource_type,
                    resource_id: r.resource_id,
                    summary: r.summary,
                })
                .collect(),
            next_cursor,
        })
    }
}
