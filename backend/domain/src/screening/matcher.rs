//! Name against name: token similarity, alignment by role, and the name quality in 0..=1.
//!
//! Tokens are compared at decreasing levels of certainty (exact, equivalent name, romanisation
//! convention, a few typing edits, same sound, initial). Query tokens are then aligned with list
//! tokens best-first, so word order does not matter; adjacent tokens may merge ("Abdul Rahman" /
//! "Abdulrahman"). A name part missing on one side (a middle name, a patronymic) costs little;
//! a part that contradicts costs more.

use rapidfuzz::distance::osa;

use super::equivalence::NameEquivalences;
use super::sinitic::{loose_sinitic_key, sinitic_key};
use super::normalize::{
    consonant_skeleton, fold_transliteration, is_particle, is_patronymic, is_vowelless, normalize_name, phonetic_codes,
};

/// Every comparable form of one token, computed once.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TokenForms {
    pub text: String,
    pub folded: String,
    pub phonetic: [String; 2],
    pub groups: Vec<u32>,
    /// Consonant skeleton, kept only for tokens long enough for it to mean something.
    pub skeleton: String,
    /// Written without vowels (romanised Arabic or Hebrew, or typed so).
    pub vowelless: bool,
    /// Key shared by the Pinyin and Wade-Giles spellings of a Chinese name, when the token reads
    /// as Chinese syllables.
    pub sinitic: Option<String>,
    /// The same key with the sibilants merged.
    pub loose_sinitic: Option<String>,
}

impl TokenForms {
    pub fn new(text: &str, equivalences: &NameEquivalences) -> Self {
        let skeleton = consonant_skeleton(text);
        let sinitic = sinitic_key(text);
        Self {
            text: text.to_string(),
            folded: fold_transliteration(text),
            phonetic: phonetic_codes(text),
            groups: equivalences.groups_of(text).to_vec(),
            skeleton: if skeleton.len() >= MIN_SKELETON { skeleton } else { String::new() },
            vowelless: is_vowelless(text),
            loose_sinitic: sinitic.as_deref().map(loose_sinitic_key),
            sinitic,
        }
    }

    /// The forms a joined run of tokens needs: no sound codes, skeleton or loose Chinese key
    /// (merges are only accepted on spelling).
    /// The Chinese key is read only when the token it will be compared with has one.
    fn spelling_only(text: String, equivalences: &NameEquivalences, with_sinitic: bool) -> Self {
        let folded = fold_transliteration(&text);
        Self {
            groups: equivalences.groups_of_folded(&folded).to_vec(),
            folded,
            sinitic: if with_sinitic { sinitic_key(&text) } else { None },
            loose_sinitic: None,
            text,
            phonetic: [String::new(), String::new()],
            skeleton: String::new(),
            vowelless: false,
        }
    }

    fn shares_group_with(&self, other: &Self) -> bool {
        self.groups.iter().any(|group| other.groups.contains(group))
    }

    /// Same Double Metaphone code, for tokens of about the same length: the codes are cut at six
    /// sounds, so "Oleksandr" and the patronymic "Oleksandrovych" would otherwise sound alike.
    fn sounds_like(&self, other: &Self) -> bool {
        if self.text.len().abs_diff(other.text.len()) > 3 {
            return false;
        }
        let long_enough = |code: &&String| code.len() >= 3;
        self.phonetic.iter().filter(long_enough).any(|code| other.phonetic.iter().filter(long_enough).any(|other_code| other_code == code))
    }

    /// The same Chinese name in Pinyin and Wade-Giles ("Teng Hsiao-ping" / "Deng Xiaoping"): a romanisation
    /// convention. With only the sibilants x, sh and s confused ("Shu" / "Xu"): a sound-alike.
    fn sinitic_match(&self, other: &Self) -> Option<TokenMatch> {
        let (Some(key), Some(other_key)) = (&self.sinitic, &other.sinitic) else { return None };
        let (kind, similarity) = if key == other_key {
            (TokenMatchKind::Transliteration, SINITIC_SIMILARITY)
        } else if self.loose_sinitic.is_some() && self.loose_sinitic == other.loose_sinitic {
            (TokenMatchKind::Phonetic, PHONETIC_SIMILARITY)
        } else {
            return None;
        };
        Some(TokenMatch { kind, similarity, weak: false })
    }

    /// An unvowelled spelling and a vowelled one with the same consonants ("mhmd" / "muhammad").
    fn same_consonants(&self, other: &Self) -> bool {
        (self.vowelless || other.vowelless) && !self.skeleton.is_empty() && self.skeleton == other.skeleton
    }
}

/// Skeletons shorter than this are too ambiguous to match on ("ali" -> "l").
pub(crate) const MIN_SKELETON: usize = 3;

/// Which part of a person's name a token is, when the source says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Given,
    Family,
    Unknown,
}

/// How two tokens agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TokenMatchKind {
    Exact,
    Equivalent,
    Transliteration,
    Fuzzy { edits: u8 },
    Phonetic,
    Initial,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TokenMatch {
    pub kind: TokenMatchKind,
    /// 1.0 for the same token, lower for looser agreement.
    pub similarity: f64,
    /// Agreement beyond the edit budget: aligned only after merged tokens had their chance.
    pub weak: bool,
}

/// Similarities per level; tuned on the development split of the evaluation.
const EQUIVALENT_SIMILARITY: f64 = 0.95;
const TRANSLITERATION_SIMILARITY: f64 = 0.94;
const SKELETON_SIMILARITY: f64 = 0.85;
/// Below other romanisation conventions: without its apostrophes a Wade-Giles "p" may stand
/// for the Pinyin "p" as well as "b".
const SINITIC_SIMILARITY: f64 = 0.9;
const PHONETIC_SIMILARITY: f64 = 0.8;
const INITIAL_SIMILARITY: f64 = 0.8;

/// How two tokens agree, or `None` when they do not.
pub(crate) fn compare_tokens(query: &TokenForms, list: &TokenForms) -> Option<TokenMatch> {
    let matched = |kind, similarity| Some(TokenMatch { kind, similarity, weak: false });
    if query.text == list.text {
        return matched(TokenMatchKind::Exact, 1.0);
    }
    if is_initial_of(&query.text, &list.text) || is_initial_of(&list.text, &query.text) {
        return matched(TokenMatchKind::Initial, INITIAL_SIMILARITY);
    }
    if query.shares_group_with(list) {
        return matched(TokenMatchKind::Equivalent, EQUIVALENT_SIMILARITY);
    }
    if query.folded == list.folded || same_but_for_ch(&query.folded, &list.folded) {
        return matched(TokenMatchKind::Transliteration, TRANSLITERATION_SIMILARITY);
    }
    if is_legal_form(&query.text) || is_legal_form(&list.text) {
        return None;
    }
    // One slip as written stays a typo, even where folding spreads it over two letters ("x").
    // The distance is only computed for the few pairs that share an affix: this runs for
    // every pair of tokens a query aligns.
    if differ_beyond_shared_affix(&query.folded, &list.folded) && osa::distance(query.text.chars(), list.text.chars()) > 1 {
        return None;
    }
    let candidates = [
        abbreviation(&query.folded, &list.folded),
        fuzzy_match(&query.folded, &list.folded),
        // Also as written: folding can spread one slip over two letters ("rxmadan" folds to
        // "rksmadan", two edits from "ramadan").
        fuzzy_match(&query.text, &list.text),
        query.sounds_like(list).then_some(TokenMatch { kind: TokenMatchKind::Phonetic, similarity: PHONETIC_SIMILARITY, weak: false }),
        query.same_consonants(list).then_some(TokenMatch { kind: TokenMatchKind::Transliteration, similarity: SKELETON_SIMILARITY, weak: false }),
        query.sinitic_match(list),
    ];
    candidates.into_iter().flatten().max_by(|left, right| left.similarity.total_cmp(&right.similarity))
}

