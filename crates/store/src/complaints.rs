//! Complaints: the domain's complaint kept as columns for lists and
//! filters, its record as JSON, its parts as rows (who answers what, by
//! when) and its history as events. Nothing here decides who may read or
//! change a complaint: the app does.

use crate::filter::{Arg, Where, bind_args, placeholders};
use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::access::Role;
use casebook_domain::complaints::complaint::{Complaint, Event};
use casebook_domain::complaints::deadline_index::IndexedClock;
use jiff::Timestamp;
use sqlx::FromRow;
use std::collections::HashMap;

/// A complaint as stored, with its whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub id: i64,
    pub procedure_key: String,
    /// The procedure policy's version the complaint follows (0: the
    /// built-in preset), kept in `complaint_procedures`.
    pub policy_version: i64,
    pub complaint: Complaint,
    pub created_at: Timestamp,
    pub version: i64,
}

/// One line of a list of complaints: the columns, without the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSummary {
    pub id: i64,
    pub reference: Option<String>,
    pub site_id: i64,
    pub state: String,
    pub confidential: bool,
    pub category: Option<String>,
    pub received_at: Timestamp,
    pub summary: String,
}

/// Filters for the list of complaints; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintFilter {
    pub site_id: Option<i64>,
    pub state: Option<String>,
    /// Complaints with a part allocated to this investigator.
    pub investigator_id: Option<i64>,
    /// Complaints with a part allocated to this body.
    pub body: Option<String>,
    /// Complaints this person made.
    pub person_id: Option<i64>,
    /// Only open complaints (not closed or withdrawn).
    pub open_only: bool,
    /// Leave out confidential complaints (for someone who may not read them).
    pub exclude_confidential: bool,
    pub limit: i64,
}

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    procedure_key: String,
    policy_version: i64,
    record: String,
    created_at: DbTime,
    version: i64,
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    reference: Option<String>,
    site_id: i64,
    state: String,
    confidential: bool,
    category: Option<String>,
    received_at: DbTime,
    summary: String,
}

#[derive(FromRow)]
struct EventRow {
    complaint_id: i64,
    body: String,
}

