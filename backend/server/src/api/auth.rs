//! The two token endpoints: a dashboard user's login and a company's client credentials. Both
//! call `cases::auth::login`; the bearer-token extractor is in `extract.rs`.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::ApiError;
use super::extract::client_ip;
use super::json::Json;
use super::wire::text::Text;
use crate::cases::auth::{Credentials, IssuedToken, LoginOutcome, login as sign_in};
use crate::cases::{mfa, refresh};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "operator@demo.test", "password": "correct-horse-battery-staple"}))]
pub struct LoginRequest {
    #[schema(value_type = String, max_length = 254, format = Email)]
    pub email: Text<254>,
    #[schema(value_type = String, max_length = 256, format = Password)]
    pub password: Text<256>,
    /// The dashboard sets this: the refresh token then comes only as an `HttpOnly` cookie
    /// scoped to `/api/v1/auth`, never in the body where scripts could read it.
    #[serde(default)]
    pub refresh_cookie: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    /// A user's login: exchange it at `POST /auth/refresh` for the next access token (it
    /// rotates at each use; idle 12 h, 7 days at most). Absent for API clients and when it
    /// travels in the cookie.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// A right password when a second step is due: finish at `POST /auth/login/mfa` with a code.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MfaRequiredResponse {
    /// Always `true`.
    pub mfa_required: bool,
    /// A `kyc_mfa_…` token, good only for `POST /auth/login/mfa`, for 5 minutes and 5 wrong
    /// codes. It is no access token: every other endpoint refuses it.
    pub mfa_token: String,
}

/// A right password of a member whose company requires two-factor login and who has none yet:
/// enrol with this token, sent as `Authorization: Bearer kyc_mfa_…` to `POST /me/mfa/totp`
/// and then `POST /me/mfa/totp/confirm`, whose answer signs in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MfaEnrolmentRequiredResponse {
    /// Always `true`.
    pub mfa_enrolment_required: bool,
    /// A `kyc_mfa_…` token, good only as the bearer of the two enrolment endpoints, for 5
    /// minutes and 5 wrong codes; every other endpoint, `POST /auth/login/mfa` included,
    /// refuses it.
    pub mfa_token: String,
}

/// What a right password gives: tokens, or the second step to take.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum LoginResponse {
    Token(TokenResponse),
    MfaRequired(MfaRequiredResponse),
    MfaEnrolmentRequired(MfaEnrolmentRequiredResponse),
}

/// The second step of a login with two-factor login on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"mfa_token": "kyc_mfa_…", "code": "123456"}))]
pub struct MfaLoginRequest {
    /// From the `POST /auth/login` answer.
    #[schema(value_type = String, max_length = 128)]
    pub mfa_token: Text<128>,
    /// The 6-digit code from the authenticator app, or one of the recovery codes
    /// (`XXXX-XXXX-XXXX`; case, spaces and hyphens do not matter), which then works no more.
    #[schema(value_type = String, max_length = 32)]
    pub code: Text<32>,
    /// As in `POST /auth/login`.
    #[serde(default)]
    pub refresh_cookie: bool,
}

/// A refresh token in the body (API callers); the dashboard sends `{}` and its cookie.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    #[serde(default)]
    #[schema(value_type = Option<String>, max_length = 128)]
    pub refresh_token: Option<Text<128>>,
}

/// The one OAuth 2 grant this server issues tokens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantType {
    ClientCredentials,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientCredentialsRequest {
    /// Must be `client_credentials` (another grant type is a 400).
    #[schema(value_type = GrantType)]
    pub grant_type: Text<64>,
    #[schema(value_type = String, max_length = 200)]
    pub client_id: Text<200>,
    #[schema(value_type = String, max_length = 256, format = Password)]
    pub client_secret: Text<256>,
}

/// Log in a dashboard user
///
/// With two-factor login on, a right password answers `{"mfa_required": true, "mfa_token"}`
/// instead of tokens; when the company requires it and the member has none,
/// `{"mfa_enrolment_required": true, "mfa_token"}`.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "An access token, or the second step to take", body = LoginResponse),
        (status = 401, description = "Wrong email or password", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The company's staff IP allow-list does not include the caller's address", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, request: HttpRequest, body: Json<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password, refresh_cookie } = body.into_inner();
    let (email, password) = (email.into_inner(), password.into_inner());
    let outcome = sign_in(&state, Credentials::Password { email, password }, &client_ip(&request, &state)).await?;
    Ok(match outcome {
        LoginOutcome::Signed(token) => token_response(token, refresh_cookie),
        LoginOutcome::MfaRequired { mfa_token } => {
            no_store().json(LoginResponse::MfaRequired(MfaRequiredResponse { mfa_required: true, mfa_token }))
        }
        LoginOutcome::MfaEnrolmentRequired { mfa_token } => no_store()
            .json(LoginResponse::MfaEnrolmentRequired(MfaEnrolmentRequiredResponse { mfa_enrolment_required: true, mfa_token })),
    })
}

/// Finish a login with the second factor
///
/// The `mfa_token` from `POST /auth/login` and a code from the authenticator app or a recovery
/// code. A code works once (a TOTP code of a step already used is refused); 5 wrong codes end
/// the challenge (sign in again); failures are throttled like passwords (429 with
/// `Retry-After`). The answer is a login's.
#[utoipa::path(
    tag = "auth",
    request_body = MfaLoginRequest,
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 401, description = "Wrong or used code, or an unknown, expired, finished or dead mfa_token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The company's staff IP allow-list does not include the caller's address", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong codes, or too many attempts from this address", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login/mfa")]
pub async fn login_mfa(state: web::Data<AppState>, request: HttpRequest, body: Json<MfaLoginRequest>) -> Result<HttpResponse, ApiError> {
    let MfaLoginRequest { mfa_token, code, refresh_cookie } = body.into_inner();
    let token = mfa::finish_login(&state, &mfa_token, &code, &client_ip(&request, &state)).await?;
    Ok(token_response(token, refresh_cookie))
}

