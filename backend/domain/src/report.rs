//! The PDF report of a session, as plain data: what it prints, in which order, in which language.
//!
//! Three parts:
//! - [`SessionFacts`]: everything about a session that the report prints, as stored. It is also
//!   the **canonical session record**: [`SessionFacts::record_hash`] is a SHA-256 over a fixed
//!   encoding of it, printed on every page, so a printed report can later be checked against the
//!   stored session. Only stored values enter it (no read times, no labels), so the hash changes
//!   when the session does (a new note, a decision, another attempt) and not when the software
//!   rewords a label.
//! - [`VerificationCode`]: the short code printed beside the hash, to look the export up again.
//! - [`build_report`]: the facts, the export's metadata and the photos turned into a [`Report`]:
//!   titled sections of labelled rows and tables in English or Georgian, with marks for what
//!   passed and what failed. The server's PDF adapter only lays this out; it decides nothing.

mod labels;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::mrz::Field as MrzField;
use crate::screening::{
    BirthDateVerdict, DocumentVerdict, MatchReason, MatchReview, NationalityVerdict, PepStatus, SexVerdict,
};
use crate::session::decision::{NoteKind, RejectionReason};
use crate::session::{DocumentType, FaceMatchLevel, SessionStatus, UnknownVariant};

pub use crate::screening::{ScreenedList, StoredMatch as PepMatch};

pub use labels::Label;

/// The language of a report's labels. Values (names, numbers) print as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Ka,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Ka];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ka => "ka",
        }
    }
}

impl FromStr for Language {
    type Err = UnknownVariant;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|language| language.code() == text)
            .ok_or_else(|| UnknownVariant { kind: "report language", value: text.to_owned() })
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

// ---------- the canonical session record ----------

/// Domain separation and version of the canonical encoding: `tag`, a newline, then the facts
/// as compact JSON (fields in declaration order, lists in their stored order).
pub const RECORD_ENCODING_TAG: &str = "kyc-session-record-v1";

