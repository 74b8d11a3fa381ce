//! What a check hands to callers, in two forms:
//!
//! - [`MrzReport`], what [`super::check_lines`] returns: owned and allocation-free. It
//!   keeps a copy of the MRZ's characters (at most 90) and every field's verdict (field,
//!   position, error kind); values and messages in the product's wording are written from
//!   them when asked for, and only then allocate.
//! - [`MrzRecord`], the report written out: every value, message and cleaned field as
//!   owned text. It is what a report serialises to, what a session stores, and what stored
//!   JSON deserialises into (a record no longer needs the characters it was written from).

use std::borrow::Cow;

use arrayvec::ArrayVec;
use chrono::{Datelike, NaiveDate};
use compact_str::{CompactString, format_compact};
use serde::{Deserialize, Serialize, Serializer};

use super::analysis::{self, Analysis, FieldCheck, LongNumberVariant, Shape, Verdicts};
use super::date::MrzDate;
use super::field::{ErrorCode, Field, Problem, Span};
use super::format::{Lines, MrzFormat};

/// The result of checking one MRZ: every field's verdict, with the MRZ's characters to
/// write values and messages from. Serialises as its [`MrzRecord`].
#[derive(Debug, Clone, PartialEq)]
pub struct MrzReport {
    text: MrzText,
    verdicts: Verdicts,
}

/// The report written out. `valid` is true only when every detail is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MrzRecord {
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

impl MrzRecord {
    /// The detail of `field`, if the format has it.
    pub fn detail(&self, field: Field) -> Option<&FieldReport> {
        self.details.iter().find(|detail| detail.field == field)
    }

    /// The details that failed.
    pub fn errors(&self) -> impl Iterator<Item = &FieldReport> {
        self.details.iter().filter(|detail| !detail.valid)
    }
}

impl From<&MrzReport> for MrzRecord {
    fn from(report: &MrzReport) -> Self {
        let details: Vec<FieldReport> = report.details().collect();
        // The details come one per verdict, in the same order: the fields and the number
        // copy their values instead of writing them a second time.
        let value = |index: usize, _: &FieldCheck| details[index].value.clone().unwrap_or_default();
        MrzRecord {
            format: report.format(),
            valid: report.is_valid(),
            fields: report.fields_with(value),
            document_number: report.document_number_with(value),
            long_document_number_variant: report.verdicts.long_number_variant,
            details,
        }
    }
}

impl Serialize for MrzReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.record().serialize(serializer)
    }
}

impl From<&Analysis<'_>> for MrzReport {
    fn from(analysis: &Analysis<'_>) -> Self {
        MrzReport { text: MrzText::copy(&analysis.lines), verdicts: analysis.verdicts.clone() }
    }
}

impl MrzReport {
    /// Checks lines whose shape [`super::format::detect`] verified, writing the verdicts
    /// straight into the report.
    pub(super) fn check(format: MrzFormat, lines: Lines<'_>, today: NaiveDate) -> Self {
        let mut report = MrzReport { text: MrzText::copy(&lines), verdicts: Verdicts::new(format) };
        analysis::check_into(&mut report.verdicts, lines, today);
        report
    }

    pub fn format(&self) -> MrzFormat {
        self.verdicts.format
    }

    /// Whether every field passed.
    pub fn is_valid(&self) -> bool {
        self.verdicts.is_valid()
    }

    /// Every field's verdict, in field order, without values or messages.
    pub fn checks(&self) -> &[FieldCheck] {
        &self.verdicts.checks
    }

    /// Every field's detail in field order, each written out when the iterator reaches it.
    pub fn details(&self) -> impl Iterator<Item = FieldReport> + '_ {
        self.verdicts.checks.iter().map(|check| self.field_report(check))
    }

    /// The detail of `field`, if the format has it.
    pub fn detail(&self, field: Field) -> Option<FieldReport> {
        self.verdicts.checks.iter().find(|check| check.field == field).map(|check| self.field_report(check))
    }

    /// The details that failed.
    pub fn errors(&self) -> impl Iterator<Item = FieldReport> + '_ {
        self.verdicts.checks.iter().filter(|check| !check.is_valid()).map(|check| self.field_report(check))
    }

    /// For long TD1/TD2 document numbers, which check-digit computation verified.
    pub fn long_document_number_variant(&self) -> Option<LongNumberVariant> {
        self.verdicts.long_number_variant
    }

    /// Everything written out as owned text.
    pub fn record(&self) -> MrzRecord {
        MrzRecord::from(self)
    }

    /// The printed text of a span.
    fn text(&self, span: Span) -> &str {
        self.text.text(span)
    }

    // Inlined into the loop that collects the details (measured faster): each detail is
    // then written straight into the vector instead of being built on the stack and copied.
    #[inline]
    fn field_report(&self, check: &FieldCheck) -> FieldReport {
        let value = self.value_of(check);
        let error = check.problem.map(|problem| self.message(check, problem, &value));
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
    fn message(&self, check: &FieldCheck, problem: Problem, value: &str) -> String {
        problem.message(self.text(check.raw), value, |span| self.text(span).to_owned())
    }
    /// The cleaned value of a field, following its shape.
    fn value_of(&self, check: &FieldCheck) -> CompactString {
        let printed = self.text(check.value);
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
            Shape::LongDocumentNumber { overflow } => fillers_as_spaces(&[printed, self.text(overflow)]),
        }
    }

    /// The valid fields' values: dates as ISO text, every other field as its value.
    pub fn fields(&self) -> MrzFields {
        self.fields_with(|_, check| self.value_of(check))
    }

    /// The fields, with `value(index, check)` giving the value of the verdict at `index`.
    fn fields_with(&self, value: impl Fn(usize, &FieldCheck) -> CompactString) -> MrzFields {
        let mut fields = MrzFields::default();
        for (index, check) in self.verdicts.checks.iter().enumerate().filter(|(_, check)| check.is_valid()) {
            match check.field {
                Field::BirthDate => fields.birth_date = self.verdicts.birth_date.and_then(iso_date),
                Field::ExpirationDate => fields.expiration_date = self.verdicts.expiration_date.and_then(iso_date),
                Field::IssueDate => fields.issue_date = self.verdicts.issue_date.and_then(iso_date),
                field => {
                    if let Some(slot) = fields.slot(field) {
                        *slot = Some(value(index, check));
                    }
                }
            }
        }
        fields
    }

    /// The document number as printed outside the MRZ, when every part of it is valid:
    /// the full long number for TD1/TD2, issue date + office + number for a French ID,
    /// PIN + version for a Swiss licence.
    pub fn document_number(&self) -> Option<CompactString> {
        self.document_number_with(|_, check| self.value_of(check))
    }

    /// The document number, with `value(index, check)` giving the value of a part.
    fn document_number_with(&self, value: impl Fn(usize, &FieldCheck) -> CompactString) -> Option<CompactString> {
        let parts: &[Field] = match self.verdicts.format {
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
            let (index, check) = self.verdicts.checks.iter().enumerate().find(|(_, check)| check.field == field)?;
            if !check.is_valid() {
                return None;
            }
            // Check digits vouch for the number but are not part of it.
            if field != Field::DocumentNumberCheckDigit {
                number.push_str(&value(index, check));
            }
        }
        Some(number)
    }
}

