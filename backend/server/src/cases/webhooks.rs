//! Webhooks: the events each change writes to the outbox, the company's endpoints (admin), the
//! delivery logs, resending, test events, and the events feed for callers that pull.
//!
//! **Writing events.** A use case that changes a session builds its events with the functions
//! below ([`attempt_events`], [`decision_events`], [`match_found_event`], [`session_redacted`])
//! *before* its write, passes them into the write's closure to
//! `db::webhooks::append_events(conn, company_id, events)` beside the change, and calls
//! [`committed`] after the write returned. The snapshot in each event is the session as the
//! change leaves it; the outbox fills in the `sequence`.

use super::{Actor, Error, Result};
use crate::db::webhooks::{DeliveryLog, Endpoint, StoredEvent};
use crate::db::{self, Session, SessionData};
use crate::state::AppState;
use crate::webhooks::sender::resolve_checked;
use chrono::{DateTime, Utc};
use kyc_domain::access::Permission;
use kyc_domain::ids::{CompanyId, SessionId, WebhookDeliveryId, WebhookEndpointId};
use kyc_domain::screening::MatchReview;
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::{Decision, RejectionReason};
use kyc_domain::session::rules::CompanySettings;
use kyc_domain::webhooks::event::{
    ChecksSummary, Completion, DecisionDetails, MatchFound, NoDetails, Redaction, ScreeningStatus, ScreeningTrigger,
    SessionEvent, StatusCause, StatusChange, TestData,
};
use kyc_domain::webhooks::{
    EndpointSecrets, EventData, EventFilter, EventId, EventType, Sequence, SessionSnapshot, SigningSecret,
    WebhookEvent, WebhookUrl,
};

/// The most events one page of the feed holds.
pub const MAX_EVENTS_PAGE: i64 = 500;
/// The most deliveries one delivery log shows.
pub const MAX_DELIVERIES_PAGE: i64 = 200;

// ---------------------------------------------------------------------------------------------
// The events of a change

/// The session as an event shows it after the change. Names only when the company shares them.
fn snapshot(id: SessionId, external_id: Option<String>, data: &SessionData, settings: &CompanySettings) -> SessionSnapshot {
    let open_matches = data.screening.as_ref().map_or(0, |outcome| {
        outcome.matches.iter().filter(|found| found.review != MatchReview::FalsePositive).count()
    });
    let checks = ChecksSummary {
        verified: data.verified,
        liveness_passed: data.checks.liveness_passed,
        face_match_level: data.checks.face_match_level.map(|level| level.value()),
        document_valid: data.checks.document_valid,
        mrz_valid: data.checks.mrz_valid,
        screening: data.pep_status().as_str().parse().unwrap_or(ScreeningStatus::NotScreened),
        screening_matches: u32::try_from(open_matches).unwrap_or(u32::MAX),
    };
    SessionSnapshot::new(id.to_string(), external_id, Sequence::FIRST, data.status, checks).with_person(
        settings.webhook_include_personal_data,
        data.person.first_name.clone(),
        data.person.last_name.clone(),
    )
}

fn new_event(occurred_at: DateTime<Utc>, data: EventData) -> WebhookEvent {
    let id = EventId::new(format!("evt_{}", uuid::Uuid::now_v7())).expect("a UUID is a valid event id");
    WebhookEvent { id, occurred_at, data }
}

/// What an ingested attempt changed.
pub(crate) struct AttemptChange<'a> {
    pub id: SessionId,
    pub external_id: Option<String>,
    /// The status before the attempt; `None` when the attempt created the session.
    pub previous_status: Option<SessionStatus>,
    pub data: &'a SessionData,
    pub attempt_number: i32,
    pub settings: &'a CompanySettings,
    pub at: DateTime<Utc>,
}

