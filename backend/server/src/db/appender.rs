//! Group commit of audit events: requests hand their event to one appender thread, which writes
//! every event waiting at that moment in one transaction and answers each request only after
//! that transaction committed. A crash therefore loses no event whose request was answered, and
//! a read costs a share of one commit instead of a commit of its own.
//!
//! The queue is bounded: when it is full, [`Appender::append`] refuses at once with
//! [`DbError::AuditQueueFull`] (the API answers 503 with `Retry-After`), so a burst never grows
//! memory without bound and no request waits forever. Batching needs no timer: while one batch
//! commits, the next one gathers.

use super::{ConnectionPool, DbError, audit};
use diesel::Connection;
use kyc_domain::audit::v2::{AuditEntry, ChainKey};
use tokio::sync::{mpsc, oneshot};

/// How the appender queues and batches.
#[derive(Debug, Clone, Copy)]
pub struct AppenderLimits {
    /// Events waiting at most; one more is refused.
    pub queue_capacity: usize,
    /// Events per transaction at most.
    pub batch_max: usize,
}

/// The handle requests append through; cloning it shares the one appender thread, which ends
/// when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Appender {
    queue: mpsc::Sender<Waiting>,
}

#[derive(Debug)]
struct Waiting {
    entry: AuditEntry,
    committed: oneshot::Sender<Result<(), String>>,
}

impl Appender {
    pub fn start(pool: ConnectionPool, key: ChainKey, limits: AppenderLimits) -> Result<Appender, DbError> {
        let (queue, waiting) = mpsc::channel(limits.queue_capacity.max(1));
        let batch_max = limits.batch_max.max(1);
        std::thread::Builder::new()
            .name("audit-appender".to_owned())
            .spawn(move || run(waiting, &pool, &key, batch_max))
            .map_err(|error| DbError::Audit(format!("cannot start the appender thread: {error}")))?;
        Ok(Appender { queue })
    }

    /// Appends one event; returns once the batch holding it committed.
    pub async fn append(&self, entry: AuditEntry) -> Result<(), DbError> {
        let (committed, done) = oneshot::channel();
        self.queue.try_send(Waiting { entry, committed }).map_err(|error| match error {
            mpsc::error::TrySendError::Full(_) => DbError::AuditQueueFull,
            mpsc::error::TrySendError::Closed(_) => DbError::AuditStopped,
        })?;
        done.await.map_err(|_| DbError::AuditStopped)?.map_err(DbError::Audit)
    }
}

fn run(mut waiting: mpsc::Receiver<Waiting>, pool: &ConnectionPool, key: &ChainKey, batch_max: usize) {
    while let Some(first) = waiting.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < batch_max {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let (entries, waiters): (Vec<_>, Vec<_>) = batch.into_iter().map(|w| (w.entry, w.committed)).unzip();
        let count = entries.len();
        let outcome = commit(pool, key, entries).map_err(|error| {
            let error = anyhow::Error::new(error);
            log::error!("an audit batch of {count} events was not written: {error:#}");
            format!("{error:#}")
        });
        for waiter in waiters {
            // A request that gave up waiting has nobody to tell.
            let _ = waiter.send(outcome.clone());
        }
    }
}

fn commit(pool: &ConnectionPool, key: &ChainKey, entries: Vec<AuditEntry>) -> Result<(), DbError> {
    pool.get()?.transaction(|conn| audit::append(conn, key, entries))
}
