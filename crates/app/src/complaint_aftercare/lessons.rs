//! Lessons-learned actions: raised with an owner and a due date, moved on
//! by progress notes, finished as done or dropped; the log marks overdue ones.

use super::{choice, complaint, date, id, readable, stale};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::lessons::{ActionCommand, LessonAction, NewAction, Source, decide, raise};
use casebook_store::aftercare::{self as store, Stored};
use casebook_store::{StoreError, users};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaiseForm {
    /// complaint, professional-standards, ombudsman or quality-assurance.
    pub source: String,
    pub description: String,
    /// The owner's user id.
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// progress, reassign, move-due, complete or drop.
    pub step: String,
    pub note: String,
    /// The new owner's user id (reassign).
    pub owner: String,
    /// The new due date (move-due).
    pub due: String,
    pub reason: String,
}

/// The owner must be an active member of staff.
async fn check_owner(tx: &mut casebook_store::Tx, raw: &str) -> Result<i64> {
    let owner = id("owner", raw, "the owner")?;
    match users::get(tx, owner).await {
        Ok(u) if u.active => Ok(owner),
        Ok(_) | Err(StoreError::NotFound) => {
            Err(AppError::field("owner", format!("There is no active member of staff with the record number {owner}")))
        }
        Err(other) => Err(other.into()),
    }
}

/// Raises an action learned from a complaint.
pub async fn raise_action(app: &App, actor: &Actor, complaint_id: i64, form: &RaiseForm) -> Result<Stored<LessonAction>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let source: Source = choice("source", &form.source, "source")?;
    let due = date("due", &form.due, "the due date")?;
    let mut work = app.begin(actor).await?;
    complaint(&mut work, complaint_id).await?;
    let owner = check_owner(&mut work.tx, &form.owner).await?;
    let new = NewAction {
        source,
        complaint_id: Some(complaint_id),
        description: form.description.clone(),
        owner,
        due,
        raised_by: actor.user_id.unwrap_or(0),
    };
    let (action, event) = raise(new, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    let id = store::insert_lesson(&mut work.tx, &action, now).await?;
    work.record(event.action(), "lesson", Some(id.to_string()), format!("lesson action {id} on complaint {complaint_id}"));
    let stored = store::lesson(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(stored)
}

/// Records progress, a new owner or due date, completion or dropping.
pub async fn record_step(app: &App, actor: &Actor, action_id: i64, form: &StepForm) -> Result<Stored<LessonAction>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let by = actor.user_id.unwrap_or(0);
    let mut work = app.begin(actor).await?;
    let stored = store::lesson(&mut work.tx, action_id).await.map_err(|_| AppError::NotFound("lesson action"))?;
    if let Some(cid) = stored.state.complaint_id {
        complaint(&mut work, cid).await.map_err(|_| AppError::NotFound("lesson action"))?;
    }
    let command = match form.step.trim() {
        "progress" => ActionCommand::RecordProgress { by, note: form.note.clone() },
        "reassign" => ActionCommand::Reassign { by, owner: check_owner(&mut work.tx, &form.owner).await?, reason: form.reason.clone() },
        "move-due" => ActionCommand::MoveDue { by, due: date("due", &form.due, "the new due date")?, reason: form.reason.clone() },
        "complete" => ActionCommand::Complete { by, note: form.note.clone() },
        "drop" => ActionCommand::Drop { by, reason: form.reason.clone() },
        "" => return Err(AppError::field("step", "Choose what to record")),
        other => return Err(AppError::field("step", format!("\"{other}\" is not a step of a lessons-learned action"))),
    };
    let (next, event) = decide(&stored.state, command, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    store::update_lesson(&mut work.tx, action_id, stored.version, &next, now).await.map_err(stale("the lesson action"))?;
    work.record(event.action(), "lesson", Some(action_id.to_string()), format!("lesson action {action_id}: {}", next.status.label()));
    let stored = store::lesson(&mut work.tx, action_id).await?;
    work.commit().await?;
    Ok(stored)
}

/// One line of the lessons-learned log.
pub struct LogLine {
    pub action: Stored<LessonAction>,
    pub overdue: bool,
}

/// The lessons-learned log, oldest first (or one complaint's), each marked
/// overdue if unfinished after its due date; actions on complaints the
/// actor may not read are left out.
pub async fn log(app: &App, actor: &Actor, complaint_id: Option<i64>) -> Result<Vec<LogLine>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut tx = app.db.read().await?;
    let all = store::lessons(&mut tx, complaint_id).await?;
    let ids: Vec<i64> = all.iter().filter_map(|a| a.state.complaint_id).collect();
    let may = readable(&mut tx, actor, &ids).await?;
    let today = london_date(app.now());
    Ok(all
        .into_iter()
        .filter(|a| a.state.complaint_id.is_none_or(|cid| may.get(&cid).copied().unwrap_or(false)))
        .map(|action| {
            let overdue = action.state.is_overdue(today);
            LogLine { action, overdue }
        })
        .collect())
}
