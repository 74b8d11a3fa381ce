//! A team member's e-mail address as the login names it: trimmed and lower-cased, so that
//! `Anna@Bank.example` and `anna@bank.example ` are one account.
//!
//! The check is deliberately shallow (the invitation e-mail or link proves the address works):
//! one `@` with something before it, a domain with a dot that neither starts nor ends it, no
//! spaces or control characters, and at most [`MAX_EMAIL_CHARS`] (254) characters (RFC 5321's
//! path limit).

use std::fmt;

/// The longest address accepted.
pub const MAX_EMAIL_CHARS: usize = 254;

/// A normalised e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("is not an e-mail address like name@bank.example")]
pub struct MalformedEmail;

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, MalformedEmail> {
        let email = text.trim().to_lowercase();
        let (local, domain) = email.rsplit_once('@').ok_or(MalformedEmail)?;
        let well_formed = email.chars().count() <= MAX_EMAIL_CHARS
            && !local.is_empty()
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control());
        if !well_formed {
            return Err(MalformedEmail);
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`, a first display name for someone invited without one.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or(self.0.as_str(), |(local, _)| local)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Anna.Kowalska@Acme-Bank.Example ").expect("an address");
        assert_eq!(email.as_str(), "anna.kowalska@acme-bank.example");
        assert_eq!(email.local_part(), "anna.kowalska");
    }

    #[test]
    fn text_that_is_no_address_is_refused() {
        let too_long = format!("{}@bank.example", "a".repeat(250));
        for text in ["", "anna", "@bank.example", "anna@", "anna@bank", "anna@.bank", "anna@bank.", "an na@bank.example",
            "a@b@bank.example", "anna@bank\u{0}.example", too_long.as_str()]
        {
            assert_eq!(EmailAddress::parse(text), Err(MalformedEmail), "{text:?}");
        }
    }
}
