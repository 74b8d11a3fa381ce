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

/// What a listing means for a decision: a sanctions listing allows only a rejection once
/// confirmed; a politically exposed person may be verified under enhanced due diligence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Sanction,
    Pep,
}

closed_set!(MatchKind, "match kind", [Sanction => "sanction", Pep => "pep"]);

impl ScreeningMatch {
    /// A match is a PEP only when its entry carries a `role.*` topic (PEP, close associate) and
    /// nothing of a sanction: no `sanction*` topic and no programme. Everything else, including an
    /// entry without topics, is treated as a sanction, the stricter side.
    pub fn kind(&self) -> MatchKind {
        let sanctioned = !self.programs.is_empty() || self.topics.iter().any(|topic| topic.starts_with("sanction"));
        let in_a_role = self.topics.iter().any(|topic| topic.starts_with("role."));
        if in_a_role && !sanctioned { MatchKind::Pep } else { MatchKind::Sanction }
    }
}

/// One match as the decision rules and the session page see it: who, which list, what kind, and
/// the review so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchStanding {
    pub entity_id: String,
    pub list: String,
    /// The entry's primary name.
    pub name: String,
    pub kind: MatchKind,
    pub review: MatchReview,
}

impl MatchStanding {
    /// Every match of a screening, in stored order; none without a screening.
    pub fn all_of(outcome: Option<&ScreeningOutcome>) -> Vec<MatchStanding> {
        outcome.map_or_else(Vec::new, |outcome| outcome.matches.iter().map(MatchStanding::of).collect())
    }

    pub fn of(stored: &StoredMatch) -> MatchStanding {
        MatchStanding {
            entity_id: stored.found.entity_id.clone(),
            list: stored.found.list.clone(),
            name: stored.found.name.clone(),
            kind: stored.found.kind(),
            review: stored.review,
        }
    }

    /// Open, or confirmed: what a red banner on the session page is for.
    pub fn needs_attention(&self) -> bool {
        self.review != MatchReview::FalsePositive
    }
}

impl std::fmt::Display for MatchStanding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} entry {} on list {})", self.name, self.kind, self.entity_id, self.list)
    }
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
    fn a_match_is_a_pep_only_with_a_role_and_no_sanction() {
        let with = |topics: &[&str], programs: &[&str]| ScreeningMatch {
            topics: topics.iter().map(|t| t.to_string()).collect(),
            programs: programs.iter().map(|p| p.to_string()).collect(),
            ..found("a")
        };
        assert_eq!(with(&["role.pep"], &[]).kind(), MatchKind::Pep);
        assert_eq!(with(&["role.rca"], &[]).kind(), MatchKind::Pep);
        assert_eq!(with(&["sanction", "role.pep"], &[]).kind(), MatchKind::Sanction);
        assert_eq!(with(&["role.pep"], &["RUSSIA-EO14024"]).kind(), MatchKind::Sanction);
        assert_eq!(with(&["sanction.linked"], &[]).kind(), MatchKind::Sanction);
        assert_eq!(with(&[], &[]).kind(), MatchKind::Sanction, "no topics is the stricter side");
        assert_eq!(with(&["crime"], &[]).kind(), MatchKind::Sanction);
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
