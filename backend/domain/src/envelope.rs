//! Envelope encryption of blobs at rest (identity-document photos and selfies).
//!
//! Three layers of keys:
//! - The **master key** (32 bytes, given as base64 text, e.g. in `KYC_MASTER_KEY`) never touches
//!   a blob. It only wraps data keys, so replacing it re-wraps a few keys and no photo
//!   ([`WrappedDataKey::rewrap`]).
//! - A **data key** per company (32 random bytes, with a random 16-byte [`KeyId`]) encrypts that
//!   company's blobs. It is stored only wrapped. Deleting it makes every blob of the company
//!   unreadable at once (crypto-shredding, for offboarding a company).
//! - Each **blob** names the key id of its data key in its header.
//!
//! # Algorithm: AES-256-GCM
//!
//! Chosen over ChaCha20-Poly1305 because it is the NIST-approved AEAD (FIPS 197 AES, SP 800-38D
//! GCM) that a bank's security review and its auditors expect, and because the RustCrypto `aes`
//! crate uses the CPU's AES instructions where present (and a constant-time bitsliced fallback
//! elsewhere). Its limit is the nonce: with random 96-bit nonces a key may encrypt at most 2^32
//! messages (SP 800-38D §8.3), far beyond one company's photos; a company nearing it gets a new
//! data key (blobs name theirs, so old and new keys coexist).
//!
//! # Blob layout, version 1
//!
//! | offset | bytes | content |
//! |---:|---:|---|
//! | 0 | 4 | magic `KYCE` (`4B 59 43 45`): never the start of a JPEG, PNG or WebP |
//! | 4 | 1 | format version, `01` |
//! | 5 | 16 | [`KeyId`] of the data key |
//! | 21 | 12 | nonce, random per blob |
//! | 33 | n | ciphertext of the n plaintext bytes |
//! | 33 + n | 16 | GCM authentication tag |
//!
//! The associated data are the header (bytes 0..21) followed by the caller's *context*: what the
//! blob belongs to (e.g. the photo's id). The context is not stored; a blob moved under another
//! photo, or a header edited to name another key or version, fails authentication.
//!
//! # Wrapped data key layout, version 1 (89 bytes; stored as base64 text)
//!
//! | offset | bytes | content |
//! |---:|---:|---|
//! | 0 | 4 | magic `KYCK` (`4B 59 43 4B`) |
//! | 4 | 1 | format version, `01` |
//! | 5 | 8 | [`MasterKeyFingerprint`] of the wrapping master key |
//! | 13 | 16 | [`KeyId`] of the data key |
//! | 29 | 12 | nonce, random per wrapping |
//! | 41 | 32 | the data key, encrypted under the master key |
//! | 73 | 16 | GCM authentication tag |
//!
//! The associated data are bytes 0..29. The fingerprint (the first 8 bytes of SHA-256 over a tag
//! and the master key) lets a wrong master key be reported as such at startup, rather than as a
//! failed decryption; authentication still decides.
//!
//! Decryption never returns unauthenticated bytes: a wrong key, an altered byte or another
//! context is an error. Key material is zeroed when dropped and never printed (`Debug` shows
//! ids and fingerprints only). Randomness comes from the caller (`RngCore + CryptoRng`), so the
//! server passes the operating system's generator and tests a seeded one.

use std::fmt;
use std::str::FromStr;

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand_core::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The length of every key, master or data: AES-256.
pub const KEY_LEN: usize = 32;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

pub const BLOB_MAGIC: [u8; 4] = *b"KYCE";
pub const BLOB_VERSION: u8 = 1;
/// Magic, version and key id: the authenticated header.
pub const BLOB_HEADER_LEN: usize = 4 + 1 + KeyId::LEN;
/// Bytes an encrypted blob has beyond its plaintext.
pub const BLOB_OVERHEAD: usize = BLOB_HEADER_LEN + NONCE_LEN + TAG_LEN;

pub const WRAPPED_KEY_MAGIC: [u8; 4] = *b"KYCK";
pub const WRAPPED_KEY_VERSION: u8 = 1;
const WRAPPED_KEY_HEADER_LEN: usize = 4 + 1 + MasterKeyFingerprint::LEN + KeyId::LEN;

const FINGERPRINT_TAG: &[u8] = b"kyc-master-key-fingerprint-v1\n";

type KeyBytes = Zeroizing<[u8; KEY_LEN]>;

// ---------- ids and fingerprints ----------

/// `Display` as lowercase hex, `Debug` as `Name(hex)`, and the hex text as a `String`, for a
/// newtype over a byte array.
macro_rules! hex_text {
    ($name:ident) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&hex::encode(self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.to_string()
            }
        }
    };
}

