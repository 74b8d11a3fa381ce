//! The 32-byte hash under which a token or a recovery code is stored, compared in constant time.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use subtle::{ConditionallySelectable, ConstantTimeEq};

/// A SHA-256 (or HMAC-SHA-256) output, stored as 64 lower-case hex digits. Equality is constant
/// time, so comparing a stored hash with a presented one does not tell how many bytes agreed.
#[derive(Clone, Copy, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SecretHash([u8; 32]);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a stored secret hash is 64 hex digits")]
pub struct MalformedSecretHash;

impl SecretHash {
    pub(crate) fn from_digest(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The index of the first of `candidates` equal to this hash, comparing with every one of
    /// them and choosing without a branch, so the time taken does not say which one matched.
    pub fn position_in(&self, candidates: &[SecretHash]) -> Option<usize> {
        let mut found = subtle::Choice::from(0);
        let mut position = 0u64;
        for (index, candidate) in candidates.iter().enumerate().rev() {
            let equal = self.0.ct_eq(&candidate.0);
            position = u64::conditional_select(&position, &(index as u64), equal);
            found |= equal;
        }
        bool::from(found).then(|| usize::try_from(position).unwrap_or(usize::MAX))
    }
}

impl PartialEq for SecretHash {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl fmt::Debug for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretHash({})", self.to_hex())
    }
}

impl fmt::Display for SecretHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl FromStr for SecretHash {
    type Err = MalformedSecretHash;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| MalformedSecretHash)?;
        Ok(Self(bytes))
    }
}

impl TryFrom<String> for SecretHash {
    type Error = MalformedSecretHash;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<SecretHash> for String {
    fn from(hash: SecretHash) -> String {
        hash.to_hex()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(byte: u8) -> SecretHash {
        SecretHash::from_digest([byte; 32])
    }

    #[test]
    fn a_hash_round_trips_through_hex() {
        let original = SecretHash::from_digest(std::array::from_fn(|i| i as u8));
        let text = original.to_hex();
        assert_eq!(text, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        assert_eq!(text.parse(), Ok(original));
        assert_eq!(text.to_uppercase().parse(), Ok(original));
    }

    #[test]
    fn malformed_hex_is_refused() {
        for text in ["", "00", &"0".repeat(63), &"0".repeat(65), &"g".repeat(64)] {
            assert_eq!(text.parse::<SecretHash>(), Err(MalformedSecretHash), "{text:?}");
        }
    }

    #[test]
    fn hashes_differing_in_one_byte_are_different() {
        let mut bytes = [9u8; 32];
        bytes[31] = 8;
        assert_ne!(hash(9), SecretHash::from_digest(bytes));
        assert_eq!(hash(9), hash(9));
    }

    #[test]
    fn the_position_among_candidates_is_the_first_equal_one() {
        let candidates = [hash(1), hash(2), hash(3), hash(2)];
        assert_eq!(hash(1).position_in(&candidates), Some(0));
        assert_eq!(hash(2).position_in(&candidates), Some(1));
        assert_eq!(hash(3).position_in(&candidates), Some(2));
        assert_eq!(hash(4).position_in(&candidates), None);
        assert_eq!(hash(1).position_in(&[]), None);
    }

    #[test]
    fn a_hash_serialises_as_hex_text() {
        let json = serde_json::to_string(&hash(255)).expect("serialises");
        assert_eq!(json, format!("\"{}\"", "ff".repeat(32)));
        assert_eq!(serde_json::from_str::<SecretHash>(&json).expect("reads back"), hash(255));
    }
}
