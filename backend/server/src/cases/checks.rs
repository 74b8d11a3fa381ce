//! The checks use cases: a session's MRZ report and screening result, the stateless MRZ and
//! screening checks, an operator's review of a screening match, and the stored lists.

use super::sessions::find_session;
use super::{Actor, Error, Result};
use crate::db::{self, ScreeningList};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::access::Permission;
use kyc_domain::ids::SessionId;
use kyc_domain::mrz::{self, MrzRecord, MrzRepair};
use kyc_domain::screening::{MatchReview, PepStatus, PersonQuery, ScreeningOutcome};
use kyc_domain::session::decision::NoteKind;

/// An MRZ report and the lines it was made from.
#[derive(Debug, Clone)]
pub struct MrzCheck {
    pub report: MrzRecord,
    pub lines: Vec<String>,
    /// A correction whose every check digit verifies, when one was asked for and exists.
    pub repair: Option<MrzRepair>,
}

/// A screening result as the PEPInfo tab shows it.
#[derive(Debug, Clone)]
pub struct PepResult {
    pub status: PepStatus,
    pub screened_at: Option<DateTime<Utc>>,
    pub outcome: Option<ScreeningOutcome>,
}

impl PepResult {
    fn of(outcome: Option<ScreeningOutcome>, screened_at: Option<DateTime<Utc>>) -> PepResult {
        PepResult { status: PepStatus::of(outcome.as_ref()), screened_at, outcome }
    }
}

/// The MRZ report stored at ingest, checked against the day the session arrived; audited.
pub async fn get_session_mrz(state: &AppState, actor: &Actor, id: SessionId) -> Result<MrzCheck> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    let report = session.data.mrz_report.ok_or_else(|| Error::NotFound("this session's MRZ report".into()))?;
    state.db.audit(actor.event("session.mrz.view", "session", &id.to_string())).await?;
    Ok(MrzCheck { report, lines: session.data.mrz_lines, repair: None })
}

/// Checks an MRZ without storing anything; proposes a repair when asked and the MRZ is invalid.
/// The repair searches look-alike characters, so it runs as heavy work and counts against the
/// caller's budget of expensive operations.
pub async fn check_mrz(state: &AppState, actor: &Actor, lines: Vec<String>, repair: bool, today: NaiveDate) -> Result<MrzCheck> {
    actor.require(Permission::ReadSessions)?;
    super::heavy(state, move || check_mrz_now(&lines, repair, today)).await?
}

fn check_mrz_now(lines: &[String], repair: bool, today: NaiveDate) -> Result<MrzCheck> {
    let raw: Vec<&str> = lines.iter().map(String::as_str).collect();
    let lines = mrz::read_lines(&raw).map_err(|error| Error::mrz("lines", error))?;
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = mrz::check_lines(&refs, today).map_err(|error| Error::mrz("lines", error))?;
    let repair = if repair && !report.is_valid() { mrz::repair(&refs, today) } else { None };
    Ok(MrzCheck { report: report.record(), lines, repair })
}

/// The PEPInfo tab of a session; audited.
pub async fn get_session_pep(state: &AppState, actor: &Actor, id: SessionId) -> Result<PepResult> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    state.db.audit(actor.event("session.pep.view", "session", &id.to_string())).await?;
    Ok(PepResult::of(session.data.screening, session.data.screened_at))
}

/// Screens a person against the loaded lists without a session; audited.
pub async fn check_screening(state: &AppState, actor: &Actor, query: PersonQuery) -> Result<PepResult> {
    actor.require(Permission::ReadSessions)?;
    let has_name =
        [&query.first_name, &query.last_name].iter().any(|name| name.as_deref().is_some_and(|n| !n.trim().is_empty()))
            || query.native_names.iter().any(|name| !name.trim().is_empty());
    if !has_name {
        return Err(Error::invalid("last_name", "give at least one name to screen"));
    }
    let index = state.screening.clone();
    let outcome = super::heavy(state, move || index.screen(&query)).await?;
    state.db.audit(actor.event("screening.check", "screening", "adhoc")).await?;
    let screened_at = outcome.as_ref().map(|_| Utc::now());
    Ok(PepResult::of(outcome, screened_at))
}

/// Marks one match of a session as a false positive or confirmed, with a note and an audit event.
pub async fn review_pep_match(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    entity_id: &str,
    review: MatchReview,
    note: &str,
) -> Result<PepResult> {
    actor.require(Permission::Review)?;
    if review == MatchReview::Open {
        return Err(Error::invalid("review", "a review is false_positive or confirmed"));
    }
    let note_body = note.trim();
    if note_body.is_empty() {
        return Err(Error::invalid("note", "say why, in a note"));
    }
    let mut session = find_session(state, actor, id).await?;
    let outcome =
        session.data.screening.as_mut().ok_or_else(|| Error::NotFound("a screening of this session".into()))?;
    let found =
        outcome.review(entity_id, review).ok_or_else(|| Error::NotFound("this match on this session".into()))?;
    let body = format!(
        "Screening match {} ({}, {}) marked {}: {note_body}",
        found.found.name,
        found.found.list,
        found.found.entity_id,
        review.as_str().replace('_', " ")
    );
    session.data.updated_at = Utc::now();
    // A first approval was given for the matches as they stood; a changed review voids it.
    session.data.pending_approval_by = None;
    let note = super::review::new_note(state, actor, NoteKind::Note, body, Vec::new()).await?;
    let event = actor.event(&format!("session.pep.{review}"), "session", &id.to_string());
    let result = PepResult::of(session.data.screening.clone(), session.data.screened_at);
    state
        .db
        .write_audited(event, move |conn| {
            db::sessions::update(conn, &session)?;
            db::assignments::touch(conn, &session.key, &note.author_id.to_string(), note.created_at)?;
            db::sessions::insert_note(conn, &session.key, &note)
        })
        .await?;
    Ok(result)
}

/// Every stored list version, newest first within a name (admin).
pub async fn list_screening_lists(state: &AppState, actor: &Actor) -> Result<Vec<ScreeningList>> {
    actor.require(Permission::Administer)?;
    Ok(state.db.read(db::screening::all_lists).await?)
}
