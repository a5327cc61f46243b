//! Policies as data: an office's own numbers for a built-in mechanism,
//! kept as the domain type's JSON under a key. No row means the preset.

use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRecord {
    pub key: String,
    /// The policy as JSON.
    pub body: String,
    pub updated_by: Option<i64>,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(FromRow)]
struct PolicyRow {
    key: String,
    body: String,
    updated_by: Option<i64>,
    updated_at: DbTime,
    version: i64,
}

pub async fn get(tx: &mut Tx, key: &str) -> Result<Option<PolicyRecord>> {
    let row: Option<PolicyRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT key, body, updated_by, updated_at, version FROM policies WHERE key = $1")
        .bind(key).fetch_optional(c).await)?;
    Ok(row.map(|r| PolicyRecord {
        key: r.key,
        body: r.body,
        updated_by: r.updated_by,
        updated_at: r.updated_at.to_jiff(),
        version: r.version,
    }))
}

/// The version saved under `key`, without its body; `None` while the preset is in force.
pub async fn version(tx: &mut Tx, key: &str) -> Result<Option<i64>> {
    Ok(on_backend!(tx, c => sqlx::query_scalar("SELECT version FROM policies WHERE key = $1").bind(key).fetch_optional(c).await)?)
}

/// Saves `body` under `key`. `expected_version` is the version the editor
/// read (`None` when it was the preset, i.e. no row); a mismatch is
/// [`StoreError::StaleVersion`]. Answers the new version.
pub async fn put(tx: &mut Tx, key: &str, body: &str, expected_version: Option<i64>, by: Option<i64>, now: Timestamp) -> Result<i64> {
    let changed =
        match expected_version {
            None => execute!(tx, sqlx::query(
            "INSERT INTO policies (key, body, updated_by, updated_at, version) VALUES ($1, $2, $3, $4, 1) ON CONFLICT (key) DO NOTHING")
            .bind(key).bind(body).bind(by).bind(DbTime(now)))?,
            Some(version) => {
                execute!(tx, sqlx::query(
            "UPDATE policies SET body = $1, updated_by = $2, updated_at = $3, version = version + 1 WHERE key = $4 AND version = $5")
            .bind(body).bind(by).bind(DbTime(now)).bind(key).bind(version))?
            }
        };
    if changed != 1 {
        return Err(StoreError::StaleVersion);
    }
    Ok(expected_version.map_or(1, |v| v + 1))
}
