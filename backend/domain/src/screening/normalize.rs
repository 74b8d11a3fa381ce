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

/// Honorifics, religious titles and offices that lists and the press put in front of names
/// ("President Ivan Petrov"); they never identify anyone.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "haji", "hajji", "hadji", "sheikh", "shaikh",
    "shaykh", "mullah", "mulla", "maulavi", "maulvi", "mawlawi", "maulana", "president", "senator", "ayatollah",
];

/// Articles and filiation particles: they carry little identity, so they weigh less.
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "bin", "ben", "ibn", "bint", "van",
    "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "dos", "das", "y", "ogly",
    "oglu", "kyzy", "ould", "the", "of", "and",
];

/// Romanisation conventions folded to one spelling, applied in this order. The Dutch "sj"
/// family comes first, before its letters are read as parts of other digraphs.
const FOLDINGS: &[(&str, &str)] = &[
    ("dzj", "j"),
    ("tsj", "ch"),
    ("sj", "sh"),
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

/// Lower-case ASCII for text in any script: š, ž and č spelled out, then NFKD, combining marks
/// and invisible characters dropped, then `any_ascii`.
pub fn romanize(text: &str) -> String {
    let visible: String = text
        .chars()
        .flat_map(spell_out_hacek)
        .collect::<String>()
        .nfkd()
        .filter(|c| !is_combining_mark(*c) && !is_invisible(*c))
        .collect();
    any_ascii::any_ascii(&visible).to_ascii_lowercase()
}

/// Slavic, Baltic and scholarly Georgian romanisations write "sh", "zh" and "ch" with a háček;
/// dropping the háček would turn "Šota" into "Sota" instead of "Shota".
fn spell_out_hacek(c: char) -> Vec<char> {
    match c {
        'š' | 'Š' => vec!['s', 'h'],
        'ž' | 'Ž' => vec!['z', 'h'],
        'č' | 'Č' => vec!['c', 'h'],
        other => vec![other],
    }
}

/// Zero-width and other format characters that can hide inside a name.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// The comparable tokens of a name: romanised, lower case, split at anything that is not a
/// letter or digit, apostrophes removed (O'Brien -> obrien), titles dropped. The MRZ filler `<`
/// separates like a space. A lone letter romanised from a word in another script is dropped:
/// it is an article or a consonant of an unvowelled script ("آل" -> "l"), not an initial.
pub fn normalize_name(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || c == '<') {
        let romanized = romanize(&ossetian_ae_as_a(word)).replace(['\'', '`', '"'], "");
        let from_latin = !word.chars().any(|c| c.is_alphabetic() && !is_latin_letter(c));
        tokens.extend(
            romanized
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|token| !token.is_empty() && !TITLES.contains(token))
                .filter(|token| from_latin || token.len() > 1)
                .map(str::to_string),
        );
    }
    read_ossetian_filiation(tokens)
}

/// Ossetian writes a vowel with "ӕ" (often typed as the Latin "æ"); Russian spellings of the same
/// names write "а" or "е" (Хæбæлаты, Хабелов), so inside a Cyrillic word it reads as "a", not
/// as the Danish "ae".
fn ossetian_ae_as_a(word: &str) -> std::borrow::Cow<'_, str> {
    let is_ae = |c: char| matches!(c, 'ӕ' | 'Ӕ' | 'æ' | 'Æ');
    let is_other_cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c) && !is_ae(c);
    if !word.chars().any(is_ae) || !word.chars().any(is_other_cyrillic) {
        return std::borrow::Cow::Borrowed(word);
    }
    std::borrow::Cow::Owned(word.chars().map(|c| if is_ae(c) { 'а' } else { c }).collect())
}

/// Ossetian names put the family first, in the genitive plural ("-aty", "-ty"), then the
/// father's name in the genitive ("-y") and "fyrt" (son) or "chyzg" (daughter), then the given
/// name: "Хæбæлаты Габрелы фырт Лери" is Leri, son of Gabrel, of the Khabelov family. Russian
/// documents and lists write that person "Лери Габрелович Хабелов", so the tokens are put in
/// that order and shape: given name, patronymic ("-ovich", "-ovna"), family name in "-ov".
fn read_ossetian_filiation(tokens: Vec<String>) -> Vec<String> {
    let marker = tokens.iter().position(|token| token == "fyrt" || token == "chyzg");
    let Some(marker) = marker.filter(|&marker| marker >= 2 && marker + 1 < tokens.len()) else {
        return tokens;
    };
    let patronymic_ending = if tokens[marker] == "fyrt" { "ovich" } else { "ovna" };
    let father = tokens[marker - 1].strip_suffix('y').unwrap_or(&tokens[marker - 1]);
    let family = tokens[..marker - 1].iter().map(|token| {
        let stem = token.strip_suffix("aty").or_else(|| token.strip_suffix("ty"));
        stem.map_or_else(|| token.clone(), |stem| format!("{stem}ov"))
    });
    let mut reordered: Vec<String> = tokens[marker + 1..].to_vec();
    reordered.push(format!("{father}{patronymic_ending}"));
    reordered.extend(family);
    reordered
}

