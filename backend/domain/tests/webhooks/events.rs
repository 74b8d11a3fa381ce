//! Event types, subscriptions, the payload's wire form, personal data and the one encoding.

use super::at;
use chrono::TimeDelta;
use kyc_domain::session::decision::{Decision, RejectionReason};
use kyc_domain::session::rules::CheckOutcomes;
use kyc_domain::session::{FaceMatchLevel, SessionStatus};
use kyc_domain::webhooks::event::{
    ChecksSummary, Completion, DecisionDetails, MatchFound, NoDetails, Redaction, ScreeningStatus,
    ScreeningTrigger, SessionEvent, StatusCause, StatusChange, StoredEventError, TestData,
};
use kyc_domain::webhooks::event_type::EventFilterError;
use kyc_domain::webhooks::{
    EncodedEvent, EventData, EventFilter, EventId, EventType, Sequence, SessionSnapshot,
    WebhookEvent,
};

fn checks() -> ChecksSummary {
    ChecksSummary {
        verified: true,
        liveness_passed: Some(true),
        face_match_level: Some(6),
        document_valid: Some(true),
        mrz_valid: Some(true),
        screening: ScreeningStatus::Clear,
        screening_matches: 0,
    }
}

fn snapshot(sequence: u64) -> SessionSnapshot {
    SessionSnapshot::new(
        "0190f6d8-3c1e-7a4b-9a51-1d2e3f405162",
        Some("crm-42".to_owned()),
        Sequence::new(sequence).expect("a sequence"),
        SessionStatus::Verified,
        checks(),
    )
}

fn event(id: &str, data: EventData) -> WebhookEvent {
    WebhookEvent {
        id: EventId::new(id).expect("an event id"),
        occurred_at: at(1_764_581_400) + TimeDelta::milliseconds(250),
        data,
    }
}

fn session<D>(details: D) -> SessionEvent<D> {
    SessionEvent { session: snapshot(3), details }
}

/// One event of every type.
fn one_of_each() -> Vec<WebhookEvent> {
    let finished_at = at(1_764_581_000);
    vec![
        event("evt_1", EventData::SessionCreated(session(NoDetails {}))),
        event(
            "evt_2",
            EventData::SessionCompleted(session(Completion { attempt: 1, finished_at })),
        ),
        event(
            "evt_3",
            EventData::SessionStatusChanged(session(StatusChange {
                previous_status: SessionStatus::AwaitingAction,
                cause: StatusCause::Decision,
            })),
        ),
        event(
            "evt_4",
            EventData::SessionDecisionMade(session(DecisionDetails {
                decision: Decision::Reject,
                reasons: vec![RejectionReason::SelfieMismatch, RejectionReason::MrzIssue],
                awaiting_second_approval: false,
            })),
        ),
        event(
            "evt_5",
            EventData::ScreeningMatchFound(session(MatchFound {
                trigger: ScreeningTrigger::ListUpdate,
                new_matches: 2,
            })),
        ),
        event("evt_6", EventData::SessionRedacted(session(Redaction { redacted_at: finished_at }))),
        event("evt_7", EventData::WebhookTest(TestData { endpoint_id: "ep_1".to_owned() })),
    ]
}

#[test]
fn a_status_change_is_encoded_exactly_as_documented() {
    let change = event(
        "evt_0190f6d8",
        EventData::SessionStatusChanged(session(StatusChange {
            previous_status: SessionStatus::AwaitingAction,
            cause: StatusCause::Decision,
        })),
    );
    let expected = concat!(
        r#"{"id":"evt_0190f6d8","occurred_at":"2025-12-01T09:30:00.250Z","#,
        r#""type":"session.status_changed","data":{"#,
        r#""session_id":"0190f6d8-3c1e-7a4b-9a51-1d2e3f405162","external_id":"crm-42","sequence":3,"#,
        r#""status":"verified","checks":{"verified":true,"liveness_passed":true,"face_match_level":6,"#,
        r#""document_valid":true,"mrz_valid":true,"screening":"clear","screening_matches":0},"#,
        r#""previous_status":"awaiting_action","cause":"decision"}}"#
    );
    assert_eq!(change.encode().expect("encodes").body(), expected);
}

