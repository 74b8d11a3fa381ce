//! The CSV export of the sessions list, streamed a page at a time.

use actix_web::{HttpResponse, get, web};
use bytes::Bytes;
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, Problem};
use super::sessions::{ListQuery, SpoofFilter, session_filter};
use super::wire::text::Text;
use super::wire::{Binary, DocumentType, SessionStatus, export};
use crate::cases::Actor;
use crate::cases::export::{ExportPages, export_sessions as start_export};
use crate::state::AppState;

/// The sessions list's filters (`GET /sessions`), without paging.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
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
    /// Changed at or after (RFC 3339).
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<ExportQuery> for ListQuery {
    fn from(query: ExportQuery) -> Self {
        let ExportQuery { status, verified, q, document_type, spoof, from, to, updated_since } = query;
        ListQuery { limit: None, cursor: None, order: None, status, verified, q, document_type, spoof, from, to, updated_since }
    }
}

/// Export the filtered sessions list as CSV
///
/// Every session the list's filters find, newest first, as `text/csv` (UTF-8, RFC 4180, a
/// header row): `id`, `external_id`, `status`, `status_reason` (the code the list shows as a
/// tag), `created_at`, `updated_at`, `first_name`, `last_name`, `document_type`,
/// `document_number`, `personal_number`, `nationality`, `verified`, `document_valid`,
/// `liveness_passed`, `face_match_level`, `document_real`, `full_document_detected`,
/// `mrz_valid`, `pep_status`, `liveness_finished`, `document_finished`. Booleans are
/// `true`/`false`, unknown values empty, times RFC 3339 UTC; no photos. A cell that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` so that spreadsheets do not
/// run it. Sessions created after the request are left out. Admins only; audited as
/// `session.export.csv` with the filters used (never their values) and the row count.
#[utoipa::path(
    tag = "sessions",
    params(ExportQuery),
    responses(
        (status = 200, description = "The CSV, streamed",
            content((inline(Binary) = "text/csv")),
            headers(
                ("Content-Disposition" = String, description = "attachment; filename=\"sessions-{date}.csv\""),
                ("X-Total-Count" = i64, description = "The rows the export holds (counted when it started)"),
            )),
        (status = 400, description = "A filter is malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only an admin may export", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/export.csv")]
pub async fn export_sessions(state: web::Data<AppState>, actor: Actor, query: web::Query<ExportQuery>) -> Result<HttpResponse, ApiError> {
    let pages = start_export(&state, &actor, session_filter(query.into_inner().into())).await?;
    let filename = format!("sessions-{}.csv", chrono::Utc::now().format("%Y-%m-%d"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{filename}\"")))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Total-Count", pages.rows.to_string()))
        .streaming(csv_chunks(pages)))
}

/// The header, then one chunk per page. A failure after the first byte can only cut the
/// response short (the status is sent): it is logged and the stream ends with an error, so the
/// client sees a broken transfer rather than a complete-looking file.
fn csv_chunks(pages: ExportPages) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    let failed = |error: String| {
        log::error!("the sessions export stopped: {error}");
        std::io::Error::other("the export stopped")
    };
    let header = futures_util::stream::once(async move { export::header().map(Bytes::from).map_err(|error| failed(error.to_string())) });
    let body = futures_util::stream::try_unfold(pages, move |mut pages| async move {
        match pages.next_page().await {
            Ok(Some(page)) => Ok(Some((Bytes::from(export::rows(&page).map_err(|error| failed(error.to_string()))?), pages))),
            Ok(None) => Ok(None),
            Err(error) => Err(failed(format!("{error:#}"))),
        }
    });
    futures_util::StreamExt::chain(header, body)
}
