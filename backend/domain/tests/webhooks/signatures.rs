//! Standard Webhooks signatures: the spec libraries' vectors, the reference library as an
//! independent verifier, the tolerance, tampering, rotation and secrets.

use super::at;
use chrono::{TimeDelta, Utc};
use kyc_domain::webhooks::EncodedEvent;
use kyc_domain::webhooks::event::EventId;
use kyc_domain::webhooks::signature::{
    EndpointSecrets, ReceivedHeaders, SecretError, SignedHeaders, SigningSecret, VerifyError,
    verify,
};

fn secret(text: &str) -> SigningSecret {
    SigningSecret::parse(text).expect("a valid whsec_ secret")
}

fn id(text: &str) -> EventId {
    EventId::new(text).expect("a valid event id")
}

fn received(headers: &SignedHeaders) -> ReceivedHeaders<'_> {
    ReceivedHeaders {
        webhook_id: &headers.webhook_id,
        webhook_timestamp: &headers.webhook_timestamp,
        webhook_signature: &headers.webhook_signature,
    }
}

/// An event as the outbox stores it.
fn stored_event() -> EncodedEvent {
    EncodedEvent::from_stored(
        r#"{"id":"evt_0190f6d8","occurred_at":"2026-12-01T09:30:00.250Z","type":"webhook.test","data":{"endpoint_id":"ep_1"}}"#
            .to_owned(),
    )
    .expect("a stored event")
}

/// The vectors of the spec's reference libraries (standard-webhooks/standard-webhooks:
/// `libraries/go/webhook_test.go` TestWebhookSign and `libraries/rust/src/lib.rs` test_sign).
const SPEC_VECTORS: [(&str, &str, i64, &str, &str); 2] = [
    (
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1_614_265_330,
        r#"{"test": 2432232314}"#,
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ),
    (
        "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
        1_649_367_553,
        r#"{"email":"test@example.com","username":"test_user"}"#,
        "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=",
    ),
];

#[test]
fn signatures_match_the_spec_libraries_vectors() {
    for (key, msg_id, timestamp, body, expected) in SPEC_VECTORS {
        assert_eq!(secret(key).signature(&id(msg_id), timestamp, body.as_bytes()), expected);
    }
}

#[test]
fn the_spec_libraries_vectors_verify_at_their_own_time() {
    for (key, msg_id, timestamp, body, signature) in SPEC_VECTORS {
        let headers = ReceivedHeaders {
            webhook_id: msg_id,
            webhook_timestamp: &timestamp.to_string(),
            webhook_signature: signature,
        };
        assert_eq!(verify(&secret(key), headers, body.as_bytes(), at(timestamp)), Ok(()));
    }
}

fn reference_headers(headers: &SignedHeaders) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in headers.pairs() {
        map.insert(name, value.parse().expect("a header value"));
    }
    map
}

#[test]
fn the_reference_library_verifies_what_we_sign() {
    let secrets = EndpointSecrets::new(SigningSecret::generate().expect("a secret"));
    let event = stored_event();
    let headers = secrets.sign(&event, Utc::now());
    let reference = standardwebhooks::Webhook::new(&secrets.current().expose())
        .expect("the reference library reads our secret");
    reference
        .verify(event.body().as_bytes(), &reference_headers(&headers))
        .expect("the reference library accepts our signature");
    let tampered = event.body().replace("ep_1", "ep_2");
    assert!(reference.verify(tampered.as_bytes(), &reference_headers(&headers)).is_err());
}

#[test]
fn we_verify_what_the_reference_library_signs() {
    let key = SigningSecret::generate_with_length(64).expect("a secret");
    let reference = standardwebhooks::Webhook::new(&key.expose()).expect("a reference signer");
    let now = Utc::now();
    let body = stored_event().into_body();
    let signature = reference
        .sign("evt_0190f6d8", now.timestamp(), body.as_bytes())
        .expect("the reference library signs");
    let headers = ReceivedHeaders {
        webhook_id: "evt_0190f6d8",
        webhook_timestamp: &now.timestamp().to_string(),
        webhook_signature: &signature,
    };
    assert_eq!(verify(&key, headers, body.as_bytes(), now), Ok(()));
}

/// When the fixture's attempt is signed.
const SENT: i64 = 1_764_581_400;

/// The stored event, signed for an attempt at [`SENT`] with a fresh secret.
struct Signed {
    secrets: EndpointSecrets,
    event: EncodedEvent,
    headers: SignedHeaders,
}

fn signed() -> Signed {
    let secrets = EndpointSecrets::new(SigningSecret::generate().expect("a secret"));
    let event = stored_event();
    let headers = secrets.sign(&event, at(SENT));
    Signed { secrets, event, headers }
}

