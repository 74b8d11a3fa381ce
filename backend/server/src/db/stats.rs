//! The dashboard's figures, aggregated by the database: nothing here loads a session.
//!
//! Diesel's DSL cannot group by a day, unnest a JSON array or take a median portably, so these
//! are `sql_query` texts with bound parameters, written once with the few expressions that differ
//! between the backends taken from [`Dialect`]. Parameters are numbered (`?1` on SQLite, `$1` on
//! PostgreSQL) so one text binds each value once, whatever the number of uses.
//!
//! Every query but the queue's reads the sessions *created* in a window of UTC days; the scope's
//! company is parameter 1 and the window's start and end (exclusive) parameters 2 and 3, so
//! `sessions_company_created` serves them.

use super::{AnyConnection, DbError, Scope};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_types::{BigInt, Double, Integer, Nullable, Text, Timestamp};
use kyc_domain::session::SessionStatus;
use kyc_domain::session::decision::RejectionReason;

/// Sessions created from `start` (inclusive) to `end` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// How many sessions created on a day have a status now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayCount {
    pub day: NaiveDate,
    pub status: SessionStatus,
    pub sessions: i64,
}

/// Passed and checked counts of each automatic check, and the screening alerts, of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, QueryableByName)]
pub struct Totals {
    #[diesel(sql_type = BigInt)]
    pub sessions: i64,
    #[diesel(sql_type = BigInt)]
    pub liveness_passed: i64,
    #[diesel(sql_type = BigInt)]
    pub liveness_checked: i64,
    #[diesel(sql_type = BigInt)]
    pub face_match_passed: i64,
    #[diesel(sql_type = BigInt)]
    pub face_match_checked: i64,
    #[diesel(sql_type = BigInt)]
    pub document_valid_passed: i64,
    #[diesel(sql_type = BigInt)]
    pub document_valid_checked: i64,
    #[diesel(sql_type = BigInt)]
    pub mrz_valid_passed: i64,
    #[diesel(sql_type = BigInt)]
    pub mrz_valid_checked: i64,
    /// Sessions whose screening found a match that nobody has reviewed yet (none confirmed).
    #[diesel(sql_type = BigInt)]
    pub alerts_unreviewed: i64,
    /// Sessions whose every match was reviewed as a false positive.
    #[diesel(sql_type = BigInt)]
    pub alerts_false_positive: i64,
    /// Sessions with a confirmed match.
    #[diesel(sql_type = BigInt)]
    pub alerts_confirmed: i64,
    /// Matches in all (a session can have several).
    #[diesel(sql_type = BigInt)]
    pub matches: i64,
}

/// How often a rejection reason was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonCount {
    pub reason: RejectionReason,
    pub decisions: i64,
}

/// The awaiting-action queue as it is now (whatever the window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Queue {
    pub size: i64,
    pub oldest_created_at: Option<DateTime<Utc>>,
}

/// The median time from a customer's finish to the decision that ended the review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecisionTime {
    pub median_seconds: Option<f64>,
    /// How many decided sessions the median is over.
    pub decided: i64,
}

/// How many rejection reasons the dashboard lists.
pub const TOP_REASONS: i64 = 10;

pub fn sessions_per_day(conn: &mut AnyConnection, scope: &Scope, window: Window) -> Result<Vec<DayCount>, DbError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        day: String,
        #[diesel(sql_type = Text)]
        status: String,
        #[diesel(sql_type = BigInt)]
        sessions: i64,
    }
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT {day} AS day, s.status AS status, COUNT(*) AS sessions FROM sessions s \
         WHERE {created} GROUP BY {day}, s.status",
        day = d.day("s.created_at"),
        created = d.created_in(scope),
    );
    let rows: Vec<Row> = load(conn, &sql, &window_binds(scope, window))?;
    rows.into_iter()
        .map(|row| {
            let day = NaiveDate::parse_from_str(&row.day, "%Y-%m-%d")
                .map_err(|error| DbError::Corrupt { what: "session day", detail: error.to_string() })?;
            Ok(DayCount { day, status: super::records::parse("session status", &row.status)?, sessions: row.sessions })
        })
        .collect()
}

