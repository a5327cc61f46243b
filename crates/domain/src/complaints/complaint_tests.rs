//! The complaint state machine: every transition and every refusal, by name.

use super::*;
use crate::calendar::Division;
use crate::complaints::parts::{Outcome, PartStage};
use crate::complaints::preset_detention;
use crate::complaints::receipt::ComplaintDraft;
use crate::complaints::triage::{OutOfTimeDecision, TriageInput};
use crate::complaints::withdrawal::{Withdraw, WithdrawalMethod, WithdrawalRejection};
use jiff::civil::date;

pub(crate) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(crate) fn procedure() -> Procedure {
    preset_detention::preset()
}

pub(crate) fn england() -> WorkingCalendar {
    WorkingCalendar::new(Division::EnglandAndWales)
}

pub(crate) fn receipt(translation: bool) -> NewComplaint {
    let draft = ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: "2026-12-24T09:15:00Z".into(),
        site_id: "3".into(),
        setting: "removal-centre".into(),
        complainant_ids: vec!["42".into()],
        incident_date: "2026-12-20".into(),
        summary: "My property was lost on transfer.".into(),
        language: if translation { "Tigrinya".into() } else { String::new() },
        translation_needed: translation,
        ..ComplaintDraft::default()
    };
    draft.validate(&procedure(), ts("2026-12-24T09:30:00Z")).unwrap()
}

pub(crate) fn received(nation: Nation) -> Complaint {
    Complaint::receive(receipt(false), SiteRef { code: "MORTON".into(), nation }, 1).0
}

pub(crate) fn run(c: &Complaint, command: Command, at: &str) -> Result<Complaint, Rejection> {
    decide(c, command, ts(at), &procedure(), &england()).map(|(next, _)| next)
}

pub(crate) fn step(c: &Complaint, command: Command, at: &str) -> Complaint {
    run(c, command, at).unwrap_or_else(|e| panic!("{e}"))
}

/// The complainant withdraws in writing on `on`.
pub(crate) fn withdraw_on(on: jiff::civil::Date) -> Command {
    Command::Withdraw { by: 1, withdrawal: Withdraw { on, method: WithdrawalMethod::InWriting, representative: None, note: None } }
}

pub(crate) fn triage_as(category: &str) -> Command {
    Command::Triage { by: 1, input: TriageInput { category: category.into(), ..TriageInput::default() } }
}

pub(crate) fn allocate(body: &str, investigator: i64) -> Command {
    Command::Allocate { by: 1, category: None, subcategory: None, body: body.into(), investigator }
}

/// Received, triaged, forwarded, logged and allocated on Christmas Eve 2026.
pub(crate) fn allocated(category: &str) -> Complaint {
    let c = step(&received(Nation::EnglandAndWales), triage_as(category), "2026-12-24T10:00:00Z");
    let c = step(&c, Command::ForwardToHub { by: 1 }, "2026-12-24T10:30:00Z");
    let c = step(&c, Command::Log { by: 2, sequence: 42 }, "2026-12-24T11:00:00Z");
    let body = if category == "serious-misconduct" { "professional-standards-unit" } else { "supplier-centre-manager" };
    step(&c, allocate(body, 7), "2026-12-24T11:30:00Z")
}