/// A data key's id: 16 random bytes, written as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KeyId([u8; KeyId::LEN]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a key id is 32 hex digits")]
pub struct MalformedKeyId;

impl KeyId {
    pub const LEN: usize = 16;

    pub fn random<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; Self::LEN];
        rng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; Self::LEN] {
        &self.0
    }
}

hex_text!(KeyId);

impl FromStr for KeyId {
    type Err = MalformedKeyId;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; Self::LEN];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| MalformedKeyId)?;
        Ok(Self(bytes))
    }
}

impl TryFrom<String> for KeyId {
    type Error = MalformedKeyId;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// Which master key wrapped a data key: 8 bytes of SHA-256 over a tag and the key, as 16 hex
/// digits. Safe to print and store; it reveals nothing usable about a random 32-byte key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String")]
pub struct MasterKeyFingerprint([u8; MasterKeyFingerprint::LEN]);

impl MasterKeyFingerprint {
    pub const LEN: usize = 8;
}

hex_text!(MasterKeyFingerprint);

// ---------- the master key ----------

/// The key that wraps data keys.
pub struct MasterKey {
    bytes: KeyBytes,
    fingerprint: MasterKeyFingerprint,
}

/// Why a text is not a master key. The messages never repeat the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MasterKeyError {
    #[error("the master key is not valid base64")]
    NotBase64,
    #[error("the master key must be {KEY_LEN} bytes, got {bytes}")]
    WrongLength { bytes: usize },
}

impl MasterKey {
    /// Reads standard base64 (padding required), ignoring surrounding whitespace.
    pub fn from_base64(text: &str) -> Result<Self, MasterKeyError> {
        let decoded = Zeroizing::new(BASE64.decode(text.trim()).map_err(|_| MasterKeyError::NotBase64)?);
        let bytes: [u8; KEY_LEN] =
            decoded.as_slice().try_into().map_err(|_| MasterKeyError::WrongLength { bytes: decoded.len() })?;
        Ok(Self::from_bytes(bytes))
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        let bytes = Zeroizing::new(bytes);
        let digest = Sha256::new().chain_update(FINGERPRINT_TAG).chain_update(bytes.as_slice()).finalize();
        let mut fingerprint = [0u8; MasterKeyFingerprint::LEN];
        fingerprint.copy_from_slice(&digest[..MasterKeyFingerprint::LEN]);
        Self { bytes, fingerprint: MasterKeyFingerprint(fingerprint) }
    }

    /// A new random master key, e.g. for `keys rotate-master`.
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self::from_bytes(*random_key(rng))
    }

    /// The key as base64 text, to hand to the operator once.
    pub fn to_base64(&self) -> Zeroizing<String> {
        Zeroizing::new(BASE64.encode(self.bytes.as_slice()))
    }

    pub fn fingerprint(&self) -> MasterKeyFingerprint {
        self.fingerprint
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKey").field("fingerprint", &self.fingerprint).finish_non_exhaustive()
    }
}

// ---------- data keys ----------

/// A company's key for its blobs, unwrapped in memory.
pub struct DataKey {
    id: KeyId,
    bytes: KeyBytes,
}

