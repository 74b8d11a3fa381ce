//! Wire types of notes, decisions, company settings and the activity log.

use chrono::{DateTime, Utc};
use kyc_domain::extra_fields::{ExtraFieldDefinition, ExtraFieldType};
use kyc_domain::session::rules::CompanySettings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"body": "Called the customer; the selfie was taken in poor light."}))]
pub struct NoteInput {
    /// 1 to 4000 characters.
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AuthorView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NoteView {
    pub id: String,
    pub author: AuthorView,
    pub body: String,
    /// `note`, `approval` or `rejection`.
    pub kind: String,
    /// Rejection reasons, for a rejection.
    pub reasons: Vec<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NoteList {
    /// Oldest first.
    pub items: Vec<NoteView>,
}

/// An operator's decision on a session awaiting action.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "reject", "note": "The selfie does not match the document.", "reasons": ["selfie_mismatch"]}))]
pub struct DecisionInput {
    /// `approve` or `reject`.
    pub decision: String,
    /// Why; kept as a note of the decision's kind.
    #[serde(default)]
    pub note: String,
    /// For a rejection, at least one reason from `GET /rejection-reasons`.
    #[serde(default)]
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DecisionResult {
    /// The session's status after the decision.
    pub status: String,
    /// `status_changed`, or `awaiting_second_approval` under four-eyes review.
    pub outcome: String,
    pub note: NoteView,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RejectionReasonView {
    /// e.g. `selfie_mismatch`.
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RejectionGroupView {
    /// e.g. `suspected_fraud`.
    pub id: String,
    pub label: String,
    pub reasons: Vec<RejectionReasonView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RejectionTaxonomy {
    pub groups: Vec<RejectionGroupView>,
}

/// A company's verification settings.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsView {
    /// Lowest accepted face-match level, 1..=7 (4 is a false-acceptance rate of 1/1000).
    pub min_face_match_level: u8,
    /// Whether a spoofed, cropped or expired document holds the session back.
    pub require_valid_document: bool,
    /// Every MRZ field must be valid (true), or only the check digits (false).
    pub full_mrz_validation: bool,
    /// ICAO alpha-3 codes, e.g. `IRN`.
    pub high_risk_nationalities: Vec<String>,
    /// ISO alpha-2 codes of the client IP's country, e.g. `IR`.
    pub high_risk_ip_countries: Vec<String>,
    /// Failed checks wait for a person's decision (true) or reject at once (false).
    pub awaiting_action_queue: bool,
    /// Approving a session that failed an automatic check needs a second operator.
    pub four_eyes_review: bool,
    pub extra_fields: Vec<ExtraFieldDefinitionView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraFieldDefinitionView {
    /// The key integrations send: `[a-z][a-z0-9_]*`, at most 64 characters.
    pub name: String,
    /// What operators read on the session page.
    pub label: String,
    /// `text`, `email`, `phone`, `date` or `number`.
    pub field_type: String,
    pub required: bool,
}

impl From<&CompanySettings> for SettingsView {
    fn from(settings: &CompanySettings) -> Self {
        SettingsView {
            min_face_match_level: settings.min_face_match_level,
            require_valid_document: settings.require_valid_document,
            full_mrz_validation: settings.full_mrz_validation,
            high_risk_nationalities: settings.high_risk_nationalities.clone(),
            high_risk_ip_countries: settings.high_risk_ip_countries.clone(),
            awaiting_action_queue: settings.awaiting_action_queue,
            four_eyes_review: settings.four_eyes_review,
            extra_fields: settings
                .extra_fields
                .iter()
                .map(|field| ExtraFieldDefinitionView {
                    name: field.name.clone(),
                    label: field.label.clone(),
                    field_type: field.field_type.as_str().to_owned(),
                    required: field.required,
                })
                .collect(),
        }
    }
}

impl SettingsView {
    /// The domain settings, or which extra field has an unknown type.
    pub fn into_settings(self) -> Result<CompanySettings, String> {
        let extra_fields = self
            .extra_fields
            .into_iter()
            .map(|field| {
                let field_type: ExtraFieldType = serde_json::from_value(serde_json::Value::String(field.field_type.clone()))
                    .map_err(|_| format!("extra field {} has unknown type {:?}", field.name, field.field_type))?;
                Ok(ExtraFieldDefinition { name: field.name, label: field.label, field_type, required: field.required })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(CompanySettings {
            min_face_match_level: self.min_face_match_level,
            require_valid_document: self.require_valid_document,
            full_mrz_validation: self.full_mrz_validation,
            high_risk_nationalities: self.high_risk_nationalities,
            high_risk_ip_countries: self.high_risk_ip_countries,
            awaiting_action_queue: self.awaiting_action_queue,
            four_eyes_review: self.four_eyes_review,
            extra_fields,
        })
    }
}

/// One audit event: who did what, when, from where. Never personal data.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityEvent {
    pub id: String,
    /// Position in the hash chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// e.g. `session.view`, `session.photo.view`, `session.note`, `session.reject`, `session.export`.
    pub action: String,
    pub actor: AuthorView,
    /// `user` or `api_client`.
    pub actor_kind: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// `ok` or `failed`.
    pub outcome: String,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityPage {
    /// Newest first.
    pub items: Vec<ActivityEvent>,
    /// Pass as `cursor` for older events; null on the last page.
    pub next_cursor: Option<String>,
}
