//! The hold-out evaluation of the screening engine (research-screening.md §5) on the reference
//! data, with a readable report on stdout and, optionally, the figures written into a Markdown
//! file (between generated-section markers, so hand-written notes around them survive).
//!
//! ```text
//! cargo run --release -p kyc-domain --example eval_screening -- ../shared/data/sanctions \
//!     [--markdown docs/EVALUATION.md] [--tune] [--scale 2000000] [--threads 2]
//! ```
//!
//! - The split is entity-level and seeded (`split::SEED`): 70 % dev, 30 % test.
//! - `--tune` screens only the dev side and prints dev figures: use it while changing the
//!   engine, so the test side stays unseen until the final run.
//! - `--scale N` also builds an index of N generated persons and measures build time, memory and
//!   latency (the PEP-tier target).
//! - `--every N` screens only every N-th query of the large sets: a quick look while tuning.
//! - `--pairs-only` skips the list screening and measures only the name pairs (bench, Georgian).

mod cases;
mod data;
mod naive;
mod pairs;
mod report;
mod resources;
mod run;
mod scale;
mod split;
mod stats;
mod variants;
#[path = "../../benches/support/synthetic.rs"]
mod synthetic;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use kyc_domain::screening::{ListEntry, PersonQuery, Screener, normalize_name};

use crate::data::Result;
use crate::resources::{Latency, Memory, latency, memory};
use crate::run::{Case, Outcome, Set};
use crate::split::Side;
use crate::stats::Proportion;
use crate::variants::CorpusForms;

struct Args {
    data: PathBuf,
    markdown: Option<PathBuf>,
    tune: bool,
    scale: usize,
    threads: usize,
    every: usize,
    pairs_only: bool,
}

