//! Envelope encryption: master key, wrapped data keys, encrypted blobs.

use kyc_domain::envelope::{
    BLOB_HEADER_LEN, BLOB_MAGIC, BLOB_OVERHEAD, BlobError, DataKey, KeyError, KeyId, MasterKey, MasterKeyError,
    WrappedDataKey, blob_key_id, is_encrypted_blob,
};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn master(seed: u64) -> MasterKey {
    MasterKey::generate(&mut rng(seed))
}

fn data_key(seed: u64) -> DataKey {
    DataKey::generate(&mut rng(seed))
}

/// The first bytes of a baseline JFIF file, then a body.
fn jpeg(body_len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00];
    bytes.extend((0..body_len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)));
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

const CONTEXT: &[u8] = b"photo 0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a";

// ---------- blobs ----------

#[test]
fn a_blob_decrypts_to_its_plaintext_whatever_its_size() {
    let key = data_key(1);
    let mut random = rng(2);
    for size in [0, 1, 15, 16, 17, 4096, 1_000_003] {
        let plaintext = jpeg(size, 7);
        let blob = key.encrypt(&plaintext, CONTEXT, &mut random).expect("encrypted");
        assert_eq!(blob.len(), plaintext.len() + BLOB_OVERHEAD);
        assert_eq!(key.decrypt(&blob, CONTEXT).expect("decrypted"), plaintext);
    }
}

#[test]
fn an_encrypted_jpeg_never_begins_with_the_jpeg_marker_nor_contains_its_bytes() {
    let key = data_key(3);
    for seed in 0..200u64 {
        let plaintext = jpeg(256, seed as u8);
        let blob = key.encrypt(&plaintext, CONTEXT, &mut rng(seed)).expect("encrypted");
        assert!(!blob.starts_with(&[0xFF, 0xD8, 0xFF]), "seed {seed}");
        assert!(blob.starts_with(&BLOB_MAGIC));
        assert!(!blob.windows(10).any(|window| window == &plaintext[..10]), "the JFIF header leaks (seed {seed})");
        assert!(!blob.windows(32).any(|window| plaintext.windows(32).any(|part| part == window)), "seed {seed}");
    }
}

#[test]
fn the_blob_layout_is_magic_version_key_id_nonce_ciphertext_tag() {
    let key = data_key(4);
    let blob = key.encrypt(b"plain", CONTEXT, &mut rng(5)).expect("encrypted");
    assert_eq!(&blob[..4], b"KYCE");
    assert_eq!(blob[4], 1);
    assert_eq!(&blob[5..21], key.id().as_bytes());
    assert_eq!(BLOB_HEADER_LEN, 21);
    assert_eq!(blob.len(), 21 + 12 + 5 + 16);
    assert_eq!(blob_key_id(&blob), Ok(key.id()));
    assert!(is_encrypted_blob(&blob));
    assert!(!is_encrypted_blob(&jpeg(10, 0)));
}

#[test]
fn the_same_photo_encrypts_differently_each_time() {
    let key = data_key(6);
    let mut random = rng(7);
    let first = key.encrypt(&jpeg(100, 1), CONTEXT, &mut random).expect("encrypted");
    let second = key.encrypt(&jpeg(100, 1), CONTEXT, &mut random).expect("encrypted");
    assert_ne!(first[21..33], second[21..33], "nonces repeat");
    assert_ne!(first, second);
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let encrypt = || data_key(8).encrypt(b"deterministic", CONTEXT, &mut rng(9)).expect("encrypted");
    assert_eq!(encrypt(), encrypt());
}

#[test]
fn another_companys_key_is_refused_naming_both_keys() {
    let (ours, theirs) = (data_key(10), data_key(11));
    let blob = ours.encrypt(&jpeg(64, 0), CONTEXT, &mut rng(12)).expect("encrypted");
    let error = theirs.decrypt(&blob, CONTEXT).expect_err("another key");
    assert_eq!(error, BlobError::WrongKey { blob_key: ours.id(), given_key: theirs.id() });
    assert!(error.to_string().contains(&ours.id().to_string()));
}

