//! Properties of procedures: any sane edit of the numbers is accepted, and
//! the in-time rule agrees with its own last day.

use super::procedure::Procedure;
use super::{period_max, period_min, presets};
use crate::deadlines::{Period, PeriodUnit};
use jiff::civil::Date;
use proptest::prelude::*;

const UNITS: [PeriodUnit; 4] = [PeriodUnit::WorkingDays, PeriodUnit::CalendarDays, PeriodUnit::Weeks, PeriodUnit::Hours];

/// A period of any unit within the bounds `validate` allows, from two raw numbers.
fn sane(unit_pick: usize, raw: u32) -> Period {
    let unit = UNITS[unit_pick % UNITS.len()];
    let (min, max) = (period_min(unit), period_max(unit));
    Period { amount: min + raw % (max - min + 1), unit }
}

fn date() -> impl Strategy<Value = Date> {
    (1990i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

proptest! {
    #[test]
    fn any_sane_rescaling_of_the_periods_validates(
        which in 0usize..2,
        picks in proptest::collection::vec((0usize..4, any::<u32>(), 0usize..4, any::<u32>()), 16),
        months in 1u32..=super::MONTHS_MAX,
    ) {
        let mut p: Procedure = presets().swap_remove(which);
        for (limit, (unit, raw, t_unit, t_raw)) in p.limits.iter_mut().zip(picks) {
            limit.period = sane(unit, raw);
            if limit.translated_period.is_some() {
                limit.translated_period = Some(sane(t_unit, t_raw));
            }
        }
        p.in_time.months = months;
        prop_assert_eq!(p.validate(), Ok(()));
    }

    #[test]
    fn in_time_exactly_up_to_the_last_day(incident in date(), days_later in 0i32..800, which in 0usize..2) {
        let p = presets().swap_remove(which);
        let received = incident.checked_add(jiff::Span::new().days(days_later)).unwrap();
        let check = p.in_time(incident, received).unwrap();
        prop_assert_eq!(check.in_time, received <= check.last_day);
        prop_assert!(check.last_day > incident);
        prop_assert!(check.reason.starts_with("Received on "));
    }
}