/// Exchange an API client's credentials for an access token
#[utoipa::path(
    tag = "auth",
    request_body(content = ClientCredentialsRequest, content_type = "application/json",
        description = "Also accepted as `application/x-www-form-urlencoded`, as OAuth 2 clients send it (RFC 6749 §4.4)."),
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 400, description = "Unsupported grant type", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown client or wrong secret", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn issue_client_token(state: web::Data<AppState>, request: HttpRequest, body: ClientCredentials) -> Result<HttpResponse, ApiError> {
    let ClientCredentialsRequest { grant_type, client_id, client_secret } = body.0;
    if grant_type.as_str() != "client_credentials" {
        return Err(ApiError::BadRequest("grant_type must be client_credentials".into()));
    }
    let credentials = Credentials::ClientSecret { client_id: client_id.into_inner(), secret: client_secret.into_inner() };
    match sign_in(&state, credentials, &client_ip(&request, &state)).await? {
        LoginOutcome::Signed(token) => Ok(token_response(token, false)),
        _ => Err(ApiError::Internal(anyhow::anyhow!("an API client was asked for a second factor"))),
    }
}

/// Client credentials sent as JSON or as an HTML form, as OAuth 2 clients do.
pub struct ClientCredentials(ClientCredentialsRequest);

impl FromRequest for ClientCredentials {
    type Error = actix_web::Error;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = request.content_type().starts_with("application/x-www-form-urlencoded");
        let (request, mut payload) = (request.clone(), payload.take());
        Box::pin(async move {
            if is_form {
                let form = web::Form::<ClientCredentialsRequest>::from_request(&request, &mut payload).await?;
                Ok(ClientCredentials(form.into_inner()))
            } else {
                let json = Json::<ClientCredentialsRequest>::from_request(&request, &mut payload).await?;
                Ok(ClientCredentials(json.into_inner()))
            }
        })
    }
}

/// Exchange a refresh token for a new access token and the next refresh token
///
/// The token comes from the body, or else from the dashboard's cookie; the next one goes back
/// the same way. Presenting a token a second time ends every session of its login.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new access token, and the next refresh token", body = TokenResponse),
        (status = 401, description = "No, an expired, a revoked or an already used refresh token", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The company's staff IP allow-list does not include the caller's address", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh_session(state: web::Data<AppState>, request: HttpRequest, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    let (presented, from_cookie) = presented_refresh_token(&request, body.into_inner())
        .ok_or_else(|| ApiError::Unauthorized("a refresh token is required".into()))?;
    let token = refresh::refresh(&state, &presented, &client_ip(&request, &state)).await?;
    Ok(token_response(token, from_cookie))
}

/// Sign out: end the login the refresh token belongs to
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out; the refresh cookie is cleared")),
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, request: HttpRequest, body: Json<RefreshRequest>) -> Result<HttpResponse, ApiError> {
    if let Some((presented, _)) = presented_refresh_token(&request, body.into_inner()) {
        refresh::logout(&state, &presented, &client_ip(&request, &state)).await?;
    }
    Ok(HttpResponse::NoContent().insert_header(("Set-Cookie", refresh_cookie("", 0))).finish())
}

/// The refresh cookie: only sent to the auth endpoints, never readable by scripts, never sent
/// from another site.
const REFRESH_COOKIE: &str = "kyc_refresh";

fn refresh_cookie(value: &str, max_age: i64) -> String {
    format!("{REFRESH_COOKIE}={value}; Path=/api/v1/auth; Max-Age={max_age}; HttpOnly; Secure; SameSite=Strict")
}

/// The refresh token from the body, or else from the cookie (and whether it came from there).
fn presented_refresh_token(request: &HttpRequest, body: RefreshRequest) -> Option<(String, bool)> {
    if let Some(token) = body.refresh_token {
        return Some((token.into_inner(), false));
    }
    let cookies = request.headers().get_all(actix_web::http::header::COOKIE).filter_map(|value| value.to_str().ok());
    cookies
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == REFRESH_COOKIE && !value.is_empty())
        .map(|(_, value)| (value.to_owned(), true))
}

fn no_store() -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response.insert_header(("Cache-Control", "no-store"));
    response
}

fn token_response(token: IssuedToken, refresh_in_cookie: bool) -> HttpResponse {
    let (mut response, body) = token_body(token, refresh_in_cookie);
    response.json(body)
}

/// A login's answer: `Cache-Control: no-store`, and the refresh token in the cookie or the body.
pub(super) fn token_body(token: IssuedToken, refresh_in_cookie: bool) -> (actix_web::HttpResponseBuilder, TokenResponse) {
    let mut response = no_store();
    let refresh_token = match token.refresh_token {
        Some(value) if refresh_in_cookie => {
            response.insert_header(("Set-Cookie", refresh_cookie(&value, refresh::longest_lifetime_seconds())));
            None
        }
        in_body => in_body,
    };
    let body = TokenResponse { access_token: token.access_token, token_type: "Bearer".to_owned(), expires_in: token.expires_in, refresh_token };
    (response, body)
}
