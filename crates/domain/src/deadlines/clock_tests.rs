//! The clock and its status, on the complaints order's real time limits
//! around Christmas 2026 and in November 2026.

use super::*;
use crate::calendar::{Division, WorkingCalendar};
use jiff::Timestamp;
use jiff::civil::date;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn ew() -> WorkingCalendar {
    WorkingCalendar::new(Division::EnglandAndWales)
}

/// "Respond within 20 working days of allocation", reminding 5 before.
const RESPOND: ClockRule = ClockRule::new(Period::working_days(20)).with_reminder(Period::working_days(5));

fn started(rule: ClockRule, at: &str) -> Clock {
    Clock::replay(rule, &ew(), [ClockEvent::Started { at: ts(at) }]).unwrap()
}

fn pause(at: &str, reason: &str) -> ClockEvent {
    ClockEvent::Paused { at: ts(at), reason: reason.into() }
}

fn resume(at: &str) -> ClockEvent {
    ClockEvent::Resumed { at: ts(at) }
}

#[test]
fn a_response_clock_over_christmas_goes_from_running_to_overdue() {
    let cal = ew();
    // Allocated Wednesday 2 December 2026: due Monday 4 January 2027.
    let clock = started(RESPOND, "2026-12-02T09:30:00Z");
    let due = ts("2027-01-04T23:59:59Z");
    assert_eq!(clock.due(), Some(due));
    assert_eq!(clock.status(&cal, ts("2026-12-07T09:00:00Z")), ClockStatus::Running { due });
    // 22 December: 6 working days to go (23, 24, 29, 30, 31 Dec, 4 Jan).
    assert_eq!(clock.status(&cal, ts("2026-12-22T09:00:00Z")), ClockStatus::Running { due });
    assert_eq!(clock.status(&cal, ts("2026-12-23T09:00:00Z")), ClockStatus::DueSoon { due });
    assert_eq!(clock.remind_from(&cal), Some(ts("2026-12-23T00:00:00Z")));
    assert_eq!(clock.status(&cal, ts("2027-01-04T17:00:00Z")), ClockStatus::DueToday { due });
    let overdue = clock.status(&cal, ts("2027-01-07T09:00:00Z"));
    assert_eq!(overdue, ClockStatus::Overdue { due, by: Period::working_days(3) });
    assert_eq!(overdue.summary(), "3 working days overdue");
    assert_eq!(overdue.bucket(), WorkBucket::Overdue);
    // The same allocation in Scotland is due a day later (4 January is
    // the substitute for 2 January).
    let scot = WorkingCalendar::new(Division::Scotland);
    let clock = Clock::replay(RESPOND, &scot, [ClockEvent::Started { at: ts("2026-12-02T09:30:00Z") }]).unwrap();
    assert_eq!(clock.due(), Some(ts("2027-01-05T23:59:59Z")));
    assert_eq!(clock.status(&scot, ts("2027-01-05T09:00:00Z")).bucket(), WorkBucket::DueToday);
}

#[test]
fn time_paused_does_not_count() {
    let cal = ew();
    // Allocated Monday 2 November 2026: due Monday 30 November.
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    assert_eq!(clock.due(), Some(ts("2026-11-30T23:59:59Z")));
    clock.apply(&cal, pause("2026-11-10T11:00:00Z", "  Awaiting the complainant's consent ")).unwrap();
    // Shown while paused: if resumed on Friday 13th, 3 working days are lost.
    assert_eq!(clock.due_if_resumed(&cal, ts("2026-11-13T09:00:00Z")), Some(ts("2026-12-03T23:59:59Z")));
    assert_eq!(clock.due(), Some(ts("2026-11-30T23:59:59Z")));
    let status = clock.status(&cal, ts("2026-11-11T09:00:00Z"));
    assert_eq!(status, ClockStatus::Paused { since: ts("2026-11-10T11:00:00Z"), reason: "Awaiting the complainant's consent".into() });
    assert_eq!(status.bucket(), WorkBucket::Paused);
    assert_eq!(clock.remind_from(&cal), None);
    // Resumed Thursday 12th: the 11th and 12th did not count.
    clock.apply(&cal, resume("2026-11-12T15:00:00Z")).unwrap();
    assert_eq!(clock.due(), Some(ts("2026-12-02T23:59:59Z")));
    let history = clock.due_history();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].cause, DueCause::Resumed { paused_at: ts("2026-11-10T11:00:00Z") });
}

