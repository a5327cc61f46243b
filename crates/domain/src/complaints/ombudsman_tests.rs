//! Escalation to an ombudsman: routes, dates, outcomes and recommendations.

use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

const RESPONDED: Date = date(2026, 8, 3);

fn escalate(body: Ombudsman, on: Date) -> EscalationCommand {
    EscalationCommand::Escalate { body, on, mp: None, reference: None }
}

fn escalated() -> EscalationState {
    decide(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1)), Some(RESPONDED), now())
        .unwrap()
        .0
}

fn run(state: &EscalationState, command: EscalationCommand) -> Result<(EscalationState, EscalationEvent), EscalationError> {
    decide(state, command, Some(RESPONDED), now())
}

fn decided(outcome: OmbudsmanOutcome) -> EscalationState {
    run(&escalated(), EscalationCommand::RecordOutcome { outcome, on: date(2026, 11, 2) }).unwrap().0
}

#[test]
fn bodies_and_outcomes_round_trip_their_slugs_and_serde() {
    for b in Ombudsman::ALL {
        assert_eq!(b.slug().parse::<Ombudsman>(), Ok(b));
        assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{}\"", b.slug()));
        assert!(!b.label().is_empty());
    }
    for o in OmbudsmanOutcome::ALL {
        assert_eq!(o.slug().parse::<OmbudsmanOutcome>(), Ok(o));
        assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.slug()));
    }
}

#[test]
fn escalation_needs_a_response_first() {
    let cmd = escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1));
    assert_eq!(decide(&EscalationState::NotEscalated, cmd, None, now()), Err(EscalationError::NotResponded));
}

#[test]
fn escalation_is_recorded_with_its_reference() {
    let cmd = EscalationCommand::Escalate {
        body: Ombudsman::IndependentExaminerOfComplaints,
        on: date(2026, 9, 1),
        mp: None,
        reference: Some(" IEC/2026/0412 ".into()),
    };
    let (state, event) = run(&EscalationState::NotEscalated, cmd).unwrap();
    let EscalationState::Escalated(e) = state else { panic!("not escalated") };
    assert_eq!(e.reference.as_deref(), Some("IEC/2026/0412"));
    assert_eq!(event, EscalationEvent::Escalated { body: Ombudsman::IndependentExaminerOfComplaints, on: date(2026, 9, 1), late: false });
    assert_eq!(event.action(), "complaint.escalated");
}

#[test]
fn escalation_dates_must_fall_between_the_response_and_today() {
    let before = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 8, 2)));
    assert!(matches!(before, Err(EscalationError::TooEarly { field: "on", .. })));
    assert!(before.unwrap_err().to_string().contains("before the response on 2026-08-03"));
    let future = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 24)));
    assert_eq!(future, Err(EscalationError::InFuture { field: "on", date: date(2026, 11, 24) }));
    // The response day itself is fine.
    assert!(run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, RESPONDED)).is_ok());
}

#[test]
fn escalating_twice_is_refused() {
    let again = run(&escalated(), escalate(Ombudsman::IndependentExaminerOfComplaints, date(2026, 9, 2)));
    assert_eq!(again, Err(EscalationError::AlreadyEscalated(Ombudsman::PrisonsAndProbationOmbudsman)));
    assert_eq!(again.unwrap_err().field(), "escalation");
}

#[test]
fn the_phso_route_needs_the_mp_and_no_other_route_takes_one() {
    let phso = |mp: Option<&str>| EscalationCommand::Escalate {
        body: Ombudsman::PhsoViaMp,
        on: date(2026, 9, 1),
        mp: mp.map(str::to_owned),
        reference: None,
    };
    assert_eq!(run(&EscalationState::NotEscalated, phso(None)), Err(EscalationError::MpRequired));
    assert!(matches!(run(&EscalationState::NotEscalated, phso(Some("  "))), Err(EscalationError::Text { field: "mp", .. })));
    let (EscalationState::Escalated(e), _) = run(&EscalationState::NotEscalated, phso(Some("Jane Doe MP"))).unwrap() else {
        panic!("not escalated")
    };
    assert_eq!(e.mp.as_deref(), Some("Jane Doe MP"));
    let ppo = EscalationCommand::Escalate {
        body: Ombudsman::PrisonsAndProbationOmbudsman,
        on: date(2026, 9, 1),
        mp: Some("Jane Doe MP".into()),
        reference: None,
    };
    assert_eq!(run(&EscalationState::NotEscalated, ppo), Err(EscalationError::MpNotExpected));
}

#[test]
fn a_ppo_escalation_after_three_months_is_noted_as_late_not_refused() {
    let on_limit = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 3))).unwrap();
    assert!(matches!(on_limit.1, EscalationEvent::Escalated { late: false, .. }));
    let late = run(&EscalationState::NotEscalated, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 4))).unwrap();
    assert!(matches!(late.1, EscalationEvent::Escalated { late: true, .. }));
    // Bodies without a limit in the procedure are never late.
    let iec = run(&EscalationState::NotEscalated, escalate(Ombudsman::IndependentExaminerOfComplaints, date(2026, 11, 20))).unwrap();
    assert!(matches!(iec.1, EscalationEvent::Escalated { late: false, .. }));
}

