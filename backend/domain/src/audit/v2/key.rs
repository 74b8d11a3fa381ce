//! The secret chain key: the HMAC key every v2 event hash is computed with.

use crate::audit::encoding::put_text;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

pub(super) type HmacSha256 = Hmac<Sha256>;

/// What [`ChainKey::fingerprint`] is the HMAC of; no event encoding starts with it.
const FINGERPRINT_TAG: &str = "kyc-audit-v2-key-fingerprint";

/// The secret that keys every event hash. Whoever lacks it cannot make a hash that verifies,
/// so cannot rewrite an event and re-chain the rest. It comes from the environment, never from
/// the database (a key next to the data it protects protects nothing).
///
/// The same key serves every chain; at least [`ChainKey::MINIMUM_LENGTH`] bytes, from a
/// cryptographic random source. It is never printed: `Debug` shows only [`ChainKey::fingerprint`].
#[derive(Clone)]
pub struct ChainKey {
    /// HMAC with the key already absorbed; cloned per event.
    keyed: HmacSha256,
}

/// Why key material was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is not hexadecimal")]
    NotHex,
    #[error("the key has {found} bytes; at least {minimum} are needed")]
    TooShort { found: usize, minimum: usize },
    #[error("the key has {found} bytes; exactly {expected} are needed")]
    WrongLength { found: usize, expected: usize },
    #[error("the bytes are not an Ed25519 public key")]
    NotAPublicKey,
}

impl ChainKey {
    /// 256 bits, the output size of SHA-256: shorter keys make HMAC weaker than it can be.
    pub const MINIMUM_LENGTH: usize = 32;

    pub fn from_bytes(secret: &[u8]) -> Result<Self, KeyError> {
        if secret.len() < Self::MINIMUM_LENGTH {
            return Err(KeyError::TooShort { found: secret.len(), minimum: Self::MINIMUM_LENGTH });
        }
        // HMAC takes keys of any length; the error cannot happen.
        let keyed = HmacSha256::new_from_slice(secret).map_err(|_| KeyError::TooShort {
            found: secret.len(),
            minimum: Self::MINIMUM_LENGTH,
        })?;
        Ok(Self { keyed })
    }

    /// The key written as hexadecimal, as an environment variable holds it.
    pub fn from_hex(secret: &str) -> Result<Self, KeyError> {
        let bytes = zeroize::Zeroizing::new(decode_hex(secret)?);
        Self::from_bytes(&bytes)
    }

    /// 16 hex characters that name the key without revealing it (an HMAC of a fixed text), so
    /// that a deployment can check it runs with the key its chains were written with before it
    /// reports every event as edited.
    pub fn fingerprint(&self) -> String {
        let mut mac = self.keyed();
        put_text(&mut mac, FINGERPRINT_TAG);
        hex::encode(&mac.finalize().into_bytes()[..8])
    }

    pub(super) fn keyed(&self) -> HmacSha256 {
        self.keyed.clone()
    }
}

impl fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChainKey").field("fingerprint", &self.fingerprint()).finish()
    }
}

pub(super) fn decode_hex(text: &str) -> Result<Vec<u8>, KeyError> {
    hex::decode(text.trim()).map_err(|_| KeyError::NotHex)
}

/// Exactly `N` bytes from hexadecimal.
pub(super) fn decode_hex_array<const N: usize>(text: &str) -> Result<[u8; N], KeyError> {
    let bytes = zeroize::Zeroizing::new(decode_hex(text)?);
    <[u8; N]>::try_from(bytes.as_slice())
        .map_err(|_| KeyError::WrongLength { found: bytes.len(), expected: N })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_key_is_refused() {
        assert_eq!(
            ChainKey::from_bytes(&[7; 31]).map(|_| ()),
            Err(KeyError::TooShort { found: 31, minimum: 32 })
        );
        assert_eq!(ChainKey::from_hex("zz").map(|_| ()), Err(KeyError::NotHex));
    }

    #[test]
    fn the_fingerprint_names_the_key_without_showing_it() {
        let key = ChainKey::from_hex(&"ab".repeat(32)).expect("valid");
        let other = ChainKey::from_bytes(&[0xab; 33]).expect("valid");
        assert_eq!(key.fingerprint().len(), 16);
        assert_ne!(key.fingerprint(), other.fingerprint());
        let shown = format!("{key:?}");
        assert!(shown.contains(&key.fingerprint()));
        assert!(!shown.contains("abab"));
    }
}
