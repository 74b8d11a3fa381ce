//! Parsers from list bytes to [`ListEntry`] values. Pure: the caller reads the files.
//!
//! Only persons are kept (OFAC type "individual", UN `INDIVIDUAL`, FtM `Person`): the screener
//! screens people. Malformed bytes give a [`ListParseError`] that says what and where; no parser
//! panics on any input.

mod dates;
mod ftm;
mod ofac;
mod un;

pub use ftm::parse_ftm_jsonl;
pub use ofac::parse_ofac_csv;
pub use un::parse_un_xml;

#[allow(unused_imports)]
use super::ListEntry;

/// Why list bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListParseError {
    #[error("ofac {file} record {record}: {message}")]
    OfacCsv { file: &'static str, record: u64, message: String },
    #[error("un xml at {position}: {message}")]
    UnXml { position: String, message: String },
    #[error("ftm json line {line}: {message}")]
    FtmJson { line: usize, message: String },
}

/// Bytes as text: UTF-8 when valid, otherwise read as Latin-1 (older OFAC files).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

/// Appends a value unless it is already there.
pub(crate) fn push_unique(values: &mut Vec<String>, value: String) {
    if !value.is_empty() && !values.contains(&value) {
        values.push(value);
    }
}

/// True when a name contains letters outside the Latin script (Arabic, Cyrillic, Georgian, …).
pub(crate) fn is_non_latin(name: &str) -> bool {
    name.chars().any(|c| c.is_alphabetic() && c as u32 > 0x024F && !('\u{1E00}'..='\u{1EFF}').contains(&c))
}
