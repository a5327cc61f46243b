//! An officer's certification through a serious-misconduct investigation
//! (seed 002 para 50): a manager suspends it pending the investigation, the
//! officer's appeal is recorded and decided by another manager, and at the
//! end a manager recommends reinstatement or revocation to the
//! certification team. One case per officer and complaint; the domain's
//! `officers::decide` says what may happen next.
//!
//! Roles: managers (the seed's HOIE managers) suspend, decide appeals and
//! recommend; complaint handlers read the cases and record an appeal lodged.

use super::{choice, complaint, date, id, readable, stale};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::calendar::london_date;
use casebook_domain::complaints::officers::{
    CertificationCase, CertificationCommand, CertificationError, CertificationStatus, Finding, OfficerFinding, Recommendation, ReviewRule,
    counts, decide,
};
use casebook_store::aftercare::Stored;
use casebook_store::aftercare::officers::{self as store, Naming, OfficerRecord};
use casebook_store::complaints::ComplaintRecord;
use casebook_store::{StoreError, Tx};
use serde::{Deserialize, Serialize};

/// Who suspends, decides appeals and recommends: managers (para 50).
pub const DECIDERS: Roles = Roles::MANAGERS;
/// Who reads the cases and records an appeal the officer has lodged.
pub const RECORDERS: Roles = Roles::COMPLAINT_HANDLERS;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuspendForm {
    /// The complaint under serious-misconduct investigation (its record number).
    pub complaint: String,
    /// YYYY-MM-DD.
    pub on: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppealForm {
    pub complaint: String,
    pub on: String,
    pub grounds: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppealDecisionForm {
    pub complaint: String,
    pub on: String,
    /// upheld (the suspension is lifted) or dismissed.
    pub decision: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendForm {
    pub complaint: String,
    pub on: String,
    /// substantiated, partially-substantiated or not-substantiated.
    pub finding: String,
    /// reinstate, reinstate-with-warning or revoke.
    pub recommendation: String,
    pub reason: String,
}

/// Suspends the officer's certification pending the complaint's
/// serious-misconduct investigation.
pub async fn suspend(app: &App, actor: &Actor, officer_id: i64, form: &SuspendForm) -> Result<Stored<CertificationCase>> {
    actor.require(DECIDERS)?;
    let on = date("on", &form.on, "the date of the suspension")?;
    let by = actor.user_id.unwrap_or(0);
    let reason = form.reason.clone();
    apply(app, actor, officer_id, &form.complaint, move |record| CertificationCommand::Suspend {
        on,
        by,
        reason,
        serious_misconduct: serious_misconduct(record),
    })
    .await
}

/// Records the officer's appeal against the suspension.
pub async fn lodge_appeal(app: &App, actor: &Actor, officer_id: i64, form: &AppealForm) -> Result<Stored<CertificationCase>> {
    actor.require(RECORDERS)?;
    let on = date("on", &form.on, "the date the appeal was lodged")?;
    let grounds = form.grounds.clone();
    apply(app, actor, officer_id, &form.complaint, move |_| CertificationCommand::LodgeAppeal { on, grounds }).await
}

/// Decides the appeal; the manager who suspended may not.
pub async fn decide_appeal(app: &App, actor: &Actor, officer_id: i64, form: &AppealDecisionForm) -> Result<Stored<CertificationCase>> {
    actor.require(DECIDERS)?;
    let upheld = match form.decision.trim() {
        "upheld" => true,
        "dismissed" => false,
        "" => return Err(AppError::field("decision", "Choose whether the appeal is upheld or dismissed")),
        other => return Err(AppError::field("decision", format!("\"{other}\" is not a decision: choose upheld or dismissed"))),
    };
    let on = date("on", &form.on, "the date of the decision")?;
    let (by, reason) = (actor.user_id.unwrap_or(0), form.reason.clone());
    apply(app, actor, officer_id, &form.complaint, move |_| CertificationCommand::DecideAppeal { on, by, upheld, reason }).await
}

/// Records the recommendation to the certification team at the end of the
/// investigation, which closes the case.
pub async fn recommend(app: &App, actor: &Actor, officer_id: i64, form: &RecommendForm) -> Result<Stored<CertificationCase>> {
    actor.require(DECIDERS)?;
    let finding: Finding = choice("finding", &form.finding, "finding")?;
    let recommendation = match form.recommendation.trim() {
        "reinstate" => Recommendation::Reinstate { warn_of_further_complaints: false },
        "reinstate-with-warning" => Recommendation::Reinstate { warn_of_further_complaints: true },
        "revoke" => Recommendation::Revoke,
        "" => return Err(AppError::field("recommendation", "Choose the recommendation")),
        other => return Err(AppError::field("recommendation", format!("\"{other}\" is not a known recommendation"))),
    };
    let on = date("on", &form.on, "the date of the recommendation")?;
    let (by, reason) = (actor.user_id.unwrap_or(0), form.reason.clone());
    apply(app, actor, officer_id, &form.complaint, move |_| CertificationCommand::Recommend { on, by, finding, recommendation, reason })
        .await
}

/// Para 50: suspension is only pending a serious-misconduct investigation,
/// which triage or an allocated part says the complaint is.
fn serious_misconduct(record: &ComplaintRecord) -> bool {
    const SERIOUS: &str = "serious-misconduct";
    let c = &record.complaint;
    c.triage.as_ref().is_some_and(|t| t.category == SERIOUS) || c.parts.iter().any(|p| p.category == SERIOUS)
}

/// Loads the officer, the complaint (which must name them) and the case,
/// lets the domain decide, and saves the case with its audit event.
async fn apply(
    app: &App,
    actor: &Actor,
    officer_id: i64,
    complaint_raw: &str,
    command: impl FnOnce(&ComplaintRecord) -> CertificationCommand,
) -> Result<Stored<CertificationCase>> {
    let complaint_id = id("complaint", complaint_raw, "the complaint's record number")?;
    let mut work = app.begin(actor).await?;
    officer(&mut work.tx, officer_id).await?;
    // A complaint the actor may not see is answered like one that does not exist.
    let record = complaint(&mut work, complaint_id).await.map_err(|e| match e {
        AppError::NotFound(_) => AppError::field("complaint", format!("There is no complaint with the record number {complaint_id}")),
        other => other,
    })?;
    let named = store::namings(&mut work.tx, Some(complaint_id)).await?;
    if !named.iter().any(|n| n.officer_id == officer_id) {
        return Err(AppError::field("complaint", "Name the officer on this complaint first"));
    }
    let existing = store::case_for(&mut work.tx, officer_id, complaint_id).await?;
    let state = existing.as_ref().map_or_else(|| CertificationCase::new(officer_id, complaint_id), |s| s.state.clone());
    let (next, event) = decide(&state, command(&record), work.now).map_err(refusal)?;
    let now = work.now;
    let case_id = match &existing {
        Some(s) => {
            store::update_case(&mut work.tx, s.id, s.version, &next, now).await.map_err(stale("the certification case"))?;
            s.id
        }
        None => store::insert_case(&mut work.tx, &next, now).await?,
    };
    work.record(
        event.action(),
        "officer",
        Some(officer_id.to_string()),
        format!("complaint {complaint_id}, case {case_id}: {}", status_label(next.status())),
    );
    let saved = store::case(&mut work.tx, case_id).await?;
    work.commit().await?;
    Ok(saved)
}

/// The domain's refusal as a field error; forms have no `by` or `status`
/// field, so those land on the fields a person would change.
fn refusal(e: CertificationError) -> AppError {
    let field = match e.field() {
        "by" => "decision",
        "status" => "complaint",
        other => other,
    };
    AppError::field(field, e.to_string())
}

async fn officer(tx: &mut Tx, officer_id: i64) -> Result<OfficerRecord> {
    store::get(tx, officer_id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::NotFound("officer"),
        other => other.into(),
    })
}

pub fn status_label(status: CertificationStatus) -> &'static str {
    match status {
        CertificationStatus::NotSuspended => "Not suspended",
        CertificationStatus::Suspended => "Suspended",
        CertificationStatus::AppealPending => "Suspended, appeal pending",
        CertificationStatus::SuspensionLiftedOnAppeal => "Suspension lifted on appeal",
        CertificationStatus::ReinstatementRecommended => "Reinstatement recommended",
        CertificationStatus::RevocationRecommended => "Revocation recommended",
    }
}

/// One officer's record: who they are, the complaints naming them, how
/// many were substantiated in the rolling year, and their certification
/// cases. Complaints the actor may not read are left out.
pub struct OfficerCertification {
    pub officer: OfficerRecord,
    pub named: Vec<Naming>,
    pub substantiated: u32,
    pub cases: Vec<Stored<CertificationCase>>,
}

impl OfficerCertification {
    /// The status now: the latest case's, or not suspended when there is none.
    pub fn status(&self) -> CertificationStatus {
        self.cases.last().map_or(CertificationStatus::NotSuspended, |c| c.state.status())
    }
}

pub async fn certification(app: &App, actor: &Actor, officer_id: i64) -> Result<OfficerCertification> {
    actor.require(RECORDERS)?;
    let mut tx = app.db.read().await?;
    let officer = officer(&mut tx, officer_id).await?;
    let all: Vec<Naming> = store::namings(&mut tx, None).await?.into_iter().filter(|n| n.officer_id == officer_id).collect();
    let cases = store::cases_of(&mut tx, officer_id).await?;
    let ids: Vec<i64> = all.iter().map(|n| n.complaint_id).chain(cases.iter().map(|c| c.state.complaint_id)).collect();
    let may = readable(&mut tx, actor, &ids).await?;
    let open = |complaint_id: &i64| may.get(complaint_id).copied().unwrap_or(false);
    let named: Vec<Naming> = all.into_iter().filter(|n| open(&n.complaint_id)).collect();
    let cases = cases.into_iter().filter(|c| open(&c.state.complaint_id)).collect();
    let findings: Vec<OfficerFinding> = named.iter().filter_map(Naming::finding).collect();
    let substantiated = counts(&findings, london_date(app.now()), &ReviewRule::default()).get(&officer_id).copied().unwrap_or(0);
    Ok(OfficerCertification { officer, named, substantiated, cases })
}

/// The certification status of each officer with a case, for the threshold report.
pub async fn statuses(app: &App, actor: &Actor, officer_ids: &[i64]) -> Result<Vec<(i64, CertificationStatus)>> {
    actor.require(RECORDERS)?;
    let mut tx = app.db.read().await?;
    let mut out = Vec::new();
    for &officer_id in officer_ids {
        let cases = store::cases_of(&mut tx, officer_id).await?;
        let ids: Vec<i64> = cases.iter().map(|c| c.state.complaint_id).collect();
        let may = readable(&mut tx, actor, &ids).await?;
        let latest = cases.iter().rev().find(|c| may.get(&c.state.complaint_id).copied().unwrap_or(false));
        out.push((officer_id, latest.map_or(CertificationStatus::NotSuspended, |c| c.state.status())));
    }
    Ok(out)
}
