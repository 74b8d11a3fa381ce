//! Typed records: what the rest of the server reads and writes. Ids are newtypes, closed sets
//! are enums, JSON columns are their decoded values and times are UTC. Each record is converted
//! from its row (`rows.rs`) once, in this module; a value the types cannot hold (an unknown
//! status, a malformed id, unreadable JSON) is reported as corrupt data, never passed on.

use super::DbError;
use super::rows::*;
use chrono::{DateTime, NaiveDateTime, Utc};
use kyc_domain::access::Role;
use kyc_domain::ids::{ApiClientId, AuditEventId, CompanyId, ExportId, ListId, NoteId, SessionId, UserId};
use kyc_domain::mrz::MrzRecord;
use kyc_domain::report::Language;
use kyc_domain::screening::{PepStatus, ScreeningOutcome};
use kyc_domain::session::decision::{NoteKind, RejectionReason};
use kyc_domain::session::reasons::{ReasonSources, StatusReason, main_reason};
use kyc_domain::session::rules::{CompanySettings, StatusDecision};
use kyc_domain::session::{DocumentType, FaceMatchLevel, PhotoKind, SessionStatus};
use kyc_domain::user_agent::{DeviceType, UserAgentSummary};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::net::IpAddr;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    pub id: CompanyId,
    pub name: String,
    pub settings: CompanySettings,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    /// `None` only for the platform's superadmin.
    pub company_id: Option<CompanyId>,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiClient {
    pub id: ApiClientId,
    pub company_id: CompanyId,
    pub name: String,
    pub secret_hash: String,
    /// False once revoked (or its company offboarded): it gets no token, and the tokens it has
    /// stop working.
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Who made it: a principal's id, or `command-line` (`None` for clients from before).
    pub created_by: Option<String>,
    /// When it last got a token, to the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The secret the last rotation replaced, accepted beside the current one until it expires.
    pub previous_secret: Option<PreviousSecret>,
}

/// A replaced client secret's hash and the end of its grace period.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviousSecret {
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

impl ApiClient {
    /// A new active client with its secret's hash.
    pub fn new(id: ApiClientId, company_id: CompanyId, name: String, secret_hash: String, created_by: &str) -> ApiClient {
        ApiClient {
            id,
            company_id,
            name,
            secret_hash,
            active: true,
            created_at: Utc::now(),
            created_by: Some(created_by.to_owned()),
            last_used_at: None,
            revoked_at: None,
            previous_secret: None,
        }
    }

    /// The replaced secret's hash while its grace period lasts.
    pub fn previous_secret_hash_at(&self, now: DateTime<Utc>) -> Option<&str> {
        self.previous_secret.as_ref().filter(|previous| now < previous.expires_at).map(|previous| previous.hash.as_str())
    }
}

/// The person as the session's Summary shows them (MRZ first, front-side OCR where it is silent).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Person {
    pub document_type: Option<DocumentType>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<String>,
    /// ISO dates `YYYY-MM-DD`, as the MRZ or the front side gave them.
    pub birth_date: Option<String>,
    pub expiration_date: Option<String>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
}

/// The outcomes of the automatic checks of the latest attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checks {
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub face_match_level: Option<FaceMatchLevel>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub mrz_valid: Option<bool>,
}

/// Where and how the customer went through the flow, for the latest attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Activity {
    pub user_agent: Option<UserAgentSummary>,
    /// Which uap-core data summarised the user agent.
    pub user_agent_data_version: Option<String>,
    pub client_ip: Option<IpAddr>,
    /// The client IP's country (ISO 3166-1 alpha-2), resolved at ingest.
    pub ip_country: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
}

