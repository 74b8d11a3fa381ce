//! Turning one reported attempt into what the back-office stores: the MRZ check, the
//! user-agent summary, the sanctions screening and the status under the company's rules.
//!
//! Pure orchestration over the domain engines; the handlers call it and the `Db` stores its result.

use crate::api::error::{ApiError, FieldProblem};
use crate::api::views::{AttemptInput, DocumentFieldsInput, DocumentSpoof};
use crate::db::{AttemptRecord, ExtraFieldValue, SessionRecord};
use crate::screening::{ScreeningOutcome, ScreeningService, pep_status};
use chrono::NaiveDate;
use kyc_domain::extra_fields::validate_extra_fields;
use kyc_domain::mrz::{self, MrzRecord};
use kyc_domain::screening::{PersonQuery, Sex};
use kyc_domain::session::rules::{CheckOutcomes, CompanySettings, StatusDecision, decide_status};
use kyc_domain::session::{DocumentType, FaceMatchLevel};
use kyc_domain::user_agent::{UserAgentSummarizer, UserAgentSummary};

const MAX_EXTERNAL_ID_LEN: usize = 200;
const MAX_TEXT_FIELD_LEN: usize = 200;
const MAX_MRZ_LINES: usize = 3;

/// The engines an ingest needs, borrowed from the application state.
pub struct Engines<'a> {
    pub user_agents: &'a UserAgentSummarizer,
    pub screening: &'a ScreeningService,
    pub today: NaiveDate,
}

/// One attempt after every check ran.
#[derive(Debug, Clone)]
pub struct EvaluatedAttempt {
    pub document_type: Option<DocumentType>,
    pub summary: Summary,
    pub mrz_lines: Vec<String>,
    pub mrz: MrzRecord,
    pub document_valid: bool,
    pub face_match_level: Option<FaceMatchLevel>,
    pub liveness_passed: Option<bool>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
    pub user_agent: Option<UserAgentSummary>,
    pub user_agent_data_version: String,
    pub client_ip: Option<String>,
    pub started_at: Option<chrono::NaiveDateTime>,
    pub finished_at: Option<chrono::NaiveDateTime>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub extra_fields: Vec<(String, String)>,
    pub screening: Option<ScreeningOutcome>,
    pub decision: StatusDecision,
    pub search_text: String,
}

/// The person as the Summary section shows them: MRZ first, front-side OCR where the MRZ is silent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub expiration_date: Option<String>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
}

pub fn evaluate(
    input: &AttemptInput,
    settings: &CompanySettings,
    engines: &Engines<'_>,
) -> Result<EvaluatedAttempt, ApiError> {
    let mrz_lines = check_mrz_shape(&input.document.mrz)?;
    let line_refs: Vec<&str> = mrz_lines.iter().map(String::as_str).collect();
    // Written out once: the summary reads its fields and the session stores it as JSON.
    let mrz = mrz::check_lines(&line_refs, engines.today).map_err(mrz_problem("document.mrz"))?.record();
    let front = input.document.fields.clone().unwrap_or_default();
    check_front_fields(&front)?;
    let summary = summarize(&mrz, &front);
    let verification = input.verification.clone().unwrap_or_default();
    let face_match_level = verification
        .face_match_level
        .map(FaceMatchLevel::new)
        .transpose()
        .map_err(|error| ApiError::unprocessable("verification.face_match_level", error.to_string()))?;
    let activity = input.activity.clone().unwrap_or_default();
    let client_ip = activity.client_ip.as_deref().map(parse_ip).transpose()?;
    let user_agent = activity.user_agent.as_deref().map(|raw| engines.user_agents.summarize(raw));
    let extra_fields = validate_extra_fields(&settings.extra_fields, &input.extra_fields.clone().unwrap_or_default())
        .map_err(extra_field_problems)?;
    let expired = summary.expiration_date.as_deref().and_then(parse_date).map(|date| date < engines.today);
    let document_valid = mrz.valid && expired != Some(true);
    let screening = engines.screening.screen(&person_query(&summary, &front));
    let finished = activity.finished_at.is_some()
        && activity.liveness_finished.unwrap_or(false)
        && activity.document_finished.unwrap_or(false);
    let outcomes = CheckOutcomes {
        finished,
        liveness_passed: verification.liveness_passed,
        face_match_level,
        document_real: verification.document_spoof.map(|spoof| spoof == DocumentSpoof::Real),
        full_document_detected: verification.full_document_detected,
        mrz_valid: Some(mrz.valid),
        document_expired: expired,
        nationality: summary.nationality.clone(),
        ip_country: None,
        screening_hit: screening.as_ref().is_some_and(|outcome| !outcome.matches.is_empty()),
        ..CheckOutcomes::default()
    };
    Ok(EvaluatedAttempt {
        document_type: input.document.document_type.map(Into::into),
        search_text: search_text(&summary, &front),
        mrz_lines,
        document_valid,
        face_match_level,
        liveness_passed: verification.liveness_passed,
        document_real: outcomes.document_real,
        full_document_detected: verification.full_document_detected,
        user_agent,
        user_agent_data_version: engines.user_agents.data_version().to_owned(),
        client_ip,
        started_at: activity.started_at.map(|at| at.naive_utc()),
        finished_at: activity.finished_at.map(|at| at.naive_utc()),
        liveness_finished: activity.liveness_finished.unwrap_or(false),
        document_finished: activity.document_finished.unwrap_or(false),
        extra_fields,
        screening,
        decision: decide_status(&outcomes, settings),
        summary,
        mrz,
    })
}

