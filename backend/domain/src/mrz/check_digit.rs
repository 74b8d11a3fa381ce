//! The ICAO 9303 check digit (Part 3 §4.9): weights 7, 3, 1 repeated from the left,
//! `0-9` = 0-9, `A-Z` = 10-35, `<` = 0, the sum taken modulo 10.
//!
//! Blind spots, by construction: characters whose values are congruent modulo 10 cannot
//! be told apart at the same position (`0`, `<`, `A`, `K`, `U` all weigh 0; `1`/`B`/`L`/`V`;
//! `6`/`G`/`Q`, ...), and two compensating changes can cancel out. A verified digit means
//! "consistent", not "proven".

/// Each byte's value in the check-digit sum, looked up rather than matched: the sums run
/// over nearly every character of every MRZ checked. Bytes outside the alphabet weigh 0,
/// like `<` (inputs are validated before any sum is taken).
const VALUES: [u8; 256] = {
    let mut values = [0; 256];
    let mut index = 0;
    while index < 10 {
        values[b'0' as usize + index] = index as u8;
        index += 1;
    }
    index = 0;
    while index < 26 {
        values[b'A' as usize + index] = 10 + index as u8;
        index += 1;
    }
    values
};

/// Value of each byte in the check-digit sum; `None` outside the MRZ alphabet.
pub fn char_value(byte: u8) -> Option<u32> {
    is_mrz_char(byte).then_some(u32::from(VALUES[usize::from(byte)]))
}

/// Whether a byte belongs to the MRZ alphabet `A-Z0-9<`.
pub fn is_mrz_char(byte: u8) -> bool {
    byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'<'
}

/// Whether every byte belongs to the MRZ alphabet. It looks at every byte rather than
/// stopping at the first foreign one, which lets the compiler test many at once: the
/// input check runs over every character of every MRZ, and foreign ones are rare.
pub fn all_mrz_chars(bytes: &[u8]) -> bool {
    bytes.iter().fold(true, |all, &byte| all & is_mrz_char(byte))
}

/// Characters weighed per step: more than any MRZ range, and a multiple of 3 so that
/// every step starts the weight cycle where the previous one left it.
const CHUNK: usize = 96;

/// The weights 7, 3, 1 repeated, with room to start a step at any phase of the cycle.
const CYCLE: [u32; CHUNK + 2] = {
    let mut cycle = [0; CHUNK + 2];
    let mut index = 0;
    while index < cycle.len() {
        cycle[index] = [7, 3, 1][index % 3];
        index += 1;
    }
    cycle
};

/// The check digit (0-9) of the concatenation of `parts`; the weight cycle continues
/// across parts, as ICAO computes composites over non-adjacent ranges.
/// Bytes outside the alphabet count as 0; inputs are validated before this is called.
pub fn check_digit_of(parts: &[&[u8]]) -> u8 {
    let mut sum = 0u32;
    let mut phase = 0usize;
    // Weights come from a table rather than a counter taken modulo 3 per character.
    for chunk in parts.iter().flat_map(|part| part.chunks(CHUNK)) {
        let weighed = chunk.iter().zip(&CYCLE[phase..]).map(|(&byte, &weight)| u32::from(VALUES[usize::from(byte)]) * weight);
        sum = (sum + weighed.sum::<u32>()) % 10;
        phase = (phase + chunk.len()) % 3;
    }
    // The remainder is below 10, so the narrowing cannot lose information.
    sum as u8
}

/// Check digit of a text, or `None` when the text is empty or holds a character outside
/// the MRZ alphabet (which has no value to weigh).
pub fn checked_digit_of(text: &str) -> Option<u8> {
    let bytes = text.as_bytes();
    (!bytes.is_empty() && bytes.iter().all(|&b| is_mrz_char(b))).then(|| check_digit_of(&[bytes]))
}

/// Check digit of a text, as an ASCII digit. Handy for builders and tests.
pub fn check_digit_char(text: &str) -> char {
    char::from(b'0' + check_digit_of(&[text.as_bytes()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icao_worked_examples_give_their_published_digits() {
        assert_eq!(check_digit_char("520727"), '3');
        assert_eq!(check_digit_char("AB2134<<<"), '5');
        assert_eq!(check_digit_char("L898902C3"), '6');
    }

    #[test]
    fn the_weight_cycle_continues_across_parts() {
        let whole = check_digit_of(&[b"D23145890734"]);
        let split = check_digit_of(&[b"D2314", b"5890", b"734"]);
        assert_eq!(whole, split);
    }

    #[test]
    fn text_with_a_foreign_character_or_no_character_has_no_check_digit() {
        assert_eq!(checked_digit_of("0000 0"), None);
        assert_eq!(checked_digit_of("onlylowercase"), None);
        assert_eq!(checked_digit_of(""), None);
        assert_eq!(checked_digit_of("520727"), Some(3));
    }

    /// The definition, one character at a time.
    fn reference_digit(text: &[u8]) -> u8 {
        let sum: u32 = text.iter().enumerate().map(|(i, &b)| char_value(b).unwrap_or(0) * [7, 3, 1][i % 3]).sum();
        (sum % 10) as u8
    }

    #[test]
    fn any_length_and_any_split_give_the_digit_of_the_definition() {
        let text: Vec<u8> = (0..500u32).map(|i| b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<a?"[(i * 7 % 39) as usize]).collect();
        for len in [0, 1, 2, 3, 44, 95, 96, 97, 98, 193, 500] {
            let whole = &text[..len];
            assert_eq!(check_digit_of(&[whole]), reference_digit(whole), "length {len}");
            for split in [1, 2, 95, 97] {
                let (head, tail) = whole.split_at(split.min(len));
                assert_eq!(check_digit_of(&[head, tail]), reference_digit(whole), "length {len} split {split}");
            }
        }
    }

    #[test]
    fn every_character_of_the_alphabet_has_its_icao_value() {
        for (value, byte) in (b'0'..=b'9').chain(b'A'..=b'Z').enumerate() {
            assert_eq!(char_value(byte), Some(value as u32), "byte {byte}");
        }
        assert_eq!(char_value(b'<'), Some(0));
    }

    #[test]
    fn the_check_of_many_bytes_agrees_with_the_check_of_one() {
        for byte in 0..=u8::MAX {
            assert_eq!(char_value(byte).is_some(), is_mrz_char(byte), "byte {byte}");
            assert_eq!(all_mrz_chars(&[b'A', byte, b'<']), is_mrz_char(byte), "byte {byte}");
        }
    }

    #[test]
    fn bytes_outside_the_alphabet_have_no_value() {
        assert_eq!(char_value(b'a'), None);
        assert_eq!(char_value(b'?'), None);
        assert_eq!(char_value(b' '), None);
        assert_eq!(char_value(b'Z'), Some(35));
    }
}
