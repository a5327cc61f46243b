//! Extensions, the interim response and the written response of a part,
//! each one use case: load the complaint, let the domain decide (the
//! complaint's state machine and the response's, which holds the checklist
//! and the sign-off rule), save complaint, response and audit together.
//!
//! Who may do what: the part's investigator and the complaints unit
//! (COMPLAINT_HANDLERS) ask for extensions, record the interim response,
//! draft, submit and send; the complaints unit agrees or refuses an
//! extension; senior reviewers and managers (RESPONSE_APPROVERS) approve or
//! return a draft, and only when their grade is strictly more senior than
//! the author's. Sending records the response date and outcome on the
//! complaint, closes the part, and closes the complaint once every part is.

use super::steps::{Loaded, load, part_number};
use super::{access, not_found, procedure_of};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::complaint::Command;
use casebook_domain::complaints::parts::{Part, ResponseStage};
use casebook_domain::complaints::procedure::EscalationStep;
use casebook_domain::complaints::response::{
    ChecklistGap, DraftContent, Outcome, Point, Response, ResponseCommand, ResponseEvent, Staff, decide,
};
use casebook_domain::validation::FieldErrors;
use casebook_store::StoreError;
use casebook_store::complaint_responses::{self as responses, ResponseRecord};
use casebook_store::complaints::{self as store, ComplaintRecord};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A part with its response, as the response page and API show it.
#[derive(Debug, Clone)]
pub struct PartResponse {
    pub record: ComplaintRecord,
    pub procedure: Procedure,
    pub part: Part,
    pub response: Option<Response>,
    /// What the draft still lacks (empty once complete or before a draft).
    pub gaps: Vec<ChecklistGap>,
    /// The route's first escalation step: the wording a new draft starts from.
    pub escalation: Option<EscalationStep>,
}

/// The part of a loaded complaint, or the refusal naming the part.
fn part_of(record: &ComplaintRecord, number: u32) -> Result<Part> {
    record.complaint.part(number).cloned().ok_or_else(|| AppError::field("part", format!("The complaint has no part {number}")))
}

/// Whether the actor answers this part: its investigator or the complaints unit.
fn may_respond(actor: &Actor, part: &Part) -> bool {
    actor.roles.intersects(Roles::COMPLAINT_HANDLERS) || actor.user_id == Some(part.investigator)
}

fn check_responder(actor: &Actor, part: &Part) -> Result<()> {
    if may_respond(actor, part) { Ok(()) } else { Err(AppError::Forbidden) }
}

fn escalation_step(procedure: &Procedure, record: &ComplaintRecord, part: &Part) -> Option<EscalationStep> {
    procedure.escalation_route(&part.category, record.complaint.site.nation).ok().and_then(|r| r.escalation.first().cloned())
}

fn staff(actor: &Actor) -> Staff {
    Staff { user_id: actor.user_id.unwrap_or(0), grade: actor.grade }
}

/// One part's response, with the checklist's gaps. Each read of a sealed
/// complaint is audited, as on its page.
pub async fn read_response(app: &App, actor: &Actor, id: i64, part: &str) -> Result<PartResponse> {
    let number = part_number(part)?;
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let part = record.complaint.part(number).cloned().ok_or(AppError::NotFound("part"))?;
    let procedure = procedure_of(&mut work.tx, &record).await?;
    let response = responses::get(&mut work.tx, id, number).await?.map(|r| r.response);
    if access::is_confidential(&record.complaint) {
        work.record("complaint.confidential_read", "complaint", Some(id.to_string()), "read the response of a confidential complaint");
    }
    work.commit().await?;
    let gaps = response.as_ref().map(|r| r.draft.check()).unwrap_or_default();
    let escalation = escalation_step(&procedure, &record, &part);
    Ok(PartResponse { record, procedure, part, response, gaps, escalation })
}

// ---------------------------------------------------------------------------
// Extensions and the interim response
// ---------------------------------------------------------------------------

/// An extension request as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtensionRequestForm {
    pub part: String,
    pub reason: String,
    /// YYYY-MM-DD.
    pub new_date: String,
}

fn date_field(raw: &str, field: &str, what: &str, errors: &mut FieldErrors) -> Option<Date> {
    match raw.trim() {
        "" => {
            errors.add(field, format!("Enter {what}"));
            None
        }
        raw => match raw.parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                errors.add(field, format!("{} must be a real date, like 2026-12-31", capitalise(what)));
                None
            }
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The responder asks the complaints unit for a new target date, with the reason.
pub async fn request_extension(app: &App, actor: &Actor, id: i64, form: &ExtensionRequestForm) -> Result<ComplaintRecord> {
    let number = part_number(&form.part)?;
    let mut errors = FieldErrors::new();
    if form.reason.trim().is_empty() {
        errors.add("reason", "Enter the reason for the extension");
    }
    let new_date = date_field(&form.new_date, "new_date", "the new target date", &mut errors);
    errors.into_result(())?;
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_READERS).await?;
    check_responder(actor, &part_of(&loaded.record, number)?)?;
    let by = loaded.by();
    let new_date = new_date.ok_or_else(|| AppError::Internal("date checked above".into()))?;
    loaded.apply(Command::RequestExtension { by, part: number, reason: form.reason.clone(), new_date }).await?;
    loaded.finish().await
}

