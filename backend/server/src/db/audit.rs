//! The activity log: one keyed hash chain per company and one for the platform
//! ([`kyc_domain::audit::v2`]), after the frozen, keyless v1 chain of the events written before.
//!
//! An event goes to the chain of its `company_id` (the platform's when it has none). Appending
//! locks that chain's head row in `audit_chains` (`SELECT ... FOR UPDATE` on PostgreSQL; on
//! SQLite the write lock every write takes), places the events after it with
//! [`ChainHead::append`], inserts them and writes the head once, in the caller's transaction.
//! Several chains in one batch are locked in [`ChainId`] order, so two batches never deadlock;
//! two companies' appends never wait on each other. The `(chain, seq)` primary key refuses a
//! fork even if a lock were skipped.
//!
//! The v1 events keep every column and number; they sit on the chain named [`LEGACY_CHAIN`],
//! which nothing appends to again, with their frozen head row (`audit_chain_head`).
//! [`open_chains`] seals that head into the keyed chains once, at the first start after the
//! migration (see `kyc_domain::audit::v2`, "The migration from v1").

use super::records::naive;
use super::rows::AuditEventRow;
use super::schema::{audit_chain_head, audit_events, companies};
use super::{AnyConnection, AuditEvent, DbError, Scope, insert_rows};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::audit::v1::{self, AuditRecord};
use kyc_domain::audit::v2::{
    AuditEntry, ChainHead, ChainId, ChainKey, LegacyBreak, LegacyChain, StoredEvent,
};
use kyc_domain::ids::{AuditEventId, CompanyId};
use std::collections::BTreeMap;

diesel::table! {
    /// The head of each v2 chain: its newest event's `seq` and hash (`seq` 0 and the chain's
    /// origin before its first event).
    audit_chains (chain) {
        chain -> Text,
        seq -> BigInt,
        hash -> Text,
    }
}

/// The `chain` of the events written before per-company chains (the keyless v1 chain).
pub const LEGACY_CHAIN: &str = "v1";

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

impl NewAuditEvent {
    /// The entry to place in a chain: a new id, and the time it happened (now).
    pub fn into_entry(self) -> AuditEntry {
        AuditEntry {
            id: AuditEventId::generate().to_string(),
            company_id: self.company_id.map(|id| id.to_string()),
            actor_kind: self.actor_kind,
            actor_id: self.actor_id,
            action: self.action,
            target_type: self.target_type,
            target_id: self.target_id,
            outcome: self.outcome,
            ip: self.ip,
            at: AuditEntry::timestamp(Utc::now()),
        }
    }
}

/// Appends `entries` to their chains in the caller's transaction: one lock, one insert and one
/// head write per chain, whatever the number of events.
pub fn append(conn: &mut AnyConnection, key: &ChainKey, entries: Vec<AuditEntry>) -> Result<(), DbError> {
    for (chain, entries) in by_chain(entries)? {
        let head = lock_head(conn, &chain)?;
        let appended = head.append(key, entries).map_err(|error| DbError::Audit(error.to_string()))?;
        let rows: Vec<AuditEventRow> = appended.events.into_iter().map(row_of).collect::<Result<_, _>>()?;
        insert_rows!(conn, audit_events::table, &rows)?;
        write_head(conn, &appended.head)?;
    }
    Ok(())
}

/// The entries grouped by chain, each group in the order given; the map's order is the order in
/// which head rows must be locked.
fn by_chain(entries: Vec<AuditEntry>) -> Result<BTreeMap<ChainId, Vec<AuditEntry>>, DbError> {
    let mut chains: BTreeMap<ChainId, Vec<AuditEntry>> = BTreeMap::new();
    for entry in entries {
        let chain = ChainId::for_company(entry.company_id.as_deref()).map_err(|error| DbError::Audit(error.to_string()))?;
        chains.entry(chain).or_default().push(entry);
    }
    Ok(chains)
}

/// Locks a chain's head row until the transaction ends, opening the chain first if it has none
/// (a company created after the migration starts fresh, from the genesis hash).
fn lock_head(conn: &mut AnyConnection, chain: &ChainId) -> Result<ChainHead, DbError> {
    if let Some(head) = select_head(conn, chain, Lock::ForUpdate)? {
        return Ok(head);
    }
    open_chain(conn, &ChainHead::fresh(chain.clone()))?;
    select_head(conn, chain, Lock::ForUpdate)?.ok_or_else(|| DbError::Audit(format!("chain {chain} has no head row")))
}

#[derive(Clone, Copy)]
enum Lock {
    ForUpdate,
    None,
}

