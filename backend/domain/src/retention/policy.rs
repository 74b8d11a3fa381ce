//! A company's retention policy: how long each kind of session keeps its personal data.
//!
//! | period | default | bounds (days) | counted from |
//! |---|---|---|---|
//! | `verified_days` | 1826 (five years) | 1826 ..= 3653 | the reported end of the customer relationship |
//! | `rejected_days` | 365 | 1 ..= 3653 | the decision |
//! | `not_finished_days` | 30 | 1 ..= 365 | the session's creation |
//! | `awaiting_action_overdue_days` | 30 | 1 ..= 365 | the session's creation; flags, never deletes |
//!
//! A verified-session period shorter than five years is refused with the law that forbids it
//! (Directive (EU) 2015/849 Art. 40(1); Regulation (EU) 2024/1624 Art. 77), and one longer than
//! ten years because no general rule allows it: a single session is kept longer with a legal
//! hold. Not-finished sessions are capped at a year: an abandoned capture serves no purpose that
//! long (GDPR Art. 5(1)(e)).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::law::{AML_MAXIMUM_DAYS, AML_MINIMUM_DAYS, LegalBasis, cite};

/// The periods as typed in the settings form or stored: any numbers. [`RetentionPolicy::new`]
/// checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionPeriods {
    /// Days a verified session keeps its photos and personal values after the customer
    /// relationship ended.
    pub verified_days: u32,
    /// Days a rejected session keeps them after the decision.
    pub rejected_days: u32,
    /// Days a session that was never finished keeps them after its creation.
    pub not_finished_days: u32,
    /// Days after its creation from which a session still awaiting a person's decision is
    /// reported overdue. Such a session is never deleted by policy.
    pub awaiting_action_overdue_days: u32,
}

impl Default for RetentionPeriods {
    fn default() -> Self {
        Self {
            verified_days: AML_MINIMUM_DAYS,
            rejected_days: 365,
            not_finished_days: 30,
            awaiting_action_overdue_days: 30,
        }
    }
}

/// One period of a policy, named as in [`RetentionPeriods`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyPeriod {
    Verified,
    Rejected,
    NotFinished,
    AwaitingActionOverdue,
}

impl PolicyPeriod {
    pub const ALL: [PolicyPeriod; 4] = [Self::Verified, Self::Rejected, Self::NotFinished, Self::AwaitingActionOverdue];

    /// The settings field that holds it.
    pub fn field(self) -> &'static str {
        match self {
            Self::Verified => "verified_days",
            Self::Rejected => "rejected_days",
            Self::NotFinished => "not_finished_days",
            Self::AwaitingActionOverdue => "awaiting_action_overdue_days",
        }
    }

    /// The smallest and largest number of days allowed.
    pub fn bounds(self) -> (u32, u32) {
        match self {
            Self::Verified => (AML_MINIMUM_DAYS, AML_MAXIMUM_DAYS),
            Self::Rejected => (1, AML_MAXIMUM_DAYS),
            Self::NotFinished | Self::AwaitingActionOverdue => (1, 365),
        }
    }

    fn of(self, periods: &RetentionPeriods) -> u32 {
        match self {
            Self::Verified => periods.verified_days,
            Self::Rejected => periods.rejected_days,
            Self::NotFinished => periods.not_finished_days,
            Self::AwaitingActionOverdue => periods.awaiting_action_overdue_days,
        }
    }
}

impl fmt::Display for PolicyPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// One period a policy cannot have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyProblem {
    #[error(
        "{period} is {days} days, shorter than the legal minimum of {minimum} days (five years after the \
         customer relationship ends) set by {law}"
    )]
    BelowLegalMinimum { period: PolicyPeriod, days: u32, minimum: u32, law: String },
    #[error(
        "{period} is {days} days, longer than the {maximum} days (ten years) the AML rules allow at most ({law}); \
         keep a single session longer with a legal hold"
    )]
    AboveLegalMaximum { period: PolicyPeriod, days: u32, maximum: u32, law: String },
    #[error("{period} must be between {minimum} and {maximum} days, got {days}")]
    OutOfRange { period: PolicyPeriod, days: u32, minimum: u32, maximum: u32 },
}

impl PolicyProblem {
    /// The period at fault.
    pub fn period(&self) -> PolicyPeriod {
        match self {
            Self::BelowLegalMinimum { period, .. }
            | Self::AboveLegalMaximum { period, .. }
            | Self::OutOfRange { period, .. } => *period,
        }
    }
}

/// Why a policy cannot be saved: every problem found, in the order of [`PolicyPeriod::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("invalid retention policy: {}", join(.problems))]
pub struct InvalidPolicy {
    pub problems: Vec<PolicyProblem>,
}

fn join(problems: &[PolicyProblem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// A checked retention policy: every period within its bounds. Reading one from JSON checks it
/// too, so a policy in hand is always lawful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "RetentionPeriods", into = "RetentionPeriods")]
pub struct RetentionPolicy(RetentionPeriods);

impl RetentionPolicy {
    pub fn new(periods: RetentionPeriods) -> Result<Self, InvalidPolicy> {
        let problems: Vec<PolicyProblem> =
            PolicyPeriod::ALL.into_iter().filter_map(|period| problem(period, period.of(&periods))).collect();
        if problems.is_empty() { Ok(Self(periods)) } else { Err(InvalidPolicy { problems }) }
    }

    pub fn periods(&self) -> RetentionPeriods {
        self.0
    }

    pub fn days(&self, period: PolicyPeriod) -> u32 {
        period.of(&self.0)
    }
}

fn problem(period: PolicyPeriod, days: u32) -> Option<PolicyProblem> {
    let (minimum, maximum) = period.bounds();
    let law = || cite(&LegalBasis::AML_RECORD_KEEPING);
    match period {
        PolicyPeriod::Verified if days < minimum => {
            Some(PolicyProblem::BelowLegalMinimum { period, days, minimum, law: law() })
        }
        PolicyPeriod::Verified if days > maximum => {
            Some(PolicyProblem::AboveLegalMaximum { period, days, maximum, law: law() })
        }
        _ if !(minimum..=maximum).contains(&days) => Some(PolicyProblem::OutOfRange { period, days, minimum, maximum }),
        _ => None,
    }
}

impl TryFrom<RetentionPeriods> for RetentionPolicy {
    type Error = InvalidPolicy;
    fn try_from(periods: RetentionPeriods) -> Result<Self, Self::Error> {
        Self::new(periods)
    }
}

impl From<RetentionPolicy> for RetentionPeriods {
    fn from(policy: RetentionPolicy) -> Self {
        policy.0
    }
}
