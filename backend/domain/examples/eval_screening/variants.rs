//! Synthetic query variants of listed persons (research-screening.md §5.4): exactly one
//! perturbation per query, seeded by the entity, so a miss can be attributed to its class.

use std::collections::{HashMap, HashSet};

use kyc_domain::screening::{ListEntry, PersonQuery, Sex};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::synthetic::SplitMix;

/// What a class of variants stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// The listed name as listed: the control.
    Control,
    /// Variation real documents show.
    Benign,
    /// Deliberate disguise or bad capture.
    Adversarial,
    /// The name as listed, a fact besides the name changed.
    Attribute,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Control => "control",
            Family::Benign => "benign",
            Family::Adversarial => "adversarial",
            Family::Attribute => "attribute",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Exact,
    TranslitConvention,
    TranslitCorpus,
    OrderSwap,
    MissingMiddle,
    ExtraMiddle,
    Diacritics,
    Typo,
    ShortTypo,
    Initials,
    MergeSplit,
    CyrillicScript,
    GeorgianScript,
    Mrz,
    DayMonthSwap,
    Homoglyph,
    ZeroWidth,
    VowelDrop,
    Ocr,
    DobOneYear,
    NationalityOther,
    DocumentPresent,
}

impl Class {
    pub const ALL: [Class; 22] = [
        Class::Exact,
        Class::TranslitConvention,
        Class::TranslitCorpus,
        Class::OrderSwap,
        Class::MissingMiddle,
        Class::ExtraMiddle,
        Class::Diacritics,
        Class::Typo,
        Class::ShortTypo,
        Class::Initials,
        Class::MergeSplit,
        Class::CyrillicScript,
        Class::GeorgianScript,
        Class::Mrz,
        Class::DayMonthSwap,
        Class::Homoglyph,
        Class::ZeroWidth,
        Class::VowelDrop,
        Class::Ocr,
        Class::DobOneYear,
        Class::NationalityOther,
        Class::DocumentPresent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Class::Exact => "exact (control)",
            Class::TranslitConvention => "romanisation convention (sh/sch/sz, v/w, kh/ch, j/dzh …)",
            Class::TranslitCorpus => "other form of the name (rigour group)",
            Class::OrderSwap => "given/family swapped",
            Class::MissingMiddle => "middle name or patronymic missing",
            Class::ExtraMiddle => "extra middle name",
            Class::Diacritics => "diacritics added or stripped",
            Class::Typo => "one typo, token of 4+ letters",
            Class::ShortTypo => "short-token typo (Jon/John)",
            Class::Initials => "given name as an initial",
            Class::MergeSplit => "tokens merged or split (hyphen, space)",
            Class::CyrillicScript => "Cyrillic-script query",
            Class::GeorgianScript => "Georgian-script query",
            Class::Mrz => "MRZ style (upper case, `<`, 39-char field)",
            Class::DayMonthSwap => "birth day and month swapped",
            Class::Homoglyph => "Cyrillic homoglyphs",
            Class::ZeroWidth => "zero-width characters",
            Class::VowelDrop => "vowels dropped from a token",
            Class::Ocr => "OCR confusions (0/O, 1/l, 5/S)",
            Class::DobOneYear => "birth year ±1",
            Class::NationalityOther => "another nationality (dual national)",
            Class::DocumentPresent => "listed document number given",
        }
    }

    pub fn family(self) -> Family {
        match self {
            Class::Exact => Family::Control,
            Class::Homoglyph | Class::ZeroWidth | Class::VowelDrop | Class::Ocr => Family::Adversarial,
            Class::DobOneYear | Class::NationalityOther | Class::DocumentPresent => Family::Attribute,
            _ => Family::Benign,
        }
    }

    /// Classes about the birth date or other facts are only meaningful with a birth date.
    pub fn needs_birth_date(self) -> bool {
        matches!(self, Class::DayMonthSwap | Class::DobOneYear | Class::NationalityOther | Class::DocumentPresent)
    }
}