/// Everything a report prints about a session, as stored. Timestamps are UTC strings made by
/// [`timestamp`] (whole seconds, the precision the report prints).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SessionFacts {
    pub session_id: String,
    pub external_id: Option<String>,
    pub company: String,
    pub status: SessionStatus,
    pub created_at: String,
    pub summary: SummaryFacts,
    pub verification: VerificationFacts,
    pub mrz: Option<MrzFacts>,
    pub activity: ActivityFacts,
    pub pep: PepFacts,
    pub extra_fields: Vec<ExtraField>,
    /// The status the company's rules gave at the latest attempt, and why; a later manual
    /// decision shows in the notes and the current status.
    pub automatic_decision: Option<AutomaticDecision>,
    /// Four-eyes review: one approval is recorded and a second reviewer must approve.
    pub pending_second_approval: bool,
    pub notes: Vec<NoteFacts>,
    pub attempts: Vec<AttemptFacts>,
    /// The printed photos, by content address.
    pub photos: Vec<PhotoRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SummaryFacts {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The names as the document's front side prints them (Georgian, Cyrillic, ...), when they
    /// differ from the MRZ's Latin spelling.
    pub native_first_name: Option<String>,
    pub native_last_name: Option<String>,
    pub document_type: Option<DocumentType>,
    pub document_number: Option<String>,
    pub personal_number: Option<String>,
    pub sex: Option<String>,
    pub birth_date: Option<String>,
    pub expiration_date: Option<String>,
    pub nationality: Option<String>,
    pub issuing_state: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VerificationFacts {
    pub verified: bool,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub face_match_level: Option<u8>,
    pub document_real: Option<bool>,
    pub full_document_detected: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MrzFacts {
    /// `TD1`, `TD3`, ... as on the wire.
    pub format: String,
    pub valid: bool,
    pub lines: Vec<String>,
    pub details: Vec<MrzDetail>,
}

/// One field of the MRZ check: its value, verdict and where it is printed (0-based line,
/// `start..end` exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MrzDetail {
    pub field: MrzField,
    pub value: Option<String>,
    pub valid: bool,
    pub error: Option<String>,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ActivityFacts {
    pub user_agent: Option<String>,
    pub device_name: Option<String>,
    pub device_type: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub in_app_browser: Option<String>,
    pub client_ip: Option<String>,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub attempts: u32,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PepFacts {
    pub status: PepStatus,
    pub screened_at: Option<String>,
    pub lists: Vec<ScreenedList>,
    pub matches: Vec<PepMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraField {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutomaticDecision {
    pub status: SessionStatus,
    /// "face match level 3 is below the required 4", or that every enforced rule passed.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteFacts {
    pub author: String,
    pub kind: NoteKind,
    pub body: String,
    /// Rejection reason codes, e.g. `selfie_mismatch`.
    pub reasons: Vec<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AttemptFacts {
    pub number: u32,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub liveness_finished: bool,
    pub document_finished: bool,
    pub face_match_level: Option<u8>,
    pub liveness_passed: Option<bool>,
    pub document_valid: Option<bool>,
    pub mrz_valid: Option<bool>,
    pub device_name: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub client_ip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    pub kind: String,
    /// Lowercase hex SHA-256 of the photo's bytes.
    pub sha256: String,
}

impl SessionFacts {
    /// The canonical encoding: [`RECORD_ENCODING_TAG`], `\n`, compact JSON of the facts.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(4096);
        bytes.extend_from_slice(RECORD_ENCODING_TAG.as_bytes());
        bytes.push(b'\n');
        // Plain structs, strings, integers and booleans: serialising cannot fail.
        serde_json::to_writer(&mut bytes, self).unwrap_or_default();
        bytes
    }

    /// Lowercase hex SHA-256 of [`Self::canonical_bytes`].
    pub fn record_hash(&self) -> String {
        hex::encode(Sha256::digest(self.canonical_bytes()))
    }
}

/// A stored UTC time as the facts hold it: `YYYY-MM-DDTHH:MM:SSZ`, sub-seconds dropped.
pub fn timestamp(at: chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// `2026-11-20T09:14:03Z` as printed: `2026-11-20 09:14:03 UTC`.
fn printed_time(stamp: &str) -> String {
    match stamp.strip_suffix('Z') {
        Some(rest) => format!("{} UTC", rest.replacen('T', " ", 1)),
        None => stamp.to_owned(),
    }
}

// ---------- the verification code ----------

/// A short, human-typable code printed on a report: 10 symbols of Crockford's base32 (no I, L,
/// O or U), 50 random bits, printed in two groups of five (`7K2QD-M9XHA`). Reading it back
/// forgives case, spaces and hyphens, and the look-alikes O→0 and I/L→1.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VerificationCode(String);

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a verification code has 10 letters and digits, like 7K2QD-M9XHA")]
pub struct MalformedCode;

impl VerificationCode {
    pub const LEN: usize = 10;
    /// What [`VerificationCode::parse`] reads, as a JSON Schema (ECMA-262) pattern: ten symbols
    /// of Crockford's base32 in any case (`O`, `I` and `L` read as `0`, `1`, `1`), with spaces
    /// and hyphens anywhere.
    pub const PATTERN: &'static str = "^[ -]*(?:[0-9A-TV-Za-tv-z][ -]*){10}$";

    /// The code made of 50 bits of the given random bytes.
    pub fn from_random(bytes: [u8; 8]) -> Self {
        let mut bits = u64::from_be_bytes(bytes);
        let mut symbols = [0u8; Self::LEN];
        for symbol in symbols.iter_mut().rev() {
            *symbol = CROCKFORD[(bits & 31) as usize];
            bits >>= 5;
        }
        Self(symbols.iter().map(|&b| char::from(b)).collect())
    }

    /// Reads a code as a person typed it.
    pub fn parse(text: &str) -> Result<Self, MalformedCode> {
        let mut code = String::with_capacity(Self::LEN);
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
                return Err(MalformedCode);
            }
            code.push(c);
        }
        if code.len() == Self::LEN { Ok(Self(code)) } else { Err(MalformedCode) }
    }

    /// The 10 symbols without the hyphen, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, second) = self.0.split_at(Self::LEN / 2);
        write!(f, "{first}-{second}")
    }
}

// ---------- the report ----------

/// Who made this export, when, and what it certifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFacts {
    /// As made by [`timestamp`].
    pub generated_at: String,
    pub generated_by: String,
    pub record_hash: String,
    pub code: VerificationCode,
    /// Where the code can be checked, e.g. `/api/v1/reports/verify`.
    pub verify_at: String,
    /// Why the session has its status, in words (`crate::session::reasons`), as the export is
    /// made. Derived from the facts, so outside the record hash.
    pub status_reasons: Vec<String>,
    /// When the session's personal data was redacted, and on whose authority; printed at the
    /// top so that a reader knows why the record is empty.
    pub redaction: Option<crate::retention::Redaction>,
}

/// The photo kinds a report prints, in print order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhotoKind {
    DocumentFront,
    DocumentBack,
    Selfie,
}

impl PhotoKind {
    pub const ALL: [PhotoKind; 3] = [PhotoKind::DocumentFront, PhotoKind::DocumentBack, PhotoKind::Selfie];

    pub fn as_str(self) -> &'static str {
        match self {
            PhotoKind::DocumentFront => "document_front",
            PhotoKind::DocumentBack => "document_back",
            PhotoKind::Selfie => "selfie",
        }
    }

    pub fn parse(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == kind)
    }

    fn label(self) -> Label {
        match self {
            PhotoKind::DocumentFront => Label::DocumentFront,
            PhotoKind::DocumentBack => Label::DocumentBack,
            PhotoKind::Selfie => Label::Selfie,
        }
    }
}

/// A photo's bytes as stored (JPEG, PNG or WebP); the PDF adapter converts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub kind: PhotoKind,
    pub bytes: Vec<u8>,
}

