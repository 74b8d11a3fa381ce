//! The sessions use cases: ingest a session or a further attempt, store photos, and read a
//! session back as the details page shows it.

use super::ingest::{AttemptReport, Engines, NewSession, evaluate};
use super::{Actor, Error, Result};
use crate::blobs::sniff_image_type;
use crate::db::sessions::{ListOrder, NewSession as NewSessionRow, PageCursor, SessionFilter};
use crate::db::{self, Attempt, ExtraFieldValue, Photo, Session, SessionData, SessionSummary};
use crate::state::AppState;
use chrono::Utc;
use kyc_domain::access::Permission;
use kyc_domain::ids::{CompanyId, SessionId};
use kyc_domain::screening::MatchStanding;
use kyc_domain::session::PhotoKind;
use kyc_domain::session::assignment::Assignment;
use std::collections::HashMap;
use kyc_domain::session::reasons::{ReasonSources, StatusReason, status_reasons};
use kyc_domain::session::rules::CompanySettings;

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// A photo that came with an ingest or an upload, not yet stored.
#[derive(Debug, Clone)]
pub struct IncomingPhoto {
    pub kind: PhotoKind,
    pub bytes: Vec<u8>,
}

/// Everything the details page shows about one session.
#[derive(Debug, Clone)]
pub struct SessionDetails {
    pub session: Session,
    pub company_name: String,
    pub photos: Vec<Photo>,
    pub extra_fields: Vec<ExtraFieldValue>,
    pub notes_count: i64,
    /// Why the session has its status (`kyc_domain::session::reasons`).
    pub status_reasons: Vec<StatusReason>,
    /// Every screening match, its kind and its review: the page's banner shows the open and
    /// confirmed ones.
    pub matches: Vec<MatchStanding>,
    /// Who is working on the session now, if anyone.
    pub assignee: Option<Assignment>,
}

impl SessionDetails {
    fn of(session: Session, company_name: String, photos: Vec<Photo>, extra_fields: Vec<ExtraFieldValue>, notes_count: i64) -> Self {
        let matches = MatchStanding::all_of(session.data.screening.as_ref());
        let status_reasons = status_reasons(ReasonSources {
            decision: session.data.decision_trace.as_ref(),
            mrz: session.data.mrz_report.as_ref(),
            matches: &matches,
            screening_cleared: false,
        });
        SessionDetails { session, company_name, photos, extra_fields, notes_count, status_reasons, matches, assignee: None }
    }
}

/// A page of the sessions list and where the next one starts.
#[derive(Debug, Clone)]
pub struct SessionPage {
    pub items: Vec<SessionSummary>,
    pub next: Option<PageCursor>,
    /// How many sessions the filter finds in all, exactly.
    pub total: i64,
    /// The live holds of the page's sessions (`kyc_domain::session::assignment`).
    pub assignees: HashMap<SessionId, Assignment>,
}

pub async fn create_session(
    state: &AppState,
    actor: &Actor,
    new: NewSession,
    photos: Vec<IncomingPhoto>,
) -> Result<SessionDetails> {
    actor.require(Permission::IngestSessions)?;
    let company_id = actor.own_company("sessions")?;
    let photos = checked_photos(photos)?;
    let settings = company_settings(state, company_id).await?;
    let (attempt, new) = evaluate_off_thread(state, new, settings).await?;
    refuse_taken_external_id(state, company_id, new.external_id.as_deref()).await?;
    let stored_photos = store_photos(state, &photos)?;
    let addresses: Vec<String> = stored_photos.iter().map(|photo| photo.sha256.clone()).collect();
    let now = Utc::now();
    let mut data = SessionData { attempts_count: 1, ..SessionData::default() };
    attempt.apply_to(&mut data, now);
    let row =
        NewSessionRow { id: SessionId::generate(), company_id, external_id: new.external_id, created_at: now, data };
    let event = actor.event("session.create", "session", &row.id.to_string());
    let (first, extra_fields) = (attempt.attempt(1, now), attempt.extra_fields);
    let id = row.id;
    let written = state
        .db
        .write_audited(event, move |conn| {
            let key = db::sessions::insert(conn, &row)?;
            db::sessions::insert_attempt(conn, &key, &first)?;
            db::sessions::replace_extra_fields(conn, &key, &extra_fields)?;
            stored_photos.iter().try_for_each(|photo| db::sessions::upsert_photo(conn, &key, photo).map(drop))
        })
        .await
        .map_err(|error| match error.is_unique_violation() {
            true => external_id_conflict(),
            false => error.into(),
        });
    if let Err(error) = written {
        remove_unreferenced(state, addresses).await;
        return Err(error);
    }
    restore_removed(state, &photos)?;
    read_details(state, actor, id).await
}

