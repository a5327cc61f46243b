//! Receiving a complaint: checked against the procedure in force, its
//! site and complainants checked against the records, saved with its
//! first event.

use super::{access, not_found, procedure_in_force};
use crate::{Actor, App, AppError, Result};
use casebook_domain::access::Roles;
use casebook_domain::complaints::complaint::{Complaint, SiteRef};
use casebook_domain::complaints::deadline_index::indexed_clocks;
use casebook_domain::complaints::receipt::{Complainants, ComplaintDraft};
use casebook_domain::validation::FieldErrors;
use casebook_store::complaints::{self as store, ComplaintRecord, NewComplaintRow};
use casebook_store::{StoreError, people, sites};

/// Receives a complaint. With an `idempotency_key` (from an API client),
/// repeating the request answers the complaint the first one created.
pub async fn receive(app: &App, actor: &Actor, draft: &ComplaintDraft, idempotency_key: Option<&str>) -> Result<ComplaintRecord> {
    actor.require(Roles::COMPLAINT_HANDLERS)?;
    let mut work = app.begin(actor).await?;
    let key = idempotency_key.map(str::trim).filter(|k| !k.is_empty());
    if let Some(key) = key {
        if key.len() > 200 {
            return Err(AppError::field("idempotency_key", "The idempotency key must be 200 characters or fewer"));
        }
        if let Some(id) = store::find_by_idempotency_key(&mut work.tx, key).await? {
            let record = store::get(&mut work.tx, id).await.map_err(not_found)?;
            access::check_read(actor, &record.complaint)?;
            return Ok(record);
        }
    }
    let (procedure, version) = procedure_in_force(&mut work.tx).await?;
    let receipt = draft.validate(&procedure, work.now)?;

    let mut errors = FieldErrors::new();
    let site = match sites::get(&mut work.tx, receipt.site_id).await {
        Ok(site) if site.active => Some(site),
        Ok(_) | Err(StoreError::NotFound) => {
            errors.add("site_id", format!("There is no open site with the record number {}", receipt.site_id));
            None
        }
        Err(other) => return Err(other.into()),
    };
    let people_named: Vec<i64> = match &receipt.complainants {
        Complainants::Anonymous => Vec::new(),
        Complainants::One { person_id } => vec![*person_id],
        Complainants::Group { person_ids } => person_ids.clone(),
    };
    for id in people_named {
        match people::get(&mut work.tx, id).await {
            Ok(p) if p.merged_into_id.is_none() => {}
            Ok(p) => errors.add(
                "complainant_ids",
                format!("Person {id} was merged into person {}: use that record instead", p.merged_into_id.unwrap_or_default()),
            ),
            Err(StoreError::NotFound) => errors.add("complainant_ids", format!("There is no person with the record number {id}")),
            Err(other) => return Err(other.into()),
        }
    }
    errors.into_result(())?;
    let Some(site) = site else { return Err(AppError::Internal("site checked above".into())) };

    let by = actor.user_id.unwrap_or(0);
    let (complaint, _) = Complaint::receive(receipt, SiteRef { code: site.code.clone(), nation: site.nation }, by);
    let body = serde_json::to_string(&procedure).map_err(|e| AppError::Internal(e.to_string()))?;
    store::keep_procedure(&mut work.tx, &procedure.key, version, &body).await?;
    let now = work.now;
    let calendar = super::site_calendar(&mut work.tx, site.id).await?;
    let deadlines = indexed_clocks(&procedure, &calendar, &complaint);
    let row = NewComplaintRow {
        procedure_key: &procedure.key,
        policy_version: version,
        complaint: &complaint,
        idempotency_key: key,
        created_by: actor.user_id,
        deadlines: &deadlines,
    };
    let id = store::insert(&mut work.tx, &row, now).await?;
    // The summary may be confidential: the trail says what happened, not what the complaint says.
    let sealed = if access::is_confidential(&complaint) { " (confidential)" } else { "" };
    work.record(
        "complaint.received",
        "complaint",
        Some(id.to_string()),
        format!("received complaint {id}{sealed} at {} by {}", site.code, complaint.receipt.arrived_by.slug()),
    );
    let record = store::get(&mut work.tx, id).await?;
    work.commit().await?;
    Ok(record)
}
