//! Wire types of the officer's view of a session: why it has its status, and the screening
//! matches its page warns about.

use super::{MatchReview, wire_enum};
use chrono::{DateTime, Utc};
use kyc_domain::screening::MatchStanding;
use kyc_domain::session::assignment::Assignment;
use kyc_domain::session::reasons::StatusReason;
use serde::Serialize;
use utoipa::ToSchema;

wire_enum!(
    /// A stable code of a status reason (see `status_reasons` on a session).
    StatusReasonCode <=> kyc_domain::session::reasons::StatusReasonCode {
        HighRiskNationality => "high_risk_nationality", HighRiskIpCountry => "high_risk_ip_country",
        SessionNotFinished => "session_not_finished", LivenessFailed => "liveness_failed",
        FaceMatchBelowThreshold => "face_match_below_threshold", DocumentSpoofed => "document_spoofed",
        DocumentNotFull => "document_not_full", DocumentExpired => "document_expired", MrzInvalid => "mrz_invalid",
        ScreeningMatch => "screening_match", NewScreeningMatch => "new_screening_match",
    }
);

wire_enum!(
    /// What a screening match's listing is: `sanction` (once confirmed, only a rejection is
    /// possible) or `pep` (verifying needs a note and an admin's second approval).
    MatchKind <=> kyc_domain::screening::MatchKind { Sanction => "sanction", Pep => "pep" }
);

/// One reason of a session's status.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"code": "face_match_below_threshold", "message": "face match level 3 is below the required 4", "field": "verification.face_match.level"}))]
pub struct StatusReasonView {
    pub code: StatusReasonCode,
    /// In words (English).
    pub message: String,
    /// The field of the session details it is about, e.g. `mrz.composite_check_digit`.
    pub field: Option<String>,
}

impl From<&StatusReason> for StatusReasonView {
    fn from(reason: &StatusReason) -> Self {
        StatusReasonView { code: reason.code.into(), message: reason.message.clone(), field: reason.field.clone() }
    }
}

/// A screening match of a session, as the page's banner shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningAlertView {
    pub entity_id: String,
    pub list: String,
    /// The listing's primary name.
    pub name: String,
    pub kind: MatchKind,
    pub review: MatchReview,
}

impl From<&MatchStanding> for ScreeningAlertView {
    fn from(found: &MatchStanding) -> Self {
        ScreeningAlertView {
            entity_id: found.entity_id.clone(),
            list: found.list.clone(),
            name: found.name.clone(),
            kind: found.kind.into(),
            review: found.review.into(),
        }
    }
}

/// Who is working on a session: others see "being reviewed by …".
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssigneeView {
    /// The officer's user id.
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub name: String,
    pub taken_at: DateTime<Utc>,
    /// When the hold lapses unless its holder works on the session (30 minutes idle).
    pub lapses_at: DateTime<Utc>,
}

impl From<&Assignment> for AssigneeView {
    fn from(held: &Assignment) -> Self {
        AssigneeView { id: held.user_id.clone(), name: held.user_name.clone(), taken_at: held.taken_at, lapses_at: held.lapses_at() }
    }
}

/// The reasons as views.
pub fn reason_views(reasons: &[StatusReason]) -> Vec<StatusReasonView> {
    reasons.iter().map(StatusReasonView::from).collect()
}
