//! Which chain an event belongs to: its company's, or the platform's.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One audit chain: a company's (its events, whoever acted) or the platform's (events that
/// concern no company, such as a superadmin login). Chains never wait on each other.
///
/// Written as `platform` or `company:<company id>` (in checkpoint files, and in JSON). A company
/// id is non-empty and has no whitespace or control character, so that text form always reads
/// back as the same chain. Chains order platform first, then companies by id: take several head
/// locks in this order to avoid deadlocks.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChainId(Chain);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Chain {
    Platform,
    Company(String),
}

const PLATFORM: &str = "platform";
const COMPANY_PREFIX: &str = "company:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainIdError {
    #[error("a company id of an audit chain cannot be empty")]
    EmptyCompanyId,
    #[error("a company id of an audit chain cannot contain whitespace or control characters")]
    UnprintableCompanyId,
    #[error("an audit chain is written `platform` or `company:<id>`")]
    Unrecognised,
}

impl ChainId {
    /// The chain of events that concern no company.
    pub fn platform() -> Self {
        Self(Chain::Platform)
    }

    pub fn company(company_id: &str) -> Result<Self, ChainIdError> {
        if company_id.is_empty() {
            return Err(ChainIdError::EmptyCompanyId);
        }
        if company_id.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ChainIdError::UnprintableCompanyId);
        }
        Ok(Self(Chain::Company(company_id.to_owned())))
    }

    /// The chain an event with this `company_id` goes to: the rule [`super::ChainHead::append`]
    /// and [`super::ChainVerifier`] both hold every event to.
    pub fn for_company(company_id: Option<&str>) -> Result<Self, ChainIdError> {
        company_id.map_or(Ok(Self::platform()), Self::company)
    }

    /// The company whose chain this is; `None` for the platform chain.
    pub fn company_id(&self) -> Option<&str> {
        match &self.0 {
            Chain::Platform => None,
            Chain::Company(id) => Some(id),
        }
    }
}

impl fmt::Display for ChainId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Chain::Platform => f.write_str(PLATFORM),
            Chain::Company(id) => write!(f, "{COMPANY_PREFIX}{id}"),
        }
    }
}

impl FromStr for ChainId {
    type Err = ChainIdError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text == PLATFORM {
            return Ok(Self::platform());
        }
        text.strip_prefix(COMPANY_PREFIX).map_or(Err(ChainIdError::Unrecognised), Self::company)
    }
}

impl TryFrom<String> for ChainId {
    type Error = ChainIdError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<ChainId> for String {
    fn from(chain: ChainId) -> Self {
        chain.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_reads_back_from_its_text() {
        for chain in [ChainId::platform(), ChainId::company("0193a1f2-7c1d").expect("valid")] {
            assert_eq!(chain.to_string().parse::<ChainId>(), Ok(chain));
        }
        assert_eq!(ChainId::platform().to_string(), "platform");
        assert_eq!(
            "company:platform".parse::<ChainId>().map(|c| c.company_id().map(str::to_owned)),
            Ok(Some("platform".to_owned()))
        );
    }

    #[test]
    fn company_ids_that_would_not_read_back_are_refused() {
        assert_eq!(ChainId::company(""), Err(ChainIdError::EmptyCompanyId));
        assert_eq!(ChainId::company("a b"), Err(ChainIdError::UnprintableCompanyId));
        assert_eq!(ChainId::company("a\u{0}b"), Err(ChainIdError::UnprintableCompanyId));
        assert_eq!("Platform".parse::<ChainId>(), Err(ChainIdError::Unrecognised));
        assert_eq!("company:".parse::<ChainId>(), Err(ChainIdError::EmptyCompanyId));
    }

    #[test]
    fn an_event_goes_to_its_companys_chain_or_else_the_platforms() {
        assert_eq!(ChainId::for_company(None), Ok(ChainId::platform()));
        assert_eq!(ChainId::for_company(Some("c1")), ChainId::company("c1"));
    }

    #[test]
    fn the_platform_chain_orders_first_for_lock_taking() {
        let company = ChainId::company("0").expect("valid");
        assert!(ChainId::platform() < company);
    }
}
