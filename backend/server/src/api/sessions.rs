//! Sessions endpoints: ingest, list, details, photos and attempts.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, Problem};
use super::extract::{Expensive, path_id};
use super::json::Json;
use super::upload::{photo_kind, read_limited, read_multipart_upload, read_upload};
use super::wire::text::Text;
use super::wire::sessions::*;
use super::wire::{Binary, DocumentType, SessionStatus};
use crate::cases::Actor;
use crate::cases::ingest::{AttemptReport, NewSession};
use crate::cases::sessions::{self as use_cases, IncomingPhoto, MAX_PHOTO_BYTES};
use crate::db::sessions::{ListOrder, SessionFilter};
use crate::state::AppState;
use kyc_domain::ids::SessionId;

/// The documented shape of a multipart ingest.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct SessionMultipart {
    /// The session as JSON (the same body as `POST /sessions`).
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
/// status rules and stores the result. Photos come afterwards through
/// `PUT /sessions/{id}/photos/{kind}`, or with the session in one request through
/// `POST /sessions/multipart`. (This path also reads that multipart body, for older clients.)
#[utoipa::path(
    tag = "sessions",
    request_body(content = SessionInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The stored session", body = SessionDetails,
            headers(("Location" = String, description = "The session's URL"))),
        (status = 403, description = "Role may not ingest", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "external_id already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field or unusable MRZ", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions")]
pub async fn create_session(state: web::Data<AppState>, Expensive(actor): Expensive, request: HttpRequest, payload: web::Payload) -> Result<HttpResponse, ApiError> {
    let (input, photos) = read_upload(&request, payload).await?;
    ingest(&state, &actor, input, photos).await
}

/// Ingest a verification session with its photos
///
/// The same ingest as `POST /sessions`, as `multipart/form-data`: a `session` part with the
/// JSON and one part per photo, named by its kind (`document_front`, `document_back`,
/// `selfie`, `liveness_<frame>`): at most 12 parts, each photo at most 10 MiB and JPEG, PNG or
/// WebP, 48 MiB in all.
#[utoipa::path(
    tag = "sessions",
    request_body(content = SessionMultipart, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The stored session", body = SessionDetails,
            headers(("Location" = String, description = "The session's URL"))),
        (status = 403, description = "Role may not ingest", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "external_id already used", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid field, unknown or repeated part, or unusable MRZ", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/multipart")]
pub async fn create_session_multipart(state: web::Data<AppState>, Expensive(actor): Expensive, request: HttpRequest, payload: web::Payload) -> Result<HttpResponse, ApiError> {
    let (input, photos) = read_multipart_upload(&request, payload).await?;
    ingest(&state, &actor, input, photos).await
}

async fn ingest(state: &AppState, actor: &Actor, input: SessionInput, photos: Vec<IncomingPhoto>) -> Result<HttpResponse, ApiError> {
    let new = NewSession::try_from(input).map_err(ApiError::invalid_fields)?;
    let details = SessionDetails::from(use_cases::create_session(state, actor, new, photos).await?);
    Ok(HttpResponse::Created().insert_header(("Location", format!("/api/v1/sessions/{}", details.id))).json(details))
}

/// A possible spoof to filter the list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpoofFilter {
    /// The document is not real (shown on a screen or printed).
    DigitalSpoof,
    /// The document's corners are hidden or covered.
    NotFullDocument,
    /// The face-match level is 3 or lower.
    LowFaceMatch,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Page size, 1..=100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    #[param(value_type = Option<String>, max_length = 200)]
    pub cursor: Option<Text<200>>,
    pub status: Option<SessionStatus>,
    pub verified: Option<bool>,
    /// Part of a name, personal number or document number.
    #[param(value_type = Option<String>, max_length = 200)]
    pub q: Option<Text<200>>,
    pub document_type: Option<DocumentType>,
    /// Possible spoof: `digital_spoof` (document not real), `not_full_document`, `low_face_match` (level ≤ 3).
    pub spoof: Option<SpoofFilter>,
    /// Created at or after (RFC 3339).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before (RFC 3339).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    /// Changed at or after (RFC 3339): for polling. Sorts least recently updated first (unless
    /// `order` says otherwise), so that paging with `next_cursor` never skips a change.
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// `newest_first` (default), `oldest_first` (the awaiting-action queue) or
    /// `least_recently_updated` (default with `updated_since`). A cursor belongs to its order.
    pub order: Option<ListOrderParam>,
}

/// The order of the sessions list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListOrderParam {
    NewestFirst,
    OldestFirst,
    LeastRecentlyUpdated,
}

impl ListQuery {
    fn list_order(&self) -> ListOrder {
        match (self.order, self.updated_since) {
            (Some(ListOrderParam::NewestFirst), _) | (None, None) => ListOrder::NewestFirst,
            (Some(ListOrderParam::OldestFirst), _) => ListOrder::OldestFirst,
            (Some(ListOrderParam::LeastRecentlyUpdated), _) | (None, Some(_)) => ListOrder::LeastRecentlyUpdated,
        }
    }
}

