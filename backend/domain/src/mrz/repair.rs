//! Check-digit-guided repair (work in progress).
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairBasis {
    CharacterClass,
    CheckDigit,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharChange {
    pub line: usize,
    pub position: usize,
    pub from: char,
    pub to: char,
    pub basis: RepairBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzRepair {
    pub lines: Vec<String>,
    pub changes: Vec<CharChange>,
}

pub fn repair(_lines: &[&str], _today: NaiveDate) -> Option<MrzRepair> {
    None
}