fn corrupt(what: &str, e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// The record without its history: the history is the events table.
pub(crate) fn record_json(complaint: &Complaint) -> Result<String> {
    let mut bare = complaint.clone();
    bare.history.clear();
    serde_json::to_string(&bare).map_err(|e| corrupt("complaints.record", e))
}

pub(crate) fn event_kind(event: &Event) -> Result<(String, String)> {
    let value = serde_json::to_value(event).map_err(|e| corrupt("complaint_events.body", e))?;
    let kind = value.get("event").and_then(|k| k.as_str()).unwrap_or("unknown").to_owned();
    Ok((kind, value.to_string()))
}

/// The columns that mirror the record, for lists and filters.
struct Columns {
    state: &'static str,
    category: Option<String>,
    subcategory: Option<String>,
    summary: String,
}

fn columns(c: &Complaint) -> Columns {
    Columns {
        state: c.state.label(),
        category: c.triage.as_ref().map(|t| t.category.clone()),
        subcategory: c.triage.as_ref().and_then(|t| t.subcategory.clone()),
        summary: c.receipt.summary.clone(),
    }
}

/// Saves the complaint's new state over `version` and appends `events`;
/// a complaint changed meanwhile is refused as stale. `deadlines` are its
/// running clocks after the change (`deadline_index::indexed_clocks`).
#[allow(clippy::too_many_arguments)]
pub async fn update(
    tx: &mut Tx,
    id: i64,
    version: i64,
    complaint: &Complaint,
    events: &[Event],
    deadlines: &[IndexedClock],
    now: Timestamp,
) -> Result<()> {
    let cols = columns(complaint);
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE complaints SET reference = $1, state = $2, category = $3, subcategory = $4, summary = $5, record = $6,
                 incident_date = $7, updated_at = $8, version = version + 1
             WHERE id = $9 AND version = $10"
        )
        .bind(complaint.reference.as_deref())
        .bind(cols.state)
        .bind(cols.category.as_deref())
        .bind(cols.subcategory.as_deref())
        .bind(&cols.summary)
        .bind(record_json(complaint)?)
        .bind(complaint.receipt.incident_date.map(DbDate::from))
        .bind(DbTime(now))
        .bind(id)
        .bind(version)
    )?;
    if changed == 0 {
        get(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    execute!(tx, sqlx::query("DELETE FROM complaint_parts WHERE complaint_id = $1").bind(id))?;
    for part in &complaint.parts {
        let stage = serde_json::to_value(part.stage()).map_err(|e| corrupt("complaint_parts.stage", e))?;
        execute!(
            tx,
            sqlx::query(
                "INSERT INTO complaint_parts (complaint_id, number, category, subcategory, body, investigator_id, target_at, stage, closed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            )
            .bind(id)
            .bind(i64::from(part.number))
            .bind(&part.category)
            .bind(part.subcategory.as_deref())
            .bind(&part.body)
            .bind(part.investigator)
            .bind(part.target.map(DbTime))
            .bind(stage.as_str().unwrap_or_default())
            .bind(part.closed_at.map(DbTime))
        )?;
    }
    // Reports (issue 4): the monthly summary's columns follow every change.
    crate::complaint_reports::save_facts(tx, id, complaint).await?;
    append_events(tx, id, events).await?;
    save_deadlines(tx, id, complaint, deadlines).await
}

async fn append_events(tx: &mut Tx, id: i64, events: &[Event]) -> Result<()> {
    for event in events {
        let (kind, body) = event_kind(event)?;
        execute!(
            tx,
            sqlx::query("INSERT INTO complaint_events (complaint_id, at, by_user, kind, body) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(DbTime(event.at))
                .bind((event.by > 0).then_some(event.by))
                .bind(kind)
                .bind(body)
        )?;
    }
    Ok(())
}

const SELECT_RECORD: &str = "SELECT id, procedure_key, policy_version, record, created_at, version FROM complaints";

fn assemble(row: RecordRow, history: Vec<Event>) -> Result<ComplaintRecord> {
    let mut complaint: Complaint =
        serde_json::from_str(&row.record).map_err(|e| corrupt(&format!("complaints.record of {}", row.id), e))?;
    complaint.history = history;
    Ok(ComplaintRecord {
        id: row.id,
        procedure_key: row.procedure_key,
        policy_version: row.policy_version,
        complaint,
        created_at: row.created_at.to_jiff(),
        version: row.version,
    })
}

fn parse_event(row: &EventRow) -> Result<Event> {
    serde_json::from_str(&row.body).map_err(|e| corrupt(&format!("complaint_events.body of complaint {}", row.complaint_id), e))
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<ComplaintRecord> {
    let sql = format!("{SELECT_RECORD} WHERE id = $1");
    let row: RecordRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    let events: Vec<EventRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT complaint_id, body FROM complaint_events WHERE complaint_id = $1 ORDER BY id")
        .bind(id).fetch_all(c).await)?;
    let history = events.iter().map(parse_event).collect::<Result<Vec<_>>>()?;
    assemble(row, history)
}

/// For each of `ids` (sealed complaints), the roles it is open to, read
/// from the records in one query per thousand without loading the rest.
pub async fn sealed_for(tx: &mut Tx, ids: &[i64]) -> Result<HashMap<i64, Option<Vec<Role>>>> {
    #[derive(serde::Deserialize)]
    struct Sealed {
        receipt: SealedReceipt,
    }
    #[derive(serde::Deserialize)]
    struct SealedReceipt {
        sealed_for: Option<Vec<Role>>,
    }
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        let sql = format!("SELECT id, record FROM complaints WHERE id IN ({})", placeholders(1, chunk.len()));
        let rows: Vec<(i64, String)> = on_backend!(tx, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(c).await
        })?;
        for (id, record) in rows {
            let sealed: Sealed = serde_json::from_str(&record).map_err(|e| corrupt(&format!("complaints.record of {id}"), e))?;
            found.insert(id, sealed.receipt.sealed_for);
        }
    }
    Ok(found)
}

/// The complaint an API client already created with `key`, if any.
pub async fn find_by_idempotency_key(tx: &mut Tx, key: &str) -> Result<Option<i64>> {
    Ok(on_backend!(tx, c => sqlx::query_scalar("SELECT id FROM complaints WHERE idempotency_key = $1")
        .bind(key).fetch_optional(c).await)?)
}

/// The complaints already made with any of `keys`, by key.
pub async fn find_by_idempotency_keys(tx: &mut Tx, keys: &[&str]) -> Result<HashMap<String, i64>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!("SELECT idempotency_key, id FROM complaints WHERE idempotency_key IN ({})", placeholders(1, keys.len()));
    let found: Vec<(String, i64)> = on_backend!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for key in keys {
            q = q.bind(*key);
        }
        q.fetch_all(c).await
    })?;
    Ok(found.into_iter().collect())
}

