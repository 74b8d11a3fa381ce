//! Why a session has its status, in codes an API client can switch on and sentences an officer
//! reads: the failed, enforced rules of the stored [`StatusDecision`], with the MRZ fields and the
//! screening matches spelled out one reason each.
//!
//! | rule failed | code | field |
//! | --- | --- | --- |
//! | high-risk nationality | `high_risk_nationality` | `summary.nationality` |
//! | high-risk IP country | `high_risk_ip_country` | `customer_activity.ip_country` |
//! | session not finished | `session_not_finished` | `customer_activity.finished_at` |
//! | liveness | `liveness_failed` | `verification.liveness_passed` |
//! | face match | `face_match_below_threshold` (message: level and threshold) | `verification.face_match.level` |
//! | document real | `document_spoofed` | `verification.id_spoof.document_real` |
//! | full document | `document_not_full` | `verification.id_spoof.full_document_detected` |
//! | expiry | `document_expired` | `summary.expiration_date` |
//! | MRZ | `mrz_invalid`, one per invalid field | `mrz.<field>` (e.g. `mrz.composite_check_digit`) |
//! | screening | `screening_match`, one per open or confirmed match; `new_screening_match` when a list import found it after the decision | `pep.<entity id>` |
//!
//! Rules the company's settings turn into information (`enforced: false`) give no reason. A
//! session decided by people keeps the reasons of its automatic status: they say what the
//! officer overrode or confirmed.

use super::rules::{RuleName, RuleVerdict, StatusDecision};
use crate::mrz::MrzRecord;
use crate::screening::{MatchKind, MatchReview, MatchStanding};
use serde::{Deserialize, Serialize};

/// One reason of a session's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReason {
    pub code: StatusReasonCode,
    /// In words, for people: "face match level 3 is below the required 4".
    pub message: String,
    /// The field of the session details the reason is about, when there is one.
    pub field: Option<String>,
}

/// The stable codes of [`StatusReason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusReasonCode {
    HighRiskNationality,
    HighRiskIpCountry,
    SessionNotFinished,
    LivenessFailed,
    FaceMatchBelowThreshold,
    DocumentSpoofed,
    DocumentNotFull,
    DocumentExpired,
    MrzInvalid,
    ScreeningMatch,
    NewScreeningMatch,
}

closed_set!(StatusReasonCode, "status reason code", [
    HighRiskNationality => "high_risk_nationality",
    HighRiskIpCountry => "high_risk_ip_country",
    SessionNotFinished => "session_not_finished",
    LivenessFailed => "liveness_failed",
    FaceMatchBelowThreshold => "face_match_below_threshold",
    DocumentSpoofed => "document_spoofed",
    DocumentNotFull => "document_not_full",
    DocumentExpired => "document_expired",
    MrzInvalid => "mrz_invalid",
    ScreeningMatch => "screening_match",
    NewScreeningMatch => "new_screening_match",
]);

/// What the reasons are read from: the stored decision, the MRZ report and the matches.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReasonSources<'a> {
    pub decision: Option<&'a StatusDecision>,
    pub mrz: Option<&'a MrzRecord>,
    pub matches: &'a [MatchStanding],
    /// Every match was marked a false positive (the list knows this without the matches).
    pub screening_cleared: bool,
}

/// Every reason of the session's status, in rule order; empty when every enforced rule passed.
pub fn status_reasons(sources: ReasonSources<'_>) -> Vec<StatusReason> {
    let Some(decision) = sources.decision else { return Vec::new() };
    decision
        .trace
        .iter()
        .filter(|verdict| verdict.enforced && !verdict.passed)
        .flat_map(|verdict| reasons_of(verdict, decision.reopened_by_new_match, sources))
        .collect()
}

