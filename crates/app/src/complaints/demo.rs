//! Demo complaints at Yarl's Wood, in different states: one waiting for
//! triage; one allocated and acknowledged whose target date was extended,
//! with the interim response recorded and its letter kept; one split
//! between the centre's supplier and the Home Office team, with part 1's
//! response waiting for a senior reviewer's approval and an extension
//! asked for part 2; one withdrawn and one sealed.

use super::demo_response::{self, Answer};
use super::letters::{self, LetterForm};
use super::{AllocateForm, ExtensionDecisionForm, ExtensionRequestForm, TriageForm, WithdrawForm};
use crate::people::{self, PersonForm};
use crate::{Actor, App, AppError, Result, accounts, sites};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::response::Outcome;
use casebook_store::complaints::ComplaintRecord;
use jiff::{SignedDuration, Span};

/// Audit events the demo complaints record: the complainant, then one per
/// receipt and step: waiting (1); allocated (5) with an extension asked and
/// agreed, the interim response and its letter (4); split (5) with part 1
/// sent for investigation (1), its draft submitted, and an extension asked
/// for part 2 (1); withdrawn (2); sealed (1).
pub const EVENTS: usize = 1 + 1 + (5 + 4) + (5 + 1 + demo_response::draft_events(false) + 1) + 2 + 1;

/// A date two weeks after the part's target date, for an extension request.
fn two_weeks_later(record: &ComplaintRecord, part: u32) -> Result<String> {
    let target =
        record.complaint.part(part).and_then(|p| p.target).ok_or_else(|| AppError::Internal(format!("part {part} has no target")))?;
    let later = london_date(target).checked_add(Span::new().days(14)).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(later.to_string())
}

pub async fn seed(app: &App) -> Result<()> {
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let investigator = accounts::find_by_username(app, "sam.okafor").await?;
    let responder = Actor::user(&investigator, None);
    let reviewer = Actor::user(&accounts::find_by_username(app, "morag.stewart").await?, None);
    let Some(site) = sites::list(app).await?.into_iter().find(|s| s.code == "YARLS-WOOD") else { return Ok(()) };
    let form = PersonForm { given: "Tesfay".into(), family: "Gebre".into(), date_of_birth: "1994-05-11".into(), ..PersonForm::default() };
    let person = people::create_person(app, &clerk, &form).await?.id;
    let now = app.now();
    let draft = |hours_ago: i64, summary: &str| ComplaintDraft {
        arrived_by: "complaint-box".into(),
        received_at: (now - SignedDuration::from_hours(hours_ago)).to_string(),
        site_id: site.id.to_string(),
        setting: "removal-centre".into(),
        complainant_ids: vec![person.to_string()],
        incident_date: london_date(now - SignedDuration::from_hours(24 * 10)).to_string(),
        summary: summary.into(),
        ..ComplaintDraft::default()
    };
    let allocate = |body: &str, category: &str| AllocateForm {
        category: category.into(),
        body: body.into(),
        investigator: investigator.id.to_string(),
        ..AllocateForm::default()
    };
    let triage = TriageForm { category: "service-delivery".into(), ..TriageForm::default() };

    super::receive(app, &clerk, &draft(3, "The evening meal was served cold three days running."), None).await?;

    let lost = super::receive(app, &clerk, &draft(30, "My property bag did not arrive with me on transfer."), None).await?.id;
    super::triage(app, &clerk, lost, &triage).await?;
    super::log(app, &clerk, lost).await?;
    super::allocate(app, &clerk, lost, &allocate("supplier-centre-manager", "")).await?;
    let acknowledged = super::acknowledge(app, &clerk, lost, "1").await?;
    let ask = ExtensionRequestForm {
        part: "1".into(),
        reason: "The escort contractor has not yet sent its transfer record for the property bag.".into(),
        new_date: two_weeks_later(&acknowledged, 1)?,
    };
    super::request_extension(app, &responder, lost, &ask).await?;
    let agree = ExtensionDecisionForm { part: "1".into(), decision: "agree".into(), note: "Agreed: chase the contractor weekly.".into() };
    super::decide_extension(app, &clerk, lost, &agree).await?;
    super::record_interim_response(app, &responder, lost, "1").await?;
    letters::produce(app, &responder, lost, &LetterForm { kind: "interim".into(), part: "1".into() }).await?;

    let split = super::receive(app, &clerk, &draft(50, "Visits were cancelled and an officer was rude when I asked why."), None).await?.id;
    super::triage(app, &clerk, split, &triage).await?;
    super::log(app, &clerk, split).await?;
    super::allocate(app, &clerk, split, &allocate("supplier-centre-manager", "")).await?;
    let split_record = super::allocate(app, &clerk, split, &allocate("hoie-manager", "minor-misconduct")).await?;
    super::send_for_investigation(app, &clerk, split, "1").await?;
    let visits = Answer {
        point: "Visits were cancelled",
        answer: "Two visits were cancelled when the visits hall was closed for a fire alarm test; you were not told in time.",
        findings: "We checked the visits booking record and the estates log for the week.",
        outcome: Outcome::Substantiated,
        action: "Visitors and residents will be told of planned closures at least two days ahead.",
        returned_with: None,
    };
    demo_response::draft_and_submit(app, &responder, &reviewer, split, 1, &visits).await?;
    let ask = ExtensionRequestForm {
        part: "2".into(),
        reason: "The officer is on leave until next month and has not yet been interviewed.".into(),
        new_date: two_weeks_later(&split_record, 2)?,
    };
    super::request_extension(app, &responder, split, &ask).await?;

    let withdrawn = super::receive(app, &clerk, &draft(20, "The gym was closed without notice."), None).await?.id;
    let on = WithdrawForm { on: london_date(now).to_string(), method: "orally".into(), ..WithdrawForm::default() };
    super::withdraw(app, &clerk, withdrawn, &on).await?;

    let sealed = ComplaintDraft {
        confidential: true,
        visible_to_roles: vec!["compliance-officer".into(), "manager".into()],
        ..draft(5, "A sealed complaint about a member of staff.")
    };
    super::receive(app, &clerk, &sealed, None).await?;
    Ok(())
}
