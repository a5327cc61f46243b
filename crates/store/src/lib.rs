//! Casebook's persistence. One set of portable SQL (with `$N` placeholders,
//! which bundled SQLite accepts too) runs on either backend through
//! [`on_backend!`]; what cannot be portable lives in [`backend`].
//!
//! Every query runs inside a [`Tx`]: reads in a plain transaction, writes
//! in one that takes the write lock up front, so a use case sees one
//! consistent state and saves all or nothing.

pub mod aftercare;
pub mod audit;
pub mod backend;
pub mod bulk;
pub mod closures;
pub mod complaint_boxes;
pub mod complaint_responses; // complaint responses and letters (issue 4)
// Reports (issue 4): monthly summary columns, board list, dip samples
pub mod complaint_reports;
pub mod complaints;
pub mod contacts;
mod error;
mod filter;
pub mod frequent_callers;
pub mod merges;
pub mod people;
pub mod policies;
pub mod safeguarding;
pub mod sessions;
pub mod sites;
pub mod tasks;
pub mod telephony;
mod time;
pub mod tokens;
pub mod triage;
pub mod users;

pub use error::StoreError;
pub use time::DbTime;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A date column, readable and writable on both backends.
pub type DbDate = jiff_sqlx::Date;

/// Which database engine a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pool of connections to the one database Casebook uses.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on either backend; dropped without commit, it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Runs the same statement-building code against whichever backend the
/// transaction belongs to; `$c` is the backend's connection.
#[macro_export]
macro_rules! on_backend {
    ($tx:expr, $c:ident => $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Executes a statement on either backend, answering the number of rows it changed.
#[macro_export]
macro_rules! execute {
    ($tx:expr, $query:expr) => {
        $crate::on_backend!($tx, c => $query.execute(c).await.map(|r| r.rows_affected()))
    };
}

impl Db {
    /// Opens the database named by `url` (`sqlite:…` or `postgres://…`) and
    /// brings its schema up to date.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Db::Postgres(backend::postgres::connect(url).await?)
        } else {
            Db::Sqlite(backend::sqlite::connect(url).await?)
        };
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies any migrations not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../../migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("../../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// A transaction for reading.
    pub async fn read(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A transaction for a use case that writes. On SQLite it takes the
    /// write lock at once, so two writers queue instead of failing midway.
    pub async fn write(&self) -> Result<Tx> {
        Ok(match self {
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// True when the database answers a trivial query (for `/readyz`).
    pub async fn is_ready(&self) -> bool {
        match self {
            Db::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.is_ok(),
            Db::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.is_ok(),
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Fresh databases for tests: a temporary SQLite file, or, when
/// `CASEBOOK_TEST_DATABASE_URL` names a PostgreSQL server, a new schema
/// of its own in that database, so tests can run in parallel.
pub mod testing {
    use crate::{Db, Result};

    /// A migrated, empty database that lives as long as this value.
    pub struct TestDb {
        pub db: Db,
        pub url: String,
        _dir: Option<TempDir>,
    }

    /// A temporary directory removed on drop (kept small to avoid a dependency).
    struct TempDir(std::path::PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn unique_name() -> String {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        format!("{}_{}_{}", std::process::id(), nanos, COUNTER.fetch_add(1, Ordering::Relaxed))
    }

    impl TestDb {
        pub async fn new() -> Result<TestDb> {
            match std::env::var("CASEBOOK_TEST_DATABASE_URL") {
                Ok(base) if !base.is_empty() => Self::postgres(&base).await,
                _ => Self::sqlite().await,
            }
        }

        pub async fn sqlite() -> Result<TestDb> {
            let dir = std::env::temp_dir().join(format!("casebook-test-{}", unique_name()));
            std::fs::create_dir_all(&dir).map_err(|e| crate::StoreError::Corrupt(format!("temp dir: {e}")))?;
            let url = format!("sqlite://{}", dir.join("casebook.db").display());
            let db = Db::connect(&url).await?;
            db.migrate().await?;
            Ok(TestDb { db, url, _dir: Some(TempDir(dir)) })
        }

        /// A schema of its own, selected through the connection's search path.
        pub async fn postgres(base: &str) -> Result<TestDb> {
            let schema = format!("t_{}", unique_name());
            let admin = Db::connect(base).await?;
            if let Db::Postgres(pool) = &admin {
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}"))).execute(pool).await?;
            }
            admin.close().await;
            let separator = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
            let db = Db::connect(&url).await?;
            db.migrate().await?;
            Ok(TestDb { db, url, _dir: None })
        }
    }
}
