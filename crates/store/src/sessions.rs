//! Server-side sessions and the record of sign-in attempts used to
//! throttle guessing. Only hashes of session cookies are stored.

use crate::{DbTime, Result, StoreError, Tx, execute, on_backend};
use jiff::Timestamp;
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub user_id: i64,
    pub csrf_token: String,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(FromRow)]
struct SessionRow {
    user_id: i64,
    csrf_token: String,
    last_seen_at: DbTime,
    expires_at: DbTime,
}

pub async fn insert(tx: &mut Tx, token_hash: &str, user_id: i64, csrf_token: &str, now: Timestamp, expires_at: Timestamp) -> Result<()> {
    execute!(
        tx,
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)"
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(DbTime(now))
        .bind(DbTime(expires_at))
    )?;
    Ok(())
}

/// The session if it exists and has not expired.
pub async fn find_live(tx: &mut Tx, token_hash: &str, now: Timestamp) -> Result<Option<SessionRecord>> {
    let row: Option<SessionRow> = on_backend!(tx, c => sqlx::query_as(
        "SELECT user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash).bind(DbTime(now)).fetch_optional(c).await)?;
    Ok(row.map(|r| SessionRecord {
        user_id: r.user_id,
        csrf_token: r.csrf_token,
        last_seen_at: r.last_seen_at.to_jiff(),
        expires_at: r.expires_at.to_jiff(),
    }))
}

/// Slides the idle expiry forward.
pub async fn touch(tx: &mut Tx, token_hash: &str, now: Timestamp, expires_at: Timestamp) -> Result<()> {
    execute!(
        tx,
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(DbTime(now))
            .bind(DbTime(expires_at))
            .bind(token_hash)
    )?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, token_hash: &str) -> Result<()> {
    execute!(tx, sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash))?;
    Ok(())
}

/// Signs a person out everywhere, e.g. after a password change or deactivation,
/// keeping the session given (if any).
pub async fn delete_for_user(tx: &mut Tx, user_id: i64, keep_token_hash: Option<&str>) -> Result<u64> {
    let done = execute!(
        tx,
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2").bind(user_id).bind(keep_token_hash.unwrap_or(""))
    )?;
    Ok(done)
}

pub async fn purge_expired(tx: &mut Tx, now: Timestamp) -> Result<u64> {
    let done = execute!(tx, sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(DbTime(now)))?;
    Ok(done)
}

pub async fn record_sign_in_attempt(tx: &mut Tx, username: &str, client_ip: Option<&str>, now: Timestamp, succeeded: bool) -> Result<()> {
    execute!(
        tx,
        sqlx::query("INSERT INTO sign_in_attempts (username, client_ip, attempted_at, succeeded) VALUES ($1, $2, $3, $4)")
            .bind(username)
            .bind(client_ip)
            .bind(DbTime(now))
            .bind(succeeded)
    )?;
    Ok(())
}

/// The newest failed attempts for `username` since its last success, newest first.
pub async fn recent_failures(tx: &mut Tx, username: &str, limit: i64) -> Result<Vec<Timestamp>> {
    let times: Vec<DbTime> = on_backend!(tx, c => sqlx::query_scalar(
        "SELECT f.attempted_at FROM sign_in_attempts f
         WHERE f.username = $1 AND NOT f.succeeded
           AND NOT EXISTS (SELECT 1 FROM sign_in_attempts s WHERE s.username = $1 AND s.succeeded AND s.attempted_at >= f.attempted_at)
         ORDER BY f.attempted_at DESC LIMIT $2")
        .bind(username).bind(limit).fetch_all(c).await)?;
    Ok(times.into_iter().map(DbTime::to_jiff).collect())
}

/// People with a live session now.
pub async fn count_signed_in(tx: &mut Tx, now: Timestamp) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM sessions WHERE expires_at > $1")
        .bind(DbTime(now)).fetch_one(c).await)
    .map_err(StoreError::from)
}
