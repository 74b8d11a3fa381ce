//! Taking a session to work on it, so that two officers do not review the same one.
//!
//! Rules:
//! - An officer takes a free session; while they hold it, others see "being reviewed by …" and a
//!   second officer's attempt to take it is refused ([`AssignmentError::HeldByAnother`], a 409).
//! - Taking a session one already holds refreshes the hold; so does any work on it (a read, a
//!   note, a match review), through [`Assignment::touched`].
//! - A hold is released by a decision on the session, by its holder, or by itself after
//!   [`IDLE_RELEASE_MINUTES`] without work on it ([`Assignment::is_live`]): an officer who went
//!   home does not block the queue.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Minutes without work after which a hold lapses.
pub const IDLE_RELEASE_MINUTES: i64 = 30;

/// Who holds a session, since when, and when they last worked on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The holder's user id.
    pub user_id: String,
    /// The holder's name, as others see it.
    pub user_name: String,
    pub taken_at: DateTime<Utc>,
    pub active_at: DateTime<Utc>,
}

/// Why a session cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("the session is being reviewed by {name} (taken at {since})", since = .since.format("%H:%M UTC"))]
    HeldByAnother { name: String, since: DateTime<Utc> },
}

impl Assignment {
    /// Whether the hold still stands at `now` (work on it within the idle limit).
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        now - self.active_at < Duration::minutes(IDLE_RELEASE_MINUTES)
    }

    /// The hold after its holder worked on the session at `now`.
    pub fn touched(&self, now: DateTime<Utc>) -> Assignment {
        Assignment { active_at: now.max(self.active_at), ..self.clone() }
    }

    /// When the hold lapses if nobody works on the session.
    pub fn lapses_at(&self) -> DateTime<Utc> {
        self.active_at + Duration::minutes(IDLE_RELEASE_MINUTES)
    }
}

/// The hold as it stands at `now`: a lapsed one counts as none.
pub fn current(stored: Option<&Assignment>, now: DateTime<Utc>) -> Option<&Assignment> {
    stored.filter(|held| held.is_live(now))
}

/// `user_id` takes the session at `now`: a free or lapsed session is theirs, their own hold is
/// refreshed, another officer's live hold refuses.
pub fn take(
    stored: Option<&Assignment>,
    user_id: &str,
    user_name: &str,
    now: DateTime<Utc>,
) -> Result<Assignment, AssignmentError> {
    match current(stored, now) {
        Some(held) if held.user_id == user_id => Ok(held.touched(now)),
        Some(held) => Err(AssignmentError::HeldByAnother { name: held.user_name.clone(), since: held.taken_at }),
        None => Ok(Assignment { user_id: user_id.to_owned(), user_name: user_name.to_owned(), taken_at: now, active_at: now }),
    }
}

/// Whether `user_id` may decide or work on the session at `now`: it is free, lapsed, or theirs.
pub fn may_work(stored: Option<&Assignment>, user_id: &str, now: DateTime<Utc>) -> Result<(), AssignmentError> {
    match current(stored, now) {
        Some(held) if held.user_id != user_id => {
            Err(AssignmentError::HeldByAnother { name: held.user_name.clone(), since: held.taken_at })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).expect("a time") + Duration::minutes(minutes)
    }

    #[test]
    fn a_free_session_is_taken_and_a_second_officer_is_refused() {
        let held = take(None, "ana", "Ana", at(0)).expect("free");
        assert_eq!((held.taken_at, held.active_at), (at(0), at(0)));
        let refused = take(Some(&held), "levan", "Levan", at(5)).expect_err("held");
        assert_eq!(refused, AssignmentError::HeldByAnother { name: "Ana".into(), since: at(0) });
        assert!(refused.to_string().contains("being reviewed by Ana"));
        assert!(may_work(Some(&held), "levan", at(5)).is_err());
        assert!(may_work(Some(&held), "ana", at(5)).is_ok());
    }

    #[test]
    fn taking_ones_own_session_again_refreshes_the_hold() {
        let held = take(None, "ana", "Ana", at(0)).expect("free");
        let again = take(Some(&held), "ana", "Ana", at(20)).expect("own");
        assert_eq!((again.taken_at, again.active_at), (at(0), at(20)));
        assert!(again.is_live(at(49)));
    }

    #[test]
    fn a_hold_lapses_after_thirty_idle_minutes() {
        let held = take(None, "ana", "Ana", at(0)).expect("free");
        assert!(held.is_live(at(29)));
        assert!(!held.is_live(at(30)));
        assert_eq!(held.lapses_at(), at(30));
        assert_eq!(current(Some(&held), at(31)), None);
        let taken = take(Some(&held), "levan", "Levan", at(31)).expect("lapsed");
        assert_eq!(taken.user_id, "levan");
        assert!(may_work(Some(&held), "levan", at(31)).is_ok());
    }

    #[test]
    fn work_keeps_a_hold_alive_and_never_moves_it_back() {
        let held = take(None, "ana", "Ana", at(0)).expect("free");
        let worked = held.touched(at(25));
        assert!(worked.is_live(at(50)));
        assert_eq!(worked.touched(at(10)).active_at, at(25));
    }
}
