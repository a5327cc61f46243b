//! Tests of the response checklist and its sign-off workflow.

use super::*;
use crate::complaints::{preset_detention, presets};
use crate::nation::Nation;
use proptest::prelude::*;

const PPO: &str = "Prisons and Probation Ombudsman";

fn now() -> Timestamp {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn staff(user_id: i64, grade: Grade) -> Staff {
    Staff { user_id, grade: Some(grade) }
}

fn author() -> Staff {
    staff(1, Grade::Eo)
}

fn ppo_route() -> EscalationRequirement {
    EscalationRequirement { ombudsman: Ombudsman::PrisonsAndProbationOmbudsman, leaflet: true }
}

/// The detention order's route for a service-delivery complaint.
fn ppo_step() -> EscalationStep {
    let procedure = preset_detention::preset();
    procedure.escalation_route("service-delivery", Nation::Scotland).unwrap().escalation[0].clone()
}

fn complete() -> DraftContent {
    DraftContent {
        points: vec![
            Point { point: "My property was lost on transfer".into(), answer: "The bag was found at the escort base.".into() },
            Point { point: "Staff were rude".into(), answer: "CCTV shows the officer raised his voice.".into() },
        ],
        investigation_and_findings: "We interviewed two officers and viewed CCTV.".into(),
        outcome: Some(Outcome::PartiallySubstantiated),
        action_to_be_taken: "The officer will receive guidance on conduct.".into(),
        escalation_wording: format!("If you remain dissatisfied you may also appeal to the {PPO} within three months."),
        leaflet_enclosed: true,
        feedback_form_enclosed: true,
    }
}

fn started() -> Response {
    Response::start(42, author(), &ppo_step(), now()).0
}

fn apply(state: &Response, command: ResponseCommand) -> Result<Response, ResponseRejection> {
    decide(state, command, now()).map(|(s, _)| s)
}

fn drafted() -> Response {
    apply(&started(), ResponseCommand::Revise { by: author(), content: complete() }).unwrap()
}

fn submitted() -> Response {
    apply(&drafted(), ResponseCommand::Submit).unwrap()
}

fn approved() -> Response {
    apply(&submitted(), ResponseCommand::Approve { reviewer: staff(2, Grade::Heo) }).unwrap()
}

fn sent() -> Response {
    apply(&approved(), ResponseCommand::Send { on: date("2026-11-23") }).unwrap()
}

fn draft_with(content: DraftContent) -> Draft {
    Draft { author: author(), escalation: ppo_route(), content }
}

#[test]
fn a_complete_draft_lacks_nothing() {
    assert_eq!(draft_with(complete()).check(), vec![]);
}

#[test]
fn an_empty_draft_lists_every_item_by_name() {
    let gaps = draft_with(DraftContent::default()).check();
    let items: Vec<ChecklistItem> = gaps.iter().map(|g| g.item()).collect();
    assert_eq!(
        items,
        [
            ChecklistItem::EveryPointAnswered,
            ChecklistItem::InvestigationAndFindings,
            ChecklistItem::Outcome,
            ChecklistItem::ActionToBeTaken,
            ChecklistItem::EscalationWording,
            ChecklistItem::OmbudsmanLeaflet,
            ChecklistItem::FeedbackForm,
        ]
    );
    let text = gaps_text(&gaps);
    assert!(text.contains("Prisons and Probation Ombudsman's leaflet"), "{text}");
    assert!(text.contains("feedback form"), "{text}");
}

#[test]
fn each_unanswered_point_is_named() {
    let mut content = complete();
    content.points[1].answer = "  ".into();
    let gaps = draft_with(content).check();
    assert_eq!(gaps, vec![ChecklistGap::PointNotAnswered { number: 2, point: "Staff were rude".into() }]);
    assert_eq!(gaps[0].to_string(), "Point 2 (\"Staff were rude\") is not answered");
    assert_eq!(gaps[0].field(), "points[2].answer");
}

#[test]
fn the_wording_must_name_the_right_ombudsman() {
    let mut content = complete();
    content.escalation_wording = "You may complain to the Parliamentary and Health Service Ombudsman via your MP.".into();
    assert_eq!(draft_with(content).check(), vec![ChecklistGap::WrongOmbudsman { ombudsman: PPO.into() }]);
}

#[test]
fn a_blank_left_in_the_wording_is_caught() {
    let mut content = complete();
    content.escalation_wording = format!("Appeal to the {PPO} who is independent of Immigration Enforcement and [IRC supplier's name].");
    assert_eq!(draft_with(content).check(), vec![ChecklistGap::BlankInWording { blank: "[IRC supplier's name]".into() }]);
}

#[test]
fn the_leaflet_is_only_needed_where_the_route_has_one() {
    let mut content = complete();
    content.leaflet_enclosed = false;
    assert_eq!(draft_with(content.clone()).check(), vec![ChecklistGap::OmbudsmanLeaflet { ombudsman: PPO.into() }]);
    let no_leaflet = Draft { escalation: EscalationRequirement { leaflet: false, ..ppo_route() }, ..draft_with(content) };
    assert_eq!(no_leaflet.check(), vec![]);
}

#[test]
fn a_draft_starts_from_the_routes_wording_with_its_blank_to_fill() {
    let start = started();
    assert_eq!(start.draft.escalation, ppo_route());
    assert!(start.draft.content.escalation_wording.starts_with("If you remain dissatisfied"));
    assert!(start.draft.check().contains(&ChecklistGap::BlankInWording { blank: "[IRC supplier's name]".into() }));
}

#[test]
fn every_route_in_the_presets_gives_wording_that_passes_once_its_blanks_are_filled() {
    for procedure in presets() {
        for category in &procedure.categories {
            for route in &category.routes {
                let Some(step) = route.escalation.first() else { continue };
                let (response, _) = Response::start(1, author(), step, now());
                let wording = response.draft.content.escalation_wording.replace("[IRC supplier's name]", "Serco");
                let content = DraftContent { escalation_wording: wording, ..complete() };
                let draft = Draft { content, ..response.draft };
                assert_eq!(draft.check(), vec![], "{} / {} / {:?}", procedure.key, category.key, route.nation);
            }
        }
    }
}

#[test]
fn only_the_ppo_route_needs_a_leaflet() {
    let mut step = ppo_step();
    assert!(EscalationRequirement::from_step(&step).leaflet);
    step.ombudsman = Ombudsman::ScottishPublicServicesOmbudsman;
    assert!(!EscalationRequirement::from_step(&step).leaflet);
}

#[test]
fn an_incomplete_draft_cannot_be_submitted() {
    let mut content = complete();
    content.feedback_form_enclosed = false;
    content.outcome = None;
    let draft = apply(&started(), ResponseCommand::Revise { by: author(), content }).unwrap();
    let err = apply(&draft, ResponseCommand::Submit).unwrap_err();
    assert_eq!(err, ResponseRejection::Incomplete(vec![ChecklistGap::Outcome, ChecklistGap::FeedbackForm]));
    let fields = err.field_errors();
    assert!(fields.get("outcome").is_some());
    assert!(fields.get("feedback_form_enclosed").unwrap().contains("feedback form"));
}

#[test]
fn the_full_workflow_records_dates_and_outcome() {
    let (start, event) = Response::start(42, author(), &ppo_step(), now());
    assert_eq!(event.action(), "complaint_response.started");
    let (drafted, _) = decide(&start, ResponseCommand::Revise { by: author(), content: complete() }, now()).unwrap();
    let (submitted, e) = decide(&drafted, ResponseCommand::Submit, now()).unwrap();
    assert_eq!(e, ResponseEvent::Submitted { at: now() });
    let (approved, e) = decide(&submitted, ResponseCommand::Approve { reviewer: staff(2, Grade::Heo) }, now()).unwrap();
    assert_eq!(e.summary(), "Response approved by a more senior reviewer");
    let (sent, e) = decide(&approved, ResponseCommand::Send { on: date("2026-11-23") }, now()).unwrap();
    assert_eq!(e.action(), "complaint_response.sent");
    assert_eq!(sent.sent(), Some((date("2026-11-23"), Outcome::PartiallySubstantiated)));
    let (closed, e) =
        decide(&sent, ResponseCommand::RecordOutcome { on: date("2026-11-23"), outcome: Outcome::PartiallySubstantiated }, now()).unwrap();
    assert_eq!(e.summary(), "Outcome recorded: Partially substantiated");
    assert!(matches!(closed.stage, Stage::OutcomeRecorded { outcome: Outcome::PartiallySubstantiated, .. }));
    assert_eq!(closed.sent(), Some((date("2026-11-23"), Outcome::PartiallySubstantiated)));
}

#[test]
fn the_author_cannot_approve_or_return() {
    let err = apply(&submitted(), ResponseCommand::Approve { reviewer: staff(1, Grade::Scs) }).unwrap_err();
    assert_eq!(err.to_string(), "The author of a response cannot approve it: a second, more senior person must");
    assert_eq!(err.field_errors().get("reviewer"), Some(err.to_string().as_str()));
    let err = apply(&submitted(), ResponseCommand::Return { reviewer: author(), comments: "ok".into() }).unwrap_err();
    assert_eq!(err, ResponseRejection::ReviewerIsAuthor { action: "return" });
}

#[test]
fn same_or_lower_grades_are_refused_with_their_own_messages() {
    let same = apply(&submitted(), ResponseCommand::Approve { reviewer: staff(2, Grade::Eo) }).unwrap_err();
    assert_eq!(same, ResponseRejection::ReviewerSameGrade { grade: Grade::Eo });
    assert!(same.to_string().contains("the same as the author's"), "{same}");
    let lower = apply(&submitted(), ResponseCommand::Approve { reviewer: staff(2, Grade::Ao) }).unwrap_err();
    assert!(lower.to_string().contains("more junior"), "{lower}");
    let ungraded = apply(&submitted(), ResponseCommand::Approve { reviewer: Staff { user_id: 2, grade: None } }).unwrap_err();
    assert_eq!(ungraded, ResponseRejection::ReviewerUngraded);
}

#[test]
fn an_author_without_a_grade_cannot_be_outranked() {
    let mut s = submitted();
    s.draft.author.grade = None;
    let err = apply(&s, ResponseCommand::Approve { reviewer: staff(2, Grade::Scs) }).unwrap_err();
    assert_eq!(err, ResponseRejection::AuthorUngraded);
}

#[test]
fn returned_drafts_keep_the_comments_and_can_be_resubmitted() {
    let err = apply(&submitted(), ResponseCommand::Return { reviewer: staff(2, Grade::Heo), comments: " ".into() }).unwrap_err();
    assert_eq!(err.field_errors().get("comments"), Some("Enter comments for the author"));
    let returned =
        apply(&submitted(), ResponseCommand::Return { reviewer: staff(2, Grade::Heo), comments: "Answer point 2 in full".into() }).unwrap();
    assert_eq!(returned.stage, Stage::ReturnedWithComments);
    assert_eq!(returned.returns[0].comments, "Answer point 2 in full");
    // Resubmitted unchanged, or revised first: both allowed; comments stay.
    assert!(apply(&returned, ResponseCommand::Submit).is_ok());
    let revised = apply(&returned, ResponseCommand::Revise { by: author(), content: complete() }).unwrap();
    assert_eq!(revised.stage, Stage::Drafting);
    assert_eq!(revised.returns.len(), 1);
}

#[test]
fn a_draft_is_frozen_while_with_the_reviewer_and_after_approval() {
    let err = apply(&submitted(), ResponseCommand::Revise { by: author(), content: complete() }).unwrap_err();
    assert_eq!(err, ResponseRejection::WithReviewer);
    let err = apply(&approved(), ResponseCommand::Revise { by: author(), content: complete() }).unwrap_err();
    assert_eq!(err.to_string(), "The response is approved, so it cannot be changed");
}

#[test]
fn only_the_author_revises() {
    let err = apply(&started(), ResponseCommand::Revise { by: staff(2, Grade::Heo), content: complete() }).unwrap_err();
    assert_eq!(err, ResponseRejection::NotTheAuthor);
}

#[test]
fn revising_checks_lengths_and_blank_points() {
    let mut content = complete();
    content.points[0].point = "".into();
    content.investigation_and_findings = "x".repeat(TEXT_MAX + 1);
    let err = apply(&started(), ResponseCommand::Revise { by: author(), content }).unwrap_err();
    let fields = err.field_errors();
    assert_eq!(fields.get("points[1].point"), Some("Enter point 1"));
    assert!(fields.get("investigation_and_findings").is_some());
}

#[test]
fn a_response_cannot_be_sent_before_approval() {
    for state in [started(), drafted(), submitted()] {
        let err = apply(&state, ResponseCommand::Send { on: date("2026-11-23") }).unwrap_err();
        assert_eq!(err.to_string(), "A response cannot be sent before a more senior reviewer has approved it");
    }
}

#[test]
fn sent_dates_lie_between_approval_and_today() {
    let err = apply(&approved(), ResponseCommand::Send { on: date("2026-11-24") }).unwrap_err();
    assert!(matches!(err, ResponseRejection::SentInFuture { .. }));
    let err = apply(&approved(), ResponseCommand::Send { on: date("2026-11-22") }).unwrap_err();
    assert_eq!(err.to_string(), "The date sent (2026-11-22) is before the response was approved (2026-11-23)");
    let err = apply(&sent(), ResponseCommand::Send { on: date("2026-11-23") }).unwrap_err();
    assert_eq!(err.to_string(), "The response is sent, so it cannot be sent again");
}

#[test]
fn the_outcome_is_recorded_once_after_sending_and_must_match() {
    let before = apply(&approved(), ResponseCommand::RecordOutcome { on: date("2026-11-23"), outcome: Outcome::Substantiated });
    assert_eq!(before.unwrap_err(), ResponseRejection::OutcomeBeforeSent);
    let differs = apply(&sent(), ResponseCommand::RecordOutcome { on: date("2026-11-23"), outcome: Outcome::Substantiated }).unwrap_err();
    assert_eq!(differs.to_string(), "The outcome recorded (Substantiated) is not the outcome the response gives (Partially substantiated)");
    let future =
        apply(&sent(), ResponseCommand::RecordOutcome { on: date("2026-11-24"), outcome: Outcome::PartiallySubstantiated }).unwrap_err();
    assert!(matches!(future, ResponseRejection::OutcomeInFuture { .. }));
    let early =
        apply(&sent(), ResponseCommand::RecordOutcome { on: date("2026-11-22"), outcome: Outcome::PartiallySubstantiated }).unwrap_err();
    assert!(matches!(early, ResponseRejection::OutcomeBeforeSentDate { .. }));
    let done = apply(&sent(), ResponseCommand::RecordOutcome { on: date("2026-11-23"), outcome: Outcome::PartiallySubstantiated }).unwrap();
    let again = apply(&done, ResponseCommand::RecordOutcome { on: date("2026-11-23"), outcome: Outcome::PartiallySubstantiated });
    assert_eq!(again.unwrap_err().to_string(), "The response is sent and its outcome recorded, so it cannot be given a second outcome");
}

#[test]
fn approval_and_submission_need_the_right_stage() {
    assert_eq!(
        apply(&drafted(), ResponseCommand::Approve { reviewer: staff(2, Grade::Heo) }).unwrap_err().to_string(),
        "The response is being drafted, so it cannot be approved"
    );
    assert_eq!(
        apply(&submitted(), ResponseCommand::Submit).unwrap_err().to_string(),
        "The response is with the reviewer, so it cannot be submitted"
    );
    assert!(apply(&approved(), ResponseCommand::Return { reviewer: staff(2, Grade::Heo), comments: "x".into() }).is_err());
}

#[test]
fn outcomes_parse_only_the_three() {
    for o in Outcome::ALL {
        assert_eq!(o.slug().parse::<Outcome>(), Ok(o));
        assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.slug()));
    }
    let err = "upheld".parse::<Outcome>().unwrap_err().to_string();
    assert!(err.contains("\"upheld\"") && err.contains("partially-substantiated"), "{err}");
    assert!(Outcome::PartiallySubstantiated.upheld_in_part_or_whole());
    assert!(!Outcome::NotSubstantiated.upheld_in_part_or_whole());
}

