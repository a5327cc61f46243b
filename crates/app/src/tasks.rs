//! Tasks: each member of staff sees their own, and only the assignee may
//! complete one, saying what they decided or did.

use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::tasks::validate_completion;
use casebook_store::StoreError;
use casebook_store::tasks::{self, TaskRecord};

const PAGE_MAX: i64 = 200;

/// The actor's tasks: open ones first.
pub async fn my_tasks(app: &App, actor: &Actor) -> Result<Vec<TaskRecord>> {
    actor.require(Roles::FRONT_LINE)?;
    let me = actor.user_id.ok_or(AppError::Forbidden)?;
    let mut tx = app.db.read().await?;
    Ok(tasks::for_assignee(&mut tx, me, PAGE_MAX).await?)
}

/// Completes one of the actor's own open tasks with a note.
pub async fn complete_task(app: &App, actor: &Actor, id: i64, note: &str) -> Result<TaskRecord> {
    actor.require(Roles::FRONT_LINE)?;
    let mut work = app.begin(actor).await?;
    let task = tasks::get(&mut work.tx, id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("task"),
        other => other.into(),
    })?;
    if Some(task.assignee_id) != actor.user_id {
        return Err(AppError::Forbidden);
    }
    let note = validate_completion(task.is_open(), note)?;
    let now = work.now;
    tasks::complete(&mut work.tx, id, &note, now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::field("state", "This task has already been completed"),
        other => other.into(),
    })?;
    work.record("task.completed", "task", Some(id.to_string()), format!("completed {} task {id}", task.kind.slug()));
    let record = tasks::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}
