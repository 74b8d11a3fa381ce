//! Wire types of webhook endpoints, their delivery logs and the events feed.

use super::text::Text;
use super::{Decision, PepStatus, RejectionReason, SessionStatus, wire_enum};
use crate::cases::webhooks::{EndpointChanges, NewEndpoint, WithSecret};
use crate::db::webhooks::{Delivery, DeliveryAttempt, DeliveryLog, Endpoint, StoredEvent};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest receiver URL.
pub const MAX_URL_CHARS: usize = 2048;
/// The most event types one subscription lists (there are six).
pub const MAX_EVENT_TYPES: usize = 16;

wire_enum!(
    /// An event's type. Endpoints subscribe to every one but `webhook.test`, which is sent only
    /// by `POST /webhooks/{id}/test`.
    WebhookEventType <=> kyc_domain::webhooks::EventType {
        SessionCreated => "session.created",
        SessionCompleted => "session.completed",
        SessionStatusChanged => "session.status_changed",
        SessionDecisionMade => "session.decision_made",
        ScreeningMatchFound => "screening.match_found",
        SessionRedacted => "session.redacted",
        WebhookTest => "webhook.test",
    }
);

wire_enum!(
    /// Where a delivery stands: `pending` (its next attempt is due at `next_attempt_at`),
    /// `delivered` (a 2xx answer), `failed` (retries ended, or the endpoint answered 410) or
    /// `cancelled` (the endpoint was disabled first).
    DeliveryStatus <=> crate::db::webhooks::DeliveryStatus {
        Pending => "pending", Delivered => "delivered", Failed => "failed", Cancelled => "cancelled",
    }
);

fn names(types: &[WebhookEventType]) -> Vec<String> {
    types.iter().map(|event_type| kyc_domain::webhooks::EventType::from(*event_type).as_str().to_owned()).collect()
}

/// A new receiver endpoint.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://hooks.example.org/kyc", "events": ["session.status_changed", "session.decision_made"]}))]
pub struct WebhookInput {
    /// `https://` to a public host (development also takes `http://127.0.0.1`).
    #[schema(value_type = String, max_length = 2048)]
    pub url: Text<MAX_URL_CHARS>,
    /// At least one event type; `webhook.test` cannot be subscribed to.
    #[schema(min_items = 1, max_items = 16)]
    pub events: Vec<WebhookEventType>,
    /// Default true.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

impl From<WebhookInput> for NewEndpoint {
    fn from(input: WebhookInput) -> Self {
        NewEndpoint { url: input.url.into_inner(), events: names(&input.events), enabled: input.enabled }
    }
}

/// A change of an endpoint: the members given replace the stored ones.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct WebhookPatch {
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub url: Option<Text<MAX_URL_CHARS>>,
    #[schema(min_items = 1, max_items = 16)]
    pub events: Option<Vec<WebhookEventType>>,
    /// Enabling an endpoint the server disabled clears its `disabled_reason`.
    pub enabled: Option<bool>,
}

impl From<WebhookPatch> for EndpointChanges {
    fn from(patch: WebhookPatch) -> Self {
        EndpointChanges {
            url: patch.url.map(Text::into_inner),
            events: patch.events.as_deref().map(names),
            enabled: patch.enabled,
        }
    }
}

impl WebhookInput {
    pub fn too_many_types(&self) -> bool {
        self.events.len() > MAX_EVENT_TYPES
    }
}

impl WebhookPatch {
    pub fn too_many_types(&self) -> bool {
        self.events.as_ref().is_some_and(|events| events.len() > MAX_EVENT_TYPES)
    }
}

