//! Wire types of the sessions API: what clients send (`*Input`) and what they read (`*View`).

use super::officer::{AssigneeView, ScreeningAlertView, StatusReasonView, reason_views};
use super::text::{Text, plain};
use super::{DeviceType, DocumentType, PepStatus, SessionStatus};
use crate::cases::FieldProblem;
use crate::cases::ingest::{ActivityReport, AttemptReport, NewSession, VerificationReport};
use crate::cases::sessions::{SessionDetails as Details, SessionPage as Page};
use crate::db::{Attempt, FrontSide, Photo, SessionSummary as SummaryRecord};
use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::ids::SessionId;
use kyc_domain::session::FaceMatchLevel;
use kyc_domain::user_agent::UserAgentSummary;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The longest `external_id`, in characters.
pub const MAX_EXTERNAL_ID_CHARS: usize = 200;
/// The longest value of a front-side field (a name, a number), in characters.
pub const MAX_TEXT_FIELD_CHARS: usize = 200;
/// The longest MRZ line accepted (the longest format has 44 characters; spaces may surround it).
pub const MAX_MRZ_LINE_CHARS: usize = 100;
/// The most MRZ lines a document has.
pub const MAX_MRZ_LINES: usize = 3;
/// The longest user agent stored (real ones are under 500 characters).
pub const MAX_USER_AGENT_CHARS: usize = 1024;
/// The longest client IP as text (an IPv6 address with a zone fits).
pub const MAX_IP_CHARS: usize = 64;
pub const MAX_EXTRA_FIELD_NAME_CHARS: usize = kyc_domain::extra_fields::MAX_NAME_LEN;
pub const MAX_EXTRA_FIELD_VALUE_CHARS: usize = kyc_domain::extra_fields::MAX_VALUE_CHARS;

// ---------- input ----------

/// One verification session's result, as the capture pipeline reports it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "external_id": "flow-7f3a91",
    "document": {"type": "passport", "mrz": [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]},
    "verification": {"liveness_passed": true, "face_match_level": 6, "document_spoof": "real", "full_document_detected": true},
    "activity": {"user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "client_ip": "203.0.113.7", "started_at": "2026-11-20T09:14:03Z", "finished_at": "2026-11-20T09:16:41Z",
        "liveness_finished": true, "document_finished": true},
    "extra_fields": {"phone": "+995 555 12 34 56"}
}))]
pub struct SessionInput {
    /// The client's own reference for this session (unique per company), 1 to 200 characters.
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200, pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    pub external_id: Option<Text<MAX_EXTERNAL_ID_CHARS>>,
    pub document: DocumentInput,
    pub verification: Option<VerificationInput>,
    pub activity: Option<ActivityInput>,
    /// Company-defined fields such as phone and email: names of at most 64 characters, values of
    /// at most 1000.
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub extra_fields: Option<BTreeMap<Text<MAX_EXTRA_FIELD_NAME_CHARS>, Text<MAX_EXTRA_FIELD_VALUE_CHARS>>>,
}

impl SessionInput {
    /// The client's reference, and the first attempt.
    fn split(self) -> (Option<Text<MAX_EXTERNAL_ID_CHARS>>, AttemptInput) {
        let attempt = AttemptInput {
            document: self.document,
            verification: self.verification,
            activity: self.activity,
            extra_fields: self.extra_fields,
        };
        (self.external_id, attempt)
    }
}

