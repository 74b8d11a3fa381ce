//! Review endpoints: notes, decisions, the rejection taxonomy, company settings and the
//! activity log.

use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, Problem};
use super::extract::path_id;
use super::json::Json;
use super::wire::text::Text;
use super::wire::review::*;
use crate::cases::{Actor, review};
use crate::db::audit::AuditFilter;
use crate::state::AppState;

/// The notes of a session, oldest first
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "Notes and decisions", body = NoteList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/notes")]
pub async fn list_notes(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<NoteList>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(review::list_notes(&state, &actor, id).await?.into()))
}

/// Add a note to a session
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    request_body = NoteInput,
    responses(
        (status = 201, description = "The note", body = NoteView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not write notes", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty or longer than 4000 characters", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/notes")]
pub async fn create_note(state: web::Data<AppState>, actor: Actor, id: web::Path<String>, body: Json<NoteInput>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "session")?;
    let note = review::create_note(&state, &actor, id, body.body.as_str()).await?;
    Ok(HttpResponse::Created().json(NoteView::from(note)))
}

/// Approve or reject a session awaiting action
///
/// Allowed only from `awaiting_action` (409 otherwise). A rejection needs at least one reason.
/// Under four-eyes review, approving a session that failed an automatic check takes two
/// different operators: the first approval answers `awaiting_second_approval`.
///
/// The screening gate: approving is refused (409, the detail naming the match) while any
/// screening match is unreviewed, and after a confirmed sanctions match (only a rejection is
/// possible). After a confirmed PEP match, every approval needs a note (422 without one) and the
/// approval takes two people whatever the four-eyes setting, the second an admin (409 otherwise).
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    request_body = DecisionInput,
    responses(
        (status = 200, description = "The decision and its note", body = DecisionResult),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not decide", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not awaiting action, the same operator approving twice, or refused by the screening gate (an unreviewed match, a confirmed sanctions match, a PEP's second approval by a non-admin)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown decision or reason, reasons that do not fit, or no note on approving a confirmed PEP match", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/decision")]
pub async fn decide_session(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: Json<DecisionInput>,
) -> Result<web::Json<DecisionResult>, ApiError> {
    let DecisionInput { decision, note, reasons } = body.into_inner();
    let (id, reasons) = (path_id(&id, "session")?, reasons.into_iter().map(Into::into).collect());
    Ok(web::Json(review::decide_session(&state, &actor, id, decision.into(), note.as_str(), reasons).await?.into()))
}

/// The rejection reasons, grouped
#[utoipa::path(
    tag = "review",
    responses(
        (status = 200, description = "Groups and their reasons", body = RejectionTaxonomy),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/rejection-reasons")]
pub async fn list_rejection_reasons(actor: Actor) -> Result<web::Json<RejectionTaxonomy>, ApiError> {
    review::list_rejection_reasons(&actor)?;
    Ok(web::Json(RejectionTaxonomy::of_domain()))
}

/// The company's verification settings (admin)
#[utoipa::path(
    tag = "review",
    responses(
        (status = 200, description = "The settings", body = SettingsView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/settings")]
pub async fn get_settings(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<SettingsView>, ApiError> {
    Ok(web::Json(SettingsView::from(&review::get_settings(&state, &actor).await?)))
}

/// Replace the company's verification settings (admin)
///
/// Applies to sessions ingested from now on; stored sessions keep the decision trace they were
/// made under.
#[utoipa::path(
    tag = "review",
    request_body = SettingsView,
    responses(
        (status = 200, description = "The settings as stored (country codes normalised)", body = SettingsView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a company admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value out of range, a bad code, an allow-list entry that is no address or network (named), or an allow-list that leaves out the caller's own address", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/settings")]
pub async fn update_settings(state: web::Data<AppState>, actor: Actor, body: Json<SettingsView>) -> Result<web::Json<SettingsView>, ApiError> {
    let settings = body.into_inner().try_into()?;
    let stored = review::update_settings(&state, &actor, settings).await?;
    Ok(web::Json(SettingsView::from(&stored)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityQuery {
    /// Page size, 1..=200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (an event id).
    #[param(value_type = Option<String>, max_length = 36, format = Uuid)]
    pub cursor: Option<Text<36>>,
    /// Only this action, e.g. `session.view`.
    #[param(value_type = Option<String>, max_length = 100)]
    pub action: Option<Text<100>>,
    /// Only this user or API client.
    #[param(value_type = Option<String>, max_length = 200)]
    pub actor_id: Option<Text<200>>,
    /// Only events about this target (a session id, a company id).
    #[param(value_type = Option<String>, max_length = 200)]
    pub target_id: Option<Text<200>>,
    /// At or after (RFC 3339).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Before (RFC 3339).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

impl ActivityQuery {
    /// The filter the query asks for (a session's own log narrows it to that session).
    fn filter(&self) -> Result<AuditFilter, ApiError> {
        Ok(AuditFilter {
            target_id: self.target_id.clone().map(Text::into_inner),
            action: self.action.clone().map(Text::into_inner),
            actor_id: self.actor_id.clone().map(Text::into_inner),
            from: self.from,
            to: self.to,
            before_id: self.cursor()?,
        })
    }

    fn limit(&self) -> Result<i64, ApiError> {
        let limit = self.limit.unwrap_or(50);
        if (1..=200).contains(&limit) { Ok(limit) } else { Err(ApiError::BadRequest("limit must be between 1 and 200".into())) }
    }

    fn cursor(&self) -> Result<Option<kyc_domain::ids::AuditEventId>, ApiError> {
        let invalid = || ApiError::BadRequest("the cursor is invalid; use next_cursor from a previous page".into());
        self.cursor.as_deref().map(|text| text.parse().map_err(|_| invalid())).transpose()
    }
}

/// Who viewed, exported, noted and decided on a session (admin)
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id"), ActivityQuery),
    responses(
        (status = 200, description = "Audit events about the session, newest first", body = ActivityPage),
        (status = 400, description = "Bad limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/activity")]
pub async fn get_session_activity(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    query: web::Query<ActivityQuery>,
) -> Result<web::Json<ActivityPage>, ApiError> {
    let (id, filter, limit) = (path_id(&id, "session")?, query.filter()?, query.limit()?);
    Ok(web::Json(review::get_session_activity(&state, &actor, id, filter, limit).await?.into()))
}

/// The company's activity log (admin)
#[utoipa::path(
    tag = "review",
    params(ActivityQuery),
    responses(
        (status = 200, description = "Audit events, newest first", body = ActivityPage),
        (status = 400, description = "Bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit-events")]
pub async fn list_audit_events(state: web::Data<AppState>, actor: Actor, query: web::Query<ActivityQuery>) -> Result<web::Json<ActivityPage>, ApiError> {
    let (filter, limit) = (query.filter()?, query.limit()?);
    Ok(web::Json(review::list_audit_events(&state, &actor, filter, limit).await?.into()))
}