/// The complaints unit's answer to an extension request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtensionDecisionForm {
    pub part: String,
    /// `agree` or `refuse`.
    pub decision: String,
    /// Required when refusing.
    pub note: String,
}

/// The complaints unit agrees (the target date moves, history kept) or refuses.
pub async fn decide_extension(app: &App, actor: &Actor, id: i64, form: &ExtensionDecisionForm) -> Result<ComplaintRecord> {
    let number = part_number(&form.part)?;
    let agree = match form.decision.trim() {
        "agree" => true,
        "refuse" => false,
        "" => return Err(AppError::field("decision", "Choose whether to agree or refuse the extension")),
        other => return Err(AppError::field("decision", format!("\"{other}\" is not a decision: choose agree or refuse"))),
    };
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_HANDLERS).await?;
    let by = loaded.by();
    loaded.apply(Command::DecideExtension { by, part: number, agree, note: form.note.clone() }).await?;
    loaded.finish().await
}

/// Records that the interim response went to the complainant (after an agreed extension).
pub async fn record_interim_response(app: &App, actor: &Actor, id: i64, part: &str) -> Result<ComplaintRecord> {
    let number = part_number(part)?;
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_READERS).await?;
    check_responder(actor, &part_of(&loaded.record, number)?)?;
    let by = loaded.by();
    loaded.apply(Command::RecordInterimResponse { by, part: number }).await?;
    loaded.finish().await
}

// ---------------------------------------------------------------------------
// The response
// ---------------------------------------------------------------------------

/// A draft as typed. Points with neither text nor answer are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftForm {
    pub part: String,
    pub points: Vec<Point>,
    pub investigation_and_findings: String,
    /// substantiated, partially-substantiated or not-substantiated; blank while undecided.
    pub outcome: String,
    pub action_to_be_taken: String,
    pub escalation_wording: String,
    pub leaflet_enclosed: bool,
    pub feedback_form_enclosed: bool,
}

impl DraftForm {
    fn content(&self) -> Result<DraftContent> {
        let outcome = match self.outcome.trim() {
            "" => None,
            raw => Some(raw.parse::<Outcome>().map_err(|_| {
                AppError::field(
                    "outcome",
                    format!("\"{raw}\" is not an outcome: choose substantiated, partially substantiated or not substantiated"),
                )
            })?),
        };
        Ok(DraftContent {
            points: self.points.iter().filter(|p| !p.point.trim().is_empty() || !p.answer.trim().is_empty()).cloned().collect(),
            investigation_and_findings: self.investigation_and_findings.clone(),
            outcome,
            action_to_be_taken: self.action_to_be_taken.clone(),
            escalation_wording: self.escalation_wording.clone(),
            leaflet_enclosed: self.leaflet_enclosed,
            feedback_form_enclosed: self.feedback_form_enclosed,
        })
    }
}

/// The response loaded with its complaint, inside one transaction.
struct Drafting {
    loaded: Loaded,
    number: u32,
    stored: Option<ResponseRecord>,
}

async fn load_response(app: &App, actor: &Actor, id: i64, part: &str, roles: Roles) -> Result<Drafting> {
    let number = part_number(part)?;
    let mut loaded = load(app, actor, id, roles).await?;
    part_of(&loaded.record, number)?;
    let stored = responses::get(&mut loaded.work.tx, id, number).await?;
    Ok(Drafting { loaded, number, stored })
}

impl Drafting {
    fn response(&self) -> Result<&ResponseRecord> {
        self.stored
            .as_ref()
            .ok_or_else(|| AppError::field("stage", format!("The response to part {} has not been drafted yet", self.number)))
    }

    /// Lets the response's state machine decide and saves it with its audit event.
    async fn decide(&mut self, command: ResponseCommand) -> Result<(Response, ResponseEvent)> {
        let stored = self.response()?.clone();
        let now = self.loaded.work.now;
        let (next, event) = decide(&stored.response, command, now).map_err(|r| AppError::Invalid(r.field_errors()))?;
        responses::update(&mut self.loaded.work.tx, self.number, stored.version, &next, now).await.map_err(stale)?;
        self.record(&event);
        self.stored = Some(ResponseRecord { response: next.clone(), version: stored.version + 1, updated_at: now, ..stored });
        Ok((next, event))
    }

    fn record(&mut self, event: &ResponseEvent) {
        let id = self.loaded.record.id;
        self.loaded.work.record(event.action(), "complaint", Some(id.to_string()), format!("Part {}: {}", self.number, event.summary()));
    }
}

fn stale(e: StoreError) -> AppError {
    match e {
        StoreError::StaleVersion => AppError::StaleEdit("the response"),
        other => other.into(),
    }
}

