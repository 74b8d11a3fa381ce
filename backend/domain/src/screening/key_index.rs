//! A compact multimap from 64-bit keys to ids, for the screener's lookup tables.
//!
//! Most keys (a folded spelling, a sound code, a one-letter deletion) point at a single token,
//! so a hash map of vectors spends most of its memory on empty capacity and allocation headers.
//! One sorted vector of `(key, id)` pairs holds the same in twelve bytes per pair; a lookup is a
//! binary search. Two million listed names fit in a few hundred megabytes this way.

use std::hash::{DefaultHasher, Hash, Hasher};

#[derive(Debug, Clone, Default)]
pub(crate) struct KeyIndex {
    pairs: Vec<(u64, u32)>,
    sorted: bool,
}

impl KeyIndex {
    pub fn insert(&mut self, key: u64, id: u32) {
        self.pairs.push((key, id));
        self.sorted = false;
    }

    /// Sorts and removes duplicate pairs; call once after the last insert, before lookups.
    pub fn finish(&mut self) {
        self.pairs.sort_unstable();
        self.pairs.dedup();
        self.pairs.shrink_to_fit();
        self.sorted = true;
    }

    /// The ids stored under `key`, in increasing order.
    pub fn get(&self, key: u64) -> impl Iterator<Item = u32> + '_ {
        debug_assert!(self.sorted || self.pairs.is_empty(), "KeyIndex::finish was not called");
        let start = self.pairs.partition_point(|&(stored, _)| stored < key);
        self.pairs[start..].iter().take_while(move |&&(stored, _)| stored == key).map(|&(_, id)| id)
    }
}

/// The key of a text: a fixed-key SipHash, the same in every process.
pub(crate) fn key_of(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_under_their_key_only_and_without_duplicates() {
        let mut index = KeyIndex::default();
        for (key, id) in [(5, 2), (1, 9), (5, 1), (5, 2), (7, 3)] {
            index.insert(key, id);
        }
        index.finish();
        assert_eq!(index.get(5).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(index.get(1).collect::<Vec<_>>(), [9]);
        assert_eq!(index.get(6).count(), 0);
        assert_eq!(index.get(u64::MAX).count(), 0);
    }

    #[test]
    fn the_key_of_a_text_is_stable() {
        assert_eq!(key_of("giorgi"), key_of("giorgi"));
        assert_ne!(key_of("giorgi"), key_of("georgi"));
    }
}
