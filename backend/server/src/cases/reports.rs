//! The report use cases: export a session as a tamper-evident PDF, and verify a printed report's
//! code against the stored session.
//!
//! An export reads everything the report prints into `kyc_domain::report::SessionFacts` (the
//! canonical session record), hashes it, draws a verification code, renders the PDF off the
//! async threads and then stores the code with the hash, together with a `session.export` audit
//! event. Verifying a code rebuilds the facts from what is stored now and compares the hashes.

use super::review::actor_name;
use super::{Actor, Error, Result};
use crate::db::{self, Attempt, ExtraFieldValue, Note, Photo, ReportExport, Scope, Session};
use crate::pdf;
use crate::state::AppState;
use chrono::{SubsecRound, Utc};
use kyc_domain::access::Permission;
use kyc_domain::ids::{ExportId, SessionId};
use kyc_domain::screening::MatchStanding;
use kyc_domain::session::reasons::{ReasonSources, status_reasons};
use kyc_domain::report::{
    ActivityFacts, AttemptFacts, AutomaticDecision, ExportFacts, ExtraField, Language, MrzDetail, MrzFacts, NoteFacts,
    PepFacts, Photo as PrintedPhoto, PhotoKind as PrintedKind, PhotoRef, SessionFacts, SummaryFacts, VerificationCode,
    VerificationFacts, build_report, timestamp,
};

/// Where a printed code can be checked; printed in every page's footer.
pub const VERIFY_PATH: &str = "/api/v1/reports/verify";

/// A rendered export, ready to download.
#[derive(Debug, Clone)]
pub struct ExportedReport {
    pub session_id: SessionId,
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
    SessionMissing(ReportExport),
    /// The report's session is stored; `current_hash` is its record's hash now.
    Found { export: ReportExport, current_hash: String },
    /// The report's session was redacted under the retention rules: what it printed is gone.
    Redacted { export: ReportExport, redaction: kyc_domain::retention::Redaction },
}

/// The session as the report prints it, read in one go, and its printable photos.
struct Gathered {
    session: Session,
    facts: SessionFacts,
    photos: Vec<(PrintedKind, Photo)>,
}

/// Why the session has its status, in words, for the report.
fn reason_messages(session: &Session) -> Vec<String> {
    let matches = MatchStanding::all_of(session.data.screening.as_ref());
    let sources = ReasonSources {
        decision: session.data.decision_trace.as_ref(),
        mrz: session.data.mrz_report.as_ref(),
        matches: &matches,
        screening_cleared: false,
    };
    status_reasons(sources).into_iter().map(|reason| reason.message).collect()
}

/// Renders the session's report, stores its code and hash, and audits the export.
pub async fn get_report_pdf(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    language: Language,
) -> Result<ExportedReport> {
    actor.require(Permission::ReadSessions)?;
    let gathered = gather(state, actor.scope(), id).await?.ok_or_else(|| Error::not_found("session"))?;
    let generated_by = actor_name(state, actor).await?;
    let redaction = state.db.read(move |conn| db::retention::redaction_of(conn, id)).await?;
    // A missing blob prints as an unreadable photo rather than failing the export.
    let company_id = gathered.session.key.company_id();
    let mut photos = Vec::with_capacity(gathered.photos.len());
    for (kind, photo) in &gathered.photos {
        let bytes = state.photos.get(company_id, &photo.sha256).await.unwrap_or_default();
        photos.push(PrintedPhoto { kind: *kind, bytes });
    }
    let facts = gathered.facts;
    let record_hash = facts.record_hash();
    let generated_at = Utc::now().trunc_subsecs(0);
    let code = VerificationCode::from_random(rand::random());
    let export = ExportFacts {
        generated_at: timestamp(generated_at.naive_utc()),
        generated_by: generated_by.clone(),
        record_hash: record_hash.clone(),
        code: code.clone(),
        verify_at: VERIFY_PATH.to_owned(),
        status_reasons: reason_messages(&gathered.session),
        redaction,
    };
    let report = build_report(&facts, &export, photos, language);
    let rendered = super::heavy(state, move || pdf::render(&report)).await?.map_err(|error| Error::Internal(error.into()))?;
    let record = ReportExport {
        id: ExportId::generate(),
        code: code.as_str().to_owned(),
        session_id: id,
        company_id: gathered.session.key.company_id(),
        record_hash: record_hash.clone(),
        language,
        generated_by: actor.principal().to_string(),
        generated_by_name: generated_by,
        generated_at,
        pages: i32::try_from(rendered.pages).unwrap_or(i32::MAX),
        size_bytes: rendered.bytes.len() as i64,
    };
    let key = gathered.session.key;
    state
        .db
        .write_audited(actor.event("session.export", "session", &id.to_string()), move |conn| {
            db::reports::insert_export(conn, &key, &record)
        })
        .await?;
    Ok(ExportedReport { session_id: id, language, code, record_hash, pages: rendered.pages, pdf: rendered.bytes })
}

