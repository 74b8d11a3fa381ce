//! The deletion certificate: proof afterwards of what was redacted, when, and on whose authority.
//!
//! Each purge run writes one certificate per company it redacted sessions of, and each erasure
//! one certificate for its session. A certificate holds no personal data: session ids, the
//! rule applied, which classes of data went, how many photos, the record hash before and after
//! (SHA-256 of the canonical session record, [`crate::report::SessionFacts::record_hash`]), the
//! policy's periods or the admins and their reason, and the totals.
//!
//! The canonical encoding is [`CERTIFICATE_ENCODING_TAG`], a newline, then compact JSON with
//! fields in declaration order, sessions sorted by id, times in whole UTC seconds
//! (`2026-11-20T09:14:03Z`) and dates as `YYYY-MM-DD`; [`DeletionCertificate::digest`] is its
//! SHA-256, which the audit event of the run or erasure can carry. Reading a certificate back
//! checks that its totals add up and its sessions are sorted, distinct and hashed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::erasure::{ApprovedErasure, ErasureGround, ErasureReason};
use super::policy::RetentionPeriods;
use super::redaction::{DataClass, Treatment, redact_session_facts};
use super::schedule::RetentionRule;
use crate::report::SessionFacts;
use crate::session::SessionStatus;

/// Domain separation and version of the canonical encoding.
pub const CERTIFICATE_ENCODING_TAG: &str = "kyc-deletion-certificate-v1";

/// Who or what authorised the deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DeletionAuthority {
    /// A purge run under the company's policy.
    Policy { run_id: String, as_of: NaiveDate, periods: RetentionPeriods },
    /// An erasure request.
    Request {
        requested_by: String,
        #[serde(with = "whole_seconds")]
        requested_at: DateTime<Utc>,
        approved_by: Option<String>,
        #[serde(with = "whole_seconds")]
        approved_at: DateTime<Utc>,
        reason: ErasureReason,
        ground: Option<ErasureGround>,
    },
}

impl From<&ApprovedErasure> for DeletionAuthority {
    fn from(erasure: &ApprovedErasure) -> Self {
        Self::Request {
            requested_by: erasure.requested_by.clone(),
            requested_at: whole_seconds::truncate(erasure.requested_at),
            approved_by: erasure.approved_by.clone(),
            approved_at: whole_seconds::truncate(erasure.approved_at),
            reason: erasure.reason.clone(),
            ground: erasure.ground,
        }
    }
}

/// One redacted session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedactedSession {
    pub session_id: String,
    pub status: SessionStatus,
    /// The retention rule of the session at the time (for an erasure: what the policy said).
    pub rule: RetentionRule,
    /// The classes that went: personal values always, photos when there were any.
    pub classes: Vec<DataClass>,
    pub photos_deleted: u32,
    pub record_hash_before: String,
    /// The hash of the redacted record: what the session's record hashes to from now on.
    pub record_hash_after: String,
    #[serde(with = "whole_seconds")]
    pub redacted_at: DateTime<Utc>,
}

impl RedactedSession {
    /// The entry for a session whose canonical record was `before`; the hash after is that of
    /// [`redact_session_facts`]`(before)`, which the stored session must match once redacted.
    pub fn from_facts(
        before: &SessionFacts,
        status: SessionStatus,
        rule: RetentionRule,
        photos_deleted: u32,
        redacted_at: DateTime<Utc>,
    ) -> Self {
        let classes = if photos_deleted > 0 {
            vec![DataClass::Photos, DataClass::PersonalValues]
        } else {
            vec![DataClass::PersonalValues]
        };
        Self {
            session_id: before.session_id.clone(),
            status,
            rule,
            classes,
            photos_deleted,
            record_hash_before: before.record_hash(),
            record_hash_after: redact_session_facts(before).record_hash(),
            redacted_at: whole_seconds::truncate(redacted_at),
        }
    }
}

/// Sessions redacted per status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StatusCounts {
    pub verified: u32,
    pub awaiting_action: u32,
    pub rejected: u32,
    pub not_finished: u32,
}