/// Endings that many family names share: patronymic and filiation suffixes (Icelandic
/// "-dóttir", Slavic "-ovich", Arabic "-uddin" of "Shams ud-Din", "-ullah"), Georgian "-shvili"
/// and "-dze", Ukrainian "-enko". Folded spellings (doubled letters collapsed).
const SHARED_SUFFIXES: &[&str] = &["dotir", "ovich", "evich", "ovna", "evna", "udin", "edin", "adin", "ulah", "shvili", "dze", "enko"];

/// True when two tokens end in the same common suffix, or both begin with "Abd", and the rest
/// are different names by [`stems_differ`]: "Sigurðsdóttir" / "Gunnarsdóttir" and "Badruddin" /
/// "Baharuddin" are different names, though the shared ending makes the whole tokens look
/// close.
fn differ_beyond_shared_affix(left: &str, right: &str) -> bool {
    differ_before_shared_suffix(left, right) || differ_after_abd(left, right)
}

/// Arabic names of the form "Abd" + a name of God ("Abdulkarim", servant of the Generous;
/// "Abdulrahim", servant of the Compassionate) are different names when the names of God
/// differ, however much "Abd" makes the whole tokens look alike.
fn differ_after_abd(left: &str, right: &str) -> bool {
    let (Some(left_rest), Some(right_rest)) = (left.strip_prefix("abd"), right.strip_prefix("abd")) else {
        return false;
    };
    left_rest.len().min(right_rest.len()) >= 3 && stems_differ(left_rest, right_rest, 0)
}

/// Two stems are different names when their consonants differ and they are more edits apart
/// than their length allows (at least `minimum_budget`). Stems with the same consonants are
/// romanisations that vary the vowels ("Abdulqadir" / "Abdelkader", "Volodymyrovych" /
/// "Vladimirovich").
fn stems_differ(left: &str, right: &str, minimum_budget: usize) -> bool {
    let budget = edit_budget(left.len().min(right.len())).max(minimum_budget);
    consonant_skeleton(left) != consonant_skeleton(right) && osa::distance(left.chars(), right.chars()) > budget
}

fn differ_before_shared_suffix(left: &str, right: &str) -> bool {
    let Some(suffix) = SHARED_SUFFIXES.iter().find(|suffix| left.ends_with(*suffix) && right.ends_with(*suffix)) else {
        return false;
    };
    let (left_stem, right_stem) = (&left[..left.len() - suffix.len()], &right[..right.len() - suffix.len()]);
    left_stem.len().min(right_stem.len()) >= 2 && stems_differ(left_stem, right_stem, 1)
}

/// German, Polish, Czech and Dutch write the Cyrillic "х" as "ch" where English writes "kh"
/// (folded to "h"): "Chabelov" / "Khabelov". Only for longer tokens, because in short Chinese and
/// Korean names "Cho" and "Ho" are different families.
fn same_but_for_ch(left: &str, right: &str) -> bool {
    let (shorter, longer) = if left.len() <= right.len() { (left, right) } else { (right, left) };
    longer.len() == shorter.len() + 1 && shorter.len() >= 5 && longer.contains("ch") && longer.replacen("ch", "h", 1) == shorter
}

fn is_initial_of(initial: &str, token: &str) -> bool {
    initial.len() == 1 && token.len() > 1 && token.starts_with(initial)
}

/// A short form that begins the longer one ("Ben" / "Benjamin", "Abiy" / "Abiyot"): weak
/// agreement, counted only where nothing better aligns.
fn abbreviation(query: &str, list: &str) -> Option<TokenMatch> {
    let (short, long) = if query.len() <= list.len() { (query, list) } else { (list, query) };
    let is_abbreviation = (3..=5).contains(&short.len()) && long.len() >= short.len() + 2 && long.starts_with(short);
    is_abbreviation.then_some(TokenMatch { kind: TokenMatchKind::Initial, similarity: ABBREVIATION_SIMILARITY, weak: true })
}

const ABBREVIATION_SIMILARITY: f64 = 0.7;

/// Edits allowed between two tokens: none for very short tokens, one from three letters
/// ("Jon" / "John"), two from nine.
pub(crate) fn edit_budget(shorter_length: usize) -> usize {
    match shorter_length {
        0..=2 => 0,
        3..=8 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (a swap of neighbours is one edit). Within the budget the
/// tokens agree well; one edit beyond it, from four letters, they agree weakly ("Sechev" /
/// "Sechin"): enough to support other agreeing parts, not to carry a name alone.
fn fuzzy_match(query: &str, list: &str) -> Option<TokenMatch> {
    let shorter = query.len().min(list.len());
    let longer = query.len().max(list.len());
    let budget = edit_budget(shorter);
    let stretch = usize::from(shorter >= 4);
    if budget == 0 || longer - shorter > budget + stretch {
        return None;
    }
    let edits = osa::distance(query.chars(), list.chars());
    let share = edits as f64 / longer as f64;
    let similarity = if edits <= budget {
        0.97 - 0.5 * share
    } else if edits <= budget + stretch {
        WEAK_FUZZY_BASE - WEAK_FUZZY_SLOPE * share
    } else {
        return None;
    };
    // A different first letter in tokens of equal length is a substitution at the start, which
    // typing and romanisation rarely produce ("Kopadze" / "Topadze" are two families).
    let (query_bytes, list_bytes) = (query.as_bytes(), list.as_bytes());
    let swapped_start = query_bytes.len() > 1 && query_bytes[0] == list_bytes[1] && query_bytes[1] == list_bytes[0];
    let first_letter_differs = query.len() == list.len() && query_bytes[0] != list_bytes[0] && !swapped_start;
    let similarity = if first_letter_differs { similarity - FIRST_LETTER_PENALTY } else { similarity };
    Some(TokenMatch { kind: TokenMatchKind::Fuzzy { edits: edits as u8 }, similarity, weak: edits > budget })
}

const FIRST_LETTER_PENALTY: f64 = 0.08;

/// Similarity of a token pair one edit beyond the budget: `base - slope * edits / length`.
const WEAK_FUZZY_BASE: f64 = 0.95;
const WEAK_FUZZY_SLOPE: f64 = 0.9;

/// One token of a name being aligned.
#[derive(Debug, Clone)]
pub(crate) struct SideToken<'a> {
    pub forms: &'a TokenForms,
    pub role: Role,
    /// 0 (the most common token in the list) ..= 1 (a token seen once).
    pub rarity: f64,
}

impl SideToken<'_> {
    /// Weight in the name quality: family names count more, particles and initials less, and
    /// rare tokens more than common ones.
    fn weight(&self) -> f64 {
        let text = self.forms.text.as_str();
        let base = if is_particle(text) || is_legal_form(text) {
            0.25
        } else if text.len() == 1 {
            0.4
        } else if self.role == Role::Family {
            1.3
        } else {
            1.0
        };
        base * (0.6 + 0.4 * self.rarity)
    }

    fn is_particle(&self) -> bool {
        is_particle(&self.forms.text) || is_legal_form(&self.forms.text)
    }
}

/// Query tokens aligned with list tokens: one with one, or one with two neighbours joined.
/// Positions, not texts, so that aligning hundreds of candidates allocates no strings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AlignedPair {
    pub query: Vec<usize>,
    pub list: Vec<usize>,
    pub token_match: TokenMatch,
}

