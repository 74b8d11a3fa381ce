//! Webhooks in storage: the transactional outbox, the companies' endpoints, deliveries and
//! their attempts.
//!
//! **Outbox.** [`append_events`] runs inside the transaction of the change that caused the
//! events (the caller's `Db::write`), so an event exists exactly when its change does. It first
//! bumps the single feed-head row: that row lock (PostgreSQL) or the write lock (SQLite)
//! serialises the transactions that write events, so feed positions are in commit order (a
//! reader paging `after=position` never skips an event committed late) and each session's
//! `sequence` is the previous one plus one. It then adds one pending delivery per enabled
//! endpoint of the company that subscribed to the type.
//!
//! **Leases.** [`claim_due`] takes due deliveries for one worker until `locked_until`; on
//! PostgreSQL the due rows are selected `FOR UPDATE SKIP LOCKED`, so several servers on one
//! database never claim the same delivery; on SQLite the caller runs it in an immediate
//! transaction (`Db::write_immediate`). A worker that dies leaves its leases to run out, and the
//! deliveries are claimed again. [`finish_attempt`] records the attempt and the verdict, and
//! changes the delivery only while the lease is still the worker's.

use super::records::{naive, parse, utc};
use super::sessions::SessionKey;
use super::{AnyConnection, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use kyc_domain::ids::{CompanyId, SessionId, WebhookDeliveryId, WebhookEndpointId};
use kyc_domain::webhooks::signature::RetiringSecret;
use kyc_domain::webhooks::{EndpointSecrets, EventFilter, EventType, Sequence, SigningSecret, WebhookEvent};

diesel::table! {
    webhook_feed_head (id) {
        id -> Integer,
        position -> BigInt,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> Text,
        position -> BigInt,
        company_id -> Text,
        session_id -> Nullable<Text>,
        event_type -> Text,
        sequence -> Nullable<BigInt>,
        occurred_at -> Timestamp,
        body -> Text,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        company_id -> Text,
        url -> Text,
        event_types -> Text,
        enabled -> Bool,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        last_success_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        event_id -> Text,
        endpoint_id -> Text,
        company_id -> Text,
        session_id -> Nullable<Text>,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        lease_owner -> Nullable<Text>,
        first_attempt_at -> Nullable<Timestamp>,
        last_attempt_at -> Nullable<Timestamp>,
        last_status_code -> Nullable<Integer>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        number -> Integer,
        started_at -> Timestamp,
        duration_ms -> BigInt,
        status_code -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_deliveries -> webhook_endpoints (endpoint_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(webhook_events, webhook_endpoints, webhook_deliveries, webhook_attempts);

// ---------------------------------------------------------------------------------------------
// Records

/// One event as the outbox stores it: the exact body every attempt sends.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub id: String,
    /// Its place in the company's feed (`GET /events?after=`), in commit order.
    pub position: i64,
    pub company_id: CompanyId,
    pub session_id: Option<SessionId>,
    pub event_type: EventType,
    pub sequence: Option<i64>,
    pub occurred_at: DateTime<Utc>,
    pub body: String,
}

/// A company's receiver. `Debug` shows no secret (the domain's secrets redact themselves).
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub id: WebhookEndpointId,
    pub company_id: CompanyId,
    pub url: String,
    pub events: EventFilter,
    pub enabled: bool,
    pub secrets: EndpointSecrets,
    /// Why the server disabled it (410 Gone, three days failing); `None` when an admin did.
    pub disabled_reason: Option<String>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its next attempt (or in one, while leased).
    Pending,
    Delivered,
    /// Given up: the retry window ended, or the endpoint answered 410 Gone.
    Failed,
    /// The endpoint was disabled or its URL refused before the delivery succeeded.
    Cancelled,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 4] = [Self::Pending, Self::Delivered, Self::Failed, Self::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

impl std::str::FromStr for DeliveryStatus {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|status| status.as_str() == text).ok_or_else(|| text.to_owned())
    }
}

/// One event's delivery to one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: WebhookDeliveryId,
    pub event_id: String,
    pub event_type: EventType,
    pub endpoint_id: WebhookEndpointId,
    pub session_id: Option<SessionId>,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub first_attempt_at: Option<DateTime<Utc>>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One attempt of a delivery, as its log shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryAttempt {
    pub number: i32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    /// The first 4 KiB of the answer, as text.
    pub response_body: Option<String>,
    pub error: Option<String>,
}

/// A delivery with its attempts, oldest attempt first.
#[derive(Debug, Clone, PartialEq)]
pub struct DeliveryLog {
    pub delivery: Delivery,
    pub attempts: Vec<DeliveryAttempt>,
}

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_events)]
struct EventRow {
    id: String,
    position: i64,
    company_id: String,
    session_id: Option<String>,
    event_type: String,
    sequence: Option<i64>,
    occurred_at: NaiveDateTime,
    body: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_endpoints, treat_none_as_null = true)]
