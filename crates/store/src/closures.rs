//! Office closure days per site, which stop working-day clocks there.

use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureDay {
    pub id: i64,
    pub site_id: i64,
    pub closed_on: Date,
    pub reason: String,
}

#[derive(FromRow)]
struct ClosureRow {
    id: i64,
    site_id: i64,
    closed_on: DbDate,
    reason: String,
}

impl From<ClosureRow> for ClosureDay {
    fn from(r: ClosureRow) -> Self {
        ClosureDay { id: r.id, site_id: r.site_id, closed_on: r.closed_on.to_jiff(), reason: r.reason }
    }
}

pub async fn insert(tx: &mut Tx, site_id: i64, closed_on: Date, reason: &str, now: Timestamp) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO closure_days (site_id, closed_on, reason, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(site_id).bind(DbDate::from(closed_on)).bind(reason).bind(DbTime(now))
        .fetch_one(c).await)
    .map_err(StoreError::from)
}

pub async fn delete(tx: &mut Tx, site_id: i64, id: i64) -> Result<ClosureDay> {
    let row: ClosureRow = on_backend!(tx, c => sqlx::query_as(
        "SELECT id, site_id, closed_on, reason FROM closure_days WHERE id = $1 AND site_id = $2")
        .bind(id).bind(site_id).fetch_one(c).await)?;
    execute!(tx, sqlx::query("DELETE FROM closure_days WHERE id = $1").bind(id))?;
    Ok(row.into())
}

/// A site's closures, optionally only within one year.
pub async fn for_site(tx: &mut Tx, site_id: i64, year: Option<i16>) -> Result<Vec<ClosureDay>> {
    let rows: Vec<ClosureRow> = match year {
        Some(year) => {
            let (from, to) = (Date::new(year, 1, 1), Date::new(year, 12, 31));
            let (Ok(from), Ok(to)) = (from, to) else { return Ok(Vec::new()) };
            on_backend!(tx, c => sqlx::query_as(
                "SELECT id, site_id, closed_on, reason FROM closure_days WHERE site_id = $1 AND closed_on BETWEEN $2 AND $3 ORDER BY closed_on")
                .bind(site_id).bind(DbDate::from(from)).bind(DbDate::from(to)).fetch_all(c).await)?
        }
        None => on_backend!(tx, c => sqlx::query_as(
            "SELECT id, site_id, closed_on, reason FROM closure_days WHERE site_id = $1 ORDER BY closed_on")
            .bind(site_id).fetch_all(c).await)?,
    };
    Ok(rows.into_iter().map(ClosureDay::from).collect())
}
