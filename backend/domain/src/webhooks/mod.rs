//! Webhooks: the rules the server's outbox and delivery worker follow, as plain values.
//!
//! The server writes each event to its outbox in the transaction of the change that caused it,
//! and a delivery worker sends it to every enabled endpoint that wants its type. This module
//! decides everything that needs no I/O: which events exist and who gets them
//! ([`event_type`]), what their payload is and the bytes that are sent ([`event`]), how those
//! bytes are signed ([`signature`]), when a failed attempt is retried ([`retry`]), and where a
//! webhook may go at all ([`network`]). The integrators' documentation cites this page.
//!
//! # Event types and subscriptions
//!
//! A closed set, with wire names that never change once published:
//! `session.created`, `session.completed`, `session.status_changed`, `session.decision_made`,
//! `screening.match_found`, `session.redacted`, and `webhook.test`. Names are exact: case and
//! spelling matter, unknown names are errors.
//!
//! An endpoint subscribes to a **non-empty** set of types ([`EventFilter`]); an empty list is
//! refused when the endpoint is created or changed. It does not mean "all", for two reasons: an
//! empty list from a form is more often a mistake than a wish, and "all" would silently grow
//! when a later release adds a type, sending a receiver a schema it never agreed to (and that it
//! might answer with a 4xx, which is retried and ends in the endpoint being disabled). To get
//! everything, list every type ([`EventFilter::every_subscribable_type`]). `webhook.test` cannot
//! be subscribed to: it is created only by `POST /api/v1/webhooks/{id}/test`, for that one
//! endpoint, and always passes its filter.
//!
//! # The payload
//!
//! Every body is one JSON object with four members: `id` (the event id, also the
//! `webhook-id` header), `occurred_at` (RFC 3339, UTC, milliseconds: when the change happened,
//! not when it is delivered), `type` (the wire name) and `data`. For the session events `data`
//! holds the session as it stands after the change:
//!
//! - `session_id`, `external_id` (the company's reference, or `null`);
//! - `sequence`: 1 for the session's first event, one more for each later one. Events may arrive
//!   out of order and more than once: a receiver keeps, per session, the highest sequence it has
//!   applied and ignores an event with a lower or equal one, and deduplicates on `webhook-id`;
//! - `status` (`verified`, `awaiting_action`, `rejected`, `not_finished`) and `checks`
//!   (`verified`, `liveness_passed`, `face_match_level` 1–7, `document_valid`, `mrz_valid`,
//!   `screening` = `clear` | `potential_match` | `confirmed_match` | `not_screened`,
//!   `screening_matches`; `null` is "no result");
//! - `person` (`first_name`, `last_name`) **only when** the company setting
//!   `webhook_include_personal_data` is on (off by default) and a name is known; otherwise the
//!   member is absent. Never photos, document numbers, dates of birth or addresses;
//! - and what is particular to the type: `attempt` and `finished_at` (`session.completed`);
//!   `previous_status` and `cause` = `automatic` | `decision` (`session.status_changed`);
//!   `decision` = `approve` | `reject`, `reasons`, `awaiting_second_approval`
//!   (`session.decision_made`); `trigger` = `ingest` | `list_update` and `new_matches`
//!   (`screening.match_found`); `redacted_at` (`session.redacted`, which has no `person`: the
//!   names are gone).
//!
//! `webhook.test` has `data: {"endpoint_id": …}` only.
//!
//! # Encoded once, sent as stored
//!
//! [`WebhookEvent::encode`] turns an event into its JSON text (compact, no insignificant
//! whitespace) **once**, when it is written to the outbox. Every attempt, retry and resend
//! sends exactly those stored bytes, read back with [`EncodedEvent::from_stored`], which takes
//! the `webhook-id` from the body's own `id`. Nothing serialises the event again, so a change of
//! serde, of field order or of this crate cannot change what a receiver verifies, and an event
//! id never changes between attempts.
//!
//! # Signatures (Standard Webhooks 1.0)
//!
//! Each attempt carries `Content-Type: application/json` and three headers:
//!
//! - `webhook-id`: the event id (1–64 characters of `A-Z a-z 0-9 _ -`, so never a `.`);
//! - `webhook-timestamp`: the attempt's time, in whole seconds since 1970-01-01 UTC, decimal;
//! - `webhook-signature`: `v1,` followed by the standard base64 (with padding) of
//!   HMAC-SHA256(key, signed content). During a secret rotation it holds two signatures
//!   separated by one space, the new secret's first.
//!
//! **The signed content** is the bytes of `webhook-id`, one `.` (0x2E), the bytes of
//! `webhook-timestamp`, one `.`, then the request body exactly as sent, byte for byte (UTF-8
//! JSON, not parsed and re-serialised). The key is the secret's bytes: the base64 after
//! `whsec_`, decoded — not the `whsec_…` text itself. The timestamp, and so the signature,
//! is new on each attempt; id and body never change.
//!
//! Secrets are `whsec_` + standard base64 of 24 to 64 random bytes; the server makes 32 from
//! the operating system's CSPRNG ([`SigningSecret::generate`]). Rotation
//! ([`EndpointSecrets::rotate`]) makes the new secret current at once and keeps signing with the
//! replaced one for 24 hours beside it; rotating again within those 24 hours drops the older
//! one, so there are never more than two signatures.
//!
//! A receiver ([`verify`]) checks that `webhook-timestamp` is within 5 minutes of its clock,
//! either way (300 s is accepted, 301 s is not), recomputes the signature over the raw body, and
//! compares it in constant time with each `v1` entry of the header, accepting any match.
//!
//! # Retries
//!
//! The first attempt is made as soon as the event is committed. After a failed attempt, the
//! next waits 5 s, then 5 min, 30 min, 2 h, 5 h, 10 h, and then 12 h between attempts, each
//! delay counted from the end of the failed attempt ([`RetryPolicy`]):
//!
//! - **Success** is a 2xx answer. Anything else is a failure: other statuses (3xx included:
//!   redirects are not followed), timeouts, refused or reset connections, TLS and DNS failures,
//!   and addresses the network policy refuses.
//! - **Jitter** is bounded full jitter: each delay is drawn uniformly from
//!   `[nominal − spread, nominal]`, the spread being 20 % of the nominal delay but at most the
//!   step from the previous nominal delay (5 s → 4–5 s, 5 min → 4–5 min, 10 h → 8–10 h, the
//!   first 12 h → 10–12 h, later 12 h exactly). Bands never overlap downwards, so the delays
//!   never shrink whatever the draws; jitter only ever brings an attempt forward.
//! - **`Retry-After`** (delay-seconds or an HTTP date, [`parse_retry_after`]) on a failed answer
//!   is honoured when it asks for a later time than the schedule, capped at 12 h.
//! - **Three days**: retries stop 3 days after the first attempt. The last retry is pulled in to
//!   that moment rather than dropped, so a receiver gets the full three days to come back; an
//!   attempt that fails at or after it ends the delivery ([`Verdict::GiveUp`]). The endpoint is
//!   then disabled too, with a reason its admins see, when nothing at all was delivered to it
//!   since that delivery's first attempt (an endpoint that still takes other events keeps
//!   running; only this event failed).
//! - **`410 Gone`** ends the delivery and disables the endpoint at once.
//! - **Scale**: `KYC_WEBHOOK_RETRY_SCALE` ([`RetryScale`], above 0 and at most 1, default 1)
//!   multiplies every duration of this section — delays, jitter, the `Retry-After` wait and its
//!   cap, and the 3-day window — so a test can run the whole schedule in seconds.
//!
//! # Where webhooks may go (SSRF)
//!
//! [`NetworkPolicy::check_url`] checks a receiver URL when an endpoint is created or changed,
//! and again before each attempt: in production only `https://` with a host, no user name or
//! password, no `#fragment`, at most 2048 characters, any port. The host may not be a refused IP
//! literal (in any spelling the WHATWG parser reads as one: `0x7f.1`, `2130706433`, `[::1]`), a
//! single label (`https://intranet/`, which a resolver's search list could expand inward), or a
//! special-use name (`localhost`, `local`, `home.arpa`, `internal`, `onion`, `alt`, `test`,
//! `example`, `invalid`, and names under them). In development `http://` is also accepted, to
//! loopback only (`127.0.0.0/8`, `[::1]`, `localhost`).
//!
//! Names are checked again where it counts: the server resolves the host on every attempt and
//! checks **every** resolved address with [`NetworkPolicy::check_resolved`] before connecting;
//! one refused address refuses the host, and so does an empty answer. So a name that resolves,
//! or rebinds, to an internal address is never reached. [`NetworkPolicy::check_address`]
//! refuses (development allows loopback only):
//!
//! - IPv4: `0.0.0.0/8` (unspecified and "this network"), `10/8`, `172.16/12`, `192.168/16`
//!   (private), `100.64/10` (carrier-grade NAT), `127/8` (loopback), `169.254/16` (link-local,
//!   cloud metadata), `192.0.0/24` (IETF), `192.0.2/24`, `198.51.100/24`, `203.0.113/24`
//!   (documentation), `192.88.99/24` (6to4 relay), `198.18/15` (benchmarking), `224/4`
//!   (multicast), `240/4` (reserved), `255.255.255.255` (broadcast);
//! - IPv6: `::` and `::1`, `fc00::/7` (unique local), `fe80::/10` (link-local), `fec0::/10`
//!   (site-local), `ff00::/8` (multicast), `2001:db8::/32` and `3fff::/20` (documentation),
//!   `2001::/23` (IETF: Teredo, benchmarking, ORCHID), `100::/64` (discard), `64:ff9b:1::/48`
//!   (local NAT64), and everything outside `2000::/3` (not global unicast);
//! - IPv6 forms of an IPv4 address — mapped `::ffff:a.b.c.d`, translated `::ffff:0:a.b.c.d`,
//!   compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::/48` — are judged by
//!   the IPv4 address they carry.

pub mod event;
pub mod event_type;
pub mod network;
pub mod retry;
pub mod signature;

pub use event::{EncodedEvent, EventData, EventId, Sequence, SessionSnapshot, WebhookEvent};
pub use event_type::{EventFilter, EventType};
pub use network::{NetworkPolicy, WebhookUrl};
pub use retry::{
    AttemptOutcome, FinishedAttempt, Jitter, RetryPolicy, RetryScale, Verdict, parse_retry_after,
};
pub use signature::{EndpointSecrets, SignedHeaders, SigningSecret, verify};
