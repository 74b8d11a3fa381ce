//! Exported PDF reports: the verification code printed on each and the record hash it certifies.

use super::rows::ReportExportRow;
use super::schema::report_exports;
use super::sessions::SessionKey;
use super::{AnyConnection, DbError, ReportExport, Scope};
use diesel::prelude::*;

pub fn insert_export(conn: &mut AnyConnection, key: &SessionKey, export: &ReportExport) -> Result<(), DbError> {
    let mut row = ReportExportRow::from(export);
    // The export belongs to the session the key names, whatever the record says.
    (row.session_id, row.company_id) = (key.id().to_string(), key.company_id().to_string());
    diesel::insert_into(report_exports::table).values(&row).execute(conn)?;
    Ok(())
}

/// The export with this code, if the scope may see it: another company's code is not found.
pub fn find_by_code(conn: &mut AnyConnection, scope: &Scope, code: &str) -> Result<Option<ReportExport>, DbError> {
    let mut query = report_exports::table
        .filter(report_exports::code.eq(code.to_owned()))
        .select(ReportExportRow::as_select())
        .into_boxed();
    if let Scope::Company(company_id) = scope {
        query = query.filter(report_exports::company_id.eq(company_id.to_string()));
    }
    query.first(conn).optional()?.map(ReportExport::try_from).transpose()
}

/// A session's exports, newest first.
pub fn exports_of(conn: &mut AnyConnection, key: &SessionKey) -> Result<Vec<ReportExport>, DbError> {
    report_exports::table
        .filter(report_exports::session_id.eq(key.id().to_string()))
        .select(ReportExportRow::as_select())
        .order((report_exports::generated_at.desc(), report_exports::id.desc()))
        .load(conn)?
        .into_iter()
        .map(ReportExport::try_from)
        .collect()
}
