//! When a session's data go, and why.
//!
//! [`schedule`] takes what retention needs to know about one session
//! ([`SessionRetentionFacts`]), the company's [`RetentionPolicy`] and the day "as of", and returns
//! a [`RetentionSchedule`]: the rule that applies ([`RetentionRule`], with its legal bases), the
//! day the photos and personal values go, whether that day has come, and the fate of each
//! [`DataClass`]. Photos and personal values go together, in one redaction; the record stays,
//! redacted.
//!
//! The rules, by the session's status:
//! - **verified**: kept until the customer relationship is reported ended, and then
//!   `verified_days` after it (counted from the later of the reported end and the verification:
//!   a relationship cannot end before its due diligence), never less than five calendar years
//!   and never more than ten.
//! - **rejected**: kept `rejected_days` after the decision (after the creation when no decision
//!   time was recorded, which the rule then says).
//! - **not finished**: kept `not_finished_days` after the creation.
//! - **awaiting action**: never deleted by policy while a person still has to decide: the
//!   session may hold a possible sanctions match, which must be reviewed, not expire. From
//!   `awaiting_action_overdue_days` after its creation it is reported overdue so that someone
//!   decides it; the decision then starts the clock of its new status.
//!
//! Above the rules: a **redacted** session is not due again (the schedule is idempotent), and a
//! session under **legal hold** is never due, whatever its dates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::law::{AML_MAXIMUM_EXTENSION_YEARS, AML_RETENTION_YEARS, LegalBasis, cite, day_after_days, day_after_years};
use super::policy::{PolicyPeriod, RetentionPolicy};
use super::redaction::{DataClass, Treatment};
use crate::session::SessionStatus;

/// What retention needs to know about one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRetentionFacts {
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    /// When the session got its current status by a decision (automatic or manual).
    pub decided_at: Option<DateTime<Utc>>,
    /// The end of the customer relationship (or the date of the occasional transaction), as
    /// the client reported it.
    pub relationship_ended_on: Option<NaiveDate>,
    pub legal_hold: Option<LegalHold>,
    /// Set once the session has been redacted.
    pub redaction: Option<Redaction>,
}

/// A legal hold: the session is evidence and keeps all its data until the hold is lifted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalHold {
    pub reason: String,
    pub placed_by: String,
    pub placed_at: DateTime<Utc>,
}

/// When and on whose authority a session was redacted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    pub at: DateTime<Utc>,
    pub by: RedactedBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RedactedBy {
    /// The company's retention policy, applied by the purge job.
    Policy,
    /// An erasure request, with the second admin when one approved it.
    Request { requested_by: String, approved_by: Option<String> },
}

/// What bounded a verified session's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifiedLimit {
    /// The policy's number of days.
    Policy,
    /// The five calendar years of the AML rules end later than the policy's days.
    LegalMinimum,
    /// The policy's days run past ten calendar years, the most the AML rules allow.
    LegalMaximum,
}

/// Where a rejected session's clock starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionClock {
    Decision,
    /// No decision time was recorded; the creation is the earliest sure date.
    CreationNoDecisionRecorded,
}

/// The rule that sets a session's retention, with the dates it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RetentionRule {
    /// Verified, and no end of the customer relationship reported: kept.
    VerifiedRelationshipOngoing { verified_on: NaiveDate },
    /// Verified, relationship ended: kept `policy_days` after `counted_from`, within five and
    /// ten calendar years.
    VerifiedAfterRelationshipEnd {
        relationship_ended_on: NaiveDate,
        verified_on: NaiveDate,
        /// The later of the two.
        counted_from: NaiveDate,
        policy_days: u32,
        /// The first day the AML rules allow deletion.
        legal_minimum_goes_on: NaiveDate,
        goes_on: NaiveDate,
        limited_by: VerifiedLimit,
    },
    /// Rejected: kept `days` after `counted_from`.
    RejectedAfterDecision { counted_from: NaiveDate, clock: RejectionClock, days: u32, goes_on: NaiveDate },
    /// Never finished: kept `days` after the creation.
    NotFinishedAfterCreation { created_on: NaiveDate, days: u32, goes_on: NaiveDate },
    /// Awaiting a person's decision: kept; overdue for a decision from `overdue_from`.
    AwaitingDecision { created_on: NaiveDate, overdue_from: NaiveDate },
}

impl RetentionRule {
    /// The day the photos and personal values go under this rule, when it sets one.
    pub fn goes_on(&self) -> Option<NaiveDate> {
        match self {
            Self::VerifiedAfterRelationshipEnd { goes_on, .. }
            | Self::RejectedAfterDecision { goes_on, .. }
            | Self::NotFinishedAfterCreation { goes_on, .. } => Some(*goes_on),
            Self::VerifiedRelationshipOngoing { .. } | Self::AwaitingDecision { .. } => None,
        }
    }

