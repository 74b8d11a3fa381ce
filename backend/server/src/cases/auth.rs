//! Signing in: a dashboard user with e-mail and password, or a company's server with its client
//! credentials. Both go through one flow: reserve the attempt in the login throttle, look the principal up, check the secret
//! against its hash (or a decoy, so an unknown account takes as long as a known one), audit the
//! attempt with the right kind of actor, and issue an access token.

use super::login_throttle::{AttemptKeys, policy, release, reserve_attempt};
use super::{Error, Result, off_thread};
use crate::credentials::{decoy_hash, verify_secret};
use crate::db::{self, NewAuditEvent};
use crate::state::AppState;
use kyc_domain::access::Role;
use kyc_domain::ids::{ApiClientId, CompanyId, Principal};

/// What a caller signs in with.
#[derive(Debug, Clone)]
pub enum Credentials {
    Password { email: String, password: String },
    ClientSecret { client_id: String, secret: String },
}

/// An access token and its lifetime in seconds; a user's login also gets a refresh token.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub access_token: String,
    pub expires_in: i64,
    pub refresh_token: Option<String>,
}

/// Who the credentials name, if the account exists and is active.
struct Account {
    principal: Principal,
    role: Role,
    company_id: Option<CompanyId>,
    secret_hash: String,
    /// An API client's secret replaced by a rotation, while its grace period lasts.
    previous_secret_hash: Option<String>,
}

impl Credentials {
    /// The account the throttle counts against: the lower-cased e-mail, or the client id.
    fn account(&self) -> String {
        match self {
            Credentials::Password { email, .. } => format!("user:{}", email.trim().to_lowercase()),
            Credentials::ClientSecret { client_id, .. } => format!("client:{client_id}"),
        }
    }

    fn secret(&self) -> String {
        match self {
            Credentials::Password { password, .. } => password.clone(),
            Credentials::ClientSecret { secret, .. } => secret.clone(),
        }
    }

    fn actor_kind(&self) -> &'static str {
        match self {
            Credentials::Password { .. } => "user",
            Credentials::ClientSecret { .. } => "api_client",
        }
    }

    fn refusal(&self) -> &'static str {
        match self {
            Credentials::Password { .. } => "wrong email or password",
            Credentials::ClientSecret { .. } => "unknown client or wrong secret",
        }
    }
}

/// Checks the credentials and issues an access token; every attempt is audited. The attempt is
/// reserved in the login throttle before the secret is checked (429 with the exact wait when it
/// may not be checked now), and given back when the secret was right.
pub async fn login(state: &AppState, credentials: Credentials, ip: &str) -> Result<IssuedToken> {
    let keys = AttemptKeys::new(state, &credentials.account(), ip);
    reserve_attempt(state, &keys).await?;
    let account = find_account(state, &credentials).await?;
    // A member who has not accepted their invitation has no password: checked against the decoy
    // like an unknown account, so the answer's timing does not tell that they exist.
    let stored_hash = account.as_ref().map(|account| account.secret_hash.clone()).filter(|hash| !hash.is_empty());
    let previous_hash = account.as_ref().and_then(|account| account.previous_secret_hash.clone());
    let secret = credentials.secret();
    let matches = off_thread(move || {
        let current = verify_secret(&secret, stored_hash.as_deref().unwrap_or(decoy_hash())) && stored_hash.is_some();
        current || previous_hash.is_some_and(|previous| verify_secret(&secret, &previous))
    })
    .await?;
    let event = |outcome: &str, account: Option<&Account>| NewAuditEvent {
        company_id: account.and_then(|account| account.company_id),
        actor_id: account.map_or_else(|| "unknown".to_owned(), |account| account.principal.to_string()),
        actor_kind: credentials.actor_kind().to_owned(),
        action: "auth.login".to_owned(),
        outcome: outcome.to_owned(),
        ip: Some(ip.to_owned()),
        ..NewAuditEvent::default()
    };
    match account.filter(|_| matches) {
        Some(account) => {
            let ok = event("ok", Some(&account));
            let (policy, principal) = (policy(state), account.principal.clone());
            let refresh = state
                .db
                .write_audited(ok, move |conn| {
                    release(conn, &keys, &policy)?;
                    if let Principal::ApiClient(id) = &principal {
                        let now = chrono::Utc::now();
                        db::api_clients::touch_last_used(conn, id, now, now - LAST_USED_PRECISION)?;
                    }
                    // A user's login starts a refresh-token family; API clients exchange their
                    // credentials again instead.
                    principal.user_id().map(|user_id| super::refresh::start(conn, user_id, chrono::Utc::now())).transpose()
                })
                .await?;
            let mut token = issue(state, &account.principal, account.company_id, account.role)?;
            token.refresh_token = refresh.map(|token| token.expose().to_owned());
            Ok(token)
        }
        None => {
            // A failure is recorded without a company: nothing proves who tried. The throttle
            // already counted it.
            state.db.audit(event("failed", None)).await?;
            Err(Error::Unauthorized(credentials.refusal().to_owned()))
        }
    }
}

/// How stale an API client's `last_used_at` may get: a client taking many tokens writes it once
/// a minute at most.
const LAST_USED_PRECISION: chrono::Duration = chrono::Duration::minutes(1);

/// Issues an access token for a principal.
pub fn issue(
    state: &AppState,
    principal: &Principal,
    company_id: Option<CompanyId>,
    role: Role,
) -> Result<IssuedToken> {
    let access_token = state.keys.issue(principal, company_id, role).map_err(|error| Error::Internal(error.into()))?;
    Ok(IssuedToken { access_token, expires_in: state.keys.lifetime_seconds(), refresh_token: None })
}

async fn find_account(state: &AppState, credentials: &Credentials) -> Result<Option<Account>> {
    let credentials = credentials.clone();
    Ok(state
        .db
        .read(move |conn| match &credentials {
            Credentials::Password { email, .. } => {
                let user = db::companies::find_user_by_email(conn, &email.trim().to_lowercase())?;
                Ok(user.filter(|user| user.active).map(|user| Account {
                    principal: Principal::User(user.id),
                    role: user.role,
                    company_id: user.company_id,
                    secret_hash: user.password_hash,
                    previous_secret_hash: None,
                }))
            }
            Credentials::ClientSecret { client_id, .. } => {
                let Ok(id) = client_id.parse::<ApiClientId>() else { return Ok(None) };
                let client = db::companies::find_api_client(conn, &id)?;
                Ok(client.filter(|client| client.active).map(|client| Account {
                    previous_secret_hash: client.previous_secret_hash_at(chrono::Utc::now()).map(str::to_owned),
                    principal: Principal::ApiClient(client.id),
                    role: Role::Client,
                    company_id: Some(client.company_id),
                    secret_hash: client.secret_hash,
                }))
            }
        })
        .await?)
}
