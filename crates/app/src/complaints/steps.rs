//! The steps of the journey after receipt, each one use case: load the
//! complaint (refusing a sealed one to those it is not open to), check
//! what the domain cannot (users exist, a manager is on duty), let the
//! domain decide, save state, events and audit together.

use super::{access, not_found, procedure_of, site_calendar};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::{Role, Roles};
use casebook_domain::calendar::WorkingCalendar;
use casebook_domain::complaints::Procedure;
use casebook_domain::complaints::complaint::{Command, Event, Happened, decide};
use casebook_domain::complaints::deadline_index::indexed_clocks;
use casebook_domain::complaints::triage::{OutOfTimeDecision, ReferralInput, TriageInput};
use casebook_domain::complaints::withdrawal::{Withdraw, WithdrawalMethod};
use casebook_domain::tasks::TaskKind;
use casebook_domain::validation::FieldErrors;
use casebook_store::complaints::{self as store, ComplaintRecord};
use casebook_store::tasks::{self, NewTask};
use casebook_store::{StoreError, users};
use serde::{Deserialize, Serialize};

/// A complaint loaded for a change, inside its transaction.
pub(super) struct Loaded {
    pub(super) work: Work,
    pub(super) record: ComplaintRecord,
    pub(super) procedure: Procedure,
    pub(super) calendar: WorkingCalendar,
}

pub(super) async fn load(app: &App, actor: &Actor, id: i64, roles: Roles) -> Result<Loaded> {
    actor.require(roles)?;
    let mut work = app.begin(actor).await?;
    let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
    access::check_read(actor, &record.complaint)?;
    let procedure = procedure_of(&mut work.tx, &record).await?;
    let calendar = site_calendar(&mut work.tx, record.complaint.receipt.site_id).await?;
    Ok(Loaded { work, record, procedure, calendar })
}

impl Loaded {
    pub(super) fn by(&self) -> i64 {
        self.work.actor().user_id.unwrap_or(0)
    }

    /// Lets the domain decide and saves the outcome; nothing is saved on a refusal.
    pub(super) async fn apply(&mut self, command: Command) -> Result<Vec<Event>> {
        let now = self.work.now;
        let (next, events) = decide(&self.record.complaint, command, now, &self.procedure, &self.calendar)
            .map_err(|rejection| AppError::Invalid(rejection.field_errors()))?;
        let deadlines = indexed_clocks(&self.procedure, &self.calendar, &next);
        store::update(&mut self.work.tx, self.record.id, self.record.version, &next, &events, &deadlines, now).await.map_err(
            |e| match e {
                StoreError::StaleVersion => AppError::StaleEdit("the complaint"),
                other => other.into(),
            },
        )?;
        // A use case may apply several commands in its one transaction.
        self.record.complaint = next;
        self.record.version += 1;
        for event in &events {
            // Reasons and notes stay on the complaint; the trail names the step.
            self.work.record(
                &format!("complaint.{}", action(&event.what)),
                "complaint",
                Some(self.record.id.to_string()),
                event.what.summary(),
            );
        }
        Ok(events)
    }

    pub(super) async fn finish(mut self) -> Result<ComplaintRecord> {
        let record = store::get(&mut self.work.tx, self.record.id).await?;
        self.work.commit().await?;
        Ok(record)
    }
}

/// The audit action for an event: its kind, e.g. `allocated`.
fn action(what: &Happened) -> String {
    serde_json::to_value(what)
        .ok()
        .and_then(|v| v.get("event").and_then(|k| k.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "changed".into())
}

async fn simple(app: &App, actor: &Actor, id: i64, roles: Roles, command: impl FnOnce(i64) -> Command) -> Result<ComplaintRecord> {
    let mut loaded = load(app, actor, id, roles).await?;
    let by = loaded.by();
    loaded.apply(command(by)).await?;
    loaded.finish().await
}

pub(super) fn part_number(raw: &str) -> Result<u32> {
    match raw.trim() {
        "" => Err(AppError::field("part", "Choose the part")),
        raw => raw.parse::<u32>().map_err(|_| AppError::field("part", format!("\"{raw}\" is not a part number"))),
    }
}

/// An investigator must be an active user who can read complaints.
async fn check_investigator(work: &mut Work, raw: &str, errors: &mut FieldErrors) -> Result<i64> {
    let Ok(id) = raw.trim().parse::<i64>() else {
        errors.add("investigator", "Choose the investigator");
        return Ok(0);
    };
    match users::get(&mut work.tx, id).await {
        Ok(u) if u.active && u.roles.intersects(Roles::COMPLAINT_READERS) => {}
        Ok(_) | Err(StoreError::NotFound) => errors
            .add("investigator", format!("There is no active member of staff who can investigate complaints with the record number {id}")),
        Err(other) => return Err(other.into()),
    }
    Ok(id)
}

/// Records that the complaint's translation has arrived.
pub async fn record_translation(app: &App, actor: &Actor, id: i64) -> Result<ComplaintRecord> {
    simple(app, actor, id, Roles::COMPLAINT_HANDLERS, |by| Command::RecordTranslation { by }).await
}

/// What the clerk chooses at triage, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageForm {
    pub category: String,
    pub subcategory: String,
    /// For a late complaint the unit may judge: `accept` or `refuse`.
    pub out_of_time: String,
    pub out_of_time_reason: String,
    /// Key of the out-of-scope matter the complaint is about, if any.
    pub out_of_scope: String,
    /// Keys of urgent matters raised.
    pub urgent: Vec<String>,
    pub referrals: Vec<ReferralInput>,
}

