//! Contacts, the messages taken on them for named staff, and the
//! Idempotency-Keys that stop a retried API request making a second contact.
//!
//! Text search is full-text over subject and notes (every word, stemmed):
//! FTS5 on SQLite, a tsvector on PostgreSQL; the differing SQL is in `backend`.

use crate::bulk::{Value, insert_rows};
use crate::error::parse_column;
use crate::filter::{Arg, Where, bind_args, placeholders};
use crate::{Backend, DbTime, Result, StoreError, Tx, backend, execute, on_backend};
use casebook_domain::contacts::summary::CountRow;
use casebook_domain::contacts::{CategoryDetail, Channel, ContactCategory, ContactOutcome, Direction, MessageState, ValidContact};
use jiff::Timestamp;
use sqlx::FromRow;
use std::collections::{HashMap, HashSet};

/// A saved contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub id: i64,
    pub occurred_at: Timestamp,
    pub channel: Channel,
    pub direction: Direction,
    pub site_id: Option<i64>,
    pub handler_id: i64,
    pub person_id: Option<i64>,
    pub anonymous: bool,
    pub subject: String,
    pub notes: String,
    pub category: ContactCategory,
    pub outcome: ContactOutcome,
    pub duration_seconds: Option<i64>,
    pub caller_warned: Option<bool>,
    pub call_ended: Option<bool>,
    pub sales_organisation: Option<String>,
    pub sales_purpose: Option<String>,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct ContactRow {
    id: i64,
    occurred_at: DbTime,
    channel: String,
    direction: String,
    site_id: Option<i64>,
    handler_id: i64,
    person_id: Option<i64>,
    anonymous: bool,
    subject: String,
    notes: String,
    category: String,
    outcome: String,
    duration_seconds: Option<i64>,
    caller_warned: Option<bool>,
    call_ended: Option<bool>,
    sales_organisation: Option<String>,
    sales_purpose: Option<String>,
    created_at: DbTime,
}

impl TryFrom<ContactRow> for ContactRecord {
    type Error = StoreError;
    fn try_from(r: ContactRow) -> Result<Self> {
        Ok(ContactRecord {
            id: r.id,
            occurred_at: r.occurred_at.to_jiff(),
            channel: parse_column(&r.channel, "contacts.channel")?,
            direction: parse_column(&r.direction, "contacts.direction")?,
            site_id: r.site_id,
            handler_id: r.handler_id,
            person_id: r.person_id,
            anonymous: r.anonymous,
            subject: r.subject,
            notes: r.notes,
            category: parse_column(&r.category, "contacts.category")?,
            outcome: parse_column(&r.outcome, "contacts.outcome")?,
            duration_seconds: r.duration_seconds,
            caller_warned: r.caller_warned,
            call_ended: r.call_ended,
            sales_organisation: r.sales_organisation,
            sales_purpose: r.sales_purpose,
            created_at: r.created_at.to_jiff(),
        })
    }
}

const SELECT_CONTACT: &str = "SELECT id, occurred_at, channel, direction, site_id, handler_id, person_id, anonymous, subject, notes,
    category, outcome, duration_seconds, caller_warned, call_ended, sales_organisation, sales_purpose, created_at FROM contacts";

/// The columns a category's detail fills: caller warned, call ended, sales
/// organisation, sales purpose.
pub(crate) fn detail_columns(detail: &CategoryDetail) -> (Option<bool>, Option<bool>, Option<&str>, Option<&str>) {
    match detail {
        CategoryDetail::None => (None, None, None, None),
        CategoryDetail::Malicious { caller_warned, call_ended } => (Some(*caller_warned), *call_ended, None, None),
        CategoryDetail::Sales { organisation, purpose } => (None, None, Some(organisation.as_str()), Some(purpose.as_str())),
    }
}