/// Writes an evaluated attempt onto the session: the session shows its latest attempt.
pub fn apply_to_session(session: &mut SessionRecord, attempt: &EvaluatedAttempt) -> Result<(), ApiError> {
    let summary = attempt.summary.clone();
    session.document_type = attempt.document_type.map(|kind| kind.as_str().to_owned());
    session.first_name = summary.first_name;
    session.last_name = summary.last_name;
    session.document_number = summary.document_number;
    session.personal_number = summary.personal_number;
    session.sex = summary.sex;
    session.birth_date = summary.birth_date;
    session.expiration_date = summary.expiration_date;
    session.nationality = summary.nationality;
    session.issuing_state = summary.issuing_state;
    session.search_text = attempt.search_text.clone();
    session.status = attempt.decision.status.as_str().to_owned();
    session.verified = attempt.decision.verified;
    session.liveness_passed = attempt.liveness_passed;
    session.document_valid = Some(attempt.document_valid);
    session.face_match_level = attempt.face_match_level.map(|level| i32::from(level.value()));
    session.document_real = attempt.document_real;
    session.full_document_detected = attempt.full_document_detected;
    session.mrz_lines = Some(attempt.mrz_lines.join("\n"));
    session.mrz_valid = Some(attempt.mrz.valid);
    session.mrz_report_json = Some(to_json(&attempt.mrz)?);
    apply_user_agent(session, attempt);
    session.client_ip = attempt.client_ip.clone();
    session.started_at = attempt.started_at;
    session.finished_at = attempt.finished_at;
    session.liveness_finished = attempt.liveness_finished;
    session.document_finished = attempt.document_finished;
    session.pep_status = pep_status(attempt.screening.as_ref()).to_owned();
    session.pep_matches_count = attempt.screening.as_ref().map_or(0, |s| s.matches.len() as i32);
    session.pep_result_json = attempt.screening.as_ref().map(to_json).transpose()?;
    session.screened_at = attempt.screening.as_ref().map(|_| crate::db::now());
    session.decision_trace_json = Some(to_json(&attempt.decision)?);
    session.pending_approval_by = None;
    session.updated_at = crate::db::now();
    Ok(())
}

fn apply_user_agent(session: &mut SessionRecord, attempt: &EvaluatedAttempt) {
    let ua = attempt.user_agent.as_ref();
    session.user_agent_raw = ua.map(|u| u.raw.clone());
    session.device_name = ua.map(|u| u.device_name.clone());
    session.device_type = ua.map(|u| u.device_type.as_str().to_owned());
    session.browser = ua.map(|u| u.browser.clone());
    session.os = ua.map(|u| u.os.clone());
    session.in_app_browser = ua.and_then(|u| u.in_app_browser.clone());
    session.user_agent_data_version = ua.map(|_| attempt.user_agent_data_version.clone());
}

pub fn attempt_record(
    session_id: &str,
    number: i32,
    attempt: &EvaluatedAttempt,
    input: &AttemptInput,
) -> Result<AttemptRecord, ApiError> {
    let ua = attempt.user_agent.as_ref();
    Ok(AttemptRecord {
        id: crate::db::new_id(),
        session_id: session_id.to_owned(),
        number,
        started_at: attempt.started_at,
        finished_at: attempt.finished_at,
        liveness_finished: attempt.liveness_finished,
        document_finished: attempt.document_finished,
        face_match_level: attempt.face_match_level.map(|level| i32::from(level.value())),
        liveness_passed: attempt.liveness_passed,
        document_valid: Some(attempt.document_valid),
        mrz_valid: Some(attempt.mrz.valid),
        user_agent_raw: ua.map(|u| u.raw.clone()),
        device_name: ua.map(|u| u.device_name.clone()),
        device_type: ua.map(|u| u.device_type.as_str().to_owned()),
        browser: ua.map(|u| u.browser.clone()),
        os: ua.map(|u| u.os.clone()),
        client_ip: attempt.client_ip.clone(),
        payload_json: to_json(input)?,
        created_at: crate::db::now(),
    })
}

