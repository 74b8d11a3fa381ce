//! The redaction plan: which of a session's data are personal and go, and which are kept.
//!
//! Redaction keeps the proof and drops the person. The plan is data: [`SessionDatum::ALL`] names
//! every kind of datum a session holds, each with its [`DataClass`] and so its [`Treatment`]:
//! - [`DataClass::Photos`] are **deleted** from the blob store (document images and selfies).
//! - [`DataClass::PersonalValues`] are **cleared**: set to nothing (`NULL`, an empty text or list),
//!   never replaced by a placeholder that could be mistaken for a value.
//! - [`DataClass::Record`] is **kept**: ids, company, status, times, check outcomes, the
//!   face-match level, decisions with their actors and times, the record hash of every exported
//!   report, the audit chain. None of it identifies the customer once the personal values are
//!   gone, so the redacted record is no longer personal data of the customer (GDPR Art. 5(1)(e)
//!   limits only data "in a form which permits identification"). Staff names on decisions stay:
//!   they are the accountability of the decision, not data about the customer.
//!
//! The server maps each stored column or blob to one datum and clears what the plan clears; a
//! server test can then check that every column of the session tables is mapped, and grep the
//! database for the personal values after a purge. The domain's own
//! types are redacted here: [`redact_session_facts`] (the canonical session record, whose
//! surviving fields [`KEPT_RECORD_FIELDS`] lists), [`redact_screening_match`] and
//! [`redact_status_decision`] (stored screening results and decision traces, whose texts name
//! people and countries).
//!
//! Choices beyond the obvious, and why:
//! - The client's **external id** goes: it is free text chosen by the client and often an
//!   e-mail address or a customer number.
//! - **Sex, nationality, issuing state and expiry date** go with the names: together they narrow
//!   a person down, and nothing after redaction needs them. The document type stays.
//! - **Device details** (device, browser, OS) go with the raw user agent they are read from.
//! - **Rule details** go: "nationality IRN is on the high-risk list" names a nationality. Which
//!   rule passed or failed, and whether it was enforced, stays.
//! - **Screening matches** keep the list, the score, the kinds of reasons, the programs and
//!   topics and the operator's review; the entry's names and id go, since for a confirmed match
//!   the entry *is* the customer.
//! - **MRZ details** keep each field's verdict and position, not its value or message.

use serde::{Deserialize, Serialize};

use crate::report::{
    ActivityFacts, AttemptFacts, AutomaticDecision, ExtraField, MrzDetail, MrzFacts, NoteFacts, PepFacts, PepMatch,
    SessionFacts, SummaryFacts,
};
use crate::mrz::{FieldReport, MrzFields, MrzRecord};
use crate::screening::{MatchReason, ScreeningMatch};
use crate::session::rules::{RuleVerdict, StatusDecision};

/// A class of a session's data, by what retention does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    Photos,
    PersonalValues,
    Record,
}

/// What redaction does to a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Treatment {
    /// Removed from storage (blobs and their rows).
    Deleted,
    /// Set to nothing in place.
    Cleared,
    Kept,
}

impl DataClass {
    pub const ALL: [DataClass; 3] = [Self::Photos, Self::PersonalValues, Self::Record];

    pub fn treatment(self) -> Treatment {
        match self {
            Self::Photos => Treatment::Deleted,
            Self::PersonalValues => Treatment::Cleared,
            Self::Record => Treatment::Kept,
        }
    }

    /// The data of this class, in the order of [`SessionDatum::ALL`].
    pub fn data(self) -> impl Iterator<Item = SessionDatum> {
        SessionDatum::ALL.into_iter().filter(move |datum| datum.class() == self)
    }
}

