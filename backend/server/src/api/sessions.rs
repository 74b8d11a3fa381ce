//! Sessions endpoints: ingest, list, details, photos and attempts.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::{Caller, INGESTERS, READERS};
use super::error::{ApiError, Problem, extractors};
use super::views::*;
use crate::db::sessions::SessionFilter;
use crate::sessions::{self as use_cases, IncomingPhoto, MAX_PHOTO_BYTES};
use crate::state::AppState;

/// The largest JSON part of a multipart ingest.
const MAX_JSON_BYTES: usize = 1024 * 1024;

/// The documented shape of a multipart ingest.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SessionMultipart {
    /// The session as JSON (the same body as an `application/json` ingest).
    session: SessionInput,
    #[schema(value_type = Option<String>, format = Binary)]
    document_front: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    document_back: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    selfie: Option<Vec<u8>>,
}

/// Ingest a verification session
///
/// Runs the MRZ check, sanctions screening and user-agent summary, applies the company's
/// status rules and stores the result. Photos may come as multipart parts beside a `session`
/// JSON part, or later through `PUT /sessions/{id}/photos/{kind}`.
#[utoipa::path(
    tag = "sessions",
    request_body(content(
        (SessionInput = "application/json"),
        (SessionMultipart = "multipart/form-data"),
    )),
    responses(
        (status = 201, description = "The stored session", body = SessionDetails),
        (status = 400, description = "Unreadable body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not ingest", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "external_id already used", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body or photo too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Photo is not JPEG/PNG/WebP", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field or unusable MRZ", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions")]
pub async fn create_session(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    caller.require(INGESTERS)?;
    let (input, photos) = read_upload(&request, payload).await?;
    let details = use_cases::create_session(&state, &caller, input, photos).await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/sessions/{}", details.id)))
        .json(details))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1..=100 (default 25).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// `verified`, `awaiting_action`, `rejected` or `not_finished`.
    pub status: Option<String>,
    pub verified: Option<bool>,
    /// Part of a name, personal number or document number.
    pub q: Option<String>,
    /// `passport`, `id_card`, `residence_permit` or `driving_licence`.
    pub document_type: Option<String>,
    /// Possible spoof: `digital_spoof` (document not real), `not_full_document`, `low_face_match` (level ≤ 3).
    pub spoof: Option<String>,
    /// Created at or after (RFC 3339).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before (RFC 3339).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
}

/// List sessions, newest first
#[utoipa::path(
    tag = "sessions",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of sessions", body = SessionPage),
        (status = 400, description = "Invalid filter or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ListQuery>,
) -> Result<web::Json<SessionPage>, ApiError> {
    caller.require(READERS)?;
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(25);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 100".into()));
    }
    let cursor = query.cursor.as_deref().map(super::cursor::decode).transpose()?;
    let page = use_cases::list_sessions(&state, &caller, session_filter(query)?, cursor, limit).await?;
    Ok(web::Json(page))
}

fn session_filter(query: ListQuery) -> Result<SessionFilter, ApiError> {
    if let Some(status) = &query.status {
        status.parse::<kyc_domain::session::SessionStatus>().map_err(|e| ApiError::BadRequest(e.to_string()))?;
    }
    if let Some(kind) = &query.document_type {
        kind.parse::<kyc_domain::session::DocumentType>().map_err(|e| ApiError::BadRequest(e.to_string()))?;
    }
    let mut filter = SessionFilter {
        status: query.status,
        verified: query.verified,
        text: query.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        document_type: query.document_type,
        from: query.from.map(|at| at.naive_utc()),
        to: query.to.map(|at| at.naive_utc()),
        ..SessionFilter::default()
    };
    match query.spoof.as_deref() {
        None => {}
        Some("digital_spoof") => filter.document_real = Some(false),
        Some("not_full_document") => filter.full_document_detected = Some(false),
        Some("low_face_match") => filter.max_face_match_level = Some(3),
        Some(other) => return Err(ApiError::BadRequest(format!("unknown spoof filter {other:?}"))),
    }
    Ok(filter)
}

/// Read one session (the Current Session tab)
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "The session", body = SessionDetails),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}")]
pub async fn get_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<SessionDetails>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(use_cases::view_details(&state, &caller, &id).await?))
}

/// Download one photo of a session
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = String, Path, description = "Session id"),
        ("kind" = String, Path, description = "document_front, document_back, selfie or liveness_*"),
    ),
    responses(
        (status = 200, description = "The image: JPEG, PNG or WebP", content_type = "image/jpeg"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session or photo", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/photos/{kind}")]
pub async fn get_photo(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    caller.require(READERS)?;
    let (id, kind) = path.into_inner();
    let (bytes, content_type) = use_cases::read_photo(&state, &caller, &id, &kind).await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Disposition", "inline"))
        .body(bytes))
}

/// Upload or replace one photo of a session
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = String, Path, description = "Session id"),
        ("kind" = String, Path, description = "document_front, document_back, selfie or liveness_*"),
    ),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "JPEG, PNG or WebP bytes, at most 10 MiB"),
    responses(
        (status = 200, description = "The stored photo", body = PhotoView),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not upload", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, PNG or WebP image", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown photo kind", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/sessions/{id}/photos/{kind}")]
pub async fn put_photo(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<web::Json<PhotoView>, ApiError> {
    caller.require(INGESTERS)?;
    let (id, kind) = path.into_inner();
    let bytes = read_limited(payload, MAX_PHOTO_BYTES).await?;
    let view = use_cases::put_photo(&state, &caller, &id, IncomingPhoto { kind, bytes }).await?;
    Ok(web::Json(view))
}

/// Record one more attempt of the same person
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    request_body = AttemptInput,
    responses(
        (status = 201, description = "The session, showing its latest attempt", body = SessionDetails),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Role may not ingest", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field or unusable MRZ", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/{id}/attempts")]
pub async fn create_attempt(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    body: web::Json<AttemptInput>,
) -> Result<HttpResponse, ApiError> {
    caller.require(INGESTERS)?;
    let details = use_cases::add_attempt(&state, &caller, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(details))
}

/// List every attempt of a session
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, description = "Session id")),
    responses(
        (status = 200, description = "Attempts, oldest first", body = AttemptList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/attempts")]
pub async fn list_attempts(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<AttemptList>, ApiError> {
    caller.require(READERS)?;
    Ok(web::Json(use_cases::list_attempts(&state, &caller, &id).await?))
}

/// Reads a JSON or multipart ingest body into the session and its photos.
async fn read_upload(
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
            _ => photos.push(IncomingPhoto { kind: name, bytes }),
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

async fn read_limited(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
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
