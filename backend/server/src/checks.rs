//! The checks use cases: a session's MRZ report and screening result, the stateless MRZ and
//! screening checks, and an operator's review of a screening match.

use crate::api::auth::Caller;
use crate::api::check_views::*;
use crate::api::error::ApiError;
use crate::api::views::utc;
use crate::db::{self, NoteRecord};
use crate::ingest::{mrz_problem, to_json};
use crate::screening::{ScreeningOutcome, pep_status};
use crate::sessions::{audit, author_name, find_session};
use crate::state::AppState;
use kyc_domain::mrz::{self, MrzRecord};
use kyc_domain::screening::{PersonQuery, Sex};

/// The most MRZ lines any format has.
const MAX_MRZ_LINES: usize = 3;

/// The MRZ report stored at ingest, checked against the day the session arrived.
pub async fn session_mrz(state: &AppState, caller: &Caller, id: &str) -> Result<MrzCheck, ApiError> {
    let session = find_session(state, caller, id).await?;
    let report_json = session
        .mrz_report_json
        .as_deref()
        .ok_or_else(|| ApiError::NotFound("this session has no MRZ report".into()))?;
    let report: MrzRecord = serde_json::from_str(report_json)
        .map_err(|error| ApiError::Internal(format!("stored MRZ report is corrupt: {error}")))?;
    let lines = session.mrz_lines.as_deref().unwrap_or_default().lines().map(str::to_owned).collect();
    audit(state, caller.event("session.mrz.view", "session", &session.id)).await?;
    Ok(MrzCheck::new(&report, lines, None))
}

/// Checks an MRZ without storing anything.
pub fn check_mrz(request: MrzCheckRequest, today: chrono::NaiveDate) -> Result<MrzCheck, ApiError> {
    let lines = request_lines(&request)?;
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = mrz::check_lines(&refs, today).map_err(mrz_problem("lines"))?;
    let repair = if request.repair && !report.is_valid() { mrz::repair(&refs, today) } else { None };
    Ok(MrzCheck::new(&report.record(), lines, repair))
}

fn request_lines(request: &MrzCheckRequest) -> Result<Vec<String>, ApiError> {
    let lines: Vec<String> = match (&request.lines, &request.mrz) {
        (Some(lines), None) => lines.clone(),
        (None, Some(text)) => text.lines().map(str::to_owned).collect(),
        _ => return Err(ApiError::unprocessable("lines", "give either lines or mrz")),
    };
    let lines: Vec<String> = lines.into_iter().map(|line| line.trim_end().to_owned()).collect();
    let count = lines.iter().rposition(|line| !line.is_empty()).map_or(0, |last| last + 1);
    if count == 0 || count > MAX_MRZ_LINES {
        return Err(ApiError::unprocessable("lines", format!("an MRZ has 1 to 3 lines, got {count}")));
    }
    Ok(lines[..count].to_vec())
}

/// The PEPInfo tab of a session.
pub async fn session_pep(state: &AppState, caller: &Caller, id: &str) -> Result<PepResult, ApiError> {
    let session = find_session(state, caller, id).await?;
    let outcome = stored_outcome(session.pep_result_json.as_deref())?;
    audit(state, caller.event("session.pep.view", "session", &session.id)).await?;
    Ok(PepResult::new(&session.pep_status, session.screened_at.map(utc), outcome.as_ref()))
}

fn stored_outcome(json: Option<&str>) -> Result<Option<ScreeningOutcome>, ApiError> {
    json.map(serde_json::from_str)
        .transpose()
        .map_err(|error| ApiError::Internal(format!("stored screening result is corrupt: {error}")))
}

/// Screens a person against the loaded lists without a session.
pub async fn screen_person(
    state: &AppState,
    caller: &Caller,
    request: ScreeningCheckRequest,
) -> Result<PepResult, ApiError> {
    let query = person_query(request)?;
    let outcome = state.screening.screen(&query);
    audit(state, caller.event("screening.check", "screening", "adhoc")).await?;
    let screened_at = outcome.as_ref().map(|_| chrono::Utc::now());
    Ok(PepResult::new(pep_status(outcome.as_ref()), screened_at, outcome.as_ref()))
}

fn person_query(request: ScreeningCheckRequest) -> Result<PersonQuery, ApiError> {
    let has_name = [&request.first_name, &request.last_name].iter().any(|name| name.as_deref().is_some_and(|n| !n.trim().is_empty()))
        || request.native_names.iter().any(|name| !name.trim().is_empty());
    if !has_name {
        return Err(ApiError::unprocessable("last_name", "give at least one name to screen"));
    }
    let sex = match request.sex.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            Sex::parse(text).ok_or_else(|| ApiError::unprocessable("sex", format!("unknown sex {text:?}; use M or F")))?,
        ),
    };
    Ok(PersonQuery {
        first_name: request.first_name,
        last_name: request.last_name,
        native_names: request.native_names,
        birth_date: request.birth_date,
        nationality: request.nationality,
        sex,
        document_number: request.document_number,
    })
}

/// Marks one match of a session as a false positive or confirmed, with a note and an audit event.
pub async fn review_match(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    entity_id: &str,
    request: MatchReviewRequest,
) -> Result<PepResult, ApiError> {
    let review = match request.review.as_str() {
        "false_positive" | "confirmed" => request.review.clone(),
        other => return Err(ApiError::unprocessable("review", format!("unknown review {other:?}; use false_positive or confirmed"))),
    };
    let note_body = request.note.trim().to_owned();
    if note_body.is_empty() {
        return Err(ApiError::unprocessable("note", "say why, in a note"));
    }
    let mut session = find_session(state, caller, session_id).await?;
    let mut outcome = stored_outcome(session.pep_result_json.as_deref())?
        .ok_or_else(|| ApiError::NotFound("this session was not screened".into()))?;
    let found = outcome
        .matches
        .iter_mut()
        .find(|m| m.found.entity_id == entity_id)
        .ok_or_else(|| ApiError::NotFound("no such match on this session".into()))?;
    found.review = review.clone();
    let body = format!(
        "Screening match {} ({}, {}) marked {}: {note_body}",
        found.found.name, found.found.list, found.found.entity_id, review.replace('_', " ")
    );
    session.pep_status = pep_status(Some(&outcome)).to_owned();
    session.pep_result_json = Some(to_json(&outcome)?);
    session.updated_at = db::now();
    let note = NoteRecord {
        id: db::new_id(),
        session_id: session.id.clone(),
        author_id: caller.id.clone(),
        author_name: author_name(state, caller).await?,
        kind: "note".to_owned(),
        body,
        reasons_json: "[]".to_owned(),
        created_at: db::now(),
    };
    let event = caller.event(&format!("session.pep.{review}"), "session", &session.id);
    let (status, screened_at) = (session.pep_status.clone(), session.screened_at.map(utc));
    state
        .db
        .write(move |conn| {
            db::sessions::update(conn, &session)?;
            db::sessions::insert_note(conn, &note)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(PepResult::new(&status, screened_at, Some(&outcome)))
}

/// Every stored list version, newest first within a name.
pub async fn screening_lists(state: &AppState) -> Result<ScreeningListPage, ApiError> {
    let lists = state.db.read(db::screening::all_lists).await?;
    Ok(ScreeningListPage {
        items: lists
            .into_iter()
            .map(|list| ScreeningListView {
                id: list.id,
                name: list.name,
                source_format: list.source_format,
                version: list.version,
                imported_at: utc(list.imported_at),
                entry_count: list.entry_count,
                active: list.active,
            })
            .collect(),
    })
}
