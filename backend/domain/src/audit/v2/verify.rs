//! Verifying chains: the frozen v1 prefix, then each v2 chain against its hashes, its head row
//! and the signed checkpoints.

use super::{ChainHead, ChainId, ChainKey, Checkpoint, CheckpointBook, StoredEvent};
use crate::audit::v1::{self, AuditRecord, GENESIS_HASH};
use serde::Serialize;
use std::borrow::Borrow;

/// The v1 chain as the migration froze it, verified: only [`LegacyChain::verify`] makes one,
/// so a chain can only be opened after, or checked against, a v1 history that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyChain {
    head: v1::ChainHead,
}

/// Why the v1 prefix does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegacyBreak {
    #[error("legacy (v1) {0}")]
    Chain(#[from] v1::ChainBreak),
    #[error(
        "the legacy (v1) chain ends at seq {verified_seq} but its head row says seq {stored_seq} \
         with {hash}",
        hash = if *.stored_hash_matches { "the same hash" } else { "another hash" }
    )]
    HeadMismatch { verified_seq: u64, stored_seq: u64, stored_hash_matches: bool },
}

impl LegacyChain {
    /// Verifies every v1 event in `seq` order, from the first, and the v1 head row.
    pub fn verify<'a>(
        records: impl IntoIterator<Item = (&'a AuditRecord, &'a str)>,
        stored_head: &v1::ChainHead,
    ) -> Result<Self, LegacyBreak> {
        let head = v1::verify_chain_from(&v1::ChainHead::genesis(), records)?;
        if head != *stored_head {
            return Err(LegacyBreak::HeadMismatch {
                verified_seq: head.seq,
                stored_seq: stored_head.seq,
                stored_hash_matches: head.hash == stored_head.hash,
            });
        }
        Ok(Self { head })
    }

    /// The newest v1 event's number and hash (`seq` 0 and [`GENESIS_HASH`] when there was none).
    pub fn head(&self) -> &v1::ChainHead {
        &self.head
    }
}

/// Where and how a v2 chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("audit chain {chain} broken at seq {seq}: {kind}")]
pub struct ChainBreak {
    pub chain: ChainId,
    /// The `seq` of the event found broken; for a break at the end, the newest verified `seq`.
    pub seq: u64,
    pub kind: BreakKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakKind {
    /// A column of the event, or its stored hash, is not what was hashed when it was appended.
    #[error("the event or its hash was edited")]
    Edited,
    #[error("{count} event(s) before it were removed")]
    Removed { count: u64 },
    #[error("expected seq {expected}: the event is duplicated, moved or inserted")]
    OutOfOrder { expected: u64 },
    /// The stored `prev_hash` column is not the previous event's stored hash.
    #[error("its prev_hash is not the previous event's hash")]
    PrevHashEdited,
    /// The first event chains to neither [`GENESIS_HASH`] nor the verified v1 head: the v1
    /// history it was sealed after has changed, or the chain's start was replaced.
    #[error("the chain starts from neither the genesis nor the verified legacy (v1) head")]
    UnknownOrigin,
    /// The event names another chain, or concerns a company whose chain this is not.
    #[error("the event belongs to another chain")]
    NotOfThisChain,
    /// A signed checkpoint names another hash for this `seq`: the chain was rewritten.
    #[error("the hash differs from the checkpoint signed at {signed_at}")]
    DivergesFromCheckpoint { signed_at: chrono::DateTime<chrono::Utc> },
    /// A signed checkpoint names a later `seq` than the newest event: newer events were removed.
    #[error("the chain ends here but a signed checkpoint names seq {checkpoint_seq}")]
    TruncatedBelowCheckpoint { checkpoint_seq: u64 },
    /// The head row names a later `seq`: the newest events were removed, the row left as it was.
    #[error("the chain ends here but its head row says seq {stored_seq}")]
    NewestRemoved { stored_seq: u64 },
    /// The head row names an earlier `seq`, or another hash, than the newest event.
    #[error("its head row (seq {stored_seq}) is not the newest event")]
    HeadMismatch { stored_seq: u64 },
}

/// A chain that verified: where it ends, and how far signed checkpoints vouch for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifiedChain {
    head: ChainHead,
    events_verified: u64,
    checkpoints_matched: usize,
    newest_checkpoint_seq: Option<u64>,
}

impl VerifiedChain {
    pub fn head(&self) -> &ChainHead {
        &self.head
    }

