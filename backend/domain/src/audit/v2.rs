//! Version 2 of the activity log (docs to come).

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
