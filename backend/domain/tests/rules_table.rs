//! The status rules as a table: one row per situation, with the status and the rule that
//! produced it.

use kyc_domain::session::rules::{
    CheckOutcomes, CompanySettings, RuleName, SettingsError, StatusDecision, decide_status,
};
use kyc_domain::session::{FaceMatchLevel, SessionStatus};

fn level(value: i64) -> Option<FaceMatchLevel> {
    Some(FaceMatchLevel::new(value).expect("test level"))
}

/// A finished session where every check passed.
fn clean() -> CheckOutcomes {
    CheckOutcomes {
        finished: true,
        liveness_passed: Some(true),
        face_match_level: level(6),
        document_real: Some(true),
        full_document_detected: Some(true),
        mrz_valid: Some(true),
        mrz_check_digits_valid: Some(true),
        document_expired: Some(false),
        nationality: Some("GEO".into()),
        ip_country: Some("GE".into()),
        screening_hit: false,
    }
}

fn risky_countries() -> CompanySettings {
    CompanySettings {
        high_risk_nationalities: vec!["IRN".into(), "DEU".into()],
        high_risk_ip_countries: vec!["IR".into()],
        ..CompanySettings::default()
    }
}

type Change = fn(&mut CheckOutcomes, &mut CompanySettings);

struct Row {
    situation: &'static str,
    change: Change,
    status: SessionStatus,
    decided_by: Option<RuleName>,
}

use RuleName::*;
use SessionStatus::{AwaitingAction, NotFinished, Rejected, Verified};