impl ContactRecord {
    /// The record `insert` (or `bulk::insert_contacts`) saves for this
    /// contact, without reading it back.
    pub fn as_written(id: i64, contact: &ValidContact, handler_id: i64, logged_at: Timestamp) -> ContactRecord {
        let (caller_warned, call_ended, organisation, purpose) = detail_columns(&contact.detail);
        ContactRecord {
            id,
            occurred_at: contact.occurred_at,
            channel: contact.channel,
            direction: contact.direction,
            site_id: Some(contact.site_id),
            handler_id,
            person_id: contact.person_id,
            anonymous: contact.person_id.is_none(),
            subject: contact.subject.clone(),
            notes: contact.notes.clone(),
            category: contact.category,
            outcome: contact.outcome,
            duration_seconds: contact.duration_seconds.map(i64::from),
            caller_warned,
            call_ended,
            sales_organisation: organisation.map(str::to_owned),
            sales_purpose: purpose.map(str::to_owned),
            created_at: logged_at,
        }
    }
}

/// Saves a validated contact handled by `handler_id`, and its message and
/// THRIVE assessment if it has them.
pub async fn insert(tx: &mut Tx, contact: &ValidContact, handler_id: i64, now: Timestamp) -> Result<i64> {
    let (caller_warned, call_ended, organisation, purpose) = detail_columns(&contact.detail);
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO contacts (occurred_at, channel, direction, site_id, handler_id, person_id, anonymous, subject, notes,
             category, outcome, duration_seconds, caller_warned, call_ended, sales_organisation, sales_purpose, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id")
        .bind(DbTime(contact.occurred_at))
        .bind(contact.channel.slug())
        .bind(contact.direction.slug())
        .bind(contact.site_id)
        .bind(handler_id)
        .bind(contact.person_id)
        .bind(contact.person_id.is_none())
        .bind(&contact.subject)
        .bind(&contact.notes)
        .bind(contact.category.slug())
        .bind(contact.outcome.slug())
        .bind(contact.duration_seconds.map(i64::from))
        .bind(caller_warned)
        .bind(call_ended)
        .bind(organisation)
        .bind(purpose)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    if let Some(message) = &contact.message {
        execute!(
            tx,
            sqlx::query("INSERT INTO contact_messages (contact_id, recipient_id, text, state, created_at) VALUES ($1, $2, $3, 'open', $4)")
                .bind(id)
                .bind(message.recipient_id)
                .bind(&message.text)
                .bind(DbTime(now))
        )?;
    }
    if let Some(triage) = &contact.triage {
        crate::triage::insert(tx, id, triage, handler_id, now).await?;
    }
    Ok(id)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<ContactRecord> {
    let sql = format!("{SELECT_CONTACT} WHERE id = $1");
    let row: ContactRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

/// Filters for the contact list; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    pub person_id: Option<i64>,
    pub channel: Option<Channel>,
    pub site_id: Option<i64>,
    pub handler_id: Option<i64>,
    /// Occurred at or after.
    pub from: Option<Timestamp>,
    /// Occurred before.
    pub to: Option<Timestamp>,
    /// Words in the subject or notes (all of them, stemmed, ignoring case).
    pub text: Option<String>,
    /// Paging: only contacts listed after this one (the last id of the previous page).
    pub before_id: Option<i64>,
}

fn where_for(filter: &ContactFilter, backend: Backend) -> Where {
    let mut w = Where::default();
    if let Some(id) = filter.person_id {
        w.add("person_id = ?", [Arg::Int(id)]);
    }
    if let Some(channel) = filter.channel {
        w.add("channel = ?", [Arg::Text(channel.slug().to_owned())]);
    }
    if let Some(id) = filter.site_id {
        w.add("site_id = ?", [Arg::Int(id)]);
    }
    if let Some(id) = filter.handler_id {
        w.add("handler_id = ?", [Arg::Int(id)]);
    }
    if let Some(from) = filter.from {
        w.add("occurred_at >= ?", [Arg::Time(from.into())]);
    }
    if let Some(to) = filter.to {
        w.add("occurred_at < ?", [Arg::Time(to.into())]);
    }
    if let Some(terms) = filter.text.as_deref().and_then(|typed| backend::contact_search_terms(backend, typed)) {
        w.add(backend::contact_search_clause(backend), [Arg::Text(terms)]);
    }
    w
}

/// Contacts matching `filter`, newest first (by time of contact, then id).
pub async fn list(tx: &mut Tx, filter: &ContactFilter, limit: i64) -> Result<Vec<ContactRecord>> {
    let mut w = where_for(filter, tx.backend());
    if let Some(id) = filter.before_id {
        // Keyset paging in the list's own order: after the contact `id`, by (occurred_at, id) descending.
        w.add(
            "(occurred_at < (SELECT p.occurred_at FROM contacts p WHERE p.id = ?)
              OR (occurred_at = (SELECT p.occurred_at FROM contacts p WHERE p.id = ?) AND id < ?))",
            [Arg::Int(id), Arg::Int(id), Arg::Int(id)],
        );
    }
    let sql = format!("{SELECT_CONTACT}{} ORDER BY occurred_at DESC, id DESC LIMIT {}", w.sql(), limit.clamp(1, 1000));
    let rows: Vec<ContactRow> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    rows.into_iter().map(ContactRecord::try_from).collect()
}

/// The contacts matching `filter` (ignoring paging), counted by channel,
/// category and outcome, with how many malicious callers were warned and
/// calls ended: what the contacts report and the resolution rate are made of.
pub async fn count_rows(tx: &mut Tx, filter: &ContactFilter) -> Result<Vec<CountRow>> {
    let w = where_for(filter, tx.backend());
    let sql = format!(
        "SELECT channel, category, outcome, COUNT(*),
                SUM(CASE WHEN caller_warned THEN 1 ELSE 0 END), SUM(CASE WHEN call_ended THEN 1 ELSE 0 END)
         FROM contacts{} GROUP BY channel, category, outcome",
        w.sql()
    );
    let rows: Vec<(String, String, String, i64, i64, i64)> =
        on_backend!(tx, c => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())), &w.args).fetch_all(c).await)?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    rows.into_iter()
        .map(|(channel, category, outcome, contacts, warned, ended)| {
            Ok(CountRow {
                channel: parse_column(&channel, "contacts.channel")?,
                category: parse_column(&category, "contacts.category")?,
                outcome: parse_column(&outcome, "contacts.outcome")?,
                contacts: count(contacts),
                caller_warned: count(warned),
                call_ended: count(ended),
            })
        })
        .collect()
}

