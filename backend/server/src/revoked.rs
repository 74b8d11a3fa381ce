//! The API clients that may no longer call, kept in memory so that checking a bearer token stays
//! free of queries.
//!
//! Revoking a client adds it here at once in the process that revoked it; every process also
//! reloads the inactive clients' ids from the database every [`RELOAD_EVERY`], so another
//! replica refuses a revoked client's tokens within that bound (a token lives 15 minutes at
//! most). Revocation is final (no client comes back), so a reload only ever adds ids and cannot
//! race a revocation into forgetting it.

use crate::db::{Db, DbError, api_clients};
use kyc_domain::ids::{ApiClientId, Principal};
use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How often each process reloads the revoked clients: the longest another replica keeps
/// accepting a revoked client's access tokens.
pub const RELOAD_EVERY: Duration = Duration::from_secs(5);

#[derive(Clone, Default)]
pub struct RevokedClients {
    ids: Arc<RwLock<HashSet<ApiClientId>>>,
}

impl RevokedClients {
    /// The revoked clients as stored now.
    pub fn load(db: &Db) -> Result<RevokedClients, DbError> {
        let revoked = RevokedClients::default();
        revoked.extend(db.read_now(api_clients::inactive_ids)?);
        Ok(revoked)
    }

    /// Whether a caller is an API client that was revoked.
    pub fn refuses(&self, principal: &Principal) -> bool {
        match principal {
            Principal::ApiClient(id) => self.ids.read().map_or(true, |ids| ids.contains(id)),
            Principal::User(_) => false,
        }
    }

    /// Refuses the client's tokens in this process from now on.
    pub fn revoke(&self, id: ApiClientId) {
        self.extend([id]);
    }

    fn extend(&self, ids: impl IntoIterator<Item = ApiClientId>) {
        if let Ok(mut set) = self.ids.write() {
            set.extend(ids);
        }
    }

    /// Reloads the revoked clients every [`RELOAD_EVERY`] on the current runtime; a failed
    /// reload is logged and tried again at the next tick.
    pub fn spawn_reloader(&self, db: Db) {
        let revoked = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(RELOAD_EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                match db.read(api_clients::inactive_ids).await {
                    Ok(ids) => revoked.extend(ids),
                    Err(error) => log::warn!("the revoked API clients could not be reloaded: {error:#}"),
                }
            }
        });
    }
}
