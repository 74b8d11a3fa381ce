//! Writes MRZ lines from document data, with correct check digits. Used by demo data and
//! by the build→check round-trip property test.
//!
//! Names are transliterated per Doc 9303 Part 3 §6 (`Ä`→`AE`, `Ø`→`OE`, `ß`→`SS`, `Þ`→`TH`,
//! other accented letters lose their accent; spaces, hyphens and commas become `<`,
//! apostrophes vanish) and truncated to fit, secondary identifiers first.

use chrono::{Datelike, NaiveDate};

use super::check_digit::check_digit_of;
use super::format::MrzFormat;

/// What goes into an MRZ. Where a layout has fewer slots than this struct:
/// - TD1: `optional` fills optional data 1, `personal_number` optional data 2;
/// - TD2, MRV-A, MRV-B: `optional` is the optional data, `personal_number` is unused;
/// - TD3: `personal_number` fills positions 29-42, `optional` is unused;
/// - French ID: `document_number` is the 12 characters issue date (YYMM) + office +
///   number, `optional` the administrative code; there is no expiry or nationality;
/// - French licence: only code, state, number, expiry and last name are written;
/// - Swiss licence: `document_number` is the `AAA999L` number, `personal_number` the 9-digit
///   PIN followed by the 3-digit version.
///
/// Document numbers longer than 9 characters overflow into the optional data on TD1 and
/// TD2 (Doc 9303 Parts 5 and 6); other layouts keep the first 9.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzDocument {
    pub format: MrzFormat,
    pub document_code: String,
    pub issuing_state: String,
    pub last_name: String,
    pub first_name: String,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: NaiveDate,
    /// `'M'`, `'F'` or `'<'`.
    pub sex: char,
    pub expiration_date: NaiveDate,
    pub personal_number: String,
    pub optional: String,
}

/// The MRZ lines of `doc`.
pub fn build(doc: &MrzDocument) -> Vec<String> {
    match doc.format {
        MrzFormat::Td1 => td1(doc),
        MrzFormat::Td2 => td2(doc),
        MrzFormat::Td3 => td3(doc),
        MrzFormat::MrvA => visa(doc, 44),
        MrzFormat::MrvB => visa(doc, 36),
        MrzFormat::FrenchNationalId => french_national_id(doc),
        MrzFormat::FrenchDrivingLicense => french_driving_license(doc),
        MrzFormat::SwissDrivingLicense => swiss_driving_license(doc),
    }
}

fn td1(doc: &MrzDocument) -> Vec<String> {
    let number = mrz_text(&doc.document_number);
    let (principal, optional1) = overflowing_number(&number, &mrz_text(&doc.optional), 15);
    let line0 = [padded(&doc.document_code, 2), state(&doc.issuing_state), principal, optional1].concat();
    let mut line1 = [
        yymmdd(doc.birth_date),
        digit(&yymmdd(doc.birth_date)),
        sex(doc.sex),
        yymmdd(doc.expiration_date),
        digit(&yymmdd(doc.expiration_date)),
        state(&doc.nationality),
        padded(&mrz_text(&doc.personal_number), 11),
    ]
    .concat();
    let composite = check_digit_of(&[
        &line0.as_bytes()[5..30],
        &line1.as_bytes()[0..7],
        &line1.as_bytes()[8..15],
        &line1.as_bytes()[18..29],
    ]);
    line1.push(char::from(b'0' + composite));
    vec![line0, line1, names(&doc.last_name, &doc.first_name, 30)]
}

fn td2(doc: &MrzDocument) -> Vec<String> {
    let line0 = [padded(&doc.document_code, 2), state(&doc.issuing_state), names(&doc.last_name, &doc.first_name, 31)].concat();
    let number = mrz_text(&doc.document_number);
    let (principal, optional) = overflowing_number(&number, &mrz_text(&doc.optional), 7);
    let mut line1 = [principal, state(&doc.nationality), dates_and_sex(doc), optional].concat();
    let composite = check_digit_of(&[&line1.as_bytes()[0..10], &line1.as_bytes()[13..20], &line1.as_bytes()[21..35]]);
    line1.push(char::from(b'0' + composite));
    vec![line0, line1]
}

fn td3(doc: &MrzDocument) -> Vec<String> {
    let line0 = [padded(&doc.document_code, 2), state(&doc.issuing_state), names(&doc.last_name, &doc.first_name, 39)].concat();
    let personal = padded(&mrz_text(&doc.personal_number), 14);
    // An empty personal number carries `<` (Doc 9303 Part 4 allows `<` or `0`).
    let personal_digit = if personal.bytes().all(|b| b == b'<') { "<".to_owned() } else { digit(&personal) };
    let mut line1 = [short_number(&doc.document_number), state(&doc.nationality), dates_and_sex(doc), personal, personal_digit].concat();
    let composite = check_digit_of(&[&line1.as_bytes()[0..10], &line1.as_bytes()[13..20], &line1.as_bytes()[21..43]]);
    line1.push(char::from(b'0' + composite));
    vec![line0, line1]
}

fn visa(doc: &MrzDocument, width: usize) -> Vec<String> {
    let line0 = [padded(&doc.document_code, 2), state(&doc.issuing_state), names(&doc.last_name, &doc.first_name, width - 5)].concat();
    let line1 = [
        short_number(&doc.document_number),
        state(&doc.nationality),
        dates_and_sex(doc),
        padded(&mrz_text(&doc.optional), width - 28),
    ]
    .concat();
    vec![line0, line1]
}

