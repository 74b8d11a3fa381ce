//! Erasure on request (GDPR Art. 17), with legal hold, the AML exemption and four-eyes approval.
//!
//! Rules of [`assess_erasure`], in order:
//! 1. A redacted session has nothing left to erase ([`ErasureRefused::AlreadyRedacted`]).
//! 2. A session under legal hold is not erased: the data are needed for legal claims
//!    (GDPR Art. 17(3)(e)); the refusal names the hold. Lift the hold first.
//! 3. A session awaiting action is decided first: it may hold a possible sanctions match,
//!    and the decision is part of the due diligence.
//! 4. A verified session inside its AML record-keeping period (until its policy date, which is
//!    never earlier than five years after the relationship ends) is exempt from the right to
//!    erasure (GDPR Art. 17(3)(b); Directive (EU) 2015/849 Art. 40(1); Regulation (EU) 2024/1624
//!    Art. 77): refused with the period's last day, or as ongoing when no end was reported,
//!    unless the admin states a legal ground, [`ErasureGround::CreatedInError`] (there was no
//!    customer, so no record to keep) or [`ErasureGround::AuthorityOrder`], and a second admin
//!    approves.
//! 5. Otherwise the erasure is allowed: by one admin, or by two when the company has four-eyes
//!    review on.
//!
//! The approval is a small state machine: [`request_erasure`] either approves at once
//! ([`ErasureStep::Approved`]) or records the first admin ([`ErasureStep::AwaitingSecondAdmin`]);
//! [`PendingErasure::approve`] by a *different* admin completes it and re-checks the rules on
//! the approval day, so a hold placed in between still stops it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::law::{LegalBasis, cite};
use super::policy::RetentionPolicy;
use super::schedule::{LegalHold, RedactedBy, RetentionRule, SessionRetentionFacts, retention_rule};
use crate::session::SessionStatus;

/// A legal ground that lifts the AML exemption for a verified session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureGround {
    /// The session should never have existed (a test, the wrong person, a duplicate): there is
    /// no customer due diligence to keep.
    CreatedInError,
    /// A court or competent authority ordered the deletion.
    AuthorityOrder,
}

impl ErasureGround {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CreatedInError => "created_in_error",
            Self::AuthorityOrder => "authority_order",
        }
    }
}

/// Why an admin asks for the erasure, in their words: 1 to [`ErasureReason::MAX_CHARS`]
/// characters after trimming. It goes into the deletion certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ErasureReason(String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErasureReasonError {
    #[error("an erasure needs a reason")]
    Empty,
    #[error("an erasure reason has at most {max} characters, got {chars}")]
    TooLong { chars: usize, max: usize },
}

impl ErasureReason {
    pub const MAX_CHARS: usize = 500;

    pub fn new(text: &str) -> Result<Self, ErasureReasonError> {
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 {
            Err(ErasureReasonError::Empty)
        } else if chars > Self::MAX_CHARS {
            Err(ErasureReasonError::TooLong { chars, max: Self::MAX_CHARS })
        } else {
            Ok(Self(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ErasureReason {
    type Error = ErasureReasonError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::new(&text)
    }
}

impl From<ErasureReason> for String {
    fn from(reason: ErasureReason) -> Self {
        reason.0
    }
}

/// Why an erasure needs a second admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SecondApproval {
    /// The company reviews with four eyes.
    FourEyesReview,
    /// The erasure overrides the AML record-keeping period on a stated ground.
    AmlPeriodOverride { ground: ErasureGround },
}

/// How many admins an allowed erasure needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "approvals", rename_all = "snake_case")]
pub enum Approvals {
    One,
    Two { because: SecondApproval },
}

/// Why an erasure is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErasureRefused {
    #[error("the session was already redacted on {}", .at.date_naive())]
    AlreadyRedacted { at: DateTime<Utc> },
    #[error(
        "the session is under legal hold since {} by {} ({}): lift the hold before erasing (GDPR Art. 17(3)(e))",
        .hold.placed_at.date_naive(), .hold.placed_by, .hold.reason
    )]
    UnderLegalHold { hold: LegalHold },
    #[error("the session awaits a decision: approve or reject it before erasing it")]
    AwaitingDecision,
    #[error(
        "the customer relationship of this verified session has not been reported ended, and its record is kept \
         until five years after it ends: the right to erasure does not apply ({law}); state a legal ground \
         (created_in_error or authority_order) for a second admin to approve"
    )]
    RelationshipOngoing { law: String },
    #[error(
        "this verified session is inside its AML record-keeping period, which ends on {period_ends_on}: the right \
         to erasure does not apply ({law}); state a legal ground (created_in_error or authority_order) for a \
         second admin to approve"
    )]
    InsideAmlPeriod { period_ends_on: NaiveDate, law: String },
    #[error("the admin who requested the erasure cannot also approve it: a second admin must")]
    SameAdminTwice { admin: String },
}

impl ErasureRefused {
    /// The provisions behind the refusal.
    pub fn legal_bases(&self) -> &'static [LegalBasis] {
        match self {
            Self::UnderLegalHold { .. } => &[LegalBasis::GdprLegalClaimsExemption],
            Self::RelationshipOngoing { .. } | Self::InsideAmlPeriod { .. } => &AML_EXEMPTION,
            Self::AlreadyRedacted { .. } | Self::AwaitingDecision | Self::SameAdminTwice { .. } => &[],
        }
    }
}

