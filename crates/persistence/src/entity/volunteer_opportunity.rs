use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_opportunities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub title: String,
    pub title_sort: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub district_id: Uuid,
    pub commitment: String,
    pub starts_at: Option<DateTimeUtc>,
    pub ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub schedule: String,
    /// Comma-separated skill tags (the searchable copy is `opportunity_skills`).
    pub skills: String,
    pub min_age: Option<i16>,
    pub spots: Option<i32>,
    pub requires_police_certificate: bool,
    pub status: String,
    pub accepted_count: i32,
    pub is_deleted: bool,
    pub is_public: bool,
    pub closed_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Position in the change feed (see migration 6).
    pub feed_modified: i64,
    pub ever_public: bool,
}

without_relations!();
