//! Reading the reference data: the Tier S lists and the labelled evaluation sets.
//!
//! Paths are relative to the data folder given on the command line (normally
//! `../shared/data/sanctions` from the repository root). Nothing is copied into the repository.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kyc_domain::screening::ListEntry;
use kyc_domain::screening::lists::{parse_ofac_csv, parse_un_xml};

pub type Result<T> = std::result::Result<T, Box<dyn Error>>;

pub const UN_XML: &str = "un/UN_consolidated_2026-02-27.xml";
pub const SDN_2024: &str = "ofac/sdn_history/sdn_2024-05-03.csv";
pub const SDN_2021_ALT: &str = "ofac/sdn_2021-07-07/alt.csv";
pub const SDN_2021_ADD: &str = "ofac/sdn_2021-07-07/add.csv";
pub const CONS_PRIM: &str = "ofac/non_sdn_consolidated_2025-12/cons_prim.csv";
pub const CONS_ALT: &str = "ofac/non_sdn_consolidated_2025-12/cons_alt.csv";
pub const CONS_ADD: &str = "ofac/non_sdn_consolidated_2025-12/cons_add.csv";
pub const UN_PLAIN: &str = "eval/yente_fixtures/positives_un_untreated.csv";
pub const UN_MANGLED: &str = "eval/yente_fixtures/positives_un_treated.csv";
pub const NEGATIVES: [&str; 2] = ["eval/yente_fixtures/negatives_global.csv", "eval/yente_fixtures/negatives_us.csv"];
pub const NAME_BENCH: &str = "eval/nomenklatura_name_bench/cases.csv";
pub const LOGIC_V2: &str = "eval/nomenklatura_name_bench/logicv2-frozen.csv";
pub const GEORGIAN_MPS: &str = "pep/everypolitician_georgia/names.csv";
pub const PUTIN: &str = "eval/cross_script/putin_names.txt";
pub const WATCHMAN_PAIRS: &str = "eval/cross_script/watchman_cross_script_pairs.csv";
pub const RIGOUR_PERSONS: &str = "names/rigour_persons.txt";

/// The list files of Tier S and how they were read.
pub struct Universe {
    pub entries: Vec<ListEntry>,
    pub parse_seconds: f64,
    pub sources: Vec<String>,
}

pub fn read(root: &Path, relative: &str) -> Result<Vec<u8>> {
    let path: PathBuf = root.join(relative);
    fs::read(&path).map_err(|error| format!("{}: {error}", path.display()).into())
}

/// Tier S: UN 2026-02-27, OFAC SDN 2024-05-03 (with the 2021 alias and address files, keyed by
/// the stable entity number) and the OFAC non-SDN consolidated list. Only persons are kept.
pub fn load_tier_s(root: &Path) -> Result<Universe> {
    let files = [UN_XML, SDN_2024, SDN_2021_ALT, SDN_2021_ADD, CONS_PRIM, CONS_ALT, CONS_ADD]
        .iter()
        .map(|file| read(root, file))
        .collect::<Result<Vec<_>>>()?;
    let started = Instant::now();
    let mut entries = parse_un_xml(&files[0])?;
    let un_count = entries.len();
    let sdn = parse_ofac_csv(&files[1], Some(&files[2]), Some(&files[3]))?;
    let sdn_count = sdn.len();
    entries.extend(sdn);
    let mut consolidated = parse_ofac_csv(&files[4], Some(&files[5]), Some(&files[6]))?;
    for entry in &mut consolidated {
        entry.list = "ofac-cons".to_string();
    }
    let cons_count = consolidated.len();
    entries.extend(consolidated);
    let parse_seconds = started.elapsed().as_secs_f64();
    let sources = vec![
        format!("`{UN_XML}`: {un_count} persons (UN Security Council Consolidated List, generated 2026-02-27)"),
        format!("`{SDN_2024}` with aliases and addresses from `{SDN_2021_ALT}`, `{SDN_2021_ADD}`: {sdn_count} persons (OFAC SDN 2024-05-03; aliases as of 2021-07-07)"),
        format!("`{CONS_PRIM}`, `{CONS_ALT}`, `{CONS_ADD}`: {cons_count} persons (OFAC non-SDN consolidated, about 2025-12)"),
    ];
    Ok(Universe { entries, parse_seconds, sources })
}

