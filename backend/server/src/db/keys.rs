//! The companies' data keys, stored wrapped under the master key, and the photo blobs they
//! encrypt (for the sweeps that seal or remove blobs).

use super::records::{naive, utc};
use super::schema::{photos, sessions};
use super::{AnyConnection, DbError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use kyc_domain::envelope::{KeyId, WrappedDataKey};
use kyc_domain::ids::CompanyId;

diesel::table! {
    data_keys (id) {
        id -> Text,
        company_id -> Text,
        wrapped_key -> Text,
        master_fingerprint -> Text,
        created_at -> Timestamp,
    }
}

/// A data key as stored: whose it is, and the key wrapped under a master key.
#[derive(Debug, Clone)]
pub struct StoredDataKey {
    pub company_id: CompanyId,
    pub wrapped: WrappedDataKey,
    pub created_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = data_keys)]
struct DataKeyRow {
    id: String,
    company_id: String,
    wrapped_key: String,
    master_fingerprint: String,
    created_at: NaiveDateTime,
}

impl TryFrom<DataKeyRow> for StoredDataKey {
    type Error = DbError;
    fn try_from(row: DataKeyRow) -> Result<Self, DbError> {
        let corrupt = |detail: String| DbError::Corrupt { what: "data key", detail };
        let wrapped = WrappedDataKey::from_base64(&row.wrapped_key).map_err(|error| corrupt(error.to_string()))?;
        if wrapped.key_id().to_string() != row.id {
            return Err(corrupt(format!("row {} holds the key {}", row.id, wrapped.key_id())));
        }
        let company_id = row.company_id.parse().map_err(|_| corrupt(format!("company id of key {}", row.id)))?;
        Ok(StoredDataKey { company_id, wrapped, created_at: utc(row.created_at) })
    }
}

impl From<&StoredDataKey> for DataKeyRow {
    fn from(key: &StoredDataKey) -> Self {
        DataKeyRow {
            id: key.wrapped.key_id().to_string(),
            company_id: key.company_id.to_string(),
            wrapped_key: key.wrapped.to_base64(),
            master_fingerprint: key.wrapped.master_fingerprint().to_string(),
            created_at: naive(key.created_at),
        }
    }
}

fn load(rows: Vec<DataKeyRow>) -> Result<Vec<StoredDataKey>, DbError> {
    rows.into_iter().map(StoredDataKey::try_from).collect()
}

pub fn all(conn: &mut AnyConnection) -> Result<Vec<StoredDataKey>, DbError> {
    load(data_keys::table.select(DataKeyRow::as_select()).order(data_keys::id.asc()).load(conn)?)
}

/// The key a company's new blobs are encrypted with: its newest.
pub fn newest_of(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Option<StoredDataKey>, DbError> {
    let rows = data_keys::table
        .filter(data_keys::company_id.eq(company_id.to_string()))
        .order((data_keys::created_at.desc(), data_keys::id.desc()))
        .select(DataKeyRow::as_select())
        .limit(1)
        .load(conn)?;
    Ok(load(rows)?.pop())
}

/// The key with this id, if it is the company's: a blob never opens with another company's key.
pub fn find(conn: &mut AnyConnection, company_id: CompanyId, id: KeyId) -> Result<Option<StoredDataKey>, DbError> {
    let rows = data_keys::table
        .filter(data_keys::id.eq(id.to_string()))
        .filter(data_keys::company_id.eq(company_id.to_string()))
        .select(DataKeyRow::as_select())
        .load(conn)?;
    Ok(load(rows)?.pop())
}

pub fn insert(conn: &mut AnyConnection, key: &StoredDataKey) -> Result<(), DbError> {
    diesel::insert_into(data_keys::table).values(DataKeyRow::from(key)).execute(conn)?;
    Ok(())
}

/// Stores a key's new wrapping (after a master-key rotation); the key itself is unchanged.
pub fn rewrap(conn: &mut AnyConnection, wrapped: &WrappedDataKey) -> Result<(), DbError> {
    diesel::update(data_keys::table.find(wrapped.key_id().to_string()))
        .set((
            data_keys::wrapped_key.eq(wrapped.to_base64()),
            data_keys::master_fingerprint.eq(wrapped.master_fingerprint().to_string()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes every data key of a company (crypto-shredding); returns how many went.
pub fn delete_company_keys(conn: &mut AnyConnection, company_id: CompanyId) -> Result<usize, DbError> {
    Ok(diesel::delete(data_keys::table.filter(data_keys::company_id.eq(company_id.to_string()))).execute(conn)?)
}

/// Every photo blob address with the company whose session points at it.
pub fn photo_blobs(conn: &mut AnyConnection) -> Result<Vec<(CompanyId, String)>, DbError> {
    let rows: Vec<(String, String)> = photos::table
        .inner_join(sessions::table)
        .select((sessions::company_id, photos::sha256))
        .distinct()
        .load(conn)?;
    rows.into_iter()
        .map(|(company, address)| {
            let company = company
                .parse()
                .map_err(|_| DbError::Corrupt { what: "session", detail: format!("company id {company}") })?;
            Ok((company, address))
        })
        .collect()
}

/// The photo blob addresses of one company's sessions.
pub fn company_photo_blobs(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Vec<String>, DbError> {
    Ok(photos::table
        .inner_join(sessions::table)
        .filter(sessions::company_id.eq(company_id.to_string()))
        .select(photos::sha256)
        .distinct()
        .load(conn)?)
}

/// What offboarding a company removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offboarded {
    pub data_keys: usize,
    pub photos: usize,
}

/// Offboards a company in one transaction: deletes its data keys (so its blobs cannot be read
/// any more) and its photo rows, and deactivates its users and API clients. The blobs are
/// removed by the caller after the commit.
pub fn offboard_company(conn: &mut AnyConnection, company_id: CompanyId) -> Result<Offboarded, DbError> {
    use super::schema::{api_clients, users};
    let company = company_id.to_string();
    let data_keys = delete_company_keys(conn, company_id)?;
    let sessions_of_company = sessions::table.filter(sessions::company_id.eq(company.clone())).select(sessions::id);
    let photos = diesel::delete(photos::table.filter(photos::session_id.eq_any(sessions_of_company))).execute(conn)?;
    diesel::update(users::table.filter(users::company_id.eq(company.clone()))).set(users::active.eq(false)).execute(conn)?;
    diesel::update(api_clients::table.filter(api_clients::company_id.eq(company)))
        .set(api_clients::active.eq(false))
        .execute(conn)?;
    Ok(Offboarded { data_keys, photos })
}
