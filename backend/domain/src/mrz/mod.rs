//! ICAO 9303 machine-readable zones: detection, per-field checking with the product's
//! messages, check-digit-guided repair, and a builder.
//!
//! Formats: TD1, TD2, TD3, MRV-A, MRV-B (a leading `V` means a visa), the French national
//! ID (2×36), the French driving licence (1×30) and the Swiss driving licence (9/30/30).
//!
//! MRZ results are reports, not errors: [`check`] returns `Err` only for input that is
//! structurally unusable (line count, line length, characters outside `A-Z0-9<`);
//! everything else is a [`FieldReport`] with its position, in field order.
//!
//! Checking never allocates: the core ([`analyze`]) works on borrowed bytes and a fixed
//! array, and the owned [`MrzReport`] that [`check`] returns copies the MRZ's characters
//! and verdicts into fixed arrays. Values and messages are written when a caller reads
//! them, or all at once as an [`MrzRecord`] (what a report serialises to and what stored
//! JSON reads back into).
//!
//! Decisions where ICAO, issuers and other libraries disagree:
//! - state codes: the whole ICAO Part 3 table (ISO 3166-1 alpha-3 plus `D`, `GBD`…`GBS`,
//!   `RKS`, `EUE`, `UNO`/`UNA`/`UNK`, `X..` organisations, `XXA`/`XXB`/`XXC`/`XXX`,
//!   withdrawn `ANT`/`NTZ`, the specimen `UTO` and `IAO`) plus `XXK`, seen on EU permits;
//! - long TD1/TD2 document numbers: both check-digit computations are accepted and the
//!   report says which one matched ([`LongNumberVariant`]);
//! - an empty TD3 personal number may carry `<` or `0` as its check digit;
//! - birth dates may write unknown parts `<<`; dates are checked against the calendar of
//!   the year they expand to, using the injected `today`;
//! - sex is `M`, `F` or `<`; `X` is a visual-zone value and is reported invalid.

mod analysis;
pub mod build;
mod check_digit;
mod date;
mod field;
mod format;
mod repair;
mod report;
mod states;

use chrono::NaiveDate;

pub use analysis::{Analysis, FieldCheck, LongNumberVariant, MAX_FIELDS, Verdicts};
/// The string type of the report's values, re-exported so callers need not depend on it.
pub use compact_str::CompactString;
pub use check_digit::{char_value, check_digit_char, check_digit_of, checked_digit_of};
pub use date::EXPIRY_HORIZON_YEARS;
pub use field::{ErrorCode, Field, Problem, Span};
pub use format::{MrzFormat, MrzInputError, MrzInputErrorKind};
pub use repair::{CharChange, MrzRepair, RepairBasis};
pub use report::{FieldReport, MrzFields, MrzRecord, MrzReport};
pub use states::{all_known_codes, is_known_state};

/// The most lines any MRZ format has.
pub const MAX_LINES: usize = 3;

/// The lines as every check reads them: trailing whitespace trimmed, trailing blank lines
/// dropped, only MRZ characters. `Err` (the same error [`check_lines`] gives) for no line, more
/// than [`MAX_LINES`] or a character outside `A-Z0-9<`. Store and echo these, not the raw input.
pub fn read_lines(lines: &[&str]) -> Result<Vec<String>, MrzInputError> {
    let read = format::from_slice(lines)?;
    Ok((0..read.count).map(|index| read.text(index).to_owned()).collect())
}

/// Checks an MRZ given as text: lines separated by `\n` or `\r\n`, trailing whitespace
/// and trailing blank lines tolerated.
pub fn check(input: &str, today: NaiveDate) -> Result<MrzReport, MrzInputError> {
    let lines = format::split_text(input)?;
    let format = format::detect(&lines)?;
    Ok(MrzReport::check(format, lines, today))
}

/// Checks an MRZ given line by line (trailing whitespace tolerated).
pub fn check_lines(lines: &[&str], today: NaiveDate) -> Result<MrzReport, MrzInputError> {
    // Not through `analyze`: the report is filled in place, not copied from an analysis.
    let lines = format::from_slice(lines)?;
    let format = format::detect(&lines)?;
    Ok(MrzReport::check(format, lines, today))
}

/// The allocation-free core of [`check_lines`]: detection and every field check, on
/// borrowed lines. [`MrzReport::from`] turns the result into the owned report.
pub fn analyze<'a>(lines: &[&'a str], today: NaiveDate) -> Result<Analysis<'a>, MrzInputError> {
    let lines = format::from_slice(lines)?;
    let format = format::detect(&lines)?;
    Ok(analysis::analyze(format, lines, today))
}

/// Opt-in repair of OCR misreads, guided by check digits: proposes corrected lines only
/// when every check digit then verifies, and lists each changed character.
/// `None` when the MRZ is already valid, unusable, or no unambiguous repair exists.
pub fn repair(lines: &[&str], today: NaiveDate) -> Option<MrzRepair> {
    repair::repair(lines, today)
}
