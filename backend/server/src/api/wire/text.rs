//! Text as clients may send it: at most `MAX` characters and no control characters.
//!
//! Every string a request carries (a JSON field, a form field, a query parameter) is a
//! [`Text<MAX>`], so its length limit is part of its type and the limit is checked while the
//! request is read, before any use case, query or engine sees the value. The OpenAPI document
//! states the same limit as `maxLength` (`#[schema(value_type = String, max_length = MAX)]` on
//! the field; `tests/api/limits.rs` checks that every request string documents one).
//!
//! Control characters are refused everywhere: PostgreSQL cannot store NUL in text (it used to
//! answer 500), and no name, number, note or user agent needs C0/C1 controls. Line breaks and
//! tabs are allowed where a person types prose ([`Prose<MAX>`], for notes).

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A single-line text of at most `MAX` characters: no control character at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Text<const MAX: usize>(String);

/// Free text of at most `MAX` characters that may hold line breaks and tabs (notes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Prose<const MAX: usize>(String);

/// Why a text was refused. The messages never quote the text itself: they reach logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("is longer than {0} characters")]
    TooLong(usize),
    #[error("contains a control character (U+{0:04X})")]
    ControlCharacter(u32),
}

/// The JSON Schema patterns that state these rules in the OpenAPI document (ECMA-262 regexes).
/// `api::contract` gives every bounded string without a pattern [`SINGLE_LINE_PATTERN`]; prose
/// fields and non-blank fields name theirs in their `#[schema(pattern = …)]` (literals there, so
/// a test checks they equal these).
pub const SINGLE_LINE_PATTERN: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$";
pub const PROSE_PATTERN: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
pub const NON_BLANK_PROSE_PATTERN: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
pub const NON_BLANK_LINE_PATTERN: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$";

/// Whether a character is refused in any text: C0 and C1 controls and DEL, with line breaks
/// and tabs allowed only when `prose` is set.
pub fn is_refused(c: char, prose: bool) -> bool {
    c.is_control() && !(prose && matches!(c, '\n' | '\r' | '\t'))
}

/// Checks a text against a limit; what both wrappers and the query pre-check share.
pub fn check(text: &str, max_chars: usize, prose: bool) -> Result<(), TextError> {
    if let Some(c) = text.chars().find(|&c| is_refused(c, prose)) {
        return Err(TextError::ControlCharacter(c as u32));
    }
    // Counting stops past the limit, so a huge value costs no more than MAX + 1 steps.
    if text.chars().take(max_chars + 1).count() > max_chars {
        return Err(TextError::TooLong(max_chars));
    }
    Ok(())
}

macro_rules! text_type {
    ($name:ident, $prose:expr, $expecting:literal) => {
        impl<const MAX: usize> $name<MAX> {
            pub fn new(text: impl Into<String>) -> Result<Self, TextError> {
                let text = text.into();
                check(&text, MAX, $prose)?;
                Ok($name(text))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl<const MAX: usize> std::ops::Deref for $name<MAX> {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl<const MAX: usize> From<$name<MAX>> for String {
            fn from(text: $name<MAX>) -> String {
                text.0
            }
        }

        impl<'de, const MAX: usize> Deserialize<'de> for $name<MAX> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Expecting<const MAX: usize>;
                impl<const MAX: usize> Visitor<'_> for Expecting<MAX> {
                    type Value = $name<MAX>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        write!(f, $expecting, MAX)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                        $name::new(text).map_err(E::custom)
                    }
                    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                        $name::new(text).map_err(E::custom)
                    }
                }
                deserializer.deserialize_string(Expecting::<MAX>)
            }
        }
    };
}

text_type!(Text, false, "a string of at most {} characters");
text_type!(Prose, true, "a text of at most {} characters");

/// An optional text as a plain `Option<String>` for the use cases.
pub fn plain<const MAX: usize>(text: Option<Text<MAX>>) -> Option<String> {
    text.map(Text::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_at_its_limit_is_accepted_and_one_character_more_is_not() {
        assert!(Text::<3>::new("abc").is_ok());
        assert_eq!(Text::<3>::new("abcd"), Err(TextError::TooLong(3)));
        // Characters, not bytes: three Georgian letters are nine bytes.
        assert!(Text::<3>::new("ანა").is_ok());
    }

    #[test]
    fn nul_and_other_control_characters_are_refused() {
        for text in ["a\0b", "a\u{1}", "a\u{7f}", "a\u{85}", "line\nbreak", "tab\there"] {
            assert!(matches!(Text::<50>::new(text), Err(TextError::ControlCharacter(_))), "{text:?}");
        }
    }

    #[test]
    fn prose_allows_line_breaks_and_tabs_but_not_nul() {
        assert!(Prose::<50>::new("first line\r\nsecond\tline").is_ok());
        assert!(matches!(Prose::<50>::new("a\0b"), Err(TextError::ControlCharacter(0))));
    }

    #[test]
    fn refusals_never_quote_the_text() {
        let secret = "MARIA IVANOVA";
        let error = serde_json::from_str::<Text<5>>(&format!("\"{secret}\"")).expect_err("too long");
        assert!(!error.to_string().contains(secret), "{error}");
        let error = serde_json::from_str::<Text<50>>("\"MARIA\\u0000\"").expect_err("nul");
        assert!(!error.to_string().contains("MARIA"), "{error}");
    }

    #[test]
    fn form_and_query_values_are_checked_too() {
        #[derive(Debug, Deserialize)]
        struct Query {
            #[allow(dead_code)]
            q: Text<10>,
        }
        assert!(serde_urlencoded::from_str::<Query>("q=anna").is_ok());
        assert!(serde_urlencoded::from_str::<Query>("q=an%00na").is_err());
        assert!(serde_urlencoded::from_str::<Query>("q=aaaaaaaaaaaaaaaaaaaa").is_err());
    }
}
