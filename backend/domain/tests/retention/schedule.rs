use kyc_domain::retention::{
    AwaitedEvent, ClassFate, DataClass, LegalBasis, RedactedBy, Redaction, RejectionClock, RetentionPeriods,
    RetentionRule, ScheduleState, SessionRetentionFacts, Treatment, VerifiedLimit, schedule,
};
use kyc_domain::session::SessionStatus;

use super::{at, date, default_policy, hold, policy, session, verified_ended_on};

fn goes_on(facts: &SessionRetentionFacts) -> chrono::NaiveDate {
    schedule(facts, &default_policy(), date("2026-01-10")).rule.goes_on().expect("a dated rule")
}

#[test]
fn a_verified_session_without_a_reported_relationship_end_is_never_due() {
    let verified = session(SessionStatus::Verified);
    let far_future = schedule(&verified, &default_policy(), date("2199-12-31"));
    assert!(!far_future.due);
    assert_eq!(far_future.state, ScheduleState::Waiting { event: AwaitedEvent::RelationshipEnd });
    assert_eq!(far_future.rule, RetentionRule::VerifiedRelationshipOngoing { verified_on: date("2026-01-10") });
    assert!(far_future.classes.iter().all(|fate| fate.on.is_none()));
}

#[test]
fn a_verified_session_goes_the_day_after_five_years_from_the_relationship_end() {
    let verified = verified_ended_on("2026-03-15");
    assert!(!schedule(&verified, &default_policy(), date("2031-03-15")).due);
    let due = schedule(&verified, &default_policy(), date("2031-03-16"));
    assert!(due.due);
    assert_eq!(due.state, ScheduleState::Scheduled { goes_on: date("2031-03-16") });
    assert!(matches!(
        due.rule,
        RetentionRule::VerifiedAfterRelationshipEnd { limited_by: VerifiedLimit::Policy, policy_days: 1826, .. }
    ));
}

#[test]
fn five_years_with_two_leap_days_keep_a_verified_session_one_day_past_the_default_days() {
    // 2027-03-01 + 1826 days is 2032-02-29; five calendar years end on 2032-03-01.
    let verified = verified_ended_on("2027-03-01");
    let rule = schedule(&verified, &default_policy(), date("2032-03-01")).rule;
    assert!(matches!(
        rule,
        RetentionRule::VerifiedAfterRelationshipEnd {
            goes_on,
            legal_minimum_goes_on,
            limited_by: VerifiedLimit::LegalMinimum,
            ..
        } if goes_on == date("2032-03-02") && legal_minimum_goes_on == goes_on
    ));
    assert!(rule.explanation().contains("extended to the end of the 5 calendar years"), "{}", rule.explanation());
}

#[test]
fn the_longest_policy_never_keeps_a_verified_session_past_ten_calendar_years() {
    // 2029-03-01 .. 2039-03-01 holds two leap days: ten years are 3652 days, the policy 3653.
    let longest = policy(RetentionPeriods { verified_days: 3653, ..RetentionPeriods::default() });
    let rule = schedule(&verified_ended_on("2029-03-01"), &longest, date("2030-01-01")).rule;
    assert!(matches!(
        rule,
        RetentionRule::VerifiedAfterRelationshipEnd { goes_on, limited_by: VerifiedLimit::LegalMaximum, .. }
            if goes_on == date("2039-03-02")
    ));
}

#[test]
fn a_longer_policy_keeps_a_verified_session_longer() {
    let seven_years = policy(RetentionPeriods { verified_days: 2557, ..RetentionPeriods::default() });
    let rule = schedule(&verified_ended_on("2026-03-15"), &seven_years, date("2026-03-15")).rule;
    assert_eq!(rule.goes_on(), Some(date("2033-03-16")));
}

#[test]
fn a_relationship_end_reported_before_the_verification_counts_from_the_verification() {
    let early = verified_ended_on("2020-06-30");
    assert!(matches!(
        schedule(&early, &default_policy(), date("2026-02-01")).rule,
        RetentionRule::VerifiedAfterRelationshipEnd { counted_from, .. } if counted_from == date("2026-01-10")
    ));
    assert_eq!(goes_on(&early), date("2031-01-11"));
}