#[test]
fn a_blob_relabelled_with_another_key_id_does_not_decrypt() {
    let (ours, theirs) = (data_key(13), data_key(14));
    let mut blob = ours.encrypt(&jpeg(64, 0), CONTEXT, &mut rng(15)).expect("encrypted");
    blob[5..21].copy_from_slice(theirs.id().as_bytes());
    assert_eq!(theirs.decrypt(&blob, CONTEXT), Err(BlobError::Unauthentic { key_id: theirs.id() }));
}

#[test]
fn every_flipped_bit_of_a_blob_is_detected() {
    let key = data_key(16);
    let blob = key.encrypt(b"a short photo", CONTEXT, &mut rng(17)).expect("encrypted");
    for index in 0..blob.len() {
        for bit in 0..8 {
            let mut altered = blob.clone();
            altered[index] ^= 1 << bit;
            assert!(key.decrypt(&altered, CONTEXT).is_err(), "byte {index} bit {bit} went unnoticed");
        }
    }
}

#[test]
fn a_blob_moved_to_another_photo_does_not_decrypt() {
    let key = data_key(18);
    let blob = key.encrypt(&jpeg(64, 0), CONTEXT, &mut rng(19)).expect("encrypted");
    assert_eq!(key.decrypt(&blob, b"photo of another session"), Err(BlobError::Unauthentic { key_id: key.id() }));
    assert!(key.decrypt(&blob, b"").is_err());
}

#[test]
fn plain_short_or_future_blobs_are_told_apart() {
    let key = data_key(20);
    assert_eq!(key.decrypt(&jpeg(100, 0), CONTEXT), Err(BlobError::NotEncrypted));
    let blob = key.encrypt(b"x", CONTEXT, &mut rng(21)).expect("encrypted");
    assert_eq!(key.decrypt(&blob[..40], CONTEXT), Err(BlobError::TooShort { bytes: 40 }));
    let mut future = blob.clone();
    future[4] = 2;
    assert_eq!(key.decrypt(&future, CONTEXT), Err(BlobError::UnsupportedVersion { version: 2 }));
    assert_eq!(key.decrypt(&[], CONTEXT), Err(BlobError::NotEncrypted));
}

// ---------- the master key ----------

#[test]
fn a_master_key_reads_from_base64_text_with_surrounding_whitespace() {
    let key = master(22);
    let text = format!("  {}\n", key.to_base64().as_str());
    let read = MasterKey::from_base64(&text).expect("a key");
    assert_eq!(read.fingerprint(), key.fingerprint());
}

