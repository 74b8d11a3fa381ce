//! Rows as the tables store them: text ids, text enums, JSON as text. Only this module's
//! siblings see them; each is converted to its typed record (`records.rs`) where it is read.

use super::schema::*;
use chrono::NaiveDateTime;
use diesel::prelude::*;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = companies)]
pub struct CompanyRow {
    pub id: String,
    pub name: String,
    pub settings_json: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub company_id: Option<String>,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = api_clients, treat_none_as_null = true)]
pub struct ApiClientRow {
    pub id: String,
    pub company_id: String,
    pub name: String,
    pub secret_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub created_by: Option<String>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub previous_secret_hash: Option<String>,
    pub previous_secret_expires_at: Option<NaiveDateTime>,
}

/// One verification session with every datum the Session Details page shows.
#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
pub struct SessionRow {
    pub id: String,
    pub company_id: String,
    pub external_id: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub document_type: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub expiration_date: Option<String>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
    pub search_text: String,
    pub verified: bool,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub face_match_level: Option<i32>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub mrz_lines: Option<String>,
    pub mrz_valid: Option<bool>,
    pub mrz_report_json: Option<String>,
    pub document_fields_json: Option<String>,
    pub user_agent_raw: Option<String>,
    pub device_name: Option<String>,
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub in_app_browser: Option<String>,
    pub user_agent_data_version: Option<String>,
    pub client_ip: Option<String>,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub attempts_count: i32,
    pub pep_status: String,
    pub pep_matches_count: i32,
    pub pep_result_json: Option<String>,
    pub screened_at: Option<NaiveDateTime>,
    pub decision_trace_json: Option<String>,
    pub pending_approval_by: Option<String>,
    pub ip_country: Option<String>,
}

/// The columns of one row of the sessions list.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionSummaryRow {
    pub id: String,
    pub company_id: String,
    pub external_id: Option<String>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_type: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub nationality: Option<String>,
    pub verified: bool,
    pub document_valid: Option<bool>,
    pub liveness_passed: Option<bool>,
    pub face_match_level: Option<i32>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub pep_status: String,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub decision_trace_json: Option<String>,
}

#[derive(Debug, Clone, Default, Queryable, Selectable, Insertable)]
#[diesel(table_name = attempts)]
pub struct AttemptRow {
    pub id: String,
    pub session_id: String,
    pub number: i32,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub face_match_level: Option<i32>,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub user_agent_raw: Option<String>,
    pub device_name: Option<String>,
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub client_ip: Option<String>,
    pub payload_json: String,
    pub created_at: NaiveDateTime,
    pub ip_country: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = photos)]
pub struct PhotoRow {
    pub id: String,
    pub session_id: String,
    pub kind: String,
    pub content_type: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = extra_field_values)]
pub struct ExtraFieldRow {
    pub session_id: String,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: String,
    pub session_id: String,
    pub author_id: String,
    pub author_name: String,
    pub kind: String,
    pub body: String,
    pub reasons_json: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditEventRow {
    pub chain: String,
    pub seq: i64,
    pub id: String,
    pub company_id: Option<String>,
    pub actor_id: String,
    pub actor_kind: String,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
    pub at: NaiveDateTime,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = screening_lists)]
pub struct ScreeningListRow {
    pub id: String,
    pub name: String,
    pub source_format: String,
    pub version: String,
    pub imported_at: NaiveDateTime,
    pub entry_count: i32,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_exports)]
pub struct ReportExportRow {
    pub id: String,
    pub code: String,
    pub session_id: String,
    pub company_id: String,
    pub record_hash: String,
    pub language: String,
    pub generated_by: String,
    pub generated_by_name: String,
    pub generated_at: NaiveDateTime,
    pub pages: i32,
    pub size_bytes: i64,
}