/// List sessions, newest first
#[utoipa::path(
    tag = "sessions",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of sessions", body = SessionPage),
    ),
    security(("bearer" = []))
)]
#[get("/sessions")]
pub async fn list_sessions(state: web::Data<AppState>, actor: Actor, query: web::Query<ListQuery>) -> Result<web::Json<SessionPage>, ApiError> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(25);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 100".into()));
    }
    let order = query.list_order();
    let cursor = query.cursor.as_deref().map(|text| super::cursor::decode_page(text, order)).transpose()?;
    let page = use_cases::list_sessions(&state, &actor, session_filter(query), order, cursor, limit).await?;
    Ok(web::Json(page.into()))
}

pub(super) fn session_filter(query: ListQuery) -> SessionFilter {
    let spoof = query.spoof;
    SessionFilter {
        status: query.status.map(Into::into),
        verified: query.verified,
        text: query.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        document_type: query.document_type.map(Into::into),
        from: query.from,
        to: query.to,
        document_real: (spoof == Some(SpoofFilter::DigitalSpoof)).then_some(false),
        full_document_detected: (spoof == Some(SpoofFilter::NotFullDocument)).then_some(false),
        max_face_match_level: (spoof == Some(SpoofFilter::LowFaceMatch)).then_some(3),
        updated_since: query.updated_since,
    }
}

/// Read one session (the Current Session tab)
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "The session", body = SessionDetails),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}")]
pub async fn get_session(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<SessionDetails>, ApiError> {
    let id: SessionId = path_id(&id, "session")?;
    Ok(web::Json(use_cases::get_session(&state, &actor, id).await?.into()))
}

/// Download one photo of a session
#[utoipa::path(
    tag = "sessions",
    params(
        ("id" = String, Path, format = Uuid, description = "Session id"),
        ("kind" = String, Path, description = "document_front, document_back, selfie or liveness_*"),
    ),
    responses(
        (status = 200, description = "The image: JPEG, PNG or WebP (the bytes' own type)", content(
            (inline(Binary) = "application/octet-stream"),
            (inline(Binary) = "image/jpeg"), (inline(Binary) = "image/png"), (inline(Binary) = "image/webp"),
        )),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session or photo", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/photos/{kind}")]
pub async fn get_photo(state: web::Data<AppState>, actor: Actor, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (id, kind) = path.into_inner();
    let (id, kind) = (path_id(&id, "session")?, kind.parse().map_err(|_| ApiError::not_found("photo"))?);
    let (bytes, content_type) = use_cases::get_photo(&state, &actor, id, kind).await?;
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
        ("id" = String, Path, format = Uuid, description = "Session id"),
        ("kind" = String, Path, description = "document_front, document_back, selfie or liveness_*"),
    ),
    request_body(description = "JPEG, PNG or WebP bytes, at most 10 MiB. The type is read from the bytes, so any \
        Content-Type (`image/jpeg`, `image/png`, `image/webp`, `application/octet-stream`) is accepted.",
        content((inline(Binary) = "application/octet-stream"))),
    responses(
        (status = 200, description = "The stored photo", body = PhotoView),
        (status = 403, description = "Role may not upload", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, PNG or WebP image", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown photo kind", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/sessions/{id}/photos/{kind}")]
pub async fn put_photo(state: web::Data<AppState>, Expensive(actor): Expensive, path: web::Path<(String, String)>, payload: web::Payload) -> Result<web::Json<PhotoView>, ApiError> {
    let (id, kind) = path.into_inner();
    let (id, kind): (SessionId, _) = (path_id(&id, "session")?, photo_kind(&kind)?);
    let bytes = read_limited(payload, MAX_PHOTO_BYTES).await?;
    let photo = use_cases::put_photo(&state, &actor, id, IncomingPhoto { kind, bytes }).await?;
    Ok(web::Json(photo_view(id, &photo)))
}

/// Record one more attempt of the same person
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
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
pub async fn create_attempt(state: web::Data<AppState>, Expensive(actor): Expensive, id: web::Path<String>, body: Json<AttemptInput>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, "session")?;
    let report = AttemptReport::try_from(body.into_inner()).map_err(ApiError::invalid_fields)?;
    let details = use_cases::create_attempt(&state, &actor, id, report).await?;
    Ok(HttpResponse::Created().json(SessionDetails::from(details)))
}

/// List every attempt of a session
#[utoipa::path(
    tag = "sessions",
    params(("id" = String, Path, format = Uuid, description = "Session id")),
    responses(
        (status = 200, description = "Attempts, oldest first", body = AttemptList),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/attempts")]
pub async fn list_attempts(state: web::Data<AppState>, actor: Actor, id: web::Path<String>) -> Result<web::Json<AttemptList>, ApiError> {
    let id = path_id(&id, "session")?;
    Ok(web::Json(use_cases::list_attempts(&state, &actor, id).await?.into()))
}

