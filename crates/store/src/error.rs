//! Errors from the store: the app layer turns `NotFound` and `Conflict`
//! into messages for people; `Database` is a fault to log, never to show.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique or foreign-key constraint refused the write; `constraint`
    /// names it so the caller can say which field clashed.
    #[error("conflicts with existing data ({constraint})")]
    Conflict { constraint: String },
    /// Someone else changed the record since it was read.
    #[error("the record was changed by someone else")]
    StaleVersion,
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
                StoreError::Conflict { constraint: db.constraint().map(str::to_owned).unwrap_or_else(|| db.message().to_owned()) }
            }
            _ => StoreError::Database(e),
        }
    }
}

impl StoreError {
    /// True when a unique constraint on `column` (or named after it) clashed.
    /// SQLite names the column ("users.username"), PostgreSQL the constraint ("users_username_key").
    pub fn is_conflict_on(&self, table: &str, column: &str) -> bool {
        match self {
            StoreError::Conflict { constraint } => {
                constraint.contains(&format!("{table}.{column}")) || constraint.contains(&format!("{table}_{column}"))
            }
            _ => false,
        }
    }
}

/// Parses an enum stored as text, reporting corrupt data rather than panicking.
pub(crate) fn parse_column<T: std::str::FromStr>(value: &str, column: &str) -> Result<T, StoreError> {
    value.parse().map_err(|_| StoreError::Corrupt(format!("{column} = {value:?}")))
}
