//! Photos encrypted at rest: the key ring (the master key and the companies' data keys) and
//! the [`PhotoVault`] that seals photos before they reach a [`BlobStore`] and opens them after.
//!
//! The envelope format, the algorithm and why are in [`kyc_domain::envelope`]. Here:
//! - The **master key** comes from `KYC_MASTER_KEY` (config). It only wraps data keys.
//! - Each company gets a **data key** the first time one of its photos is stored; it is kept
//!   wrapped in `data_keys` and unwrapped for each use (a few microseconds), never cached, so a
//!   key deleted by `companies offboard` in another process is gone for this one too.
//! - A photo's **address** is SHA-256 over a tag, the company and the bytes: equal photos of one
//!   company are stored once, and two companies never share a blob (each has its own key).
//! - The blob is bound to its company and address (the AEAD context), so a blob copied under
//!   another address or company does not open.
//!
//! At startup [`KeyRing::check`] opens every stored data key with the master key: a wrong
//! `KYC_MASTER_KEY` stops the server with a message that says so, never garbage photos.

use crate::blobs::{BlobError as StoreError, BlobStore};
use crate::db::{self, Db, DbError};
use chrono::Utc;
use kyc_domain::envelope::{self, DataKey, KeyError, MasterKey};
use kyc_domain::ids::CompanyId;
use sha2::{Digest, Sha256};
use std::sync::{Arc, RwLock};

const ADDRESS_TAG: &[u8] = b"kyc-photo-address-v1\n";

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("photo blob {address}: {source}")]
    Blob { address: String, source: envelope::BlobError },
    #[error("photo blob {address} names data key {key_id}, which the company does not have (deleted at offboarding?)")]
    KeyGone { address: String, key_id: envelope::KeyId },
}

impl VaultError {
    /// Whether the photo is simply not there (removed by redaction or a clean-up).
    pub fn is_missing(&self) -> bool {
        matches!(self, VaultError::Store(StoreError::Missing(_)))
    }
}

/// The master key in use and the stored data keys it opens.
#[derive(Clone)]
pub struct KeyRing {
    db: Db,
    /// Replaced in place by a rotation in this process.
    master: Arc<RwLock<Arc<MasterKey>>>,
}

impl KeyRing {
    pub fn new(db: Db, master: Arc<MasterKey>) -> KeyRing {
        KeyRing { db, master: Arc::new(RwLock::new(master)) }
    }

    fn master(&self) -> Arc<MasterKey> {
        self.master.read().map_or_else(|poisoned| poisoned.into_inner().clone(), |master| master.clone())
    }

    /// Opens every stored data key: the first that does not open is the error (a wrong
    /// `KYC_MASTER_KEY` names both fingerprints). Returns how many keys opened.
    pub fn check(&self) -> Result<usize, VaultError> {
        let master = self.master();
        let keys = self.db.read_now(db::keys::all)?;
        for key in &keys {
            key.wrapped.open(&master)?;
        }
        Ok(keys.len())
    }

    /// The key a company's new blobs are sealed with, made on first use.
    async fn company_key(&self, company_id: CompanyId) -> Result<DataKey, VaultError> {
        let master = self.master();
        let stored = self.db.write(move |conn| newest_or_new_key(conn, company_id, &master)).await?;
        Ok(stored.wrapped.open(&self.master())?)
    }

    fn company_key_now(&self, company_id: CompanyId) -> Result<DataKey, VaultError> {
        let master = self.master();
        let stored = self.db.write_now(|conn| newest_or_new_key(conn, company_id, &master))?;
        Ok(stored.wrapped.open(&master)?)
    }

    /// The company's key with this id.
    async fn key_for(&self, company_id: CompanyId, address: &str, key_id: envelope::KeyId) -> Result<DataKey, VaultError> {
        let stored = self.db.read(move |conn| db::keys::find(conn, company_id, key_id)).await?;
        let stored = stored.ok_or_else(|| VaultError::KeyGone { address: address.to_owned(), key_id })?;
        Ok(stored.wrapped.open(&self.master())?)
    }

    /// Seals a small secret that must be read back (a TOTP secret) with its company's data
    /// key, bound to `context` (what it belongs to), like a photo: a master-key rotation keeps
    /// it readable, offboarding the company shreds it.
    pub async fn seal_secret(&self, company_id: CompanyId, context: &str, secret: &[u8]) -> Result<Vec<u8>, VaultError> {
        let key = self.company_key(company_id).await?;
        key.encrypt(secret, context.as_bytes(), &mut rand::rng()).map_err(|source| blob_error(context, source))
    }

    /// Opens what [`KeyRing::seal_secret`] sealed for the same company and context.
    pub async fn open_secret(&self, company_id: CompanyId, context: &str, sealed: &[u8]) -> Result<Vec<u8>, VaultError> {
        let key_id = envelope::blob_key_id(sealed).map_err(|source| blob_error(context, source))?;
        let key = self.key_for(company_id, context, key_id).await?;
        key.decrypt(sealed, context.as_bytes()).map_err(|source| blob_error(context, source))
    }

