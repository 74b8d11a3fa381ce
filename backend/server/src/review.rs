//! The review use cases: notes, manual decisions, the company's settings and the activity log.

use crate::api::auth::Caller;
use crate::api::error::ApiError;
use crate::api::review_views::*;
use crate::api::views::utc;
use crate::db::audit::AuditFilter;
use crate::db::{self, NoteRecord};
use crate::ingest::to_json;
use crate::sessions::{audit, author_name, company_settings, find_session};
use crate::state::AppState;
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::{
    Decision, DecisionError, DecisionOutcome, RejectionGroup, RejectionReason, ReviewState, apply_decision,
};
use kyc_domain::session::rules::StatusDecision;

const MAX_NOTE_CHARS: usize = 4000;

pub async fn list_notes(state: &AppState, caller: &Caller, session_id: &str) -> Result<NoteList, ApiError> {
    let session = find_session(state, caller, session_id).await?;
    let id = session.id.clone();
    let notes = state.db.read(move |conn| db::sessions::notes_of(conn, &id)).await?;
    audit(state, caller.event("session.notes.view", "session", &session.id)).await?;
    Ok(NoteList { items: notes.into_iter().map(note_view).collect() })
}

pub async fn add_note(state: &AppState, caller: &Caller, session_id: &str, input: NoteInput) -> Result<NoteView, ApiError> {
    let body = note_body(&input.body)?.ok_or_else(|| ApiError::unprocessable("body", "a note cannot be empty"))?;
    let session = find_session(state, caller, session_id).await?;
    let note = new_note(state, caller, &session.id, "note", body, &[]).await?;
    let event = caller.event("session.note", "session", &session.id);
    let stored = note.clone();
    state
        .db
        .write(move |conn| {
            db::sessions::insert_note(conn, &stored)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(note_view(note))
}

/// A trimmed note body within the size limit; `None` when it is blank.
fn note_body(text: &str) -> Result<Option<String>, ApiError> {
    let body = text.trim();
    if body.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::unprocessable("body", format!("a note has at most {MAX_NOTE_CHARS} characters")));
    }
    Ok((!body.is_empty()).then(|| body.to_owned()))
}

async fn new_note(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    kind: &str,
    body: String,
    reasons: &[RejectionReason],
) -> Result<NoteRecord, ApiError> {
    Ok(NoteRecord {
        id: db::new_id(),
        session_id: session_id.to_owned(),
        author_id: caller.id.clone(),
        author_name: author_name(state, caller).await?,
        kind: kind.to_owned(),
        body,
        reasons_json: to_json(&reasons.iter().map(|reason| reason.as_str()).collect::<Vec<_>>())?,
        created_at: db::now(),
    })
}

fn note_view(note: NoteRecord) -> NoteView {
    NoteView {
        reasons: serde_json::from_str(&note.reasons_json).unwrap_or_default(),
        author: AuthorView { id: note.author_id, name: note.author_name },
        id: note.id,
        body: note.body,
        kind: note.kind,
        created_at: utc(note.created_at),
    }
}

