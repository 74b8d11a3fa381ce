//! The allocation-free checking core: borrowed lines in, a fixed array of per-field
//! verdicts out. Messages and owned values are only produced by [`super::report`].

use arrayvec::ArrayVec;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check_digit::check_digit_of;
use super::date::{DateKind, DateProblem, MrzDate, parse_date};
use super::field::{CodeRule, Field, Problem, Span, SwissNumberRule, TextRule};
use super::format::{Lines, MrzFormat};
use super::states::is_known_state;

/// The most fields any layout has (TD1 and TD3 have 15).
pub const MAX_FIELDS: usize = 16;

/// How a field's value is read from its printed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Trailing fillers dropped (document codes, state codes).
    Code,
    /// Trailing fillers dropped, inner fillers shown as spaces (numbers, optional data).
    Text,
    /// Each run of fillers becomes one space (names).
    Name,
    /// As printed (dates, check digits).
    Raw,
    /// `M`, `F`, `<` as `male`, `female`, `nonspecified`.
    Sex,
    /// A long TD1/TD2 number: the 9 principal characters (the value span) followed by the
    /// overflow, which sits in the optional data.
    LongDocumentNumber { overflow: Span },
}

/// The verdict on one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldCheck {
    pub field: Field,
    /// Where the report locates the field: the value without trailing fillers when valid,
    /// the whole printed field when not (ICAO names: the faulty identifier).
    pub span: Span,
    /// Where the value is, fillers excluded.
    pub value: Span,
    /// The whole printed field, quoted by messages.
    pub raw: Span,
    pub shape: Shape,
    pub problem: Option<Problem>,
}

impl FieldCheck {
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// Which computation verified a long document number's check digit (Doc 9303 Part 5
/// §4.2.4 excludes the `<` at position 15; some issuers, e.g. Belgium, include it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LongNumberVariant {
    /// Computed without the `<`, as ICAO specifies.
    Icao,
    /// Computed with the `<`, as some issuers do.
    FillerIncluded,
    /// Both computations give the printed digit.
    Both,
}

/// Everything the checks found, borrowing the input.
#[derive(Debug, Clone)]
pub struct Analysis<'a> {
    pub lines: Lines<'a>,
    pub verdicts: Verdicts,
}

/// Every field's verdict and what the date checks read: the part of an analysis that
/// borrows nothing, so an owned report can hold it as it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdicts {
    pub format: MrzFormat,
    pub checks: ArrayVec<FieldCheck, MAX_FIELDS>,
    pub birth_date: Option<MrzDate>,
    pub expiration_date: Option<MrzDate>,
    pub issue_date: Option<MrzDate>,
    /// Set when the document number overflowed and its check digit verified.
    pub long_number_variant: Option<LongNumberVariant>,
}

impl Verdicts {
    /// No verdict yet, for lines of `format`.
    pub fn new(format: MrzFormat) -> Self {
        Verdicts {
            format,
            checks: ArrayVec::new(),
            birth_date: None,
            expiration_date: None,
            issue_date: None,
            long_number_variant: None,
        }
    }

    /// Whether every field passed.
    pub fn is_valid(&self) -> bool {
        self.checks.iter().all(FieldCheck::is_valid)
    }
}

impl<'a> Analysis<'a> {
    /// Whether every field passed.
    pub fn is_valid(&self) -> bool {
        self.verdicts.is_valid()
    }

    /// The printed text of a span.
    pub fn bytes(&self, span: Span) -> &'a [u8] {
        bytes_of(&self.lines, span)
    }

    /// The printed text of a span, as text: the input check let only ASCII through, so
    /// this needs no UTF-8 validation.
    pub fn text(&self, span: Span) -> &'a str {
        self.lines
            .text(usize::from(span.line))
            .get(usize::from(span.start)..usize::from(span.end))
            .unwrap_or("")
    }

    /// The verdict on `field`, if this layout has it.
    pub fn check(&self, field: Field) -> Option<&FieldCheck> {
        self.verdicts.checks.iter().find(|check| check.field == field)
    }
}

fn bytes_of<'a>(lines: &Lines<'a>, span: Span) -> &'a [u8] {
    lines
        .get(usize::from(span.line))
        .get(usize::from(span.start)..usize::from(span.end))
        .unwrap_or(&[])
}

