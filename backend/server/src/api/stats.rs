//! The dashboard's statistics endpoint.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, Problem};
use super::wire::stats::StatsView;
use crate::cases::Actor;
use crate::cases::stats::{self as use_cases, DayRange};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// The first UTC day, included (`YYYY-MM-DD`). Default: 29 days before `to`.
    pub from: Option<chrono::NaiveDate>,
    /// The last UTC day, included (`YYYY-MM-DD`). Default: today, or 29 days after `from`
    /// (at most today). At most 366 days after `from`.
    pub to: Option<chrono::NaiveDate>,
}

/// The dashboard's figures for a range of days
///
/// Sessions per day by status, the pass rate of each automatic check, the top rejection
/// reasons, screening alerts by review, the awaiting-action queue and the median time from a
/// customer's finish to the decision, for the sessions created in the range (UTC days, both
/// ends included; at most 366 days). Any role of the company may read them, API clients too;
/// another company's sessions never count.
#[utoipa::path(
    tag = "sessions",
    params(StatsQuery),
    responses(
        (status = 200, description = "The figures", body = StatsView),
        (status = 400, description = "A date is not `YYYY-MM-DD`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` is after `to`, or the range is longer than 366 days", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/stats")]
pub async fn get_stats(state: web::Data<AppState>, actor: Actor, query: web::Query<StatsQuery>) -> Result<web::Json<StatsView>, ApiError> {
    let range = DayRange::or_last_30_days(query.from, query.to, chrono::Utc::now().date_naive())?;
    Ok(web::Json(use_cases::get_stats(&state, &actor, range).await?.into()))
}
