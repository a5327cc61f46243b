//! Bulk loading, for generated worlds of millions of rows: multi-row
//! `INSERT`s in batches, ids reserved up front so names, identifiers,
//! blocking keys and messages can point at their rows without a round trip
//! per row. Rows are written exactly as `people::insert` and
//! `contacts::insert` write them (the blocking keys come from the same
//! function). The caller chooses the transaction, and so its size.

use crate::contacts::detail_columns;
use crate::people::{NewPerson, blocking_keys};
use crate::{Backend, Db, DbDate, DbTime, Result, Tx, on_backend};
use casebook_domain::contacts::{MessageState, ValidContact};
use jiff::Timestamp;

/// Placeholders per statement. SQLite allows 32,766, but binding grows
/// worse than linearly with a statement's size there, and a few hundred
/// values per statement measured fastest; PostgreSQL gains from fewer round trips.
const SQLITE_PARAMETERS: usize = 400;
const POSTGRES_PARAMETERS: usize = 20_000;

/// A contact to load, with its handler and, if a message was taken, what became of it.
#[derive(Debug, Clone)]
pub struct BulkContact {
    pub contact: ValidContact,
    pub handler_id: i64,
    /// Ignored unless the contact has a message.
    pub message_state: MessageState,
    /// When it was logged; `None` for when it occurred (a generated history).
    pub logged_at: Option<Timestamp>,
}

/// One value of a row, borrowed from the records being loaded.
pub(crate) enum Value<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Bool(Option<bool>),
    Time(Option<DbTime>),
    Date(Option<DbDate>),
}

