//! Municipality administration: the audit log.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::AppState;
use crate::auth::Authenticated;
use crate::extract::Query;
use crate::pagination::PageParams;
use crate::problem::{ApiError, Problem};

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The user who made the change; `null` for the command line.
    pub actor_id: Option<Uuid>,
    #[schema(example = "organisation.verify")]
    pub action: String,
    #[schema(example = "organisation")]
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub summary: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditLogPage {
    pub items: Vec<AuditEntryDto>,
    /// Pass as `cursor` for the next (older) page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Who changed what and when, newest first (admins only).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of entries.", body = AuditLogPage),
        (status = 401, description = "Not signed in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid parameters.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/admin/audit-log")]
pub async fn audit_log(
    state: web::Data<AppState>,
    auth: Authenticated,
    Query(page): Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let limit = page.checked_limit()?;
    let entries = state
        .app
        .audit_log(&auth.user, page.cursor.as_deref(), limit)
        .await?;
    Ok(HttpResponse::Ok().json(AuditLogPage {
        items: entries
            .items
            .into_iter()
            .map(|e| AuditEntryDto {
                id: e.id,
                at: e.at,
                actor_id: e.actor_id,
                action: e.action,
                resource_type: e.resource_type,
                resource_id: e.resource_id,
                summary: e.summary,
            })
            .collect(),
        next_cursor: entries.next_cursor,
    }))
}