fn select_head(conn: &mut AnyConnection, chain: &ChainId, lock: Lock) -> Result<Option<ChainHead>, DbError> {
    let query = audit_chains::table.find(chain.to_string()).select((audit_chains::seq, audit_chains::hash));
    let row: Option<(i64, String)> = match (conn, lock) {
        (AnyConnection::Postgresql(pg), Lock::ForUpdate) => query.for_update().first(pg).optional()?,
        (AnyConnection::Postgresql(pg), Lock::None) => query.first(pg).optional()?,
        // SQLite has no row locks: the write transaction holds the database's write lock.
        (AnyConnection::Sqlite(sqlite), _) => query.first(sqlite).optional()?,
    };
    row.map(|(seq, hash)| Ok(ChainHead { chain: chain.clone(), seq: stored_seq(seq)?, hash })).transpose()
}

/// Inserts a chain's head row unless another writer just did.
fn open_chain(conn: &mut AnyConnection, head: &ChainHead) -> Result<(), DbError> {
    let row = (
        audit_chains::chain.eq(head.chain.to_string()),
        audit_chains::seq.eq(i64::try_from(head.seq).unwrap_or(i64::MAX)),
        audit_chains::hash.eq(&head.hash),
    );
    let insert = diesel::insert_into(audit_chains::table).values(row);
    match conn {
        AnyConnection::Postgresql(pg) => insert.on_conflict_do_nothing().execute(pg)?,
        AnyConnection::Sqlite(sqlite) => insert.on_conflict_do_nothing().execute(sqlite)?,
    };
    Ok(())
}

fn write_head(conn: &mut AnyConnection, head: &ChainHead) -> Result<(), DbError> {
    diesel::update(audit_chains::table.find(head.chain.to_string()))
        .set((audit_chains::seq.eq(db_seq(head.seq)?), audit_chains::hash.eq(&head.hash)))
        .execute(conn)?;
    Ok(())
}

fn row_of(stored: StoredEvent) -> Result<AuditEventRow, DbError> {
    let StoredEvent { event, hash } = stored;
    let entry = event.entry;
    Ok(AuditEventRow {
        chain: event.chain.to_string(),
        seq: db_seq(event.seq)?,
        id: entry.id,
        company_id: entry.company_id,
        actor_id: entry.actor_id,
        actor_kind: entry.actor_kind,
        action: entry.action,
        target_type: entry.target_type,
        target_id: entry.target_id,
        outcome: entry.outcome,
        ip: entry.ip,
        at: naive(entry.at),
        prev_hash: event.prev_hash,
        hash,
    })
}

fn db_seq(seq: u64) -> Result<i64, DbError> {
    i64::try_from(seq).map_err(|_| DbError::Audit(format!("seq {seq} does not fit the database")))
}

fn stored_seq(seq: i64) -> Result<u64, DbError> {
    u64::try_from(seq).map_err(|_| DbError::Corrupt { what: "audit seq", detail: format!("{seq} is negative") })
}

// ---------- the migration from v1 ----------

/// Opens the v2 chains once, at the first start after the migration: verifies the frozen v1
/// chain and its head row (a broken one is refused, not sealed), opens the platform chain and
/// one chain per existing company after the v1 head, and appends `audit.chain_v2_started` to
/// the platform chain, which hashes the v1 head under the chain key at once. On a database
/// without v1 events the platform chain starts fresh and nothing is appended. Idempotent; run
/// it in a write transaction (replicas starting together serialise on the v1 head row).
pub fn open_chains(conn: &mut AnyConnection, key: &ChainKey) -> Result<(), DbError> {
    let platform = ChainId::platform();
    if select_head(conn, &platform, Lock::None)?.is_some() {
        return Ok(());
    }
    lock_legacy_head(conn)?;
    if select_head(conn, &platform, Lock::None)?.is_some() {
        return Ok(());
    }
    let legacy = legacy_chain(conn)?.map_err(DbError::LegacyAudit)?;
    if legacy.head().seq == 0 {
        return open_chain(conn, &ChainHead::fresh(platform));
    }
    let company_ids: Vec<String> = companies::table.select(companies::id).order(companies::id).load(conn)?;
    open_chain(conn, &ChainHead::after_legacy(platform, &legacy))?;
    for company_id in company_ids {
        let chain = ChainId::company(&company_id).map_err(|error| DbError::Audit(error.to_string()))?;
        open_chain(conn, &ChainHead::after_legacy(chain, &legacy))?;
    }
    append(conn, key, vec![legacy_sealed(&legacy)])
}

