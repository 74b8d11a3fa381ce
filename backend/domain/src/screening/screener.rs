//! The in-memory index of list names and the screening of one person against it.
//!
//! Candidate lookup: every list token is reachable by its exact text, its folded spelling, its
//! equivalence groups, its sound codes and its one-deletion neighbourhood (fuzzy lookup without
//! scanning). Joined neighbour tokens are indexed too ("abdul rahman" -> "abdulrahman"). A list
//! name becomes a candidate when enough of the query's tokens reach it; only candidates are
//! aligned and scored.

use std::collections::HashMap;
use std::sync::Arc;

use super::equivalence::NameEquivalences;
use super::key_index::{KeyIndex, key_of};
use super::matcher::{Alignment, Role, SideToken, TokenForms, TokenMatchKind, align, compare_tokens};
use super::normalize::{fold_transliteration, is_particle, normalize_name};
use super::qualifiers::{compare_birth_dates, compare_document, compare_nationality, compare_sex};
use super::{
    BirthDateVerdict, DocumentVerdict, ListEntry, MatchReason, NameKind, NationalityVerdict, PersonQuery,
    ScreeningMatch, SexVerdict, normalize_country,
};

/// The weights that turn name agreement and qualifier verdicts into a 0–100 score: a logistic
/// function of their sum, so a score reads roughly as a probability in percent. Tuned on the
/// development split of the evaluation (see docs/EVALUATION.md).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreWeights {
    pub bias: f64,
    /// Slope and centre for the name quality (0..=1).
    pub quality_slope: f64,
    pub quality_center: f64,
    /// Slope, centre and cap for the name specificity (sum of matched tokens' rarity, ~0..=3).
    pub specificity_slope: f64,
    pub specificity_center: f64,
    pub specificity_cap: f64,
    /// Added when the matched list name is a weak alias (often a lone nickname).
    pub weak_alias: f64,
    pub birth_exact: f64,
    pub birth_same_month: f64,
    pub birth_same_year: f64,
    pub birth_day_month_swapped: f64,
    pub birth_same_year_other_day: f64,
    pub birth_one_year_apart: f64,
    pub birth_different: f64,
    pub nationality_match: f64,
    pub nationality_different: f64,
    pub sex_match: f64,
    pub sex_different: f64,
    pub document_match: f64,
    /// Added to the specificity of a single listed name matched by a single name.
    pub single_name_specificity: f64,
    /// Hits at or above this score are alerts.
    pub alert_threshold: u8,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        Self {
            bias: 0.0,
            quality_slope: 12.0,
            quality_center: 0.85,
            specificity_slope: 2.5,
            specificity_center: 1.1,
            specificity_cap: 2.2,
            weak_alias: -1.0,
            birth_exact: 2.2,
            birth_same_month: 1.6,
            birth_same_year: 1.2,
            birth_day_month_swapped: 1.0,
            birth_same_year_other_day: -0.8,
            birth_one_year_apart: -0.6,
            birth_different: -4.5,
            nationality_match: 0.6,
            nationality_different: -0.8,
            sex_match: 0.1,
            sex_different: -1.5,
            document_match: 4.0,
            single_name_specificity: 0.5,
            alert_threshold: 65,
        }
    }
}

type TokenId = u32;
type NameId = u32;

/// One indexed list name.
#[derive(Debug, Clone)]
struct IndexedName {
    entry: u32,
    name: u16,
    tokens: Vec<(TokenId, Role)>,
    /// Tokens that are not particles: how many query tokens must reach this name.
    significant_tokens: u8,
}

/// Screens persons against a fixed set of list entries. Build once, share across threads.
#[derive(Debug, Clone)]
pub struct Screener {
    entries: Vec<ListEntry>,
    names: Vec<IndexedName>,
    tokens: Vec<TokenForms>,
    rarity: Vec<f64>,
    token_by_text: HashMap<String, TokenId>,
    postings: Vec<Vec<NameId>>,
    by_folded: KeyIndex,
    by_phonetic: KeyIndex,
    by_group: KeyIndex,
    by_deletion: KeyIndex,
    by_skeleton: KeyIndex,
    /// Names by the folded spelling of two neighbouring tokens joined ("abdul rahman" ->
    /// "abdulrahman"), so a query that writes them as one word reaches them.
    by_joined: KeyIndex,
    equivalences: Arc<NameEquivalences>,
    built_in: NameEquivalences,
    weights: ScoreWeights,
}

