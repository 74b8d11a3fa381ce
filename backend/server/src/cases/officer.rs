//! The officer's queue: taking a session so that two officers do not work the same one, and
//! giving it back. The rules (who may take it, when a hold lapses) are
//! `kyc_domain::session::assignment`; a decision releases the hold (`review::decide_session`).

use super::review::actor_name;
use super::sessions::find_session;
use super::{Actor, Error, Result};
use crate::db::{self, DbError};
use crate::state::AppState;
use chrono::Utc;
use kyc_domain::access::Permission;
use kyc_domain::ids::SessionId;
use kyc_domain::session::assignment::{self, Assignment, AssignmentError};

/// The actor takes the session (or refreshes their own hold); another officer's live hold is a
/// conflict that names them. Audited.
pub async fn assign_session(state: &AppState, actor: &Actor, id: SessionId) -> Result<Assignment> {
    actor.require(Permission::Review)?;
    let user_id = actor.user_id().ok_or_else(|| Error::Forbidden("only a user may take a session".into()))?.to_string();
    let session = find_session(state, actor, id).await?;
    let name = actor_name(state, actor).await?;
    let event = actor.event("session.assign", "session", &id.to_string());
    let taken = state
        .db
        .write_deciding_audit(move |conn| {
            let stored = db::assignments::of(conn, &session.key)?;
            match assignment::take(stored.as_ref(), &user_id, &name, Utc::now()) {
                Ok(taken) => {
                    db::assignments::put(conn, &session.key, &taken)?;
                    Ok((Ok(taken), vec![event]))
                }
                Err(refused) => Ok((Err(refused), Vec::new())),
            }
        })
        .await
        .map_err(taken_meanwhile)?;
    taken.map_err(held_by_another)
}

/// Gives the session back: its holder, or an admin for anyone. Audited; a free session stays free.
pub async fn release_session(state: &AppState, actor: &Actor, id: SessionId) -> Result<()> {
    actor.require(Permission::Review)?;
    let user_id = actor.user_id().ok_or_else(|| Error::Forbidden("only a user may release a session".into()))?.to_string();
    let session = find_session(state, actor, id).await?;
    let may_release_anyones = actor.role().may(Permission::Administer);
    let event = actor.event("session.release", "session", &id.to_string());
    let released = state
        .db
        .write_deciding_audit(move |conn| {
            let stored = db::assignments::of(conn, &session.key)?;
            match assignment::may_work(stored.as_ref(), &user_id, Utc::now()) {
                Err(refused) if !may_release_anyones => Ok((Err(refused), Vec::new())),
                _ => {
                    db::assignments::release(conn, &session.key)?;
                    Ok((Ok(()), vec![event]))
                }
            }
        })
        .await?;
    released.map_err(held_by_another)
}

fn held_by_another(refused: AssignmentError) -> Error {
    Error::Conflict(refused.to_string())
}

/// Two officers taking a free session at the same instant: the second insert meets the first's row.
fn taken_meanwhile(error: DbError) -> Error {
    if error.is_unique_violation() {
        Error::Conflict("the session was just taken by another officer".into())
    } else {
        error.into()
    }
}