/// One kind of datum a session holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionDatum {
    // photos
    DocumentImages,
    Selfies,
    // personal values
    ExternalId,
    Names,
    NativeNames,
    DocumentNumber,
    PersonalNumber,
    BirthDate,
    Sex,
    Nationality,
    IssuingState,
    ExpirationDate,
    MrzLines,
    MrzFieldValues,
    DocumentFields,
    CapturePayloads,
    UserAgent,
    DeviceDetails,
    ClientIp,
    ExtraFieldValues,
    NoteTexts,
    ScreeningMatchIdentities,
    RuleDetails,
    // the record
    Ids,
    Company,
    Status,
    Times,
    DocumentType,
    CheckOutcomes,
    FaceMatchLevel,
    MrzFieldVerdicts,
    ScreeningOutcome,
    RuleOutcomes,
    Decisions,
    ExtraFieldNames,
    ReportExports,
    AuditChain,
    RetentionMarks,
}

impl SessionDatum {
    pub const ALL: [SessionDatum; 38] = [
        Self::DocumentImages,
        Self::Selfies,
        Self::ExternalId,
        Self::Names,
        Self::NativeNames,
        Self::DocumentNumber,
        Self::PersonalNumber,
        Self::BirthDate,
        Self::Sex,
        Self::Nationality,
        Self::IssuingState,
        Self::ExpirationDate,
        Self::MrzLines,
        Self::MrzFieldValues,
        Self::DocumentFields,
        Self::CapturePayloads,
        Self::UserAgent,
        Self::DeviceDetails,
        Self::ClientIp,
        Self::ExtraFieldValues,
        Self::NoteTexts,
        Self::ScreeningMatchIdentities,
        Self::RuleDetails,
        Self::Ids,
        Self::Company,
        Self::Status,
        Self::Times,
        Self::DocumentType,
        Self::CheckOutcomes,
        Self::FaceMatchLevel,
        Self::MrzFieldVerdicts,
        Self::ScreeningOutcome,
        Self::RuleOutcomes,
        Self::Decisions,
        Self::ExtraFieldNames,
        Self::ReportExports,
        Self::AuditChain,
        Self::RetentionMarks,
    ];

    pub fn class(self) -> DataClass {
        use SessionDatum::*;
        match self {
            DocumentImages | Selfies => DataClass::Photos,
            ExternalId
            | Names
            | NativeNames
            | DocumentNumber
            | PersonalNumber
            | BirthDate
            | Sex
            | Nationality
            | IssuingState
            | ExpirationDate
            | MrzLines
            | MrzFieldValues
            | DocumentFields
            | CapturePayloads
            | UserAgent
            | DeviceDetails
            | ClientIp
            | ExtraFieldValues
            | NoteTexts
            | ScreeningMatchIdentities
            | RuleDetails => DataClass::PersonalValues,
            Ids | Company | Status | Times | DocumentType | CheckOutcomes | FaceMatchLevel | MrzFieldVerdicts
            | ScreeningOutcome | RuleOutcomes | Decisions | ExtraFieldNames | ReportExports | AuditChain
            | RetentionMarks => DataClass::Record,
        }
    }

    pub fn treatment(self) -> Treatment {
        self.class().treatment()
    }

