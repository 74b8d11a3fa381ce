//! The legal texts the retention rules rest on, and how their periods are counted.
//!
//! Periods in years follow Regulation (EEC, Euratom) No 1182/71 Art. 3, the EU's rule for
//! counting periods in its own acts: the day of the event is not counted, and a period of years
//! ends at the end of the day with the same date in the last year (the last day of that month
//! when the date does not exist, so a period from 29 February ends on 28 February). Data kept
//! "five years after" an event on 2026-03-15 may therefore be deleted from 2031-03-16 on.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Years the AML rules require customer-due-diligence records to be kept after the business
/// relationship ends (Directive (EU) 2015/849 Art. 40(1); Regulation (EU) 2024/1624 Art. 77).
pub const AML_RETENTION_YEARS: u32 = 5;

/// Further years a Member State or a competent authority may require on top (Directive (EU)
/// 2015/849 Art. 40(1), second subparagraph; Regulation (EU) 2024/1624 Art. 77).
pub const AML_MAXIMUM_EXTENSION_YEARS: u32 = 5;

/// The shortest verified-session period a policy may set, in days: five years of 365 days and
/// the leap day most five-year spans contain. A span with two leap days is one day longer; the
/// schedule then keeps the session to the end of the five calendar years regardless.
pub const AML_MINIMUM_DAYS: u32 = 1826;

/// The longest verified-session period a policy may set, in days: ten years (the five of the AML
/// rules and the five more an authority may require), with up to three leap days. The schedule
/// never keeps a session past the end of the ten calendar years by policy; a legal hold does.
pub const AML_MAXIMUM_DAYS: u32 = 3653;

/// A legal provision a retention rule or refusal rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalBasis {
    /// GDPR Art. 5(1)(e): kept in a form which permits identification no longer than necessary.
    GdprStorageLimitation,
    /// GDPR Art. 17(1): the data subject's right to erasure.
    GdprRightToErasure,
    /// GDPR Art. 17(3)(b): no erasure while processing is necessary to comply with a legal
    /// obligation, such as the AML record-keeping duty.
    GdprLegalObligationExemption,
    /// GDPR Art. 17(3)(e): no erasure while the data are needed for the establishment, exercise
    /// or defence of legal claims: the ground of a legal hold.
    GdprLegalClaimsExemption,
    /// Directive (EU) 2015/849 Art. 40(1): CDD records kept five years after the end of the
    /// business relationship or the occasional transaction, then deleted; up to five more years
    /// where national law requires it.
    AmlDirectiveRecordKeeping,
    /// Regulation (EU) 2024/1624 Art. 77, applicable from 10 July 2027: the same five years,
    /// harmonised; a competent authority may extend them by up to five years case by case.
    AmlRegulationRecordKeeping,
}

impl LegalBasis {
    pub const ALL: [LegalBasis; 6] = [
        Self::GdprStorageLimitation,
        Self::GdprRightToErasure,
        Self::GdprLegalObligationExemption,
        Self::GdprLegalClaimsExemption,
        Self::AmlDirectiveRecordKeeping,
        Self::AmlRegulationRecordKeeping,
    ];

    /// The AML record-keeping provisions, old and new, cited together.
    pub const AML_RECORD_KEEPING: [LegalBasis; 2] = [Self::AmlDirectiveRecordKeeping, Self::AmlRegulationRecordKeeping];

    /// The provision as cited in documents and error messages.
    pub fn citation(self) -> &'static str {
        match self {
            Self::GdprStorageLimitation => "GDPR Art. 5(1)(e)",
            Self::GdprRightToErasure => "GDPR Art. 17(1)",
            Self::GdprLegalObligationExemption => "GDPR Art. 17(3)(b)",
            Self::GdprLegalClaimsExemption => "GDPR Art. 17(3)(e)",
            Self::AmlDirectiveRecordKeeping => "Directive (EU) 2015/849 Art. 40(1)",
            Self::AmlRegulationRecordKeeping => "Regulation (EU) 2024/1624 Art. 77",
        }
    }

    /// What the provision says, in one line.
    pub fn summary(self) -> &'static str {
        match self {
            Self::GdprStorageLimitation => {
                "personal data are kept in a form which permits identification no longer than necessary"
            }
            Self::GdprRightToErasure => "the data subject may have personal data erased without undue delay",
            Self::GdprLegalObligationExemption => {
                "the right to erasure does not apply while processing is necessary to comply with a legal obligation"
            }
            Self::GdprLegalClaimsExemption => {
                "the right to erasure does not apply while the data are needed for legal claims"
            }
            Self::AmlDirectiveRecordKeeping => {
                "customer due diligence records are kept five years after the business relationship ends, then deleted"
            }
            Self::AmlRegulationRecordKeeping => {
                "from 10 July 2027, customer due diligence records are kept five years after the business relationship ends, then deleted"
            }
        }
    }
}

/// Citations joined for a message: "Directive (EU) 2015/849 Art. 40(1); Regulation (EU) ...".
pub fn cite(bases: &[LegalBasis]) -> String {
    bases.iter().map(|basis| basis.citation()).collect::<Vec<_>>().join("; ")
}

/// The first day after a period of `years` years that runs from an event on `event_day`
/// (Regulation 1182/71 Art. 3): the day the data may go.
pub fn day_after_years(event_day: NaiveDate, years: u32) -> NaiveDate {
    let last_day = event_day.checked_add_months(Months::new(years.saturating_mul(12))).unwrap_or(NaiveDate::MAX);
    day_after(last_day)
}

/// The first day after a period of `days` days that runs from an event on `event_day`: the
/// event day is not counted, so data kept 30 days after 1 March go on 1 April (kept through
/// 31 March).
pub fn day_after_days(event_day: NaiveDate, days: u32) -> NaiveDate {
    day_after(event_day.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX))
}

fn day_after(day: NaiveDate) -> NaiveDate {
    day.succ_opt().unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    #[test]
    fn a_five_year_period_ends_on_the_same_date_and_data_go_the_next_day() {
        assert_eq!(day_after_years(date("2026-03-15"), 5), date("2031-03-16"));
    }

    #[test]
    fn a_period_from_the_twenty_ninth_of_february_ends_on_the_last_day_of_february() {
        assert_eq!(day_after_years(date("2024-02-29"), 5), date("2029-03-01"));
    }

    #[test]
    fn the_event_day_is_not_counted_in_a_period_of_days() {
        assert_eq!(day_after_days(date("2026-03-01"), 30), date("2026-04-01"));
    }

    #[test]
    fn the_minimum_in_days_covers_five_years_with_one_leap_day_but_not_two() {
        // 2025-03-15 .. 2030-03-15 holds one leap day (2028-02-29): 1826 days are five years.
        assert_eq!(day_after_days(date("2025-03-15"), AML_MINIMUM_DAYS), day_after_years(date("2025-03-15"), 5));
        // 2027-03-01 .. 2032-03-01 holds two (2028-02-29, 2032-02-29): 1826 days fall one short.
        assert!(day_after_days(date("2027-03-01"), AML_MINIMUM_DAYS) < day_after_years(date("2027-03-01"), 5));
    }

    #[test]
    fn every_legal_basis_has_a_citation_and_a_summary() {
        for basis in LegalBasis::ALL {
            assert!(basis.citation().contains("Art."), "{basis:?}");
            assert!(!basis.summary().is_empty(), "{basis:?}");
        }
        assert_eq!(
            cite(&LegalBasis::AML_RECORD_KEEPING),
            "Directive (EU) 2015/849 Art. 40(1); Regulation (EU) 2024/1624 Art. 77"
        );
    }
}