/// `($1, $2), ($3, $4)` for `rows` rows of `columns` values. SQLite looks
/// `$N` names up one by one (quadratic in a statement with thousands), so it
/// gets its numbered form `?N`, which means the same.
fn values_sql(rows: usize, columns: usize, mark: char) -> String {
    let mut sql = String::with_capacity(rows * columns * 7);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..columns {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push(mark);
            sql.push_str(&(r * columns + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

/// Inserts `values` (row after row of `columns` values) into `target`, e.g. `t (a, b)`.
pub(crate) async fn insert_rows(tx: &mut Tx, target: &str, columns: usize, values: &[Value<'_>]) -> Result<()> {
    let (mark, parameters) = match tx.backend() {
        Backend::Sqlite => ('?', SQLITE_PARAMETERS),
        Backend::Postgres => ('$', POSTGRES_PARAMETERS),
    };
    let per_batch = (parameters / columns).max(1) * columns;
    for batch in values.chunks(per_batch) {
        let sql = format!("INSERT INTO {target} VALUES {}", values_sql(batch.len() / columns, columns, mark));
        on_backend!(tx, c => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
            for v in batch {
                q = match v {
                    Value::Int(x) => q.bind(*x),
                    Value::Text(x) => q.bind(*x),
                    Value::Bool(x) => q.bind(*x),
                    Value::Time(x) => q.bind(*x),
                    Value::Date(x) => q.bind(*x),
                };
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// `n` new ids for `table`: from its sequence on PostgreSQL (safe beside
/// other writers), after the largest id on SQLite (the write transaction
/// holds the database lock).
async fn reserve_ids(tx: &mut Tx, table: &str, n: usize) -> Result<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    match tx {
        Tx::Sqlite(t) => {
            let sql = format!("SELECT COALESCE(MAX(id), 0) FROM {table}");
            let max: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut **t).await?;
            Ok((max + 1..=max + n as i64).collect())
        }
        Tx::Postgres(t) => Ok(sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)")
            .bind(table)
            .bind(n as i64)
            .fetch_all(&mut **t)
            .await?),
    }
}

/// Saves persons with their names, identifiers and blocking keys; answers their ids in order.
pub async fn insert_persons(tx: &mut Tx, persons: &[NewPerson], created_at: Timestamp) -> Result<Vec<i64>> {
    let ids = reserve_ids(tx, "persons", persons.len()).await?;
    let at = Some(DbTime(created_at));
    let mut rows = Vec::with_capacity(persons.len() * 6);
    for (id, p) in ids.iter().zip(persons) {
        rows.extend([
            Value::Int(Some(*id)),
            Value::Text(Some(&p.display_name)),
            Value::Date(p.date_of_birth.map(DbDate::from)),
            Value::Text(p.postcode.as_deref()),
            Value::Time(at),
            Value::Time(at),
        ]);
    }
    insert_rows(tx, "persons (id, display_name, date_of_birth, postcode, created_at, updated_at)", 6, &rows).await?;

    let mut rows = Vec::new();
    for (id, p) in ids.iter().zip(persons) {
        for n in &p.names {
            rows.extend([
                Value::Int(Some(*id)),
                Value::Text(Some(&n.given)),
                Value::Text(Some(&n.family)),
                Value::Text(Some(n.kind.slug())),
                Value::Time(at),
            ]);
        }
    }
    insert_rows(tx, "person_names (person_id, given, family, kind, created_at)", 5, &rows).await?;

    let mut rows = Vec::new();
    for (id, p) in ids.iter().zip(persons) {
        for i in &p.identifiers {
            rows.extend([Value::Int(Some(*id)), Value::Text(Some(&i.kind)), Value::Text(Some(&i.value)), Value::Time(at)]);
        }
    }
    insert_rows(tx, "person_identifiers (person_id, kind, value, created_at)", 4, &rows).await?;

    let keys: Vec<Vec<String>> = persons.iter().map(|p| blocking_keys(&p.names)).collect();
    let mut rows = Vec::new();
    for ((id, keys), p) in ids.iter().zip(&keys).zip(persons) {
        for k in keys {
            rows.extend([Value::Int(Some(*id)), Value::Text(Some(k)), Value::Bool(Some(p.date_of_birth.is_some()))]);
        }
    }
    insert_rows(tx, "person_name_keys (person_id, key, date_of_birth_known)", 3, &rows).await?;
    Ok(ids)
}

/// Saves contacts and their messages; answers their ids in order. THRIVE
/// assessments are not written here.
pub async fn insert_contacts(tx: &mut Tx, contacts: &[BulkContact]) -> Result<Vec<i64>> {
    let ids = reserve_ids(tx, "contacts", contacts.len()).await?;
    let mut rows = Vec::with_capacity(contacts.len() * 18);
    for (id, b) in ids.iter().zip(contacts) {
        let c = &b.contact;
        let (caller_warned, call_ended, organisation, purpose) = detail_columns(&c.detail);
        let logged_at = b.logged_at.unwrap_or(c.occurred_at);
        rows.extend([
            Value::Int(Some(*id)),
            Value::Time(Some(DbTime(c.occurred_at))),
            Value::Text(Some(c.channel.slug())),
            Value::Text(Some(c.direction.slug())),
            Value::Int(Some(c.site_id)),
            Value::Int(Some(b.handler_id)),
            Value::Int(c.person_id),
            Value::Bool(Some(c.person_id.is_none())),
            Value::Text(Some(&c.subject)),
            Value::Text(Some(&c.notes)),
            Value::Text(Some(c.category.slug())),
            Value::Text(Some(c.outcome.slug())),
            Value::Int(c.duration_seconds.map(i64::from)),
            Value::Bool(caller_warned),
            Value::Bool(call_ended),
            Value::Text(organisation),
            Value::Text(purpose),
            Value::Time(Some(DbTime(logged_at))),
        ]);
    }
    insert_rows(
        tx,
        "contacts (id, occurred_at, channel, direction, site_id, handler_id, person_id, anonymous, subject, notes,
             category, outcome, duration_seconds, caller_warned, call_ended, sales_organisation, sales_purpose, created_at)",
        18,
        &rows,
    )
    .await?;

    let mut rows = Vec::new();
    for (id, b) in ids.iter().zip(contacts) {
        let Some(message) = &b.contact.message else { continue };
        let (state, decided_at, note) = match &b.message_state {
            MessageState::Open => ("open", None, None),
            MessageState::Returned { returned_at, note } => ("returned", Some(DbTime(*returned_at)), Some(note.as_str())),
            MessageState::NotReturned { decided_at, reason } => ("not-returned", Some(DbTime(*decided_at)), Some(reason.as_str())),
        };
        rows.extend([
            Value::Int(Some(*id)),
            Value::Int(Some(message.recipient_id)),
            Value::Text(Some(&message.text)),
            Value::Text(Some(state)),
            Value::Time(decided_at),
            Value::Text(note),
            Value::Time(Some(DbTime(b.logged_at.unwrap_or(b.contact.occurred_at)))),
        ]);
    }
    insert_rows(tx, "contact_messages (contact_id, recipient_id, text, state, decided_at, note, created_at)", 7, &rows).await?;
    Ok(ids)
}

/// The smallest person record number and how many persons there are: where a
/// generated world starts when it is all the database holds.
pub async fn persons_extent(tx: &mut Tx) -> Result<(i64, i64)> {
    let (first, count): (Option<i64>, i64) =
        on_backend!(tx, c => sqlx::query_as("SELECT MIN(id), COUNT(*) FROM persons").fetch_one(c).await)?;
    Ok((first.unwrap_or(0), count))
}

/// After a bulk load: fresh planner statistics and, on PostgreSQL, a vacuum
/// that marks the new pages all-visible. Without it, until autovacuum comes
/// round, every blocking-key index entry visits its table row and a name
/// lookup at a million persons takes hundreds of milliseconds, not a few.
pub async fn settle(db: &Db) -> Result<()> {
    match db {
        Db::Sqlite(pool) => {
            sqlx::query("ANALYZE").execute(pool).await?;
        }
        Db::Postgres(pool) => {
            sqlx::query(
                "VACUUM (ANALYZE) persons, person_names, person_identifiers, person_name_keys, contacts, contact_messages, \
                 complaints, complaint_complainants, complaint_parts, complaint_events, complaint_deadlines",
            )
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::values_sql;

    #[test]
    fn placeholders_number_rows_in_order() {
        assert_eq!(values_sql(2, 3, '$'), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(values_sql(1, 1, '?'), "(?1)");
    }
}

// ---- Complaints at scale (issue 4) --------------------------------------

/// A generated complaint to load, with its running clocks.
#[derive(Debug, Clone)]
pub struct BulkComplaint {
    pub complaint: casebook_domain::complaints::complaint::Complaint,
    pub deadlines: Vec<casebook_domain::complaints::deadline_index::IndexedClock>,
    /// The API client's Idempotency-Key, when it sent one.
    pub idempotency_key: Option<String>,
    /// Who received it (none for generated complaints).
    pub created_by: Option<i64>,
}

/// Saves complaints as `complaints::insert` and `complaints::update` would
/// (columns, record, complainants, parts, events, running clocks), all
/// following `procedure_key` at `policy_version`; answers their ids in order.
pub async fn insert_complaints(
    tx: &mut Tx,
    procedure_key: &str,
    policy_version: i64,
    complaints: &[BulkComplaint],
    created_at: Timestamp,
) -> Result<Vec<i64>> {
    use crate::complaints::{event_kind, record_json};
    use casebook_domain::complaints::receipt::Complainants;
    let ids = reserve_ids(tx, "complaints", complaints.len()).await?;
    let at = Some(DbTime(created_at));
    let records = complaints.iter().map(|b| record_json(&b.complaint)).collect::<Result<Vec<_>>>()?;
    // The monthly summary's columns, as `complaint_reports::save_facts` keeps them.
    let facts: Vec<_> = complaints.iter().map(|b| casebook_domain::complaints::monthly_summary::report_facts(&b.complaint)).collect();
    let mut rows = Vec::with_capacity(complaints.len() * 28);
    for (((id, b), record), f) in ids.iter().zip(complaints).zip(&records).zip(&facts) {
        let c = &b.complaint;
        let r = &c.receipt;
        rows.extend([
            Value::Int(Some(*id)),
            Value::Text(c.reference.as_deref()),
            Value::Int(Some(r.site_id)),
            Value::Text(Some(procedure_key)),
            Value::Int(Some(policy_version)),
            Value::Text(Some(c.state.label())),
            Value::Bool(Some(r.sealed_for.is_some())),
            Value::Bool(Some(matches!(r.complainants, Complainants::Anonymous))),
            Value::Bool(Some(r.third_party.is_some())),
            Value::Bool(Some(r.translation_needed)),
            Value::Text(r.language.as_deref()),
            Value::Text(Some(r.arrived_by.slug())),
            Value::Time(Some(DbTime(r.received_at))),
            Value::Date(r.incident_date.map(DbDate::from)),
            Value::Text(c.triage.as_ref().map(|t| t.category.as_str())),
            Value::Text(c.triage.as_ref().and_then(|t| t.subcategory.as_deref())),
            Value::Text(Some(&r.summary)),
            Value::Text(Some(record)),
            Value::Time(at),
            Value::Time(Some(DbTime(c.history.last().map_or(created_at, |e| e.at)))),
            Value::Int(Some(i64::from(c.history.len().max(1) as u32))),
            Value::Text(b.idempotency_key.as_deref()),
            Value::Int(b.created_by),
            Value::Time(f.responded_at.map(DbTime)),
            Value::Text(f.outcome.map(|o| o.slug())),
            Value::Bool(f.within_target),
            Value::Time(f.late_from.map(DbTime)),
            Value::Bool(Some(f.extended)),
        ]);
    }
    insert_rows(
        tx,
        "complaints (id, reference, site_id, procedure_key, policy_version, state, confidential, anonymous, third_party, \
         translation_needed, language, arrived_by, received_at, incident_date, category, subcategory, summary, record, \
         created_at, updated_at, version, idempotency_key, created_by, responded_at, outcome, within_target, late_from, extended)",
        28,
        &rows,
    )
    .await?;

    let mut rows = Vec::new();
    for (id, b) in ids.iter().zip(complaints) {
        for p in b.complaint.receipt.complainants.person_ids() {
            rows.extend([Value::Int(Some(*id)), Value::Int(Some(p))]);
        }
    }
    insert_rows(tx, "complaint_complainants (complaint_id, person_id)", 2, &rows).await?;

    let mut stages = Vec::new();
    for b in complaints {
        for part in &b.complaint.parts {
            let stage =
                serde_json::to_value(part.stage()).map_err(|e| crate::StoreError::Corrupt(format!("complaint_parts.stage: {e}")))?;
            stages.push(stage.as_str().unwrap_or_default().to_owned());
        }
    }
    let mut rows = Vec::new();
    let mut stage = stages.iter();
    for (id, b) in ids.iter().zip(complaints) {
        for part in &b.complaint.parts {
            rows.extend([
                Value::Int(Some(*id)),
                Value::Int(Some(i64::from(part.number))),
                Value::Text(Some(&part.category)),
                Value::Text(part.subcategory.as_deref()),
                Value::Text(Some(&part.body)),
                Value::Int(Some(part.investigator)),
                Value::Time(part.target.map(DbTime)),
                Value::Text(stage.next().map(String::as_str)),
                Value::Time(part.closed_at.map(DbTime)),
            ]);
        }
    }
    insert_rows(
        tx,
        "complaint_parts (complaint_id, number, category, subcategory, body, investigator_id, target_at, stage, closed_at)",
        9,
        &rows,
    )
    .await?;

    let events: Vec<(i64, &casebook_domain::complaints::complaint::Event, (String, String))> = ids
        .iter()
        .zip(complaints)
        .flat_map(|(id, b)| b.complaint.history.iter().map(move |e| (*id, e)))
        .map(|(id, e)| event_kind(e).map(|k| (id, e, k)))
        .collect::<Result<Vec<_>>>()?;
    let mut rows = Vec::with_capacity(events.len() * 5);
    for (id, e, (kind, body)) in &events {
        rows.extend([
            Value::Int(Some(*id)),
            Value::Time(Some(DbTime(e.at))),
            Value::Int((e.by > 0).then_some(e.by)),
            Value::Text(Some(kind)),
            Value::Text(Some(body)),
        ]);
    }
    insert_rows(tx, "complaint_events (complaint_id, at, by_user, kind, body)", 5, &rows).await?;

    let rows: Vec<Value> = ids
        .iter()
        .zip(complaints)
        .flat_map(|(id, b)| b.deadlines.iter().flat_map(move |d| crate::complaints::deadline_row(*id, &b.complaint, d)))
        .collect();
    insert_rows(tx, &format!("complaint_deadlines ({})", crate::complaints::DEADLINE_COLUMNS), 12, &rows).await?;
    Ok(ids)
}

/// Moves each reference sequence on to at least `last_number`, so live
/// complaints never take a number generated ones used.
pub async fn advance_complaint_sequences(tx: &mut Tx, sequences: &[(String, i64, i64)]) -> Result<()> {
    // SQLite's two-argument MAX is PostgreSQL's GREATEST.
    let larger = match tx.backend() {
        Backend::Sqlite => "MAX",
        Backend::Postgres => "GREATEST",
    };
    let sql = format!(
        "INSERT INTO complaint_sequences (scope, year, last_number) VALUES ($1, $2, $3)
         ON CONFLICT (scope, year) DO UPDATE SET last_number = {larger}(complaint_sequences.last_number, excluded.last_number)"
    );
    for (scope, year, last) in sequences {
        crate::execute!(tx, sqlx::query(sqlx::AssertSqlSafe(sql.as_str())).bind(scope).bind(*year).bind(*last))?;
    }
    Ok(())
}
