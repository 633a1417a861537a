use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub status: String,
    pub is_public: bool,
    pub title: String,
    pub title_sort: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub district_id: Uuid,
    pub venue_name: String,
    pub venue_address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub age_min: Option<i16>,
    pub age_max: Option<i16>,
    pub target_groups: i32,
    pub price_amount_nok: i32,
    pub price_free: bool,
    pub price_reduced: bool,
    pub registration_required: bool,
    pub registration_url: Option<String>,
    pub registration_deadline: Option<Date>,
    pub capacity: Option<i32>,
    /// Comma-separated BCP 47 tags.
    pub languages: String,
    pub wheelchair: bool,
    pub hearing_loop: bool,
    pub adapted: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub accessibility_description: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// The rules as JSON (see `activities::StoredRule`).
    #[sea_orm(column_type = "Text")]
    pub schedule: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Position in the change feed (see migration 6).
    pub feed_modified: i64,
    pub ever_public: bool,
    pub published_at: Option<DateTimeUtc>,
}

without_relations!();
