//! Recovery codes: the second factor of a login when the authenticator app is lost.
//!
//! - Confirming TOTP enrolment gives [`RECOVERY_CODE_COUNT`] (10) codes, each usable once.
//! - A code is [`RECOVERY_CODE_RANDOM_BYTES`] (7) random bytes, 56 bits, written as 12 symbols
//!   of Crockford's base32 in groups of four, `XXXX-XXXX-XXXX`. The alphabet has no I, L, O or
//!   U, so nothing reads as something else; when typed, case, spaces and hyphens do not matter,
//!   and O is read as 0, I and L as 1.
//! - The database holds only a hash of each code: HMAC-SHA-256 under a server key of at least
//!   [`MIN_RECOVERY_KEY_BYTES`] (32) bytes ([`RecoveryCodeHasher`]). Why a keyed fast hash and
//!   not argon2: a code has 56 random bits, so there is no dictionary to try and online
//!   guessing is rate limited; the only attack left is an offline search of a stolen table,
//!   and the key (which is not in the database) makes that impossible. Plain SHA-256 would leave
//!   2^56 hashes to compute, which is within reach of a determined attacker; a slow hash would
//!   cost every login ten slow hashes. Changing the key invalidates the stored codes (users make
//!   new ones), so the key is derived from a long-lived server secret.
//! - [`RecoveryCodeHasher::find`] compares a typed code with every unused stored hash in
//!   constant time and says which one it is, for the server to mark it used.

use std::fmt;

use data_encoding::Encoding;
use data_encoding_macro::new_encoding;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::secret_hash::SecretHash;

/// Codes made at each enrolment.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Random bytes in a code (56 bits).
pub const RECOVERY_CODE_RANDOM_BYTES: usize = 7;
/// Symbols in a code, not counting the hyphens.
pub const RECOVERY_CODE_SYMBOLS: usize = 12;
/// The shortest key the hasher takes.
pub const MIN_RECOVERY_KEY_BYTES: usize = 32;

/// Crockford's base32: upper-case output; lower case, O, I and L read as typed; spaces and
/// hyphens ignored.
const CROCKFORD: Encoding = new_encoding! {
    symbols: "0123456789ABCDEFGHJKMNPQRSTVWXYZ",
    translate_from: "abcdefghjkmnpqrstvwxyzOoIiLl",
    translate_to: "ABCDEFGHJKMNPQRSTVWXYZ001111",
    ignore: " -\t\r\n",
};

/// One recovery code, held in its canonical form (12 symbols, no hyphens). Wiped from memory
/// when dropped and never printed by `Debug`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a recovery code has 12 letters and digits, like 7K2Q-DM9X-HA4R")]
pub struct MalformedRecoveryCode;

impl RecoveryCode {
    /// The code made of these random bytes (from a CSPRNG, e.g. `rand::random()`).
    pub fn from_random(bytes: [u8; RECOVERY_CODE_RANDOM_BYTES]) -> Self {
        Self(CROCKFORD.encode(&bytes))
    }

    /// Reads a code as a person typed it (see the module docs).
    pub fn parse(typed: &str) -> Result<Self, MalformedRecoveryCode> {
        let mut bytes = CROCKFORD.decode(typed.as_bytes()).map_err(|_| MalformedRecoveryCode)?;
        let code: [u8; RECOVERY_CODE_RANDOM_BYTES] = bytes.as_slice().try_into().map_err(|_| MalformedRecoveryCode)?;
        bytes.zeroize();
        Ok(Self::from_random(code))
    }

    /// The code as shown to its owner, once: `XXXX-XXXX-XXXX`.
    pub fn to_grouped(&self) -> String {
        let symbols = self.0.as_bytes();
        let groups: Vec<&str> = symbols.chunks(4).filter_map(|group| std::str::from_utf8(group).ok()).collect();
        groups.join("-")
    }
}