struct EndpointRow {
    id: String,
    company_id: String,
    url: String,
    event_types: String,
    enabled: bool,
    secret: String,
    previous_secret: Option<String>,
    previous_secret_until: Option<NaiveDateTime>,
    disabled_reason: Option<String>,
    disabled_at: Option<NaiveDateTime>,
    last_success_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: String,
    event_id: String,
    endpoint_id: String,
    company_id: String,
    session_id: Option<String>,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    locked_until: Option<NaiveDateTime>,
    lease_owner: Option<String>,
    first_attempt_at: Option<NaiveDateTime>,
    last_attempt_at: Option<NaiveDateTime>,
    last_status_code: Option<i32>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
struct AttemptRow {
    id: String,
    delivery_id: String,
    number: i32,
    started_at: NaiveDateTime,
    duration_ms: i64,
    status_code: Option<i32>,
    response_body: Option<String>,
    error: Option<String>,
}

fn corrupt(what: &'static str, detail: impl ToString) -> DbError {
    DbError::Corrupt { what, detail: detail.to_string() }
}

impl TryFrom<EventRow> for StoredEvent {
    type Error = DbError;
    fn try_from(row: EventRow) -> Result<Self, DbError> {
        Ok(StoredEvent {
            company_id: parse("company id", &row.company_id)?,
            session_id: row.session_id.as_deref().map(|id| parse("session id", id)).transpose()?,
            event_type: parse("event type", &row.event_type)?,
            occurred_at: utc(row.occurred_at),
            id: row.id,
            position: row.position,
            sequence: row.sequence,
            body: row.body,
        })
    }
}

impl TryFrom<EndpointRow> for Endpoint {
    type Error = DbError;
    fn try_from(row: EndpointRow) -> Result<Self, DbError> {
        let secret = |text: &str| SigningSecret::parse(text).map_err(|error| corrupt("webhook secret", error));
        let previous = match (row.previous_secret.as_deref(), row.previous_secret_until) {
            (Some(text), Some(until)) => Some(RetiringSecret { secret: secret(text)?, signs_until: utc(until) }),
            _ => None,
        };
        Ok(Endpoint {
            id: parse("webhook id", &row.id)?,
            company_id: parse("company id", &row.company_id)?,
            events: serde_json::from_str(&row.event_types).map_err(|error| corrupt("webhook event types", error))?,
            secrets: EndpointSecrets::with_previous(secret(&row.secret)?, previous),
            url: row.url,
            enabled: row.enabled,
            disabled_reason: row.disabled_reason,
            disabled_at: row.disabled_at.map(utc),
            last_success_at: row.last_success_at.map(utc),
            created_at: utc(row.created_at),
            updated_at: utc(row.updated_at),
        })
    }
}

fn endpoint_row(endpoint: &Endpoint) -> Result<EndpointRow, DbError> {
    let previous = endpoint.secrets.previous();
    Ok(EndpointRow {
        id: endpoint.id.to_string(),
        company_id: endpoint.company_id.to_string(),
        url: endpoint.url.clone(),
        event_types: serde_json::to_string(&endpoint.events).map_err(|error| corrupt("webhook event types", error))?,
        enabled: endpoint.enabled,
        secret: endpoint.secrets.current().expose().to_string(),
        previous_secret: previous.map(|retiring| retiring.secret.expose().to_string()),
        previous_secret_until: previous.map(|retiring| naive(retiring.signs_until)),
        disabled_reason: endpoint.disabled_reason.clone(),
        disabled_at: endpoint.disabled_at.map(naive),
        last_success_at: endpoint.last_success_at.map(naive),
        created_at: naive(endpoint.created_at),
        updated_at: naive(endpoint.updated_at),
    })
}

fn delivery_of(row: DeliveryRow, event_type: &str) -> Result<Delivery, DbError> {
    Ok(Delivery {
        id: parse("delivery id", &row.id)?,
        event_type: parse("event type", event_type)?,
        endpoint_id: parse("webhook id", &row.endpoint_id)?,
        session_id: row.session_id.as_deref().map(|id| parse("session id", id)).transpose()?,
        status: row.status.parse().map_err(|status| corrupt("delivery status", status))?,
        event_id: row.event_id,
        attempts: row.attempts,
        next_attempt_at: utc(row.next_attempt_at),
        first_attempt_at: row.first_attempt_at.map(utc),
        last_attempt_at: row.last_attempt_at.map(utc),
        last_status_code: row.last_status_code,
        last_error: row.last_error,
        created_at: utc(row.created_at),
    })
}

impl From<AttemptRow> for DeliveryAttempt {
    fn from(row: AttemptRow) -> Self {
        DeliveryAttempt {
            number: row.number,
            started_at: utc(row.started_at),
            duration_ms: row.duration_ms,
            status_code: row.status_code,
            response_body: row.response_body,
            error: row.error,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The outbox

/// Writes the events of one change, in the caller's transaction, and a pending delivery for
/// every enabled endpoint of the company subscribed to each. Session events get their
/// session's next `sequence` here. Returns the stored events.
pub fn append_events(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    events: Vec<WebhookEvent>,
) -> Result<Vec<StoredEvent>, DbError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let subscribers = enabled_endpoints(conn, company_id)?;
    let mut stored = Vec::with_capacity(events.len());
    for event in events {
        let event = insert_event(conn, company_id, event)?;
        for endpoint in subscribers.iter().filter(|endpoint| endpoint.events.accepts(event.event_type)) {
            insert_delivery(conn, &event, endpoint.id)?;
        }
        stored.push(event);
    }
    Ok(stored)
}

/// Writes one event for one endpoint only (`webhook.test`), and its delivery.
pub fn append_event_for(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    endpoint_id: WebhookEndpointId,
    event: WebhookEvent,
) -> Result<WebhookDeliveryId, DbError> {
    let event = insert_event(conn, company_id, event)?;
    insert_delivery(conn, &event, endpoint_id)
}

fn insert_event(conn: &mut AnyConnection, company_id: CompanyId, mut event: WebhookEvent) -> Result<StoredEvent, DbError> {
    let position = take_feed_position(conn)?;
    let mut session_id = None;
    if let Some(snapshot) = event.data.session_mut() {
        snapshot.sequence = next_sequence(conn, &snapshot.session_id)?;
        session_id = Some(snapshot.session_id.clone());
    }
    let sequence = event.data.session().map(|snapshot| snapshot.sequence.get());
    let encoded = event.encode().map_err(|error| corrupt("webhook event", error))?;
    let row = EventRow {
        id: encoded.id().to_string(),
        position,
        company_id: company_id.to_string(),
        session_id,
        event_type: encoded.event_type().as_str().to_owned(),
        sequence: sequence.map(|value| i64::try_from(value).unwrap_or(i64::MAX)),
        occurred_at: naive(event.occurred_at),
        body: encoded.into_body(),
    };
    diesel::insert_into(webhook_events::table).values(&row).execute(conn)?;
    StoredEvent::try_from(row)
}

/// Bumps the feed head; its lock is held to the end of the transaction (see the module docs).
fn take_feed_position(conn: &mut AnyConnection) -> Result<i64, DbError> {
    diesel::update(webhook_feed_head::table.find(1))
        .set(webhook_feed_head::position.eq(webhook_feed_head::position + 1))
        .execute(conn)?;
    Ok(webhook_feed_head::table.find(1).select(webhook_feed_head::position).first(conn)?)
}

fn next_sequence(conn: &mut AnyConnection, session_id: &str) -> Result<Sequence, DbError> {
    let last: Option<i64> = webhook_events::table
        .filter(webhook_events::session_id.eq(session_id))
        .select(diesel::dsl::max(webhook_events::sequence))
        .first(conn)?;
    let next = u64::try_from(last.unwrap_or(0)).unwrap_or(0).saturating_add(1);
    Sequence::new(next).ok_or_else(|| corrupt("event sequence", next))
}

fn insert_delivery(
    conn: &mut AnyConnection,
    event: &StoredEvent,
    endpoint_id: WebhookEndpointId,
) -> Result<WebhookDeliveryId, DbError> {
    let id = WebhookDeliveryId::generate();
    let now = super::now();
    let row = DeliveryRow {
        id: id.to_string(),
        event_id: event.id.clone(),
        endpoint_id: endpoint_id.to_string(),
        company_id: event.company_id.to_string(),
        session_id: event.session_id.map(|id| id.to_string()),
        status: DeliveryStatus::Pending.as_str().to_owned(),
        attempts: 0,
        next_attempt_at: now,
        locked_until: None,
        lease_owner: None,
        first_attempt_at: None,
        last_attempt_at: None,
        last_status_code: None,
        last_error: None,
        created_at: now,
    };
    diesel::insert_into(webhook_deliveries::table).values(&row).execute(conn)?;
    Ok(id)
}

/// The company's events after a feed position, oldest first; `types` empty means every type
/// but `webhook.test` (sent to one endpoint, not part of the feed).
pub fn events_after(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    after: i64,
    types: &[EventType],
    limit: i64,
) -> Result<Vec<StoredEvent>, DbError> {
    let mut query = webhook_events::table
        .filter(webhook_events::company_id.eq(company_id.to_string()))
        .filter(webhook_events::position.gt(after))
        .filter(webhook_events::event_type.ne(EventType::WebhookTest.as_str()))
        .into_boxed();
    if !types.is_empty() {
        query = query.filter(webhook_events::event_type.eq_any(types.iter().map(|t| t.as_str()).collect::<Vec<_>>()));
    }
    query
        .order(webhook_events::position.asc())
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)?
        .into_iter()
        .map(StoredEvent::try_from)
        .collect()
}

/// One of the company's events, by id.
pub fn find_event(conn: &mut AnyConnection, company_id: CompanyId, id: &str) -> Result<Option<StoredEvent>, DbError> {
    webhook_events::table
        .filter(webhook_events::company_id.eq(company_id.to_string()))
        .filter(webhook_events::id.eq(id))
        .select(EventRow::as_select())
        .first(conn)
        .optional()?
        .map(StoredEvent::try_from)
        .transpose()
}

// ---------------------------------------------------------------------------------------------
// Endpoints

pub fn insert_endpoint(conn: &mut AnyConnection, endpoint: &Endpoint) -> Result<(), DbError> {
    diesel::insert_into(webhook_endpoints::table).values(&endpoint_row(endpoint)?).execute(conn)?;
    Ok(())
}

/// Writes an endpoint back; an endpoint that is now disabled drops its pending deliveries.
pub fn update_endpoint(conn: &mut AnyConnection, endpoint: &Endpoint) -> Result<(), DbError> {
    let row = endpoint_row(endpoint)?;
    diesel::update(webhook_endpoints::table.find(&row.id)).set(&row).execute(conn)?;
    if !endpoint.enabled {
        cancel_pending(conn, endpoint.id, "the endpoint is disabled")?;
    }
    Ok(())
}

/// Cancels the endpoint's pending deliveries that no worker holds. A delivery in flight is
/// left to its worker, which cancels it itself if it would retry (see [`finish_attempt`]);
/// touching it here would also take its row lock in the opposite order to that worker.
fn cancel_pending(conn: &mut AnyConnection, endpoint_id: WebhookEndpointId, why: &str) -> Result<(), DbError> {
    let now = super::now();
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id.to_string()))
            .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()))
            .filter(webhook_deliveries::lease_owner.is_null().or(webhook_deliveries::locked_until.le(now))),
    )
    .set((
        webhook_deliveries::status.eq(DeliveryStatus::Cancelled.as_str()),
        webhook_deliveries::last_error.eq(why),
        webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        webhook_deliveries::lease_owner.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(())
}

/// The company's endpoints, oldest first.
pub fn endpoints_of(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<Endpoint>, DbError> {
    webhook_endpoints::table
        .filter(webhook_endpoints::company_id.eq(company_id.to_string()))
        .order((webhook_endpoints::created_at.asc(), webhook_endpoints::id.asc()))
        .select(EndpointRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Endpoint::try_from)
        .collect()
}

fn enabled_endpoints(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<Endpoint>, DbError> {
    Ok(endpoints_of(conn, company_id)?.into_iter().filter(|endpoint| endpoint.enabled).collect())
}

/// The company's endpoint with this id; another company's is not found.
pub fn find_endpoint(
    conn: &mut AnyConnection,
    company_id: CompanyId,
    id: WebhookEndpointId,
) -> Result<Option<Endpoint>, DbError> {
    webhook_endpoints::table
        .filter(webhook_endpoints::company_id.eq(company_id.to_string()))
        .filter(webhook_endpoints::id.eq(id.to_string()))
        .select(EndpointRow::as_select())
        .first(conn)
        .optional()?
        .map(Endpoint::try_from)
        .transpose()
}

/// Deletes the company's endpoint with its deliveries and their attempts; `false` if none.
pub fn delete_endpoint(conn: &mut AnyConnection, company_id: CompanyId, id: WebhookEndpointId) -> Result<bool, DbError> {
    if find_endpoint(conn, company_id, id)?.is_none() {
        return Ok(false);
    }
    let deliveries = webhook_deliveries::table.filter(webhook_deliveries::endpoint_id.eq(id.to_string()));
    diesel::delete(
        webhook_attempts::table
            .filter(webhook_attempts::delivery_id.eq_any(deliveries.clone().select(webhook_deliveries::id))),
    )
    .execute(conn)?;
    diesel::delete(deliveries).execute(conn)?;
    diesel::delete(webhook_endpoints::table.find(id.to_string())).execute(conn)?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Delivery logs

/// The endpoint's latest deliveries with their attempts, newest first.
pub fn deliveries_of_endpoint(
    conn: &mut AnyConnection,
    endpoint: &Endpoint,
    limit: i64,
) -> Result<Vec<DeliveryLog>, DbError> {
    let rows = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint.id.to_string()))
        .order((webhook_deliveries::created_at.desc(), webhook_deliveries::id.desc()))
        .limit(limit)
        .select((DeliveryRow::as_select(), webhook_events::event_type))
        .load::<(DeliveryRow, String)>(conn)?;
    with_attempts(conn, rows)
}

/// The session's deliveries to every endpoint, newest first.
pub fn deliveries_of_session(conn: &mut AnyConnection, key: &SessionKey, limit: i64) -> Result<Vec<DeliveryLog>, DbError> {
    let rows = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::company_id.eq(key.company_id().to_string()))
        .filter(webhook_deliveries::session_id.eq(key.id().to_string()))
        .order((webhook_deliveries::created_at.desc(), webhook_deliveries::id.desc()))
        .limit(limit)
        .select((DeliveryRow::as_select(), webhook_events::event_type))
        .load::<(DeliveryRow, String)>(conn)?;
    with_attempts(conn, rows)
}

/// One delivery of the endpoint, with its attempts.
pub fn find_delivery(
    conn: &mut AnyConnection,
    endpoint: &Endpoint,
    id: WebhookDeliveryId,
) -> Result<Option<DeliveryLog>, DbError> {
    let rows = webhook_deliveries::table
        .inner_join(webhook_events::table)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint.id.to_string()))
        .filter(webhook_deliveries::id.eq(id.to_string()))
        .select((DeliveryRow::as_select(), webhook_events::event_type))
        .load::<(DeliveryRow, String)>(conn)?;
    Ok(with_attempts(conn, rows)?.into_iter().next())
}

