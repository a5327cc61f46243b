//! The embedded copy of the GOV.UK bank-holidays list
//! (`data/bank-holidays.json`, from https://www.gov.uk/bank-holidays.json),
//! parsed once on first use.
//!
//! The list is the authority for the years it covers because it includes
//! proclamations no rule can predict. It is compiled in rather than fetched
//! so the domain stays free of IO; refreshing it means replacing the file.

use super::holidays::{BankHoliday, HolidaySource, SUBSTITUTE_SUFFIX};
use crate::nation::Nation;
use jiff::civil::Date;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

const FEED: &str = include_str!("../../data/bank-holidays.json");

/// Parsed once. If the embedded file were ever broken the list is empty and
/// every year falls back to the rules, rather than failing at run time.
static OFFICIAL: LazyLock<Official> = LazyLock::new(|| Official::parse(FEED).unwrap_or_else(|_| Official::empty()));

pub(crate) fn get() -> &'static Official {
    &OFFICIAL
}

/// The feed's shape: one entry per division, keyed by its slug.
#[derive(Deserialize)]
struct Feed {
    #[serde(rename = "england-and-wales")]
    england_and_wales: FeedDivision,
    scotland: FeedDivision,
    #[serde(rename = "northern-ireland")]
    northern_ireland: FeedDivision,
}

#[derive(Deserialize)]
struct FeedDivision {
    events: Vec<FeedEvent>,
}

#[derive(Deserialize)]
struct FeedEvent {
    title: String,
    date: Date,
    /// "Substitute day", "Extra bank holiday" or empty.
    #[serde(default)]
    notes: String,
}

/// The official holidays, per nation and year.
#[derive(Debug, Clone)]
pub(crate) struct Official {
    /// Indexed like `Nation::ALL`.
    by_nation: [BTreeMap<i16, Vec<BankHoliday>>; 3],
    years: RangeInclusive<i16>,
}

impl Official {
    /// No official data: every year comes from the rules.
    pub(crate) fn empty() -> Self {
        Official { by_nation: Default::default(), years: no_years() }
    }

    pub(crate) fn parse(json: &str) -> Result<Self, serde_json::Error> {
        let feed: Feed = serde_json::from_str(json)?;
        let by_nation = [feed.england_and_wales, feed.scotland, feed.northern_ireland].map(by_year);
        // Only years every nation has are official; a year missing from one
        // nation would otherwise silently lose all its holidays.
        let firsts: Option<Vec<i16>> = by_nation.iter().map(|m| m.keys().next().copied()).collect();
        let lasts: Option<Vec<i16>> = by_nation.iter().map(|m| m.keys().next_back().copied()).collect();
        let first = firsts.and_then(|v| v.into_iter().max());
        let last = lasts.and_then(|v| v.into_iter().min());
        let years = match (first, last) {
            (Some(first), Some(last)) if first <= last => first..=last,
            _ => no_years(),
        };
        Ok(Official { by_nation, years })
    }

    pub(crate) fn years(&self) -> RangeInclusive<i16> {
        self.years.clone()
    }

    /// The nation's official holidays in `year`, or `None` when the list
    /// does not cover that year.
    pub(crate) fn holidays(&self, nation: Nation, year: i16) -> Option<&[BankHoliday]> {
        if !self.years.contains(&year) {
            return None;
        }
        let map = self.by_nation.get(nation_index(nation))?;
        map.get(&year).map(Vec::as_slice).filter(|list| !list.is_empty())
    }
}

/// An empty range of years (1 to 0), for "the list covers nothing".
fn no_years() -> RangeInclusive<i16> {
    RangeInclusive::new(1, 0)
}

fn nation_index(nation: Nation) -> usize {
    match nation {
        Nation::EnglandAndWales => 0,
        Nation::Scotland => 1,
        Nation::NorthernIreland => 2,
    }
}

fn by_year(division: FeedDivision) -> BTreeMap<i16, Vec<BankHoliday>> {
    let mut map: BTreeMap<i16, Vec<BankHoliday>> = BTreeMap::new();
    for event in division.events {
        // The feed keeps "substitute" in a separate notes field; we fold it
        // into the title as GOV.UK's own pages do, so it reaches the reader.
        let title = if event.notes.trim().eq_ignore_ascii_case("substitute day") {
            format!("{}{SUBSTITUTE_SUFFIX}", event.title.trim())
        } else {
            event.title.trim().to_owned()
        };
        let holiday = BankHoliday { date: event.date, title, source: HolidaySource::Official };
        map.entry(event.date.year()).or_default().push(holiday);
    }
    for list in map.values_mut() {
        list.sort_by_key(|h| h.date);
        list.dedup_by_key(|h| h.date);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn embedded_feed_parses() {
        let official = Official::parse(FEED).unwrap();
        assert_eq!(official.years(), 2012..=2028);
        let ew = official.holidays(Nation::EnglandAndWales, 2023).unwrap();
        assert_eq!(ew.len(), 9, "8 plus the Coronation");
        assert!(official.holidays(Nation::EnglandAndWales, 2029).is_none());
        assert!(official.holidays(Nation::Scotland, 2011).is_none());
    }

    #[test]
    fn substitute_notes_become_part_of_the_title() {
        let official = Official::parse(FEED).unwrap();
        let ni = official.holidays(Nation::NorthernIreland, 2026).unwrap();
        let boyne = ni.iter().find(|h| h.date == date(2026, 7, 13)).unwrap();
        assert_eq!(boyne.title, "Battle of the Boyne (Orangemen’s Day) (substitute day)");
        // "Extra bank holiday" is not a substitute and is left out.
        let ew = official.holidays(Nation::EnglandAndWales, 2012).unwrap();
        assert!(ew.iter().any(|h| h.title == "Queen’s Diamond Jubilee"));
    }

    #[test]
    fn years_are_those_every_nation_covers() {
        let json = r#"{
          "england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "A", "date": "2020-01-01", "notes": "", "bunting": true},
            {"title": "B", "date": "2021-01-01", "notes": "", "bunting": true}]},
          "scotland": {"division": "scotland", "events": [
            {"title": "A", "date": "2021-01-01", "notes": "", "bunting": true}]},
          "northern-ireland": {"division": "northern-ireland", "events": [
            {"title": "A", "date": "2021-01-01"}]}
        }"#;
        let official = Official::parse(json).unwrap();
        assert_eq!(official.years(), 2021..=2021);
        assert!(official.holidays(Nation::EnglandAndWales, 2020).is_none());
    }

    #[test]
    fn broken_feed_is_an_error_not_a_panic() {
        assert!(Official::parse("{}").is_err());
        assert!(Official::parse("not json").is_err());
        assert!(Official::empty().holidays(Nation::Scotland, 2025).is_none());
    }
}
