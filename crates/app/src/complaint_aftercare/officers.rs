//! Officers complained about: kept by name, number and employer (they need
//! not be users), named on complaints, and the finding recorded against
//! each. A finding that takes an officer to three or more substantiated
//! complaints in a rolling year raises a review task for a manager.

use super::{add_task, choice, complaint, date, id, readable, someone_with};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::{Role, Roles};
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::officers::{Finding, Officer, OfficerFinding, ReviewRule, at_or_over_threshold, newly_crossing};
use casebook_domain::tasks::TaskKind;
use casebook_store::StoreError;
use casebook_store::aftercare::officers::{self as store, Naming, OfficerRecord};
use casebook_store::tasks::NewTask;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficerForm {
    pub name: String,
    /// Staff or certification number.
    pub identifier: String,
    pub employer: String,
}

/// Adds an officer; the same number at the same employer is refused.
pub async fn add(app: &App, actor: &Actor, form: &OfficerForm) -> Result<OfficerRecord> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let officer = Officer::parse(&form.name, &form.identifier, &form.employer)?;
    let mut work = app.begin(actor).await?;
    let now = work.now;
    let id = store::insert(&mut work.tx, &officer, actor.user_id, now).await.map_err(|e| match e {
        StoreError::Conflict { .. } => AppError::field("identifier", "An officer with this number at this employer is already recorded"),
        other => other.into(),
    })?;
    work.record("officer.added", "officer", Some(id.to_string()), format!("{} ({})", officer.name, officer.employer));
    let record = store::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}

/// Every officer.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<OfficerRecord>> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut tx = app.db.read().await?;
    Ok(store::list(&mut tx).await?)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NameForm {
    /// The officer's record number.
    pub officer: String,
}

/// Names an officer on a complaint.
pub async fn name(app: &App, actor: &Actor, complaint_id: i64, form: &NameForm) -> Result<Vec<Naming>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let officer_id = id("officer", &form.officer, "the officer")?;
    let mut work = app.begin(actor).await?;
    complaint(&mut work, complaint_id).await?;
    store::get(&mut work.tx, officer_id)
        .await
        .map_err(|_| AppError::field("officer", format!("There is no officer with the record number {officer_id}")))?;
    let now = work.now;
    store::name(&mut work.tx, officer_id, complaint_id, actor.user_id, now).await.map_err(|e| match e {
        StoreError::Conflict { .. } => AppError::field("officer", "This officer is already named on this complaint"),
        other => other.into(),
    })?;
    work.record("officer.named", "complaint", Some(complaint_id.to_string()), format!("officer {officer_id} named"));
    let named = store::namings(&mut work.tx, Some(complaint_id)).await?;
    work.commit().await?;
    Ok(named)
}

/// The officers named on a complaint, with findings.
pub async fn named(app: &App, actor: &Actor, complaint_id: i64) -> Result<Vec<Naming>> {
    actor.require(Roles::COMPLAINT_READERS)?;
    let mut work = app.begin(actor).await?;
    complaint(&mut work, complaint_id).await?;
    let named = store::namings(&mut work.tx, Some(complaint_id)).await?;
    work.commit().await?;
    Ok(named)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FindingForm {
    pub officer: String,
    /// substantiated, partially-substantiated or not-substantiated.
    pub finding: String,
    /// YYYY-MM-DD: when the finding was made; not in the future.
    pub decided_on: String,
}

/// What recording a finding did: the complaint's officers now, and the
/// officers it took to the review threshold (each with a manager's task).
pub struct FindingRecorded {
    pub named: Vec<Naming>,
    pub reviews_raised: Vec<i64>,
}

/// Records the finding against a named officer. If it takes the officer
/// to the review threshold (counted on the day it is recorded), a manager
/// gets a review task in the same transaction.
pub async fn record_finding(app: &App, actor: &Actor, complaint_id: i64, form: &FindingForm) -> Result<FindingRecorded> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let officer_id = id("officer", &form.officer, "the officer")?;
    let finding: Finding = choice("finding", &form.finding, "finding")?;
    let decided_on = date("decided_on", &form.decided_on, "the date of the finding")?;
    let mut work = app.begin(actor).await?;
    let record = complaint(&mut work, complaint_id).await?;
    let today = london_date(work.now);
    if decided_on > today {
        return Err(AppError::field("decided_on", format!("The date, {decided_on}, is in the future")));
    }
    let all = store::namings(&mut work.tx, None).await?;
    if !all.iter().any(|n| n.officer_id == officer_id && n.complaint_id == complaint_id) {
        return Err(AppError::field("officer", "Name the officer on this complaint before recording a finding"));
    }
    let history: Vec<OfficerFinding> =
        all.iter().filter(|n| !(n.officer_id == officer_id && n.complaint_id == complaint_id)).filter_map(Naming::finding).collect();
    let new = OfficerFinding { officer_id, complaint_id, finding, decided_on };
    store::record_finding(&mut work.tx, &new).await?;
    work.record(
        "officer.finding_recorded",
        "complaint",
        Some(complaint_id.to_string()),
        format!("officer {officer_id}: {}", finding.label()),
    );
    let rule = ReviewRule::default();
    let reviews_raised = newly_crossing(&history, &[new], today, &rule);
    for &officer in &reviews_raised {
        let manager = someone_with(&mut work, Role::Manager, Some(record.complaint.receipt.site_id))
            .await?
            .ok_or_else(|| AppError::field("finding", "There is no active manager to review this officer's complaints"))?;
        let task = NewTask {
            assignee_id: manager,
            kind: TaskKind::OfficerReview,
            title: format!("Review officer {officer}"),
            detail: format!(
                "{} or more substantiated complaints in the {} days to {today}. Open /officers/threshold.",
                rule.threshold, rule.window_days
            ),
            person_id: None,
            contact_id: None,
            created_by: actor.user_id,
        };
        let task_id = add_task(&mut work, &task).await?;
        work.record("officer.review_raised", "officer", Some(officer.to_string()), format!("task {task_id} for manager {manager}"));
    }
    let named = store::namings(&mut work.tx, Some(complaint_id)).await?;
    work.commit().await?;
    Ok(FindingRecorded { named, reviews_raised })
}

/// One officer at or over the review threshold.
pub struct OverThreshold {
    pub officer: OfficerRecord,
    pub substantiated: u32,
}

/// Officers at or over the threshold today, highest count first. Findings
/// on complaints the actor may not read are not counted for them.
pub async fn at_or_over(app: &App, actor: &Actor) -> Result<Vec<OverThreshold>> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut tx = app.db.read().await?;
    let all = store::namings(&mut tx, None).await?;
    let ids: Vec<i64> = all.iter().filter(|n| n.finding.is_some()).map(|n| n.complaint_id).collect();
    let may = readable(&mut tx, actor, &ids).await?;
    let findings: Vec<OfficerFinding> =
        all.iter().filter(|n| may.get(&n.complaint_id).copied().unwrap_or(false)).filter_map(Naming::finding).collect();
    let mut over = Vec::new();
    for (officer_id, substantiated) in at_or_over_threshold(&findings, london_date(app.now()), &ReviewRule::default()) {
        over.push(OverThreshold { officer: store::get(&mut tx, officer_id).await?, substantiated });
    }
    Ok(over)
}
