//! Replays the peer corpus (`../shared/data/mrz`, beside the repository checkout): every
//! asserted fact of `peer_cases.jsonl` and every vector of `check_digit_vectors.jsonl`.
//!
//! Where we deliberately disagree with an anchor, the assertion is listed in
//! [`DEVIATIONS`] with the reason. An allow-listed assertion that starts passing fails
//! the test too, so the list cannot rot.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kyc_domain::mrz::{self, MrzRecord};
use serde_json::Value;

/// (case id, assertion key, reason). A key names one assertion: `valid`, `format`,
/// `throws`, `usable`, `invalid_count`, `invalid_fields.<field>`, `valid_fields.<field>`,
/// `fields.<field>`, `full_dates.<field>`, `errors.<field>`, `details.<field>.<key>`,
/// `result_document_number`, `repair`.
const DEVIATIONS: &[(&str, &str, &str)] = &[
    // UTO is the ICAO Part 3 Part G specimen code; cheminfo's table lacks it.
    ("cheminfo-td1-utopia", "valid", UTO),
    ("cheminfo-td1-utopia", "invalid_fields.issuingState", UTO),
    ("cheminfo-td1-utopia", "invalid_fields.nationality", UTO),
    ("cheminfo-td1-utopia", "invalid_count", UTO),
    ("cheminfo-td1-utopia", "fields.issuingState", UTO),
    ("cheminfo-td1-utopia", "fields.nationality", UTO),
    ("cheminfo-td1-docnum-overflow-details", "valid", UTO),
    ("cheminfo-td1-docnum-overflow-details", "invalid_count", UTO),
    ("cheminfo-td1-icao-p11-bac-sample", "valid", UTO),
    ("cheminfo-td1-icao-p11-bac-sample", "invalid_count", UTO),
    ("cheminfo-td2-utopia", "valid", UTO),
    ("cheminfo-td2-utopia", "invalid_fields.issuingState", UTO),
    ("cheminfo-td2-utopia", "invalid_fields.nationality", UTO),
    ("cheminfo-td2-utopia", "invalid_count", UTO),
    ("cheminfo-td2-utopia", "fields.issuingState", UTO),
    ("cheminfo-td2-utopia", "fields.nationality", UTO),
    ("cheminfo-td2-autocorrect", "valid", UTO),
    ("cheminfo-td2-autocorrect", "fields.issuingState", UTO),
    ("cheminfo-td2-autocorrect", "fields.nationality", UTO),
    ("cheminfo-td3-utopia", "valid", UTO),
    ("cheminfo-td3-utopia", "invalid_fields.issuingState", UTO),
    ("cheminfo-td3-utopia", "invalid_fields.nationality", UTO),
    ("cheminfo-td3-utopia", "invalid_count", UTO),
    ("cheminfo-td3-utopia", "fields.issuingState", UTO),
    ("cheminfo-td3-utopia", "fields.nationality", UTO),
    ("cheminfo-td3-utopia", "errors.issuingState", UTO),
    ("cheminfo-td3-utopia", "details.issuingState.value", UTO),
    ("cheminfo-td3-utopia", "details.issuingState.valid", UTO),
    ("cheminfo-td3-utopia-bad-personal-cd", "invalid_fields.issuingState", UTO),
    ("cheminfo-td3-utopia-bad-personal-cd", "invalid_fields.nationality", UTO),
    ("cheminfo-td3-utopia-bad-personal-cd", "invalid_count", UTO),
    ("cheminfo-td3-autocorrect", "valid", UTO),
    ("cheminfo-td3-autocorrect", "fields.issuingState", UTO),
    ("cheminfo-td3-autocorrect", "fields.nationality", UTO),
    ("cheminfo-td1-prt-id-valid", "fields.optional1", OVERFLOW),
    ("cheminfo-td1-prt-id-valid", "details.optional1.value", OVERFLOW),
    ("cheminfo-td1-prt-id-valid", "details.optional1.start", OVERFLOW),
    ("cheminfo-td1-prt-id-valid", "details.optional1.end", OVERFLOW),
    ("cheminfo-td1-prt-bo-04001-valid", "fields.optional1", OVERFLOW),
    ("cheminfo-td1-prt-bo-04001-valid", "details.optional1.value", OVERFLOW),
    ("cheminfo-td1-prt-bo-04001-valid", "details.optional1.start", OVERFLOW),
    ("cheminfo-td1-prt-bo-04001-valid", "details.optional1.end", OVERFLOW),
    ("cheminfo-td1-bel-bo-11005-valid", "fields.optional1", OVERFLOW),
    ("cheminfo-td1-bel-bo-11005-valid", "details.optional1.value", OVERFLOW),
    ("cheminfo-td1-bel-bo-11005-valid", "details.optional1.start", OVERFLOW),
    ("cheminfo-td1-bel-bo-11005-valid", "details.optional1.end", OVERFLOW),
    ("cheminfo-td1-bel-bo-03003-valid", "fields.optional1", OVERFLOW),
    ("cheminfo-frid-invalid-char", "usable", FOREIGN),
    ("cheminfo-chdl-invalid-text", "usable", FOREIGN),
    ("arg0s-issue34-gb-empty-personal-1", "valid", NOT_A_STATE),
    ("arg0s-issue34-gb-empty-personal-2", "valid", NOT_A_STATE),
    ("rsmrz-td3-sex-x", "valid", SEX_X),
    ("arg0s-td3-uto-expired-warning", "valid", EXPIRY_IS_NOT_VALIDITY),
    ("arg0s-mrva-utopia-expired", "valid", EXPIRY_IS_NOT_VALIDITY),
    ("mrzjava-frid", "fields.documentNumber", FRENCH_ID_SPLIT),
    ("mrzjava-frid-emit", "fields.documentNumber", FRENCH_ID_SPLIT),
    ("mrzjava-frid", "fields.nationality", FRENCH_ID_NO_NATIONALITY),
    ("mrzjava-frid", "fields.firstName", NAME_RENDERING),
    ("mrzjava-slovak-id-2x34", "usable", UNSUPPORTED_SLOVAK),
    ("rsmrz-mrva-p-document-code", "format", VISA_BY_CODE),
    ("rsmrz-mrva-p-document-code", "invalid_fields.documentCode", VISA_BY_CODE),
];

