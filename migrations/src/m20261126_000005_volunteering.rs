//! Volunteering: opportunities (with skills and search terms, like activities) and
//! sign-ups. Sign-ups hold personal data in nullable columns so that erasure (withdrawal,
//! retention, admin request) can blank them while the row stays as an anonymous count.

use sea_orm_migration::prelude::ForeignKeyAction::{Cascade, Restrict};
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions, binary_sorted, search_terms_table};
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

use VolunteerOpportunities as O;
use VolunteerSignups as S;

additions! {
    tables(backend) [
        NewTable::new(O::Table)
            .col(pk_uuid(O::Id))
            .references(uuid(O::OrganisationId), Organisations::Table, Cascade)
            .col(string_len(O::Title, 200))
            .col(binary_sorted(string_len(O::TitleSort, 200), backend))
            .col(text(O::Description))
            .references(uuid(O::DistrictId), Districts::Table, Restrict)
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
            .index(
                "ix_volunteer_opportunities_public_title",
                [O::IsPublic, O::TitleSort, O::Id],
            )
            .index("ix_volunteer_opportunities_public_district", [O::IsPublic, O::DistrictId])
            .index("ix_volunteer_opportunities_organisation", [O::OrganisationId]),
        NewTable::new(OpportunitySkills::Table)
            .col(binary_sorted(string_len(OpportunitySkills::Skill, 40), backend))
            .references(uuid(OpportunitySkills::OpportunityId), O::Table, Cascade)
            .primary_key([OpportunitySkills::Skill, OpportunitySkills::OpportunityId])
            .index("ix_opportunity_skills_opportunity", [OpportunitySkills::OpportunityId]),
        search_terms_table(
            backend,
            OpportunityTerms::Table,
            [OpportunityTerms::Term, OpportunityTerms::OpportunityId, OpportunityTerms::Weight],
            "fk_opportunity_terms_opportunity",
            (O::Table, O::Id),
            "ix_opportunity_terms_opportunity",
        ),
        NewTable::new(S::Table)
            .col(pk_uuid(S::Id))
            .references(uuid(S::OpportunityId), O::Table, Cascade)
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
            .unique_index("uq_volunteer_signups_token", [S::WithdrawTokenHash])
            .index(
                "ix_volunteer_signups_organisation",
                [S::OrganisationId, S::Status, S::CreatedAt],
            )
            .index("ix_volunteer_signups_opportunity", [S::OpportunityId])
            .index("ix_volunteer_signups_email", [S::Email]),
    ]
}
