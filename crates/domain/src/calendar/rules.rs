//! Bank holidays generated from the rules of the Banking and Financial
//! Dealings Act 1971 (Schedule 1), for years the GOV.UK list does not cover.
//!
//! The rules are today's statute projected onto any year. They cannot know
//! one-off proclamations (jubilees, the 2020 VE Day move, the 2022 State
//! Funeral, the 2023 Coronation), nor history before the current rules
//! (St Andrew's Day only became a holiday in 2007, for example); those
//! years come from the official list instead.

use super::days::{self, DayNumber, MAX_DAY, MIN_DAY};
use super::holidays::{BankHoliday, HolidaySource, SUBSTITUTE_SUFFIX};
use crate::nation::Nation;

// Titles exactly as the GOV.UK feed spells them (typographic apostrophes),
// so generated and official years read the same.
pub(crate) const NEW_YEARS_DAY: &str = "New Year’s Day";
pub(crate) const SECOND_JANUARY: &str = "2nd January";
pub(crate) const ST_PATRICKS_DAY: &str = "St Patrick’s Day";
pub(crate) const GOOD_FRIDAY: &str = "Good Friday";
pub(crate) const EASTER_MONDAY: &str = "Easter Monday";
pub(crate) const EARLY_MAY: &str = "Early May bank holiday";
pub(crate) const SPRING: &str = "Spring bank holiday";
pub(crate) const BATTLE_OF_THE_BOYNE: &str = "Battle of the Boyne (Orangemen’s Day)";
pub(crate) const SUMMER: &str = "Summer bank holiday";
pub(crate) const ST_ANDREWS_DAY: &str = "St Andrew’s Day";
pub(crate) const CHRISTMAS_DAY: &str = "Christmas Day";
pub(crate) const BOXING_DAY: &str = "Boxing Day";

/// A holiday on a fixed date that gets a substitute when it falls on a
/// weekend (or on a day that is already a holiday).
struct Fixed {
    month: i32,
    day: i32,
    title: &'static str,
}

const fn fixed(month: i32, day: i32, title: &'static str) -> Fixed {
    Fixed { month, day, title }
}

/// Fixed-date holidays in date order, which is the order substitutes are
/// handed out in (2021: Christmas Day → Mon 27, Boxing Day → Tue 28).
fn fixed_holidays(nation: Nation) -> &'static [Fixed] {
    const ENGLAND_AND_WALES: &[Fixed] = &[fixed(1, 1, NEW_YEARS_DAY), fixed(12, 25, CHRISTMAS_DAY), fixed(12, 26, BOXING_DAY)];
    const SCOTLAND: &[Fixed] = &[
        fixed(1, 1, NEW_YEARS_DAY),
        fixed(1, 2, SECOND_JANUARY),
        // "Next Monday if it falls on a weekend" is the same as the general
        // next-free-weekday rule, since 30 Nov is never near another holiday.
        fixed(11, 30, ST_ANDREWS_DAY),
        fixed(12, 25, CHRISTMAS_DAY),
        fixed(12, 26, BOXING_DAY),
    ];
    const NORTHERN_IRELAND: &[Fixed] = &[
        fixed(1, 1, NEW_YEARS_DAY),
        fixed(3, 17, ST_PATRICKS_DAY),
        fixed(7, 12, BATTLE_OF_THE_BOYNE),
        fixed(12, 25, CHRISTMAS_DAY),
        fixed(12, 26, BOXING_DAY),
    ];
    match nation {
        Nation::EnglandAndWales => ENGLAND_AND_WALES,
        Nation::Scotland => SCOTLAND,
        Nation::NorthernIreland => NORTHERN_IRELAND,
    }
}

/// Western (Gregorian) Easter Sunday, by the anonymous Gregorian computus
/// (Meeus/Jones/Butcher). Euclidean division keeps it total for any year.
pub(crate) fn easter_sunday(year: i32) -> DayNumber {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    days::from_ymd(year, month, day)
}

fn first_monday(year: i32, month: i32) -> DayNumber {
    let first = days::from_ymd(year, month, 1);
    first + (7 - days::weekday_index(first)) % 7
}

fn last_monday(year: i32, month: i32) -> DayNumber {
    let last = days::from_ymd(year, month + 1, 1) - 1;
    last - days::weekday_index(last)
}

