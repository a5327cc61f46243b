//! Escalation to an ombudsman and its outcome: the body must be on the
//! escalation route for the complaint's category and nation.

use super::{choice, complaint, date, stale};
use crate::complaints::procedure_of;
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::complaint::Complaint;
use casebook_domain::complaints::ombudsman::{AfterResponse, EscalationCommand, EscalationState, decide};
use casebook_domain::complaints::parts::ResponseStage;
use casebook_store::aftercare as store;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// What a step on an escalation says, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EscalationForm {
    /// escalate, reference, outcome or recommendation.
    pub step: String,
    /// The body's key, e.g. `prisons-and-probation-ombudsman` (escalate).
    pub body: String,
    /// YYYY-MM-DD (escalate, outcome, recommendation).
    pub on: String,
    /// The MP who referred it, on a route through an MP.
    pub mp: String,
    pub reference: String,
    /// upheld, partly-upheld, not-upheld, declined-to-investigate, withdrawn.
    pub outcome: String,
    pub recommendation: String,
}

/// When the complaint was answered: the last response sent, if any.
pub(crate) fn responded_on(c: &Complaint) -> Option<Date> {
    c.parts
        .iter()
        .filter_map(|p| match p.response {
            ResponseStage::Sent { at } => Some(at),
            _ => None,
        })
        .max()
        .map(london_date)
}

impl EscalationForm {
    fn command(&self) -> Result<EscalationCommand> {
        let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
        Ok(match self.step.trim() {
            "escalate" => EscalationCommand::Escalate {
                body: choice("body", &self.body, "ombudsman")?,
                on: date("on", &self.on, "the date of the escalation")?,
                mp: text(&self.mp),
                reference: text(&self.reference),
            },
            "reference" => EscalationCommand::RecordReference { reference: self.reference.clone() },
            "outcome" => EscalationCommand::RecordOutcome {
                outcome: choice("outcome", &self.outcome, "ombudsman outcome")?,
                on: date("on", &self.on, "the date of the outcome")?,
            },
            "recommendation" => {
                EscalationCommand::RecordRecommendation { text: self.recommendation.clone(), on: date("on", &self.on, "the date")? }
            }
            "" => return Err(AppError::field("step", "Choose what to record")),
            other => {
                return Err(AppError::field("step", format!("\"{other}\" is not a step: escalate, reference, outcome or recommendation")));
            }
        })
    }
}

/// A complaint's escalations; investigators may read them too.
pub async fn escalations(app: &App, actor: &Actor, complaint_id: i64) -> Result<EscalationState> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    complaint(&mut work, complaint_id).await?;
    let (state, _) = store::escalations(&mut work.tx, complaint_id).await?;
    work.commit().await?;
    Ok(state)
}

/// Records one step of an escalation.
pub async fn record(app: &App, actor: &Actor, complaint_id: i64, form: &EscalationForm) -> Result<EscalationState> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let command = form.command()?;
    let mut work = app.begin(actor).await?;
    let record = complaint(&mut work, complaint_id).await?;
    let procedure = procedure_of(&mut work.tx, &record).await?;
    let category = record.complaint.triage.as_ref().map(|t| t.category.clone()).unwrap_or_default();
    let route = procedure
        .escalation_route(&category, record.complaint.site.nation)
        .map_err(|e| AppError::field("body", format!("This complaint has no escalation route: {e}")))?;
    let (state, version) = store::escalations(&mut work.tx, complaint_id).await?;
    let facts = AfterResponse { responded_on: responded_on(&record.complaint), route: &route.escalation };
    let (next, event) = decide(&state, command, facts, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    store::save_escalations(&mut work.tx, complaint_id, version, &next, now).await.map_err(stale("the escalation"))?;
    let summary = serde_json::to_string(&event).unwrap_or_default();
    work.record(event.action(), "complaint", Some(complaint_id.to_string()), summary);
    work.commit().await?;
    Ok(next)
}
