//! Escalation to an ombudsman: routes, dates, outcomes and recommendations.

use super::*;
use crate::complaints::preset_detention;
use crate::nation::Nation;
use jiff::civil::date;
use proptest::prelude::*;

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

const RESPONDED: Date = date(2026, 8, 3);

const BODIES: [Ombudsman; 4] = [
    Ombudsman::PrisonsAndProbationOmbudsman,
    Ombudsman::IndependentExaminerOfComplaints,
    Ombudsman::ParliamentaryAndHealthServiceOmbudsman,
    Ombudsman::ScottishPublicServicesOmbudsman,
];

/// A route with one body of each kind: the PPO within three months of the
/// response, the Independent Examiner, and the PHSO through an MP. The
/// Scottish ombudsman is deliberately not on it.
fn route() -> Vec<EscalationStep> {
    let step = |ombudsman, via, within_months| EscalationStep { ombudsman, via, within_months, wording: "wording".into() };
    vec![
        step(Ombudsman::PrisonsAndProbationOmbudsman, Via::Direct, Some(3)),
        step(Ombudsman::IndependentExaminerOfComplaints, Via::Direct, None),
        step(Ombudsman::ParliamentaryAndHealthServiceOmbudsman, Via::MemberOfParliament, None),
    ]
}

fn responded(route: &[EscalationStep]) -> AfterResponse<'_> {
    AfterResponse { responded_on: Some(RESPONDED), route }
}

fn escalate(body: Ombudsman, on: Date) -> EscalationCommand {
    EscalationCommand::Escalate { body, on, mp: None, reference: None }
}

fn escalated() -> EscalationState {
    run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1))).unwrap().0
}

fn run(state: &EscalationState, command: EscalationCommand) -> Result<(EscalationState, EscalationEvent), EscalationError> {
    decide(state, command, responded(&route()), now())
}

fn decided(outcome: OmbudsmanOutcome) -> EscalationState {
    run(&escalated(), EscalationCommand::RecordOutcome { outcome, on: date(2026, 11, 2) }).unwrap().0
}

#[test]
fn outcomes_round_trip_their_slugs_and_serde() {
    for o in OmbudsmanOutcome::ALL {
        assert_eq!(o.slug().parse::<OmbudsmanOutcome>(), Ok(o));
        assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.slug()));
        assert!(!o.label().is_empty());
    }
}

#[test]
fn escalation_needs_a_response_first() {
    let cmd = escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 9, 1));
    let unanswered = AfterResponse { responded_on: None, route: &route() };
    assert_eq!(decide(&EscalationState::default(), cmd, unanswered, now()), Err(EscalationError::NotResponded));
}

#[test]
fn escalation_is_recorded_with_its_reference() {
    let cmd = EscalationCommand::Escalate {
        body: Ombudsman::IndependentExaminerOfComplaints,
        on: date(2026, 9, 1),
        mp: None,
        reference: Some(" IEC/2026/0412 ".into()),
    };
    let (state, event) = run(&EscalationState::default(), cmd).unwrap();
    let e = state.current().unwrap().clone();
    assert_eq!(e.reference.as_deref(), Some("IEC/2026/0412"));
    assert_eq!(event, EscalationEvent::Escalated { body: Ombudsman::IndependentExaminerOfComplaints, on: date(2026, 9, 1), late: false });
    assert_eq!(event.action(), "complaint.escalated");
}

#[test]
fn escalation_dates_must_fall_between_the_response_and_today() {
    let before = run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 8, 2)));
    assert!(matches!(before, Err(EscalationError::TooEarly { field: "on", .. })));
    assert!(before.unwrap_err().to_string().contains("before the response on 2026-08-03"));
    let future = run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 24)));
    assert_eq!(future, Err(EscalationError::InFuture { field: "on", date: date(2026, 11, 24) }));
    // The response day itself is fine.
    assert!(run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, RESPONDED)).is_ok());
}