/// A listed person as an identity document would read them.
#[derive(Debug, Clone)]
pub struct Person {
    pub given: Vec<String>,
    pub family: Vec<String>,
    pub birth_date: String,
    pub nationality: Option<String>,
    pub sex: Option<Sex>,
    /// Whether the list gives a full birth date (day precision).
    pub listed_full_date: bool,
}

impl Person {
    /// From the entry's primary name: the labelled parts when the list labels them, otherwise
    /// the last token as family name. The birth date is completed to a day (a document always
    /// has one) with a seeded month and day where the list gives only a year or month.
    pub fn from_entry(entry: &ListEntry, rng: &mut SplitMix) -> Option<Self> {
        let primary = entry.names.first()?;
        let (given, family) = match (&primary.given_names, &primary.family_name) {
            (Some(given), Some(family)) => (words(given), words(family)),
            _ => {
                let mut tokens = words(&primary.full);
                let family = tokens.pop()?;
                (tokens, vec![family])
            }
        };
        if family.is_empty() || given.iter().chain(&family).any(|token| !token.is_ascii()) {
            return None;
        }
        let listed = entry.birth_dates.first();
        let birth_date = match listed {
            Some(date) => complete_date(date, rng),
            None => format!("{}-{:02}-{:02}", 1940 + rng.below(55), 1 + rng.below(12), 1 + rng.below(28)),
        };
        Some(Self {
            given,
            family,
            birth_date,
            nationality: entry.nationalities.first().map(|code| code.to_ascii_uppercase()),
            sex: entry.sex,
            listed_full_date: listed.is_some_and(|date| date.len() == 10),
        })
    }

    pub fn query(&self) -> PersonQuery {
        PersonQuery {
            first_name: (!self.given.is_empty()).then(|| self.given.join(" ")),
            last_name: Some(self.family.join(" ")),
            birth_date: Some(self.birth_date.clone()),
            nationality: self.nationality.clone(),
            sex: self.sex,
            ..PersonQuery::default()
        }
    }

