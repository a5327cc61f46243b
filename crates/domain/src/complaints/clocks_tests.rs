//! A complaint's clocks on real dates: Christmas, New Year and Easter in
//! England and Scotland, translation, extensions, serious misconduct
//! updates and withdrawal.

use super::*;
use crate::calendar::{Division, end_of_day, london_date};
use crate::complaints::complaint::tests::{allocated, england, procedure, receipt, received, run, step, triage_as, ts};
use crate::complaints::complaint::{Command, SiteRef};
use crate::complaints::preset_detention;
use crate::deadlines::{DueCause, WorkBucket};
use crate::nation::Nation;
use jiff::civil::date;

fn clocks_of(c: &Complaint, now: &str) -> Vec<ComplaintClock> {
    complaint_clocks(&procedure(), &england(), c, ts(now))
}

fn due_date(clocks: &[ComplaintClock], key: &str) -> jiff::civil::Date {
    let clock = clocks.iter().find(|c| c.key == key).unwrap_or_else(|| panic!("no clock {key}"));
    london_date(clock.clock.due().unwrap())
}

fn keys(clocks: &[ComplaintClock]) -> Vec<&str> {
    clocks.iter().map(|c| c.key.as_str()).collect()
}

fn received_on(at: &str, nation: Nation) -> Complaint {
    let mut r = receipt(false);
    r.received_at = ts(at);
    Complaint::receive(r, SiteRef { code: "MORTON".into(), nation }, 1).0
}

fn forward_due(at: &str, division: Division, nation: Nation) -> jiff::civil::Date {
    let cal = WorkingCalendar::new(division);
    let c = received_on(at, nation);
    let clocks = complaint_clocks(&procedure(), &cal, &c, ts(at));
    // Before triage: no response limit yet, but sending is counted from receipt.
    assert_eq!(keys(&clocks), ["forward", "send-for-investigation"]);
    due_date(&clocks, "forward")
}

#[test]
fn forwarding_within_a_working_day_follows_each_nations_holidays() {
    // Thursday 24 December 2026: both skip Christmas, the weekend and the
    // Boxing Day substitute on Monday 28th.
    assert_eq!(forward_due("2026-12-24T09:15:00Z", Division::EnglandAndWales, Nation::EnglandAndWales), date(2026, 12, 29));
    assert_eq!(forward_due("2026-12-24T09:15:00Z", Division::Scotland, Nation::Scotland), date(2026, 12, 29));
    // Thursday 31 December 2026: Scotland also keeps Monday 4 January (2 January's substitute).
    assert_eq!(forward_due("2026-12-31T09:15:00Z", Division::EnglandAndWales, Nation::EnglandAndWales), date(2027, 1, 4));
    assert_eq!(forward_due("2026-12-31T09:15:00Z", Division::Scotland, Nation::Scotland), date(2027, 1, 5));
    // Thursday 25 March 2027, before Easter: Scotland has no Easter Monday.
    assert_eq!(forward_due("2027-03-25T09:15:00Z", Division::EnglandAndWales, Nation::EnglandAndWales), date(2027, 3, 30));
    assert_eq!(forward_due("2027-03-25T09:15:00Z", Division::Scotland, Nation::Scotland), date(2027, 3, 29));
    assert_eq!(forward_due("2027-03-25T09:15:00Z", Division::NorthernIreland, Nation::NorthernIreland), date(2027, 3, 30));
}

#[test]
fn a_triaged_complaint_shows_its_response_limit_before_allocation() {
    let c = step(&received(Nation::EnglandAndWales), triage_as("serious-misconduct"), "2026-12-24T10:00:00Z");
    let clocks = clocks_of(&c, "2026-12-24T10:00:00Z");
    assert_eq!(keys(&clocks), ["forward", "send-for-investigation", "serious-misconduct-respond"]);
    assert_eq!(due_date(&clocks, "serious-misconduct-respond"), date(2027, 3, 18));
    // Once allocated they belong to the part.
    let c = allocated("serious-misconduct");
    assert!(!keys(&clocks_of(&c, "2026-12-24T12:00:00Z")).contains(&"send-for-investigation"));
}

