//! Liveness and readiness, for load balancers and orchestrators.

use crate::context::{Cx, Reply};
use crate::responses::NotReady;
use actix_web::{HttpResponse, get};
use fritid_app::Readiness;
use serde::Serialize;
use utoipa::ToSchema;

use crate::problem::Problem;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Is the process alive? Never touches the database.
#[utoipa::path(
    tag = "health",
    responses((status = 200, description = "The process is running.", body = Health))
)]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Can the service answer requests? 200 when the database is reachable and every migration
/// is applied; 503 otherwise.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Database reachable and migrated.", body = Health),
        NotReady,
    )
)]
#[get("/readyz")]
pub async fn readyz(cx: Cx) -> Reply {
    match cx.app.readiness().await {
        Ok(Readiness::Ready) => Ok(HttpResponse::Ok().json(Health { status: "ok" })),
        Ok(Readiness::PendingMigrations(n)) => Ok(Problem {
            detail: format!("{n} database migrations are not applied yet."),
            ..Problem::for_status(actix_web::http::StatusCode::SERVICE_UNAVAILABLE, "")
        }
        .to_response()),
        Err(e) => Err(e.into()),
    }
}
