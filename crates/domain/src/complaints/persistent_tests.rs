//! Decisions to end correspondence, later letters and new complaints.

use super::*;
use jiff::ToSpan;
use jiff::civil::date;
use proptest::prelude::*;

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn today() -> Date {
    date(2026, 11, 23)
}

const CLERK: Staff = Staff { user_id: 7, grade: Grade::Eo };
const MANAGER: Staff = Staff { user_id: 8, grade: Grade::Heo };
const MATTER: ConcludedMatter = ConcludedMatter { complaint_id: 501, concluded_on: date(2026, 9, 30) };

fn propose() -> PersistentCommand {
    PersistentCommand::Propose {
        person_id: 42,
        matter: MATTER,
        reason: "Nine letters since the response, each repeating the same points".into(),
        by: CLERK,
        review_on: date(2027, 5, 23),
    }
}

fn proposed() -> CorrespondenceState {
    decide(&CorrespondenceState::NoDecision, propose(), now()).unwrap().0
}

fn in_force() -> CorrespondenceState {
    decide(&proposed(), PersistentCommand::Approve { by: MANAGER }, now()).unwrap().0
}

fn letter(complaint_id: i64, fresh: Option<&str>, acknowledge: bool) -> LaterLetter {
    LaterLetter { complaint_id, received_on: today(), fresh_evidence: fresh.map(str::to_owned), acknowledge }
}

#[test]
fn a_proposal_records_who_why_which_matter_and_review() {
    let (state, event) = decide(&CorrespondenceState::NoDecision, propose(), now()).unwrap();
    let CorrespondenceState::Proposed(p) = state else { panic!("not proposed") };
    assert_eq!((p.person_id, p.matter, p.proposed_by, p.proposed_on), (42, MATTER, CLERK, today()));
    assert_eq!(event, PersistentEvent::Proposed { complaint_id: 501, by: 7 });
}

#[test]
fn a_proposal_needs_a_concluded_matter_a_reason_and_a_later_review() {
    let with = |matter: ConcludedMatter, reason: &str, review_on: Date| PersistentCommand::Propose {
        person_id: 42,
        matter,
        reason: reason.into(),
        by: CLERK,
        review_on,
    };
    let not_concluded = ConcludedMatter { complaint_id: 501, concluded_on: date(2026, 11, 24) };
    let err = decide(&CorrespondenceState::NoDecision, with(not_concluded, "r", date(2027, 5, 1)), now()).unwrap_err();
    assert_eq!((err.field(), err), ("concluded_on", PersistentError::MatterNotConcluded(date(2026, 11, 24))));
    let err = decide(&CorrespondenceState::NoDecision, with(MATTER, "r", today()), now()).unwrap_err();
    assert_eq!(err, PersistentError::ReviewNotAfter(today()));
    let err = decide(&CorrespondenceState::NoDecision, with(MATTER, "  ", date(2027, 5, 1)), now()).unwrap_err();
    assert_eq!(err.field(), "reason");
    assert_eq!(decide(&proposed(), propose(), now()), Err(PersistentError::AlreadyDecided));
    assert_eq!(decide(&in_force(), propose(), now()), Err(PersistentError::AlreadyDecided));
}

#[test]
fn the_approver_differs_from_the_proposer_and_is_more_senior() {
    let same_person = Staff { user_id: 7, grade: Grade::Scs };
    assert_eq!(decide(&proposed(), PersistentCommand::Approve { by: same_person }, now()), Err(PersistentError::ApproverIsProposer));
    let same_grade = Staff { user_id: 9, grade: Grade::Eo };
    let err = decide(&proposed(), PersistentCommand::Approve { by: same_grade }, now()).unwrap_err();
    assert_eq!((err.field(), err.clone()), ("approver", PersistentError::ApproverNotSenior { proposer: Grade::Eo }));
    assert!(err.to_string().contains("Executive Officer"), "{err}");
    let junior = Staff { user_id: 9, grade: Grade::Ao };
    assert!(decide(&proposed(), PersistentCommand::Approve { by: junior }, now()).is_err());
    let (state, event) = decide(&proposed(), PersistentCommand::Approve { by: MANAGER }, now()).unwrap();
    let decision = state.in_force().unwrap();
    assert_eq!((decision.approved_by, decision.approved_on, decision.review_on), (MANAGER, today(), date(2027, 5, 23)));
    assert_eq!(event.action(), "complaint.correspondence_ended");
}

#[test]
fn a_proposal_past_its_review_date_cannot_be_approved() {
    let stale: Timestamp = "2027-05-23T10:00:00Z".parse().unwrap();
    assert_eq!(
        decide(&proposed(), PersistentCommand::Approve { by: MANAGER }, stale),
        Err(PersistentError::ReviewNotAfter(date(2027, 5, 23)))
    );
}

