//! Signing in: a dashboard user with e-mail and password, or a company's server with its client
//! credentials. Both go through one flow: reserve the attempt in the login throttle, look the principal up, check the secret
//! against its hash (or a decoy, so an unknown account takes as long as a known one), audit the
//! attempt with the right kind of actor, and issue an access token.

use super::login_throttle::{AttemptKeys, policy, release, reserve_attempt};
use super::{Error, Result, off_thread};
use crate::credentials::{decoy_hash, verify_secret};
use crate::db::mfa::ChallengePurpose;
use crate::db::{self, NewAuditEvent};
use crate::state::AppState;
use kyc_domain::access::Role;
use kyc_domain::ids::{ApiClientId, CompanyId, Principal};
use kyc_domain::session::rules::CompanySettings;
use std::net::IpAddr;

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

/// What a right password or client secret leads to.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    /// Signed in.
    Signed(IssuedToken),
    /// Two-factor login is on: finish with a code at `POST /auth/login/mfa`.
    MfaRequired { mfa_token: String },
    /// The company requires two-factor login and this member has none: enrol with this token.
    MfaEnrolmentRequired { mfa_token: String },
}

/// Who the credentials name, if the account exists and is active.
struct Account {
    principal: Principal,
    role: Role,
    company_id: Option<CompanyId>,
    secret_hash: String,
    /// An API client's secret replaced by a rotation, while its grace period lasts.
    previous_secret_hash: Option<String>,
    /// A member's second factor and company rules; `None` for API clients (not staff).
    staff: Option<Staff>,
}

/// What a member's login depends on beyond the password.
struct Staff {
    mfa_enabled: bool,
    settings: CompanySettings,
}

/// Whether the company's staff IP allow-list lets a member sign in or refresh from `ip` (an
/// empty list lets anyone; an address that cannot be read is outside any non-empty list).
pub fn staff_may_connect_from(settings: &CompanySettings, ip: &str) -> bool {
    let list = &settings.staff_ip_allowlist;
    list.is_unrestricted() || ip.parse::<IpAddr>().is_ok_and(|ip| list.allows(ip))
}

/// The refusal of a member outside their company's allow-list (403).
pub fn outside_allowlist() -> Error {
    Error::Forbidden("your company allows sign-in only from its listed addresses, and this one is not among them".to_owned())
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

/// Checks the credentials and issues an access token, or asks for the second factor; every
/// attempt is audited. A member outside their company's IP allow-list is refused (403) after a
/// right password only, so the list tells a guesser nothing. The attempt is
/// reserved in the login throttle before the secret is checked (429 with the exact wait when it
/// may not be checked now), and given back when the secret was right.
pub async fn login(state: &AppState, credentials: Credentials, ip: &str) -> Result<LoginOutcome> {
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
            let (policy, principal) = (policy(state), account.principal.clone());
            let second_step = match (&account.staff, principal.user_id()) {
                (Some(staff), _) if !staff_may_connect_from(&staff.settings, ip) => {
                    state.db.audit(event("ip_refused", Some(&account))).await?;
                    return Err(outside_allowlist());
                }
                (Some(staff), Some(user_id)) if staff.mfa_enabled => Some((user_id, ChallengePurpose::Login, "mfa_required")),
                (Some(staff), Some(user_id)) if staff.settings.require_mfa => {
                    Some((user_id, ChallengePurpose::Enrolment, "mfa_enrolment_required"))
                }
                _ => None,
            };
            if let Some((user_id, purpose, outcome)) = second_step {
                let challenge = super::mfa::new_challenge_token();
                let hash = challenge.hash();
                state
                    .db
                    .write_audited(event(outcome, Some(&account)), move |conn| {
                        // The password was right: its failures are forgotten. Codes are
                        // counted under their own key (`cases::mfa`).
                        release(conn, &keys, &policy)?;
                        db::mfa::insert_challenge(conn, &hash, user_id, purpose, chrono::Utc::now())
                    })
                    .await?;
                let mfa_token = challenge.expose().to_owned();
                return Ok(match purpose {
                    ChallengePurpose::Login => LoginOutcome::MfaRequired { mfa_token },
                    ChallengePurpose::Enrolment => LoginOutcome::MfaEnrolmentRequired { mfa_token },
                });
            }
            let refresh = state
                .db
                .write_audited(event("ok", Some(&account)), move |conn| {
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
            Ok(LoginOutcome::Signed(token))
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
                let Some(user) = user.filter(|user| user.active) else { return Ok(None) };
                let company = user.company_id.map(|id| db::companies::find_company(conn, id)).transpose()?.flatten();
                let staff = Staff {
                    mfa_enabled: db::mfa::is_enabled(conn, user.id)?,
                    settings: company.map(|company| company.settings).unwrap_or_default(),
                };
                Ok(Some(Account {
                    principal: Principal::User(user.id),
                    role: user.role,
                    company_id: user.company_id,
                    secret_hash: user.password_hash,
                    staff: Some(staff),
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
                    staff: None,
                }))
            }
        })
        .await?)
}