/// The most characters an MRZ has: TD1's three lines of 30.
const MAX_MRZ_CHARS: usize = 90;

/// The MRZ's characters, copied out of the input, one line after the other: a report
/// owns what its values and messages are written from without a heap allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct MrzText {
    bytes: [u8; MAX_MRZ_CHARS],
    /// Line `i` is `bytes[line_starts[i]..line_starts[i + 1]]`.
    line_starts: [u8; 4],
}

impl MrzText {
    fn copy(lines: &Lines<'_>) -> Self {
        let mut text = MrzText { bytes: [0; MAX_MRZ_CHARS], line_starts: [0; 4] };
        let mut end = 0;
        for index in 0..3 {
            let line = if index < lines.count { lines.get(index) } else { &[] };
            // Detection verified the lines' shape, so they always fit; a longer input
            // would be cut, not panic.
            let taken = line.len().min(MAX_MRZ_CHARS - end);
            text.bytes[end..end + taken].copy_from_slice(&line[..taken]);
            end += taken;
            // At most 90, which fits in a u8.
            text.line_starts[index + 1] = end as u8;
        }
        text
    }

    /// The characters of a span; only MRZ characters (ASCII) were copied, so the UTF-8
    /// check never fails.
    fn text(&self, span: Span) -> &str {
        let line = usize::from(span.line).min(2);
        let from = usize::from(self.line_starts[line]);
        let to = usize::from(self.line_starts[line + 1]);
        self.bytes[from..to]
            .get(usize::from(span.start)..usize::from(span.end))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("")
    }
}

/// Longer than any value: one line is at most 44 characters, and a long document number
/// adds at most its overflow (the rest of a 30-character line) to its 9 characters.
const VALUE_CAPACITY: usize = 64;

/// A value being assembled on the stack, so only values too long to be stored inline
/// (over 24 bytes, e.g. long names) reach the heap.
type ValueBuffer = ArrayVec<u8, VALUE_CAPACITY>;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default()
    }

    #[test]
    fn a_report_outlives_the_text_it_was_checked_from() {
        let input = String::from("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<");
        let report = crate::mrz::check(&input, today()).expect("usable");
        drop(input);
        let last_name = report.detail(Field::LastName).expect("TD1 has a last name");
        assert_eq!(last_name.value.as_deref(), Some("ERIKSSON"));
        assert_eq!(report.fields().first_name.as_deref(), Some("ANNA MARIA"));
    }

    #[test]
    fn the_report_and_its_record_say_the_same() {
        let report = crate::mrz::check_lines(
            &["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<11"],
            today(),
        )
        .expect("usable");
        let record = report.record();
        assert_eq!(record.valid, report.is_valid());
        assert_eq!(record.details, report.details().collect::<Vec<_>>());
        assert_eq!(record.errors().count(), report.errors().count());
        assert_eq!(record.fields, report.fields());
        assert_eq!(serde_json::to_value(&report).ok(), serde_json::to_value(&record).ok());
    }

    #[test]
    fn the_copied_text_keeps_every_line_of_the_longest_format_apart() {
        let report = crate::mrz::check_lines(
            &["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"],
            today(),
        )
        .expect("usable");
        assert_eq!(report.text(Span::new(0, 0, 30)), "I<UTOD231458907<<<<<<<<<<<<<<<");
        assert_eq!(report.text(Span::new(1, 29, 30)), "6");
        assert_eq!(report.text(Span::new(2, 0, 8)), "ERIKSSON");
        assert_eq!(report.text(Span::new(2, 25, 31)), "", "a span past its line is empty, not the next line");
    }
}
