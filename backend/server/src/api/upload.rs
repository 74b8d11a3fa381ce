//! Reading request bodies that are not plain JSON: the multipart ingest (a `session` JSON part
//! and photo parts) and raw photo uploads, each part bounded in size while it arrives.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use super::error::{ApiError, extractors};
use super::wire::sessions::SessionInput;
use crate::cases::sessions::{IncomingPhoto, MAX_PHOTO_BYTES};
use kyc_domain::session::PhotoKind;

/// The largest JSON part of a multipart ingest, and the largest JSON ingest.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// Reads a JSON or multipart ingest body into the session and its photos.
pub async fn read_upload(
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let content_type = request.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with("multipart/form-data") {
        read_multipart(Multipart::new(request.headers(), payload)).await
    } else if content_type.starts_with("application/json") {
        let bytes = read_limited(payload, MAX_JSON_BYTES).await?;
        Ok((parse_session_json(&bytes)?, Vec::new()))
    } else {
        Err(ApiError::UnsupportedMediaType("send application/json or multipart/form-data".into()))
    }
}

async fn read_multipart(mut multipart: Multipart) -> Result<(SessionInput, Vec<IncomingPhoto>), ApiError> {
    let mut session = None;
    let mut photos = Vec::new();
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| ApiError::BadRequest(format!("malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "session" { MAX_JSON_BYTES } else { MAX_PHOTO_BYTES };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("malformed multipart body: {e}")))?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge(format!("the {name} part is too large")));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "session" => session = Some(parse_session_json(&bytes)?),
            _ => photos.push(IncomingPhoto { kind: photo_kind(&name)?, bytes }),
        }
    }
    let session = session.ok_or_else(|| ApiError::unprocessable("session", "the multipart body has no session part"))?;
    Ok((session, photos))
}

fn parse_session_json(bytes: &[u8]) -> Result<SessionInput, ApiError> {
    serde_json::from_slice(bytes).map_err(|error| {
        if error.is_data() {
            ApiError::unprocessable("body", error.to_string())
        } else {
            ApiError::BadRequest(format!("the JSON body could not be read: {error}"))
        }
    })
}

pub async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(extractors::payload)?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(format!("the body is larger than {} MiB", limit / (1024 * 1024))));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A photo kind named by a path segment or a multipart part; unknown kinds are refused (422).
pub fn photo_kind(name: &str) -> Result<PhotoKind, ApiError> {
    name.parse().map_err(|_| ApiError::unprocessable("photo kind", format!("unknown photo kind {name:?}")))
}
