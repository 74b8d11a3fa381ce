//! The query sets of research-screening.md §5: synthetic variants and near misses of listed
//! persons, natural aliases against an index that lacks them, yente's fixtures, the Putin
//! aliases, synthetic negatives and common names.

use std::collections::HashMap;

use kyc_domain::screening::{EntryName, ListEntry, NameKind, PersonQuery, Sex, normalize_name};

use crate::data::{FixturePerson, entity_key};
use crate::run::{Case, Set};
use crate::split::{Side, rng_for, side_of};
use crate::synthetic::SplitMix;
use crate::variants::{Class, CorpusForms, GIVEN_POOL, Person, variant};

/// Pushes the case with its birth date, and again without one when `both` is set.
fn push_with_and_without_birth_date(cases: &mut Vec<Case>, case: Case, both: bool) {
    if both {
        let mut without = case.clone();
        without.query.birth_date = None;
        without.with_birth_date = false;
        cases.push(without);
    }
    cases.push(case);
}

/// One query per applicable class for every listed person with a Latin primary name, plus the
/// two near-miss negatives.
pub fn synthetic(entries: &[ListEntry], corpus: &CorpusForms) -> Vec<Case> {
    let mut cases = Vec::new();
    for entry in entries {
        let key = entity_key(entry);
        let side = side_of(&key);
        let Some(person) = Person::from_entry(entry, &mut rng_for(&key, "person")) else { continue };
        for class in Class::ALL {
            let mut rng = rng_for(&key, class.label());
            let Some(query) = variant(class, &person, entry, corpus, &mut rng) else { continue };
            let case = Case { set: Set::Synthetic(class), side, with_birth_date: true, query, target: Some(key.clone()) };
            push_with_and_without_birth_date(&mut cases, case, !class.needs_birth_date());
        }
        cases.extend(near_misses(entry, &person, &key, side));
    }
    cases
}

fn near_misses(entry: &ListEntry, person: &Person, key: &str, side: Side) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut rng = rng_for(key, "near-miss");
    if !person.given.is_empty() {
        let shares_start = |name: &str| person.given.iter().any(|given| given.to_lowercase().get(..3) == name.to_lowercase().get(..3));
        let others: Vec<&str> = GIVEN_POOL.iter().copied().filter(|name| !shares_start(name)).collect();
        let other = *rng.pick(&others);
        let mut relative = person.clone();
        relative.given = vec![other.to_string()];
        relative.birth_date = format!("{}-{:02}-{:02}", 1940 + rng.below(60), 1 + rng.below(12), 1 + rng.below(28));
        let case = Case { set: Set::NearMissOtherGiven, side, with_birth_date: true, query: relative.query(), target: Some(key.to_string()) };
        push_with_and_without_birth_date(&mut cases, case, true);
    }
    let listed_years: Vec<i32> = entry.birth_dates.iter().filter_map(|date| date.get(..4)?.parse().ok()).collect();
    if let (Some(&first), Some(&last)) = (listed_years.iter().min(), listed_years.iter().max()) {
        let shift = 3 + rng.below(8) as i32;
        let year = if rng.chance(50) { last + shift } else { first - shift };
        let nationality = ["FR", "BR", "JP", "CA"].into_iter().find(|code| Some(*code) != person.nationality.as_deref());
        let query = PersonQuery {
            birth_date: Some(format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))),
            nationality: if person.nationality.is_some() { nationality.map(str::to_string) } else { None },
            ..person.query()
        };
        cases.push(Case { set: Set::NearMissFarBirthDate, side, with_birth_date: true, query, target: Some(key.to_string()) });
    }
    cases
}