const UTO: &str = "UTO is ICAO's specimen state (Doc 9303 Part 3, Part G); cheminfo/mrz's table lacks it";
const OVERFLOW: &str = "optional data 1 is what follows a long document number's overflow, its check digit and the `<`; cheminfo keeps the overflow in it";
const FOREIGN: &str = "characters outside A-Z0-9< make the input unusable (an input error with line and position) instead of failing the fields around them";
const NOT_A_STATE: &str = "GB is not an ICAO code (the UK is GBR); Arg0s1080's table has it by mistake";
const SEX_X: &str = "X is a visual-zone value; the MRZ allows M, F and < only (Doc 9303 Parts 4-7), as cheminfo/mrz also rules";
const EXPIRY_IS_NOT_VALIDITY: &str = "an expired document is a session rule, not an MRZ defect: the MRZ is valid and the expiry date is reported";
const FRENCH_ID_SPLIT: &str = "like cheminfo/mrz, the French ID number is split into issue date, office and number; the whole number is the report's document_number";
const FRENCH_ID_NO_NATIONALITY: &str = "the French ID's MRZ has no nationality field";
const NAME_RENDERING: &str = "runs of fillers in names are rendered as one space; mrz-java writes ', ' between given names";
const UNSUPPORTED_SLOVAK: &str = "the Slovak 2x34 ID is not an ICAO layout and is out of scope: the input is rejected as an unknown line length";
const VISA_BY_CODE: &str = "the format is detected from the zone itself (a leading V is a visa), so a 2x44 zone starting P is a passport; the anchor forced its visa parser";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mrz");
    if dir.join("peer_cases.jsonl").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: the peer corpus is absent (expected {}); place the shared data beside the repository to run this test",
            dir.display()
        );
        None
    }
}

fn rows(dir: &Path, file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join(file)).expect("readable corpus file");
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("a JSON row"))
        .collect()
}

#[test]
fn every_check_digit_vector_of_the_corpus_verifies() {
    let Some(dir) = corpus_dir() else { return };
    let vectors = rows(&dir, "check_digit_vectors.jsonl");
    assert!(vectors.len() >= 30, "the corpus has 34 vectors");
    for vector in vectors {
        let input = vector["input"].as_str().expect("an input");
        let ours = mrz::checked_digit_of(input).map(u64::from);
        if let Some(wrong) = vector.get("not_check_digit") {
            assert_ne!(ours, wrong.as_u64(), "{input} must not give {wrong}");
        } else {
            assert_eq!(ours, vector["check_digit"].as_u64(), "check digit of {input:?}");
        }
    }
}

