//! Opportunities: writes, reads and search.

use fritid_domain::ValidationErrors;
use fritid_domain::audit::Audit;
use fritid_domain::volunteering::{Opportunity, OpportunityDetails, OpportunityStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::record;
use crate::clock::now_micros;
use crate::entity::{organisation, volunteer_opportunity as opp};
use crate::error::corrupt;
use crate::page::{Page, cut, decode_cursor};
use crate::sql::Sql;
use crate::{Store, StoreError};

/// A sign-up as its organisation sees it. Personal fields are `None` once erased.
use super::*;

impl Store {
    pub async fn create_opportunity(
        &self,
        organisation_id: Uuid,
        details: &OpportunityDetails,
        audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let now = now_micros();
        let id = Uuid::new_v4();
        let mut txn = self.write().await?;
        let org = organisation::Entity::find_by_id(organisation_id)
            .one(&*txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let org_status = crate::activities::organisation_status(&org)?;
        if !org_status.accepts_new_listings() {
            return Err(StoreError::Refused("the organisation is archived"));
        }
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
        opp::Entity::insert(am)
            .exec_without_returning(&*txn)
            .await?;
        write_index(&*txn, id, details, &org.name).await?;
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        self.get_opportunity(id).await
    }

    /// A non-deleted opportunity.
    pub async fn get_opportunity(&self, id: Uuid) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let deleted = opp::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?
            .is_deleted;
        if deleted {
            return Err(StoreError::NotFound);
        }
        load(&self.db, &refs, &[id])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    pub async fn update_opportunity(
        &self,
        id: Uuid,
        expected_version: i32,
        details: &OpportunityDetails,
        audit: &Audit,
    ) -> Result<Opportunity, StoreError> {
        let refs = self.references().await?;
        let district = resolve_district(&refs, &details.district)?;
        let mut txn = self.write().await?;
        let current = opp::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .filter(|o| !o.is_deleted)
            .ok_or(StoreError::NotFound)?;
        let org_name = organisation::Entity::find_by_id(current.organisation_id)
            .one(&*txn)
            .await?
            .map(|o| o.name)
            .ok_or_else(|| corrupt("organisation of opportunity", &id.to_string()))?;
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
        let updated = opp::Entity::update_many()
            .set(am)
            .filter(opp::Column::Id.eq(id))
            .filter(opp::Column::Version.eq(expected_version))
            .exec(&*txn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        write_index(&*txn, id, details, &org_name).await?;
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        self.get_opportunity(id).await
    }

    /// Soft delete; it stops being public and its sign-ups' retention clock starts.
    pub async fn delete_opportunity(
        &self,
        id: Uuid,
        expected_version: Option<i32>,
        audit: &Audit,
    ) -> Result<(), StoreError> {
        let now = now_micros();
        let mut txn = self.write().await?;
        let mut update = opp::Entity::update_many()
            .col_expr(
                opp::Column::FeedModified,
                Expr::value(txn.feed_position().await?),
            )
            .col_expr(opp::Column::IsDeleted, Expr::value(true))
            .col_expr(opp::Column::IsPublic, Expr::value(false))
            .col_expr(opp::Column::ClosedAt, Expr::value(Some(now)))
            .col_expr(opp::Column::UpdatedAt, Expr::value(now))
            .col_expr(opp::Column::Version, Expr::col(opp::Column::Version).add(1))
            .filter(opp::Column::Id.eq(id))
            .filter(opp::Column::IsDeleted.eq(false));
        if let Some(v) = expected_version {
            update = update.filter(opp::Column::Version.eq(v));
        }
        if update.exec(&*txn).await?.rows_affected == 0 {
            return Err(StoreError::VersionMismatch);
        }
        record(&*txn, audit, "volunteer_opportunity", Some(id)).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Public opportunities (or one organisation's, for its members with `public_only`
    /// false), in Norwegian title order.
    #[expect(
        clippy::too_many_lines,
        reason = "a query built filter by filter; split, the filters would lose their order"
    )]
    pub async fn search_opportunities(
        &self,
        search: &OpportunitySearch,
        public_only: bool,
        cursor: Option<&str>,
        limit: u64,
    ) -> Result<Page<Opportunity>, StoreError> {
        let refs = self.references().await?;
        let mut districts = Vec::new();
        let mut errors = ValidationErrors::new();
        for d in &search.districts {
            match refs.district_id(d) {
                Some(id) => districts.push(id),
                None => errors.push("district", format!("{d} is not a known district")),
            }
        }
        errors.finish().map_err(StoreError::Invalid)?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT o.id AS id, o.title_sort AS title_sort FROM volunteer_opportunities o");
        if !search.text.is_empty() {
            crate::sql::push_text_match(
                &mut sql,
                "opportunity_terms",
                "opportunity_id",
                &search.text,
            );
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
            sql.push(" AND o.district_id IN ").bind_list(&districts);
        }
        if !search.commitments.is_empty() {
            let c: Vec<String> = search
                .commitments
                .iter()
                .map(|c| c.as_str().to_owned())
                .collect();
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
        if let Some(c) = cursor {
            let (title, id): (String, Uuid) = decode_cursor(c).ok_or(StoreError::InvalidCursor)?;
            sql.push(" AND (o.title_sort > ")
                .bind(title.clone())
                .push(" OR (o.title_sort = ")
                .bind(title)
                .push(" AND o.id > ")
                .bind(id)
                .push("))");
        }
        sql.push(" ORDER BY o.title_sort ASC, o.id ASC LIMIT ")
            .bind((limit + 1) as i64);
        let rows = self.db.query_all_raw(sql.statement()).await?;
        let mut keys = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: Uuid = row.try_get("", "id")?;
            let title: String = row.try_get("", "title_sort")?;
            keys.push((id, title));
        }
        let (keys, next_cursor) = cut(keys, limit, |(id, title)| (title.clone(), *id))?;
        let ids: Vec<Uuid> = keys.into_iter().map(|(id, _)| id).collect();
        Ok(Page {
            items: load(&self.db, &refs, &ids).await?,
            next_cursor,
        })
    }
}
