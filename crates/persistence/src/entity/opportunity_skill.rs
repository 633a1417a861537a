use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunity_skills")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub skill: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub opportunity_id: Uuid,
}

without_relations!();
