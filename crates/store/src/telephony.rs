//! Call events from the telephony platform, kept so any server can show an
//! agent's caller screen, and so a retried event is stored once.

use crate::error::parse_column;
use crate::{DbTime, Result, StoreError, Tx, on_backend};
use casebook_domain::contacts::Channel;
use casebook_domain::telephony::CallEvent;
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEventRecord {
    pub id: i64,
    pub call_id: String,
    /// E.164; `None` when the number was withheld.
    pub caller_number: Option<String>,
    pub called_number: String,
    pub channel: Channel,
    pub occurred_at: Timestamp,
    pub agent_id: i64,
    pub received_at: Timestamp,
}

#[derive(FromRow)]
struct CallEventRow {
    id: i64,
    call_id: String,
    caller_number: Option<String>,
    called_number: String,
    channel: String,
    occurred_at: DbTime,
    agent_id: i64,
    received_at: DbTime,
}

impl TryFrom<CallEventRow> for CallEventRecord {
    type Error = StoreError;
    fn try_from(r: CallEventRow) -> Result<Self> {
        Ok(CallEventRecord {
            id: r.id,
            call_id: r.call_id,
            caller_number: r.caller_number,
            called_number: r.called_number,
            channel: parse_column(&r.channel, "call_events.channel")?,
            occurred_at: r.occurred_at.to_jiff(),
            agent_id: r.agent_id,
            received_at: r.received_at.to_jiff(),
        })
    }
}

const SELECT: &str = "SELECT id, call_id, caller_number, called_number, channel, occurred_at, agent_id, received_at FROM call_events";

/// Saves a call for `agent_id`. Answers `None` when this call id is already
/// kept (the platform retried), saving nothing.
pub async fn insert(tx: &mut Tx, event: &CallEvent, agent_id: i64, now: Timestamp) -> Result<Option<i64>> {
    let id: Option<i64> = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO call_events (call_id, caller_number, called_number, channel, occurred_at, agent_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (call_id) DO NOTHING RETURNING id")
        .bind(&event.call_id)
        .bind(event.caller.phone().map(|p| p.e164()))
        .bind(&event.called_number)
        .bind(event.channel.slug())
        .bind(DbTime(event.occurred_at))
        .bind(agent_id)
        .bind(DbTime(now))
        .fetch_optional(c).await)?;
    Ok(id)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<CallEventRecord> {
    let sql = format!("{SELECT} WHERE id = $1");
    let row: CallEventRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

pub async fn find_by_call_id(tx: &mut Tx, call_id: &str) -> Result<Option<CallEventRecord>> {
    let sql = format!("{SELECT} WHERE call_id = $1");
    let row: Option<CallEventRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(call_id).fetch_optional(c).await)?;
    row.map(TryInto::try_into).transpose()
}

/// Calls offered to `agent_id` after the call numbered `after_id`, oldest first.
pub async fn for_agent_after(tx: &mut Tx, agent_id: i64, after_id: i64, limit: i64) -> Result<Vec<CallEventRecord>> {
    let sql = format!("{SELECT} WHERE agent_id = $1 AND id > $2 ORDER BY id LIMIT $3");
    let rows: Vec<CallEventRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(agent_id).bind(after_id).bind(limit).fetch_all(c).await)?;
    rows.into_iter().map(TryInto::try_into).collect()
}

/// The latest call offered to `agent_id`, if any.
pub async fn latest_for_agent(tx: &mut Tx, agent_id: i64) -> Result<Option<CallEventRecord>> {
    let sql = format!("{SELECT} WHERE agent_id = $1 ORDER BY id DESC LIMIT 1");
    let row: Option<CallEventRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(agent_id).fetch_optional(c).await)?;
    row.map(TryInto::try_into).transpose()
}
