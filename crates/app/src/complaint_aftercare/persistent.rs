//! Persistent complainants: a recorded, approved decision to end
//! correspondence about one concluded complaint. Later letters on that
//! matter are read and acknowledged or filed, unless they bring fresh
//! evidence, which reopens it. The right to complain is never withdrawn:
//! nothing here refuses a new complaint.

use super::{complaint, date, id, stale};
use crate::{Actor, App, AppError, Result, Work};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::complaint::State;
use casebook_domain::complaints::persistent::{
    ConcludedMatter, CorrespondenceState, LaterLetter, PersistentCommand, PersistentEvent, Staff, decide,
};
use casebook_store::aftercare::{self as store, LetterRow, Stored};
use casebook_store::users;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposeForm {
    /// The complainant's person record number.
    pub person: String,
    pub reason: String,
    /// YYYY-MM-DD, after today.
    pub review_on: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    /// approve, decline, review, lift or letter.
    pub step: String,
    pub reason: String,
    pub note: String,
    /// The next review date (review).
    pub next_review: String,
    /// When a later letter arrived (letter).
    pub received_on: String,
    /// A note of the fresh evidence it brings, which reopens the matter (letter).
    pub fresh_evidence: String,
    /// Acknowledge the letter before filing it (letter).
    pub acknowledge: bool,
}

async fn staff(work: &mut Work) -> Result<Staff> {
    let user_id = work.actor().user_id.ok_or(AppError::Forbidden)?;
    let user = users::get(&mut work.tx, user_id).await?;
    Ok(Staff { user_id, grade: user.grade })
}

/// What a proposal may be made about: the complaint's complainants, and
/// whether it has concluded (only then may correspondence about it end).
pub struct Matter {
    pub concluded: bool,
    pub complainants: Vec<i64>,
}

/// The complaint as a matter correspondence could end about.
pub async fn matter_of(app: &App, actor: &Actor, complaint_id: i64) -> Result<Matter> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut work = app.begin(actor).await?;
    let record = complaint(&mut work, complaint_id).await?;
    work.commit().await?;
    let complaint = &record.complaint;
    Ok(Matter { concluded: concluded_at(&complaint.state).is_some(), complainants: complaint.receipt.complainants.person_ids() })
}

/// When the complaint concluded. A withdrawn complaint is concluded too:
/// the complainant ended it.
fn concluded_at(state: &State) -> Option<jiff::Timestamp> {
    match state {
        State::Closed { at, .. } | State::Withdrawn { at, .. } => Some(*at),
        _ => None,
    }
}

/// Proposes ending correspondence about a concluded complaint.
pub async fn propose(app: &App, actor: &Actor, complaint_id: i64, form: &ProposeForm) -> Result<Stored<CorrespondenceState>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let person_id = id("person", &form.person, "the complainant's record number")?;
    let review_on = date("review_on", &form.review_on, "the review date")?;
    let mut work = app.begin(actor).await?;
    let record = complaint(&mut work, complaint_id).await?;
    let at = concluded_at(&record.complaint.state)
        .ok_or_else(|| AppError::field("complaint", "The complaint has not concluded, so correspondence about it cannot end"))?;
    let by = staff(&mut work).await?;
    let matter = ConcludedMatter { complaint_id, concluded_on: london_date(at) };
    let command = PersistentCommand::Propose { person_id, matter, reason: form.reason.clone(), by, review_on };
    let (state, event) =
        decide(&CorrespondenceState::NoDecision, command, work.now).map_err(|e| AppError::field(e.field(), e.to_string()))?;
    let now = work.now;
    let id = store::insert_correspondence(&mut work.tx, person_id, complaint_id, &state, now).await.map_err(|e| match e {
        casebook_store::StoreError::Conflict { .. } => {
            AppError::field("person", format!("There is no person with the record number {person_id}"))
        }
        other => other.into(),
    })?;
    audit(&mut work, id, complaint_id, &event);
    let stored = store::correspondence(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(stored)
}

fn audit(work: &mut Work, id: i64, complaint_id: i64, event: &PersistentEvent) {
    work.record(event.action(), "complaint", Some(complaint_id.to_string()), format!("correspondence decision {id}"));
}

