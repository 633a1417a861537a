//! The names of the tables that more than one migration creates, alters or points a foreign
//! key at, declared once. The names are fixed forever (deployed databases hold them), so a
//! later migration may use a column an earlier one added; tables that only one migration
//! touches keep their names in that migration.

use sea_orm_migration::prelude::*;

/// Kommunedeler (`m20261126_000001_reference_tables`).
#[derive(DeriveIden)]
pub(crate) enum Districts {
    Table,
    Id,
    Code,
    Slug,
    Name,
    ShortName,
    Version,
    CreatedAt,
    UpdatedAt,
}

/// Activity categories, one level of parent per row (`m20261126_000001_reference_tables`).
#[derive(DeriveIden)]
pub(crate) enum Categories {
    Table,
    Id,
    Slug,
    Name,
    ParentId,
    Version,
    CreatedAt,
    UpdatedAt,
}

/// Accounts (`m20261126_000003_accounts_and_organisations`).
#[derive(DeriveIden)]
pub(crate) enum Users {
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

/// Organisations (`m20261126_000003_accounts_and_organisations`; the pending changes from
/// `m20261127_000008_pending_changes`).
#[derive(DeriveIden)]
pub(crate) enum Organisations {
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
    PendingChanges,
    PendingSince,
}

/// Activities (`m20261126_000004_activities`).
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

/// The weekly time slots of activities (`m20261126_000004_activities`).
#[derive(DeriveIden)]
pub(crate) enum ActivitySlots {
    Table,
    Id,
    ActivityId,
    Weekday,
    StartMinute,
    EndMinute,
    ValidTo,
}

/// The search terms of activities (`m20261126_000004_activities`).
#[derive(DeriveIden)]
pub(crate) enum ActivityTerms {
    Table,
    Term,
    ActivityId,
    Weight,
}

/// Volunteering opportunities (`m20261126_000005_volunteering`).
#[derive(DeriveIden)]
pub(crate) enum VolunteerOpportunities {
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