fn with_attempts(conn: &mut AnyConnection, rows: Vec<(DeliveryRow, String)>) -> Result<Vec<DeliveryLog>, DbError> {
    let ids: Vec<String> = rows.iter().map(|(row, _)| row.id.clone()).collect();
    let attempts = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(&ids))
        .order((webhook_attempts::delivery_id.asc(), webhook_attempts::number.asc()))
        .select(AttemptRow::as_select())
        .load(conn)?;
    let mut by_delivery: std::collections::HashMap<String, Vec<DeliveryAttempt>> = std::collections::HashMap::new();
    for attempt in attempts {
        by_delivery.entry(attempt.delivery_id.clone()).or_default().push(attempt.into());
    }
    rows.into_iter()
        .map(|(row, event_type)| {
            let attempts = by_delivery.remove(&row.id).unwrap_or_default();
            Ok(DeliveryLog { delivery: delivery_of(row, &event_type)?, attempts })
        })
        .collect()
}

/// A new delivery of an already sent event to the same endpoint: the same event id and body.
pub fn resend(conn: &mut AnyConnection, endpoint: &Endpoint, event_id: &str) -> Result<WebhookDeliveryId, DbError> {
    let event = find_event(conn, endpoint.company_id, event_id)?.ok_or(DbError::Query(diesel::result::Error::NotFound))?;
    insert_delivery(conn, &event, endpoint.id)
}