#[test]
fn a_complaint_goes_from_receipt_to_closed_with_history() {
    let c = allocated("service-delivery");
    assert_eq!(c.reference.as_deref(), Some("MORTON-2026-00042"));
    assert_eq!(c.state, State::Allocated);
    let part = c.part(1).unwrap();
    assert_eq!((part.category.as_str(), part.body.as_str(), part.investigator), ("service-delivery", "supplier-centre-manager", 7));
    assert_eq!(london_date(part.target.unwrap()), date(2027, 1, 26));

    let c = step(&c, Command::SendForInvestigation { by: 1, part: 1 }, "2026-12-24T12:00:00Z");
    let c = step(&c, Command::Acknowledge { by: 7, part: 1 }, "2026-12-29T09:00:00Z");
    assert_eq!(c.part(1).unwrap().stage(), PartStage::SentForInvestigation);
    let c = step(&c, Command::DraftResponse { by: 7, part: 1 }, "2027-01-10T09:00:00Z");
    let c = step(&c, Command::ApproveResponse { by: 9, part: 1 }, "2027-01-11T09:00:00Z");
    let c = step(&c, Command::SendResponse { by: 7, part: 1 }, "2027-01-12T09:00:00Z");
    let c = step(&c, Command::RecordOutcome { by: 1, part: 1, outcome: Outcome::PartiallySubstantiated }, "2027-01-13T09:00:00Z");
    let c = step(&c, Command::ClosePart { by: 1, part: 1 }, "2027-01-13T09:05:00Z");
    let c = step(&c, Command::Close { by: 1 }, "2027-01-13T09:10:00Z");
    assert_eq!(c.state, State::Closed { at: ts("2027-01-13T09:10:00Z"), closure: Closure::Answered });
    let summaries: Vec<String> = c.history.iter().map(|e| e.what.summary()).collect();
    assert_eq!(summaries.first().map(String::as_str), Some("Complaint received"));
    assert_eq!(summaries.len(), 13);
    assert!(summaries.contains(&"Logged as MORTON-2026-00042".to_owned()));
}

#[test]
fn a_command_before_the_last_event_is_refused() {
    let c = received(Nation::EnglandAndWales);
    // Before receipt.
    assert_eq!(run(&c, triage_as("service-delivery"), "2026-12-24T09:00:00Z"), Err(Rejection::BeforeLastEvent));
}

#[test]
fn translation_comes_before_triage_and_only_when_needed() {
    let c = Complaint::receive(receipt(true), SiteRef { code: "MORTON".into(), nation: Nation::EnglandAndWales }, 1).0;
    assert_eq!(run(&c, triage_as("service-delivery"), "2026-12-24T10:00:00Z"), Err(Rejection::AwaitingTranslation));
    let c = step(&c, Command::RecordTranslation { by: 1 }, "2026-12-26T10:00:00Z");
    assert!(!c.awaiting_translation());
    assert!(run(&c, Command::RecordTranslation { by: 1 }, "2026-12-26T11:00:00Z").is_err());
    assert!(run(&c, triage_as("service-delivery"), "2026-12-26T11:00:00Z").is_ok());
    assert_eq!(
        run(&received(Nation::EnglandAndWales), Command::RecordTranslation { by: 1 }, "2026-12-24T10:00:00Z"),
        Err(Rejection::NoTranslationNeeded)
    );
}

#[test]
fn healthcare_counts_as_received_when_translated() {
    let c = Complaint::receive(receipt(true), SiteRef { code: "MORTON".into(), nation: Nation::Scotland }, 1).0;
    let c = step(&c, Command::RecordTranslation { by: 1 }, "2026-12-26T10:00:00Z");
    assert_eq!(c.received_for(&procedure(), "healthcare"), ts("2026-12-26T10:00:00Z"));
    assert_eq!(c.received_for(&procedure(), "service-delivery"), ts("2026-12-24T09:15:00Z"));
}

#[test]
fn bad_triage_changes_nothing() {
    let c = received(Nation::EnglandAndWales);
    let err = run(&c, triage_as("parking"), "2026-12-24T10:00:00Z").unwrap_err();
    assert!(err.field_errors().get("category").is_some());
    assert!(matches!(err, Rejection::Invalid(_)));
}

#[test]
fn triage_can_close_the_complaint() {
    let base = received(Nation::EnglandAndWales);
    let redirect = Command::Triage {
        by: 1,
        input: TriageInput { category: "service-delivery".into(), out_of_scope: Some("legislation".into()), ..TriageInput::default() },
    };
    assert!(matches!(step(&base, redirect, "2026-12-24T10:00:00Z").state, State::Closed { closure: Closure::Redirected, .. }));

    let healthcare = step(&base, triage_as("healthcare"), "2026-12-24T10:00:00Z");
    assert!(matches!(healthcare.state, State::Closed { closure: Closure::PassedToHealthcare, .. }));
    // Para 11: nothing but the complainant and the date is kept.
    assert!(healthcare.receipt.summary.is_empty() && healthcare.receipt.incident_date.is_none());

    let mut late = base.clone();
    late.receipt.incident_date = Some(date(2026, 6, 1));
    let refuse = Command::Triage {
        by: 1,
        input: TriageInput {
            category: "service-delivery".into(),
            out_of_time: Some(OutOfTimeDecision { accept: false, reason: "Six months late without reason".into() }),
            ..TriageInput::default()
        },
    };
    assert!(matches!(step(&late, refuse, "2026-12-24T10:00:00Z").state, State::Closed { closure: Closure::RefusedOutOfTime, .. }));
}

