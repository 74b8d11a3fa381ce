//! Extra fields: values a company asks for on top of the identity data (a customer number, a
//! contact e-mail, ...), defined in the company's settings and validated at ingest.
//!
//! Rules of [`validate_extra_fields`]:
//! - Values are trimmed; an empty value counts as absent. A required field that is absent is an
//!   error; an optional one is simply left out of the result.
//! - **When the company defines fields, only those names are accepted**: an unknown name is an
//!   error, because it is almost always a typo in the integration and silently dropping data is
//!   worse. **When it defines none**, every value is kept as text, so integrations that send
//!   extra data before the company configures it lose nothing; names and sizes are still checked.
//! - The result lists the fields in definition order (or name order without definitions), with
//!   normalised values: e-mail domains lower-cased, phone numbers in E.164 form (`+995555123456`),
//!   dates as `YYYY-MM-DD`, numbers without a leading `+` or leading zeros.
//! - Every problem is reported, not only the first.
//!
//! The checks are deliberately conservative and dependency-free, not full standards validators:
//! - e-mail: one `@`, a dot-atom local part (RFC 5322 without quoted strings or comments) and a
//!   domain of at least two LDH labels (no IP-literal domains, no internationalised local parts);
//! - phone: must carry its country code (`+` or `00`), then 8 to 15 digits, the first not `0`
//!   (E.164's length and shape, no per-country numbering plan);
//! - date: a real calendar date written `YYYY-MM-DD`;
//! - number: an optional sign, digits and an optional `.` fraction (no exponent, no thousands
//!   separators, no decimal comma).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Longest accepted value, in characters, after trimming.
pub const MAX_VALUE_CHARS: usize = 1000;
/// Longest accepted field name.
pub const MAX_NAME_LEN: usize = 64;
/// Most fields one session may carry, and one company may define.
pub const MAX_FIELDS: usize = 50;

/// The kind of value an extra field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraFieldType {
    Text,
    Email,
    Phone,
    Date,
    Number,
}

impl ExtraFieldType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Date => "date",
            Self::Number => "number",
        }
    }
}

impl fmt::Display for ExtraFieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field a company asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraFieldDefinition {
    /// Machine name, the key integrations send: `[a-z][a-z0-9_]*`, at most 64 characters.
    pub name: String,
    /// What operators read on the session page.
    pub label: String,
    pub field_type: ExtraFieldType,
    pub required: bool,
}

/// A problem with one extra-field value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtraFieldError {
    #[error("extra field {name} is required")]
    Missing { name: String },
    #[error("extra field {name} is not defined by the company")]
    Unknown { name: String },
    #[error(
        "extra field name {name:?} must be 1 to 64 characters of a-z, 0-9 and _, starting with a letter"
    )]
    InvalidName { name: String },
    #[error("extra field {name} is longer than {max_chars} characters")]
    TooLong { name: String, max_chars: usize },
    #[error("extra field {name} is not a valid {field_type}: {reason}")]
    Invalid { name: String, field_type: ExtraFieldType, reason: String },
    #[error("at most {max} extra fields are accepted, got {count}")]
    TooMany { count: usize, max: usize },
}

impl ExtraFieldError {
    /// The field the error is about, or `*` for errors about the set as a whole.
    pub fn field_name(&self) -> &str {
        match self {
            Self::Missing { name }
            | Self::Unknown { name }
            | Self::InvalidName { name }
            | Self::TooLong { name, .. }
            | Self::Invalid { name, .. } => name,
            Self::TooMany { .. } => "*",
        }
    }
}

/// A problem with the definitions themselves (company settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtraFieldDefinitionError {
    #[error(
        "extra field name {name:?} must be 1 to 64 characters of a-z, 0-9 and _, starting with a letter"
    )]
    InvalidName { name: String },
    #[error("extra field {name} is defined twice")]
    Duplicate { name: String },
    #[error("extra field {name} needs a label")]
    EmptyLabel { name: String },
    #[error("at most {max} extra fields can be defined, got {count}")]
    TooMany { count: usize, max: usize },
}