    /// Re-wraps every data key under `new` in one transaction, then uses `new` in this process.
    /// Blobs are not touched: they name their data key, which keeps its id and bytes.
    pub fn rotate_master(&self, new: Arc<MasterKey>) -> Result<usize, VaultError> {
        let old = self.master();
        let next = new.clone();
        let count = self.db.write_now(move |conn| {
            let keys = db::keys::all(conn)?;
            for key in &keys {
                let rewrapped = key.wrapped.rewrap(&old, &next, &mut rand::rng()).map_err(|error| {
                    DbError::Corrupt { what: "data key", detail: error.to_string() }
                })?;
                db::keys::rewrap(conn, &rewrapped)?;
            }
            Ok(keys.len())
        })?;
        *self.master.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = new;
        Ok(count)
    }
}

/// Photos sealed with their company's data key on the way into a [`BlobStore`], and opened on
/// the way out. Everything that stores or reads a photo goes through here.
#[derive(Clone)]
pub struct PhotoVault {
    store: Arc<dyn BlobStore>,
    keys: KeyRing,
}

impl PhotoVault {
    pub fn new(store: Arc<dyn BlobStore>, keys: KeyRing) -> PhotoVault {
        PhotoVault { store, keys }
    }

    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    /// The store below, for sweeps over addresses.
    pub fn store(&self) -> &dyn BlobStore {
        self.store.as_ref()
    }

    /// Seals and stores a company's photo unless it is stored already; returns its address.
    pub async fn put(&self, company_id: CompanyId, photo: &[u8]) -> Result<String, VaultError> {
        let address = address_of(company_id, photo);
        if !self.store.contains(&address)? {
            let key = self.keys.company_key(company_id).await?;
            let sealed = seal(&key, company_id, &address, photo)?;
            self.store.put(&address, &sealed)?;
        }
        Ok(address)
    }

    /// The photo's plaintext; never unauthenticated bytes.
    pub async fn get(&self, company_id: CompanyId, address: &str) -> Result<Vec<u8>, VaultError> {
        let sealed = self.store.get(address)?;
        let key_id = envelope::blob_key_id(&sealed).map_err(|source| blob_error(address, source))?;
        let key = self.keys.key_for(company_id, address, key_id).await?;
        key.decrypt(&sealed, &context(company_id, address)).map_err(|source| blob_error(address, source))
    }

    pub fn remove(&self, address: &str) -> Result<(), VaultError> {
        Ok(self.store.remove(address)?)
    }

    /// Seals, in place, every photo blob still stored as plaintext (written before encryption
    /// at rest); returns how many. Resumable: a sealed blob is recognised and skipped.
    pub fn seal_plaintext_blobs(&self) -> Result<usize, VaultError> {
        let blobs = self.keys.db.read_now(db::keys::photo_blobs)?;
        let mut sealed = 0;
        for (company_id, address) in blobs {
            let bytes = match self.store.get(&address) {
                Err(StoreError::Missing(_)) => continue,
                read => read?,
            };
            if envelope::is_encrypted_blob(&bytes) {
                continue;
            }
            let key = self.keys.company_key_now(company_id)?;
            self.store.put(&address, &seal(&key, company_id, &address, &bytes)?)?;
            sealed += 1;
        }
        Ok(sealed)
    }
}

fn newest_or_new_key(
    conn: &mut db::AnyConnection,
    company_id: CompanyId,
    master: &MasterKey,
) -> Result<db::keys::StoredDataKey, DbError> {
    if let Some(key) = db::keys::newest_of(conn, company_id)? {
        return Ok(key);
    }
    let wrapped = DataKey::generate(&mut rand::rng()).wrap(master, &mut rand::rng());
    let key = db::keys::StoredDataKey { company_id, wrapped, created_at: Utc::now() };
    db::keys::insert(conn, &key)?;
    Ok(key)
}

/// Where a company's photo is stored: SHA-256 over a tag, the company id and the bytes.
pub fn address_of(company_id: CompanyId, photo: &[u8]) -> String {
    let company = company_id.to_string();
    hex::encode(Sha256::new().chain_update(ADDRESS_TAG).chain_update(company.as_bytes()).chain_update(b"\n").chain_update(photo).finalize())
}

/// What a blob is bound to: its company and its address.
fn context(company_id: CompanyId, address: &str) -> Vec<u8> {
    format!("{company_id}\n{address}").into_bytes()
}

fn seal(key: &DataKey, company_id: CompanyId, address: &str, photo: &[u8]) -> Result<Vec<u8>, VaultError> {
    key.encrypt(photo, &context(company_id, address), &mut rand::rng()).map_err(|source| blob_error(address, source))
}

fn blob_error(address: &str, source: envelope::BlobError) -> VaultError {
    VaultError::Blob { address: address.to_owned(), source }
}
