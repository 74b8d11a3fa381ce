//! Who holds a session in the officer's queue (`session_assignments`, one row per held session).
//! Reached through a [`SessionKey`], like every child row of a session; the list reads the holds
//! of one page's sessions at once. Whether a hold still stands is the domain's rule
//! (`kyc_domain::session::assignment`): a lapsed row is read like any other and counts as none.

use super::records::{naive, utc};
use super::sessions::SessionKey;
use super::{AnyConnection, DbError};
use diesel::prelude::*;
use kyc_domain::ids::SessionId;
use kyc_domain::session::assignment::Assignment;
use std::collections::HashMap;

diesel::table! {
    session_assignments (session_id) {
        session_id -> Text,
        company_id -> Text,
        user_id -> Text,
        user_name -> Text,
        taken_at -> Timestamp,
        active_at -> Timestamp,
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = session_assignments)]
struct AssignmentRow {
    session_id: String,
    company_id: String,
    user_id: String,
    user_name: String,
    taken_at: chrono::NaiveDateTime,
    active_at: chrono::NaiveDateTime,
}

impl From<AssignmentRow> for Assignment {
    fn from(row: AssignmentRow) -> Self {
        Assignment { user_id: row.user_id, user_name: row.user_name, taken_at: utc(row.taken_at), active_at: utc(row.active_at) }
    }
}

/// The stored hold of a session, lapsed or not.
pub fn of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Option<Assignment>, DbError> {
    Ok(session_assignments::table
        .find(key.id().to_string())
        .select(AssignmentRow::as_select())
        .first(conn)
        .optional()?
        .map(Assignment::from))
}

/// The stored holds of the listed sessions, by session id.
pub fn of_sessions(conn: &mut AnyConnection, ids: &[SessionId]) -> Result<HashMap<SessionId, Assignment>, DbError> {
    let texts: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let rows = session_assignments::table
        .filter(session_assignments::session_id.eq_any(&texts))
        .select(AssignmentRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|row| Ok((super::records::parse("session id", &row.session_id)?, Assignment::from(row))))
        .collect()
}

/// Stores the session's hold, replacing the one it had.
pub fn put(conn: &mut AnyConnection, key: &SessionKey, assignment: &Assignment) -> Result<(), DbError> {
    let row = AssignmentRow {
        session_id: key.id().to_string(),
        company_id: key.company_id().to_string(),
        user_id: assignment.user_id.clone(),
        user_name: assignment.user_name.clone(),
        taken_at: naive(assignment.taken_at),
        active_at: naive(assignment.active_at),
    };
    diesel::delete(session_assignments::table.find(&row.session_id)).execute(conn)?;
    diesel::insert_into(session_assignments::table).values(&row).execute(conn)?;
    Ok(())
}

/// Releases the session's hold, whoever had it.
pub fn release(conn: &mut AnyConnection, key: &SessionKey) -> Result<(), DbError> {
    diesel::delete(session_assignments::table.find(key.id().to_string())).execute(conn)?;
    Ok(())
}

/// Marks work on the session by `user_id` at `now`, when they hold it: keeps the hold alive.
pub fn touch(conn: &mut AnyConnection, key: &SessionKey, user_id: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(), DbError> {
    diesel::update(
        session_assignments::table
            .filter(session_assignments::session_id.eq(key.id().to_string()))
            .filter(session_assignments::user_id.eq(user_id)),
    )
    .set(session_assignments::active_at.eq(naive(now)))
    .execute(conn)?;
    Ok(())
}