fn where_for(filter: &ComplaintFilter) -> Where {
    let mut w = Where::default();
    if let Some(id) = filter.site_id {
        w.add("site_id = ?", [Arg::Int(id)]);
    }
    if let Some(state) = &filter.state {
        w.add("state = ?", [Arg::Text(state.clone())]);
    }
    if let Some(id) = filter.investigator_id {
        w.add("id IN (SELECT complaint_id FROM complaint_parts WHERE investigator_id = ?)", [Arg::Int(id)]);
    }
    if let Some(body) = &filter.body {
        w.add("id IN (SELECT complaint_id FROM complaint_parts WHERE body = ?)", [Arg::Text(body.clone())]);
    }
    if let Some(id) = filter.person_id {
        w.add("id IN (SELECT complaint_id FROM complaint_complainants WHERE person_id = ?)", [Arg::Int(id)]);
    }
    if filter.open_only {
        w.add("state NOT IN ('closed', 'withdrawn')", []);
    }
    if filter.exclude_confidential {
        w.add("confidential = FALSE", []);
    }
    w
}

/// Complaints matching `filter`, newest first.
pub async fn list(tx: &mut Tx, filter: &ComplaintFilter) -> Result<Vec<ComplaintSummary>> {
    let w = where_for(filter);
    let sql = format!(
        "SELECT id, reference, site_id, state, confidential, category, received_at, summary FROM complaints{} ORDER BY id DESC LIMIT {}",
        w.sql(),
        filter.limit.clamp(1, 1000)
    );
    let rows: Vec<SummaryRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    Ok(rows
        .into_iter()
        .map(|r| ComplaintSummary {
            id: r.id,
            reference: r.reference,
            site_id: r.site_id,
            state: r.state,
            confidential: r.confidential,
            category: r.category,
            received_at: r.received_at.to_jiff(),
            summary: r.summary,
        })
        .collect())
}

/// Open complaints matching `filter` with their histories, for the work
/// list's clocks; at most `filter.limit`.
pub async fn open_records(tx: &mut Tx, filter: &ComplaintFilter) -> Result<Vec<ComplaintRecord>> {
    let w = where_for(&ComplaintFilter { open_only: true, ..filter.clone() });
    let sql = format!("{SELECT_RECORD}{} ORDER BY id LIMIT {}", w.sql(), filter.limit.clamp(1, 100_000));
    let rows: Vec<RecordRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let sql = format!(
        "SELECT complaint_id, body FROM complaint_events WHERE complaint_id IN ({}) ORDER BY complaint_id, id",
        placeholders(1, ids.len())
    );
    let args: Vec<Arg> = ids.iter().map(|&id| Arg::Int(id)).collect();
    let events: Vec<EventRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &args).fetch_all(c).await)?;
    let mut by_complaint: std::collections::HashMap<i64, Vec<Event>> = std::collections::HashMap::new();
    for e in &events {
        by_complaint.entry(e.complaint_id).or_default().push(parse_event(e)?);
    }
    rows.into_iter()
        .map(|r| {
            let history = by_complaint.remove(&r.id).unwrap_or_default();
            assemble(r, history)
        })
        .collect()
}

