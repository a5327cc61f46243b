//! The contacts report for managers: contacts by channel and category with
//! the single-contact resolution rate, and how malicious and sales calls
//! were dealt with, over a date range.

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
use casebook_app::contacts::{self, ContactSearch};
use casebook_domain::contacts::summary::ContactSummary;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    from: String,
    to: String,
}

#[derive(Template)]
#[template(path = "contacts/report.html")]
struct ReportPage {
    layout: Layout,
    errors: FieldErrors,
    from: String,
    to: String,
    summary: Option<ContactSummary>,
}

/// A share as a whole percentage, or "no contacts".
pub fn percent(share: &Option<f64>) -> String {
    share.map_or_else(|| "no contacts".to_owned(), |s| format!("{:.0}%", s * 100.0))
}

pub async fn show(State(state): State<AppState>, user: CurrentUser, Query(q): Query<ReportQuery>) -> Result<Response, Failure> {
    let search = ContactSearch { from: q.from.clone(), to: q.to.clone(), ..ContactSearch::default() };
    let (status, errors, summary) = match contacts::contact_summary(&state.app, &user.actor(), &search).await {
        Ok(summary) => (StatusCode::OK, FieldErrors::new(), Some(summary)),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(other) => return Err(other.into()),
    };
    let layout =
        Layout::for_user(&user, "Contacts report", "/reports/contacts", &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(render(status, &ReportPage { layout, errors, from: q.from, to: q.to, summary }))
}
