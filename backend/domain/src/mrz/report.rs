//! The owned report handed to callers: per-field details in the product's wording and
//! the cleaned field values. This is the only place the checking path allocates: the
//! details' vector, messages of invalid fields, and values too long to be kept inline
//! ([`CompactString`] holds up to 24 bytes in place; MRZ values rarely need more).

use std::borrow::Cow;

use arrayvec::ArrayVec;
use chrono::Datelike;
use compact_str::{CompactString, format_compact};
use serde::{Deserialize, Serialize};

use super::analysis::{Analysis, FieldCheck, LongNumberVariant, Shape};
use super::date::MrzDate;
use super::field::{ErrorCode, Field, Problem};
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
    pub document_number: Option<CompactString>,
    /// For long TD1/TD2 document numbers, which check-digit computation verified.
    pub long_document_number_variant: Option<LongNumberVariant>,
}

/// Cleaned values of the valid fields; `None` when the field is invalid or absent from
/// the format. Names have fillers turned into single spaces; dates are ISO `YYYY-MM-DD`
/// (French issue date `YYYY-MM`) and present only when complete and on the calendar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzFields {
    pub document_code: Option<CompactString>,
    pub issuing_state: Option<CompactString>,
    pub last_name: Option<CompactString>,
    pub first_name: Option<CompactString>,
    pub document_number: Option<CompactString>,
    pub nationality: Option<CompactString>,
    pub birth_date: Option<CompactString>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<CompactString>,
    pub expiration_date: Option<CompactString>,
    pub personal_number: Option<CompactString>,
    pub optional1: Option<CompactString>,
    pub optional2: Option<CompactString>,
    pub optional: Option<CompactString>,
    pub administrative_code: Option<CompactString>,
    pub issue_date: Option<CompactString>,
    pub administrative_code2: Option<CompactString>,
    pub language_code: Option<CompactString>,
    pub pin_code: Option<CompactString>,
    pub version_number: Option<CompactString>,
}

/// One field's verdict, with its position (0-based line, `start..end` exclusive,
/// trailing fillers excluded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldReport {
    pub field: Field,
    pub label: Cow<'static, str>,
    pub value: Option<CompactString>,
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
        MrzReport {
            format: analysis.format,
            valid: analysis.is_valid(),
            fields: fields_of(analysis, &details),
            document_number: printed_document_number(analysis, &details),
            long_document_number_variant: analysis.long_number_variant,
            details,
        }
    }
}

