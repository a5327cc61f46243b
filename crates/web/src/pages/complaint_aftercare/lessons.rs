//! The lessons-learned log (seed 002 paras 52–53): each action with its
//! source, owner, due date, progress and status, overdue ones marked; the
//! form that records progress on (or completes) an action, and the one that
//! reassigns it, moves its due date or drops it.

use super::{Answers, Fields, answer, notice, value};
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
use axum::response::Response;
use casebook_app::complaint_aftercare::lessons::{self, StepForm};
use casebook_app::{AppError, accounts};
use casebook_domain::validation::FieldErrors;
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

#[derive(Template)]
#[template(path = "complaint_aftercare/lessons.html")]
struct LogPage {
    layout: Layout,
    errors: FieldErrors,
    lines: Vec<Line>,
    actions: Vec<Choice>,
    steps: Vec<Choice>,
    change_actions: Vec<Choice>,
    changes: Vec<Choice>,
    owners: Vec<Choice>,
    fields: Fields,
}

async fn log_page(
    state: &AppState,
    user: &CurrentUser,
    fields: Fields,
    errors: FieldErrors,
    notice_code: Option<&str>,
) -> Result<LogPage, Failure> {
    let log = lessons::log(&state.app, &user.actor(), None).await?;
    let users = accounts::list(&state.app).await?;
    let active: Vec<(String, String)> = users.iter().filter(|u| u.active).map(|u| (u.id.to_string(), u.display_name.clone())).collect();
    let names: HashMap<i64, String> = users.into_iter().map(|u| (u.id, u.display_name)).collect();
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
    let open: Vec<(String, String)> = log
        .iter()
        .filter(|l| !l.action.state.status.is_finished())
        .map(|l| (l.action.id.to_string(), format!("{}: {}", l.action.id, l.action.state.description)))
        .collect();
    let pick = |key: &str| value(&fields, key).to_owned();
    let actions = with_prompt("Choose an action", &pick("progress-action"), open.clone());
    let steps = with_prompt(
        "Choose what to record",
        &pick("progress-step"),
        [("progress".to_owned(), "Progress".to_owned()), ("complete".to_owned(), "Done".to_owned())],
    );
    let change_actions = with_prompt("Choose an action", &pick("change-action"), open);
    let changes = with_prompt(
        "Choose the change",
        &pick("change-step"),
        [("reassign", "A new owner"), ("move-due", "A new due date"), ("drop", "Dropped")].map(|(v, l)| (v.to_owned(), l.to_owned())),
    );
    let owners = with_prompt("Choose the new owner", &pick("change-owner"), active);
    let layout = Layout::for_user(user, "Lessons-learned log", "/reports/lessons", &state.app.settings.organisation)
        .with_errors(!errors.is_empty())
        .with_notice(notice(notice_code));
    Ok(LogPage { layout, errors, lines, actions, steps, change_actions, changes, owners, fields })
}

pub async fn log(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    Ok(render(StatusCode::OK, &log_page(&state, &user, Fields::new(), FieldErrors::new(), q.notice.as_deref()).await?))
}

/// Records a step on the action the form names; `known` are the fields of
/// the form with that prefix. An action not in the list (or not open to the
/// user) is a field error.
async fn record(state: AppState, user: CurrentUser, (prefix, known): (&str, &[&str]), fields: Fields) -> Result<Response, Failure> {
    let field = |name: &str| value(&fields, &format!("{prefix}-{name}")).to_owned();
    let not_listed = || AppError::field("action", "Choose an action from the list");
    let result = match field("action").trim().parse::<i64>() {
        Ok(id) => {
            let step =
                StepForm { step: field("step"), note: field("note"), owner: field("owner"), due: field("due"), reason: field("reason") };
            match lessons::record_step(&state.app, &user.actor(), id, &step).await {
                Err(AppError::NotFound(_)) => Err(not_listed()),
                other => other,
            }
        }
        Err(_) => Err(not_listed()),
    };
    answer(
        result,
        |_| "/reports/lessons?notice=recorded".to_owned(),
        (prefix, known),
        async |errors| log_page(&state, &user, fields, errors, None).await,
    )
    .await
}

pub async fn progress(State(state): State<AppState>, user: CurrentUser, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    record(state, user, ("progress", &["action", "step", "note"]), fields).await
}

pub async fn change(State(state): State<AppState>, user: CurrentUser, Form(fields): Form<Fields>) -> Result<Response, Failure> {
    record(state, user, ("change", &["action", "step", "owner", "due", "reason"]), fields).await
}
