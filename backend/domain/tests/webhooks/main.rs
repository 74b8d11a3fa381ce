//! The webhook rules: event types and payloads, signatures, retries and the network policy.

mod events;
mod network;
mod retries;
mod signatures;

use chrono::{DateTime, Utc};

/// A UTC time from Unix seconds.
fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).expect("a time in chrono's range")
}
