//! The life of refresh tokens, as a pure state machine: what presenting one means, and what to
//! store next.
//!
//! - A login starts a **family** ([`RefreshFamily::start`]) and issues its first token. Each
//!   refresh **rotates**: the presented token is marked used and a new token of the same family
//!   is issued. Only the newest token of a family is ever unused.
//! - Presenting a token that was already used means two parties hold the family's tokens: the
//!   verdict is [`RefreshVerdict::Reused`], and the caller revokes the whole family and writes an
//!   audit event (theft detection, as in OAuth 2.0 Security BCP, RFC 9700 section 4.14.2). Which
//!   party is the thief cannot be known, so both lose the session.
//! - **Idle expiry**: a token expires [`REFRESH_IDLE_TIMEOUT`] (12 h) after it was issued, that
//!   is, after the family's last use. **Absolute expiry**: no token of a family works
//!   [`REFRESH_ABSOLUTE_TIMEOUT`] (7 days) after the family began, however often it was used.
//!   Both are reached at the instant itself (`now >= limit` is expired). A rotated token never
//!   outlives its family's absolute limit ([`Rotation::expires_at`], the cookie's lifetime).
//! - A revoked family (logout, reuse, an admin ending sessions) is refused; so is every token of
//!   a deactivated user, whatever its state.
//! - The checks run in this order, and the first that applies is the verdict: user deactivated,
//!   token already used, family revoked, absolute expiry, idle expiry, then rotation. Reuse comes
//!   before revocation and expiry so that a stolen token tried late is still reported as theft.
//! - The server must mark the presented token used atomically with the check (for example
//!   `UPDATE … SET used_at = ? WHERE id = ? AND used_at IS NULL`, expecting one row), so that two
//!   concurrent refreshes with the same token cannot both rotate: the loser sees `Reused`. A
//!   dashboard open in several tabs should therefore refresh from one tab at a time (the Web
//!   Locks API does that in the browser).

use chrono::{DateTime, TimeDelta, Utc};

/// How long a refresh token stays good after it was issued (after the family's last use).
pub const REFRESH_IDLE_TIMEOUT: TimeDelta = TimeDelta::hours(12);
/// How long any token of a family stays good after the login that began it.
pub const REFRESH_ABSOLUTE_TIMEOUT: TimeDelta = TimeDelta::days(7);

/// One login: the chain of refresh tokens rotated from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshFamily {
    pub started_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// One refresh token of a family, as stored beside its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshToken {
    pub issued_at: DateTime<Utc>,
    /// When it was exchanged for its successor; `None` while it is the family's newest token.
    pub used_at: Option<DateTime<Utc>>,
}

/// Which limit an expired token reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshTimeout {
    /// 12 h without a refresh.
    Idle,
    /// 7 days since the login.
    Absolute,
}

/// What to do with a presented refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshVerdict {
    /// Good: store the rotation and hand out a new access token and the new refresh token.
    Rotate(Rotation),
    /// Already used (at `used_at`): revoke the whole family and audit a suspected theft.
    Reused {
        used_at: DateTime<Utc>,
    },
    /// The family was revoked (logout, reuse, an admin).
    FamilyRevoked,
    /// The token's user is deactivated.
    UserDeactivated,
    Expired(RefreshTimeout),
}

/// The state change of a good refresh: the presented token is used now, and its successor is
/// issued now in the same family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rotation {
    /// Store as the presented token's `used_at`.
    pub used_at: DateTime<Utc>,
    /// Store as the family's new token.
    pub successor: RefreshToken,
    /// When the successor stops working unless used: its idle limit or the family's absolute
    /// limit, whichever comes first.
    pub expires_at: DateTime<Utc>,
}

impl RefreshFamily {
    /// A login at `now`: the new family and its first token.
    pub fn start(now: DateTime<Utc>) -> (RefreshFamily, RefreshToken) {
        (RefreshFamily { started_at: now, revoked_at: None }, RefreshToken { issued_at: now, used_at: None })
    }

    /// The instant from which no token of this family works.
    pub fn absolute_expiry(&self) -> DateTime<Utc> {
        self.started_at + REFRESH_ABSOLUTE_TIMEOUT
    }

    /// The family after a revocation at `now` (an earlier revocation keeps its time).
    pub fn revoked(self, now: DateTime<Utc>) -> RefreshFamily {
        RefreshFamily { revoked_at: Some(self.revoked_at.unwrap_or(now)), ..self }
    }
}

impl RefreshToken {
    /// The instant from which this token no longer works unless it was used: its idle limit or
    /// its family's absolute limit, whichever comes first.
    pub fn expires_at(&self, family: &RefreshFamily) -> DateTime<Utc> {
        (self.issued_at + REFRESH_IDLE_TIMEOUT).min(family.absolute_expiry())
    }
}

/// What presenting `token` of `family`, belonging to a user who is (or is not) active, means at
/// `now`. See the module docs for the order of the checks.
pub fn judge_refresh(
    token: &RefreshToken,
    family: &RefreshFamily,
    user_active: bool,
    now: DateTime<Utc>,
) -> RefreshVerdict {
    if !user_active {
        return RefreshVerdict::UserDeactivated;
    }
    if let Some(used_at) = token.used_at {
        return RefreshVerdict::Reused { used_at };
    }
    if family.revoked_at.is_some() {
        return RefreshVerdict::FamilyRevoked;
    }
    if now >= family.absolute_expiry() {
        return RefreshVerdict::Expired(RefreshTimeout::Absolute);
    }
    if now >= token.issued_at + REFRESH_IDLE_TIMEOUT {
        return RefreshVerdict::Expired(RefreshTimeout::Idle);
    }
    let successor = RefreshToken { issued_at: now, used_at: None };
    RefreshVerdict::Rotate(Rotation { used_at: now, successor, expires_at: successor.expires_at(family) })
}
