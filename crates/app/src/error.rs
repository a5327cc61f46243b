//! Errors a use case can end with. They carry no HTTP: the web crate
//! decides how each looks on a page or in the API.

use casebook_domain::validation::FieldErrors;
use casebook_store::StoreError;
use jiff::Timestamp;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input was wrong; each problem names its field.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Someone else saved a change first; reload and try again.
    #[error("{0} was changed by someone else while you were editing it")]
    StaleEdit(&'static str),
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed sign-ins; try again after {until}")]
    Throttled { until: Timestamp },
    #[error("not allowed")]
    Forbidden,
    #[error("the audit trail is broken: {0}")]
    AuditBroken(String),
    #[error(transparent)]
    Store(StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound("record"),
            StoreError::StaleVersion => AppError::StaleEdit("the record"),
            other => AppError::Store(other),
        }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(FieldErrors::single(field, message))
    }
}
