//! The arithmetic of one time limit: when it falls due, how a pause moves
//! it, how late it is and whether it is close. Days are London days on the
//! site's working calendar; hours are elapsed time.

use super::{Period, PeriodUnit};
use crate::calendar::{WorkingCalendar, add_hours, end_of_day, london, london_date};
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};

/// When "within `period` of `start`" falls due.
///
/// - Working days: the end (23:59:59 London) of the n-th working day after
///   the day of `start`; an event on a non-working day counts as if it
///   happened on the next working day, and 0 means that same working day.
/// - Calendar days and weeks: the end of the day n days (7n days) after the
///   day of `start`; 0 means the end of that day.
/// - Hours: exactly n elapsed hours after `start`.
///
/// Saturates at jiff's last instant rather than failing.
pub fn due_at(cal: &WorkingCalendar, start: Timestamp, period: Period) -> Timestamp {
    let day = london_date(start);
    let n = period.amount;
    let due = match period.unit {
        PeriodUnit::WorkingDays => end_of_day(cal.add_working_days(cal.next_working_day(day), n)),
        PeriodUnit::CalendarDays => end_of_day(cal.add_calendar_days(day, to_i32(n))),
        PeriodUnit::Weeks => end_of_day(cal.add_weeks(day, to_i32(n))),
        PeriodUnit::Hours => return add_hours(start, i64::from(n)),
    };
    // End of day is 23:59:59; an event in that last second with a fraction
    // must not be due before it happened.
    due.max(start)
}

/// The due time after a pause from `paused` to `resumed`: later by the time
/// spent paused, counted in the clock's unit. For working days that is the
/// working days after the pause day up to and including the resume day (the
/// count restarts on the resume day, as if the event happened then);
/// calendar units count calendar days the same way; hours are exact.
pub(super) fn after_pause(cal: &WorkingCalendar, unit: PeriodUnit, due: Timestamp, paused: Timestamp, resumed: Timestamp) -> Timestamp {
    let (from, to) = (london_date(paused), london_date(resumed));
    let moved = match unit {
        PeriodUnit::WorkingDays => {
            let lost = cal.working_days_between(from, to).max(0).unsigned_abs();
            if lost == 0 {
                return due;
            }
            end_of_day(cal.add_working_days(london_date(due), lost))
        }
        PeriodUnit::CalendarDays | PeriodUnit::Weeks => {
            let lost = days_between(from, to).max(0);
            if lost == 0 {
                return due;
            }
            end_of_day(cal.add_calendar_days(london_date(due), to_i32_from_i64(lost)))
        }
        PeriodUnit::Hours => {
            let lost = resumed.duration_since(paused).max(SignedDuration::ZERO);
            due.checked_add(lost).unwrap_or(Timestamp::MAX)
        }
    };
    moved.max(due)
}

/// How late something done (or still undone) at `at` is against `due`, in
/// the clock's unit as people say it. Only meaningful when `at > due`; the
/// result is then at least 1:
///
/// - working days: the working days after the due day up to `at`'s day, or
///   up to the next working day if `at` falls on a weekend or holiday ("1
///   working day overdue" on the Saturday after a Friday deadline);
/// - calendar days and weeks: calendar days after the due day ("3 days
///   overdue" says more than "0 weeks");
/// - hours: elapsed hours, a part hour counting as a whole one.
pub(super) fn late_by(cal: &WorkingCalendar, unit: PeriodUnit, due: Timestamp, at: Timestamp) -> Period {
    match unit {
        PeriodUnit::WorkingDays => {
            let counted_to = cal.next_working_day(london_date(at));
            let n = cal.working_days_between(london_date(due), counted_to).max(1);
            Period::working_days(n.unsigned_abs())
        }
        PeriodUnit::CalendarDays | PeriodUnit::Weeks => {
            let n = days_between(london_date(due), london_date(at)).max(1);
            Period::calendar_days(u32::try_from(n).unwrap_or(u32::MAX))
        }
        PeriodUnit::Hours => {
            let secs = at.duration_since(due).as_secs().max(1).unsigned_abs();
            let hours = secs.div_ceil(3600);
            Period::hours(u32::try_from(hours).unwrap_or(u32::MAX))
        }
    }
}

