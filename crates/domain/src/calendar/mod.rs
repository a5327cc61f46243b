//! Working-day calendars for the UK's bank-holiday divisions, and London
//! civil time: the ground every SLA deadline stands on.
//!
//! - [`bank_holidays`]: a division's holidays in a year, from the embedded
//!   GOV.UK list where it covers the year ([`official_years`]), otherwise
//!   from the statutory rules.
//! - [`WorkingCalendar`]: working-day arithmetic for one division plus a
//!   site's closure days ("within 20 working days").
//! - [`london_date`], [`end_of_day`], [`add_hours`]: instants are UTC, dates
//!   are London's.
//!
//! Which division a deadline uses depends on the instrument (FOIA excludes
//! holidays in any part of the UK), so each SLA policy names its own.

mod days;
mod division;
mod holidays;
mod london;
mod official;
mod rules;
mod table;
mod working;

#[cfg(test)]
mod official_vs_rules;
#[cfg(test)]
mod properties;

pub use division::{Division, UnknownDivision};
pub use holidays::{BankHoliday, HolidaySource, bank_holidays, official_years};
pub use london::{add_hours, end_of_day, london, london_date};
pub use working::{NonWorkingReason, WorkingCalendar};