/// Runs the engines (MRZ, screening, user agent, IP country) on the heavy-work pool.
async fn evaluate_off_thread(
    state: &AppState,
    new: NewSession,
    settings: CompanySettings,
) -> Result<(super::ingest::EvaluatedAttempt, NewSession)> {
    let engines = engines(state);
    super::heavy(state, move || evaluate(&new.attempt, &settings, &engines).map(|attempt| (attempt, new))).await?
}

/// Deletes the blobs no photo row points at any more (a refused ingest's, a replaced photo's).
/// A blob shared with another session stays. A failure is logged, not raised: the request's
/// own outcome stands, and the next replacement or ingest of the same bytes tries again.
async fn remove_unreferenced(state: &AppState, addresses: Vec<String>) {
    let unreferenced = state
        .db
        .write(move |conn| {
            let mut unused = Vec::new();
            for address in addresses {
                if !db::sessions::blob_in_use(conn, &address)? {
                    unused.push(address);
                }
            }
            Ok(unused)
        })
        .await;
    match unreferenced {
        Ok(addresses) => {
            for address in addresses {
                if let Err(error) = state.blobs.remove(&address) {
                    log::warn!("an unreferenced photo blob could not be removed: {error}");
                }
            }
        }
        Err(error) => log::warn!("unreferenced photo blobs could not be looked up: {error:#}"),
    }
}

pub async fn create_attempt(
    state: &AppState,
    actor: &Actor,
    id: SessionId,
    report: AttemptReport,
) -> Result<SessionDetails> {
    actor.require(Permission::IngestSessions)?;
    let mut session = find_session(state, actor, id).await?;
    let settings = company_settings(state, session.key.company_id()).await?;
    let engines = engines(state);
    let attempt = super::heavy(state, move || evaluate(&report, &settings, &engines)).await??;
    let now = Utc::now();
    session.data.attempts_count += 1;
    attempt.apply_to(&mut session.data, now);
    let (record, extra_fields) = (attempt.attempt(session.data.attempts_count, now), attempt.extra_fields);
    let event = actor.event("session.attempt", "session", &id.to_string());
    state
        .db
        .write_audited(event, move |conn| {
            db::sessions::update(conn, &session)?;
            db::sessions::insert_attempt(conn, &session.key, &record)?;
            db::sessions::replace_extra_fields(conn, &session.key, &extra_fields)
        })
        .await?;
    read_details(state, actor, id).await
}

/// The details page of a session; the read is audited.
pub async fn get_session(state: &AppState, actor: &Actor, id: SessionId) -> Result<SessionDetails> {
    actor.require(Permission::ReadSessions)?;
    let details = read_details(state, actor, id).await?;
    state.db.audit(actor.event("session.view", "session", &id.to_string())).await?;
    Ok(details)
}

