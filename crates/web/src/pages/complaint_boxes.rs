//! The complaint-box log: per site, each emptying with its complaints'
//! six-hour scan clocks, late scans and days the box was not emptied; the
//! forms to record an emptying and each scan.

use super::{london, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::complaint_boxes::{self as cases, EmptyingView, ScanForm};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::box_log::BoxEmptyingDraft;
use casebook_domain::deadlines::ClockStatus;
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;

const PAGE: &str = "/complaint-boxes";
/// The log shows a week unless asked for more.
const DEFAULT_DAYS: u32 = 7;

fn notice(code: Option<&str>) -> Option<String> {
    match code? {
        "emptying-recorded" => Some("Emptying recorded. Scan each complaint within the time limit.".into()),
        "scan-recorded" => Some("Scan recorded".into()),
        _ => None,
    }
}

fn day(d: jiff::civil::Date) -> String {
    d.strftime("%a %-d %b %Y").to_string()
}

/// A clock's state for a table cell, and whether it needs attention.
fn clock_text(status: &ClockStatus) -> (String, bool) {
    let late = matches!(status, ClockStatus::Overdue { .. } | ClockStatus::MetLate { .. });
    (status.summary(), late)
}

// ---- the log ---------------------------------------------------------------------

pub struct EmptyingLine {
    id: i64,
    emptied_at: String,
    emptied_by: String,
    count: u32,
    scanned: u32,
    due: String,
    state: String,
    late: bool,
    late_scans: Vec<String>,
}

impl EmptyingLine {
    fn of(v: &EmptyingView) -> EmptyingLine {
        let (due, state, late) = match &v.progress {
            Some(p) => {
                let mut parts = vec![format!("{} on time", p.on_time)];
                if p.late > 0 {
                    parts.push(format!("{} late", p.late));
                }
                if p.waiting > 0 {
                    parts.push(format!("{} waiting{}", p.waiting, if p.overdue { ", overdue" } else { "" }));
                }
                (london(p.due), parts.join(", "), p.late > 0 || p.overdue)
            }
            None => (String::new(), "No scan time limit in the procedure".into(), false),
        };
        EmptyingLine {
            id: v.record.id,
            emptied_at: london(v.record.emptied_at),
            emptied_by: v.record.emptied_by_name.clone(),
            count: v.record.count,
            scanned: v.scanned(),
            due,
            state,
            late,
            late_scans: v.late_scans().map(|s| format!("{} scanned {}", s.complaint_reference, london(s.scanned_at))).collect(),
        }
    }
}

pub struct SiteSection {
    name: String,
    emptyings: Vec<EmptyingLine>,
    days_not_emptied: Vec<String>,
}

#[derive(Template)]
#[template(path = "complaints_admin/boxes.html")]
struct LogPage {
    layout: Layout,
    from: String,
    to: String,
    days: u32,
    sites: Vec<SiteSection>,
    has_scan_limit: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct LogQuery {
    pub notice: Option<String>,
    pub days: Option<u32>,
    pub site_id: Option<i64>,
}

pub async fn log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<LogQuery>) -> Result<Response, Failure> {
    let days = q.days.unwrap_or(DEFAULT_DAYS);
    let log = cases::log(&state.app, &user.actor(), q.site_id, days).await?;
    let sites = log
        .sites
        .iter()
        .map(|s| SiteSection {
            name: s.site.name.clone(),
            emptyings: s.emptyings.iter().map(EmptyingLine::of).collect(),
            days_not_emptied: s.days_not_emptied.iter().map(|d| day(*d)).collect(),
        })
        .collect();
    let layout =
        Layout::for_user(&user, "Complaint boxes", PAGE, &state.app.settings.organisation).with_notice(notice(q.notice.as_deref()));
    Ok(ok(&LogPage { layout, from: day(log.from), to: day(log.to), days, sites, has_scan_limit: log.has_scan_limit }))
}

// ---- recording an emptying ---------------------------------------------------------------

#[derive(Template)]
#[template(path = "complaints_admin/emptying_form.html")]
struct EmptyingForm {
    layout: Layout,
    errors: FieldErrors,
    sites: Vec<Choice>,
    staff: Vec<Choice>,
    emptied_at: String,
    count: String,
}

async fn emptying_form(
    state: &AppState,
    user: &CurrentUser,
    draft: &BoxEmptyingDraft,
    errors: FieldErrors,
) -> Result<EmptyingForm, Failure> {
    let actor = user.actor();
    let staff = cases::staff(&state.app, &actor).await?;
    let sites = casebook_app::sites::list(&state.app).await?;
    let layout =
        Layout::for_user(user, "Record a complaint-box emptying", PAGE, &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(EmptyingForm {
        layout,
        sites: with_prompt("Choose the site", &draft.site_id, sites.into_iter().filter(|s| s.active).map(|s| (s.id.to_string(), s.name))),
        staff: with_prompt("Choose who emptied it", &draft.emptied_by, staff.into_iter().map(|u| (u.id.to_string(), u.display_name))),
        emptied_at: draft.emptied_at.clone(),
        count: draft.count.clone(),
        errors,
    })
}

pub async fn new_emptying(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let now = state.app.now().to_zoned(casebook_domain::calendar::london());
    let draft = BoxEmptyingDraft {
        site_id: user.principal.user.site_id.map(|s| s.to_string()).unwrap_or_default(),
        emptied_at: now.strftime("%Y-%m-%dT%H:%M").to_string(),
        emptied_by: user.principal.user.id.to_string(),
        count: String::new(),
    };
    Ok(ok(&emptying_form(&state, &user, &draft, FieldErrors::new()).await?))
}

pub async fn record_emptying(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(draft): Form<BoxEmptyingDraft>,
) -> Result<Response, Failure> {
    match cases::record_emptying(&state.app, &user.actor(), &draft).await {
        Ok(id) => Ok(Redirect::to(&format!("{PAGE}/emptyings/{id}?notice=emptying-recorded")).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &emptying_form(&state, &user, &draft, errors).await?))
        }
        Err(other) => Err(other.into()),
    }
}

