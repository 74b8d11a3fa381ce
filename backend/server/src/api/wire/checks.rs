//! Wire types of the checks: the MRZ report and the sanctions/PEP screening result.
//!
//! They mirror the domain's reports field for field, so that the OpenAPI document (and the SDKs
//! generated from it) describe them exactly; the `From` impls are the only place they meet.

use super::sessions::{MAX_MRZ_LINE_CHARS, MAX_MRZ_LINES, MAX_TEXT_FIELD_CHARS};
use super::text::{Prose, Text, plain};
use super::{MatchReview, PepStatus, wire_enum};
use crate::cases::checks::{MrzCheck as Checked, PepResult as Screened};
use crate::cases::list_refresh::SourceStatus;
use crate::db::ScreeningList;
use crate::db::list_sources::SourceState;
use chrono::{DateTime, Utc};
use kyc_domain::mrz;
use kyc_domain::screening::{MatchReason, PersonQuery, ScreenedList, ScreeningMatch, Sex, StoredMatch};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

wire_enum!(
    /// The MRZ's document format.
    MrzFormat <=> kyc_domain::mrz::MrzFormat {
        Td1 => "TD1", Td2 => "TD2", Td3 => "TD3", MrvA => "MRVA", MrvB => "MRVB",
        FrenchNationalId => "FRENCH_NATIONAL_ID", FrenchDrivingLicense => "FRENCH_DRIVING_LICENSE",
        SwissDrivingLicense => "SWISS_DRIVING_LICENSE",
    }
);

wire_enum!(
    /// A field of an MRZ, as the report names it.
    MrzField <=> kyc_domain::mrz::Field {
        DocumentCode => "document_code", IssuingState => "issuing_state", LastName => "last_name",
        FirstName => "first_name", DocumentNumber => "document_number",
        DocumentNumberCheckDigit => "document_number_check_digit", Nationality => "nationality",
        BirthDate => "birth_date", BirthDateCheckDigit => "birth_date_check_digit", Sex => "sex",
        ExpirationDate => "expiration_date", ExpirationDateCheckDigit => "expiration_date_check_digit",
        PersonalNumber => "personal_number", PersonalNumberCheckDigit => "personal_number_check_digit",
        CompositeCheckDigit => "composite_check_digit", Optional1 => "optional1", Optional2 => "optional2",
        Optional => "optional", AdministrativeCode => "administrative_code", IssueDate => "issue_date",
        AdministrativeCode2 => "administrative_code2", LanguageCode => "language_code", PinCode => "pin_code",
        VersionNumber => "version_number", Separator1 => "separator1", Separator2 => "separator2",
    }
);

wire_enum!(
    /// The kind of problem an MRZ field has.
    MrzErrorCode <=> kyc_domain::mrz::ErrorCode {
        InvalidCheckDigit => "invalid_check_digit", InvalidStateCode => "invalid_state_code",
        InvalidText => "invalid_text", MissingName => "missing_name", InvalidDate => "invalid_date",
        InvalidDateMonth => "invalid_date_month", InvalidDateDay => "invalid_date_day", InvalidSex => "invalid_sex",
        InvalidDocumentCode => "invalid_document_code", InvalidDocumentNumber => "invalid_document_number",
        InvalidLanguageCode => "invalid_language_code", InvalidNumber => "invalid_number",
        InvalidSeparator => "invalid_separator",
    }
);

wire_enum!(
    /// Which computation verified a long TD1/TD2 document number's check digit: `icao`
    /// (without the `<`), `filler_included` (with it, as some issuers do) or `both`.
    LongNumberVariant <=> kyc_domain::mrz::LongNumberVariant {
        Icao => "icao", FillerIncluded => "filler_included", Both => "both",
    }
);

wire_enum!(
    /// Why a repair changed a character: it could not stand in that field, or it is the only
    /// look-alike that makes the check digits verify.
    RepairBasis <=> kyc_domain::mrz::RepairBasis { CharacterClass => "character_class", CheckDigit => "check_digit" }
);

/// A stateless MRZ check: give `lines`, or `mrz` with lines separated by newlines.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
#[schema(example = json!({"lines": [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]}))]
pub enum MrzCheckRequest {
    Lines(MrzLinesRequest),
    Text(MrzTextRequest),
}

/// The MRZ as one string per line.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MrzLinesRequest {
    /// 1 to 3 lines.
    #[schema(value_type = Vec<String>, min_items = 1, max_items = 3)]
    pub lines: Vec<Text<MAX_MRZ_LINE_CHARS>>,
    /// Also propose a correction guided by the check digits (OCR misreads).
    #[serde(default)]
    pub repair: bool,
}

