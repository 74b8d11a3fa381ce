//! Wire types of retention: the policy, a session's dates and reasons, legal holds, erasure
//! requests and deletion certificates.

use super::sessions::MAX_EXTERNAL_ID_CHARS;
use super::text::{Prose, Text};
use crate::cases::retention::{ErasureOutcome, SessionRetention};
use crate::db::retention::HoldRecord;
use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::retention::{
    ClassFate, DeletionAuthority, DeletionCertificate, ErasureGround, ErasureReason, PendingErasure, RetentionPeriods,
    RetentionPolicy, ScheduleState,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A company's retention periods, in days.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"verified_days": 1826, "rejected_days": 365, "not_finished_days": 30, "awaiting_action_overdue_days": 30}))]
pub struct RetentionPolicyView {
    /// Days a verified session keeps its photos and personal values after the customer
    /// relationship ended: 1826..=3653 (five to ten years; AML rules forbid less).
    #[schema(minimum = 1826, maximum = 3653)]
    pub verified_days: u32,
    /// Days a rejected session keeps them after the decision: 1..=3653.
    #[schema(minimum = 1, maximum = 3653)]
    pub rejected_days: u32,
    /// Days a session never finished keeps them after its creation: 1..=365.
    #[schema(minimum = 1, maximum = 365)]
    pub not_finished_days: u32,
    /// Days after which a session still awaiting a decision is reported overdue (it is never
    /// deleted by policy): 1..=365.
    #[schema(minimum = 1, maximum = 365)]
    pub awaiting_action_overdue_days: u32,
}

impl From<RetentionPolicy> for RetentionPolicyView {
    fn from(policy: RetentionPolicy) -> Self {
        let periods = policy.periods();
        RetentionPolicyView {
            verified_days: periods.verified_days,
            rejected_days: periods.rejected_days,
            not_finished_days: periods.not_finished_days,
            awaiting_action_overdue_days: periods.awaiting_action_overdue_days,
        }
    }
}

impl From<RetentionPolicyView> for RetentionPeriods {
    fn from(view: RetentionPolicyView) -> Self {
        RetentionPeriods {
            verified_days: view.verified_days,
            rejected_days: view.rejected_days,
            not_finished_days: view.not_finished_days,
            awaiting_action_overdue_days: view.awaiting_action_overdue_days,
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"ended_on": "2026-11-30"}))]
pub struct RelationshipEndedInput {
    /// The last day of the customer relationship (or the occasional transaction); not in the future.
    pub ended_on: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"external_id": "customer-4711", "ended_on": "2026-11-30"}))]
pub struct RelationshipEndedByExternalIdInput {
    /// The external id the client gave the customer's session, 1 to 200 characters.
    #[schema(value_type = String, min_length = 1, max_length = 200, pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub external_id: Text<MAX_EXTERNAL_ID_CHARS>,
    /// The last day of the customer relationship (or the occasional transaction); not in the future.
    pub ended_on: NaiveDate,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Requested by the financial police, case 2026/114."}))]
pub struct LegalHoldInput {
    /// Why the session is evidence: 1 to 500 characters.
    #[schema(value_type = String, min_length = 1, max_length = 500, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub reason: Prose<500>,
}

super::wire_enum!(
    /// A legal ground that lifts the AML exemption from erasure (a second admin must approve):
    /// `created_in_error` (no real customer) or `authority_order`.
    ErasureGroundView <=> ErasureGround { CreatedInError => "created_in_error", AuthorityOrder => "authority_order" }
);

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "The customer asked for erasure on 2026-11-28."}))]
pub struct ErasureInput {
    /// Why: 1 to 500 characters; it goes into the deletion certificate.
    #[schema(value_type = String, min_length = 1, max_length = 500, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub reason: Prose<500>,
    /// For a verified session inside its AML period only.
    #[serde(default)]
    pub ground: Option<ErasureGroundView>,
}

