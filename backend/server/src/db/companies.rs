//! Companies, their dashboard users and API clients, and failed-login bookkeeping.

use super::records::{encode_json, naive};
use super::rows::{ApiClientRow, CompanyRow, UserRow};
use super::schema::{api_clients, companies, login_failures, users};
use super::{AnyConnection, ApiClient, Company, DbError, User};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::ids::{ApiClientId, CompanyId, UserId};
use kyc_domain::session::rules::CompanySettings;
use std::collections::HashMap;

pub fn find_company(conn: &mut AnyConnection, id: CompanyId) -> Result<Option<Company>, DbError> {
    companies::table
        .find(id.to_string())
        .select(CompanyRow::as_select())
        .first(conn)
        .optional()?
        .map(Company::try_from)
        .transpose()
}

pub fn find_company_by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<Company>, DbError> {
    companies::table
        .filter(companies::name.eq(name))
        .select(CompanyRow::as_select())
        .first(conn)
        .optional()?
        .map(Company::try_from)
        .transpose()
}

pub fn insert_company(conn: &mut AnyConnection, company: &Company) -> Result<(), DbError> {
    diesel::insert_into(companies::table).values(&CompanyRow::try_from(company)?).execute(conn)?;
    Ok(())
}

pub fn update_company_settings(
    conn: &mut AnyConnection,
    id: CompanyId,
    settings: &CompanySettings,
) -> Result<(), DbError> {
    diesel::update(companies::table.find(id.to_string()))
        .set(companies::settings_json.eq(encode_json("company settings", settings)?))
        .execute(conn)?;
    Ok(())
}

pub fn find_user_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<User>, DbError> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::try_from)
        .transpose()
}

pub fn find_user(conn: &mut AnyConnection, id: UserId) -> Result<Option<User>, DbError> {
    users::table
        .find(id.to_string())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(User::try_from)
        .transpose()
}

pub fn insert_user(conn: &mut AnyConnection, user: &User) -> Result<(), DbError> {
    diesel::insert_into(users::table).values(&UserRow::from(user)).execute(conn)?;
    Ok(())
}

pub fn set_user_password(conn: &mut AnyConnection, id: UserId, password_hash: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(id.to_string())).set(users::password_hash.eq(password_hash)).execute(conn)?;
    Ok(())
}

pub fn find_api_client(conn: &mut AnyConnection, id: &ApiClientId) -> Result<Option<ApiClient>, DbError> {
    api_clients::table
        .find(id.as_str())
        .select(ApiClientRow::as_select())
        .first(conn)
        .optional()?
        .map(ApiClient::try_from)
        .transpose()
}

pub fn insert_api_client(conn: &mut AnyConnection, client: &ApiClient) -> Result<(), DbError> {
    diesel::insert_into(api_clients::table).values(&ApiClientRow::from(client)).execute(conn)?;
    Ok(())
}

pub fn count_login_failures_since(
    conn: &mut AnyConnection,
    key_hash: &str,
    since: DateTime<Utc>,
) -> Result<i64, DbError> {
    Ok(login_failures::table
        .filter(login_failures::key_hash.eq(key_hash))
        .filter(login_failures::at.ge(naive(since)))
        .count()
        .get_result(conn)?)
}

pub fn record_login_failure(conn: &mut AnyConnection, key_hash: &str, at: DateTime<Utc>) -> Result<(), DbError> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(uuid::Uuid::now_v7().to_string()),
            login_failures::key_hash.eq(key_hash),
            login_failures::at.eq(naive(at)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn clear_login_failures(conn: &mut AnyConnection, key_hash: &str) -> Result<(), DbError> {
    diesel::delete(login_failures::table.filter(login_failures::key_hash.eq(key_hash))).execute(conn)?;
    Ok(())
}

/// Display names of users and API clients by id, for the activity log.
pub fn actor_names(conn: &mut AnyConnection, ids: &[String]) -> Result<HashMap<String, String>, DbError> {
    let mut names: HashMap<String, String> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    names.extend(
        api_clients::table.filter(api_clients::id.eq_any(ids)).select((api_clients::id, api_clients::name)).load::<(
            String,
            String,
        )>(
            conn
        )?,
    );
    Ok(names)
}