#[rustfmt::skip]
const TABLE: &[Row] = &[
    Row { situation: "every check passed", change: |_, _| {}, status: Verified, decided_by: None },
    Row { situation: "the person left before the end", change: |o, _| o.finished = false, status: NotFinished, decided_by: Some(SessionFinished) },
    Row {
        situation: "a high-risk nationality stops even an unfinished session",
        change: |o, s| { o.finished = false; o.nationality = Some("IRN".into()); *s = risky_countries() },
        status: Rejected, decided_by: Some(HighRiskNationality),
    },
    Row {
        situation: "a high-risk IP country rejects even with the queue on",
        change: |o, s| { o.ip_country = Some("IR".into()); *s = risky_countries() },
        status: Rejected, decided_by: Some(HighRiskIpCountry),
    },
    Row {
        situation: "Germany's MRZ code D with filler matches DEU",
        change: |o, s| { o.nationality = Some("D<<".into()); *s = risky_countries() },
        status: Rejected, decided_by: Some(HighRiskNationality),
    },
    Row {
        situation: "IP countries compare without regard to case or spaces",
        change: |o, s| { o.ip_country = Some(" ir ".into()); *s = risky_countries() },
        status: Rejected, decided_by: Some(HighRiskIpCountry),
    },
    Row {
        situation: "a country not on the lists passes",
        change: |o, s| { o.nationality = Some("FRA".into()); o.ip_country = Some("FR".into()); *s = risky_countries() },
        status: Verified, decided_by: None,
    },
    Row { situation: "failed liveness queues", change: |o, _| o.liveness_passed = Some(false), status: AwaitingAction, decided_by: Some(LivenessPassed) },
    Row {
        situation: "failed liveness rejects when the queue is off",
        change: |o, s| { o.liveness_passed = Some(false); s.awaiting_action_queue = false },
        status: Rejected, decided_by: Some(LivenessPassed),
    },
    Row { situation: "no liveness result is not a pass", change: |o, _| o.liveness_passed = None, status: AwaitingAction, decided_by: Some(LivenessPassed) },
    Row { situation: "face match level 3 is below the default 4", change: |o, _| o.face_match_level = level(3), status: AwaitingAction, decided_by: Some(FaceMatchLevel) },
    Row { situation: "face match level exactly at the minimum passes", change: |o, _| o.face_match_level = level(4), status: Verified, decided_by: None },
    Row {
        situation: "a stricter company minimum holds back level 5",
        change: |o, s| { o.face_match_level = level(5); s.min_face_match_level = 6 },
        status: AwaitingAction, decided_by: Some(FaceMatchLevel),
    },
    Row {
        situation: "a laxer company minimum lets level 2 through",
        change: |o, s| { o.face_match_level = level(2); s.min_face_match_level = 2 },
        status: Verified, decided_by: None,
    },
    Row { situation: "no face match result is not a pass", change: |o, _| o.face_match_level = None, status: AwaitingAction, decided_by: Some(FaceMatchLevel) },
    Row { situation: "a spoofed document queues", change: |o, _| o.document_real = Some(false), status: AwaitingAction, decided_by: Some(DocumentReal) },
    Row {
        situation: "a spoofed document passes when document validity is not required",
        change: |o, s| { o.document_real = Some(false); s.require_valid_document = false },
        status: Verified, decided_by: None,
    },
    Row { situation: "a cropped document queues", change: |o, _| o.full_document_detected = Some(false), status: AwaitingAction, decided_by: Some(FullDocumentDetected) },
    Row { situation: "an expired document queues", change: |o, _| o.document_expired = Some(true), status: AwaitingAction, decided_by: Some(DocumentNotExpired) },
    Row {
        situation: "an expired document passes when document validity is not required",
        change: |o, s| { o.document_expired = Some(true); s.require_valid_document = false },
        status: Verified, decided_by: None,
    },
    Row {
        situation: "an MRZ field error queues under full MRZ validation",
        change: |o, _| o.mrz_valid = Some(false),
        status: AwaitingAction, decided_by: Some(MrzValid),
    },
    Row {
        situation: "an MRZ field error with good check digits passes without full MRZ validation",
        change: |o, s| { o.mrz_valid = Some(false); s.full_mrz_validation = false },
        status: Verified, decided_by: None,
    },
    Row {
        situation: "a wrong MRZ check digit queues even without full MRZ validation",
        change: |o, s| { o.mrz_valid = Some(false); o.mrz_check_digits_valid = Some(false); s.full_mrz_validation = false },
        status: AwaitingAction, decided_by: Some(MrzValid),
    },
    Row {
        situation: "a fully valid MRZ implies good check digits",
        change: |o, s| { o.mrz_check_digits_valid = None; s.full_mrz_validation = false },
        status: Verified, decided_by: None,
    },
    Row { situation: "no MRZ result is not a pass", change: |o, _| { o.mrz_valid = None; o.mrz_check_digits_valid = None }, status: AwaitingAction, decided_by: Some(MrzValid) },
    Row { situation: "a screening hit queues", change: |o, _| o.screening_hit = true, status: AwaitingAction, decided_by: Some(ScreeningClear) },
    Row {
        situation: "a screening hit rejects when the queue is off",
        change: |o, s| { o.screening_hit = true; s.awaiting_action_queue = false },
        status: Rejected, decided_by: Some(ScreeningClear),
    },
    Row {
        situation: "of several failed checks the first in rule order is named",
        change: |o, _| { o.screening_hit = true; o.face_match_level = level(1); o.liveness_passed = Some(false) },
        status: AwaitingAction, decided_by: Some(LivenessPassed),
    },
    Row {
        situation: "a high-risk hit outranks failed checks",
        change: |o, s| { o.liveness_passed = Some(false); o.ip_country = Some("IR".into()); *s = risky_countries() },
        status: Rejected, decided_by: Some(HighRiskIpCountry),
    },
    Row {
        situation: "an unfinished session outranks failed checks",
        change: |o, _| { o.finished = false; o.liveness_passed = Some(false) },
        status: NotFinished, decided_by: Some(SessionFinished),
    },
];