#[test]
fn every_peer_case_agrees_with_us_or_is_an_explained_deviation() {
    let Some(dir) = corpus_dir() else { return };
    let cases = rows(&dir, "peer_cases.jsonl");
    assert!(cases.len() >= 100, "the corpus has 104 cases");

    let allowed: BTreeMap<(&str, &str), &str> =
        DEVIATIONS.iter().map(|&(id, key, reason)| ((id, key), reason)).collect();
    let mut unexplained = Vec::new();
    let mut deviations_seen = BTreeSet::new();
    let mut assertions = 0usize;
    for case in &cases {
        let id = case["id"].as_str().expect("an id");
        for outcome in assert_case(case) {
            assertions += 1;
            let key = (id, outcome.key.as_str());
            match (outcome.failure, allowed.get(&key)) {
                (None, Some(_)) => unexplained.push(format!("{id} {}: passes now, remove it from DEVIATIONS", outcome.key)),
                (None, None) => {}
                (Some(_), Some(_)) => {
                    deviations_seen.insert((id.to_owned(), outcome.key.clone()));
                }
                (Some(failure), None) => unexplained.push(format!("{id} {}: {failure}", outcome.key)),
            }
        }
    }
    for &(id, key, _) in DEVIATIONS {
        if !deviations_seen.contains(&(id.to_owned(), key.to_owned())) && !unexplained.iter().any(|u| u.starts_with(&format!("{id} {key}:"))) {
            unexplained.push(format!("{id} {key}: listed in DEVIATIONS but never asserted"));
        }
    }
    println!("{assertions} assertions over {} cases, {} allowed deviations", cases.len(), deviations_seen.len());
    assert!(unexplained.is_empty(), "{} unexplained:\n{}", unexplained.len(), unexplained.join("\n"));
}

struct Outcome {
    key: String,
    failure: Option<String>,
}

fn outcome(key: impl Into<String>, pass: bool, failure: impl FnOnce() -> String) -> Outcome {
    Outcome { key: key.into(), failure: (!pass).then(failure) }
}

fn lines_of(case: &Value) -> Vec<String> {
    case["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|line| line.as_str().expect("a line").to_owned())
        .collect()
}

fn assert_case(case: &Value) -> Vec<Outcome> {
    let lines = lines_of(case);
    let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
    let result = mrz::check_lines(&borrowed, today());
    let mut outcomes = Vec::new();

    if case.get("throws").is_some() {
        outcomes.push(outcome("throws", result.is_err(), || format!("expected an input error, got {result:?}")));
        return outcomes;
    }
    let report = match result {
        Ok(report) => report.record(),
        Err(error) => {
            outcomes.push(outcome("usable", false, || format!("input error: {error}")));
            return outcomes;
        }
    };
    let autocorrect = case["options"]["autocorrect"].as_bool() == Some(true);
    if autocorrect {
        // cheminfo corrects blindly before parsing; our repair is opt-in and separate.
        return assert_repair(case, &borrowed, &report);
    }
    outcomes.extend(assert_report(case, &report));
    outcomes
}

fn assert_report(case: &Value, report: &MrzRecord) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    if let Some(format) = case["format"].as_str() {
        outcomes.push(outcome("format", report.format.as_str() == format, || format!("format {}", report.format)));
    }
    if let Some(valid) = case["valid"].as_bool() {
        outcomes.push(outcome("valid", report.valid == valid, || describe(report)));
    }
    if let Some(count) = case["invalid_count"].as_u64() {
        let ours = report.errors().count() as u64;
        outcomes.push(outcome("invalid_count", ours == count, || format!("{ours} invalid: {}", describe(report))));
    }
    for (list, expect_valid) in [("invalid_fields", false), ("valid_fields", true)] {
        for name in case[list].as_array().into_iter().flatten().filter_map(Value::as_str) {
            let detail = report.details.iter().find(|d| field_key(d) == *name);
            let ok = detail.is_some_and(|d| d.valid == expect_valid);
            outcomes.push(outcome(format!("{list}.{name}"), ok, || format!("{detail:?}")));
        }
    }
    if let Some(fields) = case["fields"].as_object() {
        for (name, expected) in fields {
            let detail = report.details.iter().find(|d| field_key(d) == *name);
            let ok = match (expected, detail) {
                (Value::Null, Some(d)) => !d.valid,
                (Value::String(text), Some(d)) => comparable_value(name, d.value.as_deref()) == *text,
                _ => false,
            };
            outcomes.push(outcome(format!("fields.{name}"), ok, || format!("expected {expected}, got {detail:?}")));
        }
    }
    if let Some(dates) = case["full_dates"].as_object() {
        for (name, expected) in dates {
            let ours = match name.as_str() {
                "birthDate" => report.fields.birth_date.clone(),
                "expirationDate" => report.fields.expiration_date.clone(),
                _ => None,
            };
            outcomes.push(outcome(format!("full_dates.{name}"), ours.as_deref() == expected.as_str(), || format!("{ours:?}")));
        }
    }
    if let Some(errors) = case["errors"].as_object() {
        for (name, expected) in errors {
            let ours = report.details.iter().find(|d| field_key(d) == *name).and_then(|d| d.error.clone());
            outcomes.push(outcome(format!("errors.{name}"), ours.as_deref() == expected.as_str(), || format!("{ours:?}")));
        }
    }
    if let Some(details) = case["details"].as_object() {
        for (name, expected) in details {
            let detail = report.details.iter().find(|d| field_key(d) == *name);
            for (key, want) in expected.as_object().into_iter().flatten() {
                if key == "ranges" {
                    continue; // Our report gives the value's own position, not cheminfo's related ranges.
                }
                let got = detail.map(|d| match key.as_str() {
                    "line" => Value::from(d.line),
                    "start" => Value::from(d.start),
                    "end" => Value::from(d.end),
                    "valid" => Value::from(d.valid),
                    "label" => Value::from(d.label.as_ref()),
                    "value" if want.is_null() => if d.valid { Value::from("valid") } else { Value::Null },
                    "value" => Value::from(comparable_value(name, d.value.as_deref())),
                    _ => Value::from("unknown key"),
                });
                outcomes.push(outcome(format!("details.{name}.{key}"), got.as_ref() == Some(want), || format!("expected {want}, got {got:?}")));
            }
        }
    }
    if let Some(expected) = case.get("result_document_number") {
        let ours = report.document_number.as_deref().map(Value::from).unwrap_or(Value::Null);
        outcomes.push(outcome("result_document_number", &ours == expected, || format!("{ours}")));
    }
    outcomes
}

