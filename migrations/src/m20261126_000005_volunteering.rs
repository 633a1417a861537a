//! Volunteering: opportunities (with skills and search terms, like activities) and
//! sign-ups. Sign-ups hold personal data in nullable columns so that erasure (withdrawal,
//! retention, admin request) can blank them while the row stays as an anonymous count.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{
    ExecuteAll, TableColumns, binary_sorted, composite_key, drop_table, index, unique_index,
};
use crate::idens::{Districts, Organisations, VolunteerOpportunities};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OpportunitySkills {
    Table,
    Skill,
    OpportunityId,
}

#[derive(DeriveIden)]
enum OpportunityTerms {
    Table,
    Term,
    OpportunityId,
    Weight,
}

#[derive(DeriveIden)]
enum VolunteerSignups {
    Table,
    Id,
    OpportunityId,
    OrganisationId,
    Name,
    Email,
    Phone,
    Message,
    GuardianName,
    AgeConfirmed,
    Status,
    WithdrawTokenHash,
    PoliceCertificateSeenOn,
    CreatedAt,
    UpdatedAt,
    ErasedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        use VolunteerOpportunities as O;
        use VolunteerSignups as S;
        manager
            .execute_all(&[
                &Table::create()
                    .table(O::Table)
                    .col(pk_uuid(O::Id))
                    .col_references(
                        uuid(O::OrganisationId),
                        "fk_volunteer_opportunities_organisation",
                        (Organisations::Table, Organisations::Id),
                        ForeignKeyAction::Cascade,
                    )
                    .col(string_len(O::Title, 200))
                    .col(binary_sorted(string_len(O::TitleSort, 200), backend))
                    .col(text(O::Description))
                    .col_references(
                        uuid(O::DistrictId),
                        "fk_volunteer_opportunities_district",
                        (Districts::Table, Districts::Id),
                        ForeignKeyAction::Restrict,
                    )
                    .col(string_len(O::Commitment, 16))
                    .col(timestamp_with_time_zone_null(O::StartsAt))
                    .col(timestamp_with_time_zone_null(O::EndsAt))
                    .col(text(O::Schedule))
                    .col(string_len(O::Skills, 1000))
                    .col(small_integer_null(O::MinAge))
                    .col(integer_null(O::Spots))
                    .col(boolean(O::RequiresPoliceCertificate).default(false))
                    .col(string_len(O::Status, 16))
                    .col(integer(O::AcceptedCount).default(0))
                    .col(boolean(O::IsDeleted).default(false))
                    .col(boolean(O::IsPublic).default(false))
                    .col(timestamp_with_time_zone_null(O::ClosedAt))
                    .version_and_timestamps(O::Version, O::CreatedAt, O::UpdatedAt)
                    .to_owned(),
                &index(
                    "ix_volunteer_opportunities_public_title",
                    O::Table,
                    [O::IsPublic, O::TitleSort, O::Id],
                ),
                &index(
                    "ix_volunteer_opportunities_public_district",
                    O::Table,
                    [O::IsPublic, O::DistrictId],
                ),
                &index("ix_volunteer_opportunities_organisation", O::Table, [O::OrganisationId]),
                &Table::create()
                    .table(OpportunitySkills::Table)
                    .col(binary_sorted(string_len(OpportunitySkills::Skill, 40), backend))
                    .col_references(
                        uuid(OpportunitySkills::OpportunityId),
                        "fk_opportunity_skills_opportunity",
                        (O::Table, O::Id),
                        ForeignKeyAction::Cascade,
                    )
                    .primary_key(&mut composite_key([
                        OpportunitySkills::Skill,
                        OpportunitySkills::OpportunityId,
                    ]))
                    .to_owned(),
                &index(
                    "ix_opportunity_skills_opportunity",
                    OpportunitySkills::Table,
                    [OpportunitySkills::OpportunityId],
                ),
                &Table::create()
                    .table(OpportunityTerms::Table)
                    .col(binary_sorted(string_len(OpportunityTerms::Term, 64), backend))
                    .col_references(
                        uuid(OpportunityTerms::OpportunityId),
                        "fk_opportunity_terms_opportunity",
                        (O::Table, O::Id),
                        ForeignKeyAction::Cascade,
                    )
                    .col(small_integer(OpportunityTerms::Weight))
                    .primary_key(&mut composite_key([
                        OpportunityTerms::Term,
                        OpportunityTerms::OpportunityId,
                    ]))
                    .to_owned(),
                &index(
                    "ix_opportunity_terms_opportunity",
                    OpportunityTerms::Table,
                    [OpportunityTerms::OpportunityId],
                ),
                &Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col_references(
                        uuid(S::OpportunityId),
                        "fk_volunteer_signups_opportunity",
                        (O::Table, O::Id),
                        ForeignKeyAction::Cascade,
                    )
                    .col(uuid(S::OrganisationId))
                    .col(string_len_null(S::Name, 200))
                    .col(string_len_null(S::Email, 254))
                    .col(string_len_null(S::Phone, 32))
                    .col(text_null(S::Message))
                    .col(string_len_null(S::GuardianName, 200))
                    .col(boolean(S::AgeConfirmed).default(false))
                    .col(string_len(S::Status, 16))
                    .col(string_len(S::WithdrawTokenHash, 64))
                    .col(date_null(S::PoliceCertificateSeenOn))
                    .col(timestamp_with_time_zone(S::CreatedAt))
                    .col(timestamp_with_time_zone(S::UpdatedAt))
                    .col(timestamp_with_time_zone_null(S::ErasedAt))
                    .to_owned(),
                &unique_index("uq_volunteer_signups_token", S::Table, [S::WithdrawTokenHash]),
                &index(
                    "ix_volunteer_signups_organisation",
                    S::Table,
                    [S::OrganisationId, S::Status, S::CreatedAt],
                ),
                &index("ix_volunteer_signups_opportunity", S::Table, [S::OpportunityId]),
                &index("ix_volunteer_signups_email", S::Table, [S::Email]),
            ])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .execute_all(&[
                &drop_table(VolunteerSignups::Table),
                &drop_table(OpportunityTerms::Table),
                &drop_table(OpportunitySkills::Table),
                &drop_table(VolunteerOpportunities::Table),
            ])
            .await
    }
}