/// The window's check and alert counts; a face match passes at `min_face_match_level` or above.
pub fn totals(conn: &mut AnyConnection, scope: &Scope, window: Window, min_face_match_level: u8) -> Result<Totals, DbError> {
    let d = Dialect::of(conn);
    let passed = |column: &str| format!("COALESCE(SUM(CASE WHEN {column} THEN 1 ELSE 0 END), 0)");
    let sql = format!(
        "SELECT COUNT(*) AS sessions, \
         {liveness} AS liveness_passed, COUNT(s.liveness_passed) AS liveness_checked, \
         {face} AS face_match_passed, COUNT(s.face_match_level) AS face_match_checked, \
         {document} AS document_valid_passed, COUNT(s.document_valid) AS document_valid_checked, \
         {mrz} AS mrz_valid_passed, COUNT(s.mrz_valid) AS mrz_valid_checked, \
         {unreviewed} AS alerts_unreviewed, {false_positive} AS alerts_false_positive, \
         {confirmed} AS alerts_confirmed, COALESCE(SUM(s.pep_matches_count), 0) AS matches \
         FROM sessions s WHERE {created}",
        liveness = passed("s.liveness_passed"),
        face = passed(&format!("s.face_match_level >= {}", d.param(4))),
        document = passed("s.document_valid"),
        mrz = passed("s.mrz_valid"),
        // A session's screening outcome (its PEP status) says how its matches were reviewed.
        unreviewed = passed("s.pep_matches_count > 0 AND s.pep_status = 'potential_match'"),
        false_positive = passed("s.pep_matches_count > 0 AND s.pep_status = 'clear'"),
        confirmed = passed("s.pep_matches_count > 0 AND s.pep_status = 'confirmed_match'"),
        created = d.created_in(scope),
    );
    let mut binds = window_binds(scope, window);
    binds.push(Bind::Int(i32::from(min_face_match_level)));
    Ok(load::<Totals>(conn, &sql, &binds)?.into_iter().next().unwrap_or_default())
}

/// The most given reasons of the rejection decisions on the window's sessions, most first.
pub fn top_rejection_reasons(conn: &mut AnyConnection, scope: &Scope, window: Window) -> Result<Vec<ReasonCount>, DbError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        reason: String,
        #[diesel(sql_type = BigInt)]
        decisions: i64,
    }
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT r.value AS reason, COUNT(*) AS decisions FROM sessions s, notes n, {reasons} \
         WHERE n.session_id = s.id AND n.kind = 'rejection' AND {created} \
         GROUP BY r.value ORDER BY decisions DESC, reason ASC LIMIT {TOP_REASONS}",
        reasons = d.json_texts("n.reasons_json", "r"),
        created = d.created_in(scope),
    );
    let rows: Vec<Row> = load(conn, &sql, &window_binds(scope, window))?;
    rows.into_iter()
        .map(|row| Ok(ReasonCount { reason: super::records::parse("rejection reason", &row.reason)?, decisions: row.decisions }))
        .collect()
}

/// The median time from finish to the last decision note of the window's decided sessions
/// (verified or rejected by a person; an automatic status has no decision to time).
pub fn decision_time(conn: &mut AnyConnection, scope: &Scope, window: Window) -> Result<DecisionTime, DbError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Nullable<Double>)]
        median_seconds: Option<f64>,
        #[diesel(sql_type = BigInt)]
        decided: i64,
    }
    let d = Dialect::of(conn);
    // The median without a percentile function (SQLite has none): the middle one or two rows
    // of the ordered durations, averaged.
    let sql = format!(
        "WITH decided AS (\
           SELECT {seconds} AS seconds FROM sessions s, notes n \
           WHERE n.session_id = s.id AND n.kind IN ('approval', 'rejection') \
             AND s.status IN ('verified', 'rejected') AND s.finished_at IS NOT NULL AND {created} \
           GROUP BY s.id, s.finished_at) \
         SELECT AVG(middle.seconds) AS median_seconds, (SELECT COUNT(*) FROM decided) AS decided FROM (\
           SELECT seconds FROM decided ORDER BY seconds \
           LIMIT 2 - (SELECT COUNT(*) FROM decided) % 2 OFFSET (SELECT (COUNT(*) - 1) / 2 FROM decided)) middle",
        seconds = d.seconds_between("MAX(n.created_at)", "s.finished_at"),
        created = d.created_in(scope),
    );
    let row = load::<Row>(conn, &sql, &window_binds(scope, window))?.into_iter().next();
    Ok(row.map_or(DecisionTime { median_seconds: None, decided: 0 }, |row| DecisionTime {
        median_seconds: row.median_seconds,
        decided: row.decided,
    }))
}

