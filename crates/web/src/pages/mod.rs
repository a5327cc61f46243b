//! Server-rendered pages, one module per area; one askama template per page.

pub mod accessibility;
pub mod account;
pub mod admin_audit;
pub mod admin_roles;
pub mod admin_sites;
pub mod admin_users;
// Reports (issue 4): the monitoring board's pages
pub mod board;
pub mod caller_screen;
pub mod complaint_aftercare; // ombudsman, ex-gratia, lessons, officers (issue 4)
pub mod complaint_boxes;
pub mod complaint_procedure;
pub mod complaint_response; // extensions, response and letters (issue 4)
// Reports (issue 4): monthly summary and dip samples
pub mod complaint_reports;
pub mod complaints;
pub mod contact_report;
pub mod contacts;
pub mod frequent_callers;
pub mod home;
pub mod people;
pub mod person_picker;
pub mod safeguarding;
pub mod sign_in;
pub mod tasks;
pub mod triage;

use crate::error::Failure;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

/// An instant as London wall-clock time, for people to read.
pub fn london(ts: jiff::Timestamp) -> String {
    ts.to_zoned(casebook_domain::calendar::london()).strftime("%-d %b %Y %H:%M").to_string()
}

/// Renders a template, with a status (422 when a form is shown again with errors).
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            Failure::Internal.into_response()
        }
    }
}

pub fn ok(page: &impl Template) -> Response {
    render(StatusCode::OK, page)
}

/// Success messages shown after a redirect, by code, so no text is echoed from the address.
pub fn notice_text(code: Option<&str>) -> Option<String> {
    let text = match code? {
        "user-created" => "User account created",
        "user-updated" => "User account saved",
        "password-set" => "Password set. The person's sessions have ended.",
        "password-changed" => "Your password has been changed. Your other sessions have ended.",
        "site-created" => "Site created",
        "site-updated" => "Site saved",
        "closure-added" => "Closure day added",
        "closure-removed" => "Closure day removed",
        "marker-recorded" => "Marker recorded",
        "marker-withdrawn" => "Marker withdrawn",
        "concern-raised" => "Concern raised. The manager has a task to decide what to do.",
        "merged" => "Records merged",
        "unmerged" => "Merge undone",
        _ => return None,
    };
    Some(text.to_owned())
}

/// The `?notice=` query parameter.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}