// ---------------------------------------------------------------------------------------------
// The worker's side

/// A delivery leased to one worker for one attempt.
#[derive(Debug, Clone)]
pub struct ClaimedDelivery {
    pub id: WebhookDeliveryId,
    /// This attempt's number: 1 for the first.
    pub attempt: u32,
    pub first_attempt_at: DateTime<Utc>,
    pub body: String,
    pub endpoint: Endpoint,
    pub lease_owner: String,
}

/// Leases up to `limit` due deliveries of enabled endpoints to `owner` until `lease_until`.
/// Run it in `Db::write_immediate`.
pub fn claim_due(
    conn: &mut AnyConnection,
    owner: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<ClaimedDelivery>, DbError> {
    let ids = due_ids(conn, naive(now), limit)?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let (row, body, endpoint): (DeliveryRow, String, EndpointRow) = webhook_deliveries::table
            .inner_join(webhook_events::table)
            .inner_join(webhook_endpoints::table)
            .filter(webhook_deliveries::id.eq(&id))
            .select((DeliveryRow::as_select(), webhook_events::body, EndpointRow::as_select()))
            .first(conn)?;
        let first_attempt_at = row.first_attempt_at.unwrap_or(naive(now));
        diesel::update(webhook_deliveries::table.find(&id))
            .set((
                webhook_deliveries::attempts.eq(row.attempts + 1),
                webhook_deliveries::locked_until.eq(Some(naive(lease_until))),
                webhook_deliveries::lease_owner.eq(Some(owner)),
                webhook_deliveries::first_attempt_at.eq(Some(first_attempt_at)),
                webhook_deliveries::last_attempt_at.eq(Some(naive(now))),
            ))
            .execute(conn)?;
        claimed.push(ClaimedDelivery {
            id: parse("delivery id", &row.id)?,
            attempt: u32::try_from(row.attempts + 1).unwrap_or(1),
            first_attempt_at: utc(first_attempt_at),
            body,
            endpoint: Endpoint::try_from(endpoint)?,
            lease_owner: owner.to_owned(),
        });
    }
    Ok(claimed)
}