/// Runs every check of `format` on lines whose shape [`super::format::detect`] verified.
pub fn analyze<'a>(format: MrzFormat, lines: Lines<'a>, today: NaiveDate) -> Analysis<'a> {
    let mut analysis = Analysis { lines, verdicts: Verdicts::new(format) };
    check_into(&mut analysis.verdicts, lines, today);
    analysis
}

/// Writes the verdicts on lines whose shape [`super::format::detect`] verified into
/// `verdicts` (made by [`Verdicts::new`] for their format), where the caller keeps them:
/// an owned report is filled in place rather than copied.
pub fn check_into(verdicts: &mut Verdicts, lines: Lines<'_>, today: NaiveDate) {
    let mut checker = Checker { today, lines, verdicts };
    match checker.verdicts.format {
        MrzFormat::Td1 => checker.td1(),
        MrzFormat::Td2 => checker.td2(),
        MrzFormat::Td3 => checker.td3(),
        MrzFormat::MrvA => checker.visa(44),
        MrzFormat::MrvB => checker.visa(36),
        MrzFormat::FrenchNationalId => checker.french_national_id(),
        MrzFormat::FrenchDrivingLicense => checker.french_driving_license(),
        MrzFormat::SwissDrivingLicense => checker.swiss_driving_license(),
    }
}

const fn span(line: u8, start: u8, end: u8) -> Span {
    Span::new(line, start, end)
}

const fn at(line: u8, position: u8) -> Span {
    Span::at(line, position)
}

struct Checker<'a, 'r> {
    today: NaiveDate,
    lines: Lines<'a>,
    verdicts: &'r mut Verdicts,
}

/// Where a long document number may overflow to, and where its optional data ends.
struct NumberLayout {
    /// The 9 principal characters.
    principal: Span,
    /// The optional data field that may hold the overflow.
    optional: Span,
}

