//! Ex-gratia payments and non-financial redress: proposal, the complaints
//! unit's agreement (non-financial), offer, answer, payment and receipt,
//! and the register. Offers, acceptances and payments the complaints unit
//! must hear of become a task for a compliance officer (the unit's staff).

use super::{add_task, choice, complaint, date, readable, someone_with, stale};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::{Role, Roles};
use casebook_domain::complaints::ex_gratia::{
    ExGratia, ExGratiaCommand, ExGratiaEvent, Kind, PaidSummary, Proposal, Redress, RegisterRow, decide, propose, summarise,
};
use casebook_domain::tasks::TaskKind;
use casebook_store::aftercare::{self as store, Stored};
use casebook_store::tasks::NewTask;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    /// financial or non-financial.
    pub kind: String,
    /// In pounds, e.g. `150` or `150.25` (financial).
    pub amount: String,
    /// What is offered (non-financial).
    pub description: String,
    pub rationale: String,
}

/// Pounds as typed (`£1,250.50`) in pence.
pub fn parse_pounds(raw: &str) -> Result<u64> {
    let cleaned: String = raw.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let bad = || AppError::field("amount", format!("\"{}\" is not an amount in pounds, e.g. 150 or 150.25", raw.trim()));
    if cleaned.is_empty() {
        return Err(AppError::field("amount", "Enter the amount in pounds"));
    }
    let (whole, pence) = cleaned.split_once('.').unwrap_or((&cleaned, "0"));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || pence.len() > 2 || !pence.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    let pence: u64 = format!("{pence:0<2}").parse().map_err(|_| bad())?;
    whole.checked_mul(100).and_then(|p| p.checked_add(pence)).ok_or_else(bad)
}

/// Proposes a payment or non-financial redress on a complaint.
pub async fn propose_payment(app: &App, actor: &Actor, complaint_id: i64, form: &ProposeForm) -> Result<Stored<ExGratia>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let kind: Kind = choice("kind", &form.kind, "kind of redress")?;
    let redress = match kind {
        Kind::Financial => Redress::Financial { amount_pence: parse_pounds(&form.amount)? },
        Kind::NonFinancial => Redress::NonFinancial { description: form.description.clone() },
    };
    let mut work = app.begin(actor).await?;
    let record = complaint(&mut work, complaint_id).await?;
    let proposal = Proposal {
        complaint_id,
        site_id: record.complaint.receipt.site_id,
        redress,
        rationale: form.rationale.clone(),
        proposed_by: actor.user_id.unwrap_or(0),
    };
    let (payment, event) = propose(proposal, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    let id = store::insert_ex_gratia(&mut work.tx, &payment, now).await?;
    after(&mut work, id, &payment, &event).await?;
    let stored = store::ex_gratia(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(stored)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// agree, not-offered, offer, accept, decline, pay or receipt.
    pub step: String,
    /// YYYY-MM-DD.
    pub on: String,
    /// The payment's reference (pay).
    pub reference: String,
    /// Why it is not offered (not-offered).
    pub reason: String,
}

impl StepForm {
    fn command(&self, by: i64) -> Result<ExGratiaCommand> {
        let on = || date("on", &self.on, "the date");
        Ok(match self.step.trim() {
            "agree" => ExGratiaCommand::RecordAgreement { by, on: on()? },
            "not-offered" => ExGratiaCommand::DecideNotToOffer { reason: self.reason.clone() },
            "offer" => ExGratiaCommand::Offer { on: on()? },
            "accept" => ExGratiaCommand::Accept { on: on()? },
            "decline" => ExGratiaCommand::Decline { on: on()? },
            "pay" => ExGratiaCommand::RecordPayment { on: on()?, reference: self.reference.clone() },
            "receipt" => ExGratiaCommand::RecordReceipt { on: on()? },
            "" => return Err(AppError::field("step", "Choose what to record")),
            other => return Err(AppError::field("step", format!("\"{other}\" is not a step of an ex-gratia payment"))),
        })
    }
}

/// One payment, if the actor may see its complaint.
pub async fn payment(app: &App, actor: &Actor, id: i64) -> Result<Stored<ExGratia>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut work = app.begin(actor).await?;
    let stored = store::ex_gratia(&mut work.tx, id).await.map_err(|_| AppError::NotFound("ex-gratia payment"))?;
    complaint(&mut work, stored.state.complaint_id).await.map_err(|_| AppError::NotFound("ex-gratia payment"))?;
    work.commit().await?;
    Ok(stored)
}

/// Records the next step of a payment.
pub async fn record_step(app: &App, actor: &Actor, id: i64, form: &StepForm) -> Result<Stored<ExGratia>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let command = form.command(actor.user_id.unwrap_or(0))?;
    let mut work = app.begin(actor).await?;
    let stored = store::ex_gratia(&mut work.tx, id).await.map_err(|_| AppError::NotFound("ex-gratia payment"))?;
    complaint(&mut work, stored.state.complaint_id).await.map_err(|_| AppError::NotFound("ex-gratia payment"))?;
    let (next, event) = decide(&stored.state, command, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    store::update_ex_gratia(&mut work.tx, id, stored.version, &next, now).await.map_err(stale("the ex-gratia payment"))?;
    after(&mut work, id, &next, &event).await?;
    let stored = store::ex_gratia(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(stored)
}

/// The audit event, and a task for the complaints unit when it must be told.
async fn after(work: &mut Work, id: i64, payment: &ExGratia, event: &ExGratiaEvent) -> Result<()> {
    let summary = format!("ex-gratia payment {id} on complaint {}: {}", payment.complaint_id, payment.status().label());
    work.record(event.action(), "ex_gratia", Some(id.to_string()), summary);
    if event.tells_complaints_unit()
        && let Some(officer) = someone_with(work, Role::ComplianceOfficer, Some(payment.site_id)).await?
    {
        let task = NewTask {
            assignee_id: officer,
            kind: TaskKind::ExGratiaNotice,
            title: format!("Ex-gratia payment {id}: {}", payment.status().label()),
            detail: format!("Complaint {}: the complaints unit is told of this step (para 56).", payment.complaint_id),
            person_id: None,
            contact_id: None,
            created_by: work.actor().user_id,
        };
        let task_id = add_task(work, &task).await?;
        work.record("ex_gratia.complaints_unit_told", "ex_gratia", Some(id.to_string()), format!("task {task_id} for user {officer}"));
    }
    Ok(())
}

/// The register: one line per payment the actor may see, and the money paid.
pub struct Register {
    pub rows: Vec<(i64, RegisterRow)>,
    pub paid: PaidSummary,
}

/// The ex-gratia register, oldest first; payments on complaints the actor
/// may not read are left out. `complaint_id` narrows to one complaint.
pub async fn register(app: &App, actor: &Actor, complaint_id: Option<i64>) -> Result<Register> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut tx = app.db.read().await?;
    let all = store::ex_gratia_payments(&mut tx, complaint_id).await?;
    let ids: Vec<i64> = all.iter().map(|p| p.state.complaint_id).collect();
    let may = readable(&mut tx, actor, &ids).await?;
    let rows: Vec<(i64, RegisterRow)> =
        all.iter().filter(|p| may.get(&p.state.complaint_id).copied().unwrap_or(false)).map(|p| (p.id, p.state.register_row())).collect();
    let paid = summarise(rows.iter().map(|(_, r)| r));
    Ok(Register { rows, paid })
}
