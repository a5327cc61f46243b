//! Complaints after the response: ombudsman escalations, decisions to end
//! correspondence and the later letters under them, ex-gratia payments,
//! lessons-learned actions, officers complained about with their findings,
//! and certification cases. Each record is the domain's state as JSON with
//! the columns lists need; nothing here decides anything: the app does.

pub mod officers;

use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::complaints::ex_gratia::ExGratia;
use casebook_domain::complaints::lessons::LessonAction;
use casebook_domain::complaints::ombudsman::EscalationState;
use casebook_domain::complaints::persistent::CorrespondenceState;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::FromRow;

/// A record as stored: its id, the domain's state and the version that
/// guards the next change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    pub id: i64,
    pub state: T,
    pub version: i64,
}

#[derive(FromRow)]
struct StateRow {
    id: i64,
    state: String,
    version: i64,
}

pub(crate) fn to_json<T: Serialize>(what: &str, value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

fn parse<T: DeserializeOwned>(table: &str, row: StateRow) -> Result<Stored<T>> {
    let state = serde_json::from_str(&row.state).map_err(|e| StoreError::Corrupt(format!("{table}.state of {}: {e}", row.id)))?;
    Ok(Stored { id: row.id, state, version: row.version })
}

/// The tables kept as JSON state with an id, a status and a version.
#[derive(Debug, Clone, Copy)]
enum Table {
    Correspondence,
    ExGratia,
    Lessons,
    Certification,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Correspondence => "correspondence_decisions",
            Table::ExGratia => "ex_gratia_payments",
            Table::Lessons => "lesson_actions",
            Table::Certification => "certification_cases",
        }
    }
}

async fn get_state<T: DeserializeOwned>(tx: &mut Tx, table: Table, id: i64) -> Result<Stored<T>> {
    let sql = format!("SELECT id, state, version FROM {} WHERE id = $1", table.name());
    let row: StateRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    parse(table.name(), row)
}

/// Every record of a table, oldest first; `complaint_id` narrows to one complaint.
async fn list_states<T: DeserializeOwned>(tx: &mut Tx, table: Table, complaint_id: Option<i64>) -> Result<Vec<Stored<T>>> {
    let sql = match complaint_id {
        Some(_) => format!("SELECT id, state, version FROM {} WHERE complaint_id = $1 ORDER BY id", table.name()),
        None => format!("SELECT id, state, version FROM {} ORDER BY id", table.name()),
    };
    let rows: Vec<StateRow> = match complaint_id {
        Some(cid) => on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(cid).fetch_all(c).await)?,
        None => on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await)?,
    };
    rows.into_iter().map(|r| parse(table.name(), r)).collect()
}

/// Saves a new state over `version`; a record changed meanwhile is refused as stale.
async fn update_state<T: Serialize>(
    tx: &mut Tx,
    table: Table,
    id: i64,
    version: i64,
    status: &str,
    state: &T,
    now: Timestamp,
) -> Result<()> {
    let sql = format!(
        "UPDATE {} SET status = $1, state = $2, updated_at = $3, version = version + 1 WHERE id = $4 AND version = $5",
        table.name()
    );
    let json = to_json(table.name(), state)?;
    let changed =
        execute!(tx, sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(status).bind(json).bind(DbTime(now)).bind(id).bind(version))?;
    if changed == 0 {
        get_state::<serde_json::Value>(tx, table, id).await?;
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

// --- Ombudsman escalations: one row per complaint ---------------------------

/// A complaint's escalations and the version to change them over (0: none yet).
pub async fn escalations(tx: &mut Tx, complaint_id: i64) -> Result<(EscalationState, i64)> {
    let row: Option<StateRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT complaint_id AS id, state, version FROM complaint_escalations WHERE complaint_id = $1")
        .bind(complaint_id).fetch_optional(c).await)?;
    match row {
        Some(row) => parse("complaint_escalations", row).map(|s: Stored<EscalationState>| (s.state, s.version)),
        None => Ok((EscalationState::default(), 0)),
    }
}

/// Saves a complaint's escalations over `version` (0 for the first).
pub async fn save_escalations(tx: &mut Tx, complaint_id: i64, version: i64, state: &EscalationState, now: Timestamp) -> Result<()> {
    let json = to_json("complaint_escalations", state)?;
    let changed = if version == 0 {
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO complaint_escalations (complaint_id, open, state, version, updated_at) VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (complaint_id) DO NOTHING"
            )
            .bind(complaint_id)
            .bind(state.is_open())
            .bind(json)
            .bind(DbTime(now))
        )?
    } else {
        execute!(
            tx,
            sqlx::query(
                "UPDATE complaint_escalations SET open = $1, state = $2, updated_at = $3, version = version + 1
             WHERE complaint_id = $4 AND version = $5"
            )
            .bind(state.is_open())
            .bind(json)
            .bind(DbTime(now))
            .bind(complaint_id)
            .bind(version)
        )?
    };
    if changed == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

/// Every complaint's escalations, by complaint id.
pub async fn all_escalations(tx: &mut Tx) -> Result<Vec<(i64, EscalationState)>> {
    let rows: Vec<StateRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT complaint_id AS id, state, version FROM complaint_escalations ORDER BY complaint_id").fetch_all(c).await)?;
    rows.into_iter().map(|r| parse("complaint_escalations", r).map(|s: Stored<EscalationState>| (s.id, s.state))).collect()
}

// --- Decisions to end correspondence ---------------------------------------

/// A decision's status column: what the list filters on.
pub fn correspondence_status(state: &CorrespondenceState) -> &'static str {
    match state {
        CorrespondenceState::NoDecision => "declined",
        CorrespondenceState::Proposed(_) => "proposed",
        CorrespondenceState::InForce(_) => "in-force",
        CorrespondenceState::Ended { .. } => "ended",
    }
}

