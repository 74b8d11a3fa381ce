//! Verification sessions and what hangs off them: attempts, photos, extra fields and notes.
//!
//! Every read takes the caller's [`Scope`]: a session of another company is filtered out by the
//! query itself, so it is indistinguishable from an id that does not exist.

use super::schema::{attempts, extra_field_values, notes, photos, sessions};
use super::{
    AnyConnection, AttemptRecord, DbError, ExtraFieldValue, NoteRecord, PhotoRecord, Scope,
    SessionRecord,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Filters of the sessions list.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub status: Option<String>,
    pub verified: Option<bool>,
    /// Matches a name, personal number or document number, case-insensitively.
    pub text: Option<String>,
    pub document_type: Option<String>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub max_face_match_level: Option<i32>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

/// Where the previous page ended, in the list's order (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCursor {
    pub created_at: NaiveDateTime,
    pub id: String,
}

pub fn insert(conn: &mut AnyConnection, session: &SessionRecord) -> Result<(), DbError> {
    diesel::insert_into(sessions::table).values(session).execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut AnyConnection, session: &SessionRecord) -> Result<(), DbError> {
    diesel::update(sessions::table.find(&session.id)).set(session).execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut AnyConnection, scope: &Scope, id: &str) -> Result<SessionRecord, DbError> {
    let mut query = sessions::table
        .filter(sessions::id.eq(id.to_owned()))
        .select(SessionRecord::as_select())
        .into_boxed();
    if let Scope::Company(company_id) = scope {
        query = query.filter(sessions::company_id.eq(company_id.clone()));
    }
    Ok(query.first(conn)?)
}