    /// The provisions the rule rests on.
    pub fn legal_bases(&self) -> &'static [LegalBasis] {
        use LegalBasis::*;
        match self {
            Self::VerifiedRelationshipOngoing { .. } => &[AmlDirectiveRecordKeeping, AmlRegulationRecordKeeping],
            Self::VerifiedAfterRelationshipEnd { .. } | Self::AwaitingDecision { .. } => {
                &[AmlDirectiveRecordKeeping, AmlRegulationRecordKeeping, GdprStorageLimitation]
            }
            Self::RejectedAfterDecision { .. } | Self::NotFinishedAfterCreation { .. } => &[GdprStorageLimitation],
        }
    }

    /// The rule in one sentence, with its legal bases.
    pub fn explanation(&self) -> String {
        format!("{} ({})", self.sentence(), cite(self.legal_bases()))
    }

    fn sentence(&self) -> String {
        match self {
            Self::VerifiedRelationshipOngoing { verified_on } => format!(
                "verified on {verified_on}; kept while the customer relationship lasts and \
                 {AML_RETENTION_YEARS} years after its reported end"
            ),
            Self::VerifiedAfterRelationshipEnd { counted_from, policy_days, goes_on, limited_by, .. } => {
                let bound = match limited_by {
                    VerifiedLimit::Policy => String::new(),
                    VerifiedLimit::LegalMinimum => {
                        format!(
                            ", extended to the end of the {AML_RETENTION_YEARS} calendar years the AML rules require"
                        )
                    }
                    VerifiedLimit::LegalMaximum => format!(
                        ", cut to the end of the {} calendar years the AML rules allow at most",
                        AML_RETENTION_YEARS + AML_MAXIMUM_EXTENSION_YEARS
                    ),
                };
                format!(
                    "verified; kept {policy_days} days after the customer relationship ended on {counted_from}{bound}; \
                     goes on {goes_on}"
                )
            }
            Self::RejectedAfterDecision { counted_from, clock, days, goes_on } => {
                let from = match clock {
                    RejectionClock::Decision => "the decision",
                    RejectionClock::CreationNoDecisionRecorded => "the creation (no decision time recorded)",
                };
                format!("rejected; kept {days} days after {from} on {counted_from}; goes on {goes_on}")
            }
            Self::NotFinishedAfterCreation { created_on, days, goes_on } => {
                format!("not finished; kept {days} days after its creation on {created_on}; goes on {goes_on}")
            }
            Self::AwaitingDecision { overdue_from, .. } => format!(
                "awaiting a decision; never deleted by policy while a person has to decide; \
                 overdue for a decision from {overdue_from}"
            ),
        }
    }
}

/// An event a session's date waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwaitedEvent {
    /// The client reporting the end of the customer relationship.
    RelationshipEnd,
    /// A person deciding the session.
    Decision,
}

/// Where a session stands with retention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ScheduleState {
    /// The photos and personal values go on `goes_on`.
    Scheduled { goes_on: NaiveDate },
    /// No date yet.
    Waiting { event: AwaitedEvent },
    /// Under legal hold: kept whatever the rule says.
    Held { hold: LegalHold },
    /// Already redacted.
    Redacted { redaction: Redaction },
}

/// What happens to one class of a session's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFate {
    pub class: DataClass,
    pub treatment: Treatment,
    /// When it happened or will happen; `None` while undated, held, or for what is kept.
    pub on: Option<NaiveDate>,
}

/// A session's retention as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSchedule {
    pub as_of: NaiveDate,
    pub rule: RetentionRule,
    pub state: ScheduleState,
    /// Whether the purge job redacts the session on `as_of`.
    pub due: bool,
    /// An undecided session past its policy's overdue day.
    pub review_overdue: bool,
    /// Photos, personal values, record: in the order of [`DataClass::ALL`].
    pub classes: Vec<ClassFate>,
}

impl RetentionSchedule {
    /// The provisions behind the schedule: the rule's, and GDPR Art. 17(3)(e) for a hold.
    pub fn legal_bases(&self) -> Vec<LegalBasis> {
        let mut bases = self.rule.legal_bases().to_vec();
        if matches!(self.state, ScheduleState::Held { .. }) {
            bases.push(LegalBasis::GdprLegalClaimsExemption);
        }
        bases
    }

    /// One sentence for the session page: what happens, then the rule.
    pub fn explanation(&self) -> String {
        let rule = self.rule.explanation();
        match &self.state {
            ScheduleState::Scheduled { goes_on } if self.due => {
                format!("photos and personal values are due for deletion since {goes_on}: {rule}")
            }
            ScheduleState::Scheduled { goes_on } => format!("photos and personal values go on {goes_on}: {rule}"),
            ScheduleState::Waiting { .. } => format!("kept, no deletion date yet: {rule}"),
            ScheduleState::Held { hold } => format!(
                "kept under legal hold since {} ({}, {}): {rule}",
                hold.placed_at.date_naive(),
                hold.reason,
                LegalBasis::GdprLegalClaimsExemption.citation()
            ),
            ScheduleState::Redacted { redaction } => {
                let by = match &redaction.by {
                    RedactedBy::Policy => "by policy".to_owned(),
                    RedactedBy::Request { .. } => "by request".to_owned(),
                };
                format!("redacted on {} {by}", redaction.at.date_naive())
            }
        }
    }
}

