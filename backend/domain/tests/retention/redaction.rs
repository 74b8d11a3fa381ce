use std::collections::BTreeSet;

use kyc_domain::mrz::Field as MrzField;
use kyc_domain::report::{
    ActivityFacts, AttemptFacts, AutomaticDecision, ExtraField, MrzDetail, MrzFacts, NoteFacts, PepFacts, PepMatch,
    PhotoRef, ScreenedList, SessionFacts, SummaryFacts, VerificationFacts,
};
use kyc_domain::retention::{
    DataClass, KEPT_RECORD_FIELDS, SessionDatum, Treatment, redact_screening_match, redact_session_facts,
    redact_status_decision,
};
use kyc_domain::screening::{BirthDateVerdict, MatchReason, MatchReview, PepStatus, ScreeningMatch};
use kyc_domain::session::decision::NoteKind;
use kyc_domain::session::{DocumentType, SessionStatus};
use kyc_domain::session::rules::{CheckOutcomes, CompanySettings, decide_status};
use serde_json::Value;

/// Every personal value of [`full_facts`]: none may survive redaction.
pub const PERSONAL_VALUES: &[&str] = &[
    "customer-4711@example.com",
    "NINO",
    "BERIDZE",
    "ნინო",
    "ბერიძე",
    "13IB90745",
    "01024054978",
    "1991-03-14",
    "910314",
    "female",
    "GEO",
    "2031-05-02",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)",
    "Apple iPhone",
    "Mobile Safari 17.4",
    "iOS 17.4",
    "Instagram",
    "31.146.12.40",
    "31.146.12.41",
    "Acme Holdings LLC",
    "called her back, she confirmed the new address",
    "NK-2xQ9pL",
    "Nina Beridze-Kvaratskhelia",
    "Nino Beridzé",
    "Giorgievna",
    "nina",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
];

/// A session record with every field filled (struct literals without defaults, so a new field
/// of `SessionFacts` does not compile here until it is placed in the plan).
pub fn full_facts() -> SessionFacts {
    SessionFacts {
        session_id: "0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a".into(),
        external_id: Some("customer-4711@example.com".into()),
        company: "Demo Bank".into(),
        status: SessionStatus::Rejected,
        created_at: "2026-01-10T09:00:00Z".into(),
        summary: SummaryFacts {
            first_name: Some("NINO".into()),
            last_name: Some("BERIDZE".into()),
            native_first_name: Some("ნინო".into()),
            native_last_name: Some("ბერიძე".into()),
            document_type: Some(DocumentType::IdCard),
            document_number: Some("13IB90745".into()),
            personal_number: Some("01024054978".into()),
            sex: Some("female".into()),
            birth_date: Some("1991-03-14".into()),
            expiration_date: Some("2031-05-02".into()),
            nationality: Some("GEO".into()),
            issuing_state: Some("GEO".into()),
        },
        verification: VerificationFacts {
            verified: false,
            liveness_passed: Some(true),
            document_valid: Some(false),
            face_match_level: Some(6),
            document_real: Some(true),
            full_document_detected: Some(true),
        },
        mrz: Some(MrzFacts {
            format: "TD1".into(),
            valid: false,
            lines: vec![
                "IDGEO13IB907453<<<<<<<<<<<<<<<".into(),
                "9103144F3105023GEO01024054978<".into(),
                "BERIDZE<<NINO<<<<<<<<<<<<<<<<<".into(),
            ],
            details: vec![MrzDetail {
                field: MrzField::BirthDate,
                value: Some("910314".into()),
                valid: true,
                error: Some("birth date 910314 reads as 1991-03-14".into()),
                line: 1,
                start: 0,
                end: 6,
            }],
        }),
        activity: ActivityFacts {
            user_agent: Some("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)".into()),
            device_name: Some("Apple iPhone".into()),
            device_type: Some("mobile".into()),
            browser: Some("Mobile Safari 17.4".into()),
            os: Some("iOS 17.4".into()),
            in_app_browser: Some("Instagram".into()),
            client_ip: Some("31.146.12.40".into()),
            started_at: Some("2026-01-10T09:00:05Z".into()),
            finished_at: Some("2026-01-10T09:02:41Z".into()),
            liveness_finished: true,
            document_finished: true,
            attempts: 1,
        },
        pep: PepFacts {
            status: PepStatus::ConfirmedMatch,
            screened_at: Some("2026-01-10T09:02:42Z".into()),
            lists: vec![ScreenedList { id: "list-1".into(), name: "Demo PEP list".into(), version: "2026-01".into() }],
            matches: vec![PepMatch { found: screening_match(), review: MatchReview::Confirmed }],
        },
        extra_fields: vec![ExtraField { name: "employer".into(), value: "Acme Holdings LLC".into() }],
        automatic_decision: Some(AutomaticDecision {
            status: SessionStatus::Rejected,
            reason: "nationality GEO is on the high-risk list".into(),
        }),
        pending_second_approval: false,
        notes: vec![NoteFacts {
            author: "Operator Tamar".into(),
            kind: NoteKind::Rejection,
            body: "called her back, she confirmed the new address".into(),
            reasons: vec!["selfie_mismatch".into()],
            created_at: "2026-01-10T09:30:00Z".into(),
        }],
        attempts: vec![AttemptFacts {
            number: 1,
            started_at: Some("2026-01-10T09:00:05Z".into()),
            finished_at: Some("2026-01-10T09:02:41Z".into()),
            liveness_finished: true,
            document_finished: true,
            face_match_level: Some(6),
            liveness_passed: Some(true),
            document_valid: Some(false),
            mrz_valid: Some(false),
            device_name: Some("Apple iPhone".into()),
            browser: Some("Mobile Safari 17.4".into()),
            os: Some("iOS 17.4".into()),
            client_ip: Some("31.146.12.41".into()),
        }],
        photos: vec![PhotoRef {
            kind: "selfie".into(),
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        }],
    }
}

