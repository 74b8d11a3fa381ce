//! Team endpoints (an admin's members and invitations), accepting an invitation, and the
//! signed-in user's own account. Each handler calls one use case of `cases::accounts`.

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};

use super::error::{ApiError, Problem};
use super::extract::{client_ip, path_id};
use super::json::Json;
use super::wire::accounts::*;
use crate::cases::{Actor, accounts};
use crate::state::AppState;

/// The members of the caller's company
#[utoipa::path(
    tag = "team",
    responses(
        (status = 200, description = "Members, invited, active and deactivated", body = MemberList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only a company's admins manage its team", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list_users(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<MemberList>, ApiError> {
    Ok(web::Json(accounts::list_users(&state, &actor).await?.into()))
}

/// Invite a member to the caller's company
///
/// The answer holds the one-time `invitation_url`, shown once: it is stored only as a hash and
/// expires after 72 hours.
#[utoipa::path(
    tag = "team",
    request_body = InviteInput,
    responses(
        (status = 201, description = "The invited member and their one-time link", body = InvitationView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only a company's admins manage its team", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A user with this e-mail already exists", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an e-mail address, an unknown role, or a name too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users")]
pub async fn invite_user(state: web::Data<AppState>, actor: Actor, body: Json<InviteInput>) -> Result<HttpResponse, ApiError> {
    let invitation = accounts::invite_user(&state, &actor, body.into_inner().into()).await?;
    Ok(no_store(HttpResponse::Created()).json(InvitationView::from(invitation)))
}

/// Change a member's role, or deactivate or reactivate them
///
/// The company's last active admin can be neither demoted nor deactivated (409).
#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, format = Uuid, description = "User id")),
    request_body = MemberPatch,
    responses(
        (status = 200, description = "The member as changed", body = MemberView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only a company's admins manage its team", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The change would leave the company without an active admin", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
    body: Json<MemberPatch>,
) -> Result<web::Json<MemberView>, ApiError> {
    let id = path_id(&id, "user")?;
    Ok(web::Json(accounts::update_user(&state, &actor, id, body.into_inner().into()).await?.into()))
}

/// Invite a member again
///
/// A new one-time link for a member who has not accepted yet; earlier links stop working.
#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, format = Uuid, description = "User id")),
    responses(
        (status = 201, description = "The member and their new one-time link", body = InvitationView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only a company's admins manage its team", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in the caller's company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The member already set a password, or is deactivated", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/invitation")]
pub async fn reinvite_user(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "user")?;
    let invitation = accounts::reinvite_user(&state, &actor, id).await?;
    Ok(no_store(HttpResponse::Created()).json(InvitationView::from(invitation)))
}

/// Accept an invitation by choosing a password
///
/// No token needed: the invitation's own token proves who is accepting. The password needs at
/// least 12 characters and a zxcvbn score of 3 or more; a refusal says why.
#[utoipa::path(
    tag = "auth",
    request_body = AcceptInvitationInput,
    responses(
        (status = 200, description = "The password is set; sign in with this e-mail", body = AcceptedInvitationView),
        (status = 404, description = "No such invitation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The invitation expired, was replaced, or was already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is too short or too easy to guess", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/invitations/accept")]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<AcceptInvitationInput>,
) -> Result<web::Json<AcceptedInvitationView>, ApiError> {
    let ip = client_ip(&request, &state);
    let accepted = accounts::accept_invitation(&state, body.token.as_str(), body.password.as_str(), &ip).await?;
    Ok(web::Json(accepted.into()))
}

/// The signed-in user
#[utoipa::path(
    tag = "team",
    responses(
        (status = 200, description = "Who the token belongs to", body = MeView),
        (status = 401, description = "No valid token, or the account was deactivated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API client has no profile", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, actor: Actor) -> Result<web::Json<MeView>, ApiError> {
    Ok(web::Json(accounts::get_me(&state, &actor).await?.into()))
}

/// Change the signed-in user's password
#[utoipa::path(
    tag = "team",
    request_body = PasswordChangeInput,
    responses(
        (status = 204, description = "The password is changed"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API client has no password here", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong, or the new one too short or too easy to guess", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
pub async fn change_password(state: web::Data<AppState>, actor: Actor, body: Json<PasswordChangeInput>) -> Result<HttpResponse, ApiError> {
    accounts::change_password(&state, &actor, body.current_password.as_str(), body.new_password.as_str()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A response that carries a secret (a one-time link) is never cached.
fn no_store(mut response: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    response.insert_header(("Cache-Control", "no-store"));
    response
}