#[test]
fn nothing_can_be_recorded_before_an_escalation() {
    for cmd in [
        EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 2) },
        EscalationCommand::RecordReference { reference: "PPO-1".into() },
        EscalationCommand::RecordRecommendation { text: "Train staff".into(), on: date(2026, 11, 2) },
    ] {
        assert_eq!(run(&EscalationState::NotEscalated, cmd), Err(EscalationError::NotEscalated));
    }
}

#[test]
fn the_outcome_is_dated_on_or_after_the_escalation_and_recorded_once() {
    let early = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2026, 8, 31) });
    assert!(matches!(early, Err(EscalationError::TooEarly { before: "the escalation", .. })));
    let future = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2027, 1, 1) });
    assert!(matches!(future, Err(EscalationError::InFuture { .. })));
    let state = decided(OmbudsmanOutcome::PartlyUpheld);
    let EscalationState::Escalated(e) = &state else { panic!("not escalated") };
    assert_eq!(e.decision, Some(Decision { outcome: OmbudsmanOutcome::PartlyUpheld, on: date(2026, 11, 2) }));
    let again = run(&state, EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 3) });
    assert_eq!(again, Err(EscalationError::OutcomeAlreadyRecorded));
}

#[test]
fn the_reference_may_come_later_but_not_blank() {
    let (state, event) = run(&escalated(), EscalationCommand::RecordReference { reference: "PPO/12345".into() }).unwrap();
    let EscalationState::Escalated(e) = state else { panic!("not escalated") };
    assert_eq!(e.reference.as_deref(), Some("PPO/12345"));
    assert_eq!(event.action(), "complaint.escalation_reference_recorded");
    let blank = run(&escalated(), EscalationCommand::RecordReference { reference: " ".into() });
    assert!(matches!(blank, Err(EscalationError::Text { field: "reference", .. })));
}

#[test]
fn recommendations_follow_an_investigated_outcome() {
    let rec = |on: Date| EscalationCommand::RecordRecommendation { text: "Review property handling on transfer".into(), on };
    assert_eq!(run(&escalated(), rec(date(2026, 11, 2))), Err(EscalationError::NoOutcomeYet));
    for outcome in [OmbudsmanOutcome::DeclinedToInvestigate, OmbudsmanOutcome::Withdrawn] {
        assert_eq!(run(&decided(outcome), rec(date(2026, 11, 2))), Err(EscalationError::NotInvestigated(outcome)));
    }
    let state = decided(OmbudsmanOutcome::Upheld);
    assert!(matches!(run(&state, rec(date(2026, 11, 1))), Err(EscalationError::TooEarly { before: "the outcome", .. })));
    let (state, _) = run(&state, rec(date(2026, 11, 2))).unwrap();
    let (state, event) = run(&state, rec(date(2026, 11, 3))).unwrap();
    let EscalationState::Escalated(e) = state else { panic!("not escalated") };
    assert_eq!(e.recommendations.len(), 2);
    assert_eq!(event, EscalationEvent::RecommendationRecorded { on: date(2026, 11, 3) });
}

fn any_command() -> impl Strategy<Value = EscalationCommand> {
    let day = (0i64..200).prop_map(|n| date(2026, 7, 1).checked_add(n.days()).unwrap());
    let body = prop::sample::select(Ombudsman::ALL.to_vec());
    let outcome = prop::sample::select(OmbudsmanOutcome::ALL.to_vec());
    prop_oneof![
        (body, day.clone(), any::<bool>()).prop_map(|(body, on, mp)| EscalationCommand::Escalate {
            body,
            on,
            mp: mp.then(|| "A. Member MP".to_owned()),
            reference: None
        }),
        "[A-Z0-9/ ]{0,8}".prop_map(|reference| EscalationCommand::RecordReference { reference }),
        (outcome, day.clone()).prop_map(|(outcome, on)| EscalationCommand::RecordOutcome { outcome, on }),
        day.prop_map(|on| EscalationCommand::RecordRecommendation { text: "Do better".into(), on }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the commands, an accepted record is always consistent:
    /// escalated on or after the response, decided on or after the
    /// escalation, recommendations only after an investigated outcome.
    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_record(commands in prop::collection::vec(any_command(), 0..12)) {
        let mut state = EscalationState::NotEscalated;
        for command in commands {
            if let Ok((next, _)) = run(&state, command) {
                state = next;
            }
        }
        if let EscalationState::Escalated(e) = &state {
            prop_assert!(e.escalated_on >= RESPONDED && e.escalated_on <= london_date(now()));
            prop_assert_eq!(e.mp.is_some(), e.body == Ombudsman::PhsoViaMp);
            match &e.decision {
                Some(d) => {
                    prop_assert!(d.on >= e.escalated_on);
                    prop_assert!(e.recommendations.is_empty() || d.outcome.was_investigated());
                    prop_assert!(e.recommendations.iter().all(|r| r.on >= d.on));
                }
                None => prop_assert!(e.recommendations.is_empty()),
            }
        }
    }
}
