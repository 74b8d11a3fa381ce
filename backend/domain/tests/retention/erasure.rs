use chrono::{DateTime, Utc};
use kyc_domain::retention::{
    Approvals, ErasureContext, ErasureGround, ErasureReason, ErasureReasonError, ErasureRefused, ErasureRequest,
    ErasureStep, LegalBasis, PendingErasure, RedactedBy, Redaction, RetentionPolicy, SecondApproval,
    SessionRetentionFacts, assess_erasure, request_erasure,
};
use kyc_domain::session::SessionStatus;

use super::{at, date, default_policy, hold, session, verified_ended_on};

const FIRST: &str = "admin-nino";
const SECOND: &str = "admin-giorgi";

fn request(ground: Option<ErasureGround>) -> ErasureRequest {
    ErasureRequest { reason: ErasureReason::new("customer asked by letter of 2026-04-02").expect("a reason"), ground }
}

fn context<'a>(session: &'a SessionRetentionFacts, policy: &'a RetentionPolicy, four_eyes: bool) -> ErasureContext<'a> {
    ErasureContext { session, policy, four_eyes_review: four_eyes }
}

fn pending(step: ErasureStep) -> PendingErasure {
    match step {
        ErasureStep::AwaitingSecondAdmin(pending) => pending,
        ErasureStep::Approved(approved) => panic!("expected a second approval, got {approved:?}"),
    }
}

/// The first admin's request on a company with four-eyes review on.
fn first_request(session: &SessionRetentionFacts, policy: &RetentionPolicy) -> PendingErasure {
    pending(request_erasure(&context(session, policy, true), request(None), FIRST, now()).expect("requested"))
}

fn now() -> DateTime<Utc> {
    at("2026-04-03T10:00:00Z")
}

#[test]
fn a_rejected_session_is_erased_by_one_admin_when_four_eyes_is_off() {
    let rejected = session(SessionStatus::Rejected);
    let policy = default_policy();
    let step = request_erasure(&context(&rejected, &policy, false), request(None), FIRST, now()).expect("allowed");
    let ErasureStep::Approved(approved) = step else { panic!("one admin suffices: {step:?}") };
    assert_eq!(approved.approved_by, None);
    assert_eq!(approved.redacted_by(), RedactedBy::Request { requested_by: FIRST.into(), approved_by: None });
}

#[test]
fn with_four_eyes_on_every_erasure_needs_a_second_admin() {
    for status in [SessionStatus::Rejected, SessionStatus::NotFinished] {
        assert_eq!(
            assess_erasure(&session(status), &default_policy(), true, None, date("2026-04-03")),
            Ok(Approvals::Two { because: SecondApproval::FourEyesReview })
        );
    }
}

#[test]
fn a_second_admin_completes_the_erasure_and_both_are_recorded() {
    let rejected = session(SessionStatus::Rejected);
    let policy = default_policy();
    let company = context(&rejected, &policy, true);
    let first = first_request(&rejected, &policy);
    assert_eq!(first.requested_by, FIRST);
    let approved = first.approve(&company, SECOND, at("2026-04-03T11:00:00Z")).expect("approved");
    assert_eq!(approved.requested_by, FIRST);
    assert_eq!(approved.approved_by.as_deref(), Some(SECOND));
    assert_eq!(approved.approved_at, at("2026-04-03T11:00:00Z"));
    assert_eq!(
        approved.redacted_by(),
        RedactedBy::Request { requested_by: FIRST.into(), approved_by: Some(SECOND.into()) }
    );
}

#[test]
fn the_admin_who_asked_cannot_approve_their_own_erasure() {
    let rejected = session(SessionStatus::Rejected);
    let policy = default_policy();
    let first = first_request(&rejected, &policy);
    let refused = first.approve(&context(&rejected, &policy, true), FIRST, now()).expect_err("same admin");
    assert_eq!(refused, ErasureRefused::SameAdminTwice { admin: FIRST.into() });
    assert!(refused.to_string().contains("a second admin must"));
}

#[test]
fn a_held_session_is_refused_and_the_refusal_names_the_hold() {
    let held = SessionRetentionFacts { legal_hold: Some(hold()), ..session(SessionStatus::Rejected) };
    let refused = assess_erasure(&held, &default_policy(), false, None, date("2026-04-03")).expect_err("held");
    assert_eq!(refused, ErasureRefused::UnderLegalHold { hold: hold() });
    let message = refused.to_string();
    assert!(
        message.contains("legal hold since 2026-02-01 by admin-ketevan (case 2026-114: police request)"),
        "{message}"
    );
    assert!(message.contains("GDPR Art. 17(3)(e)"), "{message}");
    assert_eq!(refused.legal_bases(), &[LegalBasis::GdprLegalClaimsExemption]);
}

#[test]
fn a_legal_ground_does_not_override_a_hold() {
    let held = SessionRetentionFacts { legal_hold: Some(hold()), ..verified_ended_on("2026-03-15") };
    let refused =
        assess_erasure(&held, &default_policy(), true, Some(ErasureGround::AuthorityOrder), date("2026-04-03"));
    assert!(matches!(refused, Err(ErasureRefused::UnderLegalHold { .. })));
}