impl DataKey {
    /// A new random data key with a new random id.
    pub fn generate<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let id = KeyId::random(rng);
        Self { id, bytes: random_key(rng) }
    }

    pub fn id(&self) -> KeyId {
        self.id
    }

    /// The key encrypted under `master`, to store.
    pub fn wrap<R: RngCore + CryptoRng + ?Sized>(&self, master: &MasterKey, rng: &mut R) -> WrappedDataKey {
        let nonce = random_nonce(rng);
        let header = wrapped_key_header(master.fingerprint, self.id);
        let sealed = seal(&master.bytes, &nonce, self.bytes.as_slice(), &header)
            .expect("a 32-byte key is far below GCM's length limit");
        // AES-GCM output is the input's length plus the tag: 48 bytes for a 32-byte key.
        let sealed_key = array(&sealed);
        WrappedDataKey { key_id: self.id, master: master.fingerprint, nonce, sealed_key }
    }

    /// `plaintext` as an encrypted blob bound to `context` (what the blob belongs to; `&[]`
    /// for nothing). Fails only for a plaintext over 64 GiB, GCM's limit.
    pub fn encrypt<R: RngCore + CryptoRng + ?Sized>(
        &self,
        plaintext: &[u8],
        context: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, BlobError> {
        let header = blob_header(self.id);
        let nonce = random_nonce(rng);
        let sealed = seal(&self.bytes, &nonce, plaintext, &associated_data(&header, context))
            .map_err(|_| BlobError::TooLarge { bytes: plaintext.len() })?;
        Ok([header.as_slice(), nonce.as_slice(), sealed.as_slice()].concat())
    }

    /// The plaintext of a blob this key encrypted under the same `context`.
    pub fn decrypt(&self, blob: &[u8], context: &[u8]) -> Result<Vec<u8>, BlobError> {
        let blob_key = blob_key_id(blob)?;
        if blob_key != self.id {
            return Err(BlobError::WrongKey { blob_key, given_key: self.id });
        }
        let (header, rest) = blob.split_at(BLOB_HEADER_LEN);
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        open(&self.bytes, nonce, ciphertext, &associated_data(header, context))
            .ok_or(BlobError::Unauthentic { key_id: self.id })
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// A data key as stored: encrypted under a master key.
#[derive(Clone, PartialEq, Eq)]
pub struct WrappedDataKey {
    key_id: KeyId,
    master: MasterKeyFingerprint,
    nonce: [u8; NONCE_LEN],
    sealed_key: [u8; KEY_LEN + TAG_LEN],
}

/// Why a wrapped data key cannot be read or opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("a wrapped data key is not valid base64")]
    NotBase64,
    #[error("a wrapped data key is {expected} bytes, got {bytes}")]
    WrongLength { expected: usize, bytes: usize },
    #[error("not a wrapped data key: it does not start with the KYCK magic")]
    NotAWrappedKey,
    #[error("wrapped data key format version {version} is not supported")]
    UnsupportedVersion { version: u8 },
    #[error(
        "data key {key_id} is wrapped under master key {wrapped_under}, but the master key given is {given}: \
         is KYC_MASTER_KEY the right key?"
    )]
    WrongMasterKey { key_id: KeyId, wrapped_under: MasterKeyFingerprint, given: MasterKeyFingerprint },
    #[error("data key {key_id} does not open with master key {master}: the stored key was altered")]
    Unauthentic { key_id: KeyId, master: MasterKeyFingerprint },
}

impl WrappedDataKey {
    /// The stored length.
    pub const LEN: usize = WRAPPED_KEY_HEADER_LEN + NONCE_LEN + KEY_LEN + TAG_LEN;

    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The master key it is wrapped under.
    pub fn master_fingerprint(&self) -> MasterKeyFingerprint {
        self.master
    }

    /// The data key, decrypted with `master`.
    pub fn open(&self, master: &MasterKey) -> Result<DataKey, KeyError> {
        if master.fingerprint != self.master {
            return Err(KeyError::WrongMasterKey {
                key_id: self.key_id,
                wrapped_under: self.master,
                given: master.fingerprint,
            });
        }
        let header = wrapped_key_header(self.master, self.key_id);
        let opened = open(&master.bytes, &self.nonce, &self.sealed_key, &header)
            .map(Zeroizing::new)
            .ok_or(KeyError::Unauthentic { key_id: self.key_id, master: self.master })?;
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        bytes.copy_from_slice(&opened);
        Ok(DataKey { id: self.key_id, bytes })
    }

    /// The same data key (same id, same bytes) wrapped under `new` instead of `old`: the blobs
    /// it encrypted stay readable untouched.
    pub fn rewrap<R: RngCore + CryptoRng + ?Sized>(
        &self,
        old: &MasterKey,
        new: &MasterKey,
        rng: &mut R,
    ) -> Result<WrappedDataKey, KeyError> {
        Ok(self.open(old)?.wrap(new, rng))
    }

    pub fn to_bytes(&self) -> [u8; Self::LEN] {
        let mut bytes = [0u8; Self::LEN];
        let header = wrapped_key_header(self.master, self.key_id);
        bytes[..WRAPPED_KEY_HEADER_LEN].copy_from_slice(&header);
        bytes[WRAPPED_KEY_HEADER_LEN..WRAPPED_KEY_HEADER_LEN + NONCE_LEN].copy_from_slice(&self.nonce);
        bytes[WRAPPED_KEY_HEADER_LEN + NONCE_LEN..].copy_from_slice(&self.sealed_key);
        bytes
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, KeyError> {
        let bytes: &[u8; Self::LEN] =
            bytes.try_into().map_err(|_| KeyError::WrongLength { expected: Self::LEN, bytes: bytes.len() })?;
        let (header, rest) = bytes.split_at(WRAPPED_KEY_HEADER_LEN);
        if header[..4] != WRAPPED_KEY_MAGIC {
            return Err(KeyError::NotAWrappedKey);
        }
        if header[4] != WRAPPED_KEY_VERSION {
            return Err(KeyError::UnsupportedVersion { version: header[4] });
        }
        let (fingerprint, key_id) = header[5..].split_at(MasterKeyFingerprint::LEN);
        let (nonce, sealed_key) = rest.split_at(NONCE_LEN);
        Ok(Self {
            key_id: KeyId(array(key_id)),
            master: MasterKeyFingerprint(array(fingerprint)),
            nonce: array(nonce),
            sealed_key: array(sealed_key),
        })
    }

    /// Standard base64 of [`Self::to_bytes`], for a text column.
    pub fn to_base64(&self) -> String {
        BASE64.encode(self.to_bytes())
    }

    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        Self::from_bytes(&BASE64.decode(text.trim()).map_err(|_| KeyError::NotBase64)?)
    }
}

