//! Random tokens and password hashes. Tokens are shown once and stored
//! only as SHA-256 hashes; passwords are hashed with Argon2id.

use crate::{AppError, Result};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// 256 random bits as hex.
pub(crate) fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Tokens carry 256 random bits, so a fast hash is enough to store them safely.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id with the crate's defaults (OWASP's minimum: 19 MiB, 2 passes).
/// Runs on a blocking thread: it is deliberately slow.
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing task failed: {e}")))?
}

pub(crate) async fn verify_password(password: String, stored: Option<String>) -> bool {
    // Hash against a dummy when there is no account, so timing does not reveal which usernames exist.
    let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
    tokio::task::spawn_blocking(move || match PasswordHash::new(&stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    })
    .await
    .unwrap_or(false)
}

/// Argon2id hash of a random, forgotten password, made once.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| Argon2::default().hash_password(random_token().as_bytes()).map(|h| h.to_string()).unwrap_or_default());
