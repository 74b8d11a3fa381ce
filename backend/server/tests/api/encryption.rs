//! Photos encrypted at rest: no plaintext in the blob folder, a wrong master key stops the
//! server, rotation keeps every photo readable, offboarding shreds a company's photos.

use crate::helpers::{SPECIMEN_TD3, TestApp, assert_problem, blob_files, jpeg_bytes, session_body};
use crate::on_both_backends;
use kyc_domain::envelope::MasterKey;
use kyc_server::config::Config;
use kyc_server::state::AppState;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;
use std::sync::Arc;

on_both_backends!(
    no_blob_file_holds_an_uploaded_jpeg,
    a_wrong_master_key_stops_the_server_with_a_clear_error,
    every_photo_reads_after_the_master_key_is_rotated,
    offboarding_a_company_makes_its_photos_unreadable_and_leaves_others_alone,
    a_photo_stored_before_encryption_is_sealed_at_startup,
    the_same_photo_in_two_companies_is_two_blobs_under_two_keys,
);

const JPEG_START: [u8; 3] = [0xFF, 0xD8, 0xFF];

async fn ingest_with_selfie(app: &TestApp, client: &str, selfie: Vec<u8>) -> Value {
    let form = Form::new()
        .part("session", Part::text(session_body(&SPECIMEN_TD3).to_string()).mime_str("application/json").expect("mime"))
        .part("selfie", Part::bytes(selfie.clone()).file_name("selfie.jpg"))
        .part("document_front", Part::bytes(distinct_jpeg(&selfie)).file_name("front.jpg"));
    let response = app.post("/api/v1/sessions/multipart", client).multipart(form).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap_or_default());
    response.json().await.expect("json")
}

