//! Activities, their categories, their weekly time slots (for weekday/time filters) and their
//! search terms (the Norwegian text index, filled by the store from one normalisation in
//! Rust so both backends match identically).

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_reference_tables::{Categories, Districts};
use crate::m20261126_000003_accounts_and_organisations::binary_sorted;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Activities {
    Table,
    Id,
    OrganisationId,
    Status,
    /// Published and the organisation verified: the one flag public reads filter on.
    IsPublic,
    Title,
    TitleSort,
    Summary,
    Description,
    DistrictId,
    VenueName,
    VenueAddress,
    Latitude,
    Longitude,
    AgeMin,
    AgeMax,
    TargetGroups,
    PriceAmountNok,
    PriceFree,
    PriceReduced,
    RegistrationRequired,
    RegistrationUrl,
    RegistrationDeadline,
    Capacity,
    Languages,
    Wheelchair,
    HearingLoop,
    Adapted,
    AccessibilityDescription,
    ContactName,
    ContactEmail,
    ContactPhone,
    Schedule,
    Version,
    CreatedAt,
    UpdatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ActivityCategories {
    Table,
    ActivityId,
    CategoryId,
}

#[derive(DeriveIden)]
enum ActivitySlots {
    Table,
    Id,
    ActivityId,
    Weekday,
    StartMinute,
    EndMinute,
    ValidTo,
}

#[derive(DeriveIden)]
enum ActivityTerms {
    Table,
    Term,
    ActivityId,
    Weight,
}

fn index(name: &str, table: impl IntoIden, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in cols {
        stmt.col(c);
    }
    stmt.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .col(pk_uuid(Activities::Id))
                    .col(uuid(Activities::OrganisationId))
                    .col(string_len(Activities::Status, 16))
                    .col(boolean(Activities::IsPublic).default(false))
                    .col(string_len(Activities::Title, 200))
                    .col(binary_sorted(
                        string_len(Activities::TitleSort, 200),
                        backend,
                    ))
                    .col(text(Activities::Summary))
                    .col(text(Activities::Description))
                    .col(uuid(Activities::DistrictId))
                    .col(string_len(Activities::VenueName, 200))
                    .col(string_len(Activities::VenueAddress, 300))
                    .col(double_null(Activities::Latitude))
                    .col(double_null(Activities::Longitude))
                    .col(small_integer_null(Activities::AgeMin))
                    .col(small_integer_null(Activities::AgeMax))
                    .col(integer(Activities::TargetGroups).default(0))
                    .col(integer(Activities::PriceAmountNok).default(0))
                    .col(boolean(Activities::PriceFree).default(false))
                    .col(boolean(Activities::PriceReduced).default(false))
                    .col(boolean(Activities::RegistrationRequired).default(false))
                    .col(string_len_null(Activities::RegistrationUrl, 500))
                    .col(date_null(Activities::RegistrationDeadline))
                    .col(integer_null(Activities::Capacity))
                    .col(string_len(Activities::Languages, 400))
                    .col(boolean(Activities::Wheelchair).default(false))
                    .col(boolean(Activities::HearingLoop).default(false))
                    .col(boolean(Activities::Adapted).default(false))
                    .col(text_null(Activities::AccessibilityDescription))
                    .col(string_len_null(Activities::ContactName, 200))
                    .col(string_len_null(Activities::ContactEmail, 254))
                    .col(string_len_null(Activities::ContactPhone, 32))
                    .col(text(Activities::Schedule))
                    .col(integer(Activities::Version).default(1))
                    .col(timestamp_with_time_zone(Activities::CreatedAt))
                    .col(timestamp_with_time_zone(Activities::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Activities::PublishedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_organisation")
                            .from(Activities::Table, Activities::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activities_district")
                            .from(Activities::Table, Activities::DistrictId)
                            .to(Districts::Table, Districts::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_activities_public_title",
                vec![
                    Activities::IsPublic.into_iden(),
                    Activities::TitleSort.into_iden(),
                    Activities::Id.into_iden(),
                ],
            ),
            (
                "ix_activities_public_updated",
                vec![
                    Activities::IsPublic.into_iden(),
                    Activities::UpdatedAt.into_iden(),
                    Activities::Id.into_iden(),
                ],
            ),
            (
                "ix_activities_public_district",
                vec![
                    Activities::IsPublic.into_iden(),
                    Activities::DistrictId.into_iden(),
                ],
            ),
            (
                "ix_activities_public_age",
                vec![
                    Activities::IsPublic.into_iden(),
                    Activities::AgeMin.into_iden(),
                ],
            ),
            (
                "ix_activities_public_latitude",
                vec![
                    Activities::IsPublic.into_iden(),
                    Activities::Latitude.into_iden(),
                ],
            ),
            (
                "ix_activities_organisation",
                vec![
                    Activities::OrganisationId.into_iden(),
                    Activities::Status.into_iden(),
                ],
            ),
        ] {
            manager
                .create_index(index(name, Activities::Table, cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ActivityCategories::Table)
                    .col(uuid(ActivityCategories::ActivityId))
                    .col(uuid(ActivityCategories::CategoryId))
                    .primary_key(
                        Index::create()
                            .col(ActivityCategories::ActivityId)
                            .col(ActivityCategories::CategoryId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_categories_activity")
                            .from(ActivityCategories::Table, ActivityCategories::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_categories_category")
                            .from(ActivityCategories::Table, ActivityCategories::CategoryId)
                            .to(Categories::Table, Categories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_activity_categories_category",
                ActivityCategories::Table,
                vec![
                    ActivityCategories::CategoryId.into_iden(),
                    ActivityCategories::ActivityId.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ActivitySlots::Table)
                    .col(pk_auto(ActivitySlots::Id))
                    .col(uuid(ActivitySlots::ActivityId))
                    .col(small_integer(ActivitySlots::Weekday))
                    .col(small_integer(ActivitySlots::StartMinute))
                    .col(small_integer(ActivitySlots::EndMinute))
                    .col(date_null(ActivitySlots::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_slots_activity")
                            .from(ActivitySlots::Table, ActivitySlots::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_activity_slots_weekday",
                ActivitySlots::Table,
                vec![
                    ActivitySlots::Weekday.into_iden(),
                    ActivitySlots::StartMinute.into_iden(),
                    ActivitySlots::ActivityId.into_iden(),
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_activity_slots_activity",
                ActivitySlots::Table,
                vec![ActivitySlots::ActivityId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ActivityTerms::Table)
                    .col(binary_sorted(string_len(ActivityTerms::Term, 64), backend))
                    .col(uuid(ActivityTerms::ActivityId))
                    .col(small_integer(ActivityTerms::Weight))
                    .primary_key(
                        Index::create()
                            .col(ActivityTerms::Term)
                            .col(ActivityTerms::ActivityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_activity_terms_activity")
                            .from(ActivityTerms::Table, ActivityTerms::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_activity_terms_activity",
                ActivityTerms::Table,
                vec![ActivityTerms::ActivityId.into_iden()],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ActivityTerms::Table.into_iden(),
            ActivitySlots::Table.into_iden(),
            ActivityCategories::Table.into_iden(),
            Activities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