/// The outcome of aligning two names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Alignment {
    /// Weighted agreement of the two names, 0..=1.
    pub quality: f64,
    /// How much identifying information agrees: the sum of matched tokens' rarity.
    pub specificity: f64,
    pub pairs: Vec<AlignedPair>,
    /// Positions of the name parts present on one side only (not particles).
    pub missing_query: Vec<usize>,
    pub missing_list: Vec<usize>,
    /// Both sides have a name part the other lacks: the names contradict, not just omit.
    pub contradicting_parts: bool,
    pub order_swapped: bool,
}

impl Alignment {
    /// The aligned texts as (query part, list part, how they agree), parts joined by a space.
    pub fn pair_texts(&self, query: &[SideToken<'_>], list: &[SideToken<'_>]) -> Vec<(String, String, TokenMatch)> {
        let join = |side: &[SideToken<'_>], indices: &[usize]| {
            indices.iter().map(|&index| side[index].forms.text.as_str()).collect::<Vec<_>>().join(" ")
        };
        self.pairs.iter().map(|pair| (join(query, &pair.query), join(list, &pair.list), pair.token_match)).collect()
    }

    /// The texts of the parts present on one side only, query side first.
    pub fn missing_texts(&self, query: &[SideToken<'_>], list: &[SideToken<'_>]) -> Vec<String> {
        let query_parts = self.missing_query.iter().map(|&index| query[index].forms.text.clone());
        query_parts.chain(self.missing_list.iter().map(|&index| list[index].forms.text.clone())).collect()
    }
}

/// Share of an unmatched part's weight that counts against the name quality.
const UNMATCHED_QUERY_COST: f64 = 0.6;
const UNMATCHED_QUERY_MIDDLE_COST: f64 = 0.2;
const UNMATCHED_LIST_COST: f64 = 0.1;
/// Share of the weight of parts that differ on both sides (a different father's name, not an
/// omitted one) that counts against the name quality, besides their own unmatched costs.
const CONTRADICTION_SHARE: f64 = 0.8;
const ORDER_SWAP_FACTOR: f64 = 0.97;
/// A father's name read as the person's own (or the reverse).
const FILIATION_SWAP_FACTOR: f64 = 0.75;
/// Share of the weight of a word of an organisation's name present on one side only. A person
/// may omit a middle name, but a company word such as "Holdings", "Logistics" or a city ("Nordic
/// Shipping Bergen") usually names another company of the group.
const ORGANISATION_EXTRA_WORD_COST: f64 = 0.5;
/// Continents a company adds to its brand for a regional branch ("Faberlic Europe", "Acme
/// Asia"): present on one side only, they cost like an omitted particle, since the regional
/// branch of a listed company is worth an alert. Words such as "International", "Global" or
/// "Holdings" stay full words: they are part of many distinct names ("ABC International").
const ORGANISATION_CONTINENTS: &[&str] =
    &["europe", "european", "asia", "asian", "africa", "african", "america", "americas", "eurasia"];
/// Different legal forms on the two sides ("AG" / "GmbH") are different legal persons.
const LEGAL_FORM_CONFLICT_FACTOR: f64 = 0.85;
/// Merged or split tokens ("al rashid" / "alrashid") agree a little less than equal ones.
const MERGE_FACTOR: f64 = 0.97;

