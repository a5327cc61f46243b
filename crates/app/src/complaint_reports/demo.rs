//! Demo and test set-up for the reports: complaints answered through the
//! domain's own response steps (draft, approval by a second person, send,
//! outcome), so the board, the summary and the dip sample have something
//! to show. The responses module's use cases will do this for real users;
//! until then this is the one place that drives those steps, and it goes
//! through the same state machine, store and audit as every other step.

use crate::complaints::{self, AllocateForm, TriageForm};
use crate::{Actor, App, AppError, Clock, Result, accounts, sites};
use casebook_domain::access::Roles;
use casebook_domain::complaints::complaint::{Command, decide};
use casebook_domain::complaints::receipt::ComplaintDraft;
use casebook_domain::complaints::response::Outcome;
use casebook_store::StoreError;
use casebook_store::complaints as store;
use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;

/// A stopped clock, to play a journey at a moment in the past.
#[derive(Debug)]
pub struct Frozen(pub Timestamp);

impl Clock for Frozen {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// `app` with its clock stopped at `at`.
pub fn at(app: &App, at: Timestamp) -> App {
    let mut frozen = app.clone();
    frozen.clock = Arc::new(Frozen(at));
    frozen
}

/// Sends the response to every part of complaint `id` and records
/// `outcome`: drafted by `actor`, approved by user `approver`, sent, all at
/// the app's now; one transaction with an audit event per step.
pub async fn answer(app: &App, actor: &Actor, approver: i64, id: i64, outcome: Outcome) -> Result<()> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(complaints::not_found)?;
    let procedure = complaints::procedure_of(&mut work.tx, &record).await?;
    let calendar = complaints::site_calendar(&mut work.tx, record.complaint.receipt.site_id).await?;
    let by = actor.user_id.unwrap_or(0);
    let mut complaint = record.complaint.clone();
    let mut events = Vec::new();
    let parts: Vec<(u32, bool)> = complaint.parts.iter().map(|p| (p.number, p.sent_for_investigation_at.is_some())).collect();
    for (part, sent_for_investigation) in parts {
        let mut commands = Vec::new();
        if !sent_for_investigation {
            commands.push(Command::SendForInvestigation { by, part });
        }
        commands.extend([
            Command::DraftResponse { by, part },
            Command::ApproveResponse { by: approver, part },
            Command::SendResponse { by, part },
            Command::RecordOutcome { by, part, outcome },
        ]);
        for command in commands {
            let (next, happened) = decide(&complaint, command, work.now, &procedure, &calendar)
                .map_err(|rejection| AppError::Invalid(rejection.field_errors()))?;
            complaint = next;
            events.extend(happened);
        }
    }
    let deadlines = casebook_domain::complaints::deadline_index::indexed_clocks(&procedure, &calendar, &complaint);
    store::update(&mut work.tx, id, record.version, &complaint, &events, &deadlines, work.now).await.map_err(|e| match e {
        StoreError::StaleVersion => AppError::StaleEdit("the complaint"),
        other => other.into(),
    })?;
    for event in &events {
        work.record("complaint.response_step", "complaint", Some(id.to_string()), event.what.summary());
    }
    work.commit().await
}

/// Audit events [`seed`] records: per complaint a receipt and 4 steps plus
/// one event per response step (5), and the draw.
pub const EVENTS: usize = 3 * (1 + 4 + 5) + 1;

/// At Yarl's Wood, three complaints answered ten days into last month: two
/// the complainant allowed to be shared, one they did not, so the board
/// member (helen.ward) sees copies of two and the date and outcome of one;
/// and last month's dip sample drawn over them.
pub async fn seed(app: &App) -> Result<()> {
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let investigator = accounts::find_by_username(app, "sam.okafor").await?;
    let reviewer = accounts::find_by_username(app, "morag.stewart").await?;
    let Some(site) = sites::list(app).await?.into_iter().find(|s| s.code == "YARLS-WOOD") else { return Ok(()) };
    let last_month = super::summary::month_or_last(None, app.now())?;
    let then = at(app, last_month.starts_at() + SignedDuration::from_hours(24 * 10 + 10));
    let person = crate::people::search_persons(app, &clerk, "Gebre", 1, 0).await?.into_iter().next().map(|p| p.id);
    let Some(person) = person else { return Ok(()) };
    let complaints_made: [(&str, bool, Outcome); 3] = [
        ("Officers searched my room without saying why.", false, Outcome::PartiallySubstantiated),
        ("My solicitor's letters were opened before they reached me.", true, Outcome::Substantiated),
        ("The library was closed for a week.", false, Outcome::NotSubstantiated),
    ];
    for (summary, private, outcome) in complaints_made {
        let draft = ComplaintDraft {
            arrived_by: "complaint-box".into(),
            received_at: (then.now() - SignedDuration::from_hours(2)).to_string(),
            site_id: site.id.to_string(),
            setting: "removal-centre".into(),
            complainant_ids: vec![person.to_string()],
            incident_date: casebook_domain::calendar::london_date(then.now() - SignedDuration::from_hours(24 * 5)).to_string(),
            summary: summary.into(),
            do_not_share_with_board: private,
            ..ComplaintDraft::default()
        };
        let id = complaints::receive(&then, &clerk, &draft, None).await?.id;
        complaints::triage(&then, &clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await?;
        complaints::log(&then, &clerk, id).await?;
        let allocate =
            AllocateForm { body: "supplier-centre-manager".into(), investigator: investigator.id.to_string(), ..AllocateForm::default() };
        complaints::allocate(&then, &clerk, id, &allocate).await?;
        complaints::acknowledge(&then, &clerk, id, "1").await?;
        answer(&then, &clerk, reviewer.id, id, outcome).await?;
    }
    let form = super::dip_samples::DrawForm { site_id: site.id.to_string(), month: last_month.key(), seed: "20261001".into() };
    super::dip_samples::draw(app, &clerk, &form).await?;
    Ok(())
}
