//! Wire types of the dashboard's statistics (`GET /stats`).

use super::RejectionReason;
use crate::cases::stats::{DayOutcomes, Stats};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// The figures of a range of UTC days. Every figure but `queue` counts the sessions *created* in
/// the range (by their status now); `queue` is the awaiting-action queue at `generated_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatsView {
    /// The first day of the range (UTC), included.
    pub from: NaiveDate,
    /// The last day of the range (UTC), included.
    pub to: NaiveDate,
    /// When the figures were read.
    pub generated_at: DateTime<Utc>,
    /// Sessions created in the range.
    pub sessions: i64,
    /// Every day of the range, in order, with its sessions by status (days without any count 0).
    pub days: Vec<DayView>,
    /// The pass rate of each automatic check, over the sessions where it ran.
    pub checks: Vec<CheckRateView>,
    /// The face-match level a session needs to pass `face_match` (the company's setting).
    pub min_face_match_level: u8,
    /// The reasons given most in rejection decisions (at most 10), most given first.
    pub rejection_reasons: Vec<ReasonCountView>,
    pub screening: ScreeningAlertsView,
    pub queue: QueueView,
    pub decision_time: DecisionTimeView,
}

/// The sessions created on one day, by their status now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DayView {
    pub day: NaiveDate,
    pub verified: i64,
    pub awaiting_action: i64,
    pub rejected: i64,
    pub not_finished: i64,
}

/// An automatic check of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckName {
    Liveness,
    /// Passed at the company's minimum face-match level or above.
    FaceMatch,
    DocumentValid,
    MrzValid,
}

/// How often one automatic check passed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckRateView {
    pub check: CheckName,
    pub passed: i64,
    /// Sessions where the check ran (it did not on an unfinished step).
    pub checked: i64,
    /// `passed / checked`, 0..=1; null when it never ran.
    pub pass_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonCountView {
    pub reason: RejectionReason,
    /// Rejection decisions that gave it.
    pub decisions: i64,
}

/// Screening alerts: sessions whose screening found at least one match, by the review so far.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScreeningAlertsView {
    /// Sessions with at least one match.
    pub alerts: i64,
    /// A match waits for review (and none is confirmed).
    pub unreviewed: i64,
    /// Every match was reviewed as not the listed person.
    pub false_positive: i64,
    /// A match was confirmed.
    pub confirmed: i64,
    /// Matches in all (a session can have several).
    pub matches: i64,
}

/// The awaiting-action queue now, whatever the range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueView {
    /// Sessions awaiting action.
    pub size: i64,
    /// When the oldest of them was created; null when the queue is empty.
    pub oldest_created_at: Option<DateTime<Utc>>,
    /// Its age in whole seconds at `generated_at`; null when the queue is empty.
    pub oldest_age_seconds: Option<i64>,
}

/// How long decisions take: from the customer's finish to the decision that ended the review
/// (the last approval or rejection), over the range's sessions verified or rejected by a person.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionTimeView {
    /// The median in seconds; null without a decided session.
    pub median_seconds: Option<f64>,
    /// How many decided sessions it is the median of.
    pub decided: i64,
}

impl From<&DayOutcomes> for DayView {
    fn from(day: &DayOutcomes) -> Self {
        DayView {
            day: day.day,
            verified: day.verified,
            awaiting_action: day.awaiting_action,
            rejected: day.rejected,
            not_finished: day.not_finished,
        }
    }
}

fn rate(check: CheckName, passed: i64, checked: i64) -> CheckRateView {
    let pass_rate = (checked > 0).then(|| passed as f64 / checked as f64);
    CheckRateView { check, passed, checked, pass_rate }
}

impl From<Stats> for StatsView {
    fn from(stats: Stats) -> Self {
        let totals = stats.totals;
        let oldest = stats.queue.oldest_created_at;
        StatsView {
            from: stats.range.from(),
            to: stats.range.to(),
            generated_at: stats.read_at,
            sessions: totals.sessions,
            days: stats.days.iter().map(DayView::from).collect(),
            checks: vec![
                rate(CheckName::Liveness, totals.liveness_passed, totals.liveness_checked),
                rate(CheckName::FaceMatch, totals.face_match_passed, totals.face_match_checked),
                rate(CheckName::DocumentValid, totals.document_valid_passed, totals.document_valid_checked),
                rate(CheckName::MrzValid, totals.mrz_valid_passed, totals.mrz_valid_checked),
            ],
            min_face_match_level: stats.min_face_match_level,
            rejection_reasons: stats
                .rejection_reasons
                .iter()
                .map(|count| ReasonCountView { reason: count.reason.into(), decisions: count.decisions })
                .collect(),
            screening: ScreeningAlertsView {
                alerts: totals.alerts_unreviewed + totals.alerts_false_positive + totals.alerts_confirmed,
                unreviewed: totals.alerts_unreviewed,
                false_positive: totals.alerts_false_positive,
                confirmed: totals.alerts_confirmed,
                matches: totals.matches,
            },
            queue: QueueView {
                size: stats.queue.size,
                oldest_created_at: oldest,
                oldest_age_seconds: oldest.map(|at| (stats.read_at - at).num_seconds().max(0)),
            },
            decision_time: DecisionTimeView {
                median_seconds: stats.decision_time.median_seconds,
                decided: stats.decision_time.decided,
            },
        }
    }
}
