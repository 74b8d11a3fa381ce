//! Importing sanctions / PEP lists from files: parse (domain), store a new version, rebuild the
//! in-memory index, and re-screen stored sessions against only the entries that changed.

use super::ingest::stored_person_query;
use crate::db::sessions::SessionCursor;
use crate::db::{self, NewAuditEvent, Scope, ScreeningList, Session};
use crate::state::AppState;
use anyhow::{Context, bail};
use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use kyc_domain::ids::ListId;
use kyc_domain::screening::{
    ListEntry, ScreenedList, Screener, ScreeningMatch, ScreeningOutcome, StoredMatch, changed_entries, lists,
};
use kyc_domain::session::SessionStatus;
use kyc_domain::session::rules::status_after_new_match;
use std::path::PathBuf;

const RESCREEN_BATCH: i64 = 500;

/// What an import did, printed by the CLI.
#[derive(Debug)]
pub struct ImportReport {
    pub list: ScreeningList,
    pub changed_entries: usize,
    pub sessions_rescreened: usize,
    pub new_alerts: usize,
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imported {} version {}: {} entries, {} new or changed; re-screened {} sessions, {} new alerts",
            self.list.name,
            self.list.version,
            self.list.entry_count,
            self.changed_entries,
            self.sessions_rescreened,
            self.new_alerts
        )
    }
}

pub fn parse(format: &str, name: &str, paths: &[PathBuf]) -> anyhow::Result<Vec<ListEntry>> {
    let files = paths
        .iter()
        .map(|path| std::fs::read(path).with_context(|| format!("cannot read {}", path.display())))
        .collect::<anyhow::Result<Vec<_>>>()?;
    parse_bytes(format, name, &files)
}

/// Reads a list from its files' bytes: `ofac-csv` takes the SDN file and optionally its
/// addresses and alternate names, the other formats one file.
pub fn parse_bytes(format: &str, name: &str, files: &[Vec<u8>]) -> anyhow::Result<Vec<ListEntry>> {
    let file = |index: usize| files.get(index).map(Vec::as_slice);
    let first = file(0).context("give at least one list file")?;
    Ok(match format {
        "ofac-csv" => lists::parse_ofac_csv(first, file(1), file(2))?,
        "un-xml" => lists::parse_un_xml(first)?,
        "ftm" => lists::parse_ftm_jsonl(first, name)?,
        other => bail!("unknown list format {other:?}; use ofac-csv, un-xml or ftm"),
    })
}

fn default_name(format: &str) -> &str {
    match format {
        "ofac-csv" => "ofac-sdn",
        "un-xml" => "un-consolidated",
        _ => "opensanctions",
    }
}

pub fn import(
    state: &AppState,
    format: &str,
    name: Option<&str>,
    version: Option<&str>,
    paths: &[PathBuf],
) -> anyhow::Result<ImportReport> {
    let name = name.unwrap_or_else(|| default_name(format)).to_owned();
    let spinner = progress(&format!("parsing {name}"));
    let entries = parse(format, &name, paths)?;
    spinner.finish_with_message(format!("parsed {} entries of {name}", entries.len()));
    let version = version.map_or_else(|| chrono::Utc::now().format("%Y-%m-%d").to_string(), str::to_owned);
    import_entries(state, format, &name, &version, entries)
}

/// Stores entries as a new version of a list and re-screens sessions against what changed.
pub fn import_entries(
    state: &AppState,
    format: &str,
    name: &str,
    version: &str,
    mut entries: Vec<ListEntry>,
) -> anyhow::Result<ImportReport> {
    entries.sort_by(|a, b| a.entity_id.cmp(&b.entity_id));
    entries.dedup_by(|a, b| a.entity_id == b.entity_id);
    let previous = previous_entries(state, name)?;
    let changed = changed_entries(&previous, &entries);
    let list = ScreeningList {
        id: ListId::generate(),
        name: name.to_owned(),
        source_format: format.to_owned(),
        version: version.to_owned(),
        imported_at: Utc::now(),
        entry_count: i32::try_from(entries.len()).unwrap_or(i32::MAX),
        active: true,
    };
    let rows = entries
        .iter()
        .map(|entry| Ok((entry.entity_id.clone(), serde_json::to_string(entry)?)))
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    let stored = list.clone();
    state.db.write_now(move |conn| db::screening::insert_version(conn, &stored, &rows))?;
    state.screening.reload(&state.db)?;
    let listed = ScreenedList { id: list.id.to_string(), name: list.name.clone(), version: list.version.clone() };
    let (sessions_rescreened, new_alerts) = rescreen(state, &changed, &listed)?;
    Ok(ImportReport { list, changed_entries: changed.len(), sessions_rescreened, new_alerts })
}

fn previous_entries(state: &AppState, name: &str) -> anyhow::Result<Vec<ListEntry>> {
    let name = name.to_owned();
    let jsons = state.db.read_now(move |conn| {
        let active = db::screening::active_lists(conn)?;
        match active.into_iter().find(|list| list.name == name) {
            Some(list) => db::screening::entries_of(conn, list.id),
            None => Ok(Vec::new()),
        }
    })?;
    Ok(jsons.iter().map(|json| serde_json::from_str(json)).collect::<Result<_, _>>()?)
}

