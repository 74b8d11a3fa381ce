//! The report use cases: export a session as a tamper-evident PDF, and verify a printed report's
//! code against the stored session.
//!
//! An export reads everything the report prints into `kyc_domain::report::SessionFacts` (the
//! canonical session record), hashes it, draws a verification code, renders the PDF off the
//! async threads and then stores the code with the hash, together with a `session.export` audit
//! event. Verifying a code rebuilds the facts from what is stored now and compares the hashes.

use crate::api::auth::Caller;
use crate::api::error::{ApiError, or_not_found};
use crate::api::views::AttemptInput;
use crate::auth::Role;
use crate::db::{self, AttemptRecord, NoteRecord, PhotoRecord, ReportExportRecord, Scope, SessionRecord};
use crate::pdf;
use crate::screening::ScreeningOutcome;
use crate::state::AppState;
use chrono::SubsecRound;
use kyc_domain::mrz::MrzRecord;
use kyc_domain::report::{
    ActivityFacts, AttemptFacts, AutomaticDecision, ExportFacts, ExtraField, Language, MrzDetail, MrzFacts, NoteFacts, PepFacts, PepMatch,
    Photo, PhotoKind, PhotoRef, ScreenedList, SessionFacts, SummaryFacts, VerificationCode, VerificationFacts,
    build_report, timestamp,
};
use kyc_domain::session::rules::StatusDecision;

/// Where a printed code can be checked; printed in every page's footer.
pub const VERIFY_PATH: &str = "/api/v1/reports/verify";

/// A rendered export, ready to download.
#[derive(Debug, Clone)]
pub struct ExportedReport {
    pub session_id: String,
    pub language: Language,
    pub code: VerificationCode,
    pub record_hash: String,
    pub pages: usize,
    pub pdf: Vec<u8>,
}

impl ExportedReport {
    pub fn filename(&self) -> String {
        format!("session-{}-report-{}.pdf", self.session_id, self.language)
    }
}

/// What a verification found.
#[derive(Debug, Clone)]
pub enum Verification {
    /// No report of the caller's company has this code.
    UnknownCode,
    /// The report's session is no longer stored.
    SessionMissing(ReportExportRecord),
    /// The report's session is stored; `current_hash` is its record's hash now.
    Found { export: ReportExportRecord, current_hash: String },
}

/// The session as the report prints it, read in one go, and its printable photos.
struct Gathered {
    facts: SessionFacts,
    company_id: String,
    photos: Vec<(PhotoKind, PhotoRecord)>,
}

