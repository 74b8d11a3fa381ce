//! Name-pair measurements: nomenklatura's labelled name bench, the Georgian MPs' same-person
//! variant pairs and watchman's cross-script pairs.

use std::collections::{HashMap, HashSet};

use kyc_domain::screening::{EntryName, ListEntry, NameEquivalences, NameKind, PersonQuery, Screener, compare_names};

use crate::data::BenchCase;
use crate::naive;
use crate::run::FLOOR;
use crate::split::{Side, side_of};
use crate::stats::{Confusion, Proportion, best_f1_threshold};

/// The name bench, split by case: the threshold is chosen on dev, figures are read on test.
pub struct NameBench {
    pub threshold: f64,
    pub dev: Confusion,
    pub test: Confusion,
    pub test_person: Confusion,
    pub test_strong: Confusion,
    /// Test cases with no copy on the dev side (the same two names, in either order, under
    /// another case group): the bench holds such copies, and a rule written for the dev copy
    /// also fixes the test one.
    pub test_without_dev_copies: Confusion,
    pub logic_v2_test_without_dev_copies: Confusion,
    pub test_cases_copied_on_dev: usize,
    pub dev_person: Confusion,
    pub dev_strong: Confusion,
    pub all: Confusion,
    pub all_person: Confusion,
    pub all_strong: Confusion,
    /// logic-v2's frozen scores at its own 0.7 on the same cases (the ones it scored).
    pub logic_v2_dev: Confusion,
    pub logic_v2_test: Confusion,
    pub logic_v2_test_person: Confusion,
    pub logic_v2_all: Confusion,
    pub logic_v2_all_person: Confusion,
    pub logic_v2_all_strong: Confusion,
    /// Naive token-sorted Jaro-Winkler, threshold chosen on dev.
    pub naive_threshold: f64,
    pub naive_test: Confusion,
    /// How many test cases we get wrong. Which ones is not shown anywhere: a list of test errors
    /// read while changing the engine would turn the test side into a second dev side.
    pub test_errors: usize,
    /// Dev cases we get wrong (shown while tuning and in the report).
    pub dev_errors: Vec<(String, String, bool, f64)>,
}

const LOGIC_V2_THRESHOLD: f64 = 0.7;

/// A bench case with its side, our quality and the naive similarity.
type ScoredCase<'a> = (Side, &'a BenchCase, f64, f64);
/// Which score of a scored case to read (none when that matcher did not score it).
type ScoreOf<'a> = dyn Fn(&ScoredCase<'a>) -> Option<f64> + 'a;

/// (score, label) of the cases on `side` (all when `None`) that pass `filter`.
fn pick_scores<'a>(scored: &[ScoredCase<'a>], side: Option<Side>, filter: &dyn Fn(&BenchCase) -> bool, score: &ScoreOf<'a>) -> Vec<(f64, bool)> {
    scored
        .iter()
        .filter(|item| side.is_none_or(|side| item.0 == side) && filter(item.1))
        .filter_map(|item| score(item).map(|value| (value, item.1.is_match)))
        .collect()
}