impl TriageForm {
    fn input(&self) -> Result<TriageInput> {
        let blank = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        let out_of_time = match self.out_of_time.trim() {
            "" => None,
            "accept" => Some(OutOfTimeDecision { accept: true, reason: self.out_of_time_reason.clone() }),
            "refuse" => Some(OutOfTimeDecision { accept: false, reason: self.out_of_time_reason.clone() }),
            other => return Err(AppError::field("out_of_time", format!("\"{other}\" is not a decision: choose accept or refuse"))),
        };
        Ok(TriageInput {
            category: self.category.trim().to_owned(),
            subcategory: blank(&self.subcategory),
            out_of_time,
            out_of_scope: blank(&self.out_of_scope),
            urgent: self.urgent.iter().filter_map(|u| blank(u)).collect(),
            referrals: self.referrals.iter().filter(|r| !r.trigger.trim().is_empty()).cloned().collect(),
        })
    }
}

/// Triages a received complaint. An urgent matter is escalated at once: the
/// duty manager (an active manager at the complaint's site, else any) gets
/// a task, in the same transaction.
pub async fn triage(app: &App, actor: &Actor, id: i64, form: &TriageForm) -> Result<ComplaintRecord> {
    let input = form.input()?;
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_HANDLERS).await?;
    let by = loaded.by();
    let urgent = !input.urgent.is_empty();
    let manager = if urgent { Some(duty_manager(&mut loaded.work, loaded.record.complaint.receipt.site_id).await?) } else { None };
    let events = loaded.apply(Command::Triage { by, input }).await?;
    if let Some(manager) = manager {
        let escalations = events.iter().find_map(|e| match &e.what {
            Happened::Triaged { decision } => Some(decision.escalations.clone()),
            _ => None,
        });
        let matters: Vec<String> = escalations.unwrap_or_default().into_iter().map(|e| format!("{} (to {})", e.matter, e.to)).collect();
        let task = NewTask {
            assignee_id: manager,
            kind: TaskKind::ComplaintEscalation,
            title: format!("Urgent complaint {id}"),
            detail: format!("Escalated at triage: {}. Open /complaints/{id}.", matters.join(", ")),
            person_id: None,
            contact_id: None,
            created_by: actor.user_id,
        };
        let now = loaded.work.now;
        let task_id = tasks::insert(&mut loaded.work.tx, &task, now).await?;
        loaded.work.record(
            "complaint.escalated",
            "complaint",
            Some(id.to_string()),
            format!("escalated to manager {manager} (task {task_id})"),
        );
    }
    loaded.finish().await
}

async fn duty_manager(work: &mut Work, site_id: i64) -> Result<i64> {
    let managers: Vec<_> = users::list(&mut work.tx).await?.into_iter().filter(|u| u.active && u.roles.contains(Role::Manager)).collect();
    managers
        .iter()
        .find(|u| u.site_id == Some(site_id))
        .or_else(|| managers.first())
        .map(|u| u.id)
        .ok_or_else(|| AppError::field("urgent", "There is no active manager to escalate this urgent matter to"))
}

/// Records that the site forwarded the complaint to the allocation hub.
pub async fn forward_to_hub(app: &App, actor: &Actor, id: i64) -> Result<ComplaintRecord> {
    simple(app, actor, id, Roles::COMPLAINT_HANDLERS, |by| Command::ForwardToHub { by }).await
}

/// Logs a triaged complaint with the next reference of the procedure's format.
pub async fn log(app: &App, actor: &Actor, id: i64) -> Result<ComplaintRecord> {
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_HANDLERS).await?;
    let format = &loaded.procedure.reference_format;
    let scope = if format.sequence_per_site() { loaded.record.complaint.site.code.clone() } else { String::new() };
    let year = if format.sequence_per_year() {
        i64::from(casebook_domain::calendar::london_date(loaded.record.complaint.receipt.received_at).year())
    } else {
        0
    };
    // Refused steps roll back with the transaction, so no number is lost.
    if loaded.record.complaint.state.label() != "triaged" {
        return Err(AppError::field(
            "state",
            format!("The complaint is {}, so it cannot be logged", loaded.record.complaint.state.label()),
        ));
    }
    let sequence = store::next_sequence(&mut loaded.work.tx, &scope, year).await?;
    let by = loaded.by();
    loaded.apply(Command::Log { by, sequence }).await?;
    loaded.finish().await
}

