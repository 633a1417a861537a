//! Accounts, refresh tokens, organisations with their districts, members and invitations,
//! and the audit log.

use sea_orm_migration::prelude::ForeignKeyAction::{Cascade, Restrict, SetNull};
use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewTable, additions, binary_sorted};
use crate::idens::{Districts, Organisations, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum OrganisationDistricts {
    Table,
    OrganisationId,
    DistrictId,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    OrganisationId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    OrganisationId,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Action,
    ResourceType,
    ResourceId,
    Summary,
}

additions! {
    tables(backend) [
        NewTable::new(Users::Table)
            .col(pk_uuid(Users::Id))
            .col(string_len(Users::Email, 254))
            .col(string_len(Users::Name, 200))
            .col(string_len(Users::PasswordHash, 255))
            .col(string_len(Users::Role, 16).default("user"))
            .version_and_timestamps(Users::Version, Users::CreatedAt, Users::UpdatedAt)
            .unique_index("uq_users_email", [Users::Email]),
        NewTable::new(RefreshTokens::Table)
            .col(pk_uuid(RefreshTokens::Id))
            .references(uuid(RefreshTokens::UserId), Users::Table, Cascade)
            .col(uuid(RefreshTokens::FamilyId))
            .col(string_len(RefreshTokens::TokenHash, 64))
            .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
            .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
            .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
            .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
            .unique_index("uq_refresh_tokens_hash", [RefreshTokens::TokenHash])
            .index("ix_refresh_tokens_family", [RefreshTokens::FamilyId])
            .index("ix_refresh_tokens_user", [RefreshTokens::UserId]),
        NewTable::new(Organisations::Table)
            .col(pk_uuid(Organisations::Id))
            .col(string_len(Organisations::Name, 200))
            .col(string_len(Organisations::NameSearch, 200))
            .col(binary_sorted(string_len(Organisations::NameSort, 200), backend))
            .col(string_len(Organisations::Kind, 32))
            .col(string_len_null(Organisations::OrgNumber, 9))
            .col(text(Organisations::Description))
            .col(string_len_null(Organisations::Email, 254))
            .col(string_len_null(Organisations::Phone, 32))
            .col(string_len_null(Organisations::Website, 500))
            .col(string_len(Organisations::Status, 16))
            .col(text_null(Organisations::RejectionReason))
            .version_and_timestamps(
                Organisations::Version,
                Organisations::CreatedAt,
                Organisations::UpdatedAt,
            )
            // Unique where present: both backends allow many NULLs in a unique index.
            .unique_index("uq_organisations_org_number", [Organisations::OrgNumber])
            .index(
                "ix_organisations_status_name_sort",
                [Organisations::Status, Organisations::Name, Organisations::Id],
            ),
        NewTable::new(OrganisationDistricts::Table)
            .references(
                uuid(OrganisationDistricts::OrganisationId),
                Organisations::Table,
                Cascade,
            )
            .references(uuid(OrganisationDistricts::DistrictId), Districts::Table, Restrict)
            .primary_key([
                OrganisationDistricts::OrganisationId,
                OrganisationDistricts::DistrictId,
            ])
            .index("ix_organisation_districts_district", [OrganisationDistricts::DistrictId]),
        NewTable::new(Memberships::Table)
            .references(uuid(Memberships::OrganisationId), Organisations::Table, Cascade)
            .references(uuid(Memberships::UserId), Users::Table, Cascade)
            .col(string_len(Memberships::Role, 16))
            .col(timestamp_with_time_zone(Memberships::CreatedAt))
            .primary_key([Memberships::OrganisationId, Memberships::UserId])
            .index("ix_memberships_user", [Memberships::UserId]),
        NewTable::new(Invitations::Table)
            .col(pk_uuid(Invitations::Id))
            .references(uuid(Invitations::OrganisationId), Organisations::Table, Cascade)
            .col(string_len(Invitations::Email, 254))
            .col(string_len(Invitations::Role, 16))
            .col(string_len(Invitations::TokenHash, 64))
            .references(uuid_null(Invitations::InvitedBy), Users::Table, SetNull)
            .col(timestamp_with_time_zone(Invitations::CreatedAt))
            .col(timestamp_with_time_zone(Invitations::ExpiresAt))
            .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
            .unique_index("uq_invitations_token_hash", [Invitations::TokenHash]),
        // No foreign keys: the log outlives the users and resources it mentions.
        NewTable::new(AuditLog::Table)
            .col(pk_uuid(AuditLog::Id))
            .col(timestamp_with_time_zone(AuditLog::At))
            .col(uuid_null(AuditLog::ActorId))
            .col(string_len(AuditLog::Action, 64))
            .col(string_len(AuditLog::ResourceType, 32))
            .col(uuid_null(AuditLog::ResourceId))
            .col(string_len(AuditLog::Summary, 500))
            .index("ix_audit_log_at_id", [AuditLog::At, AuditLog::Id]),
    ]
}
