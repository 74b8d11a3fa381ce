//! The login throttle's rows (the rules are `kyc_domain::accounts::login_throttle`): one per
//! account and per address that failed recently, under a keyed hash.
//!
//! Reserving an attempt reads and writes both rows in one transaction, with the rows locked
//! (PostgreSQL: a row lock taken by a no-op update; SQLite: its single writer), so concurrent
//! attempts are decided one after the other. Expired rows are deleted on the way.

use super::records::{naive, utc};
use super::{AnyConnection, DbError};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

diesel::table! {
    login_throttles (key_hash) {
        key_hash -> Text,
        failures -> Integer,
        next_attempt_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

/// One stored row: failures, when the next attempt may be checked, when the row stops mattering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleRow {
    pub failures: u32,
    pub next_attempt_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Deletes every row that no longer matters.
pub fn purge_expired(conn: &mut AnyConnection, now: DateTime<Utc>) -> Result<usize, DbError> {
    Ok(diesel::delete(login_throttles::table.filter(login_throttles::expires_at.le(naive(now)))).execute(conn)?)
}

/// Locks the row of `key_hash` for the rest of the transaction, creating an expired (empty) one
/// if there is none, and returns it unless it has expired.
pub fn lock(conn: &mut AnyConnection, key_hash: &str, now: DateTime<Utc>) -> Result<Option<ThrottleRow>, DbError> {
    let empty = (
        login_throttles::key_hash.eq(key_hash),
        login_throttles::failures.eq(0),
        login_throttles::next_attempt_at.eq(naive(now)),
        login_throttles::expires_at.eq(naive(now)),
    );
    let insert = diesel::insert_into(login_throttles::table).values(empty).on_conflict_do_nothing();
    match conn {
        AnyConnection::Postgresql(pg) => insert.execute(pg)?,
        AnyConnection::Sqlite(sqlite) => insert.execute(sqlite)?,
    };
    diesel::update(login_throttles::table.find(key_hash))
        .set(login_throttles::failures.eq(login_throttles::failures))
        .execute(conn)?;
    let (failures, next_attempt_at, expires_at): (i32, chrono::NaiveDateTime, chrono::NaiveDateTime) = login_throttles::table
        .find(key_hash)
        .select((login_throttles::failures, login_throttles::next_attempt_at, login_throttles::expires_at))
        .first(conn)?;
    let row = ThrottleRow {
        failures: u32::try_from(failures).unwrap_or_default(),
        next_attempt_at: utc(next_attempt_at),
        expires_at: utc(expires_at),
    };
    Ok((row.expires_at > now).then_some(row))
}

pub fn store(conn: &mut AnyConnection, key_hash: &str, row: ThrottleRow) -> Result<(), DbError> {
    diesel::update(login_throttles::table.find(key_hash))
        .set((
            login_throttles::failures.eq(i32::try_from(row.failures).unwrap_or(i32::MAX)),
            login_throttles::next_attempt_at.eq(naive(row.next_attempt_at)),
            login_throttles::expires_at.eq(naive(row.expires_at)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn forget(conn: &mut AnyConnection, key_hash: &str) -> Result<(), DbError> {
    diesel::delete(login_throttles::table.find(key_hash)).execute(conn)?;
    Ok(())
}

/// How many rows the table holds (tests show it stays bounded).
pub fn count(conn: &mut AnyConnection) -> Result<i64, DbError> {
    Ok(login_throttles::table.count().get_result(conn)?)
}