/// Aligns a query name with a list name. Both sides are token lists in written order.
pub(crate) fn align(
    query: &[SideToken<'_>],
    list: &[SideToken<'_>],
    equivalences: &NameEquivalences,
) -> Alignment {
    let mut query_used = vec![false; query.len()];
    let mut list_used = vec![false; list.len()];
    let mut matches: Vec<(usize, usize, TokenMatch)> = Vec::new();
    let ranked = ranked_token_matches(query, list);
    let mut take = |weak: bool, query_used: &mut [bool], list_used: &mut [bool]| {
        for &(query_index, list_index, token_match) in ranked.iter().filter(|candidate| candidate.2.weak == weak) {
            if !query_used[query_index] && !list_used[list_index] {
                query_used[query_index] = true;
                list_used[list_index] = true;
                matches.push((query_index, list_index, token_match));
            }
        }
    };
    take(false, &mut query_used, &mut list_used);
    let merged = align_merged_tokens(query, list, &mut query_used, &mut list_used, equivalences);
    take(true, &mut query_used, &mut list_used);
    summarize(query, list, &matches, &merged, &query_used, &list_used)
}

/// Every agreeing token pair, best first; ties go to pairs at the same position.
fn ranked_token_matches(query: &[SideToken<'_>], list: &[SideToken<'_>]) -> Vec<(usize, usize, TokenMatch)> {
    let mut candidates = Vec::with_capacity(query.len() * list.len());
    for (query_index, query_token) in query.iter().enumerate() {
        for (list_index, list_token) in list.iter().enumerate() {
            if let Some(token_match) = compare_tokens(query_token.forms, list_token.forms) {
                candidates.push((query_index, list_index, token_match));
            }
        }
    }
    candidates.sort_by(|left, right| {
        right.2.similarity.total_cmp(&left.2.similarity).then_with(|| {
            left.0.abs_diff(left.1).cmp(&right.0.abs_diff(right.1))
        })
    });
    candidates
}

/// A pair found by joining two neighbouring tokens on one side.
struct MergedPair {
    query: Vec<usize>,
    list: Vec<usize>,
    token_match: TokenMatch,
}

/// Matches left-over tokens by joining two neighbours on either side.
fn align_merged_tokens(
    query: &[SideToken<'_>],
    list: &[SideToken<'_>],
    query_used: &mut [bool],
    list_used: &mut [bool],
    equivalences: &NameEquivalences,
) -> Vec<MergedPair> {
    let mut merged = Vec::new();
    for (single_side_is_query, singles, pairs) in [(true, query, list), (false, list, query)] {
        for single_index in 0..singles.len() {
            let (single_used, pair_used) = if single_side_is_query {
                (&*query_used, &*list_used)
            } else {
                (&*list_used, &*query_used)
            };
            if single_used[single_index] {
                continue;
            }
            let Some((joined, token_match)) = best_joined_neighbours(&singles[single_index], pairs, pair_used, equivalences)
            else {
                continue;
            };
            let (query_indices, list_indices) = if single_side_is_query {
                (vec![single_index], joined.collect())
            } else {
                (joined.collect(), vec![single_index])
            };
            for &index in &query_indices {
                query_used[index] = true;
            }
            for &index in &list_indices {
                list_used[index] = true;
            }
            merged.push(MergedPair { query: query_indices, list: list_indices, token_match });
        }
    }
    merged
}

/// Two neighbours joined. Runs of three ("Vladi Mi Rovich") were tried: they cost recall on
/// queries with one typo (a typo'd token was absorbed into a joined run), so they stay off.
const MAX_JOINED: usize = 2;

/// The run of unused neighbours on the other side (up to [`MAX_JOINED`]) that, joined, best
/// agrees with the single token.
fn best_joined_neighbours(
    single: &SideToken<'_>,
    others: &[SideToken<'_>],
    other_used: &[bool],
    equivalences: &NameEquivalences,
) -> Option<(std::ops::Range<usize>, TokenMatch)> {
    let single_length = single.forms.text.len();
    let runs = (2..=MAX_JOINED).flat_map(|length| (0..=others.len().saturating_sub(length)).map(move |first| first..first + length));
    runs.filter(|run| run.end <= others.len() && run.clone().all(|index| !other_used[index]))
        // Only joins about as long as the single token can agree with it: skip the rest early,
        // so long names with repeated common tokens stay cheap.
        .filter(|run| run.clone().map(|index| others[index].forms.text.len()).sum::<usize>().abs_diff(single_length) <= 2)
        .filter_map(|run| {
            let joined: String = run.clone().map(|index| others[index].forms.text.as_str()).collect();
            let joined_forms = TokenForms::spelling_only(joined, equivalences, single.forms.sinitic.is_some());
            let token_match = compare_tokens(single.forms, &joined_forms)?;
            let strong = !token_match.weak && !matches!(token_match.kind, TokenMatchKind::Phonetic | TokenMatchKind::Initial);
            strong.then_some((run, TokenMatch { similarity: token_match.similarity * MERGE_FACTOR, ..token_match }))
        })
        .max_by(|left, right| left.1.similarity.total_cmp(&right.1.similarity))
}

fn summarize(
    query: &[SideToken<'_>],
    list: &[SideToken<'_>],
    matches: &[(usize, usize, TokenMatch)],
    merged: &[MergedPair],
    query_used: &[bool],
    list_used: &[bool],
) -> Alignment {
    let mut agreeing_weight = 0.0;
    let mut matched_weight = 0.0;
    let mut specificity = 0.0;
    let mut pairs = Vec::new();
    for &(query_index, list_index, token_match) in matches {
        let weight = query[query_index].weight().max(list[list_index].weight());
        agreeing_weight += weight * token_match.similarity;
        matched_weight += weight;
        if !list[list_index].is_particle() {
            specificity += token_match.similarity * list[list_index].rarity;
        }
        pairs.push(AlignedPair { query: vec![query_index], list: vec![list_index], token_match });
    }
    for pair in merged {
        let weight: f64 = pair.query.iter().map(|&index| query[index].weight()).sum::<f64>()
            .max(pair.list.iter().map(|&index| list[index].weight()).sum::<f64>());
        agreeing_weight += weight * pair.token_match.similarity;
        matched_weight += weight;
        let rarity = pair.list.iter().map(|&index| list[index].rarity).fold(0.0, f64::max);
        specificity += pair.token_match.similarity * rarity;
        pairs.push(AlignedPair { query: pair.query.clone(), list: pair.list.clone(), token_match: pair.token_match });
    }

    let unmatched_query: Vec<usize> = (0..query.len()).filter(|&index| !query_used[index]).collect();
    let unmatched_list: Vec<usize> = (0..list.len()).filter(|&index| !list_used[index]).collect();
    let list_name_contained = contains_whole_name(query, list, matches);
    let organisation = is_organisation(query) || is_organisation(list);
    let extra_word_cost = |side: &[SideToken<'_>], index: usize, cost: f64| {
        let token = &side[index];
        let cost = if !organisation || token.is_particle() {
            cost
        } else if ORGANISATION_CONTINENTS.contains(&token.forms.text.as_str()) {
            UNMATCHED_LIST_COST
        } else {
            cost.max(ORGANISATION_EXTRA_WORD_COST)
        };
        token.weight() * cost
    };
    let missing_cost: f64 = unmatched_query
        .iter()
        .map(|&index| extra_word_cost(query, index, unmatched_query_cost(query, index, list_name_contained)))
        .sum::<f64>()
        + unmatched_list.iter().map(|&index| extra_word_cost(list, index, UNMATCHED_LIST_COST)).sum::<f64>();
    let significant = |side: &[SideToken<'_>], indices: &[usize]| {
        indices.iter().filter(|&&index| !side[index].is_particle()).count()
    };
    let contradicting_parts = significant(query, &unmatched_query) > 0 && significant(list, &unmatched_list) > 0;
    let contradiction_cost = if contradicting_parts {
        let unmatched_weight = |side: &[SideToken<'_>], indices: &[usize]| {
            indices.iter().filter(|&&index| !side[index].is_particle()).map(|&index| side[index].weight()).sum::<f64>()
        };
        CONTRADICTION_SHARE * unmatched_weight(query, &unmatched_query).min(unmatched_weight(list, &unmatched_list))
    } else {
        0.0
    };
    let order_swapped = roles_swapped(query, list, matches);
    let swap_factor = if order_swapped { ORDER_SWAP_FACTOR } else { 1.0 };
    let swap_factor = if filiation_crossed(query, list, matches) { swap_factor * FILIATION_SWAP_FACTOR } else { swap_factor };
    let legal_forms_differ = has_legal_form_among(query, &unmatched_query) && has_legal_form_among(list, &unmatched_list);
    let swap_factor = if legal_forms_differ { swap_factor * LEGAL_FORM_CONFLICT_FACTOR } else { swap_factor };

    let denominator = matched_weight + missing_cost + contradiction_cost;
    let quality = if denominator > 0.0 { swap_factor * agreeing_weight / denominator } else { 0.0 };
    let missing = |side: &[SideToken<'_>], indices: Vec<usize>| indices.into_iter().filter(|&index| !side[index].is_particle()).collect();
    Alignment {
        quality,
        specificity,
        pairs,
        missing_query: missing(query, unmatched_query),
        missing_list: missing(list, unmatched_list),
        contradicting_parts,
        order_swapped,
    }
}

/// A name with a legal form is an organisation's. Only [`compare_names`] reads legal forms.
fn is_organisation(side: &[SideToken<'_>]) -> bool {
    side.iter().any(|token| is_legal_form(&token.forms.text))
}

fn has_legal_form_among(side: &[SideToken<'_>], indices: &[usize]) -> bool {
    indices.iter().any(|&index| is_legal_form(&side[index].forms.text))
}

/// A query part left unmatched costs less when it sits in the middle or is a patronymic (IDs
/// and lists often omit those), or when the listed name is wholly contained in the query: lists
/// often record a short form ("Fazl Rabi") of a longer full name ("Fazl Rabi Abdul Hamid").
fn unmatched_query_cost(query: &[SideToken<'_>], index: usize, list_name_contained: bool) -> f64 {
    let is_middle = index > 0 && index + 1 < query.len();
    if is_middle || list_name_contained || is_patronymic(&query[index].forms.folded) {
        UNMATCHED_QUERY_MIDDLE_COST
    } else {
        UNMATCHED_QUERY_COST
    }
}

/// True when every part of the listed name that identifies anyone (not a particle or legal form)
/// matched a query part as written or by an equivalence, and there are at least two such parts:
/// the query is the listed name with more parts. Organisations (a legal form on either side)
/// are left out: "Deutsche Bank Trust Company" is not "Deutsche Bank".
fn contains_whole_name(query: &[SideToken<'_>], list: &[SideToken<'_>], matches: &[(usize, usize, TokenMatch)]) -> bool {
    let significant: Vec<usize> = (0..list.len()).filter(|&index| !list[index].is_particle()).collect();
    let strongly_matched = |index: usize| {
        matches.iter().any(|&(_, list_index, token_match)| list_index == index && token_match.similarity >= STRONG_SIMILARITY)
    };
    significant.len() >= 2
        && !query.iter().chain(list).any(|token| is_legal_form(&token.forms.text))
        && significant.iter().all(|&index| strongly_matched(index))
}

/// Token agreement at or above this is "as written or an equivalent form", not a fuzzy guess.
const STRONG_SIMILARITY: f64 = 0.95;

/// Filiation words: "X bin Y" is X, son of Y.
const FILIATIONS: &[&str] = &["bin", "ben", "ibn", "bint", "ould"];

/// True when both names say whose son or daughter the person is and a name before the filiation
/// word on one side matched a name after it on the other: "Abdullah bin Omar" is not "Omar bin
/// Abdullah", whatever the overlap of their tokens.
fn filiation_crossed(query: &[SideToken<'_>], list: &[SideToken<'_>], matches: &[(usize, usize, TokenMatch)]) -> bool {
    // Only names with one filiation word, not at the start: "Isa bin Tarif al bin Ali" or a
    // name rotated to start with "bin" has no single before and after.
    let filiation = |side: &[SideToken<'_>]| {
        let is_filiation = |token: &SideToken<'_>| FILIATIONS.contains(&token.forms.text.as_str());
        let position = side.iter().position(is_filiation)?;
        (position > 0 && side.iter().filter(|token| is_filiation(token)).count() == 1).then_some(position)
    };
    let (Some(query_at), Some(list_at)) = (filiation(query), filiation(list)) else { return false };
    matches.iter().any(|&(query_index, list_index, _)| {
        !query[query_index].is_particle() && (query_index < query_at) != (list_index < list_at)
    })
}

/// True when a given name on one side matched a family name on the other. Only decidable where
/// both sides label their parts.
fn roles_swapped(query: &[SideToken<'_>], list: &[SideToken<'_>], matches: &[(usize, usize, TokenMatch)]) -> bool {
    matches.iter().any(|&(query_index, list_index, _)| {
        let (query_role, list_role) = (query[query_index].role, list[list_index].role);
        !query[query_index].is_particle()
            && matches!((query_role, list_role), (Role::Given, Role::Family) | (Role::Family, Role::Given))
    })
}

/// The comparison of two names, for callers that compare names outside a [`crate::screening::Screener`].
#[derive(Debug, Clone, PartialEq)]
pub struct NameComparison {
    /// Weighted agreement of the names, 0..=1.
    pub quality: f64,
    /// Token pairs as (query token, list token, how they agree).
    pub pairs: Vec<(String, String, String)>,
    /// Name parts present on one side only.
    pub missing_parts: Vec<String>,
}

/// Compares two full names in any script with the built-in equivalence groups. Every token is
/// taken as equally rare, and the parts' roles as unknown.
pub fn compare_names(query: &str, list: &str, equivalences: &NameEquivalences) -> NameComparison {
    if let Some(quality) = han_quality(query, list) {
        return NameComparison { quality, pairs: Vec::new(), missing_parts: Vec::new() };
    }
    let list_names = name_alternatives(list, query);
    name_alternatives(query, list)
        .iter()
        .flat_map(|query_name| list_names.iter().map(move |list_name| (query_name, list_name)))
        .map(|(query_name, list_name)| compare_single_names(query_name, list_name, equivalences))
        .max_by(|left, right| left.quality.total_cmp(&right.quality))
        .expect("a name has at least one alternative")
}

/// The ways a name can be read: its slash alternatives, each also without its parenthesised
/// parts when the other name has none. When both have one ("Bank of China (Hong Kong)" / "Bank
/// of China (Singapore)"), the parts are compared: they tell two branches apart.
fn name_alternatives(name: &str, other: &str) -> Vec<String> {
    let mut alternatives = slash_alternatives(name);
    if other.contains('(') {
        return alternatives;
    }
    let without_parentheses: Vec<String> = alternatives.iter().filter_map(|name| without_parenthesised(name)).collect();
    alternatives.extend(without_parentheses);
    alternatives
}

/// A parenthesised part adds something the name can go without: a country or city of a branch
/// ("Alpha Bank (Cyprus) Ltd"), a former name, a nickname. `None` when there is none.
fn without_parenthesised(name: &str) -> Option<String> {
    if !name.contains('(') {
        return None;
    }
    let mut depth = 0usize;
    let kept: String = name
        .chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect();
    (kept.chars().any(char::is_alphanumeric)).then_some(kept)
}

/// "Hizballah/Party of God": a slash between words gives two names of one organisation or
/// person. A slash between single letters is part of a name or legal form ("A/S", "c/o") and
/// stays.
fn slash_alternatives(name: &str) -> Vec<String> {
    let parts: Vec<&str> = name.split('/').map(str::trim).collect();
    let is_name = |part: &&str| part.chars().filter(|c| c.is_alphabetic()).count() >= 3;
    if parts.len() > 1 && parts.iter().all(is_name) {
        parts.into_iter().map(str::to_string).collect()
    } else {
        vec![name.to_string()]
    }
}

/// Two names written in Chinese characters (Chinese, or Japanese kanji) compared character by
/// character: characters are the name, and a different character is a different name unless it
/// reads the same (a simplified and a traditional form, or the homophone an input method
/// offers by mistake). Romanising first would let "平" (ping) and "朋" (peng) pass as a one-letter
/// typo. `None` unless both names are wholly in Han characters.
fn han_quality(query: &str, list: &str) -> Option<f64> {
    let han_characters = |name: &str| -> Option<Vec<char>> {
        let characters: Vec<char> = name.chars().filter(|c| !c.is_whitespace() && *c != '·' && *c != '・').collect();
        (!characters.is_empty() && characters.iter().all(|&c| is_han(c))).then_some(characters)
    };
    let (query, list) = (han_characters(query)?, han_characters(list)?);
    let reading = |c: char| any_ascii::any_ascii_char(c).to_ascii_lowercase();
    let agreeing = query.iter().zip(&list).filter(|(left, right)| left == right || reading(**left) == reading(**right)).count();
    Some(agreeing as f64 / query.len().max(list.len()) as f64)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

fn compare_single_names(query: &str, list: &str, equivalences: &NameEquivalences) -> NameComparison {
    let (query_tokens, list_tokens) = split_glued_legal_forms(tokens_of(query), tokens_of(list));
    let (query_tokens, list_tokens, acronym_spelled_out) = spell_out_acronyms(query_tokens, list_tokens, equivalences);
    let query_forms = forms_of(&query_tokens, equivalences);
    let list_forms = forms_of(&list_tokens, equivalences);
    let (query_side, list_side) = (unlabelled_side(&query_forms), unlabelled_side(&list_forms));
    let alignment = align(&query_side, &list_side, equivalences);
    let acronym_factor = if acronym_spelled_out { ACRONYM_FACTOR } else { 1.0 };
    NameComparison {
        quality: acronym_factor * alignment.quality,
        pairs: alignment
            .pair_texts(&query_side, &list_side)
            .into_iter()
            .map(|(query, list, token_match)| (query, list, format!("{:?}", token_match.kind)))
            .collect(),
        missing_parts: alignment.missing_texts(&query_side, &list_side),
    }
}

fn unlabelled_side(forms: &[TokenForms]) -> Vec<SideToken<'_>> {
    forms.iter().map(|forms| SideToken { forms, role: Role::Unknown, rarity: 0.7 }).collect()
}

fn tokens_of(name: &str) -> Vec<String> {
    // Legal forms first: their letters ("L.P.", "Sp. z o.o.") must not join a run of initials
    // or a numeral before them ("Partners V L.P.").
    numbers_as_digits(spell_out_abbreviations(join_letter_runs(collapse_legal_forms(normalize_name(name)))))
}

fn forms_of(tokens: &[String], equivalences: &NameEquivalences) -> Vec<TokenForms> {
    tokens.iter().map(|token| TokenForms::new(token, equivalences)).collect()
}

/// An acronym read as the words it stands for agrees a little less than the words themselves:
/// the same letters can begin other names.
const ACRONYM_FACTOR: f64 = 0.95;

/// Words that only join a name's words and have no initial in its acronym ("Bank of America":
/// BOA or BA).
const ACRONYM_SKIPPED: &[&str] = &["of", "the", "and", "for", "de", "du", "des", "la", "le"];

/// An organisation known by its acronym ("NATO" / "North Atlantic Treaty Organization"): a token
/// on one side that spells the initials of every word on the other side is replaced by those
/// words. Three letters at least, and not a known given name: "Ali" is not "Ahmad Latif
/// Ibrahim". Legal forms and joining words ("of", "the") are not part of an acronym. Returns the
/// two sides and whether an acronym was spelled out.
fn spell_out_acronyms(query: Vec<String>, list: Vec<String>, equivalences: &NameEquivalences) -> (Vec<String>, Vec<String>, bool) {
    if let Some(spelled) = spell_out_acronym_of(&query, &list, equivalences) {
        return (spelled, list, true);
    }
    if let Some(spelled) = spell_out_acronym_of(&list, &query, equivalences) {
        return (query, spelled, true);
    }
    (query, list, false)
}

/// `side` with its acronym of `other` replaced by the words of `other`, if it has one.
fn spell_out_acronym_of(side: &[String], other: &[String], equivalences: &NameEquivalences) -> Option<Vec<String>> {
    let words: Vec<&String> = other.iter().filter(|word| !is_legal_form(word) && !ACRONYM_SKIPPED.contains(&word.as_str())).collect();
    if words.len() < 3 || words.len() > 8 {
        return None;
    }
    let initials: String = words.iter().filter_map(|word| word.chars().next()).collect();
    let position = side.iter().position(|token| *token == initials && equivalences.groups_of(token).is_empty())?;
    let mut spelled: Vec<String> = side[..position].to_vec();
    spelled.extend(words.into_iter().cloned());
    spelled.extend(side[position + 1..].iter().cloned());
    Some(spelled)
}

/// Abbreviations that company names write for common words ("Acme Int'l Trading", "Smith Bros").
const COMPANY_ABBREVIATIONS: &[(&str, &str)] = &[
    ("intl", "international"), ("natl", "national"), ("bros", "brothers"), ("mfg", "manufacturing"),
    ("assn", "association"), ("assoc", "association"), ("grp", "group"), ("hldg", "holding"), ("hldgs", "holdings"),
    ("svc", "service"), ("svcs", "services"), ("mgmt", "management"), ("dept", "department"), ("univ", "university"),
];

fn spell_out_abbreviations(tokens: Vec<String>) -> Vec<String> {
    tokens
        .into_iter()
        .map(|token| match COMPANY_ABBREVIATIONS.iter().find(|(short, _)| *short == token) {
            Some((_, long)) => long.to_string(),
            None => token,
        })
        .collect()
}

/// "A.B.C. Company" and "ABC Company": three or more single letters in a row are one token.
fn join_letter_runs(tokens: Vec<String>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::with_capacity(tokens.len());
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, joined: &mut Vec<String>| {
        if run.len() >= 3 {
            joined.push(run.concat());
        } else {
            joined.append(run);
        }
        run.clear();
    };
    for token in tokens {
        if token.len() == 1 && token.bytes().all(|byte| byte.is_ascii_alphabetic()) {
            run.push(token);
        } else {
            flush(&mut run, &mut joined);
            joined.push(token);
        }
    }
    flush(&mut run, &mut joined);
    joined
}

const UNITS: [&str; 20] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const ORDINALS: [&str; 10] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

/// Numbers written in words or as English ordinals become digits ("Forty-Four" and "44",
/// "1st" and "First" agree), so organisations that spell them differently still match.
fn numbers_as_digits(tokens: Vec<String>) -> Vec<String> {
    let value_of = |token: &str| -> Option<u32> {
        if let Some(position) = UNITS.iter().position(|unit| *unit == token) {
            return Some(position as u32);
        }
        if let Some(position) = TENS.iter().position(|tens| *tens == token) {
            return Some(20 + 10 * position as u32);
        }
        if let Some(position) = ORDINALS.iter().position(|ordinal| *ordinal == token) {
            return Some(position as u32 + 1);
        }
        let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &token[digits.len()..];
        (!digits.is_empty() && matches!(suffix, "st" | "nd" | "rd" | "th")).then(|| digits.parse().ok()).flatten()
    };
    let mut converted: Vec<String> = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        match value_of(&tokens[index]) {
            Some(tens) if tens >= 20 && tens % 10 == 0 => {
                let unit = tokens.get(index + 1).and_then(|next| value_of(next)).filter(|unit| (1..=9).contains(unit));
                converted.push((tens + unit.unwrap_or(0)).to_string());
                index += if unit.is_some() { 2 } else { 1 };
            }
            Some(value) => {
                converted.push(value.to_string());
                index += 1;
            }
            None => {
                converted.push(tokens[index].clone());
                index += 1;
            }
        }
    }
    converted
}

/// Legal forms of organisations as token sequences, by kind. [`compare_names`] reads each as one
/// token of its kind, so "Joint Stock Company", "JSC" and "OAO" agree while "AG" and "GmbH" do
/// not, and a form present on one side only costs as little as a particle.
const LEGAL_FORMS: &[(&str, &[&[&str]])] = &[
    ("~joint-stock", &[
        &["open", "joint", "stock", "company"], &["closed", "joint", "stock", "company"],
        &["public", "joint", "stock", "company"], &["joint", "stock", "company"], &["aktsionernoe", "obshchestvo"],
        &["otkrytoe", "aktsionernoe", "obshchestvo"], &["zakrytoe", "aktsionernoe", "obshchestvo"],
        &["publichnoe", "aktsionernoe", "obshchestvo"], &["jsc"], &["ojsc"], &["cjsc"], &["pjsc"], &["oao"], &["zao"], &["pao"], &["ao"],
    ]),
    ("~limited-liability", &[
        &["limited", "liability", "company"], &["gesellschaft", "mit", "beschrankter", "haftung"], &["societatea", "cu", "raspundere", "limitata"], &["sp", "z", "o", "o"],
        &["obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"], &["obshchestvo", "ogranichennoi", "otvetstvennostyu"],
        &["llc"], &["ooo"], &["tov"], &["gmbh"], &["srl"], &["sarl"], &["bvba"], &["aps"],
    ]),
    ("~limited", &[&["public", "limited", "company"], &["limited"], &["ltd"], &["plc"], &["llp"], &["lp"], &["l", "p"]]),
    ("~incorporated", &[&["incorporated"], &["inc"], &["corporation"], &["corp"], &["company"], &["co"]]),
    ("~stock-corporation", &[&["aktiengesellschaft"], &["ag"], &["s", "a", "de", "c", "v"], &["sa", "de", "cv"], &["s", "a"], &["sa"], &["a", "s"], &["b", "v"], &["n", "v"], &["spa"], &["nv"], &["bv"], &["ab"], &["oy"], &["kft"]]),
];

/// "SiemensAG" / "Siemens AG": a one-word legal form written onto a word of the name is split
/// off when the other name has a legal form of that kind and the rest of the word is a word of
/// the other name, so that "Haag" or "Craig" keep their endings.
fn split_glued_legal_forms(query: Vec<String>, list: Vec<String>) -> (Vec<String>, Vec<String>) {
    let query = split_glued_legal_form(query, &list);
    let list = split_glued_legal_form(list, &query);
    (query, list)
}

fn split_glued_legal_form(side: Vec<String>, other: &[String]) -> Vec<String> {
    let glued_form = |token: &str| {
        LEGAL_FORMS
            .iter()
            .filter(|(kind, _)| other.iter().any(|word| word == kind))
            .flat_map(|(kind, forms)| forms.iter().filter(|form| form.len() == 1).map(move |form| (*kind, form[0])))
            .find_map(|(kind, form)| {
                let stem = token.strip_suffix(form)?;
                (stem.len() >= 3 && other.iter().any(|word| word == stem)).then(|| (stem.to_string(), kind))
            })
    };
    let mut split = Vec::with_capacity(side.len() + 1);
    for token in side {
        match glued_form(&token) {
            Some((stem, kind)) => split.extend([stem, kind.to_string()]),
            None => split.push(token),
        }
    }
    split
}

/// True for the token a legal form is read as.
fn is_legal_form(token: &str) -> bool {
    token.starts_with('~')
}

/// A word of a legal form as written or with one typing slip, for words of five letters or more
/// ("Joint Stok Company", "Aktiengesellshaft", a name cut off at "Corporatio"). Short forms
/// ("AG", "Inc") must be exact: one edit turns them into other words.
fn spells_legal_word(token: &str, part: &str) -> bool {
    token == part || (part.len() >= 5 && token.len() >= 4 && osa::distance(token.chars(), part.chars()) <= 1)
}

/// Replaces every legal form by the token of its kind, unless the form is all the name has.
/// The longest form at a position wins ("S.A. de C.V." over "S.A.").
fn collapse_legal_forms(tokens: Vec<String>) -> Vec<String> {
    let mut collapsed = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        match legal_form_at(&tokens[index..], tokens.len()) {
            Some((kind, length)) => {
                collapsed.push(kind.to_string());
                index += length;
            }
            None => {
                collapsed.push(tokens[index].clone());
                index += 1;
            }
        }
    }
    collapsed
}

/// The kind and length in tokens of the longest legal form that `rest` starts with, unless it
/// would be all of a name of `name_length` tokens.
fn legal_form_at(rest: &[String], name_length: usize) -> Option<(&'static str, usize)> {
    LEGAL_FORMS
        .iter()
        .flat_map(|(kind, forms)| forms.iter().map(move |form| (*kind, *form)))
        .filter_map(|(kind, form)| Some((kind, tokens_spelling_form(rest, form)?)))
        .filter(|&(_, length)| length < name_length)
        // The first of the longest, so ties keep the table's order.
        .min_by_key(|&(_, length)| std::cmp::Reverse(length))
}

/// How many tokens at the start of `rest` spell `form`: its words, or for a one-word form of
/// three letters or more also its letters one by one ("S.A.R.L.", "O.O.O.", "P.L.C.").
fn tokens_spelling_form(rest: &[String], form: &[&str]) -> Option<usize> {
    if rest.len() >= form.len() && rest.iter().zip(form).all(|(token, part)| spells_legal_word(token, part)) {
        return Some(form.len());
    }
    let [word] = form else { return None };
    let spelled_letter_by_letter = word.len() >= 3
        && rest.len() >= word.len()
        && rest.iter().zip(word.chars()).all(|(token, letter)| token.len() == 1 && token.starts_with(letter));
    spelled_letter_by_letter.then_some(word.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quality(query: &str, list: &str) -> f64 {
        compare_names(query, list, &NameEquivalences::built_in()).quality
    }

    fn kind_of(query: &str, list: &str) -> Option<TokenMatchKind> {
        let equivalences = NameEquivalences::built_in();
        compare_tokens(&TokenForms::new(query, &equivalences), &TokenForms::new(list, &equivalences)).map(|m| m.kind)
    }

    #[test]
    fn token_levels_are_told_apart() {
        assert_eq!(kind_of("giorgi", "giorgi"), Some(TokenMatchKind::Exact));
        assert_eq!(kind_of("giorgi", "georgiy"), Some(TokenMatchKind::Equivalent));
        assert_eq!(kind_of("bolqvadze", "bolkvadze"), Some(TokenMatchKind::Transliteration));
        assert_eq!(kind_of("chabareli", "khabareli"), Some(TokenMatchKind::Transliteration));
        assert_ne!(kind_of("cho", "ho"), Some(TokenMatchKind::Transliteration));
        assert_eq!(kind_of("jon", "john"), Some(TokenMatchKind::Fuzzy { edits: 1 }));
        assert_eq!(kind_of("j", "john"), Some(TokenMatchKind::Initial));
        assert_eq!(kind_of("smith", "jones"), None);
    }

    #[test]
    fn jon_smith_is_close_to_john_smith() {
        assert!(quality("Jon Smith", "John Smith") > 0.9);
    }

    #[test]
    fn swapped_order_still_matches() {
        assert!(quality("Smith John", "John Smith") > 0.99);
    }

    #[test]
    fn a_missing_patronymic_costs_less_than_a_different_one() {
        let omitted = quality("Valery Nikolaevich Ermakov", "Valery Ermakov");
        let contradicted = quality("Valery Konstantinovich Ermakov", "Valery Nikolaevich Ermakov");
        assert!(omitted > 0.88, "omitted {omitted}");
        assert!(contradicted < omitted - 0.05, "contradicted {contradicted}");
    }

    #[test]
    fn merged_tokens_match_their_parts() {
        assert!(quality("Abdulrahman Salek", "Abdul Rahman Salek") > 0.9);
        assert!(quality("Al Rashid", "Alrashid") > 0.9);
    }

    #[test]
    fn a_spelling_two_edits_off_is_weak_support_not_a_match_on_its_own() {
        let equivalences = NameEquivalences::built_in();
        let found = compare_tokens(&TokenForms::new("sechev", &equivalences), &TokenForms::new("sechin", &equivalences));
        assert!(found.is_some_and(|found| found.weak && found.kind == TokenMatchKind::Fuzzy { edits: 2 }), "{found:?}");
        let sechev = quality("Igor Sechev", "Igor Sechin");
        assert!(sechev > 0.75 && sechev < quality("Igor Sechen", "Igor Sechin"), "{sechev}");
    }

    #[test]
    fn a_typo_counts_as_written_when_folding_would_spread_it() {
        assert_eq!(kind_of("rxmadan", "ramadan"), Some(TokenMatchKind::Fuzzy { edits: 1 }));
    }

    #[test]
    fn a_name_does_not_sound_like_its_own_patronymic() {
        assert_eq!(kind_of("oleksandr", "oleksandrovych"), None);
    }

    #[test]
    fn joined_tokens_win_over_a_weak_spelling_match() {
        assert!(quality("Mourad TRABE-LSI", "TRABELSI Mourad") > 0.95);
    }

    #[test]
    fn a_short_form_that_begins_the_name_is_an_abbreviation() {
        assert_eq!(kind_of("ben", "benjamin"), Some(TokenMatchKind::Initial));
        assert_eq!(kind_of("benj", "benjamin"), Some(TokenMatchKind::Initial));
        assert_eq!(kind_of("al", "alexander"), None);
    }

    #[test]
    fn an_unvowelled_spelling_matches_by_its_consonants() {
        assert_eq!(kind_of("mhmd", "muhammad"), Some(TokenMatchKind::Transliteration));
        assert_eq!(kind_of("fldymyr", "vladimir"), Some(TokenMatchKind::Transliteration));
        assert_ne!(kind_of("maria", "mira"), Some(TokenMatchKind::Transliteration), "both spellings have vowels");
    }

    #[test]
    fn a_different_first_letter_weighs_more_than_a_later_typo() {
        assert!(quality("Giorgi Kopadze", "Giorgi Topadze") < quality("Giorgi Kopadze", "Giorgi Kopadse") - 0.02);
        assert!(quality("Afiz", "Faiz") > 0.8, "a swap of the first two letters is a typo");
    }

    #[test]
    fn a_contradicting_middle_name_costs_more_than_an_omitted_one() {
        let omitted = quality("Abd El Kader Mahmoud El Sayed", "Abd El Kader Mahmoud Ahmed El Sayed");
        let contradicted = quality("Abd El Kader Mahmoud Mohamed El Sayed", "Abd El Kader Mahmoud Ahmed El Sayed");
        assert!(contradicted < omitted - 0.05, "{contradicted} vs {omitted}");
    }

    #[test]
    fn a_father_read_as_the_son_is_not_the_same_name() {
        assert!(quality("Abdullah bin Omar al-Muhammad", "Omar bin Abdullah al-Muhammad") < 0.8);
        assert!(quality("Abdullah bin Omar al-Muhammad", "Abdullah bin Omar al-Muhammad") > 0.99);
    }

    #[test]
    fn numbers_in_words_and_letter_runs_agree_with_their_short_forms() {
        assert!(quality("Brigade Forty-Four", "Brigade 44") > 0.95);
        assert!(quality("1st International Bank", "First International Bank") > 0.95);
        assert!(quality("A.B.C. Company", "ABC Company") > 0.95);
        assert!(quality("C.B.A. Company", "A.B.C. Company") < 0.8);
    }

    #[test]
    fn a_listed_short_form_contained_in_a_longer_name_is_a_good_match() {
        assert!(quality("Fazl Rabi Abdul Hamid", "Fazl Rabi") > 0.8, "as if the list omitted middle names");
        assert!(quality("Fazl Rabi Abdul Hamid", "Fazl Rahimi") < 0.7, "a fuzzy part is not containment");
        assert!(quality("Hamid Abdul Rabi Fazl", "Fazl") < 0.7, "one shared name is not a contained name");
    }

    #[test]
    fn legal_forms_of_companies_agree_across_their_spellings() {
        assert!(quality("OAO Gazprom", "Gazprom Joint Stock Company") > 0.9);
        assert!(quality("Deutsche Bank AG", "Deutsche Bank") > 0.9);
        assert!(quality("Siemens", "Siemens AG") > 0.9);
        assert!(quality("Deutsche Bank AG", "Deutsche Bank GmbH") < quality("Deutsche Bank AG", "Deutsche Bank"));
    }

    #[test]
    fn chinese_names_agree_across_pinyin_and_wade_giles() {
        assert!(quality("Teng Hsiao-ping", "Deng Xiaoping") > 0.85);
        assert!(quality("Chou En-lai", "Zhou Enlai") > 0.85);
        assert!(quality("Shu Yongxin", "Xu Yongxin") > quality("Shu Yongxin", "Wu Yongxin"), "x, sh and s are confused");
        assert_eq!(kind_of("kuangtung", "guangdong"), Some(TokenMatchKind::Transliteration));
    }

    #[test]
    fn names_in_chinese_characters_compare_by_character() {
        assert!(quality("王小明", "王小红") < 0.7, "hong is not a typo of ming");
        assert!(quality("中國銀行", "中国银行") > 0.99, "traditional and simplified forms read the same");
    }

    #[test]
    fn an_extra_word_in_a_company_name_names_another_company() {
        assert!(quality("Nordic Shipping Bergen A/S", "Nordic Shipping A/S") < 0.83);
        assert!(quality("Alpha Trading Holdings Ltd", "Alpha Trading Ltd") < 0.83);
        assert!(quality("Alpha Trading Ltd", "Alpha Trading") > 0.9, "an omitted legal form still costs little");
        assert!(quality("Alpha Trading GmbH", "Alpha Trading AG") < 0.83, "two legal forms are two legal persons");
    }

    #[test]
    fn legal_form_words_are_read_through_a_typing_slip() {
        assert!(quality("Omega Invest Aktiengesellshaft", "Omega Invest AG") > 0.95);
        assert!(quality("Beta Machines Joint Stok Company", "Beta Machines JSC") > 0.95);
        assert!(quality("Общество с ограниченной ответственностью Вега", "Vega LLC") > 0.9);
    }

    #[test]
    fn a_legal_form_written_onto_the_name_is_split_off_only_where_the_other_name_has_it() {
        assert!(quality("SiemensAG", "Siemens AG") > 0.95);
        assert!(quality("Orion Trading Ltd", "OrionTradingLtd") < 0.9, "only a word of the other name is a stem");
        let tokens = |words: &[&str]| words.iter().map(|word| word.to_string()).collect::<Vec<_>>();
        let (haag, _) = split_glued_legal_forms(tokens(&["haag", "trading"]), tokens(&["ha", "~stock-corporation"]));
        assert_eq!(haag, tokens(&["haag", "trading"]), "a stem of two letters is no word");
        let (siemens, _) = split_glued_legal_forms(tokens(&["siemensag"]), tokens(&["siemens", "~limited"]));
        assert_eq!(siemens, tokens(&["siemensag"]), "the other name's legal form is of another kind");
    }

    #[test]
    fn legal_forms_spelled_letter_by_letter_are_read_before_runs_of_initials() {
        assert!(quality("Bowne Global Solutions, S.A.R.L.", "Bowne Global Solutions SARL") > 0.95);
        assert!(quality("Faberlic Sp. z o.o.", "Faberlic LLC") > 0.95, "Sp. z o.o. is a limited liability company");
        assert_eq!(tokens_of("Alpha Partners V L.P."), ["alpha", "partners", "v", "~limited"]);
        assert_eq!(tokens_of("A.B.C. Company"), ["abc", "~incorporated"]);
    }

    #[test]
    fn a_continent_added_to_a_company_name_costs_little_and_a_city_costs_a_word() {
        assert!(quality("Faberlic", "FABERLIC EUROPE Sp. z o.o.") > 0.85);
        assert!(quality("Nordic Shipping Bergen A/S", "Nordic Shipping A/S") < 0.83);
        assert!(quality("Vega Asia Ltd", "Vega Ltd") > quality("Vega Bergen Ltd", "Vega Ltd"));
    }

    #[test]
    fn acronyms_and_company_abbreviations_are_spelled_out() {
        assert!(quality("NATO", "North Atlantic Treaty Organization") > 0.9);
        assert!(quality("Islamic Revolutionary Guard Corps", "IRGC") > 0.9);
        assert!(quality("Ali", "Ahmad Latif Ibrahim") < 0.5, "a given name is no acronym");
        assert!(quality("Acme Intl Trading", "Acme International Trading") > 0.95);
        assert!(quality("Smith Bros", "Smith Brothers") > 0.95);
    }

    #[test]
    fn a_slash_between_words_gives_alternative_names() {
        assert!(quality("Hizballah/Party of God", "Party of God") > 0.95);
        assert!(quality("Maersk A/S", "Maersk") > 0.85);
        assert_eq!(slash_alternatives("Maersk A/S"), ["Maersk A/S"]);
    }

    #[test]
    fn a_parenthesised_part_is_optional_unless_both_names_have_one() {
        assert!(quality("Alpha Bank (Cyprus) Ltd", "Alpha Bank Ltd") > 0.95);
        assert!(quality("Alpha Bank (Cyprus) Ltd", "Alpha Bank (Malta) Ltd") < 0.83);
    }

    #[test]
    fn a_shared_suffix_or_abd_does_not_make_two_names_alike() {
        assert!(quality("Anna Sigurdsdottir", "Anna Gunnarsdottir") < 0.6);
        assert!(quality("Badruddin Khan", "Baharuddin Khan") < 0.6);
        assert!(quality("Abdulqadir Hassan", "Abdelkader Hassan") > 0.85, "romanisations vary the vowels");
        assert!(kind_of("volodymyrovych", "vladimirovich").is_some());
        assert!(quality("Salahuddin Ahmed", "Salahudin Ahmed") > 0.9);
        assert!(quality("Abdulkarim Hassan", "Abdulrahim Hassan") < 0.6);
        assert!(quality("Abdelkarim Hassan", "Abdulkarim Hassan") > 0.9);
    }

    #[test]
    fn a_shared_given_name_alone_is_a_poor_match() {
        assert!(quality("Giorgi Beridze", "Giorgi Kapanadze") < 0.5);
    }
}