// ---- messages ----------------------------------------------------------------

/// A message taken on a contact for a named member of staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: i64,
    pub contact_id: i64,
    pub recipient_id: i64,
    pub text: String,
    pub state: MessageState,
    pub created_at: Timestamp,
}

#[derive(FromRow)]
struct MessageRow {
    id: i64,
    contact_id: i64,
    recipient_id: i64,
    text: String,
    state: String,
    decided_at: Option<DbTime>,
    note: Option<String>,
    created_at: DbTime,
}

impl TryFrom<MessageRow> for MessageRecord {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> Result<Self> {
        let decided =
            || r.decided_at.map(DbTime::to_jiff).ok_or_else(|| StoreError::Corrupt(format!("contact_messages.decided_at of {}", r.id)));
        let note = r.note.clone().unwrap_or_default();
        let state = match r.state.as_str() {
            "open" => MessageState::Open,
            "returned" => MessageState::Returned { returned_at: decided()?, note },
            "not-returned" => MessageState::NotReturned { decided_at: decided()?, reason: note },
            other => return Err(StoreError::Corrupt(format!("contact_messages.state = {other:?}"))),
        };
        Ok(MessageRecord {
            id: r.id,
            contact_id: r.contact_id,
            recipient_id: r.recipient_id,
            text: r.text,
            state,
            created_at: r.created_at.to_jiff(),
        })
    }
}

const SELECT_MESSAGE: &str = "SELECT id, contact_id, recipient_id, text, state, decided_at, note, created_at FROM contact_messages";

pub async fn get_message(tx: &mut Tx, id: i64) -> Result<MessageRecord> {
    let sql = format!("{SELECT_MESSAGE} WHERE id = $1");
    let row: MessageRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

/// The messages on one contact, oldest first.
pub async fn messages_for_contact(tx: &mut Tx, contact_id: i64) -> Result<Vec<MessageRecord>> {
    let sql = format!("{SELECT_MESSAGE} WHERE contact_id = $1 ORDER BY id");
    let rows: Vec<MessageRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(contact_id).fetch_all(c).await)?;
    rows.into_iter().map(MessageRecord::try_from).collect()
}

