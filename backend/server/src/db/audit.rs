//! The append-only, hash-chained audit log.
//!
//! Appending first bumps the single chain-head row: on PostgreSQL that row lock, and on SQLite
//! the write lock it takes, serialise appends so the chain never forks.

use super::records::naive;
use super::rows::AuditEventRow;
use super::schema::{audit_chain_head, audit_events};
use super::{AnyConnection, AuditEvent, DbError, Scope};
use chrono::{DateTime, SubsecRound, Utc};
use diesel::prelude::*;
use kyc_domain::audit::{AuditRecord, chain_hash};
use kyc_domain::ids::{AuditEventId, CompanyId};

/// What happened, by whom, to what; ids and actions only, never personal data.
#[derive(Debug, Clone, Default)]
pub struct NewAuditEvent {
    pub company_id: Option<CompanyId>,
    pub actor_id: String,
    pub actor_kind: String,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub outcome: String,
    pub ip: Option<String>,
}

pub fn append(conn: &mut AnyConnection, event: NewAuditEvent) -> Result<(), DbError> {
    diesel::update(audit_chain_head::table.find(1))
        .set(audit_chain_head::seq.eq(audit_chain_head::seq + 1))
        .execute(conn)?;
    let (seq, prev_hash): (i64, String) =
        audit_chain_head::table.find(1).select((audit_chain_head::seq, audit_chain_head::hash)).first(conn)?;
    let mut record = AuditEventRow {
        seq,
        id: AuditEventId::generate().to_string(),
        company_id: event.company_id.map(|id| id.to_string()),
        actor_id: event.actor_id,
        actor_kind: event.actor_kind,
        action: event.action,
        target_type: event.target_type,
        target_id: event.target_id,
        outcome: event.outcome,
        ip: event.ip,
        // Microseconds: the finest precision both backends store, so the hash verifies later.
        at: chrono::Utc::now().naive_utc().trunc_subsecs(6),
        prev_hash,
        hash: String::new(),
    };
    record.hash = chain_hash(&record.prev_hash, &chain_record(&AuditEvent::try_from(record.clone())?));
    diesel::insert_into(audit_events::table).values(&record).execute(conn)?;
    diesel::update(audit_chain_head::table.find(1)).set(audit_chain_head::hash.eq(&record.hash)).execute(conn)?;
    Ok(())
}

/// The record the hash covers: every column but the hashes themselves.
pub fn chain_record(event: &AuditEvent) -> AuditRecord {
    AuditRecord {
        seq: u64::try_from(event.seq).unwrap_or_default(),
        id: event.id.to_string(),
        company_id: event.company_id.map(|id| id.to_string()),
        actor: format!("{}:{}", event.actor_kind, event.actor_id),
        action: format!("{}:{}", event.action, event.outcome),
        target: event.target_id.as_ref().map(|id| format!("{}:{}", event.target_type.as_deref().unwrap_or(""), id)),
        ip: event.ip.clone(),
        at: event.at,
    }
}

/// Filters of the activity log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub target_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub before_seq: Option<i64>,
}

pub fn list(
    conn: &mut AnyConnection,
    scope: &Scope,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEvent>, DbError> {
    let mut query = audit_events::table.select(AuditEventRow::as_select()).into_boxed();
    if let Scope::Company(company_id) = scope {
        query = query.filter(audit_events::company_id.eq(company_id.to_string()));
    }
    if let Some(target_id) = &filter.target_id {
        query = query.filter(audit_events::target_id.eq(target_id.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::action.eq(action.clone()));
    }
    if let Some(actor_id) = &filter.actor_id {
        query = query.filter(audit_events::actor_id.eq(actor_id.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_events::at.ge(naive(from)));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_events::at.lt(naive(to)));
    }
    if let Some(before) = filter.before_seq {
        query = query.filter(audit_events::seq.lt(before));
    }
    query.order(audit_events::seq.desc()).limit(limit).load(conn)?.into_iter().map(AuditEvent::try_from).collect()
}

/// Every event in chain order, for `kyc-server audit verify`.
pub fn all_in_order(conn: &mut AnyConnection) -> Result<Vec<AuditEvent>, DbError> {
    audit_events::table
        .select(AuditEventRow::as_select())
        .order(audit_events::seq.asc())
        .load(conn)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect()
}

/// The chain head: how many events were ever appended, and the newest hash.
pub fn chain_head(conn: &mut AnyConnection) -> Result<(i64, String), DbError> {
    Ok(audit_chain_head::table.find(1).select((audit_chain_head::seq, audit_chain_head::hash)).first(conn)?)
}
