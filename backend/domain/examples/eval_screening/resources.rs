//! Resident memory from `/proc/self/status` (Linux), and latency percentiles.

use std::time::Instant;

use kyc_domain::screening::{PersonQuery, Screener};

use crate::stats::percentile;

/// Resident set size now and at its peak, in MiB (0 where `/proc` is not available).
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_mib: f64,
    pub peak_mib: f64,
}

pub fn memory() -> Memory {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    Memory { rss_mib: field("VmRSS:"), peak_mib: field("VmHWM:") }
}

/// Per-query latency percentiles on one thread, in microseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Latency {
    pub queries: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// Screens each query `rounds` times on this thread (after one warm-up pass) and takes the
/// percentiles over every timed screening.
pub fn latency(screener: &Screener, queries: &[PersonQuery], rounds: usize) -> Latency {
    for query in queries {
        std::hint::black_box(screener.screen(query));
    }
    let mut micros = Vec::with_capacity(queries.len() * rounds);
    let mut slowest: Vec<(f64, &PersonQuery)> = Vec::new();
    for _ in 0..rounds {
        for query in queries {
            let started = Instant::now();
            std::hint::black_box(screener.screen(query));
            let elapsed = started.elapsed().as_secs_f64() * 1e6;
            micros.push(elapsed);
            slowest.push((elapsed, query));
        }
    }
    slowest.sort_by(|left, right| right.0.total_cmp(&left.0));
    for (elapsed, query) in slowest.iter().take(8) {
        eprintln!("slow: {elapsed:.0} µs {:?} {:?} {:?}", query.first_name, query.last_name, query.native_names);
    }
    micros.sort_by(f64::total_cmp);
    Latency {
        queries: micros.len(),
        p50: percentile(&micros, 50.0),
        p95: percentile(&micros, 95.0),
        p99: percentile(&micros, 99.0),
        max: micros.last().copied().unwrap_or(0.0),
    }
}
