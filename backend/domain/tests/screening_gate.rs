//! The screening gate's decision table: every match state × every role × the four-eyes setting,
//! for a first approval, a second approval and a rejection.
//!
//! The expected outcomes are written out per row below, from the rules as the compliance team
//! states them, not computed by the code under test.

use kyc_domain::access::Role;
use kyc_domain::screening::{MatchKind, MatchReview, MatchStanding};
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::{
    Decision, DecisionError, DecisionOutcome, DecisionRequest, RejectionReason, ReviewState, apply_decision,
};

/// What the session's screening found, as the table's rows name it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Matches {
    None,
    Unreviewed,
    FalsePositive,
    ConfirmedPep,
    ConfirmedSanction,
}

const ALL_MATCH_STATES: [Matches; 5] =
    [Matches::None, Matches::Unreviewed, Matches::FalsePositive, Matches::ConfirmedPep, Matches::ConfirmedSanction];
const ALL_ROLES: [Role; 5] = [Role::Superadmin, Role::Admin, Role::Operator, Role::Viewer, Role::Client];

fn standing(kind: MatchKind, review: MatchReview) -> MatchStanding {
    MatchStanding { entity_id: "demo-p001".into(), list: "demo".into(), name: "Giorgi Beridze".into(), kind, review }
}

fn matches_of(state: Matches) -> Vec<MatchStanding> {
    match state {
        Matches::None => Vec::new(),
        Matches::Unreviewed => vec![standing(MatchKind::Sanction, MatchReview::Open)],
        Matches::FalsePositive => vec![standing(MatchKind::Sanction, MatchReview::FalsePositive)],
        Matches::ConfirmedPep => vec![standing(MatchKind::Pep, MatchReview::Confirmed)],
        Matches::ConfirmedSanction => vec![standing(MatchKind::Sanction, MatchReview::Confirmed)],
    }
}

/// A session awaiting action whose only failed check is the screening (when it found anything).
fn awaiting(state: Matches, pending_approval_by: Option<&str>) -> ReviewState {
    ReviewState {
        status: SessionStatus::AwaitingAction,
        failed_automatic_check: state != Matches::None,
        pending_approval_by: pending_approval_by.map(str::to_owned),
        matches: matches_of(state),
    }
}

fn approve(state: &ReviewState, reviewer: &str, role: Role, four_eyes: bool, note: &str) -> Result<DecisionOutcome, DecisionError> {
    apply_decision(state, &DecisionRequest { decision: Decision::Approve, reasons: &[], note, reviewer, role, four_eyes })
}

fn reject(state: &ReviewState, role: Role, four_eyes: bool) -> Result<DecisionOutcome, DecisionError> {
    let reasons = [RejectionReason::SanctionsList];
    apply_decision(state, &DecisionRequest { decision: Decision::Reject, reasons: &reasons, note: "", reviewer: "u-1", role, four_eyes })
}

/// The short names of outcomes the table's rows expect.
#[derive(Debug, PartialEq)]
enum Expect {
    Verified,
    SecondApprovalNeeded,
    Rejected,
    NoRole,
    Unreviewed,
    SanctionOnlyReject,
    PepNoteNeeded,
    PepAdminNeeded,
}

fn short(outcome: Result<DecisionOutcome, DecisionError>) -> Expect {
    match outcome {
        Ok(DecisionOutcome::StatusChanged(SessionStatus::Verified)) => Expect::Verified,
        Ok(DecisionOutcome::StatusChanged(SessionStatus::Rejected)) => Expect::Rejected,
        Ok(DecisionOutcome::AwaitingSecondApproval) => Expect::SecondApprovalNeeded,
        Err(DecisionError::RoleMayNotDecide { .. }) => Expect::NoRole,
        Err(DecisionError::UnreviewedMatch { .. }) => Expect::Unreviewed,
        Err(DecisionError::ConfirmedSanction { .. }) => Expect::SanctionOnlyReject,
        Err(DecisionError::NoteRequiredForPep { .. }) => Expect::PepNoteNeeded,
        Err(DecisionError::AdminApprovalRequired { .. }) => Expect::PepAdminNeeded,
        other => panic!("unexpected outcome {other:?}"),
    }
}

fn decides(role: Role) -> bool {
    matches!(role, Role::Superadmin | Role::Admin | Role::Operator)
}

fn is_admin(role: Role) -> bool {
    matches!(role, Role::Superadmin | Role::Admin)
}

/// A first approval with a note: the table's rows.
fn first_approval_expected(state: Matches, role: Role, four_eyes: bool) -> Expect {
    use Expect::*;
    if !decides(role) {
        return NoRole;
    }
    match (state, four_eyes) {
        (Matches::None, _) => Verified,
        (Matches::Unreviewed, _) => Unreviewed,
        (Matches::FalsePositive, false) => Verified,
        (Matches::FalsePositive, true) => SecondApprovalNeeded,
        (Matches::ConfirmedPep, _) => SecondApprovalNeeded,
        (Matches::ConfirmedSanction, _) => SanctionOnlyReject,
    }
}

