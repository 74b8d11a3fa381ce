//! Differential test against cheminfo/mrz 5.0.2, the library whose wording the product
//! shows: its observed message catalogue (`../shared/data/mrz/cheminfo_message_catalogue.jsonl`,
//! single-field mutations of valid MRZs plus structural errors) must come out of our
//! engine identically — label, message and position of every invalid field, in order —
//! except where [`DEVIATIONS`] says why we differ.

use std::path::PathBuf;

use chrono::NaiveDate;
use kyc_domain::mrz::{self, MrzInputError, MrzReport};
use serde_json::Value;

/// (trigger, reason). Each listed row must differ from cheminfo, or the test fails.
const DEVIATIONS: &[(&str, &str)] = &[
    ("TD1 issuing state UTO (ICAO specimen code)", "UTO is ICAO's specimen code (Doc 9303 Part 3, Part G)"),
    ("TD1 issuing state XMP (9303 Part 3 Part D, missing in table?)", "XMP is in ICAO Part 3, Part D"),
    ("TD3 document number with invalid character", "a character outside A-Z0-9< is an input error with its position, not a check-digit failure computed from a meaningless value"),
    ("French ID administrative code invalid character", "a character outside A-Z0-9< is an input error with its position"),
    ("TD3 personal number with invalid character", "a character outside A-Z0-9< is an input error with its position"),
    ("TD1 optional data 1 with invalid character", "a character outside A-Z0-9< is an input error with its position"),
    ("TD1 optional data 2 with invalid character", "a character outside A-Z0-9< is an input error with its position"),
    ("Swiss DL document number bad prefix", "a character outside A-Z0-9< is an input error with its position"),
    ("TD3 lower-case input", "lower case is outside the MRZ alphabet: an input error naming the first such character"),
    ("TD3 string input with trailing newline", "a trailing newline is tolerated"),
    ("TD3 line with trailing space", "trailing whitespace is tolerated"),
    ("throw: line without any MRZ character", "the message names the first foreign character and its position"),
    ("throw: not an array or string", "the Rust API is typed: a number cannot be passed"),
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

fn catalogue() -> Option<Vec<Value>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/mrz/cheminfo_message_catalogue.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("SKIPPED: the cheminfo message catalogue is absent (expected {})", path.display());
        return None;
    };
    Some(
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str::<Value>(line).expect("a JSON row"))
            .filter(|row| row["mrz_version"] == "5.0.2")
            .collect(),
    )
}

fn run(input: &Value) -> Option<Result<MrzReport, MrzInputError>> {
    match input {
        Value::String(text) => Some(mrz::check(text, today())),
        Value::Array(lines) => {
            let lines: Vec<&str> = lines.iter().filter_map(Value::as_str).collect();
            Some(mrz::check_lines(&lines, today()))
        }
        _ => None,
    }
}

/// Why our result differs from the row, or `None` when it agrees.
fn difference(row: &Value) -> Option<String> {
    let Some(result) = run(&row["input"]) else {
        return Some("input cannot be expressed".into());
    };
    if let Some(thrown) = row["throws"].as_str() {
        let message = thrown.split_once(": ").map_or(thrown, |(_, message)| message);
        return match result {
            Err(error) if error.message == message => None,
            other => Some(format!("expected input error {message:?}, got {other:?}")),
        };
    }
    let report = match result {
        Ok(report) => report,
        Err(error) => return Some(format!("input error {error}")),
    };
    let theirs: Vec<String> = row["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| format!("{} | {} | {}:{}-{}", e["label"].as_str().unwrap_or(""), e["error"].as_str().unwrap_or(""), e["line"], e["start"], e["end"]))
        .collect();
    let ours: Vec<String> = report
        .errors()
        .map(|d| format!("{} | {} | {}:{}-{}", d.label, d.error.as_deref().unwrap_or(""), d.line, d.start, d.end))
        .collect();
    let valid_agrees = row["valid"].as_bool() == Some(report.is_valid());
    (ours != theirs || !valid_agrees).then(|| format!("ours:\n  {}\ntheirs:\n  {}", ours.join("\n  "), theirs.join("\n  ")))
}

#[test]
fn our_messages_match_cheminfo_mrz_5_word_for_word_except_explained_deviations() {
    let Some(rows) = catalogue() else { return };
    assert!(rows.len() >= 70, "the catalogue has 72 rows for 5.0.2");
    let mut problems = Vec::new();
    for row in &rows {
        let trigger = row["trigger"].as_str().unwrap_or("");
        let deviation = DEVIATIONS.iter().find(|(t, _)| *t == trigger);
        match (difference(row), deviation) {
            (Some(diff), None) => problems.push(format!("{trigger}: {diff}")),
            (None, Some(_)) => problems.push(format!("{trigger}: agrees now, remove it from DEVIATIONS")),
            _ => {}
        }
    }
    for (trigger, _) in DEVIATIONS {
        if !rows.iter().any(|row| row["trigger"] == *trigger) {
            problems.push(format!("{trigger}: listed in DEVIATIONS but absent from the catalogue"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
