//! The second step of a login with MFA on: the challenge between the two steps, and reading the
//! code typed at it.
//!
//! - A right password for a user with MFA on gives an MFA challenge instead of tokens: an
//!   [`OpaqueToken`](super::tokens::OpaqueToken) of kind `MfaChallenge`, stored hashed, which
//!   finishes that one login and is good for nothing else.
//! - A challenge lasts [`MFA_CHALLENGE_LIFETIME`] (5 minutes), finishes one login, and dies after
//!   [`MAX_MFA_ATTEMPTS`] (5) wrong codes, so guessing has to start again from the password.
//!   The checks run in this order: completed, too many attempts, expired, then open.
//! - The code typed is a TOTP code (6 digits) or a recovery code (12 symbols), told apart by
//!   shape ([`SecondFactorCode::read`]); spaces and hyphens do not matter in either.

use chrono::{DateTime, TimeDelta, Utc};

use super::recovery_codes::RecoveryCode;
use super::totp::{TOTP_DIGITS, normalise_code};

/// How long the second step of a login may take.
pub const MFA_CHALLENGE_LIFETIME: TimeDelta = TimeDelta::minutes(5);
/// Wrong codes after which a challenge is dead.
pub const MAX_MFA_ATTEMPTS: u32 = 5;

/// The state of a login waiting for its second factor, as stored beside its token's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MfaChallenge {
    pub issued_at: DateTime<Utc>,
    pub failed_attempts: u32,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaChallengeVerdict {
    /// A code may be tried; `attempts_left` including this one.
    Open {
        attempts_left: u32,
    },
    Expired,
    /// It already finished a login.
    Completed,
    TooManyAttempts,
}

impl MfaChallenge {
    /// A challenge issued at `now`, after a right password.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self { issued_at: now, failed_attempts: 0, completed_at: None }
    }

    pub fn expires_at(&self) -> DateTime<Utc> {
        self.issued_at + MFA_CHALLENGE_LIFETIME
    }

    /// Whether a code may be tried at `now` (see the module docs for the order).
    pub fn judge(&self, now: DateTime<Utc>) -> MfaChallengeVerdict {
        if self.completed_at.is_some() {
            return MfaChallengeVerdict::Completed;
        }
        if self.failed_attempts >= MAX_MFA_ATTEMPTS {
            return MfaChallengeVerdict::TooManyAttempts;
        }
        if now >= self.expires_at() {
            return MfaChallengeVerdict::Expired;
        }
        MfaChallengeVerdict::Open { attempts_left: MAX_MFA_ATTEMPTS - self.failed_attempts }
    }

    /// The challenge after a wrong code.
    pub fn failed(self) -> Self {
        Self { failed_attempts: self.failed_attempts.saturating_add(1), ..self }
    }

    /// The challenge after a right code at `now`: it finished its login.
    pub fn completed(self, now: DateTime<Utc>) -> Self {
        Self { completed_at: Some(self.completed_at.unwrap_or(now)), ..self }
    }
}

/// A code typed at the second step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    /// Six digits: check with [`TotpKey::verify`](super::totp::TotpKey::verify).
    Totp(String),
    /// Check with [`RecoveryCodeHasher::find`](super::recovery_codes::RecoveryCodeHasher::find).
    Recovery(RecoveryCode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expected the 6-digit code from the authenticator app or a 12-character recovery code")]
pub struct MalformedSecondFactor;

impl SecondFactorCode {
    /// Tells a TOTP code from a recovery code by its shape.
    pub fn read(typed: &str) -> Result<Self, MalformedSecondFactor> {
        if let Some(digits) = normalise_code(typed, TOTP_DIGITS) {
            return Ok(Self::Totp(digits));
        }
        RecoveryCode::parse(typed).map(Self::Recovery).map_err(|_| MalformedSecondFactor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn issued_at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("a valid time")
    }

    #[test]
    fn a_new_challenge_is_open_for_five_minutes() {
        let challenge = MfaChallenge::new(issued_at());
        let open = MfaChallengeVerdict::Open { attempts_left: 5 };
        assert_eq!(challenge.judge(issued_at()), open);
        assert_eq!(challenge.judge(issued_at() + TimeDelta::seconds(299)), open);
        assert_eq!(challenge.judge(issued_at() + TimeDelta::seconds(300)), MfaChallengeVerdict::Expired);
        assert_eq!(challenge.expires_at(), issued_at() + TimeDelta::minutes(5));
    }

    #[test]
    fn five_wrong_codes_kill_a_challenge() {
        let mut challenge = MfaChallenge::new(issued_at());
        for attempts_left in (1..=5).rev() {
            assert_eq!(challenge.judge(issued_at()), MfaChallengeVerdict::Open { attempts_left });
            challenge = challenge.failed();
        }
        assert_eq!(challenge.judge(issued_at()), MfaChallengeVerdict::TooManyAttempts);
        assert_eq!(challenge.judge(issued_at() + TimeDelta::hours(1)), MfaChallengeVerdict::TooManyAttempts);
    }

    #[test]
    fn a_completed_challenge_finishes_no_second_login() {
        let done = MfaChallenge::new(issued_at()).failed().completed(issued_at() + TimeDelta::seconds(20));
        assert_eq!(done.judge(issued_at() + TimeDelta::seconds(21)), MfaChallengeVerdict::Completed);
        assert_eq!(done.completed(issued_at() + TimeDelta::seconds(40)).completed_at, done.completed_at);
    }

    #[test]
    fn six_digits_are_a_totp_code() {
        for typed in ["123456", "123 456", "123-456", " 12 34 56 "] {
            assert_eq!(SecondFactorCode::read(typed), Ok(SecondFactorCode::Totp("123456".into())), "{typed:?}");
        }
    }

    #[test]
    fn twelve_symbols_are_a_recovery_code() {
        let expected = RecoveryCode::parse("04HM-ASW9-NF6G").expect("well-formed");
        for typed in ["04HM-ASW9-NF6G", "04hmasw9nf6g", "04hm asw9 nf6g"] {
            assert_eq!(SecondFactorCode::read(typed), Ok(SecondFactorCode::Recovery(expected.clone())), "{typed:?}");
        }
        let digits = RecoveryCode::parse("0000-0000-0000").expect("well-formed");
        assert_eq!(SecondFactorCode::read("000000000000"), Ok(SecondFactorCode::Recovery(digits)));
    }

    #[test]
    fn anything_else_is_malformed() {
        for typed in ["", "12345", "1234567", "12345a", "04HM-ASW9-NF6", "password"] {
            assert_eq!(SecondFactorCode::read(typed), Err(MalformedSecondFactor), "{typed:?}");
        }
    }
}
