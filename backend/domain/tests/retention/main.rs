//! Retention rules: policy, schedule, erasure, redaction plan, deletion certificate.

mod certificate;
mod erasure;
mod policy;
mod properties;
mod redaction;
mod schedule;

use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::retention::{LegalHold, RetentionPeriods, RetentionPolicy, SessionRetentionFacts};
use kyc_domain::session::SessionStatus;

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

pub fn at(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test time")
}

pub fn default_policy() -> RetentionPolicy {
    RetentionPolicy::default()
}

pub fn policy(periods: RetentionPeriods) -> RetentionPolicy {
    RetentionPolicy::new(periods).expect("a valid test policy")
}

/// A session of `status` created on 2026-01-10 at 09:00, decided the same day at 09:30 unless
/// it is undecided; no relationship end, hold or redaction.
pub fn session(status: SessionStatus) -> SessionRetentionFacts {
    let decided = !matches!(status, SessionStatus::AwaitingAction | SessionStatus::NotFinished);
    SessionRetentionFacts {
        status,
        created_at: at("2026-01-10T09:00:00Z"),
        decided_at: decided.then(|| at("2026-01-10T09:30:00Z")),
        relationship_ended_on: None,
        legal_hold: None,
        redaction: None,
    }
}

pub fn verified_ended_on(ended_on: &str) -> SessionRetentionFacts {
    SessionRetentionFacts { relationship_ended_on: Some(date(ended_on)), ..session(SessionStatus::Verified) }
}

pub fn hold() -> LegalHold {
    LegalHold {
        reason: "case 2026-114: police request".into(),
        placed_by: "admin-ketevan".into(),
        placed_at: at("2026-02-01T08:00:00Z"),
    }
}