#[test]
fn a_verified_session_without_a_decision_time_counts_from_its_creation() {
    let facts = SessionRetentionFacts { decided_at: None, ..verified_ended_on("2026-01-09") };
    assert_eq!(goes_on(&facts), date("2031-01-11"));
}

#[test]
fn a_rejected_session_goes_its_policy_days_after_the_decision() {
    let rejected =
        SessionRetentionFacts { decided_at: Some(at("2026-02-20T17:45:00Z")), ..session(SessionStatus::Rejected) };
    assert!(!schedule(&rejected, &default_policy(), date("2027-02-20")).due);
    let due = schedule(&rejected, &default_policy(), date("2027-02-21"));
    assert!(due.due);
    assert_eq!(
        due.rule,
        RetentionRule::RejectedAfterDecision {
            counted_from: date("2026-02-20"),
            clock: RejectionClock::Decision,
            days: 365,
            goes_on: date("2027-02-21"),
        }
    );
    assert_eq!(due.rule.legal_bases(), &[LegalBasis::GdprStorageLimitation]);
}

#[test]
fn a_rejected_session_without_a_decision_time_counts_from_its_creation_and_says_so() {
    let rejected = SessionRetentionFacts { decided_at: None, ..session(SessionStatus::Rejected) };
    let rule = schedule(&rejected, &default_policy(), date("2026-01-10")).rule;
    assert!(matches!(
        rule,
        RetentionRule::RejectedAfterDecision { clock: RejectionClock::CreationNoDecisionRecorded, .. }
    ));
    assert!(rule.explanation().contains("no decision time recorded"), "{}", rule.explanation());
}

#[test]
fn a_one_day_policy_for_rejected_sessions_makes_them_due_two_days_after_the_decision() {
    let one_day = policy(RetentionPeriods { rejected_days: 1, ..RetentionPeriods::default() });
    let rejected = session(SessionStatus::Rejected);
    assert!(!schedule(&rejected, &one_day, date("2026-01-11")).due);
    assert!(schedule(&rejected, &one_day, date("2026-01-12")).due);
    assert!(schedule(&rejected, &one_day, date("2027-01-12")).due);
}

#[test]
fn a_not_finished_session_goes_thirty_days_after_its_creation() {
    let abandoned = session(SessionStatus::NotFinished);
    let rule = schedule(&abandoned, &default_policy(), date("2026-02-09")).rule;
    assert_eq!(
        rule,
        RetentionRule::NotFinishedAfterCreation {
            created_on: date("2026-01-10"),
            days: 30,
            goes_on: date("2026-02-10")
        }
    );
    assert!(!schedule(&abandoned, &default_policy(), date("2026-02-09")).due);
    assert!(schedule(&abandoned, &default_policy(), date("2026-02-10")).due);
}

#[test]
fn the_relationship_end_only_matters_for_verified_sessions() {
    let rejected =
        SessionRetentionFacts { relationship_ended_on: Some(date("2026-01-11")), ..session(SessionStatus::Rejected) };
    assert!(matches!(
        schedule(&rejected, &default_policy(), date("2026-01-12")).rule,
        RetentionRule::RejectedAfterDecision { .. }
    ));
}

#[test]
fn an_awaiting_action_session_is_never_due_but_is_reported_overdue_for_a_decision() {
    let undecided = session(SessionStatus::AwaitingAction);
    let early = schedule(&undecided, &default_policy(), date("2026-02-09"));
    assert!(!early.due && !early.review_overdue);
    let late = schedule(&undecided, &default_policy(), date("2199-01-01"));
    assert!(!late.due);
    assert!(late.review_overdue);
    assert_eq!(late.state, ScheduleState::Waiting { event: AwaitedEvent::Decision });
    assert_eq!(
        late.rule,
        RetentionRule::AwaitingDecision { created_on: date("2026-01-10"), overdue_from: date("2026-02-10") }
    );
    assert!(late.rule.explanation().contains("never deleted by policy while a person has to decide"));
}

#[test]
fn deciding_an_overdue_session_starts_the_clock_of_its_new_status() {
    let decided =
        SessionRetentionFacts { decided_at: Some(at("2026-06-01T12:00:00Z")), ..session(SessionStatus::Rejected) };
    assert_eq!(goes_on(&decided), date("2027-06-02"));
}