    /// Events recomputed in this verification (from the origin, or after the resumed checkpoint).
    pub fn events_verified(&self) -> u64 {
        self.events_verified
    }

    /// Checkpoints whose `seq` was reached and whose hash matched.
    pub fn checkpoints_matched(&self) -> usize {
        self.checkpoints_matched
    }

    /// The newest `seq` a signed checkpoint vouches for; events after it rest on the keyed
    /// hashes alone (see the module docs).
    pub fn newest_checkpoint_seq(&self) -> Option<u64> {
        self.newest_checkpoint_seq
    }
}

/// Verifies one chain event by event, in `seq` order, so that a chain of any length is checked
/// page by page in bounded memory: [`ChainVerifier::push`] each stored event, then
/// [`ChainVerifier::finish`] with the chain's head row.
#[derive(Debug)]
pub struct ChainVerifier<'a> {
    key: &'a ChainKey,
    chain: ChainId,
    position: Position<'a>,
    /// This chain's checkpoints not reached yet, oldest first.
    checkpoints: &'a [Checkpoint],
    events_verified: u64,
    checkpoints_matched: usize,
    newest_checkpoint_seq: Option<u64>,
}

#[derive(Debug)]
enum Position<'a> {
    /// Nothing verified yet: the chain must start from the genesis or the legacy head.
    Origin {
        legacy_hash: Option<&'a str>,
    },
    After(ChainHead),
}

impl<'a> ChainVerifier<'a> {
    /// Verifies `chain` from its first event. `legacy` is the verified v1 prefix, when the
    /// database had v1 events: then the chain may start from its head as well as from genesis.
    pub fn from_origin(
        key: &'a ChainKey,
        chain: ChainId,
        legacy: Option<&'a LegacyChain>,
        checkpoints: &'a CheckpointBook,
    ) -> Self {
        let legacy_hash = legacy.map(|legacy| legacy.head().hash.as_str());
        let checkpoints = checkpoints.for_chain(&chain);
        Self::new(key, chain, Position::Origin { legacy_hash }, checkpoints, None)
    }

    /// Verifies `chain` after its signed checkpoint at `seq`, trusting what that checkpoint
    /// vouches for (the events up to it need not be read again, or even kept). `None` when the
    /// book has no checkpoint of `chain` at `seq`.
    pub fn resume_from_checkpoint(
        key: &'a ChainKey,
        chain: ChainId,
        seq: u64,
        checkpoints: &'a CheckpointBook,
    ) -> Option<Self> {
        let all = checkpoints.for_chain(&chain);
        let start = all.iter().find(|checkpoint| checkpoint.seq == seq)?;
        let head = ChainHead { chain: chain.clone(), seq, hash: start.head_hash.clone() };
        Some(Self::new(key, chain, Position::After(head), after_seq(all, seq), Some(seq)))
    }

    fn new(
        key: &'a ChainKey,
        chain: ChainId,
        position: Position<'a>,
        checkpoints: &'a [Checkpoint],
        newest_checkpoint_seq: Option<u64>,
    ) -> Self {
        Self {
            key,
            chain,
            position,
            checkpoints,
            events_verified: 0,
            checkpoints_matched: 0,
            newest_checkpoint_seq,
        }
    }

    /// Checks the next stored event of the chain.
    pub fn push(&mut self, stored: &StoredEvent) -> Result<(), ChainBreak> {
        let event = &stored.event;
        let expected = self.next_seq();
        if event.seq > expected {
            return Err(self.broken(event.seq, BreakKind::Removed { count: event.seq - expected }));
        }
        if event.seq < expected {
            return Err(self.broken(event.seq, BreakKind::OutOfOrder { expected }));
        }
        if !event.belongs_to(&self.chain) {
            return Err(self.broken(event.seq, BreakKind::NotOfThisChain));
        }
        match &self.position {
            Position::Origin { legacy_hash } => {
                if !is_origin(&event.prev_hash, *legacy_hash) {
                    return Err(self.broken(event.seq, BreakKind::UnknownOrigin));
                }
                self.reach(0, &event.prev_hash)?;
            }
            Position::After(head) if head.hash != event.prev_hash => {
                return Err(self.broken(event.seq, BreakKind::PrevHashEdited));
            }
            Position::After(_) => {}
        }
        if event.hash(self.key) != stored.hash {
            return Err(self.broken(event.seq, BreakKind::Edited));
        }
        self.events_verified += 1;
        self.reach(event.seq, &stored.hash)
    }

