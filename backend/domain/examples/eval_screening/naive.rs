//! The naive baseline of the research note, re-run on the same queries: names romanised with
//! `any_ascii`, lower case, tokens sorted, compared whole with Jaro-Winkler; optionally a
//! birth-year gate (a candidate is ignored when both sides give years and none is within one).

use kyc_domain::screening::{ListEntry, PersonQuery};
use rapidfuzz::distance::jaro_winkler;

/// The comparable form: romanised, lower case, alphanumeric tokens sorted.
pub fn key(name: &str) -> String {
    let romanised = any_ascii::any_ascii(name).to_lowercase();
    let mut tokens: Vec<&str> = romanised.split(|c: char| !c.is_ascii_alphanumeric()).filter(|token| !token.is_empty()).collect();
    tokens.sort_unstable();
    tokens.join(" ")
}

pub fn similarity(left: &str, right: &str) -> f64 {
    jaro_winkler::normalized_similarity(left.chars(), right.chars())
}

/// Every list name as a naive key, with its entity's birth years.
pub struct NaiveIndex {
    names: Vec<(String, usize)>,
    years: Vec<Vec<i32>>,
}

impl NaiveIndex {
    pub fn new(entries: &[ListEntry]) -> Self {
        let names = entries.iter().enumerate().flat_map(|(index, entry)| entry.names.iter().map(move |name| (key(&name.full), index))).collect();
        let years = entries.iter().map(|entry| entry.birth_dates.iter().filter_map(|date| date.get(..4)?.parse().ok()).collect()).collect();
        Self { names, years }
    }

    /// The best score per query over all names at or above `cutoff`: (score, entity index) of the
    /// best and of the `target` entity, brute force.
    pub fn screen(&self, query: &PersonQuery, cutoff: f64, birth_gate: bool, target: Option<usize>) -> (f64, f64) {
        let name = query_name(query);
        let query_year: Option<i32> = query.birth_date.as_deref().and_then(|date| date.get(..4)?.parse().ok());
        let comparator = jaro_winkler::BatchComparator::new(name.chars());
        let args = jaro_winkler::Args::default().score_cutoff(cutoff);
        let (mut best, mut best_target) = (0.0_f64, 0.0_f64);
        for (list_name, entity) in &self.names {
            let Some(score) = comparator.normalized_similarity_with_args(list_name.chars(), &args) else { continue };
            if birth_gate && self.gated(query_year, *entity) {
                continue;
            }
            best = best.max(score);
            if Some(*entity) == target {
                best_target = best_target.max(score);
            }
        }
        (best, best_target)
    }

    fn gated(&self, query_year: Option<i32>, entity: usize) -> bool {
        let listed = &self.years[entity];
        match query_year {
            Some(year) if !listed.is_empty() => listed.iter().all(|listed| (listed - year).abs() > 1),
            _ => false,
        }
    }
}

fn query_name(query: &PersonQuery) -> String {
    let latin = [query.first_name.as_deref(), query.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let name = if latin.trim().is_empty() { query.native_names.first().cloned().unwrap_or_default() } else { latin };
    key(&name)
}
