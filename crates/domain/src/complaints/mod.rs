//! Complaints: the procedures that govern them, as data an office can edit.
//!
//! A [`procedure::Procedure`] holds the categories, investigators, time
//! limits, escalation routes, redirects and referrals; the presets hold the
//! numbers of a real procedure (the detention complaints order) and of a
//! generic two-stage one. The workflow and the deadline engine read the
//! procedure through its lookups instead of hard-coding a rule.

pub mod box_log;
pub mod clocks;
pub mod complaint;
mod events;
pub mod lookups;
mod part_commands;
pub mod parts;
pub mod preset_detention;
pub mod preset_two_stage;
pub mod procedure;
pub mod receipt;
pub mod record;
pub mod reference;
pub mod triage;
mod validate;
pub mod worklist;

pub use lookups::{ApplicableLimit, InTimeCheck, LookupError};

#[cfg(test)]
mod preset_tests;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod workflow_properties;

pub use procedure::Procedure;
pub use validate::{MONTHS_MAX, period_max, period_min};

/// The built-in procedures, for the administrator to start from.
pub fn presets() -> Vec<Procedure> {
    vec![preset_detention::preset(), preset_two_stage::preset()]
}