/// `session.created` for a new session; `session.completed` when the person finished the flow;
/// `screening.match_found` when this attempt's screening matched; `session.status_changed` when
/// the status moved (a new session starts from `not_finished`).
pub(crate) fn attempt_events(change: AttemptChange<'_>) -> Vec<WebhookEvent> {
    let snapshot = || snapshot(change.id, change.external_id.clone(), change.data, change.settings);
    let session = |details| SessionEvent { session: snapshot(), details };
    let mut events = Vec::new();
    if change.previous_status.is_none() {
        events.push(EventData::SessionCreated(session(NoDetails {})));
    }
    if let Some(finished_at) = change.data.activity.finished_at {
        let attempt = u32::try_from(change.attempt_number).unwrap_or(1);
        events.push(EventData::SessionCompleted(SessionEvent {
            session: snapshot(),
            details: Completion { attempt, finished_at },
        }));
    }
    let matches = change.data.screening.as_ref().map_or(0, |outcome| outcome.matches.len());
    if matches > 0 {
        let new_matches = u32::try_from(matches).unwrap_or(u32::MAX);
        events.push(EventData::ScreeningMatchFound(SessionEvent {
            session: snapshot(),
            details: MatchFound { trigger: ScreeningTrigger::Ingest, new_matches },
        }));
    }
    let previous_status = change.previous_status.unwrap_or(SessionStatus::NotFinished);
    if previous_status != change.data.status {
        events.push(EventData::SessionStatusChanged(SessionEvent {
            session: snapshot(),
            details: StatusChange { previous_status, cause: StatusCause::Automatic },
        }));
    }
    events.into_iter().map(|data| new_event(change.at, data)).collect()
}

/// `session.decision_made`, and `session.status_changed` when the decision moved the status.
pub(crate) fn decision_events(
    session: &Session,
    previous_status: SessionStatus,
    decision: Decision,
    reasons: &[RejectionReason],
    settings: &CompanySettings,
) -> Vec<WebhookEvent> {
    let at = session.data.updated_at;
    let snapshot = || snapshot(session.key.id(), session.external_id.clone(), &session.data, settings);
    let awaiting_second_approval = session.data.pending_approval_by.is_some();
    let mut events = vec![EventData::SessionDecisionMade(SessionEvent {
        session: snapshot(),
        details: DecisionDetails { decision, reasons: reasons.to_vec(), awaiting_second_approval },
    })];
    if previous_status != session.data.status {
        events.push(EventData::SessionStatusChanged(SessionEvent {
            session: snapshot(),
            details: StatusChange { previous_status, cause: StatusCause::Decision },
        }));
    }
    events.into_iter().map(|data| new_event(at, data)).collect()
}

/// `screening.match_found` after a list import re-screened a stored session.
pub(crate) fn match_found_event(session: &Session, new_matches: usize, settings: &CompanySettings) -> WebhookEvent {
    let details = MatchFound {
        trigger: ScreeningTrigger::ListUpdate,
        new_matches: u32::try_from(new_matches).unwrap_or(u32::MAX),
    };
    let session_event = SessionEvent {
        session: snapshot(session.key.id(), session.external_id.clone(), &session.data, settings),
        details,
    };
    new_event(Utc::now(), EventData::ScreeningMatchFound(session_event))
}

/// `session.redacted`, written by `cases::retention` in the redaction's transaction. It never
/// carries names, nor the external id: the redaction erases that too, and the outbox keeps its
/// rows (integrators match it by the session id).
pub fn session_redacted(session: &Session, redacted_at: DateTime<Utc>) -> WebhookEvent {
    let anonymous = CompanySettings { webhook_include_personal_data: false, ..CompanySettings::default() };
    let session_event = SessionEvent {
        session: snapshot(session.key.id(), None, &session.data, &anonymous),
        details: Redaction { redacted_at },
    };
    new_event(redacted_at, EventData::SessionRedacted(session_event))
}

/// Rings the delivery worker: call after a write that appended events has committed.
pub fn committed(state: &AppState) {
    state.webhooks.wake();
}

// ---------------------------------------------------------------------------------------------
// Endpoints (admin)

/// An endpoint to create, as the admin gave it.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub url: String,
    pub events: Vec<String>,
    pub enabled: bool,
}

/// What a change of an endpoint replaces; `None` keeps the value.
#[derive(Debug, Clone, Default)]
pub struct EndpointChanges {
    pub url: Option<String>,
    pub events: Option<Vec<String>>,
    pub enabled: Option<bool>,
}

/// An endpoint and its new secret, which is shown this once.
#[derive(Debug, Clone)]
pub struct WithSecret {
    pub endpoint: Endpoint,
    pub secret: String,
}

fn admin_company(actor: &Actor) -> Result<CompanyId> {
    actor.require(Permission::Administer)?;
    actor.own_company("webhooks")
}

