//! Status rules: which status a session's checks produce under its company's settings, with a
//! decision trace that says which rule produced it.
//!
//! Every rule is evaluated, in the order of [`RuleName::ALL`], and leaves one [`RuleVerdict`]
//! in the trace. The status then follows from the failed rules that are enforced, by severity:
//!
//! 1. **High-risk country** (nationality from the MRZ, or the country of the client IP) in the
//!    company's lists: `rejected`. A hit stops the session, so it applies even when the session
//!    never finished.
//! 2. **Session not finished**: `not_finished`.
//! 3. Any **check** failed (liveness, face-match level, document authenticity / completeness /
//!    expiry, MRZ, sanctions or PEP screening): `awaiting_action` when the company's awaiting-action
//!    queue is on, `rejected` when it is off. That includes a screening hit: without a queue
//!    nobody is there to clear a false positive, and verifying a possible sanctions match
//!    unseen is the worse mistake.
//! 4. Otherwise `verified`.
//!
//! A check whose result is missing (`None`) on a finished session counts as failed: a session is
//! verified automatically only on positive evidence.
//!
//! Settings that switch rules off: `require_valid_document = false` leaves the three document
//! rules in the trace as information (`enforced: false`). `full_mrz_validation = false` narrows
//! the MRZ rule to the check digits (document number, birth date, expiry, personal number,
//! composite), so problems no check digit covers (an unknown state code such as a specimen's
//! `UTO`, unusual characters in a name, optional-data format) no longer hold the session back.
//!
//! Country codes: nationalities are ICAO/ISO 3166 alpha-3 as printed in the MRZ (Germany's `D` is
//! read as `DEU`); IP countries are ISO 3166 alpha-2, as GeoIP databases report them.
//! Comparisons ignore case and MRZ filler (`<`).

use super::{FaceMatchLevel, SessionStatus};
use crate::accounts::ip_allowlist::StaffIpAllowlist;
use crate::extra_fields::{ExtraFieldDefinition, ExtraFieldDefinitionError, validate_definitions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// A company's verification settings, as far as the status rules use them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CompanySettings {
    /// Lowest accepted face-match level, 1..=7 (level 4 is a false-acceptance rate of 1/1000).
    pub min_face_match_level: u8,
    /// Whether a spoofed, cropped or expired document holds the session back.
    pub require_valid_document: bool,
    /// Every MRZ field must be valid (on), or only the check digits (off).
    pub full_mrz_validation: bool,
    /// ICAO/ISO 3166 alpha-3 codes, e.g. `"IRN"`.
    pub high_risk_nationalities: Vec<String>,
    /// ISO 3166 alpha-2 codes, e.g. `"IR"`.
    pub high_risk_ip_countries: Vec<String>,
    /// Failed checks queue for a person's decision (on) or reject at once (off).
    pub awaiting_action_queue: bool,
    /// Approving a session that failed an automatic check needs a second operator.
    pub four_eyes_review: bool,
    pub extra_fields: Vec<ExtraFieldDefinition>,
    /// Webhook events carry the person's first and last names (off: ids, status and checks
    /// only). Not a status rule: left out of the stored JSON, and so of the fingerprint, while off.
    #[serde(skip_serializing_if = "is_false")]
    pub webhook_include_personal_data: bool,
    /// Every member signs in with a second factor; one without it enrols at their next login.
    /// Not a status rule: left out of the stored JSON while off, like the webhook setting.
    #[serde(skip_serializing_if = "is_false")]
    pub require_mfa: bool,
    /// Where members may sign in and refresh from (empty: anywhere). Not a status rule: left
    /// out of the stored JSON while empty.
    #[serde(skip_serializing_if = "StaffIpAllowlist::is_unrestricted")]
    pub staff_ip_allowlist: StaffIpAllowlist,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Default for CompanySettings {
    fn default() -> Self {
        Self {
            min_face_match_level: 4,
            require_valid_document: true,
            full_mrz_validation: true,
            high_risk_nationalities: Vec::new(),
            high_risk_ip_countries: Vec::new(),
            awaiting_action_queue: true,
            four_eyes_review: false,
            extra_fields: Vec::new(),
            webhook_include_personal_data: false,
            require_mfa: false,
            staff_ip_allowlist: StaffIpAllowlist::unrestricted(),
        }
    }
}

/// Why a company's settings cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SettingsError {
    #[error("minimum face match level must be between 1 and 7, got {level}")]
    FaceMatchLevelOutOfRange { level: u8 },
    #[error("high-risk nationality {code:?} is not a three-letter country code")]
    InvalidNationality { code: String },
    #[error("high-risk IP country {code:?} is not a two-letter country code")]
    InvalidIpCountry { code: String },
    #[error("invalid extra fields: {}", join_messages(.errors))]
    ExtraFields { errors: Vec<ExtraFieldDefinitionError> },
}