fn lock_legacy_head(conn: &mut AnyConnection) -> Result<(), DbError> {
    let query = audit_chain_head::table.find(1).select(audit_chain_head::seq);
    match conn {
        AnyConnection::Postgresql(pg) => query.for_update().first::<i64>(pg).optional()?,
        AnyConnection::Sqlite(sqlite) => query.first::<i64>(sqlite).optional()?,
    };
    Ok(())
}

/// The platform event that seals the v1 head: its target id is the v1 head's `seq`.
fn legacy_sealed(legacy: &LegacyChain) -> AuditEntry {
    NewAuditEvent {
        company_id: None,
        actor_id: "system".to_owned(),
        actor_kind: "system".to_owned(),
        action: "audit.chain_v2_started".to_owned(),
        target_type: Some("audit_chain_v1".to_owned()),
        target_id: Some(legacy.head().seq.to_string()),
        outcome: "ok".to_owned(),
        ip: None,
    }
    .into_entry()
}

/// The frozen v1 chain, verified with its head row; the outer error is the database's.
pub fn legacy_chain(conn: &mut AnyConnection) -> Result<Result<LegacyChain, LegacyBreak>, DbError> {
    let events: Vec<AuditEvent> = events_of(conn, LEGACY_CHAIN, 0, i64::MAX)?;
    let records: Vec<(AuditRecord, String)> =
        events.iter().map(|event| (legacy_record(event), event.hash.clone())).collect();
    let (seq, hash): (i64, String) =
        audit_chain_head::table.find(1).select((audit_chain_head::seq, audit_chain_head::hash)).first(conn)?;
    let head = v1::ChainHead { seq: stored_seq(seq)?, hash };
    Ok(LegacyChain::verify(records.iter().map(|(record, hash)| (record, hash.as_str())), &head))
}

/// The record a v1 hash covers: the server folded actor, action and target into single texts.
pub fn legacy_record(event: &AuditEvent) -> AuditRecord {
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

// ---------- reading chains for verification ----------

/// Every v2 chain's head row.
pub fn chain_heads(conn: &mut AnyConnection) -> Result<Vec<ChainHead>, DbError> {
    let rows: Vec<(String, i64, String)> = audit_chains::table
        .select((audit_chains::chain, audit_chains::seq, audit_chains::hash))
        .order(audit_chains::chain)
        .load(conn)?;
    rows.into_iter()
        .map(|(chain, seq, hash)| Ok(ChainHead { chain: super::records::parse("audit chain", &chain)?, seq: stored_seq(seq)?, hash }))
        .collect()
}

/// Every chain that has events, as stored (the v1 chain too), so that events without a head row
/// are found.
pub fn chains_with_events(conn: &mut AnyConnection) -> Result<Vec<String>, DbError> {
    Ok(audit_events::table.select(audit_events::chain).distinct().order(audit_events::chain).load(conn)?)
}

/// A page of one v2 chain's events after `after_seq` and up to `up_to_seq`, in `seq` order, as
/// the verifier reads them.
pub fn chain_page(
    conn: &mut AnyConnection,
    chain: &ChainId,
    after_seq: i64,
    up_to_seq: i64,
    limit: i64,
) -> Result<Vec<StoredEvent>, DbError> {
    let events = audit_events::table
        .select(AuditEventRow::as_select())
        .filter(audit_events::chain.eq(chain.to_string()))
        .filter(audit_events::seq.gt(after_seq))
        .filter(audit_events::seq.le(up_to_seq))
        .order(audit_events::seq.asc())
        .limit(limit)
        .load(conn)?;
    events
        .into_iter()
        .map(AuditEvent::try_from)
        .into_iter()
        .map(|event| stored_event(chain, event?))
        .collect()
}

/// The highest `seq` stored on a chain, and the chain's head row as it is now: an event past
/// the head row means the row was moved back.
pub fn newest_seq_and_head(conn: &mut AnyConnection, chain: &ChainId) -> Result<(Option<i64>, Option<ChainHead>), DbError> {
    let newest = audit_events::table
        .filter(audit_events::chain.eq(chain.to_string()))
        .select(diesel::dsl::max(audit_events::seq))
        .first::<Option<i64>>(conn)?;
    Ok((newest, select_head(conn, chain, Lock::None)?))
}

fn events_of(conn: &mut AnyConnection, chain: &str, after_seq: i64, limit: i64) -> Result<Vec<AuditEvent>, DbError> {
    audit_events::table
        .select(AuditEventRow::as_select())
        .filter(audit_events::chain.eq(chain))
        .filter(audit_events::seq.gt(after_seq))
        .order(audit_events::seq.asc())
        .limit(limit)
        .load(conn)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect()
}

/// An event as the v2 verifier sees it: the chain it was read from (not the one it names), so
/// that an event moved between chains is told apart.
fn stored_event(chain: &ChainId, event: AuditEvent) -> Result<StoredEvent, DbError> {
    let seq = stored_seq(event.seq)?;
    Ok(StoredEvent {
        event: kyc_domain::audit::v2::AuditEvent {
            chain: chain.clone(),
            seq,
            prev_hash: event.prev_hash,
            entry: AuditEntry {
                id: event.id.to_string(),
                company_id: event.company_id.map(|id| id.to_string()),
                actor_kind: event.actor_kind,
                actor_id: event.actor_id,
                action: event.action,
                target_type: event.target_type,
                target_id: event.target_id,
                outcome: event.outcome,
                ip: event.ip,
                at: event.at,
            },
        },
        hash: event.hash,
    })
}

// ---------- the activity log ----------

/// Filters of the activity log.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub target_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Only events older than this one (the cursor: event ids are UUID v7, ordered by time).
    pub before_id: Option<AuditEventId>,
}