#[test]
fn steps_out_of_order_are_refused() {
    let c = received(Nation::EnglandAndWales);
    assert_eq!(
        run(&c, Command::Log { by: 1, sequence: 1 }, "2026-12-24T10:00:00Z"),
        Err(Rejection::WrongState { state: "received", action: "logged" })
    );
    assert!(matches!(run(&c, allocate("supplier-centre-manager", 7), "2026-12-24T10:00:00Z"), Err(Rejection::WrongState { .. })));
    let t = step(&c, triage_as("service-delivery"), "2026-12-24T10:00:00Z");
    assert!(matches!(run(&t, Command::Acknowledge { by: 1, part: 1 }, "2026-12-24T10:00:00Z"), Err(Rejection::WrongState { .. })));
    let f = step(&t, Command::ForwardToHub { by: 1 }, "2026-12-24T10:00:00Z");
    assert!(run(&f, Command::ForwardToHub { by: 1 }, "2026-12-24T10:00:00Z").is_err());
}

#[test]
fn allocation_checks_the_body_category_and_investigator() {
    let logged = {
        let c = step(&received(Nation::EnglandAndWales), triage_as("service-delivery"), "2026-12-24T10:00:00Z");
        step(&c, Command::Log { by: 2, sequence: 1 }, "2026-12-24T11:00:00Z")
    };
    let err = run(&logged, allocate("the-moon", 0), "2026-12-24T11:30:00Z").unwrap_err().field_errors();
    assert!(err.get("body").unwrap().contains("the-moon"));
    assert_eq!(err.get("investigator"), Some("Choose the investigator"));
    assert!(run(&logged, allocate("police", 7), "2026-12-24T11:30:00Z").unwrap_err().to_string().contains("refer it instead"));
    let bad_category =
        Command::Allocate { by: 1, category: Some("parking".into()), subcategory: None, body: "hoie-manager".into(), investigator: 7 };
    assert!(run(&logged, bad_category, "2026-12-24T11:30:00Z").unwrap_err().field_errors().get("category").is_some());
}

#[test]
fn a_cross_cutting_complaint_is_split_and_closes_only_when_every_part_has() {
    let c = allocated("service-delivery");
    let split = Command::Allocate {
        by: 1,
        category: Some("minor-misconduct".into()),
        subcategory: Some("bad-language".into()),
        body: "escort-supplier".into(),
        investigator: 8,
    };
    let c = step(&c, split, "2026-12-24T12:00:00Z");
    assert_eq!(c.parts.len(), 2);
    assert_eq!(c.part(2).unwrap().body, "escort-supplier");
    let missing = Command::Allocate { by: 1, category: None, subcategory: None, body: "hoie-manager".into(), investigator: 8 };
    assert!(run(&c, missing, "2026-12-24T12:00:00Z").unwrap_err().field_errors().get("category").is_some());

    let c = answer(&c, 1, "2027-01-05");
    assert_eq!(run(&c, Command::Close { by: 1 }, "2027-01-06T09:00:00Z"), Err(Rejection::PartsOpen(vec![2])));
    let c = answer(&c, 2, "2027-01-07");
    assert!(run(&c, Command::Close { by: 1 }, "2027-01-08T09:00:00Z").is_ok());
}

