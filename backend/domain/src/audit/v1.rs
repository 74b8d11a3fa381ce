//! Version 1 of the activity log: one global, keyless chain of audit events. Written until the
//! migration to [`super::v2`] (keyed, one chain per company); its events stay in the database
//! and keep verifying with this module, unchanged.
//!
//! Each stored event carries `hash = SHA-256(previous hash, canonical encoding of the event)`,
//! starting from [`GENESIS_HASH`]; [`verify_chain`] recomputes the chain in order. The events
//! also carry a sequence number (`seq`, 1, 2, 3, ... along the chain), which is part of the
//! hash; it is what tells a *removed* event (a gap in the numbers) from an *edited* one (the
//! numbers run on but a hash does not match).
//!
//! The canonical encoding is unambiguous, so no two different events encode alike. SHA-256 is
//! taken over, in this order: the ASCII tag `kyc-audit-v1`; the previous hash (as its 64 hex
//! characters); `seq`; `id`; `company_id`; `actor`; `action`; `target`; `ip`; `at`. A text is its
//! UTF-8 length as a big-endian u64 followed by its bytes; an optional text is a `0` byte when
//! absent, else a `1` byte and the text; `seq` is a big-endian u64; `at` is a big-endian i64.
//! The timestamp enters as whole microseconds since the Unix epoch, the precision every
//! supported database keeps; create `at` with [`AuditRecord::timestamp`] (or any value, whose
//! sub-microsecond part is then ignored).
//!
//! Limits, by design of a keyless chain (the reasons for v2):
//! - Someone who can rewrite the table can also recompute every later hash; the chain proves
//!   integrity only against a copy of a recent head (`seq` and hash) kept elsewhere, e.g. in an
//!   export or a log line. Compare [`verify_chain`]'s count and the last hash with that copy.
//!   Since the migration, the v1 head is such a copy: it is sealed into the keyed v2 chains.
//! - Removing the newest events leaves a shorter but consistent chain; the same head copy
//!   catches it.
//! - Appending must be serialised (one writer), since each event names its predecessor.
//! - The server folded several columns into one hashed text (`actor`, `action`, `target`), and
//!   a target type without a target id was not hashed at all; v2 hashes every column apart.

use super::encoding::{
    put_optional, put_raw, put_text, put_timestamp, put_u64, whole_microseconds,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The "previous hash" of the first event in a chain.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Domain separation, and the version of the canonical encoding.
const ENCODING_TAG: &[u8] = b"kyc-audit-v1";

/// One audit event: who did what to which target, from where, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Position in the chain, starting at 1.
    pub seq: u64,
    pub id: String,
    pub company_id: Option<String>,
    /// The user or API client id; `"system"` for the service itself.
    pub actor: String,
    /// Dotted action name, e.g. `"session.view"`, `"session.decide"`.
    pub action: String,
    /// What the action was about, e.g. a session id.
    pub target: Option<String>,
    pub ip: Option<String>,
    pub at: DateTime<Utc>,
}

impl AuditRecord {
    /// `at` truncated to the microseconds the hash covers, so a stored and re-read event hashes
    /// the same.
    pub fn timestamp(at: DateTime<Utc>) -> DateTime<Utc> {
        whole_microseconds(at)
    }
}

/// Where a chain stands: the last event's number and hash. The next event gets `seq + 1` and
/// chains to `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: String,
}

impl ChainHead {
    /// The head of an empty chain.
    pub fn genesis() -> Self {
        Self { seq: 0, hash: GENESIS_HASH.to_owned() }
    }

    pub fn next_seq(&self) -> u64 {
        self.seq.saturating_add(1)
    }

    /// The head after appending `record` (whose `seq` should be [`Self::next_seq`]).
    pub fn append(&self, record: &AuditRecord) -> ChainHead {
        ChainHead { seq: record.seq, hash: chain_hash(&self.hash, record) }
    }
}

