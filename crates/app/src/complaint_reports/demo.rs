//! Demo and test set-up for the reports. The demo's answered complaints
//! go through the real response use cases (`complaints::demo_response`):
//! drafted against the checklist, approved by a more senior reviewer, sent,
//! and the response letter kept, so the board, the summary and the dip
//! sample show real responses. [`answer`] is a quicker set-up for tests
//! that need answered complaints but not the response's text: it drives
//! the complaint's own steps (draft, approval by a second person, send,
//! outcome) through the same state machine, store and audit.

use crate::complaints::demo_response::{self, Answer};
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

/// Audit events [`seed`] records: per complaint a receipt, 4 steps and
/// sending for investigation, then the response's events (one draft
/// returned once), and the draw.
pub const EVENTS: usize = 3 * (1 + 4 + 1) + 2 * demo_response::respond_events(false) + demo_response::respond_events(true) + 1;

/// What the three demo complaints said, whether the complainant kept them
/// from the board, and the response each got.
const ANSWERED: [(&str, bool, Answer<'static>); 3] = [
    (
        "Officers searched my room without saying why.",
        false,
        Answer {
            point: "Officers searched my room without saying why",
            answer: "The search was a routine one, but the officers should have told you the reason before they began.",
            findings: "We read the search log and spoke to both officers. The search was authorised; neither officer explained it to you.",
            outcome: Outcome::PartiallySubstantiated,
            action: "Officers have been reminded to explain the reason for every room search before it starts.",
            returned_with: Some("Say what the officers have been told to do differently."),
        },
    ),
    (
        "My solicitor's letters were opened before they reached me.",
        true,
        Answer {
            point: "My solicitor's letters were opened before they reached me",
            answer: "Two letters from your solicitor were opened in the post room by mistake. We apologise.",
            findings: "The post room log shows two legal letters opened on the same day by a new member of staff.",
            outcome: Outcome::Substantiated,
            action: "Post room staff have been retrained on legal correspondence and a second check added.",
            returned_with: None,
        },
    ),
    (
        "The library was closed for a week.",
        false,
        Answer {
            point: "The library was closed for a week",
            answer: "The library closed for two days, not a week, while shelving was repaired; notices were posted on each unit.",
            findings: "We checked the activities timetable and the maintenance record for the library.",
            outcome: Outcome::NotSubstantiated,
            action: "None needed; closures will also be announced at the residents' meeting.",
            returned_with: None,
        },
    ),
];

/// At Yarl's Wood, three complaints answered ten days into last month: two
/// the complainant allowed to be shared, one they did not, so the board
/// member (helen.ward) sees copies of two and the date and outcome of one;
/// and last month's dip sample drawn over them. Returns the three
/// complaints (search, letters, library) and their complainant, or `None`
/// when the demo's site or person is missing.
pub async fn seed(app: &App) -> Result<Option<(Vec<i64>, i64)>> {
    let clerk = Actor::user(&accounts::find_by_username(app, "raj.patel").await?, None);
    let investigator = accounts::find_by_username(app, "sam.okafor").await?;
    let responder = Actor::user(&investigator, None);
    let reviewer = Actor::user(&accounts::find_by_username(app, "morag.stewart").await?, None);
    let Some(site) = sites::list(app).await?.into_iter().find(|s| s.code == "YARLS-WOOD") else { return Ok(None) };
    let last_month = super::summary::month_or_last(None, app.now())?;
    let then = at(app, last_month.starts_at() + SignedDuration::from_hours(24 * 10 + 10));
    let person = crate::people::search_persons(app, &clerk, "Gebre", 1, 0).await?.into_iter().next().map(|p| p.id);
    let Some(person) = person else { return Ok(None) };
    let mut answered = Vec::with_capacity(ANSWERED.len());
    for (summary, private, response) in &ANSWERED {
        let draft = ComplaintDraft {
            arrived_by: "complaint-box".into(),
            received_at: (then.now() - SignedDuration::from_hours(2)).to_string(),
            site_id: site.id.to_string(),
            setting: "removal-centre".into(),
            complainant_ids: vec![person.to_string()],
            incident_date: casebook_domain::calendar::london_date(then.now() - SignedDuration::from_hours(24 * 5)).to_string(),
            summary: (*summary).into(),
            do_not_share_with_board: *private,
            ..ComplaintDraft::default()
        };
        let id = complaints::receive(&then, &clerk, &draft, None).await?.id;
        complaints::triage(&then, &clerk, id, &TriageForm { category: "service-delivery".into(), ..TriageForm::default() }).await?;
        complaints::log(&then, &clerk, id).await?;
        let allocate =
            AllocateForm { body: "supplier-centre-manager".into(), investigator: investigator.id.to_string(), ..AllocateForm::default() };
        complaints::allocate(&then, &clerk, id, &allocate).await?;
        complaints::acknowledge(&then, &clerk, id, "1").await?;
        complaints::send_for_investigation(&then, &clerk, id, "1").await?;
        demo_response::respond(&then, &responder, &reviewer, id, 1, response).await?;
        answered.push(id);
    }
    let form = super::dip_samples::DrawForm { site_id: site.id.to_string(), month: last_month.key(), seed: "20261001".into() };
    super::dip_samples::draw(app, &clerk, &form).await?;
    Ok(Some((answered, person)))
}
