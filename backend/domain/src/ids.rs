//! Typed identifiers: a session id can never be passed where a company id is expected.
//!
//! Every id the product makes is a UUID (version 7, so ids sort by creation time) written in
//! its lowercase hyphenated form. API clients are the exception: a client id is chosen when the
//! client is created (`demo-bank-server`), so [`ApiClientId`] is a short token, not a UUID.
//!
//! Ids are parsed at the edge ("parse, don't validate"): text that is not an id never reaches a
//! query, so a malformed id in a URL answers like an unknown one without touching the database.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Text that is not an id of the expected kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind} id")]
pub struct MalformedId {
    pub kind: &'static str,
    pub value: String,
}

macro_rules! uuid_id {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// What the id names, for messages: "session", "company", ...
            pub const KIND: &'static str = $kind;

            /// A new id, ordered by creation time (UUID v7).
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl FromStr for $name {
            type Err = MalformedId;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                parse_uuid(text).map(Self).ok_or_else(|| MalformedId { kind: $kind, value: text.to_owned() })
            }
        }

        impl TryFrom<String> for $name {
            type Error = MalformedId;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// Only the canonical hyphenated form: `{…}`, `urn:uuid:` and the 32-digit simple form that
/// `Uuid::parse_str` also accepts would give one id several spellings.
fn parse_uuid(text: &str) -> Option<Uuid> {
    let canonical = text.len() == 36 && text.as_bytes().get(8) == Some(&b'-');
    canonical.then(|| Uuid::parse_str(text).ok()).flatten()
}

uuid_id!(
    /// A client company of the service: the unit of tenancy.
    CompanyId, "company"
);
uuid_id!(
    /// A dashboard user (admin, operator, viewer, or the platform's superadmin).
    UserId, "user"
);
uuid_id!(
    /// A verification session.
    SessionId, "session"
);
uuid_id!(
    /// One attempt of a session.
    AttemptId, "attempt"
);
uuid_id!(
    /// A stored photo of a session.
    PhotoId, "photo"
);
uuid_id!(
    /// A note (or decision note) on a session.
    NoteId, "note"
);
uuid_id!(
    /// An exported PDF report.
    ExportId, "report export"
);
uuid_id!(
    /// One imported version of a sanctions or PEP list.
    ListId, "screening list"
);
uuid_id!(
    /// One event of the audit log.
    AuditEventId, "audit event"
);
uuid_id!(
    /// A company's webhook receiver endpoint.
    WebhookEndpointId, "webhook"
);
uuid_id!(
    /// One event's delivery to one webhook endpoint (its attempts share the event's id).
    WebhookDeliveryId, "delivery"
);

/// An API client's id: 1 to 64 letters, digits, `.`, `_` or `-`, chosen at creation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiClientId(String);

impl ApiClientId {
    pub const KIND: &'static str = "API client";
    pub const MAX_LEN: usize = 64;

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for ApiClientId {
    type Err = MalformedId;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if (1..=Self::MAX_LEN).contains(&text.len()) && text.chars().all(allowed) {
            Ok(Self(text.to_owned()))
        } else {
            Err(MalformedId { kind: Self::KIND, value: text.to_owned() })
        }
    }
}

impl TryFrom<String> for ApiClientId {
    type Error = MalformedId;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<ApiClientId> for String {
    fn from(id: ApiClientId) -> String {
        id.0
    }
}

impl fmt::Display for ApiClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for ApiClientId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ApiClientId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Who did something: a dashboard user or a company's API client. Notes, decisions, exports and
/// audit events name their author by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    User(UserId),
    ApiClient(ApiClientId),
}

impl Principal {
    /// `user` or `api_client`, as the audit log records the kind of actor.
    pub fn kind(&self) -> &'static str {
        match self {
            Principal::User(_) => "user",
            Principal::ApiClient(_) => "api_client",
        }
    }

    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Principal::User(id) => Some(*id),
            Principal::ApiClient(_) => None,
        }
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Principal::User(id) => fmt::Display::fmt(id, f),
            Principal::ApiClient(id) => fmt::Display::fmt(id, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_from_its_text() {
        let id = SessionId::generate();
        assert_eq!(id.to_string().parse::<SessionId>(), Ok(id));
        assert_eq!(id.to_string().len(), 36);
    }

    #[test]
    fn only_the_hyphenated_form_is_an_id() {
        let id = SessionId::generate();
        let simple = id.as_uuid().simple().to_string();
        assert!(simple.parse::<SessionId>().is_err());
        assert!(format!("{{{id}}}").parse::<SessionId>().is_err());
        assert!("not-an-id".parse::<SessionId>().is_err());
        assert!("".parse::<SessionId>().is_err());
    }

    #[test]
    fn ids_serialise_as_plain_strings() {
        let id = CompanyId::generate();
        assert_eq!(serde_json::to_value(id).ok(), Some(serde_json::Value::String(id.to_string())));
        let back: CompanyId = serde_json::from_value(serde_json::Value::String(id.to_string())).expect("id");
        assert_eq!(back, id);
        assert!(serde_json::from_str::<CompanyId>("\"nope\"").is_err());
    }

    #[test]
    fn api_client_ids_are_short_url_safe_tokens() {
        assert!("demo-bank-server".parse::<ApiClientId>().is_ok());
        assert!("a.b_c-9".parse::<ApiClientId>().is_ok());
        assert!("".parse::<ApiClientId>().is_err());
        assert!("has space".parse::<ApiClientId>().is_err());
        assert!("x".repeat(65).parse::<ApiClientId>().is_err());
        assert!("ünïcode".parse::<ApiClientId>().is_err());
    }
}
