//! Sanctions and PEP screening: list entries, list parsers, name normalisation and matching.
//!
//! The flow is: parse list bytes into [`ListEntry`] values ([`lists`]), build a [`Screener`] once
//! (it indexes every name), then [`Screener::screen`] a [`PersonQuery`] read from an identity
//! document. Each hit is a [`ScreeningMatch`] with a 0–100 score and typed [`MatchReason`]s that
//! say why it matched.
//!
//! Conventions:
//! - Nationalities in entries are ISO 3166-1 alpha-2 codes in lower case (`"ge"`, `"ua"`); a query
//!   may give alpha-3 as in an MRZ (`"GEO"`), alpha-2 or an English country name.
//! - Birth dates are prefix dates: `"1975"`, `"1975-04"` or `"1975-04-12"`.

mod country;
mod equivalence;
mod key_index;
pub mod lists;
mod matcher;
mod normalize;
mod outcome;
mod qualifiers;
mod screener;
mod sinitic;

use serde::{Deserialize, Serialize};

pub use country::normalize_country;
pub use equivalence::NameEquivalences;
pub use matcher::{NameComparison, compare_names};
pub use outcome::{MatchKind, MatchReview, MatchStanding, PepStatus, ScreenedList, ScreeningOutcome, StoredMatch};
pub use normalize::{fold_transliteration, normalize_name, romanize};
pub use qualifiers::{BirthDateVerdict, DocumentVerdict, NationalityVerdict, SexVerdict};
pub use screener::{ScoreWeights, Screener};

/// One listed person: every name the list knows them by and the facts that tell namesakes apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ListEntry {
    /// The list's own id for the person (UN reference number, OFAC ent_num, FtM id).
    pub entity_id: String,
    /// Which list the entry came from, e.g. `"un"`, `"ofac-sdn"`, `"demo"`.
    pub list: String,
    /// Primary name first, then aliases and names in the original script.
    pub names: Vec<EntryName>,
    /// Prefix dates (`"1975"`, `"1975-04"`, `"1975-04-12"`); a listed range is expanded into years.
    pub birth_dates: Vec<String>,
    /// ISO 3166-1 alpha-2, lower case (`"ge"`). Values the parser could not place are dropped.
    pub nationalities: Vec<String>,
    pub sex: Option<Sex>,
    /// Passport and national identity numbers as listed.
    pub document_numbers: Vec<String>,
    /// Sanctions programmes or regimes, e.g. `"SDGT"`, `"UN Al-Qaida"`.
    pub programs: Vec<String>,
    /// FollowTheMoney topics: `"sanction"`, `"role.pep"`, `"role.rca"`, …
    pub topics: Vec<String>,
    /// Other countries tied to the person (addresses), alpha-2 lower case. Not used for scoring.
    #[serde(default)]
    pub countries: Vec<String>,
}

/// One name of a listed person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryName {
    /// The name as the list spells it.
    pub full: String,
    pub kind: NameKind,
    /// Given names, when the list says which part is which (OFAC "FAMILY, Given", FtM firstName).
    pub given_names: Option<String>,
    /// Family name, when the list says which part is which.
    pub family_name: Option<String>,
}

impl EntryName {
    /// A name whose parts the list does not label.
    pub fn new(full: impl Into<String>, kind: NameKind) -> Self {
        Self { full: full.into(), kind, given_names: None, family_name: None }
    }

    /// A name whose given and family parts the list labels.
    pub fn with_parts(full: impl Into<String>, kind: NameKind, given: &str, family: &str) -> Self {
        let non_empty = |part: &str| (!part.trim().is_empty()).then(|| part.trim().to_string());
        Self { full: full.into(), kind, given_names: non_empty(given), family_name: non_empty(family) }
    }
}

