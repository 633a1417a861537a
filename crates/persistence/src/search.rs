//! The public activity search: every filter of the contract, combinable, in one query for the
//! page (plus one per requested facet), then one batched load of the page's activities.
//!
//! The SQL is written by hand here, because the text match (a grouped subquery over the term
//! index) and the distance key do not fit the ORM's query builder well; placeholders and the
//! few backend differences are handled by [`Sql`]. Everything else is plain SQL both backends
//! share.

use fritid_domain::ValidationErrors;
use fritid_domain::activity::TargetGroup;
pub use fritid_domain::activity_search::{
    ActivitySearch, ActivitySort, CursorKey, FacetRequest, Facets, SearchHit, SearchPage,
};
use fritid_domain::activity_search::{
    bounding_box, facet_order, hits, lon_scale, max_distance_key,
};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use uuid::Uuid;

use crate::activities::load;
use crate::page::{cursor_key, cut_ids};
use crate::reference::References;
use crate::sql::{Sql, push_text_match};
use crate::{Store, StoreError};

/// The filters resolved against reference data.
struct Resolved<'a> {
    search: &'a ActivitySearch,
    districts: Vec<Uuid>,
    categories: Vec<Uuid>,
}

fn resolve<'a>(refs: &References, search: &'a ActivitySearch) -> Result<Resolved<'a>, StoreError> {
    let mut errors = ValidationErrors::new();
    let districts = refs.district_filter(&search.districts, &mut errors);
    let mut categories = Vec::new();
    for c in &search.categories {
        let ids = refs.with_descendants(c.as_str());
        if ids.is_empty() {
            errors.push("category", format!("{c} is not a known category"));
        }
        for id in ids {
            if !categories.contains(&id) {
                categories.push(id);
            }
        }
    }
    errors.finish().map_err(StoreError::Invalid)?;
    Ok(Resolved { search, districts, categories })
}

/// The squared planar distance in degrees² between the venue and the centre.
fn push_distance_key(sql: &mut Sql, lat: f64, lon: f64) {
    let k = lon_scale(lat);
    sql.push("((a.latitude - ")
        .bind(lat)
        .push(") * (a.latitude - ")
        .bind(lat)
        .push(") + ((a.longitude - ")
        .bind(lon)
        .push(") * ")
        .bind(k)
        .push(") * ((a.longitude - ")
        .bind(lon)
        .push(") * ")
        .bind(k)
        .push("))");
}