/// Whether `due` is no further than `lead` ahead of `now` (the reminder
/// window). Day leads compare London days: a 2-working-day lead makes a
/// clock due soon from the start of the second working day before its due
/// day. An hours lead is exact.
pub(super) fn within_lead(cal: &WorkingCalendar, due: Timestamp, now: Timestamp, lead: Period) -> bool {
    let (today, due_day) = (london_date(now), london_date(due));
    match lead.unit {
        PeriodUnit::WorkingDays => i64::from(cal.working_days_between(today, due_day)) <= i64::from(lead.amount),
        PeriodUnit::CalendarDays => days_between(today, due_day) <= i64::from(lead.amount),
        PeriodUnit::Weeks => days_between(today, due_day) <= i64::from(lead.amount) * 7,
        PeriodUnit::Hours => due.duration_since(now) <= SignedDuration::from_hours(i64::from(lead.amount)),
    }
}

/// The first instant at which `due` is within `lead` (see [`within_lead`]),
/// so that a store can keep it beside the due and find "due soon" clocks
/// with an index. For day leads it is the start of a London day: for
/// working days, of the (n+1)-th working day counting back from the due day
/// (itself included if it is a working day).
pub(super) fn remind_from(cal: &WorkingCalendar, due: Timestamp, lead: Period) -> Timestamp {
    let due_day = london_date(due);
    let n = i64::from(lead.amount);
    let day = match lead.unit {
        PeriodUnit::Hours => return add_hours(due, -n),
        PeriodUnit::CalendarDays => cal.add_calendar_days(due_day, to_i32_from_i64(-n)),
        PeriodUnit::Weeks => cal.add_calendar_days(due_day, to_i32_from_i64(-n.saturating_mul(7))),
        PeriodUnit::WorkingDays => {
            // The working days in (day, due_day] grow as `day` goes back:
            // find the furthest day back where they are still at most n.
            let within =
                |back: i64| i64::from(cal.working_days_between(cal.add_calendar_days(due_day, to_i32_from_i64(-back)), due_day)) <= n;
            let (mut ok, mut too_far) = (0i64, n.saturating_mul(2).saturating_add(30));
            while within(too_far) && too_far < MAX_BACK_DAYS {
                ok = too_far;
                too_far = (too_far * 2).min(MAX_BACK_DAYS);
            }
            if within(too_far) {
                ok = too_far;
            } else {
                while too_far - ok > 1 {
                    let mid = ok + (too_far - ok) / 2;
                    if within(mid) { ok = mid } else { too_far = mid }
                }
            }
            cal.add_calendar_days(due_day, to_i32_from_i64(-ok))
        }
    };
    start_of_day(day).min(due)
}

/// Further back than jiff's whole range of dates, so the search always ends.
const MAX_BACK_DAYS: i64 = 4_000_000;

/// 00:00 London on `d` (or the first instant of the day when a clock change
/// skips midnight), as an instant.
fn start_of_day(d: Date) -> Timestamp {
    d.to_zoned(london()).map_or(Timestamp::MIN, |zoned| zoned.timestamp())
}

/// Calendar days from `a` to `b` (negative if `b` is earlier).
fn days_between(a: Date, b: Date) -> i64 {
    // Spans between dates in jiff's range always fit; 0 is never reached.
    a.until(b).map(|span| i64::from(span.get_days())).unwrap_or(0)
}

