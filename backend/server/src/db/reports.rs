//! Exported PDF reports: the verification code printed on each and the record hash it certifies.

use super::schema::report_exports;
use super::{AnyConnection, DbError, ReportExportRecord, Scope};
use diesel::prelude::*;

pub fn insert_export(conn: &mut AnyConnection, export: &ReportExportRecord) -> Result<(), DbError> {
    diesel::insert_into(report_exports::table).values(export).execute(conn)?;
    Ok(())
}

/// The export with this code, if the scope may see it: another company's code is not found.
pub fn find_by_code(conn: &mut AnyConnection, scope: &Scope, code: &str) -> Result<Option<ReportExportRecord>, DbError> {
    let mut query = report_exports::table
        .filter(report_exports::code.eq(code.to_owned()))
        .select(ReportExportRecord::as_select())
        .into_boxed();
    if let Scope::Company(company_id) = scope {
        query = query.filter(report_exports::company_id.eq(company_id.clone()));
    }
    Ok(query.first(conn).optional()?)
}

/// A session's exports, newest first.
pub fn exports_of(conn: &mut AnyConnection, session_id: &str) -> Result<Vec<ReportExportRecord>, DbError> {
    Ok(report_exports::table
        .filter(report_exports::session_id.eq(session_id))
        .select(ReportExportRecord::as_select())
        .order((report_exports::generated_at.desc(), report_exports::id.desc()))
        .load(conn)?)
}
