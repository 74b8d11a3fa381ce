//! Opaque tokens: invitation links, refresh tokens, MFA challenges. Random, URL-safe, stored hashed.
//!
//! - A token is [`OPAQUE_TOKEN_BYTES`] (32) random bytes from the caller's CSPRNG, written in
//!   URL-safe base64 without padding (43 characters) after a prefix naming its kind
//!   ([`TokenKind`]): `kyc_inv_…`, `kyc_rt_…`, `kyc_mfa_…`. The prefix makes a token of one
//!   kind useless as another, and lets secret scanners recognise a leaked one.
//! - The database holds only [`OpaqueToken::hash`], the SHA-256 of the token's text, and looks a
//!   presented token up by that hash. Plain SHA-256 is enough here, unlike for passwords: with
//!   256 random bits there is nothing to guess, so a stolen table of hashes gives nothing.
//! - [`OpaqueToken::parse`] refuses anything that is not a well-formed token of the expected
//!   kind before any lookup; [`OpaqueToken::matches`] compares with a stored hash in constant
//!   time.
//! - A token is wiped from memory when dropped and never printed by `Debug`.

use std::fmt;

use data_encoding::BASE64URL_NOPAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::secret_hash::SecretHash;

/// Random bytes in an opaque token.
pub const OPAQUE_TOKEN_BYTES: usize = 32;

/// What a token is for; its prefix says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// The one-time link that lets an invited person set a password.
    Invitation,
    /// Exchanged for a new access token (and a new refresh token).
    Refresh,
    /// Between a right password and the second factor: good only for finishing that login.
    MfaChallenge,
}

impl TokenKind {
    pub const ALL: [TokenKind; 3] = [TokenKind::Invitation, TokenKind::Refresh, TokenKind::MfaChallenge];

    pub fn prefix(self) -> &'static str {
        match self {
            TokenKind::Invitation => "kyc_inv_",
            TokenKind::Refresh => "kyc_rt_",
            TokenKind::MfaChallenge => "kyc_mfa_",
        }
    }
}

/// A presented text that is not a token of the expected kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a well-formed {kind:?} token")]
pub struct MalformedToken {
    pub kind: TokenKind,
}

/// An opaque token of one kind, as handed out or as presented.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct OpaqueToken {
    #[zeroize(skip)]
    kind: TokenKind,
    text: String,
}

impl OpaqueToken {
    /// The token made of these random bytes (from a CSPRNG, e.g. `rand::random()`).
    pub fn from_random(kind: TokenKind, bytes: [u8; OPAQUE_TOKEN_BYTES]) -> Self {
        Self { kind, text: format!("{}{}", kind.prefix(), BASE64URL_NOPAD.encode(&bytes)) }
    }

    /// Reads a presented token, refusing any text that [`OpaqueToken::from_random`] could not
    /// have made for `kind` (other prefix, other length, other alphabet, padding, spaces).
    pub fn parse(kind: TokenKind, text: &str) -> Result<Self, MalformedToken> {
        let malformed = MalformedToken { kind };
        let encoded = text.strip_prefix(kind.prefix()).ok_or(malformed)?;
        let mut bytes = [0u8; OPAQUE_TOKEN_BYTES];
        let well_formed = BASE64URL_NOPAD.decode_len(encoded.len()) == Ok(OPAQUE_TOKEN_BYTES)
            && BASE64URL_NOPAD.decode_mut(encoded.as_bytes(), &mut bytes) == Ok(OPAQUE_TOKEN_BYTES);
        bytes.zeroize();
        if !well_formed {
            return Err(malformed);
        }
        Ok(Self { kind, text: text.to_owned() })
    }

    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The token's text, to hand to its holder once (a link, a cookie, a response body).
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// What the database stores instead of the token: SHA-256 of its text.
    pub fn hash(&self) -> SecretHash {
        SecretHash::from_digest(Sha256::digest(self.text.as_bytes()).into())
    }

    /// Whether this is the token stored as `stored`, compared in constant time.
    pub fn matches(&self, stored: &SecretHash) -> bool {
        self.hash() == *stored
    }
}

