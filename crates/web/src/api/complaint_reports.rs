//! Complaint reports over the API (issue 4): the monitoring board's view,
//! the monthly summary per site, and the dip samples. Same use cases as
//! the pages.

use super::{ApiJson, Page};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use casebook_app::complaint_reports::board::{self, BoardItem};
use casebook_app::complaint_reports::dip_samples::{self, DrawForm, FindingForm, SampleDetail, SampleSummary};
use casebook_app::complaint_reports::summary::{self, SiteSummary};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct BoardComplaintView {
    pub id: i64,
    /// `{"sharing": "allowed", reference, site, category, received-on, summary, response-text, response-date, outcome}`
    /// or `{"sharing": "refused", response-date, outcome}` and nothing else.
    #[schema(value_type = Object)]
    pub view: serde_json::Value,
}

fn board_view(item: &BoardItem) -> BoardComplaintView {
    BoardComplaintView { id: item.id, view: serde_json::to_value(&item.view).unwrap_or_default() }
}

#[utoipa::path(get, path = "/api/v1/board/complaints", tag = "complaint reports",
    description = "The monitoring board member's own site's logged complaints: copies where the complainant allowed sharing, otherwise the response date and outcome only. Audited.",
    responses((status = 200, body = Page<BoardComplaintView>), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn board_list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Page<BoardComplaintView>>, Failure> {
    let items = board::list(&state.app, &user.actor()).await?;
    Ok(Json(Page { items: items.iter().map(board_view).collect() }))
}

#[utoipa::path(get, path = "/api/v1/board/complaints/{id}", tag = "complaint reports", params(("id" = i64, Path)),
    description = "One complaint of the board member's site, as the board may see it; 404 for any other. Audited.",
    responses((status = 200, body = BoardComplaintView), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn board_show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<BoardComplaintView>, Failure> {
    Ok(Json(board_view(&board::read(&state.app, &user.actor(), id).await?)))
}

#[derive(Deserialize, IntoParams, Default)]
#[serde(default)]
pub struct MonthParam {
    /// `YYYY-MM`; last month when left out.
    pub month: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SiteSummaryView {
    /// Absent on the totals line.
    pub site_id: Option<i64>,
    pub code: String,
    pub name: String,
    pub received: u64,
    /// Received, by category key (`""`: not yet triaged).
    pub by_category: std::collections::BTreeMap<String, u64>,
    pub responses_sent: u64,
    pub substantiated: u64,
    pub partially_substantiated: u64,
    pub not_substantiated: u64,
    pub outcome_not_recorded: u64,
    pub within_target: u64,
    pub overdue: u64,
    pub extended: u64,
}

#[derive(Serialize, ToSchema)]
pub struct MonthlySummaryView {
    pub month: String,
    /// The moment overdue complaints are counted at.
    pub as_at: String,
    pub sites: Vec<SiteSummaryView>,
    pub totals: SiteSummaryView,
}

fn site_view(l: &SiteSummary, categories: &[(String, String)], totals: bool) -> SiteSummaryView {
    SiteSummaryView {
        site_id: (!totals).then_some(l.site_id),
        code: l.code.clone(),
        name: l.name.clone(),
        received: l.received,
        by_category: categories.iter().map(|(k, _)| k.clone()).zip(l.by_category.iter().copied()).collect(),
        responses_sent: l.responded,
        substantiated: l.substantiated,
        partially_substantiated: l.partially_substantiated,
        not_substantiated: l.not_substantiated,
        outcome_not_recorded: l.outcome_pending,
        within_target: l.within_target,
        overdue: l.overdue,
        extended: l.extended,
    }
}

#[utoipa::path(get, path = "/api/v1/reports/complaints", tag = "complaint reports", params(MonthParam),
    description = "The monthly summary per site, counted in SQL: received (by category), responses sent and their outcomes, within target, overdue at month end, extended.",
    responses((status = 200, body = MonthlySummaryView), (status = 403, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn monthly_summary(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MonthParam>,
) -> Result<Json<MonthlySummaryView>, Failure> {
    let s = summary::monthly(&state.app, &user.actor(), q.month.as_deref()).await?;
    Ok(Json(MonthlySummaryView {
        month: s.month.key(),
        as_at: s.as_at.to_string(),
        sites: s.sites.iter().map(|l| site_view(l, &s.categories, false)).collect(),
        totals: site_view(&s.totals, &s.categories, true),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct DipSampleSummaryView {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub month: String,
    /// Seeds are u64: sent as a string so no client rounds them.
    pub seed: String,
    pub responses_sent: i64,
    pub sampled: usize,
    pub checked: usize,
    pub poor: usize,
}

fn sample_summary(s: &SampleSummary) -> DipSampleSummaryView {
    DipSampleSummaryView {
        id: s.sample.id,
        site_id: s.sample.site_id,
        site_name: s.site_name.clone(),
        month: s.sample.month.clone(),
        seed: s.sample.seed.to_string(),
        responses_sent: s.sample.population,
        sampled: s.size,
        checked: s.checked,
        poor: s.poor,
    }
}

#[derive(Serialize, ToSchema)]
pub struct DipSampleItemView {
    pub complaint_id: i64,
    pub reference: Option<String>,
    pub documents_present: Option<bool>,
    pub covers_every_point: Option<bool>,
    pub escalation_wording: Option<bool>,
    /// satisfactory or poor; absent until checked.
    pub verdict: Option<String>,
    pub notes: Option<String>,
    pub checked_at: Option<String>,
    /// The delivery manager's task for a poor response.
    pub task_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct DipSampleView {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub month: String,
    pub seed: String,
    pub responses_sent: i64,
    pub drawn_at: String,
    pub items: Vec<DipSampleItemView>,
}

fn sample_view(d: &SampleDetail) -> DipSampleView {
    DipSampleView {
        id: d.sample.id,
        site_id: d.sample.site_id,
        site_name: d.site_name.clone(),
        month: d.sample.month.clone(),
        seed: d.sample.seed.to_string(),
        responses_sent: d.sample.population,
        drawn_at: d.sample.drawn_at.to_string(),
        items: d
            .items
            .iter()
            .map(|l| DipSampleItemView {
                complaint_id: l.item.complaint_id,
                reference: l.reference.clone(),
                documents_present: l.item.documents_present,
                covers_every_point: l.item.covers_every_point,
                escalation_wording: l.item.escalation_wording,
                verdict: l.item.verdict.clone(),
                notes: l.item.notes.clone(),
                checked_at: l.item.checked_at.map(|t| t.to_jiff().to_string()),
                task_id: l.item.task_id,
            })
            .collect(),
    }
}

#[utoipa::path(get, path = "/api/v1/dip-samples", tag = "complaint reports", params(MonthParam),
    description = "The dip samples of a month, or the latest of any month.",
    responses((status = 200, body = Page<DipSampleSummaryView>), (status = 403, body = super::Problem)), security(("bearer" = [])))]
pub async fn dip_samples(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<MonthParam>,
) -> Result<Json<Page<DipSampleSummaryView>>, Failure> {
    let found = dip_samples::list(&state.app, &user.actor(), q.month.as_deref()).await?;
    Ok(Json(Page { items: found.iter().map(sample_summary).collect() }))
}

#[utoipa::path(post, path = "/api/v1/dip-samples", tag = "complaint reports", request_body = Object,
    description = "Draws a month's sample at a site: {site_id, month (YYYY-MM, blank: last month), seed (optional u64 as a string)}. The seed is recorded; the same seed over the same responses draws the same sample.",
    responses((status = 201, body = DipSampleView), (status = 403, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn draw(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(form): ApiJson<DrawForm>,
) -> Result<(StatusCode, Json<DipSampleView>), Failure> {
    let id = dip_samples::draw(&state.app, &user.actor(), &form).await?;
    let detail = dip_samples::read(&state.app, &user.actor(), id).await?;
    Ok((StatusCode::CREATED, Json(sample_view(&detail))))
}

#[utoipa::path(get, path = "/api/v1/dip-samples/{id}", tag = "complaint reports", params(("id" = i64, Path)),
    responses((status = 200, body = DipSampleView), (status = 403, body = super::Problem), (status = 404, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn dip_sample(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> Result<Json<DipSampleView>, Failure> {
    Ok(Json(sample_view(&dip_samples::read(&state.app, &user.actor(), id).await?)))
}

#[utoipa::path(post, path = "/api/v1/dip-samples/{id}/findings", tag = "complaint reports", params(("id" = i64, Path)), request_body = Object,
    description = "Records the checklist on one sampled response: {complaint_id, documents_present, covers_every_point, escalation_wording (each yes or no), notes}. \
        A poor response (any no) needs notes and becomes a task for the site's delivery manager.",
    responses((status = 200, body = DipSampleView), (status = 403, body = super::Problem), (status = 404, body = super::Problem), (status = 422, body = super::Problem)),
    security(("bearer" = [])))]
pub async fn record_finding(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(form): ApiJson<FindingForm>,
) -> Result<Json<DipSampleView>, Failure> {
    Ok(Json(sample_view(&dip_samples::record_finding(&state.app, &user.actor(), id, &form).await?)))
}