impl Screener {
    /// Indexes the entries with the built-in name-equivalence groups.
    pub fn new(entries: Vec<ListEntry>) -> Self {
        Self::with_equivalences(entries, Arc::new(NameEquivalences::built_in()))
    }

    /// Indexes the entries with the given equivalence groups (e.g. a loaded name corpus).
    pub fn with_equivalences(entries: Vec<ListEntry>, equivalences: Arc<NameEquivalences>) -> Self {
        let mut screener = Self {
            entries: Vec::new(),
            names: Vec::new(),
            tokens: Vec::new(),
            rarity: Vec::new(),
            token_by_text: HashMap::new(),
            postings: Vec::new(),
            by_folded: KeyIndex::default(),
            by_phonetic: KeyIndex::default(),
            by_group: KeyIndex::default(),
            by_deletion: KeyIndex::default(),
            by_skeleton: KeyIndex::default(),
            by_joined: KeyIndex::default(),
            equivalences,
            built_in: NameEquivalences::built_in(),
            weights: ScoreWeights::default(),
        };
        for (entry_index, entry) in entries.iter().enumerate() {
            screener.index_entry(entry_index as u32, entry);
        }
        screener.entries = entries;
        for index in [
            &mut screener.by_folded,
            &mut screener.by_phonetic,
            &mut screener.by_group,
            &mut screener.by_deletion,
            &mut screener.by_skeleton,
            &mut screener.by_joined,
        ] {
            index.finish();
        }
        screener.token_by_text.shrink_to_fit();
        screener.compute_rarity();
        screener
    }

    /// The same index with other score weights.
    pub fn with_weights(mut self, weights: ScoreWeights) -> Self {
        self.weights = weights;
        self
    }

    pub fn weights(&self) -> &ScoreWeights {
        &self.weights
    }

    /// Scores at or above this are alerts.
    pub fn alert_threshold(&self) -> u8 {
        self.weights.alert_threshold
    }

    pub fn entries(&self) -> &[ListEntry] {
        &self.entries
    }

    /// How many list names are indexed.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Entries that score at or above the alert threshold, best first.
    pub fn screen(&self, query: &PersonQuery) -> Vec<ScreeningMatch> {
        self.screen_with_min_score(query, self.weights.alert_threshold)
    }

    /// Entries that score at or above `min_score`, best first (ties by list and id).
    pub fn screen_with_min_score(&self, query: &PersonQuery, min_score: u8) -> Vec<ScreeningMatch> {
        let query_names = self.query_names(query);
        let mut best_by_entry: HashMap<u32, NameHit> = HashMap::new();
        for (query_index, query_name) in query_names.iter().enumerate() {
            let query_side = query_name.side();
            for name_id in self.candidate_names(query_name) {
                let hit = self.score_name(query_index, &query_side, name_id);
                let entry = self.names[name_id as usize].entry;
                let better = best_by_entry.get(&entry).is_none_or(|best| hit.logit > best.logit);
                if better && !hit.alignment.pairs.is_empty() {
                    best_by_entry.insert(entry, hit);
                }
            }
        }
        let facts = QueryFacts::of(query);
        // Scores first, so only hits that pass are turned into results (which copies strings).
        let mut matches: Vec<ScreeningMatch> = best_by_entry
            .into_values()
            .filter_map(|hit| {
                let entry = &self.entries[self.names[hit.name_id as usize].entry as usize];
                let verdicts = Verdicts::of(&facts, entry);
                let logit = self.weights.bias + hit.logit + self.qualifier_logit(&verdicts);
                let score = score_from_logit(logit, verdicts.document == Some(DocumentVerdict::Match));
                (score >= min_score).then(|| self.to_match(hit, &query_names, verdicts, score))
            })
            .collect();
        matches.sort_by(|left, right| {
            right.score.cmp(&left.score).then_with(|| (&left.list, &left.entity_id).cmp(&(&right.list, &right.entity_id)))
        });
        matches
    }

    fn index_entry(&mut self, entry_index: u32, entry: &ListEntry) {
        let mut seen: Vec<Vec<String>> = Vec::new();
        for (name_index, name) in entry.names.iter().enumerate() {
            let tokens = entry_name_tokens(name);
            if tokens.is_empty() || seen.iter().any(|previous| previous.iter().eq(tokens.iter().map(|(text, _)| text))) {
                continue;
            }
            seen.push(tokens.iter().map(|(text, _)| text.clone()).collect());
            self.index_name(entry_index, name_index as u16, &tokens);
        }
    }