/// cheminfo applies its autocorrect before parsing; we instead offer [`mrz::repair`], which
/// must reach the same corrected fields through the same character changes.
fn assert_repair(case: &Value, lines: &[&str], report: &MrzRecord) -> Vec<Outcome> {
    let mut outcomes =
        vec![outcome("uncorrected_invalid", !report.valid, || "the uncorrected input should not be valid".into())];
    let Some(repaired) = mrz::repair(lines, today()) else {
        outcomes.push(outcome("repair", false, || "no repair proposed".into()));
        return outcomes;
    };
    let repaired_lines: Vec<&str> = repaired.lines.iter().map(String::as_str).collect();
    let Ok(repaired_report) = mrz::check_lines(&repaired_lines, today()) else {
        outcomes.push(outcome("repair", false, || "repaired lines are unusable".into()));
        return outcomes;
    };
    let mut expected = case.clone();
    if let Some(object) = expected.as_object_mut() {
        object.remove("invalid_count");
    }
    outcomes.extend(assert_report(&expected, &repaired_report.record()));
    if let Some(corrections) = case["autocorrect"].as_array() {
        let theirs: BTreeSet<(u64, u64, String, String)> = corrections
            .iter()
            .map(|c| {
                (
                    c["line"].as_u64().unwrap_or(99),
                    c["column"].as_u64().unwrap_or(99),
                    c["original"].as_str().unwrap_or("").to_owned(),
                    c["corrected"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        let ours: BTreeSet<(u64, u64, String, String)> = repaired
            .changes
            .iter()
            .map(|c| (c.line as u64, c.position as u64, c.from.to_string(), c.to.to_string()))
            .collect();
        outcomes.push(outcome("repair", theirs == ours, || format!("ours {ours:?}\ntheirs {theirs:?}")));
    }
    outcomes
}

/// The corpus names fields in cheminfo's camelCase.
fn field_key(detail: &mrz::FieldReport) -> String {
    let snake = serde_json::to_value(detail.field).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let mut camel = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            camel.extend(c.to_uppercase());
            upper = false;
        } else {
            camel.push(c);
        }
    }
    camel
}

/// The corpus normalises sex to the printed letter.
fn comparable_value(name: &str, value: Option<&str>) -> String {
    let value = value.unwrap_or_default();
    if name != "sex" {
        return value.to_owned();
    }
    match value {
        "male" => "M",
        "female" => "F",
        "nonspecified" => "<",
        other => other,
    }
    .to_owned()
}

fn describe(report: &MrzRecord) -> String {
    let errors: Vec<String> = report
        .errors()
        .map(|d| format!("{}: {}", d.label, d.error.as_deref().unwrap_or("")))
        .collect();
    format!("valid={} [{}]", report.valid, errors.join("; "))
}
