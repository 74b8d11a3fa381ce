//! Manual decisions on a session in the awaiting-action queue: approve, or reject with reasons
//! from the rejection taxonomy, optionally under four-eyes review.
//!
//! Rules of [`apply_decision`]:
//! - A decision is allowed only while the session is `awaiting_action`
//!   ([`DecisionError::NotAwaitingAction`], a 409 at the HTTP edge).
//! - A rejection needs at least one reason, each given once; an approval takes none.
//! - With four-eyes review on, approving a session that failed an automatic check is a two-step
//!   override: the first approval leaves the session awaiting action with the approver recorded
//!   ([`DecisionOutcome::AwaitingSecondApproval`]); a *different* operator's approval completes it
//!   ([`DecisionError::SameReviewerTwice`] otherwise, a 409). Rejecting needs one operator: it is
//!   the safe direction, and any operator may reject a pending approval.
//! - Every accepted decision writes a note of its kind ([`Decision::note_kind`]).

use super::SessionStatus;
use serde::{Deserialize, Serialize};

/// What an operator decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

closed_set!(Decision, "decision", [Approve => "approve", Reject => "reject"]);

impl Decision {
    /// The kind of note the decision writes.
    pub fn note_kind(self) -> NoteKind {
        match self {
            Self::Approve => NoteKind::Approval,
            Self::Reject => NoteKind::Rejection,
        }
    }

    /// The note a decision writes when the operator gives no text of their own:
    /// "Approved." or "Rejected: Selfie mismatch, MRZ issue.".
    pub fn default_note(self, reasons: &[RejectionReason]) -> String {
        match self {
            Self::Approve => "Approved.".to_owned(),
            Self::Reject => {
                let labels: Vec<&str> = reasons.iter().map(|reason| reason.label()).collect();
                format!("Rejected: {}.", labels.join(", "))
            }
        }
    }
}

/// The kinds of notes on a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Note,
    Approval,
    Rejection,
}

closed_set!(NoteKind, "note kind", [Note => "note", Approval => "approval", Rejection => "rejection"]);

/// The groups of rejection reasons, as operators see them in the reject dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionGroup {
    Spam,
    CompromisedPerson,
    SuspectedFraud,
    DataMismatch,
}

closed_set!(RejectionGroup, "rejection group", [
    Spam => "spam",
    CompromisedPerson => "compromised_person",
    SuspectedFraud => "suspected_fraud",
    DataMismatch => "data_mismatch",
]);

impl RejectionGroup {
    pub fn label(self) -> &'static str {
        match self {
            Self::Spam => "Spam",
            Self::CompromisedPerson => "Compromised person",
            Self::SuspectedFraud => "Suspected fraud",
            Self::DataMismatch => "Data mismatch",
        }
    }

    /// The reasons of this group, in dialog order.
    pub fn reasons(self) -> impl Iterator<Item = RejectionReason> {
        RejectionReason::ALL.iter().copied().filter(move |reason| reason.group() == self)
    }
}

/// Why an operator rejected a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectionReason {
    Spam,
    Pep,
    SanctionsList,
    CriminalRecords,
    AdverseMedia,
    Fake,
    Blacklist,
    SelfieMismatch,
    FullNameMismatch,
    DocumentNumberMismatch,
    MrzIssue,
    DateOfBirthMismatch,
}

closed_set!(RejectionReason, "rejection reason", [
    Spam => "spam",
    Pep => "pep",
    SanctionsList => "sanctions_list",
    CriminalRecords => "criminal_records",
    AdverseMedia => "adverse_media",
    Fake => "fake",
    Blacklist => "blacklist",
    SelfieMismatch => "selfie_mismatch",
    FullNameMismatch => "full_name_mismatch",
    DocumentNumberMismatch => "document_number_mismatch",
    MrzIssue => "mrz_issue",
    DateOfBirthMismatch => "date_of_birth_mismatch",
]);

