//! Where each list fetched by URL stands: the validators its server last sent, the digest of the
//! version imported, and the last check, success, change and error (no URL is stored: it may
//! hold a key; the configuration has it).

use super::records::{naive, utc};
use super::{AnyConnection, DbError};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

diesel::table! {
    list_sources (name) {
        name -> Text,
        source_format -> Text,
        validators_json -> Text,
        content_sha256 -> Nullable<Text>,
        last_checked_at -> Nullable<Timestamp>,
        last_success_at -> Nullable<Timestamp>,
        last_changed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        last_error_at -> Nullable<Timestamp>,
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = list_sources)]
struct ListSourceRow {
    name: String,
    source_format: String,
    validators_json: String,
    content_sha256: Option<String>,
    last_checked_at: Option<chrono::NaiveDateTime>,
    last_success_at: Option<chrono::NaiveDateTime>,
    last_changed_at: Option<chrono::NaiveDateTime>,
    last_error: Option<String>,
    last_error_at: Option<chrono::NaiveDateTime>,
}

/// A source's state as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceState {
    pub name: String,
    pub format: String,
    /// The validators of each of the source's files, by position, as JSON.
    pub validators_json: String,
    pub content_sha256: Option<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_changed_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

impl From<ListSourceRow> for SourceState {
    fn from(row: ListSourceRow) -> Self {
        SourceState {
            name: row.name,
            format: row.source_format,
            validators_json: row.validators_json,
            content_sha256: row.content_sha256,
            last_checked_at: row.last_checked_at.map(utc),
            last_success_at: row.last_success_at.map(utc),
            last_changed_at: row.last_changed_at.map(utc),
            last_error: row.last_error,
            last_error_at: row.last_error_at.map(utc),
        }
    }
}

impl SourceState {
    /// A source never checked yet.
    pub fn new(name: &str, format: &str) -> Self {
        SourceState {
            name: name.to_owned(),
            format: format.to_owned(),
            validators_json: "[]".to_owned(),
            content_sha256: None,
            last_checked_at: None,
            last_success_at: None,
            last_changed_at: None,
            last_error: None,
            last_error_at: None,
        }
    }
}

pub fn find(conn: &mut AnyConnection, name: &str) -> Result<Option<SourceState>, DbError> {
    let row = list_sources::table.find(name.to_owned()).select(ListSourceRow::as_select()).first(conn).optional()?;
    Ok(row.map(SourceState::from))
}

pub fn all(conn: &mut AnyConnection) -> Result<Vec<SourceState>, DbError> {
    let rows = list_sources::table.order(list_sources::name).select(ListSourceRow::as_select()).load(conn)?;
    Ok(rows.into_iter().map(SourceState::from).collect())
}

/// Writes a source's state (one writer at a time: the refresh holds the source's lease).
pub fn save(conn: &mut AnyConnection, state: &SourceState) -> Result<(), DbError> {
    let values = (
        list_sources::source_format.eq(state.format.clone()),
        list_sources::validators_json.eq(state.validators_json.clone()),
        list_sources::content_sha256.eq(state.content_sha256.clone()),
        list_sources::last_checked_at.eq(state.last_checked_at.map(naive)),
        list_sources::last_success_at.eq(state.last_success_at.map(naive)),
        list_sources::last_changed_at.eq(state.last_changed_at.map(naive)),
        list_sources::last_error.eq(state.last_error.clone()),
        list_sources::last_error_at.eq(state.last_error_at.map(naive)),
    );
    let updated = diesel::update(list_sources::table.find(state.name.clone())).set(values.clone()).execute(conn)?;
    if updated == 0 {
        diesel::insert_into(list_sources::table).values((list_sources::name.eq(state.name.clone()), values)).execute(conn)?;
    }
    Ok(())
}
