//! Working-day arithmetic for one division plus a site's own closure days:
//! the basis of every "within n working days" deadline.

use super::days::{self, DayNumber, MAX_DAY, MIN_DAY};
use super::division::Division;
use super::table;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;

/// Why a day is not a working day, to show next to a deadline.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonWorkingReason {
    Weekend,
    /// The holiday's title, e.g. "Boxing Day (substitute day)".
    BankHoliday(String),
    /// A day the administrator closed the office.
    Closure,
}

/// Mondays to Fridays, less a division's bank holidays and the office's
/// closure days. Cheap to clone for a handful of closures; holiday data is
/// shared and built once.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    division: Division,
    closures: BTreeSet<Date>,
    /// Closures that would otherwise be working days, as sorted day numbers,
    /// so counting can subtract them without double-counting holidays.
    extra_days: Vec<DayNumber>,
}

impl WorkingCalendar {
    pub fn new(division: Division) -> Self {
        WorkingCalendar { division, closures: BTreeSet::new(), extra_days: Vec::new() }
    }

    /// Adds office closure days (e.g. a site closed for a move). Closures on
    /// weekends or bank holidays are kept but change nothing.
    pub fn with_closures(mut self, closures: impl IntoIterator<Item = Date>) -> Self {
        self.closures.extend(closures);
        let division = self.division;
        self.extra_days = self
            .closures
            .iter()
            .map(|&d| days::from_date(d))
            .filter(|&d| !days::is_weekend(d) && !table::is_holiday(division, d))
            .collect();
        self
    }

    pub fn division(&self) -> Division {
        self.division
    }