/// The reason the list shows as a short tag: the one of the rule that set the status, else the first.
pub fn main_reason(sources: ReasonSources<'_>) -> Option<StatusReason> {
    let reasons = status_reasons(sources);
    let deciding = sources.decision.and_then(|decision| decision.decided_by).map(code_of_rule);
    let position = deciding.and_then(|code| reasons.iter().position(|reason| same_family(reason.code, code)));
    reasons.into_iter().nth(position.unwrap_or(0))
}

fn same_family(code: StatusReasonCode, rule_code: StatusReasonCode) -> bool {
    let screening = [StatusReasonCode::ScreeningMatch, StatusReasonCode::NewScreeningMatch];
    code == rule_code || (screening.contains(&code) && screening.contains(&rule_code))
}

fn reasons_of(verdict: &RuleVerdict, reopened: bool, sources: ReasonSources<'_>) -> Vec<StatusReason> {
    match verdict.rule {
        RuleName::MrzValid => mrz_reasons(verdict, sources.mrz),
        RuleName::ScreeningClear if sources.screening_cleared => Vec::new(),
        RuleName::ScreeningClear => screening_reasons(verdict, reopened, sources.matches),
        rule => vec![reason(code_of_rule(rule), verdict.detail.clone(), field_of_rule(rule))],
    }
}

fn reason(code: StatusReasonCode, message: String, field: Option<&str>) -> StatusReason {
    StatusReason { code, message, field: field.map(str::to_owned) }
}

fn code_of_rule(rule: RuleName) -> StatusReasonCode {
    use StatusReasonCode::*;
    match rule {
        RuleName::HighRiskNationality => HighRiskNationality,
        RuleName::HighRiskIpCountry => HighRiskIpCountry,
        RuleName::SessionFinished => SessionNotFinished,
        RuleName::LivenessPassed => LivenessFailed,
        RuleName::FaceMatchLevel => FaceMatchBelowThreshold,
        RuleName::DocumentReal => DocumentSpoofed,
        RuleName::FullDocumentDetected => DocumentNotFull,
        RuleName::DocumentNotExpired => DocumentExpired,
        RuleName::MrzValid => MrzInvalid,
        RuleName::ScreeningClear => ScreeningMatch,
    }
}

fn field_of_rule(rule: RuleName) -> Option<&'static str> {
    Some(match rule {
        RuleName::HighRiskNationality => "summary.nationality",
        RuleName::HighRiskIpCountry => "customer_activity.ip_country",
        RuleName::SessionFinished => "customer_activity.finished_at",
        RuleName::LivenessPassed => "verification.liveness_passed",
        RuleName::FaceMatchLevel => "verification.face_match.level",
        RuleName::DocumentReal => "verification.id_spoof.document_real",
        RuleName::FullDocumentDetected => "verification.id_spoof.full_document_detected",
        RuleName::DocumentNotExpired => "summary.expiration_date",
        RuleName::MrzValid | RuleName::ScreeningClear => return None,
    })
}

/// One reason per invalid MRZ field ("Composite check digit: invalid check digit: 1. Must be 0");
/// the rule's own sentence when the report has no failed field to name.
fn mrz_reasons(verdict: &RuleVerdict, mrz: Option<&MrzRecord>) -> Vec<StatusReason> {
    let fields: Vec<StatusReason> = mrz
        .into_iter()
        .flat_map(MrzRecord::errors)
        .map(|detail| {
            let error = detail.error.as_deref().unwrap_or("invalid");
            // The field's wire name (snake_case), as the MRZ report names it.
            let name = serde_json::to_value(detail.field).ok().and_then(|value| value.as_str().map(str::to_owned));
            let field = format!("mrz.{}", name.unwrap_or_default());
            reason(StatusReasonCode::MrzInvalid, format!("{}: {error}", detail.label), Some(&field))
        })
        .collect();
    if fields.is_empty() {
        vec![reason(StatusReasonCode::MrzInvalid, verdict.detail.clone(), Some("mrz"))]
    } else {
        fields
    }
}