fn join_messages(errors: &[ExtraFieldDefinitionError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

impl CompanySettings {
    /// Checks the ranges and code formats; the first problem found is reported.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if FaceMatchLevel::try_from(self.min_face_match_level).is_err() {
            return Err(SettingsError::FaceMatchLevelOutOfRange {
                level: self.min_face_match_level,
            });
        }
        if let Some(code) =
            self.high_risk_nationalities.iter().find(|code| !is_country_code(code, 3))
        {
            return Err(SettingsError::InvalidNationality { code: code.clone() });
        }
        if let Some(code) =
            self.high_risk_ip_countries.iter().find(|code| !is_country_code(code, 2))
        {
            return Err(SettingsError::InvalidIpCountry { code: code.clone() });
        }
        validate_definitions(&self.extra_fields)
            .map_err(|errors| SettingsError::ExtraFields { errors })
    }

    /// The same settings with country codes trimmed, upper-cased, sorted and de-duplicated, so
    /// that `" irn"` typed in a form is stored as `"IRN"` and equal settings fingerprint alike.
    /// Run before [`Self::validate`] when accepting settings from people.
    pub fn normalised(mut self) -> Self {
        normalise_codes(&mut self.high_risk_nationalities);
        normalise_codes(&mut self.high_risk_ip_countries);
        for field in &mut self.extra_fields {
            field.name = field.name.trim().to_owned();
            field.label = field.label.trim().to_owned();
        }
        self
    }

    /// A hex SHA-256 of these settings' canonical JSON. Stored with every status decision, so an
    /// auditor can tell which configuration a decision was made under.
    pub fn fingerprint(&self) -> String {
        // Serialising a struct of strings, numbers and booleans cannot fail; the fallback only
        // keeps this function total.
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }
}

fn normalise_codes(codes: &mut Vec<String>) {
    for code in codes.iter_mut() {
        *code = code.trim().to_ascii_uppercase();
    }
    codes.sort();
    codes.dedup();
}

fn is_country_code(code: &str, len: usize) -> bool {
    code.len() == len && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// What the automatic checks of one session found. `None` means "no result".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckOutcomes {
    /// The person went through the whole flow.
    pub finished: bool,
    pub liveness_passed: Option<bool>,
    pub face_match_level: Option<FaceMatchLevel>,
    /// Document spoof detection: `false` when the document was shown on a screen or printed.
    pub document_real: Option<bool>,
    /// All four corners visible, nothing covering the document.
    pub full_document_detected: Option<bool>,
    /// Every field of the MRZ report is valid.
    pub mrz_valid: Option<bool>,
    /// Every check digit of the MRZ (document number, birth date, expiry, personal number,
    /// composite) matches. Implied by `mrz_valid == Some(true)`.
    pub mrz_check_digits_valid: Option<bool>,
    pub document_expired: Option<bool>,
    /// Nationality as printed in the MRZ (alpha-3, maybe with `<` filler).
    pub nationality: Option<String>,
    /// Country of the client IP (alpha-2).
    pub ip_country: Option<String>,
    /// Sanctions or PEP screening found a potential or confirmed match.
    pub screening_hit: bool,
}

