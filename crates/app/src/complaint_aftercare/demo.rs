//! The demo's aftercare, through the real use cases, on the three Yarl's
//! Wood complaints answered last month (`complaint_reports::demo`), so the
//! registers a new user opens are not empty:
//! - the opened legal letters (substantiated): £50 ex-gratia offered and
//!   accepted, awaiting payment; the post-room officer named with the finding;
//! - the room search (partly substantiated): a lessons-learned action for
//!   the centre's manager;
//! - the library (not substantiated): escalated to the Prisons and Probation
//!   Ombudsman, and a proposal to end correspondence about it awaiting a
//!   senior reviewer's decision.

use super::{ex_gratia, lessons, officers, ombudsman, persistent};
use crate::{Actor, App, AppError, Result, accounts};
use casebook_domain::calendar::london_date;
use jiff::ToSpan;

/// Audit events [`seed`] records: ex-gratia proposed, offered and accepted,
/// the complaints unit told of the offer and of the acceptance (para 56);
/// a lesson raised; an officer added, named and found against; one
/// escalation; one proposal to end correspondence.
pub const EVENTS: usize = 3 + 2 + 1 + 3 + 1 + 1;

/// `answered`: the search, the letters and the library complaints, in that
/// order, as `complaint_reports::demo::seed` made them; `person`: their complainant.
pub async fn seed(app: &App, answered: &[i64], person: i64) -> Result<()> {
    let [search, letters, library] = answered else { return Ok(()) };
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let owner = accounts::find_by_username(app, "priya.shah").await?;
    let today = london_date(app.now());
    let days_ahead = |n: i32| today.checked_add(n.days()).map(|d| d.to_string()).map_err(|e| AppError::Internal(e.to_string()));

    let payment = ex_gratia::ProposeForm {
        kind: "financial".into(),
        amount: "50".into(),
        rationale: "Two letters from his solicitor were opened; the delay and the breach of legal privilege caused him real distress."
            .into(),
        ..ex_gratia::ProposeForm::default()
    };
    let payment = ex_gratia::propose_payment(app, &clerk, *letters, &payment).await?;
    for step in ["offer", "accept"] {
        let form = ex_gratia::StepForm { step: step.into(), on: today.to_string(), ..ex_gratia::StepForm::default() };
        ex_gratia::record_step(app, &clerk, payment.id, &form).await?;
    }

    let lesson = lessons::RaiseForm {
        source: "complaint".into(),
        description: "Brief every search team to tell the resident the reason before a room search begins.".into(),
        owner: owner.id.to_string(),
        due: days_ahead(30)?,
    };
    lessons::raise_action(app, &clerk, *search, &lesson).await?;

    let officer =
        officers::OfficerForm { name: "Jordan Pike".into(), identifier: "YW-4417".into(), employer: "Yarl's Wood centre supplier".into() };
    let officer = officers::add(app, &clerk, &officer).await?;
    officers::name(app, &clerk, *letters, &officers::NameForm { officer: officer.id.to_string() }).await?;
    let finding = officers::FindingForm { officer: officer.id.to_string(), finding: "substantiated".into(), decided_on: today.to_string() };
    officers::record_finding(app, &clerk, *letters, &finding).await?;

    let escalation = ombudsman::EscalationForm {
        step: "escalate".into(),
        body: "prisons-and-probation-ombudsman".into(),
        on: today.to_string(),
        ..ombudsman::EscalationForm::default()
    };
    ombudsman::record(app, &clerk, *library, &escalation).await?;

    let proposal = persistent::ProposeForm {
        person: person.to_string(),
        reason: "He has written eleven times about the library's closure since the response, raising nothing new.".into(),
        review_on: days_ahead(90)?,
    };
    persistent::propose(app, &clerk, *library, &proposal).await?;
    Ok(())
}