#[test]
fn the_two_stage_procedure_counts_stage_one_from_receipt() {
    let two = crate::complaints::preset_two_stage::preset();
    let mut r = receipt(false);
    r.setting = None;
    let c = Complaint::receive(r, SiteRef { code: "HQ".into(), nation: Nation::EnglandAndWales }, 1).0;
    let category = two.categories[0].key.clone();
    let (c, _) = crate::complaints::complaint::decide(&c, triage_as(&category), ts("2026-12-24T10:00:00Z"), &two, &england()).unwrap();
    let clocks = complaint_clocks(&two, &england(), &c, ts("2026-12-24T10:00:00Z"));
    assert_eq!(keys(&clocks), ["acknowledge", "stage-1-respond"]);
    // 5 working days from Christmas Eve: 29, 30, 31 December, 4 and 5 January.
    assert_eq!(due_date(&clocks, "stage-1-respond"), date(2027, 1, 5));
}

#[test]
fn an_allocated_complaint_has_the_orders_clocks() {
    let c = allocated("service-delivery");
    let clocks = clocks_of(&c, "2026-12-24T12:00:00Z");
    assert_eq!(keys(&clocks), ["forward", "log", "allocate", "part-1/send-for-investigation", "part-1/acknowledge", "part-1/respond"]);
    for met in ["forward", "log", "allocate"] {
        assert!(clocks.iter().find(|c| c.key == met).unwrap().clock.is_finished(), "{met}");
    }
    assert_eq!(due_date(&clocks, "allocate"), date(2026, 12, 24));
    assert_eq!(due_date(&clocks, "part-1/send-for-investigation"), date(2026, 12, 31));
    assert_eq!(due_date(&clocks, "part-1/acknowledge"), date(2026, 12, 30));
    assert_eq!(due_date(&clocks, "part-1/respond"), date(2027, 1, 26));
    // The clock and the part agree on the target.
    assert_eq!(clocks.iter().find(|c| c.key == "part-1/respond").unwrap().clock.due(), c.part(1).unwrap().target);
}

#[test]
fn the_next_deadline_is_the_most_urgent() {
    let c = allocated("service-delivery");
    let next = next_deadline(&clocks_of(&c, "2026-12-29T09:00:00Z"), &england(), ts("2026-12-29T09:00:00Z")).unwrap();
    assert_eq!(next.key, "part-1/acknowledge");
    assert_eq!(next.status.bucket(), WorkBucket::DueSoon);
    let late = next_deadline(&clocks_of(&c, "2026-12-31T09:00:00Z"), &england(), ts("2026-12-31T09:00:00Z")).unwrap();
    assert_eq!((late.key.as_str(), late.status.summary()), ("part-1/acknowledge", "1 working day overdue".to_owned()));
    let acked = step(&c, Command::Acknowledge { by: 7, part: 1 }, "2026-12-30T09:00:00Z");
    let next = next_deadline(&clocks_of(&acked, "2026-12-31T09:00:00Z"), &england(), ts("2026-12-31T09:00:00Z")).unwrap();
    assert_eq!((next.key.as_str(), next.status.bucket()), ("part-1/send-for-investigation", WorkBucket::DueToday));
}