    /// Ends the verification with the chain's stored head row: every checkpoint must have been
    /// reached, and the head row must name the newest event.
    pub fn finish(mut self, stored_head: &ChainHead) -> Result<VerifiedChain, ChainBreak> {
        let head = match &self.position {
            Position::After(head) => head.clone(),
            Position::Origin { legacy_hash } => {
                self.start_without_events(stored_head, *legacy_hash)?
            }
        };
        if let Some(checkpoint) = self.checkpoints.first() {
            let checkpoint_seq = checkpoint.seq;
            return Err(
                self.broken(head.seq, BreakKind::TruncatedBelowCheckpoint { checkpoint_seq })
            );
        }
        if *stored_head != head {
            let stored_seq = stored_head.seq;
            let kind = if stored_head.chain == head.chain && stored_seq > head.seq {
                BreakKind::NewestRemoved { stored_seq }
            } else {
                BreakKind::HeadMismatch { stored_seq }
            };
            return Err(self.broken(head.seq, kind));
        }
        Ok(VerifiedChain {
            head,
            events_verified: self.events_verified,
            checkpoints_matched: self.checkpoints_matched,
            newest_checkpoint_seq: self.newest_checkpoint_seq,
        })
    }

    /// Where a chain without events stands. A head row at `seq` 0 names the chain's origin,
    /// which must be one; a head row further on means every event was removed, which
    /// [`Self::finish`] reports next (no checkpoint at `seq` 0 can be judged then).
    fn start_without_events(
        &mut self,
        stored_head: &ChainHead,
        legacy_hash: Option<&str>,
    ) -> Result<ChainHead, ChainBreak> {
        if stored_head.chain != self.chain || stored_head.seq != 0 {
            self.checkpoints = after_seq(self.checkpoints, 0);
            return Ok(ChainHead::fresh(self.chain.clone()));
        }
        if !is_origin(&stored_head.hash, legacy_hash) {
            return Err(self.broken(0, BreakKind::UnknownOrigin));
        }
        self.reach(0, &stored_head.hash)?;
        Ok(stored_head.clone())
    }

    fn next_seq(&self) -> u64 {
        match &self.position {
            Position::Origin { .. } => 1,
            Position::After(head) => head.seq.saturating_add(1),
        }
    }

    /// Moves to the verified `(seq, hash)` and checks the checkpoints that name this `seq`.
    fn reach(&mut self, seq: u64, hash: &str) -> Result<(), ChainBreak> {
        match &mut self.position {
            Position::After(head) => {
                head.seq = seq;
                hash.clone_into(&mut head.hash);
            }
            Position::Origin { .. } => {
                let head = ChainHead { chain: self.chain.clone(), seq, hash: hash.to_owned() };
                self.position = Position::After(head);
            }
        }
        while let Some((checkpoint, later)) = self.checkpoints.split_first() {
            if checkpoint.seq > seq {
                break;
            }
            if checkpoint.head_hash != hash {
                let kind = BreakKind::DivergesFromCheckpoint { signed_at: checkpoint.signed_at };
                return Err(self.broken(seq, kind));
            }
            self.checkpoints = later;
            self.checkpoints_matched += 1;
            self.newest_checkpoint_seq = Some(seq);
        }
        Ok(())
    }

    fn broken(&self, seq: u64, kind: BreakKind) -> ChainBreak {
        ChainBreak { chain: self.chain.clone(), seq, kind }
    }
}

/// The checkpoints after `seq` (they are sorted by `seq`).
fn after_seq(checkpoints: &[Checkpoint], seq: u64) -> &[Checkpoint] {
    &checkpoints[checkpoints.partition_point(|checkpoint| checkpoint.seq <= seq)..]
}

/// Whether a chain may start from `hash`: the genesis, or the verified v1 head.
fn is_origin(hash: &str, legacy_hash: Option<&str>) -> bool {
    hash == GENESIS_HASH || legacy_hash == Some(hash)
}

/// Verifies one chain from its first event: the stored events in `seq` order, then its head row.
pub fn verify_chain(
    key: &ChainKey,
    legacy: Option<&LegacyChain>,
    checkpoints: &CheckpointBook,
    stored_head: &ChainHead,
    events: impl IntoIterator<Item = impl Borrow<StoredEvent>>,
) -> Result<VerifiedChain, ChainBreak> {
    let mut verifier =
        ChainVerifier::from_origin(key, stored_head.chain.clone(), legacy, checkpoints);
    for stored in events {
        verifier.push(stored.borrow())?;
    }
    verifier.finish(stored_head)
}