/// A receiver endpoint. Its secret is never shown again after creation or rotation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub url: String,
    pub events: Vec<WebhookEventType>,
    pub enabled: bool,
    /// Why the server disabled the endpoint (it answered 410 Gone, or failed for 3 days).
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// Until when the secret replaced by the last rotation still signs beside the current one.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&Endpoint> for WebhookView {
    fn from(endpoint: &Endpoint) -> Self {
        let now = Utc::now();
        WebhookView {
            id: endpoint.id.to_string(),
            url: endpoint.url.clone(),
            events: endpoint.events.types().map(Into::into).collect(),
            enabled: endpoint.enabled,
            disabled_reason: endpoint.disabled_reason.clone(),
            disabled_at: endpoint.disabled_at,
            last_success_at: endpoint.last_success_at,
            previous_secret_expires_at: endpoint
                .secrets
                .previous()
                .map(|retiring| retiring.signs_until)
                .filter(|until| *until > now),
            created_at: endpoint.created_at,
            updated_at: endpoint.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookList {
    /// Oldest first.
    pub items: Vec<WebhookView>,
}

impl From<Vec<Endpoint>> for WebhookList {
    fn from(endpoints: Vec<Endpoint>) -> Self {
        WebhookList { items: endpoints.iter().map(WebhookView::from).collect() }
    }
}

/// An endpoint with its signing secret, shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WebhookWithSecret {
    #[serde(flatten)]
    pub webhook: WebhookView,
    /// `whsec_` and the base64 of 32 random bytes: verify signatures with it (Standard Webhooks).
    pub secret: String,
}

impl From<WithSecret> for WebhookWithSecret {
    fn from(created: WithSecret) -> Self {
        WebhookWithSecret { webhook: WebhookView::from(&created.endpoint), secret: created.secret }
    }
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryAttemptView {
    /// 1 for the first attempt.
    pub number: i32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// The receiver's status; none when it did not answer.
    pub status_code: Option<i32>,
    /// The first 4 KiB of the answer.
    pub response_body: Option<String>,
    /// Why there was no answer (refused address, DNS, connection, timeout).
    pub error: Option<String>,
}

impl From<DeliveryAttempt> for DeliveryAttemptView {
    fn from(attempt: DeliveryAttempt) -> Self {
        DeliveryAttemptView {
            number: attempt.number,
            started_at: attempt.started_at,
            duration_ms: attempt.duration_ms,
            status_code: attempt.status_code,
            response_body: attempt.response_body,
            error: attempt.error,
        }
    }
}

/// One event's delivery to one endpoint, with every attempt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    /// The event's id: the `webhook-id` header of every attempt and resend.
    pub event_id: String,
    pub event_type: WebhookEventType,
    #[schema(value_type = String, format = Uuid)]
    pub webhook_id: String,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub session_id: Option<String>,
    pub status: DeliveryStatus,
    /// While pending: when the next attempt is due.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Oldest first.
    pub attempts: Vec<DeliveryAttemptView>,
}

impl From<DeliveryLog> for DeliveryView {
    fn from(log: DeliveryLog) -> Self {
        let Delivery { id, event_id, event_type, endpoint_id, session_id, status, next_attempt_at, .. } = log.delivery;
        let pending = status == crate::db::webhooks::DeliveryStatus::Pending;
        DeliveryView {
            id: id.to_string(),
            event_id,
            event_type: event_type.into(),
            webhook_id: endpoint_id.to_string(),
            session_id: session_id.map(|id| id.to_string()),
            status: status.into(),
            next_attempt_at: pending.then_some(next_attempt_at),
            last_status_code: log.delivery.last_status_code,
            last_error: log.delivery.last_error,
            created_at: log.delivery.created_at,
            attempts: log.attempts.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryList {
    /// Newest first (at most 200).
    pub items: Vec<DeliveryView>,
}

impl From<Vec<DeliveryLog>> for DeliveryList {
    fn from(logs: Vec<DeliveryLog>) -> Self {
        DeliveryList { items: logs.into_iter().map(Into::into).collect() }
    }
}

/// A page of the events feed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventPage {
    /// Oldest first: each exactly the body a webhook delivers.
    #[schema(value_type = Vec<WebhookEvent>)]
    pub items: Vec<serde_json::Value>,
    /// Pass as `after` to get the events that follow (also when this page is empty).
    pub next_cursor: String,
}

impl From<crate::cases::webhooks::EventPage> for EventPage {
    fn from(page: crate::cases::webhooks::EventPage) -> Self {
        EventPage {
            items: page.items.iter().map(event_body).collect(),
            next_cursor: page.next_after.to_string(),
        }
    }
}

/// The stored body as JSON; the outbox only ever stores what it encoded itself.
fn event_body(event: &StoredEvent) -> serde_json::Value {
    serde_json::from_str(&event.body).unwrap_or(serde_json::Value::Null)
}

// ---------------------------------------------------------------------------------------------
// The payload, as documentation: the server writes it with `kyc_domain::webhooks::WebhookEvent`
// (encoded once, stored, sent byte for byte), so these types are never serialised.

wire_enum!(
    /// What changed the status: the status rules (`automatic`) or an operator (`decision`).
    StatusCause <=> kyc_domain::webhooks::event::StatusCause { Automatic => "automatic", Decision => "decision" }
);

wire_enum!(
    /// What screened the session: its own ingest, or a list import that re-screened it.
    ScreeningTrigger <=> kyc_domain::webhooks::event::ScreeningTrigger { Ingest => "ingest", ListUpdate => "list_update" }
);

/// The body of every webhook, and every item of `GET /events`. Verify the signature on the raw
/// bytes (see docs/WEBHOOKS.md) before parsing.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct WebhookEvent {
    /// `evt_…`, also the `webhook-id` header: the same on every attempt and resend.
    id: String,
    /// When the change happened (RFC 3339, UTC, milliseconds), not when it was sent.
    occurred_at: DateTime<Utc>,
    #[serde(rename = "type")]
    event_type: WebhookEventType,
    data: WebhookEventData,
}

/// The session as the change left it, and what the event's type adds (absent for other types).
/// `webhook.test` has only `endpoint_id`.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct WebhookEventData {
    #[schema(format = Uuid)]
    session_id: Option<String>,
    /// The company's own reference for the session.
    external_id: Option<String>,
    /// 1 for the session's first event, one more for each later one: keep the highest applied
    /// per session and ignore lower ones.
    #[schema(minimum = 1)]
    sequence: Option<u64>,
    status: Option<SessionStatus>,
    checks: Option<WebhookChecks>,
    /// Only when the company setting `webhook_include_personal_data` is on.
    person: Option<WebhookPerson>,
    /// `session.completed`: the attempt's number (1 for the first) and when the flow ended.
    attempt: Option<u32>,
    finished_at: Option<DateTime<Utc>>,
    /// `session.status_changed`.
    previous_status: Option<SessionStatus>,
    cause: Option<StatusCause>,
    /// `session.decision_made`.
    decision: Option<Decision>,
    reasons: Option<Vec<RejectionReason>>,
    awaiting_second_approval: Option<bool>,
    /// `screening.match_found`: fetch the matches with `GET /sessions/{id}/pep`.
    trigger: Option<ScreeningTrigger>,
    new_matches: Option<u32>,
    /// `session.redacted`.
    redacted_at: Option<DateTime<Utc>>,
    /// `webhook.test`: the endpoint the test was sent to.
    #[schema(format = Uuid)]
    endpoint_id: Option<String>,
}

/// The automatic checks' results; `null` is "no result". Never a photo or document number.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct WebhookChecks {
    verified: bool,
    liveness_passed: Option<bool>,
    #[schema(minimum = 1, maximum = 7)]
    face_match_level: Option<u8>,
    document_valid: Option<bool>,
    mrz_valid: Option<bool>,
    screening: PepStatus,
    /// Open or confirmed matches.
    screening_matches: u32,
}

#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct WebhookPerson {
    first_name: Option<String>,
    last_name: Option<String>,
}