/// Constant-time, like every comparison of secrets here.
impl PartialEq for OpaqueToken {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && bool::from(self.text.as_bytes().ct_eq(other.text.as_bytes()))
    }
}

impl Eq for OpaqueToken {}

impl fmt::Debug for OpaqueToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpaqueToken({:?}, <redacted>)", self.kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RANDOM: [u8; 32] = [0xfb; 32];

    #[test]
    fn a_token_is_its_prefix_and_43_url_safe_characters() {
        let token = OpaqueToken::from_random(TokenKind::Refresh, RANDOM);
        let text = token.expose();
        assert_eq!(text.len(), "kyc_rt_".len() + 43);
        assert!(text.starts_with("kyc_rt_"));
        // 0xfb bytes give '-' and '_', the two characters where URL-safe base64 differs.
        assert!(text.contains('-') && text.contains('_'));
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn different_randomness_gives_different_tokens_and_hashes() {
        let first = OpaqueToken::from_random(TokenKind::Invitation, [1; 32]);
        let second = OpaqueToken::from_random(TokenKind::Invitation, [2; 32]);
        assert_ne!(first.expose(), second.expose());
        assert_ne!(first.hash(), second.hash());
    }

    #[test]
    fn the_hash_is_sha256_of_the_tokens_text() {
        let token = OpaqueToken::from_random(TokenKind::Invitation, [0; 32]);
        assert_eq!(token.expose(), "kyc_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        // sha256("kyc_inv_" + 43 × "A"), computed independently with `sha256sum`.
        assert_eq!(token.hash().to_hex(), "242731723405c70beb626b79e76b31965cde39f3958ee5d65bce5d3bfad05654");
    }

    #[test]
    fn a_token_parses_back_and_matches_its_stored_hash() {
        let issued = OpaqueToken::from_random(TokenKind::Refresh, RANDOM);
        let stored = issued.hash();
        let presented = OpaqueToken::parse(TokenKind::Refresh, issued.expose()).expect("well-formed");
        assert!(presented.matches(&stored));
        let other = OpaqueToken::from_random(TokenKind::Refresh, [3; 32]);
        assert!(!other.matches(&stored));
    }

    #[test]
    fn a_token_of_another_kind_is_refused() {
        let invitation = OpaqueToken::from_random(TokenKind::Invitation, RANDOM);
        assert_eq!(
            OpaqueToken::parse(TokenKind::Refresh, invitation.expose()),
            Err(MalformedToken { kind: TokenKind::Refresh })
        );
    }

    #[test]
    fn a_damaged_token_is_refused() {
        let text = OpaqueToken::from_random(TokenKind::MfaChallenge, RANDOM).expose().to_owned();
        let damaged = [
            String::new(),
            "kyc_mfa_".into(),
            text[..text.len() - 1].into(),
            format!("{text}A"),
            format!("{text}="),
            format!(" {text}"),
            text.replace('-', "+"),
            text.replace('_', "/"),
            // The last character carries 2 spare bits: only those that leave them zero are valid.
            format!("{}B", &text[..text.len() - 1]),
        ];
        for candidate in damaged {
            assert_eq!(
                OpaqueToken::parse(TokenKind::MfaChallenge, &candidate),
                Err(MalformedToken { kind: TokenKind::MfaChallenge }),
                "{candidate:?}"
            );
        }
    }

    #[test]
    fn every_kind_has_its_own_prefix() {
        let mut prefixes: Vec<&str> = TokenKind::ALL.iter().map(|kind| kind.prefix()).collect();
        prefixes.sort();
        prefixes.dedup();
        assert_eq!(prefixes.len(), TokenKind::ALL.len());
        assert!(prefixes.iter().all(|prefix| prefix.starts_with("kyc_") && prefix.ends_with('_')));
    }

    #[test]
    fn a_token_never_prints_itself() {
        let token = OpaqueToken::from_random(TokenKind::Refresh, RANDOM);
        assert_eq!(format!("{token:?}"), "OpaqueToken(Refresh, <redacted>)");
    }
}
