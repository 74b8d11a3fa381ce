//! Verification sessions: statuses, document types and the face-match scale.
//!
//! Status rules (which status the checks produce under a company's settings) and the
//! decision transitions live in [`rules`] and [`decision`].

pub mod decision;
pub mod rules;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a verification session stands in the back-office workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Verified,
    AwaitingAction,
    Rejected,
    NotFinished,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 4] =
        [Self::Verified, Self::AwaitingAction, Self::Rejected, Self::NotFinished];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::AwaitingAction => "awaiting_action",
            Self::Rejected => "rejected",
            Self::NotFinished => "not_finished",
        }
    }
}

impl fmt::Display for SessionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A text that names no known variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind}: {value}")]
pub struct UnknownVariant {
    pub kind: &'static str,
    pub value: String,
}

impl FromStr for SessionStatus {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| UnknownVariant { kind: "session status", value: text.to_owned() })
    }
}

/// The kind of identity document captured in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Passport,
    IdCard,
    ResidencePermit,
    DrivingLicence,
}

impl DocumentType {
    pub const ALL: [DocumentType; 4] =
        [Self::Passport, Self::IdCard, Self::ResidencePermit, Self::DrivingLicence];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passport => "passport",
            Self::IdCard => "id_card",
            Self::ResidencePermit => "residence_permit",
            Self::DrivingLicence => "driving_licence",
        }
    }
}

impl FromStr for DocumentType {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| UnknownVariant { kind: "document type", value: text.to_owned() })
    }
}

/// Face-match confidence on the capture pipeline's scale of 1 (weakest) to 7 (strongest).
///
/// Each level is the threshold at which the matcher's false-acceptance rate (FAR) falls
/// below the given ratio: level 7 means a stranger would pass one time in 500 000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct FaceMatchLevel(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("face match level must be between 1 and 7, got {0}")]
pub struct FaceMatchLevelOutOfRange(pub i64);

impl FaceMatchLevel {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 7;
    const FALSE_ACCEPTANCE_RATES: [&'static str; 7] =
        ["1/100", "1/250", "1/500", "1/1000", "1/10000", "1/100000", "1/500000"];

    pub fn new(level: i64) -> Result<Self, FaceMatchLevelOutOfRange> {
        match u8::try_from(level) {
            Ok(value) if (Self::MIN..=Self::MAX).contains(&value) => Ok(Self(value)),
            _ => Err(FaceMatchLevelOutOfRange(level)),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// The false-acceptance rate this level stands for, as "1/N".
    pub fn false_acceptance_rate(self) -> &'static str {
        Self::FALSE_ACCEPTANCE_RATES[usize::from(self.0 - 1)]
    }
}

impl TryFrom<u8> for FaceMatchLevel {
    type Error = FaceMatchLevelOutOfRange;
    fn try_from(level: u8) -> Result<Self, Self::Error> {
        Self::new(i64::from(level))
    }
}

impl From<FaceMatchLevel> for u8 {
    fn from(level: FaceMatchLevel) -> u8 {
        level.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_parses_back_from_its_wire_name() {
        for status in SessionStatus::ALL {
            assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        }
        assert!("approved".parse::<SessionStatus>().is_err());
    }

    #[test]
    fn face_match_levels_outside_one_to_seven_are_refused() {
        assert!(FaceMatchLevel::new(0).is_err());
        assert!(FaceMatchLevel::new(8).is_err());
        assert!(FaceMatchLevel::new(-1).is_err());
    }

    #[test]
    fn face_match_level_maps_to_its_false_acceptance_rate() {
        let rate = |level| FaceMatchLevel::new(level).map(FaceMatchLevel::false_acceptance_rate);
        assert_eq!(rate(1), Ok("1/100"));
        assert_eq!(rate(7), Ok("1/500000"));
    }
}
