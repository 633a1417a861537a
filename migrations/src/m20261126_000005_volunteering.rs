//! Volunteering: opportunities (with skills and search terms, like activities) and
//! sign-ups. Sign-ups hold personal data in nullable columns so that erasure (withdrawal,
//! retention, admin request) can blank them while the row stays as an anonymous count.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_reference_tables::Districts;
use crate::m20261126_000003_accounts_and_organisations::binary_sorted;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum VolunteerOpportunities {
    Table,
    Id,
    OrganisationId,
    Title,
    TitleSort,
    Description,
    DistrictId,
    Commitment,
    StartsAt,
    EndsAt,
    Schedule,
    Skills,
    MinAge,
    Spots,
    RequiresPoliceCertificate,
    Status,
    AcceptedCount,
    IsDeleted,
    IsPublic,
    /// When it stopped taking volunteers (closed or deleted); retention counts from here.
    ClosedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

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
        use VolunteerOpportunities as O;
        manager
            .create_table(
                Table::create()
                    .table(O::Table)
                    .col(pk_uuid(O::Id))
                    .col(uuid(O::OrganisationId))
                    .col(string_len(O::Title, 200))
                    .col(binary_sorted(string_len(O::TitleSort, 200), backend))
                    .col(text(O::Description))
                    .col(uuid(O::DistrictId))
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
                    .col(integer(O::Version).default(1))
                    .col(timestamp_with_time_zone(O::CreatedAt))
                    .col(timestamp_with_time_zone(O::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_volunteer_opportunities_organisation")
                            .from(O::Table, O::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_volunteer_opportunities_district")
                            .from(O::Table, O::DistrictId)
                            .to(Districts::Table, Districts::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_volunteer_opportunities_public_title",
                vec![
                    O::IsPublic.into_iden(),
                    O::TitleSort.into_iden(),
                    O::Id.into_iden(),
                ],
            ),
            (
                "ix_volunteer_opportunities_public_district",
                vec![O::IsPublic.into_iden(), O::DistrictId.into_iden()],
            ),
            (
                "ix_volunteer_opportunities_organisation",
                vec![O::OrganisationId.into_iden()],
            ),
        ] {
            manager.create_index(index(name, O::Table, cols)).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(OpportunitySkills::Table)
                    .col(binary_sorted(
                        string_len(OpportunitySkills::Skill, 40),
                        backend,
                    ))
                    .col(uuid(OpportunitySkills::OpportunityId))
                    .primary_key(
                        Index::create()
                            .col(OpportunitySkills::Skill)
                            .col(OpportunitySkills::OpportunityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_skills_opportunity")
                            .from(OpportunitySkills::Table, OpportunitySkills::OpportunityId)
                            .to(O::Table, O::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_opportunity_skills_opportunity",
                OpportunitySkills::Table,
                vec![OpportunitySkills::OpportunityId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OpportunityTerms::Table)
                    .col(binary_sorted(
                        string_len(OpportunityTerms::Term, 64),
                        backend,
                    ))
                    .col(uuid(OpportunityTerms::OpportunityId))
                    .col(small_integer(OpportunityTerms::Weight))
                    .primary_key(
                        Index::create()
                            .col(OpportunityTerms::Term)
                            .col(OpportunityTerms::OpportunityId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_opportunity_terms_opportunity")
                            .from(OpportunityTerms::Table, OpportunityTerms::OpportunityId)
                            .to(O::Table, O::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_opportunity_terms_opportunity",
                OpportunityTerms::Table,
                vec![OpportunityTerms::OpportunityId.into_iden()],
            ))
            .await?;

        use VolunteerSignups as S;
        manager
            .create_table(
                Table::create()
                    .table(S::Table)
                    .col(pk_uuid(S::Id))
                    .col(uuid(S::OpportunityId))
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
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_volunteer_signups_opportunity")
                            .from(S::Table, S::OpportunityId)
                            .to(O::Table, O::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_volunteer_signups_token",
                    S::Table,
                    vec![S::WithdrawTokenHash.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_volunteer_signups_organisation",
                vec![
                    S::OrganisationId.into_iden(),
                    S::Status.into_iden(),
                    S::CreatedAt.into_iden(),
                ],
            ),
            (
                "ix_volunteer_signups_opportunity",
                vec![S::OpportunityId.into_iden()],
            ),
            ("ix_volunteer_signups_email", vec![S::Email.into_iden()]),
        ] {
            manager.create_index(index(name, S::Table, cols)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            VolunteerSignups::Table.into_iden(),
            OpportunityTerms::Table.into_iden(),
            OpportunitySkills::Table.into_iden(),
            VolunteerOpportunities::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
