//! The demo queue as a team leaves it after a few days: some sessions carry an operator's note,
//! some were rejected with reasons that fit their failed checks, some approved after a call.
//! Everything goes through the same use cases as the API, so notes and audit events are real.

use crate::api::auth::Caller;
use crate::api::error::ApiError;
use crate::api::review_views::{DecisionInput, NoteInput};
use crate::auth::Role;
use crate::db::sessions::SessionFilter;
use crate::db::{self, Scope, SessionRecord};
use crate::review;
use crate::state::AppState;

pub async fn work_the_queue(state: &AppState, company_id: &str, operator: &Caller) -> Result<(), ApiError> {
    let scope = Scope::Company(company_id.to_owned());
    let filter = SessionFilter { status: Some("awaiting_action".into()), ..SessionFilter::default() };
    let waiting = state.db.read(move |conn| db::sessions::list(conn, &scope, &filter, None, 100)).await?;
    for (index, session) in waiting.iter().enumerate() {
        match index % 5 {
            0 => note(state, operator, session, "Called the customer; they will retry in daylight with the original document.").await?,
            1 => reject(state, operator, session).await?,
            3 => approve(state, operator, session).await?,
            _ => {}
        }
    }
    Ok(())
}

async fn note(state: &AppState, operator: &Caller, session: &SessionRecord, body: &str) -> Result<(), ApiError> {
    review::add_note(state, operator, &session.id, NoteInput { body: body.to_owned() }).await.map(drop)
}

async fn reject(state: &AppState, operator: &Caller, session: &SessionRecord) -> Result<(), ApiError> {
    let (reasons, why) = rejection_for(session);
    let input = DecisionInput { decision: "reject".into(), note: why.into(), reasons: reasons.iter().map(|r| (*r).to_owned()).collect() };
    review::decide(state, operator, &session.id, input).await.map(drop)
}

async fn approve(state: &AppState, operator: &Caller, session: &SessionRecord) -> Result<(), ApiError> {
    let input = DecisionInput {
        decision: "approve".into(),
        note: "Checked the document by video call; the failed check was a bad photo.".into(),
        reasons: Vec::new(),
    };
    review::decide(state, operator, &session.id, input).await.map(drop)
}

/// Reasons that fit what failed, as an operator would pick them.
fn rejection_for(session: &SessionRecord) -> (&'static [&'static str], &'static str) {
    if session.document_real == Some(false) {
        (&["fake"], "The document shows signs of digital editing.")
    } else if session.mrz_valid == Some(false) {
        (&["mrz_issue", "document_number_mismatch"], "The MRZ check digits do not match the printed data.")
    } else if session.face_match_level.is_some_and(|level| level <= 3) {
        (&["selfie_mismatch"], "The selfie does not match the document photo.")
    } else if session.pep_status == "potential_match" {
        (&["sanctions_list"], "Confirmed against the sanctions list entry.")
    } else {
        (&["fake", "blacklist"], "Document reported lost; number is on our blacklist.")
    }
}

/// The company's first operator (or admin) as a caller.
pub fn operator_of(state: &AppState, company_id: &str, email: &str) -> anyhow::Result<Caller> {
    let user = state
        .db
        .read_now(|conn| db::companies::find_user_by_email(conn, email))?
        .ok_or_else(|| anyhow::anyhow!("demo user {email} is missing"))?;
    let role: Role = user.role.parse().map_err(|_| anyhow::anyhow!("demo user {email} has an unknown role"))?;
    Ok(Caller { id: user.id, role, company_id: Some(company_id.to_owned()), ip: "10.0.0.12".to_owned() })
}
