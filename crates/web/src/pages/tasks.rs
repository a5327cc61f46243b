//! My tasks: what the signed-in person must deal with, open ones first,
//! each completed with a note saying what they decided or did.

use super::{london, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::{AppError, accounts, tasks};
use casebook_domain::validation::FieldErrors;
use casebook_store::tasks::TaskRecord;
use serde::Deserialize;
use std::collections::HashMap;

pub struct TaskRow {
    id: i64,
    kind: &'static str,
    title: String,
    detail: String,
    person_id: Option<i64>,
    contact_id: Option<i64>,
    raised: String,
    open: bool,
    done: String,
}

fn rows(found: &[TaskRecord], names: &HashMap<i64, String>) -> Vec<TaskRow> {
    found
        .iter()
        .map(|t| TaskRow {
            id: t.id,
            kind: t.kind.label(),
            title: t.title.clone(),
            detail: t.detail.clone(),
            person_id: t.person_id,
            contact_id: t.contact_id,
            raised: format!(
                "{} by {}",
                london(t.created_at),
                t.created_by.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| "the system".into())
            ),
            open: t.is_open(),
            done: t.done.as_ref().map(|(at, note)| format!("Completed {}: {note}", london(*at))).unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "tasks/list.html")]
struct TasksPage {
    layout: Layout,
    errors: FieldErrors,
    tasks: Vec<TaskRow>,
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeInput {
    notice: Option<String>,
}

async fn page(state: &AppState, user: &CurrentUser, errors: FieldErrors, notice: Option<&str>) -> Result<TasksPage, Failure> {
    let found = tasks::my_tasks(&state.app, &user.actor()).await?;
    let names = accounts::list(&state.app).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    let notice = (notice == Some("task-completed")).then(|| "Task completed".to_owned());
    let layout =
        Layout::for_user(user, "My tasks", "/tasks", &state.app.settings.organisation).with_errors(!errors.is_empty()).with_notice(notice);
    Ok(TasksPage { layout, errors, tasks: rows(&found, &names) })
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeInput>) -> Result<Response, Failure> {
    Ok(ok(&page(&state, &user, FieldErrors::new(), q.notice.as_deref()).await?))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct CompleteInput {
    note: String,
}

pub async fn complete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<CompleteInput>,
) -> Result<Response, Failure> {
    match tasks::complete_task(&state.app, &user.actor(), id, &input.note).await {
        Ok(_) => Ok(Redirect::to("/tasks?notice=task-completed").into_response()),
        Err(AppError::Invalid(errors)) => {
            // Each task has its own form: point the summary at this task's fields.
            let mut own = FieldErrors::new();
            for e in errors.iter() {
                own.add(&format!("{}-{id}", e.field), e.message.clone());
            }
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page(&state, &user, own, None).await?))
        }
        Err(other) => Err(other.into()),
    }
}
