//! Field names, their product labels, the problems a field can have, the product's
//! message wording for each, and a stable machine code per kind of problem.

use std::fmt::{self, Write as _};

use serde::{Deserialize, Serialize};

/// Every field any layout reports, serialised in `snake_case`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    DocumentCode,
    IssuingState,
    LastName,
    FirstName,
    DocumentNumber,
    DocumentNumberCheckDigit,
    Nationality,
    BirthDate,
    BirthDateCheckDigit,
    Sex,
    ExpirationDate,
    ExpirationDateCheckDigit,
    PersonalNumber,
    PersonalNumberCheckDigit,
    CompositeCheckDigit,
    Optional1,
    Optional2,
    Optional,
    AdministrativeCode,
    IssueDate,
    AdministrativeCode2,
    LanguageCode,
    PinCode,
    VersionNumber,
    Separator1,
    Separator2,
}

impl Field {
    /// The "Category" shown on the product page (cheminfo/mrz's labels).
    pub fn label(self) -> &'static str {
        match self {
            Self::DocumentCode => "Document code",
            Self::IssuingState => "Issuing state",
            Self::LastName => "Last name",
            Self::FirstName => "First name",
            Self::DocumentNumber => "Document number",
            Self::DocumentNumberCheckDigit => "Document number check digit",
            Self::Nationality => "Nationality",
            Self::BirthDate => "Birth date",
            Self::BirthDateCheckDigit => "Birth date check digit",
            Self::Sex => "Sex",
            Self::ExpirationDate => "Expiration date",
            Self::ExpirationDateCheckDigit => "Expiration date check digit",
            Self::PersonalNumber => "Personal number",
            Self::PersonalNumberCheckDigit => "Personal number check digit",
            Self::CompositeCheckDigit => "Composite check digit",
            Self::Optional1 => "Optional field 1",
            Self::Optional2 => "Optional field 2",
            Self::Optional => "Optional field",
            Self::AdministrativeCode => "Administrative code",
            Self::IssueDate => "Issue date",
            Self::AdministrativeCode2 => "Administrative code 2",
            Self::LanguageCode => "Language code",
            Self::PinCode => "PIN code",
            Self::VersionNumber => "Version number",
            Self::Separator1 => "Separator 1",
            Self::Separator2 => "Separator 2",
        }
    }
}

/// Stable machine code of a field problem, for API clients and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidCheckDigit,
    InvalidStateCode,
    InvalidText,
    MissingName,
    InvalidDate,
    InvalidDateMonth,
    InvalidDateDay,
    InvalidSex,
    InvalidDocumentCode,
    InvalidDocumentNumber,
    InvalidLanguageCode,
    InvalidNumber,
    InvalidSeparator,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidCheckDigit => "invalid_check_digit",
            Self::InvalidStateCode => "invalid_state_code",
            Self::InvalidText => "invalid_text",
            Self::MissingName => "missing_name",
            Self::InvalidDate => "invalid_date",
            Self::InvalidDateMonth => "invalid_date_month",
            Self::InvalidDateDay => "invalid_date_day",
            Self::InvalidSex => "invalid_sex",
            Self::InvalidDocumentCode => "invalid_document_code",
            Self::InvalidDocumentNumber => "invalid_document_number",
            Self::InvalidLanguageCode => "invalid_language_code",
            Self::InvalidNumber => "invalid_number",
            Self::InvalidSeparator => "invalid_separator",
        }
    }
}

/// A half-open range of one line, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub line: u8,
    pub start: u8,
    pub end: u8,
}

impl Span {
    pub const fn new(line: u8, start: u8, end: u8) -> Self {
        Self { line, start, end }
    }

    pub const fn at(line: u8, position: u8) -> Self {
        Self { line, start: position, end: position + 1 }
    }

