//! E-mail: the outbox a message is written to in the same transaction as the event that
//! causes it (a worker delivers it with retries and marks it sent), whether an account's
//! address is confirmed, and the single-use links sent by e-mail, stored only as the SHA-256
//! (hex) of their token.
//!
//! Existing accounts keep `email_verified = false`; accounts made by `fritid admin create`
//! are written as confirmed by the store.

use sea_orm_migration::{prelude::*, schema::*};

use crate::ddl::{NewColumn, NewTable, additions};
use crate::idens::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    /// `verify_email`, … (`fritid_domain::mail::MailKind`).
    Kind,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    /// The `Message-ID` header, the same at every attempt.
    MessageId,
    /// `queued`, `sent` or `failed`.
    Status,
    Attempts,
    NextAttemptAt,
    /// A worker that claimed the message holds it until then.
    LeaseUntil,
    /// Why the last attempt failed (the transport's words; no personal data).
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    TokenHash,
    UserId,
    /// `verify` or `reset`.
    Purpose,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Account {
    EmailVerified,
}

additions! {
    tables(_backend) [
        NewTable::new(Outbox::Table)
            .col(uuid(Outbox::Id).primary_key())
            .col(string_len(Outbox::Kind, 40))
            .col(string_len(Outbox::Recipient, 254))
            .col(string_len(Outbox::Subject, 200))
            .col(text(Outbox::BodyText))
            .col(text(Outbox::BodyHtml))
            .col(string_len(Outbox::MessageId, 255))
            .col(string_len(Outbox::Status, 10))
            .col(integer(Outbox::Attempts).default(0))
            .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
            .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
            .col(string_len_null(Outbox::LastError, 500))
            .col(timestamp_with_time_zone(Outbox::CreatedAt))
            .col(timestamp_with_time_zone_null(Outbox::SentAt))
            .unique_index("ux_outbox_message_id", [Outbox::MessageId])
            // The worker's claim: queued messages whose next attempt is due.
            .index("ix_outbox_due", [Outbox::Status, Outbox::NextAttemptAt]),
        NewTable::new(EmailTokens::Table)
            .col(string_len(EmailTokens::TokenHash, 64).primary_key())
            .col_references(
                uuid(EmailTokens::UserId),
                "fk_email_tokens_user",
                (Users::Table, Users::Id),
                ForeignKeyAction::Cascade,
            )
            .col(string_len(EmailTokens::Purpose, 10))
            .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
            .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
            .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
            .index("ix_email_tokens_user", [EmailTokens::UserId]),
    ]

    columns [NewColumn::new(
        Users::Table,
        ColumnDef::new(Account::EmailVerified).boolean().not_null().default(false).to_owned(),
    )]
}
