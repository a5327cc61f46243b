//! The complaint-box log: each emptying of a site's box and each complaint
//! scanned from it. Plain rows; the six-hour clocks are the domain's.

use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use jiff::Timestamp;
use sqlx::FromRow;
use std::collections::HashMap;

/// What a new emptying is saved with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmptying {
    pub site_id: i64,
    pub emptied_at: Timestamp,
    pub emptied_by: i64,
    pub count: u32,
    pub recorded_by: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRecord {
    pub id: i64,
    pub scanned_at: Timestamp,
    pub scanned_by: Option<i64>,
    pub complaint_reference: String,
}

/// One emptying with its scans, earliest scan first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyingRecord {
    pub id: i64,
    pub site_id: i64,
    pub emptied_at: Timestamp,
    pub emptied_by: i64,
    /// The display name of whoever emptied the box.
    pub emptied_by_name: String,
    pub count: u32,
    pub recorded_by: Option<i64>,
    pub recorded_at: Timestamp,
    pub scans: Vec<ScanRecord>,
}

#[derive(FromRow)]
struct EmptyingRow {
    id: i64,
    site_id: i64,
    emptied_at: DbTime,
    emptied_by: i64,
    emptied_by_name: String,
    count: i64,
    recorded_by: Option<i64>,
    recorded_at: DbTime,
}

#[derive(FromRow)]
struct ScanRow {
    id: i64,
    emptying_id: i64,
    scanned_at: DbTime,
    scanned_by: Option<i64>,
    complaint_reference: String,
}

const SELECT_EMPTYING: &str = "SELECT e.id, e.site_id, e.emptied_at, e.emptied_by, u.display_name AS emptied_by_name, e.count,
        e.recorded_by, e.recorded_at
   FROM complaint_box_emptyings e JOIN users u ON u.id = e.emptied_by";

impl EmptyingRow {
    fn into_record(self, scans: Vec<ScanRecord>) -> Result<EmptyingRecord> {
        let count = u32::try_from(self.count)
            .map_err(|_| StoreError::Corrupt(format!("complaint_box_emptyings.count of {} = {}", self.id, self.count)))?;
        Ok(EmptyingRecord {
            id: self.id,
            site_id: self.site_id,
            emptied_at: self.emptied_at.to_jiff(),
            emptied_by: self.emptied_by,
            emptied_by_name: self.emptied_by_name,
            count,
            recorded_by: self.recorded_by,
            recorded_at: self.recorded_at.to_jiff(),
            scans,
        })
    }
}

pub async fn insert_emptying(tx: &mut Tx, e: &NewEmptying, now: Timestamp) -> Result<i64> {
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO complaint_box_emptyings (site_id, emptied_at, emptied_by, count, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(e.site_id)
        .bind(DbTime(e.emptied_at))
        .bind(e.emptied_by)
        .bind(i64::from(e.count))
        .bind(e.recorded_by)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    Ok(id)
}

pub async fn get_emptying(tx: &mut Tx, id: i64) -> Result<EmptyingRecord> {
    let sql = format!("{SELECT_EMPTYING} WHERE e.id = $1");
    let row: Option<EmptyingRow> =
        on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_optional(c).await)?;
    let row = row.ok_or(StoreError::NotFound)?;
    let scans: Vec<ScanRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT id, emptying_id, scanned_at, scanned_by, complaint_reference FROM complaint_box_scans
          WHERE emptying_id = $1 ORDER BY scanned_at, id")
        .bind(id).fetch_all(c).await)?;
    row.into_record(scans.into_iter().map(scan_record).collect())
}

/// Emptyings since `since` (at every site, or one), newest first, each
/// with its scans.
pub async fn emptyings_since(tx: &mut Tx, site_id: Option<i64>, since: Timestamp) -> Result<Vec<EmptyingRecord>> {
    let sql =
        format!("{SELECT_EMPTYING} WHERE e.emptied_at >= $1 AND ($2 IS NULL OR e.site_id = $2) ORDER BY e.emptied_at DESC, e.id DESC");
    let rows: Vec<EmptyingRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(DbTime(since)).bind(site_id).fetch_all(c).await)?;
    let scans: Vec<ScanRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT s.id, s.emptying_id, s.scanned_at, s.scanned_by, s.complaint_reference
           FROM complaint_box_scans s JOIN complaint_box_emptyings e ON e.id = s.emptying_id
          WHERE e.emptied_at >= $1 AND ($2 IS NULL OR e.site_id = $2) ORDER BY s.scanned_at, s.id")
        .bind(DbTime(since)).bind(site_id).fetch_all(c).await)?;
    let mut by_emptying: HashMap<i64, Vec<ScanRecord>> = HashMap::new();
    for scan in scans {
        by_emptying.entry(scan.emptying_id).or_default().push(scan_record(scan));
    }
    rows.into_iter()
        .map(|row| {
            let scans = by_emptying.remove(&row.id).unwrap_or_default();
            row.into_record(scans)
        })
        .collect()
}

/// Saves one scan, counting it against the emptying; when every complaint
/// in the box has been scanned already (perhaps by someone else meanwhile)
/// it is [`StoreError::StaleVersion`].
pub async fn insert_scan(
    tx: &mut Tx,
    emptying_id: i64,
    scanned_at: Timestamp,
    scanned_by: Option<i64>,
    reference: &str,
    now: Timestamp,
) -> Result<i64> {
    let counted = execute!(
        tx,
        sqlx::query("UPDATE complaint_box_emptyings SET scanned = scanned + 1 WHERE id = $1 AND scanned < count").bind(emptying_id)
    )?;
    if counted != 1 {
        return Err(StoreError::StaleVersion);
    }
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO complaint_box_scans (emptying_id, scanned_at, scanned_by, complaint_reference, recorded_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(emptying_id)
        .bind(DbTime(scanned_at))
        .bind(scanned_by)
        .bind(reference)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    Ok(id)
}

fn scan_record(r: ScanRow) -> ScanRecord {
    ScanRecord { id: r.id, scanned_at: r.scanned_at.to_jiff(), scanned_by: r.scanned_by, complaint_reference: r.complaint_reference }
}
