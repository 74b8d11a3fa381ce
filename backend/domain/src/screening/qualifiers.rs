//! Facts besides the name that confirm or tell apart namesakes: birth date, nationality, sex,
//! document number. Omission is never contradiction: a fact missing on either side gives no
//! verdict at all.

use serde::{Deserialize, Serialize};

use super::Sex;

/// How the query's birth date relates to the closest of the listed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthDateVerdict {
    /// Same day, month and year.
    Exact,
    /// Same year and month; one side gives no day.
    SameMonth,
    /// Same year; one side gives only the year.
    SameYear,
    /// Day and month swapped (a common data-entry mistake).
    DayMonthSwapped,
    /// Same year, but day or month differ.
    SameYearOtherDay,
    /// One year apart.
    OneYearApart,
    /// More than a year apart from every listed date.
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NationalityVerdict {
    Match,
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SexVerdict {
    Match,
    Different,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentVerdict {
    /// The document number equals a listed passport or ID number: strong evidence.
    Match,
    /// The numbers differ: people change documents, so this is no evidence either way.
    Different,
}

/// A prefix date split into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PrefixDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl PrefixDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer string is cut at the day).
    fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('-');
        let year = parts.next()?.parse().ok().filter(|year| (1000..=2999).contains(year))?;
        let month = parts.next().and_then(|month| month.parse().ok()).filter(|month| (1..=12).contains(month));
        let day = month.and(parts.next()).and_then(|day| day.get(..2).unwrap_or(day).parse().ok()).filter(|day| (1..=31).contains(day));
        Some(Self { year, month, day })
    }

    fn compare(self, listed: Self) -> BirthDateVerdict {
        if self.year != listed.year {
            return if self.year.abs_diff(listed.year) == 1 {
                BirthDateVerdict::OneYearApart
            } else {
                BirthDateVerdict::Different
            };
        }
        match (self.month.zip(listed.month), self.day.zip(listed.day)) {
            (None, _) => BirthDateVerdict::SameYear,
            (Some((month, listed_month)), None) if month == listed_month => BirthDateVerdict::SameMonth,
            (Some((month, listed_month)), Some((day, listed_day))) => {
                if month == listed_month && day == listed_day {
                    BirthDateVerdict::Exact
                } else if month == listed_day && day == listed_month {
                    BirthDateVerdict::DayMonthSwapped
                } else {
                    BirthDateVerdict::SameYearOtherDay
                }
            }
            (Some(_), None) => BirthDateVerdict::SameYearOtherDay,
        }
    }
}

/// The best verdict over the listed dates, or `None` when either side has no readable date.
pub(crate) fn compare_birth_dates(query: Option<&str>, listed: &[String]) -> Option<BirthDateVerdict> {
    let query = PrefixDate::parse(query?)?;
    listed
        .iter()
        .filter_map(|date| PrefixDate::parse(date))
        .map(|date| query.compare(date))
        .min_by_key(|verdict| rank(*verdict))
}

fn rank(verdict: BirthDateVerdict) -> u8 {
    match verdict {
        BirthDateVerdict::Exact => 0,
        BirthDateVerdict::SameMonth => 1,
        BirthDateVerdict::SameYear => 2,
        BirthDateVerdict::DayMonthSwapped => 3,
        BirthDateVerdict::SameYearOtherDay => 4,
        BirthDateVerdict::OneYearApart => 5,
        BirthDateVerdict::Different => 6,
    }
}

/// `query` is already an alpha-2 code; `listed` are alpha-2 codes.
pub(crate) fn compare_nationality(query: Option<&str>, listed: &[String]) -> Option<NationalityVerdict> {
    let query = query?;
    if listed.is_empty() {
        return None;
    }
    Some(if listed.iter().any(|code| code == query) { NationalityVerdict::Match } else { NationalityVerdict::Different })
}

pub(crate) fn compare_sex(query: Option<Sex>, listed: Option<Sex>) -> Option<SexVerdict> {
    let (query, listed) = (query?, listed?);
    Some(if query == listed { SexVerdict::Match } else { SexVerdict::Different })
}

/// Numbers compare by their letters and digits only, in upper case ("OB 0243318" = "OB0243318").
pub(crate) fn compare_document(query: Option<&str>, listed: &[String]) -> Option<DocumentVerdict> {
    let query = document_key(query?);
    if query.len() < 5 || listed.is_empty() {
        return None;
    }
    let same = listed.iter().any(|number| document_key(number) == query);
    Some(if same { DocumentVerdict::Match } else { DocumentVerdict::Different })
}

fn document_key(number: &str) -> String {
    number.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(query: &str, listed: &[&str]) -> Option<BirthDateVerdict> {
        let listed: Vec<String> = listed.iter().map(|date| date.to_string()).collect();
        compare_birth_dates(Some(query), &listed)
    }

    #[test]
    fn birth_dates_compare_at_the_precision_both_sides_have() {
        assert_eq!(verdict("1971-03-14", &["1971-03-14"]), Some(BirthDateVerdict::Exact));
        assert_eq!(verdict("1971-03-14", &["1971-03"]), Some(BirthDateVerdict::SameMonth));
        assert_eq!(verdict("1971-03-14", &["1970", "1971"]), Some(BirthDateVerdict::SameYear));
        assert_eq!(verdict("1971-03-04", &["1971-04-03"]), Some(BirthDateVerdict::DayMonthSwapped));
        assert_eq!(verdict("1971-03-14", &["1971-09-01"]), Some(BirthDateVerdict::SameYearOtherDay));
        assert_eq!(verdict("1971-03-14", &["1972-01-01"]), Some(BirthDateVerdict::OneYearApart));
        assert_eq!(verdict("1971-03-14", &["1980"]), Some(BirthDateVerdict::Different));
    }

    #[test]
    fn a_missing_or_unreadable_birth_date_gives_no_verdict() {
        assert_eq!(verdict("1971-03-14", &[]), None);
        assert_eq!(verdict("unknown", &["1971"]), None);
    }

    #[test]
    fn document_numbers_compare_without_spaces_and_case() {
        let listed = vec!["OB 0243318".to_string()];
        assert_eq!(compare_document(Some("ob0243318"), &listed), Some(DocumentVerdict::Match));
        assert_eq!(compare_document(Some("XY1234567"), &listed), Some(DocumentVerdict::Different));
    }
}