/// A second approval, by someone else, after a first one by an operator: the table's rows.
fn second_approval_expected(state: Matches, role: Role, four_eyes: bool) -> Expect {
    use Expect::*;
    if !decides(role) {
        return NoRole;
    }
    match (state, four_eyes) {
        (Matches::None, _) | (Matches::FalsePositive, _) => Verified,
        (Matches::Unreviewed, _) => Unreviewed,
        (Matches::ConfirmedPep, _) if is_admin(role) => Verified,
        (Matches::ConfirmedPep, _) => PepAdminNeeded,
        (Matches::ConfirmedSanction, _) => SanctionOnlyReject,
    }
}

#[test]
fn a_first_approval_follows_the_table_for_every_match_state_role_and_four_eyes_setting() {
    for state in ALL_MATCH_STATES {
        for role in ALL_ROLES {
            for four_eyes in [false, true] {
                let outcome = approve(&awaiting(state, None), "u-1", role, four_eyes, "Checked by video call.");
                assert_eq!(short(outcome), first_approval_expected(state, role, four_eyes), "{state:?} {role} four_eyes={four_eyes}");
            }
        }
    }
}

#[test]
fn a_second_approval_follows_the_table_for_every_match_state_role_and_four_eyes_setting() {
    for state in ALL_MATCH_STATES {
        for role in ALL_ROLES {
            for four_eyes in [false, true] {
                let pending = awaiting(state, Some("operator-1"));
                let outcome = approve(&pending, "u-2", role, four_eyes, "Enhanced due diligence done.");
                assert_eq!(short(outcome), second_approval_expected(state, role, four_eyes), "{state:?} {role} four_eyes={four_eyes}");
            }
        }
    }
}

#[test]
fn a_rejection_is_open_to_every_reviewing_role_whatever_the_matches() {
    for state in ALL_MATCH_STATES {
        for role in ALL_ROLES {
            for four_eyes in [false, true] {
                let expected = if decides(role) { Expect::Rejected } else { Expect::NoRole };
                assert_eq!(short(reject(&awaiting(state, None), role, four_eyes)), expected, "{state:?} {role}");
            }
        }
    }
}

#[test]
fn a_confirmed_pep_is_never_verified_without_a_note() {
    for role in [Role::Admin, Role::Operator, Role::Superadmin] {
        for four_eyes in [false, true] {
            for note in ["", "   \n"] {
                for pending in [None, Some("operator-1")] {
                    let outcome = approve(&awaiting(Matches::ConfirmedPep, pending), "u-2", role, four_eyes, note);
                    assert_eq!(short(outcome), Expect::PepNoteNeeded, "{role} {pending:?}");
                }
            }
        }
    }
}

#[test]
fn a_confirmed_pep_is_verified_by_two_people_the_second_an_admin() {
    let start = awaiting(Matches::ConfirmedPep, None);
    let first = approve(&start, "operator-1", Role::Operator, false, "Source of funds documented.").expect("first step");
    assert_eq!(first, DecisionOutcome::AwaitingSecondApproval);
    let pending = start.after(&first, "operator-1");
    assert_eq!(short(approve(&pending, "operator-2", Role::Operator, false, "Agreed.")), Expect::PepAdminNeeded);
    assert_eq!(approve(&pending, "operator-1", Role::Admin, false, "Agreed."), Err(DecisionError::SameReviewerTwice));
    let second = approve(&pending, "admin-1", Role::Admin, false, "Approved under EDD.").expect("second step");
    assert_eq!(second, DecisionOutcome::StatusChanged(SessionStatus::Verified));
}

#[test]
fn an_admins_first_approval_of_a_pep_still_needs_another_admin() {
    let start = awaiting(Matches::ConfirmedPep, None);
    let first = approve(&start, "admin-1", Role::Admin, false, "EDD file complete.").expect("first step");
    assert_eq!(first, DecisionOutcome::AwaitingSecondApproval);
    let pending = start.after(&first, "admin-1");
    assert_eq!(approve(&pending, "admin-1", Role::Admin, false, "again"), Err(DecisionError::SameReviewerTwice));
    assert_eq!(short(approve(&pending, "admin-2", Role::Admin, false, "Agreed.")), Expect::Verified);
}

#[test]
fn one_open_match_among_reviewed_ones_still_refuses_an_approval() {
    let mut state = awaiting(Matches::FalsePositive, None);
    state.matches.push(MatchStanding { entity_id: "demo-p004".into(), ..standing(MatchKind::Pep, MatchReview::Open) });
    let refused = approve(&state, "admin-1", Role::Admin, false, "note").expect_err("refused");
    assert_eq!(refused.screening_match().map(|found| found.entity_id.as_str()), Some("demo-p004"));
}

#[test]
fn a_confirmed_sanction_outweighs_a_confirmed_pep() {
    let mut state = awaiting(Matches::ConfirmedPep, Some("operator-1"));
    state.matches.push(standing(MatchKind::Sanction, MatchReview::Confirmed));
    assert_eq!(short(approve(&state, "admin-1", Role::Admin, true, "note")), Expect::SanctionOnlyReject);
}

#[test]
fn the_refusal_names_the_match_in_words() {
    let refused = approve(&awaiting(Matches::ConfirmedSanction, None), "u-1", Role::Admin, false, "").expect_err("refused");
    let text = refused.to_string();
    assert!(text.contains("Giorgi Beridze") && text.contains("demo-p001") && text.contains("only be rejected"), "{text}");
    let json = serde_json::to_value(&refused).expect("serialisable");
    assert_eq!(json["kind"], "confirmed_sanction");
    assert_eq!(json["found"]["entity_id"], "demo-p001");
}