// The layouts, field by field, in the order of the product page (cheminfo/mrz's order).
impl<'a> Checker<'a, '_> {
    fn td1(&mut self) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        let optional1 = self.document_number_with_overflow(NumberLayout {
            principal: span(0, 5, 14),
            optional: span(0, 15, 30),
        });
        self.text(Field::Optional1, optional1);
        self.birth_date_and_digit(span(1, 0, 6), at(1, 6));
        self.sex(at(1, 7));
        self.expiry_date_and_digit(span(1, 8, 14), at(1, 14));
        self.state(Field::Nationality, span(1, 15, 18));
        self.text(Field::Optional2, span(1, 18, 29));
        self.check_digit(
            Field::CompositeCheckDigit,
            at(1, 29),
            &[span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)],
        );
        self.names(span(2, 0, 30));
    }

    fn td2(&mut self) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        self.names(span(0, 5, 36));
        let optional = self.document_number_with_overflow(NumberLayout {
            principal: span(1, 0, 9),
            optional: span(1, 28, 35),
        });
        self.state(Field::Nationality, span(1, 10, 13));
        self.birth_date_and_digit(span(1, 13, 19), at(1, 19));
        self.sex(at(1, 20));
        self.expiry_date_and_digit(span(1, 21, 27), at(1, 27));
        self.text(Field::Optional, optional);
        self.check_digit(
            Field::CompositeCheckDigit,
            at(1, 35),
            &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)],
        );
    }

    fn td3(&mut self) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        self.names(span(0, 5, 44));
        self.short_document_number(span(1, 0, 9), at(1, 9));
        self.state(Field::Nationality, span(1, 10, 13));
        self.birth_date_and_digit(span(1, 13, 19), at(1, 19));
        self.sex(at(1, 20));
        self.expiry_date_and_digit(span(1, 21, 27), at(1, 27));
        self.text(Field::PersonalNumber, span(1, 28, 42));
        self.optional_data_check_digit(Field::PersonalNumberCheckDigit, at(1, 42), span(1, 28, 42));
        self.check_digit(
            Field::CompositeCheckDigit,
            at(1, 43),
            &[span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)],
        );
    }

    /// MRV-A (`width` 44) and MRV-B (36): a passport-like zone with no composite digit;
    /// the optional data is covered by nothing.
    fn visa(&mut self, width: u8) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        self.names(span(0, 5, width));
        self.short_document_number(span(1, 0, 9), at(1, 9));
        self.state(Field::Nationality, span(1, 10, 13));
        self.birth_date_and_digit(span(1, 13, 19), at(1, 19));
        self.sex(at(1, 20));
        self.expiry_date_and_digit(span(1, 21, 27), at(1, 27));
        self.text(Field::Optional, span(1, 28, width));
    }

    fn french_national_id(&mut self) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        self.alphabetical_name(Field::LastName, span(0, 5, 30));
        self.text(Field::AdministrativeCode, span(0, 30, 36));
        self.date(Field::IssueDate, span(1, 0, 4), DateKind::Issue);
        self.text(Field::AdministrativeCode2, span(1, 4, 7));
        self.text(Field::DocumentNumber, span(1, 7, 12));
        self.check_digit(Field::DocumentNumberCheckDigit, at(1, 12), &[span(1, 0, 12)]);
        self.alphabetical_name(Field::FirstName, span(1, 13, 27));
        self.birth_date_and_digit(span(1, 27, 33), at(1, 33));
        self.sex(at(1, 34));
        self.check_digit(Field::CompositeCheckDigit, at(1, 35), &[span(0, 0, 36), span(1, 0, 35)]);
    }

    fn french_driving_license(&mut self) {
        self.document_code(span(0, 0, 2));
        self.state(Field::IssuingState, span(0, 2, 5));
        self.text(Field::DocumentNumber, span(0, 5, 14));
        self.check_digit(Field::DocumentNumberCheckDigit, at(0, 14), &[span(0, 0, 14)]);
        self.date(Field::ExpirationDate, span(0, 15, 21), DateKind::Expiry);
        self.alphabetical_name(Field::LastName, span(0, 21, 29));
        self.check_digit(Field::CompositeCheckDigit, at(0, 29), &[span(0, 0, 29)]);
    }

    /// No check digit at all: every field is checked by its shape.
    fn swiss_driving_license(&mut self) {
        self.swiss_document_number(span(0, 0, 9));
        self.swiss_language_code(at(0, 6));
        self.document_code(span(1, 0, 2));
        self.swiss_state(span(1, 2, 5));
        self.digits(Field::PinCode, span(1, 5, 14));
        self.digits(Field::VersionNumber, span(1, 14, 17));
        self.separator(Field::Separator1, span(1, 17, 19));
        self.date(Field::BirthDate, span(1, 19, 25), DateKind::Birth);
        self.separator(Field::Separator2, span(1, 25, 30));
        self.names(span(2, 0, 30));
    }
}

