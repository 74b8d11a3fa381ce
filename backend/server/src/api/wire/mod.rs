//! Wire types: what clients send (`*Input`, parsed into typed values with `TryFrom`) and what they
//! read (`*View`, made from the use cases' results with `From`). They carry the utoipa schemas,
//! so the OpenAPI document, the generated SDKs and the SPA's types describe them exactly.
//!
//! Every closed set of values is an OpenAPI `enum`: [`wire_enum!`] mirrors a domain enum variant
//! for variant, with conversions both ways that the compiler keeps exhaustive, so adding a variant
//! to the domain without adding it here does not build.

pub mod accounts;
pub mod api_clients;
pub mod checks;
pub mod export;
pub mod retention;
pub mod officer;
pub mod review;
pub mod sessions;
pub mod stats;
pub mod text;
pub mod webhooks;

use chrono::{DateTime, Utc};

/// A wire enum mirroring a domain enum: `wire_enum!(Wire <=> domain::path::Type { Variant => "name", ... })`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $wire:ident <=> $domain:path { $($variant:ident => $name:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $wire {
            $(#[serde(rename = $name)] $variant),+
        }

        impl From<$domain> for $wire {
            fn from(value: $domain) -> Self {
                type Domain = $domain;
                match value {
                    $(Domain::$variant => $wire::$variant),+
                }
            }
        }

        impl From<$wire> for $domain {
            fn from(value: $wire) -> Self {
                type Domain = $domain;
                match value {
                    $($wire::$variant => Domain::$variant),+
                }
            }
        }
    };
}
pub(crate) use wire_enum;

wire_enum!(
    /// Where a session stands: `verified`, `awaiting_action` (a person must decide), `rejected`,
    /// or `not_finished` (the customer has not completed the flow).
    SessionStatus <=> kyc_domain::session::SessionStatus {
        Verified => "verified", AwaitingAction => "awaiting_action", Rejected => "rejected", NotFinished => "not_finished",
    }
);

wire_enum!(
    /// The kind of identity document.
    DocumentType <=> kyc_domain::session::DocumentType {
        Passport => "passport", IdCard => "id_card", ResidencePermit => "residence_permit", DrivingLicence => "driving_licence",
    }
);

wire_enum!(
    /// A session's sanctions/PEP status: `clear`, `potential_match` (a match waits for review),
    /// `confirmed_match`, or `not_screened` (no list was loaded).
    PepStatus <=> kyc_domain::screening::PepStatus {
        Clear => "clear", PotentialMatch => "potential_match", ConfirmedMatch => "confirmed_match", NotScreened => "not_screened",
    }
);

wire_enum!(
    /// An operator's review of a screening match.
    MatchReview <=> kyc_domain::screening::MatchReview {
        Open => "open", FalsePositive => "false_positive", Confirmed => "confirmed",
    }
);

wire_enum!(
    /// A manual decision on a session awaiting action.
    Decision <=> kyc_domain::session::decision::Decision { Approve => "approve", Reject => "reject" }
);

wire_enum!(
    /// A note's kind: a plain note, or the note an approval or rejection wrote.
    NoteKind <=> kyc_domain::session::decision::NoteKind { Note => "note", Approval => "approval", Rejection => "rejection" }
);

wire_enum!(
    /// Who a token belongs to: dashboard users (`admin`, `operator`, `viewer`), a company's
    /// server (`client`) or the platform (`superadmin`).
    Role <=> kyc_domain::access::Role {
        Superadmin => "superadmin", Admin => "admin", Operator => "operator", Viewer => "viewer", Client => "client",
    }
);

wire_enum!(
    /// The kind of device a user agent names.
    DeviceType <=> kyc_domain::user_agent::DeviceType {
        Pc => "pc", Mobile => "mobile", Tablet => "tablet", Bot => "bot", Other => "other",
    }
);

wire_enum!(
    /// Why a session was rejected; the groups are in `GET /rejection-reasons`.
    RejectionReason <=> kyc_domain::session::decision::RejectionReason {
        Spam => "spam", Pep => "pep", SanctionsList => "sanctions_list", CriminalRecords => "criminal_records",
        AdverseMedia => "adverse_media", Fake => "fake", Blacklist => "blacklist", SelfieMismatch => "selfie_mismatch",
        FullNameMismatch => "full_name_mismatch", DocumentNumberMismatch => "document_number_mismatch",
        MrzIssue => "mrz_issue", DateOfBirthMismatch => "date_of_birth_mismatch",
    }
);

wire_enum!(
    /// A group of rejection reasons, as the reject dialog shows them.
    RejectionGroup <=> kyc_domain::session::decision::RejectionGroup {
        Spam => "spam", CompromisedPerson => "compromised_person", SuspectedFraud => "suspected_fraud", DataMismatch => "data_mismatch",
    }
);

wire_enum!(
    /// The language of a report's labels.
    ReportLanguage <=> kyc_domain::report::Language { En => "en", Ka => "ka" }
);

wire_enum!(
    /// The type of a company-defined extra field.
    ExtraFieldType <=> kyc_domain::extra_fields::ExtraFieldType {
        Text => "text", Email => "email", Phone => "phone", Date => "date", Number => "number",
    }
);

/// Where a timestamp becomes an RFC 3339 UTC time on the wire.
pub fn utc(at: chrono::NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

/// Raw bytes in a request or response body (a photo, a PDF): `type: string, format: binary`,
/// which SDK generators turn into a file or byte type.
pub struct Binary;

impl utoipa::PartialSchema for Binary {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new().schema_type(Type::String).format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary))).into()
    }
}

impl utoipa::ToSchema for Binary {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wire names are the domain's names: a value read back from the wire is the same value.
    fn same_names<W, D>(all: &[D])
    where
        W: From<D> + serde::Serialize,
        D: Copy + std::fmt::Display,
    {
        for &value in all {
            let wire = serde_json::to_value(W::from(value)).expect("serialisable");
            assert_eq!(wire, serde_json::Value::from(value.to_string()));
        }
    }

    #[test]
    fn every_wire_enum_speaks_the_domain_s_names() {
        same_names::<SessionStatus, _>(kyc_domain::session::SessionStatus::ALL);
        same_names::<DocumentType, _>(kyc_domain::session::DocumentType::ALL);
        same_names::<PepStatus, _>(kyc_domain::screening::PepStatus::ALL);
        same_names::<MatchReview, _>(kyc_domain::screening::MatchReview::ALL);
        same_names::<Decision, _>(kyc_domain::session::decision::Decision::ALL);
        same_names::<NoteKind, _>(kyc_domain::session::decision::NoteKind::ALL);
        same_names::<Role, _>(kyc_domain::access::Role::ALL);
        same_names::<DeviceType, _>(kyc_domain::user_agent::DeviceType::ALL);
        same_names::<RejectionReason, _>(kyc_domain::session::decision::RejectionReason::ALL);
        same_names::<RejectionGroup, _>(kyc_domain::session::decision::RejectionGroup::ALL);
        same_names::<ReportLanguage, _>(&kyc_domain::report::Language::ALL);
    }
}

