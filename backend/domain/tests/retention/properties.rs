use chrono::{Days, NaiveDate};
use kyc_domain::retention::law::day_after_years;
use kyc_domain::retention::{RetentionPeriods, RetentionPolicy, SessionRetentionFacts, schedule};
use kyc_domain::session::SessionStatus;
use proptest::prelude::*;

use super::{at, hold};

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date") + Days::new(u64::from(offset))
}

fn any_policy() -> impl Strategy<Value = RetentionPolicy> {
    (1826u32..=3653, 1u32..=3653, 1u32..=365, 1u32..=365).prop_map(|(verified, rejected, not_finished, overdue)| {
        RetentionPolicy::new(RetentionPeriods {
            verified_days: verified,
            rejected_days: rejected,
            not_finished_days: not_finished,
            awaiting_action_overdue_days: overdue,
        })
        .expect("within bounds")
    })
}

fn any_session() -> impl Strategy<Value = SessionRetentionFacts> {
    (
        prop::sample::select(SessionStatus::ALL.to_vec()),
        0u32..4000,
        prop::option::of(0u32..400),
        prop::option::of(0u32..6000),
    )
        .prop_map(|(status, created, decided_after, ended)| {
            let created_at = at("2020-01-01T10:00:00Z") + Days::new(u64::from(created));
            SessionRetentionFacts {
                status,
                created_at,
                decided_at: decided_after.map(|after| created_at + Days::new(u64::from(after))),
                relationship_ended_on: ended.map(day),
                legal_hold: None,
                redaction: None,
            }
        })
}

proptest! {
    #[test]
    fn a_verified_session_is_never_due_within_five_calendar_years_nor_kept_past_ten(
        session in any_session(), policy in any_policy(), offset in 0u32..8000
    ) {
        let verified = SessionRetentionFacts { status: SessionStatus::Verified, ..session };
        let as_of = day(offset);
        let plan = schedule(&verified, &policy, as_of);
        match verified.relationship_ended_on {
            None => prop_assert!(!plan.due),
            Some(ended) => {
                let goes_on = plan.rule.goes_on().expect("dated once the relationship ended");
                prop_assert!(goes_on >= day_after_years(ended, 5));
                let verified_on = verified.decided_at.unwrap_or(verified.created_at).date_naive();
                prop_assert!(goes_on <= day_after_years(ended.max(verified_on), 10));
                prop_assert_eq!(plan.due, goes_on <= as_of);
            }
        }
    }

    #[test]
    fn a_held_or_redacted_session_is_never_due(session in any_session(), policy in any_policy(), offset in 0u32..20000) {
        let held = SessionRetentionFacts { legal_hold: Some(hold()), ..session.clone() };
        prop_assert!(!schedule(&held, &policy, day(offset)).due);
        let redacted = SessionRetentionFacts {
            redaction: Some(kyc_domain::retention::Redaction {
                at: at("2021-01-01T00:00:00Z"),
                by: kyc_domain::retention::RedactedBy::Policy,
            }),
            ..session
        };
        prop_assert!(!schedule(&redacted, &policy, day(offset)).due);
    }

    #[test]
    fn once_due_a_session_stays_due(session in any_session(), policy in any_policy(), offset in 0u32..8000, later in 0u32..4000) {
        if schedule(&session, &policy, day(offset)).due {
            prop_assert!(schedule(&session, &policy, day(offset + later)).due);
        }
    }

    #[test]
    fn nothing_is_due_before_its_event_and_an_undecided_session_never(
        session in any_session(), policy in any_policy(), offset in 0u32..20000
    ) {
        let plan = schedule(&session, &policy, day(offset));
        if plan.due {
            prop_assert!(plan.rule.goes_on().is_some_and(|goes_on| goes_on <= day(offset)));
            prop_assert!(plan.rule.goes_on() > Some(session.created_at.date_naive()));
        }
        if session.status == SessionStatus::AwaitingAction {
            prop_assert!(!plan.due);
        }
    }
}