#[test]
fn declining_needs_the_approver_rules_and_a_reason() {
    let decline = |by: Staff, reason: &str| PersistentCommand::Decline { by, reason: reason.into() };
    assert_eq!(decide(&proposed(), decline(CLERK, "no"), now()), Err(PersistentError::ApproverIsProposer));
    assert_eq!(decide(&proposed(), decline(MANAGER, " "), now()).unwrap_err().field(), "reason");
    let (state, event) = decide(&proposed(), decline(MANAGER, "Letters raise new points"), now()).unwrap();
    assert_eq!(
        (state, event),
        (CorrespondenceState::NoDecision, PersistentEvent::Declined { by: 8, reason: "Letters raise new points".into() })
    );
    assert_eq!(decide(&CorrespondenceState::NoDecision, decline(MANAGER, "x"), now()), Err(PersistentError::NothingProposed));
    assert_eq!(decide(&in_force(), PersistentCommand::Approve { by: MANAGER }, now()), Err(PersistentError::NothingProposed));
}

#[test]
fn later_letters_are_acknowledged_or_filed_as_the_clerk_chooses() {
    let state = in_force();
    assert_eq!(triage_letter(&state, &letter(501, None, true), today()), Ok(LetterTriage::AcknowledgeAndFile));
    assert_eq!(triage_letter(&state, &letter(501, None, false), today()), Ok(LetterTriage::File));
    let (after, event) = decide(&state, PersistentCommand::RecordLetter { letter: letter(501, None, false) }, now()).unwrap();
    assert_eq!(after, state);
    assert_eq!(event, PersistentEvent::LetterFiled { received_on: today() });
    let (_, event) = decide(&state, PersistentCommand::RecordLetter { letter: letter(501, None, true) }, now()).unwrap();
    assert_eq!(event.action(), "complaint.later_letter_acknowledged");
}

#[test]
fn fresh_evidence_reopens_the_matter_and_ends_the_decision() {
    let note = "New CCTV still showing the property being handed over";
    assert_eq!(triage_letter(&in_force(), &letter(501, Some(note), false), today()), Ok(LetterTriage::Reopen { note: note.into() }));
    let (state, event) = decide(&in_force(), PersistentCommand::RecordLetter { letter: letter(501, Some(note), true) }, now()).unwrap();
    assert_eq!(event, PersistentEvent::MatterReopened { received_on: today() });
    let CorrespondenceState::Ended { how, reason, .. } = &state else { panic!("not ended") };
    assert_eq!((*how, reason.as_str()), (Ending::Reopened, note));
    // A blank note is not fresh evidence: the clerk must say what it is.
    let err = triage_letter(&in_force(), &letter(501, Some(" "), false), today()).unwrap_err();
    assert_eq!(err.field(), "fresh_evidence");
}

#[test]
fn letters_outside_the_decision_are_not_triaged_under_it() {
    assert_eq!(triage_letter(&in_force(), &letter(502, None, false), today()), Err(PersistentError::DifferentMatter));
    assert_eq!(triage_letter(&proposed(), &letter(501, None, false), today()), Err(PersistentError::NotInForce));
    let before = LaterLetter { received_on: date(2026, 11, 22), ..letter(501, None, false) };
    assert!(matches!(triage_letter(&in_force(), &before, today()), Err(PersistentError::LetterDate { .. })));
    let future = LaterLetter { received_on: date(2026, 11, 24), ..letter(501, None, false) };
    assert_eq!(triage_letter(&in_force(), &future, today()).unwrap_err().field(), "received_on");
}

#[test]
fn a_decision_is_reviewed_and_lifted_with_a_reason() {
    let review = PersistentCommand::Review { by: MANAGER, note: "Still writing weekly".into(), next_review: date(2027, 11, 23) };
    let (state, event) = decide(&in_force(), review, now()).unwrap();
    assert_eq!(state.in_force().unwrap().review_on, date(2027, 11, 23));
    assert_eq!(event, PersistentEvent::Reviewed { by: 8, next_review: date(2027, 11, 23) });
    let stale = PersistentCommand::Review { by: MANAGER, note: "n".into(), next_review: today() };
    assert_eq!(decide(&in_force(), stale, now()), Err(PersistentError::ReviewNotAfter(today())));
    assert_eq!(decide(&in_force(), PersistentCommand::Lift { by: MANAGER, reason: "".into() }, now()).unwrap_err().field(), "reason");
    let (lifted, event) =
        decide(&in_force(), PersistentCommand::Lift { by: MANAGER, reason: "Has stopped writing".into() }, now()).unwrap();
    assert!(matches!(lifted, CorrespondenceState::Ended { how: Ending::Lifted, .. }));
    assert_eq!(event.action(), "complaint.correspondence_resumed");
    assert_eq!(decide(&lifted, PersistentCommand::Lift { by: MANAGER, reason: "again".into() }, now()), Err(PersistentError::NotInForce));
    // A new decision may follow if the pattern returns.
    assert!(decide(&lifted, propose(), now()).is_ok());
}

