//! `GET /api/v1/calendars/{division}/holidays?year=YYYY`.

use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query};
use casebook_domain::calendar::HolidaySource;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct HolidayView {
    /// YYYY-MM-DD
    pub date: String,
    pub title: String,
    /// "official" (the GOV.UK list) or "rules" (generated for years the list does not cover).
    pub source: String,
}

#[derive(Serialize, ToSchema)]
pub struct Holidays {
    pub division: String,
    pub year: i16,
    pub holidays: Vec<HolidayView>,
}

#[derive(Deserialize, IntoParams)]
pub struct YearParam {
    /// The calendar year, 1900 to 2200.
    pub year: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/calendars/{division}/holidays", tag = "calendars",
    params(("division" = String, Path, description = "england-and-wales, scotland, northern-ireland or united-kingdom"), YearParam),
    responses((status = 200, body = Holidays), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn holidays(Path(division): Path<String>, Query(q): Query<YearParam>) -> Result<Json<Holidays>, Failure> {
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => {
            return Err(Failure::Invalid(casebook_domain::validation::FieldErrors::single("year", "Give the year, like ?year=2027")));
        }
        Some(raw) => raw
            .parse::<i16>()
            .map_err(|_| Failure::Invalid(casebook_domain::validation::FieldErrors::single("year", "Year must be a number, like 2027")))?,
    };
    let (division, found) = casebook_app::calendar::holidays(&division, year)?;
    Ok(Json(Holidays {
        division: division.slug().into(),
        year,
        holidays: found
            .into_iter()
            .map(|h| HolidayView {
                date: h.date.to_string(),
                title: h.title,
                source: match h.source {
                    HolidaySource::Official => "official".into(),
                    HolidaySource::Rules => "rules".into(),
                },
            })
            .collect(),
    }))
}