fn decide(row: &Row) -> StatusDecision {
    let mut outcomes = clean();
    let mut settings = CompanySettings::default();
    (row.change)(&mut outcomes, &mut settings);
    decide_status(&outcomes, &settings)
}

#[test]
fn every_situation_gets_its_status_from_the_rule_the_table_names() {
    let wrong: Vec<String> = TABLE
        .iter()
        .filter_map(|row| {
            let decision = decide(row);
            let got = (decision.status, decision.decided_by);
            (got != (row.status, row.decided_by)).then(|| {
                format!("{}: wanted {:?}, got {got:?}", row.situation, (row.status, row.decided_by))
            })
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} rows differ:\n{}",
        wrong.len(),
        TABLE.len(),
        wrong.join("\n")
    );
}

#[test]
fn verified_is_true_exactly_when_the_status_is_verified() {
    for row in TABLE {
        let decision = decide(row);
        assert_eq!(decision.verified, decision.status == Verified, "{}", row.situation);
    }
}

#[test]
fn the_trace_lists_every_rule_once_in_order() {
    for row in TABLE {
        let rules: Vec<RuleName> = decide(row).trace.iter().map(|verdict| verdict.rule).collect();
        assert_eq!(rules, RuleName::ALL.to_vec(), "{}", row.situation);
    }
}

#[test]
fn the_trace_says_in_words_why_a_rule_failed() {
    let mut outcomes = clean();
    outcomes.face_match_level = level(3);
    let decision = decide_status(&outcomes, &CompanySettings::default());
    let verdict =
        decision.trace.iter().find(|v| v.rule == FaceMatchLevel).expect("face rule traced");
    assert!(!verdict.passed && verdict.enforced);
    assert_eq!(verdict.detail, "face match level 3 is below the required 4");
}

#[test]
fn a_document_is_valid_when_its_mrz_is_valid_and_it_has_not_expired() {
    assert_eq!(clean().document_valid(), Some(true));
    let expired = CheckOutcomes { document_expired: Some(true), ..clean() };
    assert_eq!(expired.document_valid(), Some(false));
    let bad_mrz = CheckOutcomes { mrz_valid: Some(false), ..clean() };
    assert_eq!(bad_mrz.document_valid(), Some(false));
    let unknown_expiry = CheckOutcomes { document_expired: None, ..clean() };
    assert_eq!(unknown_expiry.document_valid(), Some(true));
    let spoofed = CheckOutcomes { document_real: Some(false), full_document_detected: Some(false), ..clean() };
    assert_eq!(spoofed.document_valid(), Some(true), "spoofing is its own finding");
    let no_mrz = CheckOutcomes { mrz_valid: None, ..clean() };
    assert_eq!(no_mrz.document_valid(), None);
}

#[test]
fn the_explanation_names_the_deciding_rules_finding() {
    let mut outcomes = clean();
    outcomes.face_match_level = level(3);
    let decision = decide_status(&outcomes, &CompanySettings::default());
    assert_eq!(
        decision.explanation(),
        "awaiting_action: face match level 3 is below the required 4"
    );
    let clean_decision = decide_status(&clean(), &CompanySettings::default());
    assert_eq!(clean_decision.explanation(), "verified: every enforced rule passed");
}

#[test]
fn a_rule_switched_off_by_settings_stays_in_the_trace_as_information() {
    let mut outcomes = clean();
    outcomes.document_real = Some(false);
    let settings = CompanySettings { require_valid_document: false, ..CompanySettings::default() };
    let decision = decide_status(&outcomes, &settings);
    let verdict =
        decision.trace.iter().find(|v| v.rule == DocumentReal).expect("document rule traced");
    assert!(!verdict.passed && !verdict.enforced);
    assert!(verdict.detail.contains("not required"), "{}", verdict.detail);
    assert!(!decision.failed_automatic_check());
}