#[test]
fn review_is_due_on_its_date_only_while_in_force() {
    assert!(!review_due(&in_force(), date(2027, 5, 22)));
    assert!(review_due(&in_force(), date(2027, 5, 23)));
    assert!(!review_due(&proposed(), date(2028, 1, 1)));
}

#[test]
fn new_complaints_on_other_matters_are_judged_on_their_merits() {
    assert_eq!(route_new_complaint(&in_force(), None), NewComplaintRoute::JudgeOnItsMerits);
    assert_eq!(route_new_complaint(&in_force(), Some(777)), NewComplaintRoute::JudgeOnItsMerits);
    assert_eq!(route_new_complaint(&in_force(), Some(501)), NewComplaintRoute::TriageAsLaterLetter);
    assert_eq!(route_new_complaint(&proposed(), Some(501)), NewComplaintRoute::JudgeOnItsMerits);
}

/// The right to complain is never withdrawn: no command refuses a
/// complaint, in any state. The match has no wildcard, so whoever adds a
/// command must come here and answer the question.
#[test]
fn the_right_to_complain_is_never_withdrawn() {
    fn refuses_complaints(command: &PersistentCommand) -> bool {
        match command {
            PersistentCommand::Propose { .. }
            | PersistentCommand::Approve { .. }
            | PersistentCommand::Decline { .. }
            | PersistentCommand::Review { .. }
            | PersistentCommand::Lift { .. }
            | PersistentCommand::RecordLetter { .. } => false,
        }
    }
    let states = [CorrespondenceState::NoDecision, proposed(), in_force()];
    for state in &states {
        assert!(state.may_complain());
        for command in [propose(), PersistentCommand::Approve { by: MANAGER }, PersistentCommand::Lift { by: MANAGER, reason: "r".into() }]
        {
            assert!(!refuses_complaints(&command));
            if let Ok((next, _)) = decide(state, command, now()) {
                assert!(next.may_complain());
            }
        }
    }
}

fn any_staff() -> impl Strategy<Value = Staff> {
    (1i64..4, prop::sample::select(Grade::ALL.to_vec())).prop_map(|(user_id, grade)| Staff { user_id, grade })
}

fn any_command() -> impl Strategy<Value = PersistentCommand> {
    let day = (0i64..400).prop_map(|n| date(2026, 6, 1).checked_add(n.days()).unwrap());
    prop_oneof![
        (any_staff(), day.clone(), day.clone()).prop_map(|(by, concluded_on, review_on)| PersistentCommand::Propose {
            person_id: 42,
            matter: ConcludedMatter { complaint_id: 501, concluded_on },
            reason: "repeats".into(),
            by,
            review_on,
        }),
        any_staff().prop_map(|by| PersistentCommand::Approve { by }),
        any_staff().prop_map(|by| PersistentCommand::Decline { by, reason: "no".into() }),
        (any_staff(), day.clone()).prop_map(|(by, next_review)| PersistentCommand::Review { by, note: "n".into(), next_review }),
        any_staff().prop_map(|by| PersistentCommand::Lift { by, reason: "r".into() }),
        (500i64..503, day, any::<bool>(), any::<bool>()).prop_map(|(complaint_id, received_on, fresh, acknowledge)| {
            PersistentCommand::RecordLetter {
                letter: LaterLetter { complaint_id, received_on, fresh_evidence: fresh.then(|| "new".to_owned()), acknowledge },
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    /// No sequence of commands puts a decision in force without a distinct,
    /// more senior approver, a concluded matter and a review after approval;
    /// and a new complaint on any other matter is always judged on its merits.
    #[test]
    fn decisions_in_force_are_always_properly_approved(commands in prop::collection::vec(any_command(), 0..16), other in 0i64..10_000) {
        let mut state = CorrespondenceState::NoDecision;
        for command in commands {
            if let Ok((next, _)) = decide(&state, command, now()) {
                state = next;
            }
            if let Some(d) = state.in_force() {
                prop_assert!(d.approved_by.user_id != d.proposal.proposed_by.user_id);
                prop_assert!(d.approved_by.grade > d.proposal.proposed_by.grade);
                prop_assert!(d.proposal.matter.concluded_on <= d.approved_on);
                prop_assert!(d.review_on > d.approved_on);
            }
            prop_assert!(state.may_complain());
            if other != 501 {
                prop_assert_eq!(route_new_complaint(&state, Some(other)), NewComplaintRoute::JudgeOnItsMerits);
            }
        }
    }
}
