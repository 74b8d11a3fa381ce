//! Who is calling: the bearer-token extractor, role checks, and the two token endpoints.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, HttpResponse, post, web};
use serde::{Deserialize, Serialize};
use std::future::{Ready, ready};
use utoipa::ToSchema;

use super::error::ApiError;
use crate::auth::{Role, decoy_hash, verify_secret};
use crate::db::audit::NewAuditEvent;
use crate::db::{self, Scope};
use crate::state::AppState;

/// Failed logins allowed per account and IP within [`LOGIN_WINDOW_MINUTES`].
pub const MAX_LOGIN_FAILURES: i64 = 5;
pub const LOGIN_WINDOW_MINUTES: i64 = 15;

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub id: String,
    pub role: Role,
    pub company_id: Option<String>,
    pub ip: String,
}

impl Caller {
    /// Whose data this caller may see.
    pub fn scope(&self) -> Scope {
        match (&self.role, &self.company_id) {
            (Role::Superadmin, _) => Scope::Platform,
            (_, Some(company_id)) => Scope::Company(company_id.clone()),
            // A company role without a company sees nothing: an empty, impossible scope.
            (_, None) => Scope::Company(String::new()),
        }
    }

    /// Refuses with 403 unless the caller has one of the roles; superadmins pass every check.
    pub fn require(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if self.role == Role::Superadmin || allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(format!("the {} role may not do this", self.role)))
        }
    }

    pub fn kind(&self) -> &'static str {
        if self.role == Role::Client { "api_client" } else { "user" }
    }

    /// An audit event by this caller.
    pub fn event(&self, action: &str, target_type: &str, target_id: &str) -> NewAuditEvent {
        NewAuditEvent {
            company_id: self.company_id.clone(),
            actor_id: self.id.clone(),
            actor_kind: self.kind().to_owned(),
            action: action.to_owned(),
            target_type: Some(target_type.to_owned()),
            target_id: Some(target_id.to_owned()),
            outcome: "ok".to_owned(),
            ip: Some(self.ip.clone()),
        }
    }
}

pub const READERS: &[Role] = &[Role::Admin, Role::Operator, Role::Viewer, Role::Client];
pub const REVIEWERS: &[Role] = &[Role::Admin, Role::Operator];
pub const INGESTERS: &[Role] = &[Role::Admin, Role::Client];
pub const ADMINS: &[Role] = &[Role::Admin];

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Caller, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(request))
    }
}

fn authenticate(request: &HttpRequest) -> Result<Caller, ApiError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal("application state missing".into()))?;
    let token = bearer_token(request).ok_or_else(|| ApiError::Unauthorized("a bearer token is required".into()))?;
    let claims = state
        .keys
        .verify(token)
        .map_err(|_| ApiError::Unauthorized("the access token is invalid or expired".into()))?;
    Ok(Caller { id: claims.sub, role: claims.role, company_id: claims.company_id, ip: client_ip(request, state) })
}

fn bearer_token(request: &HttpRequest) -> Option<&str> {
    let header = request.headers().get(actix_web::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = header.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim()).filter(|t| !t.is_empty())
}

/// The client's IP: `X-Forwarded-For` is believed only when the peer is a trusted proxy.
pub fn client_ip(request: &HttpRequest, state: &AppState) -> String {
    let Some(peer) = request.peer_addr().map(|addr| addr.ip()) else { return "unknown".to_owned() };
    let forwarded = request.headers().get("x-forwarded-for").and_then(|value| value.to_str().ok());
    kyc_domain::client_ip::resolve_client_ip(peer, forwarded, &state.trusted_proxies).to_string()
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "operator@demo.test", "password": "demo-password-2026"}))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientCredentialsRequest {
    /// Must be `client_credentials`.
    pub grant_type: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Log in a dashboard user
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Malformed body", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&request, &state);
    let email = body.email.trim().to_lowercase();
    let key = failure_key(&email, &ip);
    ensure_not_rate_limited(&state, &key).await?;
    let user = state.db.read({ let email = email.clone(); move |conn| db::companies::find_user_by_email(conn, &email) }).await?;
    let password = body.into_inner().password;
    let stored_hash = user.as_ref().filter(|u| u.active).map(|u| u.password_hash.clone());
    let matches = actix_web::rt::task::spawn_blocking(move || {
        verify_secret(&password, stored_hash.as_deref().unwrap_or(decoy_hash())) && stored_hash.is_some()
    })
    .await
    .map_err(|error| ApiError::Internal(error.to_string()))?;
    let actor_id = user.as_ref().map_or_else(|| "unknown".to_owned(), |u| u.id.clone());
    match user.filter(|_| matches) {
        Some(user) => {
            let role: Role = user.role.parse().map_err(ApiError::Internal)?;
            record_login(&state, user.company_id.clone(), &user.id, &ip, "ok", Some(key)).await?;
            token_response(&state, &user.id, user.company_id.as_deref(), role)
        }
        None => {
            record_login(&state, None, &actor_id, &ip, "failed", None).await?;
            state.db.write(move |conn| db::companies::record_login_failure(conn, &key, db::now())).await?;
            Err(ApiError::Unauthorized("wrong email or password".into()))
        }
    }
}

