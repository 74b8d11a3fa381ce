//! A company's API clients as its admins manage them: listing, rotation, revocation, the
//! throttled `last_used_at`, and the ids of the revoked ones that every replica keeps in memory.

use super::rows::ApiClientRow;
use super::schema::api_clients;
use super::{AnyConnection, ApiClient, DbError};
use super::records::naive;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use kyc_domain::ids::{ApiClientId, CompanyId};

/// The company's clients, oldest first, revoked ones included.
pub fn company_clients(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<ApiClient>, DbError> {
    api_clients::table
        .filter(api_clients::company_id.eq(company_id.to_string()))
        .order((api_clients::created_at.asc(), api_clients::id.asc()))
        .select(ApiClientRow::as_select())
        .load(conn)?
        .into_iter()
        .map(ApiClient::try_from)
        .collect()
}

/// One of the company's clients; another company's is not found.
pub fn company_client(conn: &mut AnyConnection, company_id: CompanyId, id: &ApiClientId) -> Result<Option<ApiClient>, DbError> {
    api_clients::table
        .find(id.as_str())
        .filter(api_clients::company_id.eq(company_id.to_string()))
        .select(ApiClientRow::as_select())
        .first(conn)
        .optional()?
        .map(ApiClient::try_from)
        .transpose()
}

/// Stores every column of a client but its id.
pub fn update_client(conn: &mut AnyConnection, client: &ApiClient) -> Result<(), DbError> {
    diesel::update(api_clients::table.find(client.id.as_str())).set(&ApiClientRow::from(client)).execute(conn)?;
    Ok(())
}

/// Records that the client got a token, unless it was recorded since `stale_before`: a busy
/// client writes once a minute at most, not once per token.
pub fn touch_last_used(conn: &mut AnyConnection, id: &ApiClientId, now: DateTime<Utc>, stale_before: DateTime<Utc>) -> Result<(), DbError> {
    let stale = api_clients::last_used_at.is_null().or(api_clients::last_used_at.lt(naive(stale_before)));
    diesel::update(api_clients::table.find(id.as_str()).filter(stale))
        .set(api_clients::last_used_at.eq(naive(now)))
        .execute(conn)?;
    Ok(())
}

/// The ids of every client that may not sign in: revoked, or deactivated with its company.
pub fn inactive_ids(conn: &mut AnyConnection) -> Result<Vec<ApiClientId>, DbError> {
    api_clients::table
        .filter(api_clients::active.eq(false))
        .select(api_clients::id)
        .load::<String>(conn)?
        .iter()
        .map(|id| super::records::parse("API client id", id))
        .collect()
}
