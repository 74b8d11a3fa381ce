//! Birth dates as lists write them, to prefix dates (`1975`, `1975-04`, `1975-04-12`).

/// Listed year ranges longer than this are too vague to help and are dropped.
const MAX_RANGE_YEARS: i32 = 15;

/// Every year from `from` to `to`, as prefix dates; empty for reversed or very long ranges.
pub(crate) fn year_range(from: i32, to: i32) -> Vec<String> {
    if to < from || to - from > MAX_RANGE_YEARS {
        return Vec::new();
    }
    (from..=to).map(|year| year.to_string()).collect()
}

/// OFAC remark dates: "10 Dec 1948", "Dec 1948", "1948", "circa 1948", "1948 to 1950",
/// "01 Jan 1960 to 31 Dec 1962". Unreadable text gives no date.
pub(crate) fn parse_ofac_dates(text: &str) -> Vec<String> {
    let text = text.trim().trim_end_matches('.').trim_start_matches("circa").trim();
    if let Some((from, to)) = text.split_once(" to ") {
        return match (parse_ofac_date(from), parse_ofac_date(to)) {
            (Some(from), Some(to)) => range_between(&from, &to),
            _ => Vec::new(),
        };
    }
    parse_ofac_date(text).into_iter().collect()
}

/// A range between two dates: the dates themselves when in the same year, else every year.
fn range_between(from: &str, to: &str) -> Vec<String> {
    let year = |date: &str| date.get(..4).and_then(|year| year.parse::<i32>().ok());
    match (year(from), year(to)) {
        (Some(from_year), Some(to_year)) if from_year == to_year => vec![from.to_string(), to.to_string()],
        (Some(from_year), Some(to_year)) => year_range(from_year, to_year),
        _ => Vec::new(),
    }
}

fn parse_ofac_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    match parts.as_slice() {
        [year] => parse_year(year).map(|year| year.to_string()),
        [month, year] => Some(format!("{}-{:02}", parse_year(year)?, month_number(month)?)),
        [day, month, year] => {
            let day: u32 = day.parse().ok().filter(|day| (1..=31).contains(day))?;
            Some(format!("{}-{:02}-{day:02}", parse_year(year)?, month_number(month)?))
        }
        _ => None,
    }
}

fn parse_year(text: &str) -> Option<i32> {
    text.parse().ok().filter(|year| (1000..=2999).contains(year))
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let prefix = name.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|month| *month == prefix).map(|index| index as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofac_dates_read_at_their_own_precision() {
        assert_eq!(parse_ofac_dates("10 Dec 1948"), ["1948-12-10"]);
        assert_eq!(parse_ofac_dates("Dec 1948"), ["1948-12"]);
        assert_eq!(parse_ofac_dates("circa 1948."), ["1948"]);
        assert_eq!(parse_ofac_dates("1948 to 1950"), ["1948", "1949", "1950"]);
        assert_eq!(parse_ofac_dates("01 Jan 1960 to 31 Dec 1960"), ["1960-01-01", "1960-12-31"]);
        assert!(parse_ofac_dates("sometime in the sixties").is_empty());
    }
}