pub async fn list_webhooks(state: &AppState, actor: &Actor) -> Result<Vec<Endpoint>> {
    let company_id = admin_company(actor)?;
    Ok(state.db.read(move |conn| db::webhooks::endpoints_of(conn, company_id)).await?)
}

pub async fn create_webhook(state: &AppState, actor: &Actor, new: NewEndpoint) -> Result<WithSecret> {
    let company_id = admin_company(actor)?;
    let url = checked_url(state, &new.url).await?;
    let events = checked_events(&new.events)?;
    let secret = new_secret()?;
    let now = Utc::now();
    let endpoint = Endpoint {
        id: WebhookEndpointId::generate(),
        company_id,
        url: url.to_string(),
        events,
        enabled: new.enabled,
        secrets: EndpointSecrets::new(secret.clone()),
        disabled_reason: None,
        disabled_at: None,
        last_success_at: None,
        created_at: now,
        updated_at: now,
    };
    let stored = endpoint.clone();
    let event = actor.event("webhook.create", "webhook", &endpoint.id.to_string());
    state.db.write_audited(event, move |conn| db::webhooks::insert_endpoint(conn, &stored)).await?;
    Ok(WithSecret { endpoint, secret: secret.expose().to_string() })
}

pub async fn update_webhook(
    state: &AppState,
    actor: &Actor,
    id: WebhookEndpointId,
    changes: EndpointChanges,
) -> Result<Endpoint> {
    let mut endpoint = find_webhook(state, actor, id).await?;
    if let Some(url) = &changes.url {
        endpoint.url = checked_url(state, url).await?.to_string();
    }
    if let Some(events) = &changes.events {
        endpoint.events = checked_events(events)?;
    }
    if let Some(enabled) = changes.enabled {
        if enabled && !endpoint.enabled {
            // Enabled again by an admin: the server's reason for disabling it is history.
            endpoint.disabled_reason = None;
            endpoint.disabled_at = None;
        }
        endpoint.enabled = enabled;
    }
    endpoint.updated_at = Utc::now();
    let stored = endpoint.clone();
    let event = actor.event("webhook.update", "webhook", &id.to_string());
    state.db.write_audited(event, move |conn| db::webhooks::update_endpoint(conn, &stored)).await?;
    Ok(endpoint)
}