pub fn name_bench(cases: &[BenchCase]) -> NameBench {
    let equivalences = NameEquivalences::built_in();
    let scored: Vec<ScoredCase<'_>> = cases
        .iter()
        .map(|case| {
            let ours = compare_names(&case.name1, &case.name2, &equivalences).quality;
            let naive = naive::similarity(&naive::key(&case.name1), &naive::key(&case.name2));
            (side_of(&format!("bench:{}", case.key())), case, ours, naive)
        })
        .collect();
    let any = |_: &BenchCase| true;
    let person = |case: &BenchCase| case.schema == "Person";
    let strong = |case: &BenchCase| case.quality == "STRONG";
    let ours = |item: &ScoredCase<'_>| Some(item.2);
    let naive_score = |item: &ScoredCase<'_>| Some(item.3);
    let logic_v2 = |item: &ScoredCase<'_>| item.1.logic_v2;
    let grid = || (30..=99).map(|step| f64::from(step) / 100.0);

    let (threshold, dev) = best_f1_threshold(&pick_scores(&scored, Some(Side::Dev), &any, &ours), grid());
    let (naive_threshold, _) = best_f1_threshold(&pick_scores(&scored, Some(Side::Dev), &any, &naive_score), grid());
    let errors = |side: Side| {
        scored
            .iter()
            .filter(|item| item.0 == side && (item.2 >= threshold) != item.1.is_match)
            .map(|item| (item.1.name1.clone(), item.1.name2.clone(), item.1.is_match, item.2))
            .collect::<Vec<_>>()
    };
    let (test_errors, dev_errors) = (errors(Side::Test).len(), errors(Side::Dev));
    let dev_pairs: HashSet<[String; 2]> = scored.iter().filter(|item| item.0 == Side::Dev).map(|item| unordered_names(item.1)).collect();
    let no_dev_copy = |case: &BenchCase| !dev_pairs.contains(&unordered_names(case));
    let test_cases_copied_on_dev = scored.iter().filter(|item| item.0 == Side::Test && !no_dev_copy(item.1)).count();
    NameBench {
        threshold,
        dev,
        test: Confusion::at(&pick_scores(&scored, Some(Side::Test), &any, &ours), threshold),
        test_person: Confusion::at(&pick_scores(&scored, Some(Side::Test), &person, &ours), threshold),
        test_strong: Confusion::at(&pick_scores(&scored, Some(Side::Test), &strong, &ours), threshold),
        test_without_dev_copies: Confusion::at(&pick_scores(&scored, Some(Side::Test), &no_dev_copy, &ours), threshold),
        logic_v2_test_without_dev_copies: Confusion::at(&pick_scores(&scored, Some(Side::Test), &no_dev_copy, &logic_v2), LOGIC_V2_THRESHOLD),
        test_cases_copied_on_dev,
        dev_person: Confusion::at(&pick_scores(&scored, Some(Side::Dev), &person, &ours), threshold),
        dev_strong: Confusion::at(&pick_scores(&scored, Some(Side::Dev), &strong, &ours), threshold),
        all: Confusion::at(&pick_scores(&scored, None, &any, &ours), threshold),
        all_person: Confusion::at(&pick_scores(&scored, None, &person, &ours), threshold),
        all_strong: Confusion::at(&pick_scores(&scored, None, &strong, &ours), threshold),
        logic_v2_dev: Confusion::at(&pick_scores(&scored, Some(Side::Dev), &any, &logic_v2), LOGIC_V2_THRESHOLD),
        logic_v2_test: Confusion::at(&pick_scores(&scored, Some(Side::Test), &any, &logic_v2), LOGIC_V2_THRESHOLD),
        logic_v2_test_person: Confusion::at(&pick_scores(&scored, Some(Side::Test), &person, &logic_v2), LOGIC_V2_THRESHOLD),
        logic_v2_all: Confusion::at(&pick_scores(&scored, None, &any, &logic_v2), LOGIC_V2_THRESHOLD),
        logic_v2_all_person: Confusion::at(&pick_scores(&scored, None, &person, &logic_v2), LOGIC_V2_THRESHOLD),
        logic_v2_all_strong: Confusion::at(&pick_scores(&scored, None, &strong, &logic_v2), LOGIC_V2_THRESHOLD),
        naive_threshold,
        naive_test: Confusion::at(&pick_scores(&scored, Some(Side::Test), &any, &naive_score), naive_threshold),
        test_errors,
        dev_errors,
    }
}

/// A case's two names, trimmed, lower-cased and sorted: equal for copies of a case.
fn unordered_names(case: &BenchCase) -> [String; 2] {
    let mut names = [case.name1.trim().to_lowercase(), case.name2.trim().to_lowercase()];
    names.sort();
    names
}

/// True for names written only in Latin, Cyrillic or Georgian letters (the research note's
/// subset of the Georgian MPs file).
fn is_latin_cyrillic_or_georgian(name: &str) -> bool {
    name.chars().filter(|c| c.is_alphabetic()).all(|c| {
        let code = c as u32;
        code <= 0x024F || (0x1E00..=0x1EFF).contains(&code) || (0x0400..=0x04FF).contains(&code) || (0x10A0..=0x10FF).contains(&code) || (0x1C90..=0x1CBF).contains(&code)
    })
}