#[test]
fn a_verified_session_inside_its_aml_period_is_refused_with_the_last_day_of_the_period() {
    let verified = verified_ended_on("2026-03-15");
    let refused = assess_erasure(&verified, &default_policy(), false, None, date("2026-04-03")).expect_err("exempt");
    assert!(
        matches!(&refused, ErasureRefused::InsideAmlPeriod { period_ends_on, .. } if *period_ends_on == date("2031-03-15"))
    );
    let message = refused.to_string();
    assert!(message.contains("ends on 2031-03-15"), "{message}");
    assert!(message.contains("GDPR Art. 17(3)(b)"), "{message}");
    assert!(message.contains("Directive (EU) 2015/849 Art. 40(1)"), "{message}");
    assert!(message.contains("created_in_error or authority_order"), "{message}");
    assert_eq!(
        refused.legal_bases(),
        &[
            LegalBasis::GdprLegalObligationExemption,
            LegalBasis::AmlDirectiveRecordKeeping,
            LegalBasis::AmlRegulationRecordKeeping
        ]
    );
    // The last day of the period is still inside it.
    assert!(assess_erasure(&verified, &default_policy(), false, None, date("2031-03-15")).is_err());
}

#[test]
fn a_verified_session_whose_relationship_still_runs_is_refused() {
    let refused = assess_erasure(&session(SessionStatus::Verified), &default_policy(), false, None, date("2026-04-03"));
    let Err(refused @ ErasureRefused::RelationshipOngoing { .. }) = refused else { panic!("{refused:?}") };
    assert!(refused.to_string().contains("has not been reported ended"));
}

#[test]
fn a_legal_ground_lets_two_admins_erase_inside_the_aml_period() {
    let policy = default_policy();
    for verified in [verified_ended_on("2026-03-15"), session(SessionStatus::Verified)] {
        for ground in [ErasureGround::CreatedInError, ErasureGround::AuthorityOrder] {
            let company = context(&verified, &policy, false);
            let first = pending(request_erasure(&company, request(Some(ground)), FIRST, now()).expect("requested"));
            assert_eq!(first.because, SecondApproval::AmlPeriodOverride { ground });
            let approved = first.approve(&company, SECOND, now()).expect("approved");
            assert_eq!(approved.ground, Some(ground));
        }
    }
}

#[test]
fn after_its_aml_period_a_verified_session_is_erased_like_any_other() {
    let verified = verified_ended_on("2026-03-15");
    assert_eq!(assess_erasure(&verified, &default_policy(), false, None, date("2031-03-16")), Ok(Approvals::One));
    assert_eq!(
        assess_erasure(&verified, &default_policy(), true, None, date("2031-03-16")),
        Ok(Approvals::Two { because: SecondApproval::FourEyesReview })
    );
}

#[test]
fn a_session_awaiting_a_decision_is_decided_before_it_is_erased() {
    let refused =
        assess_erasure(&session(SessionStatus::AwaitingAction), &default_policy(), false, None, date("2026-04-03"));
    assert_eq!(refused, Err(ErasureRefused::AwaitingDecision));
}

#[test]
fn a_redacted_session_has_nothing_left_to_erase() {
    let redacted = SessionRetentionFacts {
        redaction: Some(Redaction { at: at("2026-03-01T00:00:00Z"), by: RedactedBy::Policy }),
        ..session(SessionStatus::Rejected)
    };
    let refused = assess_erasure(&redacted, &default_policy(), false, None, date("2026-04-03")).expect_err("redacted");
    assert_eq!(refused.to_string(), "the session was already redacted on 2026-03-01");
}

#[test]
fn a_hold_placed_between_request_and_approval_stops_the_erasure() {
    let policy = default_policy();
    let rejected = session(SessionStatus::Rejected);
    let first = first_request(&rejected, &policy);
    let held = SessionRetentionFacts { legal_hold: Some(hold()), ..rejected };
    let refused = first.approve(&context(&held, &policy, true), SECOND, now()).expect_err("held since");
    assert!(matches!(refused, ErasureRefused::UnderLegalHold { .. }));
}

#[test]
fn an_approval_without_the_ground_the_period_needs_is_refused_again() {
    // Requested after the period ended; before the approval the client corrects the
    // relationship end to a later date: the approval re-checks the period.
    let policy = default_policy();
    let old = SessionRetentionFacts {
        created_at: at("2014-05-01T09:00:00Z"),
        decided_at: Some(at("2014-05-01T09:30:00Z")),
        ..verified_ended_on("2020-01-01")
    };
    let first = first_request(&old, &policy);
    let corrected = SessionRetentionFacts { relationship_ended_on: Some(date("2026-03-15")), ..old };
    let refused = first.approve(&context(&corrected, &policy, true), SECOND, now()).expect_err("inside again");
    assert!(matches!(refused, ErasureRefused::InsideAmlPeriod { .. }));
}

#[test]
fn an_erasure_reason_is_trimmed_required_and_bounded() {
    assert_eq!(ErasureReason::new("  by letter  ").map(|reason| reason.as_str().to_owned()), Ok("by letter".into()));
    assert_eq!(ErasureReason::new(" \n "), Err(ErasureReasonError::Empty));
    assert_eq!(
        ErasureReason::new(&"ა".repeat(501)),
        Err(ErasureReasonError::TooLong { chars: 501, max: ErasureReason::MAX_CHARS })
    );
    assert!(ErasureReason::new(&"ა".repeat(500)).is_ok());
    assert!(serde_json::from_str::<ErasureReason>(r#""   ""#).is_err());
}

#[test]
fn a_pending_erasure_is_stored_as_json_and_read_back_equal() {
    let verified = verified_ended_on("2026-03-15");
    let policy = default_policy();
    let first = pending(
        request_erasure(
            &context(&verified, &policy, false),
            request(Some(ErasureGround::CreatedInError)),
            FIRST,
            now(),
        )
        .expect("requested"),
    );
    let json = serde_json::to_value(&first).expect("serialisable");
    assert_eq!(json["ground"], "created_in_error");
    assert_eq!(json["because"]["kind"], "aml_period_override");
    assert_eq!(serde_json::from_value::<PendingErasure>(json).expect("readable"), first);
}
