//! Verification sessions: statuses, document types and the face-match scale.
//!
//! Status rules (which status the checks produce under a company's settings) and the
//! decision transitions live in [`rules`] and [`decision`]; why a session has its status, in
//! codes and words, in [`reasons`].

pub mod assignment;
pub mod decision;
pub mod reasons;
pub mod rules;

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Where a verification session stands in the back-office workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Verified,
    AwaitingAction,
    Rejected,
    /// Where every session starts, until its checks have run on a finished flow.
    #[default]
    NotFinished,
}

closed_set!(SessionStatus, "session status", [
    Verified => "verified",
    AwaitingAction => "awaiting_action",
    Rejected => "rejected",
    NotFinished => "not_finished",
]);

/// A text that names no known variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind}: {value}")]
pub struct UnknownVariant {
    pub kind: &'static str,
    pub value: String,
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

closed_set!(DocumentType, "document type", [
    Passport => "passport",
    IdCard => "id_card",
    ResidencePermit => "residence_permit",
    DrivingLicence => "driving_licence",
]);

/// What a stored photo shows: the document's sides, the selfie, or one frame of the liveness
/// check (`liveness_<frame>`, the frame named by the capture pipeline).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PhotoKind {
    DocumentFront,
    DocumentBack,
    Selfie,
    Liveness(String),
}

impl PhotoKind {
    /// The longest liveness frame name after `liveness_`.
    pub const MAX_FRAME_LEN: usize = 20;
    /// The pattern of every photo kind's name, as documented for API clients.
    pub const PATTERN: &'static str = "^(document_front|document_back|selfie|liveness_[a-z0-9_]{1,20})$";
}

impl FromStr for PhotoKind {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let is_frame = |frame: &str| {
            (1..=Self::MAX_FRAME_LEN).contains(&frame.len())
                && frame.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        };
        match text {
            "document_front" => Ok(Self::DocumentFront),
            "document_back" => Ok(Self::DocumentBack),
            "selfie" => Ok(Self::Selfie),
            _ => match text.strip_prefix("liveness_") {
                Some(frame) if is_frame(frame) => Ok(Self::Liveness(frame.to_owned())),
                _ => Err(UnknownVariant { kind: "photo kind", value: text.to_owned() }),
            },
        }
    }
}

impl TryFrom<String> for PhotoKind {
    type Error = UnknownVariant;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl fmt::Display for PhotoKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DocumentFront => f.write_str("document_front"),
            Self::DocumentBack => f.write_str("document_back"),
            Self::Selfie => f.write_str("selfie"),
            Self::Liveness(frame) => write!(f, "liveness_{frame}"),
        }
    }
}

impl Serialize for PhotoKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PhotoKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
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
        for &status in SessionStatus::ALL {
            assert_eq!(status.as_str().parse::<SessionStatus>(), Ok(status));
        }
        assert!("approved".parse::<SessionStatus>().is_err());
    }

    #[test]
    fn photo_kinds_read_back_from_their_names() {
        for name in ["document_front", "document_back", "selfie", "liveness_1", "liveness_blink_2"] {
            let kind: PhotoKind = name.parse().expect("a photo kind");
            assert_eq!(kind.to_string(), name);
        }
        for name in ["", "passport", "liveness_", "liveness_UP", "liveness_a-b", &format!("liveness_{}", "x".repeat(21))] {
            assert!(name.parse::<PhotoKind>().is_err(), "{name}");
        }
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
