//! The complaint-box log over the API: the log per site, one emptying
//! with its scan clocks, and recording emptyings and scans.

use super::ApiJson;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casebook_app::complaint_boxes::{self as cases, EmptyingView, ScanForm};
use casebook_domain::complaints::box_log::BoxEmptyingDraft;
use casebook_domain::deadlines::ClockStatus;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ComplaintClockView {
    pub number: u32,
    pub complaint_reference: Option<String>,
    pub scanned_at: Option<String>,
    /// e.g. "Met on time", "Overdue by 2 hours".
    pub clock: String,
    /// Scanned late, or overdue and not yet scanned.
    pub late: bool,
}

#[derive(Serialize, ToSchema)]
pub struct EmptyingJson {
    pub id: i64,
    pub site_id: i64,
    pub emptied_at: String,
    pub emptied_by: i64,
    pub emptied_by_name: String,
    pub count: u32,
    pub scanned: u32,
    /// When every scan is due; absent when the procedure has no scan limit.
    pub scans_due: Option<String>,
    pub on_time: u32,
    pub late: u32,
    pub waiting: u32,
    pub overdue: bool,
    pub complaints: Vec<ComplaintClockView>,
}

impl From<&EmptyingView> for EmptyingJson {
    fn from(v: &EmptyingView) -> Self {
        let p = v.progress;
        EmptyingJson {
            id: v.record.id,
            site_id: v.record.site_id,
            emptied_at: v.record.emptied_at.to_string(),
            emptied_by: v.record.emptied_by,
            emptied_by_name: v.record.emptied_by_name.clone(),
            count: v.record.count,
            scanned: v.scanned(),
            scans_due: p.map(|p| p.due.to_string()),
            on_time: p.map_or(0, |p| p.on_time),
            late: p.map_or(0, |p| p.late),
            waiting: p.map_or(0, |p| p.waiting),
            overdue: p.is_some_and(|p| p.overdue),
            complaints: v
                .complaints
                .iter()
                .map(|c| ComplaintClockView {
                    number: c.number,
                    complaint_reference: c.scan.as_ref().map(|s| s.complaint_reference.clone()),
                    scanned_at: c.scan.as_ref().map(|s| s.scanned_at.to_string()),
                    clock: c.status.summary(),
                    late: matches!(c.status, ClockStatus::Overdue { .. } | ClockStatus::MetLate { .. }),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SiteLogView {
    pub site_id: i64,
    pub site_name: String,
    /// ISO dates in the window on which the box was not emptied.
    pub days_not_emptied: Vec<String>,
    /// Newest first.
    pub emptyings: Vec<EmptyingJson>,
}

#[derive(Serialize, ToSchema)]
pub struct BoxLogView {
    pub from: String,
    pub to: String,
    pub has_scan_limit: bool,
    pub sites: Vec<SiteLogView>,
}

#[derive(Deserialize, IntoParams)]
pub struct LogParams {
    /// One site; every site with a box when absent.
    pub site_id: Option<i64>,
    /// Whole days before today to show (1 to 92, default 7).
    pub days: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/complaint-boxes", tag = "complaints", params(LogParams),
    responses((status = 200, body = BoxLogView), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn log(State(state): State<AppState>, user: CurrentUser, Query(params): Query<LogParams>) -> Result<Json<BoxLogView>, Failure> {
    let log = cases::log(&state.app, &user.actor(), params.site_id, params.days.unwrap_or(7)).await?;
    Ok(Json(BoxLogView {
        from: log.from.to_string(),
        to: log.to.to_string(),
        has_scan_limit: log.has_scan_limit,
        sites: log
            .sites
            .iter()
            .map(|s| SiteLogView {
                site_id: s.site.id,
                site_name: s.site.name.clone(),
                days_not_emptied: s.days_not_emptied.iter().map(|d| d.to_string()).collect(),
                emptyings: s.emptyings.iter().map(EmptyingJson::from).collect(),
            })
            .collect(),
    }))
}

/// An emptying: `emptied_at` as RFC 3339 or UK wall-clock time (2026-12-24T07:30).
#[derive(Deserialize, ToSchema)]
pub struct EmptyingInput {
    pub site_id: i64,
    pub emptied_at: String,
    /// The user who emptied the box.
    pub emptied_by: i64,
    pub count: u32,
}

#[utoipa::path(post, path = "/api/v1/complaint-boxes/emptyings", tag = "complaints", request_body = EmptyingInput,
    responses((status = 201, body = EmptyingJson), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn record_emptying(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<EmptyingInput>,
) -> Result<(StatusCode, Json<EmptyingJson>), Failure> {
    let actor = user.actor();
    let draft = BoxEmptyingDraft {
        site_id: body.site_id.to_string(),
        emptied_at: body.emptied_at,
        emptied_by: body.emptied_by.to_string(),
        count: body.count.to_string(),
    };
    let id = cases::record_emptying(&state.app, &actor, &draft).await?;
    let (_, view) = cases::emptying(&state.app, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(EmptyingJson::from(&view))))
}

#[utoipa::path(get, path = "/api/v1/complaint-boxes/emptyings/{id}", tag = "complaints", params(("id" = i64, Path)),
    responses((status = 200, body = EmptyingJson), (status = 404, body = super::Problem)), security(("bearer" = [])))]
pub async fn show_emptying(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<EmptyingJson>, Failure> {
    let (_, view) = cases::emptying(&state.app, &user.actor(), id).await?;
    Ok(Json(EmptyingJson::from(&view)))
}

/// A scan: `scanned_at` as RFC 3339 or UK wall-clock time; omit for now.
#[derive(Deserialize, ToSchema)]
pub struct ScanInput {
    #[serde(default)]
    pub scanned_at: String,
    pub complaint_reference: String,
}

#[utoipa::path(post, path = "/api/v1/complaint-boxes/emptyings/{id}/scans", tag = "complaints", params(("id" = i64, Path)), request_body = ScanInput,
    responses((status = 201, body = EmptyingJson), (status = 404, body = super::Problem), (status = 422, body = super::Problem)), security(("bearer" = [])))]
pub async fn record_scan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<ScanInput>,
) -> Result<(StatusCode, Json<EmptyingJson>), Failure> {
    let actor = user.actor();
    let form = ScanForm { scanned_at: body.scanned_at, complaint_reference: body.complaint_reference };
    cases::record_scan(&state.app, &actor, id, &form).await?;
    let (_, view) = cases::emptying(&state.app, &actor, id).await?;
    Ok((StatusCode::CREATED, Json(EmptyingJson::from(&view))))
}