#[test]
fn an_agreed_extension_replaces_the_due_date_and_keeps_history() {
    let cal = ew();
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    let extend = ClockEvent::Extended { at: ts("2026-11-25T12:00:00Z"), to: date(2026, 12, 11), reason: "Witness on leave".into() };
    clock.apply(&cal, extend).unwrap();
    assert_eq!(clock.due(), Some(ts("2026-12-11T23:59:59Z")));
    assert!(clock.was_extended());
    let dues: Vec<Timestamp> = clock.due_history().iter().map(|c| c.due).collect();
    assert_eq!(dues, [ts("2026-11-30T23:59:59Z"), ts("2026-12-11T23:59:59Z")]);
    assert_eq!(clock.due_history()[1].cause, DueCause::Extended { reason: "Witness on leave".into() });
    clock.apply(&cal, ClockEvent::Met { at: ts("2026-12-10T16:00:00Z") }).unwrap();
    let status = clock.status(&cal, ts("2027-02-01T09:00:00Z"));
    assert_eq!(status, ClockStatus::MetOnTime { at: ts("2026-12-10T16:00:00Z"), due: ts("2026-12-11T23:59:59Z") });
    assert_eq!(status.bucket(), WorkBucket::Finished);
    assert_eq!(clock.events().len(), 3);
    assert!(clock.is_finished());
}

#[test]
fn met_late_says_by_how_much() {
    let cal = ew();
    // "Acknowledge within 2 working days of allocation": Monday 2 → Wednesday 4.
    let ack = ClockRule::new(Period::working_days(2));
    let mut clock = started(ack, "2026-11-02T10:00:00Z");
    clock.apply(&cal, ClockEvent::Met { at: ts("2026-11-06T10:00:00Z") }).unwrap();
    let status = clock.status(&cal, ts("2026-11-06T10:00:00Z"));
    assert_eq!(
        status,
        ClockStatus::MetLate { at: ts("2026-11-06T10:00:00Z"), due: ts("2026-11-04T23:59:59Z"), by: Period::working_days(2) }
    );
    assert_eq!(status.summary(), "Met late (2 working days late)");
}

#[test]
fn met_while_paused_is_judged_as_if_resumed_then() {
    let cal = ew();
    let ack = ClockRule::new(Period::working_days(2));
    let mut clock = started(ack, "2026-11-02T10:00:00Z");
    // Paused Tuesday 3rd, done Friday 6th: 3 working days lost, so due Monday 9th.
    clock.apply(&cal, pause("2026-11-03T10:00:00Z", "Awaiting translation")).unwrap();
    clock.apply(&cal, ClockEvent::Met { at: ts("2026-11-06T10:00:00Z") }).unwrap();
    assert_eq!(clock.due(), Some(ts("2026-11-09T23:59:59Z")));
    assert_eq!(clock.due_history().last().map(|c| c.due), clock.due());
    assert!(matches!(clock.status(&cal, ts("2026-11-06T10:00:00Z")), ClockStatus::MetOnTime { .. }));
}

#[test]
fn a_withdrawn_complaint_stops_the_clock_without_a_breach() {
    let cal = ew();
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    clock.apply(&cal, ClockEvent::Cancelled { at: ts("2026-11-05T10:00:00Z"), reason: "Complaint withdrawn by letter".into() }).unwrap();
    // Long after the due it is still not overdue.
    let status = clock.status(&cal, ts("2027-01-05T10:00:00Z"));
    assert_eq!(status, ClockStatus::Cancelled { at: ts("2026-11-05T10:00:00Z"), reason: "Complaint withdrawn by letter".into() });
    assert_eq!(status.bucket(), WorkBucket::Finished);
    assert_eq!(clock.due(), Some(ts("2026-11-30T23:59:59Z")));
}

#[test]
fn an_hours_clock_counts_elapsed_hours() {
    let cal = ew();
    // "Scan within 6 hours" of emptying the box on a Saturday.
    let scan = ClockRule::new(Period::hours(6)).with_reminder(Period::hours(1));
    let clock = started(scan, "2026-11-07T08:00:00Z");
    let due = ts("2026-11-07T14:00:00Z");
    assert_eq!(clock.due(), Some(due));
    assert_eq!(clock.status(&cal, ts("2026-11-07T09:00:00Z")), ClockStatus::DueToday { due });
    assert_eq!(clock.status(&cal, ts("2026-11-07T16:30:00Z")), ClockStatus::Overdue { due, by: Period::hours(3) });
    // Started late in the evening, a 3-hour reminder shows before midnight.
    let clock = started(ClockRule::new(Period::hours(6)).with_reminder(Period::hours(3)), "2026-11-07T20:00:00Z");
    let due = ts("2026-11-08T02:00:00Z");
    assert_eq!(clock.status(&cal, ts("2026-11-07T21:00:00Z")), ClockStatus::Running { due });
    assert_eq!(clock.status(&cal, ts("2026-11-08T01:30:00Z")), ClockStatus::DueToday { due });
    assert_eq!(clock.status(&cal, ts("2026-11-07T23:30:00Z")), ClockStatus::DueSoon { due });
}