/// How a value reads at a glance: the adapter prints good in green, bad in red and bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mark {
    #[default]
    Plain,
    Good,
    Bad,
    Warning,
    /// Secondary text: a missing value, a hint.
    Muted,
}

/// A labelled value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: String,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    /// Relative width.
    pub weight: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub cells: Vec<String>,
    pub mark: Mark,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Label / value pairs, two columns.
    Rows(Vec<Row>),
    Table { columns: Vec<Column>, rows: Vec<TableRow> },
    Paragraph { text: String, mark: Mark },
    /// Lines printed in a monospaced face (the MRZ).
    Monospace(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPhoto {
    pub kind: PhotoKind,
    pub caption: String,
    pub bytes: Vec<u8>,
}

/// What every page's footer prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    pub language: Language,
    pub record_hash: String,
    pub code: String,
    pub verify_hint: String,
}

impl Footer {
    pub fn hash_line(&self) -> String {
        format!("{}: {}", Label::RecordHash.text(self.language), self.record_hash)
    }

    pub fn code_line(&self) -> String {
        format!("{}: {}", Label::VerificationCode.text(self.language), self.code)
    }

    /// "Page 2 of 3"; "Page 2" while the count is unknown.
    pub fn page_line(&self, page: usize, pages: Option<usize>) -> String {
        let page_label = Label::Page.text(self.language);
        match pages {
            Some(pages) => format!("{page_label} {page} {} {pages}", Label::Of.text(self.language)),
            None => format!("{page_label} {page}"),
        }
    }
}

/// The whole report, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub language: Language,
    pub title: String,
    /// "Session ID: …", under the title.
    pub subtitle: String,
    /// Company, status, when and by whom the report was generated.
    pub header: Vec<Row>,
    /// A short line for the top of every page after the first.
    pub running_header: String,
    pub photos_title: String,
    pub photos: Vec<ReportPhoto>,
    /// Printed instead of the photos when there are none.
    pub no_photos: String,
    pub sections: Vec<Section>,
    pub footer: Footer,
}

/// Lays the facts out as a report in the language; `photos` are the stored bytes by kind.
pub fn build_report(facts: &SessionFacts, export: &ExportFacts, photos: Vec<Photo>, language: Language) -> Report {
    let text = Text { language };
    let mut photos: Vec<ReportPhoto> = photos
        .into_iter()
        .map(|photo| ReportPhoto { kind: photo.kind, caption: text.label(photo.kind.label()), bytes: photo.bytes })
        .collect();
    photos.sort_by_key(|photo| PhotoKind::ALL.iter().position(|kind| *kind == photo.kind));
    let code = export.code.to_string();
    Report {
        language,
        title: text.label(Label::Title),
        subtitle: format!("{}: {}", text.label(Label::SessionId), facts.session_id),
        header: header_rows(facts, export, text),
        running_header: format!(
            "{} · {} · {} ({})",
            text.label(Label::Title),
            facts.company,
            facts.session_id,
            text.label(Label::Continued)
        ),
        photos_title: text.label(Label::Photos),
        photos,
        no_photos: text.label(Label::NoPhotos),
        sections: vec![
            summary(facts, text),
            verification(&facts.verification, text),
            mrz(facts.mrz.as_ref(), text),
            activity(&facts.activity, text),
            pep(&facts.pep, text),
            extra_fields(&facts.extra_fields, text),
            notes(facts, export, text),
            attempts(&facts.attempts, text),
        ],
        footer: Footer {
            language,
            record_hash: export.record_hash.clone(),
            verify_hint: format!("{} {}?code={code}", text.label(Label::VerifyHint), export.verify_at),
            code,
        },
    }
}

/// Label and value wording in one language.
#[derive(Debug, Clone, Copy)]
struct Text {
    language: Language,
}

impl Text {
    fn label(self, label: Label) -> String {
        label.text(self.language).to_owned()
    }

    fn ka(self) -> bool {
        self.language == Language::Ka
    }

    fn missing(self) -> String {
        self.label(Label::NotAvailable)
    }

    fn yes_no(self, value: Option<bool>) -> (String, Mark) {
        match value {
            Some(true) => (self.label(Label::Yes), Mark::Good),
            Some(false) => (self.label(Label::No), Mark::Bad),
            None => (self.missing(), Mark::Muted),
        }
    }

    fn status(self, status: SessionStatus) -> (String, Mark) {
        let (en, ka, mark) = match status {
            SessionStatus::Verified => ("Verified", "ვერიფიცირებული", Mark::Good),
            SessionStatus::AwaitingAction => ("Awaiting action", "მოქმედების მოლოდინში", Mark::Warning),
            SessionStatus::Rejected => ("Rejected", "უარყოფილი", Mark::Bad),
            SessionStatus::NotFinished => ("Not finished", "დაუსრულებელი", Mark::Muted),
        };
        ((if self.ka() { ka } else { en }).to_owned(), mark)
    }

