//! PostgreSQL specifics: the pool, and the row lock that serialises
//! appends to the audit chain.

use crate::Result;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use std::time::Duration;

pub async fn connect(url: &str) -> Result<PgPool> {
    let pool = PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect(url).await?;
    Ok(pool)
}

/// Advice for PostgreSQL backups: they belong to the database's own tools.
pub const BACKUP_GUIDANCE: &str = "PostgreSQL backups are taken with the server's own tools, which are consistent while Casebook runs:\n  pg_dump --format=custom --file=casebook.dump \"$DATABASE_URL\"\nRestore with pg_restore --clean --dbname=\"$DATABASE_URL\" casebook.dump. For point-in-time recovery use WAL archiving (pg_basebackup).";
