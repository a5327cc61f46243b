//! Merging one person into another and undoing it. A merge records exactly
//! which rows it moved to the survivor (contacts, identifiers, names,
//! markers), so an unmerge moves exactly those back: anything added to the
//! survivor after the merge stays with the survivor.

use crate::{DbTime, Result, StoreError, Tx, execute, on_backend, people};
use casebook_domain::people::{PersonName, name_blocking_keys};
use jiff::Timestamp;
use sqlx::FromRow;

/// The tables whose rows follow a person, as named in `person_merge_rows`.
pub const MOVED_TABLES: [&str; 4] = ["contacts", "person_identifiers", "person_names", "special_category_markers"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRecord {
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    pub reason: String,
    pub merged_by: Option<i64>,
    pub merged_at: Timestamp,
    pub unmerged: Option<Unmerge>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmerge {
    pub by: Option<i64>,
    pub at: Timestamp,
    pub reason: String,
}

/// How many rows of each table a merge moved, in the order of [`MOVED_TABLES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moved {
    pub contacts: u64,
    pub identifiers: u64,
    pub names: u64,
    pub markers: u64,
}

#[derive(FromRow)]
struct MergeRow {
    id: i64,
    survivor_id: i64,
    merged_id: i64,
    reason: String,
    merged_by: Option<i64>,
    merged_at: DbTime,
    unmerged_by: Option<i64>,
    unmerged_at: Option<DbTime>,
    unmerge_reason: Option<String>,
}

impl From<MergeRow> for MergeRecord {
    fn from(r: MergeRow) -> Self {
        MergeRecord {
            id: r.id,
            survivor_id: r.survivor_id,
            merged_id: r.merged_id,
            reason: r.reason,
            merged_by: r.merged_by,
            merged_at: r.merged_at.to_jiff(),
            unmerged: r.unmerged_at.map(|at| Unmerge { by: r.unmerged_by, at: at.to_jiff(), reason: r.unmerge_reason.unwrap_or_default() }),
        }
    }
}

const SELECT_MERGE: &str =
    "SELECT id, survivor_id, merged_id, reason, merged_by, merged_at, unmerged_by, unmerged_at, unmerge_reason FROM person_merges";

pub async fn get(tx: &mut Tx, id: i64) -> Result<MergeRecord> {
    let sql = format!("{SELECT_MERGE} WHERE id = $1");
    let row: MergeRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    Ok(row.into())
}

/// Every merge a person took part in, as survivor or merged person, newest first.
pub async fn for_person(tx: &mut Tx, person_id: i64) -> Result<Vec<MergeRecord>> {
    let sql = format!("{SELECT_MERGE} WHERE survivor_id = $1 OR merged_id = $1 ORDER BY id DESC");
    let rows: Vec<MergeRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(person_id).fetch_all(c).await)?;
    Ok(rows.into_iter().map(MergeRecord::from).collect())
}

/// The rows a merge moved: (table, row id), ordered.
pub async fn moved_rows(tx: &mut Tx, merge_id: i64) -> Result<Vec<(String, i64)>> {
    on_backend!(tx, c => sqlx::query_as("SELECT row_table, row_id FROM person_merge_rows WHERE merge_id = $1 ORDER BY row_table, row_id")
        .bind(merge_id).fetch_all(c).await)
    .map_err(StoreError::from)
}

