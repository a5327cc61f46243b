//! Property tests: the working-day arithmetic and the generated holiday
//! lists keep their promises for random dates in 2000–2100.

use super::days;
use super::division::Division;
use super::holidays::bank_holidays;
use super::london::add_hours;
use super::rules;
use super::working::WorkingCalendar;
use crate::nation::Nation;
use jiff::Timestamp;
use jiff::civil::Date;
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = Date> {
    let first = days::from_ymd(2000, 1, 1);
    let last = days::from_ymd(2099, 12, 31);
    (first..=last).prop_map(days::to_date)
}

fn any_division() -> impl Strategy<Value = Division> {
    prop::sample::select(Division::ALL.to_vec())
}

/// A calendar with a few random closures near the dates under test.
fn any_calendar() -> impl Strategy<Value = WorkingCalendar> {
    (any_division(), prop::collection::vec(any_date(), 0..4), any_date()).prop_map(|(division, far, near)| {
        // Closures spread over a fortnight from `near` make closures matter.
        let near = (0..14).step_by(3).map(move |i| days::add_days(near, i));
        WorkingCalendar::new(division).with_closures(far.into_iter().chain(near))
    })
}

proptest! {
    // Failures are not persisted to a regressions file: the minimal input is
    // printed, and a fixed case belongs in a unit test beside the code.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn result_is_a_working_day_on_or_after_start(cal in any_calendar(), start in any_date(), n in 0u32..400) {
        let end = cal.add_working_days(start, n);
        prop_assert!(cal.is_working_day(end));
        prop_assert!(end >= start);
        if n >= 1 {
            prop_assert!(end > start);
        }
    }

    #[test]
    fn between_undoes_add(cal in any_calendar(), start in any_date(), n in 1u32..400) {
        let end = cal.add_working_days(start, n);
        prop_assert_eq!(cal.working_days_between(start, end), n as i32);
        // No earlier day already reaches n.
        let day_before = days::add_days(end, -1);
        prop_assert_eq!(cal.working_days_between(start, day_before), n as i32 - 1);
    }

    #[test]
    fn add_is_monotone_in_n(cal in any_calendar(), start in any_date(), n in 0u32..400) {
        let a = cal.add_working_days(start, n);
        let b = cal.add_working_days(start, n + 1);
        if n == 0 && !cal.is_working_day(start) {
            // Both land on the first working day after a non-working start.
            prop_assert_eq!(a, b);
        } else {
            prop_assert!(a < b);
            prop_assert_eq!(cal.working_days_between(a, b), 1);
        }
    }

    #[test]
    fn between_is_antisymmetric(cal in any_calendar(), a in any_date(), b in any_date()) {
        prop_assert_eq!(cal.working_days_between(a, b), -cal.working_days_between(b, a));
        prop_assert_eq!(cal.working_days_between(a, a), 0);
    }

    #[test]
    fn between_matches_a_day_by_day_count(cal in any_calendar(), a in any_date(), span in 0i64..200) {
        let b = days::add_days(a, span);
        let slow = (1..=span).filter(|&i| cal.is_working_day(days::add_days(a, i))).count();
        prop_assert_eq!(cal.working_days_between(a, b), slow as i32);
    }

    #[test]
    fn next_working_day_is_the_first_on_or_after(cal in any_calendar(), d in any_date()) {
        let next = cal.next_working_day(d);
        prop_assert!(cal.is_working_day(next) && next >= d);
        if next > d {
            // Nothing from d (exclusive) up to the day before `next` works.
            prop_assert_eq!(cal.working_days_between(d, days::add_days(next, -1)), 0);
        }
        prop_assert_eq!(cal.is_working_day(d), next == d);
        prop_assert_eq!(cal.non_working_reason(d).is_none(), cal.is_working_day(d));
    }

    #[test]
    fn add_hours_round_trips(secs in -4_000_000_000i64..4_000_000_000, hours in -1_000_000i64..1_000_000) {
        let ts = Timestamp::from_second(secs).unwrap();
        prop_assert_eq!(add_hours(add_hours(ts, hours), -hours), ts);
    }

    #[test]
    fn generated_holidays_are_sorted_unique_weekdays(year in 2000i16..2100) {
        for nation in Nation::ALL {
            let list = rules::generate(nation, year);
            prop_assert!(list.windows(2).all(|w| w[0].date < w[1].date), "{} {}", nation, year);
            prop_assert!(list.iter().all(|h| !days::is_weekend_date(h.date) && h.date.year() == year));
            prop_assert_eq!(list.len(), match nation {
                Nation::EnglandAndWales => 8,
                Nation::Scotland => 9,
                Nation::NorthernIreland => 10,
            });
        }
        for division in Division::ALL {
            let list = bank_holidays(division, year);
            prop_assert!(list.windows(2).all(|w| w[0].date < w[1].date));
            prop_assert!(list.iter().all(|h| !days::is_weekend_date(h.date)));
        }
    }
}