#[test]
fn the_checklist_says_where_each_item_comes_from() {
    for item in ChecklistItem::ALL {
        assert!(item.basis().starts_with("Para"), "{item:?}");
        assert!(!item.label().is_empty());
    }
}

#[test]
fn responses_round_trip_as_json() {
    let s = sent();
    let json = serde_json::to_string(&s).unwrap();
    assert!(json.contains("\"stage\":\"sent\""), "{json}");
    assert_eq!(serde_json::from_str::<Response>(&json).unwrap(), s);
}

fn any_grade() -> impl Strategy<Value = Grade> + Clone {
    prop::sample::select(Grade::ALL.to_vec())
}

/// Commands weighted so that random sequences often get through approval,
/// sending and recording, while still trying every refusal.
fn any_command() -> impl Strategy<Value = ResponseCommand> {
    let person = (1i64..4, prop::option::weighted(0.9, any_grade())).prop_map(|(user_id, grade)| Staff { user_id, grade });
    let day = (0i64..2).prop_map(|d| date("2026-11-22").checked_add(jiff::Span::new().days(d)).unwrap());
    let outcome = prop::sample::select(Outcome::ALL.to_vec());
    prop_oneof![
        2 => (person.clone(), prop::bool::weighted(0.8)).prop_map(|(by, full)| ResponseCommand::Revise {
            by: Staff { user_id: if by.grade.is_some() { 1 } else { by.user_id }, ..by },
            content: if full { complete() } else { DraftContent::default() }
        }),
        3 => Just(ResponseCommand::Submit),
        3 => person.clone().prop_map(|reviewer| ResponseCommand::Approve { reviewer }),
        1 => person.prop_map(|reviewer| ResponseCommand::Return { reviewer, comments: "Redo".into() }),
        2 => day.clone().prop_map(|on| ResponseCommand::Send { on }),
        2 => (day, outcome).prop_map(|(on, outcome)| ResponseCommand::RecordOutcome { on, outcome }),
    ]
}

