//! Imported sanctions / PEP lists. Each import is a new version of a named list; the newest
//! version of each name is the active one.

use super::rows::ScreeningListRow;
use super::schema::{screening_entries, screening_lists};
use super::{AnyConnection, DbError, ScreeningList};
use diesel::prelude::*;
use kyc_domain::ids::ListId;

pub fn active_lists(conn: &mut AnyConnection) -> Result<Vec<ScreeningList>, DbError> {
    screening_lists::table
        .filter(screening_lists::active.eq(true))
        .select(ScreeningListRow::as_select())
        .order(screening_lists::name.asc())
        .load(conn)?
        .into_iter()
        .map(ScreeningList::try_from)
        .collect()
}

pub fn all_lists(conn: &mut AnyConnection) -> Result<Vec<ScreeningList>, DbError> {
    screening_lists::table
        .select(ScreeningListRow::as_select())
        .order((screening_lists::name.asc(), screening_lists::imported_at.desc()))
        .load(conn)?
        .into_iter()
        .map(ScreeningList::try_from)
        .collect()
}

/// The entries of one list version, as stored JSON.
pub fn entries_of(conn: &mut AnyConnection, list_id: ListId) -> Result<Vec<String>, DbError> {
    Ok(screening_entries::table
        .filter(screening_entries::list_id.eq(list_id.to_string()))
        .select(screening_entries::entry_json)
        .load(conn)?)
}

/// Stores a new version of a list and makes it the active one of its name.
pub fn insert_version(
    conn: &mut AnyConnection,
    list: &ScreeningList,
    entries: &[(String, String)],
) -> Result<(), DbError> {
    diesel::update(screening_lists::table.filter(screening_lists::name.eq(&list.name)))
        .set(screening_lists::active.eq(false))
        .execute(conn)?;
    diesel::insert_into(screening_lists::table).values(&ScreeningListRow::from(list)).execute(conn)?;
    let list_id = list.id.to_string();
    for chunk in entries.chunks(500) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|(entity_id, json)| {
                (
                    screening_entries::list_id.eq(&list_id),
                    screening_entries::entity_id.eq(entity_id),
                    screening_entries::entry_json.eq(json),
                )
            })
            .collect();
        super::insert_rows!(conn, screening_entries::table, &rows)?;
    }
    Ok(())
}
