//! The migration from the global v1 chain: v1 events stay as they are, and the chains it opens
//! start from the frozen v1 head.

use crate::helpers::{StoredChain, at, company_chain, entry};
use kyc_domain::audit::v1::{self, AuditRecord, chain_hash};
use kyc_domain::audit::v2::{
    AuditEntry, BreakKind, ChainHead, ChainId, CheckpointBook, LegacyBreak, LegacyChain,
};

/// The v1 table as the server wrote it before the migration: events of two companies and of
/// the platform, on one global chain.
struct V1Table {
    events: Vec<(AuditRecord, String)>,
    head: v1::ChainHead,
}

impl V1Table {
    fn written(n: u64) -> Self {
        let mut head = v1::ChainHead::genesis();
        let events = (1..=n)
            .map(|seq| {
                let record = AuditRecord {
                    seq,
                    id: format!("v1-evt-{seq}"),
                    company_id: [None, Some("company-1".into()), Some("company-2".into())]
                        [usize::try_from(seq % 3).expect("small")]
                    .clone(),
                    actor: "user:user-7".into(),
                    action: "session.view:ok".into(),
                    target: Some(format!("session:session-{seq}")),
                    ip: Some("198.51.100.23".into()),
                    at: at(i64::try_from(seq).expect("small")),
                };
                head = head.append(&record);
                (record, head.hash.clone())
            })
            .collect();
        Self { events, head }
    }

    fn records(&self) -> impl Iterator<Item = (&AuditRecord, &str)> {
        self.events.iter().map(|(record, hash)| (record, hash.as_str()))
    }

    fn verify(&self) -> Result<LegacyChain, LegacyBreak> {
        LegacyChain::verify(self.records(), &self.head)
    }

    /// What anyone with write access can do to a keyless chain: recompute every hash from
    /// `from` on and move the head row to match.
    fn rechain_from(&mut self, from: usize) {
        let mut previous =
            if from == 0 { v1::GENESIS_HASH.to_owned() } else { self.events[from - 1].1.clone() };
        for (record, hash) in &mut self.events[from..] {
            *hash = chain_hash(&previous, record);
            previous.clone_from(hash);
        }
        self.head =
            v1::ChainHead { seq: self.events.last().map_or(0, |e| e.0.seq), hash: previous };
    }
}

/// The migration's own event on the platform chain: it names the v1 head it sealed.
fn migration_event(legacy: &LegacyChain) -> AuditEntry {
    AuditEntry {
        id: "evt-migration".into(),
        company_id: None,
        actor_kind: "system".into(),
        actor_id: "system".into(),
        action: "audit.chain_v2_started".into(),
        target_type: Some("audit_chain_v1".into()),
        target_id: Some(legacy.head().seq.to_string()),
        outcome: "ok".into(),
        ip: None,
        at: at(10_000_000),
    }
}

/// What the migration writes: the platform chain with its opening event, and an empty chain
/// per existing company, each starting from the v1 head.
fn migrate(legacy: &LegacyChain) -> (StoredChain, StoredChain) {
    let mut platform = StoredChain::opened(ChainHead::after_legacy(ChainId::platform(), legacy));
    platform.append(vec![migration_event(legacy)]);
    let company = StoredChain::opened(ChainHead::after_legacy(company_chain(), legacy));
    (platform, company)
}

#[test]
fn legacy_events_still_verify_under_v1_after_the_migration() {
    let table = V1Table::written(7);
    let legacy = table.verify().expect("an intact v1 chain");
    let (platform, company) = migrate(&legacy);
    assert_eq!(v1::verify_chain(table.records()), Ok(7));
    assert_eq!(platform.events[0].event.prev_hash, table.head.hash);
    assert!(platform.verify_with(Some(&legacy), &CheckpointBook::empty()).is_ok());
    assert!(company.verify_with(Some(&legacy), &CheckpointBook::empty()).is_ok());
}

#[test]
fn a_migrated_company_chain_verifies_with_its_new_events() {
    let table = V1Table::written(4);
    let legacy = table.verify().expect("intact");
    let (_, mut company) = migrate(&legacy);
    company.append_events(3);
    let verified = company.verify_with(Some(&legacy), &CheckpointBook::empty()).expect("intact");
    assert_eq!(verified.head().seq, 3);
    assert_eq!(company.events[0].event.prev_hash, legacy.head().hash);
}

