//! A v2 event: what happened, where it sits in its chain, and its keyed hash.

use super::{ChainId, ChainKey};
use crate::audit::encoding::{put_optional, put_text, put_timestamp, put_u64, whole_microseconds};
use chrono::{DateTime, Utc};
use hmac::Mac;
use serde::{Deserialize, Serialize};
use sha2::digest::Update;

/// Domain separation, and the version of the canonical event encoding.
pub const EVENT_TAG: &str = "kyc-audit-v2";

/// What happened, by whom, to what, from where, when: ids, actions and outcomes only, never
/// personal data. Given to [`super::ChainHead::append`], which places it in a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// The event's own id (a UUID v7 made by the caller).
    pub id: String,
    /// The company the event concerns; `None` for the platform chain.
    pub company_id: Option<String>,
    /// `user`, `api_client` or `system`, as the server stores it.
    pub actor_kind: String,
    pub actor_id: String,
    /// Dotted action name, e.g. `auth.login`, `session.decide`.
    pub action: String,
    /// What kind of thing the action was about, e.g. `session`; hashed even without a target id.
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// `ok`, `failed`, `denied`, ... as the server stores it.
    pub outcome: String,
    pub ip: Option<String>,
    /// When; the hash covers whole microseconds, and [`super::ChainHead::append`] truncates to
    /// them so that what is stored is what was hashed.
    pub at: DateTime<Utc>,
}

impl AuditEntry {
    /// `at` truncated to the microseconds the hash covers.
    pub fn timestamp(at: DateTime<Utc>) -> DateTime<Utc> {
        whole_microseconds(at)
    }
}

/// An entry placed in a chain: every column of a stored event but the hash itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub chain: ChainId,
    /// Position in the chain: 1, 2, 3, ... per chain.
    pub seq: u64,
    /// The hash of the event before it in the chain, or the chain's origin for `seq` 1.
    pub prev_hash: String,
    #[serde(flatten)]
    pub entry: AuditEntry,
}

impl AuditEvent {
    /// Lowercase hex HMAC-SHA256, under `key`, of the canonical encoding (module docs).
    pub fn hash(&self, key: &ChainKey) -> String {
        let mut mac = key.keyed();
        self.encode(&mut mac);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The canonical encoding, piece by piece, in the order the module docs give.
    pub(super) fn encode(&self, sink: &mut impl Update) {
        let entry = &self.entry;
        put_text(sink, EVENT_TAG);
        put_chain(sink, &self.chain);
        put_u64(sink, self.seq);
        put_text(sink, &self.prev_hash);
        put_text(sink, &entry.id);
        put_optional(sink, entry.company_id.as_deref());
        put_text(sink, &entry.actor_kind);
        put_text(sink, &entry.actor_id);
        put_text(sink, &entry.action);
        put_optional(sink, entry.target_type.as_deref());
        put_optional(sink, entry.target_id.as_deref());
        put_text(sink, &entry.outcome);
        put_optional(sink, entry.ip.as_deref());
        put_timestamp(sink, entry.at);
    }

    /// Whether the event may sit in `chain`: it names that chain, and its company goes there.
    pub(super) fn belongs_to(&self, chain: &ChainId) -> bool {
        self.chain == *chain
            && ChainId::for_company(self.entry.company_id.as_deref()).as_ref() == Ok(chain)
    }
}

/// A chain id in an encoding: its company id as an optional text, absent for the platform
/// chain (so a `0` byte, or a `1` byte and the company id).
pub(super) fn put_chain(sink: &mut impl Update, chain: &ChainId) {
    put_optional(sink, chain.company_id());
}

/// An event as stored: its columns and the hash written with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEvent {
    #[serde(flatten)]
    pub event: AuditEvent,
    pub hash: String,
}