fn to_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn to_i32_from_i64(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Division;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    fn ew() -> WorkingCalendar {
        WorkingCalendar::new(Division::EnglandAndWales)
    }

    fn scot() -> WorkingCalendar {
        WorkingCalendar::new(Division::Scotland)
    }

    /// The date a day-based due falls on, in London.
    fn due_day(cal: &WorkingCalendar, start: &str, period: Period) -> Date {
        london_date(due_at(cal, ts(start), period))
    }

    #[test]
    fn working_days_end_at_the_end_of_the_nth_working_day_after() {
        // Wednesday 4 November 2026, 10:00: within 2 working days is Friday.
        let due = due_at(&ew(), ts("2026-11-04T10:00:00Z"), Period::working_days(2));
        assert_eq!(due, ts("2026-11-06T23:59:59Z"));
        // 1 working day from a Friday is the Monday.
        assert_eq!(due_day(&ew(), "2026-11-06T16:00:00Z", Period::working_days(1)), date(2026, 11, 9));
    }

    #[test]
    fn zero_working_days_is_the_same_working_day() {
        // "Allocate on the day of logging".
        assert_eq!(due_at(&ew(), ts("2026-11-04T10:00:00Z"), Period::working_days(0)), ts("2026-11-04T23:59:59Z"));
        // Logged on a Saturday: allocate on the Monday.
        assert_eq!(due_day(&ew(), "2026-11-07T10:00:00Z", Period::working_days(0)), date(2026, 11, 9));
    }

    #[test]
    fn an_event_on_a_non_working_day_counts_from_the_next_working_day() {
        // Saturday 7 November 2026 is treated as Monday 9th: 2 working days
        // later is Wednesday 11th (not Tuesday, as counting from Saturday
        // itself would give).
        assert_eq!(due_day(&ew(), "2026-11-07T10:00:00Z", Period::working_days(2)), date(2026, 11, 11));
        assert_eq!(ew().add_working_days(date(2026, 11, 7), 2), date(2026, 11, 10));
        // Received on Christmas Day 2026 (a Friday): Boxing Day is a Saturday,
        // so the substitute holiday is Monday 28th; counting starts Tuesday 29th.
        assert_eq!(due_day(&ew(), "2026-12-25T12:00:00Z", Period::working_days(1)), date(2026, 12, 30));
    }

    #[test]
    fn twenty_working_days_across_christmas_differs_by_nation() {
        // Allocated Wednesday 2 December 2026. England and Wales: 25 and 28
        // December and 1 January are holidays. Scotland adds 4 January 2027
        // (2 January falls on a Saturday, so its substitute is the Monday).
        let start = "2026-12-02T09:30:00Z";
        assert_eq!(due_day(&ew(), start, Period::working_days(20)), date(2027, 1, 4));
        assert_eq!(due_day(&scot(), start, Period::working_days(20)), date(2027, 1, 5));
        // "Forward within 1 working day" from Thursday 31 December 2026.
        assert_eq!(due_day(&ew(), "2026-12-31T15:00:00Z", Period::working_days(1)), date(2027, 1, 4));
        assert_eq!(due_day(&scot(), "2026-12-31T15:00:00Z", Period::working_days(1)), date(2027, 1, 5));
    }

    #[test]
    fn easter_2027_stops_english_clocks_longer_than_scottish_ones() {
        // Good Friday 26 March 2027 everywhere; Easter Monday 29 March not in
        // Scotland. Logged Thursday 25 March: log within 2 working days.
        let start = "2027-03-25T11:00:00Z";
        assert_eq!(due_day(&ew(), start, Period::working_days(2)), date(2027, 3, 31));
        assert_eq!(due_day(&scot(), start, Period::working_days(2)), date(2027, 3, 30));
        // The clocks go forward on 28 March 2027: the due is 23:59:59 BST.
        assert_eq!(due_at(&ew(), ts(start), Period::working_days(2)), ts("2027-03-31T22:59:59Z"));
    }

    #[test]
    fn northern_ireland_stops_for_st_patricks_day() {
        // Wednesday 17 March 2027 is a holiday only in Northern Ireland.
        let ni = WorkingCalendar::new(Division::NorthernIreland);
        let start = "2027-03-16T10:00:00Z";
        assert_eq!(due_day(&ni, start, Period::working_days(1)), date(2027, 3, 18));
        assert_eq!(due_day(&ew(), start, Period::working_days(1)), date(2027, 3, 17));
        // "Send for investigation within 3 working days (5 with translation)"
        // of Friday 12 March 2027 in Northern Ireland.
        assert_eq!(due_day(&ni, "2027-03-12T10:00:00Z", Period::working_days(3)), date(2027, 3, 18));
        assert_eq!(due_day(&ni, "2027-03-12T10:00:00Z", Period::working_days(5)), date(2027, 3, 22));
    }

    #[test]
    fn calendar_days_and_weeks_end_at_end_of_day() {
        // "Evidence within 7 days" of Monday 2 November 2026.
        assert_eq!(due_at(&ew(), ts("2026-11-02T09:00:00Z"), Period::calendar_days(7)), ts("2026-11-09T23:59:59Z"));
        assert_eq!(due_at(&ew(), ts("2026-11-02T09:00:00Z"), Period::calendar_days(0)), ts("2026-11-02T23:59:59Z"));
        // Weekends and holidays do not matter: 12 weeks from 2 October 2026.
        assert_eq!(due_day(&ew(), "2026-10-02T09:00:00Z", Period::weeks(12)), date(2026, 12, 25));
        // A start late on a summer evening is already the next London day.
        assert_eq!(due_day(&ew(), "2026-07-01T23:30:00Z", Period::calendar_days(1)), date(2026, 7, 3));
    }

    #[test]
    fn hours_are_exact_elapsed_time() {
        // "Scan within 6 hours", over a weekend and regardless of holidays.
        assert_eq!(due_at(&ew(), ts("2026-12-25T20:00:00Z"), Period::hours(6)), ts("2026-12-26T02:00:00Z"));
        // "Translate within 48 hours" across the clocks going forward.
        assert_eq!(due_at(&ew(), ts("2027-03-27T12:00:00Z"), Period::hours(48)), ts("2027-03-29T12:00:00Z"));
    }

    #[test]
    fn a_start_in_the_last_fraction_of_a_second_is_not_due_before_it() {
        let start = ts("2026-11-04T23:59:59.5Z");
        assert_eq!(due_at(&ew(), start, Period::calendar_days(0)), start);
    }

    #[test]
    fn huge_amounts_saturate() {
        let start = ts("2026-11-04T10:00:00Z");
        assert_eq!(due_at(&ew(), start, Period::working_days(u32::MAX)), Timestamp::MAX);
        assert_eq!(due_at(&ew(), start, Period::weeks(u32::MAX)), Timestamp::MAX);
        assert!(due_at(&ew(), start, Period::hours(u32::MAX)) > start);
    }

    #[test]
    fn a_pause_moves_the_due_by_working_days_lost() {
        let cal = ew();
        let due = ts("2026-11-20T23:59:59Z");
        // Paused Monday 9th, resumed Wednesday 11th: Tuesday and Wednesday lost.
        let moved = after_pause(&cal, PeriodUnit::WorkingDays, due, ts("2026-11-09T10:00:00Z"), ts("2026-11-11T10:00:00Z"));
        assert_eq!(moved, ts("2026-11-24T23:59:59Z"));
        // Paused and resumed on the same day: nothing lost.
        let same = after_pause(&cal, PeriodUnit::WorkingDays, due, ts("2026-11-09T10:00:00Z"), ts("2026-11-09T16:00:00Z"));
        assert_eq!(same, due);
        // Paused Friday, resumed Monday: only the Monday is lost.
        let weekend = after_pause(&cal, PeriodUnit::WorkingDays, due, ts("2026-11-13T10:00:00Z"), ts("2026-11-16T10:00:00Z"));
        assert_eq!(weekend, ts("2026-11-23T23:59:59Z"));
    }

    #[test]
    fn a_pause_moves_calendar_and_hour_clocks_by_time_lost() {
        let cal = ew();
        let due = ts("2026-11-20T23:59:59Z");
        let moved = after_pause(&cal, PeriodUnit::CalendarDays, due, ts("2026-11-13T10:00:00Z"), ts("2026-11-16T10:00:00Z"));
        assert_eq!(moved, ts("2026-11-23T23:59:59Z"));
        let due = ts("2026-11-20T12:00:00Z");
        let moved = after_pause(&cal, PeriodUnit::Hours, due, ts("2026-11-20T08:00:00Z"), ts("2026-11-20T09:30:00Z"));
        assert_eq!(moved, ts("2026-11-20T13:30:00Z"));
    }

    #[test]
    fn lateness_is_counted_in_the_clocks_unit() {
        let cal = ew();
        let friday = ts("2026-11-13T23:59:59Z");
        let late = |unit, at| late_by(&cal, unit, friday, ts(at));
        assert_eq!(late(PeriodUnit::WorkingDays, "2026-11-18T09:00:00Z"), Period::working_days(3));
        // The Saturday after a Friday deadline: overdue, counted to Monday.
        assert_eq!(late(PeriodUnit::WorkingDays, "2026-11-14T09:00:00Z"), Period::working_days(1));
        assert_eq!(late(PeriodUnit::CalendarDays, "2026-11-14T09:00:00Z"), Period::calendar_days(1));
        assert_eq!(late(PeriodUnit::Weeks, "2026-11-23T09:00:00Z"), Period::calendar_days(10));
        // A part hour counts as a whole one.
        assert_eq!(late(PeriodUnit::Hours, "2026-11-14T00:00:01Z"), Period::hours(1));
        assert_eq!(late(PeriodUnit::Hours, "2026-11-14T02:00:00Z"), Period::hours(3));
        // Over Christmas 2026 in England: 29, 30, 31 December.
        let christmas_eve = ts("2026-12-24T23:59:59Z");
        assert_eq!(late_by(&cal, PeriodUnit::WorkingDays, christmas_eve, ts("2026-12-31T09:00:00Z")), Period::working_days(3));
    }

    #[test]
    fn reminders_start_at_the_start_of_a_london_day_or_exact_hours_before() {
        let cal = ew();
        let due = ts("2026-11-16T23:59:59Z");
        // 1 working day before Monday 16 November 2026: from Friday 13th.
        assert_eq!(remind_from(&cal, due, Period::working_days(1)), ts("2026-11-13T00:00:00Z"));
        assert_eq!(remind_from(&cal, due, Period::working_days(0)), ts("2026-11-16T00:00:00Z"));
        assert_eq!(remind_from(&cal, due, Period::calendar_days(2)), ts("2026-11-14T00:00:00Z"));
        assert_eq!(remind_from(&cal, due, Period::weeks(1)), ts("2026-11-09T00:00:00Z"));
        assert_eq!(remind_from(&cal, due, Period::hours(3)), ts("2026-11-16T20:59:59Z"));
        // 5 working days before Monday 4 January 2027, over Christmas:
        // 4 Jan, 31, 30, 29 and 24 Dec are within; the reminder starts 23 Dec.
        assert_eq!(remind_from(&cal, ts("2027-01-04T23:59:59Z"), Period::working_days(5)), ts("2026-12-23T00:00:00Z"));
        // In summer the London day starts at 23:00 UTC the day before.
        assert_eq!(remind_from(&cal, ts("2026-07-10T22:59:59Z"), Period::calendar_days(1)), ts("2026-07-08T23:00:00Z"));
        // A huge lead reaches back to the start of time without hanging.
        assert_eq!(remind_from(&cal, due, Period::working_days(u32::MAX)), start_of_day(Date::MIN));
    }

    #[test]
    fn the_reminder_window_compares_days_or_exact_hours() {
        let cal = ew();
        // Due Monday 16 November 2026; a 1-working-day lead starts Friday 13th.
        let due = ts("2026-11-16T23:59:59Z");
        assert!(within_lead(&cal, due, ts("2026-11-13T08:00:00Z"), Period::working_days(1)));
        assert!(!within_lead(&cal, due, ts("2026-11-12T20:00:00Z"), Period::working_days(1)));
        assert!(within_lead(&cal, due, ts("2026-11-14T08:00:00Z"), Period::calendar_days(2)));
        assert!(!within_lead(&cal, due, ts("2026-11-13T08:00:00Z"), Period::calendar_days(2)));
        assert!(within_lead(&cal, due, ts("2026-11-09T08:00:00Z"), Period::weeks(1)));
        assert!(within_lead(&cal, due, ts("2026-11-16T20:59:59Z"), Period::hours(3)));
        assert!(!within_lead(&cal, due, ts("2026-11-16T20:59:58Z"), Period::hours(3)));
    }
}
