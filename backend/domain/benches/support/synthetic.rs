//! Deterministic synthetic persons for scale measurements, shared by the screening bench and
//! the evaluation program (`examples/eval_screening`).
//!
//! Names are built from syllables, so millions of distinct family names exist, and tokens are
//! drawn with a skewed frequency: a few given names are very common ("Muhammad" is on about one
//! listed name in twenty in real lists), most family names are rare. A uniform draw would make
//! every token rare and the index look faster than it is on real data.

#![allow(dead_code)]

use kyc_domain::screening::{EntryName, ListEntry, NameKind, PersonQuery, Sex};

/// SplitMix64: a tiny fixed-seed generator, so every run builds the same corpus.
#[derive(Debug, Clone)]
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A skewed index in `0..n`: index `k` is drawn with a density falling like `k^(-2/3)`, so
    /// the first tenth of a per cent of the items takes a tenth of the draws.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        ((n as f64) * u * u * u) as usize % n
    }
}

/// Real given names, most common first: the head of the skewed draw.
const COMMON_GIVEN: &[&str] = &[
    "Muhammad", "Ali", "Ahmad", "John", "Maria", "Giorgi", "Ivan", "Hassan", "David", "Anna", "Abdul",
    "Michael", "Olena", "Nino", "Sergei", "Omar", "Fatima", "James", "Elena", "Yusuf", "Peter", "Levan",
    "Aleksandr", "Tamar", "Ibrahim", "Robert", "Natalia", "Khalid", "Dmitri", "Sofia",
];

const SYLLABLES: &[&str] = &[
    "ba", "ko", "ri", "sha", "na", "vel", "to", "mi", "dza", "lu", "ger", "an", "te", "sor", "ka", "li",
    "mar", "do", "ne", "zu", "pa", "ro", "chi", "ves", "ma", "hal", "di", "nu", "ser", "ga", "lo", "tin",
];

const FAMILY_SUFFIXES: &[&str] = &[
    "shvili", "dze", "ov", "enko", "yan", "son", "ez", "i", "ski", "ova", "er", "ani", "ich", "o", "ly", "",
];

const COUNTRIES: &[&str] = &["GE", "UA", "RU", "SY", "IQ", "IR", "US", "DE", "TR", "AF", "PK", "CN", "KP", "AM", "AZ", "BY"];

/// The `index`-th syllable word of `syllables` syllables (a mixed-radix number), capitalised.
fn syllable_word(mut index: usize, syllables: usize) -> String {
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(SYLLABLES[index % SYLLABLES.len()]);
        index /= SYLLABLES.len();
    }
    capitalise(&word)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// A given name: the common real ones first, then two- and three-syllable inventions.
pub fn given_name(rng: &mut SplitMix) -> String {
    const GIVEN_POOL: usize = 6_000;
    let index = rng.skewed(GIVEN_POOL);
    if index < COMMON_GIVEN.len() {
        return COMMON_GIVEN[index].to_string();
    }
    let syllables = if index.is_multiple_of(3) { 3 } else { 2 };
    syllable_word(index * 7919, syllables)
}

/// A family name: three or four syllables plus a regional suffix, about two million forms, with
/// a skewed head so some family names repeat often.
pub fn family_name(rng: &mut SplitMix) -> String {
    const FAMILY_POOL: usize = 2_000_000;
    let index = rng.skewed(FAMILY_POOL);
    let syllables = 3 + index % 2;
    let stem = syllable_word(index / 2 + 1_000, syllables);
    format!("{stem}{}", FAMILY_SUFFIXES[index % FAMILY_SUFFIXES.len()])
}

fn birth_date(rng: &mut SplitMix) -> String {
    format!("{}-{:02}-{:02}", 1930 + rng.below(75), 1 + rng.below(12), 1 + rng.below(28))
}

/// One synthetic listed person: one or two given names, a family name, often an alias, a
/// birth date, a nationality and a sex.
pub fn entry(index: usize, rng: &mut SplitMix) -> ListEntry {
    let mut given = given_name(rng);
    if rng.chance(30) {
        given = format!("{given} {}", given_name(rng));
    }
    let family = family_name(rng);
    let mut names = vec![EntryName::with_parts(format!("{}, {given}", family.to_uppercase()), NameKind::Primary, &given, &family)];
    if rng.chance(35) {
        names.push(EntryName::new(format!("{} {}", given_name(rng), family), NameKind::Alias));
    }
    ListEntry {
        entity_id: format!("syn-{index}"),
        list: "synthetic".to_string(),
        names,
        birth_dates: vec![birth_date(rng)],
        nationalities: vec![rng.pick(COUNTRIES).to_ascii_lowercase()],
        sex: Some(if rng.chance(70) { Sex::Male } else { Sex::Female }),
        topics: vec![if rng.chance(20) { "sanction" } else { "role.pep" }.to_string()],
        ..ListEntry::default()
    }
}

/// `count` synthetic entries, the same for the same `seed`.
pub fn entries(count: usize, seed: u64) -> Vec<ListEntry> {
    let mut rng = SplitMix(seed);
    (0..count).map(|index| entry(index, &mut rng)).collect()
}

/// A person who is not on the synthetic list (drawn from another seed), as a document reads.
pub fn outsider(rng: &mut SplitMix) -> PersonQuery {
    PersonQuery {
        first_name: Some(given_name(rng)),
        last_name: Some(family_name(rng)),
        birth_date: Some(birth_date(rng)),
        nationality: Some(rng.pick(COUNTRIES).to_string()),
        sex: Some(if rng.chance(50) { Sex::Male } else { Sex::Female }),
        ..PersonQuery::default()
    }
}

/// A listed person as a document reads them, with one typing slip in the family name half the
/// time.
pub fn listed_with_slip(entry: &ListEntry, rng: &mut SplitMix) -> PersonQuery {
    let primary = &entry.names[0];
    let mut family = primary.family_name.clone().unwrap_or_default();
    if rng.chance(50) && family.len() > 4 {
        let at = 1 + rng.below(family.len() - 2);
        if family.is_char_boundary(at) && family.is_char_boundary(at + 1) {
            family.replace_range(at..at + 1, "e");
        }
    }
    PersonQuery {
        first_name: primary.given_names.clone(),
        last_name: Some(family),
        birth_date: entry.birth_dates.first().cloned(),
        nationality: entry.nationalities.first().map(|code| code.to_ascii_uppercase()),
        sex: entry.sex,
        ..PersonQuery::default()
    }
}
