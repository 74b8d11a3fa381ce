//! Retention: each company's policy, the reported end of a customer relationship, each
//! session's dates and reasons, legal holds, erasure on request with its approvals, and the
//! purge job. The rules are `kyc_domain::retention`'s; this module loads the facts, applies the
//! rules' verdicts in one transaction per session and removes the photos after the commit.

use super::sessions::find_session;
use super::{Actor, Error, Result};
use crate::db::retention::{HoldRecord, RetentionMarks};
use crate::db::{self, AnyConnection, DbError, NewAuditEvent, Scope, Session};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::access::Permission;
use kyc_domain::ids::{CompanyId, SessionId};
use kyc_domain::retention::{
    DeletionAuthority, DeletionCertificate, ErasureContext, ErasureRequest, ErasureStep, LegalHold, PendingErasure,
    RedactedBy, RedactedSession, Redaction, RetentionPeriods, RetentionPolicy, RetentionSchedule, SessionRetentionFacts,
    request_erasure, retention_rule, schedule,
};
use kyc_domain::session::SessionStatus;

/// A session's retention as its page shows it.
#[derive(Debug, Clone)]
pub struct SessionRetention {
    pub schedule: RetentionSchedule,
    pub marks: RetentionMarks,
    pub hold: Option<HoldRecord>,
}

/// Where an erasure request stands after an admin asked or approved.
#[derive(Debug, Clone)]
pub enum ErasureOutcome {
    Redacted { certificate: DeletionCertificate },
    AwaitingSecondAdmin { pending: PendingErasure },
}

// ---------- the policy ----------

pub async fn get_retention_policy(state: &AppState, actor: &Actor) -> Result<RetentionPolicy> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("retention policies")?;
    Ok(state.db.read(move |conn| db::retention::policy_of(conn, company_id)).await?)
}

/// Saves the company's policy; a period out of its bounds is refused with the law that sets them.
pub async fn update_retention_policy(
    state: &AppState,
    actor: &Actor,
    periods: RetentionPeriods,
) -> Result<RetentionPolicy> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("retention policies")?;
    let policy = RetentionPolicy::new(periods).map_err(|invalid| {
        let problems = invalid
            .problems
            .iter()
            .map(|problem| super::FieldProblem {
                field: problem.period().field().to_owned(),
                message: problem.to_string(),
                line: None,
                position: None,
            })
            .collect();
        Error::invalid_fields(problems)
    })?;
    let by = actor.principal().to_string();
    let event = actor.event("retention.policy.update", "company", &company_id.to_string());
    state
        .db
        .write_audited(event, move |conn| db::retention::save_policy(conn, company_id, &policy, &by, Utc::now()))
        .await?;
    Ok(policy)
}

// ---------- one session's retention ----------

/// What the rules need to know about one session, with its marks and current hold.
fn retention_facts(
    conn: &mut AnyConnection,
    session: &Session,
) -> std::result::Result<(SessionRetentionFacts, RetentionMarks, Option<HoldRecord>), DbError> {
    let marks = db::retention::marks_of(conn, &session.key)?;
    let hold = db::retention::current_hold(conn, &session.key)?;
    let status = session.data.status;
    let decided_at = match status {
        SessionStatus::AwaitingAction => None,
        // A person's decision when there was one; otherwise the last change, which is never
        // earlier than the automatic decision, so the period never starts too soon.
        _ => db::retention::decided_at(conn, &session.key)?.or(Some(session.data.updated_at)),
    };
    let facts = SessionRetentionFacts {
        status,
        created_at: session.created_at,
        decided_at,
        relationship_ended_on: marks.relationship_ended_on,
        legal_hold: hold.as_ref().map(|hold| LegalHold {
            reason: hold.reason.clone(),
            placed_by: hold.placed_by_name.clone(),
            placed_at: hold.placed_at,
        }),
        redaction: marks.redaction.clone(),
    };
    Ok((facts, marks, hold))
}