/// One reason per match that is open or confirmed; a match marked a false positive is cleared.
fn screening_reasons(verdict: &RuleVerdict, reopened: bool, matches: &[MatchStanding]) -> Vec<StatusReason> {
    let code = if reopened { StatusReasonCode::NewScreeningMatch } else { StatusReasonCode::ScreeningMatch };
    let reasons: Vec<StatusReason> = matches
        .iter()
        .filter(|found| found.needs_attention())
        .map(|found| {
            let field = format!("pep.{}", found.entity_id);
            reason(code, screening_message(found, reopened), Some(&field))
        })
        .collect();
    if reasons.is_empty() && matches.is_empty() {
        vec![reason(code, verdict.detail.clone(), Some("pep"))]
    } else {
        reasons
    }
}

fn screening_message(found: &MatchStanding, reopened: bool) -> String {
    let kind = match found.kind {
        MatchKind::Sanction => "sanctions",
        MatchKind::Pep => "PEP",
    };
    let state = match found.review {
        MatchReview::Open => "not reviewed yet",
        MatchReview::Confirmed => "confirmed",
        MatchReview::FalsePositive => "a false positive",
    };
    let new = if reopened { "new screening match after a list update: " } else { "" };
    format!("{new}{kind} match {} ({}, {}), {state}", found.name, found.list, found.entity_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::rules::{CheckOutcomes, CompanySettings, decide_status};
    use crate::session::FaceMatchLevel;

    fn clean() -> CheckOutcomes {
        CheckOutcomes {
            finished: true,
            liveness_passed: Some(true),
            face_match_level: FaceMatchLevel::new(6).ok(),
            document_real: Some(true),
            full_document_detected: Some(true),
            mrz_valid: Some(true),
            mrz_check_digits_valid: Some(true),
            document_expired: Some(false),
            nationality: Some("GEO".into()),
            ip_country: Some("GE".into()),
            screening_hit: false,
        }
    }

    fn codes(outcomes: &CheckOutcomes, settings: &CompanySettings, matches: &[MatchStanding]) -> Vec<(StatusReasonCode, Option<String>)> {
        let decision = decide_status(outcomes, settings);
        status_reasons(ReasonSources { decision: Some(&decision), matches, ..ReasonSources::default() })
            .into_iter()
            .map(|reason| (reason.code, reason.field))
            .collect()
    }

    fn standing(review: MatchReview) -> MatchStanding {
        MatchStanding { entity_id: "demo-p001".into(), list: "demo".into(), name: "Giorgi Beridze".into(), kind: MatchKind::Sanction, review }
    }

    #[test]
    fn a_session_that_passed_every_rule_has_no_reason() {
        assert_eq!(codes(&clean(), &CompanySettings::default(), &[]), []);
        assert_eq!(status_reasons(ReasonSources::default()), []);
    }

    #[test]
    fn each_failed_rule_gives_its_code_and_field() {
        use StatusReasonCode::*;
        let settings = CompanySettings {
            high_risk_nationalities: vec!["IRN".into()],
            high_risk_ip_countries: vec!["IR".into()],
            ..CompanySettings::default()
        };
        let cases: [(CheckOutcomes, StatusReasonCode, &str); 8] = [
            (CheckOutcomes { nationality: Some("IRN".into()), ..clean() }, HighRiskNationality, "summary.nationality"),
            (CheckOutcomes { ip_country: Some("IR".into()), ..clean() }, HighRiskIpCountry, "customer_activity.ip_country"),
            (CheckOutcomes { finished: false, ..clean() }, SessionNotFinished, "customer_activity.finished_at"),
            (CheckOutcomes { liveness_passed: Some(false), ..clean() }, LivenessFailed, "verification.liveness_passed"),
            (CheckOutcomes { face_match_level: FaceMatchLevel::new(3).ok(), ..clean() }, FaceMatchBelowThreshold, "verification.face_match.level"),
            (CheckOutcomes { document_real: Some(false), ..clean() }, DocumentSpoofed, "verification.id_spoof.document_real"),
            (CheckOutcomes { full_document_detected: Some(false), ..clean() }, DocumentNotFull, "verification.id_spoof.full_document_detected"),
            (CheckOutcomes { document_expired: Some(true), ..clean() }, DocumentExpired, "summary.expiration_date"),
        ];
        for (outcomes, code, field) in cases {
            assert_eq!(codes(&outcomes, &settings, &[]), [(code, Some(field.to_owned()))], "{code}");
        }
    }

    #[test]
    fn the_face_match_reason_gives_the_level_and_the_threshold() {
        let outcomes = CheckOutcomes { face_match_level: FaceMatchLevel::new(3).ok(), ..clean() };
        let decision = decide_status(&outcomes, &CompanySettings::default());
        let reasons = status_reasons(ReasonSources { decision: Some(&decision), ..ReasonSources::default() });
        assert_eq!(reasons[0].message, "face match level 3 is below the required 4");
    }

    #[test]
    fn a_rule_turned_into_information_gives_no_reason() {
        let settings = CompanySettings { require_valid_document: false, ..CompanySettings::default() };
        let outcomes = CheckOutcomes { document_expired: Some(true), ..clean() };
        assert_eq!(codes(&outcomes, &settings, &[]), []);
    }

    #[test]
    fn each_open_or_confirmed_match_is_a_reason_and_a_false_positive_is_not() {
        let outcomes = CheckOutcomes { screening_hit: true, ..clean() };
        let settings = CompanySettings::default();
        let open = codes(&outcomes, &settings, &[standing(MatchReview::Open)]);
        assert_eq!(open, [(StatusReasonCode::ScreeningMatch, Some("pep.demo-p001".into()))]);
        assert_eq!(codes(&outcomes, &settings, &[standing(MatchReview::Confirmed)]).len(), 1);
        assert_eq!(codes(&outcomes, &settings, &[standing(MatchReview::FalsePositive)]), []);
        let decision = decide_status(&outcomes, &settings);
        let cleared = ReasonSources { decision: Some(&decision), screening_cleared: true, ..ReasonSources::default() };
        assert_eq!(status_reasons(cleared), [], "the list knows the matches were cleared without reading them");
        let unknown = ReasonSources { decision: Some(&decision), ..ReasonSources::default() };
        assert_eq!(status_reasons(unknown)[0].code, StatusReasonCode::ScreeningMatch);
    }

    #[test]
    fn a_match_found_by_a_later_import_is_a_new_screening_match() {
        let mut decision = decide_status(&clean(), &CompanySettings::default());
        decision.record_new_match("Giorgi Beridze (demo, demo-p001)");
        assert_eq!(decision.status, crate::session::SessionStatus::AwaitingAction);
        let matches = [standing(MatchReview::Open)];
        let sources = ReasonSources { decision: Some(&decision), matches: &matches, ..ReasonSources::default() };
        let reasons = status_reasons(sources);
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].code, StatusReasonCode::NewScreeningMatch);
        assert!(reasons[0].message.contains("new screening match"), "{}", reasons[0].message);
        assert_eq!(main_reason(sources).map(|reason| reason.code), Some(StatusReasonCode::NewScreeningMatch));
    }

    #[test]
    fn the_main_reason_is_the_rule_that_set_the_status() {
        let outcomes = CheckOutcomes { finished: false, liveness_passed: Some(false), ..clean() };
        let decision = decide_status(&outcomes, &CompanySettings::default());
        let sources = ReasonSources { decision: Some(&decision), ..ReasonSources::default() };
        assert_eq!(status_reasons(sources).len(), 2);
        assert_eq!(main_reason(sources).map(|reason| reason.code), Some(StatusReasonCode::SessionNotFinished));
    }

    #[test]
    fn every_code_reads_back_from_its_wire_name() {
        for &code in StatusReasonCode::ALL {
            assert_eq!(code.as_str().parse::<StatusReasonCode>(), Ok(code));
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::Value::from(code.as_str())));
        }
    }
}
