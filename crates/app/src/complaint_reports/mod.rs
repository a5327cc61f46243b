//! Complaint reports (issue 4): what a site's monitoring board may see
//! ([`board`]), the monthly summary per site ([`summary`]) and the monthly
//! dip sample of responses with its findings ([`dip_samples`]).
//!
//! The rules live in `casebook_domain::complaints::{board, monthly_summary,
//! dip_sample}`; these use cases load, ask the domain, and save with the
//! audit event in one transaction.

pub mod board;
pub mod demo;
pub mod dip_samples;
pub mod summary;

use casebook_domain::access::{Role, Roles};

/// The monitoring board's role, alone: its routes admit no one else.
pub const BOARD: Roles = Roles::of(&[Role::MonitoringBoard]);

/// Who reads the summary and works the dip sample: the complaint handlers
/// (compliance officers, managers and senior reviewers, who include every
/// report reader).
pub const REPORTERS: Roles = Roles::COMPLAINT_HANDLERS;
