//! Companies, their dashboard users and API clients, and failed-login bookkeeping.

use super::schema::{api_clients, companies, login_failures, users};
use super::{AnyConnection, ApiClient, Company, DbError, User, new_id};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn find_company(conn: &mut AnyConnection, id: &str) -> Result<Company, DbError> {
    Ok(companies::table.find(id).select(Company::as_select()).first(conn)?)
}

pub fn find_company_by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<Company>, DbError> {
    Ok(companies::table
        .filter(companies::name.eq(name))
        .select(Company::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_company(conn: &mut AnyConnection, company: &Company) -> Result<(), DbError> {
    diesel::insert_into(companies::table).values(company).execute(conn)?;
    Ok(())
}

pub fn update_company_settings(conn: &mut AnyConnection, id: &str, settings_json: &str) -> Result<(), DbError> {
    diesel::update(companies::table.find(id))
        .set(companies::settings_json.eq(settings_json))
        .execute(conn)?;
    Ok(())
}

pub fn find_user_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<User>, DbError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_user(conn: &mut AnyConnection, id: &str) -> Result<User, DbError> {
    Ok(users::table.find(id).select(User::as_select()).first(conn)?)
}

pub fn find_user_by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<User>, DbError> {
    Ok(users::table.find(id).select(User::as_select()).first(conn).optional()?)
}

pub fn insert_user(conn: &mut AnyConnection, user: &User) -> Result<(), DbError> {
    diesel::insert_into(users::table).values(user).execute(conn)?;
    Ok(())
}

pub fn set_user_password(conn: &mut AnyConnection, id: &str, password_hash: &str) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set(users::password_hash.eq(password_hash))
        .execute(conn)?;
    Ok(())
}

pub fn find_api_client(conn: &mut AnyConnection, id: &str) -> Result<Option<ApiClient>, DbError> {
    Ok(api_clients::table
        .find(id)
        .select(ApiClient::as_select())
        .first(conn)
        .optional()?)
}

pub fn api_clients_of(conn: &mut AnyConnection, company_id: &str) -> Result<Vec<ApiClient>, DbError> {
    Ok(api_clients::table
        .filter(api_clients::company_id.eq(company_id))
        .select(ApiClient::as_select())
        .load(conn)?)
}

pub fn insert_api_client(conn: &mut AnyConnection, client: &ApiClient) -> Result<(), DbError> {
    diesel::insert_into(api_clients::table).values(client).execute(conn)?;
    Ok(())
}

pub fn count_login_failures_since(
    conn: &mut AnyConnection,
    key_hash: &str,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    Ok(login_failures::table
        .filter(login_failures::key_hash.eq(key_hash))
        .filter(login_failures::at.ge(since))
        .count()
        .get_result(conn)?)
}

pub fn record_login_failure(conn: &mut AnyConnection, key_hash: &str, at: NaiveDateTime) -> Result<(), DbError> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::id.eq(new_id()),
            login_failures::key_hash.eq(key_hash),
            login_failures::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn clear_login_failures(conn: &mut AnyConnection, key_hash: &str) -> Result<(), DbError> {
    diesel::delete(login_failures::table.filter(login_failures::key_hash.eq(key_hash))).execute(conn)?;
    Ok(())
}

/// Display names of users and API clients by id, for the activity log.
pub fn actor_names(
    conn: &mut AnyConnection,
    ids: &[String],
) -> Result<std::collections::HashMap<String, String>, DbError> {
    let mut names: std::collections::HashMap<String, String> = users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    names.extend(
        api_clients::table
            .filter(api_clients::id.eq_any(ids))
            .select((api_clients::id, api_clients::name))
            .load::<(String, String)>(conn)?,
    );
    Ok(names)
}