    fn sex(self, sex: &str) -> String {
        let (en, ka) = match sex {
            "male" => ("Male", "მამრობითი"),
            "female" => ("Female", "მდედრობითი"),
            "nonspecified" => ("Not specified", "მითითებული არ არის"),
            other => (other, other),
        };
        (if self.ka() { ka } else { en }).to_owned()
    }

    fn document_type(self, kind: DocumentType) -> String {
        let (en, ka) = match kind {
            DocumentType::Passport => ("Passport", "პასპორტი"),
            DocumentType::IdCard => ("Identity card", "პირადობის მოწმობა"),
            DocumentType::ResidencePermit => ("Residence permit", "ბინადრობის მოწმობა"),
            DocumentType::DrivingLicence => ("Driving licence", "მართვის მოწმობა"),
        };
        (if self.ka() { ka } else { en }).to_owned()
    }

    fn pep_status(self, status: PepStatus) -> (String, Mark) {
        let (en, ka, mark) = match status {
            PepStatus::Clear => ("No match", "დამთხვევა არ არის", Mark::Good),
            PepStatus::PotentialMatch => ("Potential match, to review", "შესაძლო დამთხვევა, განსახილველი", Mark::Warning),
            PepStatus::ConfirmedMatch => ("Confirmed match", "დადასტურებული დამთხვევა", Mark::Bad),
            PepStatus::NotScreened => ("Not screened", "არ შემოწმებულა", Mark::Muted),
        };
        ((if self.ka() { ka } else { en }).to_owned(), mark)
    }

    fn review(self, review: MatchReview) -> String {
        let (en, ka) = match review {
            MatchReview::Open => ("open", "განუხილველი"),
            MatchReview::FalsePositive => ("false positive", "ცრუ დამთხვევა"),
            MatchReview::Confirmed => ("confirmed", "დადასტურებული"),
        };
        (if self.ka() { ka } else { en }).to_owned()
    }

    fn note_kind(self, kind: NoteKind) -> (String, Mark) {
        let (en, ka, mark) = match kind {
            NoteKind::Note => ("Note", "შენიშვნა", Mark::Plain),
            NoteKind::Approval => ("Approval", "დადასტურება", Mark::Good),
            NoteKind::Rejection => ("Rejection", "უარყოფა", Mark::Bad),
        };
        ((if self.ka() { ka } else { en }).to_owned(), mark)
    }

    /// "Level 6 of 7: false acceptance rate 1/100000 ..." — what a level means to a reader.
    fn face_match(self, level: Option<u8>) -> (String, Mark) {
        let Some(level) = level.and_then(|l| FaceMatchLevel::new(i64::from(l)).ok()) else {
            return (self.label(Label::NoFaceMatch), Mark::Muted);
        };
        let rate = level.false_acceptance_rate();
        let one_in = group_thousands(rate.trim_start_matches("1/"));
        let value = level.value();
        let text = if self.ka() {
            format!(
                "დონე {value} / {max}: ცრუ დაშვების სიხშირე (FAR) {rate} — სხვა პირი დაახლოებით {one_in} შედარებიდან ერთხელ იქნებოდა მიღებული",
                max = FaceMatchLevel::MAX
            )
        } else {
            format!(
                "Level {value} of {max}: false acceptance rate (FAR) {rate}, a different person would be accepted about once in {one_in} comparisons",
                max = FaceMatchLevel::MAX
            )
        };
        let mark = if value >= 4 { Mark::Good } else { Mark::Bad };
        (text, mark)
    }

    fn mrz_field(self, field: MrzField) -> String {
        if !self.ka() {
            return field.label().to_owned();
        }
        match field {
            MrzField::DocumentCode => "დოკუმენტის კოდი",
            MrzField::IssuingState => "გამცემი ქვეყანა",
            MrzField::LastName => "გვარი",
            MrzField::FirstName => "სახელი",
            MrzField::DocumentNumber => "დოკუმენტის ნომერი",
            MrzField::DocumentNumberCheckDigit => "დოკუმენტის ნომრის საკონტროლო ციფრი",
            MrzField::Nationality => "მოქალაქეობა",
            MrzField::BirthDate => "დაბადების თარიღი",
            MrzField::BirthDateCheckDigit => "დაბადების თარიღის საკონტროლო ციფრი",
            MrzField::Sex => "სქესი",
            MrzField::ExpirationDate => "ვადის გასვლის თარიღი",
            MrzField::ExpirationDateCheckDigit => "ვადის გასვლის თარიღის საკონტროლო ციფრი",
            MrzField::PersonalNumber => "პირადი ნომერი",
            MrzField::PersonalNumberCheckDigit => "პირადი ნომრის საკონტროლო ციფრი",
            MrzField::CompositeCheckDigit => "საერთო საკონტროლო ციფრი",
            MrzField::Optional1 => "დამატებითი ველი 1",
            MrzField::Optional2 => "დამატებითი ველი 2",
            MrzField::Optional => "დამატებითი ველი",
            MrzField::AdministrativeCode => "ადმინისტრაციული კოდი",
            MrzField::IssueDate => "გაცემის თარიღი",
            MrzField::AdministrativeCode2 => "ადმინისტრაციული კოდი 2",
            MrzField::LanguageCode => "ენის კოდი",
            MrzField::PinCode => "PIN კოდი",
            MrzField::VersionNumber => "ვერსიის ნომერი",
            MrzField::Separator1 => "გამყოფი 1",
            MrzField::Separator2 => "გამყოფი 2",
        }
        .to_owned()
    }

