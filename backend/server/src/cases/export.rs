//! The CSV export of the sessions list: an admin's read of every session a filter finds, handed
//! out a page at a time (keyset pages of the list, newest first) so that no export is ever held
//! in memory whole.
//!
//! The export is audited before its first row leaves: one `session.export.csv` event with the
//! filter's shape and the number of rows (`cases::query_audit`, counted when the export starts).
//! Sessions created after that moment are left out, so the count is what the pages hold unless a
//! session changes status, or is deleted, while the export runs.

use super::{Actor, Result, query_audit};
use crate::db::sessions::{ListOrder, PageCursor, SessionFilter};
use crate::db::{self, Scope, SessionSummary};
use crate::state::AppState;
use chrono::Utc;
use kyc_domain::access::Permission;

/// Rows read per page.
pub const PAGE_ROWS: i64 = 500;

/// An audited export, read page by page with [`ExportPages::next_page`].
pub struct ExportPages {
    state: AppState,
    scope: Scope,
    filter: SessionFilter,
    after: Option<PageCursor>,
    done: bool,
    /// The rows the audit event counted.
    pub rows: i64,
}

/// Starts an export of the sessions `filter` finds (admin only) and audits it.
pub async fn export_sessions(state: &AppState, actor: &Actor, filter: SessionFilter) -> Result<ExportPages> {
    actor.require(Permission::Administer)?;
    let scope = actor.scope();
    let started = Utc::now();
    let mut bounded = filter.clone();
    bounded.to = Some(filter.to.map_or(started, |to| to.min(started)));
    let counted = bounded.clone();
    let rows = state.db.read(move |conn| db::sessions::count(conn, &scope, &counted)).await?;
    let shown = usize::try_from(rows).unwrap_or_default();
    state.db.audit(query_audit::session_query_event(actor, "session.export.csv", &filter, query_audit::Page::All, None, shown)).await?;
    Ok(ExportPages { state: state.clone(), scope, filter: bounded, after: None, done: false, rows })
}

impl ExportPages {
    /// The next page of rows, newest first; `None` after the last.
    pub async fn next_page(&mut self) -> Result<Option<Vec<SessionSummary>>> {
        if self.done {
            return Ok(None);
        }
        let (scope, filter, after) = (self.scope, self.filter.clone(), self.after);
        let page = self
            .state
            .db
            .read(move |conn| db::sessions::list_page(conn, &scope, &filter, ListOrder::NewestFirst, after.as_ref(), PAGE_ROWS))
            .await?;
        self.done = (page.len() as i64) < PAGE_ROWS;
        self.after = page.last().map(|last| PageCursor { order: ListOrder::NewestFirst, at: last.created_at, id: last.id });
        Ok((!page.is_empty()).then_some(page))
    }
}