/// Where a name stands in the list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Primary,
    /// A strong alias (OFAC a.k.a./f.k.a., UN alias of good quality, FtM alias).
    Alias,
    /// A weak alias (UN alias of low quality, FtM weakAlias): often a single nickname.
    WeakAlias,
    /// The name in the script the list gives as original (Arabic, Cyrillic, Georgian, …).
    OriginalScript,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// What [`Sex::parse`] reads or leaves unknown-but-empty, as a JSON Schema (ECMA-262)
    /// pattern: nothing, `M`, `F`, `male`, `female`, `man` or `woman` in any case.
    pub const PATTERN: &'static str = "^ *(?:[MmFf]|[Mm][Aa][Ll][Ee]|[Ff][Ee][Mm][Aa][Ll][Ee]|[Mm][Aa][Nn]|[Ww][Oo][Mm][Aa][Nn])? *$";

    /// Reads "M"/"F" (MRZ), "male"/"female" (FtM, UN) in any case; anything else is unknown.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "m" | "male" | "man" => Some(Self::Male),
            "f" | "female" | "woman" => Some(Self::Female),
            _ => None,
        }
    }
}

/// The person to screen, as read from an identity document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PersonQuery {
    /// Given names (MRZ secondary identifier), any script.
    pub first_name: Option<String>,
    /// Family name (MRZ primary identifier), any script.
    pub last_name: Option<String>,
    /// Full names in other scripts from the document front (Georgian, Cyrillic), in any order.
    pub native_names: Vec<String>,
    /// ISO date, maybe partial (`"1971-03-14"`, `"1971"`).
    pub birth_date: Option<String>,
    /// ISO alpha-3 as in an MRZ (`"GEO"`); alpha-2 and English names are accepted too.
    pub nationality: Option<String>,
    pub sex: Option<Sex>,
    pub document_number: Option<String>,
}

/// One list entry that scored at or above the alert threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningMatch {
    pub entity_id: String,
    pub list: String,
    /// The entry's primary name.
    pub name: String,
    /// The entry name that matched best (the primary name or an alias).
    pub matched_name: String,
    /// Which query name matched it (the Latin first + last name, or a native name).
    pub query_name: String,
    /// 0–100; higher means more likely the same person.
    pub score: u8,
    pub reasons: Vec<MatchReason>,
    pub birth_dates: Vec<String>,
    pub nationalities: Vec<String>,
    pub programs: Vec<String>,
    pub topics: Vec<String>,
}

/// Why a hit matched. Serialised tagged, e.g. `{"kind":"fuzzy","query":"jon","list":"john","edits":1}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// Every name part is the same after normalisation, on the entry's primary name.
    Exact,
    /// The match is on an alias or an original-script name rather than the primary name.
    Alias { alias: String },
    /// The parts are forms of the same name across languages or scripts (Giorgi / Георгий).
    Equivalent { query: String, list: String },
    /// The parts differ only by romanisation convention (sch/sh, w/v, kh/h, q/k, y/i, doubled letters).
    Transliteration { query: String, list: String },
    /// The parts sound alike (Double Metaphone).
    Phonetic { query: String, list: String },
    /// The parts are a few typing edits apart.
    Fuzzy { query: String, list: String, edits: u8 },
    /// One side gives only the initial of the other's name part.
    Initials { query: String, list: String },
    /// Given and family names appear in swapped roles.
    OrderSwap,
    /// A name part on one side is absent on the other (a middle name or patronymic).
    MissingNamePart { part: String },
    BirthDate { verdict: BirthDateVerdict },
    Nationality { verdict: NationalityVerdict },
    Sex { verdict: SexVerdict },
    DocumentNumber { verdict: DocumentVerdict },
}

/// Entries of `new` that are absent from `old` or differ from their old version (by list and
/// entity id). Screening only these after a list update finds every new alert.
pub fn changed_entries(old: &[ListEntry], new: &[ListEntry]) -> Vec<ListEntry> {
    let previous: std::collections::HashMap<(&str, &str), &ListEntry> =
        old.iter().map(|entry| ((entry.list.as_str(), entry.entity_id.as_str()), entry)).collect();
    new.iter()
        .filter(|entry| {
            previous.get(&(entry.list.as_str(), entry.entity_id.as_str())) != Some(entry)
        })
        .cloned()
        .collect()
}
