//! Screening many queries and keeping what the metrics need: the score of the expected entity
//! and the scores of every hit, so any threshold can be applied afterwards.

use std::time::Instant;

use kyc_domain::screening::{PersonQuery, Screener};

use crate::split::Side;
use crate::variants::Class;

/// Hits below this score are not kept; every threshold looked at is above it.
pub const FLOOR: u8 = 30;

/// Which evaluation set a query belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Set {
    Synthetic(Class),
    AliasGood,
    AliasWeak,
    OriginalScript,
    YentePlain,
    YenteMangled,
    Putin,
    NearMissOtherGiven,
    NearMissFarBirthDate,
    Negatives,
    CommonNames,
}

impl Set {
    pub fn label(self) -> String {
        match self {
            Set::Synthetic(class) => class.label().to_string(),
            Set::AliasGood => "real alias as query (OFAC a.k.a., UN good quality)".to_string(),
            Set::AliasWeak => "real alias as query (UN low quality)".to_string(),
            Set::OriginalScript => "UN original-script name against the Latin listing".to_string(),
            Set::YentePlain => "yente UN positives, plain".to_string(),
            Set::YenteMangled => "yente UN positives, mangled".to_string(),
            Set::Putin => "Putin aliases (`putin_names.txt`, about 15 scripts)".to_string(),
            Set::NearMissOtherGiven => "near miss: same family name, other given name".to_string(),
            Set::NearMissFarBirthDate => "near miss: same name, birth date 3+ years away, other nationality".to_string(),
            Set::Negatives => "yente synthetic negatives".to_string(),
            Set::CommonNames => "common-name stress (frequent given × family names, no birth date)".to_string(),
        }
    }

    /// Near misses and negatives count alerts as errors; the other sets count them as finds.
    pub fn is_negative(self) -> bool {
        matches!(self, Set::NearMissOtherGiven | Set::NearMissFarBirthDate | Set::Negatives | Set::CommonNames)
    }
}

/// One query of the evaluation.
#[derive(Debug, Clone)]
pub struct Case {
    pub set: Set,
    pub side: Side,
    pub with_birth_date: bool,
    pub query: PersonQuery,
    /// The entity the query is about (`list:id`); alerts on it are finds (or, for near misses,
    /// the false alerts that matter).
    pub target: Option<String>,
}

/// What screening one case gave.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Score of the target entity, if it was a hit at all.
    pub target: Option<u8>,
    /// The target has the best score (ties included).
    pub target_on_top: bool,
    /// Every hit at or above [`FLOOR`], best first, as (score, entity key, matched name).
    pub hits: Vec<(u8, String, String)>,
    pub micros: f64,
}

impl Outcome {
    pub fn top(&self) -> u8 {
        self.hits.first().map_or(0, |hit| hit.0)
    }

    /// For positives: the target alerts. For negatives: anything alerts (near misses: the target).
    pub fn alerts(&self, set: Set, threshold: u8) -> bool {
        match set {
            Set::Negatives | Set::CommonNames => self.top() >= threshold,
            _ => self.target.is_some_and(|score| score >= threshold),
        }
    }
}

pub fn screen_one(screener: &Screener, case: &Case) -> Outcome {
    let started = Instant::now();
    let found = screener.screen_with_min_score(&case.query, FLOOR);
    let micros = started.elapsed().as_secs_f64() * 1e6;
    let hits: Vec<(u8, String, String)> =
        found.into_iter().map(|hit| (hit.score, format!("{}:{}", hit.list, hit.entity_id), hit.matched_name)).collect();
    let target = case.target.as_ref().and_then(|key| hits.iter().find(|hit| &hit.1 == key).map(|hit| hit.0));
    let top = hits.first().map_or(0, |hit| hit.0);
    Outcome { target, target_on_top: target.is_some_and(|score| score == top), hits, micros }
}

/// Screens every case, split over `threads` threads (results in case order).
pub fn screen_all(screener: &Screener, cases: &[Case], threads: usize) -> Vec<Outcome> {
    let chunk = cases.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|case| screen_one(screener, case)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|handle| handle.join().expect("a screening thread panicked")).collect()
    })
}
