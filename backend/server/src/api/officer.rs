//! The officer's queue endpoints: taking a session and giving it back.

use actix_web::{HttpResponse, delete, post, web};

use super::error::{ApiError, Problem};
use super::extract::path_id;
use super::wire::officer::AssigneeView;
use crate::cases::{Actor, officer};
use crate::state::AppState;

/// Take a session to work on it
///
/// Others then see "being reviewed by …" (`assignee` on the session and in the list), and a
/// second officer's attempt answers 409 naming the holder. Taking one's own session again keeps
/// the hold; notes and match reviews by the holder keep it too. The hold is released by a
/// decision, by `DELETE`, or after 30 minutes without work on the session.
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "Who holds the session now", body = AssigneeView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not review", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another officer is working on the session", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/assignment")]
pub async fn assign_session(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<AssigneeView>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(AssigneeView::from(&officer::assign_session(&state, &actor, id).await?)))
}

/// Give a session back to the queue
///
/// Its holder may; an admin may release anyone's hold.
#[utoipa::path(
    tag = "review",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 204, description = "Nobody holds the session now"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not review", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another officer holds the session", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/sessions/{id}/assignment")]
pub async fn release_session(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "session")?;
    officer::release_session(&state, &actor, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