    fn reason(self, reason: &MatchReason) -> String {
        let ka = self.ka();
        let pick = |en: &str, georgian: &str| if ka { georgian.to_owned() } else { en.to_owned() };
        match reason {
            MatchReason::Exact => pick("exact name", "ზუსტი სახელი"),
            MatchReason::Alias { alias } => format!("{}: {alias}", pick("alias", "ფსევდონიმი")),
            MatchReason::Equivalent { query, list } => {
                format!("{}: {query} ~ {list}", pick("equivalent names", "ეკვივალენტური სახელები"))
            }
            MatchReason::Transliteration { query, list } => {
                format!("{}: {query} ~ {list}", pick("transliteration", "ტრანსლიტერაცია"))
            }
            MatchReason::Phonetic { query, list } => {
                format!("{}: {query} ~ {list}", pick("sounds alike", "ფონეტიკური მსგავსება"))
            }
            MatchReason::Fuzzy { query, list, edits } => {
                format!("{}: {query} ~ {list} ({edits} {})", pick("spelling", "მართლწერა"), pick("edits", "ცვლილება"))
            }
            MatchReason::Initials { query, list } => format!("{}: {query} ~ {list}", pick("initials", "ინიციალები")),
            MatchReason::OrderSwap => pick("name order swapped", "სახელი და გვარი შებრუნებულია"),
            MatchReason::MissingNamePart { part } => {
                format!("{}: {part}", pick("missing name part", "აკლია სახელის ნაწილი"))
            }
            MatchReason::BirthDate { verdict } => {
                let (en, georgian) = match verdict {
                    BirthDateVerdict::Exact => ("exact", "ზუსტი"),
                    BirthDateVerdict::SameMonth => ("same month", "იგივე თვე"),
                    BirthDateVerdict::SameYear => ("same year", "იგივე წელი"),
                    BirthDateVerdict::DayMonthSwapped => ("day and month swapped", "დღე და თვე შებრუნებულია"),
                    BirthDateVerdict::SameYearOtherDay => ("same year, other day", "იგივე წელი, სხვა დღე"),
                    BirthDateVerdict::OneYearApart => ("one year apart", "ერთი წლის სხვაობა"),
                    BirthDateVerdict::Different => ("different", "განსხვავებული"),
                };
                format!("{}: {}", pick("birth date", "დაბადების თარიღი"), pick(en, georgian))
            }
            MatchReason::Nationality { verdict } => {
                let same = *verdict == NationalityVerdict::Match;
                format!("{}: {}", pick("nationality", "მოქალაქეობა"), self.same_or_different(same))
            }
            MatchReason::Sex { verdict } => {
                format!("{}: {}", pick("sex", "სქესი"), self.same_or_different(*verdict == SexVerdict::Match))
            }
            MatchReason::DocumentNumber { verdict } => {
                let same = *verdict == DocumentVerdict::Match;
                format!("{}: {}", pick("document number", "დოკუმენტის ნომერი"), self.same_or_different(same))
            }
        }
    }

    /// A rejection reason code in words (the dashboard's wording).
    fn rejection_reason(self, code: &str) -> String {
        let Ok(reason) = code.parse::<RejectionReason>() else { return code.to_owned() };
        if !self.ka() {
            return reason.label().to_owned();
        }
        match reason {
            RejectionReason::Spam => "სპამი",
            RejectionReason::Pep => "პოლიტიკურად აქტიური პირი (PEP)",
            RejectionReason::SanctionsList => "სანქციების სიები",
            RejectionReason::CriminalRecords => "ნასამართლობა",
            RejectionReason::AdverseMedia => "ნეგატიური ინფორმაცია მედიაში",
            RejectionReason::Fake => "ყალბი დოკუმენტი",
            RejectionReason::Blacklist => "შავი სია",
            RejectionReason::SelfieMismatch => "სელფი არ ემთხვევა",
            RejectionReason::FullNameMismatch => "სრული სახელი",
            RejectionReason::DocumentNumberMismatch => "პირადი/დოკუმენტის ნომერი",
            RejectionReason::MrzIssue => "MRZ-ის პრობლემა",
            RejectionReason::DateOfBirthMismatch => "დაბადების თარიღი",
        }
        .to_owned()
    }

    fn same_or_different(self, same: bool) -> String {
        match (same, self.ka()) {
            (true, false) => "same".to_owned(),
            (false, false) => "different".to_owned(),
            (true, true) => "ემთხვევა".to_owned(),
            (false, true) => "განსხვავებული".to_owned(),
        }
    }
}

