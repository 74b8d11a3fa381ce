//! The sanctions / PEP lists held in memory, and screening people against them.
//!
//! The index is rebuilt from the stored active list versions at start and after an import, then
//! swapped in whole: a screening in flight keeps the snapshot it started with.

use crate::db::{self, Db, DbError, ScreeningListRecord};
use kyc_domain::screening::{ListEntry, PersonQuery, Screener, ScreeningMatch};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};

/// One list version that a screening ran against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreenedList {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// The stored result of screening one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScreeningOutcome {
    pub lists: Vec<ScreenedList>,
    pub matches: Vec<StoredMatch>,
}

/// A match with the operator's review of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredMatch {
    #[serde(flatten)]
    pub found: ScreeningMatch,
    /// `open`, `false_positive` or `confirmed`.
    pub review: String,
}

struct Snapshot {
    screener: Arc<Screener>,
    lists: Vec<ScreenedList>,
}

#[derive(Clone)]
pub struct ScreeningService {
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
}

impl ScreeningService {
    /// Builds the index from the active list versions in the database.
    pub fn load(db: &Db) -> Result<ScreeningService, DbError> {
        let snapshot = read_snapshot(db)?;
        Ok(ScreeningService { snapshot: Arc::new(RwLock::new(Arc::new(snapshot))) })
    }

    /// Rebuilds the index after the stored lists changed.
    pub fn reload(&self, db: &Db) -> Result<(), DbError> {
        let fresh = Arc::new(read_snapshot(db)?);
        if let Ok(mut current) = self.snapshot.write() {
            *current = fresh;
        }
        Ok(())
    }

    fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(snapshot) => Arc::clone(&snapshot),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Screens a person against every active list; `None` when no list is loaded.
    pub fn screen(&self, query: &PersonQuery) -> Option<ScreeningOutcome> {
        let snapshot = self.current();
        if snapshot.lists.is_empty() {
            return None;
        }
        let matches = snapshot
            .screener
            .screen(query)
            .into_iter()
            .map(|found| StoredMatch { found, review: "open".to_owned() })
            .collect();
        Some(ScreeningOutcome { lists: snapshot.lists.clone(), matches })
    }

    pub fn lists(&self) -> Vec<ScreenedList> {
        self.current().lists.clone()
    }
}

fn read_snapshot(db: &Db) -> Result<Snapshot, DbError> {
    db.read_now(|conn| {
        let lists = db::screening::active_lists(conn)?;
        let mut entries = Vec::new();
        for list in &lists {
            for json in db::screening::entries_of(conn, &list.id)? {
                let entry: ListEntry =
                    serde_json::from_str(&json).map_err(|error| DbError::Corrupt(error.to_string()))?;
                entries.push(entry);
            }
        }
        Ok(Snapshot { screener: Arc::new(Screener::new(entries)), lists: lists.iter().map(screened_list).collect() })
    })
}

fn screened_list(record: &ScreeningListRecord) -> ScreenedList {
    ScreenedList { id: record.id.clone(), name: record.name.clone(), version: record.version.clone() }
}

/// The PEP status shown for a session: a confirmed match wins, then any open one.
pub fn pep_status(outcome: Option<&ScreeningOutcome>) -> &'static str {
    let Some(outcome) = outcome else { return "not_screened" };
    if outcome.matches.iter().any(|m| m.review == "confirmed") {
        "confirmed_match"
    } else if outcome.matches.iter().any(|m| m.review == "open") {
        "potential_match"
    } else {
        "clear"
    }
}
