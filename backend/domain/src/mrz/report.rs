//! The owned report handed to callers: per-field details in the product's wording and
//! the cleaned field values. This is the only place the checking path allocates.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, FieldCheck, LongNumberVariant, Shape};
use super::date::MrzDate;
use super::field::{ErrorCode, Field, Span};
use super::format::MrzFormat;

/// The result of checking one MRZ. `valid` is true only when every detail is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MrzReport {
    pub format: MrzFormat,
    pub valid: bool,
    pub fields: MrzFields,
    pub details: Vec<FieldReport>,
    /// The document number as printed outside the MRZ, when every part of it is valid:
    /// the full long number for TD1/TD2, issue date + office + number for a French ID,
    /// PIN + version for a Swiss licence.
    pub document_number: Option<String>,
    /// For long TD1/TD2 document numbers, which check-digit computation verified.
    pub long_document_number_variant: Option<LongNumberVariant>,
}

/// Cleaned values of the valid fields; `None` when the field is invalid or absent from
/// the format. Names have fillers turned into single spaces; dates are ISO `YYYY-MM-DD`
/// (French issue date `YYYY-MM`) and present only when complete and on the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzFields {
    pub document_code: Option<String>,
    pub issuing_state: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub document_number: Option<String>,
    pub nationality: Option<String>,
    pub birth_date: Option<String>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<String>,
    pub expiration_date: Option<String>,
    pub personal_number: Option<String>,
    pub optional1: Option<String>,
    pub optional2: Option<String>,
    pub optional: Option<String>,
    pub administrative_code: Option<String>,
    pub issue_date: Option<String>,
    pub administrative_code2: Option<String>,
    pub language_code: Option<String>,
    pub pin_code: Option<String>,
    pub version_number: Option<String>,
}

/// One field's verdict, with its position (0-based line, `start..end` exclusive,
/// trailing fillers excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldReport {
    pub field: Field,
    pub label: Cow<'static, str>,
    pub value: Option<String>,
    pub valid: bool,
    pub error: Option<String>,
    pub code: Option<ErrorCode>,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

impl MrzReport {
    /// The detail of `field`, if the format has it.
    pub fn detail(&self, field: Field) -> Option<&FieldReport> {
        self.details.iter().find(|detail| detail.field == field)
    }

    /// The details that failed.
    pub fn errors(&self) -> impl Iterator<Item = &FieldReport> {
        self.details.iter().filter(|detail| !detail.valid)
    }
}

impl From<&Analysis<'_>> for MrzReport {
    fn from(analysis: &Analysis<'_>) -> Self {
        let details: Vec<FieldReport> =
            analysis.checks.iter().map(|check| field_report(analysis, check)).collect();
        let fields = fields_of(analysis, &details);
        MrzReport {
            format: analysis.format,
            valid: analysis.is_valid(),
            document_number: printed_document_number(analysis, &details),
            long_document_number_variant: analysis.long_number_variant,
            fields,
            details,
        }
    }
}

fn field_report(analysis: &Analysis<'_>, check: &FieldCheck) -> FieldReport {
    let value = value_of(analysis, check);
    let error = check.problem.map(|problem| {
        problem.message(&text(analysis, check.raw), &value, |span| text(analysis, span))
    });
    FieldReport {
        field: check.field,
        label: Cow::Borrowed(check.field.label()),
        value: Some(value),
        valid: check.is_valid(),
        error,
        code: check.problem.map(|problem| problem.code()),
        line: usize::from(check.span.line),
        start: usize::from(check.span.start),
        end: usize::from(check.span.end),
    }
}

/// The printed text of a span; the input check guarantees ASCII.
fn text(analysis: &Analysis<'_>, span: Span) -> String {
    String::from_utf8_lossy(analysis.bytes(span)).into_owned()
}

