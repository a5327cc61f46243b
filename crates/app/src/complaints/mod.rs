//! Complaints, the core journey: receive, triage, log, allocate in parts,
//! acknowledge, reallocate or recategorise, withdraw; read one complaint
//! with its clocks and history; list complaints and the work list.
//!
//! Each use case loads the complaint, asks the domain's state machine
//! (`casebook_domain::complaints::complaint::decide`) what happens, and
//! saves the new state, its events and the audit event in one transaction.
//! The procedure comes from the policy `complaints.procedure` (the
//! detention preset until an administrator saves their own); each
//! complaint keeps the version it was received under, so an edit applies
//! to new complaints only.
//!
//! Confidential (sealed) complaints are read only by the roles named on
//! them; anyone else is told there is no such complaint, and every read of
//! one is audited.

pub(crate) mod access;
pub mod demo;
pub mod demo_response;
pub(crate) mod procedure_cache;
mod read;
mod receive;
mod steps;
pub(crate) mod writer;
// Extensions, the response with its quality assurance, and letters (issue 4, response)
pub mod letters;
mod response;
pub use response::{
    DraftForm, ExtensionDecisionForm, ExtensionRequestForm, PartResponse, ReturnForm, SendForm, approve, decide_extension, read_response,
    record_interim_response, request_extension, return_draft, save_draft, send, submit,
};

pub use read::{ComplaintDetail, WorkListFilter, list, read, work_list};
// Scale (issue 4): the sweep for breached clocks.
pub use read::{BreachSweep, sweep_breaches};
pub use receive::{receive, receive_detail};
pub use steps::{
    AllocateForm, ReallocateForm, RecategoriseForm, TriageForm, WithdrawForm, acknowledge, allocate, forward_to_hub, log, reallocate,
    recategorise, record_translation, send_for_investigation, triage, withdraw,
};

use crate::policies;
use crate::{AppError, Result};
use casebook_domain::calendar::{Division, WorkingCalendar};
use casebook_domain::complaints::{Procedure, preset_detention};
use casebook_store::{StoreError, Tx, closures, complaints as store, sites};

/// The policy key the procedure in force is saved under.
pub const PROCEDURE_POLICY: &str = "complaints.procedure";

/// The procedure new complaints follow, and its version (0: the preset).
pub async fn procedure_in_force(tx: &mut Tx) -> Result<(Procedure, i64)> {
    let in_force = policies::load(tx, PROCEDURE_POLICY, preset_detention::preset).await?;
    let version = in_force.version().unwrap_or(0);
    Ok((in_force.policy, version))
}

/// The procedure a stored complaint follows: the one it was received under.
pub(crate) async fn procedure_of(tx: &mut Tx, record: &store::ComplaintRecord) -> Result<Procedure> {
    let body = store::procedure(tx, &record.procedure_key, record.policy_version).await?;
    serde_json::from_str(&body).map_err(|e| AppError::Internal(format!("the procedure of complaint {} cannot be read: {e}", record.id)))
}

/// A site's working calendar: its nation's bank holidays and its closures.
pub(crate) async fn site_calendar(tx: &mut Tx, site_id: i64) -> Result<WorkingCalendar> {
    let site = sites::get(tx, site_id).await.map_err(|_| AppError::NotFound("site"))?;
    calendar_of(tx, &site).await
}

/// The calendar of a site already read.
pub(crate) async fn calendar_of(tx: &mut Tx, site: &sites::SiteRecord) -> Result<WorkingCalendar> {
    let closed = closures::for_site(tx, site.id, None).await?;
    Ok(WorkingCalendar::new(Division::from(site.nation)).with_closures(closed.into_iter().map(|c| c.closed_on)))
}

pub(crate) fn not_found(e: StoreError) -> AppError {
    match e {
        StoreError::NotFound => AppError::NotFound("complaint"),
        other => other.into(),
    }
}
