//! Time limits: one engine for every clock in Casebook (complaints, customer
//! conduct, frequent-caller reviews). A clock runs in working days on the
//! site's calendar, in calendar days, in weeks or in hours.
//!
//! - [`due_at`]: when "within N units of an event" falls due, in London time.
//! - [`Clock`]: a rule plus the events that started, paused, resumed,
//!   extended, met or cancelled it; bad sequences are refused.
//! - [`ClockStatus`] and [`WorkBucket`]: where a clock stands at `now`,
//!   ordered by urgency for work lists.
//! - [`RecurringObligation`]: "an update at least every 4 weeks after 12".
//! - [`Compliance`]: on time, late, overdue and cancelled counts for reports.
//!
//! The semantics, with worked examples, are in `docs/deadlines.md`.

mod clock;
#[cfg(test)]
mod clock_tests;
mod compliance;
mod due;
mod recurring;
mod status;

#[cfg(test)]
mod properties;

pub use clock::{Clock, ClockError, ClockEvent, ClockRule, DueCause, DueChange};
pub use compliance::Compliance;
pub use due::due_at;
pub use recurring::{NextUpdate, RecurringError, RecurringObligation};
pub use status::{ClockStatus, WorkBucket};

use crate::calendar::london;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An instant as people in the office read it, for messages: London time.
fn when(ts: &Timestamp) -> String {
    ts.to_zoned(london()).strftime("%-d %B %Y %H:%M").to_string()
}

/// The unit a time limit is counted in, as the procedures word them
/// ("within 2 working days", "within 7 days", "12 weeks", "6 hours").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    WorkingDays,
    CalendarDays,
    Weeks,
    Hours,
}

/// How long a time limit is: an amount of a unit. Zero working days means
/// "on the same day" (e.g. allocate on the day of logging).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub amount: u32,
    pub unit: PeriodUnit,
}

impl Period {
    pub const fn working_days(amount: u32) -> Self {
        Period { amount, unit: PeriodUnit::WorkingDays }
    }
    pub const fn calendar_days(amount: u32) -> Self {
        Period { amount, unit: PeriodUnit::CalendarDays }
    }
    pub const fn weeks(amount: u32) -> Self {
        Period { amount, unit: PeriodUnit::Weeks }
    }
    pub const fn hours(amount: u32) -> Self {
        Period { amount, unit: PeriodUnit::Hours }
    }
}

/// As people say it: "1 working day", "20 working days", "7 days",
/// "12 weeks", "6 hours".
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            PeriodUnit::WorkingDays => ("working day", "working days"),
            PeriodUnit::CalendarDays => ("day", "days"),
            PeriodUnit::Weeks => ("week", "weeks"),
            PeriodUnit::Hours => ("hour", "hours"),
        };
        write!(f, "{} {}", self.amount, if self.amount == 1 { one } else { many })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_as_people_say_them() {
        assert_eq!(Period::working_days(1).to_string(), "1 working day");
        assert_eq!(Period::working_days(20).to_string(), "20 working days");
        assert_eq!(Period::working_days(0).to_string(), "0 working days");
        assert_eq!(Period::calendar_days(7).to_string(), "7 days");
        assert_eq!(Period::weeks(1).to_string(), "1 week");
        assert_eq!(Period::hours(48).to_string(), "48 hours");
    }

    #[test]
    fn periods_serialise_in_kebab_case() {
        let json = serde_json::to_value(Period::working_days(2)).unwrap();
        assert_eq!(json, serde_json::json!({"amount": 2, "unit": "working-days"}));
        let back: Period = serde_json::from_value(serde_json::json!({"amount": 6, "unit": "hours"})).unwrap();
        assert_eq!(back, Period::hours(6));
    }
}