    fn index_name(&mut self, entry: u32, name: u16, tokens: &[(String, Role)]) {
        let name_id = self.names.len() as NameId;
        let mut indexed = Vec::with_capacity(tokens.len());
        for (text, role) in tokens {
            let token = self.intern(text);
            indexed.push((token, *role));
            self.post(token, name_id);
        }
        for pair in tokens.windows(2) {
            let joined = fold_transliteration(&format!("{}{}", pair[0].0, pair[1].0));
            self.by_joined.insert(key_of(&joined), name_id);
        }
        let significant_tokens = tokens.iter().filter(|(text, _)| !is_particle(text)).count().min(255) as u8;
        self.names.push(IndexedName { entry, name, tokens: indexed, significant_tokens });
    }

    fn post(&mut self, token: TokenId, name: NameId) {
        let postings = &mut self.postings[token as usize];
        if postings.last() != Some(&name) {
            postings.push(name);
        }
    }

    /// The id of a token, registering it in every lookup table the first time it is seen.
    fn intern(&mut self, text: &str) -> TokenId {
        if let Some(&token) = self.token_by_text.get(text) {
            return token;
        }
        let token = self.tokens.len() as TokenId;
        let forms = TokenForms::new(text, &self.equivalences);
        self.by_folded.insert(key_of(&forms.folded), token);
        for code in forms.phonetic.iter().filter(|code| code.len() >= 3) {
            self.by_phonetic.insert(key_of(code), token);
        }
        for group in &forms.groups {
            self.by_group.insert(u64::from(*group), token);
        }
        for key in fuzzy_keys(&forms) {
            self.by_deletion.insert(key, token);
        }
        if !forms.skeleton.is_empty() {
            self.by_skeleton.insert(key_of(&forms.skeleton), token);
        }
        self.token_by_text.insert(text.to_string(), token);
        self.tokens.push(forms);
        self.postings.push(Vec::new());
        token
    }

    /// Rarity of a token: inverse document frequency of its folded spelling over the indexed
    /// names, scaled to 0..=1. Common given names of the built-in table are capped, so a tiny
    /// list does not make "Giorgi" look rare.
    fn compute_rarity(&mut self) {
        let name_count = self.names.len() as f64 + 1.0;
        let mut frequency_by_folded: HashMap<&str, usize> = HashMap::new();
        for (token, forms) in self.tokens.iter().enumerate() {
            *frequency_by_folded.entry(forms.folded.as_str()).or_default() += self.postings[token].len();
        }
        self.rarity = self
            .tokens
            .iter()
            .map(|forms| {
                let frequency = frequency_by_folded.get(forms.folded.as_str()).copied().unwrap_or(0) as f64;
                let rarity = ((name_count / (frequency + 1.0)).ln() / name_count.ln()).clamp(0.0, 1.0);
                if self.built_in.groups_of(&forms.text).is_empty() { rarity } else { rarity.min(COMMON_NAME_RARITY) }
            })
            .collect();
    }

    fn rarity_of_query_token(&self, forms: &TokenForms) -> f64 {
        let listed = self.by_folded.get(key_of(&forms.folded)).next().map(|token| self.rarity[token as usize]);
        let rarity = listed.unwrap_or(1.0);
        if self.built_in.groups_of(&forms.text).is_empty() { rarity } else { rarity.min(COMMON_NAME_RARITY) }
    }

