//! The delivery worker: claims due deliveries with a lease, makes one attempt of each, and
//! records the attempt and the domain's verdict.
//!
//! It wakes when a use case rings [`Outbox::wake`] after a commit, when the soonest pending
//! delivery falls due, and at least every second (deliveries written by another process, such
//! as a list import or a second server, are found that way). At most [`MAX_IN_FLIGHT`]
//! attempts run at once; each runs in its own task, so a slow receiver holds up nobody else.

use super::Outbox;
use super::sender::Sender;
use crate::db::webhooks::{AfterAttempt, AttemptRecord, ClaimedDelivery, EndpointChange};
use crate::db::{self, Db};
use chrono::Utc;
use kyc_domain::webhooks::{
    AttemptOutcome, EncodedEvent, FinishedAttempt, Jitter, Verdict, WebhookUrl, parse_retry_after,
};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Attempts in flight at once, per server.
pub const MAX_IN_FLIGHT: usize = 16;
/// The longest the worker sleeps without looking for due deliveries.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// Starts the worker on the current runtime; it runs until the runtime stops.
pub fn spawn(db: Db, outbox: Outbox) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(db, outbox))
}

async fn run(db: Db, outbox: Outbox) {
    let sender = match Sender::new(outbox.network, outbox.timeout) {
        Ok(sender) => sender,
        Err(error) => {
            log::error!("the webhook sender could not be built, no webhooks will be delivered: {error}");
            return;
        }
    };
    let owner = format!("worker-{}", uuid::Uuid::now_v7());
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    loop {
        let free = slots.available_permits();
        let claimed = if free == 0 { Vec::new() } else { claim(&db, &outbox, &owner, free).await };
        let filled_every_slot = free > 0 && claimed.len() == free;
        for delivery in claimed {
            let Ok(slot) = slots.clone().acquire_owned().await else { return };
            let (db, outbox, sender) = (db.clone(), outbox.clone(), sender.clone());
            tokio::spawn(async move {
                attempt(&db, &outbox, &sender, delivery).await;
                drop(slot);
                // A slot is free and a retry may be due soon: look again.
                outbox.wake();
            });
        }
        if filled_every_slot {
            continue;
        }
        let wait = until_next_due(&db).await;
        tokio::select! {
            () = outbox.woken() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

async fn claim(db: &Db, outbox: &Outbox, owner: &str, limit: usize) -> Vec<ClaimedDelivery> {
    let (owner, now) = (owner.to_owned(), Utc::now());
    let lease_until = now + chrono::TimeDelta::from_std(outbox.lease()).unwrap_or(chrono::TimeDelta::MAX);
    let limit = i64::try_from(limit).unwrap_or(1);
    match db.write_immediate(move |conn| db::webhooks::claim_due(conn, &owner, now, lease_until, limit)).await {
        Ok(claimed) => claimed,
        Err(error) => {
            log::warn!("due webhook deliveries could not be claimed: {error:#}");
            Vec::new()
        }
    }
}

/// How long until the soonest pending delivery is due, at most [`IDLE_POLL`].
async fn until_next_due(db: &Db) -> Duration {
    match db.read(db::webhooks::next_due_at).await {
        Ok(Some(at)) => (at - Utc::now()).to_std().unwrap_or(Duration::ZERO).min(IDLE_POLL),
        Ok(None) => IDLE_POLL,
        Err(error) => {
            log::warn!("the next webhook delivery could not be looked up: {error:#}");
            IDLE_POLL
        }
    }
}

/// One attempt of one claimed delivery, recorded with its verdict.
async fn attempt(db: &Db, outbox: &Outbox, sender: &Sender, claimed: ClaimedDelivery) {
    let started_at = Utc::now();
    let clock = Instant::now();
    let sent = send(outbox, sender, &claimed).await;
    let finished_at = Utc::now();
    let outcome = match &sent {
        Ok(answer) => AttemptOutcome::Answered {
            status: answer.status,
            retry_after: answer.retry_after.as_deref().and_then(|value| parse_retry_after(value, finished_at)),
        },
        Err(_) => AttemptOutcome::NoAnswer,
    };
    let verdict = outbox.retries.verdict(
        &FinishedAttempt {
            number: claimed.attempt,
            first_attempt_at: claimed.first_attempt_at,
            finished_at,
            outcome,
            endpoint_last_success_at: claimed.endpoint.last_success_at,
        },
        Jitter::random(),
    );
    let record = AttemptRecord {
        started_at,
        duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
        status_code: sent.as_ref().ok().map(|answer| answer.status),
        response_body: sent.as_ref().ok().map(|answer| answer.body.clone()),
        error: sent.as_ref().err().cloned(),
    };
    log::info!(
        "webhook delivery {} attempt {}: {} -> {verdict}",
        claimed.id,
        claimed.attempt,
        record.status_code.map_or_else(|| "no answer".to_owned(), |status| status.to_string())
    );
    let (after, change) = consequences(&verdict, finished_at);
    let written = db.write(move |conn| db::webhooks::finish_attempt(conn, &claimed, &record, &after, &change)).await;
    match written {
        Ok(true) => {}
        Ok(false) => log::warn!("a webhook delivery's lease ran out during its attempt; another worker has it"),
        Err(error) => log::error!("a webhook attempt could not be recorded: {error:#}"),
    }
}

/// Signs and sends the stored body to the endpoint's URL, checked again now.
async fn send(outbox: &Outbox, sender: &Sender, claimed: &ClaimedDelivery) -> Result<super::sender::Answer, String> {
    let event = EncodedEvent::from_stored(claimed.body.clone()).map_err(|error| error.to_string())?;
    let url: WebhookUrl = outbox.network.check_url(&claimed.endpoint.url).map_err(|refused| refused.to_string())?;
    let headers = claimed.endpoint.secrets.sign(&event, Utc::now());
    sender.send(&url, &headers, event.into_body()).await
}

/// What the verdict means for the delivery and for its endpoint.
fn consequences(verdict: &Verdict, finished_at: chrono::DateTime<Utc>) -> (AfterAttempt, EndpointChange) {
    match verdict {
        Verdict::Delivered => {
            (AfterAttempt::Delivered, EndpointChange { succeeded_at: Some(finished_at), disable: None })
        }
        Verdict::Retry { at, .. } => (AfterAttempt::RetryAt(*at), EndpointChange::default()),
        Verdict::GiveUp { disable_endpoint } => (
            AfterAttempt::Failed,
            EndpointChange { succeeded_at: None, disable: disable_endpoint.as_ref().map(ToString::to_string) },
        ),
        Verdict::DisableEndpoint(reason) => {
            (AfterAttempt::Failed, EndpointChange { succeeded_at: None, disable: Some(reason.to_string()) })
        }
    }
}