impl ErasureInput {
    pub fn reason(&self) -> Result<ErasureReason, crate::cases::Error> {
        ErasureReason::new(self.reason.as_str()).map_err(|error| crate::cases::Error::invalid("reason", error.to_string()))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LegalHoldView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    #[schema(value_type = String, format = Uuid)]
    pub session_id: String,
    pub reason: String,
    pub placed_by: StaffRef,
    pub placed_at: DateTime<Utc>,
    /// Who lifted it; null while it holds.
    pub lifted_by: Option<String>,
    pub lifted_at: Option<DateTime<Utc>>,
}

impl From<HoldRecord> for LegalHoldView {
    fn from(hold: HoldRecord) -> Self {
        LegalHoldView {
            id: hold.id,
            session_id: hold.session_id,
            reason: hold.reason,
            placed_by: StaffRef { id: hold.placed_by, name: hold.placed_by_name },
            placed_at: hold.placed_at,
            lifted_by: hold.lifted_by,
            lifted_at: hold.lifted_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LegalHoldList {
    /// Current and lifted, newest first.
    pub items: Vec<LegalHoldView>,
}

/// What happens to one class of the session's data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataClassFate {
    /// `photos`, `personal_values` or `record`.
    #[schema(pattern = "^(photos|personal_values|record)$")]
    pub class: String,
    /// `deleted`, `cleared` or `kept`.
    #[schema(pattern = "^(deleted|cleared|kept)$")]
    pub treatment: String,
    /// When it went or goes; null while undated, held, or for what is kept.
    pub on: Option<NaiveDate>,
}

impl From<ClassFate> for DataClassFate {
    fn from(fate: ClassFate) -> Self {
        DataClassFate { class: snake(&fate.class), treatment: snake(&fate.treatment), on: fate.on }
    }
}

/// A serde snake_case name of a unit variant.
fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingErasureView {
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub reason: String,
    pub ground: Option<ErasureGroundView>,
    /// `four_eyes_review` or `aml_period_override`.
    pub because: String,
}

impl From<PendingErasure> for PendingErasureView {
    fn from(pending: PendingErasure) -> Self {
        let because = match pending.because {
            kyc_domain::retention::SecondApproval::FourEyesReview => "four_eyes_review",
            kyc_domain::retention::SecondApproval::AmlPeriodOverride { .. } => "aml_period_override",
        };
        PendingErasureView {
            requested_by: pending.requested_by,
            requested_at: pending.requested_at,
            reason: pending.reason.into(),
            ground: pending.ground.map(Into::into),
            because: because.to_owned(),
        }
    }
}

/// When each class of a session's data goes, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionRetentionView {
    /// `scheduled` (goes on `goes_on`), `waiting` (for the relationship's end or a decision),
    /// `held` (legal hold) or `redacted`.
    #[schema(pattern = "^(scheduled|waiting|held|redacted)$")]
    pub state: String,
    /// The rule that applies, e.g. `rejected_after_decision`.
    pub rule: String,
    /// One sentence: what happens, the rule, and its legal bases.
    pub explanation: String,
    /// The provisions cited, e.g. `GDPR Art. 5(1)(e)`.
    pub legal_bases: Vec<String>,
    /// The day the photos and personal values go under the rule.
    pub goes_on: Option<NaiveDate>,
    /// Whether the purge job redacts the session today.
    pub due: bool,
    /// An undecided session past the policy's overdue day.
    pub review_overdue: bool,
    pub classes: Vec<DataClassFate>,
    pub relationship_ended_on: Option<NaiveDate>,
    pub legal_hold: Option<LegalHoldView>,
    pub redacted_at: Option<DateTime<Utc>>,
    #[schema(pattern = "^(policy|request)$")]
    pub redacted_by: Option<String>,
    /// An erasure waiting for a second admin.
    pub pending_erasure: Option<PendingErasureView>,
}

impl From<SessionRetention> for SessionRetentionView {
    fn from(retention: SessionRetention) -> Self {
        let schedule = retention.schedule;
        let state = match &schedule.state {
            ScheduleState::Scheduled { .. } => "scheduled",
            ScheduleState::Waiting { .. } => "waiting",
            ScheduleState::Held { .. } => "held",
            ScheduleState::Redacted { .. } => "redacted",
        };
        let rule = serde_json::to_value(&schedule.rule)
            .ok()
            .and_then(|value| value.get("rule").and_then(|rule| rule.as_str().map(str::to_owned)))
            .unwrap_or_default();
        let redaction = retention.marks.redaction;
        SessionRetentionView {
            state: state.to_owned(),
            rule,
            explanation: schedule.explanation(),
            legal_bases: schedule.legal_bases().iter().map(|basis| basis.citation().to_owned()).collect(),
            goes_on: schedule.rule.goes_on(),
            due: schedule.due,
            review_overdue: schedule.review_overdue,
            classes: schedule.classes.into_iter().map(Into::into).collect(),
            relationship_ended_on: retention.marks.relationship_ended_on,
            legal_hold: retention.hold.map(Into::into),
            redacted_at: redaction.as_ref().map(|redaction| redaction.at),
            redacted_by: redaction.as_ref().map(|redaction| super::sessions::redacted_by(&redaction.by).to_owned()),
            pending_erasure: retention.marks.pending_erasure.map(Into::into),
        }
    }
}

/// A run's or an erasure's deletion certificate, in short.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetentionRunSummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    /// `policy` (a purge run) or `request` (an erasure).
    #[schema(pattern = "^(policy|request)$")]
    pub authority: String,
    pub issued_at: DateTime<Utc>,
    pub sessions: u32,
    pub photos_deleted: u32,
    /// SHA-256 of the certificate's canonical encoding.
    pub digest: String,
}

impl From<&DeletionCertificate> for RetentionRunSummary {
    fn from(certificate: &DeletionCertificate) -> Self {
        RetentionRunSummary {
            id: certificate.id.clone(),
            authority: authority(&certificate.authority).to_owned(),
            issued_at: certificate.issued_at,
            sessions: certificate.totals.sessions,
            photos_deleted: certificate.totals.photos_deleted,
            digest: certificate.digest(),
        }
    }
}

fn authority(authority: &DeletionAuthority) -> &'static str {
    match authority {
        DeletionAuthority::Policy { .. } => "policy",
        DeletionAuthority::Request { .. } => "request",
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetentionRunList {
    /// Newest first, at most 200.
    pub items: Vec<RetentionRunSummary>,
}

/// A deletion certificate in full: which sessions, which classes of data, when, on whose
/// authority, and each record's hash before and after. No personal data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetentionRunView {
    #[serde(flatten)]
    pub summary: RetentionRunSummary,
    /// The certificate as stored (`kyc_domain::retention::DeletionCertificate`).
    #[schema(value_type = Object)]
    pub certificate: serde_json::Value,
}

impl From<DeletionCertificate> for RetentionRunView {
    fn from(certificate: DeletionCertificate) -> Self {
        RetentionRunView {
            summary: RetentionRunSummary::from(&certificate),
            certificate: serde_json::to_value(&certificate).unwrap_or_default(),
        }
    }
}

/// What an erasure request did.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErasureResult {
    /// `redacted`, or `awaiting_second_admin` (another admin must send the same request).
    #[schema(pattern = "^(redacted|awaiting_second_admin)$")]
    pub state: String,
    /// The deletion certificate, once redacted.
    pub certificate: Option<RetentionRunSummary>,
    pub pending: Option<PendingErasureView>,
}

impl From<ErasureOutcome> for ErasureResult {
    fn from(outcome: ErasureOutcome) -> Self {
        match outcome {
            ErasureOutcome::Redacted { certificate } => ErasureResult {
                state: "redacted".to_owned(),
                certificate: Some(RetentionRunSummary::from(&certificate)),
                pending: None,
            },
            ErasureOutcome::AwaitingSecondAdmin { pending } => ErasureResult {
                state: "awaiting_second_admin".to_owned(),
                certificate: None,
                pending: Some(pending.into()),
            },
        }
    }
}
