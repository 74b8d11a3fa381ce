//! What a request brings besides its body: the caller (an [`Actor`] made from a verified bearer
//! token), the client's IP behind trusted proxies, and typed ids from the path.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::{Ready, ready};
use std::str::FromStr;

use super::error::ApiError;
use crate::cases::Actor;
use crate::cases::mfa::Enrollee;
use kyc_domain::accounts::tokens::TokenKind;
use crate::credentials::Claims;
use crate::state::AppState;
use kyc_domain::access::Role;
use kyc_domain::ids::Principal;

impl FromRequest for Actor {
    type Error = ApiError;
    type Future = Ready<Result<Actor, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(request))
    }
}

/// The caller of an expensive operation (ingest, photo upload, screening, MRZ check, PDF):
/// authenticated like [`Actor`], and one call taken from the caller's budget
/// (`KYC_EXPENSIVE_CALLS_PER_MINUTE`); 429 with the exact wait once it is spent.
pub struct Expensive(pub Actor);

impl FromRequest for Expensive {
    type Error = ApiError;
    type Future = Ready<Result<Expensive, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(request).and_then(|actor| spend_budget(request, actor)))
    }
}

/// The caller of the two enrolment endpoints: a member's access token, or the `mfa_token` of a
/// login whose company requires two-factor login (recognised by its `kyc_mfa_` prefix; which
/// kind of challenge it is, the use case checks). No other extractor takes such a token.
pub struct EnrolmentCaller(pub Enrollee);

impl FromRequest for EnrolmentCaller {
    type Error = ApiError;
    type Future = Ready<Result<EnrolmentCaller, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let challenge = bearer_token(request).filter(|token| token.starts_with(TokenKind::MfaChallenge.prefix()));
        ready(match (challenge, app_state(request)) {
            (Some(token), Ok(state)) => {
                Ok(EnrolmentCaller(Enrollee::Challenge { token: token.to_owned(), ip: client_ip(request, state) }))
            }
            (Some(_), Err(error)) => Err(error),
            (None, _) => authenticate(request).map(|actor| EnrolmentCaller(Enrollee::Member(actor))),
        })
    }
}

fn spend_budget(request: &HttpRequest, actor: Actor) -> Result<Expensive, ApiError> {
    let state = app_state(request)?;
    match state.limits.take(&actor.principal().to_string()) {
        Ok(()) => Ok(Expensive(actor)),
        Err(retry_after) => Err(ApiError::TooManyRequests {
            message: "too many expensive requests from this caller; wait for Retry-After".into(),
            retry_after,
        }),
    }
}

fn authenticate(request: &HttpRequest) -> Result<Actor, ApiError> {
    let state = app_state(request)?;
    let token = bearer_token(request).ok_or_else(|| ApiError::Unauthorized("a bearer token is required".into()))?;
    let claims = state.keys.verify(token).map_err(|_| invalid_token())?;
    let actor = actor_of(claims, client_ip(request, state)).ok_or_else(invalid_token)?;
    // A revoked API client's tokens stop at once, checked in memory (`crate::revoked`).
    if state.revoked_clients.refuses(actor.principal()) {
        return Err(invalid_token());
    }
    Ok(actor)
}

fn invalid_token() -> ApiError {
    ApiError::Unauthorized("the access token is invalid or expired".into())
}

/// The caller a verified token names; `None` when its claims describe nobody possible (a
/// subject that is no id, a company role without a company).
fn actor_of(claims: Claims, ip: String) -> Option<Actor> {
    let principal = match claims.role {
        Role::Client => Principal::ApiClient(claims.sub.parse().ok()?),
        _ => Principal::User(claims.sub.parse().ok()?),
    };
    let company_id = claims.company_id.as_deref().map(str::parse).transpose().ok()?;
    Actor::new(principal, claims.role, company_id, ip).ok()
}

fn app_state(request: &HttpRequest) -> Result<&AppState, ApiError> {
    request
        .app_data::<web::Data<AppState>>()
        .map(|data| data.get_ref())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
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

/// A typed id from the path. A malformed id answers 404 like an unknown one, without a query.
pub fn path_id<T: FromStr>(text: &str, what: &str) -> Result<T, ApiError> {
    text.parse().map_err(|_| ApiError::not_found(what))
}