const AML_EXEMPTION: [LegalBasis; 3] = [
    LegalBasis::GdprLegalObligationExemption,
    LegalBasis::AmlDirectiveRecordKeeping,
    LegalBasis::AmlRegulationRecordKeeping,
];

/// Whether `session` may be erased on `today`, and by how many admins.
pub fn assess_erasure(
    session: &SessionRetentionFacts,
    policy: &RetentionPolicy,
    four_eyes_review: bool,
    ground: Option<ErasureGround>,
    today: NaiveDate,
) -> Result<Approvals, ErasureRefused> {
    if let Some(redaction) = &session.redaction {
        return Err(ErasureRefused::AlreadyRedacted { at: redaction.at });
    }
    if let Some(hold) = &session.legal_hold {
        return Err(ErasureRefused::UnderLegalHold { hold: hold.clone() });
    }
    if session.status == SessionStatus::AwaitingAction {
        return Err(ErasureRefused::AwaitingDecision);
    }
    if let Some(exemption) = aml_exemption(session, policy, today) {
        return match ground {
            Some(ground) => Ok(Approvals::Two { because: SecondApproval::AmlPeriodOverride { ground } }),
            None => Err(exemption),
        };
    }
    Ok(if four_eyes_review { Approvals::Two { because: SecondApproval::FourEyesReview } } else { Approvals::One })
}

/// The AML refusal a verified session still inside its period gets, if it is.
fn aml_exemption(
    session: &SessionRetentionFacts,
    policy: &RetentionPolicy,
    today: NaiveDate,
) -> Option<ErasureRefused> {
    let law = || cite(&AML_EXEMPTION);
    match retention_rule(session, policy) {
        RetentionRule::VerifiedRelationshipOngoing { .. } => Some(ErasureRefused::RelationshipOngoing { law: law() }),
        RetentionRule::VerifiedAfterRelationshipEnd { goes_on, .. } if today < goes_on => {
            let period_ends_on = goes_on.pred_opt().unwrap_or(goes_on);
            Some(ErasureRefused::InsideAmlPeriod { period_ends_on, law: law() })
        }
        _ => None,
    }
}

/// What the company and the session look like when an erasure is requested or approved.
#[derive(Debug, Clone, Copy)]
pub struct ErasureContext<'a> {
    pub session: &'a SessionRetentionFacts,
    pub policy: &'a RetentionPolicy,
    pub four_eyes_review: bool,
}

impl ErasureContext<'_> {
    fn assess(&self, ground: Option<ErasureGround>, at: DateTime<Utc>) -> Result<Approvals, ErasureRefused> {
        assess_erasure(self.session, self.policy, self.four_eyes_review, ground, at.date_naive())
    }
}

/// An erasure asked for by one admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErasureRequest {
    pub reason: ErasureReason,
    pub ground: Option<ErasureGround>,
}

/// A first admin's request waiting for a second admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingErasure {
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub reason: ErasureReason,
    pub ground: Option<ErasureGround>,
    pub because: SecondApproval,
}

/// An erasure that may be carried out now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovedErasure {
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    /// The second admin, when one was needed.
    pub approved_by: Option<String>,
    pub approved_at: DateTime<Utc>,
    pub reason: ErasureReason,
    pub ground: Option<ErasureGround>,
}

impl ApprovedErasure {
    /// The authority to record on the redacted session.
    pub fn redacted_by(&self) -> RedactedBy {
        RedactedBy::Request { requested_by: self.requested_by.clone(), approved_by: self.approved_by.clone() }
    }
}

/// Where a request stands after an admin acted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum ErasureStep {
    Approved(ApprovedErasure),
    AwaitingSecondAdmin(PendingErasure),
}

/// The first step: `admin` asks to erase the session at `at`.
pub fn request_erasure(
    context: &ErasureContext<'_>,
    request: ErasureRequest,
    admin: &str,
    at: DateTime<Utc>,
) -> Result<ErasureStep, ErasureRefused> {
    let ErasureRequest { reason, ground } = request;
    Ok(match context.assess(ground, at)? {
        Approvals::One => ErasureStep::Approved(ApprovedErasure {
            requested_by: admin.to_owned(),
            requested_at: at,
            approved_by: None,
            approved_at: at,
            reason,
            ground,
        }),
        Approvals::Two { because } => ErasureStep::AwaitingSecondAdmin(PendingErasure {
            requested_by: admin.to_owned(),
            requested_at: at,
            reason,
            ground,
            because,
        }),
    })
}

impl PendingErasure {
    /// The second step: another admin approves at `at`. The rules are checked again on that
    /// day, since a hold may have been placed or a status changed since the request.
    pub fn approve(
        self,
        context: &ErasureContext<'_>,
        admin: &str,
        at: DateTime<Utc>,
    ) -> Result<ApprovedErasure, ErasureRefused> {
        if admin == self.requested_by {
            return Err(ErasureRefused::SameAdminTwice { admin: admin.to_owned() });
        }
        context.assess(self.ground, at)?;
        Ok(ApprovedErasure {
            requested_by: self.requested_by,
            requested_at: self.requested_at,
            approved_by: Some(admin.to_owned()),
            approved_at: at,
            reason: self.reason,
            ground: self.ground,
        })
    }
}
