use kyc_domain::report::SessionFacts;
use kyc_domain::retention::{
    CERTIFICATE_ENCODING_TAG, CertificateError, DataClass, DeletionAuthority, DeletionCertificate, ErasureContext,
    ErasureGround, ErasureReason, ErasureRequest, ErasureStep, RedactedSession, RetentionPolicy, StatusCounts,
    redact_session_facts, request_erasure, retention_rule,
};
use kyc_domain::session::SessionStatus;

use super::redaction::{PERSONAL_VALUES, full_facts};
use super::{at, date, default_policy, session};

fn facts_of(id: &str) -> SessionFacts {
    SessionFacts { session_id: id.into(), ..full_facts() }
}

fn redacted(id: &str, status: SessionStatus, photos: u32) -> RedactedSession {
    let rule = retention_rule(&session(status), &default_policy());
    RedactedSession::from_facts(&facts_of(id), status, rule, photos, at("2027-01-12T03:00:00.123456Z"))
}

fn policy_run() -> DeletionAuthority {
    DeletionAuthority::Policy {
        run_id: "run-42".into(),
        as_of: date("2027-01-12"),
        periods: RetentionPolicy::default().periods(),
    }
}

fn issue(sessions: Vec<RedactedSession>) -> Result<DeletionCertificate, CertificateError> {
    DeletionCertificate::issue(
        "cert-1".into(),
        "company-7".into(),
        at("2027-01-12T03:00:09.999Z"),
        policy_run(),
        sessions,
    )
}

#[test]
fn a_certificate_counts_its_sessions_photos_and_statuses() {
    let certificate = issue(vec![
        redacted("s-3", SessionStatus::Rejected, 3),
        redacted("s-1", SessionStatus::NotFinished, 0),
        redacted("s-2", SessionStatus::Rejected, 2),
    ])
    .expect("issued");
    assert_eq!(certificate.totals.sessions, 3);
    assert_eq!(certificate.totals.photos_deleted, 5);
    assert_eq!(
        certificate.totals.by_status,
        StatusCounts { verified: 0, awaiting_action: 0, rejected: 2, not_finished: 1 }
    );
    let ids: Vec<&str> = certificate.sessions.iter().map(|entry| entry.session_id.as_str()).collect();
    assert_eq!(ids, ["s-1", "s-2", "s-3"]);
}

#[test]
fn each_entry_names_the_classes_that_went_and_the_hashes_before_and_after() {
    let with_photos = redacted("s-1", SessionStatus::Rejected, 2);
    assert_eq!(with_photos.classes, [DataClass::Photos, DataClass::PersonalValues]);
    assert_eq!(with_photos.record_hash_before, facts_of("s-1").record_hash());
    assert_eq!(with_photos.record_hash_after, redact_session_facts(&facts_of("s-1")).record_hash());
    assert_ne!(with_photos.record_hash_before, with_photos.record_hash_after);
    assert_eq!(redacted("s-2", SessionStatus::NotFinished, 0).classes, [DataClass::PersonalValues]);
}

#[test]
fn the_digest_does_not_depend_on_the_order_sessions_were_given_in() {
    let forward = issue(vec![redacted("s-1", SessionStatus::Rejected, 1), redacted("s-2", SessionStatus::Rejected, 0)]);
    let backward =
        issue(vec![redacted("s-2", SessionStatus::Rejected, 0), redacted("s-1", SessionStatus::Rejected, 1)]);
    let (forward, backward) = (forward.expect("issued"), backward.expect("issued"));
    assert_eq!(forward.digest(), backward.digest());
    assert_eq!(forward.digest().len(), 64);
}