/// Looks a printed code up in the caller's company and compares the record then and now.
pub async fn verify_report(state: &AppState, actor: &Actor, code: &VerificationCode) -> Result<Verification> {
    actor.require(Permission::ReadSessions)?;
    let (scope, code_text) = (actor.scope(), code.as_str().to_owned());
    let export = state.db.read(move |conn| db::reports::find_by_code(conn, &scope, &code_text)).await?;
    let verification = match export {
        None => Verification::UnknownCode,
        Some(export) => {
            let session_id = export.session_id;
            match state.db.read(move |conn| db::retention::redaction_of(conn, session_id)).await? {
                Some(redaction) => Verification::Redacted { export, redaction },
                None => match gather(state, Scope::Company(export.company_id), export.session_id).await? {
                    None => Verification::SessionMissing(export),
                    Some(gathered) => Verification::Found { current_hash: gathered.facts.record_hash(), export },
                },
            }
        }
    };
    let (target, outcome) = match &verification {
        Verification::UnknownCode => (code.as_str().to_owned(), "unknown_code"),
        Verification::SessionMissing(export) => (export.id.to_string(), "session_missing"),
        Verification::Found { export, current_hash } if *current_hash == export.record_hash => {
            (export.id.to_string(), "current")
        }
        Verification::Found { export, .. } => (export.id.to_string(), "changed"),
        Verification::Redacted { export, .. } => (export.id.to_string(), "redacted"),
    };
    let mut event = actor.event("report.verify", "report", &target);
    event.outcome = outcome.to_owned();
    state.db.audit(event).await?;
    Ok(verification)
}

/// Reads what the report prints; `None` when the scope has no such session.
async fn gather(state: &AppState, scope: Scope, id: SessionId) -> Result<Option<Gathered>> {
    Ok(state.db.read(move |conn| gather_now(conn, &scope, id)).await?)
}

/// The canonical record of a session as stored now, in the caller's transaction (retention
/// hashes it before redacting).
pub(crate) fn record_facts_now(
    conn: &mut db::AnyConnection,
    scope: &Scope,
    id: SessionId,
) -> std::result::Result<Option<SessionFacts>, db::DbError> {
    Ok(gather_now(conn, scope, id)?.map(|gathered| gathered.facts))
}

fn gather_now(
    conn: &mut db::AnyConnection,
    scope: &Scope,
    id: SessionId,
) -> std::result::Result<Option<Gathered>, db::DbError> {
    let Some(session) = db::sessions::find(conn, scope, id)? else { return Ok(None) };
    let company = db::companies::find_company(conn, session.key.company_id())?;
    let photos = db::sessions::photos_of(conn, &session.key)?;
    let extra_fields = db::sessions::extra_fields_of(conn, &session.key)?;
    let notes = db::sessions::notes_of(conn, &session.key)?;
    let attempts = db::sessions::attempts_of(conn, &session.key)?;
    let company = company.map(|company| company.name).unwrap_or_default();
    let mut printable: Vec<(PrintedKind, Photo)> = photos
        .into_iter()
        .filter_map(|photo| PrintedKind::parse(&photo.kind.to_string()).map(|kind| (kind, photo)))
        .collect();
    printable.sort_by_key(|(kind, _)| PrintedKind::ALL.iter().position(|k| k == kind));
    let facts = facts_of(&session, company, &printable, extra_fields, notes, &attempts);
    Ok(Some(Gathered { session, facts, photos: printable }))
}

