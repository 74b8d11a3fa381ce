//! The event payload model, and the one encoding of an event into the bytes that are sent.
//!
//! See the [module docs](super) for the payload's shape and the encoding rule.

use super::event_type::EventType;
use crate::session::SessionStatus;
use crate::session::decision::{Decision, RejectionReason};
use crate::session::rules::CheckOutcomes;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::num::NonZeroU64;

/// The longest event id: a prefix and a UUID fit with room to spare.
pub const MAX_EVENT_ID_LENGTH: usize = 64;

/// An event's id: the payload's `id` and the `webhook-id` header, the same on every attempt.
///
/// 1 to 64 characters of `A-Z a-z 0-9 _ -`. Standard Webhooks forbids a `.` (it separates the
/// signed parts); the narrower alphabet also keeps the id safe in a header and a URL.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EventId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventIdError {
    #[error("an event id cannot be empty")]
    Empty,
    #[error("an event id has at most {MAX_EVENT_ID_LENGTH} characters, got {length}")]
    TooLong { length: usize },
    #[error(
        "an event id may hold only letters, digits, '_' and '-'; {character:?} at position {position} is none of them"
    )]
    InvalidCharacter { character: char, position: usize },
}

impl EventId {
    pub fn new(id: impl Into<String>) -> Result<Self, EventIdError> {
        let id = id.into();
        if id.is_empty() {
            return Err(EventIdError::Empty);
        }
        if let Some((index, character)) = id
            .chars()
            .enumerate()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        {
            return Err(EventIdError::InvalidCharacter { character, position: index + 1 });
        }
        if id.len() > MAX_EVENT_ID_LENGTH {
            return Err(EventIdError::TooLong { length: id.len() });
        }
        Ok(Self(id))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EventId {
    type Error = EventIdError;
    fn try_from(id: String) -> Result<Self, Self::Error> {
        Self::new(id)
    }
}

impl From<EventId> for String {
    fn from(id: EventId) -> Self {
        id.0
    }
}

/// The place of an event among its session's events: 1 for the first, then one more for each.
///
/// Receivers keep the highest sequence they applied per session and ignore an event with a
/// lower one, so a late retry of an old event never overwrites a newer status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Sequence(NonZeroU64);

impl Sequence {
    pub const FIRST: Sequence = Sequence(NonZeroU64::MIN);

    /// `None` for 0, which is no sequence.
    pub fn new(value: u64) -> Option<Self> {
        NonZeroU64::new(value).map(Self)
    }

    /// The sequence of the session's next event.
    pub fn next(self) -> Sequence {
        Sequence(self.0.saturating_add(1))
    }

    pub fn get(self) -> u64 {
        self.0.get()
    }
}

/// Where a session's sanctions and PEP screening stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningStatus {
    Clear,
    PotentialMatch,
    ConfirmedMatch,
    NotScreened,
}

impl ScreeningStatus {
    pub const ALL: [ScreeningStatus; 4] =
        [Self::Clear, Self::PotentialMatch, Self::ConfirmedMatch, Self::NotScreened];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Clear => "clear",
            Self::PotentialMatch => "potential_match",
            Self::ConfirmedMatch => "confirmed_match",
            Self::NotScreened => "not_screened",
        }
    }
}

impl std::str::FromStr for ScreeningStatus {
    type Err = crate::session::UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|status| status.as_str() == text).ok_or_else(|| {
            crate::session::UnknownVariant { kind: "screening status", value: text.to_owned() }
        })
    }
}

/// The results of the automatic checks, as the session page's summary shows them. `null` is
/// "no result". Never a photo, a document number or any other personal value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecksSummary {
    /// Every enforced rule passed.
    pub verified: bool,
    pub liveness_passed: Option<bool>,
    /// 1 (weakest) to 7 (strongest).
    pub face_match_level: Option<u8>,
    /// Real, whole and not expired.
    pub document_valid: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub screening: ScreeningStatus,
    /// Potential or confirmed matches found by screening.
    pub screening_matches: u32,
}

impl ChecksSummary {
    /// The summary of a session's check outcomes.
    pub fn from_outcomes(
        outcomes: &CheckOutcomes,
        verified: bool,
        screening: ScreeningStatus,
        screening_matches: u32,
    ) -> Self {
        Self {
            verified,
            liveness_passed: outcomes.liveness_passed,
            face_match_level: outcomes.face_match_level.map(|level| level.value()),
            document_valid: outcomes.document_valid(),
            mrz_valid: outcomes.mrz_valid,
            screening,
            screening_matches,
        }
    }
}