#[test]
fn the_canonical_json_is_tagged_compact_and_in_whole_seconds() {
    let certificate = issue(vec![redacted("s-1", SessionStatus::Rejected, 1)]).expect("issued");
    let bytes = certificate.canonical_bytes();
    let text = String::from_utf8(bytes).expect("utf-8");
    let (tag, body) = text.split_once('\n').expect("a tag line");
    assert_eq!(tag, CERTIFICATE_ENCODING_TAG);
    assert!(body.starts_with(r#"{"id":"cert-1","company_id":"company-7","issued_at":"2027-01-12T03:00:09Z","authority":{"kind":"policy","run_id":"run-42","as_of":"2027-01-12","#), "{body}");
    assert!(body.contains(r#""redacted_at":"2027-01-12T03:00:00Z""#), "{body}");
    assert!(!body.contains(": ") && !body.contains('\n'));
}

#[test]
fn a_certificate_reads_back_equal_with_the_same_digest() {
    let certificate =
        issue(vec![redacted("s-1", SessionStatus::Rejected, 1), redacted("s-2", SessionStatus::NotFinished, 0)])
            .expect("issued");
    let stored = serde_json::to_string(&certificate).expect("serialisable");
    let read: DeletionCertificate = serde_json::from_str(&stored).expect("readable");
    assert_eq!(read, certificate);
    assert_eq!(read.digest(), certificate.digest());
}

#[test]
fn a_stored_certificate_whose_totals_were_edited_is_refused() {
    let certificate = issue(vec![redacted("s-1", SessionStatus::Rejected, 1)]).expect("issued");
    let mut stored = serde_json::to_value(&certificate).expect("serialisable");
    stored["totals"]["photos_deleted"] = 0.into();
    let error = serde_json::from_value::<DeletionCertificate>(stored).expect_err("tampered");
    assert!(error.to_string().contains("do not add up"), "{error}");
}

#[test]
fn a_session_listed_twice_a_malformed_hash_or_a_kept_class_is_refused() {
    let duplicate =
        issue(vec![redacted("s-1", SessionStatus::Rejected, 1), redacted("s-1", SessionStatus::Rejected, 1)]);
    assert_eq!(duplicate, Err(CertificateError::DuplicateSession { session_id: "s-1".into() }));

    let mut bad_hash = redacted("s-1", SessionStatus::Rejected, 1);
    bad_hash.record_hash_before = "ABC".into();
    assert_eq!(issue(vec![bad_hash]), Err(CertificateError::MalformedHash { session_id: "s-1".into() }));

    let mut record_deleted = redacted("s-1", SessionStatus::Rejected, 1);
    record_deleted.classes.push(DataClass::Record);
    assert_eq!(issue(vec![record_deleted]), Err(CertificateError::ImpossibleClasses { session_id: "s-1".into() }));
}

#[test]
fn an_erasure_certificate_names_both_admins_the_reason_and_the_ground() {
    let verified = super::verified_ended_on("2026-03-15");
    let policy = default_policy();
    let context = ErasureContext { session: &verified, policy: &policy, four_eyes_review: false };
    let request = ErasureRequest {
        reason: ErasureReason::new("onboarded the wrong person by mistake").expect("a reason"),
        ground: Some(ErasureGround::CreatedInError),
    };
    let ErasureStep::AwaitingSecondAdmin(pending) =
        request_erasure(&context, request, "admin-nino", at("2026-04-03T10:00:00Z")).expect("requested")
    else {
        panic!("an override needs two admins")
    };
    let approved = pending.approve(&context, "admin-giorgi", at("2026-04-03T10:05:00Z")).expect("approved");
    let rule = retention_rule(&verified, &policy);
    let entry = RedactedSession::from_facts(&facts_of("s-9"), SessionStatus::Verified, rule, 3, approved.approved_at);
    let certificate = DeletionCertificate::issue(
        "cert-2".into(),
        "company-7".into(),
        approved.approved_at,
        DeletionAuthority::from(&approved),
        vec![entry],
    )
    .expect("issued");
    let value = serde_json::to_value(&certificate).expect("serialisable");
    assert_eq!(value["authority"]["kind"], "request");
    assert_eq!(value["authority"]["requested_by"], "admin-nino");
    assert_eq!(value["authority"]["approved_by"], "admin-giorgi");
    assert_eq!(value["authority"]["ground"], "created_in_error");
    assert_eq!(value["authority"]["reason"], "onboarded the wrong person by mistake");
    assert_eq!(value["sessions"][0]["rule"]["rule"], "verified_after_relationship_end");
}

#[test]
fn a_certificate_holds_no_personal_data_of_the_sessions_it_covers() {
    let certificate = issue(vec![redacted("s-1", SessionStatus::Rejected, 2)]).expect("issued");
    let text = String::from_utf8(certificate.canonical_bytes()).expect("utf-8");
    for value in PERSONAL_VALUES {
        assert!(!text.contains(value), "{value:?} is in the certificate: {text}");
    }
}