fn facts_of(
    session: &Session,
    company: String,
    photos: &[(PrintedKind, Photo)],
    extra_fields: Vec<ExtraFieldValue>,
    notes: Vec<Note>,
    attempts: &[Attempt],
) -> SessionFacts {
    let data = &session.data;
    SessionFacts {
        session_id: session.key.id().to_string(),
        external_id: session.external_id.clone(),
        company,
        status: data.status,
        created_at: timestamp(session.created_at.naive_utc()),
        summary: summary(session, attempts.last()),
        verification: VerificationFacts {
            verified: data.verified,
            liveness_passed: data.checks.liveness_passed,
            document_valid: data.checks.document_valid,
            face_match_level: data.checks.face_match_level.map(|level| level.value()),
            document_real: data.checks.document_real,
            full_document_detected: data.checks.full_document_detected,
        },
        mrz: mrz(session),
        activity: activity(session),
        pep: PepFacts {
            status: data.pep_status(),
            screened_at: data.screened_at.map(|at| timestamp(at.naive_utc())),
            lists: data.screening.as_ref().map(|outcome| outcome.lists.clone()).unwrap_or_default(),
            matches: data.screening.as_ref().map(|outcome| outcome.matches.clone()).unwrap_or_default(),
        },
        extra_fields: extra_fields
            .into_iter()
            .map(|field| ExtraField { name: field.name, value: field.value })
            .collect(),
        automatic_decision: data.decision_trace.as_ref().map(|decision| {
            let explanation = decision.explanation();
            let reason = explanation.split_once(": ").map_or(explanation.as_str(), |(_, reason)| reason).to_owned();
            AutomaticDecision { status: decision.status, reason }
        }),
        pending_second_approval: data.pending_approval_by.is_some(),
        notes: notes.into_iter().map(note).collect(),
        attempts: attempts.iter().map(attempt).collect(),
        photos: photos
            .iter()
            .map(|(kind, photo)| PhotoRef { kind: kind.as_str().to_owned(), sha256: photo.sha256.clone() })
            .collect(),
    }
}

/// The Summary, with the names as the document's front prints them when they differ from the
/// MRZ's Latin spelling (Georgian, Cyrillic, accented Latin).
fn summary(session: &Session, latest: Option<&Attempt>) -> SummaryFacts {
    let person = &session.data.person;
    let front = latest.map(|attempt| &attempt.front_side);
    let native = |printed: Option<&String>, latin: &Option<String>| {
        printed
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .filter(|name| latin.as_deref().is_none_or(|latin| !latin.eq_ignore_ascii_case(name)))
    };
    SummaryFacts {
        native_first_name: native(front.and_then(|f| f.first_name.as_ref()), &person.first_name),
        native_last_name: native(front.and_then(|f| f.last_name.as_ref()), &person.last_name),
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        document_type: person.document_type,
        document_number: person.document_number.clone(),
        personal_number: person.personal_number.clone(),
        sex: person.sex.clone(),
        birth_date: person.birth_date.clone(),
        expiration_date: person.expiration_date.clone(),
        nationality: person.nationality.clone(),
        issuing_state: person.issuing_state.clone(),
    }
}

fn mrz(session: &Session) -> Option<MrzFacts> {
    let report = session.data.mrz_report.as_ref()?;
    Some(MrzFacts {
        format: report.format.as_str().to_owned(),
        valid: report.valid,
        lines: session.data.mrz_lines.clone(),
        details: report
            .details
            .iter()
            .map(|d| MrzDetail {
                field: d.field,
                value: d.value.as_ref().map(|value| value.to_string()),
                valid: d.valid,
                error: d.error.clone(),
                line: d.line,
                start: d.start,
                end: d.end,
            })
            .collect(),
    })
}

fn activity(session: &Session) -> ActivityFacts {
    let activity = &session.data.activity;
    let ua = activity.user_agent.as_ref();
    ActivityFacts {
        user_agent: ua.map(|u| u.raw.clone()),
        device_name: ua.map(|u| u.device_name.clone()),
        device_type: ua.map(|u| u.device_type.as_str().to_owned()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        in_app_browser: ua.and_then(|u| u.in_app_browser.clone()),
        client_ip: activity.client_ip.map(|ip| ip.to_string()),
        started_at: activity.started_at.map(|at| timestamp(at.naive_utc())),
        finished_at: activity.finished_at.map(|at| timestamp(at.naive_utc())),
        liveness_finished: activity.liveness_finished,
        document_finished: activity.document_finished,
        attempts: u32::try_from(session.data.attempts_count).unwrap_or_default(),
    }
}

fn note(note: Note) -> NoteFacts {
    NoteFacts {
        author: note.author_name,
        kind: note.kind,
        body: note.body,
        reasons: note.reasons.iter().map(|reason| reason.as_str().to_owned()).collect(),
        created_at: timestamp(note.created_at.naive_utc()),
    }
}

fn attempt(a: &Attempt) -> AttemptFacts {
    let ua = a.user_agent.as_ref();
    AttemptFacts {
        number: u32::try_from(a.number).unwrap_or_default(),
        started_at: a.started_at.map(|at| timestamp(at.naive_utc())),
        finished_at: a.finished_at.map(|at| timestamp(at.naive_utc())),
        liveness_finished: a.liveness_finished,
        document_finished: a.document_finished,
        face_match_level: a.face_match_level.map(|level| level.value()),
        liveness_passed: a.liveness_passed,
        document_valid: a.document_valid,
        mrz_valid: a.mrz_valid,
        device_name: ua.map(|u| u.device_name.clone()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        client_ip: a.client_ip.map(|ip| ip.to_string()),
    }
}