impl CheckOutcomes {
    /// The session page's "Document valid": the MRZ passed its checks and the document has not
    /// expired. `Some(false)` as soon as either failed; an unknown expiry date does not make a
    /// document invalid (many ID cards print none in the MRZ the OCR read). `None` without an
    /// MRZ result. Spoofing and cropping are the separate "ID spoof detection" findings.
    pub fn document_valid(&self) -> Option<bool> {
        match (self.mrz_valid, self.document_expired) {
            (Some(false), _) | (_, Some(true)) => Some(false),
            (Some(true), _) => Some(true),
            (None, _) => None,
        }
    }
}

/// The status rules, in evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleName {
    HighRiskNationality,
    HighRiskIpCountry,
    SessionFinished,
    LivenessPassed,
    FaceMatchLevel,
    DocumentReal,
    FullDocumentDetected,
    DocumentNotExpired,
    MrzValid,
    ScreeningClear,
}

impl RuleName {
    pub const ALL: [RuleName; 10] = [
        Self::HighRiskNationality,
        Self::HighRiskIpCountry,
        Self::SessionFinished,
        Self::LivenessPassed,
        Self::FaceMatchLevel,
        Self::DocumentReal,
        Self::FullDocumentDetected,
        Self::DocumentNotExpired,
        Self::MrzValid,
        Self::ScreeningClear,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::HighRiskNationality => "high_risk_nationality",
            Self::HighRiskIpCountry => "high_risk_ip_country",
            Self::SessionFinished => "session_finished",
            Self::LivenessPassed => "liveness_passed",
            Self::FaceMatchLevel => "face_match_level",
            Self::DocumentReal => "document_real",
            Self::FullDocumentDetected => "full_document_detected",
            Self::DocumentNotExpired => "document_not_expired",
            Self::MrzValid => "mrz_valid",
            Self::ScreeningClear => "screening_clear",
        }
    }

    /// What a failure of this rule does to the status, most severe first.
    pub fn severity(self) -> Severity {
        match self {
            Self::HighRiskNationality | Self::HighRiskIpCountry => Severity::Reject,
            Self::SessionFinished => Severity::Incomplete,
            _ => Severity::Check,
        }
    }
}

impl fmt::Display for RuleName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a failed, enforced rule does to the status, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Rejects the session, finished or not.
    Reject,
    /// Leaves the session `not_finished`.
    Incomplete,
    /// Queues the session for a decision, or rejects it when the queue is off.
    Check,
}

/// One line of the decision trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleVerdict {
    pub rule: RuleName,
    pub passed: bool,
    /// `false` when the company's settings turn this rule into information only.
    pub enforced: bool,
    /// What was found, in words: "face match level 3 is below the required 4".
    pub detail: String,
}

/// The status a session's checks produce, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusDecision {
    pub status: SessionStatus,
    pub verified: bool,
    /// The failed rule that set the status; `None` when every enforced rule passed.
    pub decided_by: Option<RuleName>,
    /// [`CompanySettings::fingerprint`] of the settings in force.
    pub settings_fingerprint: String,
    pub trace: Vec<RuleVerdict>,
    /// A list update found a match after this decision was made (ongoing monitoring); see
    /// [`StatusDecision::record_new_match`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reopened_by_new_match: bool,
}

impl StatusDecision {
    /// One sentence for people: "awaiting_action: face match level 3 is below the required 4".
    pub fn explanation(&self) -> String {
        let reason = self
            .decided_by
            .and_then(|rule| self.trace.iter().find(|verdict| verdict.rule == rule))
            .map_or("every enforced rule passed", |verdict| verdict.detail.as_str());
        format!("{}: {reason}", self.status)
    }

    /// Records that a later screening (after a list import) found a match the session did not
    /// have: the screening rule now fails with `found` named, and a decision that had verified
    /// the session now queues it.
    pub fn record_new_match(&mut self, found: &str) {
        for verdict in self.trace.iter_mut().filter(|verdict| verdict.rule == RuleName::ScreeningClear) {
            verdict.passed = false;
            verdict.enforced = true;
            verdict.detail = format!("new screening match: {found}");
        }
        if self.status == SessionStatus::Verified {
            self.status = SessionStatus::AwaitingAction;
            self.verified = false;
            self.decided_by = Some(RuleName::ScreeningClear);
        }
        self.reopened_by_new_match = true;
    }

