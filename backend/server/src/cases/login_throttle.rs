//! The login throttle around every password or client-secret check: an attempt is reserved
//! before the check and given back when the secret was right (the rules and numbers are
//! `kyc_domain::accounts::login_throttle`).

use super::{Error, Result};
use crate::db::{AnyConnection, DbError, login_throttle as rows};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use kyc_domain::accounts::login_throttle::{
    AccountThrottle, IpThrottle, Refusal, ThrottlePolicy, ip_budget_key, refund_ip, reserve,
};
use sha2::Sha256;

/// The two rows an attempt is counted in, under keyed hashes: the table names nobody, and
/// without the server's secret a list of e-mails and addresses cannot be matched against it.
#[derive(Debug, Clone)]
pub struct AttemptKeys {
    account: String,
    ip: String,
}

impl AttemptKeys {
    /// `account` is what the caller claims to be (`user:` and the lower-cased e-mail, or
    /// `client:` and the client id), known or not, so an unknown account is throttled alike.
    pub fn new(state: &AppState, account: &str, ip: &str) -> AttemptKeys {
        let keyed = |text: &str| {
            let mut mac = Hmac::<Sha256>::new_from_slice(state.config.jwt_secret.as_bytes()).expect("HMAC takes any key");
            mac.update(b"login-throttle\x1f");
            mac.update(text.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        };
        AttemptKeys { account: keyed(&format!("account\x1f{account}")), ip: keyed(&format!("ip\x1f{}", ip_budget_key(ip))) }
    }
}

/// The throttle's numbers for this server (`KYC_LOGIN_DELAY_SECONDS`, `KYC_LOGIN_IP_BUDGET`).
pub fn policy(state: &AppState) -> ThrottlePolicy {
    let base_delay = chrono::TimeDelta::from_std(state.config.login_delay).unwrap_or(ThrottlePolicy::STANDARD.base_delay);
    ThrottlePolicy { base_delay, max_delay: base_delay * 4, ip_budget: state.config.login_ip_budget, ..ThrottlePolicy::STANDARD }
}

/// Counts the attempt as a failure before the secret is checked, or refuses it with the exact
/// wait (429).
pub async fn reserve_attempt(state: &AppState, keys: &AttemptKeys) -> Result<()> {
    let (keys, policy) = (keys.clone(), policy(state));
    // The time is read once the rows are locked, so the wait is measured from the moment the
    // decision was made, after any attempt that went first.
    let verdict = state.db.write(move |conn| reserve_in(conn, &keys, &policy)).await?;
    verdict.map_err(|(refusal, now)| {
        let retry_after = refusal.retry_after(now);
        let who = match refusal {
            Refusal::AccountDelay { .. } => "this account",
            Refusal::IpBudget { .. } => "this address",
        };
        Error::RateLimited {
            message: format!("too many failed attempts for {who}; try again in {} seconds", retry_after.as_secs().max(1)),
            retry_after,
        }
    })
}

fn reserve_in(
    conn: &mut AnyConnection,
    keys: &AttemptKeys,
    policy: &ThrottlePolicy,
) -> std::result::Result<std::result::Result<(), (Refusal, DateTime<Utc>)>, DbError> {
    let now = Utc::now();
    rows::purge_expired(conn, now)?;
    // Always the account first, then the address: two attempts never wait for each other's locks.
    let account = rows::lock(conn, &keys.account, now)?.map(|row| AccountThrottle {
        failures: row.failures,
        next_attempt_at: row.next_attempt_at,
        expires_at: row.expires_at,
    });
    let ip = rows::lock(conn, &keys.ip, now)?.map(|row| IpThrottle { theoretical_arrival: row.next_attempt_at });
    // Read again now that the rows are ours: waiting for another attempt's lock took time.
    let now = Utc::now();
    let reservation = match reserve(policy, account, ip, now) {
        Ok(reservation) => reservation,
        Err(refusal) => return Ok(Err((refusal, now))),
    };
    let account = reservation.account;
    let account_row = rows::ThrottleRow {
        failures: account.failures,
        next_attempt_at: account.next_attempt_at,
        expires_at: account.expires_at,
    };
    rows::store(conn, &keys.account, account_row)?;
    rows::store(conn, &keys.ip, ip_row(reservation.ip))?;
    Ok(Ok(()))
}

fn ip_row(ip: IpThrottle) -> rows::ThrottleRow {
    rows::ThrottleRow { failures: 0, next_attempt_at: ip.theoretical_arrival, expires_at: ip.expires_at() }
}

/// After a right secret, in the transaction that audits the login: the account's failures are
/// forgotten and the address gets its attempt back.
pub fn release(conn: &mut AnyConnection, keys: &AttemptKeys, policy: &ThrottlePolicy) -> std::result::Result<(), DbError> {
    let now = Utc::now();
    rows::forget(conn, &keys.account)?;
    if let Some(row) = rows::lock(conn, &keys.ip, now)? {
        let refunded = refund_ip(policy, IpThrottle { theoretical_arrival: row.next_attempt_at });
        rows::store(conn, &keys.ip, ip_row(refunded))?;
    }
    Ok(())
}
