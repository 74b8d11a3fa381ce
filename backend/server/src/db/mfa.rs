//! Two-factor login: TOTP credentials (the secret sealed, never in clear), recovery-code hashes
//! and MFA challenges (token hashes). The rules are `kyc_domain::accounts::{totp,
//! recovery_codes, second_factor}`; every "use once" is an `UPDATE … WHERE` that must touch one
//! row, so two requests racing with one code cannot both pass.

use super::records::{naive, utc};
use super::{AnyConnection, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use kyc_domain::accounts::second_factor::MfaChallenge;
use kyc_domain::accounts::secret_hash::SecretHash;
use kyc_domain::ids::{CompanyId, UserId};

diesel::table! {
    totp_credentials (user_id) {
        user_id -> Text,
        sealed_secret -> Text,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        last_step -> Nullable<BigInt>,
    }
}

diesel::table! {
    recovery_codes (code_hash) {
        code_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mfa_challenges (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        purpose -> Text,
        issued_at -> Timestamp,
        failed_attempts -> Integer,
        completed_at -> Nullable<Timestamp>,
    }
}

use super::schema::users;
diesel::allow_tables_to_appear_in_same_query!(totp_credentials, users);

/// A user's TOTP credential as stored.
#[derive(Debug, Clone)]
pub struct StoredTotp {
    /// The secret sealed with the company's data key, as base64 text.
    pub sealed_secret: String,
    pub confirmed: bool,
    pub last_step: Option<u64>,
}

/// What a challenge lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengePurpose {
    /// Finish a login with a code.
    Login,
    /// Enrol TOTP, because the company requires it, and then be signed in.
    Enrolment,
}

impl ChallengePurpose {
    fn as_str(self) -> &'static str {
        match self {
            ChallengePurpose::Login => "login",
            ChallengePurpose::Enrolment => "enrolment",
        }
    }
}

/// A challenge as stored, with whose login it is.
#[derive(Debug, Clone)]
pub struct StoredChallenge {
    pub user_id: UserId,
    pub purpose: ChallengePurpose,
    pub state: MfaChallenge,
}

fn user_key(user_id: UserId) -> String {
    user_id.to_string()
}

pub fn find_totp(conn: &mut AnyConnection, user_id: UserId) -> Result<Option<StoredTotp>, DbError> {
    let row = totp_credentials::table
        .find(user_key(user_id))
        .select((totp_credentials::sealed_secret, totp_credentials::confirmed_at, totp_credentials::last_step))
        .first::<(String, Option<NaiveDateTime>, Option<i64>)>(conn)
        .optional()?;
    row.map(|(sealed_secret, confirmed_at, last_step)| {
        let last_step = last_step
            .map(u64::try_from)
            .transpose()
            .map_err(|_| DbError::Corrupt { what: "totp last step", detail: "negative".to_owned() })?;
        Ok(StoredTotp { sealed_secret, confirmed: confirmed_at.is_some(), last_step })
    })
    .transpose()
}

/// Stores a new pending secret in place of a pending one; `false` (nothing changed) when the
/// user's TOTP is confirmed already.
pub fn put_pending_totp(conn: &mut AnyConnection, user_id: UserId, sealed_secret: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    diesel::delete(totp_credentials::table.find(user_key(user_id)).filter(totp_credentials::confirmed_at.is_null())).execute(conn)?;
    if find_totp(conn, user_id)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(totp_credentials::table)
        .values((
            totp_credentials::user_id.eq(user_key(user_id)),
            totp_credentials::sealed_secret.eq(sealed_secret),
            totp_credentials::created_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Stores `step` as the last accepted one, and confirms a pending credential; `false` when a
/// code of this step or a later one was accepted meanwhile (a replay racing the first use).
pub fn accept_step(conn: &mut AnyConnection, user_id: UserId, step: u64, now: DateTime<Utc>) -> Result<bool, DbError> {
    let step = i64::try_from(step).map_err(|_| DbError::Corrupt { what: "totp step", detail: "too large".to_owned() })?;
    let newer = totp_credentials::last_step.is_null().or(totp_credentials::last_step.lt(step));
    let changed = diesel::update(totp_credentials::table.find(user_key(user_id)).filter(newer))
        .set(totp_credentials::last_step.eq(step))
        .execute(conn)?;
    diesel::update(totp_credentials::table.find(user_key(user_id)).filter(totp_credentials::confirmed_at.is_null()))
        .set(totp_credentials::confirmed_at.eq(naive(now)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Turns two-factor login off for a user: the secret and every recovery code go.
pub fn remove_mfa(conn: &mut AnyConnection, user_id: UserId) -> Result<bool, DbError> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_key(user_id)))).execute(conn)?;
    let removed = diesel::delete(totp_credentials::table.find(user_key(user_id))).execute(conn)?;
    Ok(removed == 1)
}

/// The members of a company whose two-factor login is on.
pub fn enabled_users(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<UserId>, DbError> {
    let ids: Vec<String> = totp_credentials::table
        .inner_join(users::table.on(users::id.eq(totp_credentials::user_id)))
        .filter(users::company_id.eq(company_id.to_string()))
        .filter(totp_credentials::confirmed_at.is_not_null())
        .select(totp_credentials::user_id)
        .load(conn)?;
    ids.iter().map(|id| parse_user_id(id)).collect()
}

pub fn is_enabled(conn: &mut AnyConnection, user_id: UserId) -> Result<bool, DbError> {
    Ok(find_totp(conn, user_id)?.is_some_and(|totp| totp.confirmed))
}

/// Replaces the user's recovery codes with these hashes.
pub fn replace_recovery_codes(conn: &mut AnyConnection, user_id: UserId, hashes: &[SecretHash], now: DateTime<Utc>) -> Result<(), DbError> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_key(user_id)))).execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::code_hash.eq(hash.to_hex()),
                recovery_codes::user_id.eq(user_key(user_id)),
                recovery_codes::created_at.eq(naive(now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The hashes of the user's recovery codes not used yet.
pub fn unused_recovery_codes(conn: &mut AnyConnection, user_id: UserId) -> Result<Vec<SecretHash>, DbError> {
    let hashes: Vec<String> = recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_key(user_id)))
        .filter(recovery_codes::used_at.is_null())
        .order(recovery_codes::code_hash.asc())
        .select(recovery_codes::code_hash)
        .load(conn)?;
    hashes
        .iter()
        .map(|hash| hash.parse().map_err(|_| DbError::Corrupt { what: "recovery code hash", detail: "not 64 hex digits".to_owned() }))
        .collect()
}

