//! Throughput of the MRZ engine on a realistic generated mix of formats, valid and
//! invalid (see `scripts/bench-mrz.sh`, which runs cheminfo/mrz on the same inputs).
//!
//! - `check_and_report`: [`mrz::check_lines`] per MRZ — detection, every field check,
//!   and the owned [`mrz::MrzReport`] (the MRZ's characters and every field's verdict,
//!   position and error kind; values and messages are written when read).
//! - `check_and_record`: the same, then every value, message and cleaned field written
//!   out as owned text ([`mrz::MrzRecord`]), what a caller holding all strings pays.
//! - `check_and_json`: the same, then the report serialised to JSON into a reused buffer:
//!   what an API response pays for its body.
//! - `analyze_only`: the allocation-free core ([`mrz::analyze`]) and its verdict.
//!
//! `MRZ_BENCH_CORPUS=path` also writes the corpus there, one JSON array of lines per row.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kyc_domain::mrz::build::{MrzDocument, build};
use kyc_domain::mrz::{self, MrzFormat};

const CORPUS_SIZE: usize = 10_000;
/// Share of records with one character replaced, as an OCR misread would.
const MISREAD_PERCENT: u64 = 10;

/// SplitMix64: a fixed-seed generator so every run benchmarks the same corpus.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len).map(|_| char::from(alphabet[self.below(alphabet.len())])).collect()
    }
}

const LAST_NAMES: &[&str] = &["ERIKSSON", "MUSTERMANN", "DUPONT", "GARCIA LOPEZ", "ROSSI", "NOVAK", "KOWALSKA", "SMITH", "NGUYEN", "VAN DER BERG", "O'NEILL", "MÜLLER"];
const FIRST_NAMES: &[&str] = &["ANNA MARIA", "ERIKA", "JEAN PIERRE", "SOFIA", "LUCA", "JAN", "JOANNA", "JOHN ALBERT", "MINH", "WILLEKE", "SEAN", "JÖRG"];
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DIGITS: &[u8] = b"0123456789";
const MRZ_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}

fn format_for(roll: usize) -> MrzFormat {
    match roll {
        0..48 => MrzFormat::Td3,
        48..81 => MrzFormat::Td1,
        81..86 => MrzFormat::Td2,
        86..89 => MrzFormat::MrvA,
        89..91 => MrzFormat::MrvB,
        91..94 => MrzFormat::FrenchNationalId,
        94..97 => MrzFormat::FrenchDrivingLicense,
        _ => MrzFormat::SwissDrivingLicense,
    }
}

fn document(rng: &mut SplitMix, states: &[&str]) -> MrzDocument {
    let format = format_for(rng.below(100));
    let birth = today() - Days::new(6_000 + rng.next() % 25_000);
    let expiry = today() - Days::new(2_000) + Days::new(rng.next() % 5_000);
    let number_len = if format == MrzFormat::Td1 && rng.below(10) == 0 { 12 } else { 9 };
    let mut doc = MrzDocument {
        format,
        document_code: "P".into(),
        issuing_state: rng.pick(states).into(),
        last_name: rng.pick(LAST_NAMES).into(),
        first_name: rng.pick(FIRST_NAMES).into(),
        document_number: rng.text(ALNUM, number_len),
        nationality: rng.pick(states).into(),
        birth_date: birth,
        sex: ['M', 'F', '<'][rng.below(3)],
        expiration_date: expiry,
        personal_number: if rng.below(2) == 0 { String::new() } else { rng.text(ALNUM, 10) },
        optional: if rng.below(3) == 0 { rng.text(ALNUM, 6) } else { String::new() },
    };
    match format {
        MrzFormat::Td1 => doc.document_code = rng.pick(&["I", "ID", "IR", "AC"]).into(),
        MrzFormat::Td2 => doc.document_code = rng.pick(&["I", "ID", "IR"]).into(),
        MrzFormat::Td3 => doc.document_code = rng.pick(&["P", "PP", "PO"]).into(),
        MrzFormat::MrvA | MrzFormat::MrvB => doc.document_code = rng.pick(&["V", "VA", "VB"]).into(),
        MrzFormat::FrenchNationalId => {
            doc.document_code = "ID".into();
            doc.issuing_state = "FRA".into();
            let issued = (today() - Days::new(rng.next() % 5_000)).format("%y%m").to_string();
            doc.document_number = format!("{issued}{}{}", rng.text(ALNUM, 3), rng.text(DIGITS, 5));
            doc.optional = rng.text(ALNUM, 6);
        }
        MrzFormat::FrenchDrivingLicense => {
            doc.document_code = rng.pick(&["D1", "B1", "A2"]).into();
            doc.issuing_state = "FRA".into();
        }
        MrzFormat::SwissDrivingLicense => {
            doc.document_code = "FA".into();
            doc.issuing_state = rng.pick(&["CHE", "LIE"]).into();
            doc.document_number = format!("{}{}{}", rng.text(ALNUM, 3), rng.text(DIGITS, 3), rng.pick(&["D", "F", "I", "R"]));
            doc.personal_number = rng.text(DIGITS, 12);
        }
    }
    doc
}

