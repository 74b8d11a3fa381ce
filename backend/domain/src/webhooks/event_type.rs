//! The closed set of event types, their wire names, and which of them an endpoint receives.
//!
//! See the [module docs](super) for the subscription rules.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

/// What happened. The wire name ([`EventType::as_str`]) is the payload's `type` and what an
/// endpoint subscribes to; it never changes once published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "session.created")]
    SessionCreated,
    #[serde(rename = "session.completed")]
    SessionCompleted,
    #[serde(rename = "session.status_changed")]
    SessionStatusChanged,
    #[serde(rename = "session.decision_made")]
    SessionDecisionMade,
    #[serde(rename = "screening.match_found")]
    ScreeningMatchFound,
    #[serde(rename = "session.redacted")]
    SessionRedacted,
    #[serde(rename = "webhook.test")]
    WebhookTest,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        Self::SessionCreated,
        Self::SessionCompleted,
        Self::SessionStatusChanged,
        Self::SessionDecisionMade,
        Self::ScreeningMatchFound,
        Self::SessionRedacted,
        Self::WebhookTest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SessionCreated => "session.created",
            Self::SessionCompleted => "session.completed",
            Self::SessionStatusChanged => "session.status_changed",
            Self::SessionDecisionMade => "session.decision_made",
            Self::ScreeningMatchFound => "screening.match_found",
            Self::SessionRedacted => "session.redacted",
            Self::WebhookTest => "webhook.test",
        }
    }

    /// One line for the dashboard and the integrators' documentation.
    pub fn description(self) -> &'static str {
        match self {
            Self::SessionCreated => "A verification session was created.",
            Self::SessionCompleted => "The person finished the verification flow of an attempt.",
            Self::SessionStatusChanged => {
                "The session's status changed, by the automatic rules or by a decision."
            }
            Self::SessionDecisionMade => "An operator approved or rejected the session.",
            Self::ScreeningMatchFound => {
                "Sanctions or PEP screening found a potential match, at ingest or after a list update."
            }
            Self::SessionRedacted => {
                "The session's personal data was erased under the retention rules."
            }
            Self::WebhookTest => "A test event an admin sent to check the endpoint.",
        }
    }

    /// Whether an endpoint can subscribe to the type: every type but `webhook.test`, which is
    /// sent only when an admin asks for it.
    pub fn is_subscribable(self) -> bool {
        self != Self::WebhookTest
    }

    /// The types an endpoint can subscribe to, in [`EventType::ALL`] order.
    pub fn subscribable() -> impl Iterator<Item = EventType> {
        Self::ALL.into_iter().filter(|event_type| event_type.is_subscribable())
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that is not the wire name of an event type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event type {name:?}; the event types are {}", known_names())]
pub struct UnknownEventType {
    pub name: String,
}

fn known_names() -> String {
    EventType::ALL.map(EventType::as_str).join(", ")
}

impl FromStr for EventType {
    type Err = UnknownEventType;

    /// Exact wire names only: `Session.Created` or `session_created` are refused, so a typo in a
    /// subscription is an error and not a silently empty filter.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|event_type| event_type.as_str() == name)
            .ok_or_else(|| UnknownEventType { name: name.to_owned() })
    }
}

/// The event types one endpoint receives: a non-empty set of subscribable types.
///
/// Serialised as a JSON array of wire names in [`EventType::ALL`] order, which is how the server
/// stores it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct EventFilter {
    types: BTreeSet<EventType>,
}

/// Why a list of event types cannot be an endpoint's subscription.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventFilterError {
    #[error(
        "an endpoint must subscribe to at least one event type; to receive everything, list every type: {}",
        subscribable_names()
    )]
    Empty,
    #[error(transparent)]
    Unknown(#[from] UnknownEventType),
    #[error(
        "webhook.test cannot be subscribed to: it is sent only on request (POST /api/v1/webhooks/{{id}}/test)"
    )]
    NotSubscribable,
}

fn subscribable_names() -> String {
    EventType::subscribable().map(EventType::as_str).collect::<Vec<_>>().join(", ")
}

impl EventFilter {
    /// Every subscribable type there is today. Types added in later releases are not included:
    /// a receiver gets a new type only once its admin subscribes to it.
    pub fn every_subscribable_type() -> Self {
        Self { types: EventType::subscribable().collect() }
    }

    /// The subscription for these types; repeats are merged.
    pub fn new(types: impl IntoIterator<Item = EventType>) -> Result<Self, EventFilterError> {
        let types: BTreeSet<EventType> = types.into_iter().collect();
        if types.is_empty() {
            return Err(EventFilterError::Empty);
        }
        if types.contains(&EventType::WebhookTest) {
            return Err(EventFilterError::NotSubscribable);
        }
        Ok(Self { types })
    }

    /// Parses wire names, e.g. from the `event_types` of an endpoint form.
    pub fn from_names<S: AsRef<str>>(
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self, EventFilterError> {
        let types = names
            .into_iter()
            .map(|name| name.as_ref().parse::<EventType>())
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(types)
    }

    /// Whether an event of this type goes to the endpoint. `webhook.test` always does: it is
    /// only ever created for one endpoint, on its admin's request.
    pub fn accepts(&self, event_type: EventType) -> bool {
        event_type == EventType::WebhookTest || self.types.contains(&event_type)
    }

    /// The subscribed types, in [`EventType::ALL`] order.
    pub fn types(&self) -> impl Iterator<Item = EventType> + '_ {
        self.types.iter().copied()
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.types().map(EventType::as_str).collect()
    }
}

impl TryFrom<Vec<String>> for EventFilter {
    type Error = EventFilterError;
    fn try_from(names: Vec<String>) -> Result<Self, Self::Error> {
        Self::from_names(names)
    }
}

impl From<EventFilter> for Vec<String> {
    fn from(filter: EventFilter) -> Self {
        filter.names().into_iter().map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_parses_back_from_its_wire_name() {
        for event_type in EventType::ALL {
            assert_eq!(event_type.as_str().parse::<EventType>(), Ok(event_type));
        }
    }

    #[test]
    fn serde_and_as_str_agree_on_every_wire_name() {
        for event_type in EventType::ALL {
            let json = serde_json::to_string(&event_type).expect("an event type serialises");
            assert_eq!(json, format!("\"{}\"", event_type.as_str()));
        }
    }

    #[test]
    fn wire_names_follow_the_standard_webhooks_form() {
        for event_type in EventType::ALL {
            let name = event_type.as_str();
            assert!(name.contains('.'), "{name} is hierarchical");
            assert!(
                name.split('.').all(|part| !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')),
                "{name} uses [a-z_] between full stops"
            );
        }
    }

    #[test]
    fn near_misses_of_a_wire_name_are_unknown_types() {
        for name in ["Session.Created", "session_created", "session.created ", "", "session"] {
            let error = name.parse::<EventType>().expect_err("not a wire name");
            assert!(error.to_string().contains("session.redacted"), "the message lists the types");
        }
    }

    #[test]
    fn the_subscribable_types_are_all_types_but_the_test_event() {
        let subscribable: Vec<_> = EventType::subscribable().collect();
        assert_eq!(subscribable.len(), EventType::ALL.len() - 1);
        assert!(!subscribable.contains(&EventType::WebhookTest));
    }
}
