//! Property tests of the complaint workflow: whatever sequence of commands
//! people send, the accepted ones never reach an invalid state.

use super::clocks::complaint_clocks;
use super::complaint::tests::{allocated, england, procedure, receipt};
use super::complaint::{Closure, Command, Complaint, SiteRef, State, decide};
use super::parts::{Outcome, response_limit};
use super::triage::{OutOfTimeDecision, TriageInput};
use super::withdrawal::{Withdraw, WithdrawalMethod};
use crate::nation::Nation;
use jiff::civil::date;
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

const CATEGORIES: [&str; 4] = ["service-delivery", "minor-misconduct", "serious-misconduct", "healthcare"];
const BODIES: [&str; 4] = ["supplier-centre-manager", "escort-supplier", "professional-standards-unit", "healthcare-provider"];

fn in_writing(on: jiff::civil::Date) -> Withdraw {
    Withdraw { on, method: WithdrawalMethod::InWriting, representative: None, note: None }
}

/// Any command, withdrawal rarely (it ends the run).
fn command() -> impl Strategy<Value = Command> {
    prop_oneof![100 => step(), 1 => (1i64..4).prop_map(|by| Command::Withdraw { by, withdrawal: in_writing(date(2026, 12, 24)) })]
}

fn step() -> impl Strategy<Value = Command> {
    let by = 1i64..4;
    let part = 1u32..3;
    prop_oneof![
        by.clone().prop_map(|by| Command::RecordTranslation { by }),
        (by.clone(), 0usize..4, any::<bool>()).prop_map(|(by, c, late_ok)| Command::Triage {
            by,
            input: TriageInput {
                category: CATEGORIES[c].into(),
                out_of_time: late_ok.then(|| OutOfTimeDecision { accept: true, reason: "Good reason".into() }),
                ..TriageInput::default()
            }
        }),
        by.clone().prop_map(|by| Command::ForwardToHub { by }),
        (by.clone(), 1u64..100).prop_map(|(by, sequence)| Command::Log { by, sequence }),
        (by.clone(), proptest::option::of(0usize..4), 0usize..4).prop_map(|(by, c, b)| Command::Allocate {
            by,
            category: c.map(|c| CATEGORIES[c].into()),
            subcategory: None,
            body: BODIES[b].into(),
            investigator: 7
        }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::SendForInvestigation { by, part }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::Acknowledge { by, part }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::SendUpdate { by, part }),
        (by.clone(), part.clone(), 0usize..4).prop_map(|(by, part, b)| Command::Reallocate {
            by,
            part,
            body: BODIES[b].into(),
            investigator: 8,
            reason: "Wrong body".into()
        }),
        (by.clone(), part.clone(), 0usize..3).prop_map(|(by, part, c)| Command::Recategorise {
            by,
            part,
            category: CATEGORIES[c].into(),
            subcategory: None,
            reason: "Returned".into()
        }),
        (by.clone(), part.clone(), 0i32..200).prop_map(|(by, part, d)| Command::RequestExtension {
            by,
            part,
            reason: "CCTV".into(),
            new_date: date(2027, 1, 1).checked_add(jiff::Span::new().days(d)).unwrap()
        }),
        (by.clone(), part.clone(), any::<bool>()).prop_map(|(by, part, agree)| Command::DecideExtension {
            by,
            part,
            agree,
            note: "Noted".into()
        }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::RecordInterimResponse { by, part }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::DraftResponse { by, part }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::ApproveResponse { by, part }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::SendResponse { by, part }),
        (by.clone(), part.clone(), 0usize..3).prop_map(|(by, part, o)| Command::RecordOutcome { by, part, outcome: Outcome::ALL[o] }),
        (by.clone(), part.clone()).prop_map(|(by, part)| Command::ClosePart { by, part }),
        by.prop_map(|by| Command::Close { by }),
    ]
}

/// Where a run starts: just received (with or without translation), or
/// already allocated in one of three categories, so that deep states are
/// reached often.
fn start(choice: u8) -> (Complaint, Timestamp) {
    let site = SiteRef { code: "MORTON".into(), nation: Nation::EnglandAndWales };
    match choice {
        0 | 1 => (Complaint::receive(receipt(choice == 1), site, 1).0, "2026-12-24T09:15:00Z".parse().unwrap()),
        n => (allocated(CATEGORIES[usize::from(n - 2) % 3]), "2026-12-24T11:30:00Z".parse().unwrap()),
    }
}

/// A start and commands, each some hours after the last (up to 36), so a
/// run stays inside the twelve weeks of the longest limit.
fn journey() -> impl Strategy<Value = (u8, Vec<(u32, Command)>)> {
    (0u8..5, proptest::collection::vec((0u32..36, command()), 1..60))
}

fn check(c: &Complaint, now: Timestamp) -> Result<(), TestCaseError> {
    let p = procedure();
    for part in &c.parts {
        if let Some(target) = part.target {
            prop_assert!(target >= part.allocated_at, "part {} target before allocation", part.number);
        }
    }
    if matches!(c.state, State::Closed { closure: Closure::Answered, .. }) {
        prop_assert!(c.open_parts().is_empty(), "closed with parts open");
        prop_assert!(!c.parts.is_empty());
    }
    prop_assert!(c.history.windows(2).all(|w| w[0].at <= w[1].at), "history out of order");
    let clocks = complaint_clocks(&p, &england(), c, now);
    if matches!(c.state, State::Withdrawn { .. } | State::Closed { .. }) {
        prop_assert!(clocks.iter().all(|k| k.clock.is_finished()), "a clock runs on a finished complaint");
    }
    for part in &c.parts {
        let Some(limit) = response_limit(&p, &part.category) else { continue };
        let key = format!("part-{}/{}", part.number, limit.key);
        if let Some(clock) = clocks.iter().find(|k| k.key == key) {
            prop_assert_eq!(clock.clock.due(), part.target, "clock {} and part target disagree", key);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn accepted_commands_never_reach_an_invalid_state((from, steps) in journey()) {
        let (mut c, mut now) = start(from);
        for (hours, command) in steps {
            now = now.checked_add(SignedDuration::from_hours(i64::from(hours))).unwrap();
            let was_open = c.state.is_open();
            let close = matches!(command, Command::Close { .. });
            let open_parts = c.open_parts();
            if let Ok((next, events)) = decide(&c, command, now, &procedure(), &england()) {
                    prop_assert!(was_open, "a finished complaint accepted a command");
                    prop_assert_eq!(events.len(), 1);
                    prop_assert_eq!(next.history.len(), c.history.len() + 1);
                    prop_assert!(!close || open_parts.is_empty(), "closed while parts were open");
                    c = next;
            }
            check(&c, now)?;
        }
    }

    #[test]
    fn withdrawal_leaves_no_running_clock((from, steps) in journey(), later in 0i64..2_000) {
        let (mut c, mut now) = start(from);
        for (hours, command) in steps {
            now = now.checked_add(SignedDuration::from_hours(i64::from(hours))).unwrap();
            if let Ok((next, _)) = decide(&c, command, now, &procedure(), &england()) {
                c = next;
            }
        }
        if let Ok((withdrawn, _)) = decide(&c, Command::Withdraw { by: 1, withdrawal: in_writing(crate::calendar::london_date(now)) }, now, &procedure(), &england()) {
            let look = now.checked_add(SignedDuration::from_hours(later)).unwrap();
            prop_assert!(complaint_clocks(&procedure(), &england(), &withdrawn, look).iter().all(|k| k.clock.is_finished()));
        } else {
            prop_assert!(!c.state.is_open());
        }
    }
}
