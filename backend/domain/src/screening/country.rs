//! Country names and codes as lists and documents write them, folded to ISO 3166-1 alpha-2.

use std::str::FromStr;

/// Names the country table does not know, as lists actually write them.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("turkiye", "tr"),
    ("kosovo", "xk"),
    ("burma", "mm"),
    ("gazastrip", "ps"),
    ("westbank", "ps"),
    ("ivorycoast", "ci"),
    ("northmacedonia", "mk"),
    ("eswatini", "sz"),
    ("capeverde", "cv"),
    ("vatican", "va"),
    ("holysee", "va"),
];

/// ISO 3166-1 alpha-2 in lower case for a code (alpha-2, alpha-3, MRZ "D" for Germany) or an
/// English name ("Iran (Islamic Republic of)", "Syrian Arab Republic"). `None` when unknown, or
/// for historical states such as the former Soviet Union.
pub fn normalize_country(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches('<').trim();
    if trimmed.eq_ignore_ascii_case("d") {
        return Some("de".to_string());
    }
    let whole = compact(trimmed);
    if whole.is_empty() {
        return None;
    }
    lookup(&whole).or_else(|| lookup(&compact(&without_parenthesis(trimmed))))
}

fn lookup(compact: &str) -> Option<String> {
    if let Some((_, code)) = EXTRA_NAMES.iter().find(|(name, _)| *name == compact) {
        return Some((*code).to_string());
    }
    celes::Country::from_str(compact).ok().map(|country| country.alpha2.to_ascii_lowercase())
}

/// Lower-case ASCII letters and digits only: "Côte d'Ivoire" -> "cotedivoire".
fn compact(text: &str) -> String {
    any_ascii::any_ascii(text).chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

fn without_parenthesis(text: &str) -> String {
    match text.find('(') {
        Some(start) => text[..start].to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_list_spellings_fold_to_lower_alpha2() {
        assert_eq!(normalize_country("GEO").as_deref(), Some("ge"));
        assert_eq!(normalize_country("ua").as_deref(), Some("ua"));
        assert_eq!(normalize_country("D<<").as_deref(), Some("de"));
        assert_eq!(normalize_country("Iran (Islamic Republic of)").as_deref(), Some("ir"));
        assert_eq!(normalize_country("Syrian Arab Republic").as_deref(), Some("sy"));
        assert_eq!(normalize_country("Russian Federation").as_deref(), Some("ru"));
        assert_eq!(normalize_country("Türkiye").as_deref(), Some("tr"));
        assert_eq!(normalize_country("Democratic People's Republic of Korea").as_deref(), Some("kp"));
    }

    #[test]
    fn historical_or_empty_countries_are_unknown() {
        assert_eq!(normalize_country("former Soviet Union"), None);
        assert_eq!(normalize_country(""), None);
    }
}