/// The Georgian MP pairs: every name is a PEP list entry of its own; every name is screened
/// against them all at the alert threshold. A pair is flagged when screening either name
/// alerts on the other.
pub struct GeorgianPairs {
    pub names: usize,
    pub same_person: Vec<(usize, usize, Side, u8)>,
    pub different_person: Vec<(usize, usize, bool, u8)>,
    pub texts: Vec<String>,
    pub naive_same: Vec<f64>,
    pub naive_different: Vec<f64>,
}

impl GeorgianPairs {
    pub fn recall(&self, side: Option<Side>, threshold: u8) -> Proportion {
        let pairs: Vec<_> = self.same_person.iter().filter(|pair| side.is_none_or(|side| pair.2 == side)).collect();
        Proportion::of(&pairs, |pair| pair.3 >= threshold)
    }

    /// False pairs at the threshold; `dev_only` keeps pairs whose two persons are both dev.
    pub fn false_pairs(&self, dev_only: bool, threshold: u8) -> usize {
        self.different_person.iter().filter(|pair| (!dev_only || pair.2) && pair.3 >= threshold).count()
    }

    pub fn naive_recall(&self, threshold: f64) -> Proportion {
        Proportion::of(&self.naive_same, |score| *score >= threshold)
    }

    pub fn naive_false_pairs(&self, threshold: f64) -> usize {
        self.naive_different.iter().filter(|score| **score >= threshold).count()
    }
}

/// The Georgian names are indexed together with the Tier S lists (a PEP tier), so token rarity
/// comes from a realistic universe rather than from 318 names where one person's eleven
/// spellings make "Leri" look common.
pub fn georgian_pairs(rows: &[(String, String)], universe: &[ListEntry]) -> GeorgianPairs {
    let rows: Vec<&(String, String)> = rows.iter().filter(|(name, _)| is_latin_cyrillic_or_georgian(name)).collect();
    let mut entries: Vec<ListEntry> = rows
        .iter()
        .enumerate()
        .map(|(index, (name, _))| ListEntry {
            entity_id: index.to_string(),
            list: "ge-mp".to_string(),
            names: vec![EntryName::new(name.clone(), NameKind::Primary)],
            topics: vec!["role.pep".to_string()],
            ..ListEntry::default()
        })
        .collect();
    entries.extend(universe.iter().cloned());
    let screener = Screener::new(entries);
    let mut pair_scores: HashMap<(usize, usize), u8> = HashMap::new();
    for (index, (name, _)) in rows.iter().enumerate() {
        let query = PersonQuery { native_names: vec![name.clone()], ..PersonQuery::default() };
        for hit in screener.screen_with_min_score(&query, FLOOR).into_iter().filter(|hit| hit.list == "ge-mp") {
            let Ok(other) = hit.entity_id.parse::<usize>() else { continue };
            if other != index {
                let slot = pair_scores.entry((index.min(other), index.max(other))).or_default();
                *slot = (*slot).max(hit.score);
            }
        }
    }
    let keys: Vec<String> = rows.iter().map(|(name, _)| naive::key(name)).collect();
    let mut result = GeorgianPairs {
        names: rows.len(),
        same_person: Vec::new(),
        different_person: Vec::new(),
        texts: rows.iter().map(|(name, _)| name.clone()).collect(),
        naive_same: Vec::new(),
        naive_different: Vec::new(),
    };
    for left in 0..rows.len() {
        for right in left + 1..rows.len() {
            let score = pair_scores.get(&(left, right)).copied().unwrap_or(0);
            let naive = naive::similarity(&keys[left], &keys[right]);
            let (left_person, right_person) = (&rows[left].1, &rows[right].1);
            let side = |person: &str| side_of(&format!("ge:{person}"));
            if left_person == right_person {
                result.same_person.push((left, right, side(left_person), score));
                result.naive_same.push(naive);
            } else {
                let both_dev = side(left_person) == Side::Dev && side(right_person) == Side::Dev;
                result.different_person.push((left, right, both_dev, score));
                result.naive_different.push(naive);
            }
        }
    }
    result
}

/// watchman's cross-script pairs: the name quality of query against expected name.
pub fn watchman(pairs: &[(String, String)]) -> Vec<(String, String, f64)> {
    let equivalences = NameEquivalences::built_in();
    pairs.iter().map(|(query, expected)| (query.clone(), expected.clone(), compare_names(query, expected, &equivalences).quality)).collect()
}
