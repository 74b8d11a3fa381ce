//! The password policy for a new password (accepting an invitation, changing one's password).
//!
//! Following NIST SP 800-63B section 3.1.1.2 rather than composition rules: a minimum length, a
//! maximum that only bounds the hashing cost, and a check against what an attacker guesses first
//! (common passwords, keyboard walks, dates, and the person's own e-mail and company), done by
//! `zxcvbn`. No "one digit, one symbol" rule, no trimming: every character counts as typed.
//!
//! - At least [`MIN_PASSWORD_CHARS`] (12) characters, counted as Unicode scalar values.
//! - At most [`MAX_PASSWORD_CHARS`] (256) characters, so that nobody can make the server hash
//!   megabytes; [`is_within_length_cap`] lets a login refuse an over-long password unhashed.
//! - A `zxcvbn` score of at least [`MIN_ZXCVBN_SCORE`] (3 of 4: more than 10^8 guesses), with the
//!   e-mail, its local part, its domain, their words, and the company name and its words passed
//!   to `zxcvbn` as user inputs, so `AcmeBank2025` at Acme Bank scores as the guess it is.
//! - A refusal says why in words a person can act on: how many characters are missing, or
//!   `zxcvbn`'s warning and suggestions.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};
use zxcvbn::Score;

/// The fewest characters a new password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The most characters a password may have (it bounds the cost of hashing, not its strength).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The lowest `zxcvbn` score (0 to 4) a new password may have.
pub const MIN_ZXCVBN_SCORE: u8 = 3;

/// What the password must not be built from: the account's e-mail and its company's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordContext<'a> {
    pub email: &'a str,
    pub company_name: &'a str,
}

/// A password that passed the policy. It is wiped from memory when dropped and never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `password` against the policy (see the module docs).
    pub fn parse(password: &str, context: &PasswordContext<'_>) -> Result<Self, PasswordRefusal> {
        check_length(password)?;
        check_strength(password, context)?;
        Ok(Self(password.to_owned()))
    }

    /// The password as typed, to hand to the password hasher.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// Why a new password was refused. The messages are meant for the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRefusal {
    #[error(
        "the password has {length} characters; it needs at least {minimum}, so add {} more",
        minimum - length
    )]
    TooShort { length: usize, minimum: usize },
    #[error("the password has {length} characters; at most {maximum} are accepted")]
    TooLong { length: usize, maximum: usize },
    #[error(
        "the password is too easy to guess (strength {score} of 4, at least {minimum} needed){}",
        advice(warning, suggestions)
    )]
    TooWeak {
        /// `zxcvbn`'s score, 0 to 4.
        score: u8,
        minimum: u8,
        /// `zxcvbn`'s warning, e.g. "This is similar to a commonly used password.".
        warning: Option<String>,
        /// `zxcvbn`'s suggestions, e.g. "Add another word or two. Uncommon words are better.".
        suggestions: Vec<String>,
    },
}

/// `zxcvbn`'s warning then its suggestions, after a colon; nothing when it gave none.
fn advice(warning: &Option<String>, suggestions: &[String]) -> String {
    let sentences: Vec<&str> = warning.iter().chain(suggestions).map(String::as_str).collect();
    if sentences.is_empty() { String::new() } else { format!(": {}", sentences.join(" ")) }
}

/// Whether a password is short enough to be hashed at all (a login checks this first and answers
/// an over-long password like a wrong one, without hashing it).
pub fn is_within_length_cap(password: &str) -> bool {
    password.chars().count() <= MAX_PASSWORD_CHARS
}

fn check_length(password: &str) -> Result<(), PasswordRefusal> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooShort { length, minimum: MIN_PASSWORD_CHARS });
    }
    if length > MAX_PASSWORD_CHARS {
        return Err(PasswordRefusal::TooLong { length, maximum: MAX_PASSWORD_CHARS });
    }
    Ok(())
}

