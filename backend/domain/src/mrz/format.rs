//! Input hygiene and format detection: which of the eight layouts a set of lines is, or
//! why it is structurally unusable.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::check_digit::{all_mrz_chars, is_mrz_char};

/// The document layouts the engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MrzFormat {
    /// ID card, 3 lines of 30.
    #[serde(rename = "TD1")]
    Td1,
    /// ID card or travel document, 2 lines of 36.
    #[serde(rename = "TD2")]
    Td2,
    /// Passport, 2 lines of 44.
    #[serde(rename = "TD3")]
    Td3,
    /// Full-size visa, 2 lines of 44 starting with `V`.
    #[serde(rename = "MRVA")]
    MrvA,
    /// Small visa, 2 lines of 36 starting with `V`.
    #[serde(rename = "MRVB")]
    MrvB,
    /// French national ID card issued before 2021, 2 lines of 36.
    #[serde(rename = "FRENCH_NATIONAL_ID")]
    FrenchNationalId,
    /// French driving licence, 1 line of 30.
    #[serde(rename = "FRENCH_DRIVING_LICENSE")]
    FrenchDrivingLicense,
    /// Swiss driving licence, lines of 9, 30 and 30.
    #[serde(rename = "SWISS_DRIVING_LICENSE")]
    SwissDrivingLicense,
}

impl MrzFormat {
    pub const ALL: [MrzFormat; 8] = [
        Self::Td1,
        Self::Td2,
        Self::Td3,
        Self::MrvA,
        Self::MrvB,
        Self::FrenchNationalId,
        Self::FrenchDrivingLicense,
        Self::SwissDrivingLicense,
    ];

    /// The name used on the wire (and in cheminfo/mrz).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Td1 => "TD1",
            Self::Td2 => "TD2",
            Self::Td3 => "TD3",
            Self::MrvA => "MRVA",
            Self::MrvB => "MRVB",
            Self::FrenchNationalId => "FRENCH_NATIONAL_ID",
            Self::FrenchDrivingLicense => "FRENCH_DRIVING_LICENSE",
            Self::SwissDrivingLicense => "SWISS_DRIVING_LICENSE",
        }
    }

    /// Expected length of each line.
    pub fn line_lengths(self) -> &'static [usize] {
        match self {
            Self::Td1 => &[30, 30, 30],
            Self::Td2 | Self::MrvB | Self::FrenchNationalId => &[36, 36],
            Self::Td3 | Self::MrvA => &[44, 44],
            Self::FrenchDrivingLicense => &[30],
            Self::SwissDrivingLicense => &[9, 30, 30],
        }
    }
}

impl fmt::Display for MrzFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of structurally unusable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzInputErrorKind {
    /// No line, or more than three.
    UnrecognizedLineCount,
    /// The first line has a length no format starts with.
    UnrecognizedLineLength,
    /// The format was recognised but has another number of lines.
    WrongLineCount,
    /// A line other than the first has the wrong length for the format.
    WrongLineLength,
    /// A character outside `A-Z`, `0-9` and `<`.
    InvalidCharacter,
}

impl MrzInputErrorKind {
    /// Stable machine code, for API clients.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnrecognizedLineCount => "unrecognized_line_count",
            Self::UnrecognizedLineLength => "unrecognized_line_length",
            Self::WrongLineCount => "wrong_line_count",
            Self::WrongLineLength => "wrong_line_length",
            Self::InvalidCharacter => "invalid_character",
        }
    }
}

/// Input that cannot be read as an MRZ at all. `line` and `position` are 0-based
/// (`position` counts characters); the message speaks 1-based, as people do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct MrzInputError {
    pub kind: MrzInputErrorKind,
    pub line: usize,
    pub position: Option<usize>,
    pub message: String,
}

impl MrzInputError {
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    fn new(kind: MrzInputErrorKind, line: usize, position: Option<usize>, message: String) -> Self {
        Self { kind, line, position, message }
    }
}

/// At most three lines, borrowed from the input, trailing whitespace removed. Only
/// MRZ characters (ASCII), so any range of bytes is also text.
#[derive(Debug, Clone, Copy)]
pub struct Lines<'a> {
    pub lines: [&'a str; super::MAX_LINES],
    pub count: usize,
}

impl<'a> Lines<'a> {
    /// Line `index` as bytes, for the checks.
    pub fn get(&self, index: usize) -> &'a [u8] {
        self.lines[index].as_bytes()
    }

    /// Line `index` as text, for the report's values and messages.
    pub fn text(&self, index: usize) -> &'a str {
        self.lines[index]
    }
}

/// Splits text on `\n` (so `\r\n` works too), trims trailing whitespace of each line and
/// ignores blank lines at the end.
pub fn split_text(input: &str) -> Result<Lines<'_>, MrzInputError> {
    collect_lines(input.split('\n'))
}

/// Same hygiene for lines given one by one.
pub fn from_slice<'a>(lines: &[&'a str]) -> Result<Lines<'a>, MrzInputError> {
    collect_lines(lines.iter().copied())
}

