//! Our own table of error cases, one per field and format (fixtures/mrz/error_cases.jsonl):
//! each row is a valid MRZ with one field broken and every other check digit recomputed,
//! so exactly the named field fails (plus any listed cascade), with the product's
//! message, the stable code and the position.

use chrono::NaiveDate;
use kyc_domain::mrz::{self, LongNumberVariant};
use serde::Deserialize;

#[derive(Deserialize)]
struct ErrorCase {
    name: String,
    format: String,
    lines: Vec<String>,
    field: String,
    code: String,
    error: String,
    line: usize,
    start: usize,
    end: usize,
    also_invalid: Vec<String>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn snake(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

#[test]
fn every_error_case_reports_exactly_its_field_with_message_code_and_position() {
    let cases: Vec<ErrorCase> = include_str!("fixtures/mrz/error_cases.jsonl")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("an error case row"))
        .collect();
    assert!(cases.len() >= 60);
    let mut failures = Vec::new();
    for case in &cases {
        let lines: Vec<&str> = case.lines.iter().map(String::as_str).collect();
        let report = match mrz::check_lines(&lines, today()) {
            Ok(report) => report.record(),
            Err(error) => {
                failures.push(format!("{}: input error {error}", case.name));
                continue;
            }
        };
        if report.format.as_str() != case.format {
            failures.push(format!("{}: format {}", case.name, report.format));
        }
        let mut expected_invalid: Vec<String> = case.also_invalid.clone();
        expected_invalid.push(case.field.clone());
        expected_invalid.sort();
        let mut invalid: Vec<String> = report.errors().map(|d| snake(d.field)).collect();
        invalid.sort();
        if invalid != expected_invalid {
            failures.push(format!("{}: invalid fields {invalid:?}, expected {expected_invalid:?}", case.name));
        }
        let Some(detail) = report.details.iter().find(|d| snake(d.field) == case.field) else {
            failures.push(format!("{}: no detail for {}", case.name, case.field));
            continue;
        };
        let got = (detail.error.as_deref(), detail.code.map(snake), detail.line, detail.start, detail.end);
        let want = (Some(case.error.as_str()), Some(case.code.clone()), case.line, case.start, case.end);
        if got != want {
            failures.push(format!("{}:\n  got  {got:?}\n  want {want:?}", case.name));
        }
        if report.valid {
            failures.push(format!("{}: reported valid", case.name));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

fn td1(line0: &str, line1: &str) -> mrz::MrzRecord {
    mrz::check_lines(&[line0, line1, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"], today()).expect("usable").record()
}

#[test]
fn a_long_td1_number_verified_only_without_the_filler_is_reported_as_the_icao_variant() {
    let report = td1("I<UTO000590240<6011<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6");
    assert!(report.valid, "{:?}", report.errors().collect::<Vec<_>>());
    assert_eq!(report.long_document_number_variant, Some(LongNumberVariant::Icao));
    assert_eq!(report.fields.document_number.as_deref(), Some("000590240601"));
}

#[test]
fn a_long_td1_number_verified_only_with_the_filler_is_reported_as_the_issuer_variant() {
    let report = td1("I<UTO000590240<6013<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2");
    assert!(report.valid, "{:?}", report.errors().collect::<Vec<_>>());
    assert_eq!(report.long_document_number_variant, Some(LongNumberVariant::FillerIncluded));
}

#[test]
fn a_long_td1_number_that_both_computations_verify_says_both() {
    let report = td1("I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2");
    assert!(report.valid);
    assert_eq!(report.long_document_number_variant, Some(LongNumberVariant::Both));
    assert_eq!(report.fields.optional1.as_deref(), Some(""));
    assert_eq!(report.document_number.as_deref(), Some("D23145890123"));
}

#[test]
fn a_short_document_number_has_no_long_number_variant() {
    let report = td1("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6");
    assert!(report.valid);
    assert_eq!(report.long_document_number_variant, None);
}

#[test]
fn an_unknown_birth_date_written_with_fillers_is_valid_but_has_no_iso_date() {
    let report = td1("I<UTOD231458907<<<<<<<<<<<<<<<", "<<<<<<0F1204159UTO<<<<<<<<<<<6");
    assert!(report.valid, "{:?}", report.errors().collect::<Vec<_>>());
    assert_eq!(report.fields.birth_date, None);
    assert_eq!(report.fields.expiration_date.as_deref(), Some("2012-04-15"));
}

#[test]
fn an_empty_personal_number_may_carry_a_zero_or_a_filler_check_digit() {
    for (digit, composite) in [('<', '0'), ('0', '0')] {
        let line1 = format!("C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<{digit}{composite}");
        let report = mrz::check_lines(&["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", &line1], today()).expect("usable").record();
        assert!(report.valid, "digit {digit}: {:?}", report.errors().collect::<Vec<_>>());
        assert_eq!(report.fields.personal_number.as_deref(), Some(""));
    }
}

#[test]
fn two_digit_years_expand_against_the_injected_today() {
    let lines = ["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"];
    let in_1990 = mrz::check_lines(&lines, NaiveDate::from_ymd_opt(1990, 1, 1).expect("date")).expect("usable").record();
    assert_eq!(in_1990.fields.birth_date.as_deref(), Some("1964-08-12"));
    assert_eq!(in_1990.fields.expiration_date.as_deref(), Some("2017-10-31"));
    let in_2070 = mrz::check_lines(&lines, NaiveDate::from_ymd_opt(2070, 1, 1).expect("date")).expect("usable").record();
    assert_eq!(in_2070.fields.birth_date.as_deref(), Some("2064-08-12"));
    assert_eq!(in_2070.fields.expiration_date.as_deref(), Some("2117-10-31"));
}

#[test]
fn the_report_serialises_to_the_documented_json_shape() {
    let report = td1("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<1");
    let json = serde_json::to_value(&report).expect("serialisable");
    assert_eq!(json["format"], "TD1");
    assert_eq!(json["valid"], false);
    assert_eq!(json["fields"]["sex"], "female");
    let composite = json["details"].as_array().expect("details").iter().find(|d| d["field"] == "composite_check_digit").expect("composite");
    assert_eq!(composite["label"], "Composite check digit");
    assert_eq!(composite["code"], "invalid_check_digit");
    assert_eq!(composite["error"], "invalid check digit: 1. Must be 6");
    assert_eq!((composite["line"].as_u64(), composite["start"].as_u64(), composite["end"].as_u64()), (Some(1), Some(29), Some(30)));
    let back: mrz::MrzRecord = serde_json::from_value(json).expect("deserialisable");
    assert_eq!(back, report);
}

#[test]
fn structural_errors_carry_a_stable_code_and_the_line_at_fault() {
    let error = mrz::check("IDCHEA1234567<6<<<<<<<<<<<<<<<\n7510256M2009018CHE<<<<<<<<<<<\nSMITH<<JOHN<ALBERT<<<<<<<<<<<<", today())
        .expect_err("a short line");
    assert_eq!(error.code(), "wrong_line_length");
    assert_eq!(error.line, 1);
    assert_eq!(error.to_string(), "invalid number of characters for line 2: 29. Must be 30 for TD1");
    let error = mrz::check("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0\nX", today())
        .expect_err("three lines of a two-line format");
    assert_eq!(error.code(), "wrong_line_count");
    assert_eq!(mrz::check("", today()).expect_err("nothing").code(), "unrecognized_line_count");
}
