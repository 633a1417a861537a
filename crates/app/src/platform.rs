//! What the platform itself answers: reference data, change feeds, the audit log, health.

use std::collections::HashMap;

use fritid_domain::account::User;
use fritid_domain::activity::Activity;
use fritid_domain::audit::AuditEntry;
use fritid_domain::mail::{MailStatus, OutboxEntry};
use fritid_domain::organisation::Organisation;
use fritid_domain::policy::{Action, Resource};
use fritid_domain::reference::{Category, District, Slug};
use fritid_domain::volunteering::Opportunity;
use fritid_persistence::{AuditFilter, FeedEntry, Page, Readiness, StoreError};
use uuid::Uuid;

use crate::access::require;
use crate::organisations::actor;
use crate::{App, AppError};

impl App {
    /// Reachable and fully migrated?
    pub async fn readiness(&self) -> Result<Readiness, AppError> {
        Ok(self.store.readiness().await?)
    }

    /// Database connections open, of which idle, and the pool's maximum.
    pub fn pool_stats(&self) -> (u32, usize, u32) {
        self.store.pool_stats()
    }

    /// Moves after every write this process commits, and when
    /// [`App::notice_other_writers`] finds that another process wrote: caches of public
    /// reads compare it.
    pub fn generation(&self) -> u64 {
        self.store.generation()
    }

    /// Looks whether another process (another node on the same database) wrote public data
    /// since the last look; if so, [`App::generation`] has moved.
    pub async fn notice_other_writers(&self) -> Result<bool, AppError> {
        Ok(self.store.notice_other_writers().await?)
    }

    pub async fn districts(&self) -> Result<Vec<District>, AppError> {
        Ok(self.store.list_districts().await?)
    }

    pub async fn district(&self, slug: &Slug) -> Result<District, AppError> {
        Ok(self.store.get_district(slug).await?)
    }

    pub async fn categories(&self) -> Result<Vec<Category>, AppError> {
        Ok(self.store.list_categories().await?)
    }

    pub async fn category(&self, slug: &Slug) -> Result<Category, AppError> {
        Ok(self.store.get_category(slug).await?)
    }

    /// Changes to public activities after `(modified, id)`.
    pub async fn activity_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Activity>>, AppError> {
        Ok(self.store.activity_feed(after, limit).await?)
    }

    /// Changes to verified organisations after `(modified, id)`.
    pub async fn organisation_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Organisation>>, AppError> {
        Ok(self.store.organisation_feed(after, limit).await?)
    }

    /// Changes to public volunteer opportunities after `(modified, id)`.
    pub async fn opportunity_feed(
        &self, after: (i64, Uuid), limit: u64,
    ) -> Result<Vec<FeedEntry<Opportunity>>, AppError> {
        Ok(self.store.opportunity_feed(after, limit).await?)
    }

    /// Who changed what and when, newest first (admins).
    pub async fn audit_log(
        &self, user: &User, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<AuditEntry>, AppError> {
        self.audit_log_filtered(user, &AuditFilter::default(), cursor, limit).await
    }

    /// The entries of the audit log `filter` picks, newest first (admins).
    pub async fn audit_log_filtered(
        &self, user: &User, filter: &AuditFilter, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<AuditEntry>, AppError> {
        require(&actor(user), Action::ReadAuditLog, &Resource::Platform)?;
        Ok(self.store.list_audit_log_filtered(filter, cursor, limit).await?)
    }

    /// The e-mail outbox newest first, all of it or the messages with `status`, recipients
    /// masked (admins).
    pub async fn outbox(
        &self, user: &User, status: Option<MailStatus>, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<OutboxEntry>, AppError> {
        require(&actor(user), Action::ReadOutbox, &Resource::Platform)?;
        Ok(self.store.list_outbox(status, cursor, limit).await?)
    }

    /// How many messages the outbox holds in each status, for the metrics.
    pub async fn outbox_counts(&self) -> Result<Vec<(MailStatus, u64)>, AppError> {
        Ok(self.store.outbox_counts().await?)
    }

    /// The names of the users who made entries of the audit log (admins); a deleted
    /// account has none.
    pub async fn audit_actor_names(
        &self, user: &User, ids: &[Uuid],
    ) -> Result<HashMap<Uuid, String>, AppError> {
        require(&actor(user), Action::ReadAuditLog, &Resource::Platform)?;
        let mut names = HashMap::new();
        for id in ids {
            if names.contains_key(id) {
                continue;
            }
            match self.store.get_user(*id).await {
                Ok(found) => {
                    names.insert(*id, format!("{} ({})", found.name, found.email));
                }
                Err(StoreError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(names)
    }
}
