//! Content-addressed photo storage under the data folder: `blobs/ab/abcdef…` named by SHA-256.
//!
//! Equal bytes are stored once; a blob is written to a temporary file and renamed into place,
//! so a reader never sees half a photo. Folders are created `0700` and files `0600`: photos of
//! passports are for the service's own user only.

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
        private_dir_all(folder)?;
        let mut temporary = tempfile_in(folder)?;
        temporary.1.write_all(bytes)?;
        temporary.1.sync_all()?;
        std::fs::rename(&temporary.0, &path)?;
        Ok(address)
    }

    pub fn get(&self, address: &str) -> Result<Vec<u8>, BlobError> {
        Ok(std::fs::read(self.path_of(address)?)?)
    }

    /// Removes a blob; one already gone is no error.
    pub fn remove(&self, address: &str) -> Result<(), BlobError> {
        match std::fs::remove_file(self.path_of(address)?) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }

    /// Whether a blob is stored.
    pub fn contains(&self, address: &str) -> bool {
        self.path_of(address).is_ok_and(|path| path.is_file())
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
    let file = private_file(&path)?;
    Ok((path, file))
}

/// Creates a folder and its missing parents readable by the service's user only (`0700`).
pub fn private_dir_all(folder: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)
}

/// Creates a new file readable and writable by the service's user only (`0600`).
pub fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
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

    #[cfg(unix)]
    #[test]
    fn blobs_and_their_folders_are_private_to_the_service_user() {
        use std::os::unix::fs::PermissionsExt;
        let folder = std::env::temp_dir().join(format!("kyc-blobs-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::new(&folder);
        let address = store.put(b"passport photo").expect("stored");
        let path = store.path_of(&address).expect("a path");
        let mode = |path: &Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().expect("folder")), 0o700);
        assert_eq!(mode(&folder.join("blobs")), 0o700);
        let _ = std::fs::remove_dir_all(folder);
    }

    #[test]
    fn a_removed_blob_is_gone_and_removing_it_again_is_no_error() {
        let folder = std::env::temp_dir().join(format!("kyc-blobs-{}", uuid::Uuid::new_v4()));
        let store = BlobStore::new(&folder);
        let address = store.put(b"selfie").expect("stored");
        store.remove(&address).expect("removed");
        assert!(!store.contains(&address));
        store.remove(&address).expect("already gone");
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
