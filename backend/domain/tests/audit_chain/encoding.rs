//! Stored chains and checkpoint files must verify forever: these pin the encodings. Each value
//! was cross-checked with an independent implementation of the encodings in the module docs
//! (Python's `hmac` and `cryptography`). Changing one needs a new tag and a migration, not a
//! new value here.

use crate::helpers::{StoredChain, at, company_chain, key, signer};
use kyc_domain::audit::v1::GENESIS_HASH;
use kyc_domain::audit::v2::{AuditEntry, AuditEvent, ChainHead, ChainId, SignedCheckpoint};

fn failed_login() -> AuditEvent {
    AuditEvent {
        chain: company_chain(),
        seq: 1,
        prev_hash: GENESIS_HASH.into(),
        entry: AuditEntry {
            id: "evt-1".into(),
            company_id: Some("company-1".into()),
            actor_kind: "user".into(),
            actor_id: "user-7".into(),
            action: "auth.login".into(),
            target_type: Some("session".into()),
            target_id: None,
            outcome: "failed".into(),
            ip: Some("198.51.100.23".into()),
            at: at(123_456),
        },
    }
}

const FAILED_LOGIN_HASH: &str = "9496bf5624414c26b6d353a62d9f047bf5842d92057c83c3f88e1658eceff3a3";

#[test]
fn the_event_encoding_has_not_changed() {
    assert_eq!(failed_login().hash(&key()), FAILED_LOGIN_HASH);
}

#[test]
fn the_key_fingerprint_has_not_changed() {
    assert_eq!(key().fingerprint(), "d5b37187dd67e987");
}

#[test]
fn the_checkpoint_signature_has_not_changed() {
    let mut stored = StoredChain::opened(ChainHead::fresh(company_chain()));
    stored.append(vec![failed_login().entry]);
    assert_eq!(stored.events[0].hash, FAILED_LOGIN_HASH);
    let signed = signer().sign(&stored.verify().expect("intact"), at(3_600_000_005));
    let public = signer().public_key();
    assert_eq!(public.to_hex(), "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c");
    assert_eq!(public.key_id().to_string(), "fe812c12f3ab4ce6");
    let line = format!(
        "kyc-audit-checkpoint-v1 company:company-1 1 {FAILED_LOGIN_HASH} 2025-11-24T17:00:00.000005Z \
         fe812c12f3ab4ce6 da504c17fcf806424a37e6481e216c5954b4b2626bf7e8aaf22800401ef821ff31e824a318f98bbe31f8296c602c62bf6a112844bf88bdd331ef66ad582cd906"
    );
    assert_eq!(signed.to_string(), line);
    assert_eq!(line.parse::<SignedCheckpoint>(), Ok(signed));
}

/// A column's name, and a change of its value.
type Edit = (&'static str, fn(&mut AuditEvent));

#[test]
fn every_column_enters_the_hash() {
    let original = failed_login();
    let edits: [Edit; 13] = [
        ("chain", |e| e.chain = ChainId::platform()),
        ("seq", |e| e.seq = 2),
        ("prev_hash", |e| e.prev_hash = "1".repeat(64)),
        ("id", |e| e.entry.id = "evt-2".into()),
        ("company_id", |e| e.entry.company_id = None),
        ("actor_kind", |e| e.entry.actor_kind = "api_client".into()),
        ("actor_id", |e| e.entry.actor_id = "user-8".into()),
        ("action", |e| e.entry.action = "auth.logout".into()),
        ("target_type", |e| e.entry.target_type = None),
        ("target_id", |e| e.entry.target_id = Some(String::new())),
        ("outcome", |e| e.entry.outcome = "ok".into()),
        ("ip", |e| e.entry.ip = None),
        ("at", |e| e.entry.at += chrono::Duration::microseconds(1)),
    ];
    for (column, edit) in edits {
        let mut edited = original.clone();
        edit(&mut edited);
        assert_ne!(edited.hash(&key()), FAILED_LOGIN_HASH, "{column} is not hashed");
    }
}

#[test]
fn columns_cannot_trade_text_with_their_neighbours() {
    let mut joined = failed_login();
    joined.entry.actor_kind = "user:user".into();
    joined.entry.actor_id = "7".into();
    let mut split = failed_login();
    split.entry.actor_kind = "user".into();
    split.entry.actor_id = "user:7".into();
    assert_ne!(joined.hash(&key()), split.hash(&key()));
    let mut type_only = failed_login();
    type_only.entry.target_type = Some(String::new());
    type_only.entry.target_id = None;
    let mut id_only = failed_login();
    id_only.entry.target_type = None;
    id_only.entry.target_id = Some(String::new());
    assert_ne!(type_only.hash(&key()), id_only.hash(&key()));
}

#[test]
fn the_hash_ignores_sub_microsecond_precision_the_database_drops() {
    let mut with_nanos = failed_login();
    with_nanos.entry.at += chrono::Duration::nanoseconds(999);
    assert_eq!(with_nanos.hash(&key()), FAILED_LOGIN_HASH);
    let mut stored = StoredChain::opened(ChainHead::fresh(company_chain()));
    stored.append(vec![with_nanos.entry]);
    assert_eq!(stored.events[0].event.entry.at, at(123_456), "append stores what it hashed");
}

#[test]
fn an_event_reads_back_from_json_with_flat_columns() {
    let stored = StoredChain::with_events(ChainId::platform(), 1).events.remove(0);
    let json = serde_json::to_value(&stored).expect("serialisable");
    assert_eq!(json["chain"], "platform");
    assert_eq!(json["actor_kind"], "user");
    assert_eq!(json["hash"], stored.hash.as_str());
    assert_eq!(
        serde_json::from_value::<kyc_domain::audit::v2::StoredEvent>(json).ok(),
        Some(stored)
    );
}