/// Exchange an API client's credentials for an access token
#[utoipa::path(
    tag = "auth",
    request_body(content = ClientCredentialsRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 400, description = "Unsupported grant type", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Unknown client or wrong secret", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/token")]
pub async fn issue_client_token(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: ClientCredentials,
) -> Result<HttpResponse, ApiError> {
    let credentials = body.0;
    if credentials.grant_type != "client_credentials" {
        return Err(ApiError::BadRequest("grant_type must be client_credentials".into()));
    }
    let ip = client_ip(&request, &state);
    let key = failure_key(&credentials.client_id, &ip);
    ensure_not_rate_limited(&state, &key).await?;
    let client_id = credentials.client_id.clone();
    let client = state.db.read(move |conn| db::companies::find_api_client(conn, &client_id)).await?;
    let stored_hash = client.as_ref().filter(|c| c.active).map(|c| c.secret_hash.clone());
    let secret = credentials.client_secret;
    let matches = actix_web::rt::task::spawn_blocking(move || {
        verify_secret(&secret, stored_hash.as_deref().unwrap_or(decoy_hash())) && stored_hash.is_some()
    })
    .await
    .map_err(|error| ApiError::Internal(error.to_string()))?;
    match client.filter(|_| matches) {
        Some(client) => {
            record_login(&state, Some(client.company_id.clone()), &client.id, &ip, "ok", Some(key)).await?;
            token_response(&state, &client.id, Some(&client.company_id), Role::Client)
        }
        None => {
            record_login(&state, None, "unknown", &ip, "failed", None).await?;
            state.db.write(move |conn| db::companies::record_login_failure(conn, &key, db::now())).await?;
            Err(ApiError::Unauthorized("unknown client or wrong secret".into()))
        }
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
                let json = web::Json::<ClientCredentialsRequest>::from_request(&request, &mut payload).await?;
                Ok(ClientCredentials(json.into_inner()))
            }
        })
    }
}

use actix_web::HttpMessage;

fn token_response(state: &AppState, subject: &str, company_id: Option<&str>, role: Role) -> Result<HttpResponse, ApiError> {
    let access_token = state.keys.issue(subject, company_id, role).map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(TokenResponse {
        access_token,
        token_type: "Bearer".to_owned(),
        expires_in: state.keys.lifetime_seconds(),
    }))
}

/// A hash of (account, IP): rate limiting needs no readable email in the database.
fn failure_key(account: &str, ip: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{account}\u{1f}{ip}").as_bytes()))
}

async fn ensure_not_rate_limited(state: &AppState, key: &str) -> Result<(), ApiError> {
    let since = db::now() - chrono::Duration::minutes(LOGIN_WINDOW_MINUTES);
    let key = key.to_owned();
    let failures = state.db.read(move |conn| db::companies::count_login_failures_since(conn, &key, since)).await?;
    if failures >= MAX_LOGIN_FAILURES {
        return Err(ApiError::TooManyRequests(format!(
            "too many failed attempts; try again in {LOGIN_WINDOW_MINUTES} minutes"
        )));
    }
    Ok(())
}

async fn record_login(
    state: &AppState,
    company_id: Option<String>,
    actor_id: &str,
    ip: &str,
    outcome: &str,
    clear_failures_of: Option<String>,
) -> Result<(), ApiError> {
    let event = NewAuditEvent {
        company_id,
        actor_id: actor_id.to_owned(),
        actor_kind: "user".to_owned(),
        action: "auth.login".to_owned(),
        target_type: None,
        target_id: None,
        outcome: outcome.to_owned(),
        ip: Some(ip.to_owned()),
    };
    state
        .db
        .write(move |conn| {
            db::audit::append(conn, event)?;
            if let Some(key) = clear_failures_of {
                db::companies::clear_login_failures(conn, &key)?;
            }
            Ok(())
        })
        .await?;
    Ok(())
}