/// Renders the session's report, stores its code and hash, and audits the export.
pub async fn export_pdf(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    language: Language,
) -> Result<ExportedReport, ApiError> {
    let gathered = gather(state, caller.scope(), session_id).await?.ok_or_else(|| ApiError::not_found("session"))?;
    let generated_by = actor_name(state, caller).await?;
    let photos = gathered
        .photos
        .iter()
        .map(|(kind, record)| {
            // A missing blob prints as an unreadable photo rather than failing the export.
            let bytes = state.blobs.get(&record.sha256).unwrap_or_default();
            Photo { kind: *kind, bytes }
        })
        .collect::<Vec<_>>();
    let facts = gathered.facts;
    let record_hash = facts.record_hash();
    let generated_at = db::now().trunc_subsecs(0);
    let code = VerificationCode::from_random(rand::random());
    let export = ExportFacts {
        generated_at: timestamp(generated_at),
        generated_by: generated_by.clone(),
        record_hash: record_hash.clone(),
        code: code.clone(),
        verify_at: VERIFY_PATH.to_owned(),
    };
    let report = build_report(&facts, &export, photos, language);
    let rendered = actix_web::rt::task::spawn_blocking(move || pdf::render(&report))
        .await
        .map_err(|error| ApiError::Internal(format!("the report renderer stopped: {error}")))?
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    let record = ReportExportRecord {
        id: db::new_id(),
        code: code.as_str().to_owned(),
        session_id: facts.session_id.clone(),
        company_id: gathered.company_id,
        record_hash: record_hash.clone(),
        language: language.code().to_owned(),
        generated_by: caller.id.clone(),
        generated_by_name: generated_by,
        generated_at,
        pages: i32::try_from(rendered.pages).unwrap_or(i32::MAX),
        size_bytes: rendered.bytes.len() as i64,
    };
    let event = caller.event("session.export", "session", &facts.session_id);
    state
        .db
        .write(move |conn| {
            db::reports::insert_export(conn, &record)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(ExportedReport {
        session_id: facts.session_id,
        language,
        code,
        record_hash,
        pages: rendered.pages,
        pdf: rendered.bytes,
    })
}

/// Looks a printed code up in the caller's company and compares the record then and now.
pub async fn verify_code(state: &AppState, caller: &Caller, code: &VerificationCode) -> Result<Verification, ApiError> {
    let (scope, code_text) = (caller.scope(), code.as_str().to_owned());
    let export = state.db.read(move |conn| db::reports::find_by_code(conn, &scope, &code_text)).await?;
    let verification = match export {
        None => Verification::UnknownCode,
        Some(export) => {
            let scope = Scope::Company(export.company_id.clone());
            match gather(state, scope, &export.session_id).await? {
                None => Verification::SessionMissing(export),
                Some(gathered) => Verification::Found { current_hash: gathered.facts.record_hash(), export },
            }
        }
    };
    let mut event = match &verification {
        Verification::UnknownCode => caller.event("report.verify", "report", code.as_str()),
        Verification::SessionMissing(export) | Verification::Found { export, .. } => {
            caller.event("report.verify", "report", &export.id)
        }
    };
    event.outcome = match &verification {
        Verification::UnknownCode => "unknown_code",
        Verification::SessionMissing(_) => "session_missing",
        Verification::Found { export, current_hash } if *current_hash == export.record_hash => "current",
        Verification::Found { .. } => "changed",
    }
    .to_owned();
    crate::sessions::audit(state, event).await?;
    Ok(verification)
}

/// The name printed as "Generated by": the user's or API client's name, else its id.
async fn actor_name(state: &AppState, caller: &Caller) -> Result<String, ApiError> {
    let (id, is_client) = (caller.id.clone(), caller.role == Role::Client);
    let name = state
        .db
        .read(move |conn| {
            if is_client {
                Ok(db::companies::find_api_client(conn, &id)?.map(|client| client.name))
            } else {
                match db::companies::find_user(conn, &id) {
                    Ok(user) => Ok(Some(user.name)),
                    Err(error) if error.is_not_found() => Ok(None),
                    Err(error) => Err(error),
                }
            }
        })
        .await?;
    Ok(name.unwrap_or_else(|| caller.id.clone()))
}

/// Reads what the report prints; `None` when the scope has no such session.
async fn gather(state: &AppState, scope: Scope, session_id: &str) -> Result<Option<Gathered>, ApiError> {
    let id = session_id.to_owned();
    let read = state
        .db
        .read(move |conn| {
            let session = db::sessions::find(conn, &scope, &id)?;
            let company = db::companies::find_company(conn, &session.company_id)?;
            let photos = db::sessions::photos_of(conn, &session.id)?;
            let extra_fields = db::sessions::extra_fields_of(conn, &session.id)?;
            let notes = db::sessions::notes_of(conn, &session.id)?;
            let attempts = db::sessions::attempts_of(conn, &session.id)?;
            Ok((session, company.name, photos, extra_fields, notes, attempts))
        })
        .await;
    let (session, company, photos, extra_fields, notes, attempts) = match read {
        Ok(read) => read,
        Err(error) if error.is_not_found() => return Ok(None),
        Err(error) => return Err(or_not_found("session")(error)),
    };
    let mut printable: Vec<(PhotoKind, PhotoRecord)> =
        photos.into_iter().filter_map(|photo| PhotoKind::parse(&photo.kind).map(|kind| (kind, photo))).collect();
    printable.sort_by_key(|(kind, _)| PhotoKind::ALL.iter().position(|k| k == kind));
    let facts = SessionFacts {
        session_id: session.id.clone(),
        external_id: session.external_id.clone(),
        company,
        status: session.status.clone(),
        created_at: timestamp(session.created_at),
        summary: summary(&session, attempts.last()),
        verification: VerificationFacts {
            verified: session.verified,
            liveness_passed: session.liveness_passed,
            document_valid: session.document_valid,
            face_match_level: session.face_match_level.and_then(|level| u8::try_from(level).ok()),
            document_real: session.document_real,
            full_document_detected: session.full_document_detected,
        },
        mrz: mrz(&session)?,
        activity: activity(&session),
        pep: pep(&session)?,
        extra_fields: extra_fields.into_iter().map(|f| ExtraField { name: f.name, value: f.value }).collect(),
        automatic_decision: automatic_decision(&session)?,
        pending_second_approval: session.pending_approval_by.is_some(),
        notes: notes.into_iter().map(note).collect::<Result<_, _>>()?,
        attempts: attempts.iter().map(attempt).collect(),
        photos: printable
            .iter()
            .map(|(kind, record)| PhotoRef { kind: kind.as_str().to_owned(), sha256: record.sha256.clone() })
            .collect(),
    };
    Ok(Some(Gathered { facts, company_id: session.company_id, photos: printable }))
}

fn corrupt(what: &str) -> impl Fn(serde_json::Error) -> ApiError + '_ {
    move |error| ApiError::Internal(format!("the stored {what} is corrupt: {error}"))
}

/// The Summary, with the names as the document's front prints them when they differ from the
/// MRZ's Latin spelling (Georgian, Cyrillic, accented Latin).
fn summary(s: &SessionRecord, latest: Option<&AttemptRecord>) -> SummaryFacts {
    let front = latest
        .and_then(|attempt| serde_json::from_str::<AttemptInput>(&attempt.payload_json).ok())
        .and_then(|input| input.document.fields);
    let native = |printed: Option<&String>, latin: &Option<String>| {
        printed
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .filter(|name| latin.as_deref().is_none_or(|latin| !latin.eq_ignore_ascii_case(name)))
    };
    SummaryFacts {
        native_first_name: native(front.as_ref().and_then(|f| f.first_name.as_ref()), &s.first_name),
        native_last_name: native(front.as_ref().and_then(|f| f.last_name.as_ref()), &s.last_name),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        document_type: s.document_type.clone(),
        document_number: s.document_number.clone(),
        personal_number: s.personal_number.clone(),
        sex: s.sex.clone(),
        birth_date: s.birth_date.clone(),
        expiration_date: s.expiration_date.clone(),
        nationality: s.nationality.clone(),
        issuing_state: s.issuing_state.clone(),
    }
}

fn mrz(s: &SessionRecord) -> Result<Option<MrzFacts>, ApiError> {
    let Some(json) = &s.mrz_report_json else { return Ok(None) };
    let report: MrzRecord = serde_json::from_str(json).map_err(corrupt("MRZ report"))?;
    Ok(Some(MrzFacts {
        format: report.format.as_str().to_owned(),
        valid: report.valid,
        lines: s.mrz_lines.as_deref().map(|lines| lines.lines().map(str::to_owned).collect()).unwrap_or_default(),
        details: report
            .details
            .into_iter()
            .map(|d| MrzDetail {
                field: d.field,
                value: d.value.map(String::from),
                valid: d.valid,
                error: d.error,
                line: d.line,
                start: d.start,
                end: d.end,
            })
            .collect(),
    }))
}

fn activity(s: &SessionRecord) -> ActivityFacts {
    ActivityFacts {
        user_agent: s.user_agent_raw.clone(),
        device_name: s.device_name.clone(),
        device_type: s.device_type.clone(),
        browser: s.browser.clone(),
        os: s.os.clone(),
        in_app_browser: s.in_app_browser.clone(),
        client_ip: s.client_ip.clone(),
        started_at: s.started_at.map(timestamp),
        finished_at: s.finished_at.map(timestamp),
        liveness_finished: s.liveness_finished,
        document_finished: s.document_finished,
        attempts: u32::try_from(s.attempts_count).unwrap_or_default(),
    }
}

fn pep(s: &SessionRecord) -> Result<PepFacts, ApiError> {
    let outcome: Option<ScreeningOutcome> =
        s.pep_result_json.as_deref().map(serde_json::from_str).transpose().map_err(corrupt("screening result"))?;
    let (lists, matches) = outcome.map(|o| (o.lists, o.matches)).unwrap_or_default();
    Ok(PepFacts {
        status: s.pep_status.clone(),
        screened_at: s.screened_at.map(timestamp),
        lists: lists.into_iter().map(|l| ScreenedList { id: l.id, name: l.name, version: l.version }).collect(),
        matches: matches.into_iter().map(|m| PepMatch { found: m.found, review: m.review }).collect(),
    })
}

/// The status the rules gave and why, from the stored decision trace.
fn automatic_decision(s: &SessionRecord) -> Result<Option<AutomaticDecision>, ApiError> {
    let Some(json) = &s.decision_trace_json else { return Ok(None) };
    let decision: StatusDecision = serde_json::from_str(json).map_err(corrupt("status decision"))?;
    let explanation = decision.explanation();
    let reason = explanation.split_once(": ").map_or(explanation.as_str(), |(_, reason)| reason).to_owned();
    Ok(Some(AutomaticDecision { status: decision.status.as_str().to_owned(), reason }))
}

fn note(n: NoteRecord) -> Result<NoteFacts, ApiError> {
    let reasons: Vec<String> = serde_json::from_str(&n.reasons_json).map_err(corrupt("note's reasons"))?;
    Ok(NoteFacts { author: n.author_name, kind: n.kind, body: n.body, reasons, created_at: timestamp(n.created_at) })
}

fn attempt(a: &AttemptRecord) -> AttemptFacts {
    AttemptFacts {
        number: u32::try_from(a.number).unwrap_or_default(),
        started_at: a.started_at.map(timestamp),
        finished_at: a.finished_at.map(timestamp),
        liveness_finished: a.liveness_finished,
        document_finished: a.document_finished,
        face_match_level: a.face_match_level.and_then(|level| u8::try_from(level).ok()),
        liveness_passed: a.liveness_passed,
        document_valid: a.document_valid,
        mrz_valid: a.mrz_valid,
        device_name: a.device_name.clone(),
        browser: a.browser.clone(),
        os: a.os.clone(),
        client_ip: a.client_ip.clone(),
    }
}
