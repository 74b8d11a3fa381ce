//! Service endpoints: health and the OpenAPI document.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers, `unavailable` when it does not.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
}

/// Health check (no authentication)
#[utoipa::path(
    tag = "service",
    responses(
        (status = 200, description = "The service is up", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let database = state.db.backend().name();
    let reachable = state.db.read(crate::db::ping).await.is_ok();
    let health = Health {
        status: if reachable { "ok" } else { "unavailable" }.to_owned(),
        database: database.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    if reachable { HttpResponse::Ok().json(health) } else { HttpResponse::ServiceUnavailable().json(health) }
}

/// The OpenAPI document, rendered once.
///
/// Registered ahead of the `/api/v1` scope: the scope would otherwise answer 404 for this path
/// before Swagger UI's own route is reached.
pub async fn openapi_json() -> HttpResponse {
    static DOCUMENT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let json = DOCUMENT.get_or_init(|| super::openapi().to_json().unwrap_or_else(|_| "{}".to_owned()));
    HttpResponse::Ok().content_type("application/json").body(json.clone())
}