fn session_retention_now(
    conn: &mut AnyConnection,
    session: &Session,
    today: NaiveDate,
) -> std::result::Result<SessionRetention, DbError> {
    let policy = db::retention::policy_of(conn, session.key.company_id())?;
    let (facts, marks, hold) = retention_facts(conn, session)?;
    Ok(SessionRetention { schedule: schedule(&facts, &policy, today), marks, hold })
}

/// The date each class of the session's data goes, and why.
pub async fn get_session_retention(state: &AppState, actor: &Actor, id: SessionId) -> Result<SessionRetention> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    let today = Utc::now().date_naive();
    Ok(state.db.read(move |conn| session_retention_now(conn, &session, today)).await?)
}

/// The client reports the end of the customer relationship: a verified session's period starts.
pub async fn report_relationship_ended(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    ended_on: NaiveDate,
) -> Result<SessionRetention> {
    actor.require(Permission::IngestSessions)?;
    let today = Utc::now().date_naive();
    if ended_on > today {
        return Err(Error::invalid("ended_on", "the relationship cannot end in the future"));
    }
    let session = find_session(state, actor, id).await?;
    if ended_on < session.created_at.date_naive() {
        return Err(Error::invalid("ended_on", "the relationship cannot end before the session was created"));
    }
    let event = actor.event("session.relationship_ended", "session", &id.to_string());
    let audit_key = state.db.audit_key()?;
    state
        .db
        .write(move |conn| {
            let mut marks = db::retention::marks_of(conn, &session.key)?;
            if marks.redaction.is_some() {
                return refused(conn, &audit_key, event, "the session was already redacted".into());
            }
            marks.relationship_ended_on = Some(ended_on);
            db::retention::save_marks(conn, &session.key, &marks)?;
            db::audit::append_event(conn, &audit_key, event)?;
            Ok(Ok(session_retention_now(conn, &session, today)?))
        })
        .await?
}

/// The same, for the session the company gave this external id (unique within a company).
pub async fn report_relationship_ended_by_external_id(
    state: &AppState,
    actor: &Actor,
    external_id: String,
    ended_on: NaiveDate,
) -> Result<SessionRetention> {
    actor.require(Permission::IngestSessions)?;
    let company_id = actor.own_company("customer relationships")?;
    let id = state
        .db
        .read(move |conn| db::sessions::id_by_external_id(conn, company_id, &external_id))
        .await?
        .ok_or_else(|| Error::not_found("session"))?;
    report_relationship_ended(state, actor, id, ended_on).await
}

// ---------- legal holds ----------

pub async fn place_legal_hold(state: &AppState, actor: &Actor, id: SessionId, reason: String) -> Result<HoldRecord> {
    actor.require(Permission::Administer)?;
    let session = find_session(state, actor, id).await?;
    let by = (actor.principal().to_string(), super::review::actor_name(state, actor).await?);
    let event = actor.event("session.legal_hold.place", "session", &id.to_string());
    let audit_key = state.db.audit_key()?;
    state
        .db
        .write(move |conn| {
            if db::retention::marks_of(conn, &session.key)?.redaction.is_some() {
                return refused(conn, &audit_key, event, "the session was already redacted: there is nothing left to hold".into());
            }
            if let Some(hold) = db::retention::current_hold(conn, &session.key)? {
                let since = hold.placed_at.date_naive();
                return refused(conn, &audit_key, event, format!("the session is already under legal hold since {since}"));
            }
            let hold = db::retention::place_hold(conn, &session.key, &reason, (&by.0, &by.1), Utc::now())?;
            db::audit::append_event(conn, &audit_key, event)?;
            Ok(Ok(hold))
        })
        .await?
}

