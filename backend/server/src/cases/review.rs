//! The review use cases: notes, manual decisions, the company's settings and the activity log.

use super::sessions::{company_settings, find_session};
use super::{Actor, Error, Result};
use crate::db::audit::AuditFilter;
use crate::db::{self, AuditEvent, Note};
use crate::state::AppState;
use chrono::Utc;
use kyc_domain::access::Permission;
use kyc_domain::ids::{NoteId, Principal, SessionId};
use kyc_domain::session::SessionStatus;
use kyc_domain::screening::MatchStanding;
use kyc_domain::session::assignment;
use kyc_domain::session::decision::{
    Decision, DecisionError, DecisionOutcome, DecisionRequest, NoteKind, RejectionReason, ReviewState,
    apply_decision,
};
use kyc_domain::session::rules::CompanySettings;
use std::collections::HashMap;

/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 4000;

/// What a decision did, and the note it wrote.
#[derive(Debug, Clone)]
pub struct DecisionResult {
    pub status: SessionStatus,
    pub outcome: DecisionOutcome,
    pub note: Note,
}

/// A page of the activity log with the names of the actors in it.
#[derive(Debug, Clone)]
pub struct ActivityPage {
    pub events: Vec<AuditEvent>,
    pub actor_names: HashMap<String, String>,
    /// The customers' names of the sessions the events are about, by session id.
    pub target_names: HashMap<String, String>,
    /// Pass back to get older events.
    pub next_before_id: Option<kyc_domain::ids::AuditEventId>,
}

/// A session's notes, oldest first; the read is audited.
pub async fn list_notes(state: &AppState, actor: &Actor, id: SessionId) -> Result<Vec<Note>> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    let notes = state.db.read(move |conn| db::sessions::notes_of(conn, &session.key)).await?;
    state.db.audit(actor.event("session.notes.view", "session", &id.to_string())).await?;
    Ok(notes)
}

pub async fn create_note(state: &AppState, actor: &Actor, id: SessionId, body: &str) -> Result<Note> {
    actor.require(Permission::Review)?;
    let body = note_body(body)?.ok_or_else(|| Error::invalid("body", "a note cannot be empty"))?;
    let session = find_session(state, actor, id).await?;
    let note = new_note(state, actor, NoteKind::Note, body, Vec::new()).await?;
    let stored = note.clone();
    state
        .db
        .write_audited(actor.event("session.note", "session", &id.to_string()), move |conn| {
            db::assignments::touch(conn, &session.key, &stored.author_id.to_string(), stored.created_at)?;
            db::sessions::insert_note(conn, &session.key, &stored)
        })
        .await?;
    Ok(note)
}

/// A trimmed note body within the size limit; `None` when it is blank.
fn note_body(text: &str) -> Result<Option<String>> {
    let body = text.trim();
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::invalid("body", format!("a note has at most {MAX_NOTE_CHARS} characters")));
    }
    Ok((!body.is_empty()).then(|| body.to_owned()))
}

/// A note by the actor, who must be a user (API clients do not review).
pub(crate) async fn new_note(
    state: &AppState,
    actor: &Actor,
    kind: NoteKind,
    body: String,
    reasons: Vec<RejectionReason>,
) -> Result<Note> {
    let author_id = actor.user_id().ok_or_else(|| Error::Forbidden("only a user may write notes".into()))?;
    Ok(Note {
        id: NoteId::generate(),
        author_id,
        author_name: actor_name(state, actor).await?,
        kind,
        body,
        reasons,
        created_at: Utc::now(),
    })
}

/// The name notes, exports and the log show for an actor: the user's or API client's name, else its id.
pub(crate) async fn actor_name(state: &AppState, actor: &Actor) -> Result<String> {
    let principal = actor.principal().clone();
    let name = state
        .db
        .read(move |conn| match &principal {
            Principal::User(id) => Ok(db::companies::find_user(conn, *id)?.map(|user| user.name)),
            Principal::ApiClient(id) => Ok(db::companies::find_api_client(conn, id)?.map(|client| client.name)),
        })
        .await?;
    Ok(name.unwrap_or_else(|| actor.principal().to_string()))
}