impl RejectionReason {
    pub fn group(self) -> RejectionGroup {
        match self {
            Self::Spam => RejectionGroup::Spam,
            Self::Pep | Self::SanctionsList | Self::CriminalRecords | Self::AdverseMedia => {
                RejectionGroup::CompromisedPerson
            }
            Self::Fake | Self::Blacklist | Self::SelfieMismatch => RejectionGroup::SuspectedFraud,
            Self::FullNameMismatch
            | Self::DocumentNumberMismatch
            | Self::MrzIssue
            | Self::DateOfBirthMismatch => RejectionGroup::DataMismatch,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Spam => "Spam",
            Self::Pep => "PEP",
            Self::SanctionsList => "Sanctions lists",
            Self::CriminalRecords => "Criminal records",
            Self::AdverseMedia => "Adverse media",
            Self::Fake => "Fake",
            Self::Blacklist => "Blacklist",
            Self::SelfieMismatch => "Selfie mismatch",
            Self::FullNameMismatch => "Full name",
            Self::DocumentNumberMismatch => "ID/document number",
            Self::MrzIssue => "MRZ issue",
            Self::DateOfBirthMismatch => "Date of birth",
        }
    }
}

/// Where a session stands for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewState {
    pub status: SessionStatus,
    /// An enforced automatic check failed (see `StatusDecision::failed_automatic_check`).
    pub failed_automatic_check: bool,
    /// The operator who gave the first of two approvals, while the second is pending.
    pub pending_approval_by: Option<String>,
}

/// What an accepted decision does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionOutcome {
    /// The session moves to this status.
    StatusChanged(SessionStatus),
    /// First of two approvals: the session stays awaiting action, the approver is recorded.
    AwaitingSecondApproval,
}

/// Why a decision is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DecisionError {
    #[error("a decision needs the session to be awaiting action, it is {status}")]
    NotAwaitingAction { status: SessionStatus },
    #[error("a rejection needs at least one reason")]
    ReasonsRequiredForRejection,
    #[error("an approval takes no rejection reasons")]
    ReasonsNotAllowedForApproval,
    #[error("rejection reason {reason} is given more than once")]
    DuplicateReason { reason: RejectionReason },
    #[error("the decision needs the id of the operator making it")]
    MissingActor,
    #[error("the second approval must come from another operator than the first")]
    SameReviewerTwice,
}

/// Checks a decision against the session's review state and says what it does.
pub fn apply_decision(
    state: &ReviewState,
    decision: Decision,
    reasons: &[RejectionReason],
    actor_id: &str,
    four_eyes: bool,
) -> Result<DecisionOutcome, DecisionError> {
    if state.status != SessionStatus::AwaitingAction {
        return Err(DecisionError::NotAwaitingAction { status: state.status });
    }
    if actor_id.trim().is_empty() {
        return Err(DecisionError::MissingActor);
    }
    match decision {
        Decision::Reject => reject(reasons),
        Decision::Approve => approve(state, reasons, actor_id, four_eyes),
    }
}

fn reject(reasons: &[RejectionReason]) -> Result<DecisionOutcome, DecisionError> {
    if reasons.is_empty() {
        return Err(DecisionError::ReasonsRequiredForRejection);
    }
    if let Some(reason) = first_repeated(reasons) {
        return Err(DecisionError::DuplicateReason { reason });
    }
    Ok(DecisionOutcome::StatusChanged(SessionStatus::Rejected))
}

fn first_repeated(reasons: &[RejectionReason]) -> Option<RejectionReason> {
    reasons
        .iter()
        .enumerate()
        .find(|(index, reason)| reasons[..*index].contains(reason))
        .map(|(_, reason)| *reason)
}

fn approve(
    state: &ReviewState,
    reasons: &[RejectionReason],
    actor_id: &str,
    four_eyes: bool,
) -> Result<DecisionOutcome, DecisionError> {
    if !reasons.is_empty() {
        return Err(DecisionError::ReasonsNotAllowedForApproval);
    }
    let needs_two_approvals = four_eyes && state.failed_automatic_check;
    match (needs_two_approvals, state.pending_approval_by.as_deref()) {
        (false, _) => Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)),
        (true, None) => Ok(DecisionOutcome::AwaitingSecondApproval),
        (true, Some(first)) if first == actor_id => Err(DecisionError::SameReviewerTwice),
        (true, Some(_)) => Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)),
    }
}

impl ReviewState {
    /// The review state after an accepted decision by `actor_id`.
    pub fn after(&self, outcome: &DecisionOutcome, actor_id: &str) -> ReviewState {
        match outcome {
            DecisionOutcome::StatusChanged(status) => ReviewState {
                status: *status,
                failed_automatic_check: self.failed_automatic_check,
                pending_approval_by: None,
            },
            DecisionOutcome::AwaitingSecondApproval => {
                ReviewState { pending_approval_by: Some(actor_id.to_owned()), ..self.clone() }
            }
        }
    }
}