#[test]
fn a_held_session_is_never_due_and_its_schedule_names_the_hold() {
    let held = SessionRetentionFacts { legal_hold: Some(hold()), ..session(SessionStatus::Rejected) };
    let years_later = schedule(&held, &default_policy(), date("2040-01-01"));
    assert!(!years_later.due);
    assert_eq!(years_later.state, ScheduleState::Held { hold: hold() });
    assert!(years_later.legal_bases().contains(&LegalBasis::GdprLegalClaimsExemption));
    let explanation = years_later.explanation();
    assert!(explanation.contains("legal hold since 2026-02-01 (case 2026-114: police request"), "{explanation}");
    assert!(years_later.classes.iter().all(|fate| fate.on.is_none()));
}

#[test]
fn lifting_a_hold_makes_a_passed_date_due_at_once() {
    let held = SessionRetentionFacts { legal_hold: Some(hold()), ..session(SessionStatus::Rejected) };
    let lifted = SessionRetentionFacts { legal_hold: None, ..held.clone() };
    assert!(!schedule(&held, &default_policy(), date("2028-01-01")).due);
    assert!(schedule(&lifted, &default_policy(), date("2028-01-01")).due);
}

#[test]
fn a_redacted_session_is_not_due_again_and_shows_when_and_by_whom() {
    let redaction = Redaction { at: at("2027-01-12T03:00:00Z"), by: RedactedBy::Policy };
    let redacted = SessionRetentionFacts { redaction: Some(redaction.clone()), ..session(SessionStatus::Rejected) };
    let later = schedule(&redacted, &default_policy(), date("2030-01-01"));
    assert!(!later.due);
    assert_eq!(later.state, ScheduleState::Redacted { redaction });
    assert_eq!(later.explanation(), "redacted on 2027-01-12 by policy");
    assert_eq!(later.classes[0].on, Some(date("2027-01-12")));

    let undecided =
        SessionRetentionFacts { redaction: redacted.redaction.clone(), ..session(SessionStatus::AwaitingAction) };
    assert!(!schedule(&undecided, &default_policy(), date("2030-01-01")).review_overdue);
}

#[test]
fn photos_are_deleted_and_personal_values_cleared_on_the_same_day_while_the_record_is_kept() {
    let classes = schedule(&session(SessionStatus::NotFinished), &default_policy(), date("2026-01-10")).classes;
    assert_eq!(
        classes,
        vec![
            ClassFate { class: DataClass::Photos, treatment: Treatment::Deleted, on: Some(date("2026-02-10")) },
            ClassFate { class: DataClass::PersonalValues, treatment: Treatment::Cleared, on: Some(date("2026-02-10")) },
            ClassFate { class: DataClass::Record, treatment: Treatment::Kept, on: None },
        ]
    );
}

#[test]
fn the_explanation_says_what_goes_when_under_which_rule_and_law() {
    let verified = schedule(&verified_ended_on("2026-03-15"), &default_policy(), date("2026-04-01"));
    assert_eq!(
        verified.explanation(),
        "photos and personal values go on 2031-03-16: verified; kept 1826 days after the customer relationship \
         ended on 2026-03-15; goes on 2031-03-16 (Directive (EU) 2015/849 Art. 40(1); Regulation (EU) 2024/1624 \
         Art. 77; GDPR Art. 5(1)(e))"
    );
    let due = schedule(&session(SessionStatus::NotFinished), &default_policy(), date("2026-03-01"));
    assert!(due.explanation().starts_with("photos and personal values are due for deletion since 2026-02-10"));
}

#[test]
fn a_schedule_serialises_with_tagged_rule_and_state() {
    let value = serde_json::to_value(schedule(&verified_ended_on("2026-03-15"), &default_policy(), date("2031-03-16")))
        .expect("serialisable");
    assert_eq!(value["rule"]["rule"], "verified_after_relationship_end");
    assert_eq!(value["rule"]["limited_by"], "policy");
    assert_eq!(value["state"]["state"], "scheduled");
    assert_eq!(value["state"]["goes_on"], "2031-03-16");
    assert_eq!(value["due"], true);
    assert_eq!(value["classes"][1]["class"], "personal_values");
}
