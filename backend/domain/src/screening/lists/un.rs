//! The UN Security Council Consolidated List XML (`CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL`).

use roxmltree::{Document, Node};

use super::dates::year_range;
use super::{ListParseError, decode_text, push_unique};
use crate::screening::{EntryName, ListEntry, NameKind, Sex, normalize_country};

const LIST_NAME: &str = "un";
const NAME_PARTS: [&str; 4] = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];

/// Reads the individuals of the UN consolidated list.
pub fn parse_un_xml(xml: &[u8]) -> Result<Vec<ListEntry>, ListParseError> {
    let text = decode_text(xml);
    let document = Document::parse(&text).map_err(|error| ListParseError::UnXml {
        position: error.pos().to_string(),
        message: error.to_string(),
    })?;
    let root = document.root_element();
    if !root.has_tag_name("CONSOLIDATED_LIST") {
        return Err(ListParseError::UnXml {
            position: position_of(&document, root),
            message: format!("expected the root element CONSOLIDATED_LIST, found {}", root.tag_name().name()),
        });
    }
    root.descendants()
        .filter(|node| node.has_tag_name("INDIVIDUAL"))
        .map(|individual| entry_from_individual(&document, individual))
        .collect()
}

fn entry_from_individual(document: &Document<'_>, individual: Node<'_, '_>) -> Result<ListEntry, ListParseError> {
    let entity_id = child_text(individual, "REFERENCE_NUMBER")
        .or_else(|| child_text(individual, "DATAID"))
        .ok_or_else(|| ListParseError::UnXml {
            position: position_of(document, individual),
            message: "INDIVIDUAL without REFERENCE_NUMBER or DATAID".to_string(),
        })?;
    let mut entry = ListEntry {
        entity_id,
        list: LIST_NAME.to_string(),
        names: names_of(individual),
        birth_dates: birth_dates_of(individual),
        sex: child_text(individual, "GENDER").and_then(|gender| Sex::parse(&gender)),
        programs: child_text(individual, "UN_LIST_TYPE").map(|regime| format!("UN {regime}")).into_iter().collect(),
        topics: vec!["sanction".to_string()],
        ..ListEntry::default()
    };
    for value in values_of(individual, "NATIONALITY") {
        if let Some(code) = normalize_country(&value) {
            push_unique(&mut entry.nationalities, code);
        }
    }
    for number in grandchild_texts(individual, "INDIVIDUAL_DOCUMENT", "NUMBER") {
        push_unique(&mut entry.document_numbers, number);
    }
    for country in grandchild_texts(individual, "INDIVIDUAL_ADDRESS", "COUNTRY") {
        if let Some(code) = normalize_country(&country) {
            push_unique(&mut entry.countries, code);
        }
    }
    if entry.names.is_empty() {
        return Err(ListParseError::UnXml {
            position: position_of(document, individual),
            message: format!("individual {} has no name", entry.entity_id),
        });
    }
    Ok(entry)
}

/// The primary name from the name parts, then aliases (low quality ones as weak aliases), then
/// the name in the original script.
fn names_of(individual: Node<'_, '_>) -> Vec<EntryName> {
    let primary: Vec<String> = NAME_PARTS.iter().filter_map(|part| child_text(individual, part)).collect();
    let mut names = Vec::new();
    if !primary.is_empty() {
        names.push(EntryName::new(primary.join(" "), NameKind::Primary));
    }
    for alias in individual.children().filter(|node| node.has_tag_name("INDIVIDUAL_ALIAS")) {
        let Some(alias_name) = child_text(alias, "ALIAS_NAME") else { continue };
        let quality = child_text(alias, "QUALITY").unwrap_or_default().to_ascii_lowercase();
        let kind = if quality.contains("low") { NameKind::WeakAlias } else { NameKind::Alias };
        names.push(EntryName::new(alias_name, kind));
    }
    if let Some(original) = child_text(individual, "NAME_ORIGINAL_SCRIPT") {
        names.push(EntryName::new(original, NameKind::OriginalScript));
    }
    names
}

/// Exact dates, bare years and year ranges ("BETWEEN 1973 and 1974" gives both years).
fn birth_dates_of(individual: Node<'_, '_>) -> Vec<String> {
    let mut dates = Vec::new();
    for birth in individual.children().filter(|node| node.has_tag_name("INDIVIDUAL_DATE_OF_BIRTH")) {
        let year = |tag| child_text(birth, tag).and_then(|year| year.parse::<i32>().ok());
        let found = if let Some(date) = child_text(birth, "DATE") {
            vec![date.chars().take(10).collect()]
        } else if let (Some(from), Some(to)) = (year("FROM_YEAR"), year("TO_YEAR")) {
            year_range(from, to)
        } else {
            year("YEAR").map(|year| year.to_string()).into_iter().collect()
        };
        for date in found {
            push_unique(&mut dates, date);
        }
    }
    dates
}

/// Trimmed text of the first child with this tag, if not empty.
fn child_text(node: Node<'_, '_>, tag: &str) -> Option<String> {
    let child = node.children().find(|child| child.has_tag_name(tag))?;
    let text = child.text()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `<TAG><VALUE>…</VALUE>…</TAG>` values, "na" (not available) left out.
fn values_of(node: Node<'_, '_>, tag: &str) -> Vec<String> {
    node.children()
        .filter(|child| child.has_tag_name(tag))
        .flat_map(|child| child.children().filter_map(|value| child_text_of(value, "VALUE")))
        .filter(|value| !value.eq_ignore_ascii_case("na"))
        .collect()
}

fn child_text_of(node: Node<'_, '_>, tag: &str) -> Option<String> {
    if !node.has_tag_name(tag) {
        return None;
    }
    let text = node.text()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn grandchild_texts(node: Node<'_, '_>, child_tag: &str, tag: &str) -> Vec<String> {
    node.children().filter(|child| child.has_tag_name(child_tag)).filter_map(|child| child_text(child, tag)).collect()
}

fn position_of(document: &Document<'_>, node: Node<'_, '_>) -> String {
    document.text_pos_at(node.range().start).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_xml_is_an_error_with_a_position() {
        let error = parse_un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL></INDIVIDUALS>").expect_err("unbalanced tags");
        assert!(matches!(error, ListParseError::UnXml { ref position, .. } if position.starts_with("1:")), "{error}");
    }

    #[test]
    fn an_individual_without_id_is_an_error() {
        let error = parse_un_xml(b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>")
            .expect_err("no id");
        assert!(error.to_string().contains("without REFERENCE_NUMBER"), "{error}");
    }
}
