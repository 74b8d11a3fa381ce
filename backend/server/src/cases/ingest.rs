//! Evaluating one attempt of a person: every engine runs on what the capture pipeline reported
//! (MRZ check, user-agent summary, sanctions screening, extra-field validation) and the company's
//! status rules decide the session's status. The result is written onto the session as it stands.

use super::{Error, FieldProblem, Result};
use crate::db::{Activity, Attempt, Checks, ExtraFieldValue, FrontSide, Person, SessionData};
use crate::geoip::GeoIp;
use crate::screening::ScreeningIndex;
use chrono::{DateTime, NaiveDate, Utc};
use kyc_domain::extra_fields::{ExtraFieldError, validate_extra_fields};
use kyc_domain::mrz::{self, MrzRecord};
use kyc_domain::screening::{PersonQuery, ScreeningOutcome, Sex};
use kyc_domain::session::rules::{CheckOutcomes, CompanySettings, StatusDecision, decide_status};
use kyc_domain::session::{DocumentType, FaceMatchLevel};
use kyc_domain::user_agent::UserAgentSummarizer;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

/// A session to create: the client's reference and the first attempt.
#[derive(Debug, Clone, Default)]
pub struct NewSession {
    pub external_id: Option<String>,
    pub attempt: AttemptReport,
}

