//! The operator's command-line use cases: a token for a script, and the audit chain's check.

use super::auth::{IssuedToken, issue};
use crate::db;
use crate::state::AppState;
use anyhow::Context;
use kyc_domain::ids::Principal;

/// An access token for an active user, for scripts (`kyc-server token --email`).
pub fn token_for(state: &AppState, email: &str) -> anyhow::Result<IssuedToken> {
    let email = email.trim().to_lowercase();
    let user = state
        .db
        .read_now(|conn| db::companies::find_user_by_email(conn, &email))?
        .filter(|user| user.active)
        .with_context(|| format!("no active user with email {email}"))?;
    Ok(issue(state, &Principal::User(user.id), user.company_id, user.role)?)
}

/// Checks the whole audit chain; returns how many events verified.
pub fn verify_audit(state: &AppState) -> anyhow::Result<usize> {
    let events = state.db.read_now(db::audit::all_in_order)?;
    let head = state.db.read_now(db::audit::chain_head)?;
    let records: Vec<_> = events.iter().map(|event| (db::audit::chain_record(event), event.hash.clone())).collect();
    let count = kyc_domain::audit::verify_chain(records.iter().map(|(record, hash)| (record, hash.as_str())))
        .map_err(|error| anyhow::anyhow!("audit chain broken: {error}"))?;
    let last_hash = events.last().map_or(kyc_domain::audit::GENESIS_HASH, |event| event.hash.as_str());
    if head.1 != last_hash || head.0 != events.len() as i64 {
        anyhow::bail!(
            "audit chain broken: the newest events were removed (head at #{}, log ends at #{})",
            head.0,
            events.len()
        );
    }
    Ok(count)
}
