//! The sanctions / PEP lists held in memory, and screening people against them.
//!
//! The index is rebuilt from the stored active list versions at start and after an import, then
//! swapped in whole: a screening in flight keeps the snapshot it started with.

use crate::db::{self, Db, DbError, ScreeningList};
use kyc_domain::screening::{ListEntry, PersonQuery, ScreenedList, Screener, ScreeningOutcome, StoredMatch};
use std::sync::{Arc, RwLock};

struct Snapshot {
    screener: Arc<Screener>,
    lists: Vec<ScreenedList>,
}

#[derive(Clone)]
pub struct ScreeningIndex {
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
}

impl ScreeningIndex {
    /// Builds the index from the active list versions in the database.
    pub fn load(db: &Db) -> Result<ScreeningIndex, DbError> {
        let snapshot = read_snapshot(db)?;
        Ok(ScreeningIndex { snapshot: Arc::new(RwLock::new(Arc::new(snapshot))) })
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
            .map(StoredMatch::open)
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
            for json in db::screening::entries_of(conn, list.id)? {
                let entry: ListEntry = serde_json::from_str(&json).map_err(|error| DbError::Corrupt {
                    what: "screening list entry",
                    detail: error.to_string(),
                })?;
                entries.push(entry);
            }
        }
        Ok(Snapshot { screener: Arc::new(Screener::new(entries)), lists: lists.iter().map(screened_list).collect() })
    })
}

fn screened_list(list: &ScreeningList) -> ScreenedList {
    ScreenedList { id: list.id.to_string(), name: list.name.clone(), version: list.version.clone() }
}
