//! Invitations: the one-time link with which an invited person sets their password.
//!
//! - An invitation expires [`INVITATION_LIFETIME`] (72 h) after it was made, at that instant.
//! - It is accepted once. Re-inviting someone revokes their pending invitations and makes a new
//!   one; an admin may also revoke one outright.
//! - Its token is an [`OpaqueToken`](super::tokens::OpaqueToken) of kind `Invitation`, stored
//!   hashed. The link should carry it in the URL fragment (`…/invitation#token=…`), which
//!   browsers send to no server and no `Referer`.
//! - The verdict checks, in this order: already accepted, revoked, expired, then valid; so a
//!   person who clicks their link again after accepting is told so rather than "expired".
//! - The server must mark it accepted atomically with the check (`… WHERE accepted_at IS NULL
//!   AND revoked_at IS NULL`), so two submissions of the same link cannot both set a password.

use chrono::{DateTime, TimeDelta, Utc};

/// How long an invitation can be accepted after it was made.
pub const INVITATION_LIFETIME: TimeDelta = TimeDelta::hours(72);

/// An invitation's state, as stored beside its token's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitation {
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What presenting an invitation's token means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationVerdict {
    /// It may be accepted now; it would have expired at `expires_at`.
    Valid {
        expires_at: DateTime<Utc>,
    },
    Expired {
        expired_at: DateTime<Utc>,
    },
    AlreadyAccepted {
        accepted_at: DateTime<Utc>,
    },
    Revoked {
        revoked_at: DateTime<Utc>,
    },
}

impl Invitation {
    /// An invitation made at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { created_at: now, accepted_at: None, revoked_at: None }
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.created_at + INVITATION_LIFETIME
    }

    /// What presenting it at `now` means (see the module docs for the order).
    pub fn judge(&self, now: DateTime<Utc>) -> InvitationVerdict {
        if let Some(accepted_at) = self.accepted_at {
            return InvitationVerdict::AlreadyAccepted { accepted_at };
        }
        if let Some(revoked_at) = self.revoked_at {
            return InvitationVerdict::Revoked { revoked_at };
        }
        let expires_at = self.expires_at();
        if now >= expires_at {
            return InvitationVerdict::Expired { expired_at: expires_at };
        }
        InvitationVerdict::Valid { expires_at }
    }

    /// The invitation accepted at `now`, or the verdict that forbids it.
    pub fn accept(self, now: DateTime<Utc>) -> Result<Invitation, InvitationVerdict> {
        match self.judge(now) {
            InvitationVerdict::Valid { .. } => Ok(Invitation { accepted_at: Some(now), ..self }),
            refusal => Err(refusal),
        }
    }

    /// The invitation revoked at `now`; an accepted one stays as it is (there is nothing left to
    /// revoke: the account exists and is managed by deactivation).
    pub fn revoke(self, now: DateTime<Utc>) -> Invitation {
        if self.accepted_at.is_some() || self.revoked_at.is_some() {
            return self;
        }
        Invitation { revoked_at: Some(now), ..self }
    }
}