fn check_strength(password: &str, context: &PasswordContext<'_>) -> Result<(), PasswordRefusal> {
    let inputs = user_inputs(context);
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    let score = score_number(estimate.score());
    if score >= MIN_ZXCVBN_SCORE {
        return Ok(());
    }
    let feedback = estimate.feedback();
    Err(PasswordRefusal::TooWeak {
        score,
        minimum: MIN_ZXCVBN_SCORE,
        warning: feedback.and_then(|feedback| feedback.warning()).map(|warning| warning.to_string()),
        suggestions: feedback
            .map(|feedback| feedback.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    })
}

fn score_number(score: Score) -> u8 {
    u8::from(score)
}

/// The e-mail, its local part and domain, the company name, every word of them, and the local
/// part and company name without separators: `zxcvbn` matches user inputs as whole dictionary
/// words, so `anna.kowalska@acme-bank.example` must also give `kowalska` for `Kowalska1985!` to
/// be seen through, and Acme Bank must give `acmebank` for `AcmeBank2025`.
fn user_inputs(context: &PasswordContext<'_>) -> Vec<String> {
    let email = context.email.trim();
    let (local_part, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    let company_name = context.company_name.trim();
    let mut inputs: Vec<String> = [email, local_part, domain, company_name]
        .into_iter()
        .chain(words(email))
        .chain(words(company_name))
        .map(str::to_owned)
        .chain([joined(local_part), joined(company_name)])
        .filter(|input| !input.is_empty())
        .map(|input| input.to_lowercase())
        .collect();
    inputs.sort();
    inputs.dedup();
    inputs
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| word.chars().count() >= 3)
}

/// The text without its separators: `Acme Bank` as `AcmeBank`, `anna.kowalska` as `annakowalska`.
fn joined(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: PasswordContext<'static> =
        PasswordContext { email: "anna.kowalska@acme-bank.example", company_name: "Acme Bank" };

    fn refusal(password: &str) -> PasswordRefusal {
        NewPassword::parse(password, &CONTEXT).expect_err("the policy should refuse this password")
    }

    #[test]
    fn a_long_unusual_passphrase_is_accepted() {
        let password = NewPassword::parse("correct horse battery staple", &CONTEXT);
        assert_eq!(password.map(|p| p.expose().to_owned()), Ok("correct horse battery staple".into()));
    }

    #[test]
    fn an_eleven_character_password_is_refused_with_how_many_characters_are_missing() {
        let refusal = refusal("Zq8#vL2!mW0");
        assert_eq!(refusal, PasswordRefusal::TooShort { length: 11, minimum: 12 });
        assert_eq!(refusal.to_string(), "the password has 11 characters; it needs at least 12, so add 1 more");
    }

    #[test]
    fn twelve_characters_are_enough_when_they_are_hard_to_guess() {
        assert!(NewPassword::parse("Zq8#vL2!mW0p", &CONTEXT).is_ok());
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        // 11 characters, 22 bytes in UTF-8: still too short.
        let refusal = refusal("ğüşöçıĞÜŞÖÇ");
        assert_eq!(refusal, PasswordRefusal::TooShort { length: 11, minimum: 12 });
    }

    #[test]
    fn a_password_over_the_cap_is_refused_before_it_is_scored() {
        let password = "Zq8#vL2!mW0p".repeat(22);
        assert_eq!(refusal(&password), PasswordRefusal::TooLong { length: 264, maximum: 256 });
        assert!(!is_within_length_cap(&password));
        assert!(is_within_length_cap(&"x".repeat(256)));
    }

    #[test]
    fn a_common_password_is_refused_with_zxcvbns_warning() {
        let PasswordRefusal::TooWeak { score, warning, .. } = refusal("password1234") else {
            panic!("expected a weak-password refusal");
        };
        assert!(score < MIN_ZXCVBN_SCORE);
        assert!(warning.is_some_and(|warning| warning.contains("common")));
    }

    #[test]
    fn a_password_made_of_the_email_is_refused() {
        assert!(matches!(refusal("anna.kowalska@acme-bank.example"), PasswordRefusal::TooWeak { .. }));
        assert!(matches!(refusal("AnnaKowalska1!"), PasswordRefusal::TooWeak { .. }));
        assert!(matches!(refusal("Kowalska1985!"), PasswordRefusal::TooWeak { .. }));
    }

    #[test]
    fn a_password_made_of_the_company_name_is_refused_though_it_passes_without_context() {
        let password = "AcmeBank2025";
        let without_context = PasswordContext { email: "x@example.org", company_name: "Other" };
        assert!(NewPassword::parse(password, &without_context).is_ok(), "the control must pass");
        assert!(matches!(refusal(password), PasswordRefusal::TooWeak { .. }));
    }

    #[test]
    fn the_weak_refusal_reads_as_advice() {
        let refusal = PasswordRefusal::TooWeak {
            score: 1,
            minimum: 3,
            warning: Some("This is a very common password.".into()),
            suggestions: vec!["Add another word or two.".into()],
        };
        assert_eq!(
            refusal.to_string(),
            "the password is too easy to guess (strength 1 of 4, at least 3 needed): \
             This is a very common password. Add another word or two."
        );
        let silent = PasswordRefusal::TooWeak { score: 2, minimum: 3, warning: None, suggestions: vec![] };
        assert_eq!(silent.to_string(), "the password is too easy to guess (strength 2 of 4, at least 3 needed)");
    }

    #[test]
    fn a_repeated_character_is_refused_with_a_suggestion() {
        let PasswordRefusal::TooWeak { suggestions, .. } = refusal("aaaaaaaaaaaaaaaa") else {
            panic!("expected a weak-password refusal");
        };
        assert!(!suggestions.is_empty());
    }

    #[test]
    fn user_inputs_hold_the_email_its_parts_the_company_name_and_their_words() {
        let inputs = user_inputs(&CONTEXT);
        let expected_inputs = [
            "anna.kowalska@acme-bank.example",
            "anna.kowalska",
            "annakowalska",
            "acme-bank.example",
            "acme bank",
            "acmebank",
            "anna",
            "kowalska",
            "acme",
            "bank",
        ];
        for expected in expected_inputs {
            assert!(inputs.iter().any(|input| input == expected), "{expected} missing from {inputs:?}");
        }
    }

    #[test]
    fn a_new_password_never_prints_itself() {
        let password = NewPassword::parse("correct horse battery staple", &CONTEXT).expect("strong");
        assert_eq!(format!("{password:?}"), "NewPassword(<redacted>)");
    }
}
