//! MRZ dates: `YYMMDD` (and the French ID's `YYMM` issue date), checked against the
//! calendar of the year they expand to.
//!
//! Doc 9303 gives no century rule, so the caller injects "today":
//! - a birth (or issue) date takes the latest century that does not put it in the future;
//! - an expiry date takes today's century unless that lands more than
//!   [`EXPIRY_HORIZON_YEARS`] away, in which case the neighbouring century is used.

use chrono::{Datelike, NaiveDate};

/// How far ahead (or behind) an expiry date may lie before the other century is chosen.
pub const EXPIRY_HORIZON_YEARS: i32 = 50;

/// What kind of date a field holds, which decides its century and whether `<` is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    /// Never in the future; unknown parts may be written `<<` (Part 3 §4.8).
    Birth,
    /// Up to [`EXPIRY_HORIZON_YEARS`] ahead; must be complete.
    Expiry,
    /// A past date with no day (French ID `YYMM`); must be complete.
    Issue,
}

/// Why a date field is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not digits (or, for a birth date, pairs of `<`) in the expected shape.
    Format,
    /// Month outside 01-12.
    Month,
    /// Day that does not exist in that month of the expanded year.
    Day,
}

/// A date field that passed its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzDate {
    /// Fully known date.
    Known(NaiveDate),
    /// Year and month of a French issue date.
    YearMonth { year: i32, month: u32 },
    /// A birth date with some parts written `<` (unknown); the known parts are valid.
    PartlyUnknown,
}

impl MrzDate {
    pub fn as_date(self) -> Option<NaiveDate> {
        match self {
            MrzDate::Known(date) => Some(date),
            _ => None,
        }
    }
}

/// One two-character part of a date: two digits, or (birth dates only) `<<`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Known(u32),
    Unknown,
}

fn part(pair: &[u8], unknown_allowed: bool) -> Option<Part> {
    match pair {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(Part::Known(u32::from(a - b'0') * 10 + u32::from(b - b'0'))),
        [b'<', b'<'] if unknown_allowed => Some(Part::Unknown),
        _ => None,
    }
}

/// Checks the raw field (`YYMMDD`, or `YYMM` for [`DateKind::Issue`]) against the calendar.
pub fn parse_date(raw: &[u8], kind: DateKind, today: NaiveDate) -> Result<MrzDate, DateProblem> {
    let expected_len = if kind == DateKind::Issue { 4 } else { 6 };
    if raw.len() != expected_len {
        return Err(DateProblem::Format);
    }
    let unknown_allowed = kind == DateKind::Birth;
    let year = part(&raw[0..2], unknown_allowed).ok_or(DateProblem::Format)?;
    let month = part(&raw[2..4], unknown_allowed).ok_or(DateProblem::Format)?;
    let day = if kind == DateKind::Issue {
        Part::Known(1)
    } else {
        part(&raw[4..6], unknown_allowed).ok_or(DateProblem::Format)?
    };

    if let Part::Known(m) = month
        && !(1..=12).contains(&m)
    {
        return Err(DateProblem::Month);
    }
    let (Part::Known(yy), Part::Known(mm), Part::Known(dd)) = (year, month, day) else {
        return partly_unknown(year, month, day);
    };
    let full_year = expand_year(yy, mm, dd, kind, today);
    let date = NaiveDate::from_ymd_opt(full_year, mm, dd).ok_or(DateProblem::Day)?;
    Ok(match kind {
        DateKind::Issue => MrzDate::YearMonth { year: full_year, month: mm },
        _ => MrzDate::Known(date),
    })
}

/// A birth date with unknown parts: a known day must exist in some year (1..=31 and,
/// when the month is known, not beyond that month's longest length).
fn partly_unknown(_year: Part, month: Part, day: Part) -> Result<MrzDate, DateProblem> {
    if let Part::Known(dd) = day {
        let longest = match month {
            Part::Known(2) => 29,
            Part::Known(4 | 6 | 9 | 11) => 30,
            _ => 31,
        };
        if !(1..=longest).contains(&dd) {
            return Err(DateProblem::Day);
        }
    }
    Ok(MrzDate::PartlyUnknown)
}

