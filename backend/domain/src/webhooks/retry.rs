//! The retry schedule, and the verdict after each delivery attempt.
//!
//! See the [module docs](super) for the schedule, the jitter and the verdicts.

use chrono::{DateTime, TimeDelta, Utc};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;

/// The delays before the first six retries: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h.
pub const RETRY_DELAYS: [Duration; 6] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * MINUTE),
    Duration::from_secs(30 * MINUTE),
    Duration::from_secs(2 * HOUR),
    Duration::from_secs(5 * HOUR),
    Duration::from_secs(10 * HOUR),
];
/// The delay before every later retry: 12 h.
pub const STEADY_DELAY: Duration = Duration::from_secs(12 * HOUR);
/// How long after its first attempt a delivery is retried: 3 days.
pub const RETRY_WINDOW: Duration = Duration::from_secs(72 * HOUR);
/// The longest wait a `Retry-After` can ask for: 12 h.
pub const RETRY_AFTER_CAP: Duration = Duration::from_secs(12 * HOUR);
/// The jitter takes at most this share of a delay off: 20 %.
pub const JITTER_SHARE: f64 = 0.2;

/// The factor that multiplies every duration of the schedule (`KYC_WEBHOOK_RETRY_SCALE`):
/// 1 in production; 0.001 turns 5 s into 5 ms and 3 days into about 4 min.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct RetryScale(f64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetryScaleError {
    #[error("the retry scale {0:?} is not a number")]
    NotANumber(String),
    #[error("the retry scale must be above 0 and at most 1, got {0}")]
    OutOfRange(String),
}

impl RetryScale {
    pub const REAL_TIME: RetryScale = RetryScale(1.0);

    /// A factor above 0 and at most 1: the schedule can be run faster, never slower.
    pub fn new(factor: f64) -> Result<Self, RetryScaleError> {
        if factor.is_finite() && factor > 0.0 && factor <= 1.0 {
            Ok(Self(factor))
        } else {
            Err(RetryScaleError::OutOfRange(factor.to_string()))
        }
    }

    pub fn factor(self) -> f64 {
        self.0
    }

    fn apply(self, duration: Duration) -> Duration {
        duration.mul_f64(self.0)
    }
}

impl Default for RetryScale {
    fn default() -> Self {
        Self::REAL_TIME
    }
}

impl FromStr for RetryScale {
    type Err = RetryScaleError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let factor: f64 =
            text.trim().parse().map_err(|_| RetryScaleError::NotANumber(text.to_owned()))?;
        Self::new(factor)
    }
}

/// Where in its jitter band a delay falls: 0 is the nominal delay, 1 the shortest in the band.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Jitter(f64);

impl Jitter {
    /// No jitter: every delay is the nominal one.
    pub const NONE: Jitter = Jitter(0.0);
    /// The shortest delay of every band.
    pub const FULL: Jitter = Jitter(1.0);

    /// A point of the band; values outside 0..=1 are clamped, and NaN is none.
    pub fn new(point: f64) -> Self {
        if point.is_nan() { Self::NONE } else { Self(point.clamp(0.0, 1.0)) }
    }

    /// A uniformly random point of the band, from the thread's random number generator.
    pub fn random() -> Self {
        Self(rand::random_range(0.0..=1.0))
    }
}

/// What one attempt got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The receiver answered with this status; `retry_after` is its `Retry-After`, parsed
    /// (see [`parse_retry_after`]).
    Answered { status: u16, retry_after: Option<Duration> },
    /// No answer: timeout, refused or reset connection, TLS or DNS failure, or an address the
    /// network policy refuses.
    NoAnswer,
}

/// One finished attempt of one delivery, and what the verdict needs to know around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinishedAttempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// When the delivery's first attempt started.
    pub first_attempt_at: DateTime<Utc>,
    /// When this attempt ended: the next delay counts from here.
    pub finished_at: DateTime<Utc>,
    pub outcome: AttemptOutcome,
    /// The endpoint's last successful delivery of any event, if any.
    pub endpoint_last_success_at: Option<DateTime<Utc>>,
}

/// What to do after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// A 2xx answer: the delivery is done.
    Delivered,
    /// Try again: attempt number `attempt` is due at `at`.
    Retry { attempt: u32, at: DateTime<Utc> },
    /// The retry window is over: the delivery has failed for good. The endpoint is disabled
    /// too when it delivered nothing at all since this delivery's first attempt.
    GiveUp { disable_endpoint: Option<DisableReason> },
    /// `410 Gone`: the delivery ends and the endpoint is disabled now.
    DisableEndpoint(DisableReason),
}

/// Why an endpoint was disabled. Its `Display` is the sentence its admins see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisableReason {
    /// The receiver answered `410 Gone`.
    Gone,
    /// Nothing was delivered to the endpoint during a whole retry window.
    FailingForThreeDays { since: DateTime<Utc>, attempts: u32 },
}

impl fmt::Display for DisableReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Gone => f.write_str("the endpoint answered 410 Gone"),
            Self::FailingForThreeDays { since, attempts } => write!(
                f,
                "every delivery to the endpoint failed for 3 days since {}; the oldest event was tried {attempts} times",
                since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

impl DisableReason {
    /// A stable code for storage and the API: `gone` or `failing_for_three_days`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Gone => "gone",
            Self::FailingForThreeDays { .. } => "failing_for_three_days",
        }
    }
}

