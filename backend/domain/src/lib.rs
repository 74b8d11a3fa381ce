//! Pure domain logic of the KYC back-office.
//!
//! The purity rule: this crate has no web, database, OpenAPI or async-runtime dependency.
//! Everything here is testable with plain values; the server crate adapts it to HTTP and SQL.
//!
//! Module map:
//! - [`ids`]: typed identifiers (`SessionId`, `CompanyId`, ...), parsed at the edge.
//! - [`access`]: roles and the permission each operation needs.
//! - [`accounts`]: team members' roles and the last-admin rule, the password policy, TOTP and
//!   recovery codes, opaque tokens, the refresh-token state machine, invitations, the staff IP
//!   allow-list.
//! - [`mrz`]: ICAO 9303 machine-readable-zone parsing and per-field checking.
//! - [`screening`]: sanctions / PEP list entries, name normalisation and matching.
//! - [`user_agent`]: raw user agent -> device name, device type, browser, OS.
//! - [`session`]: session statuses, verification facts, status rules and decisions.
//! - [`extra_fields`]: company-defined extra fields and their validation at ingest.
//! - [`client_ip`]: the client IP behind trusted proxies (`X-Forwarded-For`).
//! - [`audit`]: the append-only activity log: the frozen keyless v1 chain, and v2 (one keyed
//!   chain per company, batched appends, signed checkpoints).
//! - [`report`]: what the PDF report of a session prints, as plain data; the canonical session
//!   record and its hash; report verification codes.
//! - [`retention`]: retention policies and the date each class of a session's data goes, and
//!   why; erasure on request with legal hold and four-eyes approval; the redaction plan; the
//!   deletion certificate.
//! - [`envelope`]: envelope encryption of photos at rest (AES-256-GCM data keys per company,
//!   wrapped by a master key).
//! - [`webhooks`]: event types and subscriptions, the event payload and its one encoding,
//!   Standard Webhooks signatures and secrets, the retry schedule, the SSRF address policy.

/// Implements the vocabulary of a closed set of values (an enum whose variants are its wire
/// names): `ALL`, `as_str`, `Display`, `FromStr` and `TryFrom<String>` (what the database row is
/// read through), so every enum reads and writes its names the same way.
macro_rules! closed_set {
    ($name:ident, $kind:literal, [$($variant:ident => $text:literal),+ $(,)?]) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::session::UnknownVariant;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| value.as_str() == text)
                    .ok_or_else(|| $crate::session::UnknownVariant { kind: $kind, value: text.to_owned() })
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::session::UnknownVariant;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }
    };
}

pub mod access;
pub mod accounts;
pub mod audit;
pub mod client_ip;
pub mod envelope;
pub mod extra_fields;
pub mod ids;
pub mod mrz;
pub mod report;
pub mod retention;
pub mod screening;
pub mod session;
pub mod user_agent;
pub mod webhooks;