/// `100000` -> `100 000`.
fn group_thousands(digits: &str) -> String {
    let mut grouped = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    grouped
}

fn row(label: String, value: String, mark: Mark) -> Row {
    Row { label, value, mark }
}

/// A row for an optional stored text: the value, or "not available" in grey.
fn text_row(text: Text, label: Label, value: Option<&str>) -> Row {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(value) => row(text.label(label), value.to_owned(), Mark::Plain),
        None => row(text.label(label), text.missing(), Mark::Muted),
    }
}

fn time_row(text: Text, label: Label, value: Option<&str>) -> Row {
    let printed = value.map(printed_time);
    text_row(text, label, printed.as_deref())
}

fn yes_no_row(text: Text, label: Label, value: Option<bool>) -> Row {
    let (value, mark) = text.yes_no(value);
    row(text.label(label), value, mark)
}

fn header_rows(facts: &SessionFacts, export: &ExportFacts, text: Text) -> Vec<Row> {
    let (status, status_mark) = text.status(facts.status);
    let mut rows = vec![row(text.label(Label::Company), facts.company.clone(), Mark::Plain)];
    if let Some(external_id) = &facts.external_id {
        rows.push(row(text.label(Label::ExternalId), external_id.clone(), Mark::Plain));
    }
    rows.extend([
        row(text.label(Label::Status), status, status_mark),
        row(text.label(Label::CreatedAt), printed_time(&facts.created_at), Mark::Plain),
        row(text.label(Label::GeneratedAt), printed_time(&export.generated_at), Mark::Plain),
        row(text.label(Label::GeneratedBy), export.generated_by.clone(), Mark::Plain),
    ]);
    if let Some(redaction) = &export.redaction {
        rows.push(row(text.label(Label::Redacted), redaction_text(redaction, text), Mark::Warning));
    }
    rows
}

/// "on 2026-12-02 by the retention policy", in the report's language.
fn redaction_text(redaction: &crate::retention::Redaction, text: Text) -> String {
    let by = match redaction.by {
        crate::retention::RedactedBy::Policy => Label::RedactedByPolicy,
        crate::retention::RedactedBy::Request { .. } => Label::RedactedByRequest,
    };
    format!("{} {}", redaction.at.format("%Y-%m-%d"), text.label(by))
}

fn summary(facts: &SessionFacts, text: Text) -> Section {
    let s = &facts.summary;
    let mut rows = vec![
        text_row(text, Label::FirstName, s.first_name.as_deref()),
        text_row(text, Label::LastName, s.last_name.as_deref()),
    ];
    if let Some(native) = &s.native_first_name {
        rows.push(text_row(text, Label::NativeFirstName, Some(native)));
    }
    if let Some(native) = &s.native_last_name {
        rows.push(text_row(text, Label::NativeLastName, Some(native)));
    }
    let document_type = s.document_type.map(|kind| text.document_type(kind));
    let sex = s.sex.as_deref().map(|sex| text.sex(sex));
    rows.extend([
        text_row(text, Label::DocumentType, document_type.as_deref()),
        text_row(text, Label::DocumentNumber, s.document_number.as_deref()),
        text_row(text, Label::PersonalNumber, s.personal_number.as_deref()),
        text_row(text, Label::Sex, sex.as_deref()),
        text_row(text, Label::BirthDate, s.birth_date.as_deref()),
        text_row(text, Label::ExpirationDate, s.expiration_date.as_deref()),
        text_row(text, Label::Nationality, s.nationality.as_deref()),
        text_row(text, Label::IssuingState, s.issuing_state.as_deref()),
    ]);
    Section { title: text.label(Label::Summary), blocks: vec![Block::Rows(rows)] }
}

fn verification(v: &VerificationFacts, text: Text) -> Section {
    let (face_match, face_mark) = text.face_match(v.face_match_level);
    let rows = vec![
        yes_no_row(text, Label::Verified, Some(v.verified)),
        yes_no_row(text, Label::LivenessPassed, v.liveness_passed),
        yes_no_row(text, Label::DocumentValid, v.document_valid),
        row(text.label(Label::FaceMatch), face_match, face_mark),
        yes_no_row(text, Label::DocumentReal, v.document_real),
        yes_no_row(text, Label::FullDocument, v.full_document_detected),
    ];
    Section { title: text.label(Label::Verification), blocks: vec![Block::Rows(rows)] }
}