/// Checks a company's field definitions: valid unique names, non-empty labels, not too many.
pub fn validate_definitions(
    defs: &[ExtraFieldDefinition],
) -> Result<(), Vec<ExtraFieldDefinitionError>> {
    let mut errors = Vec::new();
    if defs.len() > MAX_FIELDS {
        errors.push(ExtraFieldDefinitionError::TooMany { count: defs.len(), max: MAX_FIELDS });
    }
    let mut seen = BTreeSet::new();
    for def in defs {
        if !is_valid_name(&def.name) {
            errors.push(ExtraFieldDefinitionError::InvalidName { name: def.name.clone() });
        } else if !seen.insert(def.name.as_str()) {
            errors.push(ExtraFieldDefinitionError::Duplicate { name: def.name.clone() });
        }
        if def.label.trim().is_empty() {
            errors.push(ExtraFieldDefinitionError::EmptyLabel { name: def.name.clone() });
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// Validates the extra-field values of one session against the company's definitions and
/// returns the normalised `(name, value)` pairs to store. See the module docs for the rules.
pub fn validate_extra_fields(
    defs: &[ExtraFieldDefinition],
    values: &BTreeMap<String, String>,
) -> Result<Vec<(String, String)>, Vec<ExtraFieldError>> {
    if values.len() > MAX_FIELDS {
        return Err(vec![ExtraFieldError::TooMany { count: values.len(), max: MAX_FIELDS }]);
    }
    let (accepted, errors) = if defs.is_empty() {
        accept_everything_as_text(values)
    } else {
        check_against_definitions(defs, values)
    };
    if errors.is_empty() { Ok(accepted) } else { Err(errors) }
}

type Checked = (Vec<(String, String)>, Vec<ExtraFieldError>);

fn accept_everything_as_text(values: &BTreeMap<String, String>) -> Checked {
    let mut accepted = Vec::new();
    let mut errors = Vec::new();
    for (name, value) in values {
        if !is_valid_name(name) {
            errors.push(ExtraFieldError::InvalidName { name: name.clone() });
            continue;
        }
        match normalise_present_value(name, ExtraFieldType::Text, value) {
            Ok(Some(normalised)) => accepted.push((name.clone(), normalised)),
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    (accepted, errors)
}

fn check_against_definitions(
    defs: &[ExtraFieldDefinition],
    values: &BTreeMap<String, String>,
) -> Checked {
    let mut accepted = Vec::new();
    let mut errors: Vec<ExtraFieldError> = values
        .keys()
        .filter(|name| !defs.iter().any(|def| &def.name == *name))
        .map(|name| ExtraFieldError::Unknown { name: name.clone() })
        .collect();
    for def in defs {
        let value = values.get(&def.name).map_or("", String::as_str);
        match normalise_present_value(&def.name, def.field_type, value) {
            Ok(Some(normalised)) => accepted.push((def.name.clone(), normalised)),
            Ok(None) if def.required => {
                errors.push(ExtraFieldError::Missing { name: def.name.clone() })
            }
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    (accepted, errors)
}

/// `Ok(None)` for an empty value, the normalised value otherwise.
fn normalise_present_value(
    name: &str,
    field_type: ExtraFieldType,
    value: &str,
) -> Result<Option<String>, ExtraFieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.chars().count() > MAX_VALUE_CHARS {
        return Err(ExtraFieldError::TooLong { name: name.to_owned(), max_chars: MAX_VALUE_CHARS });
    }
    normalise(field_type, trimmed).map(Some).map_err(|reason| ExtraFieldError::Invalid {
        name: name.to_owned(),
        field_type,
        reason: reason.to_owned(),
    })
}

/// The normalised form of a non-empty trimmed value, or why it is not of the type.
pub fn normalise(field_type: ExtraFieldType, value: &str) -> Result<String, &'static str> {
    match field_type {
        ExtraFieldType::Text => normalise_text(value),
        ExtraFieldType::Email => normalise_email(value),
        ExtraFieldType::Phone => normalise_phone(value),
        ExtraFieldType::Date => normalise_date(value),
        ExtraFieldType::Number => normalise_number(value),
    }
}

fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    starts_with_letter
        && name.len() <= MAX_NAME_LEN
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn normalise_text(value: &str) -> Result<String, &'static str> {
    // Line breaks are fine in a free-text field; other control characters only hide content.
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err("control characters are not allowed");
    }
    Ok(value.to_owned())
}

fn normalise_email(value: &str) -> Result<String, &'static str> {
    const MAX_EMAIL_LEN: usize = 254;
    if value.len() > MAX_EMAIL_LEN {
        return Err("an e-mail address has at most 254 characters");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("an e-mail address needs an @");
    };
    if domain.contains('@') {
        return Err("an e-mail address has exactly one @");
    }
    if !is_dot_atom(local) {
        return Err("the part before @ is not a plain address");
    }
    if !is_host_name(domain) {
        return Err("the part after @ is not a domain name");
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// RFC 5322 dot-atom: atoms of `atext` joined by single dots, at most 64 characters.
fn is_dot_atom(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";
    let is_atext = |c: char| c.is_ascii_alphanumeric() || SPECIALS.contains(c);
    !local.is_empty()
        && local.len() <= 64
        && local.split('.').all(|atom| !atom.is_empty() && atom.chars().all(is_atext))
}

/// At least two labels of letters, digits and inner hyphens; an alphabetic top-level label.
fn is_host_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let is_label = |label: &&str| {
        (1..=63).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let top_level_is_alphabetic = labels
        .last()
        .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    labels.len() >= 2 && labels.iter().all(is_label) && top_level_is_alphabetic
}

fn normalise_phone(value: &str) -> Result<String, &'static str> {
    const SEPARATORS: &[char] = &[' ', '-', '.', '(', ')', '/'];
    let compact: String = value.chars().filter(|c| !SEPARATORS.contains(c)).collect();
    let digits = if let Some(rest) = compact.strip_prefix('+') {
        rest
    } else if let Some(rest) = compact.strip_prefix("00") {
        rest
    } else {
        return Err("a phone number must start with its country code (+ or 00)");
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("a phone number may contain only digits, spaces, dashes, dots and brackets");
    }
    if !(8..=15).contains(&digits.len()) {
        return Err("a phone number has 8 to 15 digits after its country code prefix");
    }
    if digits.starts_with('0') {
        return Err("a country code never starts with 0");
    }
    Ok(format!("+{digits}"))
}

fn normalise_date(value: &str) -> Result<String, &'static str> {
    let shaped = value.len() == 10
        && value.char_indices().all(|(index, c)| match index {
            4 | 7 => c == '-',
            _ => c.is_ascii_digit(),
        });
    if !shaped {
        return Err("a date is written YYYY-MM-DD");
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|date| date.format("%Y-%m-%d").to_string())
        .map_err(|_| "no such calendar date")
}

fn normalise_number(value: &str) -> Result<String, &'static str> {
    const MAX_NUMBER_LEN: usize = 40;
    if value.len() > MAX_NUMBER_LEN {
        return Err("a number has at most 40 characters");
    }
    let (negative, unsigned) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(integer) || fraction.is_some_and(|fraction| !all_digits(fraction)) {
        return Err(
            "a number is written like -12 or 3.50 (digits, an optional sign and decimal point)",
        );
    }
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    let sign = if negative { "-" } else { "" };
    Ok(match fraction {
        Some(fraction) => format!("{sign}{integer}.{fraction}"),
        None => format!("{sign}{integer}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(name: &str, field_type: ExtraFieldType, required: bool) -> ExtraFieldDefinition {
        ExtraFieldDefinition {
            name: name.to_owned(),
            label: name.to_uppercase(),
            field_type,
            required,
        }
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    }

    #[test]
    fn defined_fields_come_back_normalised_in_definition_order() {
        let defs = [
            def("phone", ExtraFieldType::Phone, true),
            def("email", ExtraFieldType::Email, true),
            def("born", ExtraFieldType::Date, false),
            def("amount", ExtraFieldType::Number, false),
            def("customer_id", ExtraFieldType::Text, false),
        ];
        let input = values(&[
            ("email", " Nino.B@Example.GE "),
            ("phone", "00995 (555) 12-34-56"),
            ("born", "1990-02-28"),
            ("amount", "+007.50"),
            ("customer_id", "  C-42 "),
        ]);
        assert_eq!(
            validate_extra_fields(&defs, &input),
            Ok(owned(&[
                ("phone", "+995555123456"),
                ("email", "Nino.B@example.ge"),
                ("born", "1990-02-28"),
                ("amount", "7.50"),
                ("customer_id", "C-42"),
            ]))
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let defs =
            [def("email", ExtraFieldType::Email, true), def("phone", ExtraFieldType::Phone, true)];
        let input = values(&[("email", "not-an-address"), ("fone", "+995555123456")]);
        let errors = validate_extra_fields(&defs, &input).expect_err("three problems");
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors.contains(&ExtraFieldError::Unknown { name: "fone".into() }));
        assert!(errors.contains(&ExtraFieldError::Missing { name: "phone".into() }));
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, ExtraFieldError::Invalid { name, .. } if name == "email"))
        );
    }

    #[test]
    fn a_blank_optional_field_is_left_out_and_a_blank_required_one_is_missing() {
        let defs =
            [def("note", ExtraFieldType::Text, false), def("ref", ExtraFieldType::Text, true)];
        let errors = validate_extra_fields(&defs, &values(&[("note", "   "), ("ref", "\t")]));
        assert_eq!(errors, Err(vec![ExtraFieldError::Missing { name: "ref".into() }]));
        let accepted = validate_extra_fields(&defs, &values(&[("note", " "), ("ref", "R1")]));
        assert_eq!(accepted, Ok(owned(&[("ref", "R1")])));
    }

    #[test]
    fn without_definitions_values_are_kept_as_text_but_names_are_still_checked() {
        let accepted = validate_extra_fields(
            &[],
            &values(&[("b_field", " 2 "), ("a_field", "1"), ("empty", "")]),
        );
        assert_eq!(accepted, Ok(owned(&[("a_field", "1"), ("b_field", "2")])));
        let refused = validate_extra_fields(&[], &values(&[("Bad Name", "x")]));
        assert_eq!(refused, Err(vec![ExtraFieldError::InvalidName { name: "Bad Name".into() }]));
    }

    #[test]
    fn too_many_or_too_long_values_are_refused() {
        let many: BTreeMap<String, String> =
            (0..=MAX_FIELDS).map(|i| (format!("f{i}"), "x".to_owned())).collect();
        assert!(
            matches!(validate_extra_fields(&[], &many), Err(errors) if matches!(errors[0], ExtraFieldError::TooMany { .. }))
        );
        let long = values(&[("f", &"é".repeat(MAX_VALUE_CHARS + 1))]);
        assert_eq!(
            validate_extra_fields(&[], &long),
            Err(vec![ExtraFieldError::TooLong { name: "f".into(), max_chars: MAX_VALUE_CHARS }])
        );
    }

    #[test]
    fn emails_are_checked_conservatively() {
        for good in ["a@b.ge", "first.last+tag@sub.example.com", "o'brien@example.ie"] {
            assert!(normalise_email(good).is_ok(), "{good}");
        }
        for bad in [
            "a@b",
            "@b.ge",
            "a@@b.ge",
            "a@b@c.ge",
            "a..b@c.ge",
            ".a@c.ge",
            "a@-b.ge",
            "a@b.g3",
            "a b@c.ge",
            "a@[127.0.0.1]",
        ] {
            assert!(normalise_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_need_their_country_code() {
        assert_eq!(normalise_phone("+1 (415) 555-0100"), Ok("+14155550100".to_owned()));
        assert!(normalise_phone("555 12 34 56").is_err());
        assert!(normalise_phone("+0995555123456").is_err());
        assert!(normalise_phone("+1234567").is_err());
        assert!(normalise_phone("+1234567890123456").is_err());
        assert!(normalise_phone("+995 555 ABC").is_err());
    }

    #[test]
    fn dates_must_exist_on_the_calendar() {
        assert_eq!(normalise_date("2024-02-29"), Ok("2024-02-29".to_owned()));
        for bad in ["2023-02-29", "2024-2-29", "29.02.2024", "2024-13-01", "+024-02-29"] {
            assert!(normalise_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(normalise_number("-0003.140"), Ok("-3.140".to_owned()));
        assert_eq!(normalise_number("000"), Ok("0".to_owned()));
        for bad in ["1e5", "1,5", "1.", ".5", "--1", "-", "１２"] {
            assert!(normalise_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_refuses_hidden_control_characters_but_keeps_line_breaks() {
        assert_eq!(normalise_text("line one\nline two"), Ok("line one\nline two".to_owned()));
        assert!(normalise_text("bell\u{7}").is_err());
    }

    #[test]
    fn definitions_need_unique_valid_names_and_labels() {
        let mut blank_label = def("ok", ExtraFieldType::Text, false);
        blank_label.label = " ".into();
        let defs = [
            def("dup", ExtraFieldType::Text, false),
            def("dup", ExtraFieldType::Email, true),
            def("9lives", ExtraFieldType::Text, false),
            blank_label,
        ];
        let errors = validate_definitions(&defs).expect_err("three problems");
        assert_eq!(
            errors,
            vec![
                ExtraFieldDefinitionError::Duplicate { name: "dup".into() },
                ExtraFieldDefinitionError::InvalidName { name: "9lives".into() },
                ExtraFieldDefinitionError::EmptyLabel { name: "ok".into() },
            ]
        );
        assert_eq!(validate_definitions(&[def("ok", ExtraFieldType::Text, true)]), Ok(()));
    }
}