/// The cleaned value of a field, following its shape.
pub fn value_of(analysis: &Analysis<'_>, check: &FieldCheck) -> String {
    let printed = analysis.bytes(check.value);
    match check.shape {
        Shape::Code | Shape::Raw => printed.iter().map(|&b| char::from(b)).collect(),
        Shape::Text => printed.iter().map(|&b| filler_as_space(b)).collect(),
        Shape::Name => name_value(printed),
        Shape::Sex => match printed {
            b"M" => "male".to_owned(),
            b"F" => "female".to_owned(),
            b"<" => "nonspecified".to_owned(),
            other => other.iter().map(|&b| char::from(b)).collect(),
        },
        Shape::LongDocumentNumber { overflow } => {
            printed.iter().chain(analysis.bytes(overflow)).map(|&b| filler_as_space(b)).collect()
        }
    }
}

fn filler_as_space(byte: u8) -> char {
    if byte == b'<' { ' ' } else { char::from(byte) }
}

/// Each run of fillers becomes one space; leading and trailing fillers vanish.
fn name_value(printed: &[u8]) -> String {
    let mut name = String::with_capacity(printed.len());
    for word in printed.split(|&b| b == b'<').filter(|word| !word.is_empty()) {
        if !name.is_empty() {
            name.push(' ');
        }
        name.extend(word.iter().map(|&b| char::from(b)));
    }
    name
}

fn fields_of(analysis: &Analysis<'_>, details: &[FieldReport]) -> MrzFields {
    let valid_value = |field: Field| {
        details
            .iter()
            .find(|detail| detail.field == field && detail.valid)
            .and_then(|detail| detail.value.clone())
    };
    let date_if_valid = |field: Field, date: Option<MrzDate>| {
        let valid = details.iter().any(|detail| detail.field == field && detail.valid);
        match (valid, date) {
            (true, Some(MrzDate::Known(date))) => Some(date.format("%Y-%m-%d").to_string()),
            (true, Some(MrzDate::YearMonth { year, month })) => Some(format!("{year:04}-{month:02}")),
            _ => None,
        }
    };
    MrzFields {
        document_code: valid_value(Field::DocumentCode),
        issuing_state: valid_value(Field::IssuingState),
        last_name: valid_value(Field::LastName),
        first_name: valid_value(Field::FirstName),
        document_number: valid_value(Field::DocumentNumber),
        nationality: valid_value(Field::Nationality),
        birth_date: date_if_valid(Field::BirthDate, analysis.birth_date),
        sex: valid_value(Field::Sex),
        expiration_date: date_if_valid(Field::ExpirationDate, analysis.expiration_date),
        personal_number: valid_value(Field::PersonalNumber),
        optional1: valid_value(Field::Optional1),
        optional2: valid_value(Field::Optional2),
        optional: valid_value(Field::Optional),
        administrative_code: valid_value(Field::AdministrativeCode),
        issue_date: date_if_valid(Field::IssueDate, analysis.issue_date),
        administrative_code2: valid_value(Field::AdministrativeCode2),
        language_code: valid_value(Field::LanguageCode),
        pin_code: valid_value(Field::PinCode),
        version_number: valid_value(Field::VersionNumber),
    }
}

/// The number as printed on the document, assembled from its parts when all are valid.
fn printed_document_number(analysis: &Analysis<'_>, details: &[FieldReport]) -> Option<String> {
    let parts: &[Field] = match analysis.format {
        MrzFormat::FrenchNationalId => &[
            Field::IssueDate,
            Field::AdministrativeCode2,
            Field::DocumentNumber,
            Field::DocumentNumberCheckDigit,
        ],
        MrzFormat::SwissDrivingLicense => &[Field::PinCode, Field::VersionNumber],
        _ => &[Field::DocumentNumber, Field::DocumentNumberCheckDigit],
    };
    let mut number = String::new();
    for &field in parts {
        let detail = details.iter().find(|detail| detail.field == field)?;
        if !detail.valid {
            return None;
        }
        // Check digits vouch for the number but are not part of it.
        if field != Field::DocumentNumberCheckDigit {
            number.push_str(detail.value.as_deref().unwrap_or_default());
        }
    }
    Some(number)
}
