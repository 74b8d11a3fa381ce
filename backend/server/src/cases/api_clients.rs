//! API keys: the client credentials a company's servers exchange for access tokens at
//! `POST /auth/token`. A company's admins create them (the secret is shown once and stored only
//! as its argon2 hash), rotate them with a grace period, and revoke them.
//!
//! **Rotation.** The new secret works at once; the replaced one keeps getting tokens until the
//! grace period ends (`0` hours: it stops at once). Rotating again during a grace period
//! replaces the previous secret: only the secret current before that rotation stays accepted,
//! with the new period. Tokens already issued live out their 15 minutes.
//!
//! **Revocation** is final: the client gets no token, and the tokens it holds stop working at
//! once in this process and within [`crate::revoked::RELOAD_EVERY`] in every other one.

use super::{Actor, Error, Result, off_thread};
use crate::credentials::{hash_secret, random_token};
use crate::db::{self, ApiClient, PreviousSecret, api_clients as store};
use crate::state::AppState;
use chrono::{Duration, Utc};
use kyc_domain::access::Permission;
use kyc_domain::ids::{ApiClientId, CompanyId};

/// The longest grace period of a rotation: a week.
pub const MAX_GRACE_HOURS: u32 = 168;

/// A client and its new secret, which is shown this once.
#[derive(Debug, Clone)]
pub struct WithSecret {
    pub client: ApiClient,
    pub secret: String,
}

fn admin_company(actor: &Actor) -> Result<CompanyId> {
    actor.require(Permission::Administer)?;
    actor.own_company("API clients")
}

/// `GET /api-clients`: the company's clients, oldest first, revoked ones included.
pub async fn list_api_clients(state: &AppState, actor: &Actor) -> Result<Vec<ApiClient>> {
    let company_id = admin_company(actor)?;
    Ok(state.db.read(move |conn| store::company_clients(conn, company_id)).await?)
}

/// `POST /api-clients`: a new client of the caller's company with a new secret.
pub async fn create_api_client(state: &AppState, actor: &Actor, name: &str) -> Result<WithSecret> {
    let company_id = admin_company(actor)?;
    let name = super::accounts::checked_name(name).map_err(|problem| Error::invalid("name", problem))?;
    let id: ApiClientId = format!("client-{}", uuid::Uuid::now_v7().simple())
        .parse()
        .map_err(|error| Error::Internal(anyhow::anyhow!("no client id: {error}")))?;
    let (secret, secret_hash) = new_secret().await?;
    let client = ApiClient::new(id.clone(), company_id, name, secret_hash, &actor.principal().to_string());
    let stored = client.clone();
    let event = actor.event("api_client.create", "api_client", id.as_str());
    state.db.write_audited(event, move |conn| db::companies::insert_api_client(conn, &stored)).await?;
    Ok(WithSecret { client, secret })
}

/// `POST /api-clients/{id}/rotate`: a new secret; the replaced one keeps working for
/// `grace_hours` (at most [`MAX_GRACE_HOURS`]).
pub async fn rotate_api_client(state: &AppState, actor: &Actor, id: ApiClientId, grace_hours: u32) -> Result<WithSecret> {
    if grace_hours > MAX_GRACE_HOURS {
        return Err(Error::invalid("grace_period_hours", format!("must be between 0 and {MAX_GRACE_HOURS}")));
    }
    let company_id = admin_company(actor)?;
    let (secret, secret_hash) = new_secret().await?;
    let event = actor.event("api_client.rotate", "api_client", id.as_str());
    let client = state
        .db
        .write_deciding_audit(move |conn| {
            let Some(mut client) = store::company_client(conn, company_id, &id)? else {
                return Ok((Err(Error::not_found("API client")), Vec::new()));
            };
            if !client.active {
                return Ok((Err(Error::Conflict("a revoked API client cannot be rotated".to_owned())), Vec::new()));
            }
            let expires_at = Utc::now() + Duration::hours(i64::from(grace_hours));
            let replaced = std::mem::replace(&mut client.secret_hash, secret_hash);
            client.previous_secret = (grace_hours > 0).then_some(PreviousSecret { hash: replaced, expires_at });
            store::update_client(conn, &client)?;
            Ok((Ok(client), vec![event]))
        })
        .await??;
    Ok(WithSecret { client, secret })
}

/// `DELETE /api-clients/{id}`: the client gets no token from now on, and its tokens stop
/// working. Revoking a revoked client again changes nothing.
pub async fn revoke_api_client(state: &AppState, actor: &Actor, id: ApiClientId) -> Result<()> {
    let company_id = admin_company(actor)?;
    let event = actor.event("api_client.revoke", "api_client", id.as_str());
    let revoked_id = id.clone();
    state
        .db
        .write_deciding_audit(move |conn| {
            let Some(mut client) = store::company_client(conn, company_id, &id)? else {
                return Ok((Err(Error::not_found("API client")), Vec::new()));
            };
            if !client.active {
                return Ok((Ok(()), Vec::new()));
            }
            client.active = false;
            client.revoked_at = Some(Utc::now());
            client.previous_secret = None;
            store::update_client(conn, &client)?;
            Ok((Ok(()), vec![event]))
        })
        .await??;
    state.revoked_clients.revoke(revoked_id);
    Ok(())
}

/// A new client secret and its hash (argon2, off the async threads).
async fn new_secret() -> Result<(String, String)> {
    let secret = format!("kyc_cs_{}", random_token(32));
    let to_hash = secret.clone();
    let hash = off_thread(move || hash_secret(&to_hash)).await?.map_err(|error| Error::Internal(error.into()))?;
    Ok((secret, hash))
}