    fn tokens(&self) -> impl Iterator<Item = &String> {
        self.given.iter().chain(&self.family)
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

fn complete_date(date: &str, rng: &mut SplitMix) -> String {
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    match date.len() {
        4 => format!("{date}-{month:02}-{day:02}"),
        7 => format!("{date}-{day:02}"),
        _ => date.to_string(),
    }
}

/// Other Latin forms of name tokens, from the rigour name groups: only groups holding a token
/// that some query needs are kept, so the corpus costs little memory.
#[derive(Debug, Default)]
pub struct CorpusForms {
    alternatives: HashMap<String, Vec<String>>,
}

impl CorpusForms {
    pub fn from_group_lines(text: &str, needed: &HashSet<String>) -> Self {
        let mut alternatives: HashMap<String, Vec<String>> = HashMap::new();
        for line in text.lines() {
            let Some((forms, _)) = line.split_once("=>") else { continue };
            let latin: Vec<String> = forms
                .split(',')
                .map(|form| form.trim().to_lowercase())
                .filter(|form| form.len() >= 3 && form.bytes().all(|byte| byte.is_ascii_lowercase()))
                .collect();
            for form in latin.iter().filter(|form| needed.contains(*form)) {
                let others = alternatives.entry(form.clone()).or_default();
                for other in latin.iter().filter(|other| *other != form) {
                    if !others.contains(other) {
                        others.push(other.clone());
                    }
                }
            }
        }
        alternatives.retain(|_, others| !others.is_empty());
        Self { alternatives }
    }

    fn alternatives(&self, token: &str) -> &[String] {
        self.alternatives.get(&token.to_lowercase()).map_or(&[], Vec::as_slice)
    }
}

/// Given names to add as an extra middle name or to replace a given name (near misses).
pub const GIVEN_POOL: &[&str] = &[
    "Ahmed", "Maria", "Ivan", "Fatima", "John", "Sergei", "Hassan", "Elena", "Omar", "Anna", "Pedro",
    "Yusuf", "Olga", "Karim", "Laura", "Tariq", "Nadia", "Boris", "Samir", "Irina",
];

/// The variant of `person` in `class`, or `None` when the class does not apply (no middle name
/// to drop, no full listed date to swap, …).
pub fn variant(class: Class, person: &Person, entry: &ListEntry, corpus: &CorpusForms, rng: &mut SplitMix) -> Option<PersonQuery> {
    let renamed = |edited: Person| Some(edited.query());
    match class {
        Class::Exact => Some(person.query()),
        Class::TranslitConvention => renamed(edit_token(person, rng, convention_swap)?),
        Class::TranslitCorpus => renamed(edit_token(person, rng, |token, rng| {
            let others = corpus.alternatives(token);
            (!others.is_empty()).then(|| match_case(token, &others[rng.below(others.len())]))
        })?),
        Class::OrderSwap => {
            (!person.given.is_empty()).then_some(())?;
            renamed(Person { given: person.family.clone(), family: person.given.clone(), ..person.clone() })
        }
        Class::MissingMiddle => renamed(drop_middle(person, rng)?),
        Class::ExtraMiddle => {
            let mut edited = person.clone();
            let extra = *rng.pick(GIVEN_POOL);
            (!edited.tokens().any(|token| token.eq_ignore_ascii_case(extra))).then_some(())?;
            edited.given.push(match_case(&edited.family[0], extra));
            renamed(edited)
        }
        Class::Diacritics => renamed(edit_token(person, rng, add_or_strip_diacritics)?),
        Class::Typo => renamed(edit_token(person, rng, |token, rng| (token.len() >= 4).then(|| typo(token, rng)))?),
        Class::ShortTypo => renamed(edit_token(person, rng, short_typo)?),
        Class::Initials => {
            let first = person.given.first()?;
            (first.len() > 1).then_some(())?;
            let mut edited = person.clone();
            edited.given[0] = first.chars().take(1).collect();
            renamed(edited)
        }
        Class::MergeSplit => renamed(merge_or_split(person, rng)?),
        Class::CyrillicScript => Some(native_query(person, &to_script(person, CYRILLIC))),
        Class::GeorgianScript => Some(native_query(person, &to_script(person, GEORGIAN))),
        Class::Mrz => Some(mrz_query(person)),
        Class::DayMonthSwap => {
            let (year, month, day) = date_parts(&person.birth_date)?;
            (person.listed_full_date && day <= 12 && day != month).then_some(())?;
            Some(PersonQuery { birth_date: Some(format!("{year}-{day:02}-{month:02}")), ..person.query() })
        }
        Class::Homoglyph => renamed(edit_token(person, rng, homoglyphs)?),
        Class::ZeroWidth => renamed(edit_token(person, rng, |token, rng| {
            (token.len() >= 3).then(|| {
                let at = 1 + rng.below(token.len() - 1);
                format!("{}\u{200B}{}", &token[..at], &token[at..])
            })
        })?),
        Class::VowelDrop => renamed(edit_token(person, rng, |token, _| vowels_dropped(token))?),
        Class::Ocr => renamed(edit_token(person, rng, ocr_confusion)?),
        Class::DobOneYear => {
            let (year, month, day) = date_parts(&person.birth_date)?;
            (!entry.birth_dates.is_empty()).then_some(())?;
            let shifted = if rng.chance(50) { year + 1 } else { year - 1 };
            Some(PersonQuery { birth_date: Some(format!("{shifted}-{month:02}-{day:02}")), ..person.query() })
        }
        Class::NationalityOther => {
            person.nationality.as_ref()?;
            let other = ["FR", "BR", "JP", "CA", "ZA", "SE"].into_iter().find(|code| Some(*code) != person.nationality.as_deref())?;
            Some(PersonQuery { nationality: Some(other.to_string()), ..person.query() })
        }
        Class::DocumentPresent => {
            let number = entry.document_numbers.first()?;
            Some(PersonQuery { document_number: Some(number.clone()), ..person.query() })
        }
    }
}

/// Applies `edit` to one randomly chosen token where it applies.
fn edit_token(person: &Person, rng: &mut SplitMix, edit: impl Fn(&str, &mut SplitMix) -> Option<String>) -> Option<Person> {
    let positions: Vec<(bool, usize)> =
        (0..person.given.len()).map(|index| (true, index)).chain((0..person.family.len()).map(|index| (false, index))).collect();
    let start = rng.below(positions.len());
    for offset in 0..positions.len() {
        let (is_given, index) = positions[(start + offset) % positions.len()];
        let token = if is_given { &person.given[index] } else { &person.family[index] };
        if let Some(edited) = edit(token, rng) {
            if edited == *token {
                continue;
            }
            let mut changed = person.clone();
            let side = if is_given { &mut changed.given } else { &mut changed.family };
            side[index] = edited;
            return Some(changed);
        }
    }
    None
}

/// Writes `form` in the letter case of `model` (all capitals or capitalised).
fn match_case(model: &str, form: &str) -> String {
    if model.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
        return form.to_uppercase();
    }
    let mut chars = form.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()).unwrap_or_default()
}