    /// What the datum covers, for the documentation and the server's column map.
    pub fn covers(self) -> &'static str {
        use SessionDatum::*;
        match self {
            DocumentImages => {
                "photos of the document's front and back: the blobs and their rows (content address, size)"
            }
            Selfies => "the selfie and liveness frames: the blobs and their rows (content address, size)",
            ExternalId => {
                "the client's own reference for the session or customer (free text, often an e-mail or customer number)"
            }
            Names => "first and last names as read from the document, and anything derived from them (a search index)",
            NativeNames => "the names in the document's own script",
            DocumentNumber => "the document number",
            PersonalNumber => "the personal (national identity) number",
            BirthDate => "the birth date",
            Sex => "the sex printed on the document",
            Nationality => "the nationality",
            IssuingState => "the issuing state, which mostly repeats the nationality",
            ExpirationDate => "the document's expiry date",
            MrzLines => "the machine-readable zone's lines",
            MrzFieldValues => "the MRZ report's per-field values and messages",
            DocumentFields => "the capture's reading of the document (all printed fields)",
            CapturePayloads => "each attempt's raw capture input as received",
            UserAgent => "the raw user agent and client hints",
            DeviceDetails => "device name and type, browser, OS and in-app browser read from the user agent",
            ClientIp => "the client IP of the session and of each attempt",
            ExtraFieldValues => "the values of the company's extra fields",
            NoteTexts => "the texts of notes, approvals and rejections",
            ScreeningMatchIdentities => {
                "each screening match's entry id, names, aliases, birth dates, nationalities, the matched query name and the name parts in its reasons"
            }
            RuleDetails => {
                "the automatic decision's explanation and each rule's detail text (they name nationality and IP country)"
            }
            Ids => "the session id and the ids of its attempts, photos and notes",
            Company => "the company the session belongs to",
            Status => "the session status and the pending second approval",
            Times => "created, started, finished, screened, decided and updated times",
            DocumentType => "the kind of document (passport, id card, ...)",
            CheckOutcomes => {
                "verified, liveness, document valid, real and complete, MRZ valid, finished steps, attempt count"
            }
            FaceMatchLevel => "the face-match level of the session and of each attempt",
            MrzFieldVerdicts => "the MRZ format and each field's verdict and position, without its value",
            ScreeningOutcome => {
                "screening status, match count, lists and versions, each match's list, score, reason kinds, programs, topics and review"
            }
            RuleOutcomes => {
                "which rule decided the status, each rule's pass or fail and enforcement, the settings fingerprint"
            }
            Decisions => "each decision's kind, rejection reason codes, author (staff id and name) and time",
            ExtraFieldNames => "the names of the extra fields the company asked for",
            ReportExports => "each exported report's code, record hash, language, page count, author and time",
            AuditChain => "the audit events (ids, actions, outcomes, staff IPs; never customer data)",
            RetentionMarks => {
                "the relationship end, legal holds, the redaction time and authority, deletion certificates"
            }
        }
    }
}

/// The fields of the canonical session record ([`SessionFacts`], as JSON paths: `a.b` for a
/// member, `a[].b` for a member of each list item) that keep a value after
/// [`redact_session_facts`]. Every other field is empty.
pub const KEPT_RECORD_FIELDS: &[&str] = &[
    "session_id",
    "company",
    "status",
    "created_at",
    "summary.document_type",
    "verification.verified",
    "verification.liveness_passed",
    "verification.document_valid",
    "verification.face_match_level",
    "verification.document_real",
    "verification.full_document_detected",
    "mrz.format",
    "mrz.valid",
    "mrz.details[].field",
    "mrz.details[].valid",
    "mrz.details[].line",
    "mrz.details[].start",
    "mrz.details[].end",
    "activity.started_at",
    "activity.finished_at",
    "activity.liveness_finished",
    "activity.document_finished",
    "activity.attempts",
    "pep.status",
    "pep.screened_at",
    "pep.lists[].id",
    "pep.lists[].name",
    "pep.lists[].version",
    "pep.matches[].list",
    "pep.matches[].score",
    "pep.matches[].reasons[].kind",
    "pep.matches[].reasons[].verdict",
    "pep.matches[].reasons[].edits",
    "pep.matches[].programs[]",
    "pep.matches[].topics[]",
    "pep.matches[].review",
    "extra_fields[].name",
    "automatic_decision.status",
    "pending_second_approval",
    "notes[].author",
    "notes[].kind",
    "notes[].reasons[]",
    "notes[].created_at",
    "attempts[].number",
    "attempts[].started_at",
    "attempts[].finished_at",
    "attempts[].liveness_finished",
    "attempts[].document_finished",
    "attempts[].face_match_level",
    "attempts[].liveness_passed",
    "attempts[].document_valid",
    "attempts[].mrz_valid",
];