/// The MRZ as one text, lines separated by newlines.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MrzTextRequest {
    #[schema(value_type = String, max_length = 400)]
    pub mrz: Prose<400>,
    /// Also propose a correction guided by the check digits (OCR misreads).
    #[serde(default)]
    pub repair: bool,
}

impl MrzCheckRequest {
    /// The lines to check and whether a repair is asked for; more than three lines is a 422.
    pub fn into_lines(self) -> Result<(Vec<String>, bool), crate::cases::FieldProblem> {
        let (lines, repair, field) = match self {
            MrzCheckRequest::Lines(request) => {
                (request.lines.into_iter().map(Text::into_inner).collect::<Vec<_>>(), request.repair, "lines")
            }
            MrzCheckRequest::Text(request) => {
                (request.mrz.lines().map(str::to_owned).collect(), request.repair, "mrz")
            }
        };
        if lines.is_empty() || lines.len() > MAX_MRZ_LINES {
            return Err(crate::cases::FieldProblem {
                field: field.to_owned(),
                message: format!("an MRZ has 1 to {MAX_MRZ_LINES} lines"),
                line: None,
                position: None,
            });
        }
        Ok((lines, repair))
    }
}

/// The MRZ check: per-field verdicts with positions, in the product's wording.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MrzCheck {
    pub format: MrzFormat,
    /// True only when every detail is valid.
    pub valid: bool,
    pub fields: MrzFieldsView,
    pub details: Vec<MrzDetail>,
    /// The document number as printed outside the MRZ (a long TD1/TD2 number in full).
    pub document_number: Option<String>,
    /// For long TD1/TD2 document numbers, which check-digit computation verified.
    pub long_document_number_variant: Option<LongNumberVariant>,
    /// The MRZ lines checked.
    pub lines: Vec<String>,
    /// A correction whose every check digit verifies, when one was asked for and exists.
    pub repair: Option<MrzRepairView>,
}

/// Cleaned values of the valid fields; null when a field is invalid or not in the format.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MrzFieldsView {
    pub document_code: Option<String>,
    pub issuing_state: Option<String>,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub document_number: Option<String>,
    pub nationality: Option<String>,
    /// ISO date; only when complete and on the calendar.
    #[schema(format = Date)]
    pub birth_date: Option<String>,
    /// `male`, `female` or `nonspecified`.
    pub sex: Option<String>,
    #[schema(format = Date)]
    pub expiration_date: Option<String>,
    pub personal_number: Option<String>,
    pub optional1: Option<String>,
    pub optional2: Option<String>,
}

/// One field's verdict. `line` is 0-based; `start..end` are 0-based character positions,
/// end exclusive.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"field": "composite_check_digit", "label": "Composite check digit", "value": "8",
    "valid": false, "error": "invalid check digit: 8. Must be 7", "code": "invalid_check_digit", "line": 1, "start": 43, "end": 44}))]