pub fn find_by_external_id(
    conn: &mut AnyConnection,
    company_id: &str,
    external_id: &str,
) -> Result<Option<SessionRecord>, DbError> {
    Ok(sessions::table
        .filter(sessions::company_id.eq(company_id))
        .filter(sessions::external_id.eq(external_id))
        .select(SessionRecord::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(
    conn: &mut AnyConnection,
    scope: &Scope,
    filter: &SessionFilter,
    after: Option<&SessionCursor>,
    limit: i64,
) -> Result<Vec<SessionRecord>, DbError> {
    let mut query = sessions::table.select(SessionRecord::as_select()).into_boxed();
    if let Scope::Company(company_id) = scope {
        query = query.filter(sessions::company_id.eq(company_id.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(sessions::status.eq(status.clone()));
    }
    if let Some(verified) = filter.verified {
        query = query.filter(sessions::verified.eq(verified));
    }
    if let Some(text) = &filter.text {
        query = query.filter(sessions::search_text.like(like_pattern(text)).escape('\\'));
    }
    if let Some(document_type) = &filter.document_type {
        query = query.filter(sessions::document_type.eq(document_type.clone()));
    }
    if let Some(real) = filter.document_real {
        query = query.filter(sessions::document_real.eq(real));
    }
    if let Some(full) = filter.full_document_detected {
        query = query.filter(sessions::full_document_detected.eq(full));
    }
    if let Some(level) = filter.max_face_match_level {
        query = query.filter(sessions::face_match_level.le(level));
    }
    if let Some(from) = filter.from {
        query = query.filter(sessions::created_at.ge(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(sessions::created_at.lt(to));
    }
    if let Some(cursor) = after {
        query = query.filter(
            sessions::created_at.lt(cursor.created_at).or(sessions::created_at
                .eq(cursor.created_at)
                .and(sessions::id.lt(cursor.id.clone()))),
        );
    }
    Ok(query
        .order((sessions::created_at.desc(), sessions::id.desc()))
        .limit(limit)
        .load(conn)?)
}

/// `%text%` with LIKE's own wildcards escaped, lowercased like `search_text`.
fn like_pattern(text: &str) -> String {
    let escaped = text
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

pub fn insert_attempt(conn: &mut AnyConnection, attempt: &AttemptRecord) -> Result<(), DbError> {
    diesel::insert_into(attempts::table).values(attempt).execute(conn)?;
    Ok(())
}

pub fn attempts_of(conn: &mut AnyConnection, session_id: &str) -> Result<Vec<AttemptRecord>, DbError> {
    Ok(attempts::table
        .filter(attempts::session_id.eq(session_id))
        .select(AttemptRecord::as_select())
        .order(attempts::number.asc())
        .load(conn)?)
}

/// Stores a photo's metadata, replacing an earlier photo of the same kind.
pub fn upsert_photo(conn: &mut AnyConnection, photo: &PhotoRecord) -> Result<(), DbError> {
    diesel::delete(
        photos::table
            .filter(photos::session_id.eq(&photo.session_id))
            .filter(photos::kind.eq(&photo.kind)),
    )
    .execute(conn)?;
    diesel::insert_into(photos::table).values(photo).execute(conn)?;
    Ok(())
}

pub fn photos_of(conn: &mut AnyConnection, session_id: &str) -> Result<Vec<PhotoRecord>, DbError> {
    Ok(photos::table
        .filter(photos::session_id.eq(session_id))
        .select(PhotoRecord::as_select())
        .order(photos::kind.asc())
        .load(conn)?)
}

pub fn photo_of(conn: &mut AnyConnection, session_id: &str, kind: &str) -> Result<PhotoRecord, DbError> {
    Ok(photos::table
        .filter(photos::session_id.eq(session_id))
        .filter(photos::kind.eq(kind))
        .select(PhotoRecord::as_select())
        .first(conn)?)
}

pub fn replace_extra_fields(
    conn: &mut AnyConnection,
    session_id: &str,
    values: &[ExtraFieldValue],
) -> Result<(), DbError> {
    diesel::delete(extra_field_values::table.filter(extra_field_values::session_id.eq(session_id)))
        .execute(conn)?;
    super::insert_rows!(conn, extra_field_values::table, values)?;
    Ok(())
}

pub fn extra_fields_of(conn: &mut AnyConnection, session_id: &str) -> Result<Vec<ExtraFieldValue>, DbError> {
    Ok(extra_field_values::table
        .filter(extra_field_values::session_id.eq(session_id))
        .select(ExtraFieldValue::as_select())
        .order(extra_field_values::name.asc())
        .load(conn)?)
}

pub fn insert_note(conn: &mut AnyConnection, note: &NoteRecord) -> Result<(), DbError> {
    diesel::insert_into(notes::table).values(note).execute(conn)?;
    Ok(())
}

pub fn notes_of(conn: &mut AnyConnection, session_id: &str) -> Result<Vec<NoteRecord>, DbError> {
    Ok(notes::table
        .filter(notes::session_id.eq(session_id))
        .select(NoteRecord::as_select())
        .order((notes::created_at.asc(), notes::id.asc()))
        .load(conn)?)
}

pub fn count_notes(conn: &mut AnyConnection, session_id: &str) -> Result<i64, DbError> {
    Ok(notes::table.filter(notes::session_id.eq(session_id)).count().get_result(conn)?)
}

/// Everything the details page shows about one session, read in one go.
#[derive(Debug, Clone)]
pub struct SessionBundle {
    pub session: SessionRecord,
    pub photos: Vec<PhotoRecord>,
    pub extra_fields: Vec<ExtraFieldValue>,
    pub notes_count: i64,
}

pub fn bundle(conn: &mut AnyConnection, scope: &Scope, id: &str) -> Result<SessionBundle, DbError> {
    let session = find(conn, scope, id)?;
    Ok(SessionBundle {
        photos: photos_of(conn, &session.id)?,
        extra_fields: extra_fields_of(conn, &session.id)?,
        notes_count: count_notes(conn, &session.id)?,
        session,
    })
}

/// Moves a session's creation time into the past (demo data spread over weeks).
pub fn backdate(conn: &mut AnyConnection, id: &str, created_at: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(sessions::table.find(id))
        .set((sessions::created_at.eq(created_at), sessions::updated_at.eq(created_at)))
        .execute(conn)?;
    Ok(())
}