    /// The names to screen: the Latin first + last name with roles, then each native name.
    fn query_names(&self, query: &PersonQuery) -> Vec<QueryName> {
        let mut names: Vec<QueryName> = Vec::new();
        let given = query.first_name.as_deref().map(normalize_name).unwrap_or_default();
        let family = query.last_name.as_deref().map(normalize_name).unwrap_or_default();
        let latin: Vec<(String, Role)> = given
            .into_iter()
            .map(|token| (token, Role::Given))
            .chain(family.into_iter().map(|token| (token, Role::Family)))
            .collect();
        let label = [query.first_name.as_deref(), query.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        names.push(self.query_name(label, latin));
        for native in &query.native_names {
            let tokens = normalize_name(native).into_iter().map(|token| (token, Role::Unknown)).collect();
            names.push(self.query_name(native.clone(), tokens));
        }
        names.retain(|name| !name.tokens.is_empty());
        let mut unique: Vec<QueryName> = Vec::new();
        for name in names {
            if !unique.iter().any(|kept| kept.texts() == name.texts()) {
                unique.push(name);
            }
        }
        unique
    }

    fn query_name(&self, label: String, tokens: Vec<(String, Role)>) -> QueryName {
        let tokens = tokens
            .into_iter()
            .map(|(text, role)| {
                let forms = TokenForms::new(&text, &self.equivalences);
                let rarity = self.rarity_of_query_token(&forms);
                QueryToken { forms, role, rarity }
            })
            .collect();
        QueryName { label, tokens }
    }

    /// Names reached by enough of the query's tokens: two of them (one when the query or the
    /// name has only one), or a single token that reaches only a few names (a rare family name
    /// is worth aligning even when the given name is spelled beyond recognition). The best
    /// covered [`MAX_CANDIDATES`] are kept, so a query full of common tokens stays fast.
    fn candidate_names(&self, query: &QueryName) -> Vec<NameId> {
        let mut reached: HashMap<NameId, u32> = HashMap::new();
        let mut rare_tokens: u32 = 0;
        let mut lookups: Vec<(usize, Vec<TokenId>, usize)> = Vec::new();
        for (index, token) in query.tokens.iter().enumerate().take(32) {
            if token.forms.text.len() < 2 || (is_particle(&token.forms.text) && query.significant_tokens() > 0) {
                continue;
            }
            let list_tokens = self.matching_tokens(&token.forms);
            let postings: usize = list_tokens.iter().map(|&list_token| self.postings[list_token as usize].len()).sum();
            if postings <= RARE_TOKEN_POSTINGS && !is_particle(&token.forms.text) {
                rare_tokens |= 1 << index;
            }
            lookups.push((index, list_tokens, postings));
        }
        // Rarest first. A very common token ("Muhammad" on one name in twenty) only marks names
        // a rarer token already reached, unless it is the query's rarest: in a PEP-sized index
        // it would otherwise put a hundred thousand names into the map.
        lookups.sort_by_key(|&(index, _, postings)| (postings, index));
        for (position, (index, list_tokens, postings)) in lookups.into_iter().enumerate() {
            let may_add = position == 0 || postings <= COMMON_TOKEN_POSTINGS;
            for list_token in list_tokens {
                for &name in &self.postings[list_token as usize] {
                    mark(&mut reached, name, 1 << index, may_add);
                }
            }
            for name in self.by_joined.get(key_of(&query.tokens[index].forms.folded)) {
                mark(&mut reached, name, 1 << index, may_add);
            }
        }
        for (index, pair) in query.tokens.windows(2).enumerate().take(31) {
            let joined = format!("{}{}", pair[0].forms.text, pair[1].forms.text);
            let forms = TokenForms::new(&joined, &self.equivalences);
            for list_token in self.exact_or_folded_tokens(&forms) {
                for &name in &self.postings[list_token as usize] {
                    *reached.entry(name).or_default() |= 0b11 << index;
                }
            }
        }
        let query_significant = query.significant_tokens().max(1);
        let mut candidates: Vec<(f64, NameId)> = reached
            .into_iter()
            .filter(|&(name, mask)| {
                let needed = query_significant.min(2).min(self.names[name as usize].significant_tokens.max(1) as u32);
                mask.count_ones() >= needed || mask & rare_tokens != 0
            })
            .map(|(name, mask)| (query.coverage(mask) + self.initials_bonus(query, name), name))
            .collect();
        candidates.sort_unstable_by(|left, right| right.0.total_cmp(&left.0).then(left.1.cmp(&right.1)));
        candidates.truncate(MAX_CANDIDATES);
        candidates.into_iter().map(|(_, name)| name).collect()
    }

    /// Ranks names whose tokens start with the query's initials above other names that share only
    /// a common family name ("J Hassan" among hundreds of Hassans).
    fn initials_bonus(&self, query: &QueryName, name: NameId) -> f64 {
        let tokens = &self.names[name as usize].tokens;
        let initial_agrees = |initial: &str| tokens.iter().any(|&(token, _)| self.tokens[token as usize].text.starts_with(initial));
        query.tokens.iter().filter(|token| token.forms.text.len() == 1 && initial_agrees(&token.forms.text)).count() as f64 * INITIAL_COVERAGE
    }

    /// List tokens that agree with a query token at any level.
    fn matching_tokens(&self, forms: &TokenForms) -> Vec<TokenId> {
        let mut found = self.exact_or_folded_tokens(forms);
        for group in &forms.groups {
            found.extend(self.by_group.get(u64::from(*group)));
        }
        for code in forms.phonetic.iter().filter(|code| code.len() >= 3) {
            found.extend(self.by_phonetic.get(key_of(code)));
        }
        for key in fuzzy_keys(forms) {
            found.extend(self.by_deletion.get(key));
        }
        if !forms.skeleton.is_empty() {
            found.extend(self.by_skeleton.get(key_of(&forms.skeleton)));
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&token| compare_tokens(forms, &self.tokens[token as usize]).is_some());
        found
    }

    fn exact_or_folded_tokens(&self, forms: &TokenForms) -> Vec<TokenId> {
        let mut found: Vec<TokenId> = self.token_by_text.get(&forms.text).copied().into_iter().collect();
        found.extend(self.by_folded.get(key_of(&forms.folded)));
        found
    }

    fn score_name(&self, query_index: usize, query_side: &[SideToken<'_>], name_id: NameId) -> NameHit {
        let indexed = &self.names[name_id as usize];
        let list_side = self.list_side(indexed);
        let alignment = align(query_side, &list_side, &self.equivalences);
        let kind = self.entries[indexed.entry as usize].names[indexed.name as usize].kind;
        let significant = |side: &[SideToken<'_>]| side.iter().filter(|token| !is_particle(&token.forms.text)).count();
        let single_part_names = significant(query_side) == 1 && significant(&list_side) == 1;
        let logit = self.name_logit(&alignment, kind, single_part_names);
        NameHit { name_id, query_index, alignment, logit }
    }

    fn list_side(&self, indexed: &IndexedName) -> Vec<SideToken<'_>> {
        indexed
            .tokens
            .iter()
            .map(|&(token, role)| SideToken { forms: &self.tokens[token as usize], role, rarity: self.rarity[token as usize] })
            .collect()
    }

    fn name_logit(&self, alignment: &Alignment, kind: NameKind, single_part_names: bool) -> f64 {
        let weights = &self.weights;
        let weak = if kind == NameKind::WeakAlias { weights.weak_alias } else { 0.0 };
        // A listed single name ("MATIULLAH") matched by a single name is all the list knows of
        // the person's name: as specific as a matched given and family name, not half of it.
        let complete_single_name = if single_part_names && alignment.missing_query.is_empty() && !alignment.pairs.is_empty() {
            weights.single_name_specificity
        } else {
            0.0
        };
        let specificity = (alignment.specificity + complete_single_name).min(weights.specificity_cap);
        weights.quality_slope * (alignment.quality - weights.quality_center)
            + weights.specificity_slope * (specificity - weights.specificity_center)
            + weak
    }

    fn to_match(&self, hit: NameHit, query_names: &[QueryName], verdicts: Verdicts, score: u8) -> ScreeningMatch {
        let indexed = &self.names[hit.name_id as usize];
        let entry = &self.entries[indexed.entry as usize];
        let matched = &entry.names[indexed.name as usize];
        let query_name = &query_names[hit.query_index];
        let mut reasons = name_reasons(&hit.alignment, &query_name.side(), &self.list_side(indexed), matched);
        reasons.extend(verdicts.reasons());
        ScreeningMatch {
            entity_id: entry.entity_id.clone(),
            list: entry.list.clone(),
            name: entry.names.first().map(|name| name.full.clone()).unwrap_or_default(),
            matched_name: matched.full.clone(),
            query_name: query_name.label.clone(),
            score,
            reasons,
            birth_dates: entry.birth_dates.clone(),
            nationalities: entry.nationalities.clone(),
            programs: entry.programs.clone(),
            topics: entry.topics.clone(),
        }
    }

    fn qualifier_logit(&self, verdicts: &Verdicts) -> f64 {
        let weights = &self.weights;
        let birth = match verdicts.birth_date {
            None => 0.0,
            Some(BirthDateVerdict::Exact) => weights.birth_exact,
            Some(BirthDateVerdict::SameMonth) => weights.birth_same_month,
            Some(BirthDateVerdict::SameYear) => weights.birth_same_year,
            Some(BirthDateVerdict::DayMonthSwapped) => weights.birth_day_month_swapped,
            Some(BirthDateVerdict::SameYearOtherDay) => weights.birth_same_year_other_day,
            Some(BirthDateVerdict::OneYearApart) => weights.birth_one_year_apart,
            Some(BirthDateVerdict::Different) => weights.birth_different,
        };
        let nationality = match verdicts.nationality {
            None => 0.0,
            Some(NationalityVerdict::Match) => weights.nationality_match,
            Some(NationalityVerdict::Different) => weights.nationality_different,
        };
        let sex = match verdicts.sex {
            None => 0.0,
            Some(SexVerdict::Match) => weights.sex_match,
            Some(SexVerdict::Different) => weights.sex_different,
        };
        let document = match verdicts.document {
            Some(DocumentVerdict::Match) => weights.document_match,
            _ => 0.0,
        };
        birth + nationality + sex + document
    }
}

/// At most this many list names are aligned per query name.
const MAX_CANDIDATES: usize = 250;

/// A query token reaching more names than this adds no new candidates unless it is the query's
/// rarest token; it still marks names that rarer tokens reached. Tier S has fewer names in all.
const COMMON_TOKEN_POSTINGS: usize = 20_000;

/// Sets `bits` for a reached name; adds the name only when `may_add`.
fn mark(reached: &mut HashMap<NameId, u32>, name: NameId, bits: u32, may_add: bool) {
    if may_add {
        *reached.entry(name).or_default() |= bits;
    } else if let Some(mask) = reached.get_mut(&name) {
        *mask |= bits;
    }
}

/// Coverage an agreeing initial adds when candidates are ranked.
const INITIAL_COVERAGE: f64 = 0.3;

/// A query token reaching at most this many names makes each of them a candidate on its own.
const RARE_TOKEN_POSTINGS: usize = 40;

/// Rarity ceiling for given names in the built-in equivalence table.
const COMMON_NAME_RARITY: f64 = 0.45;

/// The score of a logit: the probability in per cent, capped at 99 unless the document number
/// is on the list. Names and birth dates make a person very likely, never certain; reserving 100
/// for a listed document keeps the top of the scale meaningful for ranking alerts.
fn score_from_logit(logit: f64, document_matched: bool) -> u8 {
    let probability = 1.0 / (1.0 + (-logit).exp());
    let ceiling = if document_matched { 100.0 } else { 99.0 };
    (probability * 100.0).round().clamp(0.0, ceiling) as u8
}
/// The tokens of a list name with their roles: given then family when the list labels them.
fn entry_name_tokens(name: &super::EntryName) -> Vec<(String, Role)> {
    match (&name.given_names, &name.family_name) {
        (Some(given), Some(family)) => normalize_name(given)
            .into_iter()
            .map(|token| (token, Role::Given))
            .chain(normalize_name(family).into_iter().map(|token| (token, Role::Family)))
            .collect(),
        _ => normalize_name(&name.full).into_iter().map(|token| (token, Role::Unknown)).collect(),
    }
}

/// Deletion keys of the folded spelling and, when folding changed it, of the spelling as written.
fn fuzzy_keys(forms: &TokenForms) -> Vec<u64> {
    let mut keys = deletion_keys(&forms.folded);
    if forms.folded != forms.text {
        keys.extend(deletion_keys(&forms.text));
        keys.sort_unstable();
        keys.dedup();
    }
    keys
}

/// Hashes of a token and of every one-letter deletion of it: two tokens one or two edits apart
/// share a key (the symmetric-deletion trick), so fuzzy lookup needs no scan.
fn deletion_keys(folded: &str) -> Vec<u64> {
    if folded.len() < 3 || !folded.is_ascii() {
        return Vec::new();
    }
    let mut keys = vec![key_of(folded)];
    let mut deleted = String::with_capacity(folded.len());
    for index in 0..folded.len() {
        deleted.clear();
        deleted.push_str(&folded[..index]);
        deleted.push_str(&folded[index + 1..]);
        keys.push(key_of(&deleted));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[derive(Debug, Clone)]
struct QueryToken {
    forms: TokenForms,
    role: Role,
    rarity: f64,
}

#[derive(Debug, Clone)]
struct QueryName {
    label: String,
    tokens: Vec<QueryToken>,
}

impl QueryName {
    fn texts(&self) -> Vec<&str> {
        self.tokens.iter().map(|token| token.forms.text.as_str()).collect()
    }

    /// How much of the query the reached query tokens (`mask`) make up, rare tokens counting more.
    fn coverage(&self, mask: u32) -> f64 {
        self.tokens.iter().enumerate().take(32).filter(|(index, _)| mask & (1 << index) != 0).map(|(_, token)| 0.25 + token.rarity).sum()
    }

    fn side(&self) -> Vec<SideToken<'_>> {
        self.tokens.iter().map(|token| SideToken { forms: &token.forms, role: token.role, rarity: token.rarity }).collect()
    }

    fn significant_tokens(&self) -> u32 {
        self.tokens.iter().filter(|token| !is_particle(&token.forms.text) && token.forms.text.len() > 1).count() as u32
    }
}

/// The best alignment of one query name with one list name.
#[derive(Debug, Clone)]
struct NameHit {
    name_id: NameId,
    /// Which of the query's names aligned.
    query_index: usize,
    alignment: Alignment,
    logit: f64,
}

/// The query's facts besides the name, normalised once.
struct QueryFacts {
    birth_date: Option<String>,
    nationality: Option<String>,
    sex: Option<super::Sex>,
    document_number: Option<String>,
}

impl QueryFacts {
    fn of(query: &PersonQuery) -> Self {
        Self {
            birth_date: query.birth_date.clone(),
            nationality: query.nationality.as_deref().and_then(normalize_country),
            sex: query.sex,
            document_number: query.document_number.clone(),
        }
    }
}

struct Verdicts {
    birth_date: Option<BirthDateVerdict>,
    nationality: Option<NationalityVerdict>,
    sex: Option<SexVerdict>,
    document: Option<DocumentVerdict>,
}

impl Verdicts {
    fn of(facts: &QueryFacts, entry: &ListEntry) -> Self {
        Self {
            birth_date: compare_birth_dates(facts.birth_date.as_deref(), &entry.birth_dates),
            nationality: compare_nationality(facts.nationality.as_deref(), &entry.nationalities),
            sex: compare_sex(facts.sex, entry.sex),
            document: compare_document(facts.document_number.as_deref(), &entry.document_numbers),
        }
    }

    fn reasons(&self) -> Vec<MatchReason> {
        let mut reasons = Vec::new();
        if let Some(verdict) = self.birth_date {
            reasons.push(MatchReason::BirthDate { verdict });
        }
        if let Some(verdict) = self.nationality {
            reasons.push(MatchReason::Nationality { verdict });
        }
        if let Some(verdict) = self.sex {
            reasons.push(MatchReason::Sex { verdict });
        }
        if let Some(verdict) = self.document {
            reasons.push(MatchReason::DocumentNumber { verdict });
        }
        reasons
    }
}

/// Typed reasons for a name alignment: exact or alias, then one reason per inexact token pair,
/// the order swap and the parts missing on one side.
fn name_reasons(alignment: &Alignment, query: &[SideToken<'_>], list: &[SideToken<'_>], matched: &super::EntryName) -> Vec<MatchReason> {
    let mut reasons = Vec::new();
    let all_exact = alignment.pairs.iter().all(|pair| pair.token_match.kind == TokenMatchKind::Exact);
    let nothing_missing = alignment.missing_query.is_empty() && alignment.missing_list.is_empty();
    if matched.kind == NameKind::Primary {
        if all_exact && nothing_missing && !alignment.order_swapped {
            reasons.push(MatchReason::Exact);
        }
    } else {
        reasons.push(MatchReason::Alias { alias: matched.full.clone() });
    }
    for (query, list, token_match) in alignment.pair_texts(query, list) {
        let reason = match token_match.kind {
            TokenMatchKind::Exact => continue,
            TokenMatchKind::Equivalent => MatchReason::Equivalent { query, list },
            TokenMatchKind::Transliteration => MatchReason::Transliteration { query, list },
            TokenMatchKind::Phonetic => MatchReason::Phonetic { query, list },
            TokenMatchKind::Fuzzy { edits } => MatchReason::Fuzzy { query, list, edits },
            TokenMatchKind::Initial => MatchReason::Initials { query, list },
        };
        reasons.push(reason);
    }
    if alignment.order_swapped {
        reasons.push(MatchReason::OrderSwap);
    }
    for part in alignment.missing_texts(query, list) {
        reasons.push(MatchReason::MissingNamePart { part });
    }
    reasons
}