/// The next number of the reference sequence for `scope` and `year`. One
/// upsert takes it: PostgreSQL locks the row until commit, SQLite's write
/// transaction holds the database, so two clerks never get the same number.
pub async fn next_sequence(tx: &mut Tx, scope: &str, year: i64) -> Result<u64> {
    let n: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO complaint_sequences (scope, year, last_number) VALUES ($1, $2, 1)
         ON CONFLICT (scope, year) DO UPDATE SET last_number = complaint_sequences.last_number + 1
         RETURNING last_number")
        .bind(scope).bind(year).fetch_one(c).await)?;
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("complaint_sequences.last_number = {n}")))
}

/// Keeps the procedure `body` (JSON) as version `policy_version` of
/// `procedure_key`, unless it is already kept: complaints received under
/// it go on following it after an administrator's edit.
pub async fn keep_procedure(tx: &mut Tx, procedure_key: &str, policy_version: i64, body: &str) -> Result<()> {
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO complaint_procedures (procedure_key, policy_version, body) VALUES ($1, $2, $3)
             ON CONFLICT (procedure_key, policy_version) DO NOTHING"
        )
        .bind(procedure_key)
        .bind(policy_version)
        .bind(body)
    )?;
    Ok(())
}

/// The procedure (JSON) a complaint follows.
pub async fn procedure(tx: &mut Tx, procedure_key: &str, policy_version: i64) -> Result<String> {
    Ok(on_backend!(tx, c => sqlx::query_scalar(
        "SELECT body FROM complaint_procedures WHERE procedure_key = $1 AND policy_version = $2")
        .bind(procedure_key).bind(policy_version).fetch_one(c).await)?)
}

// ---- Complaints at scale (issue 4): the running clocks' index ----------

/// A running clock as stored, with what a work list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeadline {
    pub complaint_id: i64,
    pub reference: Option<String>,
    pub site_id: i64,
    pub confidential: bool,
    pub clock: IndexedClock,
}

/// Which running clocks to fetch; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeadlineFilter {
    pub site_id: Option<i64>,
    pub investigator_id: Option<i64>,
    pub body: Option<String>,
}

#[derive(FromRow)]
struct DeadlineRow {
    complaint_id: i64,
    clock_key: String,
    site_id: i64,
    confidential: bool,
    reference: Option<String>,
    label: String,
    body: String,
    investigator_id: Option<i64>,
    due_at: DbTime,
    listed_from: DbTime,
    period_amount: i64,
    period_unit: String,
}

pub(crate) const DEADLINE_COLUMNS: &str = "complaint_id, clock_key, site_id, confidential, reference, label, body, investigator_id, due_at, listed_from, period_amount, period_unit";

/// Replaces the complaint's running clocks.
pub async fn save_deadlines(tx: &mut Tx, id: i64, complaint: &Complaint, deadlines: &[IndexedClock]) -> Result<()> {
    use crate::bulk::{Value, insert_rows};
    execute!(tx, sqlx::query("DELETE FROM complaint_deadlines WHERE complaint_id = $1").bind(id))?;
    if deadlines.is_empty() {
        return Ok(());
    }
    let values: Vec<Value> = deadlines.iter().flat_map(|d| deadline_row(id, complaint, d)).collect();
    insert_rows(tx, &format!("complaint_deadlines ({DEADLINE_COLUMNS})"), 12, &values).await
}

