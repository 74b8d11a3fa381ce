//! Verification sessions and what hangs off them: attempts, photos, extra fields and notes.
//!
//! Tenancy by type: [`find`] takes the caller's [`Scope`] and filters another company's session
//! out in SQL, so it is indistinguishable from an id that does not exist. What it returns carries
//! a [`SessionKey`], which no code outside this module can make; every read or write of a child
//! row takes that key, so a child row can only be reached through a session the scope may see.

use super::records::{attempt_row, naive, note_row, parse, photo_row, session_row};
use super::rows::{AttemptRow, ExtraFieldRow, NoteRow, PhotoRow, SessionRow, SessionSummaryRow};
use super::schema::{attempts, extra_field_values, notes, photos, sessions};
use super::{
    AnyConnection, Attempt, DbError, ExtraFieldValue, Note, Photo, Scope, Session, SessionData, SessionSummary,
};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::ids::{CompanyId, SessionId};
use kyc_domain::session::{DocumentType, PhotoKind, SessionStatus};

/// Proof that a session was found within a scope: the only key to its child rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionKey {
    id: SessionId,
    company_id: CompanyId,
}

impl SessionKey {
    pub fn id(&self) -> SessionId {
        self.id
    }

    pub fn company_id(&self) -> CompanyId {
        self.company_id
    }
}

/// Filters of the sessions list.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub status: Option<SessionStatus>,
    pub verified: Option<bool>,
    /// Matches a name, personal number or document number, case-insensitively.
    pub text: Option<String>,
    pub document_type: Option<DocumentType>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub max_face_match_level: Option<u8>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Changed at or after (polling integrators).
    pub updated_since: Option<DateTime<Utc>>,
}

/// The orders a list can be read in; each row's position is (time, id), the id breaking ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Newest first by creation (the dashboard's list).
    #[default]
    NewestFirst,
    /// Oldest first by creation (the awaiting-action queue).
    OldestFirst,
    /// Least recently updated first (polling by `updated_since`: a page never skips a change,
    /// and a session changed again later comes round again at the end).
    LeastRecentlyUpdated,
}

/// Where the previous page ended, in the page's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCursor {
    pub order: ListOrder,
    /// The last row's creation time, or its update time in [`ListOrder::LeastRecentlyUpdated`].
    pub at: DateTime<Utc>,
    pub id: SessionId,
}

/// Where the previous page ended, in the list's order (newest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionCursor {
    pub created_at: DateTime<Utc>,
    pub id: SessionId,
}

/// A session to store: its first attempt's data under a new id.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: SessionId,
    pub company_id: CompanyId,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub data: SessionData,
}

pub fn insert(conn: &mut AnyConnection, session: &NewSession) -> Result<SessionKey, DbError> {
    let row =
        session_row(session.id, session.company_id, session.external_id.clone(), session.created_at, &session.data)?;
    diesel::insert_into(sessions::table).values(&row).execute(conn)?;
    Ok(SessionKey { id: session.id, company_id: session.company_id })
}

/// Writes a session's data back (its key, external id and creation time never change).
pub fn update(conn: &mut AnyConnection, session: &Session) -> Result<(), DbError> {
    let row = session_row(
        session.key.id,
        session.key.company_id,
        session.external_id.clone(),
        session.created_at,
        &session.data,
    )?;
    diesel::update(sessions::table.find(row.id.clone())).set(&row).execute(conn)?;
    Ok(())
}

fn scoped(scope: &Scope) -> sessions::BoxedQuery<'static, super::MultiBackend> {
    let query = sessions::table.into_boxed();
    match scope {
        Scope::Company(company_id) => query.filter(sessions::company_id.eq(company_id.to_string())),
        Scope::Platform => query,
    }
}

/// The session with this id, if the scope may see it.
pub fn find(conn: &mut AnyConnection, scope: &Scope, id: SessionId) -> Result<Option<Session>, DbError> {
    let row =
        scoped(scope).filter(sessions::id.eq(id.to_string())).select(SessionRow::as_select()).first(conn).optional()?;
    row.map(session_of).transpose()
}

fn session_of(row: SessionRow) -> Result<Session, DbError> {
    let key = SessionKey { id: parse("session id", &row.id)?, company_id: parse("company id", &row.company_id)? };
    let (external_id, created_at) = (row.external_id.clone(), super::records::utc(row.created_at));
    Ok(Session { key, external_id, created_at, data: SessionData::try_from(row)? })
}

/// The company's session with this external id, if any.
pub fn id_by_external_id(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    external_id: &str,
) -> Result<Option<SessionId>, DbError> {
    let id: Option<String> = sessions::table
        .filter(sessions::company_id.eq(company_id.to_string()))
        .filter(sessions::external_id.eq(external_id))
        .select(sessions::id)
        .first(conn)
        .optional()?;
    id.map(|id| parse("session id", &id)).transpose()
}

