//! Screening latency, one core (numbers and commands in docs/BENCHMARKS.md, "Screening").
//!
//! - `screening_tier_s/*`: one person against the UN and OFAC lists read from
//!   `../shared/data/sanctions` (relative to the repository root; `SCREENING_DATA` overrides).
//!   The query mix is listed persons (every other one with a typing slip in the family name) and
//!   as many persons who are not listed (yente's synthetic negatives). Also list import (parse)
//!   and index build. Without the data folder these print a message and bench nothing.
//! - `screening_generated/*`: the same kind of mix against generated persons (two million by
//!   default; `SCREENING_BENCH_SCALE=N` changes it, `0` skips), the PEP-tier target.
//!
//! Criterion reports the mean time per query over the mix; before each group the bench also
//! times every query of the mix on its own and prints p50 / p95 / p99 (of all timings and of
//! each query's fastest of three runs, with the load average of the machine).

#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use kyc_domain::screening::lists::{parse_ofac_csv, parse_un_xml};
use kyc_domain::screening::{ListEntry, PersonQuery, Screener, Sex};

use synthetic::SplitMix;

const UN_XML: &str = "un/UN_consolidated_2026-02-27.xml";
const SDN: [&str; 3] = ["ofac/sdn_history/sdn_2024-05-03.csv", "ofac/sdn_2021-07-07/alt.csv", "ofac/sdn_2021-07-07/add.csv"];
const NEGATIVES: &str = "eval/yente_fixtures/negatives_global.csv";
const DEFAULT_SCALE: usize = 2_000_000;
/// Queries per mix: half listed, half not.
const MIX_SIZE: usize = 2_000;

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SCREENING_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sanctions"));
    dir.is_dir().then_some(dir)
}

/// The list files, read once; parsing them is what the import bench times.
struct ListFiles {
    un: Vec<u8>,
    sdn: Vec<Vec<u8>>,
}

impl ListFiles {
    fn read(dir: &Path) -> std::io::Result<Self> {
        Ok(Self { un: std::fs::read(dir.join(UN_XML))?, sdn: SDN.iter().map(|file| std::fs::read(dir.join(file))).collect::<Result<_, _>>()? })
    }

    fn parse(&self) -> Vec<ListEntry> {
        let mut entries = parse_un_xml(&self.un).unwrap_or_default();
        entries.extend(parse_ofac_csv(&self.sdn[0], Some(&self.sdn[1]), Some(&self.sdn[2])).unwrap_or_default());
        entries
    }
}

/// A listed person as a document reads them: labelled parts where the list has them, else the
/// last token as family name; the first listed birth date and nationality.
fn listed_query(entry: &ListEntry, rng: &mut SplitMix) -> Option<PersonQuery> {
    let primary = entry.names.first()?;
    let (given, family) = match (&primary.given_names, &primary.family_name) {
        (Some(given), Some(family)) => (given.clone(), family.clone()),
        _ => {
            let (given, family) = primary.full.rsplit_once(' ')?;
            (given.to_string(), family.to_string())
        }
    };
    let listed = ListEntry {
        names: vec![kyc_domain::screening::EntryName::with_parts(&primary.full, primary.kind, &given, &family)],
        ..entry.clone()
    };
    Some(synthetic::listed_with_slip(&listed, rng))
}

fn negative_queries(dir: &Path, count: usize) -> Vec<PersonQuery> {
    let Ok(bytes) = std::fs::read(dir.join(NEGATIVES)) else { return Vec::new() };
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    reader
        .records()
        .filter_map(Result::ok)
        .take(count)
        .map(|record| {
            let field = |index: usize| record.get(index).filter(|value| !value.is_empty()).map(str::to_string);
            PersonQuery {
                first_name: field(1),
                last_name: field(3),
                native_names: if field(1).is_none() { field(0).into_iter().collect() } else { Vec::new() },
                birth_date: field(5),
                nationality: field(7),
                sex: field(4).and_then(|gender| Sex::parse(&gender)),
                ..PersonQuery::default()
            }
        })
        .collect()
}