#[test]
fn translation_has_48_hours_and_sending_has_five_working_days() {
    let c = Complaint::receive(receipt(true), SiteRef { code: "MORTON".into(), nation: Nation::EnglandAndWales }, 1).0;
    let clocks = clocks_of(&c, "2026-12-24T10:00:00Z");
    assert_eq!(keys(&clocks), ["translate", "forward", "send-for-investigation"]);
    let translate = &clocks[0].clock;
    assert_eq!(translate.due(), Some(ts("2026-12-26T09:15:00Z")));
    let c = step(&c, Command::RecordTranslation { by: 1 }, "2026-12-26T10:00:00Z");
    let clocks = clocks_of(&c, "2026-12-26T10:00:00Z");
    assert_eq!(clocks[0].clock.status(&england(), ts("2026-12-26T10:00:00Z")).summary(), "Met late (1 hour late)");
    let c = step(&c, triage_as("service-delivery"), "2026-12-26T11:00:00Z");
    let c = step(&c, Command::Log { by: 1, sequence: 1 }, "2026-12-26T12:00:00Z");
    let c = step(&c, crate::complaints::complaint::tests::allocate("supplier-centre-manager", 7), "2026-12-29T09:00:00Z");
    // 29, 30, 31 December, 4 and 5 January.
    assert_eq!(due_date(&clocks_of(&c, "2026-12-29T10:00:00Z"), "part-1/send-for-investigation"), date(2027, 1, 5));
}

#[test]
fn healthcare_in_scotland_counts_only_the_translation() {
    let c = Complaint::receive(receipt(true), SiteRef { code: "DUNG".into(), nation: Nation::Scotland }, 1).0;
    let c = step(&c, Command::RecordTranslation { by: 1 }, "2026-12-25T10:00:00Z");
    let c = step(&c, triage_as("healthcare"), "2026-12-26T10:00:00Z");
    let c = step(&c, Command::Log { by: 1, sequence: 1 }, "2026-12-26T11:00:00Z");
    let c = step(&c, crate::complaints::complaint::tests::allocate("healthcare-provider", 11), "2026-12-26T12:00:00Z");
    let clocks = clocks_of(&c, "2026-12-26T12:00:00Z");
    assert_eq!(keys(&clocks), ["translate"]);
    assert!(clocks[0].clock.is_finished());
}

#[test]
fn an_agreed_extension_moves_the_response_clock_and_keeps_its_history() {
    let c = allocated("service-delivery");
    let ask = Command::RequestExtension { by: 7, part: 1, reason: "CCTV awaited".into(), new_date: date(2027, 2, 9) };
    let c = step(&c, ask, "2027-01-20T09:00:00Z");
    // Asked but not agreed: nothing moves.
    assert_eq!(due_date(&clocks_of(&c, "2027-01-20T10:00:00Z"), "part-1/respond"), date(2027, 1, 26));
    let c = step(&c, Command::DecideExtension { by: 1, part: 1, agree: true, note: "Agreed".into() }, "2027-01-21T09:00:00Z");
    let clocks = clocks_of(&c, "2027-01-27T09:00:00Z");
    let respond = &clocks.iter().find(|c| c.key == "part-1/respond").unwrap().clock;
    assert_eq!(respond.due(), Some(end_of_day(date(2027, 2, 9))));
    assert_eq!(respond.due(), c.part(1).unwrap().target);
    assert!(respond.was_extended());
    assert_eq!(respond.due_history().last().unwrap().cause, DueCause::Extended { reason: "CCTV awaited".into() });
    // Past the old date but inside the new one: on track, not overdue.
    assert_eq!(respond.status(&england(), ts("2027-01-27T09:00:00Z")).bucket(), WorkBucket::OnTrack);
}

#[test]
fn serious_misconduct_has_evidence_twelve_weeks_and_four_weekly_updates() {
    let c = allocated("serious-misconduct");
    let clocks = clocks_of(&c, "2026-12-24T12:00:00Z");
    assert_eq!(
        keys(&clocks),
        [
            "forward",
            "log",
            "allocate",
            "part-1/send-for-investigation",
            "part-1/acknowledge",
            "part-1/evidence-request",
            "part-1/serious-misconduct-respond"
        ]
    );
    assert_eq!(due_date(&clocks, "part-1/evidence-request"), date(2026, 12, 31));
    assert_eq!(due_date(&clocks, "part-1/serious-misconduct-respond"), date(2027, 3, 18));
    // Past twelve weeks with no response: an update is owed within four weeks.
    let clocks = clocks_of(&c, "2027-03-20T09:00:00Z");
    assert_eq!(due_date(&clocks, "part-1/serious-misconduct-update"), date(2027, 4, 15));
    let updated = step(&c, Command::SendUpdate { by: 5, part: 1 }, "2027-04-01T09:00:00Z");
    assert_eq!(due_date(&clocks_of(&updated, "2027-04-02T09:00:00Z"), "part-1/serious-misconduct-update"), date(2027, 4, 29));
    // Answered within twelve weeks: no update is ever owed.
    let answered = crate::complaints::complaint::tests::answer(&c, 1, "2027-03-01");
    assert!(!keys(&clocks_of(&answered, "2027-05-01T09:00:00Z")).contains(&"part-1/serious-misconduct-update"));
}

