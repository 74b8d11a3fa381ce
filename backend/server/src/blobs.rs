//! Blob storage: the narrow [`BlobStore`] interface and its folder implementation under the data
//! folder (`blobs/ab/abcdef…`, named by a SHA-256 address the caller computes).
//!
//! The store holds opaque bytes: photos arrive here already encrypted (`keys::PhotoVault`), so
//! an object store behind the same trait never sees a plaintext either. A blob is written to a
//! temporary file and renamed into place, so a reader never sees half of one. Folders are
//! created `0700` and files `0600`: even encrypted, they are for the service's own user only.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where blobs live: a narrow interface of opaque bytes under an address, so that object
/// storage can stand in for the folder. It never sees a plaintext photo: `keys::PhotoVault`
/// encrypts above it and names the addresses.
pub trait BlobStore: Send + Sync + std::fmt::Debug {
    /// Stores the bytes under the address, replacing what was there, atomically: a reader sees
    /// the old bytes or the new ones, never half of either.
    fn put(&self, address: &str, bytes: &[u8]) -> Result<(), BlobError>;
    fn get(&self, address: &str) -> Result<Vec<u8>, BlobError>;
    /// Removes a blob; one already gone is no error.
    fn remove(&self, address: &str) -> Result<(), BlobError>;
    fn contains(&self, address: &str) -> Result<bool, BlobError>;
    /// Every stored address, for the sweeps that find blobs no row points at.
    fn addresses(&self) -> Result<Vec<String>, BlobError>;
}

/// Blobs as files in a folder: `blobs/ab/abcdef…`.
#[derive(Debug, Clone)]
pub struct FolderBlobStore {
    root: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("blob storage i/o: {0}")]
    Io(#[from] std::io::Error),
    #[error("not a blob address: {0}")]
    BadAddress(String),
    #[error("blob {0} is not stored")]
    Missing(String),
}

impl FolderBlobStore {
    pub fn new(data_dir: &Path) -> FolderBlobStore {
        FolderBlobStore { root: data_dir.join("blobs") }
    }

    fn path_of(&self, address: &str) -> Result<PathBuf, BlobError> {
        if !is_address(address) {
            return Err(BlobError::BadAddress(address.to_owned()));
        }
        Ok(self.root.join(&address[..2]).join(address))
    }
}

/// An address is 64 lowercase hex digits (a SHA-256): nothing else reaches the file system.
pub fn is_address(address: &str) -> bool {
    address.len() == 64 && address.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl BlobStore for FolderBlobStore {
    fn put(&self, address: &str, bytes: &[u8]) -> Result<(), BlobError> {
        let path = self.path_of(address)?;
        let folder = path.parent().ok_or_else(|| BlobError::BadAddress(address.to_owned()))?;
        private_dir_all(folder)?;
        let mut temporary = tempfile_in(folder)?;
        temporary.1.write_all(bytes)?;
        temporary.1.sync_all()?;
        std::fs::rename(&temporary.0, &path)?;
        Ok(())
    }

    fn get(&self, address: &str) -> Result<Vec<u8>, BlobError> {
        match std::fs::read(self.path_of(address)?) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Err(BlobError::Missing(address.to_owned())),
            read => Ok(read?),
        }
    }

    fn remove(&self, address: &str) -> Result<(), BlobError> {
        match std::fs::remove_file(self.path_of(address)?) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }

    fn contains(&self, address: &str) -> Result<bool, BlobError> {
        Ok(self.path_of(address)?.is_file())
    }

    fn addresses(&self) -> Result<Vec<String>, BlobError> {
        let mut found = Vec::new();
        let folders = match std::fs::read_dir(&self.root) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(found),
            folders => folders?,
        };
        for folder in folders {
            let folder = folder?.path();
            if !folder.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(folder)? {
                let name = file?.file_name().to_string_lossy().into_owned();
                if is_address(&name) {
                    found.push(name);
                }
            }
        }
        found.sort();
        Ok(found)
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

    const ADDRESS: &str = "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";

    fn fresh_store() -> (PathBuf, FolderBlobStore) {
        let folder = std::env::temp_dir().join(format!("kyc-blobs-{}", uuid::Uuid::new_v4()));
        let store = FolderBlobStore::new(&folder);
        (folder, store)
    }

    #[test]
    fn a_stored_blob_reads_back_and_a_second_put_replaces_it() {
        let (folder, store) = fresh_store();
        store.put(ADDRESS, b"first").expect("stored");
        store.put(ADDRESS, b"second").expect("stored");
        assert_eq!(store.get(ADDRESS).expect("read"), b"second");
        assert_eq!(store.addresses().expect("listed"), vec![ADDRESS.to_owned()]);
        let _ = std::fs::remove_dir_all(folder);
    }

    #[cfg(unix)]
    #[test]
    fn blobs_and_their_folders_are_private_to_the_service_user() {
        use std::os::unix::fs::PermissionsExt;
        let (folder, store) = fresh_store();
        store.put(ADDRESS, b"passport photo").expect("stored");
        let path = store.path_of(ADDRESS).expect("a path");
        let mode = |path: &Path| std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().expect("folder")), 0o700);
        assert_eq!(mode(&folder.join("blobs")), 0o700);
        let _ = std::fs::remove_dir_all(folder);
    }

    #[test]
    fn a_removed_blob_is_gone_and_removing_it_again_is_no_error() {
        let (folder, store) = fresh_store();
        store.put(ADDRESS, b"selfie").expect("stored");
        store.remove(ADDRESS).expect("removed");
        assert!(!store.contains(ADDRESS).expect("looked up"));
        assert!(matches!(store.get(ADDRESS), Err(BlobError::Missing(_))));
        store.remove(ADDRESS).expect("already gone");
        let _ = std::fs::remove_dir_all(folder);
    }

    #[test]
    fn addresses_that_are_not_hashes_are_refused() {
        let store = FolderBlobStore::new(Path::new("unused"));
        assert!(matches!(store.get("../../etc/passwd"), Err(BlobError::BadAddress(_))));
        assert!(matches!(store.put(&ADDRESS.to_uppercase(), b""), Err(BlobError::BadAddress(_))));
    }

    #[test]
    fn only_jpeg_png_and_webp_count_as_photos() {
        assert_eq!(sniff_image_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]), Some("image/jpeg"));
        assert_eq!(sniff_image_type(b"GIF89a......"), None);
        assert_eq!(sniff_image_type(b"<svg></svg>"), None);
    }
}
