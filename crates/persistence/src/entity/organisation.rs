use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub name_search: String,
    pub name_sort: String,
    pub kind: String,
    pub org_number: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub rejection_reason: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Position in the change feed (see migration 6).
    pub feed_modified: i64,
    pub ever_public: bool,
    /// JSON of `PendingChanges` (see migration 8).
    #[sea_orm(column_type = "Text", nullable)]
    pub pending_changes: Option<String>,
    pub pending_since: Option<DateTimeUtc>,
}

without_relations!();