/// The ids of due, unleased deliveries of enabled endpoints, soonest first. On PostgreSQL the
/// rows are locked, and rows another worker is claiming right now are skipped.
fn due_ids(conn: &mut AnyConnection, now: NaiveDateTime, limit: i64) -> Result<Vec<String>, DbError> {
    let enabled = webhook_endpoints::table.filter(webhook_endpoints::enabled.eq(true)).select(webhook_endpoints::id);
    let due = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .filter(webhook_deliveries::locked_until.is_null().or(webhook_deliveries::locked_until.le(now)))
        .filter(webhook_deliveries::endpoint_id.eq_any(enabled))
        .order((webhook_deliveries::next_attempt_at.asc(), webhook_deliveries::id.asc()))
        .limit(limit)
        .select(webhook_deliveries::id);
    Ok(match conn {
        AnyConnection::Postgresql(pg) => due.for_update().skip_locked().load(pg)?,
        AnyConnection::Sqlite(sqlite) => due.load(sqlite)?,
    })
}

/// When the next pending delivery falls due, if any: its next attempt, or the end of the
/// lease of one that a worker holds.
pub fn next_due_at(conn: &mut AnyConnection) -> Result<Option<DateTime<Utc>>, DbError> {
    let pending = webhook_deliveries::table.filter(webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()));
    let next_attempt: Option<NaiveDateTime> = pending
        .filter(webhook_deliveries::locked_until.is_null())
        .select(diesel::dsl::min(webhook_deliveries::next_attempt_at))
        .first(conn)?;
    let lease_end: Option<NaiveDateTime> =
        pending.select(diesel::dsl::min(webhook_deliveries::locked_until)).first(conn)?;
    Ok([next_attempt, lease_end].into_iter().flatten().min().map(utc))
}

