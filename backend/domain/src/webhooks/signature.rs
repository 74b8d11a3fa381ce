//! Standard Webhooks signatures: `whsec_` secrets, the signed headers of an attempt, secret
//! rotation, and the receiver's verification.
//!
//! See the [module docs](super) for exactly which bytes are signed.

use super::event::{EncodedEvent, EventId};
use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use rand::TryRngCore;
use rand::rngs::OsRng;
use sha2::Sha256;
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

pub const HEADER_WEBHOOK_ID: &str = "webhook-id";
pub const HEADER_WEBHOOK_TIMESTAMP: &str = "webhook-timestamp";
pub const HEADER_WEBHOOK_SIGNATURE: &str = "webhook-signature";
pub const CONTENT_TYPE: &str = "application/json";

/// What every serialised signing secret starts with.
pub const SECRET_PREFIX: &str = "whsec_";
/// The shortest secret key Standard Webhooks allows: 24 bytes (192 bits).
pub const MIN_SECRET_BYTES: usize = 24;
/// The longest: 64 bytes (512 bits).
pub const MAX_SECRET_BYTES: usize = 64;
/// The length of the secrets [`SigningSecret::generate`] makes: 32 bytes (256 bits).
pub const GENERATED_SECRET_BYTES: usize = 32;
/// The signature scheme's identifier: HMAC-SHA256.
pub const SIGNATURE_VERSION: &str = "v1";
/// How far a `webhook-timestamp` may be from the receiver's clock, either way: 5 minutes.
pub const TIMESTAMP_TOLERANCE: TimeDelta = TimeDelta::minutes(5);
/// How long the secret replaced by a rotation keeps signing beside the new one: 24 hours.
pub const ROTATION_OVERLAP: TimeDelta = TimeDelta::hours(24);

type HmacSha256 = Hmac<Sha256>;

/// Standard base64 with `+` and `/`; padding written, and optional when read.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// An endpoint's HMAC key, shown to its admin once as `whsec_<base64 of the key>`.
///
/// Its `Debug` hides the key, it has no `Display` or `Serialize`, and its memory is wiped on
/// drop: the only way out is [`SigningSecret::expose`], named so it stands out in review.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningSecret {
    key: Zeroizing<Vec<u8>>,
}

/// Why a text is not a signing secret, or one cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a signing secret starts with \"whsec_\"")]
    MissingPrefix,
    #[error("the part of a signing secret after \"whsec_\" must be standard base64: {0}")]
    InvalidBase64(String),
    #[error(
        "a signing secret's key has {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes, this one has {length}"
    )]
    InvalidLength { length: usize },
    #[error("the operating system's random number generator failed: {0}")]
    RandomUnavailable(String),
}

impl SigningSecret {
    /// A new random secret of [`GENERATED_SECRET_BYTES`] from the operating system's CSPRNG.
    pub fn generate() -> Result<Self, SecretError> {
        Self::generate_with_length(GENERATED_SECRET_BYTES)
    }

    /// A new random secret of `length` bytes, 24 to 64.
    pub fn generate_with_length(length: usize) -> Result<Self, SecretError> {
        check_length(length)?;
        let mut key = Zeroizing::new(vec![0_u8; length]);
        OsRng
            .try_fill_bytes(&mut key)
            .map_err(|error| SecretError::RandomUnavailable(error.to_string()))?;
        Ok(Self { key })
    }

    /// A secret from its key bytes, 24 to 64 of them.
    pub fn from_key(key: &[u8]) -> Result<Self, SecretError> {
        check_length(key.len())?;
        Ok(Self { key: Zeroizing::new(key.to_vec()) })
    }

