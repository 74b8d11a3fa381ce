//! Checks endpoints: a session's MRZ report and PEPInfo, the stateless MRZ and screening checks,
//! reviews of screening matches, and the stored sanctions/PEP lists.

use actix_web::{get, post, web};

use super::auth::{ADMINS, Caller, READERS, REVIEWERS};
use super::check_views::*;
use super::error::{ApiError, Problem};
use crate::checks;
use crate::state::AppState;

/// The MRZ check of a session, field by field
#[utoipa::path(
    tag = "checks",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "The MRZ report stored at ingest", body = MrzCheck),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/mrz")]
pub async fn get_session_mrz(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<MrzCheck>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(checks::session_mrz(&state, &caller, &id).await?))
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
pub async fn check_mrz(caller: Caller, body: web::Json<MrzCheckRequest>) -> Result<web::Json<MrzCheck>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(checks::check_mrz(body.into_inner(), chrono::Utc::now().date_naive())?))
}

/// The sanctions/PEP screening result of a session (PEPInfo)
#[utoipa::path(
    tag = "checks",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "Lists screened and matches", body = PepResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not read sessions", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/pep")]
pub async fn get_session_pep(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<PepResult>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(checks::session_pep(&state, &caller, &id).await?))
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
pub async fn check_screening(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ScreeningCheckRequest>,
) -> Result<web::Json<PepResult>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(checks::screen_person(&state, &caller, body.into_inner()).await?))
}

/// Mark a screening match as a false positive or confirmed
///
/// Writes a note on the session and an audit event; the session's PEP status follows.
#[utoipa::path(
    tag = "checks",
    params(
        ("id" = String, Path, description = "Session id"),
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
    caller: Caller,
    path: web::Path<(String, String)>,
    body: web::Json<MatchReviewRequest>,
) -> Result<web::Json<PepResult>, ApiError> {
    caller.require(REVIEWERS)?;
    let (id, entity_id) = path.into_inner();
    Ok(web::Json(checks::review_match(&state, &caller, &id, &entity_id, body.into_inner()).await?))
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
pub async fn list_screening_lists(
    state: web::Data<AppState>,
    caller: Caller,
) -> Result<web::Json<ScreeningListPage>, ApiError> {
    caller.require(ADMINS)?;
    Ok(web::Json(checks::screening_lists(&state).await?))
}
