//! Indexes shaped by measurement (bench/RESULTS.md). Public searches walk activities in
//! title order and check the filters as they go; with every filterable column in one
//! covering index the walk never touches the wide activity rows, and the category and
//! weekday checks become lookups by activity id. The narrower indexes this replaces led
//! SQLite's planner into sorting whole districts. The same idea serves `near` (latitude
//! range with longitude and sort keys in the index), and the text search (the term scan
//! reads weights from the index; the join back to activities stops at the index).

use sea_orm_migration::prelude::*;

use crate::ddl::{ExecuteAll, drop_index, index};
use crate::idens::{Activities, ActivitySlots, ActivityTerms};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Activities as A;
        use ActivitySlots as Slots;
        use ActivityTerms as Terms;
        manager
            .execute_all(&[
                &drop_index("ix_activities_public_title", A::Table),
                &drop_index("ix_activities_public_district", A::Table),
                &drop_index("ix_activities_public_age", A::Table),
                &drop_index("ix_activities_public_latitude", A::Table),
                &drop_index("ix_activity_slots_activity", Slots::Table),
                &index(
                    "ix_activities_public_cover",
                    A::Table,
                    [
                        A::IsPublic,
                        A::TitleSort,
                        A::Id,
                        A::DistrictId,
                        A::PriceFree,
                        A::Wheelchair,
                        A::AgeMin,
                        A::AgeMax,
                        A::TargetGroups,
                        A::OrganisationId,
                        A::UpdatedAt,
                    ],
                ),
                &index(
                    "ix_activities_public_geo",
                    A::Table,
                    [A::IsPublic, A::Latitude, A::Longitude, A::Id, A::TitleSort, A::UpdatedAt],
                ),
                &index(
                    "ix_activities_id_cover",
                    A::Table,
                    [A::Id, A::IsPublic, A::TitleSort, A::UpdatedAt],
                ),
                &index(
                    "ix_activity_terms_cover",
                    Terms::Table,
                    [Terms::Term, Terms::ActivityId, Terms::Weight],
                ),
                &index(
                    "ix_activity_slots_cover",
                    Slots::Table,
                    [
                        Slots::ActivityId,
                        Slots::Weekday,
                        Slots::StartMinute,
                        Slots::EndMinute,
                        Slots::ValidTo,
                    ],
                ),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &drop_index("ix_activities_public_geo", Activities::Table),
                &drop_index("ix_activities_id_cover", Activities::Table),
                &drop_index("ix_activity_terms_cover", ActivityTerms::Table),
                &drop_index("ix_activities_public_cover", Activities::Table),
                &drop_index("ix_activity_slots_cover", ActivitySlots::Table),
            ])
            .await
    }
}
