//! Casebook's use cases. Each public async function is one use case: it
//! opens one transaction, loads what it needs, asks the domain what to do,
//! saves the result and the audit event, and commits, or saves nothing.
//!
//! The web crate and the command line call these; neither touches the
//! store directly for anything that changes data.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod complaint_aftercare;
pub mod complaint_boxes;
pub mod complaint_procedures;
// Reports (issue 4): board view, monthly summary, dip sample
pub mod complaint_reports;
pub mod complaints;
mod contact_writer;
pub mod contacts;
pub mod demo;
mod error;
pub mod frequent_callers;
pub mod generate;
mod group_commit;
// Complaints at scale: generated complaints (issue 4)
pub mod generate_complaints;
pub mod home;
pub mod merges;
pub mod people;
pub mod policies;
pub mod safeguarding;
mod secrets;
pub mod sessions;
pub mod sites;
pub mod tasks;
pub mod telephony;
pub mod triage;
mod work;

pub use error::AppError;
pub use work::Work;

use casebook_domain::access::{Grade, Roles};
use casebook_store::Db;
use jiff::Timestamp;
use std::sync::Arc;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// Where the time comes from: the real clock in production, a fixed one in tests.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;
}

/// The system clock, truncated to microseconds so stored times round-trip exactly.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        truncate_to_micros(Timestamp::now())
    }
}

pub fn truncate_to_micros(ts: Timestamp) -> Timestamp {
    Timestamp::from_microsecond(ts.as_microsecond()).unwrap_or(ts)
}

/// Everything a use case needs from outside: the database, the clock and settings.
#[derive(Debug, Clone)]
pub struct App {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Settings,
    /// Contacts waiting to be committed together (group commit).
    contact_writer: Arc<contact_writer::ContactWriter>,
    /// Received complaints waiting to be committed together (group commit).
    complaint_writer: Arc<complaints::writer::ComplaintWriter>,
    /// Complaint procedures, parsed once per version.
    procedures: Arc<complaints::procedure_cache::ProcedureCache>,
}

/// Tunable numbers of the platform. Defaults are the production values.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A session ends after this long without activity.
    pub session_idle: jiff::SignedDuration,
    /// Failed sign-ins allowed within `throttle_window` before the account is paused.
    pub max_failed_sign_ins: i64,
    pub throttle_window: jiff::SignedDuration,
    /// The organisation named in the header of every page.
    pub organisation: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            session_idle: jiff::SignedDuration::from_hours(8),
            max_failed_sign_ins: 5,
            throttle_window: jiff::SignedDuration::from_mins(15),
            organisation: "Casebook".into(),
        }
    }
}

impl App {
    pub fn new(db: Db) -> Self {
        App {
            db,
            clock: Arc::new(SystemClock),
            settings: Settings::default(),
            contact_writer: Arc::default(),
            complaint_writer: Arc::default(),
            procedures: Arc::default(),
        }
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Starts a use case that writes, on behalf of `actor`.
    pub async fn begin(&self, actor: &Actor) -> Result<Work> {
        Work::begin(&self.db, actor.clone(), self.now()).await
    }
}

/// Who is doing something, for permission checks and the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub label: String,
    pub roles: Roles,
    pub grade: Option<Grade>,
    pub request_id: Option<String>,
}

impl Actor {
    /// The command line or a background job: acts with full authority and is recorded by name.
    pub fn system(label: &str) -> Actor {
        Actor { user_id: None, label: label.to_owned(), roles: Roles::everyone(), grade: None, request_id: None }
    }

    /// Refuses the use case unless the actor holds one of `roles`.
    pub fn require(&self, roles: Roles) -> Result<()> {
        if self.roles.intersects(roles) { Ok(()) } else { Err(AppError::Forbidden) }
    }

    pub fn user(user: &casebook_store::users::UserRecord, request_id: Option<String>) -> Actor {
        Actor { user_id: Some(user.id), label: user.username.clone(), roles: user.roles, grade: Some(user.grade), request_id }
    }
}