/// The canonical record with every personal value cleared and the photo references dropped.
///
/// Each function here names what it clears and keeps the rest. A field added to a record type
/// is therefore kept until placed in the plan; the tests fill every field of the record and fail
/// on any value outside [`KEPT_RECORD_FIELDS`], so an addition cannot leak unnoticed.
pub fn redact_session_facts(facts: &SessionFacts) -> SessionFacts {
    let facts = facts.clone();
    SessionFacts {
        external_id: None,
        summary: SummaryFacts { document_type: facts.summary.document_type, ..SummaryFacts::default() },
        mrz: facts.mrz.map(redact_mrz),
        activity: redact_activity(facts.activity),
        pep: redact_pep(facts.pep),
        extra_fields: facts
            .extra_fields
            .into_iter()
            .map(|field| ExtraField { value: String::new(), ..field })
            .collect(),
        automatic_decision: facts
            .automatic_decision
            .map(|decision| AutomaticDecision { reason: String::new(), ..decision }),
        notes: facts.notes.into_iter().map(|note| NoteFacts { body: String::new(), ..note }).collect(),
        attempts: facts.attempts.into_iter().map(redact_attempt).collect(),
        photos: Vec::new(),
        ..facts
    }
}

fn redact_mrz(mrz: MrzFacts) -> MrzFacts {
    let details = mrz.details.into_iter().map(|detail| MrzDetail { value: None, error: None, ..detail }).collect();
    MrzFacts { lines: Vec::new(), details, ..mrz }
}

fn redact_activity(activity: ActivityFacts) -> ActivityFacts {
    ActivityFacts {
        user_agent: None,
        device_name: None,
        device_type: None,
        browser: None,
        os: None,
        in_app_browser: None,
        client_ip: None,
        ..activity
    }
}

fn redact_pep(pep: PepFacts) -> PepFacts {
    let matches = pep
        .matches
        .into_iter()
        .map(|PepMatch { found, review }| PepMatch { found: redact_screening_match(&found), review })
        .collect();
    PepFacts { matches, ..pep }
}

fn redact_attempt(attempt: AttemptFacts) -> AttemptFacts {
    AttemptFacts { device_name: None, browser: None, os: None, client_ip: None, ..attempt }
}

/// A screening match without the identity of the entry or the query: list, score, reason
/// kinds and verdicts, programs and topics stay.
pub fn redact_screening_match(found: &ScreeningMatch) -> ScreeningMatch {
    let found = found.clone();
    ScreeningMatch {
        entity_id: String::new(),
        name: String::new(),
        matched_name: String::new(),
        query_name: String::new(),
        reasons: found.reasons.into_iter().map(redact_reason).collect(),
        birth_dates: Vec::new(),
        nationalities: Vec::new(),
        ..found
    }
}

fn redact_reason(reason: MatchReason) -> MatchReason {
    let (query, list) = (String::new(), String::new());
    match reason {
        MatchReason::Alias { .. } => MatchReason::Alias { alias: String::new() },
        MatchReason::Equivalent { .. } => MatchReason::Equivalent { query, list },
        MatchReason::Transliteration { .. } => MatchReason::Transliteration { query, list },
        MatchReason::Phonetic { .. } => MatchReason::Phonetic { query, list },
        MatchReason::Fuzzy { edits, .. } => MatchReason::Fuzzy { query, list, edits },
        MatchReason::Initials { .. } => MatchReason::Initials { query, list },
        MatchReason::MissingNamePart { .. } => MatchReason::MissingNamePart { part: String::new() },
        kept @ (MatchReason::Exact
        | MatchReason::OrderSwap
        | MatchReason::BirthDate { .. }
        | MatchReason::Nationality { .. }
        | MatchReason::Sex { .. }
        | MatchReason::DocumentNumber { .. }) => kept,
    }
}

/// A decision trace without its detail texts: the status, the deciding rule, the settings
/// fingerprint and each rule's outcome stay.
pub fn redact_status_decision(decision: &StatusDecision) -> StatusDecision {
    let decision = decision.clone();
    let trace = decision.trace.into_iter().map(|verdict| RuleVerdict { detail: String::new(), ..verdict }).collect();
    StatusDecision { trace, ..decision }
}

/// A stored MRZ report without values: the format, validity, and each field's verdict, error
/// code and position stay; the cleaned values, the printed document number and the messages
/// (which can quote the characters read) go.
pub fn redact_mrz_record(record: &MrzRecord) -> MrzRecord {
    let record = record.clone();
    let details = record
        .details
        .into_iter()
        .map(|detail| FieldReport { value: None, error: None, ..detail })
        .collect();
    MrzRecord { fields: MrzFields::default(), details, document_number: None, ..record }
}
