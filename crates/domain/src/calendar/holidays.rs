//! The bank holidays of a division in a year: from the official GOV.UK list
//! where it covers the year, otherwise from the rules; and the "any part of
//! the UK" union.

use super::division::Division;
use super::official::{self, Official};
use super::rules;
use crate::nation::Nation;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// Appended to a holiday's title when it is observed on another day,
/// as GOV.UK shows it ("Boxing Day (substitute day)").
pub(crate) const SUBSTITUTE_SUFFIX: &str = " (substitute day)";

/// Where a holiday came from, so screens can say "from GOV.UK" or
/// "calculated; check for proclamations".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HolidaySource {
    /// The embedded copy of the GOV.UK bank-holidays list.
    Official,
    /// Generated from the statutory rules; cannot know one-off proclamations.
    Rules,
}

/// One bank holiday (or substitute day) in one division.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BankHoliday {
    pub date: Date,
    pub title: String,
    pub source: HolidaySource,
}

/// The years the embedded official list covers (2012..=2028 today). Other
/// years come from the rules. Empty if the embedded list could not be read.
pub fn official_years() -> RangeInclusive<i16> {
    official::get().years()
}

/// The bank holidays of `division` in `year`, sorted by date. For
/// [`Division::UnitedKingdom`] there is one entry per date; a date that is
/// not a holiday everywhere names the parts it is a holiday in, e.g.
/// "St Patrick’s Day (Northern Ireland)".
pub fn bank_holidays(division: Division, year: i16) -> Vec<BankHoliday> {
    bank_holidays_from(official::get(), division, year)
}

/// [`bank_holidays`] against a given official list, so tests can check the
/// fallback when the list is missing.
pub(crate) fn bank_holidays_from(official: &Official, division: Division, year: i16) -> Vec<BankHoliday> {
    // jiff dates run from -9999 to 9999; there is nothing to say outside.
    if !(Date::MIN.year()..=Date::MAX.year()).contains(&year) {
        return Vec::new();
    }
    let per_nation = division.nations().iter().map(|&nation| {
        let list = match official.holidays(nation, year) {
            Some(list) => list.to_vec(),
            None => rules::generate(nation, year),
        };
        (nation, list)
    });
    match division {
        Division::UnitedKingdom => merge(per_nation.collect()),
        _ => per_nation.flat_map(|(_, list)| list).collect(),
    }
}