fn mrz(mrz: Option<&MrzFacts>, text: Text) -> Section {
    let title = text.label(Label::MrzCheck);
    let Some(mrz) = mrz else {
        return Section { title, blocks: vec![Block::Paragraph { text: text.label(Label::NoMrz), mark: Mark::Muted }] };
    };
    let (valid, valid_mark) = text.yes_no(Some(mrz.valid));
    let rows = mrz
        .details
        .iter()
        .map(|detail| {
            let result = if detail.valid {
                format!("✓ {}", text.label(Label::Valid))
            } else {
                format!("✗ {}: {}", text.label(Label::Invalid), detail.error.as_deref().unwrap_or(""))
            };
            let position = if detail.end > detail.start + 1 {
                format!("{} {}, {}–{}", text.label(Label::LineShort), detail.line + 1, detail.start + 1, detail.end)
            } else {
                format!("{} {}, {}", text.label(Label::LineShort), detail.line + 1, detail.start + 1)
            };
            TableRow {
                cells: vec![
                    text.mrz_field(detail.field),
                    detail.value.clone().unwrap_or_default(),
                    position,
                    result,
                ],
                mark: if detail.valid { Mark::Plain } else { Mark::Bad },
            }
        })
        .collect();
    Section {
        title,
        blocks: vec![
            Block::Rows(vec![
                row(text.label(Label::MrzFormat), mrz.format.clone(), Mark::Plain),
                row(text.label(Label::MrzValid), valid, valid_mark),
            ]),
            Block::Monospace(mrz.lines.clone()),
            Block::Table {
                columns: vec![
                    Column { title: text.label(Label::Field), weight: 5 },
                    Column { title: text.label(Label::Value), weight: 5 },
                    Column { title: text.label(Label::Position), weight: 3 },
                    Column { title: text.label(Label::Result), weight: 7 },
                ],
                rows,
            },
        ],
    }
}

fn activity(a: &ActivityFacts, text: Text) -> Section {
    let mut rows = vec![
        text_row(text, Label::UserAgent, a.user_agent.as_deref()),
        text_row(text, Label::Device, a.device_name.as_deref()),
        text_row(text, Label::DeviceType, a.device_type.as_deref()),
        text_row(text, Label::Browser, a.browser.as_deref()),
        text_row(text, Label::OperatingSystem, a.os.as_deref()),
    ];
    if let Some(in_app) = &a.in_app_browser {
        rows.push(text_row(text, Label::InAppBrowser, Some(in_app)));
    }
    rows.extend([
        text_row(text, Label::ClientIp, a.client_ip.as_deref()),
        time_row(text, Label::StartedAt, a.started_at.as_deref()),
        time_row(text, Label::FinishedAt, a.finished_at.as_deref()),
        yes_no_row(text, Label::LivenessFinished, Some(a.liveness_finished)),
        yes_no_row(text, Label::DocumentFinished, Some(a.document_finished)),
        row(text.label(Label::AttemptsCount), a.attempts.to_string(), Mark::Plain),
    ]);
    Section { title: text.label(Label::CustomerActivity), blocks: vec![Block::Rows(rows)] }
}

fn pep(p: &PepFacts, text: Text) -> Section {
    let (status, status_mark) = text.pep_status(p.status);
    let lists = p
        .lists
        .iter()
        .map(|list| format!("{} ({} {})", list.name, text.label(Label::Version), list.version))
        .collect::<Vec<_>>()
        .join(", ");
    let mut blocks = vec![Block::Rows(vec![
        row(text.label(Label::ScreeningStatus), status, status_mark),
        time_row(text, Label::ScreenedAt, p.screened_at.as_deref()),
        if lists.is_empty() {
            row(text.label(Label::ListsScreened), text.label(Label::NoLists), Mark::Muted)
        } else {
            row(text.label(Label::ListsScreened), lists, Mark::Plain)
        },
    ])];
    if p.matches.is_empty() {
        if !p.lists.is_empty() {
            blocks.push(Block::Paragraph { text: text.label(Label::NoMatchOnLists), mark: Mark::Good });
        }
    } else {
        let rows = p
            .matches
            .iter()
            .map(|m| TableRow {
                cells: vec![
                    m.found.name.clone(),
                    m.found.matched_name.clone(),
                    format!("{} / {}", m.found.list, m.found.entity_id),
                    m.found.score.to_string(),
                    m.found.reasons.iter().map(|r| text.reason(r)).collect::<Vec<_>>().join("; "),
                    text.review(m.review),
                ],
                mark: match m.review {
                    MatchReview::Confirmed => Mark::Bad,
                    MatchReview::FalsePositive => Mark::Muted,
                    MatchReview::Open => Mark::Warning,
                },
            })
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                Column { title: text.label(Label::ListedName), weight: 4 },
                Column { title: text.label(Label::MatchedName), weight: 4 },
                Column { title: text.label(Label::List), weight: 3 },
                Column { title: text.label(Label::Score), weight: 2 },
                Column { title: text.label(Label::Reasons), weight: 7 },
                Column { title: text.label(Label::Review), weight: 3 },
            ],
            rows,
        });
    }
    Section { title: text.label(Label::PepInfo), blocks }
}

fn extra_fields(fields: &[ExtraField], text: Text) -> Section {
    let block = if fields.is_empty() {
        Block::Paragraph { text: text.label(Label::NoExtraFields), mark: Mark::Muted }
    } else {
        Block::Rows(fields.iter().map(|f| row(f.name.clone(), f.value.clone(), Mark::Plain)).collect())
    };
    Section { title: text.label(Label::ExtraFields), blocks: vec![block] }
}

