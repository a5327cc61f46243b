//! The index agrees with the clocks: for generated complaints in every
//! state, at many moments, the work list built from indexed clocks (those
//! listed by then) is the work list built from the clocks themselves.

use super::*;
use crate::complaints::clocks::complaint_clocks;
use crate::complaints::worklist::{WorkList, work_items};
use crate::generate::complaints::tests::plan;
use jiff::SignedDuration;

#[test]
fn the_indexed_work_list_equals_the_clocks_work_list() {
    let p = plan(3);
    let mut listed_total = 0;
    for i in 0..400 {
        let g = p.complaint(i).unwrap();
        let cal = p.calendar(g.site_index);
        let c = &g.complaint;
        let index = indexed_clocks(p.procedure(), cal, c);
        let last = c.history.last().map_or(p.now(), |e| e.at);
        for hours in [0, 5, 30, 24 * 3, 24 * 9, 24 * 25, 24 * 60, 24 * 400] {
            let now = last + SignedDuration::from_hours(hours);
            let clocks = complaint_clocks(p.procedure(), cal, c, now);
            let expected = WorkList::from_items(work_items(p.procedure(), cal, i as i64, c, &clocks, now));
            let listed: Vec<_> = index
                .iter()
                .filter(|x| x.listed_from <= now)
                .map(|x| work_item(i as i64, c.reference.clone(), c.receipt.site_id, x, cal, now))
                .collect();
            listed_total += listed.len();
            assert_eq!(WorkList::from_items(listed), expected, "complaint {i} at {now}");
            let breached: Vec<&str> = index.iter().filter(|x| x.is_breached(now)).map(|x| x.clock_key.as_str()).collect();
            let mut overdue: Vec<&str> = expected.overdue.iter().map(|w| w.clock_key.as_str()).collect();
            let mut breached = breached;
            breached.sort_unstable();
            overdue.sort_unstable();
            assert_eq!(breached, overdue, "breached clocks of complaint {i} at {now}");
        }
    }
    assert!(listed_total > 100, "the test saw listed clocks ({listed_total})");
}

#[test]
fn units_round_trip_as_slugs() {
    for unit in [PeriodUnit::WorkingDays, PeriodUnit::CalendarDays, PeriodUnit::Weeks, PeriodUnit::Hours] {
        assert_eq!(unit_from_slug(unit_slug(unit)), Some(unit));
    }
    assert_eq!(unit_from_slug("fortnights"), None);
}