pub struct MrzDetail {
    pub field: MrzField,
    /// The product's category, e.g. "Document number check digit".
    pub label: String,
    pub value: Option<String>,
    pub valid: bool,
    /// Null, or the message, e.g. `invalid check digit: 0. Must be 9`.
    pub error: Option<String>,
    /// A stable machine code of the error kind.
    pub code: Option<MrzErrorCode>,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MrzRepairView {
    pub lines: Vec<String>,
    pub changes: Vec<MrzCharChange>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MrzCharChange {
    pub line: usize,
    pub position: usize,
    pub from: String,
    pub to: String,
    pub basis: RepairBasis,
}

impl From<Checked> for MrzCheck {
    fn from(checked: Checked) -> Self {
        let (report, fields) = (&checked.report, &checked.report.fields);
        MrzCheck {
            format: report.format.into(),
            valid: report.valid,
            fields: MrzFieldsView {
                document_code: owned(&fields.document_code),
                issuing_state: owned(&fields.issuing_state),
                last_name: owned(&fields.last_name),
                first_name: owned(&fields.first_name),
                document_number: owned(&fields.document_number),
                nationality: owned(&fields.nationality),
                birth_date: owned(&fields.birth_date),
                sex: owned(&fields.sex),
                expiration_date: owned(&fields.expiration_date),
                personal_number: owned(&fields.personal_number),
                optional1: owned(&fields.optional1),
                optional2: owned(&fields.optional2),
            },
            details: report.details.iter().map(detail_view).collect(),
            document_number: owned(&report.document_number),
            long_document_number_variant: report.long_document_number_variant.map(Into::into),
            repair: checked.repair.map(|repair| MrzRepairView {
                changes: repair
                    .changes
                    .iter()
                    .map(|change| MrzCharChange {
                        line: change.line,
                        position: change.position,
                        from: change.from.to_string(),
                        to: change.to.to_string(),
                        basis: change.basis.into(),
                    })
                    .collect(),
                lines: repair.lines,
            }),
            lines: checked.lines,
        }
    }
}

fn detail_view(detail: &mrz::FieldReport) -> MrzDetail {
    MrzDetail {
        field: detail.field.into(),
        label: detail.label.to_string(),
        value: owned(&detail.value),
        valid: detail.valid,
        error: detail.error.clone(),
        code: detail.code.map(Into::into),
        line: detail.line,
        start: detail.start,
        end: detail.end,
    }
}

/// A report value as a plain string for the wire type.
fn owned(value: &Option<mrz::CompactString>) -> Option<String> {
    value.as_deref().map(str::to_owned)
}

/// The name serde gives a unit enum variant (`snake_case` in the domain).
fn serde_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

// ---------- screening ----------

/// The most names in another script a screening takes.
pub const MAX_NATIVE_NAMES: usize = 5;

/// A person to screen without a session: at least one name.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"first_name": "Giorgi", "last_name": "Beridze", "birth_date": "1971-03-14", "nationality": "GEO"}))]
pub struct ScreeningCheckRequest {
    #[schema(value_type = Option<String>, max_length = 200)]
    pub first_name: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub last_name: Option<Text<MAX_TEXT_FIELD_CHARS>>,
    /// Full names in another script (Georgian, Cyrillic), as printed on the document's front; at
    /// most 5.
    #[serde(default)]
    #[schema(value_type = Vec<String>, max_items = 5)]
    pub native_names: Vec<Text<MAX_TEXT_FIELD_CHARS>>,
    /// ISO date, possibly partial (`1971` or `1971-03`).
    #[schema(value_type = Option<String>, max_length = 10, example = "1971-03-14")]
    pub birth_date: Option<Text<10>>,
    /// ISO alpha-3 (as in an MRZ) or alpha-2.
    #[schema(value_type = Option<String>, max_length = 3)]
    pub nationality: Option<Text<3>>,
    /// `M`/`F` or `male`/`female`.
    #[schema(value_type = Option<String>, max_length = 6)]
    pub sex: Option<Text<6>>,
    #[schema(value_type = Option<String>, max_length = 200)]
    pub document_number: Option<Text<MAX_TEXT_FIELD_CHARS>>,
}

/// The PEPInfo tab: which lists were screened and what matched.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PepResult {
    pub status: PepStatus,
    pub screened_at: Option<DateTime<Utc>>,
    pub lists: Vec<ScreenedListView>,
    pub matches: Vec<PepMatch>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreenedListView {
    pub id: String,
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PepMatch {
    /// The list's id of the person or entity.
    pub entity_id: String,
    pub list: String,
    /// The entry's primary name.
    pub name: String,
    /// The entry name that matched best (the primary name or an alias).
    pub matched_name: String,
    /// Which of the customer's names matched.
    pub query_name: String,
    /// 0–100; higher means more likely the same person.
    pub score: u8,
    pub reasons: Vec<PepMatchReason>,
    pub birth_dates: Vec<String>,
    pub nationalities: Vec<String>,
    pub programs: Vec<String>,
    /// e.g. `sanction`, `role.pep`.
    pub topics: Vec<String>,
    pub review: MatchReview,
}

/// Why a match matched: `exact`, `alias`, `equivalent`, `transliteration`, `phonetic`, `fuzzy`,
/// `initials`, `order_swap`, `missing_name_part`, or a qualifier's verdict (`birth_date`,
/// `nationality`, `sex`, `document_number`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PepMatchReason {
    pub kind: MatchReasonKind,
    /// The reason in words.
    pub text: String,
    pub query: Option<String>,
    pub list: Option<String>,
    pub edits: Option<u8>,
    pub alias: Option<String>,
    pub part: Option<String>,
    /// A qualifier's verdict, e.g. `exact`, `same_year`, `match`, `different`.
    pub verdict: Option<String>,
}

/// What kind of evidence a match reason is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchReasonKind {
    Exact,
    Alias,
    Equivalent,
    Transliteration,
    Phonetic,
    Fuzzy,
    Initials,
    OrderSwap,
    MissingNamePart,
    BirthDate,
    Nationality,
    Sex,
    DocumentNumber,
}

impl From<&MatchReason> for MatchReasonKind {
    fn from(reason: &MatchReason) -> Self {
        match reason {
            MatchReason::Exact => Self::Exact,
            MatchReason::Alias { .. } => Self::Alias,
            MatchReason::Equivalent { .. } => Self::Equivalent,
            MatchReason::Transliteration { .. } => Self::Transliteration,
            MatchReason::Phonetic { .. } => Self::Phonetic,
            MatchReason::Fuzzy { .. } => Self::Fuzzy,
            MatchReason::Initials { .. } => Self::Initials,
            MatchReason::OrderSwap => Self::OrderSwap,
            MatchReason::MissingNamePart { .. } => Self::MissingNamePart,
            MatchReason::BirthDate { .. } => Self::BirthDate,
            MatchReason::Nationality { .. } => Self::Nationality,
            MatchReason::Sex { .. } => Self::Sex,
            MatchReason::DocumentNumber { .. } => Self::DocumentNumber,
        }
    }
}

/// What a review decides about a match (a review never reopens one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchVerdict {
    FalsePositive,
    Confirmed,
}

