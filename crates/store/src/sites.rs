//! Sites: offices, establishments and contact centres, each in a nation.

use crate::error::parse_column;
use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use casebook_domain::nation::Nation;
use casebook_domain::site::SiteKind;
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRecord {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: SiteKind,
    pub nation: Nation,
    pub active: bool,
    pub created_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct SiteFields {
    pub code: String,
    pub name: String,
    pub kind: SiteKind,
    pub nation: Nation,
    pub active: bool,
}

#[derive(FromRow)]
struct SiteRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    nation: String,
    active: bool,
    created_at: DbTime,
    version: i64,
}

impl TryFrom<SiteRow> for SiteRecord {
    type Error = StoreError;
    fn try_from(r: SiteRow) -> Result<Self> {
        Ok(SiteRecord {
            id: r.id,
            kind: parse_column(&r.kind, "sites.kind")?,
            nation: parse_column(&r.nation, "sites.nation")?,
            code: r.code,
            name: r.name,
            active: r.active,
            created_at: r.created_at.to_jiff(),
            version: r.version,
        })
    }
}

const SELECT_SITE: &str = "SELECT id, code, name, kind, nation, active, created_at, version FROM sites";

pub async fn insert(tx: &mut Tx, fields: &SiteFields, now: Timestamp) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO sites (code, name, kind, nation, active, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(&fields.code)
        .bind(&fields.name)
        .bind(fields.kind.slug())
        .bind(fields.nation.slug())
        .bind(fields.active)
        .bind(DbTime(now))
        .fetch_one(c).await)
    .map_err(StoreError::from)
}

pub async fn update(tx: &mut Tx, id: i64, version: i64, fields: &SiteFields) -> Result<()> {
    let changed = execute!(
        tx,
        sqlx::query(
            "UPDATE sites SET code = $1, name = $2, kind = $3, nation = $4, active = $5, version = version + 1
         WHERE id = $6 AND version = $7"
        )
        .bind(&fields.code)
        .bind(&fields.name)
        .bind(fields.kind.slug())
        .bind(fields.nation.slug())
        .bind(fields.active)
        .bind(id)
        .bind(version)
    )?;
    if changed == 0 {
        get(tx, id).await?;
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

pub async fn get(tx: &mut Tx, id: i64) -> Result<SiteRecord> {
    let sql = format!("{SELECT_SITE} WHERE id = $1");
    let row: SiteRow = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(id).fetch_one(c).await)?;
    row.try_into()
}

pub async fn find_by_code(tx: &mut Tx, code: &str) -> Result<Option<SiteRecord>> {
    let sql = format!("{SELECT_SITE} WHERE code = $1");
    let row: Option<SiteRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).bind(code).fetch_optional(c).await)?;
    row.map(SiteRecord::try_from).transpose()
}

pub async fn list(tx: &mut Tx) -> Result<Vec<SiteRecord>> {
    let sql = format!("{SELECT_SITE} ORDER BY name");
    let rows: Vec<SiteRow> = on_backend!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(c).await)?;
    rows.into_iter().map(SiteRecord::try_from).collect()
}
