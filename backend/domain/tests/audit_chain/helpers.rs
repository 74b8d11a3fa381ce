//! Chains as the server stores them, and the keys the tests sign and hash with.

use chrono::{DateTime, Utc};
use kyc_domain::audit::v2::{
    AuditEntry, ChainBreak, ChainHead, ChainId, ChainKey, CheckpointBook, CheckpointPublicKey,
    CheckpointSigner, LegacyChain, SignedCheckpoint, StoredEvent, VerifiedChain, verify_chain,
};

/// The server's chain key (HMAC).
pub fn key() -> ChainKey {
    ChainKey::from_bytes(&[0x42; 32]).expect("a 32-byte key")
}

/// A key of the attacker's own: everything he can hash with when he lacks the server's.
pub fn attackers_key() -> ChainKey {
    ChainKey::from_bytes(&[0x66; 32]).expect("a 32-byte key")
}

/// The checkpointing job's signing key.
pub fn signer() -> CheckpointSigner {
    CheckpointSigner::from_secret_bytes(&[0x07; 32])
}

pub fn trusted() -> Vec<CheckpointPublicKey> {
    vec![signer().public_key()]
}

pub fn company_chain() -> ChainId {
    ChainId::company("company-1").expect("a valid company id")
}

/// A moment `micros` microseconds after a fixed second.
pub fn at(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(1_764_000_000_000_000 + micros).expect("a test time")
}

/// The `n`th event a chain gets: logins on the platform chain, session views on a company's.
pub fn entry(chain: &ChainId, n: u64) -> AuditEntry {
    let company_id = chain.company_id().map(str::to_owned);
    let on_platform = company_id.is_none();
    AuditEntry {
        id: format!("evt-{n}"),
        company_id,
        actor_kind: "user".into(),
        actor_id: format!("user-{}", n % 3),
        action: if on_platform { "auth.login" } else { "session.view" }.into(),
        target_type: if on_platform { None } else { Some("session".into()) },
        target_id: if on_platform { None } else { Some(format!("session-{n}")) },
        outcome: if n.is_multiple_of(2) { "failed" } else { "ok" }.into(),
        ip: Some("198.51.100.23".into()),
        at: at(i64::try_from(n).expect("small") * 1_000),
    }
}

/// One chain as the database holds it: its head row and its events, in `seq` order.
#[derive(Debug, Clone)]
pub struct StoredChain {
    pub head: ChainHead,
    pub events: Vec<StoredEvent>,
}

impl StoredChain {
    /// An empty chain from `head` (fresh, or opened after the v1 chain).
    pub fn opened(head: ChainHead) -> Self {
        Self { head, events: Vec::new() }
    }

    /// A fresh chain with `n` events appended one batch.
    pub fn with_events(chain: ChainId, n: u64) -> Self {
        let mut stored = Self::opened(ChainHead::fresh(chain));
        stored.append_events(n);
        stored
    }

    /// Appends `n` more of the standard entries, as the server would.
    pub fn append_events(&mut self, n: u64) {
        let first = self.head.seq + 1;
        let entries = (first..first + n).map(|i| entry(&self.head.chain, i));
        self.append(entries.collect());
    }

    pub fn append(&mut self, entries: Vec<AuditEntry>) {
        let appended = self.head.append(&key(), entries).expect("entries of this chain");
        self.events.extend(appended.events);
        self.head = appended.head;
    }

    pub fn verify(&self) -> Result<VerifiedChain, ChainBreak> {
        self.verify_with(None, &CheckpointBook::empty())
    }

    pub fn verify_with(
        &self,
        legacy: Option<&LegacyChain>,
        book: &CheckpointBook,
    ) -> Result<VerifiedChain, ChainBreak> {
        verify_chain(&key(), legacy, book, &self.head, &self.events)
    }

    pub fn verify_against(
        &self,
        checkpoints: &[SignedCheckpoint],
    ) -> Result<VerifiedChain, ChainBreak> {
        self.verify_with(None, &book(checkpoints))
    }

    /// A checkpoint of the chain as it stands, signed by the checkpointing job.
    pub fn checkpoint(&self) -> SignedCheckpoint {
        let verified = self.verify().expect("an intact chain");
        signer().sign(&verified, at(3_600_000_000))
    }

    /// The attacker's truncation: the newest events deleted, the head row moved back to match.
    pub fn truncate_and_move_head_back(&mut self, keep: usize) {
        self.events.truncate(keep);
        self.head = match self.events.last() {
            Some(newest) => ChainHead {
                chain: self.head.chain.clone(),
                seq: newest.event.seq,
                hash: newest.hash.clone(),
            },
            None => ChainHead::fresh(self.head.chain.clone()),
        };
    }

    /// Recomputes every hash from event `from` on under `key`, and moves the head row to match:
    /// a re-chain after an edit, with whatever key the rewriter has.
    pub fn rechain_from(&mut self, from: usize, key: &ChainKey) {
        let mut previous = if from == 0 {
            self.events[0].event.prev_hash.clone()
        } else {
            self.events[from - 1].hash.clone()
        };
        for stored in &mut self.events[from..] {
            stored.event.prev_hash.clone_from(&previous);
            stored.hash = stored.event.hash(key);
            previous.clone_from(&stored.hash);
        }
        self.head.hash = previous;
    }
}

/// Checkpoints the tests trust, their signatures checked.
pub fn book(checkpoints: &[SignedCheckpoint]) -> CheckpointBook {
    CheckpointBook::verify(checkpoints, &trusted()).expect("checkpoints signed by the trusted key")
}
