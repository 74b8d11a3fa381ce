//! Refresh-token families and tokens (the rules are `kyc_domain::accounts::refresh`).

use super::records::{naive, utc};
use super::{AnyConnection, DbError};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::accounts::refresh::{RefreshFamily, RefreshToken};
use kyc_domain::accounts::secret_hash::SecretHash;
use kyc_domain::ids::UserId;

diesel::table! {
    refresh_families (id) {
        id -> Text,
        user_id -> Text,
        started_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        family_id -> Text,
        issued_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

/// A presented token as stored, with its family and user.
#[derive(Debug, Clone)]
pub struct StoredRefresh {
    pub family_id: String,
    pub user_id: UserId,
    pub family: RefreshFamily,
    pub token: RefreshToken,
}

/// A new family (a login) and its first token.
pub fn start_family(conn: &mut AnyConnection, user_id: UserId, token_hash: &SecretHash, now: DateTime<Utc>) -> Result<String, DbError> {
    let family_id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(refresh_families::table)
        .values((
            refresh_families::id.eq(&family_id),
            refresh_families::user_id.eq(user_id.to_string()),
            refresh_families::started_at.eq(naive(now)),
        ))
        .execute(conn)?;
    insert_token(conn, &family_id, token_hash, now)?;
    Ok(family_id)
}

pub fn insert_token(conn: &mut AnyConnection, family_id: &str, token_hash: &SecretHash, now: DateTime<Utc>) -> Result<(), DbError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(token_hash.to_hex()),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::issued_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut AnyConnection, token_hash: &SecretHash) -> Result<Option<StoredRefresh>, DbError> {
    let Some((family_id, issued_at, used_at)) = refresh_tokens::table
        .find(token_hash.to_hex())
        .select((refresh_tokens::family_id, refresh_tokens::issued_at, refresh_tokens::used_at))
        .first::<(String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let (user_id, started_at, revoked_at) = refresh_families::table
        .find(&family_id)
        .select((refresh_families::user_id, refresh_families::started_at, refresh_families::revoked_at))
        .first::<(String, chrono::NaiveDateTime, Option<chrono::NaiveDateTime>)>(conn)?;
    let user_id = user_id.parse().map_err(|_| DbError::Corrupt { what: "refresh family user id", detail: "not an id".to_owned() })?;
    Ok(Some(StoredRefresh {
        family_id,
        user_id,
        family: RefreshFamily { started_at: utc(started_at), revoked_at: revoked_at.map(utc) },
        token: RefreshToken { issued_at: utc(issued_at), used_at: used_at.map(utc) },
    }))
}

/// Marks a token used; `false` when another refresh used it first.
pub fn mark_used(conn: &mut AnyConnection, token_hash: &SecretHash, now: DateTime<Utc>) -> Result<bool, DbError> {
    let changed = diesel::update(
        refresh_tokens::table.filter(refresh_tokens::token_hash.eq(token_hash.to_hex())).filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(naive(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn revoke_family(conn: &mut AnyConnection, family_id: &str, now: DateTime<Utc>) -> Result<(), DbError> {
    diesel::update(refresh_families::table.find(family_id).filter(refresh_families::revoked_at.is_null()))
        .set(refresh_families::revoked_at.eq(naive(now)))
        .execute(conn)?;
    Ok(())
}

/// Ends every session of a user (deactivation, a password change).
pub fn revoke_user_families(conn: &mut AnyConnection, user_id: UserId, now: DateTime<Utc>) -> Result<usize, DbError> {
    Ok(diesel::update(
        refresh_families::table
            .filter(refresh_families::user_id.eq(user_id.to_string()))
            .filter(refresh_families::revoked_at.is_null()),
    )
    .set(refresh_families::revoked_at.eq(naive(now)))
    .execute(conn)?)
}
