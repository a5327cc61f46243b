//! Frequent-caller pages: the managers' review list, the standing report
//! for the fortnightly meeting (page, CSV and XLSX), and the thresholds.
//! The flag panel on a person's page and the flag forms are in `person`.

pub mod export;
pub mod person;

use super::{NoticeQuery, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::frequent_callers::{self as cases, Candidate, FlaggedCaller, Report};
use casebook_domain::access::Roles;
use casebook_domain::frequent_callers::{AppliesTo, Thresholds, Window, field_name};
use casebook_domain::validation::FieldErrors;
use jiff::civil::Date;
use std::collections::HashMap;

/// A date as people read it, e.g. "23 Feb 2027".
pub fn day(d: impl std::borrow::Borrow<Date>) -> String {
    d.borrow().strftime("%-d %b %Y").to_string()
}

fn notice(code: Option<&str>) -> Option<String> {
    match code? {
        "thresholds-saved" => Some("Thresholds saved. They apply from now on.".into()),
        _ => None,
    }
}

/// One line of a table of flagged persons or candidates, ready to show.
pub struct Line {
    pub person_id: i64,
    pub name: String,
    pub last_24h: u32,
    pub last_7d: u32,
    pub last_30d: u32,
    pub previous_30d: u32,
    pub trend: &'static str,
    /// Candidates: why they are on the list. Flagged: the reason for the flag.
    pub reasons: String,
    pub handled_by: String,
    pub what_to_say: String,
    pub pathway: String,
    pub flagged_since: String,
    pub review_due: String,
    pub review_status: &'static str,
    pub review_is_due: bool,
    pub referral: String,
    /// Current special-category markers, for roles that may read them.
    pub vulnerability: String,
}

impl Line {
    pub fn flagged(f: &FlaggedCaller) -> Line {
        Line {
            person_id: f.person_id,
            name: f.display_name.clone(),
            last_24h: f.counts.last_24h,
            last_7d: f.counts.last_7d,
            last_30d: f.counts.last_30d,
            previous_30d: f.previous_30d,
            trend: f.trend.label(),
            reasons: f.flag.reason.clone(),
            handled_by: f.flag.response_plan.handled_by.clone(),
            what_to_say: f.flag.response_plan.what_to_say.clone(),
            pathway: f.flag.response_plan.pathway.clone(),
            flagged_since: day(f.flag.since),
            review_due: day(f.flag.review_due),
            review_status: f.review.label(),
            review_is_due: f.review.is_due(),
            vulnerability: String::new(),
            referral: f
                .flag
                .referral
                .as_ref()
                .map(|r| format!("{} on {} (reference {})", r.body, day(r.date), r.reference))
                .unwrap_or_default(),
        }
    }

    pub fn candidate(c: &Candidate) -> Line {
        Line {
            person_id: c.person_id,
            name: c.display_name.clone(),
            last_24h: c.counts.last_24h,
            last_7d: c.counts.last_7d,
            last_30d: c.counts.last_30d,
            previous_30d: c.previous_30d,
            trend: c.trend.label(),
            reasons: c.reasons.summary(),
            handled_by: String::new(),
            what_to_say: String::new(),
            pathway: String::new(),
            flagged_since: String::new(),
            review_due: String::new(),
            review_status: "",
            review_is_due: false,
            referral: String::new(),
            vulnerability: String::new(),
        }
    }
}

/// The report's two tables.
pub struct Tables {
    pub flagged: Vec<Line>,
    pub candidates: Vec<Line>,
    /// Whether the vulnerability column is shown (`None` notes: the role may not read them).
    pub vulnerability_shown: bool,
}

impl Tables {
    pub fn of(report: &Report) -> Tables {
        Tables {
            flagged: report.flagged.iter().map(Line::flagged).collect(),
            candidates: report.candidates.iter().map(Line::candidate).collect(),
            vulnerability_shown: false,
        }
    }

    /// The tables with each person's vulnerability notes, when the reader may see them.
    pub fn with_vulnerability(mut self, notes: Option<&HashMap<i64, String>>) -> Tables {
        let Some(notes) = notes else { return self };
        for line in self.flagged.iter_mut().chain(self.candidates.iter_mut()) {
            line.vulnerability = notes.get(&line.person_id).cloned().unwrap_or_else(|| "None recorded".into());
        }
        self.vulnerability_shown = true;
        self
    }
}

// ---- the review list -------------------------------------------------------------

#[derive(Template)]
#[template(path = "frequent_callers/list.html")]
struct ListPage {
    layout: Layout,
    due: Vec<Line>,
    flagged: Vec<Line>,
    candidates: Vec<Line>,
    is_manager: bool,
}

fn is_manager(user: &CurrentUser) -> bool {
    user.principal.user.roles.intersects(Roles::MANAGERS)
}

/// Reviews due first, then candidates waiting for a decision, then every flag.
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let report = cases::report(&state.app, &user.actor()).await?;
    let tables = Tables::of(&report);
    let (due, flagged): (Vec<Line>, Vec<Line>) = tables.flagged.into_iter().partition(|l| l.review_is_due);
    let layout = Layout::for_user(&user, "Frequent callers", "/frequent-callers", &state.app.settings.organisation);
    Ok(ok(&ListPage { layout, due, flagged, candidates: tables.candidates, is_manager: is_manager(&user) }))
}

