//! Time-based one-time passwords (RFC 6238) for the second factor of a login, through `totp-rs`.
//!
//! - The secret is [`TOTP_SECRET_BYTES`] (20) random bytes, the 160 bits RFC 4226 section 4
//!   recommends. The caller supplies the randomness ([`TotpSecret::from_random`]) so that
//!   enrolment is deterministic under test. The server stores it encrypted (it is a shared
//!   secret, not a verifier: a hash would not do).
//! - Parameters every authenticator app understands ([`TotpParameters::STANDARD`]): HMAC-SHA-1,
//!   [`TOTP_DIGITS`] (6) digits, a [`TOTP_STEP_SECONDS`] (30 s) time step.
//! - Enrolment gives the secret in base32 (for typing it in), the `otpauth://totp/` URL with the
//!   issuer [`TOTP_ISSUER`] ("KYC back-office", configurable) and the e-mail as the account name,
//!   and that URL as a QR code in SVG ([`TotpEnrolment`]).
//! - A code is checked against the current time step and [`TOTP_SKEW_STEPS`] (1) step either
//!   side, for clocks that drift and codes typed at the end of their step (RFC 6238 section 5.2).
//! - Replay protection (RFC 6238 section 5.2, "must not accept the second attempt"): a code is
//!   accepted only if its time step is greater than the last step accepted for that user, which
//!   the server stores with the secret. So a code works once, and after a code of step `n` no
//!   code of step `n` or earlier does, even within the skew window.
//! - Typed codes may carry spaces or a hyphen (`123 456`, `123-456`); anything else that is not
//!   exactly the right number of digits is refused without computing anything.

use std::fmt;

use chrono::{DateTime, Utc};
use data_encoding::BASE32_NOPAD;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Builder, Totp};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The issuer an authenticator app shows above the code.
pub const TOTP_ISSUER: &str = "KYC back-office";
/// Bytes of randomness in a TOTP secret (160 bits, RFC 4226 section 4).
pub const TOTP_SECRET_BYTES: usize = 20;
/// Digits in a code.
pub const TOTP_DIGITS: u8 = 6;
/// Seconds in a time step.
pub const TOTP_STEP_SECONDS: u64 = 30;
/// Time steps accepted either side of the current one.
pub const TOTP_SKEW_STEPS: u64 = 1;

/// A TOTP shared secret. Wiped from memory when dropped and never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct TotpSecret([u8; TOTP_SECRET_BYTES]);

impl TotpSecret {
    /// The secret made of these random bytes (from a CSPRNG, e.g. `rand::random()`).
    pub fn from_random(bytes: [u8; TOTP_SECRET_BYTES]) -> Self {
        Self(bytes)
    }

    /// Reads the secret back from its base32 form (RFC 4648, no padding, any case).
    pub fn from_base32(text: &str) -> Result<Self, TotpError> {
        let bytes =
            BASE32_NOPAD.decode(text.trim().to_ascii_uppercase().as_bytes()).map_err(|_| TotpError::MalformedSecret)?;
        let bytes: [u8; TOTP_SECRET_BYTES] = bytes.try_into().map_err(|_| TotpError::MalformedSecret)?;
        Ok(Self(bytes))
    }

    /// The secret in base32 (RFC 4648, no padding), as authenticator apps take it when typed.
    pub fn to_base32(&self) -> String {
        BASE32_NOPAD.encode(&self.0)
    }

    /// The raw bytes, e.g. to encrypt for storage.
    pub fn as_bytes(&self) -> &[u8; TOTP_SECRET_BYTES] {
        &self.0
    }
}

/// Constant-time, like every comparison of secrets here.
impl PartialEq for TotpSecret {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for TotpSecret {}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(<redacted>)")
    }
}

/// How codes are made. Everything but the tests uses [`TotpParameters::STANDARD`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TotpParameters {
    /// 6 to 8.
    pub digits: u8,
    pub step_seconds: u64,
}

impl TotpParameters {
    /// HMAC-SHA-1, 6 digits, 30-second steps: what every authenticator app supports.
    pub const STANDARD: TotpParameters = TotpParameters { digits: TOTP_DIGITS, step_seconds: TOTP_STEP_SECONDS };
}

/// What a user needs to add the secret to an authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpEnrolment {
    /// The secret in base32, for typing it in.
    pub secret: String,
    /// `otpauth://totp/<issuer>:<account>?secret=…&issuer=…`.
    pub otpauth_url: String,
    /// The URL as a QR code, a standalone SVG document.
    pub qr_svg: String,
}

impl fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpEnrolment(<redacted>)")
    }
}