/// Sends, drafts, approves, sends, records and closes one part on `day`.
pub(crate) fn answer(c: &Complaint, part: u32, day: &str) -> Complaint {
    let at = |h: u32| format!("{day}T{h:02}:00:00Z");
    let mut c = c.clone();
    if c.part(part).unwrap().sent_for_investigation_at.is_none() {
        c = step(&c, Command::SendForInvestigation { by: 1, part }, &at(9));
    }
    let c = step(&c, Command::DraftResponse { by: 7, part }, &at(10));
    let c = step(&c, Command::ApproveResponse { by: 9, part }, &at(11));
    let c = step(&c, Command::SendResponse { by: 7, part }, &at(12));
    let c = step(&c, Command::RecordOutcome { by: 1, part, outcome: Outcome::NotSubstantiated }, &at(13));
    step(&c, Command::ClosePart { by: 1, part }, &at(14))
}

#[test]
fn a_response_is_drafted_approved_by_another_then_sent() {
    let c = allocated("service-delivery");
    assert_eq!(run(&c, Command::DraftResponse { by: 7, part: 1 }, "2027-01-05T09:00:00Z"), Err(Rejection::NotSentForInvestigation(1)));
    let c = step(&c, Command::SendForInvestigation { by: 1, part: 1 }, "2026-12-24T12:00:00Z");
    assert_eq!(run(&c, Command::ApproveResponse { by: 9, part: 1 }, "2027-01-05T09:00:00Z"), Err(Rejection::NotDrafted(1)));
    assert_eq!(run(&c, Command::SendResponse { by: 7, part: 1 }, "2027-01-05T09:00:00Z"), Err(Rejection::NotApproved(1)));
    let c = step(&c, Command::DraftResponse { by: 7, part: 1 }, "2027-01-05T09:00:00Z");
    assert_eq!(run(&c, Command::ApproveResponse { by: 7, part: 1 }, "2027-01-05T10:00:00Z"), Err(Rejection::ApprovedByAuthor(1)));
    assert_eq!(run(&c, Command::SendResponse { by: 7, part: 1 }, "2027-01-05T10:00:00Z"), Err(Rejection::NotApproved(1)));
    assert_eq!(
        run(&c, Command::RecordOutcome { by: 1, part: 1, outcome: Outcome::Substantiated }, "2027-01-05T10:00:00Z"),
        Err(Rejection::NotSent(1))
    );
    assert_eq!(run(&c, Command::ClosePart { by: 1, part: 1 }, "2027-01-05T10:00:00Z"), Err(Rejection::NoOutcome(1)));
    let approved = step(&c, Command::ApproveResponse { by: 9, part: 1 }, "2027-01-05T10:00:00Z");
    // Redrafting after approval needs a new approval.
    let redrafted = step(&approved, Command::DraftResponse { by: 7, part: 1 }, "2027-01-05T11:00:00Z");
    assert_eq!(run(&redrafted, Command::SendResponse { by: 7, part: 1 }, "2027-01-05T12:00:00Z"), Err(Rejection::NotApproved(1)));
}

#[test]
fn an_extension_is_asked_with_a_reason_and_agreed_or_refused() {
    let c = allocated("service-delivery");
    let ask = |reason: &str, to| Command::RequestExtension { by: 7, part: 1, reason: reason.into(), new_date: to };
    assert!(run(&c, ask(" ", date(2027, 2, 9)), "2027-01-20T09:00:00Z").unwrap_err().field_errors().get("reason").is_some());
    assert!(
        run(&c, ask("CCTV awaited", date(2027, 1, 26)), "2027-01-20T09:00:00Z")
            .unwrap_err()
            .field_errors()
            .get("new_date")
            .unwrap()
            .contains("after the current")
    );
    assert_eq!(run(&c, Command::RecordInterimResponse { by: 7, part: 1 }, "2027-01-20T09:00:00Z"), Err(Rejection::NoAgreedExtension(1)));
    assert_eq!(
        run(&c, Command::DecideExtension { by: 1, part: 1, agree: true, note: String::new() }, "2027-01-20T09:00:00Z"),
        Err(Rejection::NoExtensionRequested(1))
    );

    let asked = step(&c, ask("CCTV awaited", date(2027, 2, 9)), "2027-01-20T09:00:00Z");
    assert_eq!(run(&asked, ask("again", date(2027, 2, 10)), "2027-01-20T10:00:00Z"), Err(Rejection::ExtensionPending(1)));
    let refuse = Command::DecideExtension { by: 1, part: 1, agree: false, note: String::new() };
    assert!(run(&asked, refuse, "2027-01-21T09:00:00Z").unwrap_err().field_errors().get("note").is_some());
    let refused =
        step(&asked, Command::DecideExtension { by: 1, part: 1, agree: false, note: "Not exceptional".into() }, "2027-01-21T09:00:00Z");
    assert_eq!(london_date(refused.part(1).unwrap().target.unwrap()), date(2027, 1, 26));

    let agreed = step(&asked, Command::DecideExtension { by: 1, part: 1, agree: true, note: String::new() }, "2027-01-21T09:00:00Z");
    let part = agreed.part(1).unwrap();
    assert_eq!(part.target, Some(end_of_day(date(2027, 2, 9))));
    assert_eq!(part.extensions_agreed, 1);
    let interim = step(&agreed, Command::RecordInterimResponse { by: 7, part: 1 }, "2027-01-22T09:00:00Z");
    assert!(interim.part(1).unwrap().interim_response_at.is_some());
    assert!(matches!(interim.history.last().unwrap().what, Happened::InterimResponseSent { part: 1 }));
}

