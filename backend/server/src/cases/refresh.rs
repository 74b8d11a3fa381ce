//! Refresh tokens: a dashboard user stays signed in past the 15-minute access token. A login
//! starts a family; each refresh rotates the token; a token presented twice revokes its family
//! (theft detection) and is audited; logout and deactivation end the family. The rules are
//! `kyc_domain::accounts::refresh`.

use super::auth::{IssuedToken, issue, outside_allowlist, staff_may_connect_from};
use super::{Error, Result};
use crate::db::{self, AnyConnection, DbError, NewAuditEvent, User, refresh as rows};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use kyc_domain::accounts::refresh::{RefreshTimeout, RefreshVerdict, judge_refresh, REFRESH_ABSOLUTE_TIMEOUT};
use kyc_domain::accounts::tokens::{OpaqueToken, TokenKind};
use kyc_domain::ids::{Principal, UserId};

/// The first refresh token of a login, stored in the login's transaction.
pub fn start(conn: &mut AnyConnection, user_id: UserId, now: DateTime<Utc>) -> std::result::Result<OpaqueToken, DbError> {
    let token = new_token();
    rows::start_family(conn, user_id, &token.hash(), now)?;
    Ok(token)
}

/// How long a refresh token can live at most (the cookie's `Max-Age`).
pub fn longest_lifetime_seconds() -> i64 {
    REFRESH_ABSOLUTE_TIMEOUT.num_seconds()
}

enum Outcome {
    Rotated(User, OpaqueToken),
    Refused(&'static str),
    /// A member outside their company's staff IP allow-list (403); the token stays unused.
    OutsideAllowlist,
}

/// `POST /auth/refresh`: a new access token and the next refresh token of the family.
pub async fn refresh(state: &AppState, presented: &str, ip: &str) -> Result<IssuedToken> {
    let hash = OpaqueToken::parse(TokenKind::Refresh, presented).map_err(|_| refused("the refresh token is not valid"))?.hash();
    let (ip, now) = (ip.to_owned(), Utc::now());
    let outcome = state
        .db
        .write_deciding_audit(move |conn| {
            let Some(stored) = rows::find(conn, &hash)? else { return Ok((Outcome::Refused("the refresh token is not valid"), Vec::new())) };
            let user = db::companies::find_user(conn, stored.user_id)?;
            let active = user.as_ref().is_some_and(|user| user.active);
            let company_id = user.as_ref().and_then(|user| user.company_id);
            let event = |outcome: &str| NewAuditEvent {
                company_id,
                actor_id: Principal::User(stored.user_id).to_string(),
                actor_kind: "user".to_owned(),
                action: "auth.refresh".to_owned(),
                outcome: outcome.to_owned(),
                ip: Some(ip.clone()),
                ..NewAuditEvent::default()
            };
            let company = company_id.map(|id| db::companies::find_company(conn, id)).transpose()?.flatten();
            if company.is_some_and(|company| !staff_may_connect_from(&company.settings, &ip)) {
                return Ok((Outcome::OutsideAllowlist, vec![event("ip_refused")]));
            }
            let verdict = judge_refresh(&stored.token, &stored.family, active, now);
            let rotated = matches!(verdict, RefreshVerdict::Rotate(_)) && rows::mark_used(conn, &hash, now)?;
            match (verdict, user) {
                (RefreshVerdict::Rotate(_), Some(user)) if rotated => {
                    let successor = new_token();
                    rows::insert_token(conn, &stored.family_id, &successor.hash(), now)?;
                    Ok((Outcome::Rotated(user, successor), vec![event("ok")]))
                }
                (RefreshVerdict::Rotate(_) | RefreshVerdict::Reused { .. }, _) => {
                    // Two parties hold this family's tokens: which one is the thief cannot be known.
                    rows::revoke_family(conn, &stored.family_id, now)?;
                    let ended = Outcome::Refused("the refresh token was already used; every session of this login is ended");
                    Ok((ended, vec![event("reused")]))
                }
                (verdict, _) => {
                    let refused = Outcome::Refused(match verdict {
                        RefreshVerdict::Expired(RefreshTimeout::Idle) => "the session expired after 12 hours without use",
                        RefreshVerdict::Expired(RefreshTimeout::Absolute) => "the session expired 7 days after sign-in",
                        RefreshVerdict::UserDeactivated => "the account was deactivated",
                        _ => "the session was ended",
                    });
                    Ok((refused, vec![event("failed")]))
                }
            }
        })
        .await?;
    match outcome {
        Outcome::Rotated(user, successor) => {
            let mut token = issue(state, &Principal::User(user.id), user.company_id, user.role)?;
            token.refresh_token = Some(successor.expose().to_owned());
            Ok(token)
        }
        Outcome::Refused(why) => Err(refused(why)),
        Outcome::OutsideAllowlist => Err(outside_allowlist()),
    }
}

/// `POST /auth/logout`: ends the login the refresh token belongs to. An unknown token is no error.
pub async fn logout(state: &AppState, presented: &str, ip: &str) -> Result<()> {
    let Ok(token) = OpaqueToken::parse(TokenKind::Refresh, presented) else { return Ok(()) };
    let (hash, ip, now) = (token.hash(), ip.to_owned(), Utc::now());
    state
        .db
        .write_deciding_audit(move |conn| {
            let Some(stored) = rows::find(conn, &hash)? else { return Ok(((), Vec::new())) };
            rows::revoke_family(conn, &stored.family_id, now)?;
            let user = db::companies::find_user(conn, stored.user_id)?;
            Ok((
                (),
                vec![NewAuditEvent {
                    company_id: user.and_then(|user| user.company_id),
                    actor_id: Principal::User(stored.user_id).to_string(),
                    actor_kind: "user".to_owned(),
                    action: "auth.logout".to_owned(),
                    outcome: "ok".to_owned(),
                    ip: Some(ip),
                    ..NewAuditEvent::default()
                }],
            ))
        })
        .await?;
    Ok(())
}

fn new_token() -> OpaqueToken {
    OpaqueToken::from_random(TokenKind::Refresh, rand::random())
}

fn refused(why: &str) -> Error {
    Error::Unauthorized(why.to_owned())
}
