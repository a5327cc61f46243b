//! Complaint reports (issue 4): the monthly summary per site as a page with
//! an SVG bar chart over a data table, and as CSV and XLSX (`export`); the
//! monthly dip sample's pages (`dip_samples`).

pub mod dip_samples;
pub mod export;

use super::render;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use casebook_app::AppError;
use casebook_app::complaint_reports::summary::{self, MonthlySummary, SiteSummary};
use casebook_domain::complaints::monthly_summary::percent;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    pub month: Option<String>,
}

/// One bar of the chart, scaled to the widest site.
pub struct Bar {
    pub label: String,
    pub received: u64,
    pub within_target: u64,
    pub received_width: u64,
    pub within_width: u64,
    pub y: usize,
}

/// Chart geometry: label column, bar area, row height (SVG user units).
pub const LABEL_WIDTH: u64 = 180;
pub const BAR_AREA: u64 = 460;
pub const ROW: usize = 44;

pub fn bars(sites: &[SiteSummary]) -> Vec<Bar> {
    let widest = sites.iter().map(|s| s.received.max(s.within_target)).max().unwrap_or(0).max(1);
    sites
        .iter()
        .enumerate()
        .map(|(i, s)| Bar {
            label: s.name.clone(),
            received: s.received,
            within_target: s.within_target,
            received_width: s.received * BAR_AREA / widest,
            within_width: s.within_target * BAR_AREA / widest,
            y: i * ROW,
        })
        .collect()
}

/// A percentage for the table, or a dash when there is nothing to divide.
pub fn share(part: &u64, whole: &u64) -> String {
    percent(*part, *whole).map(|p| format!("{p}%")).unwrap_or_else(|| "–".into())
}

#[derive(Template)]
#[template(path = "complaint_reports/summary.html")]
struct SummaryPage {
    layout: Layout,
    errors: FieldErrors,
    month_value: String,
    summary: Option<MonthlySummary>,
    bars: Vec<Bar>,
    chart_height: usize,
    previous: String,
    next: String,
}

pub async fn summary(State(state): State<AppState>, user: CurrentUser, Query(q): Query<MonthQuery>) -> Result<Response, Failure> {
    let organisation = &state.app.settings.organisation;
    match summary::monthly(&state.app, &user.actor(), q.month.as_deref()).await {
        Ok(s) => {
            let layout = Layout::for_user(&user, format!("Complaints summary, {}", s.month.label()), "/reports/complaints", organisation);
            let bars = bars(&s.sites);
            let page = SummaryPage {
                layout,
                errors: FieldErrors::new(),
                month_value: s.month.key(),
                chart_height: bars.len() * ROW + 10,
                previous: s.month.previous().key(),
                next: s.month.next().key(),
                bars,
                summary: Some(s),
            };
            Ok(render(StatusCode::OK, &page))
        }
        Err(AppError::Invalid(errors)) => {
            let layout = Layout::for_user(&user, "Complaints summary", "/reports/complaints", organisation).with_errors(true);
            let page = SummaryPage {
                layout,
                errors,
                month_value: q.month.unwrap_or_default(),
                summary: None,
                bars: Vec::new(),
                chart_height: 0,
                previous: String::new(),
                next: String::new(),
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn summary_csv(State(state): State<AppState>, user: CurrentUser, Query(q): Query<MonthQuery>) -> Result<Response, Failure> {
    let s = summary::monthly(&state.app, &user.actor(), q.month.as_deref()).await?;
    export::csv(&s)
}

pub async fn summary_xlsx(State(state): State<AppState>, user: CurrentUser, Query(q): Query<MonthQuery>) -> Result<Response, Failure> {
    let s = summary::monthly(&state.app, &user.actor(), q.month.as_deref()).await?;
    export::xlsx(&s)
}