pub fn extra_field_values(session_id: &str, attempt: &EvaluatedAttempt) -> Vec<ExtraFieldValue> {
    attempt
        .extra_fields
        .iter()
        .map(|(name, value)| ExtraFieldValue {
            session_id: session_id.to_owned(),
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

pub fn check_external_id(external_id: Option<&str>) -> Result<(), ApiError> {
    match external_id {
        Some(id) if id.trim().is_empty() || id.chars().count() > MAX_EXTERNAL_ID_LEN => Err(
            ApiError::unprocessable("external_id", format!("must be 1 to {MAX_EXTERNAL_ID_LEN} characters")),
        ),
        _ => Ok(()),
    }
}

fn check_mrz_shape(lines: &[String]) -> Result<Vec<String>, ApiError> {
    if lines.is_empty() || lines.len() > MAX_MRZ_LINES {
        return Err(ApiError::unprocessable("document.mrz", "must have 1 to 3 lines"));
    }
    Ok(lines.iter().map(|line| line.trim_end().to_owned()).collect())
}

fn check_front_fields(front: &DocumentFieldsInput) -> Result<(), ApiError> {
    let texts = [
        ("first_name", &front.first_name),
        ("last_name", &front.last_name),
        ("document_number", &front.document_number),
        ("personal_number", &front.personal_number),
        ("sex", &front.sex),
        ("nationality", &front.nationality),
        ("issuing_state", &front.issuing_state),
    ];
    for (name, value) in texts {
        if value.as_ref().is_some_and(|v| v.chars().count() > MAX_TEXT_FIELD_LEN) {
            return Err(ApiError::unprocessable(
                &format!("document.fields.{name}"),
                format!("is longer than {MAX_TEXT_FIELD_LEN} characters"),
            ));
        }
    }
    Ok(())
}

/// Maps a structurally unusable MRZ to a 422 that says which line and position.
pub fn mrz_problem(field: &'static str) -> impl Fn(mrz::MrzInputError) -> ApiError {
    move |error| ApiError::Unprocessable {
        detail: format!("{field}: {error}"),
        errors: vec![FieldProblem {
            field: format!("{field}[{}]", error.line),
            message: error.to_string(),
            line: Some(error.line),
            position: error.position,
        }],
    }
}

fn extra_field_problems(errors: Vec<kyc_domain::extra_fields::ExtraFieldError>) -> ApiError {
    let problems: Vec<FieldProblem> = errors
        .iter()
        .map(|error| FieldProblem {
            field: format!("extra_fields.{}", error.field_name()),
            message: error.to_string(),
            line: None,
            position: None,
        })
        .collect();
    let detail = problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ");
    ApiError::Unprocessable { detail, errors: problems }
}

fn parse_ip(text: &str) -> Result<String, ApiError> {
    text.trim()
        .parse::<std::net::IpAddr>()
        .map(|ip| ip.to_string())
        .map_err(|_| ApiError::unprocessable("activity.client_ip", "is not an IPv4 or IPv6 address"))
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn summarize(mrz: &MrzRecord, front: &DocumentFieldsInput) -> Summary {
    let fields = &mrz.fields;
    let either = |from_mrz: &Option<mrz::CompactString>, from_front: &Option<String>| {
        non_empty(from_mrz).or_else(|| non_empty(from_front))
    };
    Summary {
        first_name: either(&fields.first_name, &front.first_name),
        last_name: either(&fields.last_name, &front.last_name),
        document_number: either(&fields.document_number, &front.document_number),
        personal_number: either(&fields.personal_number, &front.personal_number),
        sex: non_empty(&fields.sex).or_else(|| front.sex.as_deref().and_then(normalize_sex)),
        birth_date: non_empty(&fields.birth_date).or_else(|| front.birth_date.map(|d| d.to_string())),
        expiration_date: non_empty(&fields.expiration_date).or_else(|| front.expiration_date.map(|d| d.to_string())),
        nationality: either(&fields.nationality, &front.nationality),
        issuing_state: either(&fields.issuing_state, &front.issuing_state),
    }
}

fn non_empty(value: &Option<impl AsRef<str>>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().trim()).filter(|v| !v.is_empty()).map(str::to_owned)
}

fn normalize_sex(text: &str) -> Option<String> {
    match text.trim().to_ascii_uppercase().as_str() {
        "M" | "MALE" => Some("male".to_owned()),
        "F" | "FEMALE" => Some("female".to_owned()),
        "X" | "<" => Some("nonspecified".to_owned()),
        _ => None,
    }
}

fn person_query(summary: &Summary, front: &DocumentFieldsInput) -> PersonQuery {
    let native_name = [front.first_name.as_deref(), front.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let is_non_latin = native_name.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    PersonQuery {
        first_name: summary.first_name.clone(),
        last_name: summary.last_name.clone(),
        native_names: if is_non_latin { vec![native_name] } else { Vec::new() },
        birth_date: summary.birth_date.clone(),
        nationality: summary.nationality.clone(),
        sex: summary.sex.as_deref().and_then(Sex::parse),
        document_number: summary.document_number.clone(),
    }
}

fn search_text(summary: &Summary, front: &DocumentFieldsInput) -> String {
    [
        &summary.first_name,
        &summary.last_name,
        &summary.document_number,
        &summary.personal_number,
        &front.first_name,
        &front.last_name,
    ]
    .into_iter()
    .flatten()
    .map(|text| text.to_lowercase())
    .collect::<Vec<_>>()
    .join(" ")
}

pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String, ApiError> {
    serde_json::to_string(value).map_err(|error| ApiError::Internal(error.to_string()))
}
