//! Opt-in repair of OCR misreads, in two steps:
//!
//! 1. **Character class.** A letter where only digits belong (dates, check digits, Swiss
//!    PIN) or a digit where only letters belong (codes, states, names, sex) is replaced
//!    by its usual look-alike (`O`↔`0`, `I`↔`1`, `Z`↔`2`, `S`↔`5`, `G`↔`6`, `B`↔`8`,
//!    and `D`/`Q`→`0`). These are cheminfo/mrz's autocorrect pairs.
//! 2. **Check digit.** If a check digit still fails, every single substitution of a
//!    look-alike character is tried; it is kept only if it is the *only* one that makes
//!    every check digit verify.
//!
//! A repair is proposed only when, in the end, every check digit verifies. The
//! blind spots of the check digit apply: `K`, `A`, `U`, `<` and `0` weigh the same modulo
//! 10, so swaps among them can neither be detected nor repaired.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::analysis::{self, Analysis};
use super::field::{Field, Problem};
use super::format::{self, MrzFormat};

/// Why a character was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepairBasis {
    /// The character could not stand in that field (a letter in a date, a digit in a name).
    CharacterClass,
    /// The only look-alike substitution that makes the failing check digits verify.
    CheckDigit,
}

/// One changed character (0-based line and position).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CharChange {
    pub line: usize,
    pub position: usize,
    pub from: char,
    pub to: char,
    pub basis: RepairBasis,
}

/// Corrected lines and the changes that produced them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzRepair {
    pub lines: Vec<String>,
    pub changes: Vec<CharChange>,
}

/// What a position may hold, by the field it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    Digits,
    Letters,
    Any,
}

/// Look-alike groups used by the check-digit step.
const LOOK_ALIKES: &[&[u8]] = &[b"0ODQ", b"1IL", b"2Z", b"4A", b"5S", b"6G", b"8B", b"UV", b"HM", b"K<"];

pub fn repair(lines: &[&str], today: NaiveDate) -> Option<MrzRepair> {
    let mut text: Vec<Vec<u8>> = {
        let usable = format::from_slice(lines).ok()?;
        (0..usable.count).map(|i| usable.get(i).to_vec()).collect()
    };
    let (format, classes) = {
        let original = analyze_owned(&text, today)?;
        if original.is_valid() {
            return None;
        }
        (original.verdicts.format, class_map(&original))
    };

    let mut changes = fix_character_classes(&mut text, &classes);
    let after_classes = analyze_owned(&text, today)?;
    if after_classes.verdicts.format != format {
        return None;
    }
    if !check_digits_verify(&after_classes) {
        let change = unique_check_digit_fix(&text, &classes, format, today)?;
        text[change.line][change.position] = change.to as u8;
        record_change(&mut changes, change);
    }
    if changes.is_empty() {
        return None;
    }
    let lines = text.into_iter().map(|line| String::from_utf8_lossy(&line).into_owned()).collect();
    Some(MrzRepair { lines, changes })
}

/// Adds a change, merging it with an earlier one at the same position so that each changed
/// character is listed once, from what was read to what is proposed.
fn record_change(changes: &mut Vec<CharChange>, change: CharChange) {
    match changes.iter_mut().find(|earlier| (earlier.line, earlier.position) == (change.line, change.position)) {
        Some(earlier) => {
            earlier.to = change.to;
            earlier.basis = change.basis;
        }
        None => changes.push(change),
    }
    changes.retain(|kept| kept.from != kept.to);
}

fn analyze_owned(text: &[Vec<u8>], today: NaiveDate) -> Option<Analysis<'_>> {
    let mut borrowed: [&str; 3] = [""; 3];
    for (slot, line) in borrowed.iter_mut().zip(text) {
        *slot = std::str::from_utf8(line).ok()?;
    }
    let lines = format::from_slice(&borrowed[..text.len()]).ok()?;
    let format = format::detect(&lines).ok()?;
    Some(analysis::analyze(format, lines, today))
}

/// Every position's class, from the fields the analysis located.
fn class_map(analysis: &Analysis<'_>) -> Vec<Vec<CharClass>> {
    let mut classes: Vec<Vec<CharClass>> =
        (0..analysis.lines.count).map(|i| vec![CharClass::Any; analysis.lines.get(i).len()]).collect();
    for check in &analysis.verdicts.checks {
        let class = class_of(check.field, analysis.verdicts.format);
        let raw = check.raw;
        if let Some(line) = classes.get_mut(usize::from(raw.line)) {
            for slot in line.iter_mut().take(usize::from(raw.end)).skip(usize::from(raw.start)) {
                *slot = class;
            }
        }
    }
    classes
}