    /// Parses `whsec_<base64>`. The prefix is required; padding (`=`) is optional.
    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let encoded = text.strip_prefix(SECRET_PREFIX).ok_or(SecretError::MissingPrefix)?;
        let key = Zeroizing::new(
            BASE64
                .decode(encoded)
                .map_err(|error| SecretError::InvalidBase64(error.to_string()))?,
        );
        check_length(key.len())?;
        Ok(Self { key })
    }

    /// The `whsec_…` text: to show the admin once, and to store (encrypted) by the server.
    pub fn expose(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{SECRET_PREFIX}{}", BASE64.encode(&*self.key)))
    }

    pub fn key_length(&self) -> usize {
        self.key.len()
    }

    /// `v1,<base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}")>`.
    pub fn signature(&self, id: &EventId, timestamp: i64, body: &[u8]) -> String {
        let tag = self.mac(id.as_str(), &timestamp.to_string(), body).finalize().into_bytes();
        format!("{SIGNATURE_VERSION},{}", BASE64.encode(tag))
    }

    /// The MAC over the signed content, fed in parts so the body is not copied.
    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC accepts a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    /// Whether `signature` (the base64 after `v1,`) is this key's signature, compared in
    /// constant time.
    fn matches(&self, id: &str, timestamp: &str, body: &[u8], signature: &str) -> bool {
        let Ok(tag) = BASE64.decode(signature) else {
            return false;
        };
        self.mac(id, timestamp, body).verify_slice(&tag).is_ok()
    }
}

fn check_length(length: usize) -> Result<(), SecretError> {
    if (MIN_SECRET_BYTES..=MAX_SECRET_BYTES).contains(&length) {
        Ok(())
    } else {
        Err(SecretError::InvalidLength { length })
    }
}

impl FromStr for SigningSecret {
    type Err = SecretError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SigningSecret({} bytes, redacted)", self.key.len())
    }
}

/// The secrets an endpoint signs with: its current one and, for [`ROTATION_OVERLAP`] after a
/// rotation, the one it replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSecrets {
    current: SigningSecret,
    previous: Option<RetiringSecret>,
}

/// A replaced secret that still signs until `signs_until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetiringSecret {
    pub secret: SigningSecret,
    pub signs_until: DateTime<Utc>,
}

impl EndpointSecrets {
    pub fn new(current: SigningSecret) -> Self {
        Self { current, previous: None }
    }

    /// The secrets as stored: the current one and a replaced one with its end.
    pub fn with_previous(current: SigningSecret, previous: Option<RetiringSecret>) -> Self {
        Self { current, previous }
    }

    /// Replaces the current secret with `new` at `now`; the replaced one signs for another
    /// [`ROTATION_OVERLAP`]. A secret that was still retiring from an earlier rotation stops
    /// signing at once: there are never more than two signatures.
    pub fn rotate(self, new: SigningSecret, now: DateTime<Utc>) -> Self {
        let retiring = RetiringSecret { secret: self.current, signs_until: now + ROTATION_OVERLAP };
        Self { current: new, previous: Some(retiring) }
    }

    pub fn current(&self) -> &SigningSecret {
        &self.current
    }

    pub fn previous(&self) -> Option<&RetiringSecret> {
        self.previous.as_ref()
    }

    /// The secrets that sign at `now`: the current one first, then the replaced one while
    /// `now` is before its `signs_until`.
    pub fn signing_at(&self, now: DateTime<Utc>) -> impl Iterator<Item = &SigningSecret> {
        let retiring = self
            .previous
            .as_ref()
            .filter(|retiring| now < retiring.signs_until)
            .map(|retiring| &retiring.secret);
        std::iter::once(&self.current).chain(retiring)
    }

    /// The headers of one attempt made at `now`: the event's id, `now` in Unix seconds, and
    /// one signature per signing secret, space-separated.
    pub fn sign(&self, event: &EncodedEvent, now: DateTime<Utc>) -> SignedHeaders {
        let timestamp = now.timestamp();
        let body = event.body().as_bytes();
        let signatures: Vec<String> = self
            .signing_at(now)
            .map(|secret| secret.signature(event.id(), timestamp, body))
            .collect();
        SignedHeaders {
            webhook_id: event.id().to_string(),
            webhook_timestamp: timestamp.to_string(),
            webhook_signature: signatures.join(" "),
        }
    }
}