/// The person's names. Sent only when the company setting `webhook_include_personal_data` is
/// on; see [`SessionSnapshot::with_person`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// The session an event is about, as it stands when the event is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSnapshot {
    pub session_id: String,
    /// The company's own reference for the session, if it gave one.
    pub external_id: Option<String>,
    pub sequence: Sequence,
    pub status: SessionStatus,
    pub checks: ChecksSummary,
    /// Absent unless the company shares personal data; see [`SessionSnapshot::with_person`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<Person>,
}

impl SessionSnapshot {
    /// A snapshot without personal data.
    pub fn new(
        session_id: impl Into<String>,
        external_id: Option<String>,
        sequence: Sequence,
        status: SessionStatus,
        checks: ChecksSummary,
    ) -> Self {
        Self { session_id: session_id.into(), external_id, sequence, status, checks, person: None }
    }

    /// Adds the person's names when the company allows it (`webhook_include_personal_data`),
    /// and when at least one name is known: a session without names, or one whose names were
    /// redacted, has no `person`.
    pub fn with_person(
        mut self,
        include_personal_data: bool,
        first_name: Option<String>,
        last_name: Option<String>,
    ) -> Self {
        let known = first_name.is_some() || last_name.is_some();
        self.person = (include_personal_data && known).then_some(Person { first_name, last_name });
        self
    }
}

/// Nothing more than the snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NoDetails {}

/// `session.completed`: the person finished the flow of one attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// 1 for the session's first attempt.
    pub attempt: u32,
    #[serde(with = "rfc3339_millis")]
    pub finished_at: DateTime<Utc>,
}

/// What changed a session's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusCause {
    /// The status rules, after an attempt or a re-screening.
    Automatic,
    /// An operator's decision.
    Decision,
}

/// `session.status_changed`: the status is in the snapshot; this says what it was and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub previous_status: SessionStatus,
    pub cause: StatusCause,
}

/// `session.decision_made`: an operator's accepted decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionDetails {
    pub decision: Decision,
    /// The rejection reasons; empty for an approval.
    pub reasons: Vec<RejectionReason>,
    /// A first approval under four-eyes review: the status is unchanged until a second
    /// operator approves.
    pub awaiting_second_approval: bool,
}

/// What made screening look at the session again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningTrigger {
    /// The attempt's own screening.
    Ingest,
    /// A sanctions or PEP list import re-screened stored sessions.
    ListUpdate,
}

/// `screening.match_found`. The matched list entries are not sent: fetch them with the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchFound {
    pub trigger: ScreeningTrigger,
    /// Matches this screening found (the snapshot's checks count all open ones).
    pub new_matches: u32,
}

/// `session.redacted`: the personal data is gone; status and checks remain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redaction {
    #[serde(with = "rfc3339_millis")]
    pub redacted_at: DateTime<Utc>,
}

/// A session event's `data`: the snapshot, and what is particular to the type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEvent<D> {
    #[serde(flatten)]
    pub session: SessionSnapshot,
    #[serde(flatten)]
    pub details: D,
}

/// `webhook.test`'s `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestData {
    /// The endpoint the test was sent to.
    pub endpoint_id: String,
}

/// The `type` and the `data` of an event, which go together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data")]
pub enum EventData {
    #[serde(rename = "session.created")]
    SessionCreated(SessionEvent<NoDetails>),
    #[serde(rename = "session.completed")]
    SessionCompleted(SessionEvent<Completion>),
    #[serde(rename = "session.status_changed")]
    SessionStatusChanged(SessionEvent<StatusChange>),
    #[serde(rename = "session.decision_made")]
    SessionDecisionMade(SessionEvent<DecisionDetails>),
    #[serde(rename = "screening.match_found")]
    ScreeningMatchFound(SessionEvent<MatchFound>),
    #[serde(rename = "session.redacted")]
    SessionRedacted(SessionEvent<Redaction>),
    #[serde(rename = "webhook.test")]
    WebhookTest(TestData),
}

impl EventData {
    pub fn event_type(&self) -> EventType {
        match self {
            Self::SessionCreated(_) => EventType::SessionCreated,
            Self::SessionCompleted(_) => EventType::SessionCompleted,
            Self::SessionStatusChanged(_) => EventType::SessionStatusChanged,
            Self::SessionDecisionMade(_) => EventType::SessionDecisionMade,
            Self::ScreeningMatchFound(_) => EventType::ScreeningMatchFound,
            Self::SessionRedacted(_) => EventType::SessionRedacted,
            Self::WebhookTest(_) => EventType::WebhookTest,
        }
    }

    /// The session snapshot to fill in; the outbox sets its `sequence` when it stores the event.
    pub fn session_mut(&mut self) -> Option<&mut SessionSnapshot> {
        match self {
            Self::SessionCreated(event) => Some(&mut event.session),
            Self::SessionCompleted(event) => Some(&mut event.session),
            Self::SessionStatusChanged(event) => Some(&mut event.session),
            Self::SessionDecisionMade(event) => Some(&mut event.session),
            Self::ScreeningMatchFound(event) => Some(&mut event.session),
            Self::SessionRedacted(event) => Some(&mut event.session),
            Self::WebhookTest(_) => None,
        }
    }