pub async fn lift_legal_hold(state: &AppState, actor: &Actor, id: SessionId) -> Result<()> {
    actor.require(Permission::Administer)?;
    let session = find_session(state, actor, id).await?;
    let by = actor.principal().to_string();
    let event = actor.event("session.legal_hold.lift", "session", &id.to_string());
    let lifted = state.db.write_audited(event, move |conn| db::retention::lift_hold(conn, &session.key, &by, Utc::now()));
    if lifted.await? { Ok(()) } else { Err(Error::not_found("legal hold")) }
}

/// The company's holds, current and lifted.
pub async fn list_legal_holds(state: &AppState, actor: &Actor) -> Result<Vec<HoldRecord>> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("legal holds")?;
    Ok(state.db.read(move |conn| db::retention::holds_of_company(conn, company_id)).await?)
}

// ---------- erasure on request ----------

/// An admin asks to erase a session, or approves another admin's request. Refusals (a hold,
/// the AML period, the same admin twice) are conflicts that say why.
pub async fn redact_session(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    request: ErasureRequest,
) -> Result<ErasureOutcome> {
    actor.require(Permission::Administer)?;
    let session = find_session(state, actor, id).await?;
    let company_id = session.key.company_id();
    let settings = super::sessions::company_settings(state, company_id).await?;
    let admin = actor.principal().to_string();
    let event = actor.event("session.redact", "session", &id.to_string());
    let audit_key = state.db.audit_key()?;
    let outcome = state
        .db
        .write(move |conn| {
            let policy = db::retention::policy_of(conn, company_id)?;
            let (facts, mut marks, _) = retention_facts(conn, &session)?;
            let context =
                ErasureContext { session: &facts, policy: &policy, four_eyes_review: settings.four_eyes_review };
            let now = Utc::now();
            let step = match marks.pending_erasure.take() {
                Some(pending) => pending.approve(&context, &admin, now).map(ErasureStep::Approved),
                None => request_erasure(&context, request, &admin, now),
            };
            let approved = match step {
                Err(refusal) => return refused(conn, &audit_key, event, refusal.to_string()),
                Ok(ErasureStep::AwaitingSecondAdmin(pending)) => {
                    marks.pending_erasure = Some(pending.clone());
                    db::retention::save_marks(conn, &session.key, &marks)?;
                    let mut event = event;
                    event.action = "session.redact.request".to_owned();
                    db::audit::append_event(conn, &audit_key, event)?;
                    return Ok(Ok((ErasureOutcome::AwaitingSecondAdmin { pending }, Vec::new())));
                }
                Ok(ErasureStep::Approved(approved)) => approved,
            };
            let rule = retention_rule(&facts, &policy);
            let redaction = Redaction { at: now, by: approved.redacted_by() };
            let Some((entry, addresses)) = redact_in_transaction(conn, &session, rule, &redaction)? else {
                return Ok(Err(Error::not_found("session")));
            };
            let certificate = issue(company_id, now, DeletionAuthority::from(&approved), vec![entry])?;
            db::retention::insert_certificate(conn, &certificate)?;
            db::audit::append_event(conn, &audit_key, event)?;
            Ok(Ok((ErasureOutcome::Redacted { certificate }, addresses)))
        })
        .await??;
    let (outcome, addresses) = outcome;
    if matches!(outcome, ErasureOutcome::Redacted { .. }) {
        super::webhooks::committed(state);
    }
    let cleaner = state.clone();
    super::off_thread(move || {
        remove_unreferenced_blobs(&cleaner, addresses);
        if let Err(error) = cleaner.db.read_now(db::retention::flush_redacted_pages) {
            log::warn!("the write-ahead log could not be flushed after a redaction: {error:#}");
        }
    })
    .await?;
    Ok(outcome)
}

/// A refusal: audited as such (and nothing else written), then answered as a conflict.
fn refused<T>(
    conn: &mut AnyConnection,
    audit_key: &kyc_domain::audit::v2::ChainKey,
    mut event: NewAuditEvent,
    why: String,
) -> std::result::Result<Result<T>, DbError> {
    event.outcome = "refused".to_owned();
    db::audit::append_event(conn, audit_key, event)?;
    Ok(Err(Error::Conflict(why)))
}

