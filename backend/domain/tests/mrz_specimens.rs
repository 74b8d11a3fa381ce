//! ICAO Doc 9303 specimens, typed from the specification (fixtures/mrz/icao_specimens.jsonl):
//! each must be valid, in its format, with exactly the listed field values.

use chrono::NaiveDate;
use kyc_domain::mrz::{self, MrzFormat};
use serde::Deserialize;

#[derive(Deserialize)]
struct Specimen {
    name: String,
    lines: Vec<String>,
    format: MrzFormat,
    fields: serde_json::Map<String, serde_json::Value>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn specimens() -> Vec<Specimen> {
    include_str!("fixtures/mrz/icao_specimens.jsonl")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("a specimen row"))
        .collect()
}

#[test]
fn every_icao_specimen_is_valid_with_its_published_fields() {
    for specimen in specimens() {
        let lines: Vec<&str> = specimen.lines.iter().map(String::as_str).collect();
        let report = mrz::check_lines(&lines, today()).expect("a usable MRZ").record();
        let errors: Vec<_> = report.errors().collect();
        assert!(report.valid, "{}: {errors:#?}", specimen.name);
        assert_eq!(report.format, specimen.format, "{}", specimen.name);
        let fields = serde_json::to_value(&report.fields).expect("serialisable");
        for (key, expected) in &specimen.fields {
            assert_eq!(&fields[key], expected, "{}: field {key}", specimen.name);
        }
    }
}

#[test]
fn the_same_specimen_given_as_text_with_crlf_and_a_trailing_newline_gives_the_same_report() {
    let lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
    let text = format!("{}  \r\n{}\r\n", lines[0], lines[1]);
    assert_eq!(
        mrz::check(&text, today()).expect("usable"),
        mrz::check_lines(&lines, today()).expect("usable")
    );
}

#[test]
fn a_td3_passport_with_a_wrong_composite_digit_reports_it() {
    let report = mrz::check_lines(
        &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<11"],
        today(),
    )
    .expect("usable");
    assert!(!report.is_valid());
    let errors: Vec<_> = report.errors().collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].label, "Composite check digit");
    assert_eq!(errors[0].error.as_deref(), Some("invalid check digit: 1. Must be 0"));
    assert_eq!((errors[0].line, errors[0].start, errors[0].end), (1, 43, 44));
}