#[test]
fn a_clock_that_has_not_started_says_so() {
    let clock = Clock::new(RESPOND);
    assert_eq!(clock.status(&ew(), ts("2026-11-02T10:00:00Z")), ClockStatus::NotStarted);
    assert_eq!(clock.due(), None);
    assert_eq!(clock.started_at(), None);
    assert_eq!(ClockStatus::NotStarted.bucket(), WorkBucket::NotStarted);
}

/// Applies `event` to `clock` and returns the refusal, checking the clock
/// did not change.
fn refused(clock: &mut Clock, event: ClockEvent) -> ClockError {
    let before = clock.clone();
    let err = clock.apply(&ew(), event).unwrap_err();
    assert_eq!(*clock, before);
    err
}

#[test]
fn bad_sequences_are_refused_with_a_message_naming_the_problem() {
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    let err = refused(&mut clock, resume("2026-11-03T10:00:00Z"));
    assert_eq!(err.to_string(), "The clock is not paused, so it cannot be resumed");
    let err = refused(&mut clock, ClockEvent::Started { at: ts("2026-11-03T10:00:00Z") });
    assert_eq!(err, ClockError::AlreadyStarted);
    let err = refused(&mut clock, pause("2026-11-01T10:00:00Z", "Awaiting consent"));
    assert_eq!(err.to_string(), "This cannot be paused at 1 November 2026 10:00, before the clock started at 2 November 2026 10:00");
    assert_eq!(err.field(), "at");

    clock.apply(&ew(), pause("2026-11-05T10:00:00Z", "Awaiting consent")).unwrap();
    let err = refused(&mut clock, resume("2026-11-04T10:00:00Z"));
    assert_eq!(err.to_string(), "This cannot be resumed at 4 November 2026 10:00, before the clock's last event at 5 November 2026 10:00");
    assert_eq!(refused(&mut clock, pause("2026-11-06T10:00:00Z", "Again")), ClockError::AlreadyPaused);
    let extend = ClockEvent::Extended { at: ts("2026-11-06T10:00:00Z"), to: date(2026, 12, 18), reason: "More time".into() };
    assert_eq!(refused(&mut clock, extend), ClockError::ExtendedWhilePaused);
}

#[test]
fn events_before_the_start_are_refused() {
    let mut clock = Clock::new(RESPOND);
    let err = refused(&mut clock, pause("2026-11-05T10:00:00Z", "Awaiting consent"));
    assert_eq!(err.to_string(), "The clock has not started, so it cannot be paused");
    assert_eq!(err.field(), "clock");
    assert!(matches!(refused(&mut clock, ClockEvent::Met { at: ts("2026-11-05T10:00:00Z") }), ClockError::NotStarted { .. }));
}

#[test]
fn an_extension_must_be_later_than_the_current_due_and_not_in_the_past() {
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    let extend = |to, reason: &str| ClockEvent::Extended { at: ts("2026-11-25T12:00:00Z"), to, reason: reason.into() };
    let err = refused(&mut clock, extend(date(2026, 11, 30), "More time"));
    assert_eq!(err.to_string(), "The new due date, 2026-11-30, must be after the current due date, 2026-11-30");
    assert_eq!(err.field(), "to");
    assert!(matches!(refused(&mut clock, extend(date(2026, 11, 20), "More time")), ClockError::ExtensionNotLater { .. }));
    let err = refused(&mut clock, extend(date(2026, 12, 11), "   "));
    assert_eq!(err.to_string(), "Enter the reason for the extension");
    assert_eq!(err.into_field_errors().get("reason"), Some("Enter the reason for the extension"));

    // Already overdue: a new date after the old due but before today is refused.
    let mut late = started(ClockRule::new(Period::working_days(2)), "2026-11-02T10:00:00Z");
    let back = ClockEvent::Extended { at: ts("2026-11-09T10:00:00Z"), to: date(2026, 11, 6), reason: "Late".into() };
    assert_eq!(refused(&mut late, back), ClockError::ExtensionInThePast { to: date(2026, 11, 6), agreed: date(2026, 11, 9) });
    let today = ClockEvent::Extended { at: ts("2026-11-09T10:00:00Z"), to: date(2026, 11, 9), reason: "Late".into() };
    late.apply(&ew(), today).unwrap();
}

