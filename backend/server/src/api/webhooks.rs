//! Webhook endpoints (admin), their delivery logs, resending, test events, a session's
//! deliveries, and the events feed.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, Problem};
use super::extract::path_id;
use super::json::Json;
use super::wire::text::Text;
use super::wire::webhooks::*;
use crate::cases::{Actor, webhooks};
use crate::state::AppState;

fn too_many_types() -> ApiError {
    ApiError::from(crate::cases::Error::invalid("events", format!("at most {MAX_EVENT_TYPES} event types")))
}

/// The company's webhook endpoints (admin)
#[utoipa::path(
    tag = "webhooks",
    responses(
        (status = 200, description = "The endpoints, without their secrets", body = WebhookList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhooks")]
pub async fn list_webhooks(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<WebhookList>, ApiError> {
    Ok(web::Json(webhooks::list_webhooks(&state, &actor).await?.into()))
}

/// Add a webhook endpoint (admin)
///
/// Answers with the endpoint's signing secret (`whsec_…`), shown this once. In production the
/// URL must be `https://` to a host whose every address is public.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookInput,
    responses(
        (status = 201, description = "The endpoint and its secret", body = WebhookWithSecret),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A refused URL, or no or unknown event types", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhooks")]
pub async fn create_webhook(state: web::Data<AppState>, actor: Actor, body: Json<WebhookInput>) -> Result<HttpResponse, ApiError> {
    if body.too_many_types() {
        return Err(too_many_types());
    }
    let created = webhooks::create_webhook(&state, &actor, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(WebhookWithSecret::from(created)))
}

/// Change a webhook endpoint (admin)
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Webhook id")),
    request_body = WebhookPatch,
    responses(
        (status = 200, description = "The endpoint", body = WebhookView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A refused URL, or no or unknown event types", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(state: web::Data<AppState>, actor: Actor, id: web::Path<String>, body: Json<WebhookPatch>) -> Result<web::Json<WebhookView>, ApiError> {
    let id = path_id(&id, "webhook")?;
    if body.too_many_types() {
        return Err(too_many_types());
    }
    let endpoint = webhooks::update_webhook(&state, &actor, id, body.into_inner().into()).await?;
    Ok(web::Json(WebhookView::from(&endpoint)))
}

/// Remove a webhook endpoint and its delivery log (admin)
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Webhook id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    webhooks::delete_webhook(&state, &actor, path_id(&id, "webhook")?).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace a webhook endpoint's signing secret (admin)
///
/// The new secret signs at once; the replaced one signs beside it for 24 hours, so every
/// attempt carries both signatures until the receiver has switched.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Webhook id")),
    responses(
        (status = 200, description = "The endpoint and its new secret, shown this once", body = WebhookWithSecret),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_webhook_secret(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<WebhookWithSecret>, ApiError> {
    let rotated = webhooks::rotate_webhook_secret(&state, &actor, path_id(&id, "webhook")?).await?;
    Ok(web::Json(rotated.into()))
}

/// A webhook endpoint's latest deliveries and their attempts (admin)
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Webhook id")),
    responses(
        (status = 200, description = "Newest first", body = DeliveryList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<DeliveryList>, ApiError> {
    let logs = webhooks::list_webhook_deliveries(&state, &actor, path_id(&id, "webhook")?).await?;
    Ok(web::Json(logs.into()))
}

/// Send an event again (admin)
///
/// A new delivery of the same event: the same `webhook-id` and body, signed anew.
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = String, Path, format = Uuid, description = "Webhook id"),
        ("delivery_id" = String, Path, format = Uuid, description = "Delivery id"),
    ),
    responses(
        (status = 202, description = "The new delivery, pending", body = DeliveryView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook or delivery in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The webhook is disabled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/resend")]
pub async fn resend_webhook_delivery(state: web::Data<AppState>, actor: Actor, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = (path_id(&path.0, "webhook")?, path_id(&path.1, "delivery")?);
    let log = webhooks::resend_webhook_delivery(&state, &actor, id, delivery_id).await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(log)))
}

/// Send a `webhook.test` event to this endpoint (admin)
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Webhook id")),
    responses(
        (status = 202, description = "The test delivery, pending", body = DeliveryView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such webhook in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The webhook is disabled", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/webhooks/{id}/test")]
pub async fn send_webhook_test(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let log = webhooks::send_webhook_test(&state, &actor, path_id(&id, "webhook")?).await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(log)))
}

/// A session's webhook deliveries
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "Newest first", body = DeliveryList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/webhook-deliveries")]
pub async fn list_session_deliveries(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<DeliveryList>, ApiError> {
    let logs = webhooks::list_session_deliveries(&state, &actor, path_id(&id, "session")?).await?;
    Ok(web::Json(logs.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// `next_cursor` of the previous page; from the beginning when absent.
    #[param(value_type = Option<String>, max_length = 20)]
    pub after: Option<Text<20>>,
    /// Only these types, comma-separated (e.g. `session.status_changed,session.decision_made`).
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<String>, max_length = 400)]
    pub event_type: Option<Text<400>>,
    /// Page size, 1..=500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
}

/// The company's events, oldest first, for callers that pull instead of receiving webhooks
///
/// Each item is exactly the body a webhook delivers. Positions are in commit order, so paging
/// with `after=next_cursor` never skips an event.
#[utoipa::path(
    tag = "webhooks",
    params(EventsQuery),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A malformed cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown event type", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/events")]
pub async fn list_events(state: web::Data<AppState>, actor: Actor, query: web::Query<EventsQuery>) -> Result<web::Json<EventPage>, ApiError> {
    let EventsQuery { after, event_type, limit } = query.into_inner();
    let after = after.as_deref().map_or(Ok(0), str::parse::<i64>).ok().filter(|after| *after >= 0);
    let after = after.ok_or_else(|| ApiError::BadRequest("the cursor is invalid; use next_cursor from a previous page".into()))?;
    let types = event_type.as_deref().map(|types| types.split(',').map(|name| name.trim().to_owned()).collect()).unwrap_or_default();
    let limit = limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 500".into()));
    }
    let page = webhooks::list_events(&state, &actor, after, types, limit).await?;
    Ok(web::Json(page.into()))
}
