//! API clients (admin): the credentials a company's servers exchange for access tokens. Each
//! handler calls one use case of `cases::api_clients`.

use actix_web::{HttpResponse, delete, get, post, web};

use super::error::{ApiError, Problem};
use super::extract::path_id;
use super::json::Json;
use super::wire::api_clients::*;
use crate::cases::{Actor, api_clients};
use crate::state::AppState;

/// A secret is shown once: no cache may keep the answer.
fn with_secret(mut response: actix_web::HttpResponseBuilder, created: api_clients::WithSecret) -> HttpResponse {
    response.insert_header(("Cache-Control", "no-store")).json(ApiClientWithSecret::from(created))
}

/// The company's API clients (admin)
#[utoipa::path(
    tag = "api-clients",
    responses(
        (status = 200, description = "The clients, without their secrets", body = ApiClientList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api-clients")]
pub async fn list_api_clients(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<ApiClientList>, ApiError> {
    Ok(web::Json(api_clients::list_api_clients(&state, &actor).await?.into()))
}

/// Create an API client (admin)
///
/// Answers with `client_id` and `client_secret`; the secret is shown this once and stored only
/// as a hash.
#[utoipa::path(
    tag = "api-clients",
    request_body = ApiClientInput,
    responses(
        (status = 201, description = "The client and its secret", body = ApiClientWithSecret),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long name", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api-clients")]
pub async fn create_api_client(state: web::Data<AppState>, actor: Actor, body: Json<ApiClientInput>) -> Result<HttpResponse, ApiError> {
    let created = api_clients::create_api_client(&state, &actor, body.name.as_str()).await?;
    Ok(with_secret(HttpResponse::Created(), created))
}

/// Replace an API client's secret (admin)
///
/// The new secret, shown this once, works at once; the replaced one keeps getting tokens for
/// `grace_period_hours` (0: it stops at once). Rotating again during a grace period replaces
/// the previous secret.
#[utoipa::path(
    tag = "api-clients",
    params(("id" = String, Path, description = "API client id")),
    request_body = RotateApiClientInput,
    responses(
        (status = 200, description = "The client and its new secret", body = ApiClientWithSecret),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The client is revoked", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A grace period outside 0 to 168 hours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api-clients/{id}/rotate")]
pub async fn rotate_api_client(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: Json<RotateApiClientInput>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "API client")?;
    let rotated = api_clients::rotate_api_client(&state, &actor, id, body.grace_period_hours).await?;
    Ok(with_secret(HttpResponse::Ok(), rotated))
}

/// Revoke an API client (admin)
///
/// It gets no token from now on, and the access tokens it holds stop working: at once on this
/// server, within 5 seconds on every other replica.
#[utoipa::path(
    tag = "api-clients",
    params(("id" = String, Path, description = "API client id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api-clients/{id}")]
pub async fn revoke_api_client(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    api_clients::revoke_api_client(&state, &actor, path_id(&id, "API client")?).await?;
    Ok(HttpResponse::NoContent().finish())
}
