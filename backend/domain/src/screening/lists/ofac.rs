//! OFAC legacy CSV: `sdn.csv` (or `cons_prim.csv`), `alt.csv`, `add.csv`. No header; "-0-" means
//! empty; birth date, nationality, passport and gender are inside the free-text remarks.

use std::collections::HashMap;

use csv::{ByteRecord, ReaderBuilder, Trim};

use super::dates::parse_ofac_dates;
use super::{ListParseError, decode_text, push_unique};
use crate::screening::{EntryName, ListEntry, NameKind, Sex, normalize_country};

const LIST_NAME: &str = "ofac-sdn";
const EMPTY: &str = "-0-";

/// Remark prefixes that introduce a personal document number.
const DOCUMENT_PREFIXES: &[&str] = &[
    "Passport",
    "National ID No.",
    "Identification Number",
    "Cedula No.",
    "Personal ID Card",
    "National Foreign ID Number",
];

/// Reads the individuals of an OFAC legacy CSV set. `alt` adds aliases, `add` address countries.
pub fn parse_ofac_csv(sdn: &[u8], alt: Option<&[u8]>, add: Option<&[u8]>) -> Result<Vec<ListEntry>, ListParseError> {
    let mut entries = Vec::new();
    for_each_record(sdn, "sdn.csv", 12, |fields| {
        if fields[2].eq_ignore_ascii_case("individual") {
            entries.push(entry_from_sdn_row(&fields));
        }
    })?;
    let mut position: HashMap<String, usize> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        position.insert(entry.entity_id.clone(), index);
    }
    if let Some(alt) = alt {
        for_each_record(alt, "alt.csv", 4, |fields| {
            if let Some(&index) = position.get(&fields[0]) {
                entries[index].names.push(name_from_listing(&fields[3], NameKind::Alias));
            }
        })?;
    }
    if let Some(add) = add {
        for_each_record(add, "add.csv", 5, |fields| {
            if let (Some(&index), Some(country)) = (position.get(&fields[0]), normalize_country(&fields[4])) {
                push_unique(&mut entries[index].countries, country);
            }
        })?;
    }
    Ok(entries)
}

/// Calls `handle` with the decoded fields of every record, "-0-" turned into "". Fails on a record
/// with fewer than `min_fields` fields or an empty entity number.
fn for_each_record(
    bytes: &[u8],
    file: &'static str,
    min_fields: usize,
    mut handle: impl FnMut(Vec<String>),
) -> Result<(), ListParseError> {
    let mut reader = ReaderBuilder::new().has_headers(false).flexible(true).trim(Trim::All).from_reader(bytes);
    let mut record = ByteRecord::new();
    let mut number = 0;
    loop {
        number += 1;
        let more = reader.read_byte_record(&mut record).map_err(|error| ListParseError::OfacCsv {
            file,
            record: number,
            message: error.to_string(),
        })?;
        if !more {
            return Ok(());
        }
        let fields: Vec<String> = record.iter().map(decode_field).collect();
        if is_end_of_file_marker(&fields) {
            continue;
        }
        if fields.len() < min_fields || fields[0].is_empty() {
            return Err(ListParseError::OfacCsv {
                file,
                record: number,
                message: format!("expected at least {min_fields} fields with an entity number, found {}", fields.len()),
            });
        }
        handle(fields);
    }
}

fn decode_field(bytes: &[u8]) -> String {
    let text = decode_text(bytes);
    let text = text.trim();
    if text == EMPTY { String::new() } else { text.to_string() }
}

/// Old OFAC files end with a DOS end-of-file byte on a line of its own.
fn is_end_of_file_marker(fields: &[String]) -> bool {
    fields.iter().all(|field| field.is_empty() || field == "\u{1a}")
}

fn entry_from_sdn_row(fields: &[String]) -> ListEntry {
    let mut entry = ListEntry {
        entity_id: fields[0].clone(),
        list: LIST_NAME.to_string(),
        names: vec![name_from_listing(&fields[1], NameKind::Primary)],
        programs: fields[3].split("] [").map(|program| program.trim_matches(['[', ']', ' ']).to_string()).filter(|program| !program.is_empty()).collect(),
        topics: vec!["sanction".to_string()],
        ..ListEntry::default()
    };
    apply_remarks(&mut entry, &fields[11]);
    entry
}

/// OFAC writes persons as "FAMILY, Given Names".
fn name_from_listing(listed: &str, kind: NameKind) -> EntryName {
    match listed.split_once(',') {
        Some((family, given)) => EntryName::with_parts(listed, kind, given, family),
        None => EntryName::new(listed, kind),
    }
}

/// Reads the "; "-separated remarks: "DOB 10 Dec 1948; nationality Iran; Passport A123 (Iran); Gender Male".
fn apply_remarks(entry: &mut ListEntry, remarks: &str) {
    for remark in remarks.split(';').map(|remark| remark.trim().trim_end_matches('.')) {
        if let Some(dates) = remark.strip_prefix("DOB ") {
            for date in parse_ofac_dates(dates) {
                push_unique(&mut entry.birth_dates, date);
            }
        } else if let Some(country) = remark.strip_prefix("nationality ").or_else(|| remark.strip_prefix("citizen ")) {
            if let Some(code) = normalize_country(country) {
                push_unique(&mut entry.nationalities, code);
            }
        } else if let Some(gender) = remark.strip_prefix("Gender ") {
            entry.sex = entry.sex.or(Sex::parse(gender));
        } else if let Some(number) = document_number(remark) {
            push_unique(&mut entry.document_numbers, number);
        }
    }
}

/// "Passport A1234567 (Iran) expires 2020" -> "A1234567".
fn document_number(remark: &str) -> Option<String> {
    let rest = DOCUMENT_PREFIXES.iter().find_map(|prefix| remark.strip_prefix(prefix))?;
    let number = rest.split('(').next()?.trim();
    (!number.is_empty() && number.chars().any(|c| c.is_ascii_digit())).then(|| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remarks_give_birth_dates_nationality_documents_and_sex() {
        let mut entry = ListEntry::default();
        apply_remarks(&mut entry, "DOB 10 Dec 1948; POB Baghdad; nationality Iraq; Passport A1234567 (Iraq) expires 2020; Gender Male.");
        assert_eq!(entry.birth_dates, ["1948-12-10"]);
        assert_eq!(entry.nationalities, ["iq"]);
        assert_eq!(entry.document_numbers, ["A1234567"]);
        assert_eq!(entry.sex, Some(Sex::Male));
    }

    #[test]
    fn a_short_record_is_an_error_that_names_file_and_record() {
        let error = parse_ofac_csv(b"1,\"DOE, John\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0-\n2,\"X\"\n", None, None)
            .expect_err("the second record is short");
        assert_eq!(
            error,
            ListParseError::OfacCsv { file: "sdn.csv", record: 2, message: "expected at least 12 fields with an entity number, found 2".to_string() }
        );
    }
}