/// One attempt of a person: a session's first, or a later retry.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttemptInput {
    pub document: DocumentInput,
    pub verification: Option<VerificationInput>,
    pub activity: Option<ActivityInput>,
    /// Company-defined fields such as phone and email: names of at most 64 characters, values of
    /// at most 1000.
    #[schema(value_type = Option<BTreeMap<String, String>>)]
    pub extra_fields: Option<BTreeMap<Text<MAX_EXTRA_FIELD_NAME_CHARS>, Text<MAX_EXTRA_FIELD_VALUE_CHARS>>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    #[serde(rename = "type")]
    pub document_type: Option<DocumentType>,
    /// The machine-readable zone, one string per line (1 to 3 lines).
    #[schema(value_type = Vec<String>, min_items = 1, max_items = 3)]
    pub mrz: Vec<Text<MAX_MRZ_LINE_CHARS>>,
    /// What OCR read on the document's front side, possibly in Georgian or Cyrillic.
    pub fields: Option<DocumentFieldsInput>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentFieldsInput {
    #[schema(value_type = Option<String>, max_length = 200)]
    pub first_name: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub last_name: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub document_number: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub personal_number: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    /// `M`, `F`, `X` (or `male`, `female`).
    #[schema(value_type = Option<String>, max_length = 200)]
    pub sex: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(format = Date)]
    pub birth_date: Option<NaiveDate>,
    #[schema(format = Date)]
    pub expiration_date: Option<NaiveDate>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub nationality: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub issuing_state: Option<Text<MAX_TEXT_FIELD_CHARS>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentSpoof {
    Real,
    Spoofed,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    pub liveness_passed: Option<bool>,
    /// 1 (FAR 1/100) to 7 (FAR 1/500000), or null when no face was compared.
    #[schema(minimum = 1, maximum = 7)]
    pub face_match_level: Option<i64>,
    pub document_spoof: Option<DocumentSpoof>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    /// The browser's user agent, at most 1024 characters.
    #[schema(value_type = Option<String>, max_length = 1024)]
    pub user_agent: Option<Text<MAX_USER_AGENT_CHARS>>,
    /// IPv4 or IPv6.
    #[schema(value_type = Option<String>, max_length = 64, example = "203.0.113.7")]
    pub client_ip: Option<Text<MAX_IP_CHARS>>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: Option<bool>,
    pub document_finished: Option<bool>,
}

// ---------- parsing ----------

impl TryFrom<SessionInput> for NewSession {
    type Error = Vec<FieldProblem>;
    fn try_from(input: SessionInput) -> Result<Self, Self::Error> {
        let (external_id, attempt) = input.split();
        let external_id = match external_id.map(Text::into_inner) {
            Some(id) if id.trim().is_empty() => {
                return Err(vec![problem("external_id", format!("must be 1 to {MAX_EXTERNAL_ID_CHARS} characters"))]);
            }
            other => other,
        };
        Ok(NewSession { external_id, attempt: AttemptReport::try_from(attempt)? })
    }
}

impl TryFrom<AttemptInput> for AttemptReport {
    type Error = Vec<FieldProblem>;
    fn try_from(input: AttemptInput) -> Result<Self, Self::Error> {
        let front = input.document.fields.unwrap_or_default();
        let mut problems = Vec::new();
        if input.document.mrz.len() > MAX_MRZ_LINES {
            problems.push(problem("document.mrz", format!("has more than {MAX_MRZ_LINES} lines")));
        }
        let verification = input.verification.unwrap_or_default();
        let face_match_level =
            verification.face_match_level.map(FaceMatchLevel::new).transpose().unwrap_or_else(|error| {
                problems.push(problem("verification.face_match_level", error.to_string()));
                None
            });
        let activity = input.activity.unwrap_or_default();
        let client_ip = activity.client_ip.as_deref().map(|ip| ip.trim().parse()).transpose().unwrap_or_else(|_| {
            problems.push(problem("activity.client_ip", "is not an IPv4 or IPv6 address"));
            None
        });
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(AttemptReport {
            document_type: input.document.document_type.map(Into::into),
            mrz: input.document.mrz.into_iter().map(Text::into_inner).collect(),
            front: FrontSide {
                first_name: plain(front.first_name),
                last_name: plain(front.last_name),
                document_number: plain(front.document_number),
                personal_number: plain(front.personal_number),
                sex: plain(front.sex),
                birth_date: front.birth_date,
                expiration_date: front.expiration_date,
                nationality: plain(front.nationality),
                issuing_state: plain(front.issuing_state),
            },
            verification: VerificationReport {
                liveness_passed: verification.liveness_passed,
                face_match_level,
                document_real: verification.document_spoof.map(|spoof| spoof == DocumentSpoof::Real),
                full_document_detected: verification.full_document_detected,
            },
            activity: ActivityReport {
                user_agent: plain(activity.user_agent),
                client_ip,
                started_at: activity.started_at,
                finished_at: activity.finished_at,
                liveness_finished: activity.liveness_finished.unwrap_or(false),
                document_finished: activity.document_finished.unwrap_or(false),
            },
            extra_fields: input
                .extra_fields
                .unwrap_or_default()
                .into_iter()
                .map(|(name, value)| (name.into_inner(), value.into_inner()))
                .collect(),
        })
    }
}

