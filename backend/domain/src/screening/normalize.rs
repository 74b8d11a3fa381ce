//! From a name in any script to comparable Latin tokens.
//!
//! Three levels, each looser than the one before:
//! 1. [`romanize`]: Unicode compatibility decomposition, accents dropped, every script romanised
//!    with `any_ascii` (Georgian comes out in the national system: "დავით" -> "davit").
//! 2. [`normalize_name`]: lower-case tokens, titles dropped, apostrophes removed.
//! 3. [`fold_transliteration`]: one spelling per sound across romanisation conventions
//!    (German "sch", Polish "sz" and English "sh" all become "sh").

use std::sync::OnceLock;

use rphonetic::DoubleMetaphone;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Honorifics and religious titles that lists put in front of names; they never identify anyone.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "haji", "hajji", "hadji", "sheikh", "shaikh",
    "shaykh", "mullah", "mulla", "maulavi", "maulvi", "mawlawi", "maulana",
];

/// Articles and filiation particles: they carry little identity, so they weigh less.
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "bin", "ben", "ibn", "bint", "van",
    "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "das", "y", "ogly",
    "oglu", "kyzy", "ould",
];

/// Romanisation conventions folded to one spelling, applied in this order.
const FOLDINGS: &[(&str, &str)] = &[
    ("dse", "dze"),
    ("tsch", "ch"),
    ("dsch", "j"),
    ("dzh", "j"),
    ("sch", "sh"),
    ("sz", "sh"),
    ("cz", "ch"),
    ("zh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("y", "i"),
];

/// Lower-case ASCII for text in any script: NFKD, combining marks and invisible characters
/// dropped, then `any_ascii`.
pub fn romanize(text: &str) -> String {
    let visible: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c) && !is_invisible(*c))
        .collect();
    any_ascii::any_ascii(&visible).to_ascii_lowercase()
}

/// Zero-width and other format characters that can hide inside a name.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// The comparable tokens of a name: romanised, lower case, split at anything that is not a
/// letter or digit, apostrophes removed (O'Brien -> obrien), titles dropped. The MRZ filler `<`
/// separates like a space.
pub fn normalize_name(text: &str) -> Vec<String> {
    let romanized = romanize(text).replace(['\'', '`', '"'], "");
    romanized
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty() && !TITLES.contains(token))
        .map(str::to_string)
        .collect()
}

/// True for articles and filiation particles such as "al", "bin", "von".
pub fn is_particle(token: &str) -> bool {
    PARTICLES.contains(&token)
}

/// True for a patronymic by its Slavic ending ("nikolaevich", "ivanovna").
pub fn is_patronymic(token: &str) -> bool {
    ["vich", "vych", "vna", "ichna", "ovych", "ivna"].iter().any(|ending| token.len() > 6 && token.ends_with(ending))
}

/// One spelling per sound across romanisation conventions, doubled letters collapsed and a
/// final "ij" read as "i": German "Schewardnadse" and English "Shevardnadze" both fold to
/// "shevardnadze".
pub fn fold_transliteration(token: &str) -> String {
    let mut folded = token.to_ascii_lowercase();
    if folded.ends_with("ij") {
        folded.truncate(folded.len() - 1);
    }
    for (from, to) in FOLDINGS {
        if folded.contains(from) {
            folded = folded.replace(from, to);
        }
    }
    collapse_doubled_letters(&folded)
}

fn collapse_doubled_letters(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    for c in text.chars() {
        if !collapsed.ends_with(c) {
            collapsed.push(c);
        }
    }
    collapsed
}

/// Double Metaphone codes (primary and alternate) of a token; empty for tokens too short to
/// carry a meaningful sound key.
pub fn phonetic_codes(token: &str) -> [String; 2] {
    static ENCODER: OnceLock<DoubleMetaphone> = OnceLock::new();
    if token.len() < 4 || !token.bytes().all(|b| b.is_ascii_alphabetic()) {
        return [String::new(), String::new()];
    }
    let encoder = ENCODER.get_or_init(|| DoubleMetaphone::new(Some(6)));
    let result = encoder.double_metaphone(token);
    [result.primary(), result.alternate()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn georgian_and_cyrillic_romanise_to_the_national_latin_spelling() {
        assert_eq!(normalize_name("გიორგი ბერიძე"), ["giorgi", "beridze"]);
        assert_eq!(normalize_name("Олександр Коваленко"), ["oleksandr", "kovalenko"]);
    }

    #[test]
    fn accents_invisible_characters_titles_and_mrz_fillers_go() {
        assert_eq!(normalize_name("Dr. José\u{200B} Müller"), ["jose", "muller"]);
        assert_eq!(normalize_name("AL<RASHID<<AHMAD"), ["al", "rashid", "ahmad"]);
        assert_eq!(normalize_name("O'Brien"), ["obrien"]);
    }

    #[test]
    fn romanisation_conventions_fold_to_one_spelling() {
        assert_eq!(fold_transliteration("schewardnadse"), fold_transliteration("shevardnadze"));
        assert_eq!(fold_transliteration("bolqvadze"), fold_transliteration("bolkvadze"));
        assert_eq!(fold_transliteration("georgij"), fold_transliteration("georgiy"));
        assert_eq!(fold_transliteration("hassan"), "hasan");
        assert_ne!(fold_transliteration("ivan"), fold_transliteration("iran"));
    }

    #[test]
    fn short_tokens_have_no_phonetic_code() {
        assert_eq!(phonetic_codes("ali"), [String::new(), String::new()]);
        assert_eq!(phonetic_codes("ahmad")[0], phonetic_codes("ahmed")[0]);
    }
}