#[test]
fn every_event_carries_its_wire_type_and_reads_back_equal() {
    let events = one_of_each();
    let types: Vec<EventType> = events.iter().map(WebhookEvent::event_type).collect();
    assert_eq!(types, EventType::ALL, "one event of each type, in order");
    for event in events {
        let encoded = event.encode().expect("encodes");
        let json: serde_json::Value = serde_json::from_str(encoded.body()).expect("JSON");
        assert_eq!(json["type"], event.event_type().as_str());
        assert_eq!(json["id"], event.id.as_str());
        assert!(json["data"].is_object(), "{} has a data object", event.event_type());
        assert_eq!(encoded.event_type(), event.event_type());
        let read: WebhookEvent = serde_json::from_str(encoded.body()).expect("reads back");
        assert_eq!(read, event);
    }
}

#[test]
fn session_events_carry_the_snapshot_and_the_test_event_does_not() {
    for event in one_of_each() {
        let json: serde_json::Value =
            serde_json::from_str(event.encode().expect("encodes").body()).expect("JSON");
        let data = &json["data"];
        if event.event_type() == EventType::WebhookTest {
            assert!(event.data.session().is_none());
            assert_eq!(data, &serde_json::json!({"endpoint_id": "ep_1"}));
        } else {
            assert_eq!(event.data.session().map(|s| s.sequence.get()), Some(3));
            for member in ["session_id", "external_id", "sequence", "status", "checks"] {
                assert!(data.get(member).is_some(), "{} has {member}", event.event_type());
            }
        }
    }
}

