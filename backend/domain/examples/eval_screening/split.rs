//! The deterministic entity-level dev/test split and the per-query random generators.
//!
//! Every list entity (and every other unit: a negative row, a bench case, a Georgian MP) is
//! hashed with a fixed seed; 70 % of the hash space is dev, 30 % test. All names of one entity
//! fall on the same side, as in nomenklatura's cluster split.

use crate::synthetic::SplitMix;

/// The evaluation seed. Changing it draws another split and other synthetic variants.
pub const SEED: u64 = 20_260_227;

/// Share of units on the dev side, in per cent.
const DEV_PERCENT: u64 = 70;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Dev,
    Test,
}

impl Side {
    pub fn label(self) -> &'static str {
        match self {
            Side::Dev => "dev",
            Side::Test => "test",
        }
    }
}

/// The side of a unit, from its stable key (e.g. `"un:QDi.900"`).
pub fn side_of(key: &str) -> Side {
    if seeded_hash(key, "split") % 100 < DEV_PERCENT { Side::Dev } else { Side::Test }
}

/// A generator for one purpose on one unit: the same key and purpose always give the same draws.
pub fn rng_for(key: &str, purpose: &str) -> SplitMix {
    SplitMix(seeded_hash(key, purpose))
}

/// FNV-1a over the key and purpose, then SplitMix's finaliser with the seed mixed in.
fn seeded_hash(key: &str, purpose: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes().chain([0xff]).chain(purpose.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    SplitMix(hash ^ SEED).next_u64()
}
