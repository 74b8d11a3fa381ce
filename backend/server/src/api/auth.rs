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
use crate::cases::auth::{Credentials, IssuedToken, login as sign_in};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "operator@demo.test", "password": "correct-horse-battery-staple"}))]
pub struct LoginRequest {
    #[schema(value_type = String, max_length = 254, format = Email)]
    pub email: Text<254>,
    #[schema(value_type = String, max_length = 256, format = Password)]
    pub password: Text<256>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
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
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "An access token", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = super::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins", body = super::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, request: HttpRequest, body: Json<LoginRequest>) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let (email, password) = (email.into_inner(), password.into_inner());
    let token = sign_in(&state, Credentials::Password { email, password }, &client_ip(&request, &state)).await?;
    Ok(token_response(token))
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
    Ok(token_response(sign_in(&state, credentials, &client_ip(&request, &state)).await?))
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

fn token_response(token: IssuedToken) -> HttpResponse {
    HttpResponse::Ok().insert_header(("Cache-Control", "no-store")).json(TokenResponse {
        access_token: token.access_token,
        token_type: "Bearer".to_owned(),
        expires_in: token.expires_in,
    })
}