/// A page of the list in an order, with the exact total of the filter and who holds each session.
pub async fn list_sessions(
    state: &AppState,
    actor: &Actor,
    filter: SessionFilter,
    order: ListOrder,
    cursor: Option<PageCursor>,
    limit: i64,
) -> Result<SessionPage> {
    actor.require(Permission::ReadSessions)?;
    let scope = actor.scope();
    let (mut items, total, stored_holds) = state
        .db
        .read(move |conn| {
            let items = db::sessions::list_page(conn, &scope, &filter, order, cursor.as_ref(), limit + 1)?;
            let total = db::sessions::count(conn, &scope, &filter)?;
            let ids: Vec<SessionId> = items.iter().map(|item| item.id).collect();
            Ok((items, total, db::assignments::of_sessions(conn, &ids)?))
        })
        .await?;
    let has_more = items.len() as i64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or_default());
    let next = has_more.then(|| items.last().map(|last| page_cursor(order, last))).flatten();
    let now = Utc::now();
    let assignees = stored_holds.into_iter().filter(|(_, held)| held.is_live(now)).collect();
    Ok(SessionPage { items, next, total, assignees })
}

/// Where a page that ends with `last` ends, in its order.
fn page_cursor(order: ListOrder, last: &SessionSummary) -> PageCursor {
    let at = match order {
        ListOrder::LeastRecentlyUpdated => last.updated_at,
        ListOrder::NewestFirst | ListOrder::OldestFirst => last.created_at,
    };
    PageCursor { order, at, id: last.id }
}

/// Stores (or replaces) one photo of a session.
pub async fn put_photo(state: &AppState, actor: &Actor, id: SessionId, photo: IncomingPhoto) -> Result<Photo> {
    actor.require(Permission::IngestSessions)?;
    let session = find_session(state, actor, id).await?;
    let checked = checked_photos(vec![photo])?;
    let stored = store_photos(state, &checked)?;
    let event = actor.event("session.photo.upload", "session", &id.to_string());
    let photo = stored.first().cloned().ok_or_else(|| Error::Internal(anyhow::anyhow!("the stored photo was lost")))?;
    let new_address = photo.sha256.clone();
    let written = state
        .db
        .write_audited(event, move |conn| db::sessions::upsert_photo(conn, &session.key, &photo).map(|old| (photo, old)))
        .await;
    match written {
        Ok((photo, replaced)) => {
            // The old bytes go when nothing else points at them.
            let old: Vec<String> = replaced.into_iter().filter(|old| *old != new_address).collect();
            remove_unreferenced(state, old).await;
            restore_removed(state, &checked)?;
            Ok(photo)
        }
        Err(error) => {
            remove_unreferenced(state, vec![new_address]).await;
            Err(error.into())
        }
    }
}

/// The photo's bytes and content type; the read is audited.
pub async fn get_photo(state: &AppState, actor: &Actor, id: SessionId, kind: PhotoKind) -> Result<(Vec<u8>, String)> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    let photo = state
        .db
        .read(move |conn| db::sessions::photo_of(conn, &session.key, &kind))
        .await?
        .ok_or_else(|| Error::not_found("photo"))?;
    let bytes = state.blobs.get(&photo.sha256)?;
    state.db.audit(actor.event("session.photo.view", "session", &id.to_string())).await?;
    Ok((bytes, photo.content_type))
}

/// Every attempt of a session, oldest first; the read is audited.
pub async fn list_attempts(state: &AppState, actor: &Actor, id: SessionId) -> Result<Vec<Attempt>> {
    actor.require(Permission::ReadSessions)?;
    let session = find_session(state, actor, id).await?;
    let attempts = state.db.read(move |conn| db::sessions::attempts_of(conn, &session.key)).await?;
    state.db.audit(actor.event("session.attempts.view", "session", &id.to_string())).await?;
    Ok(attempts)
}

/// The session, if the actor's scope may see it; another company's is not found.
pub(crate) async fn find_session(state: &AppState, actor: &Actor, id: SessionId) -> Result<Session> {
    let scope = actor.scope();
    state.db.read(move |conn| db::sessions::find(conn, &scope, id)).await?.ok_or_else(|| Error::not_found("session"))
}