/// The activity log, newest first, across chains (the v1 events included).
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
    if let Some(before) = &filter.before_id {
        query = query.filter(audit_events::id.lt(before.to_string()));
    }
    query.order(audit_events::id.desc()).limit(limit).load(conn)?.into_iter().map(AuditEvent::try_from).collect()
}

/// Every event, chain by chain (company chains, the platform's, then v1's), each in `seq` order
/// (for tests and tools).
pub fn all_in_order(conn: &mut AnyConnection) -> Result<Vec<AuditEvent>, DbError> {
    audit_events::table
        .select(AuditEventRow::as_select())
        .order((audit_events::chain.asc(), audit_events::seq.asc()))
        .load(conn)?
        .into_iter()
        .map(AuditEvent::try_from)
        .collect()
}

/// How many events the log holds, on every chain.
pub fn count(conn: &mut AnyConnection) -> Result<i64, DbError> {
    Ok(audit_events::table.count().get_result(conn)?)
}

#[cfg(test)]
mod tests {
    //! The SQL migration on a database the server wrote before it: the v1 rows keep every
    //! column, and after the first start they verify and are sealed into the keyed chains.

    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness};
    use kyc_domain::audit::v2::{CheckpointBook, verify_chain};

    /// Diesel reads a folder `2026-12-02-040000_audit_chains` as version `20261202040000`.
    const FIRST_V2_MIGRATION: &str = "20261202040000";

    fn migrate_until_v2(conn: &mut AnyConnection) {
        fn before<C: MigrationHarness<B>, B: diesel::backend::Backend>(conn: &mut C, source: fn() -> EmbeddedMigrations) {
            loop {
                let pending = conn.pending_migrations(source()).expect("pending");
                match pending.first() {
                    Some(next) if next.name().version().to_string().as_str() < FIRST_V2_MIGRATION => {
                        conn.run_next_migration(source()).expect("migration");
                    }
                    _ => break,
                }
            }
        }
        match conn {
            AnyConnection::Sqlite(sqlite) => before(sqlite, || super::super::SQLITE_MIGRATIONS),
            AnyConnection::Postgresql(pg) => before(pg, || super::super::POSTGRES_MIGRATIONS),
        }
    }

    fn migrate_rest(conn: &mut AnyConnection) {
        match conn {
            AnyConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(super::super::SQLITE_MIGRATIONS).map(drop),
            AnyConnection::Postgresql(pg) => pg.run_pending_migrations(super::super::POSTGRES_MIGRATIONS).map(drop),
        }
        .expect("the v2 migration");
    }

    /// Five events as the v1 server wrote them, on its single chain, and its head row.
    fn write_v1(conn: &mut AnyConnection) -> Vec<(i64, String)> {
        conn.batch_execute(
            "INSERT INTO companies (id, name, settings_json, created_at) VALUES \
             ('0193a1f2-0000-7000-8000-000000000001', 'Old Bank', '{}', '2026-11-01 00:00:00')",
        )
        .expect("company");
        let mut head = v1::ChainHead::genesis();
        let mut stored = Vec::new();
        for seq in 1..=5_i64 {
            let event = AuditEvent {
                chain: None,
                seq,
                id: AuditEventId::generate(),
                company_id: (seq % 2 == 0).then(|| "0193a1f2-0000-7000-8000-000000000001".parse().expect("id")),
                actor_id: "0193a1f2-0000-7000-8000-0000000000aa".into(),
                actor_kind: "user".into(),
                action: if seq == 3 { "auth.login".into() } else { "session.view".into() },
                target_type: (seq != 3).then(|| "session".into()),
                target_id: (seq != 3).then(|| format!("session-{seq}")),
                outcome: if seq == 3 { "failed".into() } else { "ok".into() },
                ip: Some("203.0.113.9".into()),
                at: v1::AuditRecord::timestamp(Utc::now()),
                prev_hash: head.hash.clone(),
                hash: String::new(),
            };
            let next = head.append(&legacy_record(&event));
            conn.batch_execute(&format!(
                "INSERT INTO audit_events (seq, id, company_id, actor_id, actor_kind, action, target_type, target_id, outcome, \
                 ip, at, prev_hash, hash) VALUES ({seq}, '{}', {}, '{}', 'user', '{}', {}, {}, '{}', '203.0.113.9', '{}', '{}', '{}')",
                event.id,
                event.company_id.map_or("NULL".to_owned(), |id| format!("'{id}'")),
                event.actor_id,
                event.action,
                event.target_type.as_ref().map_or("NULL".to_owned(), |t| format!("'{t}'")),
                event.target_id.as_ref().map_or("NULL".to_owned(), |t| format!("'{t}'")),
                event.outcome,
                event.at.naive_utc().format("%Y-%m-%d %H:%M:%S%.6f"),
                head.hash,
                next.hash,
            ))
            .expect("v1 event");
            head = next;
            stored.push((seq, head.hash.clone()));
        }
        conn.batch_execute(&format!("UPDATE audit_chain_head SET seq = 5, hash = '{}' WHERE id = 1", head.hash)).expect("head");
        stored
    }

    fn the_migration_keeps_v1_events_verifiable_and_seals_them(conn: &mut AnyConnection) {
        migrate_until_v2(conn);
        let written = write_v1(conn);
        migrate_rest(conn);
        let after: Vec<(i64, String)> = audit_events::table
            .filter(audit_events::chain.eq(LEGACY_CHAIN))
            .select((audit_events::seq, audit_events::hash))
            .order(audit_events::seq)
            .load(conn)
            .expect("v1 rows");
        assert_eq!(after, written, "every v1 event kept its number and hash");
        let legacy = legacy_chain(conn).expect("read").expect("the v1 events verify after the migration");
        assert_eq!(legacy.head().seq, 5);
        let key = ChainKey::from_bytes(&[1; 32]).expect("key");
        conn.transaction(|conn| open_chains(conn, &key)).expect("sealed");
        conn.transaction(|conn| open_chains(conn, &key)).expect("idempotent");
        let heads = chain_heads(conn).expect("heads");
        assert_eq!(heads.len(), 2, "the platform chain and the one company's: {heads:?}");
        for head in &heads {
            let events = chain_page(conn, &head.chain, 0, i64::MAX, i64::MAX).expect("events");
            let verified = verify_chain(&key, Some(&legacy), &CheckpointBook::empty(), head, &events).expect("verifies");
            match head.chain.company_id() {
                None => assert_eq!((verified.events_verified(), events[0].event.prev_hash.as_str()), (1, legacy.head().hash.as_str())),
                Some(_) => assert_eq!((head.seq, head.hash.as_str()), (0, legacy.head().hash.as_str())),
            }
        }
    }

    #[test]
    fn the_sqlite_migration_keeps_v1_events_verifiable_and_seals_them() {
        let dir = std::env::temp_dir().join(format!("kyc-audit-migration-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("kyc.sqlite");
        let mut conn = super::super::establish(&super::super::DatabaseUrl::Sqlite(path)).expect("sqlite");
        the_migration_keeps_v1_events_verifiable_and_seals_them(&mut conn);
        drop(conn);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_postgres_migration_keeps_v1_events_verifiable_and_seals_them() {
        let Some(admin_url) = std::env::var("TEST_DATABASE_URL").ok().filter(|url| !url.is_empty()) else {
            eprintln!("skipped on PostgreSQL: TEST_DATABASE_URL is not set");
            return;
        };
        let name = format!("kyc_migration_{}", uuid::Uuid::new_v4().simple());
        let mut admin = diesel::PgConnection::establish(&admin_url).expect("admin");
        admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create");
        let url = format!("{}/{name}", admin_url.rsplit_once('/').expect("a path").0);
        let mut conn = super::super::establish(&super::super::DatabaseUrl::Postgres(url)).expect("postgres");
        the_migration_keeps_v1_events_verifiable_and_seals_them(&mut conn);
        drop(conn);
        admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).expect("drop");
    }
}