/// Expands a two-digit year against `today`; see the module documentation.
fn expand_year(yy: u32, month: u32, day: u32, kind: DateKind, today: NaiveDate) -> i32 {
    let yy = yy as i32;
    let century = today.year().div_euclid(100) * 100;
    let same_century = century + yy;
    match kind {
        DateKind::Birth | DateKind::Issue => {
            let in_future = (same_century, month, day) > (today.year(), today.month(), today.day());
            if in_future { same_century - 100 } else { same_century }
        }
        DateKind::Expiry => {
            if same_century > today.year() + EXPIRY_HORIZON_YEARS {
                same_century - 100
            } else if same_century < today.year() - EXPIRY_HORIZON_YEARS {
                same_century + 100
            } else {
                same_century
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
    }

    fn known(y: i32, m: u32, d: u32) -> Result<MrzDate, DateProblem> {
        Ok(MrzDate::Known(NaiveDate::from_ymd_opt(y, m, d).expect("a real date")))
    }

    #[test]
    fn a_birth_date_is_never_in_the_future() {
        assert_eq!(parse_date(b"261125", DateKind::Birth, today()), known(2026, 11, 25));
        assert_eq!(parse_date(b"261126", DateKind::Birth, today()), known(1926, 11, 26));
        assert_eq!(parse_date(b"640812", DateKind::Birth, today()), known(1964, 8, 12));
    }

    #[test]
    fn an_expiry_date_may_lie_up_to_fifty_years_ahead() {
        assert_eq!(parse_date(b"760101", DateKind::Expiry, today()), known(2076, 1, 1));
        assert_eq!(parse_date(b"770101", DateKind::Expiry, today()), known(1977, 1, 1));
        assert_eq!(parse_date(b"120415", DateKind::Expiry, today()), known(2012, 4, 15));
    }

    #[test]
    fn february_29th_exists_only_in_leap_years_of_the_expanded_century() {
        assert_eq!(parse_date(b"000229", DateKind::Birth, today()), known(2000, 2, 29));
        assert_eq!(parse_date(b"010229", DateKind::Birth, today()), Err(DateProblem::Day));
        assert_eq!(parse_date(b"640230", DateKind::Birth, today()), Err(DateProblem::Day));
    }

    #[test]
    fn months_and_days_out_of_range_are_named() {
        assert_eq!(parse_date(b"641312", DateKind::Birth, today()), Err(DateProblem::Month));
        assert_eq!(parse_date(b"640800", DateKind::Birth, today()), Err(DateProblem::Day));
        assert_eq!(parse_date(b"64O812", DateKind::Birth, today()), Err(DateProblem::Format));
    }

    #[test]
    fn unknown_parts_are_allowed_in_birth_dates_only() {
        assert_eq!(parse_date(b"<<<<<<", DateKind::Birth, today()), Ok(MrzDate::PartlyUnknown));
        assert_eq!(parse_date(b"6408<<", DateKind::Birth, today()), Ok(MrzDate::PartlyUnknown));
        assert_eq!(parse_date(b"64<<31", DateKind::Birth, today()), Ok(MrzDate::PartlyUnknown));
        assert_eq!(parse_date(b"6402<<", DateKind::Birth, today()), Ok(MrzDate::PartlyUnknown));
        assert_eq!(parse_date(b"<<0230", DateKind::Birth, today()), Err(DateProblem::Day));
        assert_eq!(parse_date(b"6<0812", DateKind::Birth, today()), Err(DateProblem::Format));
        assert_eq!(parse_date(b"1710<<", DateKind::Expiry, today()), Err(DateProblem::Format));
    }

    #[test]
    fn a_french_issue_date_has_a_year_and_a_month() {
        assert_eq!(
            parse_date(b"1710", DateKind::Issue, today()),
            Ok(MrzDate::YearMonth { year: 2017, month: 10 })
        );
        assert_eq!(parse_date(b"1713", DateKind::Issue, today()), Err(DateProblem::Month));
    }
}
