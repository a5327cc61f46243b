//! The only SQL that differs between backends: connection setup, locking
//! the audit chain, and backups. Everything else is shared.

pub mod postgres;
pub mod sqlite;

use crate::Backend;

/// Reads the audit chain's head and, on PostgreSQL, locks it until the
/// transaction ends so concurrent appends queue. SQLite's write
/// transaction already holds the database's single write lock.
pub fn lock_audit_head_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT seq, hash FROM audit_chain_head WHERE id = 1",
        Backend::Postgres => "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE",
    }
}