#[test]
fn withdrawal_cancels_every_open_clock() {
    let c = allocated("serious-misconduct");
    let c = step(&c, crate::complaints::complaint::tests::withdraw_on(date(2026, 12, 29)), "2026-12-29T09:00:00Z");
    let clocks = clocks_of(&c, "2027-06-01T09:00:00Z");
    assert!(clocks.iter().all(|c| c.clock.is_finished()));
    assert!(next_deadline(&clocks, &england(), ts("2027-06-01T09:00:00Z")).is_none());
    let respond = &clocks.iter().find(|c| c.key == "part-1/serious-misconduct-respond").unwrap().clock;
    assert_eq!(respond.status(&england(), ts("2027-06-01T09:00:00Z")).summary(), "Cancelled");
}

#[test]
fn closing_a_part_stops_its_clocks_and_not_the_others() {
    let c = allocated("service-delivery");
    let split = Command::Allocate {
        by: 1,
        category: Some("minor-misconduct".into()),
        subcategory: None,
        body: "escort-supplier".into(),
        investigator: 8,
    };
    let c = step(&c, split, "2026-12-24T12:00:00Z");
    let c = crate::complaints::complaint::tests::answer(&c, 1, "2027-01-05");
    let clocks = clocks_of(&c, "2027-01-06T09:00:00Z");
    assert!(clocks.iter().filter(|c| c.key.starts_with("part-1/")).all(|c| c.clock.is_finished()));
    assert!(clocks.iter().any(|c| c.key == "part-2/respond" && !c.clock.is_finished()));
    // Part 1's outcome clock was met when the outcome was recorded.
    assert!(clocks.iter().any(|c| c.key == "part-1/record-outcome"));
    let next = next_deadline(&clocks, &england(), ts("2027-01-06T09:00:00Z")).unwrap();
    assert!(next.key.starts_with("part-2/"), "{}", next.key);
}

#[test]
fn a_refused_complaint_stops_its_clocks() {
    let mut c = received(Nation::EnglandAndWales);
    c.receipt.incident_date = Some(date(2026, 1, 1));
    let refuse = Command::Triage {
        by: 1,
        input: crate::complaints::triage::TriageInput {
            category: "service-delivery".into(),
            out_of_time: Some(crate::complaints::triage::OutOfTimeDecision { accept: false, reason: "Late".into() }),
            ..Default::default()
        },
    };
    let c = run(&c, refuse, "2026-12-24T10:00:00Z").unwrap();
    assert!(clocks_of(&c, "2026-12-30T10:00:00Z").iter().all(|c| c.clock.is_finished()));
}

#[test]
fn reminders_are_a_quarter_of_the_period() {
    use crate::deadlines::Period;
    assert_eq!(reminder_for(Period::working_days(20)), Some(Period::working_days(5)));
    assert_eq!(reminder_for(Period::working_days(2)), Some(Period::working_days(1)));
    assert_eq!(reminder_for(Period::weeks(12)), Some(Period::weeks(3)));
    assert_eq!(reminder_for(Period::hours(6)), Some(Period::hours(2)));
    assert_eq!(reminder_for(Period::working_days(0)), None);
    let _ = preset_detention::KEY;
}
