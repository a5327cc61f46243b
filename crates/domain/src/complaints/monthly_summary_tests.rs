//! The monthly summary's definitions: months, the facts kept per
//! complaint, and the overall outcome of a complaint answered in parts.

use super::*;
use crate::complaints::complaint::Command;
use crate::complaints::complaint::tests::{allocated, answer, step, withdraw_on};
use jiff::civil::date;
use proptest::prelude::*;

#[test]
fn months_parse_and_count_in_london_time() {
    let october = Month::parse("2026-10").unwrap();
    assert_eq!(october.key(), "2026-10");
    assert_eq!(october.label(), "October 2026");
    // British Summer Time: midnight on 1 October is 23:00 UTC the day before.
    assert_eq!(october.starts_at().to_string(), "2026-09-30T23:00:00Z");
    // The clocks went back on 25 October, so November starts at midnight UTC.
    assert_eq!(october.ends_at().to_string(), "2026-11-01T00:00:00Z");
    assert_eq!(october.previous().key(), "2026-09");
    assert_eq!(Month::parse("2026-12").unwrap().next().key(), "2027-01");
    assert_eq!(Month::parse("2027-01").unwrap().previous().key(), "2026-12");
    assert_eq!(Month::of(date(2026, 2, 28)).key(), "2026-02");
    for bad in ["", "2026", "2026-13", "26-10", "2026-1", "October", "1999-01"] {
        assert!(Month::parse(bad).is_err(), "{bad:?} should be refused");
    }
}

#[test]
fn a_complaint_not_yet_answered_has_no_outcome_and_is_late_from_its_target() {
    let c = allocated("service-delivery");
    let facts = report_facts(&c);
    let target = c.parts[0].target.expect("a target");
    assert_eq!(facts, ReportFacts { responded_at: None, outcome: None, within_target: None, late_from: Some(target), extended: false });
}

#[test]
fn a_complaint_answered_in_time_counts_within_target() {
    let c = answer(&allocated("service-delivery"), 1, "2027-01-05");
    let facts = report_facts(&c);
    assert_eq!(facts.responded_at.map(|t| t.to_string()).as_deref(), Some("2027-01-05T12:00:00Z"));
    assert_eq!(facts.outcome, Some(Outcome::NotSubstantiated));
    assert_eq!(facts.within_target, Some(true));
    assert_eq!(facts.late_from, None, "answered before its target, it was never late");
}

#[test]
fn a_late_answer_is_outside_target_and_was_late_from_the_target() {
    let c = allocated("service-delivery");
    let target = c.parts[0].target.expect("a target");
    let c = answer(&c, 1, "2027-03-01");
    let facts = report_facts(&c);
    assert_eq!(facts.within_target, Some(false));
    assert_eq!(facts.late_from, Some(target));
}

#[test]
fn a_complaint_in_two_parts_is_answered_when_both_are() {
    let c = allocated("service-delivery");
    let split = Command::Allocate {
        by: 1,
        category: Some("minor-misconduct".into()),
        subcategory: None,
        body: "hoie-manager".into(),
        investigator: 8,
    };
    let c = step(&c, split, "2026-12-24T12:00:00Z");
    let one = answer(&c, 1, "2027-01-05");
    assert_eq!(report_facts(&one).responded_at, None, "part 2 is still open");
    let both = answer(&one, 2, "2027-01-06");
    assert_eq!(report_facts(&both).responded_at.map(|t| t.to_string()).as_deref(), Some("2027-01-06T12:00:00Z"));
}

#[test]
fn an_agreed_extension_is_counted() {
    let c = allocated("service-delivery");
    let c = step(
        &c,
        Command::RequestExtension { by: 7, part: 1, reason: "Waiting for CCTV".into(), new_date: date(2027, 2, 26) },
        "2027-01-04T09:00:00Z",
    );
    let c = step(&c, Command::DecideExtension { by: 1, part: 1, agree: true, note: "Agreed".into() }, "2027-01-04T10:00:00Z");
    assert!(report_facts(&c).extended);
}

#[test]
fn a_withdrawn_complaint_is_never_late() {
    let c = step(&allocated("service-delivery"), withdraw_on(date(2026, 12, 29)), "2026-12-29T09:00:00Z");
    assert_eq!(report_facts(&c).late_from, None);
}

#[test]
fn outcomes_of_parts_combine() {
    use Outcome::*;
    assert_eq!(overall_outcome(&[]), None);
    assert_eq!(overall_outcome(&[Substantiated, Substantiated]), Some(Substantiated));
    assert_eq!(overall_outcome(&[NotSubstantiated, NotSubstantiated]), Some(NotSubstantiated));
    assert_eq!(overall_outcome(&[Substantiated, NotSubstantiated]), Some(PartiallySubstantiated));
    assert_eq!(overall_outcome(&[PartiallySubstantiated]), Some(PartiallySubstantiated));
}

#[test]
fn percentages_round_down_and_need_a_whole() {
    assert_eq!(percent(2, 3), Some(66));
    assert_eq!(percent(0, 0), None);
    assert_eq!(percent(5, 5), Some(100));
}

fn any_outcome() -> impl Strategy<Value = Outcome> {
    prop::sample::select(Outcome::ALL.to_vec())
}

proptest! {
    /// A complaint's outcome is upheld exactly when some part was upheld,
    /// and does not depend on the order of its parts.
    #[test]
    fn the_overall_outcome_is_upheld_iff_a_part_was(mut outcomes in prop::collection::vec(any_outcome(), 1..6)) {
        let overall = overall_outcome(&outcomes).unwrap();
        prop_assert_eq!(overall.upheld_in_part_or_whole(), outcomes.iter().any(|o| o.upheld_in_part_or_whole()));
        outcomes.reverse();
        prop_assert_eq!(overall_outcome(&outcomes), Some(overall));
    }

    /// Every month from 2000 parses back from its key, and consecutive
    /// months meet without a gap.
    #[test]
    fn months_tile_time(year in 2000i16..2999, month in 1i8..=12) {
        let m = Month::parse(&format!("{year:04}-{month:02}")).unwrap();
        prop_assert_eq!(Month::parse(&m.key()).unwrap(), m);
        prop_assert_eq!(m.ends_at(), m.next().starts_at());
        prop_assert!(m.starts_at() < m.ends_at());
        prop_assert_eq!(m.next().previous(), m);
    }
}