proptest! {
    #[test]
    fn approval_is_refused_whenever_the_reviewer_is_not_more_senior(a in any_grade(), r in any_grade()) {
        let mut s = submitted();
        s.draft.author.grade = Some(a);
        let result = apply(&s, ResponseCommand::Approve { reviewer: staff(2, r) });
        prop_assert_eq!(result.is_ok(), r > a);
        // The same person never approves, whatever their grade.
        let by_author = apply(&s, ResponseCommand::Approve { reviewer: staff(1, r) });
        prop_assert!(by_author.is_err());
    }

    #[test]
    fn no_sequence_of_commands_reaches_an_invalid_state(from_draft in prop::bool::ANY, commands in prop::collection::vec(any_command(), 0..30)) {
        let mut state = if from_draft { drafted() } else { started() };
        for command in commands {
            let before = state.clone();
            match decide(&state, command, now()) {
                Ok((next, _)) => state = next,
                Err(_) => prop_assert_eq!(&state, &before),
            }
            // Past drafting, the content is complete and frozen.
            if !matches!(state.stage, Stage::Drafting | Stage::ReturnedWithComments) {
                prop_assert!(state.draft.check().is_empty());
            }
            // Anything approved or later was approved by someone else, more senior.
            if let Stage::Approved { approval, .. } | Stage::Sent { approval, .. } | Stage::OutcomeRecorded { approval, .. } = state.stage {
                prop_assert!(check_reviewer(state.draft.author, approval.by, "approve").is_ok());
            }
            // The outcome carried from submission is the one the draft gives.
            if let Stage::SubmittedForQualityAssurance { outcome, .. }
            | Stage::Approved { outcome, .. }
            | Stage::Sent { outcome, .. }
            | Stage::OutcomeRecorded { outcome, .. } = state.stage
            {
                prop_assert_eq!(Some(outcome), state.draft.content.outcome);
            }
            if let Stage::OutcomeRecorded { sent_on, on, .. } = state.stage {
                prop_assert!(sent_on <= on);
            }
        }
    }
}