/// The awaiting-action queue now: its size and its oldest session's creation time.
pub fn queue(conn: &mut AnyConnection, scope: &Scope) -> Result<Queue, DbError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        size: i64,
        #[diesel(sql_type = Nullable<Timestamp>)]
        oldest: Option<NaiveDateTime>,
    }
    let d = Dialect::of(conn);
    let sql = format!(
        "SELECT COUNT(*) AS size, MIN(s.created_at) AS oldest FROM sessions s \
         WHERE {company} AND s.status = 'awaiting_action'",
        company = d.company(scope),
    );
    let row = load::<Row>(conn, &sql, &[company_bind(scope)])?.into_iter().next();
    Ok(row.map_or(Queue { size: 0, oldest_created_at: None }, |row| Queue {
        size: row.size,
        oldest_created_at: row.oldest.map(super::records::utc),
    }))
}

/// A value bound to a numbered parameter.
enum Bind {
    Text(String),
    At(NaiveDateTime),
    Int(i32),
}

/// The company (parameter 1), then the window (parameters 2 and 3).
fn window_binds(scope: &Scope, window: Window) -> Vec<Bind> {
    vec![company_bind(scope), Bind::At(super::records::naive(window.start)), Bind::At(super::records::naive(window.end))]
}

/// The platform's scope binds an empty company id, which [`Dialect::company`] never equals.
fn company_bind(scope: &Scope) -> Bind {
    match scope {
        Scope::Company(id) => Bind::Text(id.to_string()),
        Scope::Platform => Bind::Text(String::new()),
    }
}

/// Runs a text with its binds on the backend it was written for.
fn load<T>(conn: &mut AnyConnection, sql: &str, binds: &[Bind]) -> Result<Vec<T>, DbError>
where
    T: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    fn bound<'a, DB>(mut query: BoxedSqlQuery<'a, DB, diesel::query_builder::SqlQuery>, binds: &[Bind]) -> BoxedSqlQuery<'a, DB, diesel::query_builder::SqlQuery>
    where
        DB: diesel::backend::Backend + diesel::sql_types::HasSqlType<Text> + diesel::sql_types::HasSqlType<Timestamp> + diesel::sql_types::HasSqlType<Integer>,
        String: diesel::serialize::ToSql<Text, DB>,
        NaiveDateTime: diesel::serialize::ToSql<Timestamp, DB>,
        i32: diesel::serialize::ToSql<Integer, DB>,
    {
        for bind in binds {
            query = match bind {
                Bind::Text(text) => query.bind::<Text, _>(text.clone()),
                Bind::At(at) => query.bind::<Timestamp, _>(*at),
                Bind::Int(value) => query.bind::<Integer, _>(*value),
            };
        }
        query
    }
    Ok(match conn {
        AnyConnection::Postgresql(pg) => bound(diesel::sql_query(sql).into_boxed(), binds).load(pg)?,
        AnyConnection::Sqlite(sqlite) => bound(diesel::sql_query(sql).into_boxed(), binds).load(sqlite)?,
    })
}

/// What the two backends spell differently.
#[derive(Clone, Copy)]
enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    fn of(conn: &AnyConnection) -> Dialect {
        match conn {
            AnyConnection::Sqlite(_) => Dialect::Sqlite,
            AnyConnection::Postgresql(_) => Dialect::Postgres,
        }
    }

    fn param(self, number: u8) -> String {
        match self {
            Dialect::Sqlite => format!("?{number}"),
            Dialect::Postgres => format!("${number}"),
        }
    }

    /// The scope's sessions: the company's (parameter 1), or every company's for the platform.
    fn company(self, scope: &Scope) -> String {
        match scope {
            Scope::Company(_) => format!("s.company_id = {}", self.param(1)),
            Scope::Platform => format!("s.company_id <> {}", self.param(1)),
        }
    }

    /// The scope's sessions created in the window (parameters 2 and 3).
    fn created_in(self, scope: &Scope) -> String {
        format!("{} AND s.created_at >= {} AND s.created_at < {}", self.company(scope), self.param(2), self.param(3))
    }

    /// A timestamp's UTC day as `YYYY-MM-DD`.
    fn day(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("date({column})"),
            Dialect::Postgres => format!("to_char({column}, 'YYYY-MM-DD')"),
        }
    }

    /// Seconds from `earlier` to `later`, as a float.
    fn seconds_between(self, later: &str, earlier: &str) -> String {
        match self {
            // to the millisecond: julianday's float would leave 200.0000015 of 200 s
            Dialect::Sqlite => format!("ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"),
            Dialect::Postgres => format!("CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS DOUBLE PRECISION)"),
        }
    }

    /// The strings of a JSON array column as a table `alias` with one column, `value`.
    fn json_texts(self, column: &str, alias: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_each({column}) AS {alias}"),
            Dialect::Postgres => format!("json_array_elements_text(CAST({column} AS JSON)) AS {alias}(value)"),
        }
    }
}