/// The Standard Webhooks headers of one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub webhook_id: String,
    pub webhook_timestamp: String,
    pub webhook_signature: String,
}

impl SignedHeaders {
    /// Every header the request carries, `Content-Type` included, as (name, value) pairs.
    pub fn pairs(&self) -> [(&'static str, &str); 4] {
        [
            ("content-type", CONTENT_TYPE),
            (HEADER_WEBHOOK_ID, &self.webhook_id),
            (HEADER_WEBHOOK_TIMESTAMP, &self.webhook_timestamp),
            (HEADER_WEBHOOK_SIGNATURE, &self.webhook_signature),
        ]
    }
}

/// The three headers as a receiver read them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceivedHeaders<'a> {
    pub webhook_id: &'a str,
    pub webhook_timestamp: &'a str,
    pub webhook_signature: &'a str,
}

/// Why a received webhook does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("webhook-timestamp {0:?} is not a whole number of seconds since 1970")]
    MalformedTimestamp(String),
    #[error("webhook-timestamp is {seconds} s in the past, more than the 300 s tolerance")]
    TimestampTooOld { seconds: i64 },
    #[error("webhook-timestamp is {seconds} s in the future, more than the 300 s tolerance")]
    TimestampTooNew { seconds: i64 },
    #[error("webhook-signature holds no v1 signature")]
    NoV1Signature,
    #[error("no v1 signature in webhook-signature matches the body and the secret")]
    NoMatchingSignature,
}

/// Verifies a received webhook as a receiver must: the timestamp within
/// [`TIMESTAMP_TOLERANCE`] of `now`, then any `v1` signature of the header that matches
/// HMAC-SHA256 over `"{webhook-id}.{webhook-timestamp}.{body}"`, compared in constant time.
/// Entries of other versions (`v1a`, …) are skipped; `body` is the raw request body.
pub fn verify(
    secret: &SigningSecret,
    headers: ReceivedHeaders<'_>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), VerifyError> {
    check_timestamp(headers.webhook_timestamp, now)?;
    let candidates: Vec<&str> = headers
        .webhook_signature
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == SIGNATURE_VERSION)
        .map(|(_, signature)| signature)
        .collect();
    if candidates.is_empty() {
        return Err(VerifyError::NoV1Signature);
    }
    let matched = candidates.into_iter().any(|candidate| {
        secret.matches(headers.webhook_id, headers.webhook_timestamp, body, candidate)
    });
    if matched { Ok(()) } else { Err(VerifyError::NoMatchingSignature) }
}

fn check_timestamp(timestamp: &str, now: DateTime<Utc>) -> Result<(), VerifyError> {
    let malformed = || VerifyError::MalformedTimestamp(timestamp.to_owned());
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let sent: i64 = timestamp.parse().map_err(|_| malformed())?;
    let age = now.timestamp().saturating_sub(sent);
    let tolerance = TIMESTAMP_TOLERANCE.num_seconds();
    if age > tolerance {
        Err(VerifyError::TimestampTooOld { seconds: age })
    } else if age.saturating_neg() > tolerance {
        Err(VerifyError::TimestampTooNew { seconds: age.saturating_neg() })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secrets_debug_output_hides_the_key() {
        let secret = SigningSecret::from_key(&[7; 32]).expect("32 bytes");
        let debug = format!("{secret:?}");
        assert_eq!(debug, "SigningSecret(32 bytes, redacted)");
        assert!(!debug.contains(&secret.expose()[6..]));
    }

    #[test]
    fn timestamps_with_signs_spaces_or_fractions_are_malformed() {
        let now = DateTime::from_timestamp(1_700_000_000, 0).expect("a real time");
        for text in
            ["", "+1700000000", "-5", " 1700000000", "1700000000.5", "1e9", "99999999999999999999"]
        {
            assert!(
                matches!(check_timestamp(text, now), Err(VerifyError::MalformedTimestamp(_))),
                "{text:?}"
            );
        }
    }
}