fn issue(
    company_id: CompanyId,
    at: DateTime<Utc>,
    authority: DeletionAuthority,
    sessions: Vec<RedactedSession>,
) -> std::result::Result<DeletionCertificate, DbError> {
    DeletionCertificate::issue(uuid::Uuid::now_v7().to_string(), company_id.to_string(), at, authority, sessions)
        .map_err(|error| DbError::Corrupt { what: "deletion certificate", detail: error.to_string() })
}

/// Hashes the record, redacts the session and returns its certificate entry and the photo
/// addresses to remove after the commit; `None` when the session is gone.
fn redact_in_transaction(
    conn: &mut AnyConnection,
    session: &Session,
    rule: kyc_domain::retention::RetentionRule,
    redaction: &Redaction,
) -> std::result::Result<Option<(RedactedSession, Vec<String>)>, DbError> {
    let scope = Scope::Company(session.key.company_id());
    let Some(before) = super::reports::record_facts_now(conn, &scope, session.key.id())? else { return Ok(None) };
    let addresses = db::retention::redact_session(conn, session, redaction)?;
    // In the same transaction as the redaction: no redaction without its event, and the
    // event never carries names (they are gone).
    let event = super::webhooks::session_redacted(session, redaction.at);
    db::webhooks::append_events(conn, session.key.company_id(), vec![event])?;
    let photos = u32::try_from(addresses.len()).unwrap_or(u32::MAX);
    let entry = RedactedSession::from_facts(&before, session.data.status, rule, photos, redaction.at);
    Ok(Some((entry, addresses)))
}

/// Removes the blobs no photo row points at any more. A failure is logged: the next purge run
/// finds the orphan and removes it.
fn remove_unreferenced_blobs(state: &AppState, addresses: Vec<String>) {
    let referenced = match state.db.read_now(db::retention::referenced_blobs) {
        Ok(referenced) => referenced,
        Err(error) => return log::warn!("redacted photos could not be checked for other users: {error:#}"),
    };
    for address in addresses.into_iter().filter(|address| !referenced.contains(address)) {
        if let Err(error) = state.photos.remove(&address) {
            log::warn!("a redacted photo blob could not be removed (the next purge run retries): {error}");
        }
    }
}

// ---------- deletion certificates ----------

pub async fn list_retention_runs(state: &AppState, actor: &Actor) -> Result<Vec<DeletionCertificate>> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("deletion certificates")?;
    Ok(state.db.read(move |conn| db::retention::certificates_of(conn, company_id, 200)).await?)
}

pub async fn get_retention_run(state: &AppState, actor: &Actor, id: String) -> Result<DeletionCertificate> {
    actor.require(Permission::Administer)?;
    let company_id = actor.own_company("deletion certificates")?;
    let found = state.db.read(move |conn| db::retention::find_certificate(conn, company_id, &id)).await?;
    found.ok_or_else(|| Error::not_found("retention run"))
}

// ---------- the purge job ----------

/// How a purge run is asked for.
#[derive(Debug, Clone, Copy)]
pub struct PurgeOptions {
    pub as_of: NaiveDate,
    pub dry_run: bool,
}

/// What a purge run found or did: ids and counts only.
#[derive(Debug, Clone, Default)]
pub struct PurgeReport {
    pub run_id: String,
    /// The sessions due, by company.
    pub due: Vec<(CompanyId, SessionId)>,
    pub redacted: usize,
    pub photos_deleted: usize,
    pub orphaned_blobs: usize,
    pub certificates: Vec<String>,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "run {}: {} session(s) due", self.run_id, self.due.len())?;
        for (company, session) in &self.due {
            writeln!(f, "  company {company} session {session}")?;
        }
        write!(
            f,
            "{} redacted, {} photo(s) deleted, {} orphaned blob(s) {}, certificate(s): {}",
            self.redacted,
            self.photos_deleted,
            self.orphaned_blobs,
            if self.redacted == 0 && self.certificates.is_empty() { "found" } else { "removed" },
            if self.certificates.is_empty() { "none".to_owned() } else { self.certificates.join(", ") }
        )
    }
}

