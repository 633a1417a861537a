//! Municipality administration: the audit log, the personal data of a data subject, and
//! the e-mail outbox.

use crate::context::{Cx, Reply};
use actix_web::{HttpResponse, delete, get};
use fritid_domain::audit::AuditEntry;
use fritid_domain::mail::{MailStatus, OutboxEntry};
use serde::{Deserialize, Serialize};
use std::convert::identity;
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::extract::Query;
use crate::pagination::PageParams;
use crate::responses::{AdminOnly, InvalidEmail, InvalidParameters, OwnAddress};

crate::pagination::page_type!(
    AuditLogPage(AuditEntry),
    "Pass as `cursor` for the next (older) page; `null` on the last page."
);

/// Who changed what and when, newest first (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of entries.", body = AuditLogPage),
        AdminOnly, InvalidParameters,
    )
)]
#[get("/admin/audit-log")]
pub async fn audit_log(cx: Cx, auth: Authenticated, Query(page): Query<PageParams>) -> Reply {
    let limit = page.checked_limit()?;
    let entries = cx.app.audit_log(&auth.user, page.cursor.as_deref(), limit).await?;
    Ok(HttpResponse::Ok().json(AuditLogPage::of(entries, identity)))
}

// ---------------------------------------------------------------------------------------
// Personal data of a data subject

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DataSubjectParams {
    /// The data subject's e-mail address.
    pub email: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDataExport {
    pub email: String,
    /// The account, if the address has one.
    pub account: Option<fritid_domain::account::User>,
    pub signups: Vec<fritid_domain::volunteering::Signup>,
    /// Pending or accepted invitations sent to the address.
    pub invitations: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureReport {
    pub signups_erased: u64,
    pub account_deleted: bool,
}

/// Export everything held about an e-mail address (admins).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(DataSubjectParams),
    responses(
        (status = 200, description = "Everything held.", body = PersonalDataExport),
        InvalidEmail, AdminOnly,
    )
)]
#[get("/admin/personal-data")]
pub async fn export_personal_data(
    cx: Cx, auth: Authenticated, Query(params): Query<DataSubjectParams>,
) -> Reply {
    let (email, data) = cx.app.personal_data(&auth.user, &params.email).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(PersonalDataExport {
        email: email.to_string(),
        account: data.account,
        signups: data.signups,
        invitations: data.invitations,
    }))
}

/// Erase everything held about an e-mail address (admins): sign-ups blanked, invitations
/// deleted, the account deleted.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(DataSubjectParams),
    responses(
        (status = 200, description = "Erased.", body = ErasureReport),
        OwnAddress, InvalidEmail, AdminOnly,
    )
)]
#[delete("/admin/personal-data")]
pub async fn erase_personal_data(
    cx: Cx, auth: Authenticated, Query(params): Query<DataSubjectParams>,
) -> Reply {
    let (signups_erased, account_deleted) =
        cx.app.erase_personal_data(&auth.user, &params.email).await?;
    Ok(HttpResponse::Ok().json(ErasureReport { signups_erased, account_deleted }))
}

// ---------------------------------------------------------------------------------------
// The e-mail outbox

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// Only messages in this state.
    #[param(value_type = Option<fritid_domain::doc::MailStatusDto>)]
    pub status: Option<String>,
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

crate::pagination::page_type!(
    OutboxPage(OutboxEntry),
    "Pass as `cursor` for the next (older) page; `null` on the last page."
);

/// The e-mail outbox, newest first: messages waiting, sent and failed, recipients masked
/// (admins only). A message is tried up to 8 times, waiting 30 s · 2ⁿ (at most an hour)
/// between attempts, and is then `failed`; at once when the receiving server refuses the
/// address itself (an enhanced status 5.1.x, such as "5.1.1 user unknown").
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(OutboxParams),
    responses(
        (status = 200, description = "A page of messages.", body = OutboxPage),
        AdminOnly, InvalidParameters,
    )
)]
#[get("/admin/outbox")]
pub async fn outbox(cx: Cx, auth: Authenticated, Query(params): Query<OutboxParams>) -> Reply {
    let mut errors = fritid_domain::ValidationErrors::new();
    let limit = crate::pagination::limit(params.limit, &mut errors);
    let status =
        params.status.as_deref().and_then(|s| errors.check(MailStatus::parse("status", s)));
    errors.finish()?;
    let page = cx.app.outbox(&auth.user, status, params.cursor.as_deref(), limit).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(OutboxPage::of(page, identity)))
}