// ---- the report ------------------------------------------------------------------

#[derive(Template)]
#[template(path = "frequent_callers/report.html")]
struct ReportPage {
    layout: Layout,
    generated: String,
    tables: Tables,
}

/// The report and, for roles that may read them, its vulnerability notes (audited).
async fn report_with_notes(state: &AppState, user: &CurrentUser) -> Result<(Report, Option<HashMap<i64, String>>), Failure> {
    let actor = user.actor();
    let report = cases::report(&state.app, &actor).await?;
    let notes = cases::vulnerability_notes(&state.app, &actor, &report).await?;
    Ok((report, notes))
}

pub async fn report(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let (report, notes) = report_with_notes(&state, &user).await?;
    let generated = report.generated_at.to_zoned(casebook_domain::calendar::london()).strftime("%-d %B %Y at %H:%M").to_string();
    let layout = Layout::for_user(&user, "Frequent callers report", "/frequent-callers", &state.app.settings.organisation);
    Ok(ok(&ReportPage { layout, generated, tables: Tables::of(&report).with_vulnerability(notes.as_ref()) }))
}

pub async fn report_csv(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let (report, notes) = report_with_notes(&state, &user).await?;
    export::csv(&report, notes.as_ref())
}

pub async fn report_xlsx(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let (report, notes) = report_with_notes(&state, &user).await?;
    export::xlsx(&report, notes.as_ref())
}

// ---- thresholds --------------------------------------------------------------------

/// One input of the thresholds grid.
pub struct Cell {
    field: String,
    value: String,
    error: Option<String>,
}

pub struct GridRow {
    label: &'static str,
    cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "frequent_callers/thresholds.html")]
struct ThresholdsPage {
    layout: Layout,
    errors: FieldErrors,
    windows: Vec<&'static str>,
    rows: Vec<GridRow>,
    version: String,
    is_preset: bool,
    is_manager: bool,
}

fn grid(values: &HashMap<String, String>, errors: &FieldErrors) -> Vec<GridRow> {
    AppliesTo::ALL
        .into_iter()
        .map(|applies_to| GridRow {
            label: applies_to.label(),
            cells: Window::ALL
                .into_iter()
                .map(|window| {
                    let field = field_name(applies_to, window);
                    Cell { value: values.get(&field).cloned().unwrap_or_default(), error: errors.get(&field).map(str::to_owned), field }
                })
                .collect(),
        })
        .collect()
}

fn values_of(thresholds: &Thresholds) -> HashMap<String, String> {
    thresholds.rules.iter().map(|r| (r.field(), r.at_least.to_string())).collect()
}

fn thresholds_page(
    user: &CurrentUser,
    state: &AppState,
    values: &HashMap<String, String>,
    errors: FieldErrors,
    version: String,
    is_preset: bool,
) -> ThresholdsPage {
    let layout = Layout::for_user(user, "Frequent-caller thresholds", "/frequent-callers", &state.app.settings.organisation)
        .with_errors(!errors.is_empty());
    ThresholdsPage {
        layout,
        windows: Window::ALL.iter().map(|w| w.label()).collect(),
        rows: grid(values, &errors),
        errors,
        version,
        is_preset,
        is_manager: is_manager(user),
    }
}

pub async fn thresholds(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    let in_force = cases::thresholds(&state.app, &user.actor()).await?;
    let version = in_force.version().map(|v| v.to_string()).unwrap_or_default();
    let mut page = thresholds_page(&user, &state, &values_of(&in_force.policy), FieldErrors::new(), version, in_force.saved.is_none());
    page.layout = page.layout.with_notice(notice(q.notice.as_deref()));
    Ok(ok(&page))
}

pub async fn save_thresholds(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(input): Form<HashMap<String, String>>,
) -> Result<Response, Failure> {
    let version_raw = input.get("version").map(|v| v.trim().to_owned()).unwrap_or_default();
    let version = match version_raw.as_str() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| Failure::BadRequest("The form's version is not a number.".into()))?),
    };
    let result = match cases::thresholds_from_form(&input) {
        Ok(thresholds) => cases::replace_thresholds(&state.app, &user.actor(), &thresholds, version).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/frequent-callers/thresholds?notice=thresholds-saved").into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = thresholds_page(&user, &state, &input, errors, version_raw, version.is_none());
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}
