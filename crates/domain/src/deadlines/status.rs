//! Where a clock stands at a moment, ordered by urgency so that work lists
//! can sort by it and bucket it ("overdue, due today, due soon").

use super::due::{late_by, within_lead};
use super::{ClockRule, Period, PeriodUnit};
use crate::calendar::{WorkingCalendar, london_date};
use jiff::Timestamp;
use serde::Serialize;

/// A clock's state at `now`. The variants are declared most urgent first,
/// and within one the earlier due (or event) sorts first, so sorting a work
/// list by status puts the longest-overdue item at the top.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum ClockStatus {
    /// Past its due; `by` in the clock's unit ("3 working days").
    Overdue {
        due: Timestamp,
        by: Period,
    },
    /// Due before the end of today (London).
    DueToday {
        due: Timestamp,
    },
    /// Within the rule's reminder lead of its due.
    DueSoon {
        due: Timestamp,
    },
    Running {
        due: Timestamp,
    },
    /// Waiting on something outside the office; time is not counting.
    Paused {
        since: Timestamp,
        reason: String,
    },
    NotStarted,
    MetLate {
        at: Timestamp,
        due: Timestamp,
        by: Period,
    },
    MetOnTime {
        at: Timestamp,
        due: Timestamp,
    },
    /// Stopped without being met or breached (e.g. complaint withdrawn).
    Cancelled {
        at: Timestamp,
        reason: String,
    },
}

/// The groups a work list shows, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkBucket {
    Overdue,
    DueToday,
    DueSoon,
    OnTrack,
    Paused,
    NotStarted,
    /// Met (on time or late) or cancelled: off the work list.
    Finished,
}

impl WorkBucket {
    pub fn label(self) -> &'static str {
        match self {
            WorkBucket::Overdue => "Overdue",
            WorkBucket::DueToday => "Due today",
            WorkBucket::DueSoon => "Due soon",
            WorkBucket::OnTrack => "On track",
            WorkBucket::Paused => "Paused",
            WorkBucket::NotStarted => "Not started",
            WorkBucket::Finished => "Finished",
        }
    }
}

impl ClockStatus {
    /// A running clock's status: overdue once `now` is past the due, due
    /// today on the due's London day, due soon inside the reminder lead.
    pub fn running(cal: &WorkingCalendar, rule: ClockRule, due: Timestamp, now: Timestamp) -> Self {
        if now > due {
            ClockStatus::Overdue { due, by: late_by(cal, rule.period.unit, due, now) }
        } else if london_date(now) == london_date(due) {
            ClockStatus::DueToday { due }
        } else if rule.reminder.is_some_and(|lead| within_lead(cal, due, now, lead)) {
            ClockStatus::DueSoon { due }
        } else {
            ClockStatus::Running { due }
        }
    }

    pub(super) fn met(cal: &WorkingCalendar, unit: PeriodUnit, due: Timestamp, at: Timestamp) -> Self {
        if at <= due { ClockStatus::MetOnTime { at, due } } else { ClockStatus::MetLate { at, due, by: late_by(cal, unit, due, at) } }
    }

    pub fn bucket(&self) -> WorkBucket {
        match self {
            ClockStatus::Overdue { .. } => WorkBucket::Overdue,
            ClockStatus::DueToday { .. } => WorkBucket::DueToday,
            ClockStatus::DueSoon { .. } => WorkBucket::DueSoon,
            ClockStatus::Running { .. } => WorkBucket::OnTrack,
            ClockStatus::Paused { .. } => WorkBucket::Paused,
            ClockStatus::NotStarted => WorkBucket::NotStarted,
            ClockStatus::MetLate { .. } | ClockStatus::MetOnTime { .. } | ClockStatus::Cancelled { .. } => WorkBucket::Finished,
        }
    }

    /// The due time the status is measured against, if it has one.
    pub fn due(&self) -> Option<Timestamp> {
        match self {
            ClockStatus::Overdue { due, .. }
            | ClockStatus::DueToday { due }
            | ClockStatus::DueSoon { due }
            | ClockStatus::Running { due }
            | ClockStatus::MetLate { due, .. }
            | ClockStatus::MetOnTime { due, .. } => Some(*due),
            ClockStatus::Paused { .. } | ClockStatus::NotStarted | ClockStatus::Cancelled { .. } => None,
        }
    }

    /// A short phrase for a work list: "3 working days overdue", "Met late
    /// (2 hours late)".
    pub fn summary(&self) -> String {
        match self {
            ClockStatus::Overdue { by, .. } => format!("{by} overdue"),
            ClockStatus::MetLate { by, .. } => format!("Met late ({by} late)"),
            ClockStatus::DueToday { .. } => "Due today".to_owned(),
            ClockStatus::DueSoon { .. } => "Due soon".to_owned(),
            ClockStatus::Running { .. } => "Running".to_owned(),
            ClockStatus::Paused { .. } => "Paused".to_owned(),
            ClockStatus::NotStarted => "Not started".to_owned(),
            ClockStatus::MetOnTime { .. } => "Met on time".to_owned(),
            ClockStatus::Cancelled { .. } => "Cancelled".to_owned(),
        }
    }
}