/// `FROM … WHERE …` shared by the page and the facet queries.
fn push_from_where(sql: &mut Sql, r: &Resolved<'_>) {
    let s = r.search;
    sql.push(" FROM activities a");
    if !s.text.is_empty() {
        push_text_match(sql, "activity_terms", "activity_id", &s.text);
        sql.push(" m ON m.activity_id = a.id");
    }
    sql.push(" WHERE a.is_public = ").bind(true);
    if !r.districts.is_empty() {
        sql.push(" AND a.district_id IN ").bind_list(&r.districts);
    }
    // Correlated lookups by activity id: the walk in title order checks each candidate
    // (see migration 7) instead of materialising every activity of a broad category.
    if !r.categories.is_empty() {
        sql.push(
            " AND EXISTS (SELECT 1 FROM activity_categories ac WHERE ac.activity_id = a.id AND ac.category_id IN ",
        )
        .bind_list(&r.categories)
        .push(")");
    }
    if let Some(age) = s.age {
        sql.push(" AND (a.age_min IS NULL OR a.age_min <= ")
            .bind(age)
            .push(") AND (a.age_max IS NULL OR a.age_max >= ")
            .bind(age)
            .push(")");
    }
    if !s.target_groups.is_empty() {
        sql.push(" AND (a.target_groups & ")
            .bind(TargetGroup::mask(&s.target_groups))
            .push(") <> 0");
    }
    if !s.weekdays.is_empty() || s.time_from.is_some() || s.time_to.is_some() {
        sql.push(" AND EXISTS (SELECT 1 FROM activity_slots sl WHERE sl.activity_id = a.id");
        if !s.weekdays.is_empty() {
            let days: Vec<i16> =
                s.weekdays.iter().map(|w| w.num_days_from_monday() as i16).collect();
            sql.push(" AND sl.weekday IN ").bind_list(&days);
        }
        if let Some(to) = s.time_to {
            sql.push(" AND sl.start_minute < ").bind(to as i16);
        }
        if let Some(from) = s.time_from {
            sql.push(" AND sl.end_minute > ").bind(from as i16);
        }
        if let Some(today) = s.today {
            sql.push(" AND (sl.valid_to IS NULL OR sl.valid_to >= ").bind(today).push(")");
        }
        sql.push(")");
    }
    if let Some(free) = s.free {
        sql.push(" AND a.price_free = ").bind(free);
    }
    if let Some(wheelchair) = s.wheelchair {
        sql.push(" AND a.wheelchair = ").bind(wheelchair);
    }
    if let Some(org) = s.organisation {
        sql.push(" AND a.organisation_id = ").bind(org);
    }
    if let Some((lat, lon, radius)) = s.near {
        // A bounding box the indexes can use, then the distance itself (with a little margin;
        // the exact great-circle cut happens on the results).
        let (dlat, dlon) = bounding_box(lat, radius);
        sql.push(" AND a.latitude BETWEEN ")
            .bind(lat - dlat)
            .push(" AND ")
            .bind(lat + dlat)
            .push(" AND a.longitude BETWEEN ")
            .bind(lon - dlon)
            .push(" AND ")
            .bind(lon + dlon)
            .push(" AND ");
        push_distance_key(sql, lat, lon);
        sql.push(" <= ").bind(max_distance_key(radius));
    }
    if let Some(since) = s.updated_since {
        sql.push(" AND a.updated_at >= ").bind(since);
    }
}

/// The slug of a district id read from a row; a missing one is corrupt data, not "".
fn district_slug(refs: &References, id: Uuid) -> Result<String, StoreError> {
    Ok(refs.stored_district(id)?.to_string())
}

/// The query of one page: ids and sort keys of the matches after `key`, in `sort` order.
fn page_query(
    sql: &mut Sql, r: &Resolved<'_>, sort: ActivitySort, key: Option<CursorKey>, limit: u64,
) -> Result<(), StoreError> {
    sql.push("SELECT a.id AS id, a.title_sort AS title_sort, a.updated_at AS updated_at");
    if !r.search.text.is_empty() {
        sql.push(", m.score AS score");
    }
    let (lat, lon) = r.search.near.map_or((0.0, 0.0), |(lat, lon, _)| (lat, lon));
    if r.search.near.is_some() {
        sql.push(", ");
        push_distance_key(sql, lat, lon);
        sql.push(" AS dist");
    }
    push_from_where(sql, r);
    match (sort, key) {
        (_, None) => {}
        (ActivitySort::Relevance, Some(CursorKey::Score(score, title, id))) => {
            let keys = [("m.score", "<", score.into()), ("a.title_sort", ">", title.into())];
            sql.push_after(&keys, ("a.id", ">", id));
        }
        (ActivitySort::Title, Some(CursorKey::Text(title, id))) => {
            sql.push_after(&[("a.title_sort", ">", title.into())], ("a.id", ">", id));
        }
        (ActivitySort::Updated, Some(CursorKey::Time(at, id))) => {
            sql.push_after(&[("a.updated_at", "<", at.into())], ("a.id", "<", id));
        }
        (ActivitySort::Distance, Some(CursorKey::Distance(d, id))) => {
            sql.push(" AND (");
            push_distance_key(sql, lat, lon);
            sql.push(" > ").bind(d).push(" OR (");
            push_distance_key(sql, lat, lon);
            sql.push(" = ").bind(d).push(" AND a.id > ").bind(id).push("))");
        }
        _ => return Err(StoreError::InvalidCursor),
    }
    sql.push(match sort {
        ActivitySort::Relevance => " ORDER BY m.score DESC, a.title_sort ASC, a.id ASC",
        ActivitySort::Title => " ORDER BY a.title_sort ASC, a.id ASC",
        ActivitySort::Updated => " ORDER BY a.updated_at DESC, a.id DESC",
        ActivitySort::Distance => " ORDER BY dist ASC, a.id ASC",
    });
    sql.push(" LIMIT ").bind((limit + 1) as i64);
    Ok(())
}