#[test]
fn a_failed_automatic_check_is_flagged_for_four_eyes_review() {
    assert!(!decide_status(&clean(), &CompanySettings::default()).failed_automatic_check());
    let mut outcomes = clean();
    outcomes.screening_hit = true;
    assert!(decide_status(&outcomes, &CompanySettings::default()).failed_automatic_check());
}

#[test]
fn each_decision_records_the_fingerprint_of_the_settings_in_force() {
    let default = CompanySettings::default();
    let strict = CompanySettings { min_face_match_level: 7, ..CompanySettings::default() };
    let decided = decide_status(&clean(), &default);
    assert_eq!(decided.settings_fingerprint, default.fingerprint());
    assert_eq!(decided.settings_fingerprint.len(), 64);
    assert_ne!(default.fingerprint(), strict.fingerprint());
    assert_eq!(default.fingerprint(), CompanySettings::default().fingerprint());
}

#[test]
fn default_settings_follow_the_product_defaults() {
    let settings = CompanySettings::default();
    assert_eq!(settings.min_face_match_level, 4);
    assert!(
        settings.require_valid_document
            && settings.full_mrz_validation
            && settings.awaiting_action_queue
    );
    assert!(!settings.four_eyes_review);
    assert_eq!(settings.validate(), Ok(()));
    let from_empty_json: CompanySettings =
        serde_json::from_str("{}").expect("missing keys take defaults");
    assert_eq!(from_empty_json, settings);
}

#[test]
fn settings_with_out_of_range_levels_or_malformed_codes_are_refused() {
    let with = |change: fn(&mut CompanySettings)| {
        let mut settings = CompanySettings::default();
        change(&mut settings);
        settings.validate()
    };
    assert_eq!(
        with(|s| s.min_face_match_level = 0),
        Err(SettingsError::FaceMatchLevelOutOfRange { level: 0 })
    );
    assert_eq!(
        with(|s| s.min_face_match_level = 8),
        Err(SettingsError::FaceMatchLevelOutOfRange { level: 8 })
    );
    assert_eq!(
        with(|s| s.high_risk_nationalities = vec!["IR".into()]),
        Err(SettingsError::InvalidNationality { code: "IR".into() })
    );
    assert_eq!(
        with(|s| s.high_risk_nationalities = vec!["irn".into()]),
        Err(SettingsError::InvalidNationality { code: "irn".into() })
    );
    assert_eq!(
        with(|s| s.high_risk_ip_countries = vec!["IRN".into()]),
        Err(SettingsError::InvalidIpCountry { code: "IRN".into() })
    );
    assert!(matches!(
        with(|s| s.extra_fields = vec![kyc_domain::extra_fields::ExtraFieldDefinition {
            name: "Bad".into(),
            label: "Bad".into(),
            field_type: kyc_domain::extra_fields::ExtraFieldType::Text,
            required: false,
        }]),
        Err(SettingsError::ExtraFields { .. })
    ));
}

#[test]
fn settings_typed_by_people_are_normalised_before_validation() {
    let typed = CompanySettings {
        high_risk_nationalities: vec![" irn".into(), "PRK".into(), "IRN".into()],
        high_risk_ip_countries: vec!["kp ".into()],
        ..CompanySettings::default()
    };
    assert!(typed.validate().is_err());
    let normalised = typed.normalised();
    assert_eq!(normalised.high_risk_nationalities, ["IRN", "PRK"]);
    assert_eq!(normalised.high_risk_ip_countries, ["KP"]);
    assert_eq!(normalised.validate(), Ok(()));
}

#[test]
fn a_decision_serialises_with_snake_case_names() {
    let mut outcomes = clean();
    outcomes.mrz_valid = Some(false);
    let json = serde_json::to_value(decide_status(&outcomes, &CompanySettings::default()))
        .expect("serialisable");
    assert_eq!(json["status"], "awaiting_action");
    assert_eq!(json["decided_by"], "mrz_valid");
    assert_eq!(json["trace"][0]["rule"], "high_risk_nationality");
}
