//! Signed checkpoints: a chain's head at a moment, signed with a key the database never sees,
//! written as a line of text to keep elsewhere.

use super::event::put_chain;
use super::key::{KeyError, decode_hex_array};
use super::{ChainId, ChainIdError, VerifiedChain};
use crate::audit::encoding::{Bytes, put_text, put_timestamp, put_u64, whole_microseconds};
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// The version of the checkpoint format: the first word of each line, and the tag that starts
/// the signed message.
pub const CHECKPOINT_TAG: &str = "kyc-audit-checkpoint-v1";

/// What a checkpoint states: chain `chain` had `seq` events and its newest hash was `head_hash`
/// at `signed_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub chain: ChainId,
    pub seq: u64,
    pub head_hash: String,
    pub signed_at: DateTime<Utc>,
}

impl Checkpoint {
    /// The bytes the signature covers (module docs).
    fn signed_message(&self) -> Vec<u8> {
        let mut message = Bytes::default();
        put_text(&mut message, CHECKPOINT_TAG);
        put_chain(&mut message, &self.chain);
        put_u64(&mut message, self.seq);
        put_text(&mut message, &self.head_hash);
        put_timestamp(&mut message, self.signed_at);
        message.0
    }
}

/// The secret Ed25519 key that signs checkpoints. It belongs to the checkpointing job, not to
/// the server that writes events: whoever holds it can vouch for a rewritten chain.
pub struct CheckpointSigner {
    key: SigningKey,
}

impl CheckpointSigner {
    /// A new key from 32 random bytes the caller draws from a cryptographic source
    /// (`rand::random()`): an Ed25519 secret key is any 32 bytes.
    pub fn generate(random: [u8; 32]) -> Self {
        Self::from_secret_bytes(&zeroize::Zeroizing::new(random))
    }

    pub fn from_secret_bytes(secret: &[u8; 32]) -> Self {
        Self { key: SigningKey::from_bytes(secret) }
    }

    /// The 32-byte secret written as hexadecimal, as an environment variable holds it.
    pub fn from_hex(secret: &str) -> Result<Self, KeyError> {
        let secret = zeroize::Zeroizing::new(decode_hex_array::<32>(secret)?);
        Ok(Self::from_secret_bytes(&secret))
    }

    /// The secret as hexadecimal, to hand to the operator once when the key is made.
    pub fn secret_hex(&self) -> zeroize::Zeroizing<String> {
        zeroize::Zeroizing::new(hex::encode(self.key.as_bytes()))
    }

    pub fn public_key(&self) -> CheckpointPublicKey {
        CheckpointPublicKey { key: self.key.verifying_key() }
    }

    /// Signs the head of a chain that was just verified: there is no way to sign a head that
    /// was not, which would vouch for whatever the database holds.
    pub fn sign(&self, verified: &VerifiedChain, signed_at: DateTime<Utc>) -> SignedCheckpoint {
        let head = verified.head();
        let checkpoint = Checkpoint {
            chain: head.chain.clone(),
            seq: head.seq,
            head_hash: head.hash.clone(),
            signed_at: whole_microseconds(signed_at),
        };
        let signature = self.key.sign(&checkpoint.signed_message());
        SignedCheckpoint { checkpoint, key_id: self.public_key().key_id(), signature }
    }
}

impl fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckpointSigner").field("key_id", &self.public_key().key_id()).finish()
    }
}

/// The public half of a [`CheckpointSigner`]: checks checkpoints, cannot make them. It can be
/// published, and given to an outside auditor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointPublicKey {
    key: VerifyingKey,
}

impl CheckpointPublicKey {
    pub fn from_bytes(public: &[u8; 32]) -> Result<Self, KeyError> {
        let key = VerifyingKey::from_bytes(public).map_err(|_| KeyError::NotAPublicKey)?;
        Ok(Self { key })
    }

    pub fn from_hex(public: &str) -> Result<Self, KeyError> {
        Self::from_bytes(&decode_hex_array::<32>(public)?)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.key.as_bytes())
    }

    /// The first 8 bytes of SHA-256 of the 32 public-key bytes: which key signed a line.
    pub fn key_id(&self) -> KeyId {
        let digest = Sha256::digest(self.key.as_bytes());
        let mut id = [0; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    fn verifies(&self, signed: &SignedCheckpoint) -> bool {
        let message = signed.checkpoint.signed_message();
        self.key.verify_strict(&message, &signed.signature).is_ok()
    }
}

/// Names a checkpoint key in a line; 16 hex characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; 8]);

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for KeyId {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        decode_hex_array(text).map(KeyId)
    }
}