/// Screens every query on its own, three times after a warm-up pass, and prints the percentiles
/// of all timings and of each query's fastest run. On a shared machine the fastest of three is
/// the better estimate of the work a query needs; all timings include time lost to other
/// processes. The load average is printed alongside.
fn print_percentiles(label: &str, screener: &Screener, queries: &[PersonQuery]) {
    for query in queries {
        black_box(screener.screen(query));
    }
    let mut all: Vec<f64> = Vec::with_capacity(queries.len() * 3);
    let mut fastest = vec![f64::MAX; queries.len()];
    for _ in 0..3 {
        for (index, query) in queries.iter().enumerate() {
            let started = Instant::now();
            black_box(screener.screen(black_box(query)));
            let micros = started.elapsed().as_secs_f64() * 1e6;
            all.push(micros);
            fastest[index] = fastest[index].min(micros);
        }
    }
    let summary = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let at = |p: f64| values[((p / 100.0 * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
        format!("p50 {:.0} µs, p95 {:.0} µs, p99 {:.0} µs, max {:.0} µs", at(50.0), at(95.0), at(99.0), values.last().copied().unwrap_or(0.0))
    };
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!("{label}: {} queries; all {} timings: {}", queries.len(), all.len(), summary(all));
    eprintln!("{label}: fastest of three per query: {}", summary(fastest));
    eprintln!("{label}: load average {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
}

/// Resident memory now and at its peak, from `/proc/self/status`.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| status.lines().find(|line| line.starts_with(name)).map(|line| line[name.len()..].trim().to_string()).unwrap_or_default();
    format!("VmRSS {}, VmHWM {}", field("VmRSS:"), field("VmHWM:"))
}

/// Benchmarks one query per iteration, cycling through the mix.
fn bench_mix(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, name: &str, screener: &Screener, queries: &[PersonQuery]) {
    let mut next = 0;
    group.bench_function(name, |b| {
        b.iter(|| {
            next = (next + 1) % queries.len();
            black_box(screener.screen(black_box(&queries[next])))
        })
    });
}

fn bench_tier_s(c: &mut Criterion) {
    let Some(dir) = data_dir() else {
        eprintln!("skipped: ../shared/data/sanctions not found (set SCREENING_DATA to bench against the lists)");
        return;
    };
    let files = match ListFiles::read(&dir) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("skipped: the list files could not be read: {error}");
            return;
        }
    };
    let entries = files.parse();
    let started = Instant::now();
    let screener = Screener::new(entries.clone());
    eprintln!("tier S: {} persons, {} names, index built in {:.2} s; {}", entries.len(), screener.name_count(), started.elapsed().as_secs_f64(), memory());
    let mut rng = SplitMix(0x5343_5245_454E);
    let step = (entries.len() / (MIX_SIZE / 2)).max(1);
    let mut queries: Vec<PersonQuery> = entries.iter().step_by(step).filter_map(|entry| listed_query(entry, &mut rng)).collect();
    queries.extend(negative_queries(&dir, MIX_SIZE / 2));
    print_percentiles("tier S mix", &screener, &queries);

    let mut group = c.benchmark_group("screening_tier_s");
    bench_mix(&mut group, "query_mix", &screener, &queries);
    group.sample_size(10);
    group.bench_function("parse_lists", |b| b.iter(|| black_box(files.parse())));
    group.bench_function("build_index", |b| b.iter(|| black_box(Screener::new(entries.clone()))));
    group.finish();
}

fn bench_generated(c: &mut Criterion) {
    let scale = std::env::var("SCREENING_BENCH_SCALE").ok().and_then(|value| value.parse().ok()).unwrap_or(DEFAULT_SCALE);
    if scale == 0 {
        eprintln!("skipped: SCREENING_BENCH_SCALE=0");
        return;
    }
    eprintln!("before generating: {}", memory());
    let started = Instant::now();
    let entries = synthetic::entries(scale, 7);
    eprintln!("{scale} generated persons in {:.1} s; {}", started.elapsed().as_secs_f64(), memory());
    let started = Instant::now();
    let screener = Screener::new(entries);
    eprintln!("index of {} names built in {:.1} s; {}", screener.name_count(), started.elapsed().as_secs_f64(), memory());
    let mut rng = SplitMix(11);
    let queries: Vec<PersonQuery> = (0..MIX_SIZE)
        .map(|index| {
            if index % 2 == 0 {
                let entry = &screener.entries()[rng.below(screener.entries().len())];
                synthetic::listed_with_slip(entry, &mut rng)
            } else {
                synthetic::outsider(&mut rng)
            }
        })
        .collect();
    print_percentiles(&format!("{scale} generated, mix"), &screener, &queries);
    let mut group = c.benchmark_group("screening_generated");
    bench_mix(&mut group, &format!("query_mix_{scale}"), &screener, &queries);
    group.finish();
}

criterion_group!(benches, bench_tier_s, bench_generated);
criterion_main!(benches);
