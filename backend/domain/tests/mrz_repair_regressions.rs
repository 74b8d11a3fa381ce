//! Inputs the fuzzer found, kept as regressions of the repair's contract.

use chrono::NaiveDate;
use kyc_domain::mrz;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

#[test]
fn a_character_changed_by_both_repair_steps_is_listed_once_from_what_was_read() {
    let read = "BAABA10035983960<961983960<961";
    let repair = mrz::repair(&[read], today()).expect("a repair");
    let repaired = repair.lines[0].as_bytes();
    let differing: Vec<usize> = (0..read.len()).filter(|&i| read.as_bytes()[i] != repaired[i]).collect();
    let listed: Vec<usize> = repair.changes.iter().map(|change| change.position).collect();
    assert_eq!(listed, differing);
    for change in &repair.changes {
        assert_eq!(change.from, read.as_bytes()[change.position] as char);
        assert_eq!(change.to, repaired[change.position] as char);
    }
}

#[test]
fn a_repair_makes_every_check_digit_verify_even_when_other_fields_stay_invalid() {
    let read = "BAABAAABBA<<<<00000878716 88<<3".replace(' ', "");
    if let Some(repair) = mrz::repair(&[read.as_str()], today()) {
        let lines: Vec<&str> = repair.lines.iter().map(String::as_str).collect();
        let report = mrz::check_lines(&lines, today()).expect("structurally sound");
        let failed: Vec<_> = report.errors().filter(|d| d.label.to_lowercase().contains("check digit")).collect();
        assert!(failed.is_empty(), "{failed:?}");
    }
}
