//! FollowTheMoney JSON lines (OpenSanctions exports): one entity per line,
//! `{"id", "schema", "properties": {prop: [values]}}`. Delta lines `{"op", "entity"}` are read too
//! (deletions skipped). `Sanction` entities lend their programme to the person they target.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{ListParseError, is_non_latin, push_unique};
use crate::screening::{EntryName, ListEntry, NameKind, Sex, normalize_country};

/// Reads the persons of an FtM JSON-lines export and tags them with `list_name`.
pub fn parse_ftm_jsonl(jsonl: &[u8], list_name: &str) -> Result<Vec<ListEntry>, ListParseError> {
    let mut entries = Vec::new();
    let mut programs_by_target: HashMap<String, Vec<String>> = HashMap::new();
    for (index, line) in jsonl.split(|&byte| byte == b'\n').enumerate() {
        let line_number = index + 1;
        let error = |message: String| ListParseError::FtmJson { line: line_number, message };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let value: Value = serde_json::from_slice(line).map_err(|json_error| error(json_error.to_string()))?;
        let Some(entity) = entity_of(&value).map_err(error)? else { continue };
        let id = entity.get("id").and_then(Value::as_str).filter(|id| !id.is_empty());
        let id = id.ok_or_else(|| error("entity without an \"id\"".to_string()))?;
        let properties = match entity.get("properties") {
            None => &Map::new(),
            Some(Value::Object(properties)) => properties,
            Some(_) => return Err(error(format!("entity {id}: \"properties\" is not an object"))),
        };
        match entity.get("schema").and_then(Value::as_str) {
            Some("Person") => entries.push(person_entry(id, list_name, properties)),
            Some("Sanction") => collect_programs(properties, &mut programs_by_target),
            _ => {}
        }
    }
    for entry in &mut entries {
        for program in programs_by_target.remove(&entry.entity_id).unwrap_or_default() {
            push_unique(&mut entry.programs, program);
        }
    }
    Ok(entries)
}

/// The entity of a line: the line itself, or the `entity` of an ADD/MOD delta; `None` for a DEL.
fn entity_of(value: &Value) -> Result<Option<&Map<String, Value>>, String> {
    let object = value.as_object().ok_or("a line is not a JSON object")?;
    match object.get("op").and_then(Value::as_str) {
        None => Ok(Some(object)),
        Some("DEL") => Ok(None),
        Some(_) => object.get("entity").and_then(Value::as_object).map(Some).ok_or_else(|| "delta without an \"entity\" object".to_string()),
    }
}

fn person_entry(id: &str, list_name: &str, properties: &Map<String, Value>) -> ListEntry {
    let strings = |property: &str| property_values(properties, property);
    let mut entry = ListEntry {
        entity_id: id.to_string(),
        list: list_name.to_string(),
        names: names_of(properties),
        birth_dates: strings("birthDate").into_iter().map(|date| date.chars().take(10).collect()).collect(),
        sex: strings("gender").first().and_then(|gender| Sex::parse(gender)),
        topics: strings("topics"),
        programs: strings("program"),
        ..ListEntry::default()
    };
    for country in strings("nationality").into_iter().chain(strings("citizenship")) {
        if let Some(code) = normalize_country(&country) {
            push_unique(&mut entry.nationalities, code);
        }
    }
    for number in strings("passportNumber").into_iter().chain(strings("idNumber")) {
        push_unique(&mut entry.document_numbers, number);
    }
    for country in strings("country") {
        if let Some(code) = normalize_country(&country) {
            push_unique(&mut entry.countries, code);
        }
    }
    entry
}

/// `name` values first (the first one primary, other scripts as original-script names), then
/// `alias`, `previousName` and `weakAlias`. The first name gets the given/family parts when the
/// entity labels them.
fn names_of(properties: &Map<String, Value>) -> Vec<EntryName> {
    let mut names: Vec<EntryName> = Vec::new();
    for (index, name) in property_values(properties, "name").into_iter().enumerate() {
        let kind = match index {
            0 => NameKind::Primary,
            _ if is_non_latin(&name) => NameKind::OriginalScript,
            _ => NameKind::Alias,
        };
        names.push(EntryName::new(name, kind));
    }
    let given = property_values(properties, "firstName").join(" ");
    let family = property_values(properties, "lastName").join(" ");
    if let Some(primary) = names.first_mut().filter(|_| !given.is_empty() && !family.is_empty()) {
        *primary = EntryName::with_parts(primary.full.clone(), NameKind::Primary, &given, &family);
    }
    for (property, kind) in [("alias", NameKind::Alias), ("previousName", NameKind::Alias), ("weakAlias", NameKind::WeakAlias)] {
        for name in property_values(properties, property) {
            let kind = if kind == NameKind::Alias && is_non_latin(&name) { NameKind::OriginalScript } else { kind };
            names.push(EntryName::new(name, kind));
        }
    }
    names.dedup_by(|later, earlier| later.full == earlier.full);
    names
}

fn collect_programs(properties: &Map<String, Value>, programs_by_target: &mut HashMap<String, Vec<String>>) {
    let programs: Vec<String> = property_values(properties, "program")
        .into_iter()
        .chain(property_values(properties, "programId"))
        .collect();
    for target in property_values(properties, "entity") {
        let target_programs = programs_by_target.entry(target).or_default();
        for program in &programs {
            push_unique(target_programs, program.clone());
        }
    }
}

/// The non-empty string values of a multi-valued property (a lone string is accepted too).
fn property_values(properties: &Map<String, Value>, property: &str) -> Vec<String> {
    let values = match properties.get(property) {
        Some(Value::Array(values)) => values.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(value)) => vec![value.as_str()],
        _ => Vec::new(),
    };
    values.into_iter().map(str::trim).filter(|value| !value.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_not_json_is_an_error_with_its_line_number() {
        let error = parse_ftm_jsonl(b"{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A B\"]}}\n{oops\n", "demo")
            .expect_err("second line is broken");
        assert!(matches!(error, ListParseError::FtmJson { line: 2, .. }), "{error}");
    }

    #[test]
    fn deltas_add_persons_and_skip_deletions() {
        let jsonl = br#"{"op":"ADD","entity":{"id":"p1","schema":"Person","properties":{"name":["Ana Bakradze"]}}}
{"op":"DEL","entity":{"id":"p2"}}"#;
        let entries = parse_ftm_jsonl(jsonl, "demo").expect("valid deltas");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].names[0].full, "Ana Bakradze");
    }
}