// ---- one emptying and its scans -------------------------------------------------------------

pub struct ComplaintLine {
    number: u32,
    reference: String,
    scanned_at: String,
    state: String,
    late: bool,
}

#[derive(Template)]
#[template(path = "complaints_admin/emptying.html")]
struct EmptyingPage {
    layout: Layout,
    id: i64,
    site: String,
    line: EmptyingLine,
    complaints: Vec<ComplaintLine>,
    all_scanned: bool,
    errors: FieldErrors,
    form: ScanForm,
}

async fn emptying_page(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    form: ScanForm,
    errors: FieldErrors,
) -> Result<EmptyingPage, Failure> {
    let (site, view) = cases::emptying(&state.app, &user.actor(), id).await?;
    let complaints = view
        .complaints
        .iter()
        .map(|c| {
            let (state, late) = clock_text(&c.status);
            ComplaintLine {
                number: c.number,
                reference: c.scan.as_ref().map(|s| s.complaint_reference.clone()).unwrap_or_default(),
                scanned_at: c.scan.as_ref().map(|s| london(s.scanned_at)).unwrap_or_default(),
                state,
                late,
            }
        })
        .collect();
    let title = format!("Box emptied at {} on {}", site.name, day(london_date(view.record.emptied_at)));
    let layout = Layout::for_user(user, title, PAGE, &state.app.settings.organisation).with_errors(!errors.is_empty());
    Ok(EmptyingPage {
        layout,
        id,
        site: site.name,
        all_scanned: view.scanned() >= view.record.count,
        line: EmptyingLine::of(&view),
        complaints,
        errors,
        form,
    })
}

pub async fn show_emptying(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<super::NoticeQuery>,
) -> Result<Response, Failure> {
    let mut page = emptying_page(&state, &user, id, ScanForm::default(), FieldErrors::new()).await?;
    page.layout = page.layout.with_notice(notice(q.notice.as_deref()));
    Ok(ok(&page))
}

pub async fn record_scan(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ScanForm>,
) -> Result<Response, Failure> {
    match cases::record_scan(&state.app, &user.actor(), id, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("{PAGE}/emptyings/{id}?notice=scan-recorded")).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &emptying_page(&state, &user, id, form, errors).await?))
        }
        Err(other) => Err(other.into()),
    }
}
