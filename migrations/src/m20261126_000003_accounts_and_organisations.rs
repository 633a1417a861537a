//! Accounts, refresh tokens, organisations with their districts, members and invitations,
//! and the audit log.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261126_000001_reference_tables::Districts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    Version,
    CreatedAt,
    UpdatedAt,
}

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
enum Organisations {
    Table,
    Id,
    Name,
    /// `name` folded for matching (see `fritid_domain::text::fold`).
    NameSearch,
    /// `name` as a byte-sortable key in Norwegian order (`fritid_domain::text::sort_key`).
    NameSort,
    Kind,
    OrgNumber,
    Description,
    Email,
    Phone,
    Website,
    Status,
    RejectionReason,
    Version,
    CreatedAt,
    UpdatedAt,
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

/// Sort keys compare byte by byte on both backends: SQLite's default collation already does;
/// PostgreSQL needs "C", or the server's locale would reorder them.
pub(crate) fn binary_sorted(mut col: ColumnDef, backend: sea_orm::DbBackend) -> ColumnDef {
    if backend == sea_orm::DbBackend::Postgres {
        col.extra("COLLATE \"C\"");
    }
    col
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
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len(Users::Email, 254))
                    .col(string_len(Users::Name, 200))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::Role, 16).default("user"))
                    .col(integer(Users::Version).default(1))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_users_email",
                    Users::Table,
                    vec![Users::Email.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(pk_uuid(RefreshTokens::Id))
                    .col(uuid(RefreshTokens::UserId))
                    .col(uuid(RefreshTokens::FamilyId))
                    .col(string_len(RefreshTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_tokens_user")
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_refresh_tokens_hash",
                    RefreshTokens::Table,
                    vec![RefreshTokens::TokenHash.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_refresh_tokens_family",
                RefreshTokens::Table,
                vec![RefreshTokens::FamilyId.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_refresh_tokens_user",
                RefreshTokens::Table,
                vec![RefreshTokens::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len(Organisations::NameSearch, 200))
                    .col(binary_sorted(
                        string_len(Organisations::NameSort, 200),
                        manager.get_database_backend(),
                    ))
                    .col(string_len(Organisations::Kind, 32))
                    .col(string_len_null(Organisations::OrgNumber, 9))
                    .col(text(Organisations::Description))
                    .col(string_len_null(Organisations::Email, 254))
                    .col(string_len_null(Organisations::Phone, 32))
                    .col(string_len_null(Organisations::Website, 500))
                    .col(string_len(Organisations::Status, 16))
                    .col(text_null(Organisations::RejectionReason))
                    .col(integer(Organisations::Version).default(1))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // Unique where present: both backends allow many NULLs in a unique index.
        manager
            .create_index(
                index(
                    "uq_organisations_org_number",
                    Organisations::Table,
                    vec![Organisations::OrgNumber.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_organisations_status_name_sort",
                Organisations::Table,
                vec![
                    Organisations::Status.into_iden(),
                    Organisations::Name.into_iden(),
                    Organisations::Id.into_iden(),
                ],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrganisationDistricts::Table)
                    .col(uuid(OrganisationDistricts::OrganisationId))
                    .col(uuid(OrganisationDistricts::DistrictId))
                    .primary_key(
                        Index::create()
                            .col(OrganisationDistricts::OrganisationId)
                            .col(OrganisationDistricts::DistrictId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_districts_organisation")
                            .from(
                                OrganisationDistricts::Table,
                                OrganisationDistricts::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_organisation_districts_district")
                            .from(
                                OrganisationDistricts::Table,
                                OrganisationDistricts::DistrictId,
                            )
                            .to(Districts::Table, Districts::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_organisation_districts_district",
                OrganisationDistricts::Table,
                vec![OrganisationDistricts::DistrictId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(uuid(Memberships::OrganisationId))
                    .col(uuid(Memberships::UserId))
                    .col(string_len(Memberships::Role, 16))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(Memberships::OrganisationId)
                            .col(Memberships::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_organisation")
                            .from(Memberships::Table, Memberships::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_memberships_user")
                            .from(Memberships::Table, Memberships::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_memberships_user",
                Memberships::Table,
                vec![Memberships::UserId.into_iden()],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(pk_uuid(Invitations::Id))
                    .col(uuid(Invitations::OrganisationId))
                    .col(string_len(Invitations::Email, 254))
                    .col(string_len(Invitations::Role, 16))
                    .col(string_len(Invitations::TokenHash, 64))
                    .col(uuid_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invitations_organisation")
                            .from(Invitations::Table, Invitations::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invitations_invited_by")
                            .from(Invitations::Table, Invitations::InvitedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_invitations_token_hash",
                    Invitations::Table,
                    vec![Invitations::TokenHash.into_iden()],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        // No foreign keys: the log outlives the users and resources it mentions.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len(AuditLog::ResourceType, 32))
                    .col(uuid_null(AuditLog::ResourceId))
                    .col(string_len(AuditLog::Summary, 500))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_at_id",
                AuditLog::Table,
                vec![AuditLog::At.into_iden(), AuditLog::Id.into_iden()],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            Invitations::Table.into_iden(),
            Memberships::Table.into_iden(),
            OrganisationDistricts::Table.into_iden(),
            Organisations::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
