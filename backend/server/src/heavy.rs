//! Bounds on expensive work, so that no caller can stall the server.
//!
//! - [`HeavyWork`]: CPU-heavy steps (sanctions screening, MRZ repair, PDF rendering, password
//!   hashing) run on the blocking thread pool, never on the async threads that answer every
//!   other request (`/healthz` included), and at most `slots` of them at once. A step that
//!   cannot start within `wait` is refused with "busy" (503 with `Retry-After`) instead of
//!   queueing without limit. Their cost per call is bounded by the input limits (every name is
//!   at most 200 characters, see `api/wire/text.rs`).
//! - [`CallerLimits`]: each caller (user or API client) may start at most `per_minute`
//!   expensive operations a minute, with bursts up to `burst`; past that, 429 with the exact
//!   wait. The limit is per server process (a generic cell rate algorithm from `governor`),
//!   and callers unseen for a while are forgotten so the table stays small.

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeavyError {
    #[error("the server is busy with other heavy work; try again in a moment")]
    Busy { retry_after: Duration },
    #[error("a heavy task stopped: {0}")]
    Stopped(String),
}

/// A bounded number of CPU-heavy steps at once, off the async threads.
#[derive(Clone)]
pub struct HeavyWork {
    slots: Arc<Semaphore>,
    wait: Duration,
}

impl HeavyWork {
    pub fn new(slots: usize, wait: Duration) -> HeavyWork {
        HeavyWork { slots: Arc::new(Semaphore::new(slots.max(1))), wait }
    }

    /// Runs the step on the blocking pool once a slot is free, or refuses after `wait`.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HeavyError> {
        let permit = tokio::time::timeout(self.wait, self.slots.clone().acquire_owned())
            .await
            .map_err(|_| HeavyError::Busy { retry_after: Duration::from_secs(1) })?
            .map_err(|error| HeavyError::Stopped(error.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let _held = permit;
            work()
        })
        .await
        .map_err(|error| HeavyError::Stopped(error.to_string()))
    }
}

/// How often the table of callers is pruned: every this many checks.
const PRUNE_EVERY: u32 = 1024;

/// Per-caller budgets of expensive operations.
#[derive(Clone)]
pub struct CallerLimits {
    limiter: Arc<DefaultKeyedRateLimiter<String>>,
    checks: Arc<AtomicU32>,
}

impl CallerLimits {
    pub fn new(per_minute: NonZeroU32, burst: NonZeroU32) -> CallerLimits {
        let quota = Quota::per_minute(per_minute).allow_burst(burst);
        CallerLimits { limiter: Arc::new(RateLimiter::keyed(quota)), checks: Arc::new(AtomicU32::new(0)) }
    }

    /// Takes one expensive operation from the caller's budget, or says how long to wait.
    pub fn take(&self, caller: &str) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed).is_multiple_of(PRUNE_EVERY) {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&caller.to_owned()).map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// How many callers the table holds (after pruning), for tests and metrics.
    pub fn callers(&self) -> usize {
        self.limiter.retain_recent();
        self.limiter.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(per_minute: u32, burst: u32) -> CallerLimits {
        CallerLimits::new(NonZeroU32::new(per_minute).expect("positive"), NonZeroU32::new(burst).expect("positive"))
    }

    #[test]
    fn a_caller_past_its_burst_is_told_how_long_to_wait() {
        let limits = limits(6, 2);
        assert!(limits.take("alice").is_ok());
        assert!(limits.take("alice").is_ok());
        let wait = limits.take("alice").expect_err("over the burst");
        // 6 a minute: one more every 10 s.
        assert!(wait > Duration::from_secs(8) && wait <= Duration::from_secs(10), "{wait:?}");
    }

    #[test]
    fn one_caller_s_budget_is_not_another_s() {
        let limits = limits(1, 1);
        assert!(limits.take("alice").is_ok());
        assert!(limits.take("alice").is_err());
        assert!(limits.take("bob").is_ok());
    }

    #[tokio::test]
    async fn heavy_work_past_its_slots_is_refused_after_the_wait() {
        let heavy = HeavyWork::new(1, Duration::from_millis(50));
        let (started, release) = (Arc::new(std::sync::Barrier::new(2)), Arc::new(std::sync::Barrier::new(2)));
        let (s, r) = (started.clone(), release.clone());
        let first = {
            let heavy = heavy.clone();
            tokio::spawn(async move {
                heavy
                    .run(move || {
                        s.wait();
                        r.wait();
                    })
                    .await
            })
        };
        tokio::task::spawn_blocking(move || started.wait()).await.expect("started");
        assert!(matches!(heavy.run(|| ()).await, Err(HeavyError::Busy { .. })));
        tokio::task::spawn_blocking(move || release.wait()).await.expect("released");
        assert!(first.await.expect("joined").is_ok());
        assert_eq!(heavy.run(|| 7).await, Ok(7));
    }
}