/// Constant-time, like every comparison of secrets here.
impl PartialEq for RecoveryCode {
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for RecoveryCode {}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

/// A new set of codes, one from each of the given random values.
pub fn new_recovery_codes(
    random: [[u8; RECOVERY_CODE_RANDOM_BYTES]; RECOVERY_CODE_COUNT],
) -> [RecoveryCode; RECOVERY_CODE_COUNT] {
    random.map(RecoveryCode::from_random)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the recovery-code key has {length} bytes; it needs at least {MIN_RECOVERY_KEY_BYTES}")]
pub struct RecoveryKeyTooShort {
    pub length: usize,
}

/// Hashes recovery codes under the server's key (see the module docs for why a keyed hash).
#[derive(Clone)]
pub struct RecoveryCodeHasher {
    keyed: Hmac<Sha256>,
}

impl RecoveryCodeHasher {
    pub fn new(key: &[u8]) -> Result<Self, RecoveryKeyTooShort> {
        if key.len() < MIN_RECOVERY_KEY_BYTES {
            return Err(RecoveryKeyTooShort { length: key.len() });
        }
        // HMAC takes a key of any length, so this cannot fail; the length check above is ours.
        let keyed = Hmac::<Sha256>::new_from_slice(key).map_err(|_| RecoveryKeyTooShort { length: key.len() })?;
        Ok(Self { keyed })
    }

    /// What the database stores for `code`.
    pub fn hash(&self, code: &RecoveryCode) -> SecretHash {
        let mut mac = self.keyed.clone();
        mac.update(code.0.as_bytes());
        SecretHash::from_digest(mac.finalize().into_bytes().into())
    }

    /// Which of the user's unused stored hashes `typed` is, if any, compared in constant time.
    pub fn find(&self, typed: &RecoveryCode, unused: &[SecretHash]) -> Option<usize> {
        self.hash(typed).position_in(unused)
    }
}

impl fmt::Debug for RecoveryCodeHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCodeHasher(<key redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8; 32] = b"a test key of thirty-two bytes!!";

    fn hasher() -> RecoveryCodeHasher {
        RecoveryCodeHasher::new(KEY).expect("a long enough key")
    }

    fn code(text: &str) -> RecoveryCode {
        RecoveryCode::parse(text).expect("a well-formed code")
    }

    fn random_set() -> [[u8; 7]; 10] {
        std::array::from_fn(|i| [i as u8 * 25; 7])
    }

    #[test]
    fn a_code_is_three_groups_of_four_unambiguous_symbols() {
        let grouped = RecoveryCode::from_random([0xff; 7]).to_grouped();
        assert_eq!(grouped, "ZZZZ-ZZZZ-ZZZG");
        let grouped = RecoveryCode::from_random([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd]).to_grouped();
        assert_eq!(grouped, "04HM-ASW9-NF6G");
        for code in new_recovery_codes(random_set()) {
            let grouped = code.to_grouped();
            assert_eq!(grouped.len(), 14);
            assert!(grouped.chars().all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)), "{grouped}");
        }
    }

    #[test]
    fn a_code_carries_56_bits() {
        // Every bit of the random bytes changes the code.
        let base = RecoveryCode::from_random([0; 7]);
        for bit in 0..56 {
            let mut bytes = [0u8; 7];
            bytes[bit / 8] = 1 << (bit % 8);
            assert_ne!(RecoveryCode::from_random(bytes), base, "bit {bit}");
        }
    }

    #[test]
    fn a_set_has_ten_distinct_codes() {
        let codes = new_recovery_codes(random_set());
        let mut texts: Vec<String> = codes.iter().map(RecoveryCode::to_grouped).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), RECOVERY_CODE_COUNT);
    }

    #[test]
    fn a_typed_code_ignores_case_spaces_and_hyphens() {
        let issued = RecoveryCode::from_random([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd]);
        for typed in [
            "04HM-ASW9-NF6G",
            "04hm-asw9-nf6g",
            " 0 4 h m a s w 9 n f 6 g ",
            "0-4HMASW9NF-6G",
            "04HMASW9NF6G",
            "04HM\tASW9\tNF6G",
        ] {
            assert_eq!(code(typed), issued, "{typed:?}");
        }
    }

    #[test]
    fn look_alike_letters_are_read_as_the_digits_they_resemble() {
        assert_eq!(code("O4HM-ASW9-NF6G"), code("04HM-ASW9-NF6G"));
        assert_eq!(code("IIII-llll-LLLG"), code("1111-1111-111G"));
    }

    #[test]
    fn a_malformed_code_is_refused() {
        // Too short, too long, U (not in the alphabet), a symbol, a Greek capital alpha, underscores,
        // and a last symbol whose 4 spare bits are not zero.
        for typed in [
            "",
            "04HM-ASW9-NF6",
            "04HM-ASW9-NF6GX",
            "0UHM-ASW9-NF6G",
            "0*HM-ASW9-NF6G",
            "0ΑHM-ASW9-NF6G",
            "04HM_ASW9_NF6G",
            "0000-0000-0001",
        ] {
            assert_eq!(RecoveryCode::parse(typed), Err(MalformedRecoveryCode), "{typed:?}");
        }
    }

    #[test]
    fn the_stored_hash_is_hmac_sha256_of_the_canonical_code_under_the_key() {
        let hash = hasher().hash(&code("0000-0000-0000"));
        // HMAC-SHA-256(key, "000000000000"), computed independently with `openssl dgst -hmac`.
        assert_eq!(hash.to_hex(), "21032184ae55edd8dde9bd014ad087f2d759418b0b4411e0e813393b85667595");
    }

    #[test]
    fn the_same_code_hashes_differently_under_another_key() {
        let other = RecoveryCodeHasher::new(&[7u8; 32]).expect("a long enough key");
        let typed = code("0000-0000-0000");
        assert_ne!(hasher().hash(&typed), other.hash(&typed));
    }

    #[test]
    fn a_short_key_is_refused() {
        assert_eq!(RecoveryCodeHasher::new(&[1u8; 31]).map(|_| ()), Err(RecoveryKeyTooShort { length: 31 }));
    }

    #[test]
    fn a_typed_code_is_found_among_the_unused_ones() {
        let hasher = hasher();
        let codes = new_recovery_codes(random_set());
        let stored: Vec<SecretHash> = codes.iter().map(|code| hasher.hash(code)).collect();
        let typed = code(&codes[6].to_grouped().to_lowercase());
        assert_eq!(hasher.find(&typed, &stored), Some(6));
    }

    #[test]
    fn a_used_code_is_not_found_again() {
        let hasher = hasher();
        let codes = new_recovery_codes(random_set());
        let mut unused: Vec<SecretHash> = codes.iter().map(|code| hasher.hash(code)).collect();
        let position = hasher.find(&codes[3], &unused).expect("found once");
        unused.remove(position);
        assert_eq!(hasher.find(&codes[3], &unused), None);
        assert_eq!(hasher.find(&codes[4], &unused), Some(3));
    }

    #[test]
    fn secrets_never_print_themselves() {
        assert_eq!(format!("{:?}", code("0000-0000-0000")), "RecoveryCode(<redacted>)");
        assert_eq!(format!("{:?}", hasher()), "RecoveryCodeHasher(<key redacted>)");
    }
}