/// The id of a row of the page query, and its key in `sort` order.
fn row_key(row: &QueryResult, sort: ActivitySort) -> Result<(Uuid, CursorKey), DbErr> {
    let id: Uuid = row.try_get("", "id")?;
    let key = match sort {
        ActivitySort::Relevance => {
            CursorKey::Score(row.try_get::<i64>("", "score")?, row.try_get("", "title_sort")?, id)
        }
        ActivitySort::Title => CursorKey::Text(row.try_get("", "title_sort")?, id),
        ActivitySort::Updated => CursorKey::Time(row.try_get("", "updated_at")?, id),
        ActivitySort::Distance => CursorKey::Distance(row.try_get("", "dist")?, id),
    };
    Ok((id, key))
}

/// The reference filters of a search by slug, for the search index: the districts as given,
/// the categories with their descendants (each known; 422 otherwise, as the SQL search).
#[derive(Debug, Clone, Default)]
pub struct SearchSlugs {
    pub districts: Vec<String>,
    pub categories: Vec<String>,
}

impl Store {
    pub async fn search_slugs(&self, search: &ActivitySearch) -> Result<SearchSlugs, StoreError> {
        let refs = self.references().await?;
        let resolved = resolve(&refs, search)?;
        let districts = resolved
            .districts
            .iter()
            .map(|id| district_slug(&refs, *id))
            .collect::<Result<Vec<_>, _>>()?;
        let categories = resolved
            .categories
            .iter()
            .map(|id| refs.stored_category(*id).map(|slug| slug.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchSlugs { districts, categories })
    }
}

impl Store {
    pub async fn search_activities(
        &self, search: &ActivitySearch, sort: ActivitySort, cursor: Option<&str>, limit: u64,
        facets: FacetRequest,
    ) -> Result<SearchPage, StoreError> {
        let refs = self.references().await?;
        let resolved = resolve(&refs, search)?;
        let sort = search.effective_sort(sort);
        let mut sql = Sql::new(self.db.get_database_backend());
        page_query(&mut sql, &resolved, sort, cursor_key(cursor)?, limit)?;
        let rows = self.db.query_all_raw(sql.statement()).await?;
        let keys = rows.iter().map(|row| row_key(row, sort)).collect::<Result<Vec<_>, _>>()?;
        let (ids, next_cursor) = cut_ids(keys, limit, |(_, k)| k.clone())?;
        let activities = load(&self.db, &refs, &ids).await?;
        Ok(SearchPage {
            items: hits(activities.into_iter().map(std::sync::Arc::new).collect(), search.near),
            next_cursor,
            facets: self.facets(&resolved, &refs, facets).await?,
        })
    }

    /// The requested facet counts over the whole result.
    async fn facets(
        &self, resolved: &Resolved<'_>, refs: &References, request: FacetRequest,
    ) -> Result<Facets, StoreError> {
        let backend = self.db.get_database_backend();
        let mut facets = Facets::default();
        if request.district {
            let mut sql = Sql::new(backend);
            sql.push("SELECT a.district_id AS key, COUNT(*) AS n");
            push_from_where(&mut sql, resolved);
            sql.push(" GROUP BY a.district_id");
            let counts = self.count_by(sql).await?;
            facets.district = Some(slugs(counts, |id| refs.district_slug(id)));
        }
        if request.category {
            let mut sql = Sql::new(backend);
            sql.push(
                "SELECT fc.category_id AS key, COUNT(*) AS n FROM activity_categories fc \
                 WHERE fc.activity_id IN (SELECT a.id",
            );
            push_from_where(&mut sql, resolved);
            sql.push(") GROUP BY fc.category_id");
            let counts = self.count_by(sql).await?;
            facets.category = Some(slugs(counts, |id| refs.category_slug(id)));
        }
        Ok(facets)
    }

