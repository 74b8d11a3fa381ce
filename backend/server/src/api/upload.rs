//! Reading request bodies that are not plain JSON: the multipart ingest (a `session` JSON part
//! and photo parts) and raw photo uploads.
//!
//! A multipart body is checked part by part as it arrives, before the next byte is buffered:
//! each part's name must be `session` or a photo kind (422 at its header), no name may come
//! twice (422), there are at most [`MAX_PARTS`] parts, a photo's first bytes must be JPEG, PNG
//! or WebP (415 at its first chunk), each part is bounded in size, and so is the whole body
//! ([`MAX_MULTIPART_BYTES`], 413). A body cut short is a 400; one that stops arriving a 408.

use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;
use std::collections::BTreeSet;

use super::error::{ApiError, extractors};
use super::wire::sessions::SessionInput;
use crate::blobs::sniff_image_type;
use crate::cases::sessions::{IncomingPhoto, MAX_PHOTO_BYTES};
use kyc_domain::session::PhotoKind;

/// The largest JSON part of a multipart ingest, and the largest JSON ingest.
pub const MAX_JSON_BYTES: usize = super::json::MAX_JSON_BODY;
/// The most parts a multipart ingest has: the session, three document photos and a selfie
/// (document front, back, selfie) and up to eight liveness frames.
pub const MAX_PARTS: usize = 12;
/// The largest multipart ingest in total.
pub const MAX_MULTIPART_BYTES: usize = 48 * 1024 * 1024;
/// How many bytes a photo's type is sniffed from (every signature we accept fits).
const SNIFF_BYTES: usize = 16;

/// Reads a JSON or multipart ingest body into the session and its photos.
pub async fn read_upload(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "multipart/form-data" {
        read_multipart(request, Multipart::new(request.headers(), payload)).await
    } else if essence == "application/json" {
        let bytes = read_limited(payload, MAX_JSON_BYTES).await?;
        Ok((super::json::parse(&bytes)?, Vec::new()))
    } else {
        Err(ApiError::UnsupportedMediaType("send application/json or multipart/form-data".into()))
    }
}

/// Reads a multipart ingest only (the `create_session_multipart` operation).
pub async fn read_multipart_upload(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.trim().to_ascii_lowercase().starts_with("multipart/form-data") {
        return Err(ApiError::UnsupportedMediaType("send multipart/form-data".into()));
    }
    read_multipart(request, Multipart::new(request.headers(), payload)).await
}

/// Reads the parts within the body-read timeout as a whole: the multipart parser waits for a
/// closing boundary that a body which ends without one never brings.
async fn read_multipart(request: &HttpRequest, multipart: Multipart) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let timeout = request
        .app_data::<web::Data<crate::state::AppState>>()
        .map_or(std::time::Duration::from_secs(30), |state| state.config.body_read_timeout);
    actix_web::rt::time::timeout(timeout, read_parts(multipart))
        .await
        .map_err(|_| ApiError::RequestTimeout("the multipart body did not end in time (is its closing boundary missing?)".into()))?
}

/// What a part of the multipart ingest is, decided by its name before its bytes are read.
enum Part {
    Session,
    Photo(PhotoKind),
}

async fn read_parts(mut multipart: Multipart) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let (mut session, mut photos) = (None, Vec::new());
    let (mut names, mut total) = (BTreeSet::new(), 0usize);
    while let Some(field) = multipart.next().await {
        let field = field.map_err(multipart_error)?;
        let name = field.name().unwrap_or_default().to_owned();
        let part = match name.as_str() {
            "session" => Part::Session,
            other => Part::Photo(photo_kind(other)?),
        };
        if names.len() >= MAX_PARTS {
            return Err(ApiError::unprocessable("body", format!("a multipart ingest has at most {MAX_PARTS} parts")));
        }
        if !names.insert(name.clone()) {
            return Err(ApiError::unprocessable(&name, "this part comes twice"));
        }
        let bytes = read_part(field, &name, &part, &mut total).await?;
        match part {
            Part::Session => session = Some(super::json::parse(&bytes)?),
            Part::Photo(kind) => photos.push(IncomingPhoto { kind, bytes }),
        }
    }
    let session = session.ok_or_else(|| ApiError::unprocessable("session", "the multipart body has no session part"))?;
    Ok((session, photos))
}

/// One part's bytes, bounded by its own limit and the body's; a photo is sniffed as soon as its
/// first bytes are in.
async fn read_part(mut field: Field, name: &str, part: &Part, total: &mut usize) -> Result<Vec<u8>, ApiError> {
    let limit = match part {
        Part::Session => MAX_JSON_BYTES,
        Part::Photo(_) => MAX_PHOTO_BYTES,
    };
    let mut bytes = Vec::new();
    let mut sniffed = matches!(part, Part::Session);
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(multipart_error)?;
        *total += chunk.len();
        if *total > MAX_MULTIPART_BYTES {
            return Err(ApiError::PayloadTooLarge(format!(
                "a multipart ingest is at most {} MiB",
                MAX_MULTIPART_BYTES / (1024 * 1024)
            )));
        }
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!("the {name} part is too large")));
        }
        bytes.extend_from_slice(&chunk);
        if !sniffed && bytes.len() >= SNIFF_BYTES {
            refuse_non_image(name, &bytes)?;
            sniffed = true;
        }
    }
    if !sniffed {
        refuse_non_image(name, &bytes)?;
    }
    Ok(bytes)
}

fn refuse_non_image(name: &str, bytes: &[u8]) -> Result<(), ApiError> {
    match sniff_image_type(bytes) {
        Some(_) => Ok(()),
        None => Err(ApiError::UnsupportedMediaType(format!("the {name} part is not a JPEG, PNG or WebP image"))),
    }
}

fn multipart_error(error: MultipartError) -> ApiError {
    match error {
        MultipartError::Payload(payload) => extractors::payload(payload),
        other => ApiError::BadRequest(format!("malformed multipart body: {other}")),
    }
}

/// A whole body, refused with 413 as soon as it passes the limit.
pub async fn read_limited(
    mut payload: impl futures_util::Stream<Item = Result<bytes::Bytes, actix_web::error::PayloadError>> + Unpin,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(extractors::payload)?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large(limit: usize) -> ApiError {
    if limit >= 1024 * 1024 {
        ApiError::PayloadTooLarge(format!("the body is larger than {} MiB", limit / (1024 * 1024)))
    } else {
        ApiError::PayloadTooLarge(format!("the body is larger than {limit} bytes"))
    }
}

/// A photo kind named by a path segment or a multipart part; unknown kinds are refused (422).
pub fn photo_kind(name: &str) -> Result<PhotoKind, ApiError> {
    name.parse().map_err(|_| ApiError::unprocessable("photo kind", "unknown photo kind; use document_front, document_back, selfie or liveness_<frame>"))
}
