//! The only SQL that differs between backends: connection setup, locking
//! the audit chain, search, tuning for reports, and backups. Everything
//! else is shared.

pub mod postgres;
pub mod sqlite;

use crate::{Backend, Result};

/// Reads the audit chain's head and, on PostgreSQL, locks it until the
/// transaction ends so concurrent appends queue. SQLite's write
/// transaction already holds the database's single write lock.
pub fn lock_audit_head_sql(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "SELECT seq, hash FROM audit_chain_head WHERE id = 1",
        Backend::Postgres => "SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE",
    }
}

/// Readies the transaction for one large grouping (a report over hundreds
/// of thousands of rows): on PostgreSQL, room to hash it in memory and no
/// JIT compilation for a query that finishes sooner than it would compile.
/// SQLite needs nothing.
pub async fn for_large_grouping(tx: &mut crate::Tx) -> Result<()> {
    if let crate::Tx::Postgres(t) = tx {
        sqlx::query("SET LOCAL work_mem = '64MB'").execute(&mut **t).await?;
        sqlx::query("SET LOCAL jit = off").execute(&mut **t).await?;
    }
    Ok(())
}

/// A `WHERE` clause matching contacts whose subject or notes hold every word
/// of a search, stemmed ("behaviours" finds "behaviour"), with one `?` for
/// [`contact_search_terms`]. SQLite asks its FTS5 index, PostgreSQL its
/// tsvector column (migrations 0010).
pub fn contact_search_clause(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "id IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ?)",
        Backend::Postgres => "search @@ plainto_tsquery('english', ?)",
    }
}

/// What a person typed, as the backend's search terms; `None` when it has
/// no words. For FTS5 each word is quoted, so `AND`, `NEAR`, `*` or quotes
/// typed by a person are searched for as words, never run as operators.
pub fn contact_search_terms(backend: Backend, typed: &str) -> Option<String> {
    let words: Vec<&str> = typed.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" "),
        Backend::Postgres => words.join(" "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_quoted_for_fts5_so_typed_operators_are_only_words() {
        assert_eq!(contact_search_terms(Backend::Sqlite, "noise AND \"music\"*").as_deref(), Some(r#""noise" "AND" "music""#));
        assert_eq!(contact_search_terms(Backend::Postgres, "noise, music!").as_deref(), Some("noise music"));
        assert_eq!(contact_search_terms(Backend::Sqlite, " !?* "), None);
    }
}
