use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activity_slots")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub activity_id: Uuid,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: i16,
    pub start_minute: i16,
    pub end_minute: i16,
    pub valid_to: Option<Date>,
}

without_relations!();