/// Natural variation: for every entity one real Latin alias is held out of the index and used
/// as the query; original-script names are held out too and queried against the Latin names.
/// Returns the index entries (without the held-out names) and the cases.
pub fn natural(entries: &[ListEntry]) -> (Vec<ListEntry>, Vec<Case>) {
    let mut index = Vec::with_capacity(entries.len());
    let mut cases = Vec::new();
    let mut held_out_keys = std::collections::HashSet::new();
    for entry in entries {
        let key = entity_key(entry);
        let side = side_of(&key);
        let mut rng = rng_for(&key, "natural");
        let facts = listed_facts(entry, &mut rng);
        let aliases: Vec<usize> = (1..entry.names.len())
            .filter(|&index| {
                let name = &entry.names[index];
                matches!(name.kind, NameKind::Alias | NameKind::WeakAlias)
                    && name.full.is_ascii()
                    && normalize_name(&name.full).len() >= 2
            })
            .collect();
        let held_out = (!aliases.is_empty()).then(|| aliases[rng.below(aliases.len())]);
        if let Some(alias_index) = held_out {
            let alias = &entry.names[alias_index];
            held_out_keys.insert(sorted_key(&alias.full));
            let set = if alias.kind == NameKind::WeakAlias { Set::AliasWeak } else { Set::AliasGood };
            let case = Case { set, side, with_birth_date: true, query: query_for_name(alias, &facts), target: Some(key.clone()) };
            push_with_and_without_birth_date(&mut cases, case, true);
        }
        for original in entry.names.iter().filter(|name| name.kind == NameKind::OriginalScript) {
            let query = PersonQuery { native_names: vec![original.full.clone()], ..facts.clone() };
            let case = Case { set: Set::OriginalScript, side, with_birth_date: true, query, target: Some(key.clone()) };
            push_with_and_without_birth_date(&mut cases, case, true);
        }
        let mut kept = entry.clone();
        kept.names = entry
            .names
            .iter()
            .enumerate()
            .filter(|(index, name)| Some(*index) != held_out && name.kind != NameKind::OriginalScript)
            .map(|(_, name)| name.clone())
            .collect();
        index.push(kept);
    }
    // The same person is often on two lists (UN and OFAC) with the same alias: a held-out alias
    // leaves every entity, so the twin cannot answer for it verbatim.
    for entry in &mut index {
        let primary = entry.names.first().cloned();
        entry.names.retain(|name| name.kind == NameKind::Primary || !held_out_keys.contains(&sorted_key(&name.full)));
        if entry.names.is_empty() {
            entry.names.extend(primary);
        }
    }
    (index, cases)
}