fn screening_match() -> ScreeningMatch {
    ScreeningMatch {
        entity_id: "NK-2xQ9pL".into(),
        list: "list-1".into(),
        name: "Nina Beridze-Kvaratskhelia".into(),
        matched_name: "Nino Beridzé".into(),
        query_name: "NINO BERIDZE".into(),
        score: 91,
        reasons: vec![
            MatchReason::Fuzzy { query: "nino".into(), list: "nina".into(), edits: 1 },
            MatchReason::Alias { alias: "Nino Beridzé".into() },
            MatchReason::MissingNamePart { part: "Giorgievna".into() },
            MatchReason::BirthDate { verdict: BirthDateVerdict::Exact },
            MatchReason::OrderSwap,
        ],
        birth_dates: vec!["1991-03-14".into()],
        nationalities: vec!["GEO".into()],
        programs: vec!["PEP".into()],
        topics: vec!["role.pep".into()],
    }
}

/// The paths (`a.b`, `a[].b`) of the leaves that hold a value: not null, not an empty text or
/// list.
fn filled_paths(value: &Value) -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    walk(value, String::new(), &mut paths);
    paths
}

fn walk(value: &Value, path: String, paths: &mut BTreeSet<String>) {
    match value {
        Value::Null => {}
        Value::String(text) if text.is_empty() => {}
        Value::Object(members) => {
            for (key, member) in members {
                let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                walk(member, child, paths);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, format!("{path}[]"), paths);
            }
        }
        _ => {
            paths.insert(path);
        }
    }
}

fn json(facts: &SessionFacts) -> String {
    serde_json::to_string(facts).expect("serialisable")
}

#[test]
fn nothing_personal_survives_the_redaction_of_a_full_record() {
    let before = json(&full_facts());
    let after = json(&redact_session_facts(&full_facts()));
    for value in PERSONAL_VALUES {
        assert!(before.contains(value), "the fixture holds {value:?}");
        assert!(!after.contains(value), "{value:?} survived redaction: {after}");
    }
}

#[test]
fn exactly_the_kept_fields_keep_a_value_after_redaction() {
    let redacted = serde_json::to_value(redact_session_facts(&full_facts())).expect("serialisable");
    let kept: BTreeSet<String> = KEPT_RECORD_FIELDS.iter().map(|path| (*path).to_owned()).collect();
    let filled = filled_paths(&redacted);
    let leaked: Vec<_> = filled.difference(&kept).collect();
    assert!(leaked.is_empty(), "fields with a value after redaction that the plan does not keep: {leaked:?}");
    let lost: Vec<_> = kept.difference(&filled).collect();
    assert!(lost.is_empty(), "fields the plan keeps that redaction emptied: {lost:?}");
}

#[test]
fn the_kept_fields_all_exist_in_the_unredacted_record() {
    let filled = filled_paths(&serde_json::to_value(full_facts()).expect("serialisable"));
    for path in KEPT_RECORD_FIELDS {
        assert!(filled.contains(*path), "{path} is not a field of the session record");
    }
}

#[test]
fn the_proof_survives_redaction() {
    let redacted = redact_session_facts(&full_facts());
    assert_eq!(redacted.session_id, full_facts().session_id);
    assert_eq!(redacted.verification, full_facts().verification);
    assert_eq!(redacted.notes[0].author, "Operator Tamar");
    assert_eq!(redacted.notes[0].reasons, vec!["selfie_mismatch".to_owned()]);
    assert_eq!(redacted.pep.matches[0].review, MatchReview::Confirmed);
    assert_eq!(redacted.attempts[0].face_match_level, Some(6));
    assert_eq!(redacted.summary.document_type, Some(DocumentType::IdCard));
    assert!(redacted.photos.is_empty());
}

#[test]
fn redaction_is_idempotent_and_changes_the_record_hash_once() {
    let once = redact_session_facts(&full_facts());
    let twice = redact_session_facts(&once);
    assert_eq!(once, twice);
    assert_ne!(once.record_hash(), full_facts().record_hash());
    assert_eq!(once.record_hash(), twice.record_hash());
}

