//! Test: every year of the official GOV.UK list, in every division, against
//! the rules generator. They must agree exactly (date and title) except for
//! the known differences below, so a broken generator, a wrong title or a
//! refreshed feed with a new proclamation all fail here.

use super::days;
use super::holidays::BankHoliday;
use super::official;
use super::rules;
use crate::nation::Nation;
use jiff::civil::{Date, date};
use std::collections::BTreeSet;

/// Which side has an entry the other lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Only {
    Official,
    Rules,
}

const EW: Nation = Nation::EnglandAndWales;
const SC: Nation = Nation::Scotland;
const NI: Nation = Nation::NorthernIreland;
const ALL: &[Nation] = &[EW, SC, NI];

/// Known differences: (nations, date, which side, title on that side).
const EXCEPTIONS: &[(&[Nation], Date, Only, &str)] = &[
    // 2012: spring holiday moved from 28 May to 4 June and an extra day for
    // the Queen's Diamond Jubilee, by proclamation.
    (ALL, date(2012, 5, 28), Only::Rules, "Spring bank holiday"),
    (&[EW, SC], date(2012, 6, 4), Only::Official, "Spring bank holiday (substitute day)"),
    // Feed quirk: Northern Ireland's entry for the same moved day has no
    // "Substitute day" note, unlike the other two divisions.
    (&[NI], date(2012, 6, 4), Only::Official, "Spring bank holiday"),
    (ALL, date(2012, 6, 5), Only::Official, "Queen’s Diamond Jubilee"),
    // 2020: early May holiday moved from Monday 4 to Friday 8 May (VE Day 75).
    (ALL, date(2020, 5, 4), Only::Rules, "Early May bank holiday"),
    (ALL, date(2020, 5, 8), Only::Official, "Early May bank holiday (VE day)"),
    // 2022: spring holiday moved from 30 May to Thursday 2 June, plus the
    // Platinum Jubilee on Friday 3 June and the State Funeral on 19 September.
    (ALL, date(2022, 5, 30), Only::Rules, "Spring bank holiday"),
    (ALL, date(2022, 6, 2), Only::Official, "Spring bank holiday"),
    (ALL, date(2022, 6, 3), Only::Official, "Platinum Jubilee bank holiday"),
    (ALL, date(2022, 9, 19), Only::Official, "Bank Holiday for the State Funeral of Queen Elizabeth II"),
    // 2023: the Coronation, Monday 8 May.
    (ALL, date(2023, 5, 8), Only::Official, "Bank holiday for the coronation of King Charles III"),
    // Feed quirk, titles only (the dates agree): 1 Jan 2023 was a Sunday and
    // the feed calls Mon 2 Jan "New Year's Day (substitute)" and Tue 3 Jan
    // "2nd January (substitute)". In 2012 and 2017, the same calendar, it
    // calls 2 Jan "2nd January" and 3 Jan the New Year substitute, which is
    // what the rules produce.
    (&[SC], date(2023, 1, 2), Only::Official, "New Year’s Day (substitute day)"),
    (&[SC], date(2023, 1, 2), Only::Rules, "2nd January"),
    (&[SC], date(2023, 1, 3), Only::Official, "2nd January (substitute day)"),
    (&[SC], date(2023, 1, 3), Only::Rules, "New Year’s Day (substitute day)"),
];

type Entry = (Nation, Date, Only, String);

fn entries(list: &[BankHoliday]) -> BTreeSet<(Date, String)> {
    list.iter().map(|h| (h.date, h.title.clone())).collect()
}

#[test]
fn official_years_match_the_rules_except_known_proclamations() {
    let official = official::get();
    let years = official.years();
    assert_eq!(years, 2012..=2028, "embedded list changed: review EXCEPTIONS");

    let mut found: BTreeSet<Entry> = BTreeSet::new();
    for nation in Nation::ALL {
        for year in years.clone() {
            let listed = entries(official.holidays(nation, year).unwrap_or_default());
            let generated = entries(&rules::generate(nation, year));
            assert!(!listed.is_empty() && !generated.is_empty(), "{nation} {year}");
            for (d, t) in listed.difference(&generated) {
                found.insert((nation, *d, Only::Official, t.clone()));
            }
            for (d, t) in generated.difference(&listed) {
                found.insert((nation, *d, Only::Rules, t.clone()));
            }
        }
    }

    let expected: BTreeSet<Entry> =
        EXCEPTIONS.iter().flat_map(|(nations, d, only, t)| nations.iter().map(move |&n| (n, *d, *only, (*t).to_owned()))).collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    let stale: Vec<_> = expected.difference(&found).collect();
    assert!(unexpected.is_empty(), "rules and official list disagree: {unexpected:#?}");
    assert!(stale.is_empty(), "exceptions no longer seen, remove them: {stale:#?}");
}

#[test]
fn every_official_holiday_is_a_weekday() {
    let official = official::get();
    for nation in Nation::ALL {
        for year in official.years() {
            for h in official.holidays(nation, year).unwrap_or_default() {
                assert!(!days::is_weekend_date(h.date), "{nation} {}", h.date);
            }
        }
    }
}

#[test]
fn a_broken_generator_would_be_caught() {
    // Sanity check of the check itself: shifting one generated year by a day
    // must produce differences the exceptions table does not excuse.
    let listed = entries(official::get().holidays(EW, 2025).unwrap_or_default());
    let shifted: BTreeSet<(Date, String)> = rules::generate(EW, 2025).into_iter().map(|h| (days::add_days(h.date, 1), h.title)).collect();
    assert_eq!(listed.difference(&shifted).count(), 8);
    assert_eq!(listed, entries(&rules::generate(EW, 2025)));
}
