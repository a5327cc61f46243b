//! API bearer tokens, stored as hashes.

use crate::{DbTime, Result, StoreError, Tx, on_backend};
use jiff::Timestamp;

pub async fn insert(tx: &mut Tx, user_id: i64, token_hash: &str, label: &str, now: Timestamp) -> Result<i64> {
    on_backend!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id).bind(token_hash).bind(label).bind(DbTime(now)).fetch_one(c).await)
    .map_err(StoreError::from)
}