    /// The closure days given, in date order.
    pub fn closures(&self) -> impl Iterator<Item = Date> + '_ {
        self.closures.iter().copied()
    }

    /// Monday to Friday, not a bank holiday of the division, not a closure.
    pub fn is_working_day(&self, d: Date) -> bool {
        self.is_working(days::from_date(d))
    }

    fn is_working(&self, day: DayNumber) -> bool {
        !days::is_weekend(day) && !table::is_holiday(self.division, day) && self.extra_days.binary_search(&day).is_err()
    }

    /// Why `d` is not a working day, or `None` if it is one. A weekend wins
    /// over a holiday, and a holiday over a closure.
    pub fn non_working_reason(&self, d: Date) -> Option<NonWorkingReason> {
        let day = days::from_date(d);
        if days::is_weekend(day) {
            Some(NonWorkingReason::Weekend)
        } else if let Some(title) = table::holiday_title(self.division, day) {
            Some(NonWorkingReason::BankHoliday(title))
        } else if self.closures.contains(&d) {
            Some(NonWorkingReason::Closure)
        } else {
            None
        }
    }

    /// `d` if it is a working day, otherwise the next one (saturating at
    /// 9999-12-31).
    pub fn next_working_day(&self, d: Date) -> Date {
        let mut day = days::from_date(d);
        while day < MAX_DAY && !self.is_working(day) {
            day += 1;
        }
        days::to_date(day)
    }

    /// The last day of "within `n` working days of `start`": the start day
    /// is not counted, so the result is the n-th working day after it. With
    /// `n = 0` it is `start` if that is a working day, else the next one.
    /// Saturates at 9999-12-31.
    pub fn add_working_days(&self, start: Date, n: u32) -> Date {
        if n == 0 {
            return self.next_working_day(start);
        }
        // Jump ahead by as many calendar days as working days remain: that
        // can never overshoot, and counting a stretch is a few binary
        // searches, so large n costs a handful of steps, not n.
        let mut at = days::from_date(start);
        let mut remaining = i64::from(n);
        while remaining > 0 {
            if at >= MAX_DAY {
                return Date::MAX;
            }
            let step = remaining.min(i64::from(MAX_DAY - at)) as DayNumber;
            remaining -= self.count(at, at + step);
            at += step;
        }
        // `at` is on or just after the n-th working day (the stretch may
        // end in non-working days), so step back to it.
        while !self.is_working(at) && at > MIN_DAY {
            at -= 1;
        }
        days::to_date(at)
    }

    /// The number of working days `d` with `from < d <= to`; negative, by
    /// symmetry, when `to` is before `from`. For n >= 1,
    /// `working_days_between(s, add_working_days(s, n)) == n`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i32 {
        let (a, b) = (days::from_date(from), days::from_date(to));
        let count = if a <= b { self.count(a, b) } else { -self.count(b, a) };
        // At most about 5.2 million working days fit jiff's range.
        count.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
    }

    /// Working days in `(after, through]`: weekdays, less weekday holidays,
    /// less closures that are neither.
    fn count(&self, after: DayNumber, through: DayNumber) -> i64 {
        if through <= after {
            return 0;
        }
        let weekdays = days::weekdays_through(through) - days::weekdays_through(after);
        let holidays = table::count_holidays(self.division, after, through);
        let rank = |x: DayNumber| self.extra_days.partition_point(|&d| d <= x);
        let closures = (rank(through) - rank(after)) as i64;
        weekdays - holidays - closures
    }

    /// Calendar-day arithmetic, saturating at jiff's first and last dates.
    pub fn add_calendar_days(&self, d: Date, n: i32) -> Date {
        days::add_days(d, i64::from(n))
    }

    /// `n` weeks of seven calendar days, saturating like
    /// [`WorkingCalendar::add_calendar_days`].
    pub fn add_weeks(&self, d: Date, n: i32) -> Date {
        days::add_days(d, i64::from(n) * 7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ew() -> WorkingCalendar {
        WorkingCalendar::new(Division::EnglandAndWales)
    }

    #[test]
    fn weekends_holidays_and_closures_are_not_working_days() {
        let cal = ew().with_closures([date(2025, 6, 3), date(2025, 6, 7), date(2025, 12, 25)]);
        assert!(cal.is_working_day(date(2025, 6, 2)));
        assert!(!cal.is_working_day(date(2025, 6, 3)));
        assert_eq!(cal.non_working_reason(date(2025, 6, 3)), Some(NonWorkingReason::Closure));
        assert_eq!(cal.non_working_reason(date(2025, 6, 7)), Some(NonWorkingReason::Weekend));
        assert_eq!(cal.non_working_reason(date(2025, 12, 25)), Some(NonWorkingReason::BankHoliday("Christmas Day".into())));
        assert_eq!(cal.non_working_reason(date(2025, 6, 2)), None);
        assert_eq!(cal.closures().count(), 3);
        // A closure on a holiday or weekend is not counted twice.
        assert_eq!(cal.working_days_between(date(2025, 12, 24), date(2025, 12, 29)), 1);
        assert_eq!(cal.working_days_between(date(2025, 6, 2), date(2025, 6, 9)), 4);
    }

    #[test]
    fn add_working_days_across_christmas() {
        let cal = ew();
        // 24 Dec (Wed), then 25 and 26 Dec holidays, weekend, 29, 30.
        assert_eq!(cal.add_working_days(date(2025, 12, 23), 3), date(2025, 12, 30));
        assert_eq!(cal.working_days_between(date(2025, 12, 23), date(2025, 12, 30)), 3);
        assert_eq!(cal.working_days_between(date(2025, 12, 30), date(2025, 12, 23)), -3);
        // 2020: the Friday VE Day holiday, only in the official list.
        assert_eq!(cal.add_working_days(date(2020, 5, 7), 1), date(2020, 5, 11));
    }

    #[test]
    fn zero_days_is_the_start_or_next_working_day() {
        let cal = ew();
        assert_eq!(cal.add_working_days(date(2025, 6, 4), 0), date(2025, 6, 4));
        assert_eq!(cal.add_working_days(date(2025, 6, 7), 0), date(2025, 6, 9));
        assert_eq!(cal.next_working_day(date(2025, 12, 25)), date(2025, 12, 29));
        // From a Saturday, one working day is Monday.
        assert_eq!(cal.add_working_days(date(2025, 6, 7), 1), date(2025, 6, 9));
    }

    #[test]
    fn scotland_and_england_differ_around_easter_monday() {
        let scot = WorkingCalendar::new(Division::Scotland);
        let uk = WorkingCalendar::new(Division::UnitedKingdom);
        // Easter Monday 2026 is 6 April.
        assert!(!ew().is_working_day(date(2026, 4, 6)));
        assert!(scot.is_working_day(date(2026, 4, 6)));
        assert_eq!(ew().add_working_days(date(2026, 4, 2), 1), date(2026, 4, 7));
        assert_eq!(scot.add_working_days(date(2026, 4, 2), 1), date(2026, 4, 6));
        // FOIA-style union: Scotland's 2 January stops English clocks too.
        assert!(ew().is_working_day(date(2026, 1, 2)));
        assert!(!uk.is_working_day(date(2026, 1, 2)));
        assert_eq!(uk.add_working_days(date(2025, 12, 31), 1), date(2026, 1, 5));
    }

    #[test]
    fn twenty_working_days_is_four_weeks_without_holidays() {
        let cal = ew();
        assert_eq!(cal.add_working_days(date(2025, 9, 1), 20), date(2025, 9, 29));
        assert_eq!(cal.add_calendar_days(date(2025, 9, 1), 28), date(2025, 9, 29));
        assert_eq!(cal.add_weeks(date(2025, 9, 1), 4), date(2025, 9, 29));
        assert_eq!(cal.add_weeks(date(2025, 9, 1), -1), date(2025, 8, 25));
    }

    #[test]
    fn long_runs_and_extremes_do_not_panic() {
        let cal = ew().with_closures((1..=28).map(|d| date(2030, 2, d)));
        assert_eq!(cal.next_working_day(date(2030, 2, 1)), date(2030, 3, 1));
        assert_eq!(cal.add_working_days(date(2025, 1, 1), u32::MAX), Date::MAX);
        assert_eq!(cal.add_working_days(Date::MAX, 1), Date::MAX);
        assert_eq!(cal.add_calendar_days(Date::MAX, i32::MAX), Date::MAX);
        assert_eq!(cal.add_weeks(Date::MIN, i32::MIN), Date::MIN);
        let span = cal.working_days_between(Date::MIN, Date::MAX);
        assert!(span > 5_000_000, "{span}");
        assert_eq!(cal.working_days_between(Date::MAX, Date::MIN), -span);
        let n = 100_000;
        let far = cal.add_working_days(date(2025, 1, 1), n);
        assert_eq!(cal.working_days_between(date(2025, 1, 1), far), n as i32);
    }

    #[test]
    fn serialises_reasons() {
        let json = serde_json::to_value(NonWorkingReason::BankHoliday("Good Friday".into())).unwrap();
        assert_eq!(json, serde_json::json!({"bank-holiday": "Good Friday"}));
        assert_eq!(serde_json::to_value(NonWorkingReason::Weekend).unwrap(), "weekend");
    }
}