fn collect_lines<'a>(raw: impl Iterator<Item = &'a str>) -> Result<Lines<'a>, MrzInputError> {
    let mut lines: [&'a str; super::MAX_LINES] = [""; super::MAX_LINES];
    let mut count = 0usize;
    let mut pending_blanks = 0usize;
    for line in raw {
        let line = trim_end(line);
        if line.is_empty() {
            pending_blanks += 1;
            continue;
        }
        // A blank line followed by text is a real (empty) line.
        count += pending_blanks;
        pending_blanks = 0;
        if count < super::MAX_LINES {
            lines[count] = line;
        }
        count += 1;
    }
    if count == 0 || count > super::MAX_LINES {
        return Err(MrzInputError::new(
            MrzInputErrorKind::UnrecognizedLineCount,
            0,
            None,
            format!(
                "unrecognized document format. Input must have one, two or three lines, found {count}"
            ),
        ));
    }
    for (index, line) in lines.iter().take(count).enumerate() {
        reject_foreign_characters(index, line)?;
    }
    Ok(Lines { lines, count })
}

/// `str::trim_end`, with a shortcut for the usual line that ends in an MRZ character
/// (the general trim decodes characters from the end one by one).
fn trim_end(line: &str) -> &str {
    match line.as_bytes().last() {
        Some(&last) if is_mrz_char(last) => line,
        _ => line.trim_end(),
    }
}

fn reject_foreign_characters(line_index: usize, line: &str) -> Result<(), MrzInputError> {
    if all_mrz_chars(line.as_bytes()) {
        return Ok(());
    }
    let found = line.chars().enumerate().find(|(_, c)| !c.is_ascii() || !is_mrz_char(*c as u8));
    let (position, character) = found.unwrap_or((0, '?'));
    Err(MrzInputError::new(
        MrzInputErrorKind::InvalidCharacter,
        line_index,
        Some(position),
        format!(
            "invalid character {character:?} on line {} at position {}: an MRZ holds only A-Z, 0-9 and <",
            line_index + 1,
            position + 1
        ),
    ))
}

/// Picks the layout from the line count, the first line's length and its first letters,
/// then checks every line's length against it.
pub fn detect(lines: &Lines<'_>) -> Result<MrzFormat, MrzInputError> {
    let first = lines.get(0);
    let format = match (lines.count, first.len()) {
        (1, 30) => MrzFormat::FrenchDrivingLicense,
        (1, len) => {
            return Err(MrzInputError::new(
                MrzInputErrorKind::UnrecognizedLineLength,
                0,
                None,
                format!(
                    "unrecognized document format. First line of input must have 30 (French Driving License) characters and it has a length of {len}"
                ),
            ));
        }
        (_, 30) => MrzFormat::Td1,
        (_, 36) if first.starts_with(b"V") => MrzFormat::MrvB,
        (_, 36) if looks_french(first) => MrzFormat::FrenchNationalId,
        (_, 36) => MrzFormat::Td2,
        (_, 44) if first.starts_with(b"V") => MrzFormat::MrvA,
        (_, 44) => MrzFormat::Td3,
        (_, 9) => MrzFormat::SwissDrivingLicense,
        (_, len) => {
            return Err(MrzInputError::new(
                MrzInputErrorKind::UnrecognizedLineLength,
                0,
                None,
                format!(
                    "unrecognized document format. First line of input must have 30 (TD1), 36 (TD2 or French National Id), 44 (TD3) or 9 (Swiss Driving License) characters and it has a length of {len}"
                ),
            ));
        }
    };
    check_shape(format, lines)?;
    Ok(format)
}

/// A French ID's first line ends with an administrative code holding digits, where a TD2
/// holds name characters only; cards without that code still start `IDFRA`.
fn looks_french(first: &[u8]) -> bool {
    first.starts_with(b"IDFRA") || first[30..].iter().any(u8::is_ascii_digit)
}

fn check_shape(format: MrzFormat, lines: &Lines<'_>) -> Result<(), MrzInputError> {
    let lengths = format.line_lengths();
    if lines.count != lengths.len() {
        return Err(MrzInputError::new(
            MrzInputErrorKind::WrongLineCount,
            lines.count.min(lengths.len()),
            None,
            format!(
                "invalid number of lines: {}: Must be {} for {format}",
                lines.count,
                lengths.len()
            ),
        ));
    }
    for (index, &expected) in lengths.iter().enumerate() {
        let actual = lines.get(index).len();
        if actual != expected {
            return Err(MrzInputError::new(
                MrzInputErrorKind::WrongLineLength,
                index,
                None,
                format!(
                    "invalid number of characters for line {}: {actual}. Must be {expected} for {format}",
                    index + 1
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_newline_crlf_and_trailing_spaces_are_tolerated() {
        let lines = split_text("ABC  \r\nDEF\r\n\n").expect("usable");
        assert_eq!(lines.count, 2);
        assert_eq!(lines.get(0), b"ABC");
        assert_eq!(lines.get(1), b"DEF");
    }

    #[test]
    fn a_lowercase_letter_is_reported_with_its_line_and_position() {
        let error = split_text("ABC\nDeF").expect_err("lowercase is foreign");
        assert_eq!(error.kind, MrzInputErrorKind::InvalidCharacter);
        assert_eq!((error.line, error.position), (1, Some(1)));
        assert_eq!(error.code(), "invalid_character");
    }

    #[test]
    fn non_ascii_characters_are_located_by_character_not_byte() {
        let error = split_text("ÉÉ?").expect_err("foreign");
        assert_eq!(error.position, Some(0));
    }

    #[test]
    fn four_lines_are_refused_with_the_familiar_message() {
        let error = split_text("A\nB\nC\nD").expect_err("too many");
        assert_eq!(
            error.message,
            "unrecognized document format. Input must have one, two or three lines, found 4"
        );
    }
}