impl StatusCounts {
    fn count(&mut self, status: SessionStatus) {
        let slot = match status {
            SessionStatus::Verified => &mut self.verified,
            SessionStatus::AwaitingAction => &mut self.awaiting_action,
            SessionStatus::Rejected => &mut self.rejected,
            SessionStatus::NotFinished => &mut self.not_finished,
        };
        *slot = slot.saturating_add(1);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeletionTotals {
    pub sessions: u32,
    pub photos_deleted: u32,
    pub by_status: StatusCounts,
}

impl DeletionTotals {
    fn of(sessions: &[RedactedSession]) -> Self {
        let mut totals = Self::default();
        for session in sessions {
            totals.sessions = totals.sessions.saturating_add(1);
            totals.photos_deleted = totals.photos_deleted.saturating_add(session.photos_deleted);
            totals.by_status.count(session.status);
        }
        totals
    }
}

/// The record of one run or one erasure, for one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "UncheckedCertificate")]
pub struct DeletionCertificate {
    pub id: String,
    pub company_id: String,
    #[serde(with = "whole_seconds")]
    pub issued_at: DateTime<Utc>,
    pub authority: DeletionAuthority,
    /// Sorted by session id.
    pub sessions: Vec<RedactedSession>,
    pub totals: DeletionTotals,
}

/// A certificate that cannot be issued or read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("session {session_id} appears twice in the certificate")]
    DuplicateSession { session_id: String },
    #[error("session {session_id} has a record hash that is not 64 lowercase hex digits")]
    MalformedHash { session_id: String },
    #[error("session {session_id} lists a class of data that redaction keeps or none at all")]
    ImpossibleClasses { session_id: String },
    #[error("the certificate's sessions are not sorted by id")]
    Unsorted,
    #[error("the certificate's totals ({stated:?}) do not add up to its sessions ({counted:?})")]
    TotalsMismatch { stated: DeletionTotals, counted: DeletionTotals },
}

impl DeletionCertificate {
    /// A certificate over `sessions` (sorted here), with its totals counted.
    pub fn issue(
        id: String,
        company_id: String,
        issued_at: DateTime<Utc>,
        authority: DeletionAuthority,
        mut sessions: Vec<RedactedSession>,
    ) -> Result<Self, CertificateError> {
        sessions.sort_by(|a, b| a.session_id.cmp(&b.session_id));
        let totals = DeletionTotals::of(&sessions);
        let certificate =
            Self { id, company_id, issued_at: whole_seconds::truncate(issued_at), authority, sessions, totals };
        certificate.check()?;
        Ok(certificate)
    }

    /// The rules every certificate obeys.
    pub fn check(&self) -> Result<(), CertificateError> {
        if self.sessions.windows(2).any(|pair| pair[0].session_id > pair[1].session_id) {
            return Err(CertificateError::Unsorted);
        }
        if let Some(pair) = self.sessions.windows(2).find(|pair| pair[0].session_id == pair[1].session_id) {
            return Err(CertificateError::DuplicateSession { session_id: pair[0].session_id.clone() });
        }
        for session in &self.sessions {
            let session_id = || session.session_id.clone();
            if !is_hash(&session.record_hash_before) || !is_hash(&session.record_hash_after) {
                return Err(CertificateError::MalformedHash { session_id: session_id() });
            }
            let kept = session.classes.iter().any(|class| class.treatment() == Treatment::Kept);
            if session.classes.is_empty() || kept {
                return Err(CertificateError::ImpossibleClasses { session_id: session_id() });
            }
        }
        let counted = DeletionTotals::of(&self.sessions);
        if counted != self.totals {
            return Err(CertificateError::TotalsMismatch { stated: self.totals, counted });
        }
        Ok(())
    }

    /// [`CERTIFICATE_ENCODING_TAG`], `\n`, compact JSON.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(512 + 512 * self.sessions.len());
        bytes.extend_from_slice(CERTIFICATE_ENCODING_TAG.as_bytes());
        bytes.push(b'\n');
        // Structs, strings, numbers and dates only: serialising cannot fail.
        serde_json::to_writer(&mut bytes, self).unwrap_or_default();
        bytes
    }

    /// Lowercase hex SHA-256 of [`Self::canonical_bytes`].
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.canonical_bytes()))
    }
}

fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The stored form, checked before it becomes a certificate.
#[derive(Deserialize)]
struct UncheckedCertificate {
    id: String,
    company_id: String,
    #[serde(with = "whole_seconds")]
    issued_at: DateTime<Utc>,
    authority: DeletionAuthority,
    sessions: Vec<RedactedSession>,
    totals: DeletionTotals,
}

impl TryFrom<UncheckedCertificate> for DeletionCertificate {
    type Error = CertificateError;
    fn try_from(stored: UncheckedCertificate) -> Result<Self, Self::Error> {
        let UncheckedCertificate { id, company_id, issued_at, authority, sessions, totals } = stored;
        let certificate = Self { id, company_id, issued_at, authority, sessions, totals };
        certificate.check()?;
        Ok(certificate)
    }
}

/// Times as whole UTC seconds, `2026-11-20T09:14:03Z`; any RFC 3339 time is read, without its
/// fraction of a second.
mod whole_seconds {
    use chrono::{DateTime, Timelike, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

    pub fn truncate(at: DateTime<Utc>) -> DateTime<Utc> {
        at.with_nanosecond(0).unwrap_or(at)
    }

    pub fn serialize<S: Serializer>(at: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&at.format(FORMAT))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::parse_from_rfc3339(&text).map(|at| truncate(at.with_timezone(&Utc))).map_err(serde::de::Error::custom)
    }
}
