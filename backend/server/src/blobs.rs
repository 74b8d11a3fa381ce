//! Content-addressed photo storage under the data folder: `blobs/ab/abcdef…` named by SHA-256.
//!
//! Equal bytes are stored once; a blob is written to a temporary file and renamed into place,
//! so a reader never sees half a photo.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob storage i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a blob address: {0}")]
    BadAddress(String),
}

impl BlobStore {
    pub fn new(data_dir: &Path) -> BlobStore {
        BlobStore { root: data_dir.join("blobs") }
    }

    /// Stores the bytes and returns their address (lowercase hex SHA-256).
    pub fn put(&self, bytes: &[u8]) -> Result<String, BlobError> {
        let address = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&address)?;
        if path.exists() {
            return Ok(address);
        }
        let folder = path.parent().ok_or_else(|| BlobError::BadAddress(address.clone()))?;
        std::fs::create_dir_all(folder)?;
        let mut temporary = tempfile_in(folder)?;
        temporary.1.write_all(bytes)?;
        temporary.1.sync_all()?;
        std::fs::rename(&temporary.0, &path)?;
        Ok(address)
    }

    pub fn get(&self, address: &str) -> Result<Vec<u8>, BlobError> {
        Ok(std::fs::read(self.path_of(address)?)?)
    }

    fn path_of(&self, address: &str) -> Result<PathBuf, BlobError> {
        let is_sha256_hex = address.len() == 64 && address.bytes().all(|b| b.is_ascii_hexdigit());
        if !is_sha256_hex {
            return Err(BlobError::BadAddress(address.to_owned()));
        }
        Ok(self.root.join(&address[..2]).join(address))
    }
}

fn tempfile_in(folder: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let path = folder.join(format!(".tmp-{}", uuid::Uuid::new_v4()));
    let file = std::fs::File::create(&path)?;
    Ok((path, file))
}

/// The image formats a photo may have; anything else is refused at upload.
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes)?.mime_type() {
        "image/jpeg" => Some("image/jpeg"),
        "image/png" => Some("image/png"),
        "image/webp" => Some("image/webp"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bytes_are_stored_once_and_read_back() {
        let folder = std::env::temp_dir().join(format!("kyc-blobs-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::new(&folder);
        let first = store.put(b"photo bytes").expect("stored");
        let second = store.put(b"photo bytes").expect("stored");
        assert_eq!(first, second);
        assert_eq!(store.get(&first).expect("read"), b"photo bytes");
        let _ = std::fs::remove_dir_all(folder);
    }

    #[test]
    fn addresses_that_are_not_hashes_are_refused() {
        let store = BlobStore::new(Path::new("unused"));
        assert!(matches!(store.get("../../etc/passwd"), Err(BlobError::BadAddress(_))));
    }

    #[test]
    fn only_jpeg_png_and_webp_count_as_photos() {
        assert_eq!(sniff_image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(sniff_image_type(b"GIF89a......"), None);
        assert_eq!(sniff_image_type(b"<svg></svg>"), None);
    }
}
