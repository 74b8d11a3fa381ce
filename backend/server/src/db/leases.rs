//! Job leases: which process runs a background job (the retention purge, a list's refresh),
//! until when, so that one replica at a time does it.

use super::records::naive;
use super::{AnyConnection, DbError};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

diesel::table! {
    job_leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> Timestamp,
    }
}

/// Takes or renews the named lease for `holder` until `until`, when it is free, expired or
/// already the holder's. On PostgreSQL the row lock, on SQLite the write lock, make two
/// replicas' attempts take turns.
pub fn take_lease(
    conn: &mut AnyConnection,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<bool, DbError> {
    let renewed = diesel::update(
        job_leases::table
            .filter(job_leases::name.eq(name.to_owned()))
            .filter(job_leases::holder.eq(holder.to_owned()).or(job_leases::expires_at.le(naive(now)))),
    )
    .set((job_leases::holder.eq(holder.to_owned()), job_leases::expires_at.eq(naive(until))))
    .execute(conn)?;
    if renewed > 0 {
        return Ok(true);
    }
    let exists: i64 = job_leases::table.filter(job_leases::name.eq(name.to_owned())).count().get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(job_leases::table)
        .values((job_leases::name.eq(name.to_owned()), job_leases::holder.eq(holder.to_owned()), job_leases::expires_at.eq(naive(until))))
        .execute(conn)?;
    Ok(true)
}

/// Gives the lease back, if `holder` has it.
pub fn release_lease(conn: &mut AnyConnection, name: &str, holder: &str) -> Result<(), DbError> {
    diesel::delete(job_leases::table.filter(job_leases::name.eq(name.to_owned())).filter(job_leases::holder.eq(holder.to_owned())))
        .execute(conn)?;
    Ok(())
}
