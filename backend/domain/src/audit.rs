//! The activity log: append-only audit events, chained so that an edited or removed event is
//! detected.
//!
//! Two versions live side by side:
//! - [`v1`]: one global, keyless SHA-256 chain. Written before the migration; its events stay
//!   and verify with it unchanged. Its items are re-exported here, under their old paths.
//! - [`v2`]: one keyed chain per company plus one platform chain (HMAC-SHA256 over every stored
//!   column), batched appends, and Ed25519-signed checkpoints kept outside the database. Its
//!   module docs give the encoding byte by byte, the migration from v1, and exactly what is and
//!   is not detected.

mod encoding;
pub mod v1;
pub mod v2;

pub use v1::{
    AuditRecord, BreakReason, ChainBreak, ChainHead, GENESIS_HASH, chain_hash, verify_chain,
    verify_chain_from,
};