fn notes(facts: &SessionFacts, export: &ExportFacts, text: Text) -> Section {
    let mut blocks = Vec::new();
    if let Some(decision) = &facts.automatic_decision {
        let (status, mark) = text.status(decision.status);
        let value = format!("{status}: {}", decision.reason);
        blocks.push(Block::Rows(vec![row(text.label(Label::AutomaticDecision), value, mark)]));
    }
    if !export.status_reasons.is_empty() {
        let label = text.label(Label::StatusReasons);
        let rows = export.status_reasons.iter().map(|reason| row(label.clone(), reason.clone(), Mark::Warning)).collect();
        blocks.push(Block::Rows(rows));
    }
    if facts.pending_second_approval {
        blocks.push(Block::Paragraph { text: text.label(Label::PendingSecondApproval), mark: Mark::Warning });
    }
    if facts.notes.is_empty() {
        blocks.push(Block::Paragraph { text: text.label(Label::NoNotes), mark: Mark::Muted });
    } else {
        let rows = facts
            .notes
            .iter()
            .map(|note| {
                let (kind, mark) = text.note_kind(note.kind);
                let body = if note.reasons.is_empty() {
                    note.body.clone()
                } else {
                    let reasons: Vec<String> = note.reasons.iter().map(|code| text.rejection_reason(code)).collect();
                    format!("{} [{}: {}]", note.body, text.label(Label::Reasons), reasons.join(", "))
                };
                TableRow { cells: vec![printed_time(&note.created_at), note.author.clone(), kind, body], mark }
            })
            .collect();
        blocks.push(Block::Table {
            columns: vec![
                Column { title: text.label(Label::When), weight: 4 },
                Column { title: text.label(Label::Author), weight: 4 },
                Column { title: text.label(Label::Kind), weight: 3 },
                Column { title: text.label(Label::Text), weight: 10 },
            ],
            rows,
        });
    }
    Section { title: text.label(Label::NotesAndDecisions), blocks }
}

fn attempts(attempts: &[AttemptFacts], text: Text) -> Section {
    let title = text.label(Label::AttemptsHistory);
    if attempts.is_empty() {
        return Section { title, blocks: vec![Block::Paragraph { text: text.label(Label::NoAttempts), mark: Mark::Muted }] };
    }
    let flag = |value: Option<bool>| text.yes_no(value).0;
    let rows = attempts
        .iter()
        .map(|a| {
            let device = [a.device_name.as_deref(), a.browser.as_deref(), a.os.as_deref(), a.client_ip.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let failed = a.liveness_passed == Some(false) || a.document_valid == Some(false) || a.mrz_valid == Some(false);
            TableRow {
                cells: vec![
                    a.number.to_string(),
                    a.started_at.as_deref().map_or_else(|| text.missing(), printed_time),
                    a.finished_at.as_deref().map_or_else(|| text.missing(), printed_time),
                    flag(a.liveness_passed),
                    a.face_match_level.map_or_else(|| text.missing(), |level| level.to_string()),
                    flag(a.document_valid),
                    flag(a.mrz_valid),
                    device,
                ],
                mark: if failed { Mark::Warning } else { Mark::Plain },
            }
        })
        .collect();
    Section {
        title,
        blocks: vec![Block::Table {
            columns: vec![
                Column { title: text.label(Label::AttemptNumber), weight: 1 },
                Column { title: text.label(Label::StartedAt), weight: 4 },
                Column { title: text.label(Label::FinishedAt), weight: 4 },
                Column { title: text.label(Label::Liveness), weight: 4 },
                Column { title: text.label(Label::FaceMatchShort), weight: 4 },
                Column { title: text.label(Label::DocumentValidShort), weight: 4 },
                Column { title: text.label(Label::MrzValidShort), weight: 3 },
                Column { title: text.label(Label::DeviceAndIp), weight: 6 },
            ],
            rows,
        }],
    }
}

impl Report {
    /// Every text the report prints except the photos, in order: for tests and search.
    pub fn texts(&self) -> Vec<String> {
        let mut texts = vec![self.title.clone(), self.subtitle.clone()];
        for row in &self.header {
            texts.extend([row.label.clone(), row.value.clone()]);
        }
        for section in &self.sections {
            texts.push(section.title.clone());
            for block in &section.blocks {
                match block {
                    Block::Rows(rows) => {
                        for row in rows {
                            texts.extend([row.label.clone(), row.value.clone()]);
                        }
                    }
                    Block::Table { columns, rows } => {
                        texts.extend(columns.iter().map(|c| c.title.clone()));
                        texts.extend(rows.iter().flat_map(|r| r.cells.iter().cloned()));
                    }
                    Block::Paragraph { text, .. } => texts.push(text.clone()),
                    Block::Monospace(lines) => texts.extend(lines.iter().cloned()),
                }
            }
        }
        texts
    }
}

#[cfg(test)]
mod tests;