/// The holidays of one nation in one year, by rule, sorted by date.
pub(crate) fn generate(nation: Nation, year: i16) -> Vec<BankHoliday> {
    let y = i32::from(year);
    let easter = easter_sunday(y);

    // Holidays defined by weekday never fall on a weekend and never move.
    let mut placed: Vec<(DayNumber, String)> = vec![(easter - 2, GOOD_FRIDAY.to_owned())];
    if nation != Nation::Scotland {
        placed.push((easter + 1, EASTER_MONDAY.to_owned()));
    }
    placed.push((first_monday(y, 5), EARLY_MAY.to_owned()));
    placed.push((last_monday(y, 5), SPRING.to_owned()));
    let summer = match nation {
        Nation::Scotland => first_monday(y, 8),
        _ => last_monday(y, 8),
    };
    placed.push((summer, SUMMER.to_owned()));

    // First pass: a fixed date on a free weekday is the holiday itself. The
    // Act substitutes only for a day that falls on a weekend, so when
    // Christmas is a Sunday, Monday 26th is Boxing Day proper and Tuesday
    // 27th is Christmas's substitute (2022), not the other way round.
    let mut displaced = Vec::new();
    for f in fixed_holidays(nation) {
        let day = days::from_ymd(y, f.month, f.day);
        if days::is_weekend(day) || placed.iter().any(|(d, _)| *d == day) {
            displaced.push((day, f.title));
        } else {
            placed.push((day, f.title.to_owned()));
        }
    }
    // Second pass, in date order: each displaced day moves to the next
    // weekday that is not already a holiday (2021: 27 and 28 December).
    for (day, title) in displaced {
        let mut sub = day;
        while days::is_weekend(sub) || placed.iter().any(|(d, _)| *d == sub) {
            sub += 1;
        }
        placed.push((sub, format!("{title}{SUBSTITUTE_SUFFIX}")));
    }

    placed.sort_by_key(|(d, _)| *d);
    placed
        .into_iter()
        // A substitute for 31 Dec 9999 would fall outside jiff's range.
        .filter(|(d, _)| (MIN_DAY..=MAX_DAY).contains(d))
        .map(|(d, title)| BankHoliday { date: days::to_date(d), title, source: HolidaySource::Rules })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{Date, date};

    fn dates(nation: Nation, year: i16) -> Vec<Date> {
        generate(nation, year).into_iter().map(|h| h.date).collect()
    }

    fn title_on(nation: Nation, d: Date) -> String {
        let all = generate(nation, d.year());
        all.into_iter().find(|h| h.date == d).map(|h| h.title).unwrap_or_default()
    }

    #[test]
    fn easter_for_known_years() {
        for (y, m, d) in [
            (1818, 3, 22), // earliest possible
            (1943, 4, 25), // latest possible
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(days::to_date(easter_sunday(y)), date(y as i16, m, d), "{y}");
        }
    }

    #[test]
    fn counts_per_nation() {
        for year in [2013, 2024, 2031, 2050] {
            assert_eq!(dates(Nation::EnglandAndWales, year).len(), 8);
            assert_eq!(dates(Nation::Scotland, year).len(), 9);
            assert_eq!(dates(Nation::NorthernIreland, year).len(), 10);
        }
    }

    #[test]
    fn england_and_wales_2026() {
        let expected = [
            date(2026, 1, 1),
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 5, 4),
            date(2026, 5, 25),
            date(2026, 8, 31),
            date(2026, 12, 25),
            date(2026, 12, 28), // Boxing Day is a Saturday
        ];
        assert_eq!(dates(Nation::EnglandAndWales, 2026), expected);
        assert_eq!(title_on(Nation::EnglandAndWales, date(2026, 12, 28)), "Boxing Day (substitute day)");
    }

    #[test]
    fn scotland_has_2_january_first_monday_of_august_and_no_easter_monday() {
        let scot = dates(Nation::Scotland, 2025);
        assert!(scot.contains(&date(2025, 1, 2)));
        assert!(scot.contains(&date(2025, 8, 4)));
        assert!(!scot.contains(&date(2025, 8, 25)));
        assert!(!scot.contains(&date(2025, 4, 21)));
        assert!(scot.contains(&date(2025, 12, 1)), "St Andrew's Day (Sun 30 Nov) moves to Monday");
        assert_eq!(title_on(Nation::Scotland, date(2025, 12, 1)), "St Andrew’s Day (substitute day)");
    }

    #[test]
    fn christmas_substitutes_keep_boxing_day_on_the_26th() {
        // 2021: Christmas Saturday, Boxing Day Sunday.
        assert_eq!(title_on(Nation::EnglandAndWales, date(2021, 12, 27)), "Christmas Day (substitute day)");
        assert_eq!(title_on(Nation::EnglandAndWales, date(2021, 12, 28)), "Boxing Day (substitute day)");
        // 2022: Christmas Sunday, Boxing Day Monday.
        assert_eq!(title_on(Nation::EnglandAndWales, date(2022, 12, 26)), "Boxing Day");
        assert_eq!(title_on(Nation::EnglandAndWales, date(2022, 12, 27)), "Christmas Day (substitute day)");
    }

    #[test]
    fn scottish_new_year_chains() {
        // 2022: 1 Jan Saturday, 2 Jan Sunday → Mon 3 and Tue 4.
        assert_eq!(title_on(Nation::Scotland, date(2022, 1, 3)), "New Year’s Day (substitute day)");
        assert_eq!(title_on(Nation::Scotland, date(2022, 1, 4)), "2nd January (substitute day)");
        // 2028: 1 Jan Saturday, 2 Jan Sunday again; England moves only one day.
        assert!(dates(Nation::Scotland, 2028).starts_with(&[date(2028, 1, 3), date(2028, 1, 4)]));
        assert_eq!(dates(Nation::EnglandAndWales, 2028)[0], date(2028, 1, 3));
        // 2017: 1 Jan Sunday → Mon 2 is 2nd January, Tue 3 the substitute.
        assert_eq!(title_on(Nation::Scotland, date(2017, 1, 2)), "2nd January");
        assert_eq!(title_on(Nation::Scotland, date(2017, 1, 3)), "New Year’s Day (substitute day)");
    }

    #[test]
    fn northern_ireland_substitutes() {
        // 2024: St Patrick's Day is a Sunday.
        assert!(dates(Nation::NorthernIreland, 2024).contains(&date(2024, 3, 18)));
        // 2026: the Boyne (12 July) is a Sunday.
        assert!(dates(Nation::NorthernIreland, 2026).contains(&date(2026, 7, 13)));
        assert_eq!(title_on(Nation::NorthernIreland, date(2026, 7, 13)), "Battle of the Boyne (Orangemen’s Day) (substitute day)");
    }

    #[test]
    fn extreme_years_do_not_panic() {
        for nation in Nation::ALL {
            for year in [-9999, -1, 0, 1, 9999, i16::MAX, i16::MIN] {
                let hs = generate(nation, year);
                assert!(hs.windows(2).all(|w| w[0].date < w[1].date));
            }
        }
    }
}
