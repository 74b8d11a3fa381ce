//! The stored result of screening one person, operators' reviews of its matches, and the PEP
//! status the session shows. A session stores a [`ScreeningOutcome`]; the PDF report prints it;
//! the decision rules read [`PepStatus`] from it.

use super::ScreeningMatch;
use serde::{Deserialize, Serialize};

/// One list version that a screening ran against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenedList {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// Which lists a person was screened against and what matched.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScreeningOutcome {
    pub lists: Vec<ScreenedList>,
    pub matches: Vec<StoredMatch>,
}

/// A match with an operator's review of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMatch {
    #[serde(flatten)]
    pub found: ScreeningMatch,
    pub review: MatchReview,
}

impl StoredMatch {
    /// A match nobody has looked at yet.
    pub fn open(found: ScreeningMatch) -> Self {
        Self { found, review: MatchReview::Open }
    }
}

/// What an operator decided about one screening match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReview {
    /// Not reviewed yet.
    Open,
    /// Not the listed person.
    FalsePositive,
    /// The listed person.
    Confirmed,
}

/// A session's sanctions/PEP status, from its screening outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PepStatus {
    /// Screened, and every match (if any) was a false positive.
    Clear,
    /// At least one match waits for review.
    PotentialMatch,
    /// At least one match was confirmed.
    ConfirmedMatch,
    /// No list was loaded when the session was screened.
    #[default]
    NotScreened,
}

impl ScreeningOutcome {
    /// Records a review of the match with this entity id; `None` when there is no such match.
    pub fn review(&mut self, entity_id: &str, review: MatchReview) -> Option<&StoredMatch> {
        let found = self.matches.iter_mut().find(|m| m.found.entity_id == entity_id)?;
        found.review = review;
        Some(found)
    }
}

impl PepStatus {
    /// A confirmed match wins, then any open one; `NotScreened` without an outcome.
    pub fn of(outcome: Option<&ScreeningOutcome>) -> PepStatus {
        let Some(outcome) = outcome else { return PepStatus::NotScreened };
        let reviewed = |review| outcome.matches.iter().any(|m| m.review == review);
        if reviewed(MatchReview::Confirmed) {
            PepStatus::ConfirmedMatch
        } else if reviewed(MatchReview::Open) {
            PepStatus::PotentialMatch
        } else {
            PepStatus::Clear
        }
    }
}

closed_set!(MatchReview, "match review", [Open => "open", FalsePositive => "false_positive", Confirmed => "confirmed"]);
closed_set!(PepStatus, "PEP status", [
    Clear => "clear",
    PotentialMatch => "potential_match",
    ConfirmedMatch => "confirmed_match",
    NotScreened => "not_screened",
]);

#[cfg(test)]
mod tests {
    use super::*;

    fn found(entity_id: &str) -> ScreeningMatch {
        ScreeningMatch {
            entity_id: entity_id.to_owned(),
            list: "demo".to_owned(),
            name: "GIORGI BERIDZE".to_owned(),
            matched_name: "GIORGI BERIDZE".to_owned(),
            query_name: "GIORGI BERIDZE".to_owned(),
            score: 99,
            reasons: Vec::new(),
            birth_dates: Vec::new(),
            nationalities: Vec::new(),
            programs: Vec::new(),
            topics: Vec::new(),
        }
    }

    #[test]
    fn a_confirmed_match_wins_over_open_ones() {
        let mut outcome = ScreeningOutcome { lists: Vec::new(), matches: vec![StoredMatch::open(found("a")), StoredMatch::open(found("b"))] };
        assert_eq!(PepStatus::of(Some(&outcome)), PepStatus::PotentialMatch);
        outcome.review("a", MatchReview::Confirmed);
        assert_eq!(PepStatus::of(Some(&outcome)), PepStatus::ConfirmedMatch);
        outcome.review("a", MatchReview::FalsePositive);
        outcome.review("b", MatchReview::FalsePositive);
        assert_eq!(PepStatus::of(Some(&outcome)), PepStatus::Clear);
        assert_eq!(PepStatus::of(None), PepStatus::NotScreened);
    }

    #[test]
    fn reviewing_an_unknown_match_changes_nothing() {
        let mut outcome = ScreeningOutcome { lists: Vec::new(), matches: vec![StoredMatch::open(found("a"))] };
        assert!(outcome.review("zzz", MatchReview::Confirmed).is_none());
        assert_eq!(outcome.matches[0].review, MatchReview::Open);
    }

    #[test]
    fn a_stored_match_keeps_its_json_shape() {
        let json = serde_json::to_value(StoredMatch::open(found("a"))).expect("json");
        assert_eq!(json["review"], "open");
        assert_eq!(json["entity_id"], "a");
        for status in PepStatus::ALL {
            assert_eq!(serde_json::to_value(status).ok(), Some(serde_json::Value::from(status.as_str())));
            assert_eq!(status.as_str().parse::<PepStatus>(), Ok(*status));
        }
    }
}