// Inlined into the loop that fills the details (measured faster): each report is then
// written straight into the vector instead of being built on the stack and copied.
#[inline]
fn field_report(analysis: &Analysis<'_>, check: &FieldCheck) -> FieldReport {
    let value = value_of(analysis, check);
    let error = check.problem.map(|problem| message(analysis, check, problem, &value));
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

/// The product's wording for an invalid field. Kept out of line: most fields are valid.
#[cold]
fn message(analysis: &Analysis<'_>, check: &FieldCheck, problem: Problem, value: &str) -> String {
    problem.message(analysis.text(check.raw), value, |span| analysis.text(span).to_owned())
}

/// Longer than any value: one line is at most 44 characters, and a long document number
/// adds at most its overflow (the rest of a 30-character line) to its 9 characters.
const VALUE_CAPACITY: usize = 64;

/// A value being assembled on the stack, so only values too long to be stored inline
/// (over 24 bytes, e.g. long names) reach the heap.
type ValueBuffer = ArrayVec<u8, VALUE_CAPACITY>;

/// The cleaned value of a field, following its shape.
fn value_of(analysis: &Analysis<'_>, check: &FieldCheck) -> CompactString {
    let printed = analysis.text(check.value);
    match check.shape {
        Shape::Code | Shape::Raw => CompactString::new(printed),
        // Most numbers and names have no inner filler: their value is their text.
        Shape::Text | Shape::Name if !printed.contains('<') => CompactString::new(printed),
        Shape::Text => fillers_as_spaces(&[printed]),
        Shape::Name => name_value(printed),
        Shape::Sex => match printed {
            "M" => CompactString::const_new("male"),
            "F" => CompactString::const_new("female"),
            "<" => CompactString::const_new("nonspecified"),
            other => CompactString::new(other),
        },
        Shape::LongDocumentNumber { overflow } => fillers_as_spaces(&[printed, analysis.text(overflow)]),
    }
}

/// The input check guarantees ASCII, so the lossy conversion never replaces anything.
fn ascii(bytes: &[u8]) -> CompactString {
    CompactString::from_utf8_lossy(bytes)
}

/// The parts one after the other, each filler shown as a space.
fn fillers_as_spaces(parts: &[&str]) -> CompactString {
    let mut value = ValueBuffer::new();
    for &byte in parts.iter().flat_map(|part| part.as_bytes()) {
        // Never full (see VALUE_CAPACITY); a longer value would be cut, not panic.
        let _ = value.try_push(if byte == b'<' { b' ' } else { byte });
    }
    ascii(&value)
}

/// Each run of fillers becomes one space; leading and trailing fillers vanish.
fn name_value(printed: &str) -> CompactString {
    let mut name = ValueBuffer::new();
    for word in printed.split('<').filter(|word| !word.is_empty()) {
        if !name.is_empty() {
            let _ = name.try_push(b' ');
        }
        // Never full (see VALUE_CAPACITY); a longer name would be cut, not panic.
        let _ = name.try_extend_from_slice(word.as_bytes());
    }
    ascii(&name)
}

/// The valid fields' values, in one pass over the details: dates as ISO text, every
/// other field as its detail's value.
fn fields_of(analysis: &Analysis<'_>, details: &[FieldReport]) -> MrzFields {
    let mut fields = MrzFields::default();
    for detail in details.iter().filter(|detail| detail.valid) {
        match detail.field {
            Field::BirthDate => fields.birth_date = analysis.birth_date.and_then(iso_date),
            Field::ExpirationDate => fields.expiration_date = analysis.expiration_date.and_then(iso_date),
            Field::IssueDate => fields.issue_date = analysis.issue_date.and_then(iso_date),
            field => {
                if let Some(slot) = fields.slot(field) {
                    slot.clone_from(&detail.value);
                }
            }
        }
    }
    fields
}

impl MrzFields {
    /// Where the value of a field that is reported as printed goes; `None` for check
    /// digits, separators and dates (which are reported as ISO text).
    fn slot(&mut self, field: Field) -> Option<&mut Option<CompactString>> {
        Some(match field {
            Field::DocumentCode => &mut self.document_code,
            Field::IssuingState => &mut self.issuing_state,
            Field::LastName => &mut self.last_name,
            Field::FirstName => &mut self.first_name,
            Field::DocumentNumber => &mut self.document_number,
            Field::Nationality => &mut self.nationality,
            Field::Sex => &mut self.sex,
            Field::PersonalNumber => &mut self.personal_number,
            Field::Optional1 => &mut self.optional1,
            Field::Optional2 => &mut self.optional2,
            Field::Optional => &mut self.optional,
            Field::AdministrativeCode => &mut self.administrative_code,
            Field::AdministrativeCode2 => &mut self.administrative_code2,
            Field::LanguageCode => &mut self.language_code,
            Field::PinCode => &mut self.pin_code,
            Field::VersionNumber => &mut self.version_number,
            Field::DocumentNumberCheckDigit
            | Field::BirthDate
            | Field::BirthDateCheckDigit
            | Field::ExpirationDate
            | Field::ExpirationDateCheckDigit
            | Field::PersonalNumberCheckDigit
            | Field::CompositeCheckDigit
            | Field::IssueDate
            | Field::Separator1
            | Field::Separator2 => return None,
        })
    }
}

/// `YYYY-MM-DD`, or `YYYY-MM` for a French issue date; `None` when parts are unknown.
/// Four-digit years are written by hand (chrono's `format` parses its pattern on every
/// call); any other year keeps chrono's own rendering (a sign beyond 9999).
fn iso_date(date: MrzDate) -> Option<CompactString> {
    let mut text = ValueBuffer::new();
    match date {
        MrzDate::Known(date) if (0..=9999).contains(&date.year()) => {
            push_digits(&mut text, date.year().unsigned_abs(), 4);
            let _ = text.try_push(b'-');
            push_digits(&mut text, date.month(), 2);
            let _ = text.try_push(b'-');
            push_digits(&mut text, date.day(), 2);
        }
        MrzDate::Known(date) => return Some(CompactString::from(date.format("%Y-%m-%d").to_string())),
        MrzDate::YearMonth { year, month } if (0..=9999).contains(&year) && month < 100 => {
            push_digits(&mut text, year.unsigned_abs(), 4);
            let _ = text.try_push(b'-');
            push_digits(&mut text, month, 2);
        }
        MrzDate::YearMonth { year, month } => return Some(format_compact!("{year:04}-{month:02}")),
        MrzDate::PartlyUnknown => return None,
    }
    Some(ascii(&text))
}

/// `number` in decimal, zero-padded to `width` digits (2 or 4; it has at most that many).
fn push_digits(out: &mut ValueBuffer, number: u32, width: usize) {
    let mut digits = [b'0'; 4];
    let mut rest = number;
    for digit in digits[..width].iter_mut().rev() {
        // A single decimal digit always fits in a byte.
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let _ = out.try_extend_from_slice(&digits[..width]);
}

/// The number as printed on the document, assembled from its parts when all are valid.
fn printed_document_number(analysis: &Analysis<'_>, details: &[FieldReport]) -> Option<CompactString> {
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
    let mut number = CompactString::default();
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