/// Approves or rejects a session awaiting action; writes a note of the decision's kind.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    input: DecisionInput,
) -> Result<DecisionResult, ApiError> {
    let decision = parse_decision(&input.decision)?;
    let reasons = parse_reasons(&input.reasons)?;
    let written = note_body(&input.note)?;
    let mut session = find_session(state, caller, session_id).await?;
    let settings = company_settings(state, &session.company_id).await?;
    let review = review_state(&session)?;
    let outcome = apply_decision(&review, decision, &reasons, &caller.id, settings.four_eyes_review)
        .map_err(decision_problem)?;
    let after = review.after(&outcome, &caller.id);
    session.status = after.status.as_str().to_owned();
    session.verified = after.status == SessionStatus::Verified;
    session.pending_approval_by = after.pending_approval_by.clone();
    session.updated_at = db::now();
    let (action, outcome_name) = match (&outcome, decision) {
        (DecisionOutcome::AwaitingSecondApproval, _) => ("session.approve.first", "awaiting_second_approval"),
        (_, Decision::Approve) => ("session.approve", "status_changed"),
        (_, Decision::Reject) => ("session.reject", "status_changed"),
    };
    let body = written.unwrap_or_else(|| default_decision_text(decision, &reasons));
    let kind = serde_json::to_value(decision.note_kind()).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let note = new_note(state, caller, &session.id, &kind, body, &reasons).await?;
    let event = caller.event(action, "session", &session.id);
    let stored_note = note.clone();
    let status = session.status.clone();
    state
        .db
        .write(move |conn| {
            db::sessions::update(conn, &session)?;
            db::sessions::insert_note(conn, &stored_note)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(DecisionResult { status, outcome: outcome_name.to_owned(), note: note_view(note) })
}

fn parse_decision(text: &str) -> Result<Decision, ApiError> {
    match text {
        "approve" => Ok(Decision::Approve),
        "reject" => Ok(Decision::Reject),
        other => Err(ApiError::unprocessable("decision", format!("unknown decision {other:?}; use approve or reject"))),
    }
}

fn parse_reasons(texts: &[String]) -> Result<Vec<RejectionReason>, ApiError> {
    texts
        .iter()
        .map(|text| {
            text.parse::<RejectionReason>()
                .map_err(|_| ApiError::unprocessable("reasons", format!("unknown rejection reason {text:?}")))
        })
        .collect()
}

fn review_state(session: &db::SessionRecord) -> Result<ReviewState, ApiError> {
    let status: SessionStatus =
        session.status.parse().map_err(|_| ApiError::Internal(format!("stored status {:?} is unknown", session.status)))?;
    let trace: Option<StatusDecision> = session
        .decision_trace_json
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|error| ApiError::Internal(format!("stored decision trace is corrupt: {error}")))?;
    Ok(ReviewState {
        status,
        // Without a trace nothing proves the checks passed: treat it as failed, the safe side.
        failed_automatic_check: trace.is_none_or(|trace| trace.failed_automatic_check()),
        pending_approval_by: session.pending_approval_by.clone(),
    })
}

fn decision_problem(error: DecisionError) -> ApiError {
    match error {
        DecisionError::NotAwaitingAction { .. } | DecisionError::SameReviewerTwice => ApiError::Conflict(error.to_string()),
        other => ApiError::unprocessable("reasons", other.to_string()),
    }
}

fn default_decision_text(decision: Decision, reasons: &[RejectionReason]) -> String {
    match decision {
        Decision::Approve => "Approved.".to_owned(),
        Decision::Reject => {
            let labels: Vec<&str> = reasons.iter().map(|reason| reason.label()).collect();
            format!("Rejected: {}.", labels.join(", "))
        }
    }
}

/// The rejection reasons, grouped as the reject dialog shows them.
pub fn rejection_taxonomy() -> RejectionTaxonomy {
    RejectionTaxonomy {
        groups: RejectionGroup::ALL
            .into_iter()
            .map(|group| RejectionGroupView {
                id: group.as_str().to_owned(),
                label: group.label().to_owned(),
                reasons: group
                    .reasons()
                    .map(|reason| RejectionReasonView { id: reason.as_str().to_owned(), label: reason.label().to_owned() })
                    .collect(),
            })
            .collect(),
    }
}

pub async fn read_settings(state: &AppState, caller: &Caller) -> Result<SettingsView, ApiError> {
    let company_id = own_company(caller)?;
    Ok(SettingsView::from(&company_settings(state, &company_id).await?))
}

pub async fn write_settings(state: &AppState, caller: &Caller, input: SettingsView) -> Result<SettingsView, ApiError> {
    let company_id = own_company(caller)?;
    let settings = input.into_settings().map_err(|message| ApiError::unprocessable("extra_fields", message))?.normalised();
    settings.validate().map_err(|error| ApiError::unprocessable("settings", error.to_string()))?;
    let json = to_json(&settings)?;
    let event = caller.event("settings.update", "company", &company_id);
    state
        .db
        .write(move |conn| {
            db::companies::update_company_settings(conn, &company_id, &json)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(SettingsView::from(&settings))
}

fn own_company(caller: &Caller) -> Result<String, ApiError> {
    caller.company_id.clone().ok_or_else(|| ApiError::Forbidden("settings belong to a company; use a company admin's token".into()))
}

/// Who viewed, exported, noted and decided on one session.
pub async fn session_activity(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    cursor: Option<i64>,
    limit: i64,
) -> Result<ActivityPage, ApiError> {
    let session = find_session(state, caller, session_id).await?;
    let filter = AuditFilter { target_id: Some(session.id), before_seq: cursor, ..AuditFilter::default() };
    activity_page(state, caller, filter, limit).await
}

/// The company's activity log, newest first.
pub async fn company_activity(
    state: &AppState,
    caller: &Caller,
    filter: AuditFilter,
    limit: i64,
) -> Result<ActivityPage, ApiError> {
    activity_page(state, caller, filter, limit).await
}

async fn activity_page(state: &AppState, caller: &Caller, filter: AuditFilter, limit: i64) -> Result<ActivityPage, ApiError> {
    let scope = caller.scope();
    let (mut rows, names) = state
        .db
        .read(move |conn| {
            let rows = db::audit::list(conn, &scope, &filter, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|row| row.actor_id.clone()).collect();
            let names = db::companies::actor_names(conn, &ids)?;
            Ok((rows, names))
        })
        .await?;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = has_more.then(|| rows.last().map(|row| row.seq.to_string())).flatten();
    let items = rows
        .into_iter()
        .map(|row| ActivityEvent {
            actor: AuthorView { name: names.get(&row.actor_id).cloned().unwrap_or_else(|| row.actor_id.clone()), id: row.actor_id },
            id: row.id,
            seq: row.seq,
            at: utc(row.at),
            action: row.action,
            actor_kind: row.actor_kind,
            target_type: row.target_type,
            target_id: row.target_id,
            outcome: row.outcome,
            ip: row.ip,
        })
        .collect();
    Ok(ActivityPage { items, next_cursor })
}
