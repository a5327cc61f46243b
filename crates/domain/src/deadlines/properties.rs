//! Property tests: the deadline engine keeps its promises for random
//! starts in 2000–2099, random calendars and random event sequences.

use super::due::within_lead;
use super::{Clock, ClockEvent, ClockRule, ClockStatus, Compliance, Period, PeriodUnit, WorkBucket, due_at};
use crate::calendar::{Division, WorkingCalendar, end_of_day, london_date};
use jiff::civil::Date;
use jiff::{Span, Timestamp};
use proptest::prelude::*;

const FIRST: i64 = 946_684_800; // 2000-01-01T00:00:00Z
const LAST: i64 = 4_102_444_799; // 2099-12-31T23:59:59Z

fn any_time() -> impl Strategy<Value = Timestamp> {
    (FIRST..=LAST).prop_map(|s| Timestamp::from_second(s).unwrap())
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(Span::new().days(n)).unwrap()
}

/// A division's calendar with a few closures within a month of `near`,
/// so that closures actually matter.
fn any_calendar(near: Timestamp) -> impl Strategy<Value = WorkingCalendar> {
    let near = london_date(near);
    (prop::sample::select(Division::ALL.to_vec()), prop::collection::vec(0i64..30, 0..5))
        .prop_map(move |(division, offsets)| WorkingCalendar::new(division).with_closures(offsets.into_iter().map(|o| plus_days(near, o))))
}

fn start_and_calendar() -> impl Strategy<Value = (Timestamp, WorkingCalendar)> {
    any_time().prop_flat_map(|start| (Just(start), any_calendar(start)))
}

fn any_unit() -> impl Strategy<Value = PeriodUnit> {
    prop::sample::select(vec![PeriodUnit::WorkingDays, PeriodUnit::CalendarDays, PeriodUnit::Weeks, PeriodUnit::Hours])
}

fn any_period() -> impl Strategy<Value = Period> {
    (any_unit(), 0u32..200).prop_map(|(unit, amount)| Period { amount, unit })
}

/// One step of a random event sequence: a kind, a gap after the previous
/// event (sometimes negative, to try going back in time), and for
/// extensions a day offset from the current due (sometimes not later).
#[derive(Debug, Clone)]
struct Step {
    kind: u8,
    gap_minutes: i64,
    extend_days: i64,
    blank_reason: bool,
}

/// Mostly sequences that start, then many pauses, resumes and extensions
/// before anything finishes them; a few that never start.
fn any_steps() -> impl Strategy<Value = Vec<Step>> {
    let step = (0u8..20, -600i64..20_000, -3i64..40, prop::bool::weighted(0.1))
        .prop_map(|(kind, gap_minutes, extend_days, blank_reason)| Step { kind, gap_minutes, extend_days, blank_reason });
    let start = Step { kind: 0, gap_minutes: 0, extend_days: 0, blank_reason: false };
    (prop::bool::weighted(0.9), prop::collection::vec(step, 0..16))
        .prop_map(move |(starts, rest)| if starts { std::iter::once(start.clone()).chain(rest).collect() } else { rest })
}

