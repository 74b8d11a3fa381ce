//! Checks endpoints: a session's MRZ report and PEPInfo, the stateless MRZ and screening checks,
//! reviews of screening matches, and the stored sanctions/PEP lists.

use actix_web::{get, post, web};

use super::error::{ApiError, Problem};
use super::extract::{Expensive, path_id};
use super::json::Json;
use super::wire::checks::*;
use crate::cases::{Actor, checks, list_refresh};
use crate::state::AppState;
use kyc_domain::screening::PersonQuery;

/// The MRZ check of a session, field by field
#[utoipa::path(
    tag = "checks",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "The MRZ report stored at ingest", body = MrzCheck),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/mrz")]
pub async fn get_session_mrz(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<MrzCheck>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(checks::get_session_mrz(&state, &actor, id).await?.into()))
}

/// Check an MRZ without a session
///
/// Structurally unusable input (line count, line length, characters outside `A-Z0-9<`) is a
/// 422 problem whose `errors` give the line and position; everything else is a report.
#[utoipa::path(
    tag = "checks",
    request_body = MrzCheckRequest,
    responses(
        (status = 200, description = "The per-field report", body = MrzCheck),
        (status = 400, description = "Unreadable body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unusable MRZ, with line and position", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/mrz/check")]
pub async fn check_mrz(state: web::Data<AppState>, Expensive(actor): Expensive, body: Json<MrzCheckRequest>) -> Result<web::Json<MrzCheck>, ApiError> {
    let (lines, repair) = body.into_inner().into_lines().map_err(|problem| ApiError::invalid_fields(vec![problem]))?;
    Ok(web::Json(checks::check_mrz(&state, &actor, lines, repair, chrono::Utc::now().date_naive()).await?.into()))
}

/// The sanctions/PEP screening result of a session (PEPInfo)
#[utoipa::path(
    tag = "checks",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "Lists screened and matches", body = PepResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/pep")]
pub async fn get_session_pep(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<PepResult>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(checks::get_session_pep(&state, &actor, id).await?.into()))
}

/// Screen a person against the sanctions/PEP lists without a session
#[utoipa::path(
    tag = "checks",
    request_body = ScreeningCheckRequest,
    responses(
        (status = 200, description = "Lists screened and matches", body = PepResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No name, or an unknown sex", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/screening/check")]
pub async fn check_screening(state: web::Data<AppState>, Expensive(actor): Expensive, body: Json<ScreeningCheckRequest>) -> Result<web::Json<PepResult>, ApiError> {
    let query = PersonQuery::try_from(body.into_inner()).map_err(|problem| ApiError::invalid_fields(vec![problem]))?;
    Ok(web::Json(checks::check_screening(&state, &actor, query).await?.into()))
}

/// Mark a screening match as a false positive or confirmed
///
/// Writes a note on the session and an audit event; the session's PEP status follows.
#[utoipa::path(
    tag = "checks",
    params(
        ("id" = String, Path, format = Uuid, description = "Session id"),
        ("entity_id" = String, Path, description = "The matched list entry's id"),
    ),
    request_body = MatchReviewRequest,
    responses(
        (status = 200, description = "The session's screening result after the review", body = PepResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not review", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session or match", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown review or empty note", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/pep/matches/{entity_id}/review")]
pub async fn review_pep_match(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: Json<MatchReviewRequest>,
) -> Result<web::Json<PepResult>, ApiError> {
    let (id, entity_id) = path.into_inner();
    let MatchReviewRequest { review, note } = body.into_inner();
    let id = path_id(&id, "session")?;
    Ok(web::Json(checks::review_pep_match(&state, &actor, id, &entity_id, review.into(), note.as_str()).await?.into()))
}

/// The stored sanctions/PEP list versions (admin)
#[utoipa::path(
    tag = "checks",
    responses(
        (status = 200, description = "Every imported list version", body = ScreeningListPage),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/screening/lists")]
pub async fn list_screening_lists(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<ScreeningListPage>, ApiError> {
    Ok(web::Json(checks::list_screening_lists(&state, &actor).await?.into()))
}

/// The lists the server downloads by itself, and how their checks went (admin)
#[utoipa::path(
    tag = "checks",
    responses(
        (status = 200, description = "Every source of `KYC_LIST_SOURCES` with its last check, success, change and error", body = ListSourcePage),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/screening/sources")]
pub async fn list_screening_sources(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<ListSourcePage>, ApiError> {
    Ok(web::Json(list_refresh::list_sources(&state, &actor).await?.into()))
}