/// The schedule, at a given scale.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RetryPolicy {
    scale: RetryScale,
}

impl RetryPolicy {
    pub fn new(scale: RetryScale) -> Self {
        Self { scale }
    }

    pub fn scale(&self) -> RetryScale {
        self.scale
    }

    /// The delay before retry `retry` (1 for the retry after the first attempt), unscaled and
    /// without jitter.
    pub fn nominal_delay(retry: u32) -> Duration {
        let index = usize::try_from(retry.max(1) - 1).unwrap_or(usize::MAX);
        RETRY_DELAYS.get(index).copied().unwrap_or(STEADY_DELAY)
    }

    /// The delay before retry `retry`, with jitter, scaled.
    ///
    /// Bounded full jitter: uniform over the band `[nominal − spread, nominal]`, where the
    /// spread is 20 % of the nominal delay but never more than the step up from the previous
    /// nominal delay. Every band thus starts at or above the end of the previous one, and
    /// delays never shrink from one retry to the next, whatever the draws.
    pub fn delay(&self, retry: u32, jitter: Jitter) -> Duration {
        let nominal = Self::nominal_delay(retry);
        let previous = if retry <= 1 { Duration::ZERO } else { Self::nominal_delay(retry - 1) };
        let spread = nominal.mul_f64(JITTER_SHARE).min(nominal.saturating_sub(previous));
        self.scale.apply(nominal - spread.mul_f64(jitter.0))
    }

    /// The verdict after `attempt`. See the [module docs](super) for the rules.
    pub fn verdict(&self, attempt: &FinishedAttempt, jitter: Jitter) -> Verdict {
        let retry_after = match attempt.outcome {
            AttemptOutcome::Answered { status: 200..=299, .. } => return Verdict::Delivered,
            AttemptOutcome::Answered { status: 410, .. } => {
                return Verdict::DisableEndpoint(DisableReason::Gone);
            }
            AttemptOutcome::Answered { retry_after, .. } => retry_after,
            AttemptOutcome::NoAnswer => None,
        };
        let deadline = attempt.first_attempt_at + to_delta(self.scale.apply(RETRY_WINDOW));
        if attempt.finished_at >= deadline {
            return self.give_up(attempt);
        }
        let delay = self.delay(attempt.number, jitter).max(self.asked_delay(retry_after));
        let at = (attempt.finished_at + to_delta(delay)).min(deadline);
        Verdict::Retry { attempt: attempt.number.saturating_add(1), at }
    }

    /// The receiver's `Retry-After`, capped at [`RETRY_AFTER_CAP`], scaled.
    fn asked_delay(&self, retry_after: Option<Duration>) -> Duration {
        retry_after.map_or(Duration::ZERO, |asked| self.scale.apply(asked.min(RETRY_AFTER_CAP)))
    }

    fn give_up(&self, attempt: &FinishedAttempt) -> Verdict {
        let delivered_since_first_attempt = attempt
            .endpoint_last_success_at
            .is_some_and(|success| success >= attempt.first_attempt_at);
        let disable_endpoint =
            (!delivered_since_first_attempt).then_some(DisableReason::FailingForThreeDays {
                since: attempt.first_attempt_at,
                attempts: attempt.number,
            });
        Verdict::GiveUp { disable_endpoint }
    }
}

/// Durations here are at most days long, far inside `TimeDelta`'s range.
fn to_delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

/// Reads a `Retry-After` value received at `now`: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2026 07:28:00 GMT`, or the obsolete RFC 850 and asctime forms). A date in the
/// past is a zero wait; anything else unreadable is `None`, as if there were no header.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::from(now)).unwrap_or(Duration::ZERO))
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Delivered => f.write_str("delivered"),
            Self::Retry { attempt, at } => write!(f, "attempt {attempt} at {at}"),
            Self::GiveUp { disable_endpoint: None } => f.write_str("given up"),
            Self::GiveUp { disable_endpoint: Some(reason) } | Self::DisableEndpoint(reason) => {
                write!(f, "endpoint disabled: {reason}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_outside_zero_to_one_are_refused() {
        for factor in [0.0, -1.0, 1.5, f64::NAN, f64::INFINITY] {
            assert!(RetryScale::new(factor).is_err(), "{factor}");
        }
        assert_eq!("0.001".parse::<RetryScale>().map(RetryScale::factor), Ok(0.001));
        assert!(matches!("fast".parse::<RetryScale>(), Err(RetryScaleError::NotANumber(_))));
    }

    #[test]
    fn jitter_points_are_clamped_into_the_band() {
        assert_eq!(Jitter::new(-3.0), Jitter::NONE);
        assert_eq!(Jitter::new(7.0), Jitter::FULL);
        assert_eq!(Jitter::new(f64::NAN), Jitter::NONE);
        for _ in 0..1000 {
            let Jitter(point) = Jitter::random();
            assert!((0.0..=1.0).contains(&point));
        }
    }
}