#[test]
fn a_second_escalation_waits_for_the_first_outcome_and_goes_to_another_body() {
    let iec = |on: Date| escalate(Ombudsman::IndependentExaminerOfComplaints, on);
    let again = run(&escalated(), iec(date(2026, 9, 2)));
    assert_eq!(again, Err(EscalationError::StillWithOmbudsman(Ombudsman::PrisonsAndProbationOmbudsman)));
    assert_eq!(again.unwrap_err().field(), "escalation");
    let decided = decided(OmbudsmanOutcome::NotUpheld);
    let same = run(&decided, escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 3)));
    assert_eq!(same, Err(EscalationError::AlreadyDecidedBy(Ombudsman::PrisonsAndProbationOmbudsman)));
    let early = run(&decided, iec(date(2026, 11, 1))).unwrap_err();
    assert!(matches!(early, EscalationError::TooEarly { before: "the previous ombudsman's outcome", .. }), "{early}");
    let (state, _) = run(&decided, iec(date(2026, 11, 3))).unwrap();
    assert_eq!(state.escalations.len(), 2);
    assert!(state.is_open());
    assert_eq!(state.current().unwrap().body, Ombudsman::IndependentExaminerOfComplaints);
    // Outcomes now go on the new escalation; the first keeps its own.
    let (state, _) = run(&state, EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 20) }).unwrap();
    assert_eq!(state.escalations[0].decision.as_ref().unwrap().outcome, OmbudsmanOutcome::NotUpheld);
    assert_eq!(state.escalations[1].decision.as_ref().unwrap().outcome, OmbudsmanOutcome::Upheld);
    assert!(!state.is_open());
}

#[test]
fn only_bodies_on_the_route_are_accepted() {
    let spso = run(&EscalationState::default(), escalate(Ombudsman::ScottishPublicServicesOmbudsman, date(2026, 9, 1))).unwrap_err();
    assert_eq!((spso.field(), spso.clone()), ("body", EscalationError::NotOnRoute(Ombudsman::ScottishPublicServicesOmbudsman)));
    assert!(spso.to_string().contains("Scottish Public Services Ombudsman"), "{spso}");
}

#[test]
fn the_real_detention_route_goes_to_the_ppo_or_through_an_mp() {
    let procedure = preset_detention::preset();
    let service = procedure.escalation_route("service-delivery", Nation::EnglandAndWales).unwrap();
    let ppo = escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 4));
    let (state, event) = decide(&EscalationState::default(), ppo, responded(&service.escalation), now()).unwrap();
    // Para 48: "within three months of receiving this letter".
    assert!(matches!(event, EscalationEvent::Escalated { late: true, .. }));
    assert_eq!(state.current().unwrap().via, Via::Direct);
    let iec = escalate(Ombudsman::ParliamentaryAndHealthServiceOmbudsman, date(2026, 9, 1));
    let refused = decide(&EscalationState::default(), iec, responded(&service.escalation), now());
    assert_eq!(refused, Err(EscalationError::NotOnRoute(Ombudsman::ParliamentaryAndHealthServiceOmbudsman)));
    // Para 39: other Home Office matters go to the PHSO via an MP.
    let other = procedure.escalation_route("other-home-office", Nation::EnglandAndWales).unwrap();
    let phso = escalate(Ombudsman::ParliamentaryAndHealthServiceOmbudsman, date(2026, 9, 1));
    let needs_mp = decide(&EscalationState::default(), phso, responded(&other.escalation), now());
    assert_eq!(needs_mp, Err(EscalationError::MpRequired(Ombudsman::ParliamentaryAndHealthServiceOmbudsman)));
}

#[test]
fn a_route_through_an_mp_needs_the_mp_and_no_other_route_takes_one() {
    let phso = |mp: Option<&str>| EscalationCommand::Escalate {
        body: Ombudsman::ParliamentaryAndHealthServiceOmbudsman,
        on: date(2026, 9, 1),
        mp: mp.map(str::to_owned),
        reference: None,
    };
    let err = run(&EscalationState::default(), phso(None)).unwrap_err();
    assert_eq!((err.field(), err), ("mp", EscalationError::MpRequired(Ombudsman::ParliamentaryAndHealthServiceOmbudsman)));
    assert!(matches!(run(&EscalationState::default(), phso(Some("  "))), Err(EscalationError::Text { field: "mp", .. })));
    let (state, _) = run(&EscalationState::default(), phso(Some("Jane Doe MP"))).unwrap();
    let e = state.current().unwrap();
    assert_eq!((e.mp.as_deref(), e.via), (Some("Jane Doe MP"), Via::MemberOfParliament));
    let ppo = EscalationCommand::Escalate {
        body: Ombudsman::PrisonsAndProbationOmbudsman,
        on: date(2026, 9, 1),
        mp: Some("Jane Doe MP".into()),
        reference: None,
    };
    assert_eq!(run(&EscalationState::default(), ppo), Err(EscalationError::MpNotExpected(Ombudsman::PrisonsAndProbationOmbudsman)));
}

