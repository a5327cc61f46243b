//! The general task list: work assigned to one member of staff, open until
//! they complete it with a note.

use crate::error::parse_column;
use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::tasks::TaskKind;
use jiff::Timestamp;
use sqlx::FromRow;

/// What a new task is saved with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub assignee_id: i64,
    pub kind: TaskKind,
    pub title: String,
    pub detail: String,
    pub person_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_by: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: i64,
    pub assignee_id: i64,
    pub kind: TaskKind,
    pub title: String,
    pub detail: String,
    pub person_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: Timestamp,
    /// When it was completed, with the assignee's note; `None` while open.
    pub done: Option<(Timestamp, String)>,
}

impl TaskRecord {
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }
}

#[derive(FromRow)]
struct TaskRow {
    id: i64,
    assignee_id: i64,
    kind: String,
    title: String,
    detail: String,
    person_id: Option<i64>,
    contact_id: Option<i64>,
    created_by: Option<i64>,
    created_at: DbTime,
    state: String,
    done_at: Option<DbTime>,
    note: Option<String>,
}

impl TryFrom<TaskRow> for TaskRecord {
    type Error = StoreError;
    fn try_from(r: TaskRow) -> Result<Self> {
        let done = match (r.state.as_str(), r.done_at) {
            ("open", _) => None,
            ("done", Some(at)) => Some((at.to_jiff(), r.note.unwrap_or_default())),
            (other, _) => return Err(StoreError::Corrupt(format!("tasks.state of {} = {other:?} without done_at", r.id))),
        };
        Ok(TaskRecord {
            id: r.id,
            assignee_id: r.assignee_id,
            kind: parse_column(&r.kind, "tasks.kind")?,
            title: r.title,
            detail: r.detail,
            person_id: r.person_id,
            contact_id: r.contact_id,
            created_by: r.created_by,
            created_at: r.created_at.to_jiff(),
            done,
        })
    }
}

const SELECT_TASK: &str =
    "SELECT id, assignee_id, kind, title, detail, person_id, contact_id, created_by, created_at, state, done_at, note FROM tasks";

pub async fn insert(tx: &mut Tx, task: &NewTask, now: Timestamp) -> Result<i64> {
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO tasks (assignee_id, kind, title, detail, person_id, contact_id, created_by, created_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open') RETURNING id")
        .bind(task.assignee_id)
        .bind(task.kind.slug())
        .bind(&task.title)
        .bind(&task.detail)
        .bind(task.person_id)
        .bind(task.contact_id)
        .bind(task.created_by)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    Ok(id)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<TaskRecord> {
    let sql = format!("{SELECT_TASK} WHERE id = $1");
    let row: TaskRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

/// One person's tasks: open ones first (oldest first, as a queue), then the
/// newest completed ones; at most `limit`.
pub async fn for_assignee(tx: &mut Tx, assignee_id: i64, limit: i64) -> Result<Vec<TaskRecord>> {
    let sql = format!(
        "{SELECT_TASK} WHERE assignee_id = $1
         ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, CASE WHEN state = 'open' THEN id ELSE -id END LIMIT {}",
        limit.clamp(1, 1000)
    );
    let rows: Vec<TaskRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(assignee_id).fetch_all(c).await)?;
    rows.into_iter().map(TaskRecord::try_from).collect()
}

/// Completes an open task; one completed meanwhile is refused as stale.
pub async fn complete(tx: &mut Tx, id: i64, note: &str, now: Timestamp) -> Result<()> {
    let changed = execute!(
        tx,
        sqlx::query("UPDATE tasks SET state = 'done', done_at = $1, note = $2 WHERE id = $3 AND state = 'open'")
            .bind(DbTime(now))
            .bind(note)
            .bind(id)
    )?;
    if changed == 0 {
        get(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}