/// A checkpoint as read from a file or just signed: not trusted until a [`CheckpointBook`] has
/// checked its signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    checkpoint: Checkpoint,
    key_id: KeyId,
    signature: Signature,
}

impl SignedCheckpoint {
    /// What the line claims (unverified).
    pub fn checkpoint(&self) -> &Checkpoint {
        &self.checkpoint
    }

    pub fn key_id(&self) -> KeyId {
        self.key_id
    }
}

/// One line of a checkpoint file, without its line break:
/// `kyc-audit-checkpoint-v1 <chain> <seq> <head hash> <signed at> <key id> <signature>`.
impl fmt::Display for SignedCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Checkpoint { chain, seq, head_hash, signed_at } = &self.checkpoint;
        let signed_at = signed_at.to_rfc3339_opts(SecondsFormat::Micros, true);
        let signature = hex::encode(self.signature.to_bytes());
        write!(
            f,
            "{CHECKPOINT_TAG} {chain} {seq} {head_hash} {signed_at} {} {signature}",
            self.key_id
        )
    }
}

/// What is wrong with one line of a checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineError {
    #[error("it starts with {found:?}, not the format name {CHECKPOINT_TAG}")]
    UnknownFormat { found: String },
    #[error("it has {found} fields, not 7")]
    FieldCount { found: usize },
    #[error("bad chain: {0}")]
    Chain(#[from] ChainIdError),
    #[error("the seq is not a whole number")]
    Seq,
    #[error("the head hash is not 64 lowercase hex characters")]
    HeadHash,
    #[error("the signing time is not an RFC 3339 time")]
    SignedAt,
    #[error("the key id is not 16 hex characters")]
    KeyId,
    #[error("the signature is not 128 hex characters")]
    Signature,
}

impl FromStr for SignedCheckpoint {
    type Err = LineError;

    fn from_str(line: &str) -> Result<Self, Self::Err> {
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let [format, chain, seq, head_hash, signed_at, key_id, signature] = fields[..] else {
            return match fields.first() {
                Some(&format) if format != CHECKPOINT_TAG => Err(unknown_format(format)),
                _ => Err(LineError::FieldCount { found: fields.len() }),
            };
        };
        if format != CHECKPOINT_TAG {
            return Err(unknown_format(format));
        }
        let checkpoint = Checkpoint {
            chain: chain.parse()?,
            seq: seq.parse().map_err(|_| LineError::Seq)?,
            head_hash: parse_head_hash(head_hash)?,
            signed_at: DateTime::parse_from_rfc3339(signed_at)
                .map(|at| whole_microseconds(at.with_timezone(&Utc)))
                .map_err(|_| LineError::SignedAt)?,
        };
        let key_id = key_id.parse().map_err(|_| LineError::KeyId)?;
        let signature = decode_hex_array::<64>(signature).map_err(|_| LineError::Signature)?;
        Ok(Self { checkpoint, key_id, signature: Signature::from_bytes(&signature) })
    }
}

fn unknown_format(found: &str) -> LineError {
    LineError::UnknownFormat { found: found.chars().take(40).collect() }
}

fn parse_head_hash(text: &str) -> Result<String, LineError> {
    let canonical =
        text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    canonical.then(|| text.to_owned()).ok_or(LineError::HeadHash)
}

/// A line of a checkpoint file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("checkpoint file line {line}: {error}")]
pub struct CheckpointFileError {
    /// 1-based.
    pub line: usize,
    pub error: LineError,
}

/// Reads a checkpoint file: one checkpoint per line; blank lines and lines starting with `#`
/// are skipped. Files may be concatenated.
pub fn parse_checkpoint_file(text: &str) -> Result<Vec<SignedCheckpoint>, CheckpointFileError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .map(|(index, line)| {
            line.parse().map_err(|error| CheckpointFileError { line: index + 1, error })
        })
        .collect()
}

