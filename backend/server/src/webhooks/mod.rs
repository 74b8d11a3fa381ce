//! The webhook adapter: the HTTP sender (reqwest, every resolved address checked against the
//! network policy) and the delivery worker that `serve` runs beside the HTTP server.
//!
//! What is sent, how it is signed and when it is retried are the domain's rules
//! (`kyc_domain::webhooks`); where events and deliveries are stored is `db::webhooks`. This
//! module only moves bytes and time: it claims due deliveries, signs and sends each attempt,
//! and writes back what the domain's verdict says.

pub mod sender;
pub mod worker;

use kyc_domain::webhooks::{NetworkPolicy, RetryPolicy};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long connecting may take, and the whole attempt (connect, send, answer).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(15);
/// How much of an answer is read and kept in the delivery log.
pub const MAX_RESPONSE_BYTES: usize = 4096;

/// What the use cases and the worker share: the policies, and the bell that wakes the worker
/// as soon as a transaction that wrote events has committed.
#[derive(Clone)]
pub struct Outbox {
    pub network: NetworkPolicy,
    pub retries: RetryPolicy,
    /// The timeout of a whole attempt (connecting has its own 5 s, or less when this is less).
    pub timeout: Duration,
    wake: Arc<Notify>,
}

impl Outbox {
    pub fn new(network: NetworkPolicy, retries: RetryPolicy, timeout: Duration) -> Self {
        Self { network, retries, timeout, wake: Arc::new(Notify::new()) }
    }

    /// Tells the worker that new deliveries may be due: call after the commit, not before.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }

    /// How long a claimed delivery stays leased: two whole attempts, so a live worker always
    /// finishes first and a dead one's deliveries are free again soon after.
    pub fn lease(&self) -> Duration {
        self.timeout.saturating_mul(2).max(Duration::from_secs(1))
    }
}