/// Merges `merged_id` into `survivor_id`. Both must still stand (the app
/// checks the rules first; this refuses a race as stale). Current names
/// of the merged person become the survivor's aliases.
pub async fn merge(tx: &mut Tx, survivor_id: i64, merged_id: i64, reason: &str, by: Option<i64>, now: Timestamp) -> Result<(i64, Moved)> {
    // Touching the survivor first also locks its row on PostgreSQL, so it
    // cannot be merged away by a concurrent request meanwhile.
    let standing = execute!(
        tx,
        sqlx::query("UPDATE persons SET version = version + 1, updated_at = $1 WHERE id = $2 AND merged_into_id IS NULL")
            .bind(DbTime(now))
            .bind(survivor_id)
    )?;
    let merged = execute!(
        tx,
        sqlx::query(
            "UPDATE persons SET merged_into_id = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND merged_into_id IS NULL"
        )
        .bind(survivor_id)
        .bind(DbTime(now))
        .bind(merged_id)
    )?;
    if standing == 0 || merged == 0 {
        return Err(StoreError::StaleVersion);
    }
    let merge_id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO person_merges (survivor_id, merged_id, reason, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(survivor_id).bind(merged_id).bind(reason).bind(by).bind(DbTime(now)).fetch_one(c).await)?;
    let mut counts = [0u64; 4];
    for (table, count) in MOVED_TABLES.iter().zip(counts.iter_mut()) {
        // Remember the rows first, then move exactly the remembered ones.
        let old_kind = if *table == "person_names" { "kind" } else { "NULL" };
        let remember = format!(
            "INSERT INTO person_merge_rows (merge_id, row_table, row_id, old_kind) SELECT $1, '{table}', id, {old_kind} FROM {table} WHERE person_id = $2"
        );
        *count = execute!(tx, sqlx::query(sqlx::AssertSqlSafe(remember.as_str())).bind(merge_id).bind(merged_id))?;
        let kind = if *table == "person_names" { ", kind = CASE WHEN kind = 'current' THEN 'alias' ELSE kind END" } else { "" };
        let moving = format!(
            "UPDATE {table} SET person_id = $1{kind}
             WHERE id IN (SELECT row_id FROM person_merge_rows WHERE merge_id = $2 AND row_table = '{table}')"
        );
        execute!(tx, sqlx::query(sqlx::AssertSqlSafe(moving.as_str())).bind(survivor_id).bind(merge_id))?;
    }
    rebuild_name_keys(tx, survivor_id).await?;
    rebuild_name_keys(tx, merged_id).await?;
    let [contacts, identifiers, names, markers] = counts;
    Ok((merge_id, Moved { contacts, identifiers, names, markers }))
}

/// Undoes a merge: the rows it moved go back to the merged person (names
/// with their old kind), who stands again. An undone merge is refused as stale.
pub async fn unmerge(tx: &mut Tx, merge_id: i64, reason: &str, by: Option<i64>, now: Timestamp) -> Result<Moved> {
    let record = get(tx, merge_id).await?;
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE person_merges SET unmerged_by = $1, unmerged_at = $2, unmerge_reason = $3 WHERE id = $4 AND unmerged_at IS NULL"
        )
        .bind(by)
        .bind(DbTime(now))
        .bind(reason)
        .bind(merge_id)
    )?;
    let restored = execute!(
        tx,
        sqlx::query(
            "UPDATE persons SET merged_into_id = NULL, version = version + 1, updated_at = $1 WHERE id = $2 AND merged_into_id = $3"
        )
        .bind(DbTime(now))
        .bind(record.merged_id)
        .bind(record.survivor_id)
    )?;
    if changed == 0 || restored == 0 {
        return Err(StoreError::StaleVersion);
    }
    let mut counts = [0u64; 4];
    for (table, count) in MOVED_TABLES.iter().zip(counts.iter_mut()) {
        let kind = if *table == "person_names" {
            ", kind = COALESCE((SELECT r.old_kind FROM person_merge_rows r
                 WHERE r.merge_id = $2 AND r.row_table = 'person_names' AND r.row_id = person_names.id), kind)"
        } else {
            ""
        };
        let back = format!(
            "UPDATE {table} SET person_id = $1{kind}
             WHERE person_id = $3 AND id IN (SELECT row_id FROM person_merge_rows WHERE merge_id = $2 AND row_table = '{table}')"
        );
        *count =
            execute!(tx, sqlx::query(sqlx::AssertSqlSafe(back.as_str())).bind(record.merged_id).bind(merge_id).bind(record.survivor_id))?;
    }
    rebuild_name_keys(tx, record.survivor_id).await?;
    rebuild_name_keys(tx, record.merged_id).await?;
    let [contacts, identifiers, names, markers] = counts;
    Ok(Moved { contacts, identifiers, names, markers })
}

/// Recomputes a person's blocking keys from the names they now hold.
async fn rebuild_name_keys(tx: &mut Tx, person_id: i64) -> Result<()> {
    execute!(tx, sqlx::query("DELETE FROM person_name_keys WHERE person_id = $1").bind(person_id))?;
    let names: Vec<(String, String)> = on_backend!(tx, c => sqlx::query_as("SELECT given, family FROM person_names WHERE person_id = $1")
        .bind(person_id).fetch_all(c).await)?;
    let mut keys: Vec<String> = names.iter().flat_map(|(g, f)| name_blocking_keys(&PersonName::new(g, f))).collect();
    keys.sort();
    keys.dedup();
    let dated: bool = on_backend!(tx, c => sqlx::query_scalar("SELECT date_of_birth IS NOT NULL FROM persons WHERE id = $1")
        .bind(person_id).fetch_one(c).await)?;
    people::insert_keys(tx, person_id, &keys, dated).await
}
