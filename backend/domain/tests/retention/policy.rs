use kyc_domain::retention::{InvalidPolicy, PolicyPeriod, PolicyProblem, RetentionPeriods, RetentionPolicy};

fn problems(periods: RetentionPeriods) -> Vec<PolicyProblem> {
    RetentionPolicy::new(periods).expect_err("an invalid policy").problems
}

#[test]
fn the_default_policy_keeps_verified_five_years_rejected_a_year_and_unfinished_a_month() {
    let periods = RetentionPolicy::default().periods();
    assert_eq!(
        periods,
        RetentionPeriods {
            verified_days: 1826,
            rejected_days: 365,
            not_finished_days: 30,
            awaiting_action_overdue_days: 30
        }
    );
    assert_eq!(RetentionPolicy::new(periods).map(|policy| policy.periods()), Ok(periods));
}

#[test]
fn a_verified_period_shorter_than_five_years_is_refused_naming_the_aml_laws() {
    let found = problems(RetentionPeriods { verified_days: 1825, ..RetentionPeriods::default() });
    assert_eq!(found.len(), 1);
    assert!(matches!(
        &found[0],
        PolicyProblem::BelowLegalMinimum { period: PolicyPeriod::Verified, days: 1825, minimum: 1826, .. }
    ));
    let message = found[0].to_string();
    assert!(message.contains("verified_days is 1825 days"), "{message}");
    assert!(message.contains("Directive (EU) 2015/849 Art. 40(1)"), "{message}");
    assert!(message.contains("Regulation (EU) 2024/1624 Art. 77"), "{message}");
}

#[test]
fn a_verified_period_longer_than_ten_years_is_refused_and_points_to_a_legal_hold() {
    let found = problems(RetentionPeriods { verified_days: 3654, ..RetentionPeriods::default() });
    assert!(matches!(&found[0], PolicyProblem::AboveLegalMaximum { maximum: 3653, .. }));
    assert!(found[0].to_string().contains("legal hold"));
}

#[test]
fn the_bounds_themselves_are_accepted() {
    for periods in [
        RetentionPeriods {
            verified_days: 1826,
            rejected_days: 1,
            not_finished_days: 1,
            awaiting_action_overdue_days: 1,
        },
        RetentionPeriods {
            verified_days: 3653,
            rejected_days: 3653,
            not_finished_days: 365,
            awaiting_action_overdue_days: 365,
        },
    ] {
        assert!(RetentionPolicy::new(periods).is_ok(), "{periods:?}");
    }
}

#[test]
fn zero_days_and_unfinished_sessions_kept_over_a_year_are_out_of_range() {
    let found = problems(RetentionPeriods { rejected_days: 0, not_finished_days: 366, ..RetentionPeriods::default() });
    assert_eq!(
        found,
        vec![
            PolicyProblem::OutOfRange { period: PolicyPeriod::Rejected, days: 0, minimum: 1, maximum: 3653 },
            PolicyProblem::OutOfRange { period: PolicyPeriod::NotFinished, days: 366, minimum: 1, maximum: 365 },
        ]
    );
    assert_eq!(found[1].to_string(), "not_finished_days must be between 1 and 365 days, got 366");
}

#[test]
fn every_problem_is_reported_at_once_in_settings_order() {
    let error: InvalidPolicy = RetentionPolicy::new(RetentionPeriods {
        verified_days: 30,
        rejected_days: 0,
        not_finished_days: 0,
        awaiting_action_overdue_days: 0,
    })
    .expect_err("four problems");
    let periods: Vec<PolicyPeriod> = error.problems.iter().map(PolicyProblem::period).collect();
    assert_eq!(periods, PolicyPeriod::ALL.to_vec());
    assert!(error.to_string().starts_with("invalid retention policy: verified_days is 30 days"));
}

#[test]
fn reading_a_policy_from_json_checks_it_and_fills_missing_periods_with_defaults() {
    let policy: RetentionPolicy = serde_json::from_str(r#"{"rejected_days": 90}"#).expect("a valid policy");
    assert_eq!(policy.days(PolicyPeriod::Rejected), 90);
    assert_eq!(policy.days(PolicyPeriod::Verified), 1826);

    let short = serde_json::from_str::<RetentionPolicy>(r#"{"verified_days": 365}"#).expect_err("too short");
    assert!(short.to_string().contains("legal minimum"), "{short}");
    let typo = serde_json::from_str::<RetentionPolicy>(r#"{"verifed_days": 2000}"#).expect_err("unknown field");
    assert!(typo.to_string().contains("verifed_days"), "{typo}");
    assert!(serde_json::from_str::<RetentionPolicy>(r#"{"rejected_days": -1}"#).is_err());
}

#[test]
fn a_policy_writes_as_its_periods_and_reads_back_equal() {
    let policy = super::policy(RetentionPeriods { verified_days: 2557, ..RetentionPeriods::default() });
    let json = serde_json::to_string(&policy).expect("serialisable");
    assert_eq!(
        json,
        r#"{"verified_days":2557,"rejected_days":365,"not_finished_days":30,"awaiting_action_overdue_days":30}"#
    );
    assert_eq!(serde_json::from_str::<RetentionPolicy>(&json).expect("readable"), policy);
}