fn event_for(step: &Step, clock: &Clock, at: Timestamp) -> ClockEvent {
    let reason = if step.blank_reason { " ".to_owned() } else { "A reason".to_owned() };
    match step.kind {
        0 => ClockEvent::Started { at },
        1..=6 => ClockEvent::Paused { at, reason },
        7..=12 => ClockEvent::Resumed { at },
        13..=16 => {
            let base = clock.due().map_or(london_date(at), london_date);
            ClockEvent::Extended { at, to: plus_days(base, step.extend_days), reason }
        }
        17 | 18 => ClockEvent::Met { at },
        _ => ClockEvent::Cancelled { at, reason },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn due_is_never_before_start((start, cal) in start_and_calendar(), period in any_period()) {
        prop_assert!(due_at(&cal, start, period) >= start);
    }

    #[test]
    fn working_day_dues_fall_on_working_days((start, cal) in start_and_calendar(), n in 0u32..300) {
        let due = due_at(&cal, start, Period::working_days(n));
        prop_assert!(cal.is_working_day(london_date(due)));
        prop_assert_eq!(due, end_of_day(london_date(due)).max(start));
    }

    #[test]
    fn more_never_gives_an_earlier_due((start, cal) in start_and_calendar(), unit in any_unit(), n in 0u32..200, more in 0u32..50) {
        let a = due_at(&cal, start, Period { amount: n, unit });
        let b = due_at(&cal, start, Period { amount: n + more, unit });
        prop_assert!(b >= a);
    }

    #[test]
    fn pausing_never_makes_the_due_earlier(
        (start, cal) in start_and_calendar(),
        period in any_period(),
        gaps in prop::collection::vec((0i64..10_000, 0i64..10_000), 1..6),
    ) {
        let mut clock = Clock::new(ClockRule::new(period));
        clock.apply(&cal, ClockEvent::Started { at: start }).unwrap();
        let mut at = start;
        for (run, paused_for) in gaps {
            let before = clock.due().unwrap();
            at = at.checked_add(Span::new().minutes(run)).unwrap();
            clock.apply(&cal, ClockEvent::Paused { at, reason: "Awaiting consent".into() }).unwrap();
            at = at.checked_add(Span::new().minutes(paused_for)).unwrap();
            clock.apply(&cal, ClockEvent::Resumed { at }).unwrap();
            prop_assert!(clock.due().unwrap() >= before);
        }
    }

    #[test]
    fn an_extension_is_due_exactly_on_the_agreed_date((start, cal) in start_and_calendar(), period in any_period(), later in 1i64..100) {
        let mut clock = Clock::new(ClockRule::new(period));
        clock.apply(&cal, ClockEvent::Started { at: start }).unwrap();
        let to = plus_days(london_date(clock.due().unwrap()), later);
        clock.apply(&cal, ClockEvent::Extended { at: start, to, reason: "Agreed".into() }).unwrap();
        prop_assert_eq!(clock.due(), Some(end_of_day(to)));
        prop_assert_eq!(london_date(clock.due().unwrap()), to);
    }

    #[test]
    fn buckets_agree_with_due_and_now(
        (start, cal) in start_and_calendar(),
        period in any_period(),
        lead in prop::option::of(any_period()),
        minutes in -300_000i64..60_000,
    ) {
        let rule = ClockRule { period, reminder: lead };
        let clock = Clock::replay(rule, &cal, [ClockEvent::Started { at: start }]).unwrap();
        let due = clock.due().unwrap();
        let now = due.checked_add(Span::new().minutes(minutes)).unwrap();
        let status = clock.status(&cal, now);
        prop_assert_eq!(status.due(), Some(due));
        match status.bucket() {
            WorkBucket::Overdue => {
                prop_assert!(now > due);
                let by = match status { ClockStatus::Overdue { by, .. } => by, _ => unreachable!() };
                prop_assert!(by.amount >= 1);
            }
            WorkBucket::DueToday => prop_assert!(now <= due && london_date(now) == london_date(due)),
            WorkBucket::DueSoon => {
                prop_assert!(now <= due && london_date(now) != london_date(due));
                prop_assert!(clock.remind_from(&cal).is_some_and(|from| now >= from));
            }
            WorkBucket::OnTrack => {
                prop_assert!(now <= due && london_date(now) != london_date(due));
                prop_assert!(clock.remind_from(&cal).is_none_or(|from| now < from));
            }
            other => prop_assert!(false, "a running clock in bucket {:?}", other),
        }
    }

    #[test]
    fn the_reminder_starts_exactly_at_remind_from(
        (start, cal) in start_and_calendar(),
        period in any_period(),
        lead in any_period(),
        seconds in -200_000i64..200_000,
    ) {
        let rule = ClockRule::new(period).with_reminder(lead);
        let clock = Clock::replay(rule, &cal, [ClockEvent::Started { at: start }]).unwrap();
        let (due, from) = (clock.due().unwrap(), clock.remind_from(&cal).unwrap());
        prop_assert!(from <= due);
        // Around the boundary, where an off-by-one would show.
        let now = from.checked_add(Span::new().seconds(seconds)).unwrap();
        prop_assert_eq!(within_lead(&cal, due, now, lead), now >= from, "now {} from {} due {}", now, from, due);
    }

    /// No sequence of events, good or bad, leaves the clock in a state its
    /// own accepted events would not rebuild, or breaks its invariants.
    #[test]
    fn random_event_sequences_keep_the_clock_valid((start, cal) in start_and_calendar(), period in any_period(), steps in any_steps()) {
        let rule = ClockRule::new(period).with_reminder(Period::working_days(2));
        let mut clock = Clock::new(rule);
        let mut at = start;
        let mut statuses = Vec::new();
        for step in &steps {
            at = at.checked_add(Span::new().minutes(step.gap_minutes)).unwrap();
            let event = event_for(step, &clock, at);
            let before = clock.clone();
            let finished = clock.is_finished();
            match clock.apply(&cal, event) {
                Ok(()) => prop_assert!(!finished, "an event was accepted after the clock finished"),
                Err(_) => prop_assert_eq!(&clock, &before),
            }
            statuses.push(clock.status(&cal, at));
        }
        let events = clock.events();
        prop_assert!(events.windows(2).all(|w| w[0].at() <= w[1].at()));
        let is_start = |e: &ClockEvent| matches!(e, ClockEvent::Started { .. });
        prop_assert!(!events.iter().skip(1).any(is_start), "started twice");
        if let Some(first) = events.first() {
            prop_assert!(is_start(first), "the first event is not the start");
            prop_assert!(clock.due().unwrap() >= first.at());
        }
        let is_finish = |e: &&ClockEvent| matches!(e, ClockEvent::Met { .. } | ClockEvent::Cancelled { .. });
        let finishers = events.iter().filter(is_finish).count();
        prop_assert!(finishers <= 1);
        prop_assert!(clock.due_history().windows(2).all(|w| w[0].due <= w[1].due));
        prop_assert_eq!(clock.due(), clock.due_history().last().map(|change| change.due));
        let rebuilt = Clock::replay(rule, &cal, events.to_vec()).unwrap();
        prop_assert_eq!(&rebuilt, &clock);
        let report = Compliance::from_statuses(&statuses);
        prop_assert_eq!(report.total(), statuses.len() as u64);
        if let Some(rate) = report.on_time_rate() {
            prop_assert!((0.0..=1.0).contains(&rate));
        }
    }
}