/// What one attempt got, for its log.
#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub status_code: Option<u16>,
    pub response_body: Option<String>,
    pub error: Option<String>,
}

/// What becomes of the delivery after an attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum AfterAttempt {
    Delivered,
    RetryAt(DateTime<Utc>),
    Failed,
    Cancelled,
}

/// What becomes of the endpoint after an attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointChange {
    pub succeeded_at: Option<DateTime<Utc>>,
    /// Disable it, with the reason its admins see.
    pub disable: Option<String>,
}

/// Records an attempt, and the delivery's next state if the lease is still `claimed`'s; then
/// the endpoint's success time or its disabling. Returns whether the lease was still held.
pub fn finish_attempt(
    conn: &mut AnyConnection,
    claimed: &ClaimedDelivery,
    attempt: &AttemptRecord,
    after: &AfterAttempt,
    endpoint: &EndpointChange,
) -> Result<bool, DbError> {
    let delivery_id = claimed.id.to_string();
    let row = AttemptRow {
        id: uuid::Uuid::now_v7().to_string(),
        delivery_id: delivery_id.clone(),
        number: i32::try_from(claimed.attempt).unwrap_or(i32::MAX),
        started_at: naive(attempt.started_at),
        duration_ms: attempt.duration_ms,
        status_code: attempt.status_code.map(i32::from),
        response_body: attempt.response_body.clone(),
        error: attempt.error.clone(),
    };
    diesel::insert_into(webhook_attempts::table).values(&row).execute(conn)?;
    let (status, next_attempt_at) = match after {
        AfterAttempt::Delivered => (DeliveryStatus::Delivered, None),
        AfterAttempt::RetryAt(at) => (DeliveryStatus::Pending, Some(naive(*at))),
        AfterAttempt::Failed => (DeliveryStatus::Failed, None),
        AfterAttempt::Cancelled => (DeliveryStatus::Cancelled, None),
    };
    let ours = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq(&delivery_id))
        .filter(webhook_deliveries::lease_owner.eq(&claimed.lease_owner));
    let held = diesel::update(ours)
        .set((
            webhook_deliveries::status.eq(status.as_str()),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::lease_owner.eq(None::<String>),
            webhook_deliveries::last_status_code.eq(row.status_code),
            webhook_deliveries::last_error.eq(&row.error),
        ))
        .execute(conn)?
        == 1;
    if let (true, Some(at)) = (held, next_attempt_at) {
        diesel::update(webhook_deliveries::table.find(&delivery_id))
            .set(webhook_deliveries::next_attempt_at.eq(at))
            .execute(conn)?;
    }
    change_endpoint(conn, claimed.endpoint.id, endpoint)?;
    if held && matches!(after, AfterAttempt::RetryAt(_)) && !endpoint_enabled(conn, claimed.endpoint.id)? {
        // Disabled while this attempt was in flight: no worker would claim the retry.
        diesel::update(webhook_deliveries::table.find(&delivery_id))
            .set(webhook_deliveries::status.eq(DeliveryStatus::Cancelled.as_str()))
            .execute(conn)?;
    }
    Ok(held)
}

fn endpoint_enabled(conn: &mut AnyConnection, id: WebhookEndpointId) -> Result<bool, DbError> {
    let enabled: Option<bool> = webhook_endpoints::table
        .find(id.to_string())
        .select(webhook_endpoints::enabled)
        .first(conn)
        .optional()?;
    Ok(enabled.unwrap_or(false))
}

fn change_endpoint(conn: &mut AnyConnection, id: WebhookEndpointId, change: &EndpointChange) -> Result<(), DbError> {
    let found = webhook_endpoints::table.find(id.to_string());
    if let Some(at) = change.succeeded_at {
        diesel::update(found.clone()).set(webhook_endpoints::last_success_at.eq(Some(naive(at)))).execute(conn)?;
    }
    if let Some(reason) = &change.disable {
        let now = super::now();
        diesel::update(found)
            .set((
                webhook_endpoints::enabled.eq(false),
                webhook_endpoints::disabled_reason.eq(Some(reason)),
                webhook_endpoints::disabled_at.eq(Some(now)),
                webhook_endpoints::updated_at.eq(now),
            ))
            .execute(conn)?;
        cancel_pending(conn, id, "the endpoint was disabled")?;
    }
    Ok(())
}
