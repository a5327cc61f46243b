//! The lessons-learned log (seed 002 paras 52–53): each action with its
//! source, owner, due date, progress and status, overdue ones marked; and
//! the form that records progress on (or completes) an action.

use super::{notice, prefixed};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, with_prompt};
use crate::layout::Layout;
use crate::pages::{NoticeQuery, render};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::complaint_aftercare::lessons::{self, StepForm};
use casebook_app::{AppError, accounts};
use casebook_domain::validation::FieldErrors;
use serde::Deserialize;
use std::collections::HashMap;

/// One action as the log shows it.
pub struct Line {
    pub id: i64,
    pub complaint_id: Option<i64>,
    pub source: &'static str,
    pub description: String,
    pub owner: String,
    pub due: String,
    pub status: &'static str,
    pub overdue: bool,
    pub latest: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProgressForm {
    /// The action's record number.
    #[serde(rename = "progress-action")]
    pub action: String,
    /// progress or complete.
    #[serde(rename = "progress-step")]
    pub step: String,
    #[serde(rename = "progress-note")]
    pub note: String,
}

#[derive(Template)]
#[template(path = "complaint_aftercare/lessons.html")]
struct LogPage {
    layout: Layout,
    errors: FieldErrors,
    lines: Vec<Line>,
    actions: Vec<Choice>,
    steps: Vec<Choice>,
    form: ProgressForm,
}

async fn log_page(
    state: &AppState,
    user: &CurrentUser,
    form: ProgressForm,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<LogPage, Failure> {
    let log = lessons::log(&state.app, &user.actor(), None).await?;
    let names: HashMap<i64, String> = accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let lines: Vec<Line> = log
        .iter()
        .map(|l| {
            let a = &l.action.state;
            Line {
                id: l.action.id,
                complaint_id: a.complaint_id,
                source: a.source.label(),
                description: a.description.clone(),
                owner: names.get(&a.owner).cloned().unwrap_or_else(|| format!("User {}", a.owner)),
                due: a.due.to_string(),
                status: a.status.label(),
                overdue: l.overdue,
                latest: a.notes.last().map(|n| format!("{}: {}", n.on, n.text)).unwrap_or_default(),
            }
        })
        .collect();
    let open = log.iter().filter(|l| !l.action.state.status.is_finished());
    let actions = with_prompt(
        "Choose an action",
        &form.action,
        open.map(|l| (l.action.id.to_string(), format!("{}: {}", l.action.id, l.action.state.description))),
    );
    let steps = with_prompt(
        "Choose what to record",
        &form.step,
        [("progress".to_owned(), "Progress".to_owned()), ("complete".to_owned(), "Done".to_owned())],
    );
    let layout = Layout::for_user(user, "Lessons-learned log", "/reports/lessons", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(LogPage { layout, errors, lines, actions, steps, form })
}

pub async fn log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &log_page(&state, &user, ProgressForm::default(), FieldErrors::new(), q.notice.as_deref()).await?))
}

pub async fn progress(State(state): State<AppState>, user: CurrentUser, Form(form): Form<ProgressForm>) -> Result<Response, Failure> {
    let result = match form.action.trim().parse::<i64>() {
        Ok(id) => {
            let step = StepForm { step: form.step.clone(), note: form.note.clone(), ..StepForm::default() };
            match lessons::record_step(&state.app, &user.actor(), id, &step).await {
                Err(AppError::NotFound(_)) => Err(AppError::field("action", "Choose an action from the list")),
                other => other.map(|_| ()),
            }
        }
        Err(_) => Err(AppError::field("action", "Choose an action from the list")),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/reports/lessons?notice=recorded").into_response()),
        Err(AppError::Invalid(errors)) => {
            let errors = prefixed("progress", &["action", "step", "note"], &errors);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &log_page(&state, &user, form, errors, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}
