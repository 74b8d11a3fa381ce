//! Lists that keep themselves current (`KYC_LIST_SOURCES`): `serve` polls each source at its
//! interval with a conditional GET, imports a changed version through the same path as
//! `kyc-server lists import` (store, reload the index, re-screen stored sessions against what
//! changed) and records how each check went, for admins to see.
//!
//! - One replica at a time checks a source: the check holds the job lease `list-refresh:NAME`.
//!   A source is due when its last check is older than its interval, whoever made that check.
//! - Unchanged is cheap: a `304`, or a `200` whose bytes have the digest of the version already
//!   imported, imports nothing and writes no audit event.
//! - An import and a failed check are audited by the `system` actor (`lists.refresh`, outcome
//!   `imported` or `failed`); the failure's text (never the URL) is kept as the source's last
//!   error until a later check succeeds.

use super::lists::{ImportReport, import_entries, parse_bytes};
use super::{Actor, Result};
use crate::db::{self, NewAuditEvent, ScreeningList, list_sources::SourceState};
use crate::list_feed::{Download, FeedLimits, ListSource, Validators, client, content_digest, download};
use crate::state::AppState;
use chrono::{DateTime, TimeDelta, Utc};
use kyc_domain::access::Permission;
use std::time::Duration;

/// What one check of a source did.
#[derive(Debug)]
pub enum CheckOutcome {
    /// Another replica is checking it.
    Busy,
    NotDue,
    Unchanged,
    Imported(ImportReport),
    Failed(String),
}

/// A configured source with how its checks went, for the admin's status page.
#[derive(Debug, Clone)]
pub struct SourceStatus {
    pub name: String,
    pub format: String,
    pub interval: Duration,
    pub hosts: Vec<String>,
    pub state: Option<SourceState>,
    /// The version of this list in use, if one was imported (by URL or by hand).
    pub active_version: Option<ScreeningList>,
}

/// The configured sources and how their checks went (`GET /screening/sources`).
pub async fn list_sources(state: &AppState, actor: &Actor) -> Result<Vec<SourceStatus>> {
    actor.require(Permission::Administer)?;
    let sources = state.config.list_sources.clone();
    let (stored, active) = state.db.read(|conn| Ok((db::list_sources::all(conn)?, db::screening::active_lists(conn)?))).await?;
    Ok(sources
        .into_iter()
        .map(|source| SourceStatus {
            state: stored.iter().find(|state| state.name == source.name).cloned(),
            active_version: active.iter().find(|list| list.name == source.name).cloned(),
            hosts: source.hosts(),
            name: source.name,
            format: source.format,
            interval: source.interval,
        })
        .collect())
}

/// Starts the polling task beside the HTTP server when sources are configured; it ends with the
/// server's runtime. Failures are recorded per source and retried at its next interval.
pub fn spawn_polling(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let sources = state.config.list_sources.clone();
    if sources.is_empty() {
        return None;
    }
    let http = match client(feed_limits(&state)) {
        Ok(http) => http,
        Err(error) => {
            log::error!("lists will not be refreshed: {error}");
            return None;
        }
    };
    let holder = format!("serve-{}", uuid::Uuid::new_v4());
    let tick = sources.iter().map(|source| source.interval / 4).min().unwrap_or_default();
    let tick = tick.clamp(Duration::from_secs(1), Duration::from_secs(60));
    Some(tokio::spawn(async move {
        loop {
            for source in &sources {
                match check_source(&state, &http, source, &holder, Utc::now()).await {
                    CheckOutcome::Imported(report) => log::info!("list refresh: {report}"),
                    CheckOutcome::Failed(reason) => log::warn!("list refresh of {}: {reason}", source.name),
                    CheckOutcome::Busy | CheckOutcome::NotDue | CheckOutcome::Unchanged => {}
                }
            }
            tokio::time::sleep(tick).await;
        }
    }))
}

fn feed_limits(state: &AppState) -> FeedLimits {
    FeedLimits { max_bytes: state.config.list_max_bytes, timeout: state.config.list_timeout }
}

/// Checks one source if it is due and no other replica is at it: downloads, imports a changed
/// version, and records the check.
pub async fn check_source(state: &AppState, http: &reqwest::Client, source: &ListSource, holder: &str, now: DateTime<Utc>) -> CheckOutcome {
    let lease = format!("list-refresh:{}", source.name);
    let limits = feed_limits(state);
    let lease_until = now + TimeDelta::from_std(limits.timeout * 4 + Duration::from_secs(600)).unwrap_or(TimeDelta::hours(1));
    let (taking, owner) = (lease.clone(), holder.to_owned());
    match state.db.write(move |conn| db::leases::take_lease(conn, &taking, &owner, now, lease_until)).await {
        Ok(true) => {}
        Ok(false) => return CheckOutcome::Busy,
        Err(error) => return CheckOutcome::Failed(format!("the lease could not be taken: {error}")),
    }
    let outcome = check_leased(state, http, source, limits, now).await;
    let owner = holder.to_owned();
    if let Err(error) = state.db.write(move |conn| db::leases::release_lease(conn, &lease, &owner)).await {
        log::warn!("the lease of list {} could not be released: {error}", source.name);
    }
    outcome
}

