//! Two-factor login of the signed-in member (enrol, confirm, turn off) and an admin's reset of
//! a member's. Each handler calls one use case of `cases::mfa`; the second step of a login is
//! `auth::login_mfa`.

use actix_web::{HttpResponse, delete, post, web};

use super::auth::token_body;
use super::error::{ApiError, Problem};
use super::extract::{EnrolmentCaller, path_id};
use super::json::Json;
use super::wire::accounts::{TotpConfirmInput, TotpConfirmedView, TotpDisableInput, TotpEnrolmentView};
use crate::cases::{Actor, mfa};
use crate::state::AppState;

/// Start enrolling an authenticator app (TOTP)
///
/// Any signed-in member, with their access token; or, when their company requires two-factor
/// login and they have none, with the `mfa_token` of their login's
/// `{"mfa_enrolment_required": true}` answer as the bearer token (that token works here and at
/// the confirmation only). Starting again replaces a pending secret. The secret is stored
/// encrypted and shown only now.
#[utoipa::path(
    tag = "team",
    responses(
        (status = 200, description = "The secret, its otpauth URL and QR code", body = TotpEnrolmentView),
        (status = 401, description = "No valid access token or enrolment mfa_token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API client or the platform's superadmin, or outside the company's staff IP allow-list", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-factor login is on already", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/mfa/totp")]
pub async fn start_totp_enrolment(state: web::Data<AppState>, caller: EnrolmentCaller) -> Result<HttpResponse, ApiError> {
    let enrolment = mfa::start_totp_enrolment(&state, caller.0).await?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(TotpEnrolmentView::from(enrolment)))
}

/// Confirm the enrolment with a first code
///
/// Turns two-factor login on and answers the 10 recovery codes, shown only now. With an
/// enrolment `mfa_token` as the bearer (see `POST /me/mfa/totp`), the answer also carries the
/// login's tokens, as `POST /auth/login` would have.
#[utoipa::path(
    tag = "team",
    request_body = TotpConfirmInput,
    responses(
        (status = 200, description = "Two-factor login is on; the recovery codes (and the login's tokens)", body = TotpConfirmedView),
        (status = 401, description = "No valid access token or enrolment mfa_token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API client or the platform's superadmin, or outside the company's staff IP allow-list", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No enrolment is pending, or two-factor login is on already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The code is not the authenticator app's current one", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/mfa/totp/confirm")]
pub async fn confirm_totp_enrolment(
    state: web::Data<AppState>,
    caller: EnrolmentCaller,
    body: Json<TotpConfirmInput>,
) -> Result<HttpResponse, ApiError> {
    let TotpConfirmInput { code, refresh_cookie } = body.into_inner();
    let confirmed = mfa::confirm_totp_enrolment(&state, caller.0, &code).await?;
    let recovery_codes = confirmed.recovery_codes;
    let Some(login) = confirmed.login else {
        let view = TotpConfirmedView { recovery_codes, access_token: None, token_type: None, expires_in: None, refresh_token: None };
        return Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(view));
    };
    let (mut response, token) = token_body(login, refresh_cookie);
    Ok(response.json(TotpConfirmedView {
        recovery_codes,
        access_token: Some(token.access_token),
        token_type: Some(token.token_type),
        expires_in: Some(token.expires_in),
        refresh_token: token.refresh_token,
    }))
}

/// Turn the signed-in member's two-factor login off
///
/// Proves the current password (throttled like a login). Refused while the company requires
/// two-factor login: an admin resets it instead (`DELETE /users/{id}/mfa`).
#[utoipa::path(
    tag = "team",
    request_body = TotpDisableInput,
    responses(
        (status = 204, description = "Two-factor login is off; the secret and recovery codes are deleted"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API client or the platform's superadmin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-factor login is not on, or the company requires it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The current password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong current passwords", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/me/mfa/totp")]
pub async fn disable_totp(state: web::Data<AppState>, actor: Actor, body: Json<TotpDisableInput>) -> Result<HttpResponse, ApiError> {
    mfa::disable_totp(&state, &actor, body.current_password.as_str()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reset a member's two-factor login (a lost phone)
///
/// The member's secret and recovery codes are deleted; they enrol again (at their next login
/// when the company requires two-factor login).
#[utoipa::path(
    tag = "team",
    params(("id" = String, Path, format = Uuid, description = "User id")),
    responses(
        (status = 204, description = "The member's two-factor login is off"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only a company's admins manage its team", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/users/{id}/mfa")]
pub async fn reset_user_mfa(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    mfa::reset_user_mfa(&state, &actor, path_id(&id, "user")?).await?;
    Ok(HttpResponse::NoContent().finish())
}
