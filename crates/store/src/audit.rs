//! The audit trail: append one event to the hash chain inside the caller's
//! transaction, read events back with filters, and stream them for verification.

use crate::bulk::{Value, insert_rows};
use crate::filter::{Arg, Where, bind_args, escape_like};
use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::audit::{AuditFacts, ChainedEvent, event_hash};
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
struct EventRow {
    seq: i64,
    occurred_at: DbTime,
    actor_id: Option<i64>,
    actor_label: String,
    action: String,
    entity_type: String,
    entity_id: Option<String>,
    request_id: Option<String>,
    summary: String,
    prev_hash: String,
    hash: String,
}

impl From<EventRow> for ChainedEvent {
    fn from(r: EventRow) -> Self {
        ChainedEvent {
            seq: r.seq,
            facts: AuditFacts {
                occurred_at: r.occurred_at.to_jiff(),
                actor_id: r.actor_id,
                actor_label: r.actor_label,
                action: r.action,
                entity_type: r.entity_type,
                entity_id: r.entity_id,
                request_id: r.request_id,
                summary: r.summary,
            },
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

const SELECT_EVENTS: &str = "SELECT seq, occurred_at, actor_id, actor_label, action, entity_type, entity_id, request_id, summary, prev_hash, hash FROM audit_events";

/// Appends events to the chain. Call it last in a use case: on PostgreSQL
/// the chain head stays locked until the transaction ends.
pub async fn append(tx: &mut Tx, events: &[AuditFacts]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let lock_head = crate::backend::lock_audit_head_sql(tx.backend());
    let (mut seq, mut prev): (i64, String) = on_backend!(tx, c => sqlx::query_as(lock_head).fetch_one(c).await)?;
    // Hashes chain in order; the rows then go in a few multi-row INSERTs,
    // so a group commit of hundreds of contacts is not hundreds of round trips.
    let mut hashes = Vec::with_capacity(events.len());
    for facts in events {
        seq += 1;
        let hash = event_hash(&prev, seq, facts);
        hashes.push((seq, std::mem::replace(&mut prev, hash.clone()), hash));
    }
    let mut rows = Vec::with_capacity(events.len() * 11);
    for (facts, (seq, prev_hash, hash)) in events.iter().zip(&hashes) {
        rows.extend([
            Value::Int(Some(*seq)),
            Value::Time(Some(DbTime::from(facts.occurred_at))),
            Value::Int(facts.actor_id),
            Value::Text(Some(&facts.actor_label)),
            Value::Text(Some(&facts.action)),
            Value::Text(Some(&facts.entity_type)),
            Value::Text(facts.entity_id.as_deref()),
            Value::Text(facts.request_id.as_deref()),
            Value::Text(Some(&facts.summary)),
            Value::Text(Some(prev_hash)),
            Value::Text(Some(hash)),
        ]);
    }
    insert_rows(
        tx,
        "audit_events (seq, occurred_at, actor_id, actor_label, action, entity_type, entity_id, request_id, summary, prev_hash, hash)",
        11,
        &rows,
    )
    .await?;
    execute!(tx, sqlx::query("UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1").bind(seq).bind(&prev))?;
    Ok(())
}

/// What an administrator filters the trail by. Empty fields do not filter.
#[derive(Debug, Clone)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    /// Matches the action exactly or as a dotted prefix ("user" finds "user.created").
    pub action: Option<String>,
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Show events older than this sequence number (for paging backwards).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

impl Default for AuditFilter {
    fn default() -> Self {
        AuditFilter {
            actor_id: None,
            action: None,
            entity_type: None,
            entity_id: None,
            from: None,
            until: None,
            before_seq: None,
            limit: 100,
        }
    }
}

/// The newest events first, filtered.
pub async fn list(tx: &mut Tx, filter: &AuditFilter) -> Result<Vec<ChainedEvent>> {
    let mut w = Where::default();
    if let Some(id) = filter.actor_id {
        w.add("actor_id = ?", [Arg::Int(id)]);
    }
    if let Some(action) = &filter.action {
        // Actions are lower-case; matching lower-cased, escaped input behaves alike on both backends.
        let action = action.trim().to_lowercase();
        let prefix = format!("{}.%", escape_like(&action));
        w.add("(action = ? OR action LIKE ? ESCAPE '\\')", [Arg::Text(action), Arg::Text(prefix)]);
    }
    if let Some(t) = &filter.entity_type {
        w.add("entity_type = ?", [Arg::Text(t.clone())]);
    }
    if let Some(id) = &filter.entity_id {
        w.add("entity_id = ?", [Arg::Text(id.clone())]);
    }
    if let Some(from) = filter.from {
        w.add("occurred_at >= ?", [Arg::Time(from.into())]);
    }
    if let Some(until) = filter.until {
        w.add("occurred_at < ?", [Arg::Time(until.into())]);
    }
    if let Some(seq) = filter.before_seq {
        w.add("seq < ?", [Arg::Int(seq)]);
    }
    let sql = format!("{SELECT_EVENTS}{} ORDER BY seq DESC LIMIT {}", w.sql(), filter.limit.clamp(1, 1000));
    let rows: Vec<EventRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    Ok(rows.into_iter().map(ChainedEvent::from).collect())
}

/// Events in chain order from `after_seq` on, a page at a time, for verification.
pub async fn chain_page(tx: &mut Tx, after_seq: i64, limit: i64) -> Result<Vec<ChainedEvent>> {
    let sql = format!("{SELECT_EVENTS} WHERE seq > $1 ORDER BY seq LIMIT $2");
    let rows: Vec<EventRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(after_seq).bind(limit).fetch_all(c).await)?;
    Ok(rows.into_iter().map(ChainedEvent::from).collect())
}

/// The recorded newest link: (seq, hash).
pub async fn head(tx: &mut Tx) -> Result<(i64, String)> {
    on_backend!(tx, c => sqlx::query_as("SELECT seq, hash FROM audit_chain_head WHERE id = 1").fetch_one(c).await).map_err(StoreError::from)
}

pub async fn count(tx: &mut Tx) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(c).await).map_err(StoreError::from)
}

/// Events recorded since `since`, and of those, how many were failed sign-ins.
pub async fn activity_since(tx: &mut Tx, since: Timestamp) -> Result<(i64, i64)> {
    on_backend!(tx, c => sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN action = 'session.sign_in_failed' THEN 1 ELSE 0 END), 0)
         FROM audit_events WHERE occurred_at >= $1")
        .bind(DbTime(since)).fetch_one(c).await)
    .map_err(StoreError::from)
}