/// A part to allocate, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AllocateForm {
    /// Blank for the first part: triage's category.
    pub category: String,
    pub subcategory: String,
    pub body: String,
    /// The named investigator's user id.
    pub investigator: String,
}

/// Allocates a part to a body and a named investigator; a second part splits the complaint.
pub async fn allocate(app: &App, actor: &Actor, id: i64, form: &AllocateForm) -> Result<ComplaintRecord> {
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_HANDLERS).await?;
    let mut errors = FieldErrors::new();
    let investigator = check_investigator(&mut loaded.work, &form.investigator, &mut errors).await?;
    errors.into_result(())?;
    let blank = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    let by = loaded.by();
    loaded
        .apply(Command::Allocate {
            by,
            category: blank(&form.category),
            subcategory: blank(&form.subcategory),
            body: form.body.trim().to_owned(),
            investigator,
        })
        .await?;
    loaded.finish().await
}

/// Sends a part for investigation.
pub async fn send_for_investigation(app: &App, actor: &Actor, id: i64, part: &str) -> Result<ComplaintRecord> {
    let part = part_number(part)?;
    simple(app, actor, id, Roles::COMPLAINT_HANDLERS, |by| Command::SendForInvestigation { by, part }).await
}

/// Acknowledges a part to the complainant: the complaints unit or the investigator.
pub async fn acknowledge(app: &App, actor: &Actor, id: i64, part: &str) -> Result<ComplaintRecord> {
    let part = part_number(part)?;
    simple(app, actor, id, Roles::COMPLAINT_READERS, |by| Command::Acknowledge { by, part }).await
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReallocateForm {
    pub part: String,
    pub body: String,
    pub investigator: String,
    pub reason: String,
}

/// Moves a part to another body or investigator, with the reason.
pub async fn reallocate(app: &App, actor: &Actor, id: i64, form: &ReallocateForm) -> Result<ComplaintRecord> {
    let part = part_number(&form.part)?;
    let mut loaded = load(app, actor, id, Roles::COMPLAINT_HANDLERS).await?;
    let mut errors = FieldErrors::new();
    let investigator = check_investigator(&mut loaded.work, &form.investigator, &mut errors).await?;
    errors.into_result(())?;
    let by = loaded.by();
    loaded.apply(Command::Reallocate { by, part, body: form.body.trim().to_owned(), investigator, reason: form.reason.clone() }).await?;
    loaded.finish().await
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecategoriseForm {
    pub part: String,
    pub category: String,
    pub subcategory: String,
    pub reason: String,
}

/// Changes a part's category with the reason (including professional
/// standards returning it for a local investigation).
pub async fn recategorise(app: &App, actor: &Actor, id: i64, form: &RecategoriseForm) -> Result<ComplaintRecord> {
    let part = part_number(&form.part)?;
    let subcategory = (!form.subcategory.trim().is_empty()).then(|| form.subcategory.trim().to_owned());
    let command =
        |by| Command::Recategorise { by, part, category: form.category.trim().to_owned(), subcategory, reason: form.reason.clone() };
    simple(app, actor, id, Roles::COMPLAINT_HANDLERS, command).await
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    /// `YYYY-MM-DD`: when the complainant withdrew.
    pub on: String,
    /// in-writing, orally, by-email or via-representative.
    pub method: String,
    pub representative: String,
    pub note: String,
}

impl WithdrawForm {
    fn command(&self) -> Result<Withdraw> {
        let mut errors = FieldErrors::new();
        let on = match self.on.trim() {
            "" => {
                errors.add("on", "Enter the date the complaint was withdrawn");
                None
            }
            raw => errors.check("on", raw.parse::<jiff::civil::Date>().map_err(|_| format!("\"{raw}\" is not a date: use YYYY-MM-DD"))),
        };
        let method = match self.method.trim() {
            "" => {
                errors.add("method", "Choose how the complaint was withdrawn");
                None
            }
            raw => errors.check("method", raw.parse::<WithdrawalMethod>()),
        };
        errors.into_result(())?;
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        match (on, method) {
            (Some(on), Some(method)) => Ok(Withdraw { on, method, representative: text(&self.representative), note: text(&self.note) }),
            _ => Err(AppError::Internal("withdrawal checked above".into())),
        }
    }
}

/// Records the complainant's withdrawal: the complaint closes without an
/// outcome and its clocks stop.
pub async fn withdraw(app: &App, actor: &Actor, id: i64, form: &WithdrawForm) -> Result<ComplaintRecord> {
    let withdrawal = form.command()?;
    simple(app, actor, id, Roles::COMPLAINT_HANDLERS, |by| Command::Withdraw { by, withdrawal }).await
}