/// A member of staff's inbox: open messages first, then the newest decided ones.
pub async fn inbox(tx: &mut Tx, recipient_id: i64, limit: i64) -> Result<Vec<MessageRecord>> {
    let sql = format!(
        "{SELECT_MESSAGE} WHERE recipient_id = $1 ORDER BY CASE WHEN state = 'open' THEN 0 ELSE 1 END, id DESC LIMIT {}",
        limit.clamp(1, 1000)
    );
    let rows: Vec<MessageRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(recipient_id).fetch_all(c).await)?;
    rows.into_iter().map(MessageRecord::try_from).collect()
}

/// Records the recipient's decision; only an open message changes, so a
/// concurrent second decision is refused as stale.
pub async fn decide_message(tx: &mut Tx, id: i64, state: &MessageState) -> Result<()> {
    let (slug, at, note) = match state {
        MessageState::Open => return Err(StoreError::Corrupt("a message cannot be reopened".into())),
        MessageState::Returned { returned_at, note } => ("returned", *returned_at, note),
        MessageState::NotReturned { decided_at, reason } => ("not-returned", *decided_at, reason),
    };
    let changed = execute!(
        tx,
        sqlx::query("UPDATE contact_messages SET state = $1, decided_at = $2, note = $3 WHERE id = $4 AND state = 'open'")
            .bind(slug)
            .bind(DbTime(at))
            .bind(note)
            .bind(id)
    )?;
    if changed == 0 {
        get_message(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

// ---- idempotency keys --------------------------------------------------------

/// The contact a user already made with this Idempotency-Key, if any.
pub async fn find_by_idempotency_key(tx: &mut Tx, user_id: i64, key: &str) -> Result<Option<i64>> {
    Ok(find_by_idempotency_keys(tx, &[(user_id, key)]).await?.into_values().next())
}

/// The contacts already made with any of these (user, Idempotency-Key)
/// pairs, in one query for a whole batch.
pub async fn find_by_idempotency_keys(tx: &mut Tx, keys: &[(i64, &str)]) -> Result<HashMap<(i64, String), i64>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let pairs: Vec<String> = (0..keys.len()).map(|i| format!("(user_id = ${} AND key = ${})", 2 * i + 1, 2 * i + 2)).collect();
    let sql = format!("SELECT user_id, key, contact_id FROM idempotency_keys WHERE {}", pairs.join(" OR "));
    let rows: Vec<(i64, String, i64)> = on_backend!(tx, c => {
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
        for (user_id, key) in keys {
            q = q.bind(*user_id).bind(*key);
        }
        q.fetch_all(c).await
    })?;
    Ok(rows.into_iter().map(|(user, key, contact)| ((user, key), contact)).collect())
}

/// Remembers that each (user, key) made its contact; a second use of a pair is a conflict.
pub async fn remember_idempotency_keys(tx: &mut Tx, made: &[(i64, &str, i64)], now: Timestamp) -> Result<()> {
    let mut rows = Vec::with_capacity(made.len() * 4);
    for (user_id, key, contact_id) in made {
        rows.extend([Value::Text(Some(key)), Value::Int(Some(*user_id)), Value::Int(Some(*contact_id)), Value::Time(Some(DbTime(now)))]);
    }
    insert_rows(tx, "idempotency_keys (key, user_id, contact_id, created_at)", 4, &rows).await
}

/// What a batch of contacts may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Referent {
    Sites,
    /// Persons whose record has not been merged into another's.
    Persons,
    /// Staff accounts that are active (a message may only be left for them).
    ActiveStaff,
}

/// Which of `ids` exist as `what`, in one query for a whole batch.
pub async fn existing(tx: &mut Tx, what: Referent, ids: &[i64]) -> Result<HashSet<i64>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let table = match what {
        Referent::Sites => "sites WHERE",
        Referent::Persons => "persons WHERE merged_into_id IS NULL AND",
        Referent::ActiveStaff => "users WHERE active AND",
    };
    let sql = format!("SELECT id FROM {table} id IN ({})", placeholders(1, ids.len()));
    let found: Vec<i64> = on_backend!(tx, c => {
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.as_str()));
        for id in ids {
            q = q.bind(*id);
        }
        q.fetch_all(c).await
    })?;
    Ok(found.into_iter().collect())
}