const JOB_ACTOR: &str = "retention-job";

fn job_event(company_id: CompanyId, action: &str, target: (&str, String)) -> NewAuditEvent {
    NewAuditEvent {
        company_id: Some(company_id),
        actor_id: JOB_ACTOR.to_owned(),
        actor_kind: "job".to_owned(),
        action: action.to_owned(),
        target_type: Some(target.0.to_owned()),
        target_id: Some(target.1),
        outcome: "ok".to_owned(),
        ip: None,
    }
}

/// Redacts every session due on `as_of` under its company's policy, one transaction per session,
/// removes orphaned blobs, and writes one certificate per company (grown with each session, so a
/// run killed halfway leaves a true certificate of what it did). `progress(done, total)` is
/// called after each session. A dry run only finds.
pub fn run_purge(state: &AppState, options: PurgeOptions, progress: &dyn Fn(usize, usize)) -> anyhow::Result<PurgeReport> {
    let mut report = PurgeReport { run_id: uuid::Uuid::now_v7().to_string(), ..PurgeReport::default() };
    let orphans = orphaned_blobs(state)?;
    report.orphaned_blobs = orphans.len();
    report.due = due_sessions(state, options.as_of)?;
    if options.dry_run {
        return Ok(report);
    }
    for address in orphans {
        state.photos.remove(&address)?;
    }
    let audit_key = state.db.audit_key()?;
    let mut certificates: std::collections::HashMap<CompanyId, DeletionCertificate> = Default::default();
    for (done, (company_id, session_id)) in report.due.clone().into_iter().enumerate() {
        let earlier = certificates.get(&company_id).cloned();
        let (run_id, as_of) = (report.run_id.clone(), options.as_of);
        let redacted =
            state.db.write_now(|conn| purge_one(conn, &audit_key, company_id, session_id, &run_id, as_of, earlier))?;
        if let Some((certificate, addresses)) = redacted {
            report.redacted += 1;
            report.photos_deleted += addresses.len();
            super::webhooks::committed(state);
            remove_unreferenced_blobs(state, addresses);
            certificates.insert(company_id, certificate);
        }
        progress(done + 1, report.due.len());
    }
    report.certificates = certificates.values().map(|certificate| certificate.id.clone()).collect();
    report.certificates.sort();
    if report.redacted > 0 {
        state.db.read_now(db::retention::flush_redacted_pages)?;
    }
    Ok(report)
}

/// The sessions due on `as_of`, by the rules on the facts as stored.
fn due_sessions(state: &AppState, as_of: NaiveDate) -> anyhow::Result<Vec<(CompanyId, SessionId)>> {
    Ok(state.db.read_now(|conn| {
        let mut due = Vec::new();
        for (company_id, session_id) in db::retention::purge_candidates(conn)? {
            let Some(session) = db::sessions::find(conn, &Scope::Company(company_id), session_id)? else { continue };
            if session_retention_now(conn, &session, as_of)?.schedule.due {
                due.push((company_id, session_id));
            }
        }
        Ok(due)
    })?)
}

