//! Where a chain stands, and appending a batch of events to it in one go.

use super::{AuditEntry, AuditEvent, ChainId, ChainKey, LegacyChain, StoredEvent};
use crate::audit::v1::GENESIS_HASH;
use serde::{Deserialize, Serialize};

/// Where a chain stands: its newest event's number and hash (`seq` 0 and the chain's origin
/// when it has no event yet). What the server keeps in the chain's head row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub chain: ChainId,
    pub seq: u64,
    pub hash: String,
}

/// The events of one append, ready to insert, and the head to write once after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub events: Vec<StoredEvent>,
    pub head: ChainHead,
}

/// Why a batch was refused; a refused batch appends nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AppendError {
    #[error("event {event_id} concerns company {company_id:?}, so it cannot go on chain {chain}")]
    NotOfThisChain { chain: ChainId, event_id: String, company_id: Option<String> },
    #[error("chain {chain} has no sequence number left after {seq}")]
    SeqExhausted { chain: ChainId, seq: u64 },
}

impl ChainHead {
    /// The head of a chain opened on a database that never had v1 events, or opened after the
    /// migration (a new company): its first event chains to [`GENESIS_HASH`].
    pub fn fresh(chain: ChainId) -> Self {
        Self { chain, seq: 0, hash: GENESIS_HASH.to_owned() }
    }

    /// The head of a chain opened by the migration from v1: its first event chains to the
    /// frozen v1 head, which seals the whole v1 history into this keyed chain.
    pub fn after_legacy(chain: ChainId, legacy: &LegacyChain) -> Self {
        Self { chain, seq: 0, hash: legacy.head().hash.clone() }
    }

    /// Places `entries`, in order, after this head: each gets the next `seq`, names its
    /// predecessor's hash and is hashed under `key`. Group commit: under one lock of the head
    /// row, insert [`Appended::events`] and write [`Appended::head`] once. The result is the
    /// same as appending the entries one at a time.
    ///
    /// Every entry must concern this chain's company (or no company, for the platform chain);
    /// `at` is truncated to the microseconds the hash covers.
    pub fn append(
        &self,
        key: &ChainKey,
        entries: impl IntoIterator<Item = AuditEntry>,
    ) -> Result<Appended, AppendError> {
        let mut head = self.clone();
        let events = entries
            .into_iter()
            .map(|entry| {
                let stored = head.place(key, entry)?;
                head.seq = stored.event.seq;
                head.hash.clone_from(&stored.hash);
                Ok(stored)
            })
            .collect::<Result<_, _>>()?;
        Ok(Appended { events, head })
    }

    fn place(&self, key: &ChainKey, mut entry: AuditEntry) -> Result<StoredEvent, AppendError> {
        let seq = self.seq.checked_add(1).ok_or_else(|| AppendError::SeqExhausted {
            chain: self.chain.clone(),
            seq: self.seq,
        })?;
        entry.at = AuditEntry::timestamp(entry.at);
        let event =
            AuditEvent { chain: self.chain.clone(), seq, prev_hash: self.hash.clone(), entry };
        if !event.belongs_to(&self.chain) {
            return Err(AppendError::NotOfThisChain {
                chain: self.chain.clone(),
                event_id: event.entry.id,
                company_id: event.entry.company_id,
            });
        }
        let hash = event.hash(key);
        Ok(StoredEvent { event, hash })
    }
}