    /// Whether an enforced automatic check failed: approving such a session is an override,
    /// which four-eyes review guards.
    pub fn failed_automatic_check(&self) -> bool {
        self.trace.iter().any(|verdict| verdict.enforced && !verdict.passed)
    }
}

/// Applies the company's status rules to a session's check outcomes.
pub fn decide_status(outcomes: &CheckOutcomes, settings: &CompanySettings) -> StatusDecision {
    let trace: Vec<RuleVerdict> =
        RuleName::ALL.into_iter().map(|rule| evaluate(rule, outcomes, settings)).collect();
    let deciding = trace
        .iter()
        .filter(|verdict| verdict.enforced && !verdict.passed)
        .min_by_key(|verdict| verdict.rule.severity());
    let status = match deciding.map(|verdict| verdict.rule.severity()) {
        None => SessionStatus::Verified,
        Some(Severity::Reject) => SessionStatus::Rejected,
        Some(Severity::Incomplete) => SessionStatus::NotFinished,
        Some(Severity::Check) if settings.awaiting_action_queue => SessionStatus::AwaitingAction,
        Some(Severity::Check) => SessionStatus::Rejected,
    };
    StatusDecision {
        status,
        verified: status == SessionStatus::Verified,
        decided_by: deciding.map(|verdict| verdict.rule),
        settings_fingerprint: settings.fingerprint(),
        trace,
        reopened_by_new_match: false,
    }
}

/// A stored session's status after a list update found it a new match (ongoing monitoring): a
/// verified session goes back to awaiting action so that a person looks at the match, whatever
/// the company's queue setting (no customer is un-verified unseen); every other status stays.
pub fn status_after_new_match(current: SessionStatus) -> SessionStatus {
    match current {
        SessionStatus::Verified => SessionStatus::AwaitingAction,
        other => other,
    }
}

fn evaluate(rule: RuleName, outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    match rule {
        RuleName::HighRiskNationality => high_risk_nationality(outcomes, settings),
        RuleName::HighRiskIpCountry => high_risk_ip_country(outcomes, settings),
        RuleName::SessionFinished => session_finished(outcomes),
        RuleName::LivenessPassed => liveness_passed(outcomes),
        RuleName::FaceMatchLevel => face_match_level(outcomes, settings),
        RuleName::DocumentReal => document_real(outcomes, settings),
        RuleName::FullDocumentDetected => full_document_detected(outcomes, settings),
        RuleName::DocumentNotExpired => document_not_expired(outcomes, settings),
        RuleName::MrzValid => mrz_valid(outcomes, settings),
        RuleName::ScreeningClear => screening_clear(outcomes),
    }
}

fn verdict(rule: RuleName, passed: bool, detail: impl Into<String>) -> RuleVerdict {
    RuleVerdict { rule, passed, enforced: true, detail: detail.into() }
}

fn informational(mut verdict: RuleVerdict, why: &str) -> RuleVerdict {
    verdict.enforced = false;
    verdict.detail = format!("{} ({why})", verdict.detail);
    verdict
}

/// MRZ nationality as a plain alpha-3 code: filler removed, upper case, Germany's `D` as `DEU`.
fn normalise_nationality(printed: &str) -> String {
    let code = printed.trim().trim_end_matches('<').to_ascii_uppercase();
    if code == "D" { "DEU".to_owned() } else { code }
}

fn listed(code: &str, list: &[String]) -> bool {
    list.iter().any(|listed| listed.trim().eq_ignore_ascii_case(code))
}

fn high_risk_nationality(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let rule = RuleName::HighRiskNationality;
    match outcomes.nationality.as_deref().map(normalise_nationality) {
        None => verdict(rule, true, "no nationality read"),
        Some(code) if code.is_empty() => verdict(rule, true, "no nationality read"),
        Some(code) if listed(&code, &settings.high_risk_nationalities) => {
            verdict(rule, false, format!("nationality {code} is on the high-risk list"))
        }
        Some(code) => {
            verdict(rule, true, format!("nationality {code} is not on the high-risk list"))
        }
    }
}