#[test]
fn nothing_happens_after_met_or_cancelled() {
    let mut met = started(RESPOND, "2026-11-02T10:00:00Z");
    met.apply(&ew(), ClockEvent::Met { at: ts("2026-11-20T10:00:00Z") }).unwrap();
    let err = refused(&mut met, pause("2026-11-21T10:00:00Z", "Late consent"));
    assert_eq!(err.to_string(), "The clock has already been met, so it cannot be paused");
    // Said even when the event is also out of order or has no reason.
    let err = refused(&mut met, ClockEvent::Cancelled { at: ts("2026-11-01T10:00:00Z"), reason: String::new() });
    assert_eq!(err, ClockError::Finished { outcome: "met", action: "cancelled" });

    let mut cancelled = started(RESPOND, "2026-11-02T10:00:00Z");
    cancelled.apply(&ew(), ClockEvent::Cancelled { at: ts("2026-11-03T10:00:00Z"), reason: "Withdrawn".into() }).unwrap();
    let err = refused(&mut cancelled, ClockEvent::Met { at: ts("2026-11-04T10:00:00Z") });
    assert_eq!(err.to_string(), "The clock has already been cancelled, so it cannot be met");
}

#[test]
fn blank_reasons_are_refused_for_pause_and_cancel() {
    let mut clock = started(RESPOND, "2026-11-02T10:00:00Z");
    assert_eq!(refused(&mut clock, pause("2026-11-03T10:00:00Z", "")).to_string(), "Enter the reason for pausing the clock");
    let cancel = ClockEvent::Cancelled { at: ts("2026-11-03T10:00:00Z"), reason: "\n".into() };
    assert_eq!(refused(&mut clock, cancel).to_string(), "Enter the reason for stopping the clock");
}

#[test]
fn replay_stops_at_the_first_bad_event() {
    let events = [ClockEvent::Started { at: ts("2026-11-02T10:00:00Z") }, resume("2026-11-03T10:00:00Z")];
    assert_eq!(Clock::replay(RESPOND, &ew(), events).unwrap_err(), ClockError::NotPaused);
}

#[test]
fn events_serialise_tagged_in_kebab_case() {
    let event = ClockEvent::Extended { at: ts("2026-11-25T12:00:00Z"), to: date(2026, 12, 11), reason: "Witness on leave".into() };
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"event": "extended", "at": "2026-11-25T12:00:00Z", "to": "2026-12-11", "reason": "Witness on leave"})
    );
    assert_eq!(serde_json::from_value::<ClockEvent>(json).unwrap(), event);
    let status = ClockStatus::Overdue { due: ts("2026-11-30T23:59:59Z"), by: Period::working_days(3) };
    assert_eq!(
        serde_json::to_value(status).unwrap(),
        serde_json::json!({"status": "overdue", "due": "2026-11-30T23:59:59Z", "by": {"amount": 3, "unit": "working-days"}})
    );
}

#[test]
fn statuses_sort_most_urgent_first() {
    let t = |s| ts(s);
    let mut list = vec![
        ClockStatus::MetOnTime { at: t("2026-11-01T10:00:00Z"), due: t("2026-11-02T23:59:59Z") },
        ClockStatus::Running { due: t("2026-12-01T23:59:59Z") },
        ClockStatus::NotStarted,
        ClockStatus::Overdue { due: t("2026-11-20T23:59:59Z"), by: Period::working_days(1) },
        ClockStatus::DueSoon { due: t("2026-11-25T23:59:59Z") },
        ClockStatus::Paused { since: t("2026-11-10T10:00:00Z"), reason: "Consent".into() },
        ClockStatus::Overdue { due: t("2026-11-10T23:59:59Z"), by: Period::working_days(9) },
        ClockStatus::DueToday { due: t("2026-11-23T23:59:59Z") },
        ClockStatus::Cancelled { at: t("2026-11-03T10:00:00Z"), reason: "Withdrawn".into() },
    ];
    list.sort();
    let buckets: Vec<WorkBucket> = list.iter().map(ClockStatus::bucket).collect();
    use WorkBucket::*;
    assert_eq!(buckets, [Overdue, Overdue, DueToday, DueSoon, OnTrack, Paused, NotStarted, Finished, Finished]);
    // The longest overdue first.
    assert_eq!(list[0].due(), Some(t("2026-11-10T23:59:59Z")));
    assert!(buckets.is_sorted());
    assert_eq!(WorkBucket::DueToday.label(), "Due today");
}
