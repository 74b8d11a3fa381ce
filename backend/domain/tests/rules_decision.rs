//! Manual decisions: only from awaiting action, reasons for rejections, four-eyes approvals.

use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::{
    Decision, DecisionError, DecisionOutcome, NoteKind, RejectionGroup, RejectionReason,
    DecisionRequest, ReviewState, apply_decision,
};

/// A decision by an operator who writes no note of their own.
fn decide(
    state: &ReviewState,
    decision: Decision,
    reasons: &[RejectionReason],
    reviewer: &str,
    four_eyes: bool,
) -> Result<DecisionOutcome, kyc_domain::session::decision::DecisionError> {
    let role = kyc_domain::access::Role::Operator;
    apply_decision(state, &DecisionRequest { decision, reasons, note: "", reviewer, role, four_eyes })
}

fn awaiting(failed_automatic_check: bool) -> ReviewState {
    ReviewState {
        status: SessionStatus::AwaitingAction,
        failed_automatic_check,
        pending_approval_by: None,
        matches: Vec::new(),
    }
}

const FOUR_EYES: bool = true;
const ONE_PAIR: bool = false;

#[test]
fn a_decision_outside_the_awaiting_action_queue_is_a_conflict() {
    for status in [SessionStatus::Verified, SessionStatus::Rejected, SessionStatus::NotFinished] {
        let state = ReviewState { status, ..awaiting(false) };
        for decision in [Decision::Approve, Decision::Reject] {
            let reasons: &[RejectionReason] =
                if decision == Decision::Reject { &[RejectionReason::Spam] } else { &[] };
            assert_eq!(
                decide(&state, decision, reasons, "op-1", ONE_PAIR),
                Err(DecisionError::NotAwaitingAction { status })
            );
        }
    }
}

#[test]
fn a_rejection_needs_reasons_each_given_once() {
    let state = awaiting(true);
    assert_eq!(
        decide(&state, Decision::Reject, &[], "op-1", ONE_PAIR),
        Err(DecisionError::ReasonsRequiredForRejection)
    );
    let twice = [RejectionReason::Fake, RejectionReason::Pep, RejectionReason::Fake];
    assert_eq!(
        decide(&state, Decision::Reject, &twice, "op-1", ONE_PAIR),
        Err(DecisionError::DuplicateReason { reason: RejectionReason::Fake })
    );
    let reasons = [RejectionReason::SelfieMismatch, RejectionReason::MrzIssue];
    assert_eq!(
        decide(&state, Decision::Reject, &reasons, "op-1", FOUR_EYES),
        Ok(DecisionOutcome::StatusChanged(SessionStatus::Rejected))
    );
}

#[test]
fn an_approval_takes_no_rejection_reasons() {
    assert_eq!(
        decide(
            &awaiting(false),
            Decision::Approve,
            &[RejectionReason::Spam],
            "op-1",
            ONE_PAIR
        ),
        Err(DecisionError::ReasonsNotAllowedForApproval)
    );
}

#[test]
fn a_decision_needs_an_operator() {
    assert_eq!(
        decide(&awaiting(false), Decision::Approve, &[], "  ", ONE_PAIR),
        Err(DecisionError::MissingActor)
    );
}

#[test]
fn without_four_eyes_one_approval_verifies() {
    assert_eq!(
        decide(&awaiting(true), Decision::Approve, &[], "op-1", ONE_PAIR),
        Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified))
    );
}

#[test]
fn with_four_eyes_a_session_that_passed_every_check_needs_one_approval() {
    assert_eq!(
        decide(&awaiting(false), Decision::Approve, &[], "op-1", FOUR_EYES),
        Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified))
    );
}

#[test]
fn with_four_eyes_overriding_a_failed_check_needs_a_second_operator() {
    let start = awaiting(true);
    let first =
        decide(&start, Decision::Approve, &[], "op-1", FOUR_EYES).expect("first approval");
    assert_eq!(first, DecisionOutcome::AwaitingSecondApproval);

    let pending = start.after(&first, "op-1");
    assert_eq!(pending.status, SessionStatus::AwaitingAction);
    assert_eq!(pending.pending_approval_by.as_deref(), Some("op-1"));

    assert_eq!(
        decide(&pending, Decision::Approve, &[], "op-1", FOUR_EYES),
        Err(DecisionError::SameReviewerTwice)
    );
    let second = decide(&pending, Decision::Approve, &[], "op-2", FOUR_EYES)
        .expect("second approval");
    assert_eq!(second, DecisionOutcome::StatusChanged(SessionStatus::Verified));
    let done = pending.after(&second, "op-2");
    assert_eq!((done.status, done.pending_approval_by), (SessionStatus::Verified, None));
}

#[test]
fn any_operator_may_reject_a_pending_approval() {
    let pending = ReviewState { pending_approval_by: Some("op-1".into()), ..awaiting(true) };
    for actor in ["op-1", "op-2"] {
        let outcome = decide(
            &pending,
            Decision::Reject,
            &[RejectionReason::Blacklist],
            actor,
            FOUR_EYES,
        );
        assert_eq!(outcome, Ok(DecisionOutcome::StatusChanged(SessionStatus::Rejected)));
        let after = pending.after(&DecisionOutcome::StatusChanged(SessionStatus::Rejected), actor);
        assert_eq!(after.pending_approval_by, None);
    }
}

#[test]
fn each_decision_writes_a_note_of_its_kind() {
    assert_eq!(Decision::Approve.note_kind(), NoteKind::Approval);
    assert_eq!(Decision::Reject.note_kind(), NoteKind::Rejection);
}

#[test]
fn rejection_reasons_fall_into_the_products_four_groups() {
    let names =
        |group: RejectionGroup| group.reasons().map(RejectionReason::as_str).collect::<Vec<_>>();
    assert_eq!(names(RejectionGroup::Spam), ["spam"]);
    assert_eq!(
        names(RejectionGroup::CompromisedPerson),
        ["pep", "sanctions_list", "criminal_records", "adverse_media"]
    );
    assert_eq!(names(RejectionGroup::SuspectedFraud), ["fake", "blacklist", "selfie_mismatch"]);
    assert_eq!(
        names(RejectionGroup::DataMismatch),
        ["full_name_mismatch", "document_number_mismatch", "mrz_issue", "date_of_birth_mismatch"]
    );
    let grouped: usize = RejectionGroup::ALL.iter().map(|group| group.reasons().count()).sum();
    assert_eq!(grouped, RejectionReason::ALL.len());
}

#[test]
fn rejection_reasons_round_trip_through_their_wire_names() {
    for &reason in RejectionReason::ALL {
        assert_eq!(reason.as_str().parse::<RejectionReason>(), Ok(reason));
        assert_eq!(serde_json::to_value(reason).expect("serialisable"), reason.as_str());
        assert!(!reason.label().is_empty() && !reason.group().label().is_empty());
    }
    assert!("selfie".parse::<RejectionReason>().is_err());
}

#[test]
fn decision_errors_serialise_with_a_kind_for_the_http_edge() {
    let json =
        serde_json::to_value(DecisionError::NotAwaitingAction { status: SessionStatus::Verified })
            .expect("serialisable");
    assert_eq!(json["kind"], "not_awaiting_action");
    assert_eq!(json["status"], "verified");
}
