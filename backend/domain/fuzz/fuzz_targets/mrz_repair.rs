//! A proposed repair must itself check valid, and change only the characters it lists.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lines: Vec<&str> = text.lines().collect();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a real date");
    let Some(repair) = kyc_domain::mrz::repair(&lines, today) else { return };
    let repaired: Vec<&str> = repair.lines.iter().map(String::as_str).collect();
    let report = kyc_domain::mrz::check_lines(&repaired, today).expect("a repair is structurally sound");
    assert!(report.valid, "the repair {repaired:?} does not verify");
    let differing = lines
        .iter()
        .zip(&repaired)
        .map(|(before, after)| before.trim_end().bytes().zip(after.bytes()).filter(|(a, b)| a != b).count())
        .sum::<usize>();
    assert_eq!(differing, repair.changes.len());
});