async fn check_leased(state: &AppState, http: &reqwest::Client, source: &ListSource, limits: FeedLimits, now: DateTime<Utc>) -> CheckOutcome {
    let name = source.name.clone();
    let stored = match state.db.read(move |conn| db::list_sources::find(conn, &name)).await {
        Ok(stored) => stored.unwrap_or_else(|| SourceState::new(&source.name, &source.format)),
        Err(error) => return CheckOutcome::Failed(format!("the source's state could not be read: {error}")),
    };
    if !is_due(&stored, source, now) {
        return CheckOutcome::NotDue;
    }
    let mut checked = SourceState { last_checked_at: Some(now), format: source.format.clone(), ..stored.clone() };
    let outcome = match fetch_and_import(state, http, source, limits, &stored, &mut checked).await {
        Ok(outcome) => {
            checked.last_success_at = Some(now);
            checked.last_error = None;
            checked.last_error_at = None;
            outcome
        }
        Err(reason) => {
            checked.last_error = Some(reason.clone());
            checked.last_error_at = Some(now);
            CheckOutcome::Failed(reason)
        }
    };
    let event = audit_event(source, &outcome);
    let saved = state
        .db
        .write_deciding_audit(move |conn| {
            db::list_sources::save(conn, &checked)?;
            Ok(((), event.into_iter().collect()))
        })
        .await;
    match saved {
        Ok(()) => outcome,
        Err(error) => CheckOutcome::Failed(format!("the check's result could not be stored: {error}")),
    }
}

fn is_due(stored: &SourceState, source: &ListSource, now: DateTime<Utc>) -> bool {
    let interval = TimeDelta::from_std(source.interval).unwrap_or(TimeDelta::MAX);
    stored.last_checked_at.is_none_or(|checked| checked + interval <= now) || stored.format != source.format
}

/// Downloads the source's files and imports them when they changed; `checked` gains the new
/// validators and digest.
async fn fetch_and_import(
    state: &AppState,
    http: &reqwest::Client,
    source: &ListSource,
    limits: FeedLimits,
    stored: &SourceState,
    checked: &mut SourceState,
) -> std::result::Result<CheckOutcome, String> {
    let last: Vec<Validators> = serde_json::from_str(&stored.validators_json).unwrap_or_default();
    let mut downloads = Vec::with_capacity(source.urls.len());
    for (position, url) in source.urls.iter().enumerate() {
        downloads.push(download(http, url, last.get(position).unwrap_or(&Validators::default()), limits).await?);
    }
    if downloads.iter().all(|file| matches!(file, Download::Unchanged)) && stored.content_sha256.is_some() {
        return Ok(CheckOutcome::Unchanged);
    }
    let mut bodies = Vec::with_capacity(downloads.len());
    let mut validators = Vec::with_capacity(downloads.len());
    for (position, file) in downloads.into_iter().enumerate() {
        // A file unchanged beside one that changed is needed whole again for the import.
        let file = match file {
            Download::Unchanged => download(http, &source.urls[position], &Validators::default(), limits).await?,
            fetched => fetched,
        };
        let Download::Fetched { body, validators: sent } = file else {
            return Err("the server answered 304 to a request without validators".to_owned());
        };
        bodies.push(body);
        validators.push(sent);
    }
    let digest = content_digest(&bodies);
    // The validators are kept only once the files are known good: after a failed import the next
    // check must download them again rather than be told "not modified".
    let validators = serde_json::to_string(&validators).map_err(|error| error.to_string())?;
    if stored.content_sha256.as_deref() == Some(digest.as_str()) {
        checked.validators_json = validators;
        return Ok(CheckOutcome::Unchanged);
    }
    let report = import_off_thread(state.clone(), source.clone(), bodies).await?;
    checked.validators_json = validators;
    checked.content_sha256 = Some(digest);
    checked.last_changed_at = checked.last_checked_at;
    Ok(CheckOutcome::Imported(report))
}

/// Parses and imports on the blocking pool: both are long and synchronous (the re-screening of
/// every stored session is part of the import).
async fn import_off_thread(state: AppState, source: ListSource, bodies: Vec<Vec<u8>>) -> std::result::Result<ImportReport, String> {
    let imported = tokio::task::spawn_blocking(move || {
        let entries = parse_bytes(&source.format, &source.name, &bodies).map_err(|error| format!("the list could not be read: {error:#}"))?;
        let version = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        import_entries(&state, &source.format, &source.name, &version, entries).map_err(|error| format!("the import failed: {error:#}"))
    });
    imported.await.map_err(|error| format!("the import stopped: {error}"))?
}

fn audit_event(source: &ListSource, outcome: &CheckOutcome) -> Option<NewAuditEvent> {
    let outcome = match outcome {
        CheckOutcome::Imported(_) => "imported",
        CheckOutcome::Failed(_) => "failed",
        CheckOutcome::Busy | CheckOutcome::NotDue | CheckOutcome::Unchanged => return None,
    };
    Some(NewAuditEvent {
        company_id: None,
        actor_id: "list-refresh".to_owned(),
        actor_kind: "system".to_owned(),
        action: "lists.refresh".to_owned(),
        target_type: Some("screening_list".to_owned()),
        target_id: Some(source.name.clone()),
        outcome: outcome.to_owned(),
        ip: None,
    })
}
