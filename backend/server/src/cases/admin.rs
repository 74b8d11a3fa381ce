//! The operator's command-line use cases: a token for a script, and the audit chains' check
//! (the rest of `kyc-server audit` is in [`super::audit`]).

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

/// Checks every audit chain (without checkpoints); returns how many events verified.
pub fn verify_audit(state: &AppState) -> anyhow::Result<u64> {
    Ok(super::audit::verify(state, &kyc_domain::audit::v2::CheckpointBook::empty())?.events_verified())
}
