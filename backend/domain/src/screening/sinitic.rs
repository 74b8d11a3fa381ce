//! Chinese names across romanisation systems: Hanyu Pinyin ("Deng Xiaoping", "Zhou Enlai") and
//! Wade-Giles ("Teng Hsiao-p'ing", "Chou En-lai").
//!
//! Wade-Giles writes the unaspirated stops that Pinyin writes b, d, g, z and j/zh as p, t, k, ts
//! and ch, and marks the aspirated ones with an apostrophe that lists and documents drop; it
//! writes Pinyin "x" as "hs" and the final "-ong" as "-ung". So a token that reads wholly as
//! Chinese syllables gets a key in which each syllable's initial stands for its place of
//! articulation, with aspiration ignored: both systems give the same key for the same name.

/// Initials of both systems, longest first so that "zh", "ch", "sh", "hs", "ts" and "tz" are
/// read before their first letter.
const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "hs", "ts", "tz", "ss", "sz", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
    "x", "r", "z", "c", "s", "y", "w",
];

/// Finals of both systems ("-ieh", "-ien", "-ung", "-ih" are Wade-Giles), longest first.
const FINALS: &[&str] = &[
    "iang", "iong", "iung", "uang", "ueng", "erh", "ieh", "ien", "iao", "ian", "ing", "uai", "uan", "uei", "ueh",
    "ang", "eng", "ong", "ung", "ai", "ei", "ao", "ou", "an", "en", "er", "ia", "ie", "iu", "in", "ua", "uo", "ui",
    "un", "ue", "ih", "a", "o", "e", "i", "u",
];

/// Chinese given names have one or two syllables, family names one or two; a joined full
/// name ("xijinping") has at most four.
const MAX_SYLLABLES: usize = 4;

/// Four syllables of up to six letters each.
const MAX_TOKEN_LENGTH: usize = 24;

/// The key of a token that reads wholly as Chinese syllables, `None` otherwise. Syllables are
/// separated by "." in the key, so "xi.cin.ping" does not collide with another split.
pub fn sinitic_key(token: &str) -> Option<String> {
    if !(2..=MAX_TOKEN_LENGTH).contains(&token.len()) || !token.bytes().all(|byte| byte.is_ascii_lowercase()) {
        return None;
    }
    let mut key = String::with_capacity(token.len() + MAX_SYLLABLES);
    for (index, (initial, final_)) in split_syllables(token)?.into_iter().enumerate() {
        if index > 0 {
            key.push('.');
        }
        key.push_str(initial_class(initial));
        key.push_str(pinyin_final(final_));
    }
    Some(key)
}

/// The same key with the sibilants x, sh and s merged: speakers of other languages hear and
/// write the Pinyin "x" (Xu) as "sh" or "s" (Shu, Su).
pub fn loose_sinitic_key(key: &str) -> String {
    key.replace("sh", "s").replace('x', "s")
}

/// The fewest syllables that spell the token exactly, each as (initial, final). Dynamic
/// programming over the end positions, without allocating per step: names are screened by
/// the thousand.
fn split_syllables(token: &str) -> Option<Vec<(&str, &str)>> {
    // For each end position: the fewest syllables reaching it, and the last syllable's
    // (initial length, final length).
    let mut fewest = [u8::MAX; MAX_TOKEN_LENGTH + 1];
    let mut last = [(0usize, 0usize); MAX_TOKEN_LENGTH + 1];
    fewest[0] = 0;
    for start in 0..token.len() {
        if fewest[start] as usize >= MAX_SYLLABLES {
            continue;
        }
        for_each_syllable_at(&token[start..], |initial_length, final_length| {
            let end = start + initial_length + final_length;
            if fewest[end] > fewest[start] + 1 {
                fewest[end] = fewest[start] + 1;
                last[end] = (initial_length, final_length);
            }
        });
    }
    if fewest[token.len()] == u8::MAX {
        return None;
    }
    let mut syllables = Vec::with_capacity(fewest[token.len()] as usize);
    let mut end = token.len();
    while end > 0 {
        let (initial_length, final_length) = last[end];
        let start = end - initial_length - final_length;
        syllables.push((&token[start..start + initial_length], &token[start + initial_length..end]));
        end = start;
    }
    syllables.reverse();
    Some(syllables)
}

/// Calls `found` with (initial length, final length) of every syllable the text starts with.
fn for_each_syllable_at(text: &str, mut found: impl FnMut(usize, usize)) {
    let initials = INITIALS.iter().filter(|initial| text.starts_with(*initial)).map(|initial| initial.len());
    for initial_length in initials.chain(std::iter::once(0)) {
        let rest = &text[initial_length..];
        for final_ in FINALS.iter().filter(|final_| rest.starts_with(*final_)) {
            found(initial_length, final_.len());
        }
    }
}

/// Initials by place of articulation, aspiration ignored: b/p, d/t, g/k, the affricates
/// j/q/zh/ch (all "ch" in Wade-Giles) and z/c/ts/tz; Wade-Giles "hs" is Pinyin "x", and its
/// "ss" and "sz" are Pinyin "s".
fn initial_class(initial: &str) -> &str {
    match initial {
        "b" | "p" => "p",
        "d" | "t" => "t",
        "g" | "k" => "k",
        "j" | "q" | "zh" | "ch" => "c",
        "z" | "c" | "ts" | "tz" => "z",
        "x" | "hs" => "x",
        "ss" | "sz" => "s",
        other => other,
    }
}

/// Wade-Giles finals in their Pinyin spelling.
fn pinyin_final(final_: &str) -> &str {
    match final_ {
        "ung" => "ong",
        "iung" => "iong",
        "ih" => "i",
        "ieh" => "ie",
        "ien" => "ian",
        "erh" => "er",
        "ueh" => "ue",
        "uei" => "ui",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wade_giles_and_pinyin_spellings_share_a_key() {
        assert_eq!(sinitic_key("tsetung"), sinitic_key("zedong"));
        assert_eq!(sinitic_key("hsiaoping"), sinitic_key("xiaoping"));
        assert_eq!(sinitic_key("chou"), sinitic_key("zhou"));
        assert_eq!(sinitic_key("kuangtung"), sinitic_key("guangdong"));
        assert_eq!(sinitic_key("chingkuo"), sinitic_key("jingguo"));
    }

    #[test]
    fn other_names_have_no_key_or_a_different_one() {
        assert_eq!(sinitic_key("schmidt"), None);
        assert_eq!(sinitic_key("kopadze"), None);
        assert_ne!(sinitic_key("wang"), sinitic_key("wong"));
        assert_ne!(sinitic_key("li"), sinitic_key("lin"));
    }

    #[test]
    fn the_loose_key_merges_the_sibilants() {
        let loose = |token| loose_sinitic_key(&sinitic_key(token).expect("a Pinyin syllable has a key"));
        assert_ne!(sinitic_key("shu"), sinitic_key("xu"));
        assert_eq!(loose("shu"), loose("xu"));
        assert_eq!(loose("hsu"), loose("su"));
    }
}