/// One `complaint_deadlines` row, in `DEADLINE_COLUMNS` order: for a saved
/// complaint and for the generator's bulk insert alike.
pub(crate) fn deadline_row<'a>(id: i64, complaint: &'a Complaint, d: &'a IndexedClock) -> [crate::bulk::Value<'a>; 12] {
    use crate::bulk::Value;
    [
        Value::Int(Some(id)),
        Value::Text(Some(&d.clock_key)),
        Value::Int(Some(complaint.receipt.site_id)),
        Value::Bool(Some(complaint.receipt.sealed_for.is_some())),
        Value::Text(complaint.reference.as_deref()),
        Value::Text(Some(&d.label)),
        Value::Text(Some(&d.body)),
        Value::Int(d.person),
        Value::Time(Some(DbTime(d.due))),
        Value::Time(Some(DbTime(d.listed_from))),
        Value::Int(Some(i64::from(d.period.amount))),
        Value::Text(Some(casebook_domain::complaints::deadline_index::unit_slug(d.period.unit))),
    ]
}

fn stored_deadline(r: DeadlineRow) -> Result<StoredDeadline> {
    use casebook_domain::complaints::deadline_index::unit_from_slug;
    use casebook_domain::deadlines::Period;
    let unit = unit_from_slug(&r.period_unit).ok_or_else(|| {
        StoreError::Corrupt(format!("complaint_deadlines.period_unit of complaint {}: {}", r.complaint_id, r.period_unit))
    })?;
    let amount = u32::try_from(r.period_amount)
        .map_err(|_| StoreError::Corrupt(format!("complaint_deadlines.period_amount of complaint {}", r.complaint_id)))?;
    Ok(StoredDeadline {
        complaint_id: r.complaint_id,
        reference: r.reference,
        site_id: r.site_id,
        confidential: r.confidential,
        clock: IndexedClock {
            clock_key: r.clock_key,
            label: r.label,
            body: r.body,
            person: r.investigator_id,
            due: r.due_at.to_jiff(),
            listed_from: r.listed_from.to_jiff(),
            period: Period { amount, unit },
        },
    })
}

async fn fetch_deadlines(tx: &mut Tx, w: Where, order: &str, limit: i64) -> Result<Vec<StoredDeadline>> {
    let sql =
        format!("SELECT {DEADLINE_COLUMNS} FROM complaint_deadlines{} ORDER BY {order} LIMIT {}", w.sql(), limit.clamp(1, 10_000_000));
    let rows: Vec<DeadlineRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    rows.into_iter().map(stored_deadline).collect()
}

/// Running clocks that show on a work list at `now` (due soon, due today
/// or overdue, and some not yet due soon on their due day's eve): an index
/// range scan on `(site_id, listed_from)`. The domain buckets them.
pub async fn listed_deadlines(tx: &mut Tx, filter: &DeadlineFilter, now: Timestamp, limit: i64) -> Result<Vec<StoredDeadline>> {
    let mut w = Where::default();
    if let Some(id) = filter.site_id {
        w.add("site_id = ?", [Arg::Int(id)]);
    }
    if let Some(id) = filter.investigator_id {
        w.add("investigator_id = ?", [Arg::Int(id)]);
    }
    if let Some(body) = &filter.body {
        w.add("body = ?", [Arg::Text(body.clone())]);
    }
    w.add("listed_from <= ?", [Arg::Time(DbTime(now))]);
    fetch_deadlines(tx, w, "due_at, complaint_id, clock_key", limit).await
}

/// Every running clock past its due at `now`: a range scan on `due_at`.
pub async fn breached_deadlines(tx: &mut Tx, now: Timestamp, limit: i64) -> Result<Vec<StoredDeadline>> {
    let mut w = Where::default();
    w.add("due_at < ?", [Arg::Time(DbTime(now))]);
    fetch_deadlines(tx, w, "due_at, complaint_id, clock_key", limit).await
}
