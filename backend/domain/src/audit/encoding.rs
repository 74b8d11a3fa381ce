//! The byte-level pieces of the canonical encodings (v1 events, v2 events, checkpoints).
//!
//! Each piece is self-delimiting, so a sequence of them is unambiguous: no two different
//! sequences of values give the same bytes.
//! - a text: its UTF-8 length as a big-endian u64, then its bytes;
//! - an optional text: a `0` byte when absent, else a `1` byte and the text;
//! - an unsigned number: 8 bytes, big-endian; a signed number: 8 bytes, big-endian two's
//!   complement;
//! - a timestamp: whole microseconds since the Unix epoch, as a signed number.

use chrono::{DateTime, Utc};
use sha2::digest::Update;

/// Bytes as they are, for a fixed tag at a fixed position (v1's leading tag).
pub(super) fn put_raw(sink: &mut impl Update, bytes: &[u8]) {
    sink.update(bytes);
}

pub(super) fn put_text(sink: &mut impl Update, text: &str) {
    put_bytes(sink, text.as_bytes());
}

pub(super) fn put_bytes(sink: &mut impl Update, bytes: &[u8]) {
    // usize always fits in u64 on the platforms Rust supports.
    put_u64(sink, bytes.len() as u64);
    sink.update(bytes);
}

pub(super) fn put_optional(sink: &mut impl Update, text: Option<&str>) {
    match text {
        None => sink.update(&[0]),
        Some(text) => {
            sink.update(&[1]);
            put_text(sink, text);
        }
    }
}

pub(super) fn put_u64(sink: &mut impl Update, value: u64) {
    sink.update(&value.to_be_bytes());
}

pub(super) fn put_timestamp(sink: &mut impl Update, at: DateTime<Utc>) {
    sink.update(&at.timestamp_micros().to_be_bytes());
}

/// `at` truncated to the microseconds the encodings cover (the precision every supported
/// database keeps), so a stored and re-read value hashes the same.
pub(super) fn whole_microseconds(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

/// A byte sink that keeps what it is given: the encodings written out, for tests and for
/// signing (Ed25519 signs a message, not a running hash).
#[derive(Debug, Default)]
pub(super) struct Bytes(pub(super) Vec<u8>);

impl Update for Bytes {
    fn update(&mut self, data: &[u8]) {
        self.0.extend_from_slice(data);
    }
}