/// Hex SHA-256 over the previous hash and the canonical encoding of `record`.
pub fn chain_hash(previous_hash: &str, record: &AuditRecord) -> String {
    let mut hasher = Sha256::new();
    put_raw(&mut hasher, ENCODING_TAG);
    put_text(&mut hasher, previous_hash);
    put_u64(&mut hasher, record.seq);
    put_text(&mut hasher, &record.id);
    put_optional(&mut hasher, record.company_id.as_deref());
    put_text(&mut hasher, &record.actor);
    put_text(&mut hasher, &record.action);
    put_optional(&mut hasher, record.target.as_deref());
    put_optional(&mut hasher, record.ip.as_deref());
    put_timestamp(&mut hasher, record.at);
    hex::encode(hasher.finalize())
}

/// Where and how a chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("audit chain broken at position {index} (seq {seq}): {reason}")]
pub struct ChainBreak {
    /// 0-based position in the sequence given to [`verify_chain`].
    pub index: usize,
    /// The `seq` of the event found there.
    pub seq: u64,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakReason {
    /// The event (or its stored hash) is not what was hashed when it was appended.
    #[error("the event or its hash was edited")]
    Edited,
    /// Events before this one are missing.
    #[error("{count} event(s) before it were removed")]
    Removed { count: u64 },
    /// The numbering goes backwards: an event was duplicated, moved or inserted.
    #[error("expected seq {expected}, found an earlier one (duplicated, moved or inserted event)")]
    OutOfOrder { expected: u64 },
}

/// Recomputes the chain over `(event, stored hash)` pairs in `seq` order, from the first event.
/// Returns how many events were verified, or the first break.
pub fn verify_chain<'a>(
    records: impl IntoIterator<Item = (&'a AuditRecord, &'a str)>,
) -> Result<usize, ChainBreak> {
    let mut verified = 0;
    verify_chain_from(&ChainHead::genesis(), records.into_iter().inspect(|_| verified += 1))?;
    Ok(verified)
}