    async fn count_by(&self, sql: Sql) -> Result<Vec<(Uuid, u64)>, StoreError> {
        let rows = self.db.query_all_raw(sql.statement()).await?;
        rows.iter()
            .map(|row| {
                let key: Uuid = row.try_get("", "key")?;
                let n: i64 = row.try_get("", "n")?;
                Ok((key, n.max(0) as u64))
            })
            .collect()
    }
}

/// Ids to slugs, most frequent first, then by slug.
fn slugs<'r>(
    counts: Vec<(Uuid, u64)>, slug: impl Fn(Uuid) -> Option<&'r str>,
) -> Vec<(String, u64)> {
    facet_order(
        counts.into_iter().filter_map(|(id, n)| slug(id).map(|s| (s.to_owned(), n))).collect(),
    )
}

/// What occurrence listings need of an activity.
#[derive(Debug, Clone)]
pub struct ScheduleRow {
    pub id: Uuid,
    pub title: String,
    pub district: String,
    pub schedule: Vec<fritid_domain::schedule::ScheduleRule>,
}

pub use fritid_domain::coverage::CoverageRow;

impl Store {
    /// The schedules of the public activities matching `search`, in id order after `after`,
    /// at most `limit` of them: a caller walks them page by page.
    pub async fn public_schedules(
        &self, search: &ActivitySearch, after: Option<Uuid>, limit: u64,
    ) -> Result<Vec<ScheduleRow>, StoreError> {
        let refs = self.references().await?;
        let resolved = resolve(&refs, search)?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT a.id AS id, a.title AS title, a.district_id AS district_id, a.schedule AS schedule");
        push_from_where(&mut sql, &resolved);
        if let Some(after) = after {
            sql.push(" AND a.id > ").bind(after);
        }
        sql.push(" ORDER BY a.id LIMIT ").bind(limit as i64);
        let rows = self.db.query_all_raw(sql.statement()).await?;
        rows.iter()
            .map(|row| {
                let district_id: Uuid = row.try_get("", "district_id")?;
                let schedule: String = row.try_get("", "schedule")?;
                Ok(ScheduleRow {
                    id: row.try_get("", "id")?,
                    title: row.try_get("", "title")?,
                    district: district_slug(&refs, district_id)?,
                    schedule: crate::schedule_codec::schedule_from_json(&schedule)?,
                })
            })
            .collect()
    }

    /// Counts of public activities by district and target-group set, optionally only free
    /// (or only paid) ones. Every district appears, with zero where nothing is offered.
    pub async fn coverage(&self, free: Option<bool>) -> Result<Vec<CoverageRow>, StoreError> {
        let refs = self.references().await?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push(
            "SELECT a.district_id AS district_id, a.target_groups AS target_groups, COUNT(*) AS n \
             FROM activities a WHERE a.is_public = ",
        )
        .bind(true);
        if let Some(free) = free {
            sql.push(" AND a.price_free = ").bind(free);
        }
        sql.push(" GROUP BY a.district_id, a.target_groups");
        let rows = self.db.query_all_raw(sql.statement()).await?;
        rows.iter()
            .map(|row| {
                let district_id: Uuid = row.try_get("", "district_id")?;
                let mask: i32 = row.try_get("", "target_groups")?;
                let n: i64 = row.try_get("", "n")?;
                Ok(CoverageRow {
                    district: district_slug(&refs, district_id)?,
                    target_groups: TargetGroup::from_mask(mask),
                    count: n.max(0) as u64,
                })
            })
            .collect()
    }
}
