//! A sorted index of bank-holiday day numbers per division, built once on
//! first use, so "is this a holiday?" and "how many holidays between these
//! dates?" are binary searches. A deadline engine asks these thousands of
//! times per request.
//!
//! The index covers 1900–2200; dates outside it are answered by generating
//! the year on the spot (slower, but such dates do not occur in casework).

use super::days::{self, DayNumber};
use super::division::Division;
use super::holidays::bank_holidays;
use std::sync::LazyLock;

const FIRST_YEAR: i16 = 1900;
const LAST_YEAR: i16 = 2200;

/// One division's holidays that fall on weekdays (a holiday on a weekend
/// changes nothing about working days, and counting relies on this).
struct Index {
    days: Vec<DayNumber>,
    titles: Vec<Box<str>>,
}

impl Index {
    fn build(division: Division) -> Index {
        let mut days = Vec::new();
        let mut titles = Vec::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            for h in bank_holidays(division, year) {
                let day = days::from_date(h.date);
                // Lists are sorted per year and years ascend, so a plain
                // comparison keeps the index sorted and free of duplicates.
                if !days::is_weekend(day) && days.last().is_none_or(|&last| last < day) {
                    days.push(day);
                    titles.push(h.title.into_boxed_str());
                }
            }
        }
        Index { days, titles }
    }

    /// Number of indexed holidays on or before `day`.
    fn rank(&self, day: DayNumber) -> usize {
        self.days.partition_point(|&d| d <= day)
    }
}

static ENGLAND_AND_WALES: LazyLock<Index> = LazyLock::new(|| Index::build(Division::EnglandAndWales));
static SCOTLAND: LazyLock<Index> = LazyLock::new(|| Index::build(Division::Scotland));
static NORTHERN_IRELAND: LazyLock<Index> = LazyLock::new(|| Index::build(Division::NorthernIreland));
static UNITED_KINGDOM: LazyLock<Index> = LazyLock::new(|| Index::build(Division::UnitedKingdom));

fn index(division: Division) -> &'static Index {
    match division {
        Division::EnglandAndWales => &ENGLAND_AND_WALES,
        Division::Scotland => &SCOTLAND,
        Division::NorthernIreland => &NORTHERN_IRELAND,
        Division::UnitedKingdom => &UNITED_KINGDOM,
    }
}

/// First and last day the index covers.
fn covered() -> (DayNumber, DayNumber) {
    (days::from_ymd(FIRST_YEAR.into(), 1, 1), days::from_ymd(LAST_YEAR.into(), 12, 31))
}

/// The title of the bank holiday on `day`, if it is one on a weekday.
pub(crate) fn holiday_title(division: Division, day: DayNumber) -> Option<String> {
    if days::is_weekend(day) {
        return None;
    }
    let (first, last) = covered();
    if (first..=last).contains(&day) {
        let idx = index(division);
        return idx.days.binary_search(&day).ok().and_then(|i| idx.titles.get(i)).map(|t| t.to_string());
    }
    let date = days::to_date(day);
    bank_holidays(division, date.year()).into_iter().find(|h| h.date == date).map(|h| h.title)
}

/// Whether `day` is a bank holiday on a weekday in `division`.
pub(crate) fn is_holiday(division: Division, day: DayNumber) -> bool {
    let (first, last) = covered();
    if (first..=last).contains(&day) {
        return !days::is_weekend(day) && index(division).days.binary_search(&day).is_ok();
    }
    holiday_title(division, day).is_some()
}

/// Number of weekday bank holidays `d` with `after < d <= through`.
pub(crate) fn count_holidays(division: Division, after: DayNumber, through: DayNumber) -> i64 {
    if through <= after {
        return 0;
    }
    let (first, last) = covered();
    let mut total = 0;
    // The part before the index, the part inside it, the part after it.
    if after < first - 1 {
        total += count_by_generating(division, after, through.min(first - 1));
    }
    if through > last {
        total += count_by_generating(division, after.max(last), through);
    }
    let (lo, hi) = (after.clamp(first - 1, last), through.clamp(first - 1, last));
    if hi > lo {
        let idx = index(division);
        total += (idx.rank(hi) - idx.rank(lo)) as i64;
    }
    total
}

/// The slow path for days outside the index: generate each year touched.
fn count_by_generating(division: Division, after: DayNumber, through: DayNumber) -> i64 {
    if through <= after {
        return 0;
    }
    let (from_year, _, _) = days::to_ymd(after + 1);
    let (to_year, _, _) = days::to_ymd(through);
    let mut total = 0;
    for year in (from_year..=to_year).filter_map(|y| i16::try_from(y).ok()) {
        for h in bank_holidays(division, year) {
            let day = days::from_date(h.date);
            if day > after && day <= through && !days::is_weekend(day) {
                total += 1;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn day(y: i16, m: i8, d: i8) -> DayNumber {
        days::from_date(date(y, m, d))
    }

    #[test]
    fn lookups_match_the_lists() {
        assert!(is_holiday(Division::Scotland, day(2025, 1, 2)));
        assert!(!is_holiday(Division::EnglandAndWales, day(2025, 1, 2)));
        assert!(is_holiday(Division::UnitedKingdom, day(2025, 1, 2)));
        assert_eq!(holiday_title(Division::EnglandAndWales, day(2025, 12, 26)).as_deref(), Some("Boxing Day"));
        // Outside the index, in both directions.
        assert!(is_holiday(Division::EnglandAndWales, day(2301, 12, 25)));
        assert!(is_holiday(Division::EnglandAndWales, day(1850, 12, 25)));
        assert!(!is_holiday(Division::EnglandAndWales, day(2301, 12, 24)));
    }

    #[test]
    fn counts_agree_with_a_day_by_day_walk() {
        let cases = [
            (day(2025, 12, 20), day(2026, 1, 10)),
            (day(1899, 12, 1), day(1900, 2, 1)),
            (day(2200, 11, 1), day(2201, 2, 1)),
            (day(1899, 6, 1), day(2201, 6, 1)),
            (day(2024, 1, 1), day(2024, 1, 1)),
        ];
        for division in Division::ALL {
            for (a, b) in cases {
                let slow = (a + 1..=b).filter(|&d| is_holiday(division, d)).count() as i64;
                assert_eq!(count_holidays(division, a, b), slow, "{division} ({a}, {b}]");
            }
        }
        assert_eq!(count_holidays(Division::EnglandAndWales, day(2025, 1, 1), day(2025, 12, 31)), 7);
        assert_eq!(count_holidays(Division::EnglandAndWales, day(2024, 12, 31), day(2025, 12, 31)), 8);
        assert_eq!(count_holidays(Division::EnglandAndWales, day(2025, 1, 1), day(2024, 1, 1)), 0);
    }

    #[test]
    fn index_is_sorted_weekdays_only() {
        for division in Division::ALL {
            let idx = index(division);
            assert!(idx.days.windows(2).all(|w| w[0] < w[1]));
            assert!(idx.days.iter().all(|&d| !days::is_weekend(d)));
            assert_eq!(idx.days.len(), idx.titles.len());
        }
    }
}