/// Approves or rejects a session awaiting action; writes a note of the decision's kind. The
/// domain's decision rules, the screening gate among them, decide whether it is allowed.
pub async fn decide_session(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    decision: Decision,
    note: &str,
    reasons: Vec<RejectionReason>,
) -> Result<DecisionResult> {
    actor.require(Permission::Review)?;
    let written = note_body(note)?;
    let reviewer = actor.user_id().ok_or_else(|| Error::Forbidden("only a user may decide".into()))?;
    let mut session = find_session(state, actor, id).await?;
    let key = session.key;
    let held = state.db.read(move |conn| db::assignments::of(conn, &key)).await?;
    assignment::may_work(held.as_ref(), &reviewer.to_string(), Utc::now()).map_err(|held| Error::Conflict(held.to_string()))?;
    let settings = company_settings(state, session.key.company_id()).await?;
    let review = ReviewState {
        status: session.data.status,
        // Without a trace nothing proves the checks passed: treat it as failed, the safe side.
        failed_automatic_check: session.data.decision_trace.as_ref().is_none_or(|trace| trace.failed_automatic_check()),
        pending_approval_by: session.data.pending_approval_by.map(|id| id.to_string()),
        matches: MatchStanding::all_of(session.data.screening.as_ref()),
    };
    let reviewer_text = reviewer.to_string();
    let request = DecisionRequest {
        decision,
        reasons: &reasons,
        note: written.as_deref().unwrap_or(""),
        reviewer: &reviewer_text,
        role: actor.role(),
        four_eyes: settings.four_eyes_review,
    };
    let outcome = apply_decision(&review, &request).map_err(decision_problem)?;
    let after = review.after(&outcome, &reviewer_text);
    session.data.status = after.status;
    session.data.verified = after.status == SessionStatus::Verified;
    session.data.pending_approval_by = after.pending_approval_by.is_some().then_some(reviewer);
    session.data.updated_at = Utc::now();
    let events = super::webhooks::decision_events(&session, review.status, decision, &reasons, &settings);
    let action = match (&outcome, decision) {
        (DecisionOutcome::AwaitingSecondApproval, _) => "session.approve.first",
        (_, Decision::Approve) => "session.approve",
        (_, Decision::Reject) => "session.reject",
    };
    let body = written.unwrap_or_else(|| decision.default_note(&reasons));
    let note = new_note(state, actor, decision.note_kind(), body, reasons).await?;
    let (stored, status) = (note.clone(), session.data.status);
    state
        .db
        .write_audited(actor.event(action, "session", &id.to_string()), move |conn| {
            db::sessions::update(conn, &session)?;
            db::webhooks::append_events(conn, session.key.company_id(), events)?;
            // A decision ends the officer's work on the session: the queue gets it back.
            db::assignments::release(conn, &session.key)?;
            db::sessions::insert_note(conn, &session.key, &stored)
        })
        .await?;
    super::webhooks::committed(state);
    Ok(DecisionResult { status, outcome, note })
}

/// A refused decision as a problem: what the session's state forbids is a conflict (409, the
/// screening gate's naming the match); what the request can fix is invalid input (422).
fn decision_problem(error: DecisionError) -> Error {
    match error {
        DecisionError::NotAwaitingAction { .. }
        | DecisionError::SameReviewerTwice
        | DecisionError::UnreviewedMatch { .. }
        | DecisionError::ConfirmedSanction { .. }
        | DecisionError::AdminApprovalRequired { .. } => Error::Conflict(error.to_string()),
        DecisionError::RoleMayNotDecide { .. } | DecisionError::MissingActor => Error::Forbidden(error.to_string()),
        DecisionError::NoteRequiredForPep { .. } => Error::invalid("note", error.to_string()),
        other => Error::invalid("reasons", other.to_string()),
    }
}

/// The rejection reasons exist for everyone who may read sessions.
pub fn list_rejection_reasons(actor: &Actor) -> Result<()> {
    actor.require(Permission::ReadSessions)
}

pub async fn get_settings(state: &AppState, actor: &Actor) -> Result<CompanySettings> {
    actor.require(Permission::Administer)?;
    company_settings(state, actor.own_company("settings")?).await
}

/// Replaces the company's settings, normalised and validated; audited.
pub async fn update_settings(state: &AppState, actor: &Actor, settings: CompanySettings) -> Result<CompanySettings> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("settings")?;
    let settings = settings.normalised();
    settings.validate().map_err(|error| Error::invalid("settings", error.to_string()))?;
    if !super::auth::staff_may_connect_from(&settings, actor.ip()) {
        let refusal = format!("does not include your own address {}: saving it would lock you out; add it first", actor.ip());
        return Err(Error::invalid("staff_ip_allowlist", refusal));
    }
    let stored = settings.clone();
    state
        .db
        .write_audited(actor.event("settings.update", "company", &company_id.to_string()), move |conn| {
            db::companies::update_company_settings(conn, company_id, &stored)
        })
        .await?;
    Ok(settings)
}

/// Who viewed, exported, noted and decided on one session (admin), with the log's filters.
pub async fn get_session_activity(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    filter: AuditFilter,
    limit: i64,
) -> Result<ActivityPage> {
    actor.require(Permission::Administer)?;
    let session = find_session(state, actor, id).await?;
    let filter = AuditFilter { target_id: Some(session.key.id().to_string()), ..filter };
    activity_page(state, actor, filter, limit).await
}

/// The company's activity log, newest first (admin).
pub async fn list_audit_events(
    state: &AppState,
    actor: &Actor,
    filter: AuditFilter,
    limit: i64,
) -> Result<ActivityPage> {
    actor.require(Permission::Administer)?;
    activity_page(state, actor, filter, limit).await
}

async fn activity_page(state: &AppState, actor: &Actor, filter: AuditFilter, limit: i64) -> Result<ActivityPage> {
    let scope = actor.scope();
    let (mut events, actor_names, target_names) = state
        .db
        .read(move |conn| {
            let events = db::audit::list(conn, &scope, &filter, limit + 1)?;
            let ids: Vec<String> = events.iter().map(|event| event.actor_id.clone()).collect();
            let sessions: Vec<SessionId> = events
                .iter()
                .filter(|event| event.target_type.as_deref() == Some("session"))
                .filter_map(|event| event.target_id.as_deref().and_then(|id| id.parse().ok()))
                .collect();
            Ok((events, db::companies::actor_names(conn, &ids)?, db::sessions::names_of(conn, &scope, &sessions)?))
        })
        .await?;
    let has_more = events.len() as i64 > limit;
    events.truncate(usize::try_from(limit).unwrap_or_default());
    let next_before_id = has_more.then(|| events.last().map(|event| event.id)).flatten();
    Ok(ActivityPage { events, actor_names, target_names, next_before_id })
}
