//! Day numbers: dates as plain integers, so working-day arithmetic is
//! integer arithmetic and never fails or allocates.
//!
//! jiff keeps its own epoch-day conversion private, so we use Howard
//! Hinnant's well-known `days_from_civil` / `civil_from_days` algorithms.
//! Day 0 is 1970-01-01 (a Thursday).

use jiff::civil::Date;

/// Days since 1970-01-01 (negative before it).
pub(crate) type DayNumber = i32;

/// Day number of `Date::MIN` (-9999-01-01); results are clamped to it.
pub(crate) const MIN_DAY: DayNumber = -4_371_587;
/// Day number of `Date::MAX` (9999-12-31); results are clamped to it.
pub(crate) const MAX_DAY: DayNumber = 2_932_896;

/// Day number of a civil year, month and day. Valid for any proleptic
/// Gregorian date that fits jiff's range (and well beyond).
pub(crate) fn from_ymd(year: i32, month: i32, day: i32) -> DayNumber {
    // Shift the year to start in March so the leap day is the year's last.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12; // March = 0 … February = 11
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Day number of a jiff date.
pub(crate) fn from_date(d: Date) -> DayNumber {
    from_ymd(i32::from(d.year()), i32::from(d.month()), i32::from(d.day()))
}

/// Civil (year, month, day) of a day number.
pub(crate) fn to_ymd(n: DayNumber) -> (i32, i32, i32) {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// The jiff date of a day number, clamped to jiff's range so that
/// arithmetic near year 9999 saturates instead of failing.
pub(crate) fn to_date(n: DayNumber) -> Date {
    let n = n.clamp(MIN_DAY, MAX_DAY);
    let (y, m, d) = to_ymd(n);
    // The casts cannot truncate after the clamp; the fallback is unreachable
    // but keeps this function total without a panic.
    Date::new(y as i16, m as i8, d as i8).unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// The date `n` days after `d` (before it if negative), saturating at
/// jiff's first and last dates.
pub(crate) fn add_days(d: Date, n: i64) -> Date {
    let target = i64::from(from_date(d)).saturating_add(n);
    let clamped = target.clamp(i64::from(MIN_DAY), i64::from(MAX_DAY));
    to_date(clamped as DayNumber)
}

/// 0 for Monday … 6 for Sunday.
pub(crate) fn weekday_index(n: DayNumber) -> i32 {
    (n + 3).rem_euclid(7)
}

/// Saturday or Sunday.
pub(crate) fn is_weekend(n: DayNumber) -> bool {
    weekday_index(n) >= 5
}

/// The same, for a jiff date (tests state properties in dates).
#[cfg(test)]
pub(crate) fn is_weekend_date(d: Date) -> bool {
    is_weekend(from_date(d))
}

/// A running count of Mondays to Fridays: `weekdays_through(b) -
/// weekdays_through(a)` is the number of weekdays `d` with `a < d <= b`.
/// The absolute value is meaningless; only differences are used.
pub(crate) fn weekdays_through(n: DayNumber) -> i64 {
    // Count from Monday 1970-01-05 (day 4) so whole weeks start on Mondays.
    let m = i64::from(n) - 4;
    5 * m.div_euclid(7) + (m.rem_euclid(7) + 1).min(5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    #[test]
    fn epoch_and_limits_match_jiff() {
        assert_eq!(from_date(date(1970, 1, 1)), 0);
        assert_eq!(from_date(Date::MIN), MIN_DAY);
        assert_eq!(from_date(Date::MAX), MAX_DAY);
        assert_eq!(to_date(MIN_DAY - 10), Date::MIN);
        assert_eq!(to_date(MAX_DAY + 10), Date::MAX);
    }

    #[test]
    fn round_trips_against_jiff_arithmetic() {
        // Walk a span that crosses century and leap-year edge cases.
        let mut d = date(1899, 12, 25);
        let mut n = from_date(d);
        while d < date(2101, 3, 2) {
            assert_eq!(to_date(n), d);
            assert_eq!(from_date(d), n);
            assert_eq!(weekday_index(n), i32::from(d.weekday().to_monday_zero_offset()));
            d = d.checked_add(1.day()).unwrap();
            n += 1;
        }
    }

    #[test]
    fn weekday_counter_counts_mondays_to_fridays() {
        let mon = from_date(date(2025, 6, 2));
        for a in mon - 20..mon + 20 {
            for b in a..a + 30 {
                let slow = (a + 1..=b).filter(|&d| !is_weekend(d)).count() as i64;
                assert_eq!(weekdays_through(b) - weekdays_through(a), slow, "({a}, {b}]");
            }
        }
    }

    #[test]
    fn add_days_saturates() {
        assert_eq!(add_days(date(2024, 2, 28), 2), date(2024, 3, 1));
        assert_eq!(add_days(date(2024, 3, 1), -1), date(2024, 2, 29));
        assert_eq!(add_days(Date::MAX, 1), Date::MAX);
        assert_eq!(add_days(Date::MIN, i64::MIN), Date::MIN);
    }
}
