//! Team members and their invitations: the tables and queries behind `cases::accounts`.
//!
//! An invited user exists from the invitation on (so the admin sees them in the team list) with
//! an empty `password_hash`, which no password matches; accepting the invitation sets it.

use super::records::{naive, utc};
use super::rows::{CompanyRow, UserRow};
use super::schema::{companies, users};
use super::{AnyConnection, Company, DbError, User};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::accounts::invitation::Invitation;
use kyc_domain::accounts::secret_hash::SecretHash;
use kyc_domain::access::Role;
use kyc_domain::ids::{CompanyId, UserId};

diesel::table! {
    invitations (id) {
        id -> Text,
        user_id -> Text,
        company_id -> Text,
        token_hash -> Text,
        invited_by -> Text,
        created_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

/// A stored invitation with the ids it joins.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInvitation {
    pub id: String,
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub state: Invitation,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = invitations)]
struct InvitationRow {
    id: String,
    user_id: String,
    company_id: String,
    created_at: chrono::NaiveDateTime,
    accepted_at: Option<chrono::NaiveDateTime>,
    revoked_at: Option<chrono::NaiveDateTime>,
}

impl TryFrom<InvitationRow> for StoredInvitation {
    type Error = DbError;
    fn try_from(row: InvitationRow) -> Result<Self, DbError> {
        let corrupt = |what: &'static str| move |_| DbError::Corrupt { what, detail: "not an id".to_owned() };
        Ok(StoredInvitation {
            user_id: row.user_id.parse().map_err(corrupt("invitation user id"))?,
            company_id: row.company_id.parse().map_err(corrupt("invitation company id"))?,
            id: row.id,
            state: Invitation {
                created_at: utc(row.created_at),
                accepted_at: row.accepted_at.map(utc),
                revoked_at: row.revoked_at.map(utc),
            },
        })
    }
}

/// Every company, oldest first (for `kyc-server companies list`).
pub fn all_companies(conn: &mut AnyConnection) -> Result<Vec<Company>, DbError> {
    companies::table
        .select(CompanyRow::as_select())
        .order(companies::created_at.asc())
        .load(conn)?
        .into_iter()
        .map(Company::try_from)
        .collect()
}

/// A company's members, active or not, oldest first.
pub fn company_users(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<User>, DbError> {
    users::table
        .filter(users::company_id.eq(company_id.to_string()))
        .select(UserRow::as_select())
        .order(users::created_at.asc())
        .load(conn)?
        .into_iter()
        .map(User::try_from)
        .collect()
}

/// One member of a company; another company's user is `None`, like an unknown id.
pub fn company_user(conn: &mut AnyConnection, company_id: CompanyId, id: UserId) -> Result<Option<User>, DbError> {
    users::table
        .filter(users::id.eq(id.to_string()))
        .filter(users::company_id.eq(company_id.to_string()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::try_from)
        .transpose()
}

pub fn set_role_and_active(conn: &mut AnyConnection, id: UserId, role: Role, active: bool) -> Result<(), DbError> {
    diesel::update(users::table.find(id.to_string()))
        .set((users::role.eq(role.as_str()), users::active.eq(active)))
        .execute(conn)?;
    Ok(())
}

/// Stores a new invitation for a user; the token itself is never stored.
pub fn insert_invitation(
    conn: &mut AnyConnection,
    user: &User,
    company_id: CompanyId,
    token_hash: &SecretHash,
    invited_by: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    diesel::insert_into(invitations::table)
        .values((
            invitations::id.eq(uuid::Uuid::now_v7().to_string()),
            invitations::user_id.eq(user.id.to_string()),
            invitations::company_id.eq(company_id.to_string()),
            invitations::token_hash.eq(token_hash.to_hex()),
            invitations::invited_by.eq(invited_by),
            invitations::created_at.eq(naive(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Revokes a user's pending invitations (a re-invitation replaces them).
pub fn revoke_pending_invitations(conn: &mut AnyConnection, user_id: UserId, now: DateTime<Utc>) -> Result<usize, DbError> {
    Ok(diesel::update(
        invitations::table
            .filter(invitations::user_id.eq(user_id.to_string()))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::revoked_at.eq(naive(now)))
    .execute(conn)?)
}

pub fn find_invitation(conn: &mut AnyConnection, token_hash: &SecretHash) -> Result<Option<StoredInvitation>, DbError> {
    invitations::table
        .filter(invitations::token_hash.eq(token_hash.to_hex()))
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?
        .map(StoredInvitation::try_from)
        .transpose()
}

/// Marks a pending invitation accepted; `false` when it was accepted or revoked meanwhile, so two
/// submissions of one link cannot both set a password.
pub fn mark_invitation_accepted(conn: &mut AnyConnection, id: &str, now: DateTime<Utc>) -> Result<bool, DbError> {
    let changed = diesel::update(
        invitations::table
            .filter(invitations::id.eq(id))
            .filter(invitations::accepted_at.is_null())
            .filter(invitations::revoked_at.is_null()),
    )
    .set(invitations::accepted_at.eq(naive(now)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Takes the company row's lock until the transaction ends (PostgreSQL; SQLite has one writer),
/// so that checks over the whole team and the change they allow are not interleaved.
pub fn lock_company(conn: &mut AnyConnection, company_id: CompanyId) -> Result<(), DbError> {
    diesel::update(companies::table.find(company_id.to_string())).set(companies::name.eq(companies::name)).execute(conn)?;
    Ok(())
}