impl From<MatchVerdict> for kyc_domain::screening::MatchReview {
    fn from(verdict: MatchVerdict) -> Self {
        match verdict {
            MatchVerdict::FalsePositive => kyc_domain::screening::MatchReview::FalsePositive,
            MatchVerdict::Confirmed => kyc_domain::screening::MatchReview::Confirmed,
        }
    }
}

/// An operator's review of one match.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchReviewRequest {
    /// `false_positive` or `confirmed`.
    pub review: MatchVerdict,
    /// Why; kept as a note on the session (1 to 4000 characters).
    #[schema(value_type = String, min_length = 1, max_length = 4000, pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub note: Prose<{ crate::cases::review::MAX_NOTE_CHARS }>,
}

/// A stored list version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningListView {
    #[schema(value_type = String, format = Uuid)]
    pub id: String,
    pub name: String,
    /// `ofac-csv`, `un-xml` or `ftm`.
    pub source_format: String,
    pub version: String,
    pub imported_at: DateTime<Utc>,
    pub entry_count: i32,
    /// Whether this is the version sessions are screened against.
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningListPage {
    pub items: Vec<ScreeningListView>,
}

impl From<Vec<ScreeningList>> for ScreeningListPage {
    fn from(lists: Vec<ScreeningList>) -> Self {
        ScreeningListPage {
            items: lists.into_iter().map(ScreeningListView::from).collect(),
        }
    }
}

/// A list the server downloads by itself (`KYC_LIST_SOURCES`), and how its checks went.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListSourceView {
    pub name: String,
    /// `ofac-csv`, `un-xml` or `ftm`.
    pub source_format: String,
    /// Seconds between two checks.
    pub interval_seconds: u64,
    /// The hosts it downloads from (the URLs themselves may carry a key and are not shown).
    pub hosts: Vec<String>,
    pub last_checked_at: Option<DateTime<Utc>>,
    pub last_success_at: Option<DateTime<Utc>>,
    /// When a check last found a new version and imported it.
    pub last_changed_at: Option<DateTime<Utc>>,
    /// Why the last check failed; absent once a later check succeeds.
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// The version sessions are screened against, by URL or imported by hand.
    pub active_version: Option<ScreeningListView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListSourcePage {
    pub items: Vec<ListSourceView>,
}

impl From<ScreeningList> for ScreeningListView {
    fn from(list: ScreeningList) -> Self {
        ScreeningListView {
            id: list.id.to_string(),
            name: list.name,
            source_format: list.source_format,
            version: list.version,
            imported_at: list.imported_at,
            entry_count: list.entry_count,
            active: list.active,
        }
    }
}

impl From<Vec<SourceStatus>> for ListSourcePage {
    fn from(sources: Vec<SourceStatus>) -> Self {
        let view = |source: SourceStatus| {
            let state = source.state.unwrap_or_else(|| SourceState::new(&source.name, &source.format));
            ListSourceView {
                interval_seconds: source.interval.as_secs(),
                hosts: source.hosts,
                last_checked_at: state.last_checked_at,
                last_success_at: state.last_success_at,
                last_changed_at: state.last_changed_at,
                last_error: state.last_error,
                last_error_at: state.last_error_at,
                active_version: source.active_version.map(ScreeningListView::from),
                name: source.name,
                source_format: source.format,
            }
        };
        ListSourcePage { items: sources.into_iter().map(view).collect() }
    }
}