pub(crate) async fn company_settings(state: &AppState, company_id: CompanyId) -> Result<CompanySettings> {
    let company = state.db.read(move |conn| db::companies::find_company(conn, company_id)).await?;
    Ok(company.ok_or_else(|| Error::not_found("company"))?.settings)
}

async fn read_details(state: &AppState, actor: &Actor, id: SessionId) -> Result<SessionDetails> {
    let scope = actor.scope();
    let details = state
        .db
        .read(move |conn| {
            let Some(session) = db::sessions::find(conn, &scope, id)? else { return Ok(None) };
            let company = db::companies::find_company(conn, session.key.company_id())?;
            let photos = db::sessions::photos_of(conn, &session.key)?;
            let extra_fields = db::sessions::extra_fields_of(conn, &session.key)?;
            let notes_count = db::sessions::count_notes(conn, &session.key)?;
            let company_name = company.map(|company| company.name).unwrap_or_default();
            let assignee = db::assignments::of(conn, &session.key)?;
            let mut details = SessionDetails::of(session, company_name, photos, extra_fields, notes_count);
            details.assignee = assignee.filter(|held| held.is_live(Utc::now()));
            Ok(Some(details))
        })
        .await?;
    details.ok_or_else(|| Error::not_found("session"))
}

fn engines(state: &AppState) -> Engines {
    Engines {
        user_agents: state.user_agents.clone(),
        screening: state.screening.clone(),
        geoip: state.geoip.clone(),
        today: Utc::now().date_naive(),
    }
}

async fn refuse_taken_external_id(state: &AppState, company_id: CompanyId, external_id: Option<&str>) -> Result<()> {
    let Some(external_id) = external_id.map(str::to_owned) else { return Ok(()) };
    let taken = state.db.read(move |conn| db::sessions::external_id_taken(conn, company_id, &external_id)).await?;
    if taken { Err(external_id_conflict()) } else { Ok(()) }
}

fn external_id_conflict() -> Error {
    Error::Conflict("a session with this external_id already exists".into())
}

/// A photo whose size and type were checked, with its sniffed content type.
struct CheckedPhoto {
    kind: PhotoKind,
    content_type: &'static str,
    bytes: Vec<u8>,
}

/// Checks each photo's size and its type by its bytes, before anything is stored.
fn checked_photos(photos: Vec<IncomingPhoto>) -> Result<Vec<CheckedPhoto>> {
    photos
        .into_iter()
        .map(|photo| {
            if photo.bytes.len() > MAX_PHOTO_BYTES {
                return Err(Error::TooLarge(format!("the {} photo is larger than 10 MiB", photo.kind)));
            }
            let content_type = sniff_image_type(&photo.bytes).ok_or_else(|| {
                Error::UnsupportedMediaType(format!("the {} photo is not a JPEG, PNG or WebP image", photo.kind))
            })?;
            Ok(CheckedPhoto { kind: photo.kind, content_type, bytes: photo.bytes })
        })
        .collect()
}

/// Puts the bytes again where a concurrent clean-up removed them between our `put` and our
/// commit (the clean-up saw no row yet); after the commit, ours is there to protect them.
fn restore_removed(state: &AppState, photos: &[CheckedPhoto]) -> Result<()> {
    photos.iter().try_for_each(|photo| state.blobs.put(&photo.bytes).map(drop)).map_err(Into::into)
}

fn store_photos(state: &AppState, photos: &[CheckedPhoto]) -> Result<Vec<Photo>> {
    photos
        .iter()
        .map(|photo| {
            Ok(Photo {
                sha256: state.blobs.put(&photo.bytes)?,
                size_bytes: photo.bytes.len() as i64,
                kind: photo.kind.clone(),
                content_type: photo.content_type.to_owned(),
                created_at: Utc::now(),
            })
        })
        .collect()
}
