//! The report's JSON, pinned byte for byte (fixtures/mrz/report_json.txt): every ICAO
//! specimen, every error case and a few more valid and invalid MRZs of every format.
//! The report is what the API stores and returns, so a change to how it is built (say,
//! for speed) must leave this file untouched.
//!
//! After a deliberate change of wording or shape, rewrite the file with
//! `MRZ_REPORT_JSON_BLESS=1 cargo test -p kyc-domain --test mrz_report_json` and review
//! the diff.

use std::fmt::Write as _;

use chrono::NaiveDate;
use kyc_domain::mrz;
use serde::Deserialize;

const GOLDEN: &str = "tests/fixtures/mrz/report_json.txt";

/// Formats and edge cases the specimens and error cases do not cover: the national
/// formats valid and misread, long TD1 numbers, unknown birth dates, names longer than
/// any inline buffer.
const MORE_CASES: &[(&str, &[&str])] = &[
    ("French ID valid", &["IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"]),
    ("French ID without administrative code", &["IDFRABERTHIER<<<<<<<<<<<<<<<<<<<<<<<", "9409923102854CORINNE<<<<<<<6512068F4"]),
    ("French ID misread", &["IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "17I0GVA123451R0BERTA<<<<<<<9112311F2"]),
    ("French driving licence valid", &["D1FRA13AA000026181231MARTIN<<9"]),
    ("French driving licence misread", &["D1FRA13AA0000261B1231MART1N<<9"]),
    ("Swiss driving licence valid", &["AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"]),
    ("Swiss driving licence misread", &["AAA001D<<", "FACHE30S142IZBO97<<8OO12G<<<<<", "MARCHAND<<FA81ENNE<<<<<<<<<<<<"]),
    ("TD1 misread everywhere", &["IDCHEA1234567<6<<<<<<<<<<<<<<<", "7SIOZSGMZOO90IBCHE<<<<<<<<<<<B", "5M1TH<<J0HN<AL8ERT<<<<<<<<<<<<"]),
    ("TD1 long number, ICAO variant", &["I<UTO000590240<6011<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]),
    ("TD1 long number, filler included", &["I<UTO000590240<6013<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]),
    ("TD1 long number, both variants", &["I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]),
    ("TD1 unknown birth date", &["I<UTOD231458907<<<<<<<<<<<<<<<", "<<<<<<0F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]),
    ("TD3 empty personal number, filler digit", &["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"]),
    ("TD3 long last name", &["P<UTOVANDERBERGHEMONTGOMERYSMITHJONES<<ANNA<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]),
    ("TD3 long first names", &["P<UTOX<<ANNA<MARIA<CHRISTINA<LOUISE<AUGUSTIN", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]),
    ("TD3 long invalid name", &["P<UTOVANDERBERGHE1MONTGOMERYSMITH<<ANNA<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]),
];

#[derive(Deserialize)]
struct Case {
    name: String,
    lines: Vec<String>,
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn cases() -> Vec<(String, Vec<String>)> {
    let rows = include_str!("fixtures/mrz/icao_specimens.jsonl").lines().chain(include_str!("fixtures/mrz/error_cases.jsonl").lines());
    let fixtures = rows.filter(|row| !row.trim().is_empty()).map(|row| {
        let case: Case = serde_json::from_str(row).expect("a fixture row");
        (case.name, case.lines)
    });
    let more = MORE_CASES.iter().map(|(name, lines)| ((*name).to_owned(), lines.iter().map(|&line| line.to_owned()).collect()));
    fixtures.chain(more).collect()
}

/// `# name` then the report's JSON, one pair of lines per case.
fn rendered() -> String {
    let mut out = String::new();
    for (name, lines) in cases() {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let report = mrz::check_lines(&lines, today()).expect("a usable MRZ");
        let json = serde_json::to_string(&report).expect("serialisable");
        let _ = writeln!(out, "# {name}\n{json}");
    }
    out
}

#[test]
fn every_pinned_report_serialises_to_exactly_the_same_json() {
    let ours = rendered();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLDEN);
    if std::env::var_os("MRZ_REPORT_JSON_BLESS").is_some() {
        std::fs::write(&path, &ours).expect("the golden file is writable");
    }
    let pinned = std::fs::read_to_string(&path).expect("the golden file exists");
    assert!(pinned.lines().count() >= 2 * 80, "the golden file lost cases");
    for (line, (want, got)) in pinned.lines().zip(ours.lines()).enumerate() {
        assert_eq!(got, want, "line {} of {GOLDEN}", line + 1);
    }
    assert_eq!(ours.lines().count(), pinned.lines().count(), "case count");
}

#[test]
fn the_pinned_cases_cover_every_format_valid_and_invalid() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, lines) in cases() {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let report = mrz::check_lines(&lines, today()).expect("a usable MRZ");
        seen.insert((report.format().as_str(), report.is_valid()));
    }
    for format in ["TD1", "TD2", "TD3", "MRVA", "MRVB", "FRENCH_NATIONAL_ID", "FRENCH_DRIVING_LICENSE", "SWISS_DRIVING_LICENSE"] {
        assert!(seen.contains(&(format, true)), "{format} valid");
        assert!(seen.contains(&(format, false)), "{format} invalid");
    }
}