fn parse_args() -> Result<Args> {
    let mut args = Args { data: PathBuf::new(), markdown: None, tune: false, scale: 0, threads: 2, every: 1, pairs_only: false };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        match arg.as_str() {
            "--markdown" => args.markdown = Some(PathBuf::from(raw.next().ok_or("--markdown needs a path")?)),
            "--tune" => args.tune = true,
            "--pairs-only" => args.pairs_only = true,
            "--scale" => args.scale = raw.next().ok_or("--scale needs a count")?.parse()?,
            "--threads" => args.threads = raw.next().ok_or("--threads needs a count")?.parse()?,
            "--every" => args.every = raw.next().ok_or("--every needs a count")?.parse::<usize>()?.max(1),
            other if args.data.as_os_str().is_empty() && !other.starts_with("--") => args.data = PathBuf::from(other),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if args.data.as_os_str().is_empty() {
        return Err("usage: eval_screening <data folder> [--markdown FILE] [--tune] [--scale N] [--threads N]".into());
    }
    Ok(args)
}

/// Loading and indexing Tier S: times and memory.
pub struct TierS {
    pub persons: usize,
    pub names: usize,
    pub parse_seconds: f64,
    pub build_seconds: f64,
    pub before: Memory,
    pub parsed: Memory,
    pub built: Memory,
    pub latency: Latency,
}

/// The naive baseline on the same queries.
pub struct NaiveRun {
    pub un_plain: Proportion,
    pub un_mangled: Proportion,
    pub negatives_name_only: Proportion,
    pub negatives_gated: Proportion,
}

/// Everything the report shows.
pub struct Evaluation {
    pub tune: bool,
    pub threshold: u8,
    pub sources: Vec<String>,
    pub tier_s: TierS,
    pub cases: Vec<Case>,
    pub outcomes: Vec<Outcome>,
    pub yente_mapped: usize,
    pub bench: pairs::NameBench,
    pub georgian: pairs::GeorgianPairs,
    pub watchman: Vec<(String, String, f64)>,
    pub naive: Option<NaiveRun>,
    pub scale: Option<scale::ScaleRun>,
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if !args.data.is_dir() {
        println!("skipped: {} not found", args.data.display());
        return Ok(());
    }
    let evaluation = evaluate(&args)?;
    let markdown = report::markdown(&evaluation);
    println!("{markdown}");
    if let Some(path) = &args.markdown {
        report::write_generated_section(path, &markdown)?;
        eprintln!("wrote the generated section of {}", path.display());
    }
    Ok(())
}

fn evaluate(args: &Args) -> Result<Evaluation> {
    let root = &args.data;
    let before = memory();
    let universe = data::load_tier_s(root)?;
    let parsed = memory();
    let started = Instant::now();
    let persons = universe.entries.len();
    let screener = Screener::new(universe.entries);
    let build_seconds = started.elapsed().as_secs_f64();
    let built = memory();
    let tier_names = screener.name_count();
    eprintln!("tier S: {persons} persons, {} names, parsed in {:.2} s, indexed in {:.2} s", screener.name_count(), universe.parse_seconds, build_seconds);

    let keep = |case: &Case| (!args.tune || case.side == Side::Dev) && !args.pairs_only;
    let corpus = corpus_forms(root, screener.entries())?;
    let mut main_cases = cases::synthetic(screener.entries(), &corpus);
    let plain = data::read_fixture_people(root, data::UN_PLAIN)?;
    let mangled = data::read_fixture_people(root, data::UN_MANGLED)?;
    let (yente_cases, yente_mapped) = cases::yente(screener.entries(), &plain, &mangled);
    main_cases.extend(yente_cases);
    if !args.tune {
        main_cases.extend(cases::putin(&data::read_lines(root, data::PUTIN)?, screener.entries()));
    }
    let negative_files = data::NEGATIVES.iter().map(|file| data::read_fixture_people(root, file)).collect::<Result<Vec<_>>>()?;
    main_cases.extend(cases::negatives(&negative_files));
    main_cases.extend(cases::common_names(&negative_files, 50));
    main_cases.retain(keep);
    let mut position = 0;
    main_cases.retain(|_| {
        position += 1;
        position % args.every == 0
    });

    let latency_sample: Vec<PersonQuery> = main_cases
        .iter()
        .filter(|case| case.set != Set::CommonNames)
        .step_by(40)
        .map(|case| case.query.clone())
        .collect();
    let tier_latency = latency(&screener, &latency_sample, 1);
    eprintln!("tier S latency over {} queries: p50 {:.0} µs, p99 {:.0} µs", tier_latency.queries, tier_latency.p50, tier_latency.p99);

    eprintln!("screening {} queries", main_cases.len());
    let mut outcomes = run::screen_all(&screener, &main_cases, args.threads);
    let (held_out_entries, mut natural_cases) = cases::natural(screener.entries());
    natural_cases.retain(keep);
    let held_out = Screener::new(held_out_entries);
    eprintln!("screening {} natural-alias queries", natural_cases.len());
    outcomes.extend(run::screen_all(&held_out, &natural_cases, args.threads));
    main_cases.extend(natural_cases);

    let naive = (!args.tune).then(|| naive_run(screener.entries(), &main_cases, args.threads));
    let bench = pairs::name_bench(&data::read_name_bench(root)?);
    let georgian = pairs::georgian_pairs(&data::read_georgian_mps(root)?, screener.entries());
    let watchman = pairs::watchman(&data::read_watchman_pairs(root)?);
    let threshold = screener.alert_threshold();
    drop(held_out);
    drop(screener);
    let scale = (args.scale > 0).then(|| {
        eprintln!("building {} generated entries", args.scale);
        scale::run(args.scale)
    });
    Ok(Evaluation {
        tune: args.tune,
        threshold,
        sources: universe.sources,
        tier_s: TierS {
            persons,
            names: tier_names,
            parse_seconds: universe.parse_seconds,
            build_seconds,
            before,
            parsed,
            built,
            latency: tier_latency,
        },
        cases: main_cases,
        outcomes,
        yente_mapped,
        bench,
        georgian,
        watchman,
        naive,
        scale,
    })
}

/// Other forms of every token of a listed primary name, from the rigour corpus (used only to
/// make "other form of the name" variants; the engine itself uses its built-in table).
fn corpus_forms(root: &std::path::Path, entries: &[ListEntry]) -> Result<CorpusForms> {
    let needed: HashSet<String> = entries.iter().filter_map(|entry| entry.names.first()).flat_map(|name| normalize_name(&name.full)).collect();
    let text = String::from_utf8(data::read(root, data::RIGOUR_PERSONS)?)?;
    Ok(CorpusForms::from_group_lines(&text, &needed))
}

/// The naive baseline on yente's UN positives (all rows, any alert) and 10,000 test-side
/// negatives, as in the research note.
fn naive_run(entries: &[ListEntry], cases: &[Case], threads: usize) -> NaiveRun {
    let index = &naive::NaiveIndex::new(entries);
    let position: std::collections::HashMap<String, usize> =
        entries.iter().enumerate().map(|(at, entry)| (data::entity_key(entry), at)).collect();
    let position = &position;
    let target_of = move |case: &Case| case.target.as_ref().and_then(|key| position.get(key).copied());
    let pick = |set: Set| cases.iter().filter(move |case| case.set == set && case.with_birth_date).collect::<Vec<_>>();
    let run = |selected: &[&Case], gate: bool| -> Vec<(f64, f64)> {
        let chunk = selected.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = selected
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(|case| index.screen(&case.query, 0.9, gate, target_of(case))).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|handle| handle.join().expect("a naive screening thread panicked")).collect()
        })
    };
    let recall = |set: Set| {
        let selected = pick(set);
        let scores = run(&selected, true);
        Proportion::of(&scores, |(best, _)| *best >= 0.9)
    };
    let negatives: Vec<&Case> = pick(Set::Negatives).into_iter().filter(|case| case.side == Side::Test).take(10_000).collect();
    let name_only = run(&negatives, false);
    let gated = run(&negatives, true);
    NaiveRun {
        un_plain: recall(Set::YentePlain),
        un_mangled: recall(Set::YenteMangled),
        negatives_name_only: Proportion::of(&name_only, |(best, _)| *best >= 0.9),
        negatives_gated: Proportion::of(&gated, |(best, _)| *best >= 0.9),
    }
}