#[test]
fn a_ppo_escalation_after_three_months_is_noted_as_late_not_refused() {
    let on_limit = run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 3))).unwrap();
    assert!(matches!(on_limit.1, EscalationEvent::Escalated { late: false, .. }));
    let late = run(&EscalationState::default(), escalate(Ombudsman::PrisonsAndProbationOmbudsman, date(2026, 11, 4))).unwrap();
    assert!(matches!(late.1, EscalationEvent::Escalated { late: true, .. }));
    // Bodies without a limit in the procedure are never late.
    let iec = run(&EscalationState::default(), escalate(Ombudsman::IndependentExaminerOfComplaints, date(2026, 11, 20))).unwrap();
    assert!(matches!(iec.1, EscalationEvent::Escalated { late: false, .. }));
}

#[test]
fn nothing_can_be_recorded_before_an_escalation() {
    for cmd in [
        EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 2) },
        EscalationCommand::RecordReference { reference: "PPO-1".into() },
        EscalationCommand::RecordRecommendation { text: "Train staff".into(), on: date(2026, 11, 2) },
    ] {
        assert_eq!(run(&EscalationState::default(), cmd), Err(EscalationError::NotEscalated));
    }
}

#[test]
fn the_outcome_is_dated_on_or_after_the_escalation_and_recorded_once() {
    let early = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2026, 8, 31) });
    assert!(matches!(early, Err(EscalationError::TooEarly { before: "the escalation", .. })));
    let future = run(&escalated(), EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::NotUpheld, on: date(2027, 1, 1) });
    assert!(matches!(future, Err(EscalationError::InFuture { .. })));
    let state = decided(OmbudsmanOutcome::PartlyUpheld);
    let e = state.current().unwrap();
    assert_eq!(e.decision, Some(Decision { outcome: OmbudsmanOutcome::PartlyUpheld, on: date(2026, 11, 2) }));
    let again = run(&state, EscalationCommand::RecordOutcome { outcome: OmbudsmanOutcome::Upheld, on: date(2026, 11, 3) });
    assert_eq!(again, Err(EscalationError::OutcomeAlreadyRecorded));
}

#[test]
fn the_reference_may_come_later_but_not_blank() {
    let (state, event) = run(&escalated(), EscalationCommand::RecordReference { reference: "PPO/12345".into() }).unwrap();
    let e = state.current().unwrap().clone();
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
    let e = state.current().unwrap().clone();
    assert_eq!(e.recommendations.len(), 2);
    assert_eq!(event, EscalationEvent::RecommendationRecorded { on: date(2026, 11, 3) });
}

fn any_command() -> impl Strategy<Value = EscalationCommand> {
    let day = (0i64..200).prop_map(|n| date(2026, 7, 1).checked_add(n.days()).unwrap());
    let body = prop::sample::select(BODIES.to_vec());
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
    /// each escalation on or after the response and the outcome before it,
    /// one per body, decided on or after the escalation, recommendations only
    /// after an investigated outcome, and only the latest still open.
    #[test]
    fn no_sequence_of_commands_reaches_an_inconsistent_record(commands in prop::collection::vec(any_command(), 0..12)) {
        let mut state = EscalationState::default();
        for command in commands {
            if let Ok((next, _)) = run(&state, command) {
                state = next;
            }
        }
        let mut earliest = RESPONDED;
        let mut bodies = std::collections::HashSet::new();
        for (i, e) in state.escalations.iter().enumerate() {
            prop_assert!(bodies.insert(e.body), "one escalation per body");
            prop_assert!(e.escalated_on >= earliest && e.escalated_on <= london_date(now()));
            prop_assert_eq!(e.mp.is_some(), e.via == Via::MemberOfParliament);
            prop_assert!(route().iter().any(|s| s.ombudsman == e.body && s.via == e.via));
            match &e.decision {
                Some(d) => {
                    prop_assert!(d.on >= e.escalated_on);
                    prop_assert!(e.recommendations.is_empty() || d.outcome.was_investigated());
                    prop_assert!(e.recommendations.iter().all(|r| r.on >= d.on));
                    earliest = d.on;
                }
                None => {
                    prop_assert!(e.recommendations.is_empty());
                    prop_assert_eq!(i + 1, state.escalations.len(), "only the latest may be undecided");
                }
            }
        }
    }
}