/// Screens every stored session against the changed entries only, adding what they newly match.
fn rescreen(state: &AppState, changed: &[ListEntry], list: &ScreenedList) -> anyhow::Result<(usize, usize)> {
    let screener = Screener::new(changed.to_vec());
    let bar = progress("re-screening sessions");
    let (mut sessions_seen, mut new_alerts) = (0, 0);
    let mut cursor: Option<SessionCursor> = None;
    loop {
        let after = cursor;
        let page = state.db.read_now(move |conn| {
            db::sessions::page_of_sessions(conn, &Scope::Platform, after.as_ref(), RESCREEN_BATCH)
        })?;
        let Some(last) = page.last() else { break };
        cursor = Some(SessionCursor { created_at: last.created_at, id: last.key.id() });
        for mut session in page {
            sessions_seen += 1;
            bar.set_message(format!("re-screened {sessions_seen} sessions"));
            let found = if changed.is_empty() {
                Vec::new()
            } else {
                screener.screen(&stored_person_query(&session.data.person))
            };
            let added = merge_matches(&mut session, found, list);
            let new_matches = added.len();
            new_alerts += new_matches;
            let reopened = (!added.is_empty()).then(|| reopen(&mut session, &added)).flatten();
            state.db.write_now_deciding_audit(move |conn| {
                db::sessions::update(conn, &session)?;
                append_match_found(conn, &session, new_matches)?;
                Ok(((), reopened.into_iter().collect()))
            })?;
        }
        super::webhooks::committed(state);
    }
    bar.finish_with_message(format!("re-screened {sessions_seen} sessions"));
    Ok((sessions_seen, new_alerts))
}

/// `screening.match_found` for a session the import found new matches for, in the write of them.
fn append_match_found(conn: &mut db::AnyConnection, session: &Session, added: usize) -> Result<(), db::DbError> {
    if added == 0 {
        return Ok(());
    }
    let company_id = session.key.company_id();
    let settings = db::companies::find_company(conn, company_id)?.map(|company| company.settings).unwrap_or_default();
    let event = super::webhooks::match_found_event(session, added, &settings);
    db::webhooks::append_events(conn, company_id, vec![event]).map(drop)
}

/// Adds new matches to a session's stored screening (keeping operators' reviews) and records
/// that the new list version was screened. Returns the matches that are new.
fn merge_matches(session: &mut Session, found: Vec<ScreeningMatch>, list: &ScreenedList) -> Vec<ScreeningMatch> {
    let outcome = session.data.screening.get_or_insert_with(ScreeningOutcome::default);
    outcome.lists.retain(|screened| screened.name != list.name);
    outcome.lists.push(list.clone());
    let mut added = Vec::new();
    for found in found {
        match outcome.matches.iter_mut().find(|m| m.found.entity_id == found.entity_id && m.found.list == found.list) {
            Some(existing) => existing.found = found,
            None => {
                added.push(found.clone());
                outcome.matches.push(StoredMatch::open(found));
            }
        }
    }
    session.data.screened_at = Some(Utc::now());
    added
}

/// Ongoing monitoring: a session that gained matches shows them as the reason of its status,
/// a verified one goes back to awaiting action, and a pending first approval (given before the
/// match existed) is void. Returns the audit event when the status changed.
fn reopen(session: &mut Session, added: &[ScreeningMatch]) -> Option<NewAuditEvent> {
    let names: Vec<String> = added.iter().map(|found| format!("{} ({}, {})", found.name, found.list, found.entity_id)).collect();
    if let Some(trace) = session.data.decision_trace.as_mut() {
        trace.record_new_match(&names.join(", "));
    }
    let before = session.data.status;
    session.data.status = status_after_new_match(before);
    session.data.verified = session.data.status == SessionStatus::Verified;
    session.data.pending_approval_by = None;
    session.data.updated_at = Utc::now();
    (before != session.data.status).then(|| NewAuditEvent {
        company_id: Some(session.key.company_id()),
        actor_id: "list-import".to_owned(),
        actor_kind: "system".to_owned(),
        action: "session.reopen.new_screening_match".to_owned(),
        target_type: Some("session".to_owned()),
        target_id: Some(session.key.id().to_string()),
        outcome: "ok".to_owned(),
        ip: None,
    })
}

pub fn stored(state: &AppState) -> anyhow::Result<Vec<String>> {
    let lists = state.db.read_now(db::screening::all_lists)?;
    Ok(lists
        .iter()
        .map(|l| {
            format!(
                "{} {} ({}, {} entries, imported {}){}",
                l.name,
                l.version,
                l.source_format,
                l.entry_count,
                l.imported_at.format("%Y-%m-%d %H:%M:%S UTC"),
                if l.active { " active" } else { "" }
            )
        })
        .collect())
}

fn progress(message: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.set_message(message.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