/// One entry per date across the nations, titles merged so a reader can
/// tell which parts of the UK are off.
fn merge(per_nation: Vec<(Nation, Vec<BankHoliday>)>) -> Vec<BankHoliday> {
    // date → (title → nations observing it under that title), in the order
    // the nations were given, so titles come out in a stable order.
    let mut by_date: BTreeMap<Date, Vec<(String, Vec<Nation>)>> = BTreeMap::new();
    let mut any_rules: BTreeMap<Date, bool> = BTreeMap::new();
    for (nation, list) in per_nation {
        for h in list {
            *any_rules.entry(h.date).or_default() |= h.source == HolidaySource::Rules;
            let titles = by_date.entry(h.date).or_default();
            match titles.iter_mut().find(|(t, _)| *t == h.title) {
                Some((_, nations)) => nations.push(nation),
                None => titles.push((h.title, vec![nation])),
            }
        }
    }
    by_date
        .into_iter()
        .map(|(date, titles)| {
            let title = titles
                .into_iter()
                .map(|(title, nations)| {
                    if nations.len() == Nation::ALL.len() {
                        title
                    } else {
                        let parts: Vec<&str> = nations.iter().map(|n| n.label()).collect();
                        format!("{title} ({})", parts.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            // Within one year every nation has the same source; if that ever
            // changes, "rules" is the honest label for a mixed entry.
            let rules = any_rules.get(&date).copied().unwrap_or(false);
            let source = if rules { HolidaySource::Rules } else { HolidaySource::Official };
            BankHoliday { date, title, source }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn find(list: &[BankHoliday], d: Date) -> Option<&BankHoliday> {
        list.iter().find(|h| h.date == d)
    }

    #[test]
    fn official_years_come_from_the_embedded_list() {
        assert_eq!(official_years(), 2012..=2028);
        assert!(bank_holidays(Division::Scotland, 2025).iter().all(|h| h.source == HolidaySource::Official));
        assert!(bank_holidays(Division::Scotland, 2029).iter().all(|h| h.source == HolidaySource::Rules));
        assert!(bank_holidays(Division::Scotland, 2011).iter().all(|h| h.source == HolidaySource::Rules));
    }

    #[test]
    fn proclamations_are_in_official_years() {
        let ew = bank_holidays(Division::EnglandAndWales, 2022);
        assert_eq!(ew.len(), 10);
        assert!(find(&ew, date(2022, 9, 19)).is_some(), "State Funeral");
        assert!(find(&ew, date(2022, 6, 3)).is_some(), "Platinum Jubilee");
        assert!(find(&ew, date(2022, 5, 30)).is_none(), "spring holiday moved to 2 June");
        let ni = bank_holidays(Division::NorthernIreland, 2020);
        assert!(find(&ni, date(2020, 5, 8)).is_some() && find(&ni, date(2020, 5, 4)).is_none());
        assert!(find(&bank_holidays(Division::Scotland, 2023), date(2023, 5, 8)).is_some());
    }

    #[test]
    fn official_substitutes_are_titled_like_generated_ones() {
        let ew = bank_holidays(Division::EnglandAndWales, 2021);
        assert_eq!(find(&ew, date(2021, 12, 27)).unwrap().title, "Christmas Day (substitute day)");
        assert_eq!(find(&ew, date(2021, 12, 28)).unwrap().title, "Boxing Day (substitute day)");
    }

    #[test]
    fn united_kingdom_is_the_union_one_entry_per_date() {
        for year in [2024, 2026, 2033] {
            let uk = bank_holidays(Division::UnitedKingdom, year);
            assert!(uk.windows(2).all(|w| w[0].date < w[1].date), "{year}");
            for d in [Division::EnglandAndWales, Division::Scotland, Division::NorthernIreland] {
                for h in bank_holidays(d, year) {
                    assert!(find(&uk, h.date).is_some(), "{year} {d} {}", h.date);
                }
            }
        }
        let uk = bank_holidays(Division::UnitedKingdom, 2026);
        let title = |d| find(&uk, d).map(|h| h.title.clone()).unwrap_or_default();
        assert_eq!(title(date(2026, 1, 1)), "New Year’s Day");
        assert_eq!(title(date(2026, 1, 2)), "2nd January (Scotland)");
        assert_eq!(title(date(2026, 3, 17)), "St Patrick’s Day (Northern Ireland)");
        assert_eq!(title(date(2026, 4, 6)), "Easter Monday (England and Wales, Northern Ireland)");
        assert_eq!(title(date(2026, 7, 13)), "Battle of the Boyne (Orangemen’s Day) (substitute day) (Northern Ireland)");
        assert_eq!(title(date(2026, 8, 3)), "Summer bank holiday (Scotland)");
        assert_eq!(title(date(2026, 8, 31)), "Summer bank holiday (England and Wales, Northern Ireland)");
        assert_eq!(title(date(2026, 11, 30)), "St Andrew’s Day (Scotland)");
        // 6 everywhere, 2 outside Scotland, 3 Scottish and 2 Northern Irish.
        assert_eq!(uk.len(), 13);
        // St Andrew's Day on a Sunday (2025) is observed on Monday 1 December.
        let uk25 = bank_holidays(Division::UnitedKingdom, 2025);
        assert_eq!(find(&uk25, date(2025, 12, 1)).unwrap().title, "St Andrew’s Day (substitute day) (Scotland)");
    }

    #[test]
    fn different_titles_on_one_date_are_both_named() {
        // 2 Jan 2012: England's New Year substitute, Scotland's 2nd January.
        let uk = bank_holidays(Division::UnitedKingdom, 2012);
        assert_eq!(
            find(&uk, date(2012, 1, 2)).unwrap().title,
            "New Year’s Day (substitute day) (England and Wales, Northern Ireland); 2nd January (Scotland)"
        );
    }

    #[test]
    fn missing_official_list_falls_back_to_rules() {
        let empty = Official::empty();
        assert!(empty.years().is_empty());
        let ew = bank_holidays_from(&empty, Division::EnglandAndWales, 2022);
        assert_eq!(ew, rules::generate(Nation::EnglandAndWales, 2022));
        let uk = bank_holidays_from(&empty, Division::UnitedKingdom, 2022);
        assert!(uk.iter().all(|h| h.source == HolidaySource::Rules));
    }

    #[test]
    fn years_outside_jiff_are_empty() {
        assert!(bank_holidays(Division::UnitedKingdom, i16::MAX).is_empty());
        assert!(bank_holidays(Division::EnglandAndWales, -10_000).is_empty());
        assert!(!bank_holidays(Division::EnglandAndWales, 9999).is_empty());
    }

    #[test]
    fn serialises_kebab_case() {
        let h = &bank_holidays(Division::EnglandAndWales, 2030)[0];
        let json = serde_json::to_value(h).unwrap();
        assert_eq!(json["source"], "rules");
        assert_eq!(json["date"], "2030-01-01");
    }
}