    pub fn len(self) -> usize {
        usize::from(self.end - self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    pub fn contains(self, line: usize, position: usize) -> bool {
        usize::from(self.line) == line
            && (usize::from(self.start)..usize::from(self.end)).contains(&position)
    }
}

/// The name regexes of the product's messages (cheminfo/mrz 5 wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRule {
    /// The primary identifier may be empty.
    LastName,
    /// Given names.
    FirstName,
    /// Names of the French formats.
    Alphabetical,
    /// Document numbers must not start with a filler.
    LeadingFiller,
}

/// Which rule a document code breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRule {
    /// TD1, TD2 and the French ID: `A`, `C` or `I` first.
    FirstMustBeACI,
    /// ... and never `V` second.
    SecondMayNotBeV,
    /// ... and never `AI` (Doc 9303 Parts 5 and 6).
    AIsNotFollowedByI,
    /// Passports: `P` first.
    FirstMustBeP,
    /// Visas: `V` first.
    FirstMustBeV,
    /// Passports and visas: a letter or `<` second.
    SecondMustBeLetterOrFiller,
    /// French driving licence: `A`, `B` or `D` first.
    FirstMustBeABD,
    /// French driving licence: a digit second.
    SecondMustBeDigit,
    /// Swiss driving licence: `FA`.
    MustBeFA,
}

/// Which rule a Swiss licence number (`AAA999L<<`) breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwissNumberRule {
    ThreeAlphanumericFirst,
    DigitsInFourToSix,
    EndsWithTwoFillers,
    LanguageCode,
}

/// What is wrong with a field. Messages are rendered from the MRZ text only when a
/// report is built, so checking never allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The printed digit disagrees with the computed one (both ASCII characters).
    CheckDigit { printed: u8, expected: u8 },
    /// An empty personal number's digit must be `0` or `<`.
    EmptyFieldCheckDigit { printed: u8 },
    /// Not in the state table; the message shows the code without fillers.
    StateCode,
    /// Swiss licences are issued by CHE or LIE only.
    StateCodeNotSwiss,
    /// Characters a name (or number) may not hold; `subject` is the text quoted.
    Text { rule: TextRule, subject: Span },
    /// The whole name field is fillers.
    MissingName,
    /// A date that is not digits (or `<<` parts of a birth date).
    DateFormat,
    /// A month outside 01-12; `month` is where the two digits are.
    DateMonth { month: Span },
    /// A day missing from that month's calendar.
    DateDay { day: Span },
    /// Sex other than `M`, `F`, `<`.
    Sex,
    /// A document code breaking `rule`.
    DocumentCode(CodeRule),
    /// A long document number with no `<` after its check digit.
    UnterminatedLongDocumentNumber,
    /// A Swiss licence number breaking `rule`.
    SwissNumber(SwissNumberRule),
    /// A Swiss language letter other than D, F, I, R.
    LanguageCode,
    /// Digits expected (Swiss PIN and version).
    Number,
    /// A Swiss separator that is not all `<`.
    Separator,
}

impl Problem {
    pub fn code(self) -> ErrorCode {
        match self {
            Self::CheckDigit { .. } | Self::EmptyFieldCheckDigit { .. } => ErrorCode::InvalidCheckDigit,
            Self::StateCode | Self::StateCodeNotSwiss => ErrorCode::InvalidStateCode,
            Self::Text { .. } => ErrorCode::InvalidText,
            Self::MissingName => ErrorCode::MissingName,
            Self::DateFormat => ErrorCode::InvalidDate,
            Self::DateMonth { .. } => ErrorCode::InvalidDateMonth,
            Self::DateDay { .. } => ErrorCode::InvalidDateDay,
            Self::Sex => ErrorCode::InvalidSex,
            Self::DocumentCode(_) => ErrorCode::InvalidDocumentCode,
            Self::UnterminatedLongDocumentNumber | Self::SwissNumber(_) => {
                ErrorCode::InvalidDocumentNumber
            }
            Self::LanguageCode => ErrorCode::InvalidLanguageCode,
            Self::Number => ErrorCode::InvalidNumber,
            Self::Separator => ErrorCode::InvalidSeparator,
        }
    }