/// One character replaced at random, as a misread would.
fn misread(rng: &mut SplitMix, lines: &mut [String]) {
    let line = rng.below(lines.len());
    let position = rng.below(lines[line].len());
    let replacement = char::from(MRZ_ALPHABET[rng.below(MRZ_ALPHABET.len())]);
    lines[line].replace_range(position..=position, &replacement.to_string());
}

fn corpus() -> Vec<Vec<String>> {
    let states: Vec<&str> = mrz::all_known_codes().collect();
    let mut rng = SplitMix(0x4D52_5A5F_4245_4E43);
    (0..CORPUS_SIZE)
        .map(|_| {
            let mut lines = build(&document(&mut rng, &states));
            if rng.next() % 100 < MISREAD_PERCENT {
                misread(&mut rng, &mut lines);
            }
            lines
        })
        .collect()
}

fn write_corpus(corpus: &[Vec<String>]) {
    let Ok(path) = std::env::var("MRZ_BENCH_CORPUS") else { return };
    let rows: Vec<String> = corpus.iter().map(|lines| serde_json::to_string(lines).unwrap_or_default()).collect();
    if let Err(error) = std::fs::write(&path, rows.join("\n") + "\n") {
        eprintln!("could not write the corpus to {path}: {error}");
    }
}

fn bench_mrz(c: &mut Criterion) {
    let corpus = corpus();
    write_corpus(&corpus);
    let borrowed: Vec<Vec<&str>> = corpus.iter().map(|lines| lines.iter().map(String::as_str).collect()).collect();
    let valid = borrowed.iter().filter(|lines| mrz::check_lines(lines, today()).is_ok_and(|r| r.is_valid())).count();
    eprintln!("corpus: {} MRZs, {:.1} % valid by our checks", borrowed.len(), 100.0 * valid as f64 / borrowed.len() as f64);

    let mut group = c.benchmark_group("mrz");
    group.throughput(Throughput::Elements(borrowed.len() as u64));
    group.bench_function("check_and_report", |b| {
        b.iter(|| {
            for lines in &borrowed {
                // Looked at where it was returned, as a caller would, not moved again.
                black_box(&mrz::check_lines(black_box(lines), today()));
            }
        })
    });
    group.bench_function("check_and_record", |b| {
        b.iter(|| {
            for lines in &borrowed {
                black_box(mrz::check_lines(black_box(lines), today()).map(|report| report.record()).ok());
            }
        })
    });
    group.bench_function("check_and_json", |b| {
        let mut body = Vec::with_capacity(8 * 1024);
        b.iter(|| {
            for lines in &borrowed {
                body.clear();
                if let Ok(report) = mrz::check_lines(black_box(lines), today()) {
                    let _ = serde_json::to_writer(&mut body, &report);
                }
                black_box(&body);
            }
        })
    });
    group.bench_function("analyze_only", |b| {
        b.iter(|| {
            for lines in &borrowed {
                black_box(mrz::analyze(black_box(lines), today()).map(|a| a.is_valid()).ok());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_mrz);
criterion_main!(benches);
