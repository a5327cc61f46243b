//! API bearer tokens, stored as hashes.

use crate::{DbTime, Result, StoreError, Tx, on_backend};
use jiff::Timestamp;

pub async fn insert(tx: &mut Tx, user_id: i64, token_hash: &str, label: &str, now: Timestamp) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id).bind(token_hash).bind(label).bind(DbTime(now)).fetch_one(c).await)
    .map_err(StoreError::from)
}

/// The user a live (unrevoked) token belongs to.
pub async fn find_user(tx: &mut Tx, token_hash: &str) -> Result<Option<(i64, i64)>> {
    on_backend!(tx, c => sqlx::query_as("SELECT id, user_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash).fetch_optional(c).await)
    .map_err(StoreError::from)
}