#[test]
fn a_target_date_on_a_closed_complaint_is_refused() {
    let c = answer(&allocated("service-delivery"), 1, "2027-01-05");
    let ask = Command::RequestExtension { by: 7, part: 1, reason: "late".into(), new_date: date(2027, 3, 1) };
    assert_eq!(run(&c, ask.clone(), "2027-01-06T09:00:00Z"), Err(Rejection::PartClosed(1)));
    let closed = step(&c, Command::Close { by: 1 }, "2027-01-06T09:00:00Z");
    assert_eq!(run(&closed, ask, "2027-01-06T10:00:00Z"), Err(Rejection::WrongState { state: "closed", action: "changed part by part" }));
    assert_eq!(
        run(&closed, Command::SendUpdate { by: 1, part: 9 }, "2027-01-06T10:00:00Z"),
        Err(Rejection::WrongState { state: "closed", action: "changed part by part" })
    );
}

#[test]
fn reallocation_keeps_the_target_and_the_history() {
    let c = allocated("service-delivery");
    let before = c.part(1).unwrap().target;
    let no_reason = Command::Reallocate { by: 1, part: 1, body: "escort-supplier".into(), investigator: 8, reason: String::new() };
    assert!(run(&c, no_reason, "2026-12-29T09:00:00Z").unwrap_err().field_errors().get("reason").is_some());
    let moved = Command::Reallocate { by: 1, part: 1, body: "escort-supplier".into(), investigator: 8, reason: "Escort complaint".into() };
    let c = step(&c, moved.clone(), "2026-12-29T09:00:00Z");
    assert!(run(&c, moved, "2026-12-29T09:30:00Z").unwrap_err().field_errors().get("body").unwrap().contains("already allocated"));
    let part = c.part(1).unwrap();
    assert_eq!((part.body.as_str(), part.investigator, part.target), ("escort-supplier", 8, before));
    assert!(matches!(&c.history.last().unwrap().what, Happened::Reallocated { from_body, .. } if from_body == "supplier-centre-manager"));
    assert_eq!(run(&c, Command::Acknowledge { by: 1, part: 3 }, "2026-12-29T10:00:00Z"), Err(Rejection::NoSuchPart(3)));
}

#[test]
fn professional_standards_returning_a_complaint_recategorises_it() {
    let c = allocated("serious-misconduct");
    assert_eq!(london_date(c.part(1).unwrap().target.unwrap()), date(2027, 3, 18));
    let back = Command::Recategorise {
        by: 5,
        part: 1,
        category: "minor-misconduct".into(),
        subcategory: Some("poor-attitude".into()),
        reason: "Explained by factors other than discrimination".into(),
    };
    let c = step(&c, back, "2027-01-04T09:00:00Z");
    let part = c.part(1).unwrap();
    assert_eq!(part.category, "minor-misconduct");
    // 20 working days from the original allocation.
    assert_eq!(london_date(part.target.unwrap()), date(2027, 1, 26));
    assert!(matches!(c.history.last().unwrap().what, Happened::Recategorised { returned_by_professional_standards: true, .. }));
    let unknown = Command::Recategorise { by: 5, part: 1, category: "parking".into(), subcategory: None, reason: "x".into() };
    assert!(run(&c, unknown, "2027-01-04T10:00:00Z").unwrap_err().field_errors().get("category").is_some());
}

