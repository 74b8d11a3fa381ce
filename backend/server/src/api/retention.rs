//! Retention endpoints: the company's policy, a session's retention, the relationship's end,
//! legal holds, erasure on request and deletion certificates.

use actix_web::{HttpResponse, delete, get, post, put, web};

use super::error::{ApiError, Problem};
use super::extract::path_id;
use super::json::Json;
use super::wire::retention::*;
use crate::cases::{Actor, retention};
use crate::state::AppState;
use kyc_domain::retention::ErasureRequest;

/// The company's retention policy
#[utoipa::path(
    tag = "retention",
    responses(
        (status = 200, description = "The periods, the defaults until the company saves its own", body = RetentionPolicyView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of a company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/retention/policy")]
pub async fn get_retention_policy(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<RetentionPolicyView>, ApiError> {
    Ok(web::Json(retention::get_retention_policy(&state, &actor).await?.into()))
}

/// Change the company's retention policy
///
/// A verified-session period under five years is refused with the AML provisions that forbid
/// it (422, one problem per period).
#[utoipa::path(
    tag = "retention",
    request_body = RetentionPolicyView,
    responses(
        (status = 200, description = "The saved periods", body = RetentionPolicyView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of a company", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A period outside its bounds", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/retention/policy")]
pub async fn update_retention_policy(state: web::Data<AppState>, actor: Actor, body: Json<RetentionPolicyView>) -> Result<web::Json<RetentionPolicyView>, ApiError> {
    Ok(web::Json(retention::update_retention_policy(&state, &actor, body.into_inner().into()).await?.into()))
}

/// When each class of a session's data goes, and why
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "The session's retention", body = SessionRetentionView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/retention")]
pub async fn get_session_retention(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<SessionRetentionView>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(retention::get_session_retention(&state, &actor, id).await?.into()))
}

/// Report the end of the customer relationship
///
/// Until then a verified session is never deleted by policy; from then its AML period runs.
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    request_body = RelationshipEndedInput,
    responses(
        (status = 200, description = "The session's retention now", body = SessionRetentionView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not report it", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already redacted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a date, or in the future", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/relationship-ended")]
pub async fn report_relationship_ended(state: web::Data<AppState>, actor: Actor, id: web::Path<String>, body: Json<RelationshipEndedInput>) -> Result<web::Json<SessionRetentionView>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(retention::report_relationship_ended(&state, &actor, id, body.ended_on).await?.into()))
}

/// Report the end of the customer relationship by the session's external id
///
/// The same as the call by session id, for clients that keep their own customer ids.
#[utoipa::path(
    tag = "retention",
    request_body = RelationshipEndedByExternalIdInput,
    responses(
        (status = 200, description = "The session's retention now", body = SessionRetentionView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not report it, or not a company's token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No session of the caller's company has this external id", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already redacted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a date, in the future, or an external id over 200 characters", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/relationships/ended")]
pub async fn report_relationship_ended_by_external_id(state: web::Data<AppState>, actor: Actor, body: Json<RelationshipEndedByExternalIdInput>) -> Result<web::Json<SessionRetentionView>, ApiError> {
    let body = body.into_inner();
    let external_id = body.external_id.into_inner();
    Ok(web::Json(retention::report_relationship_ended_by_external_id(&state, &actor, external_id, body.ended_on).await?.into()))
}

/// Place a legal hold on a session
///
/// A held session is never redacted, by policy or by request, until the hold is lifted.
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    request_body = LegalHoldInput,
    responses(
        (status = 200, description = "The hold", body = LegalHoldView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already held, or already redacted", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long reason", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/sessions/{id}/legal-hold")]
pub async fn place_legal_hold(state: web::Data<AppState>, actor: Actor, id: web::Path<String>, body: Json<LegalHoldInput>) -> Result<web::Json<LegalHoldView>, ApiError> {
    let id = path_id(&id, "session")?;
    let reason = body.into_inner().reason.into_inner().trim().to_owned();
    if reason.is_empty() {
        return Err(crate::cases::Error::invalid("reason", "a legal hold needs a reason").into());
    }
    Ok(web::Json(retention::place_legal_hold(&state, &actor, id, reason).await?.into()))
}

/// Lift a session's legal hold
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 204, description = "Lifted"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session, or no hold on it", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/sessions/{id}/legal-hold")]
pub async fn lift_legal_hold(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "session")?;
    retention::lift_legal_hold(&state, &actor, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The company's legal holds
#[utoipa::path(
    tag = "retention",
    responses(
        (status = 200, description = "Current and lifted holds", body = LegalHoldList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of a company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/retention/holds")]
pub async fn list_legal_holds(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<LegalHoldList>, ApiError> {
    let items = retention::list_legal_holds(&state, &actor).await?.into_iter().map(Into::into).collect();
    Ok(web::Json(LegalHoldList { items }))
}

/// Erase a session's photos and personal values on request
///
/// Refused (409) under a legal hold, while a decision is pending, and for a verified session
/// inside its AML period (GDPR Art. 17(3)(b); the problem names the period) unless a `ground`
/// is stated. With a ground, or with four-eyes review on, a second admin must send the same
/// request: the first answers 202 `awaiting_second_admin`.
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    request_body = ErasureInput,
    responses(
        (status = 200, description = "Redacted; the deletion certificate", body = ErasureResult),
        (status = 202, description = "Waiting for a second admin", body = ErasureResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Refused: hold, AML period, pending decision, already redacted, or the same admin twice", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long reason, or an unknown ground", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/redact")]
pub async fn redact_session(state: web::Data<AppState>, actor: Actor, id: web::Path<String>, body: Json<ErasureInput>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "session")?;
    let request = ErasureRequest { reason: body.reason()?, ground: body.ground.map(Into::into) };
    let result = ErasureResult::from(retention::redact_session(&state, &actor, id, request).await?);
    let mut response = if result.certificate.is_some() { HttpResponse::Ok() } else { HttpResponse::Accepted() };
    Ok(response.json(result))
}

/// Deletion certificates: one per purge run and company, one per erasure
#[utoipa::path(
    tag = "retention",
    responses(
        (status = 200, description = "Newest first", body = RetentionRunList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of a company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/retention/runs")]
pub async fn list_retention_runs(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<RetentionRunList>, ApiError> {
    let items = retention::list_retention_runs(&state, &actor).await?.iter().map(Into::into).collect();
    Ok(web::Json(RetentionRunList { items }))
}

/// One deletion certificate in full
#[utoipa::path(
    tag = "retention",
    params(("id" = String, Path, format = Uuid, description = "Certificate id")),
    responses(
        (status = 200, description = "The certificate", body = RetentionRunView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin of a company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such certificate in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/retention/runs/{id}")]
pub async fn get_retention_run(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<RetentionRunView>, ApiError> {
    let id: uuid::Uuid = path_id(&id, "retention run")?;
    Ok(web::Json(retention::get_retention_run(&state, &actor, id.to_string()).await?.into()))
}