/// The listed person's facts as a document gives them (birth date completed to a day).
fn listed_facts(entry: &ListEntry, rng: &mut SplitMix) -> PersonQuery {
    let birth_date = entry.birth_dates.first().map(|date| match date.len() {
        4 => format!("{date}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        7 => format!("{date}-{:02}", 1 + rng.below(28)),
        _ => date.clone(),
    });
    PersonQuery {
        birth_date,
        nationality: entry.nationalities.first().map(|code| code.to_ascii_uppercase()),
        sex: entry.sex,
        ..PersonQuery::default()
    }
}

/// A name as query fields: labelled parts as given and family name, otherwise the whole name
/// with no roles.
fn query_for_name(name: &EntryName, facts: &PersonQuery) -> PersonQuery {
    match (&name.given_names, &name.family_name) {
        (Some(given), Some(family)) => {
            PersonQuery { first_name: Some(given.clone()), last_name: Some(family.clone()), ..facts.clone() }
        }
        _ => PersonQuery { native_names: vec![name.full.clone()], ..facts.clone() },
    }
}

/// yente's UN positives: the plain rows are mapped to their UN entity by name (and birth year
/// when names repeat); the mangled file has the same rows in the same order.
pub fn yente(entries: &[ListEntry], plain: &[FixturePerson], mangled: &[FixturePerson]) -> (Vec<Case>, usize) {
    let mut by_name: HashMap<String, Vec<&ListEntry>> = HashMap::new();
    for entry in entries.iter().filter(|entry| entry.list == "un") {
        for name in &entry.names {
            by_name.entry(sorted_key(&name.full)).or_default().push(entry);
        }
    }
    let mut cases = Vec::new();
    let mut mapped = 0;
    for (row, (plain_row, mangled_row)) in plain.iter().zip(mangled).enumerate() {
        let candidates = by_name.get(&sorted_key(&plain_row.full_name)).cloned().unwrap_or_default();
        let year = plain_row.birth_date.get(..4).unwrap_or_default();
        let entity = candidates
            .iter()
            .find(|entry| entry.birth_dates.iter().any(|date| date.starts_with(year)))
            .or(candidates.first());
        let target = entity.map(|entry| entity_key(entry));
        mapped += usize::from(target.is_some());
        let side = side_of(target.as_deref().unwrap_or(&format!("yente:{row}")));
        for (set, person) in [(Set::YentePlain, plain_row), (Set::YenteMangled, mangled_row)] {
            let query = PersonQuery {
                native_names: vec![person.full_name.clone()],
                birth_date: (!person.birth_date.is_empty()).then(|| person.birth_date.clone()),
                nationality: (!person.nationality.is_empty()).then(|| person.nationality.clone()),
                ..PersonQuery::default()
            };
            let has_date = query.birth_date.is_some();
            let case = Case { set, side, with_birth_date: has_date, query, target: target.clone() };
            push_with_and_without_birth_date(&mut cases, case, has_date);
        }
    }
    (cases, mapped)
}

fn sorted_key(name: &str) -> String {
    let mut tokens = normalize_name(name);
    tokens.sort();
    tokens.join(" ")
}

/// The 80 Putin aliases against the OFAC SDN entry "PUTIN, Vladimir Vladimirovich".
pub fn putin(aliases: &[String], entries: &[ListEntry]) -> Vec<Case> {
    let Some(entry) = entries.iter().find(|entry| entry.list == "ofac-sdn" && entry.names[0].full.starts_with("PUTIN, Vladimir")) else {
        return Vec::new();
    };
    let key = entity_key(entry);
    let mut cases = Vec::new();
    for alias in aliases {
        let query = PersonQuery {
            native_names: vec![alias.clone()],
            birth_date: Some("1952-10-07".to_string()),
            nationality: Some("RUS".to_string()),
            ..PersonQuery::default()
        };
        let case = Case { set: Set::Putin, side: Side::Test, with_birth_date: true, query, target: Some(key.clone()) };
        push_with_and_without_birth_date(&mut cases, case, true);
    }
    cases
}

/// yente's synthetic negatives as documents read them: given (and middle) names, family name,
/// birth date, nationality, sex. Each once with and once without the birth date.
pub fn negatives(files: &[Vec<FixturePerson>]) -> Vec<Case> {
    let mut cases = Vec::new();
    for (file, people) in files.iter().enumerate() {
        for (row, person) in people.iter().enumerate() {
            let side = side_of(&format!("neg:{file}:{row}"));
            let given = [person.first_name.as_str(), person.middle_name.as_str()].iter().filter(|part| !part.is_empty()).copied().collect::<Vec<_>>().join(" ");
            let query = PersonQuery {
                first_name: (!given.is_empty()).then_some(given),
                last_name: (!person.last_name.is_empty()).then(|| person.last_name.clone()),
                native_names: if person.first_name.is_empty() && person.last_name.is_empty() { vec![person.full_name.clone()] } else { Vec::new() },
                birth_date: (!person.birth_date.is_empty()).then(|| person.birth_date.clone()),
                nationality: (!person.nationality.is_empty()).then(|| person.nationality.clone()),
                sex: Sex::parse(&person.gender),
                ..PersonQuery::default()
            };
            let case = Case { set: Set::Negatives, side, with_birth_date: true, query, target: None };
            push_with_and_without_birth_date(&mut cases, case, true);
        }
    }
    cases
}

/// The most frequent given and family names of the negatives, crossed, with no birth date or
/// nationality: exact common names must not alert on the name alone.
pub fn common_names(files: &[Vec<FixturePerson>], per_part: usize) -> Vec<Case> {
    let most_frequent = |part: fn(&FixturePerson) -> &str| {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for person in files.iter().flatten() {
            let value = part(person);
            if !value.is_empty() && value.is_ascii() {
                *counts.entry(value).or_default() += 1;
            }
        }
        let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
        ranked.sort_by(|left, right| right.1.cmp(&left.1).then(left.0.cmp(right.0)));
        ranked.into_iter().take(per_part).map(|(value, _)| value.to_string()).collect::<Vec<_>>()
    };
    let given = most_frequent(|person| person.first_name.as_str());
    let family = most_frequent(|person| person.last_name.as_str());
    let mut cases = Vec::new();
    for first in &given {
        for last in &family {
            let query = PersonQuery { first_name: Some(first.clone()), last_name: Some(last.clone()), ..PersonQuery::default() };
            let side = side_of(&format!("common:{first} {last}"));
            cases.push(Case { set: Set::CommonNames, side, with_birth_date: false, query, target: None });
        }
    }
    cases
}