impl Signed {
    fn received(&self) -> ReceivedHeaders<'_> {
        received(&self.headers)
    }

    fn body(&self) -> &[u8] {
        self.event.body().as_bytes()
    }

    /// Verifies `headers` over the stored body with the current secret, `offset` s after SENT.
    fn verify(&self, headers: ReceivedHeaders<'_>, offset: i64) -> Result<(), VerifyError> {
        verify(self.secrets.current(), headers, self.body(), at(SENT + offset))
    }
}

#[test]
fn a_signature_verifies_up_to_five_minutes_either_way_and_not_a_second_more() {
    let signed = signed();
    let check = |offset| signed.verify(signed.received(), offset);
    assert_eq!(check(0), Ok(()));
    assert_eq!(check(300), Ok(()));
    assert_eq!(check(-300), Ok(()));
    assert_eq!(check(301), Err(VerifyError::TimestampTooOld { seconds: 301 }));
    assert_eq!(check(-301), Err(VerifyError::TimestampTooNew { seconds: 301 }));
}

#[test]
fn a_changed_body_id_timestamp_or_key_breaks_the_signature() {
    let signed = signed();
    let mismatch = Err(VerifyError::NoMatchingSignature);
    let mut changed_body = signed.body().to_vec();
    changed_body[10] ^= 1;
    let now = at(SENT);
    assert_eq!(verify(signed.secrets.current(), signed.received(), &changed_body, now), mismatch);
    let other_id = ReceivedHeaders { webhook_id: "evt_0190f6d9", ..signed.received() };
    assert_eq!(signed.verify(other_id, 0), mismatch);
    let later = (SENT + 1).to_string();
    let other_time = ReceivedHeaders { webhook_timestamp: &later, ..signed.received() };
    assert_eq!(signed.verify(other_time, 0), mismatch);
    let other_key = SigningSecret::generate().expect("a secret");
    assert_eq!(verify(&other_key, signed.received(), signed.body(), now), mismatch);
}

#[test]
fn an_empty_or_truncated_signature_never_verifies() {
    // A comparison that stops at the shorter input would accept these.
    let signed = signed();
    let full = &signed.headers.webhook_signature;
    for forged in ["v1,", &full[..10], &full[..full.len() - 4]] {
        let forged_headers = ReceivedHeaders { webhook_signature: forged, ..signed.received() };
        assert_eq!(signed.verify(forged_headers, 0), Err(VerifyError::NoMatchingSignature));
    }
}

#[test]
fn any_matching_v1_entry_verifies_and_other_versions_are_skipped() {
    let signed = signed();
    let valid = &signed.headers.webhook_signature;
    let (_, tag) = valid.split_once(',').expect("v1,<tag>");
    let listed = format!("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= garbage v1,!!! {valid}");
    let with_list = ReceivedHeaders { webhook_signature: &listed, ..signed.received() };
    assert_eq!(signed.verify(with_list, 0), Ok(()));

    let other_version = format!("v1a,{tag} v2,{tag}");
    let only_other = ReceivedHeaders { webhook_signature: &other_version, ..signed.received() };
    assert_eq!(signed.verify(only_other, 0), Err(VerifyError::NoV1Signature));
    let empty = ReceivedHeaders { webhook_signature: "", ..signed.received() };
    assert_eq!(signed.verify(empty, 0), Err(VerifyError::NoV1Signature));
}

#[test]
fn every_attempt_is_signed_anew_over_the_same_id_and_body() {
    let first = signed();
    let retry_headers = first.secrets.sign(&first.event, at(SENT + 5));
    assert_eq!(first.headers.webhook_id, "evt_0190f6d8");
    assert_eq!(retry_headers.webhook_id, first.headers.webhook_id);
    assert_eq!(first.headers.webhook_timestamp, "1764581400");
    assert_eq!(retry_headers.webhook_timestamp, "1764581405");
    assert_ne!(retry_headers.webhook_signature, first.headers.webhook_signature);
    assert_eq!(first.verify(first.received(), 0), Ok(()));
    assert_eq!(first.verify(received(&retry_headers), 5), Ok(()));
}

#[test]
fn the_signature_is_hmac_sha256_over_id_dot_timestamp_dot_body() {
    // Written out with the primitives, as the integrators' documentation describes it.
    use base64::Engine;
    use hmac::{Hmac, Mac};
    let key = [0x5a_u8; 24];
    let secret = SigningSecret::from_key(&key).expect("24 bytes");
    let body = br#"{"id":"evt_1","type":"webhook.test"}"#;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
    mac.update(b"evt_1.1764581400.");
    mac.update(body);
    let expected = format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    );
    assert_eq!(secret.signature(&id("evt_1"), 1_764_581_400, body), expected);
}