/// Spelling conventions of other romanisation systems (German, Polish, French, Dutch,
/// English), as a document issued elsewhere writes the same name.
const CONVENTIONS: &[(&str, &str)] = &[
    ("sh", "sch"),
    ("sh", "sz"),
    ("v", "w"),
    ("w", "v"),
    ("kh", "ch"),
    ("kh", "h"),
    ("j", "dzh"),
    ("j", "dj"),
    ("dzh", "j"),
    ("ch", "tsch"),
    ("ch", "tch"),
    ("ts", "z"),
    ("u", "ou"),
    ("ya", "ja"),
    ("yu", "ju"),
    ("iy", "ij"),
    ("y", "i"),
    ("q", "k"),
    ("zh", "j"),
    ("zh", "sh"),
    ("gh", "g"),
    ("ss", "s"),
    ("ee", "i"),
    ("oo", "u"),
];

fn convention_swap(token: &str, rng: &mut SplitMix) -> Option<String> {
    let lower = token.to_lowercase();
    let applicable: Vec<&(&str, &str)> = CONVENTIONS.iter().filter(|(from, _)| lower.contains(from)).collect();
    if applicable.is_empty() {
        return None;
    }
    let (from, to) = **rng.pick(&applicable);
    Some(match_case(token, &lower.replacen(from, to, 1)))
}