fn high_risk_ip_country(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let rule = RuleName::HighRiskIpCountry;
    match outcomes.ip_country.as_deref().map(|code| code.trim().to_ascii_uppercase()) {
        None => verdict(rule, true, "no IP country known"),
        Some(code) if code.is_empty() => verdict(rule, true, "no IP country known"),
        Some(code) if listed(&code, &settings.high_risk_ip_countries) => {
            verdict(rule, false, format!("IP country {code} is on the high-risk list"))
        }
        Some(code) => {
            verdict(rule, true, format!("IP country {code} is not on the high-risk list"))
        }
    }
}

fn session_finished(outcomes: &CheckOutcomes) -> RuleVerdict {
    let rule = RuleName::SessionFinished;
    if outcomes.finished {
        verdict(rule, true, "the session was finished")
    } else {
        verdict(rule, false, "the session was not finished")
    }
}

fn liveness_passed(outcomes: &CheckOutcomes) -> RuleVerdict {
    let rule = RuleName::LivenessPassed;
    match outcomes.liveness_passed {
        Some(true) => verdict(rule, true, "liveness check passed"),
        Some(false) => verdict(rule, false, "liveness check failed"),
        None => verdict(rule, false, "no liveness result"),
    }
}

fn face_match_level(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let rule = RuleName::FaceMatchLevel;
    let required = settings.min_face_match_level;
    match outcomes.face_match_level {
        None => verdict(rule, false, "no face match result"),
        Some(level) if level.value() >= required => verdict(
            rule,
            true,
            format!("face match level {} meets the required {required}", level.value()),
        ),
        Some(level) => verdict(
            rule,
            false,
            format!("face match level {} is below the required {required}", level.value()),
        ),
    }
}

fn document_rule(
    rule: RuleName,
    found: Option<bool>,
    texts: [&str; 3],
    settings: &CompanySettings,
) -> RuleVerdict {
    let [good, bad, missing] = texts;
    let found = match found {
        Some(true) => verdict(rule, true, good),
        Some(false) => verdict(rule, false, bad),
        None => verdict(rule, false, missing),
    };
    if settings.require_valid_document {
        found
    } else {
        informational(found, "document validity is not required")
    }
}

fn document_real(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let texts = ["the document is real", "the document looks spoofed", "no document spoof result"];
    document_rule(RuleName::DocumentReal, outcomes.document_real, texts, settings)
}

fn full_document_detected(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let texts = [
        "the whole document is visible",
        "the document is cropped or covered",
        "no full-document result",
    ];
    document_rule(RuleName::FullDocumentDetected, outcomes.full_document_detected, texts, settings)
}

fn document_not_expired(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let not_expired = outcomes.document_expired.map(|expired| !expired);
    let texts = ["the document has not expired", "the document has expired", "no expiry date read"];
    document_rule(RuleName::DocumentNotExpired, not_expired, texts, settings)
}

fn mrz_valid(outcomes: &CheckOutcomes, settings: &CompanySettings) -> RuleVerdict {
    let rule = RuleName::MrzValid;
    if settings.full_mrz_validation {
        return match outcomes.mrz_valid {
            Some(true) => verdict(rule, true, "every MRZ field is valid (full MRZ validation on)"),
            Some(false) => {
                verdict(rule, false, "the MRZ has invalid fields (full MRZ validation on)")
            }
            None => verdict(rule, false, "no MRZ result"),
        };
    }
    let check_digits_valid = match (outcomes.mrz_valid, outcomes.mrz_check_digits_valid) {
        (Some(true), _) => Some(true),
        (_, found) => found,
    };
    match check_digits_valid {
        Some(true) => {
            verdict(rule, true, "every MRZ check digit matches (full MRZ validation off)")
        }
        Some(false) => {
            verdict(rule, false, "an MRZ check digit does not match (full MRZ validation off)")
        }
        None => verdict(rule, false, "no MRZ result"),
    }
}

fn screening_clear(outcomes: &CheckOutcomes) -> RuleVerdict {
    let rule = RuleName::ScreeningClear;
    if outcomes.screening_hit {
        verdict(rule, false, "sanctions or PEP screening found a match")
    } else {
        verdict(rule, true, "no sanctions or PEP match")
    }
}
