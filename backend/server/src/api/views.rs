//! Wire types of the sessions API: what clients send (`*Input`) and what they read (`*View`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

// ---------- input ----------

/// One verification session's result, as the capture pipeline reports it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
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
    /// The client's own reference for this session (unique per company).
    pub external_id: Option<String>,
    #[serde(flatten)]
    pub attempt: AttemptInput,
}

/// One attempt of a person: a session's first, or a later retry.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AttemptInput {
    pub document: DocumentInput,
    pub verification: Option<VerificationInput>,
    pub activity: Option<ActivityInput>,
    /// Company-defined fields such as phone and email.
    pub extra_fields: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentTypeWire {
    Passport,
    IdCard,
    ResidencePermit,
    DrivingLicence,
}

impl From<DocumentTypeWire> for kyc_domain::session::DocumentType {
    fn from(wire: DocumentTypeWire) -> Self {
        use kyc_domain::session::DocumentType as D;
        match wire {
            DocumentTypeWire::Passport => D::Passport,
            DocumentTypeWire::IdCard => D::IdCard,
            DocumentTypeWire::ResidencePermit => D::ResidencePermit,
            DocumentTypeWire::DrivingLicence => D::DrivingLicence,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInput {
    #[serde(rename = "type")]
    pub document_type: Option<DocumentTypeWire>,
    /// The machine-readable zone, one string per line.
    pub mrz: Vec<String>,
    /// What OCR read on the document's front side, possibly in Georgian or Cyrillic.
    pub fields: Option<DocumentFieldsInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentFieldsInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<NaiveDate>,
    pub expiration_date: Option<NaiveDate>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentSpoof {
    Real,
    Spoofed,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationInput {
    pub liveness_passed: Option<bool>,
    /// 1 (FAR 1/100) to 7 (FAR 1/500000), or null when no face was compared.
    pub face_match_level: Option<i64>,
    pub document_spoof: Option<DocumentSpoof>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    pub user_agent: Option<String>,
    pub client_ip: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: Option<bool>,
    pub document_finished: Option<bool>,
}

// ---------- output ----------

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompanyRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SummaryView {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub expiration_date: Option<String>,
    /// ICAO 3-letter code, e.g. `GEO`.
    pub nationality: Option<String>,
    pub document_type: Option<String>,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FaceMatchView {
    /// 1..7, or null when no face was compared.
    pub level: Option<u8>,
    /// The false-acceptance rate of the level, "1/100" .. "1/500000".
    pub far: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IdSpoofView {
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VerificationView {
    pub verified: bool,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub face_match: FaceMatchView,
    pub id_spoof: IdSpoofView,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UserAgentView {
    pub raw: Option<String>,
    /// Brand and model, e.g. "Apple iPhone", or "PC".
    pub device_name: Option<String>,
    /// `pc`, `mobile`, `tablet`, `bot` or `other`.
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    /// The app whose built-in browser was used (Instagram, Facebook, …), if any.
    pub in_app_browser: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CustomerActivityView {
    pub user_agent: UserAgentView,
    /// The verification session's id.
    pub session_id: String,
    pub client_ip: Option<String>,
    /// When the customer signed in and started.
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub attempts: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PepSummaryView {
    /// `clear`, `potential_match`, `confirmed_match` or `not_screened`.
    pub status: String,
    pub matches_count: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExtraFieldView {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PhotoView {
    /// `document_front`, `document_back`, `selfie` or `liveness_*`.
    pub kind: String,
    /// Where to GET the image (with the bearer token).
    pub url: String,
    pub content_type: String,
    pub size_bytes: i64,
}

/// The Current Session tab: everything the details page shows.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionDetails {
    pub id: String,
    pub external_id: Option<String>,
    /// `verified`, `awaiting_action`, `rejected` or `not_finished`.
    pub status: String,
    pub company: CompanyRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub summary: SummaryView,
    pub verification: VerificationView,
    pub customer_activity: CustomerActivityView,
    pub pep: PepSummaryView,
    pub extra_fields: Vec<ExtraFieldView>,
    pub notes_count: i64,
    pub photos: Vec<PhotoView>,
    /// The MRZ lines as captured.
    pub mrz: Vec<String>,
    /// Whether every MRZ check passed.
    pub mrz_valid: Option<bool>,
}

/// One row of the sessions list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionSummary {
    pub id: String,
    pub external_id: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_type: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub nationality: Option<String>,
    pub verified: bool,
    pub document_valid: Option<bool>,
    pub liveness_passed: Option<bool>,
    pub face_match_level: Option<u8>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub pep_status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SessionPage {
    pub items: Vec<SessionSummary>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttemptView {
    pub number: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub face_match_level: Option<i32>,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub user_agent: UserAgentView,
    pub client_ip: Option<String>,
    pub mrz_valid: Option<bool>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AttemptList {
    pub items: Vec<AttemptView>,
}

/// Where a timestamp column becomes an RFC 3339 UTC time on the wire.
pub fn utc(at: chrono::NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}
