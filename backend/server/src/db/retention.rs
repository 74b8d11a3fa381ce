//! Retention's storage: policies, per-session marks, legal holds, deletion certificates, and the redaction of one session (every personal column cleared in the
//! caller's transaction).

use super::records::{naive, utc};
use super::schema::{attempts, extra_field_values, notes, photos, sessions};
use super::sessions::SessionKey;
use super::{AnyConnection, DbError, Session};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use kyc_domain::ids::{CompanyId, SessionId};
use kyc_domain::retention::{
    DeletionCertificate, PendingErasure, RedactedBy, Redaction, RetentionPeriods, RetentionPolicy,
    redact_mrz_record, redact_screening_match, redact_status_decision,
};
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::NoteKind;

diesel::table! {
    retention_policies (company_id) {
        company_id -> Text,
        verified_days -> Integer,
        rejected_days -> Integer,
        not_finished_days -> Integer,
        awaiting_action_overdue_days -> Integer,
        updated_by -> Text,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    session_retention (session_id) {
        session_id -> Text,
        company_id -> Text,
        relationship_ended_on -> Nullable<Text>,
        pending_erasure_json -> Nullable<Text>,
        redacted_at -> Nullable<Timestamp>,
        redacted_by_json -> Nullable<Text>,
    }
}

diesel::table! {
    legal_holds (id) {
        id -> Text,
        session_id -> Text,
        company_id -> Text,
        reason -> Text,
        placed_by -> Text,
        placed_by_name -> Text,
        placed_at -> Timestamp,
        lifted_by -> Nullable<Text>,
        lifted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    deletion_certificates (id) {
        id -> Text,
        company_id -> Text,
        authority -> Text,
        issued_at -> Timestamp,
        sessions_count -> Integer,
        digest -> Text,
        certificate_json -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(session_retention, sessions);
diesel::joinable!(session_retention -> sessions (session_id));

fn corrupt(what: &'static str, detail: impl std::fmt::Display) -> DbError {
    DbError::Corrupt { what, detail: detail.to_string() }
}

fn json<T: serde::Serialize>(what: &'static str, value: &T) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|error| corrupt(what, error))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &'static str, text: Option<&str>) -> Result<Option<T>, DbError> {
    text.map(|text| serde_json::from_str(text).map_err(|error| corrupt(what, error))).transpose()
}

fn days(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

// ---------- policies ----------

/// The company's policy; the defaults when it never saved one.
pub fn policy_of(conn: &mut AnyConnection, company_id: CompanyId) -> Result<RetentionPolicy, DbError> {
    let row: Option<(i32, i32, i32, i32)> = retention_policies::table
        .find(company_id.to_string())
        .select((
            retention_policies::verified_days,
            retention_policies::rejected_days,
            retention_policies::not_finished_days,
            retention_policies::awaiting_action_overdue_days,
        ))
        .first(conn)
        .optional()?;
    let Some((verified, rejected, not_finished, overdue)) = row else { return Ok(RetentionPolicy::default()) };
    let day = |value: i32| u32::try_from(value).unwrap_or_default();
    RetentionPolicy::new(RetentionPeriods {
        verified_days: day(verified),
        rejected_days: day(rejected),
        not_finished_days: day(not_finished),
        awaiting_action_overdue_days: day(overdue),
    })
    .map_err(|error| corrupt("retention policy", error))
}

pub fn save_policy(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    policy: &RetentionPolicy,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), DbError> {
    let periods = policy.periods();
    let values = (
        retention_policies::verified_days.eq(days(periods.verified_days)),
        retention_policies::rejected_days.eq(days(periods.rejected_days)),
        retention_policies::not_finished_days.eq(days(periods.not_finished_days)),
        retention_policies::awaiting_action_overdue_days.eq(days(periods.awaiting_action_overdue_days)),
        retention_policies::updated_by.eq(by.to_owned()),
        retention_policies::updated_at.eq(naive(at)),
    );
    let target = retention_policies::table.find(company_id.to_string());
    if diesel::update(target).set(values.clone()).execute(conn)? == 0 {
        diesel::insert_into(retention_policies::table)
            .values((retention_policies::company_id.eq(company_id.to_string()), values))
            .execute(conn)?;
    }
    Ok(())
}

// ---------- per-session marks ----------

/// What retention has recorded about one session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RetentionMarks {
    pub relationship_ended_on: Option<NaiveDate>,
    pub pending_erasure: Option<PendingErasure>,
    pub redaction: Option<Redaction>,
}

type MarksRow = (Option<String>, Option<String>, Option<NaiveDateTime>, Option<String>);

fn marks_of_row(row: MarksRow) -> Result<RetentionMarks, DbError> {
    let (ended_on, pending, redacted_at, redacted_by) = row;
    let relationship_ended_on = ended_on
        .map(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|error| corrupt("relationship end", error)))
        .transpose()?;
    let by: Option<RedactedBy> = from_json("redaction authority", redacted_by.as_deref())?;
    let redaction = match (redacted_at, by) {
        (Some(at), Some(by)) => Some(Redaction { at: utc(at), by }),
        _ => None,
    };
    Ok(RetentionMarks { relationship_ended_on, pending_erasure: from_json("pending erasure", pending.as_deref())?, redaction })
}

pub fn marks_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<RetentionMarks, DbError> {
    marks_by_id(conn, key.id())
}

fn marks_by_id(conn: &mut AnyConnection, session_id: SessionId) -> Result<RetentionMarks, DbError> {
    let row: Option<MarksRow> = session_retention::table
        .find(session_id.to_string())
        .select((
            session_retention::relationship_ended_on,
            session_retention::pending_erasure_json,
            session_retention::redacted_at,
            session_retention::redacted_by_json,
        ))
        .first(conn)
        .optional()?;
    row.map_or_else(|| Ok(RetentionMarks::default()), marks_of_row)
}

/// Writes a session's marks (the row is made on first use).
pub fn save_marks(conn: &mut AnyConnection, key: &SessionKey, marks: &RetentionMarks) -> Result<(), DbError> {
    let values = (
        session_retention::relationship_ended_on.eq(marks.relationship_ended_on.map(|day| day.to_string())),
        session_retention::pending_erasure_json
            .eq(marks.pending_erasure.as_ref().map(|pending| json("pending erasure", pending)).transpose()?),
        session_retention::redacted_at.eq(marks.redaction.as_ref().map(|redaction| naive(redaction.at))),
        session_retention::redacted_by_json
            .eq(marks.redaction.as_ref().map(|redaction| json("redaction authority", &redaction.by)).transpose()?),
    );
    let target = session_retention::table.find(key.id().to_string());
    if diesel::update(target).set(values.clone()).execute(conn)? == 0 {
        diesel::insert_into(session_retention::table)
            .values((
                session_retention::session_id.eq(key.id().to_string()),
                session_retention::company_id.eq(key.company_id().to_string()),
                values,
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When the session got its current status by a person's decision: the newest approval or
/// rejection note.
pub fn decided_at(conn: &mut AnyConnection, key: &SessionKey) -> Result<Option<DateTime<Utc>>, DbError> {
    let kinds = [NoteKind::Approval.to_string(), NoteKind::Rejection.to_string()];
    let newest: Option<NaiveDateTime> = notes::table
        .filter(notes::session_id.eq(key.id().to_string()))
        .filter(notes::kind.eq_any(kinds))
        .select(diesel::dsl::max(notes::created_at))
        .first(conn)?;
    Ok(newest.map(utc))
}

/// The sessions the purge job looks at: not redacted, in a status a policy can delete.
pub fn purge_candidates(conn: &mut AnyConnection) -> Result<Vec<(CompanyId, SessionId)>, DbError> {
    let statuses = [SessionStatus::Verified, SessionStatus::Rejected, SessionStatus::NotFinished].map(|s| s.to_string());
    let rows: Vec<(String, String)> = sessions::table
        .left_join(session_retention::table)
        .filter(sessions::status.eq_any(statuses))
        .filter(session_retention::redacted_at.is_null())
        .select((sessions::company_id, sessions::id))
        .order((sessions::company_id.asc(), sessions::id.asc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(company, id)| {
            Ok((company.parse().map_err(|_| corrupt("session", "company id"))?, id.parse().map_err(|_| corrupt("session", "id"))?))
        })
        .collect()
}

// ---------- legal holds ----------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoldRecord {
    pub id: String,
    pub session_id: String,
    pub reason: String,
    pub placed_by: String,
    pub placed_by_name: String,
    pub placed_at: DateTime<Utc>,
    pub lifted_by: Option<String>,
    pub lifted_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = legal_holds)]
struct HoldRow {
    id: String,
    session_id: String,
    company_id: String,
    reason: String,
    placed_by: String,
    placed_by_name: String,
    placed_at: NaiveDateTime,
    lifted_by: Option<String>,
    lifted_at: Option<NaiveDateTime>,
}

impl From<HoldRow> for HoldRecord {
    fn from(row: HoldRow) -> Self {
        HoldRecord {
            id: row.id,
            session_id: row.session_id,
            reason: row.reason,
            placed_by: row.placed_by,
            placed_by_name: row.placed_by_name,
            placed_at: utc(row.placed_at),
            lifted_by: row.lifted_by,
            lifted_at: row.lifted_at.map(utc),
        }
    }
}

pub fn current_hold(conn: &mut AnyConnection, key: &SessionKey) -> Result<Option<HoldRecord>, DbError> {
    Ok(legal_holds::table
        .filter(legal_holds::session_id.eq(key.id().to_string()))
        .filter(legal_holds::lifted_at.is_null())
        .select(HoldRow::as_select())
        .first(conn)
        .optional()?
        .map(HoldRecord::from))
}

/// Places a hold; the caller has checked there is no current one.
pub fn place_hold(
    conn: &mut AnyConnection,
    key: &SessionKey,
    reason: &str,
    by: (&str, &str),
    at: DateTime<Utc>,
) -> Result<HoldRecord, DbError> {
    let row = HoldRow {
        id: uuid::Uuid::now_v7().to_string(),
        session_id: key.id().to_string(),
        company_id: key.company_id().to_string(),
        reason: reason.to_owned(),
        placed_by: by.0.to_owned(),
        placed_by_name: by.1.to_owned(),
        placed_at: naive(at),
        lifted_by: None,
        lifted_at: None,
    };
    diesel::insert_into(legal_holds::table).values(&row).execute(conn)?;
    Ok(row.into())
}

/// Lifts the current hold; `false` when there was none.
pub fn lift_hold(conn: &mut AnyConnection, key: &SessionKey, by: &str, at: DateTime<Utc>) -> Result<bool, DbError> {
    let lifted = diesel::update(
        legal_holds::table
            .filter(legal_holds::session_id.eq(key.id().to_string()))
            .filter(legal_holds::lifted_at.is_null()),
    )
    .set((legal_holds::lifted_by.eq(Some(by.to_owned())), legal_holds::lifted_at.eq(Some(naive(at)))))
    .execute(conn)?;
    Ok(lifted > 0)
}

/// A company's holds, current and lifted, newest first.
pub fn holds_of_company(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<HoldRecord>, DbError> {
    Ok(legal_holds::table
        .filter(legal_holds::company_id.eq(company_id.to_string()))
        .order((legal_holds::placed_at.desc(), legal_holds::id.desc()))
        .select(HoldRow::as_select())
        .load(conn)?
        .into_iter()
        .map(HoldRecord::from)
        .collect())
}

// ---------- redaction ----------

/// Clears every personal value of the session in the caller's transaction, deletes its photo
/// rows and records the redaction; returns the blob addresses of the photos, to remove after
/// the commit. Kept: ids, company, status, times, check outcomes, the face-match level, the
/// MRZ verdicts, screening outcomes, decisions and their authors, report exports, the audit.
pub fn redact_session(conn: &mut AnyConnection, session: &Session, redaction: &Redaction) -> Result<Vec<String>, DbError> {
    let mut redacted = session.clone();
    redacted.external_id = None;
    let data = &mut redacted.data;
    data.person = super::Person { document_type: data.person.document_type, ..Default::default() };
    data.search_text = String::new();
    data.mrz_lines = Vec::new();
    data.mrz_report = data.mrz_report.as_ref().map(redact_mrz_record);
    data.activity.user_agent = None;
    data.activity.user_agent_data_version = None;
    data.activity.client_ip = None;
    data.activity.ip_country = None;
    if let Some(outcome) = data.screening.as_mut() {
        outcome.matches.iter_mut().for_each(|stored| stored.found = redact_screening_match(&stored.found));
    }
    data.decision_trace = data.decision_trace.as_ref().map(redact_status_decision);
    super::sessions::update(conn, &redacted)?;
    let id = session.key.id().to_string();
    diesel::update(attempts::table.filter(attempts::session_id.eq(&id)))
        .set((
            attempts::user_agent_raw.eq(None::<String>),
            attempts::device_name.eq(None::<String>),
            attempts::device_type.eq(None::<String>),
            attempts::browser.eq(None::<String>),
            attempts::os.eq(None::<String>),
            attempts::client_ip.eq(None::<String>),
            attempts::ip_country.eq(None::<String>),
            attempts::payload_json.eq("{}"),
        ))
        .execute(conn)?;
    diesel::update(extra_field_values::table.filter(extra_field_values::session_id.eq(&id)))
        .set(extra_field_values::value.eq(""))
        .execute(conn)?;
    diesel::update(notes::table.filter(notes::session_id.eq(&id))).set(notes::body.eq("")).execute(conn)?;
    let addresses: Vec<String> = photos::table.filter(photos::session_id.eq(&id)).select(photos::sha256).load(conn)?;
    diesel::delete(photos::table.filter(photos::session_id.eq(&id))).execute(conn)?;
    let mut marks = marks_of(conn, &session.key)?;
    marks.pending_erasure = None;
    marks.redaction = Some(redaction.clone());
    save_marks(conn, &session.key, &marks)?;
    Ok(addresses)
}

/// The redaction of a session, by id: for the check of a printed report, whose export row
/// already proved the caller's company.
pub fn redaction_of(conn: &mut AnyConnection, session_id: SessionId) -> Result<Option<Redaction>, DbError> {
    Ok(marks_by_id(conn, session_id)?.redaction)
}

/// Every photo blob address any row points at.
pub fn referenced_blobs(conn: &mut AnyConnection) -> Result<std::collections::BTreeSet<String>, DbError> {
    Ok(photos::table.select(photos::sha256).distinct().load::<String>(conn)?.into_iter().collect())
}

// ---------- certificates ----------

pub fn insert_certificate(conn: &mut AnyConnection, certificate: &DeletionCertificate) -> Result<(), DbError> {
    let authority = match certificate.authority {
        kyc_domain::retention::DeletionAuthority::Policy { .. } => "policy",
        kyc_domain::retention::DeletionAuthority::Request { .. } => "request",
    };
    diesel::insert_into(deletion_certificates::table)
        .values((
            deletion_certificates::id.eq(&certificate.id),
            deletion_certificates::company_id.eq(&certificate.company_id),
            deletion_certificates::authority.eq(authority),
            deletion_certificates::issued_at.eq(naive(certificate.issued_at)),
            deletion_certificates::sessions_count.eq(i32::try_from(certificate.sessions.len()).unwrap_or(i32::MAX)),
            deletion_certificates::digest.eq(certificate.digest()),
            deletion_certificates::certificate_json.eq(json("deletion certificate", certificate)?),
        ))
        .execute(conn)?;
    Ok(())
}

/// Writes a certificate that grew (a purge run adds each session as it goes).
pub fn replace_certificate(conn: &mut AnyConnection, certificate: &DeletionCertificate) -> Result<(), DbError> {
    diesel::update(deletion_certificates::table.find(certificate.id.clone()))
        .set((
            deletion_certificates::issued_at.eq(naive(certificate.issued_at)),
            deletion_certificates::sessions_count.eq(i32::try_from(certificate.sessions.len()).unwrap_or(i32::MAX)),
            deletion_certificates::digest.eq(certificate.digest()),
            deletion_certificates::certificate_json.eq(json("deletion certificate", certificate)?),
        ))
        .execute(conn)?;
    Ok(())
}

fn certificate_of(text: String) -> Result<DeletionCertificate, DbError> {
    serde_json::from_str(&text).map_err(|error| corrupt("deletion certificate", error))
}

/// A company's certificates, newest first.
pub fn certificates_of(conn: &mut AnyConnection, company_id: CompanyId, limit: i64) -> Result<Vec<DeletionCertificate>, DbError> {
    deletion_certificates::table
        .filter(deletion_certificates::company_id.eq(company_id.to_string()))
        .order((deletion_certificates::issued_at.desc(), deletion_certificates::id.desc()))
        .select(deletion_certificates::certificate_json)
        .limit(limit)
        .load::<String>(conn)?
        .into_iter()
        .map(certificate_of)
        .collect()
}

/// The certificate with this id, if it is the company's.
pub fn find_certificate(conn: &mut AnyConnection, company_id: CompanyId, id: &str) -> Result<Option<DeletionCertificate>, DbError> {
    deletion_certificates::table
        .filter(deletion_certificates::id.eq(id.to_owned()))
        .filter(deletion_certificates::company_id.eq(company_id.to_string()))
        .select(deletion_certificates::certificate_json)
        .first::<String>(conn)
        .optional()?
        .map(certificate_of)
        .transpose()
}

/// After a redaction on SQLite, moves the write-ahead log into the database file and empties it,
/// so that no older copy of a redacted page stays in the `-wal` file (with `secure_delete` the
/// database file itself keeps none). PostgreSQL's old row versions go with its (auto)vacuum.
pub fn flush_redacted_pages(conn: &mut AnyConnection) -> Result<(), DbError> {
    if let AnyConnection::Sqlite(sqlite) = conn {
        diesel::connection::SimpleConnection::batch_execute(sqlite, "PRAGMA wal_checkpoint(TRUNCATE);")?;
    }
    Ok(())
}