    /// The session snapshot; `None` for `webhook.test`.
    pub fn session(&self) -> Option<&SessionSnapshot> {
        match self {
            Self::SessionCreated(event) => Some(&event.session),
            Self::SessionCompleted(event) => Some(&event.session),
            Self::SessionStatusChanged(event) => Some(&event.session),
            Self::SessionDecisionMade(event) => Some(&event.session),
            Self::ScreeningMatchFound(event) => Some(&event.session),
            Self::SessionRedacted(event) => Some(&event.session),
            Self::WebhookTest(_) => None,
        }
    }
}

/// One event, as its JSON body reads: `{"id", "occurred_at", "type", "data"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    pub id: EventId,
    /// When the change happened (not when it is delivered).
    #[serde(with = "rfc3339_millis")]
    pub occurred_at: DateTime<Utc>,
    #[serde(flatten)]
    pub data: EventData,
}

impl WebhookEvent {
    pub fn event_type(&self) -> EventType {
        self.data.event_type()
    }

    /// The bytes to store in the outbox and send on every attempt. Call once per event.
    pub fn encode(&self) -> Result<EncodedEvent, EncodeError> {
        let body = serde_json::to_string(self).map_err(|error| EncodeError(error.to_string()))?;
        Ok(EncodedEvent { id: self.id.clone(), event_type: self.event_type(), body })
    }
}

/// An event could not be written as JSON (a serde_json failure; not expected with these types).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the event could not be encoded as JSON: {0}")]
pub struct EncodeError(String);

/// An event encoded once: its id, its type and the exact body bytes that are sent and signed.
///
/// Made by [`WebhookEvent::encode`] when the event is written to the outbox, and read back
/// with [`EncodedEvent::from_stored`] for every attempt. Nothing re-serialises the event, so
/// the body, and therefore the signed content, is the same on every attempt and every resend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedEvent {
    id: EventId,
    event_type: EventType,
    body: String,
}

/// A stored body that is not an event this crate wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredEventError {
    #[error("the stored event body is not a JSON object with an id and a type: {0}")]
    NotAnEvent(String),
    #[error("the stored event body has an invalid id: {0}")]
    InvalidId(#[from] EventIdError),
}

/// Only what the headers need; the rest of the body is left as it is.
#[derive(Deserialize)]
struct StoredHeader {
    id: String,
    #[serde(rename = "type")]
    event_type: EventType,
}

impl EncodedEvent {
    /// The outbox's stored body, taken as it is. The id and type are read from the body
    /// itself, so the `webhook-id` header always equals the payload's `id`.
    pub fn from_stored(body: String) -> Result<Self, StoredEventError> {
        let header: StoredHeader = serde_json::from_str(&body)
            .map_err(|error| StoredEventError::NotAnEvent(error.to_string()))?;
        let id = EventId::new(header.id)?;
        Ok(Self { id, event_type: header.event_type, body })
    }

    pub fn id(&self) -> &EventId {
        &self.id
    }

    pub fn event_type(&self) -> EventType {
        self.event_type
    }

    /// The JSON text to store and to send as the request body, byte for byte.
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn into_body(self) -> String {
        self.body
    }
}

/// Times as RFC 3339 in UTC with milliseconds: `2026-12-01T09:30:00.250Z`.
mod rfc3339_millis {
    use super::*;

    pub fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Millis, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        DateTime::<Utc>::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_refuse_the_full_stop_that_separates_the_signed_parts() {
        assert_eq!(
            EventId::new("evt.1"),
            Err(EventIdError::InvalidCharacter { character: '.', position: 4 })
        );
        assert_eq!(EventId::new(""), Err(EventIdError::Empty));
        assert_eq!(EventId::new("x".repeat(65)), Err(EventIdError::TooLong { length: 65 }));
        assert!(EventId::new("evt_0190f6d8-3c1e-7a4b-9a51-1d2e3f405162").is_ok());
        assert!(EventId::new("evt 1").is_err(), "spaces would split the header");
        assert!(EventId::new("évt").is_err());
    }

    #[test]
    fn sequences_start_at_one_and_count_up() {
        assert_eq!(Sequence::FIRST.get(), 1);
        assert_eq!(Sequence::FIRST.next().get(), 2);
        assert_eq!(Sequence::new(0), None);
        assert!(Sequence::FIRST < Sequence::FIRST.next());
    }

    #[test]
    fn every_screening_status_parses_back_from_its_wire_name() {
        for status in ScreeningStatus::ALL {
            assert_eq!(status.as_str().parse::<ScreeningStatus>(), Ok(status));
            let json = serde_json::to_string(&status).expect("serialises");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }
}