/// Another JPEG than `jpeg`, so that a session holds two different blobs.
fn distinct_jpeg(jpeg: &[u8]) -> Vec<u8> {
    let image = image::RgbImage::from_fn(20, 20, |x, y| image::Rgb([jpeg.len() as u8, (x * 11) as u8, (y * 5) as u8]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).expect("jpeg");
    bytes.into_inner()
}

async fn photo_status_and_bytes(app: &TestApp, url: &str, token: &str) -> (StatusCode, Vec<u8>) {
    let response = app.get(url, token).send().await.expect("request");
    (response.status(), response.bytes().await.expect("bytes").to_vec())
}

fn photo_urls(created: &Value) -> Vec<String> {
    created["photos"].as_array().expect("photos").iter().map(|photo| photo["url"].as_str().expect("url").to_owned()).collect()
}

/// The running server's configuration with another master key, to start a second state on
/// the same database and blob folder.
fn config_with_master_key(app: &TestApp, key: MasterKey) -> Config {
    Config { master_key: Arc::new(key), ..(*app.state.config).clone() }
}

async fn start(config: Config) -> Result<AppState, String> {
    tokio::task::spawn_blocking(move || AppState::start(config).map_err(|error| format!("{error:#}")))
        .await
        .expect("join")
}

fn random_master_key() -> MasterKey {
    MasterKey::generate(&mut rand::rng())
}

async fn no_blob_file_holds_an_uploaded_jpeg(app: TestApp) {
    let selfie = jpeg_bytes();
    let created = ingest_with_selfie(&app, &app.acme.client, selfie.clone()).await;
    let files = blob_files(&app);
    assert_eq!(files.len(), 2, "one blob per photo");
    let uploaded = [selfie.clone(), distinct_jpeg(&selfie)];
    // 32 bytes from the middle of each JPEG: its entropy-coded image data.
    let pieces: Vec<&[u8]> = uploaded.iter().map(|jpeg| &jpeg[jpeg.len() / 2..jpeg.len() / 2 + 32]).collect();
    for file in files {
        let bytes = std::fs::read(&file).expect("read blob");
        assert!(!bytes.starts_with(&JPEG_START), "{} starts like a JPEG", file.display());
        assert!(bytes.starts_with(b"KYCE"), "{} is not an encrypted blob", file.display());
        for piece in &pieces {
            assert!(!bytes.windows(piece.len()).any(|window| window == *piece), "{} holds JPEG bytes", file.display());
        }
    }
    let (status, bytes) = photo_status_and_bytes(&app, &photo_urls(&created)[1], &app.acme.viewer).await;
    assert_eq!((status, bytes), (StatusCode::OK, selfie), "the selfie reads back decrypted");
}

async fn a_wrong_master_key_stops_the_server_with_a_clear_error(app: TestApp) {
    ingest_with_selfie(&app, &app.acme.client, jpeg_bytes()).await;
    let error = start(config_with_master_key(&app, random_master_key())).await.err().expect("refused");
    assert!(error.contains("KYC_MASTER_KEY") && error.contains("is wrapped under master key"), "{error}");
}

async fn every_photo_reads_after_the_master_key_is_rotated(app: TestApp) {
    let acme = ingest_with_selfie(&app, &app.acme.client, jpeg_bytes()).await;
    let globex = ingest_with_selfie(&app, &app.globex.client, distinct_jpeg(&[1, 2, 3])).await;
    let mut before = Vec::new();
    for (created, token) in [(&acme, &app.acme.viewer), (&globex, &app.globex.viewer)] {
        for url in photo_urls(created) {
            before.push((url.clone(), token.clone(), photo_status_and_bytes(&app, &url, token).await));
        }
    }
    let blobs_before: Vec<Vec<u8>> = blob_files(&app).iter().map(|file| std::fs::read(file).expect("read")).collect();
    let new_key = random_master_key();
    let new_key_again = MasterKey::from_base64(&new_key.to_base64()).expect("same key");
    let state = app.state.clone();
    let rotated = tokio::task::spawn_blocking(move || kyc_server::cases::keys::rotate_master(&state, new_key))
        .await
        .expect("join")
        .expect("rotated");
    assert_eq!(rotated, 2, "one data key per company");
    for (url, token, (status, bytes)) in before {
        assert_eq!(status, StatusCode::OK);
        assert_eq!(photo_status_and_bytes(&app, &url, &token).await, (status, bytes), "{url} reads after rotation");
    }
    let blobs_after: Vec<Vec<u8>> = blob_files(&app).iter().map(|file| std::fs::read(file).expect("read")).collect();
    assert_eq!(blobs_before, blobs_after, "rotation does not touch the blobs");
    let old_key = MasterKey::from_base64(kyc_server::config::DEV_MASTER_KEY).expect("dev key");
    assert!(start(config_with_master_key(&app, old_key)).await.is_err(), "the old master key no longer opens the keys");
    assert!(start(config_with_master_key(&app, new_key_again)).await.is_ok(), "the new master key does");
}

async fn offboarding_a_company_makes_its_photos_unreadable_and_leaves_others_alone(app: TestApp) {
    let acme = ingest_with_selfie(&app, &app.acme.client, jpeg_bytes()).await;
    let globex = ingest_with_selfie(&app, &app.globex.client, jpeg_bytes()).await;
    let state = app.state.clone();
    let company = app.acme.company_id.parse().expect("company id");
    let report = tokio::task::spawn_blocking(move || kyc_server::cases::keys::offboard_company(&state, company))
        .await
        .expect("join")
        .expect("offboarded");
    assert_eq!((report.data_keys_deleted, report.photos_shredded, report.blobs_removed), (1, 2, 2));
    for url in photo_urls(&acme) {
        assert_problem(app.get(&url, &app.acme.viewer).send().await.expect("request"), StatusCode::NOT_FOUND).await;
    }
    for url in photo_urls(&globex) {
        assert_eq!(photo_status_and_bytes(&app, &url, &app.globex.viewer).await.0, StatusCode::OK, "{url}");
    }
    assert_eq!(blob_files(&app).len(), 2, "only the other company's blobs are left");
    assert!(start(config_with_master_key(&app, MasterKey::from_base64(kyc_server::config::DEV_MASTER_KEY).expect("key"))).await.is_ok());
}

async fn a_photo_stored_before_encryption_is_sealed_at_startup(app: TestApp) {
    let selfie = jpeg_bytes();
    let created = ingest_with_selfie(&app, &app.acme.client, selfie.clone()).await;
    // As the server stored photos before encryption at rest: the plain bytes under the address.
    let files = blob_files(&app);
    let company = app.acme.company_id.parse().expect("company id");
    for file in &files {
        let address = file.file_name().expect("name").to_string_lossy().into_owned();
        let plain = app.state.photos.get(company, &address).await.expect("decrypts");
        std::fs::write(file, plain).expect("write plaintext");
    }
    assert!(files.iter().any(|file| std::fs::read(file).expect("read").starts_with(&JPEG_START)));
    let restarted = start(config_with_master_key(&app, MasterKey::from_base64(kyc_server::config::DEV_MASTER_KEY).expect("key"))).await.expect("starts");
    for file in &files {
        assert!(std::fs::read(file).expect("read").starts_with(b"KYCE"), "{} was sealed", file.display());
    }
    let (status, bytes) = photo_status_and_bytes(&app, &photo_urls(&created)[1], &app.acme.viewer).await;
    assert_eq!((status, bytes), (StatusCode::OK, selfie.clone()));
    let mut reread = Vec::new();
    for file in &files {
        let address = file.file_name().expect("name").to_string_lossy().into_owned();
        reread.push(restarted.photos.get(company, &address).await.expect("decrypts"));
    }
    assert!(reread.contains(&selfie), "the sealed selfie opens again");
}

async fn the_same_photo_in_two_companies_is_two_blobs_under_two_keys(app: TestApp) {
    ingest_with_selfie(&app, &app.acme.client, jpeg_bytes()).await;
    ingest_with_selfie(&app, &app.acme.client, jpeg_bytes()).await;
    assert_eq!(blob_files(&app).len(), 2, "equal photos of one company are stored once");
    ingest_with_selfie(&app, &app.globex.client, jpeg_bytes()).await;
    assert_eq!(blob_files(&app).len(), 4, "another company's equal photo is its own blob");
}