/// The list key that names an entity across the evaluation (and drives its split side).
pub fn entity_key(entry: &ListEntry) -> String {
    format!("{}:{}", entry.list, entry.entity_id)
}

/// One row of yente's fixtures (positives and synthetic negatives share the layout).
#[derive(Debug, Clone)]
pub struct FixturePerson {
    pub full_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub last_name: String,
    pub gender: String,
    pub birth_date: String,
    pub nationality: String,
}

pub fn read_fixture_people(root: &Path, relative: &str) -> Result<Vec<FixturePerson>> {
    let bytes = read(root, relative)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut people = Vec::new();
    for record in reader.records() {
        let record = record?;
        let field = |index: usize| record.get(index).unwrap_or_default().trim().to_string();
        people.push(FixturePerson {
            full_name: field(0),
            first_name: field(1),
            middle_name: field(2),
            last_name: field(3),
            gender: field(4),
            birth_date: field(5),
            nationality: field(7),
        });
    }
    Ok(people)
}

/// One labelled name pair of nomenklatura's name bench.
#[derive(Debug, Clone)]
pub struct BenchCase {
    pub group: String,
    pub schema: String,
    pub name1: String,
    pub name2: String,
    pub is_match: bool,
    pub quality: String,
    /// logic-v2's frozen score, when the frozen run scored this case.
    pub logic_v2: Option<f64>,
}

impl BenchCase {
    pub fn key(&self) -> String {
        format!("{}|{}|{}", self.group, self.name1, self.name2)
    }
}

pub fn read_name_bench(root: &Path) -> Result<Vec<BenchCase>> {
    let frozen = read(root, LOGIC_V2)?;
    let mut frozen_scores = std::collections::HashMap::new();
    let mut reader = csv::Reader::from_reader(frozen.as_slice());
    for record in reader.records() {
        let record = record?;
        let get = |index: usize| record.get(index).unwrap_or_default().to_string();
        // Keyed by the two names only: the frozen run files 50 company cases under another
        // group name ("synth_corp_positives") than cases.csv does ("synth_companies").
        if let Ok(score) = get(9).parse::<f64>() {
            frozen_scores.insert(format!("{}|{}", get(3), get(4)), score);
        }
    }
    let bytes = read(root, NAME_BENCH)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut cases = Vec::new();
    for record in reader.records() {
        let record = record?;
        let get = |index: usize| record.get(index).unwrap_or_default().to_string();
        let mut case = BenchCase {
            group: get(0),
            schema: get(1),
            name1: get(2),
            name2: get(3),
            is_match: get(4) == "true",
            quality: get(5),
            logic_v2: None,
        };
        case.logic_v2 = frozen_scores.get(&format!("{}|{}", case.name1, case.name2)).copied();
        cases.push(case);
    }
    Ok(cases)
}

/// `(name, person id)` rows of the Georgian MPs file.
pub fn read_georgian_mps(root: &Path) -> Result<Vec<(String, String)>> {
    let bytes = read(root, GEORGIAN_MPS)?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        rows.push((record.get(0).unwrap_or_default().to_string(), record.get(1).unwrap_or_default().to_string()));
    }
    Ok(rows)
}

pub fn read_lines(root: &Path, relative: &str) -> Result<Vec<String>> {
    let text = String::from_utf8(read(root, relative)?)?;
    Ok(text.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_string).collect())
}

/// `(query, expected Latin name)` pairs of watchman's cross-script file.
pub fn read_watchman_pairs(root: &Path) -> Result<Vec<(String, String)>> {
    Ok(read_lines(root, WATCHMAN_PAIRS)?
        .into_iter()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split(',');
            Some((fields.next()?.trim().to_string(), fields.next()?.trim().to_string()))
        })
        .collect())
}