#[test]
fn names_are_sent_only_when_the_company_shares_personal_data() {
    let names = || (Some("NINO".to_owned()), Some("BERIDZE".to_owned()));
    let with = |allowed: bool, (first, last): (Option<String>, Option<String>)| {
        let snapshot = snapshot(1).with_person(allowed, first, last);
        event(
            "evt_1",
            EventData::SessionCreated(SessionEvent { session: snapshot, details: NoDetails {} }),
        )
        .encode()
        .expect("encodes")
        .into_body()
    };
    let hidden = with(false, names());
    assert!(!hidden.contains("person") && !hidden.contains("NINO") && !hidden.contains("BERIDZE"));
    let shared = with(true, names());
    assert!(shared.contains(r#""person":{"first_name":"NINO","last_name":"BERIDZE"}"#), "{shared}");
    let one_name = with(true, (None, Some("BERIDZE".to_owned())));
    assert!(one_name.contains(r#""person":{"first_name":null,"last_name":"BERIDZE"}"#));
    let no_names = with(true, (None, None));
    assert!(!no_names.contains("person"), "no names known (or redacted): no person");
}

#[test]
fn an_absent_external_id_is_null_and_sequences_are_numbers() {
    let mut snapshot = snapshot(7);
    snapshot.external_id = None;
    let body = event(
        "evt_1",
        EventData::SessionCreated(SessionEvent { session: snapshot, details: NoDetails {} }),
    )
    .encode()
    .expect("encodes")
    .into_body();
    assert!(body.contains(r#""external_id":null,"sequence":7,"#), "{body}");
}

#[test]
fn the_checks_summary_reads_the_check_outcomes() {
    let outcomes = CheckOutcomes {
        finished: true,
        liveness_passed: Some(true),
        face_match_level: Some(FaceMatchLevel::new(3).expect("a level")),
        document_real: Some(true),
        full_document_detected: Some(false),
        mrz_valid: Some(true),
        document_expired: Some(true),
        ..CheckOutcomes::default()
    };
    let summary =
        ChecksSummary::from_outcomes(&outcomes, false, ScreeningStatus::PotentialMatch, 2);
    assert_eq!(
        summary,
        ChecksSummary {
            verified: false,
            liveness_passed: Some(true),
            face_match_level: Some(3),
            // An expired document is not valid, whatever its MRZ says.
            document_valid: Some(false),
            mrz_valid: Some(true),
            screening: ScreeningStatus::PotentialMatch,
            screening_matches: 2,
        }
    );
}

#[test]
fn a_stored_body_is_sent_byte_for_byte_as_it_was_stored() {
    let original = one_of_each().remove(3).encode().expect("encodes");
    let reread = EncodedEvent::from_stored(original.body().to_owned()).expect("a stored event");
    assert_eq!(reread, original);
    // Even a body this crate would not write today is kept as it is, never re-serialised.
    let spaced = r#"{ "type" : "session.created", "id" : "evt_9", "data" : {}, "extra": 1.50 }"#;
    let stored = EncodedEvent::from_stored(spaced.to_owned()).expect("a stored event");
    assert_eq!(stored.body(), spaced);
    assert_eq!(stored.id().as_str(), "evt_9");
    assert_eq!(stored.event_type(), EventType::SessionCreated);
}

#[test]
fn a_stored_body_without_a_valid_id_and_type_is_refused() {
    for body in [
        "not json",
        "[]",
        r#"{"type":"session.created"}"#,
        r#"{"id":"evt_1"}"#,
        r#"{"id":"evt_1","type":"session.deleted"}"#,
        r#"{"id":7,"type":"session.created"}"#,
    ] {
        let error = EncodedEvent::from_stored(body.to_owned()).expect_err(body);
        assert!(matches!(error, StoredEventError::NotAnEvent(_)), "{body}: {error}");
    }
    assert!(matches!(
        EncodedEvent::from_stored(r#"{"id":"evt.1","type":"session.created"}"#.to_owned()),
        Err(StoredEventError::InvalidId(_))
    ));
}

#[test]
fn an_empty_subscription_is_refused_and_names_the_types() {
    let error = EventFilter::new([]).expect_err("empty");
    assert_eq!(error, EventFilterError::Empty);
    assert!(error.to_string().contains("session.created, session.completed"));
    assert!(serde_json::from_str::<EventFilter>("[]").is_err());
}

#[test]
fn the_test_event_cannot_be_subscribed_to_but_always_passes() {
    assert_eq!(
        EventFilter::new([EventType::WebhookTest, EventType::SessionCreated]),
        Err(EventFilterError::NotSubscribable)
    );
    let filter = EventFilter::new([EventType::SessionRedacted]).expect("a filter");
    assert!(filter.accepts(EventType::WebhookTest));
}

#[test]
fn a_subscription_accepts_exactly_its_types() {
    let filter =
        EventFilter::from_names(["session.status_changed", "screening.match_found"]).expect("ok");
    for event_type in EventType::subscribable() {
        let wanted =
            matches!(event_type, EventType::SessionStatusChanged | EventType::ScreeningMatchFound);
        assert_eq!(filter.accepts(event_type), wanted, "{event_type}");
    }
    let everything = EventFilter::every_subscribable_type();
    assert!(EventType::ALL.into_iter().all(|t| everything.accepts(t)));
}

#[test]
fn an_unknown_name_in_a_subscription_is_named_in_the_error() {
    let error =
        EventFilter::from_names(["session.created", "session.updated"]).expect_err("unknown");
    assert!(error.to_string().contains("\"session.updated\""), "{error}");
    assert!(matches!(error, EventFilterError::Unknown(_)));
}

#[test]
fn a_subscription_is_stored_as_its_wire_names_in_canonical_order() {
    let filter =
        EventFilter::from_names(["session.redacted", "session.created", "session.redacted"])
            .expect("repeats merge");
    let json = serde_json::to_string(&filter).expect("serialises");
    assert_eq!(json, r#"["session.created","session.redacted"]"#);
    assert_eq!(serde_json::from_str::<EventFilter>(&json).expect("reads back"), filter);
    assert!(serde_json::from_str::<EventFilter>(r#"["webhook.test"]"#).is_err());
}
