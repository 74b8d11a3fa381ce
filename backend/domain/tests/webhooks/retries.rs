//! The retry schedule and the verdicts: the published timeline, jitter bounds, statuses,
//! `Retry-After`, the three-day window, disabling, and the test scale.

use super::at;
use chrono::{DateTime, TimeDelta, Utc};
use kyc_domain::webhooks::retry::{DisableReason, RETRY_WINDOW};
use kyc_domain::webhooks::{
    AttemptOutcome, FinishedAttempt, Jitter, RetryPolicy, RetryScale, Verdict, parse_retry_after,
};
use proptest::prelude::*;
use std::time::Duration;

const FIRST: i64 = 1_764_581_400;

fn failed(number: u32, finished_at: DateTime<Utc>, outcome: AttemptOutcome) -> FinishedAttempt {
    FinishedAttempt {
        number,
        first_attempt_at: at(FIRST),
        finished_at,
        outcome,
        endpoint_last_success_at: None,
    }
}

fn answered(status: u16) -> AttemptOutcome {
    AttemptOutcome::Answered { status, retry_after: None }
}

fn asking(status: u16, seconds: u64) -> AttemptOutcome {
    AttemptOutcome::Answered { status, retry_after: Some(Duration::from_secs(seconds)) }
}

/// Runs a receiver that never answers, each attempt taking no time, until the policy stops;
/// returns the attempt times as seconds after the first, and the final verdict.
fn run_until_the_end(policy: RetryPolicy, jitter: impl Fn(u32) -> Jitter) -> (Vec<f64>, Verdict) {
    let mut times = vec![at(FIRST)];
    loop {
        let number = u32::try_from(times.len()).expect("few attempts");
        let finished_at = *times.last().expect("one attempt at least");
        match policy.verdict(&failed(number, finished_at, AttemptOutcome::NoAnswer), jitter(number))
        {
            Verdict::Retry { attempt, at } => {
                assert_eq!(attempt, number + 1);
                times.push(at);
            }
            end => {
                let offsets =
                    times.iter().map(|time| (*time - at(FIRST)).as_seconds_f64()).collect();
                return (offsets, end);
            }
        }
    }
}

const H: f64 = 3600.0;

#[test]
fn without_jitter_the_attempts_follow_the_published_schedule_for_three_days() {
    let (times, end) = run_until_the_end(RetryPolicy::default(), |_| Jitter::NONE);
    let expected = [
        0.0,
        5.0,
        5.0 + 300.0,
        305.0 + 1800.0,
        2105.0 + 2.0 * H,
        2105.0 + 7.0 * H,
        2105.0 + 17.0 * H,
        2105.0 + 29.0 * H,
        2105.0 + 41.0 * H,
        2105.0 + 53.0 * H,
        2105.0 + 65.0 * H,
        72.0 * H, // pulled in to the end of the window
    ];
    assert_eq!(times, expected);
    assert_eq!(
        end,
        Verdict::GiveUp {
            disable_endpoint: Some(DisableReason::FailingForThreeDays {
                since: at(FIRST),
                attempts: 12
            })
        }
    );
}

#[test]
fn the_nominal_delays_are_5s_5min_30min_2h_5h_10h_then_12h() {
    let minutes = |retry| RetryPolicy::nominal_delay(retry).as_secs_f64() / 60.0;
    let delays: Vec<f64> = (1..=9).map(minutes).collect();
    assert_eq!(delays, [5.0 / 60.0, 5.0, 30.0, 120.0, 300.0, 600.0, 720.0, 720.0, 720.0]);
    assert_eq!(RetryPolicy::nominal_delay(0), RetryPolicy::nominal_delay(1));
    assert_eq!(RetryPolicy::nominal_delay(u32::MAX).as_secs(), 12 * 3600);
}

#[test]
fn full_jitter_takes_at_most_a_fifth_off_and_never_more_than_the_step_up() {
    let policy = RetryPolicy::default();
    let shortest = |retry| policy.delay(retry, Jitter::FULL).as_secs_f64();
    assert_eq!(shortest(1), 4.0);
    assert_eq!(shortest(2), 240.0);
    assert_eq!(shortest(3), 24.0 * 60.0);
    assert_eq!(shortest(4), 96.0 * 60.0);
    assert_eq!(shortest(5), 4.0 * H);
    assert_eq!(shortest(6), 8.0 * H);
    assert_eq!(shortest(7), 10.0 * H, "12 h minus the 2 h step up from 10 h");
    assert_eq!(shortest(8), 12.0 * H, "the steady 12 h has no step up, so no jitter");
    assert_eq!(policy.delay(3, Jitter::new(0.5)).as_secs_f64(), 27.0 * 60.0);
}

