//! Retention ("Liquidation"): how long a session keeps its personal data, erasure on request,
//! the redaction plan and the deletion certificate. Pure rules; the server stores, schedules and
//! deletes.
//!
//! # The legal frame
//!
//! - **GDPR Art. 5(1)(e)**, storage limitation: personal data are kept in a form which permits
//!   identification no longer than necessary. So every session has a date its photos and
//!   personal values go, except while a rule below needs them.
//! - **Directive (EU) 2015/849 Art. 40(1)** (AMLD) and, from 10 July 2027, **Regulation (EU)
//!   2024/1624 Art. 77** (AMLR): customer-due-diligence records, copies of identity documents
//!   included, are kept **five years after the end of the business relationship** (or after an
//!   occasional transaction), then deleted; national law or a competent authority may require up
//!   to **five more years**.
//! - **GDPR Art. 17(3)(b)**: the right to erasure does not apply while processing is necessary
//!   to comply with a legal obligation, such as that record keeping.
//! - **GDPR Art. 17(3)(e)**: nor while the data are needed for legal claims: the ground of a
//!   legal hold.
//!
//! Periods in years are counted as EU law counts them (Regulation 1182/71 Art. 3): the event
//! day is not counted and the period ends on the same date years later; data go the day after.
//! See [`law`].
//!
//! # The rules
//!
//! 1. **Policy per company** ([`policy`]), in days; defaults and bounds:
//!    verified 1826 (1826..=3653, i.e. five to ten years; shorter is refused, naming AMLD Art. 40(1)
//!    and AMLR Art. 77), rejected 365 (1..=3653), not finished 30 (1..=365), awaiting action
//!    overdue after 30 (1..=365).
//! 2. **Schedule per session** ([`mod@schedule`]): a verified session is kept until the client
//!    reports the end of the customer relationship, then `verified_days` after it, and never less
//!    than five nor more than ten calendar years; a rejected one `rejected_days` after the
//!    decision; a not-finished one `not_finished_days` after its creation. A session **awaiting
//!    action is never deleted by policy**: a person still has to decide it, and it may hold a
//!    possible sanctions match, which must be reviewed rather than expire; past
//!    `awaiting_action_overdue_days` it is reported overdue, and once decided the clock of its
//!    new status runs. A **held** session is never due; a **redacted** one is not due again.
//! 3. **Erasure on request** ([`erasure`]): refused under a legal hold (naming it) and while a
//!    decision is pending; for a verified session inside its AML period the right to erasure
//!    does not apply (GDPR Art. 17(3)(b)) and the refusal gives the period's last day, unless the
//!    admin states `created_in_error` or `authority_order` and a second admin approves. With
//!    four-eyes review on, every erasure needs a second admin; the same admin cannot approve
//!    their own request.
//! 4. **Redaction** ([`redaction`]): photos deleted; names, document and personal numbers, birth
//!    date, sex, nationality, MRZ lines and values, document readings, raw capture payloads, user
//!    agent and device, IP, extra-field values, note texts, screening match identities and rule
//!    detail texts cleared; ids, company, status, times, check outcomes, face-match level,
//!    decisions with their actors and times, report exports with their record hashes and the
//!    audit chain kept.
//! 5. **Deletion certificate** ([`certificate`]): which sessions, which classes, when, by which
//!    policy or person, the record hash before and after, counts; canonical JSON with a digest.
//!
//! What is encrypted at rest, and how, is in [`crate::envelope`].

pub mod certificate;
pub mod erasure;
pub mod law;
pub mod policy;
pub mod redaction;
pub mod schedule;

pub use certificate::{
    CERTIFICATE_ENCODING_TAG, CertificateError, DeletionAuthority, DeletionCertificate, DeletionTotals,
    RedactedSession, StatusCounts,
};
pub use erasure::{
    Approvals, ApprovedErasure, ErasureContext, ErasureGround, ErasureReason, ErasureReasonError, ErasureRefused,
    ErasureRequest, ErasureStep, PendingErasure, SecondApproval, assess_erasure, request_erasure,
};
pub use law::LegalBasis;
pub use policy::{InvalidPolicy, PolicyPeriod, PolicyProblem, RetentionPeriods, RetentionPolicy};
pub use redaction::{
    DataClass, KEPT_RECORD_FIELDS, SessionDatum, Treatment, redact_mrz_record, redact_screening_match, redact_session_facts,
    redact_status_decision,
};
pub use schedule::{
    AwaitedEvent, ClassFate, LegalHold, RedactedBy, Redaction, RejectionClock, RetentionRule, RetentionSchedule,
    ScheduleState, SessionRetentionFacts, VerifiedLimit, retention_rule, schedule,
};