/// Recomputes the chain from a head verified earlier (or [`ChainHead::genesis`]) over the events
/// appended after it, and returns the new head. Compare the result with a head copy kept
/// elsewhere to detect removed newest events; verify in slices to bound memory.
pub fn verify_chain_from<'a>(
    start: &ChainHead,
    records: impl IntoIterator<Item = (&'a AuditRecord, &'a str)>,
) -> Result<ChainHead, ChainBreak> {
    let mut head = start.clone();
    for (index, (record, stored_hash)) in records.into_iter().enumerate() {
        let expected = head.next_seq();
        let broken = |reason| ChainBreak { index, seq: record.seq, reason };
        if record.seq > expected {
            return Err(broken(BreakReason::Removed { count: record.seq - expected }));
        }
        if record.seq < expected {
            return Err(broken(BreakReason::OutOfOrder { expected }));
        }
        let next = head.append(record);
        if next.hash != stored_hash {
            return Err(broken(BreakReason::Edited));
        }
        head = next;
    }
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_764_000_000 + second, 0).expect("test time")
    }

    fn record(seq: u64, action: &str) -> AuditRecord {
        AuditRecord {
            seq,
            id: format!("evt-{seq}"),
            company_id: Some("company-1".into()),
            actor: "user-7".into(),
            action: action.into(),
            target: Some("session-42".into()),
            ip: Some("198.51.100.23".into()),
            at: at(i64::try_from(seq).expect("small")),
        }
    }

    /// A chain of `n` events with their stored hashes, as the server would have written it.
    fn chain(n: u64) -> Vec<(AuditRecord, String)> {
        let mut head = ChainHead::genesis();
        (1..=n)
            .map(|seq| {
                let event =
                    record(seq, if seq % 2 == 0 { "session.view" } else { "session.decide" });
                head = head.append(&event);
                (event, head.hash.clone())
            })
            .collect()
    }

    fn verify(events: &[(AuditRecord, String)]) -> Result<usize, ChainBreak> {
        verify_chain(events.iter().map(|(event, hash)| (event, hash.as_str())))
    }

    #[test]
    fn an_untouched_chain_verifies_completely() {
        assert_eq!(verify(&chain(5)), Ok(5));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn an_edited_field_is_detected_at_its_event() {
        let mut events = chain(5);
        events[2].0.actor = "someone-else".into();
        let broken = verify(&events).expect_err("edited");
        assert_eq!((broken.index, broken.seq, broken.reason), (2, 3, BreakReason::Edited));
    }

    #[test]
    fn an_edited_stored_hash_is_detected() {
        let mut events = chain(3);
        events[1].1 = GENESIS_HASH.into();
        assert_eq!(verify(&events).map_err(|b| b.reason), Err(BreakReason::Edited));
    }

    #[test]
    fn a_removed_event_is_told_apart_from_an_edit() {
        let mut events = chain(5);
        events.remove(1);
        let broken = verify(&events).expect_err("removed");
        assert_eq!(
            (broken.index, broken.seq, broken.reason),
            (1, 3, BreakReason::Removed { count: 1 })
        );
    }

    #[test]
    fn a_removed_and_renumbered_event_still_breaks_the_hashes() {
        let mut events = chain(4);
        events.remove(1);
        for (event, _) in events.iter_mut().skip(1) {
            event.seq -= 1;
        }
        assert_eq!(verify(&events).map_err(|b| (b.index, b.reason)), Err((1, BreakReason::Edited)));
    }

    #[test]
    fn a_chain_verifies_in_slices_from_a_head_kept_earlier() {
        let events = chain(6);
        let slice = |range: std::ops::Range<usize>| {
            events[range].iter().map(|(event, hash)| (event, hash.as_str())).collect::<Vec<_>>()
        };
        let middle = verify_chain_from(&ChainHead::genesis(), slice(0..3)).expect("first half");
        assert_eq!(middle, ChainHead { seq: 3, hash: events[2].1.clone() });
        let end = verify_chain_from(&middle, slice(3..6)).expect("second half");
        assert_eq!(end, ChainHead { seq: 6, hash: events[5].1.clone() });
        let broken =
            verify_chain_from(&ChainHead::genesis(), slice(3..6)).expect_err("not from the start");
        assert_eq!(broken.reason, BreakReason::Removed { count: 3 });
    }

    #[test]
    fn a_duplicated_event_is_out_of_order() {
        let mut events = chain(3);
        events.insert(2, events[1].clone());
        assert_eq!(
            verify(&events).map_err(|b| (b.index, b.reason)),
            Err((2, BreakReason::OutOfOrder { expected: 3 }))
        );
    }

    #[test]
    fn optional_fields_cannot_be_shifted_between_neighbours() {
        let mut first = record(1, "a");
        first.target = Some(String::new());
        first.ip = None;
        let mut second = record(1, "a");
        second.target = None;
        second.ip = Some(String::new());
        assert_ne!(chain_hash(GENESIS_HASH, &first), chain_hash(GENESIS_HASH, &second));
        let mut joined = record(1, "ab");
        joined.actor = "x".into();
        let mut split = record(1, "b");
        split.actor = "xa".into();
        assert_ne!(chain_hash(GENESIS_HASH, &joined), chain_hash(GENESIS_HASH, &split));
    }

    #[test]
    fn the_hash_ignores_sub_microsecond_precision_the_database_drops() {
        let precise = record(1, "a");
        let mut with_nanos = precise.clone();
        with_nanos.at = precise.at + chrono::Duration::nanoseconds(999);
        assert_eq!(chain_hash(GENESIS_HASH, &precise), chain_hash(GENESIS_HASH, &with_nanos));
        assert_eq!(AuditRecord::timestamp(with_nanos.at), precise.at);
        let mut later = precise.clone();
        later.at = precise.at + chrono::Duration::microseconds(1);
        assert_ne!(chain_hash(GENESIS_HASH, &precise), chain_hash(GENESIS_HASH, &later));
    }

    #[test]
    fn the_hash_is_lowercase_hex_sha256_and_stable() {
        let hash = chain_hash(GENESIS_HASH, &record(1, "session.view"));
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(hash, chain_hash(GENESIS_HASH, &record(1, "session.view")));
        assert_eq!(GENESIS_HASH.len(), 64);
    }

    /// Stored chains must verify forever: this pins the canonical encoding (the value was
    /// cross-checked with an independent implementation of the encoding in the module docs).
    /// Changing it needs a new encoding tag and a migration, not a new value here.
    #[test]
    fn the_canonical_encoding_has_not_changed() {
        assert_eq!(
            chain_hash(GENESIS_HASH, &record(1, "session.view")),
            "619e1ed8ff62da32fb08d6601d3269a6aef3d030cd5510f51788e96b0e3ef3e0"
        );
    }
}