fn add_or_strip_diacritics(token: &str, rng: &mut SplitMix) -> Option<String> {
    if !token.is_ascii() {
        return Some(token.nfkd().filter(|c| !is_combining_mark(*c)).collect());
    }
    const MARKED: &[(char, char)] =
        &[('a', 'á'), ('e', 'é'), ('i', 'í'), ('o', 'ö'), ('u', 'ü'), ('c', 'č'), ('s', 'š'), ('z', 'ž'), ('n', 'ñ'), ('a', 'ä')];
    let lower = token.to_lowercase();
    let candidates: Vec<(usize, char)> = lower
        .char_indices()
        .filter_map(|(at, c)| MARKED.iter().find(|(plain, _)| *plain == c).map(|(_, marked)| (at, *marked)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let (at, marked) = *rng.pick(&candidates);
    let mut edited = lower.clone();
    edited.replace_range(at..at + 1, &marked.to_string());
    Some(match_case(token, &edited))
}

/// One substitution, insertion, deletion or neighbour swap at a random position.
fn typo(token: &str, rng: &mut SplitMix) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    let at = rng.below(chars.len());
    let upper = token.chars().all(|c| !c.is_lowercase());
    let letter = {
        let c = char::from(b'a' + rng.below(26) as u8);
        if upper { c.to_ascii_uppercase() } else { c }
    };
    match rng.below(4) {
        0 => chars[at] = if chars[at].eq_ignore_ascii_case(&letter) { if upper { 'X' } else { 'x' } } else { letter },
        1 => chars.insert(at, letter),
        2 => {
            chars.remove(at);
        }
        _ => {
            let at = at.min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
    }
    chars.into_iter().collect()
}

/// "Jon" / "John": a letter added to a three-letter token or dropped from a four-letter one.
fn short_typo(token: &str, rng: &mut SplitMix) -> Option<String> {
    let mut chars: Vec<char> = token.chars().collect();
    match chars.len() {
        3 => {
            let at = 1 + rng.below(2);
            let letter = if token.chars().all(|c| !c.is_lowercase()) { 'H' } else { 'h' };
            chars.insert(at, letter);
        }
        4 => {
            chars.remove(1 + rng.below(3));
        }
        _ => return None,
    }
    Some(chars.into_iter().collect())
}

fn drop_middle(person: &Person, rng: &mut SplitMix) -> Option<Person> {
    let mut edited = person.clone();
    if person.given.len() >= 2 {
        edited.given.remove(1 + rng.below(person.given.len() - 1));
    } else if person.family.len() >= 2 && !person.given.is_empty() {
        edited.family.remove(rng.below(person.family.len() - 1));
    } else {
        return None;
    }
    Some(edited)
}

fn merge_or_split(person: &Person, rng: &mut SplitMix) -> Option<Person> {
    if let Some(hyphenated) = edit_token(person, rng, |token, _| token.contains('-').then(|| token.replacen('-', "", 1))) {
        return Some(hyphenated);
    }
    for family_side in [true, false] {
        let mut edited = person.clone();
        let side = if family_side { &mut edited.family } else { &mut edited.given };
        if side.len() >= 2 {
            let at = rng.below(side.len() - 1);
            let joined = format!("{}{}", side[at], side[at + 1].to_lowercase());
            side.splice(at..at + 2, [joined]);
            return Some(edited);
        }
    }
    edit_token(person, rng, |token, rng| {
        (token.len() >= 8 && token.is_ascii()).then(|| {
            let at = 3 + rng.below(token.len() - 5);
            format!("{}-{}", &token[..at], &token[at..])
        })
    })
}

const HOMOGLYPHS: &[(char, char)] = &[
    ('a', 'а'), ('e', 'е'), ('o', 'о'), ('p', 'р'), ('c', 'с'), ('x', 'х'), ('y', 'у'), ('i', 'і'),
    ('A', 'А'), ('E', 'Е'), ('O', 'О'), ('P', 'Р'), ('C', 'С'), ('X', 'Х'), ('Y', 'У'), ('I', 'І'), ('H', 'Н'), ('K', 'К'), ('M', 'М'), ('T', 'Т'), ('B', 'В'),
];

fn homoglyphs(token: &str, rng: &mut SplitMix) -> Option<String> {
    let mut chars: Vec<char> = token.chars().collect();
    let positions: Vec<usize> = (0..chars.len()).filter(|&at| HOMOGLYPHS.iter().any(|(latin, _)| *latin == chars[at])).collect();
    if positions.is_empty() {
        return None;
    }
    for _ in 0..2 {
        let at = *rng.pick(&positions);
        if let Some((_, lookalike)) = HOMOGLYPHS.iter().find(|(latin, _)| *latin == chars[at]) {
            chars[at] = *lookalike;
        }
    }
    Some(chars.into_iter().collect())
}

fn vowels_dropped(token: &str) -> Option<String> {
    let is_vowel = |c: char| "aeiouAEIOU".contains(c);
    if token.len() < 5 || token.chars().filter(|c| is_vowel(*c)).count() < 2 {
        return None;
    }
    let mut chars = token.chars();
    let first = chars.next()?;
    Some(std::iter::once(first).chain(chars.filter(|c| !is_vowel(*c))).collect())
}

fn ocr_confusion(token: &str, rng: &mut SplitMix) -> Option<String> {
    const CONFUSIONS: &[(char, char)] = &[('O', '0'), ('o', '0'), ('l', '1'), ('I', '1'), ('i', '1'), ('S', '5'), ('B', '8'), ('Z', '2')];
    let mut chars: Vec<char> = token.chars().collect();
    let positions: Vec<usize> = (0..chars.len()).filter(|&at| CONFUSIONS.iter().any(|(from, _)| *from == chars[at])).collect();
    if positions.is_empty() {
        return None;
    }
    let at = *rng.pick(&positions);
    chars[at] = CONFUSIONS.iter().find(|(from, _)| *from == chars[at])?.1;
    Some(chars.into_iter().collect())
}

/// Latin to Russian Cyrillic, longest match first.
const CYRILLIC: &[(&str, &str)] = &[
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ya", "я"), ("yu", "ю"), ("yo", "ё"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("h", "х"), ("c", "к"), ("q", "к"), ("w", "в"), ("x", "кс"), ("j", "дж"),
];

/// Latin to Georgian (Mkhedruli), longest match first; the national romanisation read backwards.
const GEORGIAN: &[(&str, &str)] = &[
    ("sh", "შ"), ("ch", "ჩ"), ("kh", "ხ"), ("ts", "ც"), ("dz", "ძ"), ("zh", "ჟ"), ("gh", "ღ"),
    ("a", "ა"), ("b", "ბ"), ("g", "გ"), ("d", "დ"), ("e", "ე"), ("v", "ვ"), ("z", "ზ"), ("t", "თ"), ("i", "ი"), ("k", "კ"),
    ("l", "ლ"), ("m", "მ"), ("n", "ნ"), ("o", "ო"), ("p", "პ"), ("r", "რ"), ("s", "ს"), ("u", "უ"), ("f", "ფ"), ("q", "ქ"),
    ("y", "ი"), ("j", "ჯ"), ("h", "ჰ"), ("c", "ც"), ("w", "ვ"), ("x", "ქს"),
];

/// The person's full name (given first) written in another script.
fn to_script(person: &Person, table: &[(&str, &str)]) -> String {
    let latin = person.tokens().map(|token| token.to_lowercase()).collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    let mut rest = latin.as_str();
    while let Some(c) = rest.chars().next() {
        match table.iter().find(|(from, _)| rest.starts_with(from)) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

/// A document front with only a native-script name: no Latin name fields.
fn native_query(person: &Person, native: &str) -> PersonQuery {
    PersonQuery { first_name: None, last_name: None, native_names: vec![native.to_string()], ..person.query() }
}

/// The name as a TD3 MRZ name field reads it: "FAMILY<<GIVEN<NAMES", upper-case ASCII, cut
/// at 39 characters, then split back at the double filler.
fn mrz_query(person: &Person) -> PersonQuery {
    let field_of = |tokens: &[String]| {
        any_ascii::any_ascii(&tokens.join(" "))
            .to_uppercase()
            .chars()
            .map(|c| if c.is_ascii_uppercase() { c } else { '<' })
            .collect::<String>()
    };
    let field: String = format!("{}<<{}", field_of(&person.family), field_of(&person.given)).chars().take(39).collect();
    let (family, given) = field.split_once("<<").unwrap_or((field.as_str(), ""));
    PersonQuery {
        first_name: (!given.is_empty()).then(|| given.to_string()),
        last_name: Some(family.to_string()),
        ..person.query()
    }
}

fn date_parts(date: &str) -> Option<(i32, u32, u32)> {
    let mut parts = date.split('-');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}
