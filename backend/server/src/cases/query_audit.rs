//! Audit events for reads of many people at once (the session list, its search, CSV exports):
//! what was asked and how much came back, never what was searched for.
//!
//! The event's target is the query's *shape*: `target_type` is `session_query` and `target_id`
//! names the filters used, the page size, whether it was a later page, and the rows returned,
//! e.g. `filters=q,status;limit=100;page=next;rows=31`. A search text, a date or a status value
//! never enters it: the log says that someone searched 31 people, not for whom.

use super::Actor;
use crate::db::NewAuditEvent;
use crate::db::sessions::SessionFilter;

/// The target type of every query-shape event.
pub const QUERY_TARGET: &str = "session_query";

/// Which page of a list a read asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    First,
    /// A page after a cursor.
    Next,
    /// Everything that matched (an export).
    All,
}

/// The event for a read of sessions by `filter` that returned `rows` (`action`: `session.list`,
/// `session.export`, ...).
pub fn session_query_event(actor: &Actor, action: &str, filter: &SessionFilter, page: Page, limit: Option<i64>, rows: usize) -> NewAuditEvent {
    actor.event(action, QUERY_TARGET, &shape(filter, page, limit, rows))
}

/// `filters=...;limit=...;page=...;rows=...`: the names of the filters set, in a fixed order.
/// A filter added to `SessionFilter` belongs in this list too.
pub fn shape(filter: &SessionFilter, page: Page, limit: Option<i64>, rows: usize) -> String {
    let SessionFilter {
        status,
        verified,
        text,
        document_type,
        document_real,
        full_document_detected,
        max_face_match_level,
        from,
        to,
        updated_since,
        ..
    } = filter;
    let used = [
        ("q", text.is_some()),
        ("status", status.is_some()),
        ("verified", verified.is_some()),
        ("document_type", document_type.is_some()),
        ("document_real", document_real.is_some()),
        ("full_document_detected", full_document_detected.is_some()),
        ("max_face_match_level", max_face_match_level.is_some()),
        ("from", from.is_some()),
        ("to", to.is_some()),
        ("updated_since", updated_since.is_some()),
    ];
    let filters: Vec<&str> = used.iter().filter(|(_, set)| *set).map(|(name, _)| *name).collect();
    let filters = if filters.is_empty() { "none".to_owned() } else { filters.join(",") };
    let page = match page {
        Page::First => "first",
        Page::Next => "next",
        Page::All => "all",
    };
    let limit = limit.map_or_else(|| "none".to_owned(), |limit| limit.to_string());
    format!("filters={filters};limit={limit};page={page};rows={rows}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_domain::session::SessionStatus;

    #[test]
    fn the_shape_names_the_filters_and_never_their_values() {
        let filter = SessionFilter {
            text: Some("Eriksson 13AB45678".to_owned()),
            status: Some(SessionStatus::AwaitingAction),
            from: Some(chrono::Utc::now()),
            ..SessionFilter::default()
        };
        let shape = shape(&filter, Page::Next, Some(100), 31);
        assert_eq!(shape, "filters=q,status,from;limit=100;page=next;rows=31");
        assert!(!shape.contains("Eriksson") && !shape.contains("awaiting"));
    }

    #[test]
    fn a_list_without_filters_says_so() {
        assert_eq!(shape(&SessionFilter::default(), Page::First, Some(25), 0), "filters=none;limit=25;page=first;rows=0");
        assert_eq!(shape(&SessionFilter::default(), Page::All, None, 7), "filters=none;limit=none;page=all;rows=7");
    }
}
