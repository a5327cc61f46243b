//! Time limits: one engine for every clock in Casebook (complaints, customer
//! conduct, frequent-caller reviews). A clock runs in working days on the
//! site's calendar, in calendar days, in weeks or in hours.

use serde::{Deserialize, Serialize};

/// The unit a time limit is counted in, as the procedures word them
/// ("within 2 working days", "within 7 days", "12 weeks", "6 hours").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    WorkingDays,
    CalendarDays,
    Weeks,
    Hours,
}

/// How long a time limit is: an amount of a unit. Zero working days means
/// "on the same day" (e.g. allocate on the day of logging).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