/// The retention of `session` under `policy` on the day `as_of`.
pub fn schedule(session: &SessionRetentionFacts, policy: &RetentionPolicy, as_of: NaiveDate) -> RetentionSchedule {
    let rule = retention_rule(session, policy);
    let state = if let Some(redaction) = &session.redaction {
        ScheduleState::Redacted { redaction: redaction.clone() }
    } else if let Some(hold) = &session.legal_hold {
        ScheduleState::Held { hold: hold.clone() }
    } else {
        match (rule.goes_on(), &rule) {
            (Some(goes_on), _) => ScheduleState::Scheduled { goes_on },
            (None, RetentionRule::AwaitingDecision { .. }) => ScheduleState::Waiting { event: AwaitedEvent::Decision },
            (None, _) => ScheduleState::Waiting { event: AwaitedEvent::RelationshipEnd },
        }
    };
    let due = matches!(state, ScheduleState::Scheduled { goes_on } if goes_on <= as_of);
    let review_overdue = session.redaction.is_none()
        && matches!(rule, RetentionRule::AwaitingDecision { overdue_from, .. } if overdue_from <= as_of);
    let classes = class_fates(&state);
    RetentionSchedule { as_of, rule, state, due, review_overdue, classes }
}

/// The rule for the session's status, as if it were neither held nor redacted.
pub fn retention_rule(session: &SessionRetentionFacts, policy: &RetentionPolicy) -> RetentionRule {
    let created_on = session.created_at.date_naive();
    let decided_on = session.decided_at.map(|at| at.date_naive());
    match session.status {
        SessionStatus::Verified => {
            verified_rule(decided_on.unwrap_or(created_on), session.relationship_ended_on, policy)
        }
        SessionStatus::Rejected => {
            let (counted_from, clock) = match decided_on {
                Some(day) => (day, RejectionClock::Decision),
                None => (created_on, RejectionClock::CreationNoDecisionRecorded),
            };
            let days = policy.days(PolicyPeriod::Rejected);
            RetentionRule::RejectedAfterDecision {
                counted_from,
                clock,
                days,
                goes_on: day_after_days(counted_from, days),
            }
        }
        SessionStatus::NotFinished => {
            let days = policy.days(PolicyPeriod::NotFinished);
            RetentionRule::NotFinishedAfterCreation { created_on, days, goes_on: day_after_days(created_on, days) }
        }
        SessionStatus::AwaitingAction => RetentionRule::AwaitingDecision {
            created_on,
            overdue_from: day_after_days(created_on, policy.days(PolicyPeriod::AwaitingActionOverdue)),
        },
    }
}

fn verified_rule(verified_on: NaiveDate, ended_on: Option<NaiveDate>, policy: &RetentionPolicy) -> RetentionRule {
    let Some(relationship_ended_on) = ended_on else {
        return RetentionRule::VerifiedRelationshipOngoing { verified_on };
    };
    let counted_from = relationship_ended_on.max(verified_on);
    let policy_days = policy.days(PolicyPeriod::Verified);
    let by_policy = day_after_days(counted_from, policy_days);
    let legal_minimum_goes_on = day_after_years(counted_from, AML_RETENTION_YEARS);
    let legal_maximum_goes_on = day_after_years(counted_from, AML_RETENTION_YEARS + AML_MAXIMUM_EXTENSION_YEARS);
    let (goes_on, limited_by) = if by_policy < legal_minimum_goes_on {
        (legal_minimum_goes_on, VerifiedLimit::LegalMinimum)
    } else if by_policy > legal_maximum_goes_on {
        (legal_maximum_goes_on, VerifiedLimit::LegalMaximum)
    } else {
        (by_policy, VerifiedLimit::Policy)
    };
    RetentionRule::VerifiedAfterRelationshipEnd {
        relationship_ended_on,
        verified_on,
        counted_from,
        policy_days,
        legal_minimum_goes_on,
        goes_on,
        limited_by,
    }
}

fn class_fates(state: &ScheduleState) -> Vec<ClassFate> {
    let on = match state {
        ScheduleState::Scheduled { goes_on } => Some(*goes_on),
        ScheduleState::Redacted { redaction } => Some(redaction.at.date_naive()),
        ScheduleState::Waiting { .. } | ScheduleState::Held { .. } => None,
    };
    DataClass::ALL
        .into_iter()
        .map(|class| {
            let treatment = class.treatment();
            ClassFate { class, treatment, on: if treatment == Treatment::Kept { None } else { on } }
        })
        .collect()
}
