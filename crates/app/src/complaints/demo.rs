//! Demo complaints at Yarl's Wood, in different states: one waiting for
//! triage, one allocated and acknowledged, one split between the centre's
//! supplier and the Home Office team, one withdrawn and one sealed.

use super::{AllocateForm, TriageForm, WithdrawForm};
use crate::people::{self, PersonForm};
use crate::{Actor, App, Result, accounts, sites};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::receipt::ComplaintDraft;
use jiff::SignedDuration;

/// Audit events the demo complaints record: the complainant, then one per
/// receipt and step (1 + 1 + 5 + 5 + 2 + 1).
pub const EVENTS: usize = 15;

pub async fn seed(app: &App) -> Result<()> {
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let investigator = accounts::find_by_username(app, "sam.okafor").await?;
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
    super::acknowledge(app, &clerk, lost, "1").await?;

    let split = super::receive(app, &clerk, &draft(50, "Visits were cancelled and an officer was rude when I asked why."), None).await?.id;
    super::triage(app, &clerk, split, &triage).await?;
    super::log(app, &clerk, split).await?;
    super::allocate(app, &clerk, split, &allocate("supplier-centre-manager", "")).await?;
    super::allocate(app, &clerk, split, &allocate("hoie-manager", "minor-misconduct")).await?;

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
