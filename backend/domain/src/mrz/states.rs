//! The ICAO 9303 Part 3 table of three-letter codes for issuing states and nationalities.
//!
//! Lookup is a compile-time bitset over the 27³ possible three-character codes (letters
//! and `<`), so checking a code is one shift and one mask.

/// ISO 3166-1 alpha-3 codes (ICAO Part 3, Part A uses these for states and territories).
const ISO_3166_ALPHA_3: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// Codes ICAO adds to ISO 3166-1, by part of Doc 9303 Part 3 §5.
const ICAO_SPECIAL_CODES: &[&str] = &[
    // Part A exceptions: Germany's one-letter code, British nationality classes, Kosovo.
    "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS",
    // Part B: the European Union.
    "EUE",
    // Part C: United Nations organisation, specialised agency, interim mission in Kosovo.
    "UNO", "UNA", "UNK",
    // Part D: other organisations issuing travel documents.
    "XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
    // Part E: stateless, refugees, unspecified nationality.
    "XXA", "XXB", "XXC", "XXX",
    // Part F: codes withdrawn but still found on documents issued before their withdrawal.
    "ANT", "NTZ",
    // Part G: Utopia, the fictitious state of every ICAO specimen.
    "UTO",
    // Part H: ICAO itself.
    "IAO",
];

/// Not ICAO, but printed on real documents: Kosovo on German and other EU residence
/// permits (accepted by cheminfo/mrz since its issue #39). Kept apart so it stays visible.
const OPERATIONAL_CODES: &[&str] = &["XXK"];

const SYMBOLS: usize = 27;
const CODE_SPACE: usize = SYMBOLS * SYMBOLS * SYMBOLS;
const WORDS: usize = CODE_SPACE.div_ceil(64);

/// Position of a letter or `<` in the 27-symbol code alphabet.
const fn symbol(byte: u8) -> Option<usize> {
    match byte {
        b'A'..=b'Z' => Some((byte - b'A') as usize),
        b'<' => Some(26),
        _ => None,
    }
}

/// Index of a three-byte code (already padded with `<`) in the bitset.
const fn code_index(code: [u8; 3]) -> Option<usize> {
    match (symbol(code[0]), symbol(code[1]), symbol(code[2])) {
        (Some(a), Some(b), Some(c)) => Some((a * SYMBOLS + b) * SYMBOLS + c),
        _ => None,
    }
}

/// Pads a one- or two-letter table entry with `<`, as the MRZ prints it (`D` -> `D<<`).
const fn padded(entry: &str) -> [u8; 3] {
    let bytes = entry.as_bytes();
    let mut code = [b'<'; 3];
    let mut i = 0;
    while i < bytes.len() && i < 3 {
        code[i] = bytes[i];
        i += 1;
    }
    code
}

const fn add_all(mut set: [u64; WORDS], entries: &[&str]) -> [u64; WORDS] {
    let mut i = 0;
    while i < entries.len() {
        if let Some(index) = code_index(padded(entries[i])) {
            set[index / 64] |= 1 << (index % 64);
        }
        i += 1;
    }
    set
}

static KNOWN_CODES: [u64; WORDS] = add_all(
    add_all(add_all([0; WORDS], ISO_3166_ALPHA_3), ICAO_SPECIAL_CODES),
    OPERATIONAL_CODES,
);

/// Whether the three MRZ characters of a state field name a known state or organisation.
/// `code` is the raw field, padded with `<` (`D<<`, `GBR`).
pub fn is_known_state(code: &[u8]) -> bool {
    let [a, b, c] = code else { return false };
    match code_index([*a, *b, *c]) {
        Some(index) => KNOWN_CODES[index / 64] & (1 << (index % 64)) != 0,
        None => false,
    }
}

/// Every accepted code, unpadded; for tests and documentation.
pub fn all_known_codes() -> impl Iterator<Item = &'static str> {
    ISO_3166_ALPHA_3
        .iter()
        .chain(ICAO_SPECIAL_CODES)
        .chain(OPERATIONAL_CODES)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_code_is_found_once_padded() {
        for code in all_known_codes() {
            assert!(is_known_state(&padded(code)), "{code} should be known");
        }
    }

    #[test]
    fn the_iso_list_has_the_249_current_entries() {
        assert_eq!(ISO_3166_ALPHA_3.len(), 249);
    }

    #[test]
    fn germany_is_d_padded_with_fillers_and_unknown_codes_are_refused() {
        assert!(is_known_state(b"D<<"));
        assert!(!is_known_state(b"D"));
        assert!(!is_known_state(b"GB<"));
        assert!(!is_known_state(b"ZZZ"));
        assert!(!is_known_state(b"<<<"));
        assert!(!is_known_state(b"BOS"));
    }
}