fn problem(field: &str, message: impl Into<String>) -> FieldProblem {
    FieldProblem { field: field.to_owned(), message: message.into(), line: None, position: None }
}

// ---------- output ----------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompanyRef {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SummaryView {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub birth_date: Option<String>,
    #[schema(format = Date)]
    pub expiration_date: Option<String>,
    /// ICAO 3-letter code, e.g. `GEO`.
    pub nationality: Option<String>,
    pub document_type: Option<DocumentType>,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FaceMatchView {
    /// 1..7, or null when no face was compared.
    #[schema(minimum = 1, maximum = 7)]
    pub level: Option<u8>,
    /// The false-acceptance rate of the level, "1/100" .. "1/500000".
    pub far: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IdSpoofView {
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VerificationView {
    pub verified: bool,
    pub liveness_passed: Option<bool>,
    /// The MRZ passed its checks and the document has not expired.
    pub document_valid: Option<bool>,
    pub face_match: FaceMatchView,
    pub id_spoof: IdSpoofView,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserAgentView {
    pub raw: Option<String>,
    /// Brand and model, e.g. "Apple iPhone", or "PC".
    pub device_name: Option<String>,
    pub device_type: Option<DeviceType>,
    pub browser: Option<String>,
    pub os: Option<String>,
    /// The app whose built-in browser was used (Instagram, Facebook, …), if any.
    pub in_app_browser: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerActivityView {
    pub user_agent: UserAgentView,
    /// The verification session's id.
    #[schema(value_type = String, format = Uuid)]
    pub session_id: String,
    pub client_ip: Option<String>,
    /// The client IP's country, ISO 3166-1 alpha-2 (e.g. `GE`), from the IP-to-country database
    /// at ingest; null for private and unknown addresses.
    #[schema(example = "GE", min_length = 2, max_length = 2)]
    pub ip_country: Option<String>,
    /// When the customer signed in and started.
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub attempts: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PepSummaryView {
    pub status: PepStatus,
    pub matches_count: i32,
    /// The matches that are open or confirmed (a false positive is left out): what the page's
    /// red banner names.
    pub alerts: Vec<ScreeningAlertView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExtraFieldView {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhotoView {
    /// `document_front`, `document_back`, `selfie` or `liveness_<frame>`.
    #[schema(pattern = "^(document_front|document_back|selfie|liveness_[a-z0-9_]{1,20})$")]
    pub kind: String,
    /// Where to GET the image (with the bearer token).
    pub url: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// The Current Session tab: everything the details page shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionDetails {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub external_id: Option<String>,
    pub status: SessionStatus,
    pub company: CompanyRef,
    pub created_at: DateTime<Utc>,
    /// When anything about the session last changed (an attempt, a review, a decision, a
    /// re-screening).
    pub updated_at: DateTime<Utc>,
    /// Why the session has its status: the failed checks of its automatic decision, one reason
    /// per invalid MRZ field and per open or confirmed screening match. Empty when every check
    /// passed.
    pub status_reasons: Vec<StatusReasonView>,
    pub summary: SummaryView,
    pub verification: VerificationView,
    pub customer_activity: CustomerActivityView,
    pub pep: PepSummaryView,
    pub extra_fields: Vec<ExtraFieldView>,
    pub notes_count: i64,
    /// Who is working on the session now (`POST /sessions/{id}/assignment`); null when nobody.
    pub assignee: Option<AssigneeView>,
    pub photos: Vec<PhotoView>,
    /// The MRZ lines as captured.
    pub mrz: Vec<String>,
    /// Whether every MRZ check passed.
    pub mrz_valid: Option<bool>,
}

/// One row of the sessions list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionSummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub external_id: Option<String>,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    /// When anything about the session last changed; see `updated_since` on the list.
    pub updated_at: DateTime<Utc>,
    /// The reason of the status, for a short tag (the full list is on the session's details).
    pub status_reason: Option<StatusReasonView>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_type: Option<DocumentType>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub nationality: Option<String>,
    pub verified: bool,
    pub document_valid: Option<bool>,
    pub liveness_passed: Option<bool>,
    #[schema(minimum = 1, maximum = 7)]
    pub face_match_level: Option<u8>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub pep_status: PepStatus,
    /// Whether the customer finished the liveness step; an unfinished step has no result yet.
    pub liveness_finished: bool,
    /// Whether the customer finished the document step.
    pub document_finished: bool,
    /// Who is working on the session now; null when nobody.
    pub assignee: Option<AssigneeView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionPage {
    pub items: Vec<SessionSummary>,
    /// How many sessions the filter finds in all (every page), exactly.
    pub total: i64,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    pub number: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    #[schema(minimum = 1, maximum = 7)]
    pub face_match_level: Option<u8>,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub user_agent: UserAgentView,
    pub client_ip: Option<String>,
    /// The client IP's country, ISO 3166-1 alpha-2.
    pub ip_country: Option<String>,
    pub mrz_valid: Option<bool>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptList {
    pub items: Vec<AttemptView>,
}

// ---------- views ----------

/// Where a session's photo is read.
pub fn photo_view(session_id: SessionId, photo: &Photo) -> PhotoView {
    PhotoView {
        url: format!("/api/v1/sessions/{session_id}/photos/{}", photo.kind),
        kind: photo.kind.to_string(),
        content_type: photo.content_type.clone(),
        size_bytes: photo.size_bytes,
    }
}

fn face_match_view(level: Option<FaceMatchLevel>) -> FaceMatchView {
    FaceMatchView { level: level.map(FaceMatchLevel::value), far: level.map(|l| l.false_acceptance_rate().to_owned()) }
}

fn user_agent_view(ua: Option<&UserAgentSummary>) -> UserAgentView {
    UserAgentView {
        raw: ua.map(|u| u.raw.clone()),
        device_name: ua.map(|u| u.device_name.clone()),
        device_type: ua.map(|u| u.device_type.into()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        in_app_browser: ua.and_then(|u| u.in_app_browser.clone()),
    }
}

impl From<Details> for SessionDetails {
    fn from(details: Details) -> Self {
        let session = details.session;
        let id = session.key.id();
        let data = session.data;
        let (status, matches_count) = (data.pep_status(), data.pep_matches_count());
        let person = data.person;
        SessionDetails {
            id: id.to_string(),
            external_id: session.external_id,
            status: data.status.into(),
            company: CompanyRef { id: session.key.company_id().to_string(), name: details.company_name },
            created_at: session.created_at,
            updated_at: data.updated_at,
            status_reasons: reason_views(&details.status_reasons),
            summary: SummaryView {
                first_name: person.first_name,
                last_name: person.last_name,
                document_number: person.document_number,
                personal_number: person.personal_number,
                sex: person.sex,
                birth_date: person.birth_date,
                expiration_date: person.expiration_date,
                nationality: person.nationality,
                document_type: person.document_type.map(Into::into),
                issuing_state: person.issuing_state,
            },
            verification: VerificationView {
                verified: data.verified,
                liveness_passed: data.checks.liveness_passed,
                document_valid: data.checks.document_valid,
                face_match: face_match_view(data.checks.face_match_level),
                id_spoof: IdSpoofView {
                    document_real: data.checks.document_real,
                    full_document_detected: data.checks.full_document_detected,
                },
            },
            customer_activity: CustomerActivityView {
                user_agent: user_agent_view(data.activity.user_agent.as_ref()),
                session_id: id.to_string(),
                client_ip: data.activity.client_ip.map(|ip| ip.to_string()),
                ip_country: data.activity.ip_country,
                started_at: data.activity.started_at,
                finished_at: data.activity.finished_at,
                liveness_finished: data.activity.liveness_finished,
                document_finished: data.activity.document_finished,
                attempts: data.attempts_count,
            },
            pep: PepSummaryView {
                status: status.into(),
                matches_count: i32::try_from(matches_count).unwrap_or(i32::MAX),
                alerts: details.matches.iter().filter(|found| found.needs_attention()).map(ScreeningAlertView::from).collect(),
            },
            extra_fields: details
                .extra_fields
                .into_iter()
                .map(|field| ExtraFieldView { name: field.name, value: field.value })
                .collect(),
            notes_count: details.notes_count,
            assignee: details.assignee.as_ref().map(AssigneeView::from),
            photos: details.photos.iter().map(|photo| photo_view(id, photo)).collect(),
            mrz: data.mrz_lines,
            mrz_valid: data.checks.mrz_valid,
        }
    }
}

impl From<&SummaryRecord> for SessionSummary {
    fn from(s: &SummaryRecord) -> Self {
        SessionSummary {
            id: s.id.to_string(),
            external_id: s.external_id.clone(),
            status: s.status.into(),
            created_at: s.created_at,
            updated_at: s.updated_at,
            status_reason: s.main_reason.as_ref().map(StatusReasonView::from),
            first_name: s.first_name.clone(),
            last_name: s.last_name.clone(),
            document_type: s.document_type.map(Into::into),
            document_number: s.document_number.clone(),
            personal_number: s.personal_number.clone(),
            nationality: s.nationality.clone(),
            verified: s.verified,
            document_valid: s.document_valid,
            liveness_passed: s.liveness_passed,
            face_match_level: s.face_match_level.map(FaceMatchLevel::value),
            document_real: s.document_real,
            full_document_detected: s.full_document_detected,
            pep_status: s.pep_status.into(),
            liveness_finished: s.liveness_finished,
            document_finished: s.document_finished,
            assignee: None,
        }
    }
}

impl From<Page> for SessionPage {
    fn from(page: Page) -> Self {
        let with_assignee = |item: &SummaryRecord| SessionSummary {
            assignee: page.assignees.get(&item.id).map(AssigneeView::from),
            ..SessionSummary::from(item)
        };
        SessionPage {
            items: page.items.iter().map(with_assignee).collect(),
            total: page.total,
            next_cursor: page.next.map(|next| crate::api::cursor::encode_page(&next)),
        }
    }
}

impl From<Attempt> for AttemptView {
    fn from(a: Attempt) -> Self {
        AttemptView {
            number: a.number,
            started_at: a.started_at,
            finished_at: a.finished_at,
            liveness_finished: a.liveness_finished,
            document_finished: a.document_finished,
            face_match_level: a.face_match_level.map(FaceMatchLevel::value),
            liveness_passed: a.liveness_passed,
            document_valid: a.document_valid,
            user_agent: user_agent_view(a.user_agent.as_ref()),
            client_ip: a.client_ip.map(|ip| ip.to_string()),
            ip_country: a.ip_country,
            mrz_valid: a.mrz_valid,
            created_at: a.created_at,
        }
    }
}

impl From<Vec<Attempt>> for AttemptList {
    fn from(attempts: Vec<Attempt>) -> Self {
        AttemptList { items: attempts.into_iter().map(AttemptView::from).collect() }
    }
}