fn is_latin_letter(c: char) -> bool {
    (c as u32) <= 0x024F || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// True for a token with no vowel letter, as romanised Arabic or Hebrew comes out ("mhmd") or
/// as a name typed without vowels.
pub fn is_vowelless(token: &str) -> bool {
    token.len() >= 3 && token.bytes().all(|byte| byte.is_ascii_lowercase() && !b"aeiou".contains(&byte))
}

/// The consonant skeleton of a token, to compare a name written in an unvowelled script with
/// its Latin spelling: vowels dropped, "w" and "y" dropped after the first letter (they write
/// long vowels there), letters an Arabic or Hebrew spelling confuses merged (b/p/f/v, c/k/q,
/// s/z, t/d), doubled letters and a final "h" dropped. "Muhammad", "محمد" and "MHMMD" all give
/// "mhmt".
pub fn consonant_skeleton(token: &str) -> String {
    let mut skeleton = String::with_capacity(token.len());
    for (index, c) in token.replace("ph", "f").chars().enumerate() {
        let class = match c {
            'a' | 'e' | 'i' | 'o' | 'u' => continue,
            'w' | 'y' if index > 0 => continue,
            'w' | 'b' | 'p' | 'f' | 'v' => 'b',
            'c' | 'k' | 'q' => 'k',
            'z' => 's',
            'd' => 't',
            other if other.is_ascii_alphabetic() => other,
            _ => continue,
        };
        if !skeleton.ends_with(class) {
            skeleton.push(class);
        }
    }
    if skeleton.len() > 3 && skeleton.ends_with('h') {
        skeleton.pop();
    }
    skeleton
}

/// True for articles and filiation particles such as "al", "bin", "von".
pub fn is_particle(token: &str) -> bool {
    PARTICLES.contains(&token)
}

/// True for a patronymic by its Slavic ending ("nikolaevich", "ivanovna").
pub fn is_patronymic(token: &str) -> bool {
    ["vich", "vych", "vna", "ichna", "ovych", "ivna"].iter().any(|ending| token.len() > 6 && token.ends_with(ending))
}

/// One spelling per sound across romanisation conventions, doubled letters collapsed, a final
/// "ij" read as "i" and the Georgian nominative "-i" of "-ovi" and "-evi" dropped: German
/// "Schewardnadse" and English "Shevardnadze" both fold to "shevardnadze", "Khabelovi" and
/// "Khabelov" to "habelov".
pub fn fold_transliteration(token: &str) -> String {
    let mut folded = token.to_ascii_lowercase();
    for (from, to) in FOLDINGS {
        if folded.contains(from) {
            folded = folded.replace(from, to);
        }
    }
    let mut folded = collapse_doubled_letters(&folded);
    if folded.ends_with("ij") {
        folded.pop();
    }
    if has_nominative_ending(&folded) {
        folded.pop();
    }
    strip_baltic_nominative(&mut folded);
    folded
}

/// Latvian and Lithuanian add a nominative ending to the Slavic family names they write:
/// "Lavrovs", "Putinas", "Medvedevas". After "-ov" and "-ev", and the Lithuanian "-as" after
/// "-in", it is folded away as the Georgian "-i" is. Other names keep their "s": "Jonas",
/// "Markus", and the English "-ins" of "Collins" and "Hopkins" (Latvian "Putins" is one edit off).
fn strip_baltic_nominative(folded: &mut String) {
    // Latvian writes the Russian "-ey" and "-iy" of given names as "-ejs" and "-ijs": "Andrejs"
    // (Andrey), "Aleksejs" (Aleksey), "Dmitrijs" (Dmitriy).
    for (ending, russian) in [("ejs", "ei"), ("ijs", "i")] {
        if folded.len() >= ending.len() + 3 && folded.ends_with(ending) {
            folded.truncate(folded.len() - ending.len());
            folded.push_str(russian);
            return;
        }
    }
    for ending in ["ovas", "evas", "inas", "ovs", "evs"] {
        if folded.len() >= ending.len() + 3 && folded.ends_with(ending) {
            let cut = if ending.ends_with("as") { 2 } else { 1 };
            folded.truncate(folded.len() - cut);
            return;
        }
    }
}

/// Georgian adds "-i" to names that end in a consonant; on the Russian family names of "-ov"
/// and "-ev" (Khabelov -> Khabelovi, Mamedov -> Mamedovi) it is folded away. Other endings keep
/// their "i": "Rossi" and "Ross", "Ahmadi" and "Ahmad" are different names; a given name such as
/// "Zurabi" is only one edit from "Zurab" anyway.
fn has_nominative_ending(folded: &str) -> bool {
    folded.len() >= 5 && (folded.ends_with("ovi") || folded.ends_with("evi"))
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
        assert_eq!(normalize_name("President Ivan Petrov"), ["ivan", "petrov"]);
    }

    #[test]
    fn romanisation_conventions_fold_to_one_spelling() {
        assert_eq!(fold_transliteration("schewardnadse"), fold_transliteration("shevardnadze"));
        assert_eq!(fold_transliteration("bolqvadze"), fold_transliteration("bolkvadze"));
        assert_eq!(fold_transliteration("georgij"), fold_transliteration("georgiy"));
        assert_eq!(fold_transliteration("selenskyj"), fold_transliteration("selenskiy"));
        assert_eq!(fold_transliteration("hassan"), "hasan");
        assert_ne!(fold_transliteration("ivan"), fold_transliteration("iran"));
    }

    #[test]
    fn dutch_spellings_and_the_georgian_nominative_ending_fold_away() {
        assert_eq!(fold_transliteration("dzjaparidze"), fold_transliteration("japaridze"));
        assert_eq!(fold_transliteration("sjota"), fold_transliteration("shota"));
        assert_eq!(fold_transliteration("khabelovi"), fold_transliteration("khabelov"));
        assert_eq!(fold_transliteration("mamedovi"), fold_transliteration("mamedov"));
        assert_ne!(fold_transliteration("rossi"), fold_transliteration("ross"));
        assert_eq!(fold_transliteration("giorgi"), "giorgi");
    }

    #[test]
    fn baltic_nominative_endings_of_slavic_family_names_fold_away() {
        assert_eq!(fold_transliteration("lavrovs"), fold_transliteration("lavrov"));
        assert_eq!(fold_transliteration("putinas"), fold_transliteration("putin"));
        assert_eq!(fold_transliteration("medvedevas"), fold_transliteration("medvedev"));
        assert_eq!(fold_transliteration("jonas"), "jonas");
        assert_eq!(fold_transliteration("aleksejs"), fold_transliteration("aleksey"));
        assert_eq!(fold_transliteration("andrejs"), fold_transliteration("andrey"));
        assert_eq!(fold_transliteration("dmitrijs"), fold_transliteration("dmitriy"));
        assert_eq!(fold_transliteration("colins"), "colins");
    }

    #[test]
    fn unvowelled_spellings_share_the_skeleton_of_the_latin_name() {
        assert_eq!(consonant_skeleton("muhammad"), consonant_skeleton("mhmd"));
        assert_eq!(consonant_skeleton("mohammed"), consonant_skeleton("mhmmd"));
        assert_eq!(consonant_skeleton("vladimir"), consonant_skeleton("fldymyr"));
        assert_eq!(consonant_skeleton("putin"), consonant_skeleton("fvtyn"));
        assert_eq!(consonant_skeleton("yusuf"), consonant_skeleton("ywsf"));
        assert_ne!(consonant_skeleton("hassan"), consonant_skeleton("mhmd"));
        assert!(is_vowelless("mhmd") && !is_vowelless("ahmad") && !is_vowelless("ng"));
    }

    #[test]
    fn a_lone_letter_from_another_script_is_not_an_initial() {
        assert_eq!(normalize_name("اعتماد آل سلطان"), ["tmd", "sltn"]);
        assert_eq!(normalize_name("J. Smith"), ["j", "smith"]);
    }

    #[test]
    fn an_ossetian_name_reads_in_the_russian_order_and_shape() {
        assert_eq!(normalize_name("Хæбæлаты Габрелы фырт Лери"), ["leri", "gabrelovich", "khabalov"]);
        assert_eq!(normalize_name("Дзасохты Мæирбеджы чызг Зæринæ"), ["zarina", "mairbedzhovna", "dzasokhov"]);
        assert_eq!(normalize_name("Fyrt Leri"), ["fyrt", "leri"], "a lone marker is a name, not filiation");
        assert_eq!(normalize_name("Ærø Hansen"), ["aero", "hansen"], "a Danish æ keeps its sound");
    }

    #[test]
    fn hacek_letters_are_spelled_out_not_dropped() {
        assert_eq!(normalize_name("Šota Usuphašvili"), ["shota", "usuphashvili"]);
        assert_eq!(normalize_name("Žvania Čiladze"), ["zhvania", "chiladze"]);
        assert_eq!(normalize_name("Müller"), ["muller"]);
    }

    #[test]
    fn short_tokens_have_no_phonetic_code() {
        assert_eq!(phonetic_codes("ali"), [String::new(), String::new()]);
        assert_eq!(phonetic_codes("ahmad")[0], phonetic_codes("ahmed")[0]);
    }
}
