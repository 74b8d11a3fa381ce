//! Report endpoints: the session's PDF export and the check of a printed report's code.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, Problem};
use super::extract::{Expensive, path_id};
use super::wire::text::Text;
use super::wire::{Binary, ReportLanguage};
use crate::cases::reports::{self as use_cases, Verification};
use crate::cases::Actor;
use crate::state::AppState;
use kyc_domain::report::{Language, VerificationCode};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `en` (default) or `ka`.
    pub lang: Option<ReportLanguage>,
}

/// Export a session as a PDF report
///
/// An A4 print form for regulators: photos, summary, verification, MRZ check, customer
/// activity, PEP screening, extra fields, notes and decisions, attempts. Every page's footer
/// carries the SHA-256 of the canonical session record and a verification code that
/// `GET /reports/verify` checks later. Each export is audited as `session.export`.
#[utoipa::path(
    tag = "reports",
    params(("id" = String, Path, format = Uuid, description = "Session id"), ReportQuery),
    responses(
        (status = 200, description = "The report; the code is also in `X-Verification-Code`",
            content((inline(Binary) = "application/octet-stream"), (inline(Binary) = "application/pdf")),
            headers(
                ("Content-Disposition" = String, description = "attachment; filename=\"session-{id}-report-{lang}.pdf\""),
                ("X-Verification-Code" = String, description = "The code printed on every page"),
            )),
        (status = 400, description = "Unknown language", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session in the caller's company", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions/{id}/report.pdf")]
pub async fn get_report_pdf(state: web::Data<AppState>, Expensive(actor): Expensive, id: web::Path<String>, query: web::Query<ReportQuery>) -> Result<HttpResponse, ApiError> {
    let (id, language) = (path_id(&id, "session")?, query.lang.map_or(Language::En, Into::into));
    let report = use_cases::get_report_pdf(&state, &actor, id, language).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{}\"", report.filename())))
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Verification-Code", report.code.to_string()))
        .body(report.pdf))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// The code printed in the report's footer, e.g. `7K2QD-M9XHA` (case, spaces and hyphens do
    /// not matter): ten letters and digits of Crockford's base32.
    #[param(value_type = String, max_length = 32)]
    pub code: Text<32>,
}

/// Whether a printed report is known and still matches the stored session.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "code": "7K2QD-M9XHA", "valid": true, "current": false, "verdict": "changed",
    "session_id": "0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a", "generated_at": "2026-11-30T12:00:00Z",
    "generated_by": "Tamar Admin", "language": "en", "pages": 3,
    "record_hash": "5f2c…", "current_record_hash": "a91e…"
}))]
pub struct ReportVerification {
    /// The code as read, in its printed form.
    pub code: String,
    /// Whether a report of the caller's company carries this code.
    pub valid: bool,
    /// Whether the session as stored now still hashes to what the report printed.
    pub current: bool,
    pub verdict: ReportVerdict,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub session_id: Option<String>,
    pub generated_at: Option<DateTime<Utc>>,
    pub generated_by: Option<String>,
    pub language: Option<ReportLanguage>,
    pub pages: Option<i32>,
    /// The SHA-256 printed on the report.
    pub record_hash: Option<String>,
    /// The SHA-256 of the session record as stored now.
    pub current_record_hash: Option<String>,
    /// When the session was redacted, for the `redacted` verdict.
    pub redacted_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What a verification found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportVerdict {
    /// The report matches the stored record.
    Current,
    /// The session changed since the report was made.
    Changed,
    /// The session is no longer stored.
    SessionMissing,
    /// No report of the caller's company carries this code.
    UnknownCode,
    /// The session was redacted under the retention rules (`redacted_at` says when): what the
    /// report printed is no longer stored.
    Redacted,
}

/// Check a printed report's verification code
///
/// Tells a report that still matches the stored session from one whose session changed since
/// (a note, a decision, a new attempt). A code of another company answers exactly like an
/// unknown code. Each check is audited as `report.verify`.
#[utoipa::path(
    tag = "reports",
    params(VerifyQuery),
    responses(
        (status = 200, description = "What the code names, and whether the report is current", body = ReportVerification),
        (status = 400, description = "Not a verification code", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/reports/verify")]
pub async fn verify_report(state: web::Data<AppState>, actor: Actor, query: web::Query<VerifyQuery>) -> Result<web::Json<ReportVerification>, ApiError> {
    let code = VerificationCode::parse(&query.code).map_err(|error| ApiError::BadRequest(error.to_string()))?;
    let verification = use_cases::verify_report(&state, &actor, &code).await?;
    Ok(web::Json(verification_view(&code, verification)))
}

fn verification_view(code: &VerificationCode, verification: Verification) -> ReportVerification {
    let mut view = ReportVerification {
        code: code.to_string(),
        valid: false,
        current: false,
        verdict: ReportVerdict::UnknownCode,
        session_id: None,
        generated_at: None,
        generated_by: None,
        language: None,
        pages: None,
        record_hash: None,
        current_record_hash: None,
        redacted_at: None,
    };
    let (export, current_hash) = match verification {
        Verification::UnknownCode => return view,
        Verification::SessionMissing(export) => (export, None),
        Verification::Found { export, current_hash } => (export, Some(current_hash)),
        Verification::Redacted { export, redaction } => {
            view.redacted_at = Some(redaction.at);
            (export, None)
        }
    };
    view.valid = true;
    view.current = current_hash.as_deref() == Some(export.record_hash.as_str());
    view.verdict = match (&current_hash, view.current) {
        (None, _) if view.redacted_at.is_some() => ReportVerdict::Redacted,
        (None, _) => ReportVerdict::SessionMissing,
        (Some(_), true) => ReportVerdict::Current,
        (Some(_), false) => ReportVerdict::Changed,
    };
    view.session_id = Some(export.session_id.to_string());
    view.generated_at = Some(export.generated_at);
    view.generated_by = Some(export.generated_by_name);
    view.language = Some(export.language.into());
    view.pages = Some(export.pages);
    view.record_hash = Some(export.record_hash);
    view.current_record_hash = current_hash;
    view
}