pub async fn delete_webhook(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<()> {
    let company_id = admin_company(actor)?;
    let event = actor.event("webhook.delete", "webhook", &id.to_string());
    let deleted = state.db.write_audited(event, move |conn| db::webhooks::delete_endpoint(conn, company_id, id)).await?;
    if deleted { Ok(()) } else { Err(Error::not_found("webhook")) }
}

/// A new current secret; the replaced one keeps signing beside it for 24 hours.
pub async fn rotate_webhook_secret(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<WithSecret> {
    let mut endpoint = find_webhook(state, actor, id).await?;
    let secret = new_secret()?;
    let now = Utc::now();
    endpoint.secrets = endpoint.secrets.rotate(secret.clone(), now);
    endpoint.updated_at = now;
    let stored = endpoint.clone();
    let event = actor.event("webhook.rotate_secret", "webhook", &id.to_string());
    state.db.write_audited(event, move |conn| db::webhooks::update_endpoint(conn, &stored)).await?;
    Ok(WithSecret { endpoint, secret: secret.expose().to_string() })
}

async fn find_webhook(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<Endpoint> {
    let company_id = admin_company(actor)?;
    state
        .db
        .read(move |conn| db::webhooks::find_endpoint(conn, company_id, id))
        .await?
        .ok_or_else(|| Error::not_found("webhook"))
}

fn new_secret() -> Result<SigningSecret> {
    SigningSecret::generate().map_err(|error| Error::Internal(anyhow::anyhow!("no webhook secret: {error}")))
}

fn checked_events(names: &[String]) -> Result<EventFilter> {
    EventFilter::from_names(names).map_err(|error| Error::invalid("events", error.to_string()))
}

/// The URL as the network policy allows it, and a host name that resolves only to allowed
/// addresses now (each attempt checks again after its own resolution).
async fn checked_url(state: &AppState, text: &str) -> Result<WebhookUrl> {
    let policy = state.webhooks.network;
    let url = policy.check_url(text).map_err(|refused| Error::invalid("url", refused.to_string()))?;
    if let Some(domain) = url.as_url().domain() {
        resolve_checked(policy, domain, url.port()).await.map_err(|refused| Error::invalid("url", refused.to_string()))?;
    }
    Ok(url)
}

// ---------------------------------------------------------------------------------------------
// Deliveries

pub async fn list_webhook_deliveries(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<Vec<DeliveryLog>> {
    let endpoint = find_webhook(state, actor, id).await?;
    Ok(state.db.read(move |conn| db::webhooks::deliveries_of_endpoint(conn, &endpoint, MAX_DELIVERIES_PAGE)).await?)
}

/// Sends a delivered or failed event again: a new delivery, the same `webhook-id` and body.
pub async fn resend_webhook_delivery(
    state: &AppState,
    actor: &Actor,
    id: WebhookEndpointId,
    delivery_id: WebhookDeliveryId,
) -> Result<DeliveryLog> {
    let endpoint = enabled_webhook(state, actor, id).await?;
    let original = endpoint.clone();
    let found = state.db.read(move |conn| db::webhooks::find_delivery(conn, &original, delivery_id)).await?;
    let event_id = found.ok_or_else(|| Error::not_found("delivery"))?.delivery.event_id;
    let event = actor.event("webhook.resend", "webhook", &id.to_string());
    let log = state
        .db
        .write_audited(event, move |conn| {
            let new_id = db::webhooks::resend(conn, &endpoint, &event_id)?;
            db::webhooks::find_delivery(conn, &endpoint, new_id)
        })
        .await?;
    committed(state);
    log.ok_or_else(|| Error::Internal(anyhow::anyhow!("the new delivery was not stored")))
}

/// Sends a `webhook.test` event to this endpoint only.
pub async fn send_webhook_test(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<DeliveryLog> {
    let endpoint = enabled_webhook(state, actor, id).await?;
    let test = new_event(Utc::now(), EventData::WebhookTest(TestData { endpoint_id: id.to_string() }));
    let event = actor.event("webhook.test", "webhook", &id.to_string());
    let log = state
        .db
        .write_audited(event, move |conn| {
            let delivery_id = db::webhooks::append_event_for(conn, endpoint.company_id, endpoint.id, test)?;
            db::webhooks::find_delivery(conn, &endpoint, delivery_id)
        })
        .await?;
    committed(state);
    log.ok_or_else(|| Error::Internal(anyhow::anyhow!("the test delivery was not stored")))
}

async fn enabled_webhook(state: &AppState, actor: &Actor, id: WebhookEndpointId) -> Result<Endpoint> {
    let endpoint = find_webhook(state, actor, id).await?;
    if endpoint.enabled { Ok(endpoint) } else { Err(Error::Conflict("the webhook is disabled; enable it first".into())) }
}

/// The session's deliveries to the company's endpoints, for its details page.
pub async fn list_session_deliveries(state: &AppState, actor: &Actor, id: SessionId) -> Result<Vec<DeliveryLog>> {
    actor.require(Permission::ReadSessions)?;
    let session = super::sessions::find_session(state, actor, id).await?;
    Ok(state.db.read(move |conn| db::webhooks::deliveries_of_session(conn, &session.key, MAX_DELIVERIES_PAGE)).await?)
}

// ---------------------------------------------------------------------------------------------
// The events feed

/// A page of the company's events after a feed position, oldest first.
#[derive(Debug, Clone)]
pub struct EventPage {
    pub items: Vec<StoredEvent>,
    /// Where to continue from: the last event's position, or the given one when there was none.
    pub next_after: i64,
}

pub async fn list_events(
    state: &AppState,
    actor: &Actor,
    after: i64,
    types: Vec<String>,
    limit: i64,
) -> Result<EventPage> {
    actor.require(Permission::ReadSessions)?;
    let company_id = actor.own_company("events")?;
    let types = types
        .iter()
        .map(|name| name.parse::<EventType>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|error| Error::invalid("type", error.to_string()))?;
    let limit = limit.clamp(1, MAX_EVENTS_PAGE);
    let items = state.db.read(move |conn| db::webhooks::events_after(conn, company_id, after, &types, limit)).await?;
    let next_after = items.last().map_or(after, |event| event.position);
    Ok(EventPage { items, next_after })
}
