//! Activities, their categories, their weekly time slots (for weekday/time filters) and their
//! search terms (the Norwegian text index, filled by the store from one normalisation in
//! Rust so both backends match identically).

use sea_orm_migration::prelude::ForeignKeyAction::{Cascade, Restrict};
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions, binary_sorted, search_terms_table};
use crate::idens::{
    Activities, ActivitySlots, ActivityTerms, Categories, Districts, Organisations,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ActivityCategories {
    Table,
    ActivityId,
    CategoryId,
}

use Activities as A;

additions! {
    tables(backend) [
        NewTable::new(A::Table)
            .col(pk_uuid(A::Id))
            .references(uuid(A::OrganisationId), Organisations::Table, Cascade)
            .col(string_len(A::Status, 16))
            .col(boolean(A::IsPublic).default(false))
            .col(string_len(A::Title, 200))
            .col(binary_sorted(string_len(A::TitleSort, 200), backend))
            .col(text(A::Summary))
            .col(text(A::Description))
            .references(uuid(A::DistrictId), Districts::Table, Restrict)
            .col(string_len(A::VenueName, 200))
            .col(string_len(A::VenueAddress, 300))
            .col(double_null(A::Latitude))
            .col(double_null(A::Longitude))
            .col(small_integer_null(A::AgeMin))
            .col(small_integer_null(A::AgeMax))
            .col(integer(A::TargetGroups).default(0))
            .col(integer(A::PriceAmountNok).default(0))
            .col(boolean(A::PriceFree).default(false))
            .col(boolean(A::PriceReduced).default(false))
            .col(boolean(A::RegistrationRequired).default(false))
            .col(string_len_null(A::RegistrationUrl, 500))
            .col(date_null(A::RegistrationDeadline))
            .col(integer_null(A::Capacity))
            .col(string_len(A::Languages, 400))
            .col(boolean(A::Wheelchair).default(false))
            .col(boolean(A::HearingLoop).default(false))
            .col(boolean(A::Adapted).default(false))
            .col(text_null(A::AccessibilityDescription))
            .col(string_len_null(A::ContactName, 200))
            .col(string_len_null(A::ContactEmail, 254))
            .col(string_len_null(A::ContactPhone, 32))
            .col(text(A::Schedule))
            .version_and_timestamps(A::Version, A::CreatedAt, A::UpdatedAt)
            .col(timestamp_with_time_zone_null(A::PublishedAt))
            .index("ix_activities_public_title", [A::IsPublic, A::TitleSort, A::Id])
            .index("ix_activities_public_updated", [A::IsPublic, A::UpdatedAt, A::Id])
            .index("ix_activities_public_district", [A::IsPublic, A::DistrictId])
            .index("ix_activities_public_age", [A::IsPublic, A::AgeMin])
            .index("ix_activities_public_latitude", [A::IsPublic, A::Latitude])
            .index("ix_activities_organisation", [A::OrganisationId, A::Status]),
        NewTable::new(ActivityCategories::Table)
            .references(uuid(ActivityCategories::ActivityId), A::Table, Cascade)
            .references(uuid(ActivityCategories::CategoryId), Categories::Table, Restrict)
            .primary_key([ActivityCategories::ActivityId, ActivityCategories::CategoryId])
            .index(
                "ix_activity_categories_category",
                [ActivityCategories::CategoryId, ActivityCategories::ActivityId],
            ),
        NewTable::new(ActivitySlots::Table)
            .col(pk_auto(ActivitySlots::Id))
            .references(uuid(ActivitySlots::ActivityId), A::Table, Cascade)
            .col(small_integer(ActivitySlots::Weekday))
            .col(small_integer(ActivitySlots::StartMinute))
            .col(small_integer(ActivitySlots::EndMinute))
            .col(date_null(ActivitySlots::ValidTo))
            .index(
                "ix_activity_slots_weekday",
                [ActivitySlots::Weekday, ActivitySlots::StartMinute, ActivitySlots::ActivityId],
            )
            .index("ix_activity_slots_activity", [ActivitySlots::ActivityId]),
        search_terms_table(
            backend,
            ActivityTerms::Table,
            [ActivityTerms::Term, ActivityTerms::ActivityId, ActivityTerms::Weight],
            "fk_activity_terms_activity",
            (A::Table, A::Id),
            "ix_activity_terms_activity",
        ),
    ]
}