#[test]
fn the_request_headers_are_the_three_standard_ones_and_json() {
    let headers = signed().headers;
    let names: Vec<&str> = headers.pairs().iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["content-type", "webhook-id", "webhook-timestamp", "webhook-signature"]);
    assert_eq!(headers.pairs()[0].1, "application/json");
    assert!(headers.webhook_signature.starts_with("v1,"));
    assert!(!headers.webhook_signature.contains(' '), "one secret, one signature");
}

#[test]
fn after_a_rotation_both_secrets_sign_for_24_hours_then_only_the_new_one() {
    let old = SigningSecret::generate().expect("a secret");
    let new = SigningSecret::generate().expect("a secret");
    let rotated_at = at(1_764_581_400);
    let secrets = EndpointSecrets::new(old.clone()).rotate(new.clone(), rotated_at);
    let event = stored_event();
    let body = event.body().as_bytes();

    let during = rotated_at + TimeDelta::hours(23);
    let overlap = secrets.sign(&event, during);
    let signatures: Vec<&str> = overlap.webhook_signature.split(' ').collect();
    assert_eq!(signatures.len(), 2);
    assert_eq!(signatures[0], new.signature(event.id(), during.timestamp(), body), "new first");
    assert_eq!(verify(&old, received(&overlap), body, during), Ok(()));
    assert_eq!(verify(&new, received(&overlap), body, during), Ok(()));

    let after = rotated_at + TimeDelta::hours(24);
    let later = secrets.sign(&event, after);
    assert!(!later.webhook_signature.contains(' '));
    assert_eq!(verify(&new, received(&later), body, after), Ok(()));
    assert_eq!(verify(&old, received(&later), body, after), Err(VerifyError::NoMatchingSignature));
}

#[test]
fn a_second_rotation_within_the_overlap_drops_the_oldest_secret() {
    let first = SigningSecret::generate().expect("a secret");
    let second = SigningSecret::generate().expect("a secret");
    let third = SigningSecret::generate().expect("a secret");
    let t0 = at(1_764_581_400);
    let secrets = EndpointSecrets::new(first.clone())
        .rotate(second.clone(), t0)
        .rotate(third.clone(), t0 + TimeDelta::hours(1));
    let signing: Vec<&SigningSecret> = secrets.signing_at(t0 + TimeDelta::hours(2)).collect();
    assert_eq!(signing, [&third, &second]);
    let retiring = secrets.previous().expect("the second secret is retiring");
    assert_eq!(retiring.signs_until, t0 + TimeDelta::hours(25));
}

#[test]
fn generated_secrets_are_32_random_bytes_in_whsec_form() {
    let one = SigningSecret::generate().expect("a secret");
    let two = SigningSecret::generate().expect("a secret");
    assert_eq!(one.key_length(), 32);
    assert_ne!(one, two);
    let text = one.expose();
    assert!(text.starts_with("whsec_"));
    assert_eq!(text.len(), "whsec_".len() + 44, "32 bytes are 44 base64 characters");
    assert_eq!(SigningSecret::parse(&text), Ok(one));
}

#[test]
fn secrets_are_24_to_64_bytes() {
    for length in [24, 64] {
        let made = SigningSecret::generate_with_length(length).expect("in range");
        assert_eq!(made.key_length(), length);
        assert_eq!(SigningSecret::parse(&made.expose()).map(|s| s.key_length()), Ok(length));
    }
    for length in [0, 23, 65] {
        assert_eq!(
            SigningSecret::generate_with_length(length),
            Err(SecretError::InvalidLength { length })
        );
        assert_eq!(
            SigningSecret::from_key(&vec![1; length]),
            Err(SecretError::InvalidLength { length })
        );
    }
    // "AAAA…" with 32 characters is 24 bytes; 28 characters are 21.
    assert!(SigningSecret::parse(&format!("whsec_{}", "A".repeat(32))).is_ok());
    assert_eq!(
        SigningSecret::parse(&format!("whsec_{}", "A".repeat(28))),
        Err(SecretError::InvalidLength { length: 21 })
    );
}

#[test]
fn malformed_secrets_are_refused_with_the_reason() {
    assert_eq!(
        SigningSecret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        Err(SecretError::MissingPrefix)
    );
    assert_eq!(
        SigningSecret::parse("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        Err(SecretError::MissingPrefix)
    );
    for bad in ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLa-w", "whsec_MfKQ9r8GKYqrTwjUPD8I PZIo2LaLaSw"]
    {
        let error = SigningSecret::parse(bad).expect_err("not standard base64");
        assert!(matches!(error, SecretError::InvalidBase64(_)), "{bad}: {error}");
        assert!(error.to_string().contains("standard base64"));
    }
}

#[test]
fn a_secret_reads_with_or_without_base64_padding() {
    let padded = SigningSecret::generate().expect("a secret").expose();
    assert!(padded.ends_with('='));
    let unpadded = padded.trim_end_matches('=');
    assert_eq!(SigningSecret::parse(unpadded), SigningSecret::parse(&padded));
}
