//! Companies, their dashboard users and API clients.

use super::records::encode_json;
use super::rows::{ApiClientRow, CompanyRow, UserRow};
use super::schema::{api_clients, companies, users};
use super::{AnyConnection, ApiClient, Company, DbError, User};
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