/// Everything about a session that an attempt, a review or a decision changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionData {
    pub status: SessionStatus,
    pub verified: bool,
    pub updated_at: DateTime<Utc>,
    pub person: Person,
    /// Lowercased names and numbers the list's search matches against.
    pub search_text: String,
    pub checks: Checks,
    pub mrz_lines: Vec<String>,
    pub mrz_report: Option<MrzRecord>,
    pub activity: Activity,
    pub attempts_count: i32,
    /// `None` when no list was loaded at screening time.
    pub screening: Option<ScreeningOutcome>,
    pub screened_at: Option<DateTime<Utc>>,
    /// Which status rules decided the automatic status, and why.
    pub decision_trace: Option<StatusDecision>,
    /// The first approver, while a four-eyes approval waits for its second.
    pub pending_approval_by: Option<UserId>,
}

impl SessionData {
    pub fn pep_status(&self) -> PepStatus {
        PepStatus::of(self.screening.as_ref())
    }

    pub fn pep_matches_count(&self) -> usize {
        self.screening.as_ref().map_or(0, |outcome| outcome.matches.len())
    }
}

/// One verification session. Only a scoped lookup in `db::sessions` makes one, so holding a
/// `Session` (and its [`super::sessions::SessionKey`]) proves the caller may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub key: super::sessions::SessionKey,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub data: SessionData,
}

/// One row of the sessions list: only what the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub id: SessionId,
    pub company_id: CompanyId,
    pub external_id: Option<String>,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_type: Option<DocumentType>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub nationality: Option<String>,
    pub verified: bool,
    pub document_valid: Option<bool>,
    pub liveness_passed: Option<bool>,
    pub face_match_level: Option<FaceMatchLevel>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub pep_status: PepStatus,
    pub liveness_finished: bool,
    pub document_finished: bool,
    /// The reason of the status the list shows as a short tag (see `kyc_domain::session::reasons`).
    pub main_reason: Option<StatusReason>,
}

