//! STUB — being replaced by the calendar implementation (see helper task).
//! Working-day calendars for the UK's bank-holiday divisions.

use crate::nation::Nation;
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Division { EnglandAndWales, Scotland, NorthernIreland, UnitedKingdom }

impl Division {
    pub const ALL: [Division; 4] = [Division::EnglandAndWales, Division::Scotland, Division::NorthernIreland, Division::UnitedKingdom];
    pub fn slug(self) -> &'static str { match self { Division::EnglandAndWales => "england-and-wales", Division::Scotland => "scotland", Division::NorthernIreland => "northern-ireland", Division::UnitedKingdom => "united-kingdom" } }
    pub fn label(self) -> &'static str { self.slug() }
}
impl From<Nation> for Division { fn from(n: Nation) -> Self { match n { Nation::EnglandAndWales => Division::EnglandAndWales, Nation::Scotland => Division::Scotland, Nation::NorthernIreland => Division::NorthernIreland } } }
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown division \"{0}\"")]
pub struct UnknownDivision(pub String);
impl FromStr for Division { type Err = UnknownDivision; fn from_str(s: &str) -> Result<Self, Self::Err> { Division::ALL.into_iter().find(|d| d.slug() == s).ok_or_else(|| UnknownDivision(s.into())) } }

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HolidaySource { Official, Rules }

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankHoliday { pub date: Date, pub title: String, pub source: HolidaySource }

pub fn bank_holidays(_division: Division, _year: i16) -> Vec<BankHoliday> { Vec::new() }

#[derive(Debug, Clone)]
pub struct WorkingCalendar { division: Division, closures: Vec<Date> }
impl WorkingCalendar {
    pub fn new(division: Division) -> Self { Self { division, closures: Vec::new() } }
    pub fn with_closures(mut self, c: impl IntoIterator<Item = Date>) -> Self { self.closures.extend(c); self }
    pub fn division(&self) -> Division { self.division }
    pub fn is_working_day(&self, _d: Date) -> bool { true }
    pub fn add_working_days(&self, d: Date, _n: u32) -> Date { d }
    pub fn working_days_between(&self, _from: Date, _to: Date) -> i32 { 0 }
}
pub fn london_date(ts: Timestamp) -> Date { ts.to_zoned(jiff::tz::TimeZone::UTC).date() }