pub async fn insert_correspondence(
    tx: &mut Tx,
    person_id: i64,
    complaint_id: i64,
    state: &CorrespondenceState,
    now: Timestamp,
) -> Result<i64> {
    let json = to_json("correspondence_decisions", state)?;
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO correspondence_decisions (person_id, complaint_id, status, state, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5) RETURNING id")
        .bind(person_id).bind(complaint_id).bind(correspondence_status(state)).bind(json).bind(DbTime(now)).fetch_one(c).await)?)
}

pub async fn correspondence(tx: &mut Tx, id: i64) -> Result<Stored<CorrespondenceState>> {
    get_state(tx, Table::Correspondence, id).await
}

pub async fn update_correspondence(tx: &mut Tx, id: i64, version: i64, state: &CorrespondenceState, now: Timestamp) -> Result<()> {
    update_state(tx, Table::Correspondence, id, version, correspondence_status(state), state, now).await
}

/// Decisions, oldest first; `complaint_id` narrows to the ones covering that complaint.
pub async fn correspondence_decisions(tx: &mut Tx, complaint_id: Option<i64>) -> Result<Vec<Stored<CorrespondenceState>>> {
    list_states(tx, Table::Correspondence, complaint_id).await
}

/// A later letter on a matter under a decision, as it was handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRow {
    pub decision_id: i64,
    pub received_on: Date,
    /// acknowledged-and-filed, filed or reopened.
    pub handling: String,
    pub fresh_evidence: Option<String>,
    pub recorded_by: Option<i64>,
    pub recorded_at: Timestamp,
}

#[derive(FromRow)]
struct LetterDbRow {
    decision_id: i64,
    received_on: DbDate,
    handling: String,
    fresh_evidence: Option<String>,
    recorded_by: Option<i64>,
    recorded_at: DbTime,
}

pub async fn insert_letter(tx: &mut Tx, letter: &LetterRow) -> Result<()> {
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO correspondence_letters (decision_id, received_on, handling, fresh_evidence, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(letter.decision_id)
        .bind(DbDate::from(letter.received_on))
        .bind(&letter.handling)
        .bind(letter.fresh_evidence.as_deref())
        .bind(letter.recorded_by)
        .bind(DbTime(letter.recorded_at))
    )?;
    Ok(())
}

/// The later letters under one decision, in the order they were recorded.
pub async fn letters(tx: &mut Tx, decision_id: i64) -> Result<Vec<LetterRow>> {
    let rows: Vec<LetterDbRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT decision_id, received_on, handling, fresh_evidence, recorded_by, recorded_at FROM correspondence_letters
         WHERE decision_id = $1 ORDER BY id")
        .bind(decision_id).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|r| LetterRow {
            decision_id: r.decision_id,
            received_on: r.received_on.to_jiff(),
            handling: r.handling,
            fresh_evidence: r.fresh_evidence,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at.to_jiff(),
        })
        .collect())
}

// --- Ex-gratia payments ------------------------------------------------------

fn slug<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub async fn insert_ex_gratia(tx: &mut Tx, payment: &ExGratia, now: Timestamp) -> Result<i64> {
    let json = to_json("ex_gratia_payments", payment)?;
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO ex_gratia_payments (complaint_id, site_id, kind, status, state, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id")
        .bind(payment.complaint_id).bind(payment.site_id).bind(slug(&payment.redress.kind())).bind(slug(&payment.status()))
        .bind(json).bind(DbTime(now)).fetch_one(c).await)?)
}

pub async fn ex_gratia(tx: &mut Tx, id: i64) -> Result<Stored<ExGratia>> {
    get_state(tx, Table::ExGratia, id).await
}

pub async fn update_ex_gratia(tx: &mut Tx, id: i64, version: i64, payment: &ExGratia, now: Timestamp) -> Result<()> {
    update_state(tx, Table::ExGratia, id, version, &slug(&payment.status()), payment, now).await
}

/// The register: every payment, oldest first, or one complaint's.
pub async fn ex_gratia_payments(tx: &mut Tx, complaint_id: Option<i64>) -> Result<Vec<Stored<ExGratia>>> {
    list_states(tx, Table::ExGratia, complaint_id).await
}

// --- Lessons-learned actions ---------------------------------------------------

pub async fn insert_lesson(tx: &mut Tx, action: &LessonAction, now: Timestamp) -> Result<i64> {
    let json = to_json("lesson_actions", action)?;
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO lesson_actions (complaint_id, owner_id, due_on, status, state, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id")
        .bind(action.complaint_id).bind(action.owner).bind(DbDate::from(action.due)).bind(action.status.label())
        .bind(json).bind(DbTime(now)).fetch_one(c).await)?)
}

pub async fn lesson(tx: &mut Tx, id: i64) -> Result<Stored<LessonAction>> {
    get_state(tx, Table::Lessons, id).await
}

/// Saves an action's new state; owner and due date move with it.
pub async fn update_lesson(tx: &mut Tx, id: i64, version: i64, action: &LessonAction, now: Timestamp) -> Result<()> {
    update_state(tx, Table::Lessons, id, version, action.status.label(), action, now).await?;
    execute!(
        tx,
        sqlx::query("UPDATE lesson_actions SET owner_id = $1, due_on = $2 WHERE id = $3")
            .bind(action.owner)
            .bind(DbDate::from(action.due))
            .bind(id)
    )?;
    Ok(())
}

/// The log: every action, oldest first, or one complaint's.
pub async fn lessons(tx: &mut Tx, complaint_id: Option<i64>) -> Result<Vec<Stored<LessonAction>>> {
    list_states(tx, Table::Lessons, complaint_id).await
}