fn french_national_id(doc: &MrzDocument) -> Vec<String> {
    let line0 = [
        padded(&doc.document_code, 2),
        state(&doc.issuing_state),
        padded(&name_text(&doc.last_name), 25),
        padded(&mrz_text(&doc.optional), 6),
    ]
    .concat();
    let number = padded(&mrz_text(&doc.document_number), 12);
    let birth = yymmdd(doc.birth_date);
    let mut line1 = [
        number.clone(),
        digit(&number),
        padded(&name_text(&doc.first_name), 14),
        birth.clone(),
        digit(&birth),
        sex(doc.sex),
    ]
    .concat();
    let composite = check_digit_of(&[line0.as_bytes(), line1.as_bytes()]);
    line1.push(char::from(b'0' + composite));
    vec![line0, line1]
}

fn french_driving_license(doc: &MrzDocument) -> Vec<String> {
    let mut line = [padded(&doc.document_code, 2), state(&doc.issuing_state), padded(&mrz_text(&doc.document_number), 9)].concat();
    line.push_str(&digit(&line));
    line.push_str(&yymmdd(doc.expiration_date));
    line.push_str(&padded(&name_text(&doc.last_name), 8));
    line.push_str(&digit(&line));
    vec![line]
}

fn swiss_driving_license(doc: &MrzDocument) -> Vec<String> {
    let line0 = padded(&mrz_text(&doc.document_number), 9);
    let line1 = [
        padded(&doc.document_code, 2),
        state(&doc.issuing_state),
        padded(&mrz_text(&doc.personal_number), 12),
        "<<".to_owned(),
        yymmdd(doc.birth_date),
        "<<<<<".to_owned(),
    ]
    .concat();
    vec![line0, line1, names(&doc.last_name, &doc.first_name, 30)]
}

/// The 9 principal characters and their digit, or, for a longer number, the principal
/// characters, `<`, and the optional area opened by the overflow, its digit and a `<`.
fn overflowing_number(number: &str, optional: &str, optional_width: usize) -> (String, String) {
    if number.len() <= 9 {
        return (short_number(number), padded(optional, optional_width));
    }
    let (principal, overflow) = number.split_at(9);
    let overflow_area = [overflow, &digit(number), "<", optional].concat();
    ([principal, "<"].concat(), padded(&overflow_area, optional_width))
}

fn short_number(number: &str) -> String {
    let number = padded(&mrz_text(number), 9);
    let check = digit(&number);
    number + &check
}

/// Birth date, its digit, sex, expiry date, its digit: the common middle of line 2.
fn dates_and_sex(doc: &MrzDocument) -> String {
    let birth = yymmdd(doc.birth_date);
    let expiry = yymmdd(doc.expiration_date);
    [birth.clone(), digit(&birth), sex(doc.sex), expiry.clone(), digit(&expiry)].concat()
}

fn digit(text: &str) -> String {
    char::from(b'0' + check_digit_of(&[text.as_bytes()])).to_string()
}

fn yymmdd(date: NaiveDate) -> String {
    format!("{:02}{:02}{:02}", date.year().rem_euclid(100), date.month(), date.day())
}

fn sex(sex: char) -> String {
    match sex {
        'M' | 'F' => sex.to_string(),
        _ => "<".to_owned(),
    }
}

fn state(code: &str) -> String {
    padded(&mrz_text(code), 3)
}

/// `text` cut or padded with `<` to exactly `width` characters.
fn padded(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    while out.len() < width {
        out.push('<');
    }
    out
}

/// Upper-cased, transliterated, and restricted to the MRZ alphabet.
fn mrz_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_transliterated(&mut out, c);
    }
    out
}

/// A name component: like [`mrz_text`] without digits, runs of fillers collapsed.
fn name_text(text: &str) -> String {
    let letters: String = mrz_text(text).chars().filter(|c| !c.is_ascii_digit()).collect();
    letters.split('<').filter(|word| !word.is_empty()).collect::<Vec<_>>().join("<")
}

/// `LAST<<FIRST` fitted into `width`: given names are cut first, then the primary one.
fn names(last: &str, first: &str, width: usize) -> String {
    let (last, first) = (name_text(last), name_text(first));
    let joined = if first.is_empty() { last.clone() } else { [last.as_str(), "<<", &first].concat() };
    let fitted = if joined.len() <= width {
        joined
    } else if last.len() + 3 <= width {
        let room = width - last.len() - 2;
        [last.as_str(), "<<", &first[..room]].concat()
    } else {
        last[..width].to_owned()
    };
    padded(&fitted, width)
}

fn push_transliterated(out: &mut String, c: char) {
    let upper = c.to_uppercase().next().unwrap_or(c);
    let replacement = match upper {
        'A'..='Z' | '0'..='9' | '<' => return out.push(upper),
        ' ' | '-' | ',' | '.' => "<",
        'Ä' | 'Æ' => "AE",
        'Å' => "AA",
        'Ö' | 'Ø' | 'Œ' => "OE",
        'Ü' => "UE",
        'ß' => "SS",
        'Þ' => "TH",
        'Ĳ' => "IJ",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ā' | 'Ă' | 'Ą' => "A",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'Ð' | 'Ď' | 'Đ' => "D",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'Ĥ' | 'Ħ' => "H",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'Ĵ' => "J",
        'Ķ' => "K",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'Ù' | 'Ú' | 'Û' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'Ŵ' => "W",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        // Apostrophes and anything else with no Latin rendering are dropped.
        _ => "",
    };
    out.push_str(replacement);
}