/// Approves or declines a proposal (managers and senior reviewers), or
/// reviews, lifts or records a later letter under a decision in force.
pub async fn record_step(app: &App, actor: &Actor, id: i64, form: &StepForm) -> Result<Stored<CorrespondenceState>> {
    let step = form.step.trim();
    let roles = if matches!(step, "approve" | "decline") { Roles::CORRESPONDENCE_APPROVERS } else { Roles::COMPLAINT_HANDLERS };
    actor.require(roles)?;
    let mut work = app.begin(actor).await?;
    let stored = store::correspondence(&mut work.tx, id).await.map_err(|_| AppError::NotFound("decision"))?;
    let complaint_id = matter(&stored.state).ok_or(AppError::NotFound("decision"))?;
    complaint(&mut work, complaint_id).await.map_err(|_| AppError::NotFound("decision"))?;
    let by = staff(&mut work).await?;
    let command = match step {
        "approve" => PersistentCommand::Approve { by },
        "decline" => PersistentCommand::Decline { by, reason: form.reason.clone() },
        "review" => PersistentCommand::Review {
            by,
            note: form.note.clone(),
            next_review: date("next_review", &form.next_review, "the next review date")?,
        },
        "lift" => PersistentCommand::Lift { by, reason: form.reason.clone() },
        "letter" => PersistentCommand::RecordLetter {
            letter: LaterLetter {
                complaint_id,
                received_on: date("received_on", &form.received_on, "the date the letter arrived")?,
                fresh_evidence: (!form.fresh_evidence.trim().is_empty()).then(|| form.fresh_evidence.clone()),
                acknowledge: form.acknowledge,
            },
        },
        "" => return Err(AppError::field("step", "Choose what to record")),
        other => return Err(AppError::field("step", format!("\"{other}\" is not a step of a decision to end correspondence"))),
    };
    let (next, event) = decide(&stored.state, command, work.now).map_err(|e| {
        // A review's date is the form's next review date, not the proposal's.
        let field = match (step, e.field()) {
            ("review", "review_on") => "next_review",
            (_, field) => field,
        };
        AppError::field(field, e.to_string())
    })?;
    let now = work.now;
    store::update_correspondence(&mut work.tx, id, stored.version, &next, now).await.map_err(stale("the decision"))?;
    let handling = match &event {
        PersistentEvent::LetterAcknowledgedAndFiled { received_on } => Some(("acknowledged-and-filed", *received_on)),
        PersistentEvent::LetterFiled { received_on } => Some(("filed", *received_on)),
        PersistentEvent::MatterReopened { received_on } => Some(("reopened", *received_on)),
        _ => None,
    };
    if let Some((handling, received_on)) = handling {
        let letter = LetterRow {
            decision_id: id,
            received_on,
            handling: handling.into(),
            fresh_evidence: (handling == "reopened").then(|| form.fresh_evidence.trim().to_owned()),
            recorded_by: actor.user_id,
            recorded_at: now,
        };
        store::insert_letter(&mut work.tx, &letter).await?;
    }
    audit(&mut work, id, complaint_id, &event);
    let stored = store::correspondence(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(stored)
}

/// The complaint a decision covers.
pub fn matter(state: &CorrespondenceState) -> Option<i64> {
    match state {
        CorrespondenceState::NoDecision => None,
        CorrespondenceState::Proposed(p) => Some(p.matter.complaint_id),
        CorrespondenceState::InForce(d) | CorrespondenceState::Ended { decision: d, .. } => Some(d.proposal.matter.complaint_id),
    }
}

/// One decision with the letters recorded under it.
pub struct DecisionLine {
    pub decision: Stored<CorrespondenceState>,
    pub complaint_id: Option<i64>,
    pub letters: Vec<LetterRow>,
}

/// Every decision (or one complaint's), oldest first, leaving out those on
/// complaints the actor may not read. Declined proposals stay listed.
pub async fn decisions(app: &App, actor: &Actor, complaint_id: Option<i64>) -> Result<Vec<DecisionLine>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut tx = app.db.read().await?;
    let all = store::correspondence_decisions(&mut tx, complaint_id).await?;
    let mut lines = Vec::new();
    for decision in all {
        let complaint_id = matter(&decision.state);
        if let Some(cid) = complaint_id
            && !super::readable(&mut tx, actor, &[cid]).await?.get(&cid).copied().unwrap_or(false)
        {
            continue;
        }
        let letters = store::letters(&mut tx, decision.id).await?;
        lines.push(DecisionLine { decision, complaint_id, letters });
    }
    Ok(lines)
}