/// What OCR read on the document's front side, kept with each attempt: the report prints the
/// names as the document prints them (Georgian, Cyrillic) from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct FrontSide {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<chrono::NaiveDate>,
    pub expiration_date: Option<chrono::NaiveDate>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub number: i32,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub face_match_level: Option<FaceMatchLevel>,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub user_agent: Option<UserAgentSummary>,
    pub client_ip: Option<IpAddr>,
    pub ip_country: Option<String>,
    pub front_side: FrontSide,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub kind: PhotoKind,
    /// The type sniffed from the bytes at upload: `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// The blob's address (lowercase hex SHA-256 of the bytes).
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraFieldValue {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: NoteId,
    pub author_id: UserId,
    pub author_name: String,
    pub kind: NoteKind,
    pub body: String,
    pub reasons: Vec<RejectionReason>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningList {
    pub id: ListId,
    pub name: String,
    /// `ofac-csv`, `un-xml` or `ftm`.
    pub source_format: String,
    pub version: String,
    pub imported_at: DateTime<Utc>,
    pub entry_count: i32,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportExport {
    pub id: ExportId,
    /// The verification code, 10 symbols without the hyphen.
    pub code: String,
    pub session_id: SessionId,
    pub company_id: CompanyId,
    pub record_hash: String,
    pub language: Language,
    /// The user's or API client's id.
    pub generated_by: String,
    pub generated_by_name: String,
    pub generated_at: DateTime<Utc>,
    pub pages: i32,
    pub size_bytes: i64,
}

/// One audit event as stored: ids and actions, never personal data.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// The chain the event is on: its company's or the platform's; `None` for the frozen v1
    /// chain of the events written before per-company chains.
    pub chain: Option<kyc_domain::audit::v2::ChainId>,
    /// Position in its chain (1, 2, 3, ...).
    pub seq: i64,
    pub id: AuditEventId,
    pub company_id: Option<CompanyId>,
    pub actor_id: String,
    /// `user`, `api_client` or `system`.
    pub actor_kind: String,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
    pub at: DateTime<Utc>,
    pub prev_hash: String,
    pub hash: String,
}

// ---------- decoding ----------

pub(super) fn parse<T: FromStr>(what: &'static str, text: &str) -> Result<T, DbError>
where
    T::Err: std::fmt::Display,
{
    text.parse().map_err(|error: T::Err| DbError::Corrupt { what, detail: error.to_string() })
}

pub(super) fn parse_optional<T: FromStr>(what: &'static str, text: Option<&str>) -> Result<Option<T>, DbError>
where
    T::Err: std::fmt::Display,
{
    text.map(|text| parse(what, text)).transpose()
}

fn decode_json<T: DeserializeOwned>(what: &'static str, json: Option<&str>) -> Result<Option<T>, DbError> {
    json.map(serde_json::from_str).transpose().map_err(|error| DbError::Corrupt { what, detail: error.to_string() })
}

pub(super) fn encode_json<T: Serialize>(what: &'static str, value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|error| DbError::Corrupt { what, detail: error.to_string() })
}

pub(super) fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

pub(super) fn naive(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc()
}

fn face_match_level(level: Option<i32>) -> Result<Option<FaceMatchLevel>, DbError> {
    level
        .map(|level| FaceMatchLevel::new(i64::from(level)))
        .transpose()
        .map_err(|error| DbError::Corrupt { what: "face match level", detail: error.to_string() })
}

fn face_match_column(level: Option<FaceMatchLevel>) -> Option<i32> {
    level.map(|level| i32::from(level.value()))
}

/// The user-agent columns as one summary; `None` when no user agent was reported.
fn user_agent(columns: [Option<String>; 6]) -> Result<Option<UserAgentSummary>, DbError> {
    let [raw, device_name, device_type, browser, os, in_app_browser] = columns;
    let Some(raw) = raw else { return Ok(None) };
    Ok(Some(UserAgentSummary {
        raw,
        device_name: device_name.unwrap_or_default(),
        device_type: parse_optional::<DeviceType>("device type", device_type.as_deref())?.unwrap_or(DeviceType::Other),
        browser: browser.unwrap_or_default(),
        os: os.unwrap_or_default(),
        in_app_browser,
    }))
}

impl TryFrom<CompanyRow> for Company {
    type Error = DbError;
    fn try_from(row: CompanyRow) -> Result<Self, DbError> {
        Ok(Company {
            id: parse("company id", &row.id)?,
            name: row.name,
            settings: decode_json("company settings", Some(&row.settings_json))?.unwrap_or_default(),
            created_at: utc(row.created_at),
        })
    }
}

impl TryFrom<&Company> for CompanyRow {
    type Error = DbError;
    fn try_from(company: &Company) -> Result<Self, DbError> {
        Ok(CompanyRow {
            id: company.id.to_string(),
            name: company.name.clone(),
            settings_json: encode_json("company settings", &company.settings)?,
            created_at: naive(company.created_at),
        })
    }
}

impl TryFrom<UserRow> for User {
    type Error = DbError;
    fn try_from(row: UserRow) -> Result<Self, DbError> {
        Ok(User {
            id: parse("user id", &row.id)?,
            company_id: parse_optional("company id", row.company_id.as_deref())?,
            email: row.email,
            name: row.name,
            role: parse("role", &row.role)?,
            password_hash: row.password_hash,
            active: row.active,
            created_at: utc(row.created_at),
        })
    }
}

impl From<&User> for UserRow {
    fn from(user: &User) -> Self {
        UserRow {
            id: user.id.to_string(),
            company_id: user.company_id.map(|id| id.to_string()),
            email: user.email.clone(),
            name: user.name.clone(),
            role: user.role.as_str().to_owned(),
            password_hash: user.password_hash.clone(),
            active: user.active,
            created_at: naive(user.created_at),
        }
    }
}

impl TryFrom<ApiClientRow> for ApiClient {
    type Error = DbError;
    fn try_from(row: ApiClientRow) -> Result<Self, DbError> {
        Ok(ApiClient {
            id: parse("API client id", &row.id)?,
            company_id: parse("company id", &row.company_id)?,
            name: row.name,
            secret_hash: row.secret_hash,
            active: row.active,
            created_at: utc(row.created_at),
            created_by: row.created_by,
            last_used_at: row.last_used_at.map(utc),
            revoked_at: row.revoked_at.map(utc),
            previous_secret: row
                .previous_secret_hash
                .zip(row.previous_secret_expires_at)
                .map(|(hash, expires_at)| PreviousSecret { hash, expires_at: utc(expires_at) }),
        })
    }
}

impl From<&ApiClient> for ApiClientRow {
    fn from(client: &ApiClient) -> Self {
        ApiClientRow {
            id: client.id.to_string(),
            company_id: client.company_id.to_string(),
            name: client.name.clone(),
            secret_hash: client.secret_hash.clone(),
            active: client.active,
            created_at: naive(client.created_at),
            created_by: client.created_by.clone(),
            last_used_at: client.last_used_at.map(naive),
            revoked_at: client.revoked_at.map(naive),
            previous_secret_hash: client.previous_secret.as_ref().map(|previous| previous.hash.clone()),
            previous_secret_expires_at: client.previous_secret.as_ref().map(|previous| naive(previous.expires_at)),
        }
    }
}

impl TryFrom<SessionRow> for SessionData {
    type Error = DbError;
    fn try_from(row: SessionRow) -> Result<Self, DbError> {
        Ok(SessionData {
            status: parse("session status", &row.status)?,
            verified: row.verified,
            updated_at: utc(row.updated_at),
            person: Person {
                document_type: parse_optional("document type", row.document_type.as_deref())?,
                first_name: row.first_name,
                last_name: row.last_name,
                document_number: row.document_number,
                personal_number: row.personal_number,
                sex: row.sex,
                birth_date: row.birth_date,
                expiration_date: row.expiration_date,
                nationality: row.nationality,
                issuing_state: row.issuing_state,
            },
            search_text: row.search_text,
            checks: Checks {
                liveness_passed: row.liveness_passed,
                document_valid: row.document_valid,
                face_match_level: face_match_level(row.face_match_level)?,
                document_real: row.document_real,
                full_document_detected: row.full_document_detected,
                mrz_valid: row.mrz_valid,
            },
            mrz_lines: row
                .mrz_lines
                .as_deref()
                .map(|lines| lines.lines().map(str::to_owned).collect())
                .unwrap_or_default(),
            mrz_report: decode_json("MRZ report", row.mrz_report_json.as_deref())?,
            activity: Activity {
                user_agent: user_agent([
                    row.user_agent_raw,
                    row.device_name,
                    row.device_type,
                    row.browser,
                    row.os,
                    row.in_app_browser,
                ])?,
                user_agent_data_version: row.user_agent_data_version,
                client_ip: parse_optional("client IP", row.client_ip.as_deref())?,
                ip_country: row.ip_country,
                started_at: row.started_at.map(utc),
                finished_at: row.finished_at.map(utc),
                liveness_finished: row.liveness_finished,
                document_finished: row.document_finished,
            },
            attempts_count: row.attempts_count,
            screening: decode_json("screening result", row.pep_result_json.as_deref())?,
            screened_at: row.screened_at.map(utc),
            decision_trace: decode_json("status decision", row.decision_trace_json.as_deref())?,
            pending_approval_by: parse_optional("user id", row.pending_approval_by.as_deref())?,
        })
    }
}

/// The row of a session: its key's columns and its data's.
pub(super) fn session_row(
    id: SessionId,
    company_id: CompanyId,
    external_id: Option<String>,
    created_at: DateTime<Utc>,
    data: &SessionData,
) -> Result<SessionRow, DbError> {
    let ua = data.activity.user_agent.as_ref();
    Ok(SessionRow {
        id: id.to_string(),
        company_id: company_id.to_string(),
        external_id,
        status: data.status.as_str().to_owned(),
        created_at: naive(created_at),
        updated_at: naive(data.updated_at),
        document_type: data.person.document_type.map(|kind| kind.as_str().to_owned()),
        first_name: data.person.first_name.clone(),
        last_name: data.person.last_name.clone(),
        document_number: data.person.document_number.clone(),
        personal_number: data.person.personal_number.clone(),
        sex: data.person.sex.clone(),
        birth_date: data.person.birth_date.clone(),
        expiration_date: data.person.expiration_date.clone(),
        nationality: data.person.nationality.clone(),
        issuing_state: data.person.issuing_state.clone(),
        search_text: data.search_text.clone(),
        verified: data.verified,
        liveness_passed: data.checks.liveness_passed,
        document_valid: data.checks.document_valid,
        face_match_level: face_match_column(data.checks.face_match_level),
        document_real: data.checks.document_real,
        full_document_detected: data.checks.full_document_detected,
        mrz_lines: (!data.mrz_lines.is_empty()).then(|| data.mrz_lines.join("\n")),
        mrz_valid: data.checks.mrz_valid,
        mrz_report_json: data.mrz_report.as_ref().map(|report| encode_json("MRZ report", report)).transpose()?,
        // The front side is kept per attempt; the session row no longer carries a copy.
        document_fields_json: None,
        user_agent_raw: ua.map(|u| u.raw.clone()),
        device_name: ua.map(|u| u.device_name.clone()),
        device_type: ua.map(|u| u.device_type.as_str().to_owned()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        in_app_browser: ua.and_then(|u| u.in_app_browser.clone()),
        user_agent_data_version: data.activity.user_agent_data_version.clone(),
        client_ip: data.activity.client_ip.map(|ip| ip.to_string()),
        ip_country: data.activity.ip_country.clone(),
        started_at: data.activity.started_at.map(naive),
        finished_at: data.activity.finished_at.map(naive),
        liveness_finished: data.activity.liveness_finished,
        document_finished: data.activity.document_finished,
        attempts_count: data.attempts_count,
        pep_status: data.pep_status().as_str().to_owned(),
        pep_matches_count: i32::try_from(data.pep_matches_count()).unwrap_or(i32::MAX),
        pep_result_json: data.screening.as_ref().map(|outcome| encode_json("screening result", outcome)).transpose()?,
        screened_at: data.screened_at.map(naive),
        decision_trace_json: data
            .decision_trace
            .as_ref()
            .map(|trace| encode_json("status decision", trace))
            .transpose()?,
        pending_approval_by: data.pending_approval_by.map(|id| id.to_string()),
    })
}

impl TryFrom<SessionSummaryRow> for SessionSummary {
    type Error = DbError;
    fn try_from(row: SessionSummaryRow) -> Result<Self, DbError> {
        let pep_status: PepStatus = parse("PEP status", &row.pep_status)?;
        let decision: Option<StatusDecision> = decode_json("status decision", row.decision_trace_json.as_deref())?;
        Ok(SessionSummary {
            id: parse("session id", &row.id)?,
            company_id: parse("company id", &row.company_id)?,
            external_id: row.external_id,
            status: parse("session status", &row.status)?,
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
            first_name: row.first_name,
            last_name: row.last_name,
            document_type: parse_optional("document type", row.document_type.as_deref())?,
            document_number: row.document_number,
            personal_number: row.personal_number,
            nationality: row.nationality,
            verified: row.verified,
            document_valid: row.document_valid,
            liveness_passed: row.liveness_passed,
            face_match_level: face_match_level(row.face_match_level)?,
            document_real: row.document_real,
            full_document_detected: row.full_document_detected,
            mrz_valid: row.mrz_valid,
            pep_status,
            liveness_finished: row.liveness_finished,
            document_finished: row.document_finished,
            main_reason: main_reason(ReasonSources {
                decision: decision.as_ref(),
                screening_cleared: pep_status == PepStatus::Clear,
                ..ReasonSources::default()
            }),
        })
    }
}

/// What an attempt row's `payload_json` holds. Early rows kept the whole ingest body; only its
/// `document.fields` (the front side) is read, and only that is written now.
#[derive(Debug, Default, Serialize, serde::Deserialize)]
struct AttemptPayload {
    #[serde(default)]
    document: AttemptPayloadDocument,
}

#[derive(Debug, Default, Serialize, serde::Deserialize)]
struct AttemptPayloadDocument {
    #[serde(default)]
    fields: Option<FrontSide>,
}

impl TryFrom<AttemptRow> for Attempt {
    type Error = DbError;
    fn try_from(row: AttemptRow) -> Result<Self, DbError> {
        let payload: AttemptPayload = decode_json("attempt payload", Some(&row.payload_json))?.unwrap_or_default();
        Ok(Attempt {
            number: row.number,
            started_at: row.started_at.map(utc),
            finished_at: row.finished_at.map(utc),
            liveness_finished: row.liveness_finished,
            document_finished: row.document_finished,
            face_match_level: face_match_level(row.face_match_level)?,
            liveness_passed: row.liveness_passed,
            document_valid: row.document_valid,
            mrz_valid: row.mrz_valid,
            user_agent: user_agent([row.user_agent_raw, row.device_name, row.device_type, row.browser, row.os, None])?,
            client_ip: parse_optional("client IP", row.client_ip.as_deref())?,
            ip_country: row.ip_country,
            front_side: payload.document.fields.unwrap_or_default(),
            created_at: utc(row.created_at),
        })
    }
}

pub(super) fn attempt_row(session_id: SessionId, attempt: &Attempt) -> Result<AttemptRow, DbError> {
    let ua = attempt.user_agent.as_ref();
    let payload = AttemptPayload { document: AttemptPayloadDocument { fields: Some(attempt.front_side.clone()) } };
    Ok(AttemptRow {
        id: kyc_domain::ids::AttemptId::generate().to_string(),
        session_id: session_id.to_string(),
        number: attempt.number,
        started_at: attempt.started_at.map(naive),
        finished_at: attempt.finished_at.map(naive),
        liveness_finished: attempt.liveness_finished,
        document_finished: attempt.document_finished,
        face_match_level: face_match_column(attempt.face_match_level),
        liveness_passed: attempt.liveness_passed,
        document_valid: attempt.document_valid,
        mrz_valid: attempt.mrz_valid,
        user_agent_raw: ua.map(|u| u.raw.clone()),
        device_name: ua.map(|u| u.device_name.clone()),
        device_type: ua.map(|u| u.device_type.as_str().to_owned()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        client_ip: attempt.client_ip.map(|ip| ip.to_string()),
        payload_json: encode_json("attempt payload", &payload)?,
        created_at: naive(attempt.created_at),
        ip_country: attempt.ip_country.clone(),
    })
}

impl TryFrom<PhotoRow> for Photo {
    type Error = DbError;
    fn try_from(row: PhotoRow) -> Result<Self, DbError> {
        Ok(Photo {
            kind: parse("photo kind", &row.kind)?,
            content_type: row.content_type,
            sha256: row.sha256,
            size_bytes: row.size_bytes,
            created_at: utc(row.created_at),
        })
    }
}

pub(super) fn photo_row(session_id: SessionId, photo: &Photo) -> PhotoRow {
    PhotoRow {
        id: kyc_domain::ids::PhotoId::generate().to_string(),
        session_id: session_id.to_string(),
        kind: photo.kind.to_string(),
        content_type: photo.content_type.clone(),
        sha256: photo.sha256.clone(),
        size_bytes: photo.size_bytes,
        created_at: naive(photo.created_at),
    }
}

impl TryFrom<NoteRow> for Note {
    type Error = DbError;
    fn try_from(row: NoteRow) -> Result<Self, DbError> {
        Ok(Note {
            id: parse("note id", &row.id)?,
            author_id: parse("user id", &row.author_id)?,
            author_name: row.author_name,
            kind: parse("note kind", &row.kind)?,
            body: row.body,
            reasons: decode_json("rejection reasons", Some(&row.reasons_json))?.unwrap_or_default(),
            created_at: utc(row.created_at),
        })
    }
}

pub(super) fn note_row(session_id: SessionId, note: &Note) -> Result<NoteRow, DbError> {
    Ok(NoteRow {
        id: note.id.to_string(),
        session_id: session_id.to_string(),
        author_id: note.author_id.to_string(),
        author_name: note.author_name.clone(),
        kind: note.kind.as_str().to_owned(),
        body: note.body.clone(),
        reasons_json: encode_json("rejection reasons", &note.reasons)?,
        created_at: naive(note.created_at),
    })
}

impl TryFrom<ScreeningListRow> for ScreeningList {
    type Error = DbError;
    fn try_from(row: ScreeningListRow) -> Result<Self, DbError> {
        Ok(ScreeningList {
            id: parse("screening list id", &row.id)?,
            name: row.name,
            source_format: row.source_format,
            version: row.version,
            imported_at: utc(row.imported_at),
            entry_count: row.entry_count,
            active: row.active,
        })
    }
}

impl From<&ScreeningList> for ScreeningListRow {
    fn from(list: &ScreeningList) -> Self {
        ScreeningListRow {
            id: list.id.to_string(),
            name: list.name.clone(),
            source_format: list.source_format.clone(),
            version: list.version.clone(),
            imported_at: naive(list.imported_at),
            entry_count: list.entry_count,
            active: list.active,
        }
    }
}

impl TryFrom<ReportExportRow> for ReportExport {
    type Error = DbError;
    fn try_from(row: ReportExportRow) -> Result<Self, DbError> {
        Ok(ReportExport {
            id: parse("report export id", &row.id)?,
            code: row.code,
            session_id: parse("session id", &row.session_id)?,
            company_id: parse("company id", &row.company_id)?,
            record_hash: row.record_hash,
            language: parse("report language", &row.language)?,
            generated_by: row.generated_by,
            generated_by_name: row.generated_by_name,
            generated_at: utc(row.generated_at),
            pages: row.pages,
            size_bytes: row.size_bytes,
        })
    }
}

impl From<&ReportExport> for ReportExportRow {
    fn from(export: &ReportExport) -> Self {
        ReportExportRow {
            id: export.id.to_string(),
            code: export.code.clone(),
            session_id: export.session_id.to_string(),
            company_id: export.company_id.to_string(),
            record_hash: export.record_hash.clone(),
            language: export.language.code().to_owned(),
            generated_by: export.generated_by.clone(),
            generated_by_name: export.generated_by_name.clone(),
            generated_at: naive(export.generated_at),
            pages: export.pages,
            size_bytes: export.size_bytes,
        }
    }
}

impl TryFrom<AuditEventRow> for AuditEvent {
    type Error = DbError;
    fn try_from(row: AuditEventRow) -> Result<Self, DbError> {
        let chain = match row.chain.as_str() {
            super::audit::LEGACY_CHAIN => None,
            chain => Some(parse("audit chain", chain)?),
        };
        Ok(AuditEvent {
            chain,
            seq: row.seq,
            id: parse("audit event id", &row.id)?,
            company_id: parse_optional("company id", row.company_id.as_deref())?,
            actor_id: row.actor_id,
            actor_kind: row.actor_kind,
            action: row.action,
            target_type: row.target_type,
            target_id: row.target_id,
            outcome: row.outcome,
            ip: row.ip,
            at: utc(row.at),
            prev_hash: row.prev_hash,
            hash: row.hash,
        })
    }
}