#[test]
fn a_master_key_of_the_wrong_length_or_not_base64_is_refused_without_echoing_it() {
    assert_eq!(MasterKey::from_base64("c2hvcnQ=").map(|_| ()), Err(MasterKeyError::WrongLength { bytes: 5 }));
    let thirty_three = base64_of(&[7u8; 33]);
    assert_eq!(MasterKey::from_base64(&thirty_three).map(|_| ()), Err(MasterKeyError::WrongLength { bytes: 33 }));
    let error = MasterKey::from_base64("not base64 at all!").map(|_| ()).expect_err("not base64");
    assert_eq!(error, MasterKeyError::NotBase64);
    assert!(!error.to_string().contains("at all"));
    assert_eq!(MasterKey::from_base64("").map(|_| ()), Err(MasterKeyError::WrongLength { bytes: 0 }));
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn keys_print_their_ids_and_fingerprints_never_their_bytes() {
    let key = MasterKey::from_bytes([0xAB; 32]);
    let printed = format!("{key:?}");
    assert!(!printed.contains("ab, ab") && !printed.contains("171") && !printed.contains(key.to_base64().as_str()));
    assert!(printed.contains(&key.fingerprint().to_string()));
    let data = data_key(23);
    let wrapped = data.wrap(&key, &mut rng(24));
    for printed in [format!("{data:?}"), format!("{wrapped:?}")] {
        assert!(printed.contains(&data.id().to_string()), "{printed}");
        assert!(printed.len() < 150, "{printed}");
    }
}

// ---------- wrapping ----------

#[test]
fn a_wrapped_data_key_opens_under_its_master_key_and_reads_old_blobs() {
    let (root, key) = (master(25), data_key(26));
    let blob = key.encrypt(&jpeg(500, 3), CONTEXT, &mut rng(27)).expect("encrypted");
    let stored = key.wrap(&root, &mut rng(28)).to_base64();
    let opened = WrappedDataKey::from_base64(&stored).expect("readable").open(&root).expect("opened");
    assert_eq!(opened.id(), key.id());
    assert_eq!(opened.decrypt(&blob, CONTEXT).expect("decrypted"), jpeg(500, 3));
}

#[test]
fn the_wrapped_key_layout_is_magic_version_fingerprint_key_id_nonce_sealed_key() {
    let (root, key) = (master(29), data_key(30));
    let bytes = key.wrap(&root, &mut rng(31)).to_bytes();
    assert_eq!(bytes.len(), WrappedDataKey::LEN);
    assert_eq!(WrappedDataKey::LEN, 89);
    assert_eq!(&bytes[..4], b"KYCK");
    assert_eq!(bytes[4], 1);
    assert_eq!(hex::encode(&bytes[5..13]), root.fingerprint().to_string());
    assert_eq!(&bytes[13..29], key.id().as_bytes());
}

#[test]
fn the_wrong_master_key_is_reported_as_such_with_both_fingerprints() {
    let (root, other, key) = (master(32), master(33), data_key(34));
    let wrapped = key.wrap(&root, &mut rng(35));
    let error = wrapped.open(&other).map(|_| ()).expect_err("wrong master");
    assert_eq!(
        error,
        KeyError::WrongMasterKey { key_id: key.id(), wrapped_under: root.fingerprint(), given: other.fingerprint() }
    );
    assert!(error.to_string().contains("KYC_MASTER_KEY"), "{error}");
}

#[test]
fn a_wrapped_key_claiming_another_master_does_not_open_under_it() {
    let (root, other, key) = (master(36), master(37), data_key(38));
    let mut bytes = key.wrap(&root, &mut rng(39)).to_bytes();
    bytes[5..13].copy_from_slice(&hex::decode(other.fingerprint().to_string()).expect("hex"));
    let forged = WrappedDataKey::from_bytes(&bytes).expect("well-formed");
    assert_eq!(
        forged.open(&other).map(|_| ()),
        Err(KeyError::Unauthentic { key_id: key.id(), master: other.fingerprint() })
    );
}

#[test]
fn every_flipped_bit_of_a_wrapped_key_is_detected() {
    let (root, key) = (master(40), data_key(41));
    let bytes = key.wrap(&root, &mut rng(42)).to_bytes();
    for index in 0..bytes.len() {
        let mut altered = bytes;
        altered[index] ^= 0x01;
        let opened = WrappedDataKey::from_bytes(&altered).and_then(|wrapped| wrapped.open(&root));
        assert!(opened.is_err(), "byte {index} went unnoticed");
    }
}

#[test]
fn malformed_wrapped_keys_are_refused_clearly() {
    let bytes = data_key(43).wrap(&master(44), &mut rng(45)).to_bytes();
    assert_eq!(
        WrappedDataKey::from_bytes(&bytes[..88]).map(|_| ()),
        Err(KeyError::WrongLength { expected: 89, bytes: 88 })
    );
    let mut magic = bytes;
    magic[0] = b'X';
    assert_eq!(WrappedDataKey::from_bytes(&magic).map(|_| ()), Err(KeyError::NotAWrappedKey));
    let mut version = bytes;
    version[4] = 9;
    assert_eq!(WrappedDataKey::from_bytes(&version).map(|_| ()), Err(KeyError::UnsupportedVersion { version: 9 }));
    assert_eq!(WrappedDataKey::from_base64("%%%").map(|_| ()), Err(KeyError::NotBase64));
}

#[test]
fn rewrapping_under_a_new_master_key_keeps_every_blob_readable() {
    let (old, new, key) = (master(46), master(47), data_key(48));
    let blobs: Vec<Vec<u8>> =
        (0..5).map(|n| key.encrypt(&jpeg(300, n), CONTEXT, &mut rng(u64::from(n) + 100)).expect("encrypted")).collect();
    let wrapped = key.wrap(&old, &mut rng(49));
    let rewrapped = wrapped.rewrap(&old, &new, &mut rng(50)).expect("rewrapped");
    assert_eq!(rewrapped.key_id(), key.id());
    assert_eq!(rewrapped.master_fingerprint(), new.fingerprint());
    assert_ne!(rewrapped.to_bytes(), wrapped.to_bytes());
    let opened = rewrapped.open(&new).expect("opens under the new master");
    for (n, blob) in blobs.iter().enumerate() {
        assert_eq!(opened.decrypt(blob, CONTEXT).expect("still readable"), jpeg(300, n as u8));
    }
    assert!(matches!(rewrapped.open(&old), Err(KeyError::WrongMasterKey { .. })));
}

#[test]
fn rewrapping_with_the_wrong_old_master_key_fails_and_changes_nothing() {
    let (old, wrong, new, key) = (master(51), master(52), master(53), data_key(54));
    let wrapped = key.wrap(&old, &mut rng(55));
    assert!(matches!(wrapped.rewrap(&wrong, &new, &mut rng(56)), Err(KeyError::WrongMasterKey { .. })));
    assert!(wrapped.open(&old).is_ok());
}

// ---------- ids and compatibility ----------

#[test]
fn a_key_id_is_32_hex_digits_in_text_and_json() {
    let id = data_key(57).id();
    let text = id.to_string();
    assert_eq!(text.len(), 32);
    assert_eq!(text.parse::<KeyId>(), Ok(id));
    assert_eq!(serde_json::to_string(&id).expect("json"), format!("\"{text}\""));
    assert_eq!(serde_json::from_str::<KeyId>(&format!("\"{text}\"")).expect("json"), id);
    assert!("abc".parse::<KeyId>().is_err());
    assert!(format!("{}zz", &text[..30]).parse::<KeyId>().is_err());
}

/// Written by format version 1 from fixed inputs: a master key of 32 bytes 0x42, the data key
/// from ChaCha20 seed 2026, wrapped with seed 2027, the blob encrypted with seed 2028 under the
/// context `golden`. A later version must still read them, and version 1 must still write them.
const GOLDEN_MASTER_KEY: &str = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";
const GOLDEN_WRAPPED_KEY: &str = "S1lDSwH8u0IGZjG7eCLsFIAQ5aqA/qLV04kmdKDAMqPo/HsK0YmBkcYp747d5JtACpDPxPIRtBwdUnlmk3gHYRaqP0nj10Lfh8E4w/CELKi48fDLek6TCdE=";
const GOLDEN_BLOB: &str = "4b5943450122ec148010e5aa80fea2d5d3892674a05930271052ad6cd068fc07b448efcd7687ec0006f70c63cbc31f54cf885979cf5d4cca74706bad3e1dc83208";
const GOLDEN_PLAINTEXT: &[u8] = b"\xFF\xD8\xFF\xE0 a tiny JPEG";

#[test]
fn a_version_one_key_and_blob_written_earlier_still_decrypt() {
    let root = MasterKey::from_base64(GOLDEN_MASTER_KEY).expect("a master key");
    let key = WrappedDataKey::from_base64(GOLDEN_WRAPPED_KEY).expect("a wrapped key").open(&root).expect("opened");
    let blob = hex::decode(GOLDEN_BLOB).expect("hex");
    assert_eq!(key.decrypt(&blob, b"golden").expect("decrypted"), GOLDEN_PLAINTEXT);
}

#[test]
fn version_one_still_writes_the_same_bytes_from_the_same_inputs() {
    let root = MasterKey::from_bytes([0x42; 32]);
    assert_eq!(root.to_base64().as_str(), GOLDEN_MASTER_KEY);
    let key = DataKey::generate(&mut rng(2026));
    assert_eq!(key.wrap(&root, &mut rng(2027)).to_base64(), GOLDEN_WRAPPED_KEY);
    let blob = key.encrypt(GOLDEN_PLAINTEXT, b"golden", &mut rng(2028)).expect("encrypted");
    assert_eq!(hex::encode(blob), GOLDEN_BLOB);
}
