//! The CSV of the sessions export (`GET /sessions/export.csv`): one header row, then one row per
//! session with the list's columns, written with the `csv` crate (RFC 4180 quoting). No photo
//! and no MRZ leaves this way.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula (CSV injection), so such a cell is written with a leading `'`, which spreadsheets
//! show as text. Customer data (names, numbers, the external id) can start with anything.

use crate::db::SessionSummary;
use std::borrow::Cow;

/// The columns, in order. Booleans are `true`/`false`, an unknown value is an empty cell,
/// times are RFC 3339 UTC.
pub const COLUMNS: [&str; 22] = [
    "id",
    "external_id",
    "status",
    "status_reason",
    "created_at",
    "updated_at",
    "first_name",
    "last_name",
    "document_type",
    "document_number",
    "personal_number",
    "nationality",
    "verified",
    "document_valid",
    "liveness_passed",
    "face_match_level",
    "document_real",
    "full_document_detected",
    "mrz_valid",
    "pep_status",
    "liveness_finished",
    "document_finished",
];

/// The header row.
pub fn header() -> Result<Vec<u8>, csv::Error> {
    encode(std::iter::once(COLUMNS.map(String::from).to_vec()))
}

/// The rows of a page.
pub fn rows(sessions: &[SessionSummary]) -> Result<Vec<u8>, csv::Error> {
    encode(sessions.iter().map(row))
}

fn encode(records: impl Iterator<Item = Vec<String>>) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in records {
        writer.write_record(record.iter().map(|cell| inert(cell).into_owned()))?;
    }
    writer.into_inner().map_err(|error| error.into_error().into())
}

fn row(session: &SessionSummary) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let flag = |value: Option<bool>| value.map(|value| value.to_string()).unwrap_or_default();
    let time = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    vec![
        session.id.to_string(),
        text(&session.external_id),
        session.status.to_string(),
        session.main_reason.as_ref().map(|reason| reason.code.to_string()).unwrap_or_default(),
        time(session.created_at),
        time(session.updated_at),
        text(&session.first_name),
        text(&session.last_name),
        session.document_type.map(|kind| kind.to_string()).unwrap_or_default(),
        text(&session.document_number),
        text(&session.personal_number),
        text(&session.nationality),
        session.verified.to_string(),
        flag(session.document_valid),
        flag(session.liveness_passed),
        session.face_match_level.map(|level| level.value().to_string()).unwrap_or_default(),
        flag(session.document_real),
        flag(session.full_document_detected),
        flag(session.mrz_valid),
        session.pep_status.to_string(),
        session.liveness_finished.to_string(),
        session.document_finished.to_string(),
    ]
}

/// The cell as a spreadsheet shows it as text: a leading `'` before what it would run as a
/// formula.
pub fn inert(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_written_as_text() {
        for cell in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(inert(cell), format!("'{cell}"));
        }
        for cell in ["", "Anna", "2026-12-01T00:00:00Z", "a=b", "'quoted"] {
            assert_eq!(inert(cell), cell);
        }
    }

    #[test]
    fn the_header_names_every_column_once() {
        let header = String::from_utf8(header().expect("header")).expect("utf-8");
        assert_eq!(header.trim_end(), COLUMNS.join(","));
    }
}
