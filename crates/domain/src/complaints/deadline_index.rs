//! The running clocks of a complaint as a store indexes them, so that a
//! site's work list and the sweep for breached clocks are range scans over
//! a million complaints instead of rebuilding every clock.
//!
//! The clocks themselves stay the source of truth: these entries are
//! derived from [`complaint_clocks`] on every save, and
//! [`IndexedClock::status`] answers exactly what the clock would
//! (`ClockStatus::running` on the same due and rule). Only running clocks
//! are kept: a paused, met, cancelled or unstarted clock is never on a
//! work list. A recurring clock owed later (updates every four weeks) is
//! kept from its start, which lies before it can first be listed.

use super::clocks::{Scope, complaint_clocks, reminder_for};
use super::complaint::Complaint;
use super::procedure::{BodyKind, Procedure};
use super::worklist::WorkItem;
use crate::calendar::{WorkingCalendar, london, london_date};
use crate::deadlines::{ClockRule, ClockStatus, Period, PeriodUnit};
use jiff::Timestamp;

/// One running clock, with the instants a store filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedClock {
    pub clock_key: String,
    pub label: String,
    /// The body that must act (the complaints unit before allocation).
    pub body: String,
    /// The part's named investigator.
    pub person: Option<i64>,
    pub due: Timestamp,
    /// The first instant the clock shows on a work list: its reminder
    /// lead or the start of its due day (London), whichever is earlier.
    pub listed_from: Timestamp,
    pub period: Period,
}

impl IndexedClock {
    /// Where the clock stands at `now`, as the clock itself would say
    /// (the calendar must be the site's, as when it was indexed).
    pub fn status(&self, cal: &WorkingCalendar, now: Timestamp) -> ClockStatus {
        ClockStatus::running(cal, ClockRule { period: self.period, reminder: reminder_for(self.period) }, self.due, now)
    }

    /// Breached: past its due and still running.
    pub fn is_breached(&self, now: Timestamp) -> bool {
        now > self.due
    }
}

/// The running clocks of `complaint`, from its history alone: the same
/// answer whenever asked until the complaint next changes.
pub fn indexed_clocks(procedure: &Procedure, cal: &WorkingCalendar, complaint: &Complaint) -> Vec<IndexedClock> {
    // `complaint_clocks` leaves out recurring clocks not yet owed at `now`;
    // asked at the end of time it includes every clock the history starts.
    let clocks = complaint_clocks(procedure, cal, complaint, Timestamp::MAX);
    let unit = procedure.bodies.iter().find(|b| b.kind == BodyKind::ComplaintsUnit).map(|b| b.key.clone()).unwrap_or_default();
    clocks
        .into_iter()
        .filter(|c| !c.clock.is_finished())
        .filter_map(|c| {
            let started = c.clock.started_at()?;
            let due = c.clock.due()?;
            if matches!(c.clock.status(cal, started), ClockStatus::Paused { .. }) {
                return None;
            }
            let part = match c.scope {
                Scope::Part { number } => complaint.part(number),
                Scope::Complaint => None,
            };
            let day_starts = start_of_london_day(due);
            let listed_from = c.clock.remind_from(cal).map_or(day_starts, |r| r.min(day_starts));
            Some(IndexedClock {
                clock_key: c.key,
                label: c.label,
                body: part.map_or_else(|| unit.clone(), |p| p.body.clone()),
                person: part.map(|p| p.investigator),
                due,
                listed_from,
                period: c.clock.rule().period,
            })
        })
        .collect()
}

/// A work-list line for an indexed clock at `now`.
pub fn work_item(
    complaint_id: i64,
    reference: Option<String>,
    site_id: i64,
    clock: &IndexedClock,
    cal: &WorkingCalendar,
    now: Timestamp,
) -> WorkItem {
    WorkItem {
        complaint_id,
        reference,
        site_id,
        body: clock.body.clone(),
        person: clock.person,
        clock_key: clock.clock_key.clone(),
        label: clock.label.clone(),
        status: clock.status(cal, now),
    }
}

/// 00:00 London time on the day of `ts`.
fn start_of_london_day(ts: Timestamp) -> Timestamp {
    london_date(ts).to_zoned(london()).map(|z| z.timestamp()).unwrap_or(ts)
}

/// A period unit as stored: `working-days`, `calendar-days`, `weeks`, `hours`.
pub fn unit_slug(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::WorkingDays => "working-days",
        PeriodUnit::CalendarDays => "calendar-days",
        PeriodUnit::Weeks => "weeks",
        PeriodUnit::Hours => "hours",
    }
}

/// The unit a stored slug names.
pub fn unit_from_slug(slug: &str) -> Option<PeriodUnit> {
    [PeriodUnit::WorkingDays, PeriodUnit::CalendarDays, PeriodUnit::Weeks, PeriodUnit::Hours].into_iter().find(|u| unit_slug(*u) == slug)
}

#[cfg(test)]
#[path = "deadline_index_tests.rs"]
mod tests;
