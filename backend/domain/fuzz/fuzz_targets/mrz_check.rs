//! Any bytes, read as MRZ text, must give a report or a structural error, never a panic; and a
//! report must be internally consistent: `valid` exactly when no detail failed, and every
//! position inside the line it names.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("a real date");
    let Ok(report) = kyc_domain::mrz::check(text, today).map(|report| report.record()) else { return };
    assert_eq!(report.valid, report.details.iter().all(|detail| detail.valid));
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    for detail in &report.details {
        assert!(detail.start <= detail.end, "{detail:?}");
        let line = lines.get(detail.line).expect("a detail names an existing line");
        assert!(detail.end <= line.len(), "{detail:?} beyond {line:?}");
    }
});