fn class_of(field: Field, format: MrzFormat) -> CharClass {
    match field {
        Field::BirthDate
        | Field::ExpirationDate
        | Field::IssueDate
        | Field::DocumentNumberCheckDigit
        | Field::BirthDateCheckDigit
        | Field::ExpirationDateCheckDigit
        | Field::PersonalNumberCheckDigit
        | Field::CompositeCheckDigit
        | Field::PinCode
        | Field::VersionNumber => CharClass::Digits,
        // The French licence's code is a letter and a digit.
        Field::DocumentCode if format == MrzFormat::FrenchDrivingLicense => CharClass::Any,
        Field::DocumentCode
        | Field::IssuingState
        | Field::Nationality
        | Field::LastName
        | Field::FirstName
        | Field::Sex
        | Field::LanguageCode => CharClass::Letters,
        Field::DocumentNumber
        | Field::PersonalNumber
        | Field::Optional1
        | Field::Optional2
        | Field::Optional
        | Field::AdministrativeCode
        | Field::AdministrativeCode2
        | Field::Separator1
        | Field::Separator2 => CharClass::Any,
    }
}

fn digit_for(letter: u8) -> Option<u8> {
    Some(match letter {
        b'O' | b'D' | b'Q' => b'0',
        b'I' => b'1',
        b'Z' => b'2',
        b'S' => b'5',
        b'G' => b'6',
        b'B' => b'8',
        _ => return None,
    })
}

fn letter_for(digit: u8) -> Option<u8> {
    Some(match digit {
        b'0' => b'O',
        b'1' => b'I',
        b'2' => b'Z',
        b'5' => b'S',
        b'6' => b'G',
        b'8' => b'B',
        _ => return None,
    })
}

fn fix_character_classes(text: &mut [Vec<u8>], classes: &[Vec<CharClass>]) -> Vec<CharChange> {
    let mut changes = Vec::new();
    for (line_index, (line, line_classes)) in text.iter_mut().zip(classes).enumerate() {
        for (position, (byte, class)) in line.iter_mut().zip(line_classes).enumerate() {
            let replacement = match class {
                CharClass::Digits if byte.is_ascii_uppercase() => digit_for(*byte),
                CharClass::Letters if byte.is_ascii_digit() => letter_for(*byte),
                _ => None,
            };
            if let Some(to) = replacement {
                changes.push(CharChange {
                    line: line_index,
                    position,
                    from: char::from(*byte),
                    to: char::from(to),
                    basis: RepairBasis::CharacterClass,
                });
                *byte = to;
            }
        }
    }
    changes
}

fn check_digits_verify(analysis: &Analysis<'_>) -> bool {
    analysis.verdicts.checks.iter().all(|check| {
        !matches!(check.problem, Some(Problem::CheckDigit { .. } | Problem::EmptyFieldCheckDigit { .. }))
    })
}

fn fits(class: CharClass, byte: u8) -> bool {
    match class {
        CharClass::Digits => byte.is_ascii_digit() || byte == b'<',
        CharClass::Letters => byte.is_ascii_uppercase() || byte == b'<',
        CharClass::Any => true,
    }
}

/// The single look-alike substitution that makes every check digit verify, if exactly
/// one exists.
fn unique_check_digit_fix(
    text: &[Vec<u8>],
    classes: &[Vec<CharClass>],
    format: MrzFormat,
    today: NaiveDate,
) -> Option<CharChange> {
    let mut candidate = text.to_vec();
    let mut found: Option<CharChange> = None;
    for (line_index, line) in text.iter().enumerate() {
        for (position, &original) in line.iter().enumerate() {
            let class = classes[line_index][position];
            for group in LOOK_ALIKES.iter().filter(|group| group.contains(&original)) {
                for &alternative in group.iter().filter(|&&b| b != original && fits(class, b)) {
                    candidate[line_index][position] = alternative;
                    let verifies = analyze_owned(&candidate, today)
                        .is_some_and(|a| a.verdicts.format == format && check_digits_verify(&a));
                    candidate[line_index][position] = original;
                    if verifies {
                        if found.is_some() {
                            return None; // Ambiguous: refuse to guess.
                        }
                        found = Some(CharChange {
                            line: line_index,
                            position,
                            from: char::from(original),
                            to: char::from(alternative),
                            basis: RepairBasis::CheckDigit,
                        });
                    }
                }
            }
        }
    }
    found
}