#[test]
fn a_legacy_chain_rewritten_after_the_migration_breaks_the_platform_chain() {
    let mut table = V1Table::written(6);
    let (platform, _) = migrate(&table.verify().expect("intact"));
    table.events[2].0.action = "session.view:denied".into();
    table.rechain_from(2);
    let rewritten = table.verify().expect("v1 alone cannot tell");
    let broken = platform
        .verify_with(Some(&rewritten), &CheckpointBook::empty())
        .expect_err("the sealed v1 head no longer matches");
    assert_eq!(
        (broken.chain, broken.seq, broken.kind),
        (ChainId::platform(), 1, BreakKind::UnknownOrigin)
    );
}

#[test]
fn a_legacy_chain_truncated_after_the_migration_breaks_every_chain_it_opened() {
    let mut table = V1Table::written(6);
    let legacy = table.verify().expect("intact");
    let (platform, mut company) = migrate(&legacy);
    company.append_events(1);
    table.events.truncate(4);
    table.rechain_from(4);
    let truncated = table.verify().expect("v1 alone cannot tell");
    for chain in [&platform, &company] {
        let broken = chain.verify_with(Some(&truncated), &CheckpointBook::empty());
        assert_eq!(broken.map_err(|b| (b.seq, b.kind)).err(), Some((1, BreakKind::UnknownOrigin)));
    }
}

#[test]
fn a_legacy_chain_deleted_whole_breaks_the_chains_sealed_after_it() {
    let table = V1Table::written(3);
    let (platform, _) = migrate(&table.verify().expect("intact"));
    let broken = platform.verify_with(None, &CheckpointBook::empty()).expect_err("no v1 head");
    assert_eq!((broken.seq, broken.kind), (1, BreakKind::UnknownOrigin));
}

#[test]
fn a_chain_opened_after_the_migration_starts_from_genesis() {
    let legacy = V1Table::written(3).verify().expect("intact");
    let new_company = ChainId::company("company-3").expect("valid");
    let stored = StoredChain::with_events(new_company, 2);
    assert_eq!(stored.events[0].event.prev_hash, v1::GENESIS_HASH);
    assert!(stored.verify_with(Some(&legacy), &CheckpointBook::empty()).is_ok());
}

#[test]
fn an_opened_chain_without_events_must_start_from_an_origin() {
    let legacy = V1Table::written(3).verify().expect("intact");
    let (_, mut company) = migrate(&legacy);
    assert_eq!(
        company.verify_with(Some(&legacy), &CheckpointBook::empty()).map(|v| v.head().seq),
        Ok(0)
    );
    company.head.hash = "ab".repeat(32);
    let broken = company.verify_with(Some(&legacy), &CheckpointBook::empty()).expect_err("unknown");
    assert_eq!((broken.seq, broken.kind), (0, BreakKind::UnknownOrigin));
}

#[test]
fn a_chain_whose_first_event_names_another_origin_is_refused() {
    let mut head = ChainHead::fresh(company_chain());
    head.hash = "cd".repeat(32);
    let mut stored = StoredChain::opened(head);
    stored.append(vec![entry(&company_chain(), 1)]);
    let broken = stored.verify().expect_err("an origin out of nowhere");
    assert_eq!((broken.seq, broken.kind), (1, BreakKind::UnknownOrigin));
}

#[test]
fn the_migration_refuses_a_broken_v1_chain() {
    let mut table = V1Table::written(4);
    table.events[1].0.ip = None;
    assert!(matches!(table.verify(), Err(LegacyBreak::Chain(broken)) if broken.seq == 2));
    let mut table = V1Table::written(4);
    table.events.truncate(3);
    assert_eq!(
        table.verify(),
        Err(LegacyBreak::HeadMismatch {
            verified_seq: 3,
            stored_seq: 4,
            stored_hash_matches: false
        })
    );
}

#[test]
fn a_database_that_never_had_v1_events_has_an_empty_legacy_prefix() {
    let legacy = V1Table::written(0).verify().expect("empty is intact");
    assert_eq!(legacy.head(), &v1::ChainHead::genesis());
    assert_eq!(
        ChainHead::after_legacy(company_chain(), &legacy),
        ChainHead::fresh(company_chain())
    );
}