proptest! {
    #[test]
    fn delays_never_shrink_and_stay_in_their_band_whatever_the_draws(
        draws in proptest::collection::vec(0.0_f64..=1.0, 12)
    ) {
        let policy = RetryPolicy::default();
        let mut previous = Duration::ZERO;
        for (retry, draw) in (1_u32..).zip(draws) {
            let delay = policy.delay(retry, Jitter::new(draw));
            let nominal = RetryPolicy::nominal_delay(retry);
            prop_assert!(delay >= previous, "retry {retry}: {delay:?} < {previous:?}");
            prop_assert!(delay <= nominal);
            prop_assert!(delay >= nominal.mul_f64(0.8));
            previous = delay;
        }
    }

    #[test]
    fn with_any_jitter_attempts_move_forward_and_end_at_the_three_day_mark(seed in any::<u64>()) {
        let draw = |n: u32| Jitter::new(((seed.rotate_left(n * 7) % 1000) as f64) / 999.0);
        let (times, end) = run_until_the_end(RetryPolicy::default(), draw);
        prop_assert!(times.windows(2).all(|pair| pair[0] < pair[1]));
        prop_assert_eq!(*times.last().expect("attempts"), 72.0 * H);
        let disabled = matches!(end, Verdict::GiveUp { disable_endpoint: Some(_) });
        prop_assert!(disabled, "ended with {:?}", end);
    }
}

#[test]
fn a_2xx_answer_is_delivered_whatever_else_it_says() {
    let policy = RetryPolicy::default();
    for status in [200, 201, 202, 204, 299] {
        let attempt = failed(1, at(FIRST), answered(status));
        assert_eq!(policy.verdict(&attempt, Jitter::NONE), Verdict::Delivered, "{status}");
    }
    let with_retry_after = failed(1, at(FIRST), asking(200, 3600));
    assert_eq!(policy.verdict(&with_retry_after, Jitter::NONE), Verdict::Delivered);
}

#[test]
fn redirects_client_and_server_errors_and_silence_are_retried() {
    let policy = RetryPolicy::default();
    let retry_in_5s = Verdict::Retry { attempt: 2, at: at(FIRST + 5) };
    for status in
        [100, 199, 300, 301, 302, 307, 308, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504, 999]
    {
        let attempt = failed(1, at(FIRST), answered(status));
        assert_eq!(policy.verdict(&attempt, Jitter::NONE), retry_in_5s, "{status}");
    }
    let silence = failed(1, at(FIRST), AttemptOutcome::NoAnswer);
    assert_eq!(policy.verdict(&silence, Jitter::NONE), retry_in_5s);
}

#[test]
fn gone_disables_the_endpoint_at_once() {
    let attempt = failed(1, at(FIRST), answered(410));
    let verdict = RetryPolicy::default().verdict(&attempt, Jitter::NONE);
    assert_eq!(verdict, Verdict::DisableEndpoint(DisableReason::Gone));
    assert_eq!(verdict.to_string(), "endpoint disabled: the endpoint answered 410 Gone");
}

#[test]
fn the_next_delay_counts_from_the_end_of_the_failed_attempt() {
    // A 15 s timeout on the second attempt: the third waits 5 min after it ended.
    let second_ended = at(FIRST + 5 + 15);
    let verdict = RetryPolicy::default()
        .verdict(&failed(2, second_ended, AttemptOutcome::NoAnswer), Jitter::NONE);
    assert_eq!(verdict, Verdict::Retry { attempt: 3, at: second_ended + TimeDelta::minutes(5) });
}

#[test]
fn retry_after_is_honoured_when_it_asks_for_later_and_capped_at_12_hours() {
    let policy = RetryPolicy::default();
    let after = |outcome| match policy.verdict(&failed(1, at(FIRST), outcome), Jitter::NONE) {
        Verdict::Retry { at: when, .. } => (when - at(FIRST)).num_seconds(),
        other => panic!("expected a retry, got {other:?}"),
    };
    assert_eq!(after(asking(503, 120)), 120, "later than the 5 s of the schedule");
    assert_eq!(after(asking(429, 1)), 5, "sooner than the schedule: the schedule wins");
    assert_eq!(after(asking(503, 0)), 5);
    assert_eq!(after(asking(503, 48 * 3600)), 12 * 3600, "capped");
    assert_eq!(after(asking(301, 600)), 600, "on any failed answer");
}

#[test]
fn a_retry_after_beyond_the_window_is_pulled_in_to_its_end() {
    let late = at(FIRST) + TimeDelta::hours(70);
    let verdict =
        RetryPolicy::default().verdict(&failed(2, late, asking(503, 11 * 3600)), Jitter::NONE);
    assert_eq!(verdict, Verdict::Retry { attempt: 3, at: at(FIRST) + TimeDelta::hours(72) });
}

