//! The sessions use cases: ingest a session or a further attempt, store photos, and read a
//! session back as the details page shows it. Handlers call these; these call `ingest` and `Db`.

use crate::api::auth::Caller;
use crate::api::error::{ApiError, or_not_found};
use crate::api::views::*;
use crate::blobs::sniff_image_type;
use crate::db::{self, PhotoRecord, SessionRecord};
use crate::ingest::{self, Engines};
use crate::state::AppState;
use kyc_domain::session::FaceMatchLevel;
use kyc_domain::session::rules::CompanySettings;

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// A photo that came with an ingest or an upload, not yet stored.
#[derive(Debug, Clone)]
pub struct IncomingPhoto {
    pub kind: String,
    pub bytes: Vec<u8>,
}

/// Whether a photo kind is one the product knows: `document_front`, `document_back`, `selfie`
/// or `liveness_<suffix>`.
pub fn is_photo_kind(kind: &str) -> bool {
    matches!(kind, "document_front" | "document_back" | "selfie")
        || kind.strip_prefix("liveness_").is_some_and(|suffix| {
            (1..=20).contains(&suffix.len())
                && suffix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

pub async fn company_settings(state: &AppState, company_id: &str) -> Result<CompanySettings, ApiError> {
    let company_id = company_id.to_owned();
    let company = state.db.read(move |conn| db::companies::find_company(conn, &company_id)).await?;
    parse_settings(&company.settings_json)
}

pub fn parse_settings(json: &str) -> Result<CompanySettings, ApiError> {
    serde_json::from_str(json).map_err(|error| ApiError::Internal(format!("company settings are corrupt: {error}")))
}

fn engines(state: &AppState) -> Engines<'_> {
    Engines {
        user_agents: &state.user_agents,
        screening: &state.screening,
        today: chrono::Utc::now().date_naive(),
    }
}

pub async fn create_session(
    state: &AppState,
    caller: &Caller,
    input: SessionInput,
    photos: Vec<IncomingPhoto>,
) -> Result<SessionDetails, ApiError> {
    let company_id = caller
        .company_id
        .clone()
        .ok_or_else(|| ApiError::Forbidden("only a company's admin or API client may create sessions".into()))?;
    ingest::check_external_id(input.external_id.as_deref())?;
    let stored_photos = store_photos(state, photos)?;
    let settings = company_settings(state, &company_id).await?;
    let attempt = ingest::evaluate(&input.attempt, &settings, &engines(state))?;
    let now = db::now();
    let mut session = SessionRecord {
        id: db::new_id(),
        company_id,
        external_id: input.external_id.clone(),
        created_at: now,
        updated_at: now,
        attempts_count: 1,
        ..SessionRecord::default()
    };
    ingest::apply_to_session(&mut session, &attempt)?;
    let attempt_row = ingest::attempt_record(&session.id, 1, &attempt, &input.attempt)?;
    let extra = ingest::extra_field_values(&session.id, &attempt);
    let photo_rows = photo_records(&session.id, stored_photos);
    let event = caller.event("session.create", "session", &session.id);
    let id = session.id.clone();
    state
        .db
        .write(move |conn| {
            db::sessions::insert(conn, &session)?;
            db::sessions::insert_attempt(conn, &attempt_row)?;
            db::sessions::replace_extra_fields(conn, &session.id, &extra)?;
            for photo in &photo_rows {
                db::sessions::upsert_photo(conn, photo)?;
            }
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await
        .map_err(|error| {
            if error.is_unique_violation() {
                ApiError::Conflict("a session with this external_id already exists".into())
            } else {
                error.into()
            }
        })?;
    read_details(state, caller, &id).await
}

pub async fn add_attempt(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    input: AttemptInput,
) -> Result<SessionDetails, ApiError> {
    let mut session = find_session(state, caller, session_id).await?;
    let settings = company_settings(state, &session.company_id).await?;
    let attempt = ingest::evaluate(&input, &settings, &engines(state))?;
    session.attempts_count += 1;
    ingest::apply_to_session(&mut session, &attempt)?;
    let attempt_row = ingest::attempt_record(&session.id, session.attempts_count, &attempt, &input)?;
    let extra = ingest::extra_field_values(&session.id, &attempt);
    let event = caller.event("session.attempt", "session", &session.id);
    state
        .db
        .write(move |conn| {
            db::sessions::update(conn, &session)?;
            db::sessions::insert_attempt(conn, &attempt_row)?;
            db::sessions::replace_extra_fields(conn, &session.id, &extra)?;
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    read_details(state, caller, session_id).await
}

pub async fn find_session(state: &AppState, caller: &Caller, id: &str) -> Result<SessionRecord, ApiError> {
    let (scope, id) = (caller.scope(), id.to_owned());
    state.db.read(move |conn| db::sessions::find(conn, &scope, &id)).await.map_err(or_not_found("session"))
}

/// Reads the details and records that the caller viewed them.
pub async fn view_details(state: &AppState, caller: &Caller, id: &str) -> Result<SessionDetails, ApiError> {
    let details = read_details(state, caller, id).await?;
    audit(state, caller.event("session.view", "session", id)).await?;
    Ok(details)
}

async fn read_details(state: &AppState, caller: &Caller, id: &str) -> Result<SessionDetails, ApiError> {
    let (scope, id) = (caller.scope(), id.to_owned());
    let (bundle, company) = state
        .db
        .read(move |conn| {
            let bundle = db::sessions::bundle(conn, &scope, &id)?;
            let company = db::companies::find_company(conn, &bundle.session.company_id)?;
            Ok((bundle, company))
        })
        .await
        .map_err(or_not_found("session"))?;
    Ok(details_view(bundle, CompanyRef { id: company.id, name: company.name }))
}

pub async fn audit(state: &AppState, event: db::audit::NewAuditEvent) -> Result<(), ApiError> {
    state.db.write(move |conn| db::audit::append(conn, event).map(drop)).await?;
    Ok(())
}

pub async fn list_sessions(
    state: &AppState,
    caller: &Caller,
    filter: db::sessions::SessionFilter,
    cursor: Option<db::sessions::SessionCursor>,
    limit: i64,
) -> Result<SessionPage, ApiError> {
    let scope = caller.scope();
    let mut rows = state
        .db
        .read(move |conn| db::sessions::list(conn, &scope, &filter, cursor.as_ref(), limit + 1))
        .await?;
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = has_more
        .then(|| rows.last().map(|last| crate::api::cursor::encode(last.created_at, &last.id)))
        .flatten();
    Ok(SessionPage { items: rows.iter().map(summary_row).collect(), next_cursor })
}

pub async fn put_photo(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    photo: IncomingPhoto,
) -> Result<PhotoView, ApiError> {
    let session = find_session(state, caller, session_id).await?;
    let stored = store_photos(state, vec![photo])?;
    let rows = photo_records(&session.id, stored);
    let event = caller.event("session.photo.upload", "session", &session.id);
    let view = rows.first().map(|row| photo_view(row)).ok_or_else(|| ApiError::Internal("photo lost".into()))?;
    state
        .db
        .write(move |conn| {
            for row in &rows {
                db::sessions::upsert_photo(conn, row)?;
            }
            db::audit::append(conn, event)?;
            Ok(())
        })
        .await?;
    Ok(view)
}

/// The photo's bytes and content type, after checking the caller may see its session.
pub async fn read_photo(
    state: &AppState,
    caller: &Caller,
    session_id: &str,
    kind: &str,
) -> Result<(Vec<u8>, String), ApiError> {
    let session = find_session(state, caller, session_id).await?;
    let (id, kind_owned) = (session.id.clone(), kind.to_owned());
    let photo = state
        .db
        .read(move |conn| db::sessions::photo_of(conn, &id, &kind_owned))
        .await
        .map_err(or_not_found("photo"))?;
    let bytes = state.blobs.get(&photo.sha256)?;
    audit(state, caller.event("session.photo.view", "session", &session.id)).await?;
    Ok((bytes, photo.content_type))
}

pub async fn list_attempts(state: &AppState, caller: &Caller, session_id: &str) -> Result<AttemptList, ApiError> {
    let session = find_session(state, caller, session_id).await?;
    let id = session.id.clone();
    let rows = state.db.read(move |conn| db::sessions::attempts_of(conn, &id)).await?;
    audit(state, caller.event("session.attempts.view", "session", &session.id)).await?;
    Ok(AttemptList { items: rows.into_iter().map(attempt_view).collect() })
}

/// Checks each photo's type by its bytes and stores it; returns (kind, content type, address, size).
fn store_photos(state: &AppState, photos: Vec<IncomingPhoto>) -> Result<Vec<(String, String, String, i64)>, ApiError> {
    photos
        .into_iter()
        .map(|photo| {
            if !is_photo_kind(&photo.kind) {
                return Err(ApiError::unprocessable("photo kind", format!("unknown photo kind {:?}", photo.kind)));
            }
            if photo.bytes.len() > MAX_PHOTO_BYTES {
                return Err(ApiError::PayloadTooLarge(format!("the {} photo is larger than 10 MiB", photo.kind)));
            }
            let content_type = sniff_image_type(&photo.bytes).ok_or_else(|| {
                ApiError::UnsupportedMediaType(format!("the {} photo is not a JPEG, PNG or WebP image", photo.kind))
            })?;
            let address = state.blobs.put(&photo.bytes)?;
            Ok((photo.kind, content_type.to_owned(), address, photo.bytes.len() as i64))
        })
        .collect()
}

fn photo_records(session_id: &str, stored: Vec<(String, String, String, i64)>) -> Vec<PhotoRecord> {
    stored
        .into_iter()
        .map(|(kind, content_type, sha256, size_bytes)| PhotoRecord {
            id: db::new_id(),
            session_id: session_id.to_owned(),
            kind,
            content_type,
            sha256,
            size_bytes,
            created_at: db::now(),
        })
        .collect()
}

fn photo_view(photo: &PhotoRecord) -> PhotoView {
    PhotoView {
        url: format!("/api/v1/sessions/{}/photos/{}", photo.session_id, photo.kind),
        kind: photo.kind.clone(),
        content_type: photo.content_type.clone(),
        size_bytes: photo.size_bytes,
    }
}

fn face_match_view(level: Option<i32>) -> FaceMatchView {
    let level = level.and_then(|value| FaceMatchLevel::new(i64::from(value)).ok());
    FaceMatchView {
        level: level.map(FaceMatchLevel::value),
        far: level.map(|l| l.false_acceptance_rate().to_owned()),
    }
}

fn user_agent_view(s: &SessionRecord) -> UserAgentView {
    UserAgentView {
        raw: s.user_agent_raw.clone(),
        device_name: s.device_name.clone(),
        device_type: s.device_type.clone(),
        browser: s.browser.clone(),
        os: s.os.clone(),
        in_app_browser: s.in_app_browser.clone(),
    }
}

pub fn details_view(bundle: db::sessions::SessionBundle, company: CompanyRef) -> SessionDetails {
    let s = bundle.session;
    SessionDetails {
        summary: SummaryView {
            first_name: s.first_name.clone(),
            last_name: s.last_name.clone(),
            document_number: s.document_number.clone(),
            personal_number: s.personal_number.clone(),
            sex: s.sex.clone(),
            birth_date: s.birth_date.clone(),
            expiration_date: s.expiration_date.clone(),
            nationality: s.nationality.clone(),
            document_type: s.document_type.clone(),
            issuing_state: s.issuing_state.clone(),
        },
        verification: VerificationView {
            verified: s.verified,
            liveness_passed: s.liveness_passed,
            document_valid: s.document_valid,
            face_match: face_match_view(s.face_match_level),
            id_spoof: IdSpoofView { document_real: s.document_real, full_document_detected: s.full_document_detected },
        },
        customer_activity: CustomerActivityView {
            user_agent: user_agent_view(&s),
            session_id: s.id.clone(),
            client_ip: s.client_ip.clone(),
            started_at: s.started_at.map(utc),
            finished_at: s.finished_at.map(utc),
            liveness_finished: s.liveness_finished,
            document_finished: s.document_finished,
            attempts: s.attempts_count,
        },
        pep: PepSummaryView { status: s.pep_status.clone(), matches_count: s.pep_matches_count },
        extra_fields: bundle
            .extra_fields
            .into_iter()
            .map(|field| ExtraFieldView { name: field.name, value: field.value })
            .collect(),
        notes_count: bundle.notes_count,
        photos: bundle.photos.iter().map(photo_view).collect(),
        mrz: s.mrz_lines.as_deref().map(|lines| lines.lines().map(str::to_owned).collect()).unwrap_or_default(),
        mrz_valid: s.mrz_valid,
        company,
        created_at: utc(s.created_at),
        updated_at: utc(s.updated_at),
        external_id: s.external_id,
        status: s.status,
        id: s.id,
    }
}

fn summary_row(s: &SessionRecord) -> SessionSummary {
    SessionSummary {
        id: s.id.clone(),
        external_id: s.external_id.clone(),
        status: s.status.clone(),
        created_at: utc(s.created_at),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        document_type: s.document_type.clone(),
        document_number: s.document_number.clone(),
        personal_number: s.personal_number.clone(),
        nationality: s.nationality.clone(),
        verified: s.verified,
        document_valid: s.document_valid,
        liveness_passed: s.liveness_passed,
        face_match_level: s.face_match_level.and_then(|level| u8::try_from(level).ok()),
        document_real: s.document_real,
        full_document_detected: s.full_document_detected,
        pep_status: s.pep_status.clone(),
    }
}

fn attempt_view(a: db::AttemptRecord) -> AttemptView {
    AttemptView {
        number: a.number,
        started_at: a.started_at.map(utc),
        finished_at: a.finished_at.map(utc),
        liveness_finished: a.liveness_finished,
        document_finished: a.document_finished,
        face_match_level: a.face_match_level,
        liveness_passed: a.liveness_passed,
        document_valid: a.document_valid,
        user_agent: UserAgentView {
            raw: a.user_agent_raw,
            device_name: a.device_name,
            device_type: a.device_type,
            browser: a.browser,
            os: a.os,
            in_app_browser: None,
        },
        client_ip: a.client_ip,
        mrz_valid: a.mrz_valid,
        created_at: utc(a.created_at),
    }
}

/// The name shown beside what a caller wrote: the user's name, or the API client's.
pub async fn author_name(state: &AppState, caller: &Caller) -> Result<String, ApiError> {
    let (id, is_client) = (caller.id.clone(), caller.role == crate::auth::Role::Client);
    let name = state
        .db
        .read(move |conn| {
            if is_client {
                Ok(db::companies::find_api_client(conn, &id)?.map(|client| client.name))
            } else {
                Ok(db::companies::find_user_by_id(conn, &id)?.map(|user| user.name))
            }
        })
        .await?;
    Ok(name.unwrap_or_else(|| caller.id.clone()))
}
