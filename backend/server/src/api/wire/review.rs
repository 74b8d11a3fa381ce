//! Wire types of notes, decisions, company settings and the activity log.

use super::text::{Prose, Text};
use super::{Decision, ExtraFieldType, NoteKind, RejectionGroup, RejectionReason, SessionStatus};
use crate::cases::review::MAX_NOTE_CHARS;
use crate::cases::review::{ActivityPage as Page, DecisionResult as Decided};
use crate::db::Note;
use chrono::{DateTime, Utc};
use kyc_domain::extra_fields::ExtraFieldDefinition;
use kyc_domain::session::decision::DecisionOutcome;
use kyc_domain::accounts::ip_allowlist::StaffIpAllowlist;
use kyc_domain::session::rules::CompanySettings;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"body": "Called the customer; the selfie was taken in poor light."}))]
pub struct NoteInput {
    /// 1 to 4000 characters; line breaks are kept.
    #[schema(value_type = String, min_length = 1, max_length = 4000, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub body: Prose<MAX_NOTE_CHARS>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub author: AuthorView,
    pub body: String,
    pub kind: NoteKind,
    /// Rejection reasons, for a rejection.
    pub reasons: Vec<RejectionReason>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoteList {
    /// Oldest first.
    pub items: Vec<NoteView>,
}

/// An operator's decision on a session awaiting action.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "reject", "note": "The selfie does not match the document.", "reasons": ["selfie_mismatch"]}))]
pub struct DecisionInput {
    pub decision: Decision,
    /// Why; kept as a note of the decision's kind (at most 4000 characters).
    #[serde(default)]
    #[schema(value_type = String, max_length = 4000, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub note: Prose<MAX_NOTE_CHARS>,
    /// For a rejection, at least one reason from `GET /rejection-reasons`.
    #[serde(default)]
    #[schema(max_items = 12)]
    pub reasons: Vec<RejectionReason>,
}

/// What an accepted decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionOutcomeView {
    /// The session moved to the status given beside.
    StatusChanged,
    /// The first of two approvals is recorded (four-eyes review, or a confirmed PEP match, whose
    /// second approval must come from an admin); another person must approve.
    AwaitingSecondApproval,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionResult {
    /// The session's status after the decision.
    pub status: SessionStatus,
    pub outcome: DecisionOutcomeView,
    pub note: NoteView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectionReasonView {
    pub id: RejectionReason,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RejectionGroupView {
    pub id: RejectionGroup,
    pub label: String,
    pub reasons: Vec<RejectionReasonView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
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
    /// Webhook events carry the person's first and last names (default off: ids, status and
    /// checks only).
    #[serde(default)]
    pub webhook_include_personal_data: bool,
    /// Every member must sign in with a second factor (default off). A member without one is
    /// asked to enrol at their next login (`mfa_enrolment_required`).
    #[serde(default)]
    pub require_mfa: bool,
    /// Where members may sign in, finish a login and refresh from: IPv4/IPv6 addresses and CIDR
    /// networks, at most 256 (default empty: anywhere). API clients are not restricted. A list
    /// that leaves out the address of the admin saving it is refused (422), so nobody locks
    /// themselves out by accident. Stored normalised (merged, sorted, IPv4 first).
    #[serde(default)]
    #[schema(value_type = Vec<String>, max_items = 256, example = json!(["203.0.113.0/24", "2001:db8::/32"]))]
    pub staff_ip_allowlist: Vec<Text<64>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraFieldDefinitionView {
    /// The key integrations send: `[a-z][a-z0-9_]*`, at most 64 characters.
    pub name: String,
    /// What operators read on the session page.
    pub label: String,
    pub field_type: ExtraFieldType,
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
            webhook_include_personal_data: settings.webhook_include_personal_data,
            require_mfa: settings.require_mfa,
            staff_ip_allowlist: settings.staff_ip_allowlist.entries().into_iter().filter_map(|entry| Text::new(entry).ok()).collect(),
            extra_fields: settings
                .extra_fields
                .iter()
                .map(|field| ExtraFieldDefinitionView {
                    name: field.name.clone(),
                    label: field.label.clone(),
                    field_type: field.field_type.into(),
                    required: field.required,
                })
                .collect(),
        }
    }
}

/// An allow-list entry that does not parse is refused, naming the entry.
impl TryFrom<SettingsView> for CompanySettings {
    type Error = crate::cases::Error;
    fn try_from(mut view: SettingsView) -> Result<Self, Self::Error> {
        let entries: Vec<String> = std::mem::take(&mut view.staff_ip_allowlist).into_iter().map(Text::into_inner).collect();
        let staff_ip_allowlist = StaffIpAllowlist::parse(&entries)
            .map_err(|error| crate::cases::Error::invalid("staff_ip_allowlist", error.to_string()))?;
        let extra_fields = std::mem::take(&mut view.extra_fields)
            .into_iter()
            .map(|field| ExtraFieldDefinition {
                name: field.name,
                label: field.label,
                field_type: field.field_type.into(),
                required: field.required,
            })
            .collect();
        let s = view;
        Ok(CompanySettings {
            min_face_match_level: s.min_face_match_level,
            require_valid_document: s.require_valid_document,
            full_mrz_validation: s.full_mrz_validation,
            high_risk_nationalities: s.high_risk_nationalities,
            high_risk_ip_countries: s.high_risk_ip_countries,
            awaiting_action_queue: s.awaiting_action_queue,
            four_eyes_review: s.four_eyes_review,
            extra_fields,
            webhook_include_personal_data: s.webhook_include_personal_data,
            require_mfa: s.require_mfa,
            staff_ip_allowlist,
        })
    }
}

/// One audit event: who did what, when, from where. Never personal data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityEvent {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    /// The hash chain the event is on: `company:<id>`, `platform`, or `v1` for events written
    /// before each company had its own chain.
    pub chain: String,
    /// Position in its chain.
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// e.g. `session.view`, `session.photo.view`, `session.note`, `session.reject`, `session.export`.
    pub action: String,
    pub actor: AuthorView,
    /// `user`, `api_client`, or `system` (a list import re-screening stored sessions).
    pub actor_kind: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// The customer's name when the target is a session of the caller's company (read now; the
    /// log itself stores no personal data).
    pub target_name: Option<String>,
    /// `ok` or `failed`.
    pub outcome: String,
    pub ip: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityPage {
    /// Newest first.
    pub items: Vec<ActivityEvent>,
    /// Pass as `cursor` for older events; null on the last page.
    pub next_cursor: Option<String>,
}

impl From<Note> for NoteView {
    fn from(note: Note) -> Self {
        NoteView {
            id: note.id.to_string(),
            author: AuthorView { id: note.author_id.to_string(), name: note.author_name },
            body: note.body,
            kind: note.kind.into(),
            reasons: note.reasons.into_iter().map(Into::into).collect(),
            created_at: note.created_at,
        }
    }
}

impl From<Vec<Note>> for NoteList {
    fn from(notes: Vec<Note>) -> Self {
        NoteList { items: notes.into_iter().map(NoteView::from).collect() }
    }
}

impl From<Decided> for DecisionResult {
    fn from(decided: Decided) -> Self {
        DecisionResult {
            status: decided.status.into(),
            outcome: match decided.outcome {
                DecisionOutcome::StatusChanged(_) => DecisionOutcomeView::StatusChanged,
                DecisionOutcome::AwaitingSecondApproval => DecisionOutcomeView::AwaitingSecondApproval,
            },
            note: decided.note.into(),
        }
    }
}

impl RejectionTaxonomy {
    /// The domain's rejection reasons, grouped as the reject dialog shows them.
    pub fn of_domain() -> RejectionTaxonomy {
        use kyc_domain::session::decision::RejectionGroup as Group;
        RejectionTaxonomy {
            groups: Group::ALL
                .iter()
                .map(|&group| RejectionGroupView {
                    id: group.into(),
                    label: group.label().to_owned(),
                    reasons: group
                        .reasons()
                        .map(|reason| RejectionReasonView { id: reason.into(), label: reason.label().to_owned() })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl From<Page> for ActivityPage {
    fn from(page: Page) -> Self {
        let name_of = |id: &str| page.actor_names.get(id).cloned().unwrap_or_else(|| id.to_owned());
        ActivityPage {
            items: page
                .events
                .iter()
                .map(|event| ActivityEvent {
                    actor: AuthorView { name: name_of(&event.actor_id), id: event.actor_id.clone() },
                    id: event.id.to_string(),
                    chain: event.chain.as_ref().map_or_else(|| crate::db::audit::LEGACY_CHAIN.to_owned(), ToString::to_string),
                    seq: event.seq,
                    at: event.at,
                    action: event.action.clone(),
                    actor_kind: event.actor_kind.clone(),
                    target_type: event.target_type.clone(),
                    target_id: event.target_id.clone(),
                    target_name: event.target_id.as_ref().and_then(|id| page.target_names.get(id).cloned()),
                    outcome: event.outcome.clone(),
                    ip: event.ip.clone(),
                })
                .collect(),
            next_cursor: page.next_before_id.map(|id| id.to_string()),
        }
    }
}
