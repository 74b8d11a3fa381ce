//! The demo queue as a team leaves it after a few days: some sessions carry an operator's note,
//! some were rejected with reasons that fit their failed checks, some approved after a call.
//! Everything goes through the same use cases as the API, so notes and audit events are real.
//!
//! The screening gate holds here too: a session with a screening match is never approved. The
//! sanctioned Giorgi Beridze is confirmed and rejected; the other listed people wait in the queue
//! with their matches open, for an officer to review.

use super::super::{checks, review};
use super::super::{Actor, Result};
use crate::db::sessions::SessionFilter;
use crate::db::{self, Scope, SessionSummary};
use crate::state::AppState;
use kyc_domain::ids::{CompanyId, Principal};
use kyc_domain::screening::{MatchReview, PepStatus};
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::{Decision, RejectionReason};

pub async fn work_the_queue(state: &AppState, company_id: CompanyId, operator: &Actor) -> Result<()> {
    let scope = Scope::Company(company_id);
    let filter = SessionFilter { status: Some(SessionStatus::AwaitingAction), ..SessionFilter::default() };
    let waiting = state.db.read(move |conn| db::sessions::list(conn, &scope, &filter, None, 100)).await?;
    for (index, session) in waiting.iter().enumerate() {
        if session.pep_status != PepStatus::NotScreened && session.pep_status != PepStatus::Clear {
            if session.last_name.as_deref() == Some("BERIDZE") {
                confirm_and_reject(state, operator, session).await?;
            }
            continue;
        }
        match index % 5 {
            0 => {
                note(
                    state,
                    operator,
                    session,
                    "Called the customer; they will retry in daylight with the original document.",
                )
                .await?
            }
            1 => reject(state, operator, session).await?,
            3 => approve(state, operator, session).await?,
            _ => {}
        }
    }
    Ok(())
}

async fn note(state: &AppState, operator: &Actor, session: &SessionSummary, body: &str) -> Result<()> {
    review::create_note(state, operator, session.id, body).await.map(drop)
}

async fn reject(state: &AppState, operator: &Actor, session: &SessionSummary) -> Result<()> {
    let (reasons, why) = rejection_for(session);
    review::decide_session(state, operator, session.id, Decision::Reject, why, reasons.to_vec()).await.map(drop)
}

/// Confirms every match of a listed person, then rejects the session as a sanctions match.
async fn confirm_and_reject(state: &AppState, operator: &Actor, session: &SessionSummary) -> Result<()> {
    let screening = checks::get_session_pep(state, operator, session.id).await?;
    for found in screening.outcome.iter().flat_map(|outcome| &outcome.matches) {
        let why = "Same name, birth date and nationality as the listing; the passport number matches too.";
        checks::review_pep_match(state, operator, session.id, &found.found.entity_id, MatchReview::Confirmed, why).await?;
    }
    let why = "Confirmed sanctions match; the relationship is refused and reported.";
    review::decide_session(state, operator, session.id, Decision::Reject, why, vec![RejectionReason::SanctionsList])
        .await
        .map(drop)
}

async fn approve(state: &AppState, operator: &Actor, session: &SessionSummary) -> Result<()> {
    let note = "Checked the document by video call; the failed check was a bad photo.";
    review::decide_session(state, operator, session.id, Decision::Approve, note, Vec::new()).await.map(drop)
}

/// Reasons that fit what failed, as an operator would pick them.
fn rejection_for(session: &SessionSummary) -> (&'static [RejectionReason], &'static str) {
    use RejectionReason::*;
    if session.document_real == Some(false) {
        (&[Fake], "The document shows signs of digital editing.")
    } else if session.mrz_valid == Some(false) {
        (&[MrzIssue, DocumentNumberMismatch], "The MRZ check digits do not match the printed data.")
    } else if session.face_match_level.is_some_and(|level| level.value() <= 3) {
        (&[SelfieMismatch], "The selfie does not match the document photo.")
    } else {
        (&[Fake, Blacklist], "Document reported lost; number is on our blacklist.")
    }
}

/// A demo user (the company's operator) as an actor.
pub fn operator_of(state: &AppState, email: &str) -> anyhow::Result<Actor> {
    let user = state
        .db
        .read_now(|conn| db::companies::find_user_by_email(conn, email))?
        .ok_or_else(|| anyhow::anyhow!("demo user {email} is missing"))?;
    Ok(Actor::new(Principal::User(user.id), user.role, user.company_id, "10.0.0.12")?)
}
