//! The dashboard's statistics for a range of UTC days: sessions per day by status, pass rates of
//! the automatic checks, top rejection reasons, screening alerts by review, the queue now, and the
//! median time from a customer's finish to the decision. Computed by the database
//! (`db::stats`), never by loading sessions.
//!
//! Everyone who may read the company's sessions may read its figures (admin, operator, viewer
//! and its API clients): they are counts of what those callers can list anyway, with no personal
//! data, so the read is not audited. Another company's sessions never enter them (the scope).

use super::{Actor, Error, Result};
use crate::db;
use crate::db::stats::{DayCount, DecisionTime, Queue, ReasonCount, Totals, Window};
use chrono::{DateTime, Days, NaiveDate, Utc};
use kyc_domain::access::Permission;
use kyc_domain::session::SessionStatus;
use kyc_domain::session::rules::CompanySettings;
use crate::state::AppState;

/// The longest range the dashboard reads at once, in days (a leap year).
pub const MAX_DAYS: u64 = 366;

/// A checked range of UTC days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    from: NaiveDate,
    to: NaiveDate,
}

impl DayRange {
    /// `from` to `to`, both included: `from` may not be after `to`, nor the range longer than
    /// [`MAX_DAYS`].
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DayRange> {
        if from > to {
            return Err(Error::invalid("from", "must not be after to"));
        }
        if to.signed_duration_since(from).num_days() + 1 > MAX_DAYS as i64 {
            return Err(Error::invalid("to", format!("the range may span at most {MAX_DAYS} days")));
        }
        Ok(DayRange { from, to })
    }

    /// The 30 days that end today (UTC), or those that end on `to` or start on `from`.
    pub fn or_last_30_days(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<DayRange> {
        let month = Days::new(29);
        match (from, to) {
            (Some(from), Some(to)) => DayRange::new(from, to),
            (Some(from), None) => DayRange::new(from, (from + month).min(today.max(from))),
            (None, Some(to)) => DayRange::new(to - month, to),
            (None, None) => DayRange::new(today - month, today),
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take_while(|day| *day <= self.to)
    }

    fn window(&self) -> Window {
        let start = |day: NaiveDate| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        Window { start: start(self.from), end: start(self.to + Days::new(1)) }
    }
}

/// The sessions created on one day, by their status now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOutcomes {
    pub day: NaiveDate,
    pub verified: i64,
    pub awaiting_action: i64,
    pub rejected: i64,
    pub not_finished: i64,
}

impl DayOutcomes {
    fn empty(day: NaiveDate) -> DayOutcomes {
        DayOutcomes { day, verified: 0, awaiting_action: 0, rejected: 0, not_finished: 0 }
    }

    fn count(&mut self, status: SessionStatus) -> &mut i64 {
        match status {
            SessionStatus::Verified => &mut self.verified,
            SessionStatus::AwaitingAction => &mut self.awaiting_action,
            SessionStatus::Rejected => &mut self.rejected,
            SessionStatus::NotFinished => &mut self.not_finished,
        }
    }
}

/// Everything the dashboard shows for a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub range: DayRange,
    /// Every day of the range, days without sessions included.
    pub days: Vec<DayOutcomes>,
    pub totals: Totals,
    /// The face-match level a match needs to pass (the company's setting).
    pub min_face_match_level: u8,
    pub rejection_reasons: Vec<ReasonCount>,
    pub queue: Queue,
    pub decision_time: DecisionTime,
    /// When the figures were read (the queue's age is counted to it).
    pub read_at: DateTime<Utc>,
}

pub async fn get_stats(state: &AppState, actor: &Actor, range: DayRange) -> Result<Stats> {
    actor.require(Permission::ReadSessions)?;
    let scope = actor.scope();
    let settings = match actor.company_id() {
        Some(company_id) => super::sessions::company_settings(state, company_id).await?,
        None => CompanySettings::default(),
    };
    let (window, level) = (range.window(), settings.min_face_match_level);
    let (per_day, totals, rejection_reasons, queue, decision_time) = state
        .db
        .read(move |conn| {
            Ok((
                db::stats::sessions_per_day(conn, &scope, window)?,
                db::stats::totals(conn, &scope, window, level)?,
                db::stats::top_rejection_reasons(conn, &scope, window)?,
                db::stats::queue(conn, &scope)?,
                db::stats::decision_time(conn, &scope, window)?,
            ))
        })
        .await?;
    Ok(Stats {
        range,
        days: every_day(range, per_day),
        totals,
        min_face_match_level: level,
        rejection_reasons,
        queue,
        decision_time,
        read_at: Utc::now(),
    })
}

/// The counts spread over every day of the range, zero where a day had no session.
fn every_day(range: DayRange, counts: Vec<DayCount>) -> Vec<DayOutcomes> {
    let mut days: Vec<DayOutcomes> = range.days().map(DayOutcomes::empty).collect();
    for count in counts {
        let index = usize::try_from(count.day.signed_duration_since(range.from).num_days()).ok();
        if let Some(day) = index.and_then(|index| days.get_mut(index)) {
            *day.count(count.status) += count.sessions;
        }
    }
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    #[test]
    fn a_range_is_checked_for_order_and_length() {
        assert!(DayRange::new(date("2026-12-02"), date("2026-12-01")).is_err());
        assert!(DayRange::new(date("2026-01-01"), date("2026-12-31")).is_ok());
        assert!(DayRange::new(date("2024-01-01"), date("2024-12-31")).is_ok(), "a leap year is 366 days");
        assert!(DayRange::new(date("2025-01-01"), date("2026-01-01")).is_ok(), "366 days");
        assert!(DayRange::new(date("2025-01-01"), date("2026-01-02")).is_err(), "367 days");
        assert_eq!(DayRange::new(date("2026-12-01"), date("2026-12-01")).expect("one day").days().count(), 1);
    }

    #[test]
    fn without_dates_the_range_is_the_last_thirty_days() {
        let range = DayRange::or_last_30_days(None, None, date("2026-12-02")).expect("range");
        assert_eq!((range.from(), range.to()), (date("2026-11-03"), date("2026-12-02")));
        assert_eq!(range.days().count(), 30);
    }

    #[test]
    fn the_window_covers_whole_utc_days() {
        let window = DayRange::new(date("2026-12-01"), date("2026-12-02")).expect("range").window();
        assert_eq!(window.start.to_rfc3339(), "2026-12-01T00:00:00+00:00");
        assert_eq!(window.end.to_rfc3339(), "2026-12-03T00:00:00+00:00");
    }

    #[test]
    fn days_without_sessions_count_zero() {
        let range = DayRange::new(date("2026-12-01"), date("2026-12-03")).expect("range");
        let counts = vec![
            DayCount { day: date("2026-12-02"), status: SessionStatus::Verified, sessions: 3 },
            DayCount { day: date("2026-12-02"), status: SessionStatus::Rejected, sessions: 1 },
        ];
        let days = every_day(range, counts);
        assert_eq!(days.len(), 3);
        assert_eq!((days[0].verified, days[1].verified, days[1].rejected, days[2].verified), (0, 3, 1, 0));
    }
}