impl TryFrom<ScreeningCheckRequest> for PersonQuery {
    type Error = crate::cases::FieldProblem;
    fn try_from(request: ScreeningCheckRequest) -> Result<Self, Self::Error> {
        let problem = |field: &str, message: String| crate::cases::FieldProblem {
            field: field.to_owned(),
            message,
            line: None,
            position: None,
        };
        if request.native_names.len() > MAX_NATIVE_NAMES {
            return Err(problem("native_names", format!("at most {MAX_NATIVE_NAMES} names")));
        }
        let sex = match request.sex.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => Some(Sex::parse(text).ok_or_else(|| problem("sex", "unknown sex; use M or F".to_owned()))?),
        };
        Ok(PersonQuery {
            first_name: plain(request.first_name),
            last_name: plain(request.last_name),
            native_names: request.native_names.into_iter().map(Text::into_inner).collect(),
            birth_date: plain(request.birth_date),
            nationality: plain(request.nationality),
            sex,
            document_number: plain(request.document_number),
        })
    }
}

impl From<&ScreenedList> for ScreenedListView {
    fn from(list: &ScreenedList) -> Self {
        ScreenedListView { id: list.id.clone(), name: list.name.clone(), version: list.version.clone() }
    }
}

impl From<Screened> for PepResult {
    fn from(screened: Screened) -> Self {
        let outcome = screened.outcome.as_ref();
        PepResult {
            status: screened.status.into(),
            screened_at: screened.screened_at,
            lists: outcome.map(|o| o.lists.iter().map(ScreenedListView::from).collect()).unwrap_or_default(),
            matches: outcome.map(|o| o.matches.iter().map(match_view).collect()).unwrap_or_default(),
        }
    }
}
pub fn match_view(stored: &StoredMatch) -> PepMatch {
    let found: &ScreeningMatch = &stored.found;
    PepMatch {
        entity_id: found.entity_id.clone(),
        list: found.list.clone(),
        name: found.name.clone(),
        matched_name: found.matched_name.clone(),
        query_name: found.query_name.clone(),
        score: found.score,
        reasons: found.reasons.iter().map(reason_view).collect(),
        birth_dates: found.birth_dates.clone(),
        nationalities: found.nationalities.clone(),
        programs: found.programs.clone(),
        topics: found.topics.clone(),
        review: stored.review.into(),
    }
}

pub fn reason_view(reason: &MatchReason) -> PepMatchReason {
    let tagged = serde_json::to_value(reason).unwrap_or_default();
    let text_of = |key: &str| tagged.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    PepMatchReason {
        kind: reason.into(),
        text: reason_text(reason),
        query: text_of("query"),
        list: text_of("list"),
        edits: tagged.get("edits").and_then(|v| v.as_u64()).and_then(|v| u8::try_from(v).ok()),
        alias: text_of("alias"),
        part: text_of("part"),
        verdict: text_of("verdict"),
    }
}

fn reason_text(reason: &MatchReason) -> String {
    match reason {
        MatchReason::Exact => "every name part is the same".to_owned(),
        MatchReason::Alias { alias } => format!("matched the alias {alias}"),
        MatchReason::Equivalent { query, list } => format!("{query} and {list} are forms of the same name"),
        MatchReason::Transliteration { query, list } => format!("{query} and {list} differ only by transliteration"),
        MatchReason::Phonetic { query, list } => format!("{query} and {list} sound alike"),
        MatchReason::Fuzzy { query, list, edits } => format!("{query} and {list} are {edits} edit(s) apart"),
        MatchReason::Initials { query, list } => format!("{query} is an initial of {list}"),
        MatchReason::OrderSwap => "given and family names are swapped".to_owned(),
        MatchReason::MissingNamePart { part } => format!("the name part {part} is missing on one side"),
        MatchReason::BirthDate { verdict } => format!("birth date: {}", serde_name(verdict).replace('_', " ")),
        MatchReason::Nationality { verdict } => format!("nationality: {}", serde_name(verdict)),
        MatchReason::Sex { verdict } => format!("sex: {}", serde_name(verdict)),
        MatchReason::DocumentNumber { verdict } => format!("document number: {}", serde_name(verdict)),
    }
}