/// What a typed code proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpVerdict {
    /// The code is right and new: store `step` as the user's last accepted step.
    Accepted { step: u64 },
    /// The code is right but its step is not after the last accepted one: a replay (audit it).
    Replayed { step: u64 },
    /// Wrong code, wrong shape, or outside the skew window.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("a totp secret is {TOTP_SECRET_BYTES} bytes written in base32")]
    MalformedSecret,
    #[error("the totp issuer and account name may not contain a colon")]
    ColonInLabel,
    #[error("the totp account name is empty")]
    EmptyAccountName,
    #[error("totp parameters are not usable: {0}")]
    Parameters(String),
    #[error("the otpauth url does not fit in a qr code")]
    UrlTooLongForQrCode,
}

/// A user's TOTP secret with the parameters its codes are made with.
#[derive(Debug, Clone)]
pub struct TotpKey {
    /// Checks one time step at a time (no skew): [`TotpKey::verify`] walks the window itself.
    exact_step: Totp,
    parameters: TotpParameters,
}

impl TotpKey {
    pub fn new(secret: &TotpSecret, parameters: TotpParameters) -> Result<Self, TotpError> {
        let exact_step = builder(secret.as_bytes(), parameters).with_skew(0).build().map_err(library_error)?;
        Ok(Self { exact_step, parameters })
    }

    /// The secret, the `otpauth://` URL and its QR code, for the account `account_name` (the
    /// e-mail) at `issuer` (normally [`TOTP_ISSUER`]).
    pub fn enrolment(&self, issuer: &str, account_name: &str) -> Result<TotpEnrolment, TotpError> {
        if account_name.is_empty() {
            return Err(TotpError::EmptyAccountName);
        }
        if issuer.contains(':') || account_name.contains(':') {
            return Err(TotpError::ColonInLabel);
        }
        let secret = self.exact_step.secret();
        let otpauth_url = builder(secret.as_bytes(), self.parameters)
            .with_issuer(Some(issuer))
            .with_account_name(account_name)
            .build()
            .and_then(|labelled| labelled.to_url())
            .map_err(library_error)?;
        let qr_svg = qr_code_svg(&otpauth_url)?;
        Ok(TotpEnrolment { secret: secret.to_base32(), otpauth_url, qr_svg })
    }

    /// The code of the time step `time` falls in (what the user's app shows then); `None`
    /// before 1970.
    pub fn code_at(&self, time: DateTime<Utc>) -> Option<String> {
        unix_seconds(time).map(|seconds| self.exact_step.generate(seconds).to_string())
    }

    /// The time step `time` falls in; `None` before 1970.
    pub fn step_at(&self, time: DateTime<Utc>) -> Option<u64> {
        unix_seconds(time).map(|seconds| seconds / self.parameters.step_seconds)
    }

    /// Checks a typed code at `now` against the current step and one either side, refusing any
    /// step not after `last_accepted_step` (see the module docs).
    pub fn verify(&self, typed: &str, now: DateTime<Utc>, last_accepted_step: Option<u64>) -> TotpVerdict {
        let (Some(code), Some(current)) = (normalise_code(typed, self.parameters.digits), self.step_at(now)) else {
            return TotpVerdict::Rejected;
        };
        let window = current.saturating_sub(TOTP_SKEW_STEPS)..=current.saturating_add(TOTP_SKEW_STEPS);
        // Every step of the window is computed and compared (in constant time, by totp-rs), so
        // the answer's timing does not tell which step matched.
        let matched: Vec<u64> = window.filter(|&step| self.matches_step(&code, step)).collect();
        let is_new = |step: &&u64| last_accepted_step.is_none_or(|last| **step > last);
        match (matched.iter().find(is_new), matched.first()) {
            (Some(&step), _) => TotpVerdict::Accepted { step },
            (None, Some(&step)) => TotpVerdict::Replayed { step },
            (None, None) => TotpVerdict::Rejected,
        }
    }

    fn matches_step(&self, code: &str, step: u64) -> bool {
        step.checked_mul(self.parameters.step_seconds)
            .is_some_and(|first_second| self.exact_step.check(code, first_second).is_some())
    }
}

fn builder(secret: &[u8], parameters: TotpParameters) -> Builder {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(parameters.digits)
        .with_step_duration(parameters.step_seconds)
        .with_secret(secret)
}

fn library_error(error: totp_rs::TotpError) -> TotpError {
    TotpError::Parameters(error.to_string())
}

fn unix_seconds(time: DateTime<Utc>) -> Option<u64> {
    u64::try_from(time.timestamp()).ok()
}

/// The digits of a typed code without the spaces and hyphen people add; `None` unless exactly
/// `digits` ASCII digits remain.
pub(super) fn normalise_code(typed: &str, digits: u8) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    let right_shape = code.len() == usize::from(digits) && code.bytes().all(|b| b.is_ascii_digit());
    right_shape.then_some(code)
}

/// The QR code of `text` as a standalone SVG document (error correction M, 4-module quiet zone).
fn qr_code_svg(text: &str) -> Result<String, TotpError> {
    let code = QrCode::with_error_correction_level(text, EcLevel::M).map_err(|_| TotpError::UrlTooLongForQrCode)?;
    Ok(code.render::<svg::Color<'_>>().min_dimensions(200, 200).quiet_zone(true).build())
}
