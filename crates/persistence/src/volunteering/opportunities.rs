//! Opportunities: writes, reads and search.

use fritid_domain::ValidationErrors;
use fritid_domain::audit::Audit;
use fritid_domain::volunteering::{Opportunity, OpportunityDetails, OpportunityStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::activities::organisation_taking_listings;
use crate::clock::now_micros;
use crate::entity::volunteer_opportunity as opp;
use crate::page::{Page, cursor_key, cut_ids};
use crate::query::{Existing, IfCurrent, insert, owner_name, single};
use crate::sql::Sql;
use crate::tracked::{FeedUpdate, VersionedUpdate};
use crate::{Store, StoreError};

use super::*;

/// The opportunity `id` unless it is deleted.
fn live(id: Uuid) -> sea_orm::Select<opp::Entity> {
    opp::Entity::find_by_id(id).filter(opp::Column::IsDeleted.eq(false))
}

impl Store {
    pub async fn create_opportunity(
        &self, organisation_id: Uuid, details: &OpportunityDetails, audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let now = now_micros();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let (org, org_status) = organisation_taking_listings(&*txn, organisation_id).await?;
        let public = fritid_domain::volunteering::is_public(false, org_status);
        let mut am = opp::ActiveModel {
            id: Set(id),
            organisation_id: Set(organisation_id),
            accepted_count: Set(0),
            is_deleted: Set(false),
            is_public: Set(public),
            ever_public: Set(public),
            feed_modified: Set(txn.feed_position().await?),
            closed_at: Set((details.status == OpportunityStatus::Closed).then_some(now)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        apply(&mut am, details, district)?;
        insert(&*txn, am).await?;
        write_index(&*txn, id, details, &org.name).await?;
        txn.commit_audited(audit, "volunteer_opportunity", Some(id)).await?;
        self.get_opportunity(id).await
    }

    /// A non-deleted opportunity.
    pub async fn get_opportunity(&self, id: Uuid) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        live(id).existing(&self.db).await?;
        single(load(&self.db, &refs, &[id]).await?)
    }

    pub async fn update_opportunity(
        &self, id: Uuid, expected_version: i32, details: &OpportunityDetails, audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let mut txn = self.write().await?;
        let current = live(id).existing(&*txn).await?;
        let org_name = owner_name(&*txn, current.organisation_id, "opportunity", id).await?;
        let now = now_micros();
        let mut am = opp::ActiveModel::default();
        apply(&mut am, details, district)?;
        am.version = Set(expected_version + 1);
        am.updated_at = Set(now);
        am.feed_modified = Set(txn.feed_position().await?);
        am.closed_at = Set(match (details.status, current.closed_at) {
            (OpportunityStatus::Closed, Some(at)) => Some(at),
            (OpportunityStatus::Closed, None) => Some(now),
            _ => None,
        });
        opp::Entity::update_many()
            .set(am)
            .at_version(id, Some(expected_version))
            .exec_if_current(&*txn)
            .await?;
        write_index(&*txn, id, details, &org_name).await?;
        txn.commit_audited(audit, "volunteer_opportunity", Some(id)).await?;
        self.get_opportunity(id).await
    }

    /// Soft delete; it stops being public and its sign-ups' retention clock starts.
    pub async fn delete_opportunity(
        &self, id: Uuid, expected_version: Option<i32>, audit: &Audit,
    ) -> Result<(), StoreError> {
        let now = now_micros();
        let mut txn = self.write().await?;
        opp::Entity::update_many()
            .in_feed(txn.feed_position().await?)
            .col_expr(opp::Column::IsDeleted, Expr::value(true))
            .col_expr(opp::Column::IsPublic, Expr::value(false))
            .col_expr(opp::Column::ClosedAt, Expr::value(Some(now)))
            .next_version(now)
            .at_version(id, expected_version)
            .filter(opp::Column::IsDeleted.eq(false))
            .exec_if_current(&*txn)
            .await?;
        txn.commit_audited(audit, "volunteer_opportunity", Some(id)).await
    }

    /// Public opportunities (or one organisation's, for its members with `public_only`
    /// false), in Norwegian title order.
    pub async fn search_opportunities(
        &self, search: &OpportunitySearch, public_only: bool, cursor: Option<&str>, limit: u64,
    ) -> Result<Page<Opportunity>, StoreError> {
        let refs = self.references().await?;
        let mut errors = ValidationErrors::new();
        let districts = refs.district_filter(&search.districts, &mut errors);
        errors.finish().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT o.id AS id, o.title_sort AS title_sort FROM volunteer_opportunities o");
        push_filters(&mut sql, search, &districts, public_only);
        if let Some((title, id)) = cursor_key::<(String, Uuid)>(cursor)? {
            sql.push_after(&[("o.title_sort", ">", title.into())], ("o.id", ">", id));
        }
        sql.push(" ORDER BY o.title_sort ASC, o.id ASC LIMIT ").bind((limit + 1) as i64);
        let rows = self.db.query_all_raw(sql.statement()).await?;
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let title: String = row.try_get("", "title_sort")?;
            keys.push((id, title));
        }
        let (ids, next_cursor) = cut_ids(keys, limit, |(id, title)| (title.clone(), *id))?;
        Ok(Page { items: load(&self.db, &refs, &ids).await?, next_cursor })
    }
}

/// The text match and `WHERE …` of an opportunity search, `districts` resolved to ids.
fn push_filters(sql: &mut Sql, search: &OpportunitySearch, districts: &[Uuid], public_only: bool) {
    if !search.text.is_empty() {
        crate::sql::push_text_match(sql, "opportunity_terms", "opportunity_id", &search.text);
        sql.push(" m ON m.opportunity_id = o.id");
    }
    sql.push(" WHERE o.is_deleted = ").bind(false);
    if public_only {
        sql.push(" AND o.is_public = ").bind(true);
    }
    if let Some(org) = search.organisation {
        sql.push(" AND o.organisation_id = ").bind(org);
    }
    if !districts.is_empty() {
        sql.push(" AND o.district_id IN ").bind_list(districts);
    }
    if !search.commitments.is_empty() {
        let c: Vec<String> = search.commitments.iter().map(|c| c.as_str().to_owned()).collect();
        sql.push(" AND o.commitment IN ").bind_list(&c);
    }
    if !search.skills.is_empty() {
        sql.push(
            " AND o.id IN (SELECT s.opportunity_id FROM opportunity_skills s WHERE s.skill IN ",
        )
        .bind_list(&search.skills)
        .push(")");
    }
    match search.status {
        Some(OpportunityStatus::Open) => {
            sql.push(" AND o.status = ")
                .bind("open")
                .push(" AND (o.spots IS NULL OR o.accepted_count < o.spots)");
        }
        Some(OpportunityStatus::Filled) => {
            sql.push(" AND (o.status = ")
                .bind("filled")
                .push(" OR (o.status = ")
                .bind("open")
                .push(" AND o.spots IS NOT NULL AND o.accepted_count >= o.spots))");
        }
        Some(OpportunityStatus::Closed) => {
            sql.push(" AND o.status = ").bind("closed");
        }
        None => {}
    }
}
