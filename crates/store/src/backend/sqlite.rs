//! SQLite specifics: WAL, foreign keys, a busy timeout, and `VACUUM INTO`
//! for consistent online backups.

use crate::Result;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(url: &str) -> Result<SqlitePool> {
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: every commit is on disk before we answer; a contact centre cannot lose a logged call.
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
    Ok(pool)
}

/// Writes a consistent copy of the live database to `path` while others keep working.
pub async fn backup(pool: &SqlitePool, path: &str) -> Result<()> {
    sqlx::query("VACUUM INTO $1").bind(path).execute(pool).await?;
    Ok(())
}