/// Writes checkpoints as a file [`parse_checkpoint_file`] reads back, with a header comment that
/// tells a person what the lines are.
pub fn write_checkpoint_file(checkpoints: &[SignedCheckpoint]) -> String {
    let mut file = format!(
        "# kyc audit chain checkpoints, format {CHECKPOINT_TAG}\n\
         # fields: format chain seq head_hash signed_at key_id ed25519_signature\n"
    );
    for checkpoint in checkpoints {
        file.push_str(&checkpoint.to_string());
        file.push('\n');
    }
    file
}

/// Why a set of checkpoints cannot be trusted, or does not match the database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error(
        "the checkpoint of chain {chain} at seq {seq} has a bad signature: it was forged or edited"
    )]
    BadSignature { chain: ChainId, seq: u64 },
    #[error(
        "the checkpoint of chain {chain} at seq {seq} is signed by key {key_id}, not a trusted one"
    )]
    UnknownSigner { chain: ChainId, seq: u64, key_id: KeyId },
    #[error(
        "two signed checkpoints of chain {chain} at seq {seq} name different hashes: the chain \
         was rewritten between them"
    )]
    Conflicting { chain: ChainId, seq: u64 },
    #[error(
        "a checkpoint names chain {chain} (seq {seq}), which the database does not have: it was removed"
    )]
    UnknownChain { chain: ChainId, seq: u64 },
}

/// Checkpoints whose signatures verified, by chain, oldest first: what [`super::ChainVerifier`]
/// holds chains to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointBook {
    by_chain: BTreeMap<ChainId, Vec<Checkpoint>>,
}

impl CheckpointBook {
    /// No checkpoint: chains are checked against their hashes and head rows only.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Checks every signature against the trusted keys; refuses the whole set when one fails,
    /// since a forged line means the file itself was tampered with.
    pub fn verify(
        signed: &[SignedCheckpoint],
        trusted: &[CheckpointPublicKey],
    ) -> Result<Self, CheckpointError> {
        let mut by_chain: BTreeMap<ChainId, Vec<Checkpoint>> = BTreeMap::new();
        for line in signed {
            let Checkpoint { chain, seq, .. } = &line.checkpoint;
            let (chain, seq) = (chain.clone(), *seq);
            let signer = trusted.iter().find(|key| key.key_id() == line.key_id);
            let signer = signer.ok_or_else(|| CheckpointError::UnknownSigner {
                chain: chain.clone(),
                seq,
                key_id: line.key_id,
            })?;
            if !signer.verifies(line) {
                return Err(CheckpointError::BadSignature { chain, seq });
            }
            by_chain.entry(chain).or_default().push(line.checkpoint.clone());
        }
        for (chain, checkpoints) in &mut by_chain {
            checkpoints.sort_by_key(|checkpoint| (checkpoint.seq, checkpoint.signed_at));
            if let Some(pair) = checkpoints
                .windows(2)
                .find(|pair| pair[0].seq == pair[1].seq && pair[0].head_hash != pair[1].head_hash)
            {
                return Err(CheckpointError::Conflicting {
                    chain: chain.clone(),
                    seq: pair[0].seq,
                });
            }
        }
        Ok(Self { by_chain })
    }

    /// The checkpoints of `chain`, oldest first.
    pub fn for_chain(&self, chain: &ChainId) -> &[Checkpoint] {
        self.by_chain.get(chain).map_or(&[], Vec::as_slice)
    }

    /// The newest checkpoint of `chain`: where the next verification may resume.
    pub fn newest(&self, chain: &ChainId) -> Option<&Checkpoint> {
        self.for_chain(chain).last()
    }

    pub fn chains(&self) -> impl Iterator<Item = &ChainId> {
        self.by_chain.keys()
    }

    /// Every chain a checkpoint names must still be in the database: a missing one was removed
    /// whole. `stored` is every chain id the database has (a head row each).
    pub fn ensure_chains_exist<'a>(
        &self,
        stored: impl IntoIterator<Item = &'a ChainId>,
    ) -> Result<(), CheckpointError> {
        let stored: BTreeSet<&ChainId> = stored.into_iter().collect();
        match self.by_chain.iter().find(|(chain, _)| !stored.contains(chain)) {
            None => Ok(()),
            Some((chain, checkpoints)) => Err(CheckpointError::UnknownChain {
                chain: chain.clone(),
                seq: checkpoints.last().map_or(0, |checkpoint| checkpoint.seq),
            }),
        }
    }
}
