use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "volunteer_signups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub organisation_id: Uuid,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub message: Option<String>,
    pub guardian_name: Option<String>,
    pub age_confirmed: bool,
    pub status: String,
    #[sea_orm(unique)]
    pub withdraw_token_hash: String,
    pub police_certificate_seen_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub erased_at: Option<DateTimeUtc>,
    /// When its organisation was reminded that it waits for an answer (see migration 13).
    pub reminded_at: Option<DateTimeUtc>,
}

without_relations!();
