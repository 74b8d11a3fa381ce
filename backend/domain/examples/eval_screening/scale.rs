//! The PEP-tier scale measurement: generated entries, index build time, resident memory and
//! per-query latency (the criterion bench `screening` measures the same index).

use std::time::Instant;

use kyc_domain::screening::{PersonQuery, Screener};

use crate::resources::{Latency, Memory, latency, memory};
use crate::synthetic::{self, SplitMix};

pub struct ScaleRun {
    pub entries: usize,
    pub names: usize,
    pub generate_seconds: f64,
    pub build_seconds: f64,
    pub before: Memory,
    pub generated: Memory,
    pub built: Memory,
    pub latency: Latency,
}

/// Seeds of the generated list and of the outsiders; the bench uses the same.
pub const LIST_SEED: u64 = 7;
pub const QUERY_SEED: u64 = 11;

/// Half listed persons (half of them with a typing slip), half outsiders.
pub fn query_mix(screener: &Screener, count: usize) -> Vec<PersonQuery> {
    let mut rng = SplitMix(QUERY_SEED);
    let entries = screener.entries();
    (0..count)
        .map(|index| {
            if index % 2 == 0 {
                let entry = &entries[rng.below(entries.len())];
                synthetic::listed_with_slip(entry, &mut rng)
            } else {
                synthetic::outsider(&mut rng)
            }
        })
        .collect()
}

pub fn run(count: usize) -> ScaleRun {
    let before = memory();
    let started = Instant::now();
    let entries = synthetic::entries(count, LIST_SEED);
    let generate_seconds = started.elapsed().as_secs_f64();
    let generated = memory();
    let started = Instant::now();
    let screener = Screener::new(entries);
    let build_seconds = started.elapsed().as_secs_f64();
    let built = memory();
    let queries = query_mix(&screener, 2_000);
    ScaleRun {
        entries: count,
        names: screener.name_count(),
        generate_seconds,
        build_seconds,
        before,
        generated,
        built,
        latency: latency(&screener, &queries, 1),
    }
}