/// Marks a recovery code used; `false` when it was used meanwhile.
pub fn use_recovery_code(conn: &mut AnyConnection, hash: &SecretHash, now: DateTime<Utc>) -> Result<bool, DbError> {
    let changed = diesel::update(
        recovery_codes::table.filter(recovery_codes::code_hash.eq(hash.to_hex())).filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(naive(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

pub fn insert_challenge(
    conn: &mut AnyConnection,
    token_hash: &SecretHash,
    user_id: UserId,
    purpose: ChallengePurpose,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(mfa_challenges::table)
        .values((
            mfa_challenges::token_hash.eq(token_hash.to_hex()),
            mfa_challenges::user_id.eq(user_key(user_id)),
            mfa_challenges::purpose.eq(purpose.as_str()),
            mfa_challenges::issued_at.eq(naive(now)),
            mfa_challenges::failed_attempts.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find_challenge(conn: &mut AnyConnection, token_hash: &SecretHash) -> Result<Option<StoredChallenge>, DbError> {
    let row = mfa_challenges::table
        .find(token_hash.to_hex())
        .select((
            mfa_challenges::user_id,
            mfa_challenges::purpose,
            mfa_challenges::issued_at,
            mfa_challenges::failed_attempts,
            mfa_challenges::completed_at,
        ))
        .first::<(String, String, NaiveDateTime, i32, Option<NaiveDateTime>)>(conn)
        .optional()?;
    let Some((user_id, purpose, issued_at, failed_attempts, completed_at)) = row else { return Ok(None) };
    let purpose = match purpose.as_str() {
        "login" => ChallengePurpose::Login,
        "enrolment" => ChallengePurpose::Enrolment,
        other => return Err(DbError::Corrupt { what: "mfa challenge purpose", detail: other.to_owned() }),
    };
    Ok(Some(StoredChallenge {
        user_id: parse_user_id(&user_id)?,
        purpose,
        state: MfaChallenge {
            issued_at: utc(issued_at),
            failed_attempts: u32::try_from(failed_attempts).unwrap_or(0),
            completed_at: completed_at.map(utc),
        },
    }))
}

/// Counts a wrong code against the challenge.
pub fn record_challenge_failure(conn: &mut AnyConnection, token_hash: &SecretHash) -> Result<(), DbError> {
    diesel::update(mfa_challenges::table.find(token_hash.to_hex()))
        .set(mfa_challenges::failed_attempts.eq(mfa_challenges::failed_attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks the challenge as having finished its login; `false` when another request finished it.
pub fn complete_challenge(conn: &mut AnyConnection, token_hash: &SecretHash, now: DateTime<Utc>) -> Result<bool, DbError> {
    let changed = diesel::update(
        mfa_challenges::table.find(token_hash.to_hex()).filter(mfa_challenges::completed_at.is_null()),
    )
    .set(mfa_challenges::completed_at.eq(naive(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Removes challenges issued before `before` (long dead: they last minutes).
pub fn purge_challenges(conn: &mut AnyConnection, before: DateTime<Utc>) -> Result<usize, DbError> {
    Ok(diesel::delete(mfa_challenges::table.filter(mfa_challenges::issued_at.lt(naive(before)))).execute(conn)?)
}

fn parse_user_id(text: &str) -> Result<UserId, DbError> {
    text.parse().map_err(|_| DbError::Corrupt { what: "mfa user id", detail: "not an id".to_owned() })
}