#[test]
fn an_attempt_failing_at_or_after_three_days_ends_the_delivery() {
    let policy = RetryPolicy::default();
    let deadline = at(FIRST) + TimeDelta::hours(72);
    let just_before = failed(11, deadline - TimeDelta::seconds(1), AttemptOutcome::NoAnswer);
    assert_eq!(
        policy.verdict(&just_before, Jitter::NONE),
        Verdict::Retry { attempt: 12, at: deadline }
    );
    for finished_at in [deadline, deadline + TimeDelta::minutes(1)] {
        let verdict = policy.verdict(&failed(12, finished_at, answered(500)), Jitter::NONE);
        assert!(matches!(verdict, Verdict::GiveUp { disable_endpoint: Some(_) }), "{verdict:?}");
    }
}

#[test]
fn giving_up_disables_the_endpoint_only_if_it_delivered_nothing_meanwhile() {
    let policy = RetryPolicy::default();
    let end = at(FIRST) + TimeDelta::hours(72);
    let with_success = |success: Option<DateTime<Utc>>| FinishedAttempt {
        endpoint_last_success_at: success,
        ..failed(12, end, AttemptOutcome::NoAnswer)
    };
    let other_event_delivered = with_success(Some(at(FIRST) + TimeDelta::hours(30)));
    assert_eq!(
        policy.verdict(&other_event_delivered, Jitter::NONE),
        Verdict::GiveUp { disable_endpoint: None }
    );
    let last_success_before = with_success(Some(at(FIRST) - TimeDelta::hours(1)));
    let verdict = policy.verdict(&last_success_before, Jitter::NONE);
    let Verdict::GiveUp { disable_endpoint: Some(reason) } = verdict else {
        panic!("expected the endpoint disabled, got {verdict:?}");
    };
    assert_eq!(reason.code(), "failing_for_three_days");
    assert_eq!(
        reason.to_string(),
        "every delivery to the endpoint failed for 3 days since 2025-12-01T09:30:00Z; the oldest event was tried 12 times"
    );
}

#[test]
fn the_scale_shrinks_every_duration_of_the_schedule_alike() {
    let scale = RetryScale::new(0.001).expect("a scale");
    let policy = RetryPolicy::new(scale);
    assert_eq!(policy.delay(1, Jitter::NONE), Duration::from_millis(5));
    assert_eq!(policy.delay(7, Jitter::FULL), Duration::from_secs(36));
    let (times, end) = run_until_the_end(policy, |_| Jitter::NONE);
    assert_eq!(times.len(), 12, "the same attempts, sooner");
    let window = RETRY_WINDOW.as_secs_f64() * 0.001;
    assert!((times.last().expect("attempts") - window).abs() < 1e-6, "{times:?}");
    assert!(matches!(end, Verdict::GiveUp { .. }));

    let retry_after = policy.verdict(&failed(1, at(FIRST), asking(503, 120)), Jitter::NONE);
    assert_eq!(
        retry_after,
        Verdict::Retry { attempt: 2, at: at(FIRST) + TimeDelta::milliseconds(120) }
    );
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    let now = at(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
    assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
    assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
    assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
    let in_an_hour = Some(Duration::from_secs(3600));
    assert_eq!(parse_retry_after("Wed, 21 Oct 2015 08:28:00 GMT", now), in_an_hour);
    assert_eq!(parse_retry_after("Wednesday, 21-Oct-15 08:28:00 GMT", now), in_an_hour);
    assert_eq!(parse_retry_after("Wed Oct 21 08:28:00 2015", now), in_an_hour);
    assert_eq!(parse_retry_after("Wed, 21 Oct 2015 06:28:00 GMT", now), Some(Duration::ZERO));
    assert_eq!(parse_retry_after("99999999999999999999999", now), Some(Duration::MAX));
    for unreadable in ["", "-5", "1.5", "+10", "soon", "2015-10-21T08:28:00Z"] {
        assert_eq!(parse_retry_after(unreadable, now), None, "{unreadable:?}");
    }
}

#[test]
fn a_huge_retry_after_is_still_capped() {
    let outcome = AttemptOutcome::Answered { status: 503, retry_after: Some(Duration::MAX) };
    let verdict = RetryPolicy::default().verdict(&failed(1, at(FIRST), outcome), Jitter::NONE);
    assert_eq!(verdict, Verdict::Retry { attempt: 2, at: at(FIRST) + TimeDelta::hours(12) });
}
