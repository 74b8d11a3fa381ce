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
//! - Only a role that may review decides ([`DecisionError::RoleMayNotDecide`]).
//!
//! **The screening gate** (approvals only; rejecting is always possible, it is the safe side):
//! - While any screening match is unreviewed, approving is refused
//!   ([`DecisionError::UnreviewedMatch`], a 409 that names the match).
//! - A confirmed **sanctions** match allows only a rejection ([`DecisionError::ConfirmedSanction`]).
//! - A confirmed **PEP** match with no sanction is enhanced due diligence: every approval step
//!   needs the reviewer's own note ([`DecisionError::NoteRequiredForPep`]), and the approval takes
//!   two people whatever the four-eyes setting, the second of them an admin
//!   ([`DecisionError::AdminApprovalRequired`]).
//! - Which match is a sanction and which a PEP is [`crate::screening::ScreeningMatch::kind`].

use super::SessionStatus;
use crate::access::{Permission, Role};
use crate::screening::{MatchKind, MatchReview, MatchStanding};
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
    /// The session's screening matches and their reviews.
    #[serde(default)]
    pub matches: Vec<MatchStanding>,
}

/// One decision as a reviewer asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRequest<'a> {
    pub decision: Decision,
    pub reasons: &'a [RejectionReason],
    /// The reviewer's own note; blank when they wrote none.
    pub note: &'a str,
    /// Who decides (a user id).
    pub reviewer: &'a str,
    pub role: Role,
    /// The company's four-eyes setting.
    pub four_eyes: bool,
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
    #[error("the {role} role may not decide on sessions")]
    RoleMayNotDecide { role: Role },
    #[error("screening match {found} is not reviewed yet: mark it a false positive or confirmed before verifying")]
    UnreviewedMatch { found: MatchStanding },
    #[error("screening match {found} is a confirmed sanctions match: the session can only be rejected")]
    ConfirmedSanction { found: MatchStanding },
    #[error("screening match {found} is a confirmed PEP match: verifying needs a note on the enhanced due diligence")]
    NoteRequiredForPep { found: MatchStanding },
    #[error("screening match {found} is a confirmed PEP match: the second approval must come from an admin")]
    AdminApprovalRequired { found: MatchStanding },
}

impl DecisionError {
    /// The screening match a refusal is about, if it is the screening gate's.
    pub fn screening_match(&self) -> Option<&MatchStanding> {
        match self {
            Self::UnreviewedMatch { found }
            | Self::ConfirmedSanction { found }
            | Self::NoteRequiredForPep { found }
            | Self::AdminApprovalRequired { found } => Some(found),
            _ => None,
        }
    }
}

/// Checks a decision against the session's review state and says what it does.
pub fn apply_decision(state: &ReviewState, request: &DecisionRequest<'_>) -> Result<DecisionOutcome, DecisionError> {
    if state.status != SessionStatus::AwaitingAction {
        return Err(DecisionError::NotAwaitingAction { status: state.status });
    }
    if request.reviewer.trim().is_empty() {
        return Err(DecisionError::MissingActor);
    }
    if !request.role.may(Permission::Review) {
        return Err(DecisionError::RoleMayNotDecide { role: request.role });
    }
    match request.decision {
        Decision::Reject => reject(request.reasons),
        Decision::Approve => approve(state, request),
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

fn approve(state: &ReviewState, request: &DecisionRequest<'_>) -> Result<DecisionOutcome, DecisionError> {
    if !request.reasons.is_empty() {
        return Err(DecisionError::ReasonsNotAllowedForApproval);
    }
    let enhanced_due_diligence = screening_gate(&state.matches, request.note)?;
    let needs_two_approvals =
        enhanced_due_diligence.is_some() || (request.four_eyes && state.failed_automatic_check);
    match (needs_two_approvals, state.pending_approval_by.as_deref()) {
        (false, _) => Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)),
        (true, None) => Ok(DecisionOutcome::AwaitingSecondApproval),
        (true, Some(first)) if first == request.reviewer => Err(DecisionError::SameReviewerTwice),
        (true, Some(_)) => match enhanced_due_diligence {
            Some(found) if !is_admin(request.role) => Err(DecisionError::AdminApprovalRequired { found: found.clone() }),
            _ => Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)),
        },
    }
}

/// Refuses an approval that the screening matches forbid; returns the confirmed PEP match that
/// makes it enhanced due diligence, if any.
fn screening_gate<'m>(matches: &'m [MatchStanding], note: &str) -> Result<Option<&'m MatchStanding>, DecisionError> {
    let with = |review: MatchReview, kind: Option<MatchKind>| {
        matches.iter().find(|found| found.review == review && kind.is_none_or(|kind| found.kind == kind))
    };
    if let Some(found) = with(MatchReview::Open, None) {
        return Err(DecisionError::UnreviewedMatch { found: found.clone() });
    }
    if let Some(found) = with(MatchReview::Confirmed, Some(MatchKind::Sanction)) {
        return Err(DecisionError::ConfirmedSanction { found: found.clone() });
    }
    let pep = with(MatchReview::Confirmed, Some(MatchKind::Pep));
    match pep {
        Some(found) if note.trim().is_empty() => Err(DecisionError::NoteRequiredForPep { found: found.clone() }),
        _ => Ok(pep),
    }
}

fn is_admin(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Superadmin)
}

impl ReviewState {
    /// The review state after an accepted decision by `actor_id`.
    pub fn after(&self, outcome: &DecisionOutcome, actor_id: &str) -> ReviewState {
        match outcome {
            DecisionOutcome::StatusChanged(status) => {
                ReviewState { status: *status, pending_approval_by: None, ..self.clone() }
            }
            DecisionOutcome::AwaitingSecondApproval => {
                ReviewState { pending_approval_by: Some(actor_id.to_owned()), ..self.clone() }
            }
        }
    }
}