impl fmt::Debug for WrappedDataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WrappedDataKey")
            .field("key_id", &self.key_id)
            .field("master", &self.master)
            .finish_non_exhaustive()
    }
}

// ---------- blobs ----------

/// Why a blob does not decrypt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BlobError {
    #[error("an encrypted blob has at least {BLOB_OVERHEAD} bytes, got {bytes}")]
    TooShort { bytes: usize },
    #[error("the blob is not encrypted: it does not start with the KYCE magic")]
    NotEncrypted,
    #[error("encrypted blob format version {version} is not supported")]
    UnsupportedVersion { version: u8 },
    #[error("the blob is encrypted with data key {blob_key}, not {given_key}")]
    WrongKey { blob_key: KeyId, given_key: KeyId },
    #[error("the blob does not decrypt with data key {key_id}: it was altered or belongs to another context")]
    Unauthentic { key_id: KeyId },
    #[error("a blob of {bytes} bytes is over AES-GCM's limit of 64 GiB")]
    TooLarge { bytes: usize },
}

/// Whether `bytes` start like an encrypted blob (a plain legacy file does not).
pub fn is_encrypted_blob(bytes: &[u8]) -> bool {
    bytes.starts_with(&BLOB_MAGIC)
}

/// The id of the data key a blob names, to look the key up before decrypting.
pub fn blob_key_id(blob: &[u8]) -> Result<KeyId, BlobError> {
    if !is_encrypted_blob(blob) {
        return Err(BlobError::NotEncrypted);
    }
    if blob.len() < BLOB_OVERHEAD {
        return Err(BlobError::TooShort { bytes: blob.len() });
    }
    if blob[4] != BLOB_VERSION {
        return Err(BlobError::UnsupportedVersion { version: blob[4] });
    }
    Ok(KeyId(array(&blob[5..BLOB_HEADER_LEN])))
}

// ---------- helpers ----------

fn blob_header(key_id: KeyId) -> [u8; BLOB_HEADER_LEN] {
    let mut header = [0u8; BLOB_HEADER_LEN];
    header[..4].copy_from_slice(&BLOB_MAGIC);
    header[4] = BLOB_VERSION;
    header[5..].copy_from_slice(&key_id.0);
    header
}

fn wrapped_key_header(master: MasterKeyFingerprint, key_id: KeyId) -> [u8; WRAPPED_KEY_HEADER_LEN] {
    let mut header = [0u8; WRAPPED_KEY_HEADER_LEN];
    header[..4].copy_from_slice(&WRAPPED_KEY_MAGIC);
    header[4] = WRAPPED_KEY_VERSION;
    header[5..5 + MasterKeyFingerprint::LEN].copy_from_slice(&master.0);
    header[5 + MasterKeyFingerprint::LEN..].copy_from_slice(&key_id.0);
    header
}

/// The fixed-length header, then the context: unambiguous without a length prefix.
fn associated_data(header: &[u8], context: &[u8]) -> Vec<u8> {
    [header, context].concat()
}

fn random_key<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> KeyBytes {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    rng.fill_bytes(bytes.as_mut_slice());
    bytes
}

fn random_nonce<R: RngCore + CryptoRng + ?Sized>(rng: &mut R) -> [u8; NONCE_LEN] {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    nonce
}

fn cipher(key: &[u8; KEY_LEN]) -> Aes256Gcm {
    Aes256Gcm::new(key.into())
}

/// Ciphertext and tag; GCM fails only on a plaintext over 64 GiB.
fn seal(key: &[u8; KEY_LEN], nonce: &[u8; NONCE_LEN], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, aes_gcm::Error> {
    cipher(key).encrypt(nonce.into(), Payload { msg: plaintext, aad })
}

/// The plaintext when the tag verifies; nothing otherwise.
fn open(key: &[u8; KEY_LEN], nonce: &[u8], ciphertext: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
    let nonce: &[u8; NONCE_LEN] = nonce.try_into().ok()?;
    cipher(key).decrypt(nonce.into(), Payload { msg: ciphertext, aad }).ok()
}

/// A fixed-size copy of a slice whose length the layout guarantees.
fn array<const N: usize>(slice: &[u8]) -> [u8; N] {
    let mut bytes = [0u8; N];
    bytes.copy_from_slice(slice);
    bytes
}
