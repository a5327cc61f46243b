//! Special-category markers on persons. Reading them is audited by the app;
//! nothing here decides who may.

use crate::error::parse_column;
use crate::{DbDate, DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::safeguarding::{LawfulBasis, MarkerKind, ValidMarker};
use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::FromRow;

/// A marker as stored, withdrawn or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerRecord {
    pub id: i64,
    pub person_id: i64,
    pub kind: MarkerKind,
    pub reasonable_adjustments: String,
    pub source: String,
    pub source_date: Date,
    pub lawful_basis: LawfulBasis,
    pub review_date: Date,
    pub recorded_by: Option<i64>,
    pub recorded_at: Timestamp,
    pub withdrawal: Option<Withdrawal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub by: Option<i64>,
    pub at: Timestamp,
    pub reason: String,
}

impl MarkerRecord {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawal.is_some()
    }
}

#[derive(FromRow)]
struct MarkerRow {
    id: i64,
    person_id: i64,
    kind: String,
    reasonable_adjustments: String,
    source: String,
    source_date: DbDate,
    lawful_basis: String,
    review_date: DbDate,
    recorded_by: Option<i64>,
    recorded_at: DbTime,
    withdrawn_by: Option<i64>,
    withdrawn_at: Option<DbTime>,
    withdrawal_reason: Option<String>,
}

impl TryFrom<MarkerRow> for MarkerRecord {
    type Error = StoreError;
    fn try_from(r: MarkerRow) -> Result<Self> {
        Ok(MarkerRecord {
            id: r.id,
            person_id: r.person_id,
            kind: parse_column(&r.kind, "special_category_markers.kind")?,
            reasonable_adjustments: r.reasonable_adjustments,
            source: r.source,
            source_date: r.source_date.to_jiff(),
            lawful_basis: parse_column(&r.lawful_basis, "special_category_markers.lawful_basis")?,
            review_date: r.review_date.to_jiff(),
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at.to_jiff(),
            withdrawal: r.withdrawn_at.map(|at| Withdrawal {
                by: r.withdrawn_by,
                at: at.to_jiff(),
                reason: r.withdrawal_reason.unwrap_or_default(),
            }),
        })
    }
}

const SELECT_MARKER: &str = "SELECT id, person_id, kind, reasonable_adjustments, source, source_date, lawful_basis, review_date,
    recorded_by, recorded_at, withdrawn_by, withdrawn_at, withdrawal_reason FROM special_category_markers";

pub async fn insert(tx: &mut Tx, person_id: i64, marker: &ValidMarker, recorded_by: Option<i64>, now: Timestamp) -> Result<i64> {
    let id: i64 = on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO special_category_markers (person_id, kind, reasonable_adjustments, source, source_date, lawful_basis,
             review_date, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(person_id)
        .bind(marker.kind.slug())
        .bind(&marker.reasonable_adjustments)
        .bind(&marker.source)
        .bind(DbDate::from(marker.source_date))
        .bind(marker.lawful_basis.slug())
        .bind(DbDate::from(marker.review_date))
        .bind(recorded_by)
        .bind(DbTime(now))
        .fetch_one(c).await)?;
    Ok(id)
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<MarkerRecord> {
    let sql = format!("{SELECT_MARKER} WHERE id = $1");
    let row: MarkerRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

/// A person's markers: current ones first, then withdrawn, oldest first within each.
pub async fn for_person(tx: &mut Tx, person_id: i64) -> Result<Vec<MarkerRecord>> {
    let sql = format!("{SELECT_MARKER} WHERE person_id = $1 ORDER BY CASE WHEN withdrawn_at IS NULL THEN 0 ELSE 1 END, id");
    let rows: Vec<MarkerRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(person_id).fetch_all(c).await)?;
    rows.into_iter().map(MarkerRecord::try_from).collect()
}

/// The current (not withdrawn) markers of each of `person_ids`, a thousand
/// persons a query (a report may list thousands; both engines cap parameters).
pub async fn current_for_persons(tx: &mut Tx, person_ids: &[i64]) -> Result<Vec<MarkerRecord>> {
    let mut found = Vec::new();
    for chunk in person_ids.chunks(1000) {
        let sql = format!(
            "{SELECT_MARKER} WHERE withdrawn_at IS NULL AND person_id IN ({}) ORDER BY person_id, id",
            crate::filter::placeholders(1, chunk.len())
        );
        let rows: Vec<MarkerRow> = on_backend!(tx, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()));
            for id in chunk {
                q = q.bind(*id);
            }
            q.fetch_all(c).await
        })?;
        for row in rows {
            found.push(MarkerRecord::try_from(row)?);
        }
    }
    Ok(found)
}

/// Withdraws a current marker; a marker already withdrawn (by someone else
/// meanwhile) is refused as stale.
pub async fn withdraw(tx: &mut Tx, id: i64, by: Option<i64>, reason: &str, now: Timestamp) -> Result<()> {
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE special_category_markers SET withdrawn_by = $1, withdrawn_at = $2, withdrawal_reason = $3
             WHERE id = $4 AND withdrawn_at IS NULL"
        )
        .bind(by)
        .bind(DbTime(now))
        .bind(reason)
        .bind(id)
    )?;
    if changed == 0 {
        get(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}
