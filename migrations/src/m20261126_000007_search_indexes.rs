//! Indexes shaped by measurement (bench/RESULTS.md). Public searches walk activities in
//! title order and check the filters as they go; with every filterable column in one
//! covering index the walk never touches the wide activity rows, and the category and
//! weekday checks become lookups by activity id. The narrower indexes this replaces led
//! SQLite's planner into sorting whole districts. The same idea serves `near` (latitude
//! range with longitude and sort keys in the index), and the text search (the term scan
//! reads weights from the index; the join back to activities stops at the index).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    IsPublic,
    TitleSort,
    DistrictId,
    PriceFree,
    Wheelchair,
    AgeMin,
    AgeMax,
    TargetGroups,
    OrganisationId,
    UpdatedAt,
    Latitude,
    Longitude,
}

#[derive(DeriveIden)]
enum ActivityTerms {
    Table,
    Term,
    ActivityId,
    Weight,
}

#[derive(DeriveIden)]
enum ActivitySlots {
    Table,
    ActivityId,
    Weekday,
    StartMinute,
    EndMinute,
    ValidTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_activities_public_title", Activities::Table.into_iden()),
            (
                "ix_activities_public_district",
                Activities::Table.into_iden(),
            ),
            ("ix_activities_public_age", Activities::Table.into_iden()),
            (
                "ix_activities_public_latitude",
                Activities::Table.into_iden(),
            ),
            (
                "ix_activity_slots_activity",
                ActivitySlots::Table.into_iden(),
            ),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_activities_public_cover")
                    .table(Activities::Table)
                    .col(Activities::IsPublic)
                    .col(Activities::TitleSort)
                    .col(Activities::Id)
                    .col(Activities::DistrictId)
                    .col(Activities::PriceFree)
                    .col(Activities::Wheelchair)
                    .col(Activities::AgeMin)
                    .col(Activities::AgeMax)
                    .col(Activities::TargetGroups)
                    .col(Activities::OrganisationId)
                    .col(Activities::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activities_public_geo")
                    .table(Activities::Table)
                    .col(Activities::IsPublic)
                    .col(Activities::Latitude)
                    .col(Activities::Longitude)
                    .col(Activities::Id)
                    .col(Activities::TitleSort)
                    .col(Activities::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activities_id_cover")
                    .table(Activities::Table)
                    .col(Activities::Id)
                    .col(Activities::IsPublic)
                    .col(Activities::TitleSort)
                    .col(Activities::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_terms_cover")
                    .table(ActivityTerms::Table)
                    .col(ActivityTerms::Term)
                    .col(ActivityTerms::ActivityId)
                    .col(ActivityTerms::Weight)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_activity_slots_cover")
                    .table(ActivitySlots::Table)
                    .col(ActivitySlots::ActivityId)
                    .col(ActivitySlots::Weekday)
                    .col(ActivitySlots::StartMinute)
                    .col(ActivitySlots::EndMinute)
                    .col(ActivitySlots::ValidTo)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ix_activities_public_geo", "ix_activities_id_cover"] {
            manager
                .drop_index(Index::drop().name(name).table(Activities::Table).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("ix_activity_terms_cover")
                    .table(ActivityTerms::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_activities_public_cover")
                    .table(Activities::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_activity_slots_cover")
                    .table(ActivitySlots::Table)
                    .to_owned(),
            )
            .await
    }
}