/// Saves the draft (incomplete drafts are allowed; the checklist shows the
/// gaps). The first save starts the response from the procedure's
/// escalation wording and records on the complaint that it is drafted.
pub async fn save_draft(app: &App, actor: &Actor, id: i64, form: &DraftForm) -> Result<PartResponse> {
    let content = form.content()?;
    let mut d = load_response(app, actor, id, &form.part, Roles::COMPLAINT_READERS).await?;
    let part = part_of(&d.loaded.record, d.number)?;
    check_responder(actor, &part)?;
    let by = staff(actor);
    if d.stored.is_none() {
        let step = escalation_step(&d.loaded.procedure, &d.loaded.record, &part).ok_or_else(|| {
            AppError::field("escalation_wording", "The procedure names no escalation route for this part's category and nation")
        })?;
        let now = d.loaded.work.now;
        let (response, event) = Response::start(id, by, &step, now);
        responses::insert(&mut d.loaded.work.tx, d.number, &response, now).await?;
        d.record(&event);
        d.stored = Some(ResponseRecord { complaint_id: id, part: d.number, response, updated_at: now, version: 1 });
    }
    // The complaint keeps the order draft, approve, send; a draft returned
    // with comments is still "drafted" there.
    if matches!(part.response, ResponseStage::NotStarted) {
        d.loaded.apply(Command::DraftResponse { by: by.user_id, part: d.number }).await?;
    }
    d.decide(ResponseCommand::Revise { by, content }).await?;
    d.loaded.finish().await?;
    read_response(app, actor, id, &d.number.to_string()).await
}

/// Submits the draft for quality assurance; a draft with gaps is refused, each gap named.
pub async fn submit(app: &App, actor: &Actor, id: i64, part: &str) -> Result<PartResponse> {
    let mut d = load_response(app, actor, id, part, Roles::COMPLAINT_READERS).await?;
    check_responder(actor, &part_of(&d.loaded.record, d.number)?)?;
    d.decide(ResponseCommand::Submit).await?;
    let number = d.number;
    d.loaded.finish().await?;
    read_response(app, actor, id, &number.to_string()).await
}

/// A reviewer's return, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnForm {
    pub part: String,
    pub comments: String,
}

/// Approves the draft: the reviewer must be strictly more senior than its author.
pub async fn approve(app: &App, actor: &Actor, id: i64, part: &str) -> Result<PartResponse> {
    let mut d = load_response(app, actor, id, part, Roles::RESPONSE_APPROVERS).await?;
    d.decide(ResponseCommand::Approve { reviewer: staff(actor) }).await?;
    let by = d.loaded.by();
    d.loaded.apply(Command::ApproveResponse { by, part: d.number }).await?;
    let number = d.number;
    d.loaded.finish().await?;
    read_response(app, actor, id, &number.to_string()).await
}

/// Returns the draft to its author with comments; the same sign-off rule applies.
pub async fn return_draft(app: &App, actor: &Actor, id: i64, form: &ReturnForm) -> Result<PartResponse> {
    let mut d = load_response(app, actor, id, &form.part, Roles::RESPONSE_APPROVERS).await?;
    d.decide(ResponseCommand::Return { reviewer: staff(actor), comments: form.comments.clone() }).await?;
    let number = d.number;
    d.loaded.finish().await?;
    read_response(app, actor, id, &number.to_string()).await
}

/// Sending, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendForm {
    pub part: String,
    /// YYYY-MM-DD; blank for today.
    pub on: String,
}

/// Sends the approved response: records the response date and outcome on
/// the response and the complaint (its clocks stop), closes the part, and
/// closes the complaint when no part is left open.
pub async fn send(app: &App, actor: &Actor, id: i64, form: &SendForm) -> Result<PartResponse> {
    let mut errors = FieldErrors::new();
    let on = if form.on.trim().is_empty() { None } else { date_field(&form.on, "on", "the date sent", &mut errors) };
    errors.into_result(())?;
    let mut d = load_response(app, actor, id, &form.part, Roles::COMPLAINT_READERS).await?;
    check_responder(actor, &part_of(&d.loaded.record, d.number)?)?;
    let on = on.unwrap_or_else(|| london_date(d.loaded.work.now));
    let (sent, _) = d.decide(ResponseCommand::Send { on }).await?;
    let outcome = sent.sent().map(|(_, o)| o).ok_or_else(|| AppError::Internal("a sent response has an outcome".into()))?;
    d.decide(ResponseCommand::RecordOutcome { on, outcome }).await?;
    let (by, part) = (d.loaded.by(), d.number);
    d.loaded.apply(Command::SendResponse { by, part }).await?;
    d.loaded.apply(Command::RecordOutcome { by, part, outcome }).await?;
    d.loaded.apply(Command::ClosePart { by, part }).await?;
    if d.loaded.record.complaint.open_parts().is_empty() {
        d.loaded.apply(Command::Close { by }).await?;
    }
    d.loaded.finish().await?;
    read_response(app, actor, id, &part.to_string()).await
}