// Field checks shared by the layouts.
impl<'a> Checker<'a, '_> {
    fn bytes(&self, span: Span) -> &'a [u8] {
        bytes_of(&self.lines, span)
    }

    /// Records a verdict. An invalid field is located by its whole printed text (what
    /// the message quotes), except ICAO names, which locate the faulty identifier.
    fn push(&mut self, field: Field, span: Span, raw: Span, shape: Shape, problem: Option<Problem>) {
        let value = span;
        let span = if problem.is_some() && shape != Shape::Name { raw } else { value };
        self.record(FieldCheck { field, span, value, raw, shape, problem });
    }

    fn record(&mut self, check: FieldCheck) {
        // Capacity is the largest layout's field count, so this never overflows; if a
        // layout ever grew past it the extra field would be dropped, never a panic.
        let _ = self.verdicts.checks.try_push(check);
    }

    /// The span without its trailing fillers.
    fn trimmed(&self, span: Span) -> Span {
        let text = self.bytes(span);
        let kept = text.iter().rposition(|&b| b != b'<').map_or(0, |i| i + 1);
        // `kept` is at most the span's length, which fits in a u8.
        Span::new(span.line, span.start, span.start + kept as u8)
    }

    fn document_code(&mut self, raw: Span) {
        let code = self.bytes(raw);
        let (first, second) = (code[0], code[1]);
        let problem = match self.verdicts.format {
            MrzFormat::Td1 | MrzFormat::Td2 | MrzFormat::FrenchNationalId => {
                if !matches!(first, b'A' | b'C' | b'I') {
                    Some(CodeRule::FirstMustBeACI)
                } else if second == b'V' {
                    Some(CodeRule::SecondMayNotBeV)
                } else if first == b'A' && second == b'I' {
                    Some(CodeRule::AIsNotFollowedByI)
                } else {
                    None
                }
            }
            MrzFormat::Td3 | MrzFormat::MrvA | MrzFormat::MrvB => {
                let expected_first = if self.verdicts.format == MrzFormat::Td3 { b'P' } else { b'V' };
                if first != expected_first {
                    Some(if expected_first == b'P' { CodeRule::FirstMustBeP } else { CodeRule::FirstMustBeV })
                } else if !(second.is_ascii_uppercase() || second == b'<') {
                    Some(CodeRule::SecondMustBeLetterOrFiller)
                } else {
                    None
                }
            }
            MrzFormat::FrenchDrivingLicense => {
                if !matches!(first, b'A' | b'B' | b'D') {
                    Some(CodeRule::FirstMustBeABD)
                } else if !second.is_ascii_digit() {
                    Some(CodeRule::SecondMustBeDigit)
                } else {
                    None
                }
            }
            MrzFormat::SwissDrivingLicense => (code != b"FA").then_some(CodeRule::MustBeFA),
        };
        let span = self.trimmed(raw);
        self.push(Field::DocumentCode, span, raw, Shape::Code, problem.map(Problem::DocumentCode));
    }

    fn state(&mut self, field: Field, raw: Span) {
        let problem = (!is_known_state(self.bytes(raw))).then_some(Problem::StateCode);
        let span = self.trimmed(raw);
        self.push(field, span, raw, Shape::Code, problem);
    }

    fn swiss_state(&mut self, raw: Span) {
        let code = self.bytes(raw);
        let problem = (code != b"CHE" && code != b"LIE").then_some(Problem::StateCodeNotSwiss);
        self.push(Field::IssuingState, raw, raw, Shape::Code, problem);
    }

    /// Free text in the MRZ alphabet (optional data, personal numbers, administrative
    /// codes): the input check already guarantees its characters. Fillers on either side
    /// are not part of the value (MRV-B optional data may start with `<`).
    fn text(&mut self, field: Field, raw: Span) {
        let span = self.trimmed(raw);
        let leading = self.bytes(span).iter().take_while(|&&b| b == b'<').count();
        // `leading` is at most the span's length, which fits in a u8.
        let span = Span::new(span.line, span.start + leading as u8, span.end);
        self.push(field, span, raw, Shape::Text, None);
    }

    fn digits(&mut self, field: Field, raw: Span) {
        let problem = (!self.bytes(raw).iter().all(u8::is_ascii_digit)).then_some(Problem::Number);
        self.push(field, raw, raw, Shape::Raw, problem);
    }

    fn separator(&mut self, field: Field, raw: Span) {
        let problem = (!self.bytes(raw).iter().all(|&b| b == b'<')).then_some(Problem::Separator);
        self.push(field, raw, raw, Shape::Raw, problem);
    }

    fn sex(&mut self, raw: Span) {
        let problem = (!matches!(self.bytes(raw), b"M" | b"F" | b"<")).then_some(Problem::Sex);
        self.push(Field::Sex, raw, raw, Shape::Sex, problem);
    }

    fn check_digit(&mut self, field: Field, position: Span, covered: &[Span]) {
        let mut parts: [&[u8]; 4] = [&[]; 4];
        for (part, &span) in parts.iter_mut().zip(covered) {
            *part = self.bytes(span);
        }
        let expected = b'0' + check_digit_of(&parts);
        let printed = self.printed_digit(position);
        let problem = (printed != expected).then_some(Problem::CheckDigit { printed, expected });
        self.push(field, position, position, Shape::Raw, problem);
    }

    fn printed_digit(&self, position: Span) -> u8 {
        self.bytes(position).first().copied().unwrap_or(b'<')
    }

    /// Doc 9303 Part 4: when the optional data is all fillers its digit may be `0` or `<`.
    fn optional_data_check_digit(&mut self, field: Field, position: Span, covered: Span) {
        if self.bytes(covered).iter().all(|&b| b == b'<') {
            let printed = self.printed_digit(position);
            let problem = (!matches!(printed, b'0' | b'<')).then_some(Problem::EmptyFieldCheckDigit { printed });
            self.push(field, position, position, Shape::Raw, problem);
        } else {
            self.check_digit(field, position, &[covered]);
        }
    }

    fn short_document_number(&mut self, raw: Span, digit: Span) {
        self.document_number(raw);
        self.check_digit(Field::DocumentNumberCheckDigit, digit, &[raw]);
    }

    fn document_number(&mut self, raw: Span) {
        let problem = (self.bytes(raw).first() == Some(&b'<'))
            .then_some(Problem::Text { rule: TextRule::LeadingFiller, subject: raw });
        let span = self.trimmed(raw);
        self.push(Field::DocumentNumber, span, raw, Shape::Text, problem);
    }

    /// TD1/TD2 document numbers longer than 9 characters (Doc 9303 Part 5 note j, Part 6
    /// note j): a `<` replaces the check digit, the rest of the number opens the optional
    /// data, followed by the check digit and a `<`. Returns where the optional data
    /// proper lies.
    fn document_number_with_overflow(&mut self, layout: NumberLayout) -> Span {
        let NumberLayout { principal, optional } = layout;
        let marker = at(principal.line, principal.end);
        let overflows = self.bytes(marker) == b"<" && self.bytes(at(optional.line, optional.start)) != b"<";
        if !overflows {
            self.short_document_number(principal, marker);
            return optional;
        }

        let overflow_area = self.bytes(optional);
        let terminator = overflow_area.iter().position(|&b| b == b'<');
        // Without a terminating `<` the last character is taken as the check digit.
        let digit_offset = terminator.unwrap_or(overflow_area.len()).saturating_sub(1);
        // Offsets are below the line length, which fits in a u8.
        let digit = at(optional.line, optional.start + digit_offset as u8);
        let overflow = span(optional.line, optional.start, digit.start);
        // On TD1 the number reads on from the principal part to the overflow, and is
        // located as one range (like cheminfo/mrz); on TD2 the parts are apart.
        let contiguous = optional.line == principal.line && optional.start == principal.end + 1;
        let location = if contiguous { span(principal.line, principal.start, digit.start) } else { principal };

        let problem = terminator.is_none().then_some(Problem::UnterminatedLongDocumentNumber);
        self.record(FieldCheck {
            field: Field::DocumentNumber,
            span: location,
            value: principal,
            raw: location,
            shape: Shape::LongDocumentNumber { overflow },
            problem,
        });
        self.long_number_digit(principal, marker, overflow, digit);

        let rest_start = (digit.end + 1).min(optional.end);
        span(optional.line, rest_start, optional.end)
    }

    fn long_number_digit(&mut self, principal: Span, marker: Span, overflow: Span, digit: Span) {
        let (principal, marker, overflow) = (self.bytes(principal), self.bytes(marker), self.bytes(overflow));
        let icao = b'0' + check_digit_of(&[principal, overflow]);
        let filler_included = b'0' + check_digit_of(&[principal, marker, overflow]);
        let printed = self.printed_digit(digit);
        let variant = match (printed == icao, printed == filler_included) {
            (true, true) => Some(LongNumberVariant::Both),
            (true, false) => Some(LongNumberVariant::Icao),
            (false, true) => Some(LongNumberVariant::FillerIncluded),
            (false, false) => None,
        };
        self.verdicts.long_number_variant = variant;
        // The message names the ICAO computation when neither matches.
        let problem = variant.is_none().then_some(Problem::CheckDigit { printed, expected: icao });
        self.push(Field::DocumentNumberCheckDigit, digit, digit, Shape::Raw, problem);
    }

    fn date(&mut self, field: Field, raw: Span, kind: DateKind) {
        let parsed = parse_date(self.bytes(raw), kind, self.today);
        let problem = match parsed {
            Ok(_) => None,
            Err(DateProblem::Format) => Some(Problem::DateFormat),
            Err(DateProblem::Month) => Some(Problem::DateMonth { month: span(raw.line, raw.start + 2, raw.start + 4) }),
            Err(DateProblem::Day) => Some(Problem::DateDay { day: span(raw.line, raw.start + 4, raw.start + 6) }),
        };
        let date = parsed.ok();
        match field {
            Field::BirthDate => self.verdicts.birth_date = date,
            Field::ExpirationDate => self.verdicts.expiration_date = date,
            Field::IssueDate => self.verdicts.issue_date = date,
            _ => {}
        }
        self.push(field, raw, raw, Shape::Raw, problem);
    }

    fn birth_date_and_digit(&mut self, raw: Span, digit: Span) {
        self.date(Field::BirthDate, raw, DateKind::Birth);
        self.check_digit(Field::BirthDateCheckDigit, digit, &[raw]);
    }

    fn expiry_date_and_digit(&mut self, raw: Span, digit: Span) {
        self.date(Field::ExpirationDate, raw, DateKind::Expiry);
        self.check_digit(Field::ExpirationDateCheckDigit, digit, &[raw]);
    }

    /// ICAO name field: primary identifier, `<<`, secondary identifiers. The primary may
    /// be empty (`<<ANNA`), the secondary too (`TEST<<<<`), not both.
    fn names(&mut self, raw: Span) {
        let text = self.bytes(raw);
        let separator = text.windows(2).position(|pair| pair == b"<<");
        let last_len = separator.unwrap_or_else(|| self.trimmed(raw).len());
        // Lengths are below the line length, which fits in a u8.
        let last = span(raw.line, raw.start, raw.start + last_len as u8);
        let first_raw = match separator {
            Some(at) => span(raw.line, raw.start + at as u8 + 2, raw.end),
            None => span(raw.line, raw.end, raw.end),
        };
        let first = self.trimmed(first_raw);

        let last_problem = if !is_name(self.bytes(last)) {
            Some(Problem::Text { rule: TextRule::LastName, subject: last })
        } else if last.is_empty() && first.is_empty() {
            Some(Problem::MissingName)
        } else {
            None
        };
        self.push(Field::LastName, last, raw, Shape::Name, last_problem);
        let first_problem = (!is_name(self.bytes(first_raw)))
            .then_some(Problem::Text { rule: TextRule::FirstName, subject: first_raw });
        self.push(Field::FirstName, first, first_raw, Shape::Name, first_problem);
    }

    /// A name in the French formats: one field, letters and fillers only.
    fn alphabetical_name(&mut self, field: Field, raw: Span) {
        let problem = (!is_name(self.bytes(raw))).then_some(Problem::Text { rule: TextRule::Alphabetical, subject: raw });
        let value = self.trimmed(raw);
        // The message quotes the whole field, so an invalid name is located by all of it.
        let span = if problem.is_some() { raw } else { value };
        self.record(FieldCheck { field, span, value, raw, shape: Shape::Name, problem });
    }

    /// `AAA999L<<`: three letters or digits, three digits, the language, two fillers.
    fn swiss_document_number(&mut self, raw: Span) {
        let number = self.bytes(raw);
        let rule = if !number[0..3].iter().all(u8::is_ascii_alphanumeric) {
            Some(SwissNumberRule::ThreeAlphanumericFirst)
        } else if !number[3..6].iter().all(u8::is_ascii_digit) {
            Some(SwissNumberRule::DigitsInFourToSix)
        } else if &number[7..9] != b"<<" {
            Some(SwissNumberRule::EndsWithTwoFillers)
        } else if !is_swiss_language(number[6]) {
            Some(SwissNumberRule::LanguageCode)
        } else {
            None
        };
        let span = self.trimmed(raw);
        self.push(Field::DocumentNumber, span, raw, Shape::Code, rule.map(Problem::SwissNumber));
    }

    fn swiss_language_code(&mut self, raw: Span) {
        let problem = (!is_swiss_language(self.printed_digit(raw))).then_some(Problem::LanguageCode);
        self.push(Field::LanguageCode, raw, raw, Shape::Code, problem);
    }
}

/// Letters and fillers only. Looks at every byte rather than stopping at the first
/// other one, which lets the compiler test many at once (names are mostly valid).
fn is_name(text: &[u8]) -> bool {
    text.iter().fold(true, |all, &b| all & (b.is_ascii_uppercase() || b == b'<'))
}

fn is_swiss_language(byte: u8) -> bool {
    matches!(byte, b'D' | b'F' | b'I' | b'R')
}