#[test]
fn a_redacted_screening_match_keeps_list_score_reason_kinds_and_topics_only() {
    let redacted = redact_screening_match(&screening_match());
    let text = serde_json::to_string(&redacted).expect("serialisable");
    for value in ["NK-2xQ9pL", "Nina", "Nino", "NINO", "Giorgievna", "nina", "1991-03-14", "GEO"] {
        assert!(!text.contains(value), "{value} survived: {text}");
    }
    assert_eq!(redacted.list, "list-1");
    assert_eq!(redacted.score, 91);
    assert_eq!(redacted.programs, vec!["PEP".to_owned()]);
    assert_eq!(redacted.reasons[0], MatchReason::Fuzzy { query: String::new(), list: String::new(), edits: 1 });
    assert_eq!(redacted.reasons[3], MatchReason::BirthDate { verdict: BirthDateVerdict::Exact });
    assert_eq!(redacted.reasons.len(), 5);
}

#[test]
fn a_redacted_decision_trace_keeps_each_rule_outcome_but_not_the_countries_it_names() {
    let settings = CompanySettings {
        high_risk_nationalities: vec!["GEO".into()],
        high_risk_ip_countries: vec!["GE".into()],
        ..CompanySettings::default()
    };
    let outcomes =
        CheckOutcomes { nationality: Some("GEO".into()), ip_country: Some("GE".into()), ..CheckOutcomes::default() };
    let decision = decide_status(&outcomes, &settings);
    assert!(serde_json::to_string(&decision).expect("serialisable").contains("GEO"));
    let redacted = redact_status_decision(&decision);
    let text = serde_json::to_string(&redacted).expect("serialisable");
    assert!(!text.contains("GEO") && !text.contains("\"GE"), "{text}");
    assert_eq!(redacted.status, decision.status);
    assert_eq!(redacted.decided_by, decision.decided_by);
    assert_eq!(redacted.settings_fingerprint, decision.settings_fingerprint);
    let outcome = |d: &kyc_domain::session::rules::StatusDecision| {
        d.trace.iter().map(|v| (v.rule, v.passed, v.enforced)).collect::<Vec<_>>()
    };
    assert_eq!(outcome(&redacted), outcome(&decision));
}

#[test]
fn the_plan_puts_every_datum_in_one_class_and_covers_each_class() {
    for datum in SessionDatum::ALL {
        assert!(!datum.covers().is_empty(), "{datum:?}");
        assert_eq!(datum.treatment(), datum.class().treatment());
    }
    let distinct: BTreeSet<String> =
        SessionDatum::ALL.iter().map(|datum| serde_json::to_string(datum).expect("serialisable")).collect();
    assert_eq!(distinct.len(), SessionDatum::ALL.len(), "a datum is listed twice");
    for class in DataClass::ALL {
        assert!(class.data().next().is_some(), "{class:?} covers nothing");
    }
    assert_eq!(DataClass::Photos.treatment(), Treatment::Deleted);
    assert_eq!(DataClass::PersonalValues.treatment(), Treatment::Cleared);
    assert_eq!(DataClass::Record.treatment(), Treatment::Kept);
}

#[test]
fn the_personal_data_the_issue_names_are_cleared_and_the_proof_it_names_is_kept() {
    use SessionDatum::*;
    for cleared in [
        Names,
        DocumentNumber,
        PersonalNumber,
        BirthDate,
        MrzLines,
        MrzFieldValues,
        UserAgent,
        ClientIp,
        ExtraFieldValues,
        NoteTexts,
        ScreeningMatchIdentities,
    ] {
        assert_eq!(cleared.treatment(), Treatment::Cleared, "{cleared:?}");
    }
    for deleted in [DocumentImages, Selfies] {
        assert_eq!(deleted.treatment(), Treatment::Deleted, "{deleted:?}");
    }
    for kept in [Ids, Company, Status, CheckOutcomes, FaceMatchLevel, Decisions, ReportExports, AuditChain] {
        assert_eq!(kept.treatment(), Treatment::Kept, "{kept:?}");
    }
}

#[test]
fn a_redacted_mrz_record_keeps_each_verdict_and_position_and_no_value_or_message() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
    // The ICAO specimen, with a wrong check digit so that one detail carries a message.
    let lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<11"];
    let record = kyc_domain::mrz::check_lines(&lines, today).expect("an MRZ").record();
    assert!(record.details.iter().any(|detail| detail.error.is_some()), "the test needs a message to clear");
    let redacted = kyc_domain::retention::redact_mrz_record(&record);
    assert_eq!((redacted.format, redacted.valid), (record.format, record.valid));
    assert_eq!(redacted.details.len(), record.details.len());
    for (kept, original) in redacted.details.iter().zip(&record.details) {
        assert_eq!((kept.field, kept.valid, kept.code, kept.line, kept.start, kept.end), (original.field, original.valid, original.code, original.line, original.start, original.end));
        assert!(kept.value.is_none() && kept.error.is_none());
    }
    let text = serde_json::to_string(&redacted).expect("json").to_uppercase();
    for value in ["ERIKSSON", "ANNA", "L898902C3", "740812", "ZE184226B"] {
        assert!(!text.contains(value), "{value} survived redaction: {text}");
    }
}