/// One session in one transaction: checked again (a hold may have come since the list was
/// made), redacted, audited, and added to the run's certificate for its company.
fn purge_one(
    conn: &mut AnyConnection,
    audit_key: &kyc_domain::audit::v2::ChainKey,
    company_id: CompanyId,
    session_id: SessionId,
    run_id: &str,
    as_of: NaiveDate,
    earlier: Option<DeletionCertificate>,
) -> std::result::Result<Option<(DeletionCertificate, Vec<String>)>, DbError> {
    let Some(session) = db::sessions::find(conn, &Scope::Company(company_id), session_id)? else { return Ok(None) };
    let retention = session_retention_now(conn, &session, as_of)?;
    if !retention.schedule.due {
        return Ok(None);
    }
    let policy = db::retention::policy_of(conn, company_id)?;
    let now = Utc::now();
    let redaction = Redaction { at: now, by: RedactedBy::Policy };
    let Some((entry, addresses)) = redact_in_transaction(conn, &session, retention.schedule.rule, &redaction)? else {
        return Ok(None);
    };
    db::audit::append_event(conn, audit_key, job_event(company_id, "session.redact", ("session", session_id.to_string())))?;
    let certificate = match earlier {
        Some(earlier) => {
            let mut sessions = earlier.sessions;
            sessions.push(entry);
            let certificate = DeletionCertificate::issue(earlier.id, earlier.company_id, now, earlier.authority, sessions)
                .map_err(|error| DbError::Corrupt { what: "deletion certificate", detail: error.to_string() })?;
            db::retention::replace_certificate(conn, &certificate)?;
            certificate
        }
        None => {
            let authority =
                DeletionAuthority::Policy { run_id: run_id.to_owned(), as_of, periods: policy.periods() };
            let certificate = issue(company_id, now, authority, vec![entry])?;
            db::retention::insert_certificate(conn, &certificate)?;
            let event = job_event(company_id, "retention.run", ("retention_run", certificate.id.clone()));
            db::audit::append_event(conn, audit_key, event)?;
            certificate
        }
    };
    Ok(Some((certificate, addresses)))
}

/// Blobs in the store that no photo row points at: left by a redaction or clean-up whose
/// removal failed or was interrupted after its commit.
fn orphaned_blobs(state: &AppState) -> anyhow::Result<Vec<String>> {
    let referenced = state.db.read_now(db::retention::referenced_blobs)?;
    let stored = state.photos.store().addresses()?;
    Ok(stored.into_iter().filter(|address| !referenced.contains(address)).collect())
}

/// The hourly purge inside `serve`: one replica at a time, by the database lease.
pub fn run_purge_if_leased(state: &AppState, holder: &str) -> anyhow::Result<Option<PurgeReport>> {
    const LEASE: &str = "retention-purge";
    let now = Utc::now();
    let until = now + chrono::Duration::hours(2);
    if !state.db.write_now(|conn| db::leases::take_lease(conn, LEASE, holder, now, until))? {
        return Ok(None);
    }
    let report = run_purge(state, PurgeOptions { as_of: now.date_naive(), dry_run: false }, &|_, _| ());
    state.db.write_now(|conn| db::leases::release_lease(conn, LEASE, holder))?;
    report.map(Some)
}

/// Runs the purge hourly on its own thread for as long as the process lives; the lease lets one
/// replica at a time do it. Failures are logged (ids and counts only) and retried next hour.
pub fn spawn_hourly_purge(state: AppState) {
    let holder = format!("serve-{}", uuid::Uuid::new_v4());
    let spawned = std::thread::Builder::new().name("retention-purge".to_owned()).spawn(move || loop {
        match run_purge_if_leased(&state, &holder) {
            Ok(Some(report)) if report.redacted > 0 || report.orphaned_blobs > 0 => {
                log::info!(
                    "retention run {}: {} session(s) redacted, {} orphaned blob(s) removed",
                    report.run_id,
                    report.redacted,
                    report.orphaned_blobs
                );
            }
            Ok(_) => {}
            Err(error) => log::warn!("the retention run failed, retried in an hour: {error:#}"),
        }
        std::thread::sleep(std::time::Duration::from_secs(3600));
    });
    if let Err(error) = spawned {
        log::warn!("the hourly retention run could not be started: {error}");
    }
}