/// Whether the company already has a session with this external id.
pub fn external_id_taken(conn: &mut AnyConnection, company_id: CompanyId, external_id: &str) -> Result<bool, DbError> {
    let found: i64 = sessions::table
        .filter(sessions::company_id.eq(company_id.to_string()))
        .filter(sessions::external_id.eq(external_id))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// A page of the list, newest first.
pub fn list(
    conn: &mut AnyConnection,
    scope: &Scope,
    filter: &SessionFilter,
    after: Option<&SessionCursor>,
    limit: i64,
) -> Result<Vec<SessionSummary>, DbError> {
    let after = after.map(|cursor| PageCursor { order: ListOrder::NewestFirst, at: cursor.created_at, id: cursor.id });
    list_page(conn, scope, filter, ListOrder::NewestFirst, after.as_ref(), limit)
}

/// A page of the list in an order, after the cursor (which must be of the same order).
pub fn list_page(
    conn: &mut AnyConnection,
    scope: &Scope,
    filter: &SessionFilter,
    order: ListOrder,
    after: Option<&PageCursor>,
    limit: i64,
) -> Result<Vec<SessionSummary>, DbError> {
    in_order(filtered(scope, filter), order, after, limit)
        .select(SessionSummaryRow::as_select())
        .load(conn)?
        .into_iter()
        .map(SessionSummary::try_from)
        .collect()
}

/// How many sessions the filter finds, exactly.
pub fn count(conn: &mut AnyConnection, scope: &Scope, filter: &SessionFilter) -> Result<i64, DbError> {
    Ok(filtered(scope, filter).count().get_result(conn)?)
}

/// The scope's sessions that pass the filter.
fn filtered(scope: &Scope, filter: &SessionFilter) -> sessions::BoxedQuery<'static, super::MultiBackend> {
    let mut query = scoped(scope);
    if let Some(status) = filter.status {
        query = query.filter(sessions::status.eq(status.as_str()));
    }
    if let Some(verified) = filter.verified {
        query = query.filter(sessions::verified.eq(verified));
    }
    if let Some(text) = &filter.text {
        query = query.filter(sessions::search_text.like(like_pattern(text)).escape('\\'));
    }
    if let Some(document_type) = filter.document_type {
        query = query.filter(sessions::document_type.eq(document_type.as_str()));
    }
    if let Some(real) = filter.document_real {
        query = query.filter(sessions::document_real.eq(real));
    }
    if let Some(full) = filter.full_document_detected {
        query = query.filter(sessions::full_document_detected.eq(full));
    }
    if let Some(level) = filter.max_face_match_level {
        query = query.filter(sessions::face_match_level.le(i32::from(level)));
    }
    if let Some(from) = filter.from {
        query = query.filter(sessions::created_at.ge(naive(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(sessions::created_at.lt(naive(to)));
    }
    if let Some(since) = filter.updated_since {
        query = query.filter(sessions::updated_at.ge(naive(since)));
    }
    query
}

/// One page in an order, the id breaking ties, after the cursor.
fn in_order(
    mut query: sessions::BoxedQuery<'static, super::MultiBackend>,
    order: ListOrder,
    after: Option<&PageCursor>,
    limit: i64,
) -> sessions::BoxedQuery<'static, super::MultiBackend> {
    if let Some(cursor) = after {
        let (at, id) = (naive(cursor.at), cursor.id.to_string());
        query = match order {
            ListOrder::NewestFirst => query
                .filter(sessions::created_at.lt(at).or(sessions::created_at.eq(at).and(sessions::id.lt(id)))),
            ListOrder::OldestFirst => query
                .filter(sessions::created_at.gt(at).or(sessions::created_at.eq(at).and(sessions::id.gt(id)))),
            ListOrder::LeastRecentlyUpdated => query
                .filter(sessions::updated_at.gt(at).or(sessions::updated_at.eq(at).and(sessions::id.gt(id)))),
        };
    }
    let query = match order {
        ListOrder::NewestFirst => query.order((sessions::created_at.desc(), sessions::id.desc())),
        ListOrder::OldestFirst => query.order((sessions::created_at.asc(), sessions::id.asc())),
        ListOrder::LeastRecentlyUpdated => query.order((sessions::updated_at.asc(), sessions::id.asc())),
    };
    query.limit(limit)
}

/// The sessions of a scope in list order, whole, a page at a time (for re-screening).
pub fn page_of_sessions(
    conn: &mut AnyConnection,
    scope: &Scope,
    after: Option<&SessionCursor>,
    limit: i64,
) -> Result<Vec<Session>, DbError> {
    let after = after.map(|cursor| PageCursor { order: ListOrder::NewestFirst, at: cursor.created_at, id: cursor.id });
    in_order(scoped(scope), ListOrder::NewestFirst, after.as_ref(), limit)
        .select(SessionRow::as_select())
        .load(conn)?
        .into_iter()
        .map(session_of)
        .collect()
}

/// The customers' names of the listed sessions the scope may see ("GIORGI BERIDZE"), by id text;
/// a session without a name read is left out.
pub fn names_of(
    conn: &mut AnyConnection,
    scope: &Scope,
    ids: &[SessionId],
) -> Result<std::collections::HashMap<String, String>, DbError> {
    let texts: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let rows: Vec<(String, Option<String>, Option<String>)> = scoped(scope)
        .filter(sessions::id.eq_any(texts))
        .select((sessions::id, sessions::first_name, sessions::last_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, first, last)| {
            let name = [first, last].into_iter().flatten().collect::<Vec<_>>().join(" ");
            (!name.trim().is_empty()).then_some((id, name))
        })
        .collect())
}

/// `%text%` with LIKE's own wildcards escaped, lowercased like `search_text`.
fn like_pattern(text: &str) -> String {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

pub fn insert_attempt(conn: &mut AnyConnection, key: &SessionKey, attempt: &Attempt) -> Result<(), DbError> {
    diesel::insert_into(attempts::table).values(&attempt_row(key.id, attempt)?).execute(conn)?;
    Ok(())
}

pub fn attempts_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Vec<Attempt>, DbError> {
    attempts::table
        .filter(attempts::session_id.eq(key.id.to_string()))
        .select(AttemptRow::as_select())
        .order(attempts::number.asc())
        .load(conn)?
        .into_iter()
        .map(Attempt::try_from)
        .collect()
}

/// Stores a photo's metadata, replacing an earlier photo of the same kind.
/// Stores a session's photo of a kind, replacing the one it had; returns the blob address of
/// the photo it replaced, if any, so the caller can remove bytes nothing points at any more.
pub fn upsert_photo(conn: &mut AnyConnection, key: &SessionKey, photo: &Photo) -> Result<Option<String>, DbError> {
    let row = photo_row(key.id, photo);
    let existing = photos::table.filter(photos::session_id.eq(&row.session_id)).filter(photos::kind.eq(&row.kind));
    let replaced: Option<String> = existing.select(photos::sha256).first(conn).optional()?;
    diesel::delete(existing).execute(conn)?;
    diesel::insert_into(photos::table).values(&row).execute(conn)?;
    Ok(replaced)
}

/// Whether any photo of any session points at the blob (blobs are shared by content).
pub fn blob_in_use(conn: &mut AnyConnection, address: &str) -> Result<bool, DbError> {
    let count: i64 = photos::table.filter(photos::sha256.eq(address)).count().get_result(conn)?;
    Ok(count > 0)
}

pub fn photos_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Vec<Photo>, DbError> {
    photos::table
        .filter(photos::session_id.eq(key.id.to_string()))
        .select(PhotoRow::as_select())
        .order(photos::kind.asc())
        .load(conn)?
        .into_iter()
        .map(Photo::try_from)
        .collect()
}

pub fn photo_of(conn: &mut AnyConnection, key: &SessionKey, kind: &PhotoKind) -> Result<Option<Photo>, DbError> {
    photos::table
        .filter(photos::session_id.eq(key.id.to_string()))
        .filter(photos::kind.eq(kind.to_string()))
        .select(PhotoRow::as_select())
        .first(conn)
        .optional()?
        .map(Photo::try_from)
        .transpose()
}

pub fn replace_extra_fields(
    conn: &mut AnyConnection,
    key: &SessionKey,
    values: &[ExtraFieldValue],
) -> Result<(), DbError> {
    let session_id = key.id.to_string();
    diesel::delete(extra_field_values::table.filter(extra_field_values::session_id.eq(&session_id))).execute(conn)?;
    let rows: Vec<ExtraFieldRow> = values
        .iter()
        .map(|field| ExtraFieldRow {
            session_id: session_id.clone(),
            name: field.name.clone(),
            value: field.value.clone(),
        })
        .collect();
    super::insert_rows!(conn, extra_field_values::table, &rows)?;
    Ok(())
}

pub fn extra_fields_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Vec<ExtraFieldValue>, DbError> {
    Ok(extra_field_values::table
        .filter(extra_field_values::session_id.eq(key.id.to_string()))
        .select(ExtraFieldRow::as_select())
        .order(extra_field_values::name.asc())
        .load(conn)?
        .into_iter()
        .map(|row| ExtraFieldValue { name: row.name, value: row.value })
        .collect())
}

pub fn insert_note(conn: &mut AnyConnection, key: &SessionKey, note: &Note) -> Result<(), DbError> {
    diesel::insert_into(notes::table).values(&note_row(key.id, note)?).execute(conn)?;
    Ok(())
}

pub fn notes_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Vec<Note>, DbError> {
    notes::table
        .filter(notes::session_id.eq(key.id.to_string()))
        .select(NoteRow::as_select())
        .order((notes::created_at.asc(), notes::id.asc()))
        .load(conn)?
        .into_iter()
        .map(Note::try_from)
        .collect()
}

pub fn count_notes(conn: &mut AnyConnection, key: &SessionKey) -> Result<i64, DbError> {
    Ok(notes::table.filter(notes::session_id.eq(key.id.to_string())).count().get_result(conn)?)
}

/// Moves a session's creation time into the past (demo data spread over weeks).
pub fn backdate(conn: &mut AnyConnection, key: &SessionKey, created_at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(sessions::table.find(key.id.to_string()))
        .set((sessions::created_at.eq(naive(created_at)), sessions::updated_at.eq(naive(created_at))))
        .execute(conn)?;
    Ok(())
}
