//! Complaints: the procedures that govern them, as data an office can edit.
//!
//! A [`procedure::Procedure`] holds the categories, investigators, time
//! limits, escalation routes, redirects and referrals; the presets hold the
//! numbers of a real procedure (the detention complaints order) and of a
//! generic two-stage one. The workflow and the deadline engine read the
//! procedure through its lookups instead of hard-coding a rule.
//!
//! The workflow: a complaint is received ([`receipt`], [`box_log`]),
//! triaged ([`triage`]), logged and allocated in one or more parts, and
//! moves through its states in a pure state machine ([`complaint`],
//! [`parts`]); its clocks are built from its history ([`clocks`]) and
//! bucketed into work lists ([`worklist`]).
//!
//! The responder's side: a response is drafted against the order's
//! checklist, signed off by a more senior reviewer, sent and its outcome
//! recorded ([`response`]); a complainant may withdraw at any stage
//! ([`withdrawal`]); the monitoring board sees only what the complainant
//! agreed to share ([`board`]); the letters are plain-text templates filled
//! from checked merge fields ([`letters`]).
//!
//! What happens after the response lives in its own small state machines,
//! each a pure function of (state, command, now): escalation to an
//! ombudsman, decisions to end correspondence with a persistent complainant
//! (the right to complain is never withdrawn), ex-gratia payments and their
//! register, lessons-learned actions, and the officers complained about,
//! with their rolling count of substantiated complaints and any suspension
//! of certification.

pub mod board;
pub mod box_log;
pub mod clocks;
pub mod complaint;
// Reports (issue 4): the monthly dip sample of responses
pub mod dip_sample;
// Scale (issue 4): running clocks as a store indexes them.
pub mod deadline_index;
mod events;
pub mod ex_gratia;
pub mod lessons;
pub mod letters;
pub mod lookups;
// Reports (issue 4): the monthly summary per site
pub mod monthly_summary;
pub mod officers;
pub mod ombudsman;
mod part_commands;
pub mod parts;
pub mod persistent;
pub mod preset_detention;
pub mod preset_two_stage;
pub mod procedure;
pub mod receipt;
pub mod record;
pub mod reference;
pub mod response;
pub mod triage;
mod validate;
pub mod withdrawal;
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
