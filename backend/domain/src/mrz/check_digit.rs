//! The ICAO 9303 check digit (Part 3 §4.9): weights 7, 3, 1 repeated from the left,
//! `0-9` = 0-9, `A-Z` = 10-35, `<` = 0, the sum taken modulo 10.
//!
//! Blind spots, by construction: characters whose values are congruent modulo 10 cannot
//! be told apart at the same position (`0`, `<`, `A`, `K`, `U` all weigh 0; `1`/`B`/`L`/`V`;
//! `6`/`G`/`Q`, ...), and two compensating changes can cancel out. A verified digit means
//! "consistent", not "proven".

/// Value of each byte in the check-digit sum; `None` outside the MRZ alphabet.
pub fn char_value(byte: u8) -> Option<u32> {
    match byte {
        b'0'..=b'9' => Some(u32::from(byte - b'0')),
        b'A'..=b'Z' => Some(u32::from(byte - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Whether a byte belongs to the MRZ alphabet `A-Z0-9<`.
pub fn is_mrz_char(byte: u8) -> bool {
    char_value(byte).is_some()
}

/// The check digit (0-9) of the concatenation of `parts`; the weight cycle continues
/// across parts, as ICAO computes composites over non-adjacent ranges.
/// Bytes outside the alphabet count as 0; inputs are validated before this is called.
pub fn check_digit_of(parts: &[&[u8]]) -> u8 {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    let mut index = 0usize;
    for part in parts {
        for &byte in *part {
            sum += char_value(byte).unwrap_or(0) * WEIGHTS[index % 3];
            index += 1;
        }
    }
    // The remainder is below 10, so the narrowing cannot lose information.
    (sum % 10) as u8
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

    #[test]
    fn bytes_outside_the_alphabet_have_no_value() {
        assert_eq!(char_value(b'a'), None);
        assert_eq!(char_value(b'?'), None);
        assert_eq!(char_value(b' '), None);
        assert_eq!(char_value(b'Z'), Some(35));
    }
}
