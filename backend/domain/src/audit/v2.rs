//! Version 2 of the activity log: one keyed hash chain per company plus one platform chain,
//! batched appends, and signed checkpoints kept outside the database.
//!
//! # Chains
//!
//! Each company has its own chain ([`ChainId::company`]); events that concern no company go to
//! the platform chain ([`ChainId::platform`]). An event goes to the chain of its `company_id`
//! ([`ChainId::for_company`]), whoever acted, so a company's log holds what the platform's
//! staff did to it. Each chain numbers its events 1, 2, 3, ... (`seq`), and each event names its
//! predecessor's hash (`prev_hash`). Chains share nothing, so appends to two companies' chains
//! never wait on each other.
//!
//! # The event hash, byte by byte
//!
//! `hash = lowercase hex of HMAC-SHA256(chain key, message)`, where the message is, in order
//! (every stored column but `hash`, each on its own):
//!
//! | # | piece | encoded as |
//! | --- | --- | --- |
//! | 1 | the tag `kyc-audit-v2` ([`EVENT_TAG`]) | text |
//! | 2 | `chain`: the chain's company id, absent for the platform chain | optional text |
//! | 3 | `seq` | u64 |
//! | 4 | `prev_hash`, as stored (64 hex characters) | text |
//! | 5 | `id` | text |
//! | 6 | `company_id` | optional text |
//! | 7 | `actor_kind` | text |
//! | 8 | `actor_id` | text |
//! | 9 | `action` | text |
//! | 10 | `target_type` (hashed with or without a target id) | optional text |
//! | 11 | `target_id` | optional text |
//! | 12 | `outcome` | text |
//! | 13 | `ip` | optional text |
//! | 14 | `at`, in whole microseconds since the Unix epoch | i64 |
//!
//! - *text*: the UTF-8 length as 8 bytes big-endian (u64), then the UTF-8 bytes;
//! - *optional text*: the byte `0x00` when absent; else the byte `0x01`, then the text;
//! - *u64*: 8 bytes, big-endian; *i64*: 8 bytes, big-endian two's complement.
//!
//! Every piece is self-delimiting and the order is fixed, so two events that differ in any
//! column encode differently: text cannot move between neighbouring columns, and an absent
//! value differs from an empty one. Sub-microsecond time is not hashed (no supported database
//! keeps it); [`ChainHead::append`] truncates `at`, so what is stored is what was hashed. The
//! chain key's [`ChainKey::fingerprint`] is the first 8 bytes (16 hex characters) of
//! HMAC-SHA256(chain key, text `kyc-audit-v2-key-fingerprint`), which no event message equals.
//!
//! # Appending (group commit)
//!
//! The head row of a chain ([`ChainHead`]: `seq` and hash of its newest event) serialises its
//! appends. The server locks it (`SELECT ... FOR UPDATE` on PostgreSQL, the write lock on
//! SQLite), calls [`ChainHead::append`] with every event waiting for that chain, inserts
//! [`Appended::events`] and writes [`Appended::head`] once, in one transaction. A batch is the
//! same as appending its events one by one. An event of another company is refused, and so is
//! the whole batch. Whoever locks several head rows in one transaction takes them in
//! [`ChainId`] order (platform first), so two such transactions cannot deadlock.
//!
//! # Verifying
//!
//! [`ChainVerifier`] (or [`verify_chain`] for a chain in memory) reads a chain in `seq` order,
//! page by page, and checks for each event, reporting the first failure as a [`ChainBreak`]
//! (chain, `seq`, [`BreakKind`]): its `seq` follows the previous one (else events were
//! [`BreakKind::Removed`], or one is [`BreakKind::OutOfOrder`]); it belongs to this chain, by
//! its `chain` and its `company_id`; its stored `prev_hash` is the previous event's stored hash
//! (for the first event: the chain's origin, below); its HMAC is its stored hash; and, at every
//! `seq` a signed checkpoint names, the hash is the checkpoint's. At the end, no checkpoint may
//! name a later `seq` than the newest event, and the head row must name the newest event.
//! Verification can resume from a checkpoint ([`ChainVerifier::resume_from_checkpoint`]), so
//! events before it need not be read again, nor even kept (archiving under a retention rule).
//!
//! # Checkpoints
//!
//! A [`Checkpoint`] states "chain C had `seq` N with head hash H at time T". The checkpointing
//! job verifies a chain, signs its head with Ed25519 ([`CheckpointSigner::sign`] takes only a
//! [`VerifiedChain`], so no unverified head can be vouched for) and appends the line to a file
//! kept outside the database: write-once storage, another host, a printed page, a mail to the
//! compliance officer. The signature covers the message (pieces as above):
//! text `kyc-audit-checkpoint-v1` ([`CHECKPOINT_TAG`]) ‖ optional text: the chain's company id ‖
//! u64 `seq` ‖ text: head hash ‖ i64 `signed_at` in whole microseconds. Ed25519 is pure
//! (RFC 8032, no pre-hash) and verified strictly (no malleable signatures, no weak keys).
//!
//! The file format, version 1: UTF-8 text, one checkpoint per line, seven fields separated by a
//! space; lines that are blank or start with `#` are comments, so files can be concatenated.
//!
//! ```text
//! # kyc audit chain checkpoints, format kyc-audit-checkpoint-v1
//! kyc-audit-checkpoint-v1 company:0193a1f2-... 1042 <head hash> 2026-12-01T22:00:00.000000Z <key id> <signature>
//! ```
//!
//! | field | content |
//! | --- | --- |
//! | format | `kyc-audit-checkpoint-v1`; another version is refused, not guessed at |
//! | chain | `platform` or `company:<company id>` |
//! | seq | decimal |
//! | head hash | 64 lowercase hex characters |
//! | signed at | RFC 3339 in UTC with microseconds |
//! | key id | 16 hex characters: the first 8 bytes of SHA-256 of the 32-byte public key |
//! | signature | 128 hex characters: the 64-byte Ed25519 signature |
//!
//! [`CheckpointBook::verify`] checks every line against the trusted public keys (several, so a
//! signing key can be rotated while old lines keep verifying) and refuses the whole file on one
//! bad line: a forged or edited checkpoint ([`CheckpointError::BadSignature`]), an unknown key
//! ([`CheckpointError::UnknownSigner`]), or two checkpoints that give one `seq` two hashes
//! ([`CheckpointError::Conflicting`]). [`CheckpointBook::ensure_chains_exist`] reports a
//! checkpoint of a chain the database no longer has ([`CheckpointError::UnknownChain`]).
//!
//! # Two keys, and why
//!
//! The **chain key** (HMAC, secret) is needed for every append, so it lives with the server, in
//! its environment and never in the database. Without it no one can make an event hash that
//! verifies: not a database administrator, not a restored backup, not an SQL injection. With it
//! (a compromised server), anyone can rewrite events and recompute every later hash.
//! Verifying the chain needs this key too.
//!
//! The **checkpoint key** (Ed25519) is needed only by the checkpointing job, which can run
//! elsewhere (another host, an operator's machine, an HSM) and should: the server must not hold
//! it. Its public half verifies checkpoints and can be given to an auditor. Whoever has the
//! chain key but not the checkpoint key can rewrite what no checkpoint covers yet, and nothing
//! else: every rewrite below a checkpoint changes the hash at the checkpoint's `seq`.
//!
//! # What is detected, and what is not
//!
//! Detected, for anyone lacking the chain key:
//! - an edit of any column of any event, the hash and `prev_hash` columns included
//!   ([`BreakKind::Edited`], [`BreakKind::PrevHashEdited`]), re-chained or not;
//! - an event removed before the newest one, renumbered or not ([`BreakKind::Removed`], or
//!   `Edited` where the numbers were closed up); an event duplicated or inserted;
//! - an event moved to another chain ([`BreakKind::NotOfThisChain`]);
//! - the newest events removed while the head row stays ([`BreakKind::NewestRemoved`]), or the
//!   head row moved alone ([`BreakKind::HeadMismatch`]).
//!
//! Detected given a checkpoint file, even against the chain key:
//! - a chain shorter than a checkpoint's `seq`, i.e. the newest events removed *and* the head
//!   row moved back ([`BreakKind::TruncatedBelowCheckpoint`]);
//! - any rewrite at or below a checkpoint's `seq` ([`BreakKind::DivergesFromCheckpoint`]);
//! - a whole chain removed ([`CheckpointError::UnknownChain`]);
//! - a forged or edited checkpoint line.
//!
//! Not detected:
//! - events removed after the newest checkpoint, with the head row moved back to match: a
//!   shorter chain is consistent, and nothing signed says it was longer. Checkpoint often.
//! - with the chain key: any rewrite of events after the newest checkpoint.
//! - with both keys: anything, except against checkpoint lines already stored out of reach.
//! - a checkpoint line removed from the file (only its protection is lost): keep the file on
//!   write-once storage, or in several places.
//! - a chain removed whole before any checkpoint named it; an event that was never appended
//!   (a server that skips its audit call); a wrong clock (times are hashed, not judged).
//! - edits made to v1 events before the migration (below).
//!
//! # The migration from v1
//!
//! Before the migration there is one global, keyless v1 chain ([`crate::audit::v1`]); its rows
//! have their own global `seq` numbers. The migration re-chains nothing. In one transaction,
//! holding the v1 head row's lock:
//! 1. It verifies the whole v1 chain and its head row ([`LegacyChain::verify`]); on a break it
//!    stops, for it would otherwise seal a tampered history. (Only a [`LegacyChain`] opens a
//!    chain after v1, and only verification makes one.)
//! 2. It stops v1 appends for good. The v1 rows and head row stay as they are, frozen.
//! 3. It opens the platform chain and one chain per existing company with
//!    [`ChainHead::after_legacy`]: `seq` 0, hash = the v1 head hash. Their first events will
//!    name that hash as `prev_hash`.
//! 4. It appends one event to the platform chain, e.g. action `audit.chain_v2_started`, target
//!    type `audit_chain_v1`, target id the v1 head `seq`. This event seals the v1 head into a
//!    keyed hash at once, even if no company appends anything for a while.
//! 5. The checkpointing job then signs a checkpoint of every chain.
//!
//! Chains opened later (a new company) start fresh ([`ChainHead::fresh`]): `prev_hash` of their
//! first event is [`crate::audit::v1::GENESIS_HASH`]. A database that never had v1 events is
//! the same case: every chain starts fresh.
//!
//! Why old events keep verifying: nothing in the v1 rows changes, not a column, not a number,
//! and [`crate::audit::v1`] keeps its tag, its encoding (pinned by a test) and its functions, so
//! `v1::verify_chain` over the v1 rows in their `seq` order gives what it gave before. What the
//! migration adds is protection: each chain it opened starts from the v1 head hash, and the
//! platform chain's first event hashes that value under the chain key. Verifying a chain takes
//! the verified v1 prefix ([`LegacyChain`]; `None` on a database without v1 events) and accepts
//! exactly two origins for a chain's first event: [`crate::audit::v1::GENESIS_HASH`] or the v1
//! head hash; any other is [`BreakKind::UnknownOrigin`]. So after the migration, rewriting any
//! v1 event (and recomputing the keyless hashes, which anyone can), removing v1's newest events
//! or deleting v1 altogether changes the v1 head, and every chain opened by the migration that
//! has an event breaks at `seq` 1 with `UnknownOrigin`. Edits made to v1 before the migration
//! cannot be told from the original: the migration seals what it finds.

mod append;
mod chain_id;
mod checkpoint;
mod event;
mod key;
mod verify;

pub use append::{AppendError, Appended, ChainHead};
pub use chain_id::{ChainId, ChainIdError};
pub use checkpoint::{
    CHECKPOINT_TAG, Checkpoint, CheckpointBook, CheckpointError, CheckpointFileError,
    CheckpointPublicKey, CheckpointSigner, KeyId, LineError, SignedCheckpoint,
    parse_checkpoint_file, write_checkpoint_file,
};
pub use event::{AuditEntry, AuditEvent, EVENT_TAG, StoredEvent};
pub use key::{ChainKey, KeyError};
pub use verify::{
    BreakKind, ChainBreak, ChainVerifier, LegacyBreak, LegacyChain, VerifiedChain, verify_chain,
};