/// One attempt as the capture pipeline reports it, parsed at the edge.
#[derive(Debug, Clone, Default)]
pub struct AttemptReport {
    pub document_type: Option<DocumentType>,
    /// The machine-readable zone, one string per line, as captured.
    pub mrz: Vec<String>,
    /// What OCR read on the document's front side.
    pub front: FrontSide,
    pub verification: VerificationReport,
    pub activity: ActivityReport,
    /// Company-defined fields such as phone and e-mail, checked against the company's definitions.
    pub extra_fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct VerificationReport {
    pub liveness_passed: Option<bool>,
    pub face_match_level: Option<FaceMatchLevel>,
    /// `false` when the document was shown on a screen or printed.
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityReport {
    pub user_agent: Option<String>,
    pub client_ip: Option<IpAddr>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub liveness_finished: bool,
    pub document_finished: bool,
}

/// The engines an evaluation needs, shared with the application state (each is a cheap
/// handle), so that an evaluation can run on the heavy-work pool.
#[derive(Clone)]
pub struct Engines {
    pub user_agents: Arc<UserAgentSummarizer>,
    pub screening: ScreeningIndex,
    pub geoip: GeoIp,
    pub today: NaiveDate,
}

/// One attempt after every check ran.
#[derive(Debug, Clone)]
pub struct EvaluatedAttempt {
    pub person: Person,
    pub search_text: String,
    pub checks: Checks,
    pub mrz_lines: Vec<String>,
    pub mrz_report: MrzRecord,
    pub activity: Activity,
    pub front: FrontSide,
    pub extra_fields: Vec<ExtraFieldValue>,
    pub screening: Option<ScreeningOutcome>,
    pub decision: StatusDecision,
}

pub fn evaluate(report: &AttemptReport, settings: &CompanySettings, engines: &Engines) -> Result<EvaluatedAttempt> {
    let line_refs: Vec<&str> = report.mrz.iter().map(String::as_str).collect();
    let mrz_lines = mrz::read_lines(&line_refs).map_err(|error| Error::mrz("document.mrz", error))?;
    let line_refs: Vec<&str> = mrz_lines.iter().map(String::as_str).collect();
    // Written out once: the summary reads its fields and the session stores it as JSON.
    let mrz_report =
        mrz::check_lines(&line_refs, engines.today).map_err(|error| Error::mrz("document.mrz", error))?.record();
    let person = summarize(report.document_type, &mrz_report, &report.front);
    let extra_fields =
        validate_extra_fields(&settings.extra_fields, &report.extra_fields).map_err(extra_field_problems)?;
    let screening = engines.screening.screen(&person_query(&person, &report.front));
    let ip_country = report.activity.client_ip.and_then(|ip| engines.geoip.country(ip));
    let outcomes = check_outcomes(report, &person, &mrz_report, screening.as_ref(), ip_country.clone(), engines.today);
    let activity = &report.activity;
    Ok(EvaluatedAttempt {
        search_text: search_text(&person, &report.front),
        checks: Checks {
            liveness_passed: report.verification.liveness_passed,
            document_valid: outcomes.document_valid(),
            face_match_level: report.verification.face_match_level,
            document_real: report.verification.document_real,
            full_document_detected: report.verification.full_document_detected,
            mrz_valid: Some(mrz_report.valid),
        },
        activity: Activity {
            user_agent: activity.user_agent.as_deref().map(|raw| engines.user_agents.summarize(raw)),
            user_agent_data_version: activity
                .user_agent
                .as_ref()
                .map(|_| engines.user_agents.data_version().to_owned()),
            client_ip: activity.client_ip,
            ip_country,
            started_at: activity.started_at,
            finished_at: activity.finished_at,
            liveness_finished: activity.liveness_finished,
            document_finished: activity.document_finished,
        },
        front: report.front.clone(),
        extra_fields: extra_fields.into_iter().map(|(name, value)| ExtraFieldValue { name, value }).collect(),
        decision: decide_status(&outcomes, settings),
        mrz_lines,
        mrz_report,
        person,
        screening,
    })
}

fn check_outcomes(
    report: &AttemptReport,
    person: &Person,
    mrz: &MrzRecord,
    screening: Option<&ScreeningOutcome>,
    ip_country: Option<String>,
    today: NaiveDate,
) -> CheckOutcomes {
    let activity = &report.activity;
    let expired = person.expiration_date.as_deref().and_then(parse_date).map(|date| date < today);
    CheckOutcomes {
        finished: activity.finished_at.is_some() && activity.liveness_finished && activity.document_finished,
        liveness_passed: report.verification.liveness_passed,
        face_match_level: report.verification.face_match_level,
        document_real: report.verification.document_real,
        full_document_detected: report.verification.full_document_detected,
        mrz_valid: Some(mrz.valid),
        document_expired: expired,
        nationality: person.nationality.clone(),
        ip_country,
        screening_hit: screening.is_some_and(|outcome| !outcome.matches.is_empty()),
        ..CheckOutcomes::default()
    }
}

impl EvaluatedAttempt {
    /// Writes the attempt onto the session: the session shows its latest attempt. A pending
    /// first approval belongs to the attempt it was given for, so it is dropped.
    pub fn apply_to(&self, session: &mut SessionData, now: DateTime<Utc>) {
        session.person = self.person.clone();
        session.search_text = self.search_text.clone();
        session.status = self.decision.status;
        session.verified = self.decision.verified;
        session.checks = self.checks.clone();
        session.mrz_lines = self.mrz_lines.clone();
        session.mrz_report = Some(self.mrz_report.clone());
        session.activity = self.activity.clone();
        session.screened_at = self.screening.as_ref().map(|_| now);
        session.screening = self.screening.clone();
        session.decision_trace = Some(self.decision.clone());
        session.pending_approval_by = None;
        session.updated_at = now;
    }

    /// The attempt as the attempts history keeps it.
    pub fn attempt(&self, number: i32, now: DateTime<Utc>) -> Attempt {
        Attempt {
            number,
            started_at: self.activity.started_at,
            finished_at: self.activity.finished_at,
            liveness_finished: self.activity.liveness_finished,
            document_finished: self.activity.document_finished,
            face_match_level: self.checks.face_match_level,
            liveness_passed: self.checks.liveness_passed,
            document_valid: self.checks.document_valid,
            mrz_valid: self.checks.mrz_valid,
            user_agent: self.activity.user_agent.clone(),
            client_ip: self.activity.client_ip,
            ip_country: self.activity.ip_country.clone(),
            front_side: self.front.clone(),
            created_at: now,
        }
    }
}

fn extra_field_problems(errors: Vec<ExtraFieldError>) -> Error {
    Error::invalid_fields(
        errors
            .iter()
            .map(|error| FieldProblem {
                field: format!("extra_fields.{}", error.field_name()),
                message: error.to_string(),
                line: None,
                position: None,
            })
            .collect(),
    )
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The person as the Summary section shows them: MRZ first, front-side OCR where the MRZ is silent.
fn summarize(document_type: Option<DocumentType>, mrz: &MrzRecord, front: &FrontSide) -> Person {
    let fields = &mrz.fields;
    let either = |from_mrz: &Option<mrz::CompactString>, from_front: &Option<String>| {
        non_empty(from_mrz).or_else(|| non_empty(from_front))
    };
    Person {
        document_type,
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

fn person_query(person: &Person, front: &FrontSide) -> PersonQuery {
    let native_name =
        [front.first_name.as_deref(), front.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let is_non_latin = native_name.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
    PersonQuery {
        native_names: if is_non_latin { vec![native_name] } else { Vec::new() },
        ..stored_person_query(person)
    }
}

/// The person a stored session describes, as a screening query (re-screening after an import).
pub fn stored_person_query(person: &Person) -> PersonQuery {
    PersonQuery {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        native_names: Vec::new(),
        birth_date: person.birth_date.clone(),
        nationality: person.nationality.clone(),
        sex: person.sex.as_deref().and_then(Sex::parse),
        document_number: person.document_number.clone(),
    }
}

fn search_text(person: &Person, front: &FrontSide) -> String {
    [
        &person.first_name,
        &person.last_name,
        &person.document_number,
        &person.personal_number,
        &front.first_name,
        &front.last_name,
    ]
    .into_iter()
    .flatten()
    .map(|text| text.to_lowercase())
    .collect::<Vec<_>>()
    .join(" ")
}