    /// The product's wording. `raw` is the field's printed text, `value` its cleaned
    /// value, and `text` fetches any other span of the MRZ.
    pub fn message(self, raw: &str, value: &str, text: impl Fn(Span) -> String) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = self.write_message(&mut out, raw, value, &text);
        out
    }

    fn write_message(
        self,
        out: &mut String,
        raw: &str,
        value: &str,
        text: &impl Fn(Span) -> String,
    ) -> fmt::Result {
        match self {
            Self::CheckDigit { printed, expected } => write!(
                out,
                "invalid check digit: {}. Must be {}",
                char::from(printed),
                char::from(expected)
            ),
            Self::EmptyFieldCheckDigit { printed } => {
                write!(out, "invalid check digit {}: must be 0 or <", char::from(printed))
            }
            Self::StateCode => write!(out, "invalid state code: {value}"),
            Self::StateCodeNotSwiss => write!(out, "invalid state code: {value}. Must be CHE or LIE"),
            Self::Text { rule, subject } => {
                let subject = text(subject);
                match rule {
                    TextRule::LastName => write!(
                        out,
                        "invalid text: {subject}. Must match the following regular expression: /^[A-Z<]*<*$/"
                    ),
                    TextRule::FirstName => write!(
                        out,
                        "invalid text: {subject}. Must match the following regular expression: /^[A-Z<]+<*$/"
                    ),
                    TextRule::Alphabetical => {
                        write!(out, "invalid text: {subject}. Must be only alphabetical with <")
                    }
                    TextRule::LeadingFiller => write!(
                        out,
                        "invalid text: {subject}. Must match the following regular expression: /^[A-Z0-9][A-Z0-9<]*$/"
                    ),
                }
            }
            Self::MissingName => write!(out, "missing name: {raw}. The name field holds only fillers"),
            Self::DateFormat => write!(out, "invalid date: {raw}"),
            Self::DateMonth { month } => write!(out, "invalid date month: {}", text(month)),
            Self::DateDay { day } => write!(out, "invalid date day: {}", text(day)),
            Self::Sex => write!(out, "invalid sex: {raw}. Must be M, F or <."),
            Self::DocumentCode(rule) => write_document_code_message(out, rule, raw),
            Self::UnterminatedLongDocumentNumber => write!(
                out,
                "invalid document number: {raw}. A long document number must end with its check digit followed by <"
            ),
            Self::SwissNumber(rule) => match rule {
                SwissNumberRule::ThreeAlphanumericFirst => write!(
                    out,
                    "invalid document number: {raw}. Must start with three alphanumeric digits"
                ),
                SwissNumberRule::DigitsInFourToSix => write!(
                    out,
                    "invalid document number: {raw}. Must have numeric digits in positions 4, 5 and 6"
                ),
                SwissNumberRule::EndsWithTwoFillers => {
                    write!(out, "invalid document number: {raw}. Must end with <<")
                }
                SwissNumberRule::LanguageCode => write!(
                    out,
                    "invalid languageCode code: {}. Must be D, F, I or R",
                    raw.get(6..7).unwrap_or("")
                ),
            },
            Self::LanguageCode => write!(out, "invalid languageCode code: {raw}. Must be D, F, I or R"),
            Self::Number => write!(out, "invalid number: {raw}"),
            Self::Separator => {
                write!(out, "invalid separator: {raw}. Must be composed only of \"<\"")
            }
        }
    }
}

fn write_document_code_message(out: &mut String, rule: CodeRule, raw: &str) -> fmt::Result {
    match rule {
        CodeRule::FirstMustBeACI => {
            write!(out, "invalid document code: {raw}. First character must be A, C or I")
        }
        CodeRule::SecondMayNotBeV => {
            write!(out, "invalid document code: {raw}. Second character may not be V")
        }
        CodeRule::AIsNotFollowedByI => {
            write!(out, "invalid document code: {raw}. Second character may not be I after A")
        }
        CodeRule::FirstMustBeP => {
            write!(out, "invalid document code: {raw}. First character must be P")
        }
        CodeRule::FirstMustBeV => {
            write!(out, "invalid document code: {raw}. First character must be V")
        }
        CodeRule::SecondMustBeLetterOrFiller => write!(
            out,
            "invalid document code: {raw}. Second character must be a letter or <"
        ),
        CodeRule::FirstMustBeABD => {
            write!(out, "invalid document code: {raw}. First character must be A, B, or D")
        }
        CodeRule::SecondMustBeDigit => write!(
            out,
            "invalid document code number: {raw}. Second character must be a number"
        ),
        CodeRule::MustBeFA => write!(out, "invalid document code: {raw}. Must be FA"),
    }
}