#[test]
fn withdrawal_ends_any_open_complaint_but_not_a_closed_one() {
    let c = step(&allocated("service-delivery"), withdraw_on(date(2026, 12, 28)), "2026-12-29T09:00:00Z");
    let State::Withdrawn { withdrawal, .. } = &c.state else { panic!("not withdrawn: {:?}", c.state) };
    assert_eq!((withdrawal.on, withdrawal.method), (date(2026, 12, 28), WithdrawalMethod::InWriting));
    let Happened::Withdrawn { cancelled_clocks, .. } = &c.history.last().unwrap().what else { panic!("no withdrawal event") };
    assert_eq!(cancelled_clocks, &["part-1/send-for-investigation", "part-1/acknowledge", "part-1/respond"]);
    assert!(c.history.last().unwrap().what.summary().ends_with("closed without an outcome"));
    let again = run(&c, withdraw_on(date(2026, 12, 29)), "2026-12-29T10:00:00Z").unwrap_err();
    assert!(matches!(again, Rejection::Withdrawal(WithdrawalRejection::AlreadyClosed { .. })));
    assert!(again.field_errors().get("complaint").is_some());

    let fresh = received(Nation::EnglandAndWales);
    let early = run(&fresh, withdraw_on(date(2026, 12, 23)), "2026-12-24T10:00:00Z").unwrap_err();
    assert!(matches!(early, Rejection::Withdrawal(WithdrawalRejection::BeforeReceipt { .. })));
    let unnamed = Command::Withdraw {
        by: 1,
        withdrawal: Withdraw { on: date(2026, 12, 24), method: WithdrawalMethod::ViaRepresentative, representative: None, note: None },
    };
    assert!(run(&fresh, unnamed, "2026-12-24T10:00:00Z").unwrap_err().field_errors().get("representative").is_some());

    let closed = step(&answer(&allocated("service-delivery"), 1, "2027-01-05"), Command::Close { by: 1 }, "2027-01-06T09:00:00Z");
    assert!(matches!(
        run(&closed, withdraw_on(date(2027, 1, 6)), "2027-01-06T10:00:00Z"),
        Err(Rejection::Withdrawal(WithdrawalRejection::AlreadyClosed { .. }))
    ));
}

#[test]
fn a_healthcare_part_records_the_providers_response_without_a_draft() {
    let c = Complaint::receive(receipt(false), SiteRef { code: "DUNG".into(), nation: Nation::Scotland }, 1).0;
    let c = step(&c, triage_as("healthcare"), "2026-12-24T10:00:00Z");
    let c = step(&c, Command::Log { by: 2, sequence: 1 }, "2026-12-24T11:00:00Z");
    let c = step(&c, allocate("healthcare-provider", 11), "2026-12-24T11:30:00Z");
    assert_eq!(c.part(1).unwrap().target, None);
    let ask = Command::RequestExtension { by: 7, part: 1, reason: "x".into(), new_date: date(2027, 3, 1) };
    assert_eq!(run(&c, ask, "2026-12-24T12:00:00Z"), Err(Rejection::NoTarget(1)));
    let c = step(&c, Command::SendResponse { by: 1, part: 1 }, "2027-01-20T09:00:00Z");
    let c = step(&c, Command::RecordOutcome { by: 1, part: 1, outcome: Outcome::Substantiated }, "2027-01-20T10:00:00Z");
    assert_eq!(c.part(1).unwrap().outcome, Some(Outcome::Substantiated));
}

#[test]
fn events_serialise_with_kebab_case_tags() {
    let c = allocated("service-delivery");
    let json = serde_json::to_value(c.history.last().unwrap()).unwrap();
    assert_eq!(json["event"], "allocated");
    assert_eq!(json["body"], "supplier-centre-manager");
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(&back, c.history.last().unwrap());
}
